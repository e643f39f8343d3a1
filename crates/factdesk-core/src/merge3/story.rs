//! One story: its claims by id, and its own few fields.

use std::collections::HashMap;

use crate::conflict::{Field, Side, Value};
use crate::model::{Claim, ClaimId, Story};

use super::claim::{self, kept_side, record};
use super::pick::{Pick, pick};
use super::{Merged, Noted, Report};

/// Merge `ours` and `theirs`, two versions of one story, against `base`,
/// the version both came from (`None`: the story was added on both sides,
/// or the base could not be read).
pub fn story(base: Option<&Story>, ours: &Story, theirs: &Story) -> Merged<Story> {
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
    // Fields this version of factdesk does not know of come from ours.
    let mut out = ours.clone();
    macro_rules! keep {
        ($field:ident, $what:literal) => {
            out.$field = match pick(base.map(|s| &s.$field), &ours.$field, &theirs.$field) {
                Pick::One(v) => v,
                Pick::Both(o, _) => {
                    report.notes.push(format!(
                        "the {} was changed on both sides; ours is kept",
                        $what
                    ));
                    o
                }
            };
        };
    }
    keep!(headline, "headline");
    keep!(date, "story date");
    keep!(dateline, "dateline");
    keep!(outlet, "outlet");
    keep!(url, "story URL");
    keep!(byline, "byline");
    // The article's length and checksum say which text the claims were
    // anchored on: they go together, and ours when both sides changed it.
    let article = |s: &Story| (s.article_len, s.article_sha256.clone());
    (out.article_len, out.article_sha256) =
        match pick(base.map(article).as_ref(), &article(ours), &article(theirs)) {
            Pick::One(v) | Pick::Both(v, _) => v,
        };
    out.history = super::history::union(&ours.history, &theirs.history);
    let import = |s: &Story| (s.imported_at, s.imported_by.clone());
    (out.imported_at, out.imported_by) =
        match pick(base.map(import).as_ref(), &import(ours), &import(theirs)) {
            Pick::One(v) => v,
            // Imported on both sides: the first import is the import.
            Pick::Both(o, t) if base.is_none() => o.min(t),
            Pick::Both(o, _) => o,
        };
    out.assignment = match pick(
        base.map(|s| &s.assignment),
        &ours.assignment,
        &theirs.assignment,
    ) {
        Pick::One(v) => v,
        // Who is on the story is the latest decision, not a verdict to
        // weigh: the later assignment wins.
        Pick::Both(o, t) => {
            let at = |a: &Option<crate::model::Assignment>| a.as_ref().map(|a| a.at);
            if at(&t) > at(&o) { t } else { o }
        }
    };
    out.version = ours.version.max(theirs.version);
    let (claims, next) = claims(base, ours, theirs, &mut report);
    out.deleted_claims = deleted_claims(base, ours, theirs, &claims);
    out.claims = claims;
    out.next_claim = next;
    Merged { value: out, report }
}

/// The claims of both sides, ours' order with theirs' new claims put in
/// by their place in the article; and the next free claim id.
fn claims(
    base: Option<&Story>,
    ours: &Story,
    theirs: &Story,
    report: &mut Report,
) -> (Vec<Claim>, ClaimId) {
    let index = |s: &'_ Story| -> HashMap<ClaimId, usize> {
        s.claims
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id, i))
            .collect()
    };
    let (in_base, in_ours, in_theirs) = (
        base.map(index).unwrap_or_default(),
        index(ours),
        index(theirs),
    );
    let highest = ours
        .claims
        .iter()
        .chain(&theirs.claims)
        .chain(&ours.deleted_claims)
        .chain(&theirs.deleted_claims)
        .map(|c| c.id)
        .max()
        .unwrap_or(0);
    let mut next = ours
        .next_claim
        .max(theirs.next_claim)
        .max(highest.saturating_add(1));
    let mut out = Vec::with_capacity(ours.claims.len().max(theirs.claims.len()));
    for o in &ours.claims {
        let b = get(base, &in_base, o.id);
        match get(Some(theirs), &in_theirs, o.id) {
            Some(t) if b.is_some() || same_place(o, t) => {
                let (merged, fields) = claim::claim(b, o, t);
                noted(report, o.id, fields);
                out.push(merged);
            }
            // Both added a claim under this id, at different places: two
            // claims. Theirs gets a new id below.
            Some(_) => out.push(o.clone()),
            None => match b {
                None => out.push(o.clone()),
                Some(b) if b == o => {} // they deleted it; we left it alone
                Some(_) => {
                    out.push(deleted_and_changed(o, theirs.deleted_claim(o.id)));
                    noted(report, o.id, vec![Field::Deletion]);
                }
            },
        }
    }
    for t in &theirs.claims {
        let b = get(base, &in_base, t.id);
        let t = match get(Some(ours), &in_ours, t.id) {
            Some(o) if b.is_some() || same_place(o, t) => continue, // merged above
            Some(_) => {
                let mut moved = t.clone();
                moved.id = next;
                report.renumbered.push((t.id, next));
                next = next.saturating_add(1);
                moved
            }
            None => match b {
                None => t.clone(),
                Some(b) if b == t => continue, // we deleted it; they left it alone
                Some(_) => {
                    noted(report, t.id, vec![Field::Deletion]);
                    deleted_and_changed(t, ours.deleted_claim(t.id))
                }
            },
        };
        let at = out
            .iter()
            .position(|c| c.anchor.start > t.anchor.start)
            .unwrap_or(out.len());
        out.insert(at, t);
    }
    (out, next)
}

fn noted(report: &mut Report, claim: ClaimId, fields: Vec<Field>) {
    report
        .conflicts
        .extend(fields.into_iter().map(|field| Noted {
            claim: Some(claim),
            source: None,
            field,
        }));
}

fn get<'a>(s: Option<&'a Story>, at: &HashMap<ClaimId, usize>, id: ClaimId) -> Option<&'a Claim> {
    at.get(&id).and_then(|&i| s?.claims.get(i))
}

/// Two claims added under one id are the same claim when they quote the
/// same place of the article (both sides imported the same article).
fn same_place(a: &Claim, b: &Claim) -> bool {
    a.anchor.start == b.anchor.start
        && a.anchor.end == b.anchor.end
        && a.anchor.quote == b.anchor.quote
}

/// The deleted claims of both sides (kept whole for the record), merged
/// field by field where both hold one, but for those `live` holds: a
/// claim deleted on one side and changed on the other stays live, with
/// the question recorded, and a claim one side restored is live again.
fn deleted_claims(
    base: Option<&Story>,
    ours: &Story,
    theirs: &Story,
    live: &[Claim],
) -> Vec<Claim> {
    let is_live = |id: ClaimId| live.iter().any(|c| c.id == id);
    let mut out: Vec<Claim> = Vec::new();
    for o in &ours.deleted_claims {
        if is_live(o.id) {
            continue;
        }
        let b = base.and_then(|s| s.any_claim(o.id));
        out.push(match theirs.any_claim(o.id) {
            Some(t) => claim::claim(b, o, t).0,
            None => o.clone(),
        });
    }
    for t in &theirs.deleted_claims {
        if is_live(t.id) || out.iter().any(|c| c.id == t.id) {
            continue;
        }
        let b = base.and_then(|s| s.any_claim(t.id));
        out.push(match ours.any_claim(t.id) {
            Some(o) => claim::claim(b, o, t).0,
            None => t.clone(),
        });
    }
    out.sort_by_key(|c| c.id);
    out
}

/// A claim one side deleted and the other changed: kept, with the
/// question recorded; who deleted it and when, where the deleting side
/// kept the claim among its deleted ones (`deleted`).
fn deleted_and_changed(kept: &Claim, deleted: Option<&Claim>) -> Claim {
    let mut claim = kept.clone();
    let by = deleted.and_then(|d| d.deletion()).map(|(entry, _)| entry);
    let deleted = Side {
        value: Value::Deleted,
        editor: by.map(|e| e.editor.clone()),
        at: by.map(|e| e.at),
    };
    record(
        &mut claim.conflicts,
        Field::Deletion,
        [deleted, kept_side(kept)],
    );
    claim
}
