//! `factdesk check`: read every file of a desk and report every problem,
//! one `file:line:col: message` each, without changing anything.
//!
//! Loading a story repairs what it safely can in memory (re-anchoring claims,
//! for one); `check` reports the files as they are on disk, so an editor can
//! see what is wrong before anything is saved over it.

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::ids::StoryId;
use crate::model::{DeskSettings, SourceRegistry, Story};

use super::desk::Desk;
use super::dir::{Dir, Kind, not_a_file};
use super::layout::{ARTICLE_FILE, DESK_FILE, MAX_ARTICLE_BYTES, SOURCES_FILE, STORY_FILE};
use super::stored::Stored;
use super::{atomic, ron_file};

/// One problem: where, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path.display(),
            self.line,
            self.col,
            self.message
        )
    }
}

impl From<Error> for Problem {
    fn from(e: Error) -> Problem {
        match e {
            Error::Parse {
                path,
                line,
                col,
                msg,
            } => Problem {
                path,
                line,
                col,
                message: msg,
            },
            Error::Io { path, source } => Problem {
                path,
                line: 1,
                col: 1,
                message: source.to_string(),
            },
            Error::FutureVersion {
                path,
                found,
                supported,
            } => Problem {
                path,
                line: 1,
                col: 1,
                message: format!(
                    "written by a newer factdesk (version {found}, this one reads up to {supported})"
                ),
            },
            Error::BadArticle { path, why } | Error::Invalid { path, why } => Problem {
                path,
                line: 1,
                col: 1,
                message: why,
            },
            e @ (Error::TooBig { .. } | Error::NotAFile { .. } | Error::ReadOnlyFile { .. }) => {
                let path = match &e {
                    Error::TooBig { path, .. }
                    | Error::NotAFile { path, .. }
                    | Error::ReadOnlyFile { path } => path.clone(),
                    _ => PathBuf::new(),
                };
                let shown = path.display().to_string();
                let message = e.to_string();
                let message = message
                    .strip_prefix(&format!("{shown}: "))
                    .unwrap_or(&message)
                    .to_string();
                Problem {
                    path,
                    line: 1,
                    col: 1,
                    message,
                }
            }
            other => Problem {
                path: PathBuf::new(),
                line: 1,
                col: 1,
                message: other.to_string(),
            },
        }
    }
}

/// Every problem of the desk at `root`, in file order. Reads every file
/// the way the other commands do: no link followed, no FIFO or device
/// opened, no file read past its size bound.
pub fn check(root: &Path) -> Vec<Problem> {
    let mut problems = Vec::new();
    let desk_file = root.join(DESK_FILE);
    let root_dir = match Dir::open(root) {
        Ok(d) => d,
        Err(e) => return vec![e.into()],
    };
    match root_dir.meta(DESK_FILE) {
        Ok(None) => {
            problems.push(Problem {
                path: desk_file,
                line: 1,
                col: 1,
                message: "missing: this folder is not a desk".into(),
            });
            return problems;
        }
        Ok(Some(m)) if m.kind != Kind::File => {
            problems.push(not_a_file(desk_file, m.kind).into());
            return problems;
        }
        Err(e) => return vec![e.into()],
        Ok(Some(_)) => {}
    }
    if let Err(e) = Stored::<DeskSettings>::load(desk_file) {
        problems.push(e.into());
    }
    let desk = Desk::unchecked(root);
    let registry = if root_dir.meta(SOURCES_FILE).ok().flatten().is_some() {
        match desk.load_sources() {
            Ok(s) => Some(s.value),
            Err(e) => {
                problems.push(e.into());
                None
            }
        }
    } else {
        Some(SourceRegistry::default())
    };
    let (ids, bad_names) = match desk.story_ids() {
        Ok(x) => x,
        Err(e) => {
            problems.push(e.into());
            return problems;
        }
    };
    problems.extend(bad_names.into_iter().map(Problem::from));
    for id in ids {
        check_story(&desk, &id, registry.as_ref(), &mut problems);
    }
    problems
}

fn check_story(
    desk: &Desk,
    id: &StoryId,
    registry: Option<&SourceRegistry>,
    out: &mut Vec<Problem>,
) {
    let dir = match desk.story_handle(id) {
        Ok(d) => d,
        Err(e) => return out.push(e.into()),
    };
    let id = id.as_str();
    let story_path = dir.join(STORY_FILE);
    let article_path = dir.join(ARTICLE_FILE);
    let article = match dir.read(ARTICLE_FILE, MAX_ARTICLE_BYTES, "an article") {
        Ok(Some((bytes, _))) => match String::from_utf8(bytes) {
            Ok(a) => Some(a),
            Err(e) => {
                let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let (line, col) = ron_file::line_col(&lossy, e.utf8_error().valid_up_to());
                out.push(Problem {
                    path: article_path.clone(),
                    line,
                    col,
                    message: "not UTF-8 text".into(),
                });
                None
            }
        },
        Ok(None) => {
            out.push(Problem {
                path: article_path.clone(),
                line: 1,
                col: 1,
                message: "missing: the story folder has no article".into(),
            });
            None
        }
        Err(e) => {
            out.push(e.into());
            None
        }
    };
    if let Ok(None) = dir.meta(STORY_FILE) {
        out.push(Problem {
            path: story_path,
            line: 1,
            col: 1,
            message: "missing: the story folder has no story.ron".into(),
        });
        return;
    }
    let parsed = atomic::read_in(&dir, STORY_FILE).and_then(|(bytes, _)| {
        let text = ron_file::ron_text(&bytes, &story_path)?.to_string();
        let story: Story = ron_file::from_str(&text, &story_path)?;
        Ok((story, text))
    });
    let (story, text) = match parsed {
        Ok(x) => x,
        Err(e) => {
            out.push(e.into());
            return;
        }
    };
    let story = &story;
    let at = |line_col: (usize, usize), message: String| Problem {
        path: story_path.clone(),
        line: line_col.0,
        col: line_col.1,
        message,
    };
    if story.id.as_str() != id {
        out.push(at(
            ron_file::locate(&text, "id:", 0, "id:"),
            format!(
                "id {:?} does not match its folder {id:?}",
                story.id.as_str()
            ),
        ));
    }
    let mut seen = HashSet::new();
    for (i, claim) in story.claims.iter().enumerate() {
        // The story's own `id:` comes first, so claim i is occurrence i+1.
        let claim_at = ron_file::locate(&text, "id:", i + 1, "id:");
        if !seen.insert(claim.id) {
            out.push(at(claim_at, format!("duplicate claim id {}", claim.id)));
        }
        if let Some(article) = &article {
            let a = &claim.anchor;
            let span = article.get(a.start..a.end);
            let why = match span {
                None if a.end > article.len() || a.start > a.end => Some(format!(
                    "claim #{}: span {}..{} is outside the article ({} bytes)",
                    claim.id,
                    a.start,
                    a.end,
                    article.len()
                )),
                None => Some(format!(
                    "claim #{}: span {}..{} is not on character boundaries",
                    claim.id, a.start, a.end
                )),
                Some(s) if s != a.quote && !claim.orphaned => Some(format!(
                    "claim #{}: the article no longer holds its quote at {}..{} (it will be re-anchored when opened)",
                    claim.id, a.start, a.end
                )),
                _ => None,
            };
            if let Some(why) = why {
                out.push(at(ron_file::locate(&text, "id:", i + 1, "start:"), why));
            }
        }
        if let Some(registry) = registry {
            for link in claim.unregistered_links(registry) {
                let needle = format!("source: \"{}\"", link.source);
                let offset = ron_file::locate(&text, "id:", i + 1, &needle);
                out.push(at(
                    offset,
                    format!(
                        "claim #{}: links to source {:?}, which is not in sources.ron",
                        claim.id,
                        link.source.as_str()
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_desk_is_clean() {
        let problems = check(Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../data"
        )));
        assert!(problems.is_empty(), "{problems:?}");
    }
}
