//! The archive without its index: every story file read and every claim
//! matched by the rules of [`super::words`]. What a desk whose `.cache`
//! cannot be written (a read-only copy) searches with, and what the index
//! is tested against.

use super::row::{ClaimRow, Names};
use super::search::{Found, Hit};
use super::words::{self, Term};
use crate::error::Error;
use crate::model::{SourceRegistry, Story};
use crate::query::Query;
use crate::store::Desk;

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

/// Newest first: by story date, then import time, then id.
pub fn sort_newest_first(stories: &mut [Story]) {
    stories.sort_by(|a, b| (b.date, b.imported_at, &a.id).cmp(&(a.date, a.imported_at, &b.id)));
}

/// Whether `row` holds every positive term and none of the negative ones
/// (the filters aside: [`ClaimRow::passes`]).
pub fn matches(row: &ClaimRow, terms: &[Term]) -> bool {
    if terms.is_empty() {
        return true;
    }
    let mut fields = vec![
        words::tokens(&row.text),
        words::tokens(row.speaker.as_deref().unwrap_or("")),
        words::tokens(&row.note),
    ];
    fields.extend(row.source_names.iter().map(|n| words::tokens(n)));
    terms
        .iter()
        .all(|t| fields.iter().any(|f| t.matches(f)) != t.negative)
}

/// The claims of the desk matching `q`, by a scan of every story file, in
/// desk order (a scan does not rank), with highlight positions.
pub fn search(desk: &Desk, q: &Query) -> (Found, Vec<Error>) {
    let (stories, mut problems) = load_stories(desk);
    let registry = match desk.load_sources() {
        Ok(r) => r.value,
        Err(e) => {
            problems.push(e);
            SourceRegistry::default()
        }
    };
    let names = Names::of(&registry);
    let filters = q.filters();
    let terms = words::terms(&q.words);
    let rows: Vec<ClaimRow> = stories
        .iter()
        .flat_map(|s| ClaimRow::of_story_named(s, &names))
        .filter(|r| r.passes(&filters) && matches(r, &terms))
        .collect();
    let hits = rows
        .iter()
        .enumerate()
        .map(|(index, r)| Hit {
            index,
            score: 0,
            indices: words::highlight(&r.text, &terms),
        })
        .collect();
    let total = rows.len();
    (Found { rows, hits, total }, problems)
}
