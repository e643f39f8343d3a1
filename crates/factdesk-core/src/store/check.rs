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

/// What `check` found: problems with the files, and notes that are no
/// problem (claims that moved in a corrected article, claims that need
/// review, confirmations below the desk's rule), each `file:line:col`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Checked {
    pub problems: Vec<Problem>,
    pub notes: Vec<Problem>,
}

/// Every problem of the desk at `root`, in file order. Reads every file
/// the way the other commands do: no link followed, no FIFO or device
/// opened, no file read past its size bound.
pub fn check(root: &Path) -> Vec<Problem> {
    check_desk(root).problems
}

/// Every problem and note of the desk at `root`, in file order.
pub fn check_desk(root: &Path) -> Checked {
    let mut notes = Vec::new();
    let problems = check_into(root, &mut notes);
    Checked { problems, notes }
}

fn check_into(root: &Path, notes: &mut Vec<Problem>) -> Vec<Problem> {
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
    let needs = match Stored::<DeskSettings>::load(desk_file) {
        Ok(settings) => settings.value.confirm_needs,
        Err(e) => {
            problems.push(e.into());
            0
        }
    };
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
    if let Some(registry) = &registry {
        source_conflicts(&root.join(SOURCES_FILE), registry, &mut problems);
    }
    let (ids, bad_names) = match desk.story_ids() {
        Ok(x) => x,
        Err(e) => {
            problems.push(e.into());
            return problems;
        }
    };
    problems.extend(bad_names.into_iter().map(Problem::from));
    for id in ids {
        let mut found = Found {
            problems: &mut problems,
            notes,
        };
        check_story(&desk, &id, registry.as_ref(), needs, &mut found);
    }
    problems
}

struct Found<'a> {
    problems: &'a mut Vec<Problem>,
    notes: &'a mut Vec<Problem>,
}

fn check_story(
    desk: &Desk,
    id: &StoryId,
    registry: Option<&SourceRegistry>,
    needs: u32,
    found: &mut Found<'_>,
) {
    let dir = match desk.story_handle(id) {
        Ok(d) => d,
        Err(e) => return found.problems.push(e.into()),
    };
    let id = id.as_str();
    let out = &mut *found.problems;
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
    // The article is the very text the claims were anchored on: a quote
    // that does not match is damage, not a correction.
    let verified = article.as_ref().is_some_and(|a| {
        story.article_sha256.is_some()
            && !super::revision::article_changed(story, a, &super::revision::article_sha256(a))
    });
    let mut seen = HashSet::new();
    for (i, claim) in story.claims.iter().enumerate() {
        // The story's own `id:` comes first, so claim i is occurrence i+1.
        let claim_at = ron_file::locate(&text, "id:", i + 1, "id:");
        if !seen.insert(claim.id) {
            found
                .problems
                .push(at(claim_at, format!("duplicate claim id {}", claim.id)));
        }
        if let Some(article) = &article
            && !verified
            && let Some(note) = correction_note(article, claim)
        {
            let where_ = ron_file::locate(&text, "id:", i + 1, "start:");
            found.notes.push(at(where_, note));
        } else if let Some(article) = &article {
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
                found
                    .problems
                    .push(at(ron_file::locate(&text, "id:", i + 1, "start:"), why));
            }
        }
        if claim.needs_review {
            let why = claim
                .review
                .as_ref()
                .map_or_else(|| "flagged".to_string(), ToString::to_string);
            found.notes.push(at(
                claim_at,
                format!("claim #{} needs review: {why}", claim.id),
            ));
        }
        if let Some(registry) = registry {
            for link in claim.unregistered_links(registry) {
                let needle = format!("source: \"{}\"", link.source);
                let offset = ron_file::locate(&text, "id:", i + 1, &needle);
                let merged = registry
                    .merged_into(&link.source)
                    .map(|into| {
                        format!(
                            " (it was merged into {into}: `factdesk source merge {} {into}` \
                             moves the link)",
                            link.source
                        )
                    })
                    .unwrap_or_default();
                found.problems.push(at(
                    offset,
                    format!(
                        "claim #{}: links to source {:?}, which is not in sources.ron{merged}",
                        claim.id,
                        link.source.as_str()
                    ),
                ));
            }
        }
        for c in &claim.conflicts {
            found.problems.push(at(
                claim_at,
                format!(
                    "claim #{}: unresolved conflict on {c}; settle it with `factdesk resolve {id} {} {} N`",
                    claim.id,
                    claim.id,
                    c.field.name()
                ),
            ));
        }
    }
    for b in crate::rules::below_rule_in(story, needs) {
        let i = story.claim_index(b.claim).unwrap_or(0);
        found.notes.push(at(
            ron_file::locate(&text, "id:", i + 1, "verdict:"),
            b.to_string(),
        ));
    }
}

/// Conflicts a merge left on sources, for an editor to settle.
fn source_conflicts(path: &Path, registry: &SourceRegistry, out: &mut Vec<Problem>) {
    if registry.conflicts.is_empty() {
        return;
    }
    // Read as every desk file is: bounded, no link, no FIFO.
    let text = atomic::read(path)
        .map(|(bytes, _)| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default();
    for c in &registry.conflicts {
        let needle = format!("id: \"{}\"", c.source);
        let (line, col) = ron_file::locate(&text, &needle, 0, &needle);
        out.push(Problem {
            path: path.to_path_buf(),
            line,
            col,
            message: format!(
                "source {}: unresolved conflict on {}; settle it with `factdesk source resolve {} {} N`",
                c.source,
                c.conflict,
                c.source,
                c.conflict.field.name()
            ),
        });
    }
}

/// What opening the story will do for a claim whose quote is no longer
/// where it was: `None` when it is (nothing to say).
fn correction_note(article: &str, claim: &crate::model::Claim) -> Option<String> {
    let a = &claim.anchor;
    if claim.orphaned || article.get(a.start..a.end) == Some(a.quote.as_str()) {
        return None;
    }
    Some(match crate::anchor::reanchor(article, a) {
        Some(new) => match crate::review::review_for(&a.quote, &new.quote) {
            None => format!(
                "claim #{}: moved in the corrected article ({}..{} → {}..{}); re-anchored when next opened",
                claim.id, a.start, a.end, new.start, new.end
            ),
            Some(review) => format!(
                "claim #{}: its quoted words changed in the corrected article ({}); it will need review",
                claim.id,
                review.changes(4)
            ),
        },
        None => format!(
            "claim #{}: its text is gone from the corrected article; kept as orphaned when next opened",
            claim.id
        ),
    })
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
