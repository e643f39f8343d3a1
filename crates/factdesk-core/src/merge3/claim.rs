//! One claim, field by field.

use crate::conflict::{Conflict, Field, Side, Value};
use crate::ids::SourceId;
use crate::model::{Change, Claim, HistoryEntry, SourceLink, Verdict};

use super::history;
use super::pick::{Pick, ids_in_order, pick};

/// Merge two versions of one claim against `base` (`None`: both sides
/// added it). Returns the claim and the fields now in conflict.
pub(crate) fn claim(base: Option<&Claim>, ours: &Claim, theirs: &Claim) -> (Claim, Vec<Field>) {
    if ours == theirs {
        return (ours.clone(), Vec::new());
    }
    if let Some(b) = base {
        if b == ours {
            return (theirs.clone(), Vec::new());
        }
        if b == theirs {
            return (ours.clone(), Vec::new());
        }
    }
    let fresh;
    let base = match base {
        Some(b) => b,
        None => {
            fresh = as_created(ours);
            &fresh
        }
    };
    // Fields this version of factdesk does not know of come from ours.
    let mut out = ours.clone();
    let mut m = ClaimMerge {
        ours,
        theirs,
        conflicts: conflicts(&base.conflicts, &ours.conflicts, &theirs.conflicts),
        new: Vec::new(),
    };
    out.verdict = m.field(Field::Verdict, &base.verdict, Value::Verdict, |c| c.verdict);
    out.text = m.field(Field::Text, &base.text, Value::Text, |c| c.text.clone());
    out.note = m.field(Field::Note, &base.note, Value::Text, |c| c.note.clone());
    out.sources = m.links(base);
    out.speaker = m.field(Field::Speaker, &base.speaker, Value::Maybe, |c| {
        c.speaker.clone()
    });
    // The score and the cues behind it are import's reading of the
    // sentence, one thing: taken together, ours when both sides scored it.
    let scored = |c: &Claim| (c.score, c.cues.clone());
    (out.score, out.cues) = match pick(Some(&scored(base)), &scored(ours), &scored(theirs)) {
        Pick::One(v) | Pick::Both(v, _) => v,
    };
    // Where the claim sits is the program's business (re-anchoring after
    // an article correction): the side that re-anchored last wins.
    let place = |c: &Claim| (c.anchor.clone(), c.orphaned);
    (out.anchor, out.orphaned) = match pick(Some(&place(base)), &place(ours), &place(theirs)) {
        Pick::One(p) => p,
        Pick::Both(o, t) => {
            let moved = |c: &Claim| {
                last(c, |ch| {
                    matches!(ch, Change::Reanchored { .. } | Change::Orphaned)
                })
                .map(|e| e.at)
            };
            if moved(theirs) > moved(ours) { t } else { o }
        }
    };
    // A flag for another look (the article was corrected under the
    // claim): a change on one side is taken; flagged on one side and
    // cleared on the other, it stays flagged, since a look too many costs
    // less than a correction missed.
    let flag = |c: &Claim| (c.needs_review, c.review.clone());
    (out.needs_review, out.review) = match pick(Some(&flag(base)), &flag(ours), &flag(theirs)) {
        Pick::One(f) => f,
        Pick::Both(o, t) => {
            if o.0 || !t.0 {
                o
            } else {
                t
            }
        }
    };
    out.history = history::union(&ours.history, &theirs.history);
    out.conflicts = m.conflicts;
    (out, m.new)
}

/// The claim as it was when made: the base of a claim both sides added.
fn as_created(claim: &Claim) -> Claim {
    let text = claim
        .history
        .iter()
        .find_map(|h| match &h.change {
            Change::Created { text } => Some(text.clone()),
            _ => None,
        })
        .unwrap_or_else(|| claim.text.clone());
    Claim {
        text,
        orphaned: false,
        verdict: Verdict::Pending,
        sources: Vec::new(),
        note: String::new(),
        history: Vec::new(),
        conflicts: Vec::new(),
        needs_review: false,
        review: None,
        ..claim.clone()
    }
}

struct ClaimMerge<'a> {
    ours: &'a Claim,
    theirs: &'a Claim,
    conflicts: Vec<Conflict>,
    new: Vec<Field>,
}

impl ClaimMerge<'_> {
    /// One field: the three-way rule, and both values kept as a conflict
    /// when it was changed two ways. The claim shows the later change.
    fn field<T: PartialEq + Clone>(
        &mut self,
        field: Field,
        base: &T,
        wrap: impl Fn(T) -> Value,
        get: impl Fn(&Claim) -> T,
    ) -> T {
        match pick(Some(base), &get(self.ours), &get(self.theirs)) {
            Pick::One(v) => v,
            Pick::Both(o, t) => {
                let ours = side(self.ours, &field, wrap(o.clone()));
                let theirs = side(self.theirs, &field, wrap(t.clone()));
                let later_is_theirs = theirs.at > ours.at;
                self.record(field, [ours, theirs]);
                if later_is_theirs { t } else { o }
            }
        }
    }

    /// Links by source id, each one a field; ours' order, then theirs'.
    fn links(&mut self, base: &Claim) -> Vec<SourceLink> {
        let ids = ids_in_order(
            self.ours.sources.iter().map(|l| l.source.clone()),
            self.theirs.sources.iter().map(|l| l.source.clone()),
            base.sources.iter().map(|l| l.source.clone()),
        );
        let mut out = Vec::new();
        for id in ids {
            let get = |c: &Claim| c.link(&id).cloned();
            let link = self.field(Field::Link(id.clone()), &get(base), Value::Link, get);
            out.extend(link);
        }
        out
    }

    fn record(&mut self, field: Field, sides: [Side; 2]) {
        record(&mut self.conflicts, field.clone(), sides);
        if !self.new.contains(&field) {
            self.new.push(field);
        }
    }
}

/// Add a conflict on `field` with `sides`, or the sides to the one there.
pub(crate) fn record(conflicts: &mut Vec<Conflict>, field: Field, sides: [Side; 2]) {
    let at = match conflicts.iter().position(|c| c.field == field) {
        Some(i) => i,
        None => {
            conflicts.push(Conflict {
                field,
                sides: Vec::new(),
            });
            conflicts.len() - 1
        }
    };
    if let Some(c) = conflicts.get_mut(at) {
        for s in sides {
            c.add_side(s);
        }
    }
}

/// The conflict records themselves, three ways: one settled on one side
/// and untouched on the other is settled; one that grew on either side
/// (another merge added a side) stays open with every side.
pub(crate) fn conflicts(
    base: &[Conflict],
    ours: &[Conflict],
    theirs: &[Conflict],
) -> Vec<Conflict> {
    let key = |c: &Conflict| c.field.clone();
    let fields = ids_in_order(
        ours.iter().map(key),
        theirs.iter().map(key),
        base.iter().map(key),
    );
    let find = |list: &[Conflict], f: &Field| list.iter().find(|c| &c.field == f).cloned();
    let mut out = Vec::new();
    for f in fields {
        let b = find(base, &f);
        match pick(Some(&b), &find(ours, &f), &find(theirs, &f)) {
            Pick::One(c) => out.extend(c),
            Pick::Both(Some(mut o), Some(t)) => {
                for s in t.sides {
                    o.add_side(s);
                }
                out.push(o);
            }
            Pick::Both(o, t) => out.extend(o.or(t)),
        }
    }
    out
}

/// A side of a conflict on `field`: `value`, with the editor and time of
/// the last change `claim`'s history has to that field.
fn side(claim: &Claim, field: &Field, value: Value) -> Side {
    let entry = last(claim, |ch| touches(ch, field));
    Side {
        value,
        editor: entry.map(|e| e.editor.clone()),
        at: entry.map(|e| e.at),
    }
}

/// The side of a claim that was kept (and changed) where the other side
/// deleted it.
pub(crate) fn kept_side(claim: &Claim) -> Side {
    let entry = claim.history.last();
    Side {
        value: Value::Kept,
        editor: entry.map(|e| e.editor.clone()),
        at: entry.map(|e| e.at),
    }
}

fn last(claim: &Claim, what: impl Fn(&Change) -> bool) -> Option<&HistoryEntry> {
    claim.history.iter().rev().find(|h| what(&h.change))
}

fn touches(change: &Change, field: &Field) -> bool {
    let link = |s: &SourceId| matches!(field, Field::Link(f) if f == s);
    match change {
        Change::Verdict { .. } => *field == Field::Verdict,
        Change::Text { .. } | Change::Created { .. } => *field == Field::Text,
        Change::Note { .. } => *field == Field::Note,
        Change::Speaker { .. } => *field == Field::Speaker,
        Change::Linked { source, .. }
        | Change::Unlinked { source, .. }
        | Change::LinkNote { source, .. } => link(source),
        Change::Resolved { field: f, .. } | Change::Reopened { field: f } => f == field,
        Change::Reviewed { verdict: Some(_) } => *field == Field::Verdict,
        Change::TakenFrom { .. } => matches!(field, Field::Verdict | Field::Link(_)),
        _ => false,
    }
}
