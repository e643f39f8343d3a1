//! The desk's folder layout: the names of its files, how much of each is
//! read at most, and the refusal to follow a symbolic link in it (which
//! could lead outside the desk).

use std::fs;
use std::path::Path;

use crate::error::{Error, Result};

pub const DESK_FILE: &str = "desk.ron";
pub const SOURCES_FILE: &str = "sources.ron";
pub const STORIES_DIR: &str = "stories";
pub const ARTICLE_FILE: &str = "article.txt";
pub const STORY_FILE: &str = "story.ron";

pub(super) const SYMLINK_REFUSED: &str =
    "a symbolic link; factdesk does not follow links in a desk, which could lead outside it";

/// The most a `story.ron` may hold: a story of 40,000 claims with their
/// histories, five times the largest the desk generator makes.
pub const MAX_STORY_BYTES: u64 = 64_000_000;
/// An article is at most 2 MB on import; a hand-corrected one may grow.
pub const MAX_ARTICLE_BYTES: u64 = 16_000_000;
/// About 25,000 sources.
pub const MAX_SOURCES_BYTES: u64 = 8_000_000;
pub const MAX_DESK_BYTES: u64 = 1_000_000;
/// A story lock names who, where, which process and since when: a few
/// hundred bytes. A bigger lock file is not one of ours.
pub const MAX_LOCK_BYTES: u64 = 4_096;

/// How much of the desk file at `path` is read at most, and what to call
/// it when it is over that: every read of a desk file is bounded.
pub fn read_limit(path: &Path) -> (u64, &'static str) {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    match name {
        DESK_FILE => (MAX_DESK_BYTES, "a desk.ron"),
        SOURCES_FILE => (MAX_SOURCES_BYTES, "a sources.ron"),
        ARTICLE_FILE => (MAX_ARTICLE_BYTES, "an article"),
        super::lock::LOCK_FILE => (MAX_LOCK_BYTES, "a lock file"),
        n if n.ends_with(".ron") => (MAX_STORY_BYTES, "a story"),
        _ => (MAX_STORY_BYTES, "a file it replaces"),
    }
}

/// Refuse a path that is a symbolic link, judged by its path alone: for
/// the folders that are not yet opened by handle (revisions, the trash).
pub(crate) fn refuse_symlink(path: &Path) -> Result<()> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(Error::Invalid {
            path: path.to_path_buf(),
            why: SYMLINK_REFUSED.into(),
        }),
        _ => Ok(()),
    }
}
