//! The one way a story changes.
//!
//! The screen, the command line and undo all apply [`Edit`]s through
//! [`apply`], which records history and returns the edit that undoes it.
//! Undo is therefore just another edit: it is recorded and saved like any.

use chrono::{DateTime, Utc};

use crate::conflict::{Conflict, Field, Value};
use crate::details::Detail;
use crate::error::{Error, Result};
use crate::ids::{SourceId, StoryId};
use crate::model::{
    Anchor, Assignment, Change, Claim, ClaimId, Cue, HistoryEntry, Review, Score, SourceLink,
    SourceRegistry, Story, StoryChange, StoryEntry, Verdict,
};

mod fields;
use fields::relink;
pub use fields::{MAX_SPEAKER_CHARS, speaker_name};

/// Who is editing, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Who {
    pub editor: String,
    pub at: DateTime<Utc>,
}

impl Who {
    /// Whole seconds: finer times only make the files harder to read.
    pub fn now(editor: &str) -> Who {
        use chrono::SubsecRound;
        Who {
            editor: editor.to_string(),
            at: Utc::now().trunc_subsecs(0),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    SetVerdict {
        claim: ClaimId,
        verdict: Verdict,
    },
    SetText {
        claim: ClaimId,
        text: String,
    },
    SetNote {
        claim: ClaimId,
        note: String,
    },
    /// Set, change or (`None`) clear who said the claim; the name is kept
    /// on one line, without control characters ([`speaker_name`]).
    SetSpeaker {
        claim: ClaimId,
        speaker: Option<String>,
    },
    /// Link a source, or change the stance/note of an existing link.
    Link {
        claim: ClaimId,
        link: SourceLink,
    },
    Unlink {
        claim: ClaimId,
        source: SourceId,
    },
    /// A new claim; `score` and `cues` are the sentence's check-worthiness
    /// when import (or a suggestion taken up on the screen) made it.
    AddClaim {
        text: String,
        anchor: Anchor,
        speaker: Option<String>,
        score: Option<Score>,
        cues: Vec<Cue>,
    },
    /// Take a claim out of every list, keeping it whole, with its history
    /// and the editor's reason, among the story's deleted claims.
    DeleteClaim {
        claim: ClaimId,
        note: Option<String>,
    },
    /// Put a deleted claim back among the live ones, in article order.
    RestoreClaim {
        claim: ClaimId,
    },
    /// Flag a claim for review (`Some`) or clear the flag (`None`: "I have
    /// looked again"). Giving a flagged claim a verdict, the same one
    /// included, clears the flag too.
    SetReview {
        claim: ClaimId,
        review: Option<Review>,
    },
    /// Rule a claim as an earlier claim of another story was ruled: its
    /// verdict and its source links, recorded as taken from there.
    TakeEarlier {
        claim: ClaimId,
        story: StoryId,
        earlier: ClaimId,
        verdict: Verdict,
        sources: Vec<SourceLink>,
    },
    /// Record that a confirmed claim has fewer supporting sources than
    /// the desk asks for; nothing when it has enough or is not confirmed.
    /// Not undone: it is a record of what happened.
    BelowRule {
        claim: ClaimId,
        needs: u32,
    },
    /// Edits of one claim applied together, undone together; all or none.
    Many(Vec<Edit>),
    /// Record what happened to the story as a whole (a revision of its
    /// article: the length and checksum it now has). Not undone.
    RecordStory {
        change: StoryChange,
    },
    /// The article changed: the claim's text is now at `to`, or (`None`)
    /// no longer in the article, and the claim is kept as an orphan.
    Reanchor {
        claim: ClaimId,
        to: Option<Anchor>,
    },
    /// Settle the claim's conflict on `field` (left by a merge) with
    /// `value`, usually one of its sides; `Deleted` for a deletion
    /// conflict deletes the claim.
    Resolve {
        claim: ClaimId,
        field: Field,
        value: Value,
    },
    /// Put a settled conflict back, the field at `value` (undo of
    /// [`Edit::Resolve`]).
    Reopen {
        claim: ClaimId,
        conflict: Box<Conflict>,
        value: Value,
    },
    /// Assign the story (or clear its assignment): an edit of the story
    /// itself, whose [`Applied::claim`] is 0.
    Assign {
        to: Option<Assignment>,
    },
    /// Change the story's own details (headline, date, dateline, outlet,
    /// URL), all or none, each recorded in the story's history; an edit
    /// of the story itself, whose [`Applied::claim`] is 0.
    SetDetails {
        details: Vec<Detail>,
    },
}

impl Edit {
    /// The claim this edit touches, when it already exists.
    pub fn claim(&self) -> Option<ClaimId> {
        match self {
            Edit::SetVerdict { claim, .. }
            | Edit::SetText { claim, .. }
            | Edit::SetNote { claim, .. }
            | Edit::SetSpeaker { claim, .. }
            | Edit::Link { claim, .. }
            | Edit::Unlink { claim, .. }
            | Edit::DeleteClaim { claim, .. }
            | Edit::RestoreClaim { claim }
            | Edit::SetReview { claim, .. }
            | Edit::TakeEarlier { claim, .. }
            | Edit::BelowRule { claim, .. }
            | Edit::Reanchor { claim, .. }
            | Edit::Resolve { claim, .. }
            | Edit::Reopen { claim, .. } => Some(*claim),
            Edit::Many(edits) => edits.iter().find_map(Edit::claim),
            Edit::AddClaim { .. }
            | Edit::RecordStory { .. }
            | Edit::Assign { .. }
            | Edit::SetDetails { .. } => None,
        }
    }

    /// Refuse links to sources the registry does not know.
    pub fn check_sources(&self, registry: &SourceRegistry) -> Result<()> {
        match self {
            Edit::Link { link, .. }
            | Edit::Resolve {
                value: Value::Link(Some(link)),
                ..
            } if registry.get(&link.source).is_none() => {
                Err(Error::UnknownSource(link.source.to_string()))
            }
            Edit::TakeEarlier { sources, .. } => sources
                .iter()
                .find(|l| registry.get(&l.source).is_none())
                .map_or(Ok(()), |l| Err(Error::UnknownSource(l.source.to_string()))),
            Edit::Many(edits) => edits.iter().try_for_each(|e| e.check_sources(registry)),
            _ => Ok(()),
        }
    }

    /// Whether the edit links a source (what a save checks against
    /// sources merged away meanwhile).
    pub fn links(&self) -> bool {
        matches!(
            self,
            Edit::Link { .. }
                | Edit::Resolve {
                    value: Value::Link(Some(_)),
                    ..
                }
                | Edit::Reopen { .. }
                | Edit::RestoreClaim { .. }
                | Edit::TakeEarlier { .. }
                | Edit::Many(_)
        )
    }
}

/// What [`apply`] did: the claim it touched (0 for an edit of the story
/// itself), the edit that undoes it, and the edit itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub claim: ClaimId,
    pub undo: Edit,
    pub done: Edit,
}

struct Step {
    claim: ClaimId,
    undo: Edit,
}

/// Apply `edit` to `story`. Returns `Ok(None)` when the edit changes
/// nothing (tagging a claim with the verdict it already has), so that no
/// empty history entry or save is made.
pub fn apply(story: &mut Story, edit: Edit, who: &Who) -> Result<Option<Applied>> {
    let done = edit.clone();
    Ok(apply_step(story, edit, who)?.map(|Step { claim, undo }| Applied { claim, undo, done }))
}

fn apply_step(story: &mut Story, edit: Edit, who: &Who) -> Result<Option<Step>> {
    let story_id = story.id.to_string();
    let deleted: Vec<ClaimId> = story.deleted_claims.iter().map(|c| c.id).collect();
    let missing = |claim| {
        if deleted.contains(&claim) {
            Error::DeletedClaim {
                story: story_id.clone(),
                claim,
            }
        } else {
            Error::UnknownClaim {
                story: story_id.clone(),
                claim,
            }
        }
    };
    let log = |claim: &mut Claim, change: Change| {
        claim.history.push(HistoryEntry {
            at: who.at,
            editor: who.editor.clone(),
            change,
        })
    };
    let applied = match edit {
        Edit::SetVerdict { claim: id, verdict } => {
            let claim = story.claim_mut(id).ok_or_else(|| missing(id))?;
            let flagged = claim.needs_review;
            if claim.verdict == verdict && !flagged {
                return Ok(None);
            }
            let from = std::mem::replace(&mut claim.verdict, verdict);
            if from != verdict {
                log(claim, Change::Verdict { from, to: verdict });
            }
            let mut undo = Edit::SetVerdict {
                claim: id,
                verdict: from,
            };
            // Ruling again is looking again: the flag goes, on the record.
            if flagged {
                let review = claim.review.take().unwrap_or_else(|| Review {
                    reason: "flagged for review".into(),
                    changed: Vec::new(),
                });
                claim.needs_review = false;
                log(
                    claim,
                    Change::Reviewed {
                        verdict: Some(verdict),
                    },
                );
                undo = Edit::Many(vec![
                    undo,
                    Edit::SetReview {
                        claim: id,
                        review: Some(review),
                    },
                ]);
            }
            Step { claim: id, undo }
        }
        Edit::SetText { claim: id, text } => {
            let text = text.trim().to_string();
            if text.is_empty() {
                return Err(Error::EmptyWording);
            }
            let claim = story.claim_mut(id).ok_or_else(|| missing(id))?;
            if claim.text == text {
                return Ok(None);
            }
            let from = std::mem::replace(&mut claim.text, text.clone());
            log(
                claim,
                Change::Text {
                    from: from.clone(),
                    to: text,
                },
            );
            Step {
                claim: id,
                undo: Edit::SetText {
                    claim: id,
                    text: from,
                },
            }
        }
        Edit::SetNote { claim: id, note } => {
            let note = note.trim_end().to_string();
            let claim = story.claim_mut(id).ok_or_else(|| missing(id))?;
            if claim.note == note {
                return Ok(None);
            }
            let from = std::mem::replace(&mut claim.note, note.clone());
            log(
                claim,
                Change::Note {
                    from: from.clone(),
                    to: note,
                },
            );
            Step {
                claim: id,
                undo: Edit::SetNote {
                    claim: id,
                    note: from,
                },
            }
        }
        Edit::SetSpeaker { claim: id, speaker } => {
            let to = match speaker {
                Some(name) => speaker_name(&name)?,
                None => None,
            };
            let claim = story.claim_mut(id).ok_or_else(|| missing(id))?;
            if claim.speaker == to {
                return Ok(None);
            }
            let from = std::mem::replace(&mut claim.speaker, to.clone());
            log(
                claim,
                Change::Speaker {
                    from: from.clone(),
                    to,
                },
            );
            Step {
                claim: id,
                undo: Edit::SetSpeaker {
                    claim: id,
                    speaker: from,
                },
            }
        }
        Edit::Link { claim: id, link } => {
            let claim = story.claim_mut(id).ok_or_else(|| missing(id))?;
            let undo = relink(claim, link, &log);
            match undo {
                Some(undo) => Step { claim: id, undo },
                None => return Ok(None),
            }
        }
        Edit::Unlink { claim: id, source } => {
            let claim = story.claim_mut(id).ok_or_else(|| missing(id))?;
            let Some(pos) = claim.sources.iter().position(|l| l.source == source) else {
                return Ok(None);
            };
            let old = claim.sources.remove(pos);
            log(
                claim,
                Change::Unlinked {
                    source: old.source.clone(),
                    stance: old.stance,
                },
            );
            Step {
                claim: id,
                undo: Edit::Link {
                    claim: id,
                    link: old,
                },
            }
        }
        Edit::AddClaim {
            text,
            anchor,
            speaker,
            score,
            cues,
        } => {
            let text = text.trim().to_string();
            if text.is_empty() {
                return Err(Error::EmptyWording);
            }
            let id = story.next_claim;
            story.next_claim = id.checked_add(1).ok_or_else(|| Error::OutOfClaimNumbers {
                story: story_id.clone(),
            })?;
            let mut claim = Claim {
                id,
                text: text.clone(),
                anchor,
                orphaned: false,
                speaker,
                score,
                cues,
                verdict: Verdict::Pending,
                sources: Vec::new(),
                note: String::new(),
                history: Vec::new(),
                conflicts: Vec::new(),
                needs_review: false,
                review: None,
            };
            log(&mut claim, Change::Created { text });
            let index = story
                .claims
                .iter()
                .position(|c| c.anchor.start > claim.anchor.start)
                .unwrap_or(story.claims.len());
            story.claims.insert(index, claim);
            Step {
                claim: id,
                undo: Edit::DeleteClaim {
                    claim: id,
                    note: None,
                },
            }
        }
        Edit::DeleteClaim { claim: id, note } => {
            let index = story.claim_index(id).ok_or_else(|| missing(id))?;
            let mut claim = story.claims.remove(index);
            let note = note.map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
            log(
                &mut claim,
                match note {
                    Some(note) => Change::DeletedBecause { note },
                    None => Change::Deleted,
                },
            );
            story.deleted_claims.push(claim);
            Step {
                claim: id,
                undo: Edit::RestoreClaim { claim: id },
            }
        }
        Edit::RestoreClaim { claim: id } => {
            let Some(pos) = story.deleted_claims.iter().position(|c| c.id == id) else {
                return Err(match story.claim(id) {
                    Some(_) => Error::ClaimNotDeleted {
                        story: story_id.clone(),
                        claim: id,
                    },
                    None => missing(id),
                });
            };
            let mut claim = story.deleted_claims.remove(pos);
            log(&mut claim, Change::Restored);
            story.next_claim = story.next_claim.max(id.saturating_add(1));
            let index = story
                .claims
                .iter()
                .position(|c| c.anchor.start > claim.anchor.start)
                .unwrap_or(story.claims.len());
            story.claims.insert(index, claim);
            Step {
                claim: id,
                undo: Edit::DeleteClaim {
                    claim: id,
                    note: None,
                },
            }
        }
        Edit::SetReview { claim: id, review } => {
            let claim = story.claim_mut(id).ok_or_else(|| missing(id))?;
            let was = claim.needs_review.then(|| {
                claim.review.clone().unwrap_or_else(|| Review {
                    reason: "flagged for review".into(),
                    changed: Vec::new(),
                })
            });
            if was == review {
                return Ok(None);
            }
            claim.needs_review = review.is_some();
            claim.review.clone_from(&review);
            log(
                claim,
                match review {
                    Some(review) => Change::NeedsReview { review },
                    None => Change::Reviewed { verdict: None },
                },
            );
            Step {
                claim: id,
                undo: Edit::SetReview {
                    claim: id,
                    review: was,
                },
            }
        }
        Edit::TakeEarlier {
            claim: id,
            story: from,
            earlier,
            verdict,
            sources,
        } => {
            let claim = story.claim_mut(id).ok_or_else(|| missing(id))?;
            log(
                claim,
                Change::TakenFrom {
                    story: from,
                    claim: earlier,
                },
            );
            let mut edits = vec![Edit::SetVerdict { claim: id, verdict }];
            edits.extend(
                sources
                    .into_iter()
                    .map(|link| Edit::Link { claim: id, link }),
            );
            let before = claim.clone();
            let undo = apply_all(story, edits, who).inspect_err(|_| {
                if let Some(c) = story.claim_mut(id) {
                    *c = before;
                }
            })?;
            Step { claim: id, undo }
        }
        Edit::BelowRule { claim: id, needs } => {
            let claim = story.claim_mut(id).ok_or_else(|| missing(id))?;
            let supports = claim.supports();
            if claim.verdict != Verdict::Confirmed || supports >= needs {
                return Ok(None);
            }
            log(claim, Change::BelowRule { supports, needs });
            Step {
                claim: id,
                undo: Edit::Many(Vec::new()),
            }
        }
        Edit::RecordStory { change } => {
            if let StoryChange::Revised { to_len, sha256, .. } = &change {
                story.article_len = *to_len;
                story.article_sha256.clone_from(sha256);
            }
            story.history.push(StoryEntry {
                at: who.at,
                editor: who.editor.clone(),
                change,
            });
            Step {
                claim: 0,
                undo: Edit::Many(Vec::new()),
            }
        }
        Edit::Many(edits) => {
            let id = edits.iter().find_map(Edit::claim).unwrap_or_default();
            let undo = apply_all(story, edits, who)?;
            if matches!(&undo, Edit::Many(u) if u.is_empty()) {
                return Ok(None);
            }
            Step { claim: id, undo }
        }
        Edit::Reanchor { claim: id, to } => {
            let claim = story.claim_mut(id).ok_or_else(|| missing(id))?;
            let was = (!claim.orphaned).then(|| claim.anchor.clone());
            if was == to {
                return Ok(None);
            }
            match to {
                Some(new) => {
                    let change = Change::Reanchored {
                        from: (claim.anchor.start, claim.anchor.end),
                        to: (new.start, new.end),
                    };
                    claim.anchor = new;
                    claim.orphaned = false;
                    log(claim, change);
                }
                // The old anchor stays: it is what the claim quoted.
                None => {
                    claim.orphaned = true;
                    log(claim, Change::Orphaned);
                }
            }
            let undo = Edit::Reanchor {
                claim: id,
                to: was.or_else(|| Some(claim.anchor.clone())),
            };
            Step { claim: id, undo }
        }
        Edit::Resolve {
            claim: id,
            field,
            value,
        } => match crate::resolve::resolve(story, id, field, value, who)? {
            Some(undo) => Step { claim: id, undo },
            None => return Ok(None),
        },
        Edit::Reopen {
            claim: id,
            conflict,
            value,
        } => match crate::resolve::reopen(story, id, *conflict, value, who)? {
            Some(undo) => Step { claim: id, undo },
            None => return Ok(None),
        },
        Edit::Assign { to } => {
            if story.assignment == to {
                return Ok(None);
            }
            let was = std::mem::replace(&mut story.assignment, to);
            Step {
                claim: 0,
                undo: Edit::Assign { to: was },
            }
        }
        Edit::SetDetails { details } => {
            let Some((changes, undo)) = crate::details::apply(story, details)? else {
                return Ok(None);
            };
            story
                .history
                .extend(changes.into_iter().map(|change| StoryEntry {
                    at: who.at,
                    editor: who.editor.clone(),
                    change: StoryChange::Detail(change),
                }));
            Step {
                claim: 0,
                undo: Edit::SetDetails { details: undo },
            }
        }
    };
    Ok(Some(applied))
}

/// Apply `edits` (of one claim) in order; the edit that undoes them all.
/// On an error the claim is put back as it was, history included.
fn apply_all(story: &mut Story, edits: Vec<Edit>, who: &Who) -> Result<Edit> {
    let id = edits.iter().find_map(Edit::claim);
    let before = id.and_then(|id| story.claim(id).cloned());
    let mut undos = Vec::new();
    for edit in edits {
        match apply_step(story, edit, who) {
            Ok(Some(step)) => undos.push(step.undo),
            Ok(None) => {}
            Err(e) => {
                if let Some(before) = before
                    && let Some(claim) = story.claim_mut(before.id)
                {
                    *claim = before;
                }
                return Err(e);
            }
        }
    }
    undos.reverse();
    Ok(Edit::Many(undos))
}

/// A linear undo/redo history of applied edits.
#[derive(Debug, Default, Clone)]
pub struct UndoStack {
    undo: Vec<Edit>,
    redo: Vec<Edit>,
}

impl UndoStack {
    /// Record a fresh edit's inverse; a new edit forgets what could be redone.
    pub fn record(&mut self, applied: &Applied) {
        self.undo.push(applied.undo.clone());
        self.redo.clear();
    }

    /// Undo the last edit. On error the stack is left as it was.
    pub fn undo(&mut self, story: &mut Story, who: &Who) -> Result<Option<Applied>> {
        Self::step(&mut self.undo, &mut self.redo, story, who)
    }

    pub fn redo(&mut self, story: &mut Story, who: &Who) -> Result<Option<Applied>> {
        Self::step(&mut self.redo, &mut self.undo, story, who)
    }

    fn step(
        from: &mut Vec<Edit>,
        to: &mut Vec<Edit>,
        story: &mut Story,
        who: &Who,
    ) -> Result<Option<Applied>> {
        let Some(edit) = from.pop() else {
            return Ok(None);
        };
        match apply(story, edit.clone(), who) {
            Ok(Some(applied)) => {
                to.push(applied.undo.clone());
                Ok(Some(applied))
            }
            Ok(None) => Ok(None),
            Err(e) => {
                from.push(edit);
                Err(e)
            }
        }
    }
}

#[cfg(test)]
#[path = "edit_tests.rs"]
pub(crate) mod tests;
