//! The desk's folder layout: the names of its files, and the refusal to
//! follow a symbolic link in it (which could lead outside the desk).

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

/// Refuse a story folder or file that is a symbolic link: it could point
/// anywhere, and a save through it would write outside the desk.
pub(crate) fn refuse_symlink(path: &Path) -> Result<()> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(Error::Invalid {
            path: path.to_path_buf(),
            why: SYMLINK_REFUSED.into(),
        }),
        _ => Ok(()),
    }
}
