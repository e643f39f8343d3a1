//! The archive: every claim of the desk in one flat list, and search over
//! it with the [`crate::query`] language.
//!
//! - `record`: what the desk's cache keeps of a story and its claims.
//! - `row`: a [`ClaimRow`], built from a claim's record, with its search
//!   material prepared once.
//! - `load`: rows from the desk, built only for claims that can match.
//! - `search`: the [`Searcher`], with its text index (`index`) and the
//!   matching and scoring of words (`score`).
//!
//! Keep one [`Searcher`] around and call it on every keystroke.

mod index;
mod load;
mod record;
mod row;
mod score;
mod search;

pub use load::{load, load_for_query, load_matching, load_stories, sort_newest_first};
pub use row::{ClaimRow, rows};
pub use search::{Hit, Searcher, search};

#[cfg(test)]
mod tests;
