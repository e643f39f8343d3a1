//! One row of the archive: a claim with what the archive shows of its
//! story, built from the story itself (the plain scan) or from the row the
//! index stores ([`super::doc::StoredRow`]).

use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashMap;

use crate::ids::{SourceId, StoryId};
use crate::model::{ClaimId, SourceRegistry, Stance, Story, Verdict};
use crate::query::Filters;

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

/// The registry names of `sources`, in order; the id when a source is not
/// in the registry.
pub(crate) fn source_names<'s>(
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
    pub(crate) fn of_story_named(story: &Story, names: &Names) -> Vec<ClaimRow> {
        story
            .claims
            .iter()
            .map(|c| {
                let sources: Vec<(SourceId, Stance)> = c
                    .sources
                    .iter()
                    .map(|l| (l.source.clone(), l.stance))
                    .collect();
                let source_names = source_names(&sources, names);
                let editors = editor_counts(c);
                ClaimRow {
                    story: story.id.clone(),
                    claim: c.id,
                    date: story.date,
                    outlet: story.outlet.clone(),
                    headline: story.headline.clone(),
                    speaker: c.speaker.clone(),
                    verdict: c.verdict,
                    text: c.text.clone(),
                    note: c.note.clone(),
                    orphaned: c.orphaned,
                    sources,
                    source_names,
                    // The index keeps whole seconds: so does the scan.
                    imported_at: DateTime::from_timestamp(story.imported_at.timestamp(), 0)
                        .unwrap_or_default(),
                    last_ruled: c
                        .last_ruled()
                        .and_then(|t| DateTime::from_timestamp(t.timestamp(), 0)),
                    editors,
                }
            })
            .collect()
    }

    /// Whether the row passes the query's filters (text terms aside).
    pub fn passes(&self, f: &Filters) -> bool {
        let lc = |s: Option<&str>| s.unwrap_or("").to_lowercase();
        f.verdict.is_none_or(|v| v == self.verdict)
            && f.speaker
                .as_deref()
                .is_none_or(|s| self.speaker.is_some() && lc(self.speaker.as_deref()).contains(s))
            && f.outlet
                .as_deref()
                .is_none_or(|s| self.outlet.is_some() && lc(self.outlet.as_deref()).contains(s))
            && f.source.as_deref().is_none_or(|s| {
                self.sources
                    .iter()
                    .zip(&self.source_names)
                    .any(|((id, _), name)| {
                        id.as_str().to_lowercase().contains(s) || name.to_lowercase().contains(s)
                    })
            })
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

/// Who changed claim `c`, with how many history entries each, in the
/// order they first did.
pub(crate) fn editor_counts(c: &crate::model::Claim) -> Vec<(String, u32)> {
    let mut editors: Vec<(String, u32)> = Vec::new();
    for h in &c.history {
        match editors.iter_mut().find(|(e, _)| *e == h.editor) {
            Some((_, n)) => *n += 1,
            None => editors.push((h.editor.clone(), 1)),
        }
    }
    editors
}

impl ClaimRow {
    /// The claim's links as the row has them (sources and stances; a
    /// row keeps no link notes).
    pub fn links(&self) -> Vec<crate::model::SourceLink> {
        self.sources
            .iter()
            .map(|(source, stance)| crate::model::SourceLink {
                source: source.clone(),
                stance: *stance,
                note: None,
            })
            .collect()
    }
}
