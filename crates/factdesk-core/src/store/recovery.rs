//! Where an edit goes when it cannot be saved where it belongs.
//!
//! When a story cannot be saved (a full disk, a read-only file or desk)
//! and the editor leaves it, the story as the editor has it is written to
//! a recovery file instead of being dropped: in the state folder
//! (`~/.local/state/factdesk/recovery/` on Linux), outside the desk so a
//! full or read-only desk does not stop it; else in the desk's own
//! `.recovery/`; else in the system's temporary folder. The file is the
//! story's RON with a comment saying which story it is, where it belongs
//! and why it is here, so it can be checked and copied over the story.

use chrono::Utc;
use std::path::{Path, PathBuf};

use super::atomic;
use super::desk::Desk;
use super::ron_file;
use super::story_doc::StoryDoc;
use crate::error::{Error, Result};

/// The desk's own recovery folder, when the state folder cannot be used.
pub const RECOVERY_DIR: &str = ".recovery";

/// The folders a recovery file may go to, in the order tried.
pub fn places(desk: &Desk) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Some(dirs) = directories::ProjectDirs::from("", "", "factdesk") {
        out.push(
            dirs.state_dir()
                .unwrap_or(dirs.cache_dir())
                .join("recovery"),
        );
    }
    out.push(desk.root().join(RECOVERY_DIR));
    out.push(std::env::temp_dir().join(format!("factdesk-recovery-{}", super::dir::my_uid())));
    out
}

/// Keep `doc` (the story as the editor has it) in a recovery file because
/// of `why`; returns where. Fails only when no place at all could take it.
pub fn keep(desk: &Desk, doc: &StoryDoc, why: &str) -> Result<PathBuf> {
    let story = doc.story();
    let body = ron_file::to_string(story, &doc.file.path)?;
    let now = Utc::now();
    let text = format!(
        "// factdesk recovery file: story {} as its editor had it at {} UTC,\n\
         // not saved to {} because: {}\n\
         // To keep these changes, check it, then copy it over that story.ron.\n{body}",
        story.id,
        now.format("%Y-%m-%d %H:%M:%S"),
        crate::text::printable(&doc.file.path.display().to_string()),
        crate::text::printable(why),
    );
    let stamp = now.format("%Y%m%dT%H%M%SZ");
    let mut last = None;
    for dir in places(desk) {
        match write_in(&dir, &format!("{}-{stamp}", story.id), text.as_bytes()) {
            Ok(path) => return Ok(path),
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or_else(|| Error::Invalid {
        path: doc.file.path.clone(),
        why: "nowhere to keep the unsaved changes".into(),
    }))
}

/// Write `bytes` as a new file `stem[-n].ron` in `dir` (made if missing).
fn write_in(dir: &Path, stem: &str, bytes: &[u8]) -> Result<PathBuf> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    for n in 1..100 {
        let name = if n == 1 {
            format!("{stem}.ron")
        } else {
            format!("{stem}-{n}.ron")
        };
        let path = dir.join(name);
        match atomic::write_outside(&path, bytes, None) {
            Ok(_) => return Ok(path),
            Err(Error::ChangedOnDisk { .. }) => continue, // name taken
            Err(e) => return Err(e),
        }
    }
    Err(Error::Invalid {
        path: dir.to_path_buf(),
        why: "no free name for a recovery file".into(),
    })
}
