//! "Seen before": the claims ruled on in other stories whose wording the
//! selected claim repeats, from an index over the ruled claims of the desk.

use chrono::NaiveDate;
use std::collections::HashMap;

use factdesk_core::archive::ClaimRow;
use factdesk_core::model::{Claim, ClaimId, Story, Verdict};
use factdesk_core::similar;
use factdesk_core::slug::StoryId;

/// A claim ruled on in another story whose wording the selected claim
/// repeats.
#[derive(Debug, Clone, PartialEq)]
pub struct SeenBefore {
    pub story: StoryId,
    pub claim: ClaimId,
    pub headline: String,
    pub date: Option<NaiveDate>,
    pub verdict: Verdict,
    /// "82% of words shared: …".
    pub why: String,
}

/// [`similar::Index`] over the ruled claims of the desk, built once from
/// the archive rows and kept up to date with the open story's edits.
#[derive(Debug, Clone, Default)]
pub struct SimilarIndex {
    index: similar::Index,
    /// What each indexed doc is; `None` once replaced by a later edit.
    docs: Vec<Option<SeenBefore>>,
    /// The docs of each story.
    by_story: HashMap<StoryId, Vec<usize>>,
}

impl SimilarIndex {
    /// The index of the ruled claims among `rows`.
    pub fn of_rows(rows: &[ClaimRow]) -> SimilarIndex {
        let mut ix = SimilarIndex::default();
        for r in rows.iter().filter(|r| r.verdict != Verdict::Pending) {
            let seen = SeenBefore {
                story: r.story.clone(),
                claim: r.claim,
                headline: r.headline.clone(),
                date: r.date,
                verdict: r.verdict,
                why: String::new(),
            };
            ix.add(&r.text, seen);
        }
        ix
    }

    fn add(&mut self, text: &str, seen: SeenBefore) {
        let doc = self.index.add(text);
        self.by_story
            .entry(seen.story.clone())
            .or_default()
            .push(doc);
        self.docs.push(Some(seen));
    }

    /// Index the ruled claims of `story` afresh.
    pub fn replace_story(&mut self, story: &Story) {
        for doc in self.by_story.remove(&story.id).unwrap_or_default() {
            if let Some(d) = self.docs.get_mut(doc) {
                *d = None;
            }
        }
        for c in story
            .claims
            .iter()
            .filter(|c| c.verdict != Verdict::Pending)
        {
            let seen = SeenBefore {
                story: story.id.clone(),
                claim: c.id,
                headline: story.headline.clone(),
                date: story.date,
                verdict: c.verdict,
                why: String::new(),
            };
            self.add(&c.text, seen);
        }
    }

    /// The best earlier verdict, in a story other than `story`, on a claim
    /// worded like `text`.
    pub fn seen_before(&self, story: &StoryId, text: &str) -> Option<SeenBefore> {
        let other_story = |doc: usize| {
            self.docs
                .get(doc)
                .and_then(Option::as_ref)
                .is_some_and(|d| d.story != *story)
        };
        let m = self
            .index
            .similar(text, similar::THRESHOLD, other_story)
            .into_iter()
            .next()?;
        let mut seen = self.docs.get(m.doc)?.clone()?;
        seen.why = m.why(6);
        Some(seen)
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
