//! The kill test's loop: tag a story's claims over and over, saving each
//! time, so that a test can SIGKILL the process in the middle of a save and
//! check what is left on disk.

use factdesk_core::edit::{Edit, Who};
use factdesk_core::ids::StoryId;
use factdesk_core::model::{Change, Claim, Verdict};
use factdesk_core::session::EditSession;
use factdesk_core::store::Desk;
use factdesk_core::{Error, Result};

/// The verdicts each claim goes through, in order.
pub const CYCLE: [Verdict; 4] = [
    Verdict::Confirmed,
    Verdict::Unconfirmed,
    Verdict::Disputed,
    Verdict::Pending,
];

/// `rounds` times, load the story, move the next claim (round robin) to the
/// next verdict of [`CYCLE`] and save, as `factdesk tag` does.
pub fn run(desk: &Desk, editor: &str, story: &str, rounds: u32) -> Result<()> {
    let id = StoryId::parse(story)?;
    let mut session = EditSession::open(desk, &id, &Who::now(editor))?;
    for _ in 0..rounds {
        let verdicts = |c: &Claim| {
            c.history
                .iter()
                .filter(|h| matches!(h.change, Change::Verdict { .. }))
                .count()
        };
        let claims = &session.story().claims;
        if claims.is_empty() {
            return Err(Error::Invalid {
                path: session.doc().file.path.clone(),
                why: "the story has no claims".into(),
            });
        }
        let total: usize = claims.iter().map(verdicts).sum();
        let claim = &claims[total % claims.len()];
        let verdict = CYCLE[verdicts(claim) % CYCLE.len()];
        let edit = Edit::SetVerdict {
            claim: claim.id,
            verdict,
        };
        let who = Who::now(editor);
        session.apply(edit, &who)?;
        session.save(&who)?;
    }
    Ok(())
}
