//! Merging the text of a desk file: parse the three versions, merge them
//! ([`super::story`], [`super::registry`], [`super::settings`]), write the
//! result as factdesk writes the file. What does not parse is never
//! guessed at: the merge is refused, saying which side and where, and the
//! caller keeps both versions whole.

use std::path::Path;

use serde::Serialize;

use super::{Merged, Report};
use crate::ids::StoryId;
use crate::model::{DeskSettings, Story};
use crate::store::{self, DESK_FILE, SOURCES_FILE, STORY_FILE, ron_file};

/// Which document a file is, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    Story,
    Sources,
    Desk,
}

impl DocKind {
    pub fn of(path: &Path) -> Option<DocKind> {
        match path.file_name()?.to_str()? {
            STORY_FILE => Some(DocKind::Story),
            SOURCES_FILE => Some(DocKind::Sources),
            DESK_FILE => Some(DocKind::Desk),
            _ => None,
        }
    }
}

/// What [`merge_texts`] made of three versions.
#[derive(Debug, Clone, PartialEq)]
pub enum FileMerge {
    /// The merged file, as factdesk writes it.
    Merged { text: String, report: Report },
    /// Not merged: `why` says which version could not be read, and where.
    Refused { why: String },
}

/// The side a version of a file came from, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    Base,
    Ours,
    Theirs,
}

impl Version {
    fn name(self) -> &'static str {
        match self {
            Version::Base => "the common version",
            Version::Ours => "our version",
            Version::Theirs => "their version",
        }
    }
}

/// Merge three versions of the file at `path` (its path in the desk, for
/// messages and for the story id its folder gives). An empty `base` means
/// the file was added on both sides; a base that does not parse is
/// treated the same way, and said.
pub fn merge_texts(path: &Path, base: &[u8], ours: &[u8], theirs: &[u8]) -> FileMerge {
    let Some(kind) = DocKind::of(path) else {
        return FileMerge::Refused {
            why: format!("{}: not a file factdesk merges", path.display()),
        };
    };
    match kind {
        DocKind::Story => {
            let id = path
                .parent()
                .and_then(Path::file_name)
                .and_then(|n| n.to_str())
                .and_then(|n| StoryId::parse(n).ok());
            let parse = |text: &str| store::parse_story(text, path, id.as_ref()).map(|(s, _)| s);
            let refuse_two_stories = |base: Option<&Story>, o: &Story, t: &Story| {
                (base.is_none() && (o.article_len != t.article_len || o.headline != t.headline))
                    .then(|| {
                        format!(
                            "{}: a story with this id was imported on both sides from different \
                             articles; `factdesk sync` keeps both, as two stories",
                            path.display()
                        )
                    })
            };
            run(
                path,
                [base, ours, theirs],
                parse,
                refuse_two_stories,
                super::story,
            )
        }
        DocKind::Sources => {
            let parse = |text: &str| store::parse_sources(text, path);
            run(
                path,
                [base, ours, theirs],
                parse,
                |_, _, _| None,
                super::registry,
            )
        }
        DocKind::Desk => {
            let parse = |text: &str| ron_file::from_str::<DeskSettings>(text, path);
            run(
                path,
                [base, ours, theirs],
                parse,
                |_, _, _| None,
                super::settings,
            )
        }
    }
}

fn run<T: Serialize>(
    path: &Path,
    [base, ours, theirs]: [&[u8]; 3],
    parse: impl Fn(&str) -> crate::Result<T>,
    refuse: impl Fn(Option<&T>, &T, &T) -> Option<String>,
    merge: impl Fn(Option<&T>, &T, &T) -> Merged<T>,
) -> FileMerge {
    let read = |bytes: &[u8], version: Version| -> Result<T, String> {
        let text = store::ron_text(bytes, path).map_err(|e| why(version, &e))?;
        parse(text).map_err(|e| why(version, &e))
    };
    let (ours, theirs) = match (read(ours, Version::Ours), read(theirs, Version::Theirs)) {
        (Ok(o), Ok(t)) => (o, t),
        (Err(why), _) | (_, Err(why)) => return FileMerge::Refused { why },
    };
    let mut notes = Vec::new();
    let base = if base.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        match read(base, Version::Base) {
            Ok(b) => Some(b),
            Err(why) => {
                notes.push(format!("{why}; merged as if added on both sides"));
                None
            }
        }
    };
    if let Some(why) = refuse(base.as_ref(), &ours, &theirs) {
        return FileMerge::Refused { why };
    }
    let Merged { value, mut report } = merge(base.as_ref(), &ours, &theirs);
    report.notes.splice(0..0, notes);
    match ron_file::to_string(&value, path) {
        Ok(text) => FileMerge::Merged { text, report },
        Err(e) => FileMerge::Refused { why: e.to_string() },
    }
}

fn why(version: Version, e: &crate::Error) -> String {
    format!("{} does not parse: {e}", version.name())
}
