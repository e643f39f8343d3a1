//! Settling a conflict a merge left on a claim, as an edit: the field is
//! set to the chosen value and the conflict record goes, both in the
//! history, and undo puts the conflict back. [`crate::edit::apply`] calls
//! here for [`Edit::Resolve`] and [`Edit::Reopen`].

use crate::conflict::{Conflict, Field, Value};
use crate::edit::{Edit, Who};
use crate::error::{Error, Result};
use crate::model::{Change, Claim, ClaimId, HistoryEntry, SourceLink, Story};

fn missing(story: &Story, claim: ClaimId) -> Error {
    Error::UnknownClaim {
        story: story.id.to_string(),
        claim,
    }
}

fn log(claim: &mut Claim, who: &Who, change: Change) {
    claim.history.push(HistoryEntry {
        at: who.at,
        editor: who.editor.clone(),
        change,
    });
}

/// Settle the conflict on `field` of claim `id` with `value`; returns the
/// edit that undoes it.
pub(crate) fn resolve(
    story: &mut Story,
    id: ClaimId,
    field: Field,
    value: Value,
    who: &Who,
) -> Result<Option<Edit>> {
    let index = story.claim_index(id).ok_or_else(|| missing(story, id))?;
    let Some(claim) = story.claims.get_mut(index) else {
        return Err(missing(story, id));
    };
    let Some(at) = claim.conflicts.iter().position(|c| c.field == field) else {
        return Err(Error::NoConflict {
            what: format!("claim #{id}"),
            field: field.to_string(),
        });
    };
    if field == Field::Deletion {
        return match value {
            Value::Deleted => {
                // The claim goes among the deleted ones whole, its conflict
                // with it, so that undo brings back the question as well as
                // the claim.
                let mut removed = story.claims.remove(index);
                log(&mut removed, who, resolved(field, Value::Deleted));
                log(&mut removed, who, Change::Deleted);
                story.deleted_claims.push(removed);
                Ok(Some(Edit::RestoreClaim { claim: id }))
            }
            Value::Kept => {
                let conflict = claim.conflicts.remove(at);
                log(claim, who, resolved(field, Value::Kept));
                Ok(Some(Edit::Reopen {
                    claim: id,
                    conflict: Box::new(conflict),
                    value: Value::Kept,
                }))
            }
            other => Err(wrong_value(&field, &other)),
        };
    }
    let before = set_field(claim, &field, value.clone(), who)?;
    let conflict = claim.conflicts.remove(at);
    log(claim, who, resolved(field, value));
    Ok(Some(Edit::Reopen {
        claim: id,
        conflict: Box::new(conflict),
        value: before,
    }))
}

/// Put `conflict` back on claim `id`, its field at `value`; returns the
/// edit that settles it again as it was.
pub(crate) fn reopen(
    story: &mut Story,
    id: ClaimId,
    conflict: Conflict,
    value: Value,
    who: &Who,
) -> Result<Option<Edit>> {
    let story_id = story.id.to_string();
    let claim = story.claim_mut(id).ok_or(Error::UnknownClaim {
        story: story_id,
        claim: id,
    })?;
    let field = conflict.field.clone();
    if claim.conflicts.iter().any(|c| c.field == field) {
        return Err(Error::ConflictExists {
            what: format!("claim #{id}"),
            field: field.to_string(),
        });
    }
    let before = if field == Field::Deletion {
        Value::Kept
    } else {
        set_field(claim, &field, value, who)?
    };
    claim.conflicts.push(conflict);
    log(
        claim,
        who,
        Change::Reopened {
            field: field.clone(),
        },
    );
    Ok(Some(Edit::Resolve {
        claim: id,
        field,
        value: before,
    }))
}

fn resolved(field: Field, to: Value) -> Change {
    Change::Resolved { field, to }
}

fn wrong_value(field: &Field, value: &Value) -> Error {
    Error::WrongValue {
        what: "claim",
        field: field.to_string(),
        value: value.to_string(),
    }
}

/// The claim's current value of `field`.
pub fn value_of(claim: &Claim, field: &Field) -> Option<Value> {
    Some(match field {
        Field::Verdict => Value::Verdict(claim.verdict),
        Field::Text => Value::Text(claim.text.clone()),
        Field::Note => Value::Text(claim.note.clone()),
        Field::Speaker => Value::Maybe(claim.speaker.clone()),
        Field::Link(source) => Value::Link(claim.link(source).cloned()),
        Field::Deletion => Value::Kept,
        _ => return None,
    })
}

/// Set `field` to `value`, logging the change as the ordinary edit would;
/// returns the value it had.
fn set_field(claim: &mut Claim, field: &Field, value: Value, who: &Who) -> Result<Value> {
    let before = value_of(claim, field).ok_or_else(|| wrong_value(field, &value))?;
    if before == value {
        return Ok(before);
    }
    match (field, value) {
        (Field::Verdict, Value::Verdict(to)) => {
            let from = std::mem::replace(&mut claim.verdict, to);
            log(claim, who, Change::Verdict { from, to });
        }
        (Field::Text, Value::Text(to)) => {
            let to = to.trim().to_string();
            if to.is_empty() {
                return Err(Error::EmptyWording);
            }
            let from = std::mem::replace(&mut claim.text, to.clone());
            log(claim, who, Change::Text { from, to });
        }
        (Field::Note, Value::Text(to)) => {
            let from = std::mem::replace(&mut claim.note, to.clone());
            log(claim, who, Change::Note { from, to });
        }
        (Field::Speaker, Value::Maybe(to)) => {
            let from = std::mem::replace(&mut claim.speaker, to.clone());
            log(claim, who, Change::Speaker { from, to });
        }
        (Field::Link(source), Value::Link(to)) => set_link(claim, source, to, who)?,
        (field, value) => return Err(wrong_value(field, &value)),
    }
    Ok(before)
}

fn set_link(
    claim: &mut Claim,
    source: &crate::ids::SourceId,
    to: Option<SourceLink>,
    who: &Who,
) -> Result<()> {
    let at = claim.sources.iter().position(|l| &l.source == source);
    match (to, at) {
        (Some(link), _) if &link.source != source => Err(Error::OtherLink {
            to: link.source.to_string(),
            link: source.to_string(),
        }),
        (Some(link), Some(i)) => {
            let was = claim.sources.get(i).map(|l| l.stance);
            let change = Change::Linked {
                source: source.clone(),
                stance: link.stance,
                was,
            };
            if let Some(slot) = claim.sources.get_mut(i) {
                *slot = link;
            }
            log(claim, who, change);
            Ok(())
        }
        (Some(link), None) => {
            let change = Change::Linked {
                source: source.clone(),
                stance: link.stance,
                was: None,
            };
            claim.sources.push(link);
            log(claim, who, change);
            Ok(())
        }
        (None, Some(i)) => {
            let old = claim.sources.remove(i);
            log(
                claim,
                who,
                Change::Unlinked {
                    source: old.source,
                    stance: old.stance,
                },
            );
            Ok(())
        }
        (None, None) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conflict::Side;
    use crate::edit::{UndoStack, apply};
    use crate::model::{Stance, Verdict};
    use chrono::{DateTime, Utc};

    fn who(editor: &str) -> Who {
        Who {
            editor: editor.into(),
            at: DateTime::<Utc>::from_timestamp(1_600_000_000, 0).unwrap(),
        }
    }

    fn side(value: Value, editor: &str) -> Side {
        Side {
            value,
            editor: Some(editor.into()),
            at: DateTime::<Utc>::from_timestamp(1_500_000_000, 0),
        }
    }

    fn conflicted() -> Story {
        let mut story = crate::edit::tests::story_with_claims(2);
        let claim = story.claim_mut(1).unwrap();
        claim.verdict = Verdict::Confirmed;
        claim.conflicts.push(Conflict {
            field: Field::Verdict,
            sides: vec![
                side(Value::Verdict(Verdict::Confirmed), "ana"),
                side(Value::Verdict(Verdict::Disputed), "ben"),
            ],
        });
        story
    }

    #[test]
    fn resolving_sets_the_value_drops_the_conflict_and_undo_brings_it_back() {
        let mut story = conflicted();
        let before = story.clone();
        let mut undo = UndoStack::default();
        let edit = Edit::Resolve {
            claim: 1,
            field: Field::Verdict,
            value: Value::Verdict(Verdict::Disputed),
        };
        let applied = apply(&mut story, edit, &who("cy")).unwrap().unwrap();
        undo.record(&applied);
        let claim = story.claim(1).unwrap();
        assert_eq!(claim.verdict, Verdict::Disputed);
        assert!(claim.conflicts.is_empty());
        let tail: Vec<&Change> = claim
            .history
            .iter()
            .rev()
            .take(2)
            .collect::<Vec<_>>()
            .into_iter()
            .map(|h| &h.change)
            .collect();
        assert!(matches!(tail[0], Change::Resolved { .. }), "{tail:?}");
        assert!(
            matches!(
                tail[1],
                Change::Verdict {
                    from: Verdict::Confirmed,
                    to: Verdict::Disputed
                }
            ),
            "{tail:?}"
        );
        undo.undo(&mut story, &who("cy")).unwrap();
        let claim = story.claim(1).unwrap();
        assert_eq!(claim.verdict, Verdict::Confirmed);
        assert_eq!(claim.conflicts, before.claim(1).unwrap().conflicts);
        undo.redo(&mut story, &who("cy")).unwrap();
        assert!(story.claim(1).unwrap().conflicts.is_empty());
    }

    #[test]
    fn resolving_what_is_not_in_conflict_or_with_the_wrong_kind_is_refused() {
        let mut story = conflicted();
        let e = apply(
            &mut story,
            Edit::Resolve {
                claim: 2,
                field: Field::Verdict,
                value: Value::Verdict(Verdict::Disputed),
            },
            &who("cy"),
        )
        .unwrap_err();
        assert_eq!(e.to_string(), "claim #2 has no conflict on its verdict");
        let e = apply(
            &mut story,
            Edit::Resolve {
                claim: 1,
                field: Field::Verdict,
                value: Value::Text("x".into()),
            },
            &who("cy"),
        )
        .unwrap_err();
        assert!(e.to_string().contains("cannot be"), "{e}");
        assert_eq!(story, conflicted());
    }

    #[test]
    fn a_deletion_conflict_settles_by_deleting_or_keeping() {
        let mut story = crate::edit::tests::story_with_claims(2);
        story.claim_mut(2).unwrap().conflicts.push(Conflict {
            field: Field::Deletion,
            sides: vec![
                Side {
                    value: Value::Deleted,
                    editor: None,
                    at: None,
                },
                side(Value::Kept, "ben"),
            ],
        });
        let mut kept = story.clone();
        let delete = Edit::Resolve {
            claim: 2,
            field: Field::Deletion,
            value: Value::Deleted,
        };
        let a = apply(&mut story, delete, &who("cy")).unwrap().unwrap();
        assert!(story.claim(2).is_none());
        apply(&mut story, a.undo, &who("cy")).unwrap();
        assert_eq!(story.claim(2).unwrap().conflicts.len(), 1);

        let keep = Edit::Resolve {
            claim: 2,
            field: Field::Deletion,
            value: Value::Kept,
        };
        apply(&mut kept, keep, &who("cy")).unwrap();
        assert!(kept.claim(2).unwrap().conflicts.is_empty());
    }

    #[test]
    fn a_link_conflict_settles_on_a_stance_or_on_no_link() {
        let mut story = crate::edit::tests::story_with_claims(1);
        let afp = crate::ids::SourceId::parse("afp").unwrap();
        let link = |stance| SourceLink {
            source: afp.clone(),
            stance,
            note: None,
        };
        let claim = story.claim_mut(1).unwrap();
        claim.sources.push(link(Stance::Supports));
        claim.conflicts.push(Conflict {
            field: Field::Link(afp.clone()),
            sides: vec![
                side(Value::Link(Some(link(Stance::Supports))), "ana"),
                side(Value::Link(None), "ben"),
            ],
        });
        let mut other = story.clone();
        let edit = |value| Edit::Resolve {
            claim: 1,
            field: Field::Link(afp.clone()),
            value,
        };
        apply(&mut story, edit(Value::Link(None)), &who("cy")).unwrap();
        assert!(story.claim(1).unwrap().sources.is_empty());
        apply(
            &mut other,
            edit(Value::Link(Some(link(Stance::Contradicts)))),
            &who("cy"),
        )
        .unwrap();
        assert_eq!(
            other.claim(1).unwrap().link(&afp).unwrap().stance,
            Stance::Contradicts
        );
    }

    #[test]
    fn assignment_is_an_edit_with_undo() {
        let mut story = crate::edit::tests::story_with_claims(1);
        let to = Assignment {
            editor: Some("ben".into()),
            by: "ana".into(),
            at: who("ana").at,
        };
        let a = apply(
            &mut story,
            Edit::Assign {
                to: Some(to.clone()),
            },
            &who("ana"),
        )
        .unwrap()
        .unwrap();
        assert_eq!(a.claim, 0);
        assert_eq!(story.assignee(), Some("ben"));
        assert!(
            apply(&mut story, Edit::Assign { to: Some(to) }, &who("ana"))
                .unwrap()
                .is_none()
        );
        apply(&mut story, a.undo, &who("ana")).unwrap();
        assert_eq!(story.assignment, None);
    }

    use crate::model::Assignment;
}
