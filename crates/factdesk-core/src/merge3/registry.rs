//! The source registry: sources by id, their fields one by one.

use crate::conflict::{Conflict, Field, Side, Value};
use crate::ids::SourceId;
use crate::model::{MergedSource, Source, SourceConflict, SourceRegistry};

use super::claim::{conflicts, record};
use super::pick::{Pick, ids_in_order, pick};
use super::{Merged, Noted, Report};

/// Merge two versions of `sources.ron` against `base` (`None`: added on
/// both sides, or the base could not be read).
pub fn registry(
    base: Option<&SourceRegistry>,
    ours: &SourceRegistry,
    theirs: &SourceRegistry,
) -> Merged<SourceRegistry> {
    let mut report = Report::default();
    if ours == theirs || base == Some(theirs) {
        return Merged {
            value: ours.clone(),
            report,
        };
    }
    if base == Some(ours) {
        return Merged {
            value: theirs.clone(),
            report,
        };
    }
    let empty = SourceRegistry::default();
    let b = base.unwrap_or(&empty);
    let mut out = ours.clone();
    out.version = ours.version.max(theirs.version);
    // The conflict records first: a source merge below may add to them.
    let mut open = merge_conflicts(b, ours, theirs);
    let ids = ids_in_order(
        ours.sources.iter().map(|s| s.id.clone()),
        theirs.sources.iter().map(|s| s.id.clone()),
        std::iter::empty(),
    );
    out.sources = Vec::with_capacity(ids.len());
    for id in ids {
        let was = base.and_then(|r| r.get(&id));
        let merged = match (ours.get(&id), theirs.get(&id)) {
            (Some(o), Some(t)) => Some(source(was, o, t, &mut open, &mut report)),
            (Some(kept), None) | (None, Some(kept)) => match was {
                None => Some(kept.clone()),
                Some(w) if w == kept => None, // removed on the other side
                Some(_) => {
                    let deleted = Side {
                        value: Value::Deleted,
                        editor: None,
                        at: None,
                    };
                    let changed = Side {
                        value: Value::Kept,
                        editor: None,
                        at: None,
                    };
                    note(
                        &mut open,
                        &mut report,
                        &id,
                        Field::Deletion,
                        [deleted, changed],
                    );
                    Some(kept.clone())
                }
            },
            (None, None) => None,
        };
        out.sources.extend(merged);
    }
    open.retain(|c| out.get(&c.source).is_some());
    out.conflicts = open;
    out.merged = ids_in_order(
        ours.merged.iter().cloned(),
        theirs.merged.iter().cloned(),
        std::iter::empty(),
    );
    // One record per source merged away: merged on both sides into two
    // different sources, the first merge stands.
    out.merged
        .sort_by(|a, b| (&a.from, a.at).cmp(&(&b.from, b.at)));
    out.merged.dedup_by(|later, first| later.from == first.from);
    keep_order(&mut out.merged, ours, theirs);
    Merged { value: out, report }
}

/// Merges listed as they were: ours first, then theirs.
fn keep_order(merged: &mut [MergedSource], ours: &SourceRegistry, theirs: &SourceRegistry) {
    let rank = |m: &MergedSource| {
        let pos = |list: &[MergedSource]| list.iter().position(|x| x == m);
        pos(&ours.merged).or_else(|| pos(&theirs.merged).map(|p| p + ours.merged.len()))
    };
    merged.sort_by_key(|m| rank(m));
}

/// One source added or kept on both sides, field by field. A field
/// changed two ways keeps ours and records both (sources have no history
/// to say who or when); the access date keeps the latest.
fn source(
    base: Option<&Source>,
    ours: &Source,
    theirs: &Source,
    open: &mut Vec<SourceConflict>,
    report: &mut Report,
) -> Source {
    if ours == theirs {
        return ours.clone();
    }
    let mut out = ours.clone();
    let id = &ours.id;
    macro_rules! field {
        ($field:ident, $f:expr, $wrap:expr) => {
            out.$field = match pick(base.map(|s| &s.$field), &ours.$field, &theirs.$field) {
                Pick::One(v) => v,
                Pick::Both(o, t) => {
                    let side = |v| Side {
                        value: $wrap(v),
                        editor: None,
                        at: None,
                    };
                    note(open, report, id, $f, [side(o.clone()), side(t)]);
                    o
                }
            };
        };
    }
    field!(name, Field::Name, Value::Text);
    field!(kind, Field::Kind, Value::Kind);
    field!(url, Field::Url, Value::Maybe);
    field!(outlet, Field::Outlet, Value::Maybe);
    out.accessed = match pick(base.map(|s| &s.accessed), &ours.accessed, &theirs.accessed) {
        Pick::One(v) => v,
        Pick::Both(o, t) => o.max(t),
    };
    out
}

fn note(
    open: &mut Vec<SourceConflict>,
    report: &mut Report,
    id: &SourceId,
    field: Field,
    sides: [Side; 2],
) {
    let mut mine: Vec<Conflict> = open
        .iter()
        .filter(|c| &c.source == id)
        .map(|c| c.conflict.clone())
        .collect();
    record(&mut mine, field.clone(), sides);
    open.retain(|c| &c.source != id);
    open.extend(mine.into_iter().map(|conflict| SourceConflict {
        source: id.clone(),
        conflict,
    }));
    report.conflicts.push(Noted {
        claim: None,
        source: Some(id.clone()),
        field,
    });
}

/// The conflict records of every source, three ways (see
/// [`conflicts`]).
fn merge_conflicts(
    base: &SourceRegistry,
    ours: &SourceRegistry,
    theirs: &SourceRegistry,
) -> Vec<SourceConflict> {
    let ids = ids_in_order(
        ours.conflicts.iter().map(|c| c.source.clone()),
        theirs.conflicts.iter().map(|c| c.source.clone()),
        base.conflicts.iter().map(|c| c.source.clone()),
    );
    let of = |r: &SourceRegistry, id: &SourceId| -> Vec<Conflict> {
        r.conflicts_of(id).cloned().collect()
    };
    let mut out = Vec::new();
    for id in ids {
        let merged = conflicts(&of(base, &id), &of(ours, &id), &of(theirs, &id));
        out.extend(merged.into_iter().map(|conflict| SourceConflict {
            source: id.clone(),
            conflict,
        }));
    }
    out
}
