//! One row of the archive: a claim with what the archive shows and searches
//! of its story, built from the claim's [`ClaimRecord`].
//!
//! Rows carry what the search needs already prepared (lower-cased filter
//! fields, the quote and the other searchable text in the matcher's own
//! representation), so a search over many rows allocates nothing per row
//! that does not match.

use chrono::{DateTime, NaiveDate, Utc};
use nucleo_matcher::Utf32String;
use std::collections::HashMap;

use super::record::{ClaimRecord, StoryRecord, from_days, from_secs};
use crate::ids::{SourceId, StoryId};
use crate::model::{ClaimId, SourceRegistry, Stance, Story, Verdict};
use crate::query::Filters;
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
    pub(super) searchable: Searchable,
}

/// Search material made once per row.
#[derive(Debug, Clone, Default)]
pub(super) struct Searchable {
    pub quote: Utf32String,
    pub speaker: Utf32String,
    pub note: Utf32String,
    pub sources: Utf32String,
    pub speaker_lc: String,
    pub outlet_lc: String,
    /// Ids and names of the linked sources, lower case, one a line.
    pub sources_lc: String,
}

impl Searchable {
    /// The fields a query's words are looked for in, in scoring order.
    pub fn fields(&self) -> [&Utf32String; 4] {
        [&self.quote, &self.speaker, &self.note, &self.sources]
    }
}

/// The registry's names by source id: the registry is a list, and looking
/// each linked source up in it is most of the cost of building many rows.
pub(crate) struct Names<'r> {
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

    pub fn name(&self, id: &str) -> Option<&'r str> {
        self.by_id.get(id).copied()
    }
}

/// The linked sources of a record, with ids that are still valid: ids in
/// the cache were valid when written; one that is not (a damaged cache) is
/// dropped rather than trusted.
pub(super) fn linked_sources(c: &ClaimRecord) -> Vec<(SourceId, Stance)> {
    c.sources()
        .into_iter()
        .filter_map(|(id, st)| SourceId::parse(id).ok().map(|id| (id, st)))
        .collect()
}

/// The registry names of `sources`, in order; the id when a source is not
/// in the registry.
pub(super) fn source_names<'s>(
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
        ClaimRow::of_story_named(story, &Names::of(registry))
    }

    /// [`ClaimRow::of_story`] with the registry indexed once for many
    /// stories.
    pub(super) fn of_story_named(story: &Story, names: &Names) -> Vec<ClaimRow> {
        let record = StoryRecord::of(story);
        record
            .claims()
            .flatten()
            .map(|c| ClaimRow::of_record(&story.id, &record, &c, names))
            .collect()
    }

    /// The row of claim `c` of story `id`, whose record is `story`.
    pub(crate) fn of_record(
        id: &StoryId,
        story: &StoryRecord,
        c: &ClaimRecord,
        names: &Names,
    ) -> ClaimRow {
        let sources = linked_sources(c);
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
        let searchable = Searchable {
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
            searchable,
        }
    }

    /// Whether the row passes the query's filters (text terms aside).
    pub fn passes(&self, f: &Filters) -> bool {
        let p = &self.searchable;
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

/// The rows of `stories`, in the order given.
pub fn rows(stories: &[Story], registry: &SourceRegistry) -> Vec<ClaimRow> {
    let names = Names::of(registry);
    stories
        .iter()
        .flat_map(|s| ClaimRow::of_story_named(s, &names))
        .collect()
}
