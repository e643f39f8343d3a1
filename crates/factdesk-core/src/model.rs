//! The desk's domain model: what a story, a claim and a source are.
//!
//! These types are exactly what is stored in the RON files, so field order
//! here is the order on disk; keep it stable so `git diff` of a desk stays
//! readable.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

use crate::error::Error;
pub use crate::ids::ClaimId;
use crate::ids::{SourceId, StoryId};

pub use crate::record::{Review, StoryChange, StoryEntry, WordChange};

/// Schema version written into every RON file. A file with a larger number
/// was written by a newer factdesk and is refused rather than half-read.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Verdict {
    Pending,
    Confirmed,
    Unconfirmed,
    Disputed,
}

impl Verdict {
    pub const ALL: [Verdict; 4] = [
        Verdict::Pending,
        Verdict::Confirmed,
        Verdict::Unconfirmed,
        Verdict::Disputed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pending => "pending",
            Verdict::Confirmed => "confirmed",
            Verdict::Unconfirmed => "unconfirmed",
            Verdict::Disputed => "disputed",
        }
    }

    /// Case-insensitive; accepts unambiguous prefixes ("conf", "d").
    pub fn parse(s: &str) -> Option<Verdict> {
        let s = s.trim().to_ascii_lowercase();
        if s.is_empty() {
            return None;
        }
        let mut found = Verdict::ALL.iter().filter(|v| v.as_str().starts_with(&s));
        let first = found.next().copied();
        if found.next().is_some() { None } else { first }
    }

    /// The stance of a source linked to a claim with this verdict, unless
    /// the editor says otherwise: a confirmed claim's source supports it, a
    /// disputed one's contradicts it, anything else is context.
    pub fn default_stance(self) -> Stance {
        match self {
            Verdict::Confirmed => Stance::Supports,
            Verdict::Disputed => Stance::Contradicts,
            Verdict::Pending | Verdict::Unconfirmed => Stance::Context,
        }
    }
}

impl std::str::FromStr for Verdict {
    type Err = Error;

    /// [`Verdict::parse`], with the error saying what is accepted.
    fn from_str(s: &str) -> Result<Verdict, Error> {
        Verdict::parse(s).ok_or_else(|| Error::UnknownVerdict(s.to_string()))
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Stance {
    Supports,
    Contradicts,
    Context,
}

impl Stance {
    pub const ALL: [Stance; 3] = [Stance::Supports, Stance::Contradicts, Stance::Context];

    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Supports => "supports",
            Stance::Contradicts => "contradicts",
            Stance::Context => "context",
        }
    }

    pub fn parse(s: &str) -> Option<Stance> {
        let s = s.trim().to_ascii_lowercase();
        if s.is_empty() {
            return None;
        }
        Stance::ALL
            .iter()
            .copied()
            .find(|v| v.as_str().starts_with(&s))
    }
}

impl fmt::Display for Stance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SourceKind {
    Wire,
    OfficialStatement,
    Document,
    Interview,
    SocialPost,
    /// What a new source is until an editor says otherwise.
    #[default]
    Other,
}

impl SourceKind {
    pub const ALL: [SourceKind; 6] = [
        SourceKind::Wire,
        SourceKind::OfficialStatement,
        SourceKind::Document,
        SourceKind::Interview,
        SourceKind::SocialPost,
        SourceKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Wire => "wire",
            SourceKind::OfficialStatement => "official-statement",
            SourceKind::Document => "document",
            SourceKind::Interview => "interview",
            SourceKind::SocialPost => "social-post",
            SourceKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<SourceKind> {
        let norm: String = s
            .trim()
            .to_ascii_lowercase()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        SourceKind::ALL
            .iter()
            .copied()
            .find(|k| k.as_str().replace('-', "") == norm)
    }
}

impl fmt::Display for SourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `desk.ron`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeskSettings {
    pub version: u32,
    pub name: String,
    /// The organisation that publishes the desk's verdicts (used as the
    /// author of exported reviews).
    #[serde(default)]
    pub organisation: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    /// The desk's rule for confirming: at least this many `supports` links
    /// from distinct sources (AFP asks for two). 0 or 1: no rule.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub confirm_needs: u32,
    /// Import suggests the sentences scoring at least this much.
    #[serde(default = "default_suggest_threshold")]
    pub suggest_threshold: Score,
    /// Import never suggests more claims than this, keeping the best scored.
    #[serde(default = "default_suggest_cap")]
    pub suggest_cap: usize,
    /// How the story screen lists claims; the screen remembers the last
    /// choice here.
    #[serde(default)]
    pub claim_order: ClaimOrder,
}

/// The order of a story's claims on the story screen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClaimOrder {
    /// As they come in the article.
    #[default]
    Article,
    /// Most worth checking first (by import's score; claims without one,
    /// added by hand, after those with one), equal scores in article order.
    Score,
}

impl ClaimOrder {
    pub fn toggled(self) -> ClaimOrder {
        match self {
            ClaimOrder::Article => ClaimOrder::Score,
            ClaimOrder::Score => ClaimOrder::Article,
        }
    }

    /// The claims' indices in this order.
    pub fn arrange(self, claims: &[Claim]) -> Vec<usize> {
        let mut order: Vec<usize> = (0..claims.len()).collect();
        let at = |i: usize| claims.get(i).map_or(0, |c| c.anchor.start);
        match self {
            ClaimOrder::Article => order.sort_by_key(|&i| (at(i), i)),
            ClaimOrder::Score => order.sort_by_key(|&i| {
                let score = claims.get(i).and_then(|c| c.score);
                (std::cmp::Reverse(score), at(i), i)
            }),
        }
        order
    }
}

fn default_suggest_threshold() -> Score {
    crate::import::DEFAULT_THRESHOLD
}

fn default_suggest_cap() -> usize {
    crate::import::DEFAULT_CAP
}

impl DeskSettings {
    /// The settings of a new desk called `name`.
    pub fn new(name: &str) -> DeskSettings {
        DeskSettings {
            version: SCHEMA_VERSION,
            name: name.to_string(),
            organisation: None,
            url: None,
            suggest_threshold: default_suggest_threshold(),
            suggest_cap: default_suggest_cap(),
            confirm_needs: 0,
            claim_order: ClaimOrder::default(),
        }
    }
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// One entry of the desk's source registry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub id: SourceId,
    pub name: String,
    pub kind: SourceKind,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub outlet: Option<String>,
    #[serde(default)]
    pub accessed: Option<NaiveDate>,
}

/// `sources.ron`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceRegistry {
    pub version: u32,
    pub sources: Vec<Source>,
    /// Sources merged into others (`factdesk source merge`): a link to one
    /// of them that turns up later (from another machine, or saved by an
    /// editor who linked it meanwhile) is moved to the source kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merged: Vec<MergedSource>,
    /// Fields of sources changed two ways on two machines, until an
    /// editor picks one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<SourceConflict>,
}

impl Default for SourceRegistry {
    fn default() -> Self {
        SourceRegistry {
            version: SCHEMA_VERSION,
            sources: Vec::new(),
            merged: Vec::new(),
            conflicts: Vec::new(),
        }
    }
}

impl SourceRegistry {
    pub fn get(&self, id: &SourceId) -> Option<&Source> {
        self.sources.iter().find(|s| &s.id == id)
    }

    /// The source that `id`, merged away, now is (following merges of
    /// merges); `None` when `id` was never merged.
    pub fn merged_into(&self, id: &SourceId) -> Option<&SourceId> {
        let mut into = &self.merged.iter().find(|m| &m.from == id)?.into;
        // Bounded: a hand-edited file could hold a cycle.
        for _ in 0..self.merged.len() {
            match self.merged.iter().find(|m| &m.from == into) {
                Some(m) => into = &m.into,
                None => break,
            }
        }
        (into != id).then_some(into)
    }

    /// The conflicts recorded on source `id`.
    pub fn conflicts_of<'a>(
        &'a self,
        id: &'a SourceId,
    ) -> impl Iterator<Item = &'a crate::conflict::Conflict> + 'a {
        self.conflicts
            .iter()
            .filter(move |c| &c.source == id)
            .map(|c| &c.conflict)
    }
}

/// `from` was merged into `into` by `by` at `at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergedSource {
    pub from: SourceId,
    pub into: SourceId,
    pub by: String,
    pub at: DateTime<Utc>,
}

/// A conflict on one field of source `source`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceConflict {
    pub source: SourceId,
    pub conflict: crate::conflict::Conflict,
}

/// Where a claim sits in `article.txt`: a byte range, plus a little of the
/// text on either side so it can be found again if the article is corrected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    pub start: usize,
    pub end: usize,
    /// The article's text between `start` and `end` when last anchored. The
    /// claim's wording may be edited; this stays what the article says.
    pub quote: String,
    pub prefix: String,
    pub suffix: String,
}

/// A check-worthiness score, or one cue's share of it, in hundredths: sums
/// of weights are then exact and the same on every machine, and the files
/// show `1.25`, not `1.2500000000000002`. Stored as a plain number.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Score(i32);

impl Score {
    pub const ZERO: Score = Score(0);

    pub const fn from_hundredths(h: i32) -> Score {
        Score(h)
    }

    pub fn hundredths(self) -> i32 {
        self.0
    }

    /// The nearest score to `x`; `None` for a value that is not a finite
    /// number or is too large to be a weight.
    pub fn from_f64(x: f64) -> Option<Score> {
        let h = (x * 100.0).round();
        (h.is_finite() && h.abs() <= 1e9).then_some(Score(h as i32))
    }

    pub fn as_f64(self) -> f64 {
        f64::from(self.0) / 100.0
    }

    /// With its sign always shown, as a cue's weight reads: `+1.20`,
    /// `−0.85` (a true minus sign).
    pub fn signed(self) -> String {
        let sign = if self.0 < 0 { '−' } else { '+' };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

impl std::ops::Add for Score {
    type Output = Score;
    fn add(self, other: Score) -> Score {
        Score(self.0.saturating_add(other.0))
    }
}

impl std::iter::Sum for Score {
    fn sum<I: Iterator<Item = Score>>(iter: I) -> Score {
        iter.fold(Score::ZERO, |a, b| a + b)
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        f.pad(&format!("{sign}{}.{:02}", abs / 100, abs % 100))
    }
}

impl Serialize for Score {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.as_f64())
    }
}

impl<'de> Deserialize<'de> for Score {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Score, D::Error> {
        let x = f64::deserialize(d)?;
        Score::from_f64(x).ok_or_else(|| serde::de::Error::custom("not a usable number"))
    }
}

/// One reason a sentence scored what it did: a named cue, its weight, and
/// the words of the sentence that set it off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cue {
    pub name: String,
    pub weight: Score,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceLink {
    pub source: SourceId,
    pub stance: Stance,
    #[serde(default)]
    pub note: Option<String>,
}

/// What one history entry changed, from what to what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    Created {
        text: String,
    },
    Verdict {
        from: Verdict,
        to: Verdict,
    },
    Text {
        from: String,
        to: String,
    },
    Note {
        from: String,
        to: String,
    },
    Linked {
        source: SourceId,
        stance: Stance,
        /// The stance it had before, when it was already linked.
        #[serde(default)]
        was: Option<Stance>,
    },
    Unlinked {
        source: SourceId,
        stance: Stance,
    },
    /// The note on a link changed (its stance did not, or that is its
    /// own [`Change::Linked`] entry).
    LinkNote {
        source: SourceId,
        from: Option<String>,
        to: Option<String>,
    },
    /// Who said the claim was set, changed or (`None`) cleared.
    Speaker {
        from: Option<String>,
        to: Option<String>,
    },
    Deleted,
    Restored,
    Reanchored {
        from: (usize, usize),
        to: (usize, usize),
    },
    Orphaned,
    /// A conflict left by a merge was settled: `field` is now `to`.
    Resolved {
        field: crate::conflict::Field,
        to: crate::conflict::Value,
    },
    /// A settled conflict was put back (undo).
    Reopened {
        field: crate::conflict::Field,
    },
    /// Deleted, with the editor's reason. (A plain deletion stays
    /// `Deleted`, the form older files hold.)
    DeletedBecause {
        note: String,
    },
    /// The article was corrected under the claim: its verdict stands, but
    /// an editor should look again.
    NeedsReview {
        review: Review,
    },
    /// An editor looked again: by re-ruling (`verdict`) or by saying so.
    Reviewed {
        #[serde(default)]
        verdict: Option<Verdict>,
    },
    /// The verdict and sources were taken from an earlier ruling of the
    /// same claim in another story.
    TakenFrom {
        story: StoryId,
        claim: ClaimId,
    },
    /// Confirmed with fewer supporting sources than the desk's rule asks.
    BelowRule {
        supports: u32,
        needs: u32,
    },
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::Created { .. } => write!(f, "created"),
            Change::Verdict { from, to } => write!(f, "verdict {from} → {to}"),
            Change::Text { from, to } => write!(f, "wording “{from}” → “{to}”"),
            Change::Note { from, to } if from.is_empty() => write!(f, "note set to “{to}”"),
            Change::Note { from, to } => write!(f, "note “{from}” → “{to}”"),
            Change::Linked {
                source,
                stance,
                was: None,
            } => write!(f, "linked {source} ({stance})"),
            Change::Linked {
                source,
                stance,
                was: Some(was),
            } => write!(f, "link {source} {was} → {stance}"),
            Change::Unlinked { source, stance } => write!(f, "unlinked {source} ({stance})"),
            Change::LinkNote {
                source, to: None, ..
            } => write!(f, "note on {source} cleared"),
            Change::LinkNote {
                source,
                from: None,
                to: Some(to),
            } => write!(f, "note on {source} set to “{to}”"),
            Change::LinkNote {
                source,
                from: Some(from),
                to: Some(to),
            } => write!(f, "note on {source} “{from}” → “{to}”"),
            Change::Speaker {
                from: None,
                to: Some(to),
            } => write!(f, "speaker set to “{to}”"),
            Change::Speaker {
                from: Some(from),
                to: None,
            } => {
                write!(f, "speaker “{from}” cleared")
            }
            Change::Speaker {
                from: Some(from),
                to: Some(to),
            } => write!(f, "speaker “{from}” → “{to}”"),
            Change::Speaker {
                from: None,
                to: None,
            } => write!(f, "speaker cleared"),
            Change::Deleted => write!(f, "deleted"),
            Change::Restored => write!(f, "restored"),
            Change::Reanchored { from, to } if from == to => {
                write!(f, "re-anchored in place at {}..{}", from.0, from.1)
            }
            Change::Reanchored { from, to } => {
                write!(f, "re-anchored {}..{} → {}..{}", from.0, from.1, to.0, to.1)
            }
            Change::Orphaned => write!(f, "orphaned: text no longer in article"),
            Change::Resolved { field, to } => write!(f, "conflict on {field} resolved: {to}"),
            Change::Reopened { field } => write!(f, "conflict on {field} reopened"),
            Change::DeletedBecause { note } => write!(f, "deleted: “{note}”"),
            Change::NeedsReview { review } => write!(f, "needs review: {review}"),
            Change::Reviewed { verdict: None } => write!(f, "reviewed"),
            Change::Reviewed { verdict: Some(v) } => write!(f, "reviewed, ruled {v}"),
            Change::TakenFrom { story, claim } => {
                write!(f, "verdict and sources taken from {story}#{claim}")
            }
            Change::BelowRule { supports, needs } => write!(
                f,
                "confirmed with {supports} supporting source{} (the desk asks for {needs})",
                if *supports == 1 { "" } else { "s" }
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub at: DateTime<Utc>,
    pub editor: String,
    pub change: Change,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    pub id: ClaimId,
    pub text: String,
    pub anchor: Anchor,
    /// True when the quoted text could no longer be found in the article;
    /// the claim is kept, with its verdict, rather than dropped.
    #[serde(default)]
    pub orphaned: bool,
    #[serde(default)]
    pub speaker: Option<String>,
    /// How worth checking import found the sentence (the sum of its cues'
    /// weights); none for claims added by hand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<Score>,
    /// The cues that made the score, strongest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cues: Vec<Cue>,
    pub verdict: Verdict,
    #[serde(default)]
    pub sources: Vec<SourceLink>,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub history: Vec<HistoryEntry>,
    /// Fields two editors changed two ways, kept until one is picked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<crate::conflict::Conflict>,
    /// The article was corrected under the claim (see [`Claim::review`]).
    #[serde(default, skip_serializing_if = "is_false")]
    pub needs_review: bool,
    /// Why it needs review and the words that changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
}

impl Claim {
    /// Who deleted the claim, when, and why if they said; `None` unless
    /// its last recorded change is a deletion.
    pub fn deletion(&self) -> Option<(&HistoryEntry, Option<&str>)> {
        let last = self.history.iter().rev().find(|h| {
            matches!(
                h.change,
                Change::Deleted | Change::DeletedBecause { .. } | Change::Restored
            )
        })?;
        match &last.change {
            Change::Deleted => Some((last, None)),
            Change::DeletedBecause { note } => Some((last, Some(note.as_str()))),
            _ => None,
        }
    }

    /// Distinct sources linked as supporting the claim.
    pub fn supports(&self) -> u32 {
        let mut ids: Vec<&SourceId> = self
            .sources
            .iter()
            .filter(|l| l.stance == Stance::Supports)
            .map(|l| &l.source)
            .collect();
        ids.sort();
        ids.dedup();
        u32::try_from(ids.len()).unwrap_or(u32::MAX)
    }

    /// The links to sources that `registry` does not hold (removed, or a
    /// registry from another desk).
    pub fn unregistered_links<'a>(
        &'a self,
        registry: &'a SourceRegistry,
    ) -> impl Iterator<Item = &'a SourceLink> {
        self.sources
            .iter()
            .filter(|l| registry.get(&l.source).is_none())
    }

    pub fn link(&self, source: &SourceId) -> Option<&SourceLink> {
        self.sources.iter().find(|l| &l.source == source)
    }

    /// When the claim was last given a verdict other than pending.
    pub fn last_ruled(&self) -> Option<DateTime<Utc>> {
        self.history
            .iter()
            .rev()
            .find(|h| matches!(h.change, Change::Verdict { .. }))
            .map(|h| h.at)
    }
}

/// `stories/<id>/story.ron`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    pub version: u32,
    pub id: StoryId,
    pub headline: String,
    #[serde(default)]
    pub date: Option<NaiveDate>,
    #[serde(default)]
    pub dateline: Option<String>,
    #[serde(default)]
    pub outlet: Option<String>,
    /// Who wrote it, as the page or feed credits them. Left out of the file
    /// when unknown, so stories written before it existed read and save
    /// unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byline: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    pub imported_at: DateTime<Utc>,
    pub imported_by: String,
    /// Size in bytes of `article.txt` when the claims were last anchored;
    /// a different size means the article was corrected and claims must be
    /// re-anchored.
    pub article_len: usize,
    /// SHA-256 of `article.txt` when the claims were last anchored (hex);
    /// catches a correction that keeps the length ("30" → "40"). Older
    /// stories have none until their article next changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article_sha256: Option<String>,
    /// Next claim id to hand out; ids are never reused, even after delete.
    pub next_claim: ClaimId,
    /// Who is on the story, as the desk decided (`factdesk story assign`);
    /// synced with the rest, unlike the per-machine lock. Before `claims`
    /// so that a save still re-renders only the claims that changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignment: Option<Assignment>,
    /// What happened to the story as a whole: revisions of its article,
    /// deletion and restore.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<StoryEntry>,
    /// The live claims, in article order.
    pub claims: Vec<Claim>,
    /// Deleted claims, kept whole with their history: out of every list,
    /// search, count and export, back with a restore.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deleted_claims: Vec<Claim>,
}

/// Who a story is assigned to (`None`: the assignment was cleared), by
/// whom and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    pub editor: Option<String>,
    pub by: String,
    pub at: DateTime<Utc>,
}

impl Story {
    pub fn claim(&self, id: ClaimId) -> Option<&Claim> {
        self.claims.iter().find(|c| c.id == id)
    }

    pub fn claim_mut(&mut self, id: ClaimId) -> Option<&mut Claim> {
        self.claims.iter_mut().find(|c| c.id == id)
    }

    pub fn claim_index(&self, id: ClaimId) -> Option<usize> {
        self.claims.iter().position(|c| c.id == id)
    }

    /// The editor the story is assigned to, if any.
    pub fn assignee(&self) -> Option<&str> {
        self.assignment.as_ref()?.editor.as_deref()
    }

    /// How many conflicts its claims hold, unresolved.
    pub fn conflict_count(&self) -> usize {
        self.claims.iter().map(|c| c.conflicts.len()).sum()
    }

    /// The claims every list, search, count and export shows: all of
    /// [`Story::claims`], never [`Story::deleted_claims`].
    pub fn live_claims(&self) -> &[Claim] {
        &self.claims
    }

    /// A deleted claim, kept for the record.
    pub fn deleted_claim(&self, id: ClaimId) -> Option<&Claim> {
        self.deleted_claims.iter().find(|c| c.id == id)
    }

    /// A claim, live or deleted.
    pub fn any_claim(&self, id: ClaimId) -> Option<&Claim> {
        self.claim(id).or_else(|| self.deleted_claim(id))
    }

    /// Live claims that need review.
    pub fn needing_review(&self) -> usize {
        self.claims.iter().filter(|c| c.needs_review).count()
    }

    /// The number of revisions of the article taken so far.
    pub fn revision(&self) -> u32 {
        self.history
            .iter()
            .filter_map(|h| match h.change {
                StoryChange::Revised { revision, .. } => Some(revision),
                _ => None,
            })
            .max()
            .unwrap_or(0)
    }

    pub fn counts(&self) -> VerdictCounts {
        let mut counts = VerdictCounts::default();
        for c in &self.claims {
            counts.add(c.verdict);
        }
        counts
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerdictCounts {
    pub pending: usize,
    pub confirmed: usize,
    pub unconfirmed: usize,
    pub disputed: usize,
}

impl VerdictCounts {
    pub fn add(&mut self, v: Verdict) {
        *self.get_mut(v) += 1;
    }

    pub fn get(&self, v: Verdict) -> usize {
        match v {
            Verdict::Pending => self.pending,
            Verdict::Confirmed => self.confirmed,
            Verdict::Unconfirmed => self.unconfirmed,
            Verdict::Disputed => self.disputed,
        }
    }

    fn get_mut(&mut self, v: Verdict) -> &mut usize {
        match v {
            Verdict::Pending => &mut self.pending,
            Verdict::Confirmed => &mut self.confirmed,
            Verdict::Unconfirmed => &mut self.unconfirmed,
            Verdict::Disputed => &mut self.disputed,
        }
    }

    pub fn total(&self) -> usize {
        self.pending + self.confirmed + self.unconfirmed + self.disputed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdict_parse_accepts_unambiguous_prefixes() {
        assert_eq!(Verdict::parse("Confirmed"), Some(Verdict::Confirmed));
        assert_eq!(Verdict::parse("d"), Some(Verdict::Disputed));
        assert_eq!(Verdict::parse("un"), Some(Verdict::Unconfirmed));
        assert_eq!(Verdict::parse(""), None);
        assert_eq!(Verdict::parse("maybe"), None);
    }

    #[test]
    fn source_kind_parse_ignores_separators() {
        assert_eq!(
            SourceKind::parse("official statement"),
            Some(SourceKind::OfficialStatement)
        );
        assert_eq!(
            SourceKind::parse("social_post"),
            Some(SourceKind::SocialPost)
        );
        assert_eq!(SourceKind::parse("fax"), None);
    }
}
