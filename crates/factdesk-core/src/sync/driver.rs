//! `factdesk merge-driver %O %A %B %P`: how git merges one desk file.
//!
//! git hands over three temporary files, the common version (`%O`, empty
//! when the file was added on both sides), ours (`%A`, where the result
//! goes) and theirs (`%B`), and the file's path in the desk (`%P`); it
//! runs the driver in the top folder of the work tree. `story.ron`,
//! `sources.ron` and `desk.ron` are merged parsed ([`crate::merge3`]);
//! `article.txt` line by line (`git merge-file`), taken only when that is
//! clean. Whatever cannot be merged is never half-merged: ours stays
//! whole where it was, theirs is written whole beside it
//! (`NAME.conflict-<UTC time>-theirs.EXT`), the driver says so, and exits
//! 1 so that git stops with a conflict on that file.

use std::fs;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use super::git::Git;
use crate::merge3::file::{DocKind, FileMerge, merge_texts};
use crate::store::atomic;

/// A desk file over this size is not a desk file.
pub const MAX_FILE: u64 = 256 << 20;

/// What the driver did: whether the file is merged (exit 0) or left for
/// a person (exit 1), and what to tell them (one line each).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Driven {
    pub merged: bool,
    pub messages: Vec<String>,
}

impl Driven {
    pub fn exit_code(&self) -> i32 {
        if self.merged { 0 } else { 1 }
    }
}

/// Merge `ours` with `theirs` against `base` for the desk file at `path`,
/// leaving the result in `ours`.
pub fn merge_driver(base: &Path, ours: &Path, theirs: &Path, path: &Path) -> Driven {
    let shown = crate::text::printable(&path.display().to_string());
    let read = |p: &Path| read_bounded(p).map_err(|e| format!("{}: {e}", p.display()));
    let (b, o, t) = match (read(base), read(ours), read(theirs)) {
        (Ok(b), Ok(o), Ok(t)) => (b, o, t),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
            return Driven {
                merged: false,
                messages: vec![format!("{shown}: cannot read a version to merge: {e}")],
            };
        }
    };
    let merged = match DocKind::of(path) {
        Some(_) => merge_texts(path, &b, &o, &t),
        None => merge_lines(ours, base, theirs),
    };
    match merged {
        FileMerge::Merged { text, report } => {
            if let Err(e) = atomic::replace_unsynced(ours, 0, text.as_bytes()) {
                return Driven {
                    merged: false,
                    messages: vec![format!("{shown}: cannot write the merge: {e}")],
                };
            }
            let messages = if report.is_clean() {
                Vec::new()
            } else {
                vec![format!("{shown}: merged; {}", report.summary())]
            };
            Driven {
                merged: true,
                messages,
            }
        }
        FileMerge::Refused { why } => {
            let kept = keep_theirs(path, &t);
            let beside = match &kept {
                Ok(copy) => format!(
                    "theirs is kept whole as {}",
                    crate::text::printable(&copy.display().to_string())
                ),
                Err(e) => format!("theirs could not be kept beside it ({e})"),
            };
            Driven {
                merged: false,
                messages: vec![format!(
                    "{shown}: not merged: {}; ours is left whole in its place, {beside}",
                    crate::text::printable(&why)
                )],
            }
        }
    }
}

/// A text file (an article) merged line by line; refused unless clean.
fn merge_lines(ours: &Path, base: &Path, theirs: &Path) -> FileMerge {
    let (Some(o), Some(b), Some(t)) = (ours.to_str(), base.to_str(), theirs.to_str()) else {
        return FileMerge::Refused {
            why: "a temporary file name git gave is not text".into(),
        };
    };
    let out = match Git::new(Path::new(".")).run(&["merge-file", "-p", "--quiet", o, b, t]) {
        Ok(out) => out,
        Err(e) => {
            return FileMerge::Refused { why: e.to_string() };
        }
    };
    match (out.code, String::from_utf8(out.stdout)) {
        (Some(0), Ok(text)) => FileMerge::Merged {
            text,
            report: Default::default(),
        },
        (Some(0), Err(_)) => FileMerge::Refused {
            why: "the merged text is not UTF-8".into(),
        },
        _ => FileMerge::Refused {
            why: "both sides changed the same lines of the article".into(),
        },
    }
}

fn read_bounded(path: &Path) -> std::io::Result<Vec<u8>> {
    let file = fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE {
        return Err(std::io::Error::other(format!(
            "over {} MB: too big for a desk file",
            MAX_FILE >> 20
        )));
    }
    Ok(bytes)
}

/// Write their version whole beside the file at `path`, for a person to
/// compare: `story.conflict-<UTC time>-theirs.ron`.
fn keep_theirs(path: &Path, theirs: &[u8]) -> crate::Result<PathBuf> {
    let dir = safe_parent(path);
    fs::create_dir_all(&dir).map_err(|e| crate::Error::io(&dir, e))?;
    crate::store::refuse_symlink(&dir)?;
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    let ext = path
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    for n in 1..100 {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!("-{n}")
        };
        let copy = dir.join(format!("{stem}.conflict-{stamp}{suffix}-theirs{ext}"));
        match atomic::write(&copy, theirs, None) {
            Ok(_) => return Ok(copy),
            Err(crate::Error::ChangedOnDisk { .. }) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(crate::Error::Invalid {
        path: path.to_path_buf(),
        why: "no free name for their version".into(),
    })
}

/// The folder of `path` inside the work tree; `.` for a path that would
/// lead out of it (git never gives one; this is not trusted to it).
fn safe_parent(path: &Path) -> PathBuf {
    let parent = path.parent().unwrap_or(Path::new(""));
    if parent
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
    {
        Path::new(".").join(parent)
    } else {
        PathBuf::from(".")
    }
}
