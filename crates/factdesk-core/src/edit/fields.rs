//! How [`super::Edit::SetSpeaker`] and [`super::Edit::Link`] change a
//! claim: a speaker's name as a claim keeps it, and a link added or its
//! stance or note changed, each change its own history entry.

use super::Edit;
use crate::error::{Error, Result};
use crate::model::{Change, Claim, SourceLink};

/// The most characters a speaker's name keeps.
pub const MAX_SPEAKER_CHARS: usize = 200;

/// A speaker's name as a claim keeps it: one line, spaces collapsed,
/// control characters gone; `None` when nothing is left (clearing it).
pub fn speaker_name(name: &str) -> Result<Option<String>> {
    let name = crate::text::squeezed(name);
    if name.chars().count() > MAX_SPEAKER_CHARS {
        return Err(Error::SpeakerTooLong {
            max: MAX_SPEAKER_CHARS,
        });
    }
    Ok(Some(name).filter(|n| !n.is_empty()))
}

/// Link `link`'s source to `claim`, or change the stance or note of its
/// link; each change is its own history entry (a note changed under the
/// same stance is not a "supports → supports"). The edit that undoes it,
/// or `None` when the link is already so.
pub(super) fn relink(
    claim: &mut Claim,
    mut link: SourceLink,
    log: &impl Fn(&mut Claim, Change),
) -> Option<Edit> {
    let id = claim.id;
    // An empty note is no note: the two must not differ on disk.
    link.note = link
        .note
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty());
    let Some(existing) = claim.sources.iter_mut().find(|l| l.source == link.source) else {
        claim.sources.push(link.clone());
        log(
            claim,
            Change::Linked {
                source: link.source.clone(),
                stance: link.stance,
                was: None,
            },
        );
        return Some(Edit::Unlink {
            claim: id,
            source: link.source,
        });
    };
    if *existing == link {
        return None;
    }
    let old = std::mem::replace(existing, link.clone());
    if old.stance != link.stance {
        log(
            claim,
            Change::Linked {
                source: link.source.clone(),
                stance: link.stance,
                was: Some(old.stance),
            },
        );
    }
    if old.note != link.note {
        log(
            claim,
            Change::LinkNote {
                source: link.source,
                from: old.note.clone(),
                to: link.note,
            },
        );
    }
    Some(Edit::Link {
        claim: id,
        link: old,
    })
}
