//! The three-way merge of the desk's documents: one story, the source
//! registry, the desk settings. Every merge in factdesk goes through here:
//! git's merge driver (`factdesk merge-driver`, for a desk shared through
//! a repository) and a save that finds its file changed on disk behind the
//! program's back (`store::merge`, `Stored::save_merging`).
//!
//! Documents are merged parsed, by id, never line by line: claims by
//! claim id and their fields one by one, source links by source id,
//! history as the union of entries, sources by source id. What only one
//! side changed is taken; what both changed the same way is taken once;
//! a field changed two ways keeps both values as a
//! [`Conflict`](crate::conflict::Conflict) on the claim (or the source)
//! for an editor to settle. The merge never fails on documents that
//! parse: [`file`] is where text that does not parse is handled.
//!
//! The rules, for editors, are in `docs/sync.md`.

mod claim;
pub mod file;
mod history;
mod pick;
mod registry;
mod settings;
mod story;

pub use registry::registry;
pub use settings::settings;
pub use story::story;

use crate::conflict::Field;
use crate::ids::SourceId;
use crate::model::ClaimId;

/// A merged document and what the merge had to do.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged<T> {
    pub value: T,
    pub report: Report,
}

/// What a merge recorded beyond taking each side's changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Fields changed two ways, now recorded as conflicts.
    pub conflicts: Vec<Noted>,
    /// Claims the other side added under an id this side had used for
    /// another claim: (their id, the id they have now).
    pub renumbered: Vec<(ClaimId, ClaimId)>,
    /// Anything else worth saying, in words (a desk name changed two
    /// ways: this side's was kept).
    pub notes: Vec<String>,
}

/// Where a conflict was recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Noted {
    pub claim: Option<ClaimId>,
    pub source: Option<SourceId>,
    pub field: Field,
}

impl Report {
    pub fn is_clean(&self) -> bool {
        self.conflicts.is_empty() && self.renumbered.is_empty() && self.notes.is_empty()
    }

    /// One line for a person: "2 conflicts recorded (claim #3 verdict,
    /// claim #5 note); claim #12 of theirs is now #13".
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        if !self.conflicts.is_empty() {
            let at: Vec<String> = self
                .conflicts
                .iter()
                .map(|n| match (&n.claim, &n.source) {
                    (Some(c), _) => format!("claim #{c} {}", n.field),
                    (None, Some(s)) => format!("source {s} {}", n.field),
                    (None, None) => n.field.to_string(),
                })
                .collect();
            parts.push(format!(
                "{} {} recorded ({})",
                at.len(),
                if at.len() == 1 {
                    "conflict"
                } else {
                    "conflicts"
                },
                at.join(", ")
            ));
        }
        for (from, to) in &self.renumbered {
            parts.push(format!("their claim #{from} is now #{to}"));
        }
        parts.extend(self.notes.iter().cloned());
        parts.join("; ")
    }
}

/// Every field of every merged document, named: a field added to the
/// model stops the build here until its merge rule is written (in
/// `claim.rs`, `story.rs`, `registry.rs` or `settings.rs`). Fields not
/// merged explicitly come from our side, which would silently drop the
/// other side's change.
#[allow(dead_code)]
fn every_field_has_a_rule(
    claim: &crate::model::Claim,
    story: &crate::model::Story,
    source: &crate::model::Source,
    registry: &crate::model::SourceRegistry,
    settings: &crate::model::DeskSettings,
) {
    let crate::model::Claim {
        id: _,
        text: _,
        anchor: _,
        orphaned: _,
        speaker: _,
        verdict: _,
        sources: _,
        note: _,
        history: _,
        conflicts: _,
        needs_review: _,
        review: _,
        score: _,
        cues: _,
    } = claim;
    let crate::model::Story {
        version: _,
        id: _,
        headline: _,
        date: _,
        dateline: _,
        outlet: _,
        url: _,
        byline: _,
        imported_at: _,
        imported_by: _,
        article_len: _,
        article_sha256: _,
        next_claim: _,
        assignment: _,
        history: _,
        claims: _,
        deleted_claims: _,
    } = story;
    let crate::model::Source {
        id: _,
        name: _,
        kind: _,
        url: _,
        outlet: _,
        accessed: _,
    } = source;
    let crate::model::SourceRegistry {
        version: _,
        sources: _,
        merged: _,
        conflicts: _,
    } = registry;
    let crate::model::DeskSettings {
        version: _,
        name: _,
        organisation: _,
        url: _,
        confirm_needs: _,
        suggest_threshold: _,
        suggest_cap: _,
        claim_order: _,
    } = settings;
}

#[cfg(test)]
mod tests;
