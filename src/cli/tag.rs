//! `factdesk tag`: a verdict, sources and a note for one claim, applied
//! and saved through an edit session as the screen does.

use std::io::Write;

use factdesk_core::edit::{Edit, Who};
use factdesk_core::error::Error;
use factdesk_core::ids::{ClaimId, SourceId, StoryId};
use factdesk_core::model::{SourceLink, Stance, Verdict};
use factdesk_core::session::{EditSession, Saved};
use factdesk_core::store::Desk;
use factdesk_core::store::lock::DEFAULT_WAIT;

use super::error::{CliError, Result, report};
use super::output::line;

/// What `factdesk tag` was given, as typed.
pub struct TagArgs<'a> {
    pub story: &'a str,
    pub claim: ClaimId,
    pub verdict: &'a str,
    /// `ID[:STANCE]` each.
    pub sources: &'a [String],
    pub note: Option<String>,
    /// Wait for another editor to let go of the story.
    pub wait: bool,
}

pub fn tag(
    desk: &Desk,
    editor: &str,
    args: TagArgs<'_>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let TagArgs {
        story,
        claim,
        verdict,
        sources,
        note,
        wait,
    } = args;
    let verdict: Verdict = verdict.parse()?;
    let mut edits = vec![Edit::SetVerdict { claim, verdict }];
    for arg in sources {
        edits.push(Edit::Link {
            claim,
            link: source_link(arg, verdict)?,
        });
    }
    if let Some(note) = note {
        edits.push(Edit::SetNote { claim, note });
    }
    let id = StoryId::parse(story)?;
    let who = Who::now(editor);
    let mut session = open_session(desk, &id, &who, wait, err)?;
    let registry = desk.load_sources()?.value;
    let before = session
        .story()
        .claim(claim)
        .map(|c| c.verdict)
        .ok_or_else(|| Error::UnknownClaim {
            story: story.to_string(),
            claim,
        })?;
    let mut changed = false;
    for e in edits {
        changed |= session.apply_checked(e, &registry, &who)?.is_some();
    }
    if let Saved::Conflict { ours, .. } = session.save(&who)? {
        return Err(Error::Invalid {
            path: session.doc().file.path.clone(),
            why: format!(
                "changed on disk meanwhile, on claim #{claim} too; left as it is, \
                 your version was saved as {}",
                ours.display()
            ),
        }
        .into());
    }
    let unchanged = if changed { "" } else { "  (no change)" };
    line(
        out,
        format_args!(
            "{}#{claim}  {before} → {verdict}{unchanged}",
            session.story().id
        ),
    )?;
    Ok(())
}

/// A `--source ID[:STANCE]` flag as a link; without a stance, the one
/// the verdict suggests ([`Verdict::default_stance`]).
fn source_link(arg: &str, verdict: Verdict) -> Result<SourceLink> {
    let (id, stance) = match arg.split_once(':') {
        Some((id, st)) => {
            let stance = Stance::parse(st).ok_or_else(|| CliError::BadStance {
                arg: arg.to_string(),
            })?;
            (id, stance)
        }
        None => (arg, verdict.default_stance()),
    };
    Ok(SourceLink {
        source: SourceId::parse(id)?,
        stance,
        note: None,
    })
}

/// Open story `id` for editing, or wait for it with `--wait`; taking over
/// a stale lock is said on `err`.
fn open_session(
    desk: &Desk,
    id: &StoryId,
    who: &Who,
    wait: bool,
    err: &mut dyn Write,
) -> Result<EditSession> {
    let session = if wait {
        EditSession::open_waiting(desk, id, who, DEFAULT_WAIT, |holder| {
            let _ = writeln!(
                err,
                "factdesk: {id} is being edited by {holder}; waiting up to {} s…",
                DEFAULT_WAIT.as_secs()
            );
        })
    } else {
        EditSession::open(desk, id, who)
    }
    .map_err(|e| match e {
        Error::Locked { path, holder } if !wait => CliError::Locked { path, holder },
        e => e.into(),
    })?;
    if let Some(old) = session.took_over() {
        report(
            err,
            &format!("took over the stale lock of {old} (that session is gone)"),
        );
    }
    Ok(session)
}
