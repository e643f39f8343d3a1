//! "Seen before": the claims ruled on in other stories whose wording the
//! selected claim repeats, from an index over the ruled claims of the desk,
//! each compared with it by core's `similar::compare`.

use chrono::NaiveDate;
use std::collections::HashMap;

use factdesk_core::archive::ClaimRow;
use factdesk_core::model::{Claim, ClaimId, SourceLink, Story, Verdict};
use factdesk_core::seen::SeenMatch;
use factdesk_core::similar::{self, Difference};
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

/// An indexed claim: where it is and how it was ruled.
#[derive(Debug, Clone, PartialEq)]
struct Doc {
    story: StoryId,
    claim: ClaimId,
    headline: String,
    date: Option<NaiveDate>,
    verdict: Verdict,
    text: String,
    sources: Vec<SourceLink>,
}

/// [`similar::Index`] over the ruled claims of the desk, built once from
/// the archive rows and kept up to date with the open story's edits.
#[derive(Debug, Clone, Default)]
pub struct SimilarIndex {
    index: similar::Index,
    /// What each indexed doc is; `None` once replaced by a later edit.
    docs: Vec<Option<Doc>>,
    /// The docs of each story.
    by_story: HashMap<StoryId, Vec<usize>>,
}

impl SimilarIndex {
    /// The index of the ruled claims among `rows`.
    pub fn of_rows(rows: &[ClaimRow]) -> SimilarIndex {
        let mut ix = SimilarIndex::default();
        for r in rows.iter().filter(|r| r.verdict != Verdict::Pending) {
            ix.add(Doc {
                story: r.story.clone(),
                claim: r.claim,
                headline: r.headline.clone(),
                date: r.date,
                verdict: r.verdict,
                text: r.text.clone(),
                sources: r
                    .sources
                    .iter()
                    .map(|(source, stance)| SourceLink {
                        source: source.clone(),
                        stance: *stance,
                        note: None,
                    })
                    .collect(),
            });
        }
        ix
    }

    fn add(&mut self, doc: Doc) {
        let n = self.index.add(&doc.text);
        self.by_story.entry(doc.story.clone()).or_default().push(n);
        self.docs.push(Some(doc));
    }

    /// Index the ruled claims of `story` afresh.
    pub fn replace_story(&mut self, story: &Story) {
        for doc in self.by_story.remove(&story.id).unwrap_or_default() {
            if let Some(d) = self.docs.get_mut(doc) {
                *d = None;
            }
        }
        for c in story
            .live_claims()
            .iter()
            .filter(|c| c.verdict != Verdict::Pending)
        {
            self.add(Doc {
                story: story.id.clone(),
                claim: c.id,
                headline: story.headline.clone(),
                date: story.date,
                verdict: c.verdict,
                text: c.text.clone(),
                sources: c.sources.clone(),
            });
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
        let doc = self.docs.get(m.doc)?.as_ref()?;
        let compared = similar::compare(text, &doc.text);
        Some(SeenBefore {
            story: doc.story.clone(),
            claim: doc.claim,
            headline: doc.headline.clone(),
            date: doc.date,
            verdict: doc.verdict,
            text: doc.text.clone(),
            sources: doc.sources.clone(),
            why: m.why(6),
            score: compared.score,
            differences: compared.differences,
        })
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
