//! The desk on disk: a folder of RON files and articles.
//!
//! ```text
//! DESK/
//!   desk.ron
//!   sources.ron
//!   stories/<story-id>/article.txt
//!   stories/<story-id>/story.ron
//!   stories/<story-id>/revisions/<n>.txt   earlier texts of the article
//!   stories/.trash/<story-id>…/             deleted stories, restorable
//! ```
//!
//! Everything that reads or writes those files goes through here, so the
//! rules (ids are slugs, saves are atomic, a file changed behind our back is
//! never overwritten) hold for the screen and the command line alike.

pub mod atomic;
pub mod cache;
pub mod check;
mod desk;
mod ingest;
mod layout;
pub mod lock;
pub mod merge;
pub mod process;
pub mod revision;
pub mod ron_file;
mod stored;
mod story_doc;
mod summary;
pub mod trash;

pub use desk::{Desk, add_source};
pub use ingest::{
    MAX_SUGGESTED_CLAIMS, build_story, import_file, import_files, import_text, read_article,
};
pub use layout::{ARTICLE_FILE, DESK_FILE, SOURCES_FILE, STORIES_DIR, STORY_FILE};
pub use ron_file::ron_text;
pub use stored::Stored;
pub use story_doc::{SYSTEM_EDITOR, StoryDoc, parse_story};
pub use summary::StorySummary;
