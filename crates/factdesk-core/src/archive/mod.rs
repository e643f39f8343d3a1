//! The archive: every claim of the desk, searchable with the
//! [`crate::query`] language, through an index kept in `DESK/.cache`.
//!
//! - `doc`: the index's schema, its tokenizer, a claim as a document.
//! - `words`: what a search word matches (prefixes, typos, phrases), for
//!   the index's queries, the plain scan and highlighting alike.
//! - `engine`: the index on disk: [`Archive`], opening, rebuilding,
//!   updating under a lock; `catalog`: what it holds, story by story, and
//!   the journal of saves; `fresh`: keeping it current with the files.
//! - `search`: a [`Query`](crate::query::Query) on the index: [`Found`].
//! - `plain`: the same search by reading every story file (a read-only
//!   desk; what the index is tested against).
//! - `seen`: "seen before" candidates through the index.
//! - `speakers`: the speakers the desk knows, from the index's dictionary.
//! - `row`: a [`ClaimRow`], what a hit shows.

mod catalog;
mod doc;
mod engine;
mod fresh;
mod plain;
mod row;
mod search;
mod seen;
mod speakers;
pub mod words;

pub use doc::analyzer;
pub use engine::{Archive, warm};
pub use fresh::{ROLLING, StampCheck, index_saved};
pub use plain::{load_stories, matches, search as plain_search, sort_newest_first};
pub use row::{ClaimRow, rows};
pub use search::{Found, Hit};

use crate::error::Error;
use crate::query::Query;
use crate::store::Desk;

pub(crate) use catalog::note_saved;

/// The claims matching `q` (the first `limit`), from the desk's index,
/// built or brought up to date first; by reading every story file when
/// the index cannot be had (a desk whose `.cache` cannot be written). A
/// damaged index is rebuilt and the search run again. Stories that could
/// not be read come back beside the hits.
pub fn search(desk: &Desk, q: &Query, limit: usize) -> (Found, Vec<Error>) {
    search_with(desk, q, limit, limit, &mut |_, _| {})
}

/// [`search`], with a rebuild's progress (stories done, of), and
/// highlight positions for the first `highlight` hits only (lines of text
/// need none).
pub fn search_with(
    desk: &Desk,
    q: &Query,
    limit: usize,
    highlight: usize,
    progress: &mut dyn FnMut(usize, usize),
) -> (Found, Vec<Error>) {
    for attempt in 0..2 {
        let opened = if attempt == 0 {
            Archive::open_with(desk, progress)
        } else {
            Archive::rebuild(desk, progress)
        };
        let Ok(mut archive) = opened else {
            break;
        };
        match archive.search(q, limit, highlight) {
            Ok(found) => return (found, archive.problems()),
            // Damaged: rebuilt on the next round.
            Err(_) => continue,
        }
    }
    // No index to be had on disk: one in memory, for this search.
    if let Ok(mut archive) = Archive::in_memory(desk)
        && let Ok(found) = archive.search(q, limit, highlight)
    {
        return (found, archive.problems());
    }
    let (mut found, problems) = plain::search(desk, q);
    found.rows.truncate(limit);
    found.hits.truncate(limit);
    (found, problems)
}

/// Every claim of the desk, in desk order (see [`search`]).
pub fn load(desk: &Desk) -> (Vec<ClaimRow>, Vec<Error>) {
    let (found, problems) = search(desk, &Query::default(), usize::MAX);
    (found.rows, problems)
}

/// The claims passing `filters`, in desk order.
pub fn load_matching(desk: &Desk, filters: &Query) -> (Vec<ClaimRow>, Vec<Error>) {
    let q = Query {
        words: Vec::new(),
        ..filters.clone()
    };
    let (found, problems) = search(desk, &q, usize::MAX);
    (found.rows, problems)
}

#[cfg(test)]
mod tests;
