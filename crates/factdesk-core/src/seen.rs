//! "Seen before" over the desk: for a claim, the rulings on the same claim
//! in other stories, each with the earlier claim's own wording, verdict,
//! story and date, and how it differs (a figure, a date, a negation, a
//! name). Candidates come from [`similar::Index`]; every candidate is
//! explained by [`similar::compare`], the one comparison of two wordings.
//!
//! Only a match without differences is the same claim: its verdict and
//! sources may be taken over ([`take_earlier`]), and ruling the claim
//! otherwise is worth saying ([`disagreeing`]).

use chrono::NaiveDate;
use serde::Serialize;

use crate::archive::{self, ClaimRow};
use crate::edit::Edit;
use crate::error::{Error, Result};
use crate::ids::StoryId;
use crate::model::{ClaimId, SourceLink, Story, Verdict};
use crate::similar::{self, Difference, Index};
use crate::store::Desk;

/// At most this many matches per claim, best first.
pub const MAX_MATCHES: usize = 5;

/// One earlier ruling of a claim like `claim`; the shape of `factdesk seen
/// --json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeenMatch {
    /// The claim looked up, in its own story.
    pub claim: ClaimId,
    /// The earlier claim's story.
    pub story: StoryId,
    pub earlier_claim: ClaimId,
    /// The earlier claim's own wording.
    pub text: String,
    pub verdict: Verdict,
    /// The earlier story's date.
    pub date: Option<NaiveDate>,
    /// Similarity of the wordings, 0..=1.
    pub score: f64,
    /// Words in common.
    pub shared: Vec<String>,
    /// Empty: the same claim. Otherwise "similar, but different".
    pub differences: Vec<Difference>,
    /// The earlier claim's source links (not in the JSON: `take_earlier`
    /// copies them).
    #[serde(skip)]
    pub sources: Vec<SourceLink>,
}

impl SeenMatch {
    pub fn same_claim(&self) -> bool {
        self.differences.is_empty()
    }

    /// `similar, but different: figure 47 → 56; date May 28 → May 29`, or
    /// `the same claim`.
    pub fn label(&self) -> String {
        if self.same_claim() {
            return "the same claim".to_string();
        }
        let list: Vec<String> = self.differences.iter().map(ToString::to_string).collect();
        format!("similar, but different: {}", list.join("; "))
    }
}

/// The desk's ruled claims, for "seen before": looked up through the
/// archive's index, or, on a desk without one (a read-only copy), in an
/// index of every ruled claim built in memory.
pub struct Earlier {
    archive: Option<archive::Archive>,
    rows: Vec<ClaimRow>,
    index: Index,
}

impl Earlier {
    /// The ruled claims among `rows` (live claims only: archive rows never
    /// hold deleted ones), indexed in memory.
    pub fn of_rows(rows: Vec<ClaimRow>) -> Earlier {
        let rows: Vec<ClaimRow> = rows
            .into_iter()
            .filter(|r| r.verdict != Verdict::Pending)
            .collect();
        let index = Index::build(rows.iter().map(|r| r.text.as_str()));
        Earlier {
            archive: None,
            rows,
            index,
        }
    }

    /// The desk's ruled claims, through its archive; stories that cannot
    /// be read come back beside them.
    pub fn load(desk: &Desk) -> (Earlier, Vec<Error>) {
        match archive::Archive::open(desk) {
            Ok(a) => {
                let problems = a.problems();
                (
                    Earlier {
                        archive: Some(a),
                        rows: Vec::new(),
                        index: Index::default(),
                    },
                    problems,
                )
            }
            Err(_) => {
                let (rows, problems) = archive::load(desk);
                (Earlier::of_rows(rows), problems)
            }
        }
    }

    /// Earlier rulings in other stories than `story` of a claim worded
    /// `text`, best first.
    pub fn matches(&self, story: &StoryId, claim: ClaimId, text: &str) -> Vec<SeenMatch> {
        let found: Vec<(ClaimRow, similar::Match)> = match &self.archive {
            Some(a) => a
                .similar(story, text, similar::THRESHOLD, MAX_MATCHES)
                .unwrap_or_default(),
            None => self
                .index
                .similar(text, similar::THRESHOLD, |doc| {
                    self.rows.get(doc).is_some_and(|r| &r.story != story)
                })
                .into_iter()
                .filter_map(|m| Some((self.rows.get(m.doc)?.clone(), m)))
                .take(MAX_MATCHES)
                .collect(),
        };
        found
            .into_iter()
            .map(|(row, _)| {
                let c = similar::compare(text, &row.text);
                SeenMatch {
                    claim,
                    story: row.story.clone(),
                    earlier_claim: row.claim,
                    text: row.text.clone(),
                    verdict: row.verdict,
                    date: row.date,
                    score: c.score,
                    shared: c.shared,
                    differences: c.differences,
                    sources: row.links(),
                }
            })
            .collect()
    }

    /// The matches of one claim of `story`, or of every live claim.
    pub fn of_story(&self, story: &Story, claim: Option<ClaimId>) -> Result<Vec<SeenMatch>> {
        if let Some(id) = claim {
            let c = story
                .claim(id)
                .ok_or_else(|| match story.deleted_claim(id) {
                    Some(_) => Error::DeletedClaim {
                        story: story.id.to_string(),
                        claim: id,
                    },
                    None => Error::UnknownClaim {
                        story: story.id.to_string(),
                        claim: id,
                    },
                })?;
            return Ok(self.matches(&story.id, id, &c.text));
        }
        Ok(story
            .live_claims()
            .iter()
            .flat_map(|c| self.matches(&story.id, c.id, &c.text))
            .collect())
    }
}

/// The edit that rules `m.claim` as the earlier claim was ruled, with its
/// sources, recorded as taken from `STORY#N`. Refused for a match that
/// differs (another figure, date, negation or name): that earlier verdict
/// says nothing about this claim.
pub fn take_earlier(m: &SeenMatch) -> Result<Edit> {
    if !m.same_claim() {
        return Err(Error::NotTheSameClaim {
            story: m.story.to_string(),
            claim: m.earlier_claim,
            differs: m.label(),
        });
    }
    Ok(Edit::TakeEarlier {
        claim: m.claim,
        story: m.story.clone(),
        earlier: m.earlier_claim,
        verdict: m.verdict,
        sources: m.sources.clone(),
    })
}

/// The earlier ruling of the same claim (no differences) that `verdict`
/// would contradict: what the screen says before, or as, an editor rules
/// a claim otherwise than the desk already did. `None` when the desk
/// agrees or has no such ruling.
pub fn disagreeing(matches: &[SeenMatch], verdict: Verdict) -> Option<&SeenMatch> {
    if verdict == Verdict::Pending {
        return None;
    }
    matches
        .iter()
        .find(|m| m.same_claim() && m.verdict != verdict)
}
