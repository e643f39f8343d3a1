//! Typed errors of the library. Each one renders as a single line that names
//! the file (and line and column where there is one), because that line is
//! what an editor will see.

use std::path::PathBuf;
use thiserror::Error;

use crate::model::ClaimId;

#[derive(Debug, Clone, Error, PartialEq, Eq)]
#[error("invalid {kind} {}: {why}", clipped(.id))]
pub struct IdError {
    pub kind: &'static str,
    pub id: String,
    pub why: &'static str,
}

#[derive(Debug, Error)]
pub enum Error {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{}:{line}:{col}: {msg}", path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        col: usize,
        msg: String,
    },

    #[error("{}: written by a newer factdesk (version {found}, this one reads up to {supported})", path.display())]
    FutureVersion {
        path: PathBuf,
        found: u32,
        supported: u32,
    },

    #[error("{}: changed on disk since it was read; not saving over it", path.display())]
    ChangedOnDisk { path: PathBuf },

    #[error("{}: {why}", path.display())]
    BadArticle { path: PathBuf, why: String },

    #[error("{}: {why}", path.display())]
    Invalid { path: PathBuf, why: String },

    #[error("{}: not a factdesk desk (no desk.ron); `factdesk --desk {} init` makes one", path.display(), path.display())]
    NotADesk { path: PathBuf },

    #[error("no story {0:?} in this desk")]
    UnknownStory(String),

    #[error("story {story} has no claim #{claim}")]
    UnknownClaim { story: String, claim: ClaimId },

    #[error(
        "story {story}: claim #{claim} is deleted; `factdesk claim restore {story} {claim}` brings it back"
    )]
    DeletedClaim { story: String, claim: ClaimId },

    #[error("no source {0:?} in the registry (add it with `factdesk source add`)")]
    UnknownSource(String),

    #[error("source {0:?} already exists")]
    DuplicateSource(String),

    #[error("{0}")]
    Id(#[from] IdError),

    #[error("invalid URL {url:?}: {why}")]
    InvalidUrl { url: String, why: String },

    #[error("unknown export format {0:?}: use claimreview, markdown or csv")]
    UnknownFormat(String),

    #[error("{0}")]
    Usage(String),

    #[error("{}: story is being edited by {holder}", path.display())]
    Locked { path: PathBuf, holder: String },

    #[error("story {story} is read-only here: {why}")]
    ReadOnly { story: String, why: String },
}

/// An id as quoted in a message: debug-escaped, and cut short so a
/// 5000-character argument still gives a one-line message.
fn clipped(id: &str) -> String {
    const MAX: usize = 60;
    if id.chars().count() <= MAX {
        format!("{id:?}")
    } else {
        let head: String = id.chars().take(MAX).collect();
        format!("{head:?}… ({} characters)", id.chars().count())
    }
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
