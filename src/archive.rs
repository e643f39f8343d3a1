//! The archive: every claim of the desk in one flat list, and search over
//! it with the [`crate::query`] language.
//!
//! Rows carry what the search needs already prepared (lower-cased filter
//! fields, the quote and the other searchable text in the matcher's own
//! representation), so a search over many rows allocates nothing per row
//! that does not match. Keep one [`Searcher`] around and call it on every
//! keystroke.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use nucleo_matcher::pattern::{Atom, CaseMatching, Normalization};
use nucleo_matcher::{Config, Matcher, Utf32String};
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::model::{ClaimId, SourceRegistry, Stance, Story, Verdict};
use crate::query::Query;
use crate::slug::{SourceId, StoryId};
use crate::store::Desk;
use crate::store::cache::Text;

/// One claim, with what the archive shows and searches of its story.
#[derive(Debug, Clone)]
pub struct ClaimRow {
    pub story: StoryId,
    pub claim: ClaimId,
    /// The story's date.
    pub date: Option<NaiveDate>,
    pub outlet: Option<String>,
    pub headline: String,
    pub story_url: Option<String>,
    pub speaker: Option<String>,
    pub verdict: Verdict,
    /// The claim's wording.
    pub text: String,
    pub note: String,
    pub orphaned: bool,
    /// Linked sources with their stance, in link order.
    pub sources: Vec<(SourceId, Stance)>,
    /// The registry names of `sources`, same order; the id when the source
    /// is not in the registry.
    pub source_names: Vec<String>,
    pub imported_at: DateTime<Utc>,
    /// When the claim last got a verdict (see [`crate::model::Claim::last_ruled`]).
    pub last_ruled: Option<DateTime<Utc>>,
    /// How many changes each editor made to the claim, in order of first
    /// change.
    pub editors: Vec<(String, u32)>,
    prepared: Prepared,
}

/// Search material made once per row.
#[derive(Debug, Clone, Default)]
struct Prepared {
    quote: Utf32String,
    speaker: Utf32String,
    note: Utf32String,
    sources: Utf32String,
    speaker_lc: String,
    outlet_lc: String,
    /// Ids and names of the linked sources, lower case, one a line.
    sources_lc: String,
}

/// What the archive keeps of a story: its header and a record per claim.
/// This is what `DESK/.cache/claims` holds, so it is compact: times as
/// seconds, dates as days, no history beyond who edited how often.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoryRecord<'a> {
    #[serde(borrow)]
    pub id: Text<'a>,
    pub date: Option<i32>,
    #[serde(borrow)]
    pub outlet: Option<Text<'a>>,
    #[serde(borrow)]
    pub headline: Text<'a>,
    #[serde(borrow)]
    pub url: Option<Text<'a>>,
    pub imported_at: i64,
    #[serde(borrow)]
    pub claims: Vec<ClaimRecord<'a>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClaimRecord<'a> {
    pub id: ClaimId,
    #[serde(borrow)]
    pub speaker: Option<Text<'a>>,
    pub verdict: Verdict,
    #[serde(borrow)]
    pub text: Text<'a>,
    #[serde(borrow)]
    pub note: Text<'a>,
    pub orphaned: bool,
    #[serde(borrow)]
    pub sources: Vec<(Text<'a>, Stance)>,
    pub last_ruled: Option<i64>,
    #[serde(borrow)]
    pub editors: Vec<(Text<'a>, u32)>,
}

fn days(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

fn from_days(d: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(d)
}

fn from_secs(s: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(s, 0).unwrap_or_default()
}

fn text(s: &str) -> Text<'static> {
    Text::from(s)
}

impl StoryRecord<'static> {
    pub fn of(story: &Story) -> StoryRecord<'static> {
        StoryRecord {
            id: text(story.id.as_str()),
            date: story.date.map(days),
            outlet: story.outlet.as_deref().map(text),
            headline: text(&story.headline),
            url: story.url.as_deref().map(text),
            imported_at: story.imported_at.timestamp(),
            claims: story
                .claims
                .iter()
                .map(|c| {
                    let mut editors: Vec<(Text<'static>, u32)> = Vec::new();
                    for h in &c.history {
                        match editors.iter_mut().find(|(e, _)| e.as_str() == h.editor) {
                            Some((_, n)) => *n += 1,
                            None => editors.push((text(&h.editor), 1)),
                        }
                    }
                    ClaimRecord {
                        id: c.id,
                        speaker: c.speaker.as_deref().map(text),
                        verdict: c.verdict,
                        text: text(&c.text),
                        note: text(&c.note),
                        orphaned: c.orphaned,
                        sources: c
                            .sources
                            .iter()
                            .map(|l| (text(l.source.as_str()), l.stance))
                            .collect(),
                        last_ruled: c.last_ruled().map(|t| t.timestamp()),
                        editors,
                    }
                })
                .collect(),
        }
    }
}

impl StoryRecord<'_> {
    fn sort_key(&self) -> (Option<i32>, i64) {
        (self.date, self.imported_at)
    }
}

impl ClaimRecord<'_> {
    /// The filter test of [`ClaimRow::passes`], on a record, so that rows
    /// are only built for claims that pass.
    fn passes(&self, story: &StoryRecord, f: &Filters, registry: &SourceRegistry) -> bool {
        let contains = |hay: Option<&Text>, needle: &str| {
            hay.is_some_and(|h| h.as_str().to_lowercase().contains(needle))
        };
        f.verdict.is_none_or(|v| v == self.verdict)
            && f.since
                .is_none_or(|d| story.date.is_some_and(|x| x >= days(d)))
            && f.until
                .is_none_or(|d| story.date.is_some_and(|x| x <= days(d)))
            && f.speaker
                .as_deref()
                .is_none_or(|s| contains(self.speaker.as_ref(), s))
            && f.outlet
                .as_deref()
                .is_none_or(|s| contains(story.outlet.as_ref(), s))
            && f.source.as_deref().is_none_or(|s| {
                self.sources.iter().any(|(id, _)| {
                    id.as_str().to_lowercase().contains(s)
                        || registry
                            .sources
                            .iter()
                            .find(|src| src.id.as_str() == id.as_str())
                            .is_some_and(|src| src.name.to_lowercase().contains(s))
                })
            })
    }
}

impl ClaimRow {
    /// Every claim of `story`, in story order.
    pub fn of_story(story: &Story, registry: &SourceRegistry) -> Vec<ClaimRow> {
        let record = StoryRecord::of(story);
        record
            .claims
            .iter()
            .map(|c| ClaimRow::of_record(&story.id, &record, c, registry))
            .collect()
    }

    pub fn of_record(
        id: &StoryId,
        story: &StoryRecord,
        c: &ClaimRecord,
        registry: &SourceRegistry,
    ) -> ClaimRow {
        // Ids in the cache were valid when written; one that is not (a
        // damaged cache) is dropped rather than trusted.
        let sources: Vec<(SourceId, Stance)> = c
            .sources
            .iter()
            .filter_map(|(id, st)| SourceId::parse(id.as_str()).ok().map(|id| (id, *st)))
            .collect();
        let source_names: Vec<String> = sources
            .iter()
            .map(|(id, _)| {
                registry
                    .get(id)
                    .map_or_else(|| id.to_string(), |s| s.name.clone())
            })
            .collect();
        let mut sources_lc = String::new();
        for ((id, _), name) in sources.iter().zip(&source_names) {
            sources_lc.push_str(&id.as_str().to_lowercase());
            sources_lc.push('\n');
            sources_lc.push_str(&name.to_lowercase());
            sources_lc.push('\n');
        }
        let owned = |t: &Option<Text>| t.as_ref().map(|t| t.as_str().to_string());
        let speaker = owned(&c.speaker);
        let outlet = owned(&story.outlet);
        let prepared = Prepared {
            quote: Utf32String::from(c.text.as_str()),
            speaker: Utf32String::from(speaker.as_deref().unwrap_or("")),
            note: Utf32String::from(c.note.as_str()),
            sources: Utf32String::from(source_names.join(" · ")),
            speaker_lc: speaker.as_deref().unwrap_or("").to_lowercase(),
            outlet_lc: outlet.as_deref().unwrap_or("").to_lowercase(),
            sources_lc,
        };
        ClaimRow {
            story: id.clone(),
            claim: c.id,
            date: story.date.and_then(from_days),
            outlet,
            headline: story.headline.as_str().to_string(),
            story_url: owned(&story.url),
            speaker,
            verdict: c.verdict,
            text: c.text.as_str().to_string(),
            note: c.note.as_str().to_string(),
            orphaned: c.orphaned,
            sources,
            source_names,
            imported_at: from_secs(story.imported_at),
            last_ruled: c.last_ruled.map(from_secs),
            editors: c
                .editors
                .iter()
                .map(|(e, n)| (e.as_str().to_string(), *n))
                .collect(),
            prepared,
        }
    }

    /// Whether the row passes the query's filters (text terms aside).
    pub fn passes(&self, f: &Filters) -> bool {
        let p = &self.prepared;
        f.verdict.is_none_or(|v| v == self.verdict)
            && f.speaker
                .as_deref()
                .is_none_or(|s| p.speaker_lc.contains(s))
            && f.outlet.as_deref().is_none_or(|s| p.outlet_lc.contains(s))
            && f.source.as_deref().is_none_or(|s| p.sources_lc.contains(s))
            && f.since.is_none_or(|d| self.date.is_some_and(|x| x >= d))
            && f.until.is_none_or(|d| self.date.is_some_and(|x| x <= d))
    }
}

/// Stories of the desk, newest first (story date, then import time, then
/// id), with the ones that could not be read as errors beside them.
pub fn load_stories(desk: &Desk) -> (Vec<Story>, Vec<Error>) {
    let (ids, mut problems) = match desk.story_ids() {
        Ok(x) => x,
        Err(e) => return (vec![], vec![e]),
    };
    let mut stories = Vec::with_capacity(ids.len());
    for id in ids {
        match desk.load_story(&id) {
            Ok(doc) => stories.push(doc.file.value),
            Err(e) => problems.push(e),
        }
    }
    sort_newest_first(&mut stories);
    (stories, problems)
}

pub fn sort_newest_first(stories: &mut [Story]) {
    stories.sort_by(|a, b| (b.date, b.imported_at, &a.id).cmp(&(a.date, a.imported_at, &b.id)));
}

/// Every claim in the desk: newest story first, claims in story order.
/// A story or registry that cannot be read is reported, not fatal.
pub fn load(desk: &Desk) -> (Vec<ClaimRow>, Vec<Error>) {
    load_matching(desk, &Filters::default())
}

/// The claims that pass `filters`, as [`load`] orders them. Rows are only
/// built for claims that pass, which is what makes a filtered search over
/// a big desk cheap.
pub fn load_matching(desk: &Desk, filters: &Filters) -> (Vec<ClaimRow>, Vec<Error>) {
    let mut buf = Vec::new();
    let (mut stories, mut problems) = match records(desk, &mut buf) {
        Ok(x) => x,
        Err(e) => return (vec![], vec![e]),
    };
    stories.sort_by(|a, b| {
        b.sort_key()
            .cmp(&a.sort_key())
            .then_with(|| a.id.cmp(&b.id))
    });
    let registry = match desk.load_sources() {
        Ok(r) => r.value,
        Err(e) => {
            problems.push(e);
            SourceRegistry::default()
        }
    };
    let mut rows = Vec::new();
    for s in &stories {
        let Ok(id) = StoryId::parse(s.id.as_str()) else {
            continue;
        };
        for c in s.claims.iter().filter(|c| c.passes(s, filters, &registry)) {
            rows.push(ClaimRow::of_record(&id, s, c, &registry));
        }
    }
    (rows, problems)
}

/// The archive records of every story, from the desk's cache where the
/// story's files are unchanged.
pub fn records<'b>(
    desk: &Desk,
    buf: &'b mut Vec<u8>,
) -> Result<(Vec<StoryRecord<'b>>, Vec<Error>), Error> {
    let (stories, problems) = crate::store::cache::Cache::of_story_and_article(desk, "claims")
        .values(buf, |doc| StoryRecord::of(doc.story()))?;
    Ok((stories.into_iter().map(|(_, s)| s).collect(), problems))
}

/// The rows of `stories`, in the order given.
pub fn rows(stories: &[Story], registry: &SourceRegistry) -> Vec<ClaimRow> {
    stories
        .iter()
        .flat_map(|s| ClaimRow::of_story(s, registry))
        .collect()
}

/// A row that matched: its position in the searched slice, its score (0
/// without text terms) and, for highlighting, the matched positions in the
/// quote (sorted, unique; positions of characters — of grapheme clusters
/// when the quote has combining marks — as nucleo counts them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub index: usize,
    pub score: u32,
    pub indices: Vec<u32>,
}

/// The filter part of a query, lower-cased once.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub verdict: Option<Verdict>,
    pub source: Option<String>,
    pub speaker: Option<String>,
    pub outlet: Option<String>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl Filters {
    pub fn of(q: &Query) -> Filters {
        let lc = |s: &Option<String>| s.as_deref().map(str::to_lowercase);
        Filters {
            verdict: q.verdict,
            source: lc(&q.source),
            speaker: lc(&q.speaker),
            outlet: lc(&q.outlet),
            since: q.since,
            until: q.until,
        }
    }
}

/// A reusable search: holds the matcher (and its scratch memory).
#[derive(Debug)]
pub struct Searcher {
    matcher: Matcher,
}

impl Default for Searcher {
    fn default() -> Self {
        Searcher::new()
    }
}

impl Searcher {
    pub fn new() -> Searcher {
        Searcher {
            matcher: Matcher::new(Config::DEFAULT),
        }
    }

    /// Rows matching `q`: by score (best first) when it has text terms,
    /// else in row order (newest first for [`load`]'s rows). Ties keep row
    /// order.
    pub fn search(&mut self, rows: &[ClaimRow], q: &Query) -> Vec<Hit> {
        let filters = Filters::of(q);
        // Each term is one atom: fzf-style prefixes work (`'exact`,
        // `^prefix`, `suffix$`, `!not`), and a quoted term keeps its spaces.
        let atoms: Vec<Atom> = q
            .words
            .iter()
            .map(|w| Atom::parse(w, CaseMatching::Ignore, Normalization::Smart))
            .filter(|a| !a.needle_text().is_empty())
            .collect();
        let mut hits = Vec::new();
        for (index, row) in rows.iter().enumerate() {
            if !row.passes(&filters) {
                continue;
            }
            let Some(score) = self.score(row, &atoms) else {
                continue;
            };
            hits.push(Hit {
                index,
                score,
                indices: Vec::new(),
            });
        }
        if !atoms.is_empty() {
            hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.index.cmp(&b.index)));
            for hit in &mut hits {
                self.quote_indices(&rows[hit.index], &atoms, &mut hit.indices);
            }
        }
        hits
    }

    /// Sum over the atoms of each one's best score in any field; `None`
    /// when an atom matches nowhere (or, for a `!` atom, anywhere).
    fn score(&mut self, row: &ClaimRow, atoms: &[Atom]) -> Option<u32> {
        let p = &row.prepared;
        let fields = [&p.quote, &p.speaker, &p.note, &p.sources];
        let mut total = 0u32;
        for atom in atoms {
            if atom.negative {
                // A negative atom scores Some(0) when it does not match.
                for f in fields {
                    atom.score(f.slice(..), &mut self.matcher)?;
                }
                continue;
            }
            let best = fields
                .iter()
                .filter_map(|f| atom.score(f.slice(..), &mut self.matcher))
                .max()?;
            total += u32::from(best);
        }
        Some(total)
    }

    fn quote_indices(&mut self, row: &ClaimRow, atoms: &[Atom], out: &mut Vec<u32>) {
        for atom in atoms.iter().filter(|a| !a.negative) {
            atom.indices(row.prepared.quote.slice(..), &mut self.matcher, out);
        }
        out.sort_unstable();
        out.dedup();
    }
}

/// One-off search; for repeated searches keep a [`Searcher`].
pub fn search(rows: &[ClaimRow], q: &Query) -> Vec<Hit> {
    Searcher::new().search(rows, q)
}

/// How `factdesk search` prints a hit:
/// `story-id#claim  VERDICT      date        speaker  quote`, the speaker
/// clipped to 24 characters and the quote to 80.
pub fn hit_line(row: &ClaimRow) -> String {
    format!(
        "{}#{}  {:<11}  {}  {:<24}  {}",
        row.story,
        row.claim,
        row.verdict.as_str().to_uppercase(),
        row.date.map_or_else(
            || "????-??-??".to_string(),
            |d| d.format("%Y-%m-%d").to_string()
        ),
        crate::text::clip(row.speaker.as_deref().unwrap_or("-"), 24),
        crate::text::clip(&row.text, 80),
    )
}

/// A source of a hit, in `factdesk search --json`.
#[derive(Debug, Clone, Serialize)]
pub struct HitSource<'a> {
    pub id: &'a SourceId,
    pub name: &'a str,
    pub stance: Stance,
}

/// A hit in `factdesk search --json`; the field set and order are stable.
#[derive(Debug, Clone, Serialize)]
pub struct HitJson<'a> {
    pub story: &'a StoryId,
    pub claim: ClaimId,
    pub date: Option<NaiveDate>,
    pub outlet: Option<&'a str>,
    pub headline: &'a str,
    pub speaker: Option<&'a str>,
    pub verdict: &'static str,
    pub text: &'a str,
    pub note: &'a str,
    pub sources: Vec<HitSource<'a>>,
    pub last_ruled: Option<DateTime<Utc>>,
    pub score: u32,
    /// Matched character positions in `text`.
    pub matched: &'a [u32],
}

impl<'a> HitJson<'a> {
    pub fn new(row: &'a ClaimRow, hit: &'a Hit) -> HitJson<'a> {
        HitJson {
            story: &row.story,
            claim: row.claim,
            date: row.date,
            outlet: row.outlet.as_deref(),
            headline: &row.headline,
            speaker: row.speaker.as_deref(),
            verdict: row.verdict.as_str(),
            text: &row.text,
            note: &row.note,
            sources: row
                .sources
                .iter()
                .zip(&row.source_names)
                .map(|((id, stance), name)| HitSource {
                    id,
                    name,
                    stance: *stance,
                })
                .collect(),
            last_ruled: row.last_ruled,
            score: hit.score,
            matched: &hit.indices,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::parse;

    fn sample_rows() -> Vec<ClaimRow> {
        let desk = Desk::open(std::path::Path::new("data")).unwrap();
        let (rows, problems) = load(&desk);
        assert!(problems.is_empty(), "{problems:?}");
        rows
    }

    fn ids(rows: &[ClaimRow], q: &str) -> Vec<u32> {
        search(rows, &parse(q).unwrap())
            .iter()
            .map(|h| rows[h.index].claim)
            .collect()
    }

    #[test]
    fn rows_follow_story_order_with_names() {
        let rows = sample_rows();
        assert_eq!(rows.len(), 11);
        assert_eq!(
            rows.iter().map(|r| r.claim).collect::<Vec<_>>(),
            (1..=11).collect::<Vec<_>>()
        );
        let r8 = &rows[7];
        assert_eq!(r8.verdict, Verdict::Unconfirmed);
        assert_eq!(
            r8.source_names,
            vec![
                "Russian Defense Ministry statement",
                "Two U.S. defense officials (to CBS News)"
            ]
        );
        assert!(r8.last_ruled.is_some());
        assert!(rows[2].last_ruled.is_none());
    }

    #[test]
    fn filters_are_exact_and_combine() {
        let rows = sample_rows();
        assert_eq!(ids(&rows, ""), (1..=11).collect::<Vec<_>>());
        assert_eq!(ids(&rows, "verdict:disputed"), Vec::<u32>::new());
        assert_eq!(ids(&rows, "verdict:confirmed"), vec![4, 11]);
        assert_eq!(ids(&rows, "verdict:pending"), vec![3]);
        assert_eq!(ids(&rows, "source:afp"), vec![9]);
        // By registry name too, case-insensitively.
        assert_eq!(
            ids(&rows, "source:\"DEFENSE MINISTRY\""),
            vec![1, 2, 5, 6, 7, 8, 9, 10]
        );
        assert_eq!(ids(&rows, "speaker:ministry"), vec![2, 5, 6, 7, 8, 10]);
        assert_eq!(
            ids(&rows, "speaker:ministry source:defense-officials"),
            vec![8]
        );
        assert_eq!(ids(&rows, "source:afp verdict:unconfirmed"), vec![9]);
        assert_eq!(
            ids(&rows, "source:afp verdict:confirmed"),
            Vec::<u32>::new()
        );
        assert_eq!(ids(&rows, "outlet:cbs").len(), 11);
        assert_eq!(ids(&rows, "outlet:reuters"), Vec::<u32>::new());
        assert_eq!(ids(&rows, "since:2017-06-16 until:2017-06-16").len(), 11);
        assert_eq!(ids(&rows, "since:2017-06-17"), Vec::<u32>::new());
        assert_eq!(ids(&rows, "until:2017-06-15"), Vec::<u32>::new());
    }

    #[test]
    fn words_match_fuzzily_across_fields_and_rank() {
        let rows = sample_rows();
        let hits = search(&rows, &parse("baghdadi killed").unwrap());
        let found: Vec<u32> = hits.iter().map(|h| rows[h.index].claim).collect();
        // Both claims naming al-Baghdadi as killed score alike; ties keep
        // story order.
        assert_eq!(found, vec![2, 8]);
        assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
        // Highlight positions point at the quote's characters.
        let h = &hits[0];
        let quote: Vec<char> = rows[h.index].text.chars().collect();
        let lit: String = h.indices.iter().map(|&i| quote[i as usize]).collect();
        assert!(lit.to_lowercase().contains("baghdadi"), "{lit}");
        // A note matches ("Moscow's word" is only in claim 1's note).
        assert_eq!(ids(&rows, "'moscow"), vec![1]);
        // A source name matches (claim 11 links only the AP).
        assert!(ids(&rows, "'associated").contains(&11));
        // Negation and words with filters.
        // Claim 7 says "It said": "ministry" is its speaker.
        let mut found = ids(&rows, "'ministry !'raqqa verdict:unconfirmed");
        found.sort_unstable();
        assert_eq!(found, vec![1, 2, 7, 8, 9, 10]);
        assert_eq!(ids(&rows, "zzzzqqq"), Vec::<u32>::new());
    }

    #[test]
    fn searcher_is_reusable() {
        let rows = sample_rows();
        let mut s = Searcher::new();
        let a = s.search(&rows, &parse("raqqa").unwrap());
        let b = s.search(&rows, &parse("raqqa").unwrap());
        assert_eq!(a, b);
        assert!(!a.is_empty());
    }
}
