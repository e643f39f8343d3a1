//! The archive: every claim of the desk in one flat list, and search over
//! it with the [`crate::query`] language.
//!
//! Rows carry what the search needs already prepared (lower-cased filter
//! fields, the quote and the other searchable text in the matcher's own
//! representation), so a search over many rows allocates nothing per row
//! that does not match. Keep one [`Searcher`] around and call it on every
//! keystroke.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
use nucleo_matcher::{Config, Matcher, Utf32Str, Utf32String};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;

use crate::error::Error;
use crate::model::{ClaimId, SourceRegistry, Stance, Story, Verdict};
use crate::query::Query;
use crate::slug::{SourceId, StoryId};
use crate::store::Desk;
use crate::store::cache::{Bytes, Text};

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
///
/// The claims are packed (see [`StoryRecord::claims`]) so that reading the
/// cache allocates nothing per claim and a search decodes only the claims
/// whose verdict passes its filter.
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
    /// Per claim: its verdict (one byte, the index in [`Verdict::ALL`]),
    /// the length of its record (a LEB128 varint) and the [`ClaimRecord`]
    /// in postcard.
    #[serde(borrow)]
    claims: Bytes<'a>,
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
    /// `Vec<(source id, Stance)>` in postcard, decoded on demand.
    #[serde(borrow)]
    sources: Bytes<'a>,
    pub last_ruled: Option<i64>,
    /// `Vec<(editor, changes)>` in postcard, decoded on demand.
    #[serde(borrow)]
    editors: Bytes<'a>,
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

fn packed<T: Serialize + ?Sized>(value: &T) -> Bytes<'static> {
    // Serialising plain data into memory cannot fail.
    Bytes(Cow::Owned(postcard::to_allocvec(value).unwrap_or_default()))
}

fn verdict_code(v: Verdict) -> u8 {
    Verdict::ALL.iter().position(|x| *x == v).unwrap_or(0) as u8
}

fn push_varint(out: &mut Vec<u8>, mut n: usize) {
    while n >= 0x80 {
        out.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn take_varint(bytes: &[u8]) -> Option<(usize, &[u8])> {
    let mut n = 0usize;
    for (i, b) in bytes.iter().enumerate().take(9) {
        n |= usize::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return Some((n, &bytes[i + 1..]));
        }
    }
    None
}

impl StoryRecord<'static> {
    pub fn of(story: &Story) -> StoryRecord<'static> {
        let mut claims = Vec::new();
        for c in &story.claims {
            let mut editors: Vec<(&str, u32)> = Vec::new();
            for h in &c.history {
                match editors.iter_mut().find(|(e, _)| *e == h.editor) {
                    Some((_, n)) => *n += 1,
                    None => editors.push((&h.editor, 1)),
                }
            }
            let sources: Vec<(&str, Stance)> = c
                .sources
                .iter()
                .map(|l| (l.source.as_str(), l.stance))
                .collect();
            let record = ClaimRecord {
                id: c.id,
                speaker: c.speaker.as_deref().map(text),
                verdict: c.verdict,
                text: text(&c.text),
                note: text(&c.note),
                orphaned: c.orphaned,
                sources: packed(&sources),
                last_ruled: c.last_ruled().map(|t| t.timestamp()),
                editors: packed(&editors),
            };
            let bytes = postcard::to_allocvec(&record).unwrap_or_default();
            claims.push(verdict_code(c.verdict));
            push_varint(&mut claims, bytes.len());
            claims.extend_from_slice(&bytes);
        }
        StoryRecord {
            id: text(story.id.as_str()),
            date: story.date.map(days),
            outlet: story.outlet.as_deref().map(text),
            headline: text(&story.headline),
            url: story.url.as_deref().map(text),
            imported_at: story.imported_at.timestamp(),
            claims: Bytes(Cow::Owned(claims)),
        }
    }
}

/// The packed claims of a story: each claim's verdict and its undecoded
/// record. Stops at the first damaged entry (see [`StoryRecord::is_sound`]).
pub struct PackedClaims<'r> {
    rest: &'r [u8],
}

impl<'r> Iterator for PackedClaims<'r> {
    type Item = (Verdict, &'r [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        let (&code, rest) = self.rest.split_first()?;
        let verdict = Verdict::ALL.get(usize::from(code)).copied();
        let parsed = take_varint(rest)
            .and_then(|(len, rest)| (len <= rest.len()).then(|| rest.split_at(len)));
        match (verdict, parsed) {
            (Some(v), Some((record, rest))) => {
                self.rest = rest;
                Some((v, record))
            }
            _ => {
                self.rest = &[];
                None
            }
        }
    }
}

impl<'a> StoryRecord<'a> {
    fn sort_key(&self) -> (Option<i32>, i64) {
        (self.date, self.imported_at)
    }

    /// Each claim's verdict with its record still packed: walking these
    /// costs a few bytes of reading per claim.
    pub fn packed_claims(&self) -> PackedClaims<'_> {
        PackedClaims {
            rest: &self.claims.0,
        }
    }

    /// The claims, decoded; `None` for a damaged record.
    pub fn claims(&self) -> impl Iterator<Item = Option<ClaimRecord<'_>>> {
        self.packed_claims()
            .map(|(_, bytes)| postcard::from_bytes::<ClaimRecord>(bytes).ok())
    }

    /// Whether the packed claims are whole: every entry has a known verdict
    /// and a length that fits, and together they fill the bytes exactly.
    pub fn is_sound(&self) -> bool {
        let mut rest: &[u8] = &self.claims.0;
        while let Some((&code, after)) = rest.split_first() {
            let Some((len, after)) = take_varint(after) else {
                return false;
            };
            if usize::from(code) >= Verdict::ALL.len() || len > after.len() {
                return false;
            }
            rest = &after[len..];
        }
        true
    }
}

impl<'a> ClaimRecord<'a> {
    /// Linked sources (id and stance), in link order.
    pub fn sources(&self) -> Vec<(&str, Stance)> {
        postcard::from_bytes(&self.sources.0).unwrap_or_default()
    }

    /// How many changes each editor made, in order of first change.
    pub fn editors(&self) -> Vec<(&str, u32)> {
        postcard::from_bytes(&self.editors.0).unwrap_or_default()
    }

    /// The filter test of [`ClaimRow::passes`], on a record, so that rows
    /// are only built for claims that pass.
    fn passes(&self, story: &StoryRecord, f: &Filters, names: &Names) -> bool {
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
                self.sources().iter().any(|(id, _)| {
                    id.to_lowercase().contains(s)
                        || names
                            .name(id)
                            .is_some_and(|name| name.to_lowercase().contains(s))
                })
            })
    }
}

/// The registry's names by source id: the registry is a list, and looking
/// each linked source up in it is most of the cost of building many rows.
pub struct Names<'r> {
    by_id: HashMap<&'r str, &'r str>,
}

impl<'r> Names<'r> {
    pub fn of(registry: &'r SourceRegistry) -> Names<'r> {
        let mut by_id = HashMap::with_capacity(registry.sources.len());
        for s in &registry.sources {
            // The first of duplicate ids wins, as in `SourceRegistry::get`.
            by_id.entry(s.id.as_str()).or_insert(s.name.as_str());
        }
        Names { by_id }
    }

    fn name(&self, id: &str) -> Option<&'r str> {
        self.by_id.get(id).copied()
    }
}

/// The registry names of `sources`, in order; the id when a source is not
/// in the registry.
fn source_names<'s>(
    sources: impl IntoIterator<Item = &'s (SourceId, Stance)>,
    names: &Names,
) -> Vec<String> {
    sources
        .into_iter()
        .map(|(id, _)| names.name(id.as_str()).unwrap_or(id.as_str()).to_string())
        .collect()
}

impl ClaimRow {
    /// Every claim of `story`, in story order.
    pub fn of_story(story: &Story, registry: &SourceRegistry) -> Vec<ClaimRow> {
        let record = StoryRecord::of(story);
        let names = Names::of(registry);
        record
            .claims()
            .flatten()
            .map(|c| ClaimRow::of_record_named(&story.id, &record, &c, &names))
            .collect()
    }

    pub fn of_record(
        id: &StoryId,
        story: &StoryRecord,
        c: &ClaimRecord,
        registry: &SourceRegistry,
    ) -> ClaimRow {
        ClaimRow::of_record_named(id, story, c, &Names::of(registry))
    }

    /// [`ClaimRow::of_record`] with the registry indexed once for many rows.
    pub fn of_record_named(
        id: &StoryId,
        story: &StoryRecord,
        c: &ClaimRecord,
        names: &Names,
    ) -> ClaimRow {
        // Ids in the cache were valid when written; one that is not (a
        // damaged cache) is dropped rather than trusted.
        let sources: Vec<(SourceId, Stance)> = c
            .sources()
            .into_iter()
            .filter_map(|(id, st)| SourceId::parse(id).ok().map(|id| (id, st)))
            .collect();
        let source_names = source_names(&sources, names);
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
            // Joined by a character no query term holds: a term never
            // matches across two names, and the field stays ASCII.
            sources: Utf32String::from(source_names.join("\n")),
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
                .editors()
                .into_iter()
                .map(|(e, n)| (e.to_string(), n))
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
    load_filtered(desk, filters, &[])
}

/// The claims that pass `q`'s filters and whose fields hold every text term
/// of `q`: a superset of what [`Searcher::search`] finds with `q` (it still
/// ranks them and applies `!` terms), with rows built for those alone.
pub fn load_for_query(desk: &Desk, q: &Query) -> (Vec<ClaimRow>, Vec<Error>) {
    load_filtered(desk, &Filters::of(q), &atoms(q))
}

fn load_filtered(desk: &Desk, filters: &Filters, atoms: &[Atom]) -> (Vec<ClaimRow>, Vec<Error>) {
    let mut buf = crate::store::cache::Buf::default();
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
    let names = Names::of(&registry);
    // Each story's rows, `None` for a damaged cache record; on two threads
    // for a big desk (the other core is idle by now).
    let collect_part = |part: &[StoryRecord]| {
        let mut pre = Prefilter::new(atoms);
        part.iter()
            .map(|s| {
                let id = StoryId::parse(s.id.as_str()).ok()?;
                let mut rows = Vec::new();
                collect(&id, s, filters, &names, &mut pre, &mut rows).then_some(rows)
            })
            .collect::<Vec<_>>()
    };
    let threads = if stories.len() >= 2_000 {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(2))
    } else {
        1
    };
    let per_story: Vec<Option<Vec<ClaimRow>>> = if threads > 1 {
        let chunk = stories.len().div_ceil(threads);
        std::thread::scope(|scope| {
            let parts: Vec<_> = stories
                .chunks(chunk)
                .map(|part| scope.spawn(move || collect_part(part)))
                .collect();
            parts
                .into_iter()
                .flat_map(|p| p.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        })
    } else {
        collect_part(&stories)
    };
    let mut rows = Vec::new();
    let mut pre = Prefilter::new(atoms);
    for (s, found) in stories.iter().zip(per_story) {
        let Ok(id) = StoryId::parse(s.id.as_str()) else {
            continue;
        };
        if let Some(found) = found {
            rows.extend(found);
            continue;
        }
        // A damaged cache entry that still parsed: read the story itself,
        // and have the cache rebuilt on the next run.
        crate::store::cache::Cache::of_story_and_article(desk, CLAIMS_CACHE).invalidate();
        match desk.load_story(&id) {
            Ok(doc) => {
                let fresh = StoryRecord::of(doc.story());
                collect(&id, &fresh, filters, &names, &mut pre, &mut rows);
            }
            Err(e) => problems.push(e),
        }
    }
    (rows, problems)
}

/// Rows of the claims of `story` that pass; false when a record is damaged.
fn collect(
    id: &StoryId,
    story: &StoryRecord,
    filters: &Filters,
    names: &Names,
    pre: &mut Prefilter,
    rows: &mut Vec<ClaimRow>,
) -> bool {
    if !story.is_sound() {
        return false;
    }
    for (verdict, bytes) in story.packed_claims() {
        if filters.verdict.is_some_and(|v| v != verdict) {
            continue;
        }
        let Ok(c) = postcard::from_bytes::<ClaimRecord>(bytes) else {
            return false;
        };
        if c.passes(story, filters, names) && pre.could_match(&c, names) {
            rows.push(ClaimRow::of_record_named(id, story, &c, names));
        }
    }
    true
}

/// The text terms of a query, checked on a record before a row is built
/// for it: each positive term must match one of the fields the
/// [`Searcher`] scores. `!` terms are left to the searcher.
struct Prefilter<'q> {
    /// Each positive atom, with its needle when that is ASCII: most fields
    /// are ASCII, and a byte search decides those without the matcher.
    atoms: Vec<(&'q Atom, Option<Vec<u8>>)>,
    matcher: Matcher,
    buf: Vec<char>,
}

/// Whether `needle` (lower case ASCII) occurs in `hay`, ignoring ASCII case.
fn contains_ascii_nocase(hay: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    let upper = first.to_ascii_uppercase();
    let last = hay.len().saturating_sub(needle.len());
    let mut i = 0;
    while i < hay.len() && i <= last && hay.len() >= needle.len() {
        let b = hay[i];
        if (b == first || b == upper) && hay[i + 1..i + needle.len()].eq_ignore_ascii_case(rest) {
            return true;
        }
        i += 1;
    }
    false
}

impl<'q> Prefilter<'q> {
    fn new(atoms: &'q [Atom]) -> Self {
        Prefilter {
            atoms: atoms
                .iter()
                .filter(|a| !a.negative)
                .map(|a| {
                    let needle = a.needle_text().to_string().to_lowercase();
                    (a, needle.is_ascii().then(|| needle.into_bytes()))
                })
                .collect(),
            matcher: Matcher::new(Config::DEFAULT),
            buf: Vec::new(),
        }
    }

    fn field_matches(&mut self, i: usize, field: &str) -> bool {
        let (atom, needle) = &self.atoms[i];
        if let Some(needle) = needle {
            // Every kind of atom but fuzzy needs the needle as a substring;
            // in ASCII text that is the whole question for a substring atom.
            let found = contains_ascii_nocase(field.as_bytes(), needle);
            if !found && field.is_ascii() {
                return false;
            }
            if found && atom.kind == AtomKind::Substring {
                return true;
            }
        }
        atom_score(&mut self.matcher, atom, Utf32Str::new(field, &mut self.buf)).is_some()
    }

    fn could_match(&mut self, c: &ClaimRecord, names: &Names) -> bool {
        let speaker = c.speaker.as_ref().map_or("", |s| s.as_str());
        let mut sources: Option<Vec<String>> = None;
        for i in 0..self.atoms.len() {
            if [c.text.as_str(), speaker, c.note.as_str()]
                .into_iter()
                .any(|f| self.field_matches(i, f))
            {
                continue;
            }
            let sources = sources.get_or_insert_with(|| {
                let ids: Vec<(SourceId, Stance)> = c
                    .sources()
                    .into_iter()
                    .filter_map(|(id, st)| SourceId::parse(id).ok().map(|id| (id, st)))
                    .collect();
                source_names(&ids, names)
            });
            // The searcher matches the names joined by newlines; a term
            // with one in it is left to the searcher.
            let spans = self.atoms[i].0.needle_text().to_string().contains('\n');
            if !spans && !sources.iter().any(|n| self.field_matches(i, n)) {
                return false;
            }
        }
        true
    }
}

const CLAIMS_CACHE: &str = "claims";

/// The archive records of every story, from the desk's cache where the
/// story's files are unchanged.
pub fn records<'b>(
    desk: &Desk,
    buf: &'b mut crate::store::cache::Buf,
) -> Result<(Vec<StoryRecord<'b>>, Vec<Error>), Error> {
    let (stories, problems) = crate::store::cache::Cache::of_story_and_article(desk, CLAIMS_CACHE)
        .values(buf, |doc| StoryRecord::of(doc.story()))?;
    Ok((stories.into_iter().map(|(_, s)| s).collect(), problems))
}

/// The rows of `stories`, in the order given.
pub fn rows(stories: &[Story], registry: &SourceRegistry) -> Vec<ClaimRow> {
    let names = Names::of(registry);
    stories
        .iter()
        .flat_map(|s| {
            let record = StoryRecord::of(s);
            record
                .claims()
                .flatten()
                .map(|c| ClaimRow::of_record_named(&s.id, &record, &c, &names))
                .collect::<Vec<_>>()
        })
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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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

/// The text terms of `q` as matcher atoms. fzf-style prefixes work
/// (`'exact`, `^prefix`, `suffix$`, `!not`), and a quoted term keeps its
/// spaces. A plain word matches as a case-insensitive substring (accents
/// aside): a fuzzy match of scattered letters across a long quote finds
/// nearly every claim for any longer word.
fn atoms(q: &Query) -> Vec<Atom> {
    q.words
        .iter()
        .map(|w| {
            let atom = Atom::parse(w, CaseMatching::Ignore, Normalization::Smart);
            if atom.kind != AtomKind::Fuzzy {
                return atom;
            }
            // `\'word` and `\^word` escape the marker: keep it as text.
            let plain = w
                .strip_prefix('\\')
                .filter(|r| r.starts_with(['\'', '^']))
                .unwrap_or(w);
            Atom::parse(
                &format!("'{plain}"),
                CaseMatching::Ignore,
                Normalization::Smart,
            )
        })
        .filter(|a| !a.needle_text().is_empty())
        .collect()
}

/// A reusable search: holds the matchers (and their scratch memory) and
/// what the last search found, so that typing a word one letter at a time
/// searches only the previous hits.
#[derive(Debug)]
pub struct Searcher {
    matchers: Vec<Matcher>,
    last: Option<Last>,
    index: Option<TextIndex>,
}

/// The searchable text of many rows in one buffer, lower-cased: one
/// SIMD substring scan over it finds the rows that can hold a word, instead
/// of visiting every row's four separately allocated fields (memory
/// latency, not comparing, is what a scan of 200,000 rows costs).
#[derive(Debug)]
struct TextIndex {
    rows: (usize, usize),
    /// Each row's fields, ASCII lower-cased, each followed by a NUL.
    text: Vec<u8>,
    /// Where each row's text starts in `text`.
    starts: Vec<usize>,
    /// Rows with a non-ASCII field: the scan cannot decide those.
    unicode: Vec<usize>,
}

impl TextIndex {
    fn of(rows: &[ClaimRow]) -> TextIndex {
        let mut text = Vec::new();
        let mut starts = Vec::with_capacity(rows.len());
        let mut unicode = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            starts.push(text.len());
            let p = &row.prepared;
            let mut ascii = true;
            for field in [&p.quote, &p.speaker, &p.note, &p.sources] {
                match ascii_bytes(field) {
                    Some(b) => text.extend(b.iter().map(u8::to_ascii_lowercase)),
                    None => ascii = false,
                }
                text.push(0);
            }
            if !ascii {
                unicode.push(i);
            }
        }
        TextIndex {
            rows: (rows.as_ptr() as usize, rows.len()),
            text,
            starts,
            unicode,
        }
    }

    /// The rows (sorted) that can hold `needle` (lower-case ASCII).
    fn candidates(&self, needle: &[u8]) -> Vec<usize> {
        let mut found: Vec<usize> = Vec::new();
        // Hits come in text order: walk the row starts along with them, and
        // after a row's first hit go straight to the next row (a letter
        // occurs millions of times, a row needs finding once).
        let finder = memchr::memmem::Finder::new(needle);
        let mut row = 0;
        let mut from = 0;
        while let Some(at) = self
            .text
            .get(from..)
            .and_then(|rest| finder.find(rest))
            .map(|off| from + off)
        {
            while self.starts.get(row + 1).is_some_and(|&next| next <= at) {
                row += 1;
            }
            found.push(row);
            match self.starts.get(row + 1) {
                Some(&next) => from = next,
                None => break,
            }
        }
        if self.unicode.is_empty() {
            return found;
        }
        let mut merged = Vec::with_capacity(found.len() + self.unicode.len());
        let (mut a, mut b) = (
            found.into_iter().peekable(),
            self.unicode.iter().copied().peekable(),
        );
        loop {
            let next = match (a.peek(), b.peek()) {
                (Some(&x), Some(&y)) if x == y => {
                    b.next();
                    a.next()
                }
                (Some(&x), Some(&y)) if x < y => a.next(),
                (Some(_), Some(_)) | (None, Some(_)) => b.next(),
                (Some(_), None) => a.next(),
                (None, None) => break,
            };
            merged.extend(next);
        }
        merged
    }
}

/// The last search: its rows (by address), filters, plain words and hits.
#[derive(Debug)]
struct Last {
    rows: (usize, usize),
    filters: Filters,
    words: Vec<String>,
    hits: Vec<usize>,
}

impl Default for Searcher {
    fn default() -> Self {
        Searcher::new()
    }
}

/// Below this many candidate rows a search runs on one thread.
const PARALLEL_ROWS: usize = 20_000;

/// Words shorter than this are matched but not ranked (see `search_top`).
const SHORT_WORD: usize = 4;

/// The lower-cased needle of a positive substring atom (a plain word).
fn plain_needle(atom: &Atom) -> Option<String> {
    (!atom.negative && atom.kind == AtomKind::Substring)
        .then(|| atom.needle_text().to_string().to_lowercase())
}

impl Searcher {
    pub fn new() -> Searcher {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(4);
        Searcher {
            matchers: (0..threads)
                .map(|_| Matcher::new(Config::DEFAULT))
                .collect(),
            last: None,
            index: None,
        }
    }

    /// Index `rows` for searching (a one-off cost, ~the size of their
    /// text); searches of the same slice then scan the index instead of the
    /// rows, and a word typed letter by letter searches only the previous
    /// hits. The rows must not change until the next `prepare` (call it
    /// whenever they are loaded again); without it, every search visits
    /// every row.
    pub fn prepare(&mut self, rows: &[ClaimRow]) {
        self.index = Some(TextIndex::of(rows));
        self.last = None;
    }

    /// Rows matching `q`: by score (best first) when it has text terms,
    /// else in row order (newest first for [`load`]'s rows). Ties keep row
    /// order.
    pub fn search(&mut self, rows: &[ClaimRow], q: &Query) -> Vec<Hit> {
        self.search_top(rows, q, usize::MAX)
    }

    /// The matched positions of `q`'s words in `row`'s quote, for a hit
    /// that [`Searcher::search_top`] left without them.
    pub fn highlight(&mut self, row: &ClaimRow, q: &Query) -> Vec<u32> {
        let mut out = Vec::new();
        quote_indices(&mut self.matchers[0], row, &atoms(q), &mut out);
        out
    }

    /// [`Searcher::search`] with highlight positions for the first
    /// `highlight` hits only (a screen shows a few dozen; the positions of
    /// 200,000 hits are most of the cost of a one-letter search).
    pub fn search_top(&mut self, rows: &[ClaimRow], q: &Query, highlight: usize) -> Vec<Hit> {
        let filters = Filters::of(q);
        let atoms = atoms(q);
        let words: Vec<String> = atoms.iter().map_while(plain_needle).collect();
        let key = (rows.as_ptr() as usize, rows.len());
        // Only rows given to `prepare` are indexed and narrowed: a slice at
        // the same address could hold other rows.
        let index = self.index.as_ref().filter(|i| i.rows == key);
        // The hits of a query that this one narrows (same rows and filters,
        // each earlier word now longer, maybe more words): only those can
        // match now.
        let narrowed = self.last.as_ref().filter(|l| {
            index.is_some()
                && l.rows == key
                && l.filters == filters
                && !l.words.is_empty()
                && l.words.len() <= words.len()
                && l.words
                    .iter()
                    .zip(&words)
                    .all(|(old, new)| new.contains(old.as_str()))
        });
        // The longest plain ASCII word picks the candidates from the index.
        let scan = atoms
            .iter()
            .filter(|a| !a.negative && a.kind != AtomKind::Fuzzy)
            .filter_map(|a| match a.needle_text() {
                Utf32Str::Ascii(n) => Some(n),
                Utf32Str::Unicode(_) => None,
            })
            .max_by_key(|n| n.len());
        let candidates: Vec<usize> = match (narrowed, index, scan) {
            // Both: the rows in both (a one-letter search's hits are
            // nearly every row, the index's rows for two letters far fewer).
            (Some(l), Some(index), Some(needle)) if l.hits.len() > rows.len() / 8 => {
                let found = index.candidates(needle);
                let mut hits = l.hits.iter().copied().peekable();
                found
                    .into_iter()
                    .filter(|&r| {
                        while hits.next_if(|&h| h < r).is_some() {}
                        hits.peek() == Some(&r)
                    })
                    .collect()
            }
            (Some(l), _, _) => l.hits.clone(),
            (None, Some(index), Some(needle)) => index.candidates(needle),
            _ => (0..rows.len()).collect(),
        };
        // One or two letters are in nearly every claim, and ranking them
        // by match quality means scoring 200,000 rows for an order nobody
        // can use: such a search lists its hits in desk order, newest
        // first, found by the index alone (rows with non-ASCII text, which
        // the index cannot vouch for, are still checked by the matcher).
        let short_word =
            atoms.len() == 1 && words.len() == 1 && scan.is_some_and(|n| n.len() < SHORT_WORD);
        let short = index.filter(|_| short_word).map(|index| {
            candidates
                .iter()
                .partition::<Vec<usize>, _>(|r| index.unicode.binary_search(r).is_ok())
        });
        let mut scored = match short {
            Some((unicode, ascii)) => {
                let checked = self.score_all(rows, &unicode, &filters, &atoms);
                ascii
                    .into_iter()
                    .filter(|&r| rows[r].passes(&filters))
                    .map(|r| (r, 0))
                    .chain(checked)
                    .collect()
            }
            None => self.score_all(rows, &candidates, &filters, &atoms),
        };
        if short_word {
            for hit in &mut scored {
                hit.1 = 0;
            }
            scored.sort_unstable();
        }
        let mut hits: Vec<Hit> = scored
            .into_iter()
            .map(|(index, score)| Hit {
                index,
                score,
                indices: Vec::new(),
            })
            .collect();
        let mut by_row: Vec<usize> = hits.iter().map(|h| h.index).collect();
        by_row.sort_unstable();
        self.last = (words.len() == atoms.len()).then_some(Last {
            rows: key,
            filters,
            words,
            hits: by_row,
        });
        if !atoms.is_empty() {
            hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.index.cmp(&b.index)));
            for hit in hits.iter_mut().take(highlight) {
                quote_indices(
                    &mut self.matchers[0],
                    &rows[hit.index],
                    &atoms,
                    &mut hit.indices,
                );
            }
        }
        hits
    }

    /// `(index, score)` of the candidates that match, in candidate order;
    /// on several threads when there are many.
    fn score_all(
        &mut self,
        rows: &[ClaimRow],
        candidates: &[usize],
        filters: &Filters,
        atoms: &[Atom],
    ) -> Vec<(usize, u32)> {
        let run = |matcher: &mut Matcher, part: &[usize]| {
            let mut out = Vec::new();
            for &index in part {
                let row = &rows[index];
                if !row.passes(filters) {
                    continue;
                }
                if let Some(score) = score(matcher, row, atoms) {
                    out.push((index, score));
                }
            }
            out
        };
        if candidates.len() < PARALLEL_ROWS || self.matchers.len() < 2 {
            return run(&mut self.matchers[0], candidates);
        }
        let chunk = candidates.len().div_ceil(self.matchers.len());
        std::thread::scope(|scope| {
            let parts: Vec<_> = self
                .matchers
                .iter_mut()
                .zip(candidates.chunks(chunk))
                .map(|(m, part)| scope.spawn(move || run(m, part)))
                .collect();
            parts
                .into_iter()
                .flat_map(|p| p.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        })
    }
}

/// `atom`'s score in `hay`, as [`Atom::score`]. nucleo-matcher 0.3's
/// substring match misses occurrences in non-ASCII text ("raqqa" in
/// "Cafe\u{301} strike near Raqqa" finds nothing): there the needle is
/// looked for here, case-folded and normalised as the matcher does, and an
/// occurrence is scored by the fuzzy match (which ranks contiguous letters
/// first).
fn atom_score(matcher: &mut Matcher, atom: &Atom, hay: Utf32Str<'_>) -> Option<u16> {
    let Utf32Str::Unicode(chars) = hay else {
        return atom.score(hay, matcher);
    };
    if atom.kind != AtomKind::Substring {
        return atom.score(hay, matcher);
    }
    let needle: Vec<char> = atom.needle_text().chars().collect();
    let normalise = needle
        .iter()
        .all(|&c| nucleo_matcher::chars::normalize(c) == c);
    let folded: Vec<char> = chars
        .iter()
        .map(|&c| {
            let c = nucleo_matcher::chars::to_lower_case(c);
            if normalise {
                nucleo_matcher::chars::normalize(c)
            } else {
                c
            }
        })
        .collect();
    let found = needle.is_empty() || folded.windows(needle.len()).any(|w| w == needle);
    match (atom.negative, found) {
        (true, true) | (false, false) => None,
        (true, false) => Some(0),
        (false, true) => Some(matcher.fuzzy_match(hay, atom.needle_text()).unwrap_or(0)),
    }
}

/// A field's bytes when it is ASCII (most are): a byte search then tells
/// whether a needle occurs without running the matcher.
fn ascii_bytes(field: &Utf32String) -> Option<&[u8]> {
    match field {
        Utf32String::Ascii(s) => Some(s.as_bytes()),
        Utf32String::Unicode(_) => None,
    }
}

/// An atom's score in a field; a quick "no" for ASCII fields that do not
/// hold the needle.
fn field_score(matcher: &mut Matcher, atom: &Atom, field: &Utf32String) -> Option<u16> {
    if let (Some(hay), Utf32Str::Ascii(needle)) = (ascii_bytes(field), atom.needle_text())
        && atom.kind != AtomKind::Fuzzy
        && !contains_ascii_nocase(hay, needle)
    {
        return None;
    }
    atom_score(matcher, atom, field.slice(..))
}

/// Sum over the atoms of each one's best score in any field; `None`
/// when an atom matches nowhere (or, for a `!` atom, anywhere).
fn score(matcher: &mut Matcher, row: &ClaimRow, atoms: &[Atom]) -> Option<u32> {
    let p = &row.prepared;
    let fields = [&p.quote, &p.speaker, &p.note, &p.sources];
    let mut total = 0u32;
    for atom in atoms {
        if atom.negative {
            // A negative atom scores Some(0) when it does not match.
            for f in fields {
                atom_score(matcher, atom, f.slice(..))?;
            }
            continue;
        }
        let best = fields
            .iter()
            .filter_map(|f| field_score(matcher, atom, f))
            .max()?;
        total += u32::from(best);
    }
    Some(total)
}

fn quote_indices(matcher: &mut Matcher, row: &ClaimRow, atoms: &[Atom], out: &mut Vec<u32>) {
    let quote = row.prepared.quote.slice(..);
    for atom in atoms.iter().filter(|a| !a.negative) {
        if atom.kind == AtomKind::Substring && matches!(quote, Utf32Str::Unicode(_)) {
            // See `atom_score`.
            if atom_score(matcher, atom, quote).is_some() {
                matcher.fuzzy_indices(quote, atom.needle_text(), out);
            }
        } else {
            atom.indices(quote, matcher, out);
        }
    }
    out.sort_unstable();
    out.dedup();
}

/// One-off search; for repeated searches keep a [`Searcher`].
pub fn search(rows: &[ClaimRow], q: &Query) -> Vec<Hit> {
    Searcher::new().search(rows, q)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::parse;

    fn sample_rows() -> Vec<ClaimRow> {
        let desk = Desk::open(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../data"
        )))
        .unwrap();
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
    fn words_match_as_substrings_across_fields_and_rank() {
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
