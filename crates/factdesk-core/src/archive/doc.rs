//! One index document per claim: the schema of the archive's index, the
//! words' tokenizer, and a claim's row as the index stores it.
//!
//! Text fields (quote, speaker, note) go through [`analyzer`]: words split
//! on anything that is not a letter or digit, lower-cased and folded to
//! ASCII (`Guaíba` → `guaiba`), so search ignores case and accents. The
//! filters are fields of their own: the verdict, the story date and the
//! desk order as fast numbers, the speaker and outlet lower-cased whole
//! (a `speaker:` filter matches part of one), the linked sources' ids.
//! What a hit shows comes from the stored row, so a search never reads a
//! story file.

use serde::{Deserialize, Serialize};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};
use tantivy::{TantivyDocument, doc};

use super::row::ClaimRow;
use crate::ids::{SourceId, StoryId};
use crate::model::{Stance, Story, Verdict};

/// The tokenizer's name in the index.
pub(crate) const WORDS: &str = "factdesk_words";

/// Bump when the schema, the tokenizer or the stored row changes: an index
/// of another version is rebuilt.
pub(crate) const SCHEMA_VERSION: u32 = 3;

/// Words longer than this are not indexed (a pasted hash or URL blob).
const LONGEST_WORD: usize = 60;

/// How the archive cuts text into words: the index and every match made
/// outside it (the plain scan, highlighting) use this one.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_WORD))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The fields of the index.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    /// The story id, whole: deleting a story's claims, and its column for
    /// the tie order.
    pub story: Field,
    pub claim: Field,
    pub text: Field,
    pub speaker: Field,
    pub note: Field,
    /// Lower-cased whole, for `speaker:` and `outlet:`.
    pub speaker_lc: Field,
    /// As written, whole: the speakers the desk knows
    /// ([`Archive::speakers`](super::Archive::speakers)).
    pub speaker_as: Field,
    pub outlet_lc: Field,
    /// The ids of the linked sources, one term each.
    pub source: Field,
    /// The index of the verdict in [`Verdict::ALL`].
    pub verdict: Field,
    /// The story date as days from the common era; 0 for none.
    pub date: Field,
    /// Desk order, newest first when descending: see [`rank`].
    pub rank: Field,
    /// The row, for showing a hit (postcard of [`StoredRow`]).
    pub row: Field,
    /// The quote's distinct content words as "seen before" compares them
    /// ([`crate::similar::words`]: stemmed, stop words and facts left
    /// out), one term each, and how many there are.
    pub seen: Field,
    pub seen_n: Field,
}

impl Fields {
    pub fn schema() -> (Schema, Fields) {
        let mut b = Schema::builder();
        let words = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(WORDS)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let fields = Fields {
            story: b.add_text_field("story", STRING | FAST),
            claim: b.add_u64_field("claim", FAST),
            text: b.add_text_field("text", words.clone()),
            speaker: b.add_text_field("speaker", words.clone()),
            note: b.add_text_field("note", words),
            speaker_lc: b.add_text_field("speaker_lc", STRING),
            speaker_as: b.add_text_field("speaker_as", STRING),
            outlet_lc: b.add_text_field("outlet_lc", STRING),
            source: b.add_text_field("source", STRING),
            verdict: b.add_u64_field("verdict", INDEXED | FAST),
            date: b.add_u64_field("date", INDEXED | FAST),
            rank: b.add_u64_field("rank", FAST),
            row: b.add_bytes_field("row", STORED),
            seen: b.add_text_field("seen", STRING),
            seen_n: b.add_u64_field("seen_n", FAST),
        };
        (b.build(), fields)
    }

    /// The fields a query's words are looked for in (besides the linked
    /// sources' names, matched through the registry).
    pub fn words(&self) -> [Field; 3] {
        [self.text, self.speaker, self.note]
    }

    /// The documents of `story`'s claims (live ones: deleted claims are
    /// not in the archive).
    pub fn docs(&self, story: &Story) -> Vec<TantivyDocument> {
        let rank = rank(story);
        let date = story.date.map_or(0, |d| u64::from(days(d)));
        story
            .claims
            .iter()
            .map(|c| {
                let row = StoredRow::of(story, c);
                let mut d = doc!(
                    self.story => story.id.as_str(),
                    self.claim => u64::from(c.id),
                    self.text => c.text.as_str(),
                    self.note => c.note.as_str(),
                    self.verdict => verdict_code(c.verdict),
                    self.date => date,
                    self.rank => rank,
                    self.row => postcard::to_allocvec(&row).unwrap_or_default(),
                );
                if let Some(s) = &c.speaker {
                    d.add_text(self.speaker, s);
                    d.add_text(self.speaker_lc, s.to_lowercase());
                    d.add_text(self.speaker_as, s);
                }
                if let Some(o) = &story.outlet {
                    d.add_text(self.outlet_lc, o.to_lowercase());
                }
                for l in &c.sources {
                    d.add_text(self.source, l.source.as_str());
                }
                let mut seen = crate::similar::words(&c.text);
                seen.sort();
                seen.dedup();
                d.add_u64(self.seen_n, seen.len() as u64);
                for w in &seen {
                    d.add_text(self.seen, w);
                }
                d
            })
            .collect()
    }
}

/// The words of `story`'s claims in the quote, speaker and note fields,
/// as the index counts them.
pub(crate) fn word_counts(story: &Story) -> [u64; 3] {
    let mut analyzer = analyzer();
    let mut count = |text: &str| {
        let mut stream = analyzer.token_stream(text);
        let mut n = 0u64;
        while stream.advance() {
            n += 1;
        }
        n
    };
    let mut out = [0u64; 3];
    for c in &story.claims {
        out[0] += count(&c.text);
        out[1] += c.speaker.as_deref().map_or(0, &mut count);
        out[2] += count(&c.note);
    }
    out
}

/// Days from the common era (0001-01-01 is day 1).
pub(crate) fn days(d: chrono::NaiveDate) -> u32 {
    use chrono::Datelike;
    u32::try_from(d.num_days_from_ce()).unwrap_or(0)
}

pub(crate) fn verdict_code(v: Verdict) -> u64 {
    Verdict::ALL.iter().position(|x| *x == v).unwrap_or(0) as u64
}

/// The desk order of a story's claims as one number, larger for newer:
/// the story date (days, 20 bits) then the import time (seconds, 34 bits,
/// until the year 2514). Stories equal on both fall back to id order.
pub(crate) fn rank(story: &Story) -> u64 {
    let date = story.date.map_or(0, |d| u64::from(days(d)) & 0xF_FFFF);
    let secs = u64::try_from(story.imported_at.timestamp()).unwrap_or(0) & 0x3_FFFF_FFFF;
    (date << 34) | secs
}

/// What the index keeps of a claim for showing it: a [`ClaimRow`] less
/// the registry's names of its sources, which are looked up when it is
/// shown (a renamed source is then shown by its new name at once).
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct StoredRow {
    story: String,
    claim: u32,
    date: Option<i32>,
    outlet: Option<String>,
    headline: String,
    speaker: Option<String>,
    verdict: Verdict,
    text: String,
    note: String,
    orphaned: bool,
    sources: Vec<(String, Stance)>,
    imported_at: i64,
    last_ruled: Option<i64>,
    editors: Vec<(String, u32)>,
}

impl StoredRow {
    fn of(story: &Story, c: &crate::model::Claim) -> StoredRow {
        use chrono::Datelike;
        let editors = super::row::editor_counts(c);
        StoredRow {
            story: story.id.to_string(),
            claim: c.id,
            date: story.date.map(|d| d.num_days_from_ce()),
            outlet: story.outlet.clone(),
            headline: story.headline.clone(),
            speaker: c.speaker.clone(),
            verdict: c.verdict,
            text: c.text.clone(),
            note: c.note.clone(),
            orphaned: c.orphaned,
            sources: c
                .sources
                .iter()
                .map(|l| (l.source.to_string(), l.stance))
                .collect(),
            imported_at: story.imported_at.timestamp(),
            last_ruled: c.last_ruled().map(|t| t.timestamp()),
            editors,
        }
    }

    /// The row, with source names from `names`. `None` for a stored row
    /// that does not decode or holds an id that is no longer valid (a
    /// damaged index): the caller rebuilds.
    pub fn decode(bytes: &[u8], names: &super::row::Names) -> Option<ClaimRow> {
        let r: StoredRow = postcard::from_bytes(bytes).ok()?;
        let story = StoryId::parse(&r.story).ok()?;
        let sources: Vec<(SourceId, Stance)> = r
            .sources
            .into_iter()
            .map(|(id, st)| SourceId::parse(&id).ok().map(|id| (id, st)))
            .collect::<Option<_>>()?;
        let source_names = super::row::source_names(&sources, names);
        let secs = |s: i64| chrono::DateTime::from_timestamp(s, 0).unwrap_or_default();
        Some(ClaimRow {
            story,
            claim: r.claim,
            date: r
                .date
                .and_then(chrono::NaiveDate::from_num_days_from_ce_opt),
            outlet: r.outlet,
            headline: r.headline,
            speaker: r.speaker,
            verdict: r.verdict,
            text: r.text,
            note: r.note,
            orphaned: r.orphaned,
            sources,
            source_names,
            imported_at: secs(r.imported_at),
            last_ruled: r.last_ruled.map(secs),
            editors: r.editors,
        })
    }
}
