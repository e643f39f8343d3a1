//! Typed errors of the library. Each one renders as a single line that names
//! the file (and line and column where there is one), because that line is
//! what an editor will see.

use std::path::PathBuf;
use thiserror::Error;

use crate::ids::{ClaimId, IdError};

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

    /// A desk file larger than factdesk reads for its kind: never read
    /// whole into memory.
    #[error("{}: {} is over the {} factdesk reads for {what}; not read", path.display(), size_text(*len), size_text(*limit))]
    TooBig {
        path: PathBuf,
        len: u64,
        limit: u64,
        what: &'static str,
    },

    /// A FIFO, device, socket or folder where a file should be: never
    /// opened for reading (a FIFO would wait for a writer for ever, a
    /// device could be read without end).
    #[error("{}: {kind}, not a regular file; not read", path.display())]
    NotAFile { path: PathBuf, kind: &'static str },

    /// A file whose permissions say it must not be written (`chmod a-w`).
    #[error("{}: read-only (its permissions forbid writing); not saving over it (make it writable with `chmod u+w` to save)", path.display())]
    ReadOnlyFile { path: PathBuf },

    #[error("{}: {why}", path.display())]
    BadArticle { path: PathBuf, why: String },

    #[error("{}: {why}", path.display())]
    Invalid { path: PathBuf, why: String },

    #[error("{}: not a factdesk desk (no desk.ron); `factdesk --desk {} init` makes one", path.display(), path.display())]
    NotADesk { path: PathBuf },

    /// A problem found earlier and kept by the archive's catalog (a story
    /// that could not be read when it was indexed), as it was reported.
    #[error("{0}")]
    Unreadable(String),

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

    #[error("unknown verdict {0:?}: use pending, confirmed, unconfirmed or disputed")]
    UnknownVerdict(String),

    #[error(
        "unknown source kind {0:?}: use wire, official-statement, document, interview, social-post or other"
    )]
    UnknownSourceKind(String),

    #[error("a source's name cannot be empty")]
    EmptySourceName,

    #[error("cannot merge source {0} into itself")]
    MergeIntoItself(String),

    #[error("a claim's wording cannot be empty")]
    EmptyWording,

    #[error("a speaker's name is at most {max} characters")]
    SpeakerTooLong { max: usize },
    #[error("a story's headline cannot be empty")]
    EmptyHeadline,

    #[error("{0:?} is not a day: give the date as YYYY-MM-DD (2025-03-14)")]
    NotADay(String),

    #[error("the {field} is over {max} characters; not kept")]
    DetailTooLong { field: &'static str, max: usize },

    /// A story id prefix that more than one story of the desk begins with.
    /// `matches` lists the first few of the `count` ids.
    #[error("{prefix:?} is the start of {count} stories: {}{}; give more of the id", matches.join(", "), if *count > matches.len() { ", …" } else { "" })]
    AmbiguousStory {
        prefix: String,
        count: usize,
        matches: Vec<String>,
    },

    #[error("story {story} has run out of claim numbers")]
    OutOfClaimNumbers { story: String },

    #[error("story {story}: claim #{claim} is not deleted; there is nothing to restore")]
    ClaimNotDeleted { story: String, claim: ClaimId },

    /// `story revise` given the text the article already has.
    #[error("story {story}: the new text is the article as it is; nothing to revise")]
    SameArticle { story: String },

    #[error("no story {0:?} in the trash")]
    NotInTrash(String),

    #[error("{story} was deleted {} times; restore one of {}", folders.len(), folders.join(", "))]
    DeletedMoreThanOnce { story: String, folders: Vec<String> },

    /// An earlier ruling offered for a claim it differs from (another
    /// figure, date, negation or name).
    #[error("{story}#{claim} is {differs}; its verdict cannot stand for this claim")]
    NotTheSameClaim {
        story: String,
        claim: ClaimId,
        differs: String,
    },

    #[error("{} is already a desk", path.display())]
    AlreadyADesk { path: PathBuf },

    #[error("{} is a folder", path.display())]
    ExportIsFolder { path: PathBuf },

    #[error("{} already exists; pass --force to overwrite it", path.display())]
    ExportExists { path: PathBuf },

    #[error("{}: inside the desk folder, whose files are factdesk's own; export to a file outside it", path.display())]
    ExportInsideDesk { path: PathBuf },

    #[error("CSV export failed: {0}")]
    Csv(String),

    /// `resolve` on a field that has no conflict.
    #[error("{what} has no conflict on its {field}")]
    NoConflict { what: String, field: String },

    #[error("{what} already has a conflict on its {field}")]
    ConflictExists { what: String, field: String },

    /// A value of the wrong kind to settle a conflict with.
    #[error("the {field} of a {what} cannot be {value}")]
    WrongValue {
        what: &'static str,
        field: String,
        value: String,
    },

    #[error("a link to {to} cannot settle the link to {link}")]
    OtherLink { to: String, link: String },

    #[error("source {id:?} was merged into {into}; use {into}, or another id")]
    MergedSource { id: String, into: String },

    #[error("{}: story is being edited by {holder}", path.display())]
    Locked { path: PathBuf, holder: String },

    #[error("story {story} is read-only here: {why}")]
    ReadOnly { story: String, why: String },
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// `len` bytes for a person: `200.0 MB`, `4 KB`, `12 bytes`.
pub fn size_text(len: u64) -> String {
    const KB: u64 = 1000;
    const MB: u64 = 1000 * KB;
    match len {
        n if n >= MB => format!("{:.1} MB", n as f64 / MB as f64),
        n if n >= KB => format!("{} KB", n.div_ceil(KB)),
        n => format!("{n} bytes"),
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
