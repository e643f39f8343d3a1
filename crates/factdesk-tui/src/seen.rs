//! "Seen before": the claims ruled on in other stories whose wording the
//! selected claim repeats, found through the archive's index (see
//! `DeskData::seen_before`), each compared with it by core's
//! `similar::compare`.

use chrono::NaiveDate;
use std::collections::HashMap;

use factdesk_core::model::{Claim, ClaimId, SourceLink, Verdict};
use factdesk_core::seen::SeenMatch;
use factdesk_core::similar::Difference;
use factdesk_core::slug::StoryId;

/// A claim ruled on in another story whose wording the selected claim
/// repeats, compared with it: the earlier claim's own wording, and where
/// the two differ in figures, dates, negation or names.
#[derive(Debug, Clone, PartialEq)]
pub struct SeenBefore {
    pub story: StoryId,
    /// The earlier claim.
    pub claim: ClaimId,
    pub headline: String,
    pub date: Option<NaiveDate>,
    pub verdict: Verdict,
    /// The earlier claim's wording.
    pub text: String,
    /// The earlier claim's sources (taken with its verdict).
    pub sources: Vec<SourceLink>,
    /// "82% of words shared: …".
    pub why: String,
    pub score: f64,
    /// Empty: the same claim. Otherwise "similar, but different".
    pub differences: Vec<Difference>,
}

impl SeenBefore {
    /// Whether the earlier ruling can stand for this claim.
    pub fn same_claim(&self) -> bool {
        self.differences.is_empty()
    }

    /// The match as core speaks of it, for claim `this` of the open story.
    pub fn to_match(&self, this: ClaimId) -> SeenMatch {
        SeenMatch {
            claim: this,
            story: self.story.clone(),
            earlier_claim: self.claim,
            text: self.text.clone(),
            verdict: self.verdict,
            date: self.date,
            score: self.score,
            shared: Vec::new(),
            differences: self.differences.clone(),
            sources: self.sources.clone(),
        }
    }
}

/// "Seen before" of the claims of a story already looked up: the wording
/// looked up, and what it matched.
#[derive(Debug, Default)]
pub struct SeenMemo(HashMap<ClaimId, (String, Option<SeenBefore>)>);

impl SeenMemo {
    /// What `claim`, as worded now, was found to repeat.
    pub fn get(&self, claim: &Claim) -> Option<&SeenBefore> {
        match self.0.get(&claim.id) {
            Some((text, seen)) if *text == claim.text => seen.as_ref(),
            _ => None,
        }
    }

    /// Look `claim` up with `find`, unless its wording already was.
    pub fn look_up(&mut self, claim: &Claim, find: impl FnOnce(&str) -> Option<SeenBefore>) {
        if matches!(self.0.get(&claim.id), Some((text, _)) if *text == claim.text) {
            return;
        }
        let found = find(&claim.text);
        self.0.insert(claim.id, (claim.text.clone(), found));
    }

    /// The index changed: every claim is looked up again.
    pub fn clear(&mut self) {
        self.0.clear();
    }
}
