//! `factdesk tag`: a claim's verdict, source links, speaker and note,
//! applied as one edit through an edit session (as the screen does) and
//! saved; what changed is printed one line per change.

use std::io::Write;

use factdesk_core::edit::{Edit, Who};
use factdesk_core::error::Error;
use factdesk_core::ids::{ClaimId, SourceId, StoryId};
use factdesk_core::model::{Change, Claim, SourceLink, SourceRegistry, Stance, Verdict};
use factdesk_core::store::Desk;
use factdesk_core::text::{displayable, fit};

use super::error::{CliError, Result, report};
use super::output::line;
use super::session;

/// What `factdesk tag` was given, as typed.
pub struct TagArgs<'a> {
    pub story: &'a str,
    pub claim: ClaimId,
    pub verdict: Option<&'a str>,
    /// `ID[:STANCE]` each.
    pub sources: &'a [String],
    /// Source ids whose links go.
    pub unlink: &'a [String],
    /// `Some(None)`: clear the speaker.
    pub speaker: Option<Option<String>>,
    pub note: Option<String>,
    /// Wait for another editor to let go of the story.
    pub wait: bool,
}

/// How much of a note a line of output shows.
const NOTE_SHOWN: usize = 60;

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
        unlink,
        speaker,
        note,
        wait,
    } = args;
    if verdict.is_none()
        && sources.is_empty()
        && unlink.is_empty()
        && speaker.is_none()
        && note.is_none()
    {
        return Err(CliError::NothingToTag);
    }
    let verdict: Option<Verdict> = verdict.map(str::parse).transpose()?;
    // Every argument is checked before the story is locked.
    let links = sources
        .iter()
        .map(|a| source_arg(a))
        .collect::<Result<Vec<_>>>()?;
    let unlink = unlink
        .iter()
        .map(|a| SourceId::parse(a.trim()))
        .collect::<Result<Vec<_>, _>>()?;
    if let Some((id, _)) = links.iter().find(|(id, _)| unlink.contains(id)) {
        return Err(CliError::LinkAndUnlink { id: id.clone() });
    }
    let id = desk.resolve_story(story)?;
    let who = Who::now(editor);
    let mut session = session::open(desk, &id, &who, wait, err)?;
    let registry = desk.load_sources()?.value;
    let before = session.story().claim(claim).cloned().ok_or_else(|| {
        match session.story().deleted_claim(claim) {
            Some(_) => Error::DeletedClaim {
                story: story.to_string(),
                claim,
            },
            None => Error::UnknownClaim {
                story: story.to_string(),
                claim,
            },
        }
    })?;
    let mut edits = link_edits(&id, &before, verdict, links, &unlink, &registry)?;
    if let Some(speaker) = speaker {
        edits.push(Edit::SetSpeaker { claim, speaker });
    }
    if let Some(note) = note {
        edits.push(Edit::SetNote { claim, note });
    }
    // One edit: all of it or none, one step of undo on the screen.
    session.apply_checked(Edit::Many(edits), &registry, &who)?;
    // The desk's rule: said, and recorded, never refused.
    if verdict == Some(Verdict::Confirmed)
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
    let head = format!("{}#{claim}", session.story().id);
    let added = session
        .story()
        .claim(claim)
        .map(|c| c.history.get(before.history.len()..).unwrap_or_default())
        .unwrap_or_default();
    let said = said(added, before.verdict, verdict);
    if said.is_empty() {
        let unchanged = match verdict {
            Some(v) => format!("{} → {v}  (no change)", before.verdict),
            None => "(no change)".to_string(),
        };
        line(out, format_args!("{head}  {unchanged}"))?;
    }
    for s in said {
        line(out, format_args!("{head}  {s}"))?;
    }
    Ok(())
}

/// The verdict and link edits of the command on `claim` as it is now.
fn link_edits(
    story: &StoryId,
    claim: &Claim,
    verdict: Option<Verdict>,
    links: Vec<(SourceId, Option<Stance>)>,
    unlink: &[SourceId],
    registry: &SourceRegistry,
) -> Result<Vec<Edit>> {
    let id = claim.id;
    let mut edits: Vec<Edit> = verdict
        .map(|verdict| Edit::SetVerdict { claim: id, verdict })
        .into_iter()
        .collect();
    // A stance left out is the one the verdict suggests for a new link;
    // a link already there keeps its own.
    let ruling = verdict.unwrap_or(claim.verdict);
    for (source, stance) in links {
        let existing = claim.sources.iter().find(|l| l.source == source);
        let link = SourceLink {
            stance: stance
                .or(existing.map(|l| l.stance))
                .unwrap_or(ruling.default_stance()),
            note: existing.and_then(|l| l.note.clone()),
            source,
        };
        edits.push(Edit::Link { claim: id, link });
    }
    for source in unlink {
        if !claim.sources.iter().any(|l| &l.source == source) {
            if registry.get(source).is_none() {
                return Err(Error::UnknownSource(source.to_string()).into());
            }
            let linked: Vec<&str> = claim.sources.iter().map(|l| l.source.as_str()).collect();
            return Err(CliError::NotLinked {
                story: story.to_string(),
                claim: id,
                id: source.clone(),
                linked: if linked.is_empty() {
                    "it has no sources".into()
                } else {
                    format!("its sources: {}", linked.join(", "))
                },
            });
        }
        edits.push(Edit::Unlink {
            claim: id,
            source: source.clone(),
        });
    }
    Ok(edits)
}

/// A `--source ID[:STANCE]` flag: the id, and the stance when given.
fn source_arg(arg: &str) -> Result<(SourceId, Option<Stance>)> {
    let (id, stance) = match arg.split_once(':') {
        Some((id, st)) => {
            let stance = Stance::parse(st).ok_or_else(|| CliError::BadStance {
                arg: displayable(arg),
            })?;
            (id, Some(stance))
        }
        None => (arg, None),
    };
    Ok((SourceId::parse(id.trim())?, stance))
}

/// The lines that say what the new history entries changed: the verdict
/// first, in the form `pending → disputed` (with `(reviewed)` when ruling
/// cleared a review flag), then each link, the speaker and the note.
fn said(
    added: &[factdesk_core::model::HistoryEntry],
    was: Verdict,
    asked: Option<Verdict>,
) -> Vec<String> {
    let reviewed = added
        .iter()
        .any(|h| matches!(h.change, Change::Reviewed { verdict: Some(_) }));
    let mark = if reviewed { "  (reviewed)" } else { "" };
    let mut lines = Vec::new();
    let verdict = added.iter().find_map(|h| match h.change {
        Change::Verdict { from, to } => Some((from, to)),
        _ => None,
    });
    match (verdict, asked) {
        (Some((from, to)), _) => lines.push(format!("{from} → {to}{mark}")),
        (None, Some(v)) if reviewed => lines.push(format!("{was} → {v}{mark}")),
        _ => {}
    }
    let quoted = |s: &str| format!("“{}”", fit(&displayable(s), NOTE_SHOWN));
    for h in added {
        let text = match &h.change {
            Change::Linked {
                source,
                stance,
                was: None,
            } => format!("linked {source} ({stance})"),
            Change::Linked {
                source,
                stance,
                was: Some(was),
            } => format!("{source} was linked already: stance {was} → {stance}"),
            Change::Unlinked { source, stance } => format!("unlinked {source} (was {stance})"),
            Change::Speaker { to: Some(to), .. } => format!("speaker {}", quoted(to)),
            Change::Speaker {
                from: Some(from),
                to: None,
            } => format!("speaker cleared (was {})", quoted(from)),
            Change::Note { to, .. } if to.is_empty() => "note cleared".to_string(),
            Change::Note { from, to } if from.is_empty() => format!("note {}", quoted(to)),
            Change::Note { to, .. } => format!("note now {}", quoted(to)),
            // Said above, or (below the rule) on standard error.
            Change::Verdict { .. } | Change::Reviewed { .. } | Change::BelowRule { .. } => {
                continue;
            }
            other => displayable(&other.to_string()),
        };
        lines.push(text);
    }
    lines
}
