//! The desk on disk: a folder of RON files and articles.
//!
//! ```text
//! DESK/
//!   desk.ron
//!   sources.ron
//!   stories/<story-id>/article.txt
//!   stories/<story-id>/story.ron
//!   stories/<story-id>/original.html   (or .xml, .json: the page or feed
//!                                       item a story was imported from)
//!   stories/<story-id>/revisions/<n>.txt   earlier texts of the article
//!   stories/.trash/<story-id>…/             deleted stories, restorable
//! ```
//!
//! Everything that reads or writes those files goes through here, so the
//! rules (ids are slugs, saves are atomic, a file changed behind our back is
//! never overwritten) hold for the screen and the command line alike.

pub mod atomic;
mod build;
pub mod cache;
pub mod check;
mod desk;
pub mod dir;
mod fingerprint;
mod ingest;
mod layout;
pub mod lock;
mod made_names;
pub mod merge;
pub mod process;
pub mod recovery;
pub mod registry_lock;
pub mod revision;
pub mod ron_file;
mod stored;
mod story_doc;
mod summary;
pub mod trash;

pub use desk::{Desk, add_source, parse_sources};
pub use ingest::{
    ImportOptions, Input, MAX_SUGGESTED_CLAIMS, build_story, build_story_from, import_articles,
    import_file, import_files, import_inputs, import_text, read_input,
};
pub(crate) use layout::refuse_symlink;
pub use layout::{
    ARTICLE_FILE, DESK_FILE, MAX_ARTICLE_BYTES, MAX_DESK_BYTES, MAX_LOCK_BYTES, MAX_SOURCES_BYTES,
    MAX_STORY_BYTES, SOURCES_FILE, STORIES_DIR, STORY_FILE,
};
pub use ron_file::ron_text;
pub use stored::Stored;
pub use story_doc::{SYSTEM_EDITOR, StoryDoc, parse_story};
pub use summary::StorySummary;
