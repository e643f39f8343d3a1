//! `factdesk tag`: a verdict, sources and a note for one claim, applied
//! and saved through an edit session as the screen does.

use std::io::Write;

use factdesk_core::edit::{Edit, Who};
use factdesk_core::error::Error;
use factdesk_core::ids::{ClaimId, SourceId, StoryId};
use factdesk_core::model::{SourceLink, Stance, Verdict};
use factdesk_core::store::Desk;

use super::error::{CliError, Result, report};
use super::output::line;
use super::session;

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
    let mut session = session::open(desk, &id, &who, wait, err)?;
    let registry = desk.load_sources()?.value;
    let before = session
        .story()
        .claim(claim)
        .map(|c| c.verdict)
        .ok_or_else(|| match session.story().deleted_claim(claim) {
            Some(_) => Error::DeletedClaim {
                story: story.to_string(),
                claim,
            },
            None => Error::UnknownClaim {
                story: story.to_string(),
                claim,
            },
        })?;
    let flagged = session.story().claim(claim).is_some_and(|c| c.needs_review);
    let mut changed = false;
    for e in edits {
        changed |= session.apply_checked(e, &registry, &who)?.is_some();
    }
    // The desk's rule: said, and recorded, never refused.
    if verdict == Verdict::Confirmed
        && let Some(c) = session.story().claim(claim)
        && let Some(warning) = factdesk_core::rules::confirm_warning(&desk.settings, c)
    {
        report(err, &format!("warning: {id}#{claim}: {warning}"));
        session.apply(
            Edit::BelowRule {
                claim,
                needs: desk.settings.confirm_needs,
            },
            &who,
        )?;
    }
    session::save(&mut session, &who, &format!("claim #{claim}"))?;
    let unchanged = match (changed, flagged) {
        (_, true) => "  (reviewed)",
        (true, false) => "",
        (false, false) => "  (no change)",
    };
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
