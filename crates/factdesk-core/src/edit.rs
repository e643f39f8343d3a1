//! The one way a story changes.
//!
//! The screen, the command line and undo all apply [`Edit`]s through
//! [`apply`], which records history and returns the edit that undoes it.
//! Undo is therefore just another edit: it is recorded and saved like any.

use chrono::{DateTime, Utc};

use crate::error::{Error, Result};
use crate::ids::SourceId;
use crate::model::{
    Anchor, Change, Claim, ClaimId, Cue, HistoryEntry, Score, SourceLink, SourceRegistry, Story,
    Verdict,
};

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
    DeleteClaim {
        claim: ClaimId,
    },
    /// Put a deleted claim back, whole, where it was.
    RestoreClaim {
        claim: Box<Claim>,
        index: usize,
    },
    /// The article changed: the claim's text is now at `to`, or (`None`)
    /// no longer in the article, and the claim is kept as an orphan.
    Reanchor {
        claim: ClaimId,
        to: Option<Anchor>,
    },
}

impl Edit {
    /// The claim this edit touches, when it already exists.
    pub fn claim(&self) -> Option<ClaimId> {
        match self {
            Edit::SetVerdict { claim, .. }
            | Edit::SetText { claim, .. }
            | Edit::SetNote { claim, .. }
            | Edit::Link { claim, .. }
            | Edit::Unlink { claim, .. }
            | Edit::DeleteClaim { claim }
            | Edit::Reanchor { claim, .. } => Some(*claim),
            Edit::RestoreClaim { claim, .. } => Some(claim.id),
            Edit::AddClaim { .. } => None,
        }
    }

    /// Refuse links to sources the registry does not know.
    pub fn check_sources(&self, registry: &SourceRegistry) -> Result<()> {
        if let Edit::Link { link, .. } = self
            && registry.get(&link.source).is_none()
        {
            return Err(Error::UnknownSource(link.source.to_string()));
        }
        Ok(())
    }
}

/// What [`apply`] did: the claim it touched, the edit that undoes it, and
/// the edit itself (what a merge with a change made on disk re-applies).
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
    let missing = |claim| Error::UnknownClaim {
        story: story_id.clone(),
        claim,
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
            if claim.verdict == verdict {
                return Ok(None);
            }
            let from = std::mem::replace(&mut claim.verdict, verdict);
            log(claim, Change::Verdict { from, to: verdict });
            Step {
                claim: id,
                undo: Edit::SetVerdict {
                    claim: id,
                    verdict: from,
                },
            }
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
        Edit::Link { claim: id, link } => {
            let claim = story.claim_mut(id).ok_or_else(|| missing(id))?;
            let undo = match claim.sources.iter_mut().find(|l| l.source == link.source) {
                Some(existing) if *existing == link => return Ok(None),
                Some(existing) => {
                    let old = std::mem::replace(existing, link.clone());
                    log(
                        claim,
                        Change::Linked {
                            source: link.source,
                            stance: link.stance,
                            was: Some(old.stance),
                        },
                    );
                    Edit::Link {
                        claim: id,
                        link: old,
                    }
                }
                None => {
                    claim.sources.push(link.clone());
                    log(
                        claim,
                        Change::Linked {
                            source: link.source.clone(),
                            stance: link.stance,
                            was: None,
                        },
                    );
                    Edit::Unlink {
                        claim: id,
                        source: link.source,
                    }
                }
            };
            Step { claim: id, undo }
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
                undo: Edit::DeleteClaim { claim: id },
            }
        }
        Edit::DeleteClaim { claim: id } => {
            let index = story.claim_index(id).ok_or_else(|| missing(id))?;
            let mut claim = story.claims.remove(index);
            // Recorded on the removed claim so that a restore brings back
            // the whole story of it, deletion included.
            log(&mut claim, Change::Deleted);
            Step {
                claim: id,
                undo: Edit::RestoreClaim {
                    claim: Box::new(claim),
                    index,
                },
            }
        }
        Edit::RestoreClaim { claim, index } => {
            let mut claim = *claim;
            let id = claim.id;
            if story.claim(id).is_some() {
                return Err(Error::ClaimExists {
                    story: story_id,
                    claim: id,
                });
            }
            log(&mut claim, Change::Restored);
            story.next_claim = story.next_claim.max(id + 1);
            let index = index.min(story.claims.len());
            story.claims.insert(index, claim);
            Step {
                claim: id,
                undo: Edit::DeleteClaim { claim: id },
            }
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
    };
    Ok(Some(applied))
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
pub(crate) mod tests {
    use super::*;
    use crate::ids::StoryId;
    use crate::model::{SCHEMA_VERSION, Stance};

    pub(crate) fn story_with_claims(n: u32) -> Story {
        let mut story = Story {
            version: SCHEMA_VERSION,
            id: StoryId::parse("2017-06-16-test").unwrap(),
            headline: "Test".into(),
            date: None,
            dateline: None,
            outlet: None,
            url: None,
            imported_at: DateTime::<Utc>::from_timestamp(0, 0).unwrap(),
            imported_by: "t".into(),
            article_len: 0,
            next_claim: 1,
            claims: vec![],
        };
        for i in 0..n {
            let who = who();
            apply(
                &mut story,
                Edit::AddClaim {
                    text: format!("claim {i}"),
                    anchor: Anchor {
                        start: i as usize * 10,
                        end: i as usize * 10 + 5,
                        quote: String::new(),
                        prefix: String::new(),
                        suffix: String::new(),
                    },
                    speaker: None,
                    score: None,
                    cues: Vec::new(),
                },
                &who,
            )
            .unwrap();
        }
        story
    }

    fn who() -> Who {
        Who {
            editor: "ana".into(),
            at: DateTime::<Utc>::from_timestamp(1_500_000_000, 0).unwrap(),
        }
    }

    #[test]
    fn verdict_change_is_logged_and_undoable() {
        let mut s = story_with_claims(2);
        let mut stack = UndoStack::default();
        let a = apply(
            &mut s,
            Edit::SetVerdict {
                claim: 1,
                verdict: Verdict::Disputed,
            },
            &who(),
        )
        .unwrap()
        .unwrap();
        stack.record(&a);
        assert_eq!(s.claim(1).unwrap().verdict, Verdict::Disputed);
        let last = s.claim(1).unwrap().history.last().unwrap();
        assert_eq!(
            last.change,
            Change::Verdict {
                from: Verdict::Pending,
                to: Verdict::Disputed
            }
        );
        assert_eq!(last.editor, "ana");

        stack.undo(&mut s, &who()).unwrap();
        assert_eq!(s.claim(1).unwrap().verdict, Verdict::Pending);
        stack.redo(&mut s, &who()).unwrap();
        assert_eq!(s.claim(1).unwrap().verdict, Verdict::Disputed);
        // Every step, undo and redo included, is in the history.
        assert_eq!(s.claim(1).unwrap().history.len(), 4);
    }

    #[test]
    fn same_verdict_is_a_no_op() {
        let mut s = story_with_claims(1);
        let r = apply(
            &mut s,
            Edit::SetVerdict {
                claim: 1,
                verdict: Verdict::Pending,
            },
            &who(),
        )
        .unwrap();
        assert!(r.is_none());
        assert_eq!(s.claim(1).unwrap().history.len(), 1);
    }

    #[test]
    fn delete_and_restore_keep_the_claim_whole() {
        let mut s = story_with_claims(3);
        let mut stack = UndoStack::default();
        let a = apply(&mut s, Edit::DeleteClaim { claim: 2 }, &who())
            .unwrap()
            .unwrap();
        stack.record(&a);
        assert!(s.claim(2).is_none());
        stack.undo(&mut s, &who()).unwrap();
        assert_eq!(s.claim_index(2), Some(1));
        let kinds: Vec<_> = s
            .claim(2)
            .unwrap()
            .history
            .iter()
            .map(|h| &h.change)
            .collect();
        assert!(matches!(
            kinds[..],
            [Change::Created { .. }, Change::Deleted, Change::Restored]
        ));
        // A new claim never reuses a deleted id.
        stack.redo(&mut s, &who()).unwrap();
        let anchor = s.claims[0].anchor.clone();
        let a = apply(
            &mut s,
            Edit::AddClaim {
                text: "new".into(),
                anchor,
                speaker: None,
                score: None,
                cues: Vec::new(),
            },
            &who(),
        )
        .unwrap()
        .unwrap();
        assert_eq!(a.claim, 4);
    }

    #[test]
    fn relinking_changes_stance_and_undo_restores_it() {
        let mut s = story_with_claims(1);
        let src = SourceId::parse("afp").unwrap();
        let link = |stance| Edit::Link {
            claim: 1,
            link: SourceLink {
                source: src.clone(),
                stance,
                note: None,
            },
        };
        apply(&mut s, link(Stance::Supports), &who()).unwrap();
        let a = apply(&mut s, link(Stance::Contradicts), &who())
            .unwrap()
            .unwrap();
        assert_eq!(s.claim(1).unwrap().sources.len(), 1);
        apply(&mut s, a.undo, &who()).unwrap();
        assert_eq!(s.claim(1).unwrap().sources[0].stance, Stance::Supports);
    }

    #[test]
    fn unknown_claim_is_an_error() {
        let mut s = story_with_claims(1);
        let e = apply(&mut s, Edit::DeleteClaim { claim: 9 }, &who()).unwrap_err();
        assert_eq!(e.to_string(), "story 2017-06-16-test has no claim #9");
    }

    #[test]
    fn edits_that_break_a_rule_are_refused_by_name() {
        let mut s = story_with_claims(1);
        let blank = Edit::SetText {
            claim: 1,
            text: "  ".into(),
        };
        assert!(matches!(
            apply(&mut s, blank, &who()),
            Err(Error::EmptyWording)
        ));
        let deleted = apply(&mut s, Edit::DeleteClaim { claim: 1 }, &who())
            .unwrap()
            .unwrap();
        apply(&mut s, deleted.undo.clone(), &who()).unwrap();
        let e = apply(&mut s, deleted.undo, &who()).unwrap_err();
        assert!(matches!(e, Error::ClaimExists { claim: 1, .. }), "{e}");
        assert_eq!(
            e.to_string(),
            "story 2017-06-16-test already has a claim #1"
        );
        s.next_claim = ClaimId::MAX;
        let add = Edit::AddClaim {
            text: "one more".into(),
            anchor: s.claims[0].anchor.clone(),
            speaker: None,
            score: None,
            cues: Vec::new(),
        };
        assert!(matches!(
            apply(&mut s, add, &who()),
            Err(Error::OutOfClaimNumbers { .. })
        ));
    }
}
