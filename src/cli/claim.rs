//! `factdesk claim …`: delete a claim (kept on the record), restore it,
//! and say a claim flagged for review was looked at.

use std::io::Write;

use factdesk_core::edit::{Edit, Who};
use factdesk_core::store::Desk;

use super::args::ClaimCommand;
use super::error::{Result, report};
use super::output::line;
use super::session;

pub fn claim(
    desk: &Desk,
    editor: &str,
    command: ClaimCommand,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let who = Who::now(editor);
    let (story, claim, wait, edit, done) = match command {
        ClaimCommand::Delete {
            story,
            claim,
            note,
            wait,
        } => (
            story,
            claim,
            wait,
            Edit::DeleteClaim { claim, note },
            "deleted (kept in the record; `factdesk claim restore` brings it back)",
        ),
        ClaimCommand::Restore { story, claim, wait } => {
            (story, claim, wait, Edit::RestoreClaim { claim }, "restored")
        }
        ClaimCommand::Reviewed { story, claim, wait } => (
            story,
            claim,
            wait,
            Edit::SetReview {
                claim,
                review: None,
            },
            "reviewed",
        ),
    };
    let id = desk.resolve_story(&story)?;
    let mut session = session::open(desk, &id, &who, wait, err)?;
    let restoring = matches!(edit, Edit::RestoreClaim { .. });
    let changed = session.apply(edit, &who)?.is_some();
    if restoring {
        // The article may have been corrected while the claim was deleted.
        let system = Who {
            editor: factdesk_core::store::SYSTEM_EDITOR.to_string(),
            at: who.at,
        };
        let story = session.story().clone();
        let article = session.article().to_string();
        for e in factdesk_core::anchor::corrections(&story, &article)
            .into_iter()
            .filter(|e| e.claim() == Some(claim))
        {
            session.apply(e, &system)?;
        }
    }
    session::save(&mut session, &who, &format!("claim #{claim}"))?;
    let what = if changed {
        done
    } else {
        "already so (no change)"
    };
    line(out, format_args!("{id}#{claim}  {what}"))?;
    if session.story().claim(claim).is_some_and(|c| c.needs_review) {
        report(
            err,
            &format!("{id}#{claim} needs review: the article changed under it"),
        );
    }
    Ok(())
}
