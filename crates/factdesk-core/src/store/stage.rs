//! A new story folder appears whole or not at all.
//!
//! Its files (`article.txt`, `story.ron`, the original page or feed item)
//! are written and synced in a hidden folder beside the stories, which the
//! desk never lists, and the folder is then renamed into place in one step.
//! A crash or a full disk before the rename leaves only that hidden folder,
//! removed by a later import; after it, the story is complete.

use std::fs::{self, File};
use std::io::Write;
use std::path::Path;
use std::time::Duration;

use crate::error::{Error, Result};
use crate::model::Story;

use super::{ARTICLE_FILE, Desk, STORY_FILE, atomic, ron_file};

/// Hidden folders being filled are `.factdesk-new-<pid>-XXXXXX`.
const STAGE_PREFIX: &str = ".factdesk-new-";

/// What writing a new story came to.
pub(crate) enum Staged {
    Written,
    /// Another story took the id first; nothing was written.
    Taken,
}

/// Write `story` with `article` and the extra files `(name, bytes)` as a new
/// story folder, refusing to touch an existing one.
pub(crate) fn write_story(
    desk: &Desk,
    story: &Story,
    article: &str,
    extra: &[(&str, &[u8])],
) -> Result<Staged> {
    let stories = desk.stories_dir();
    let dir = desk.story_dir(&story.id);
    if fs::symlink_metadata(&dir).is_ok() {
        return Ok(Staged::Taken);
    }
    fs::create_dir_all(&stories).map_err(|e| Error::io(&stories, e))?;
    clean_stale(&stories, atomic::STALE_AFTER);
    let stage = tempfile::Builder::new()
        .prefix(&format!("{STAGE_PREFIX}{}-", std::process::id()))
        .tempdir_in(&stories)
        .map_err(|e| Error::io(&stories, e))?;
    let story_text = ron_file::to_string(story, &dir.join(STORY_FILE))?;
    let files = [
        (ARTICLE_FILE, article.as_bytes()),
        (STORY_FILE, story_text.as_bytes()),
    ];
    for (name, bytes) in files.iter().chain(extra) {
        write_synced(&stage.path().join(name), bytes).map_err(|e| Error::io(dir.join(name), e))?;
    }
    sync_dir(stage.path());
    // A folder created between the check above and here is not replaced:
    // renaming onto a folder with files in it fails.
    if fs::symlink_metadata(&dir).is_ok() {
        return Ok(Staged::Taken);
    }
    match fs::rename(stage.path(), &dir) {
        Ok(()) => {
            // The folder is in place; nothing is left to clean up.
            let _ = stage.keep();
            sync_dir(&stories);
            Ok(Staged::Written)
        }
        Err(_) if fs::symlink_metadata(&dir).is_ok() => Ok(Staged::Taken),
        Err(e) => Err(Error::io(&dir, e)),
    }
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = File::create_new(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Remove the hidden folders that killed imports left, once they are old
/// enough not to be another import still writing.
fn clean_stale(stories: &Path, older_than: Duration) {
    let Ok(entries) = fs::read_dir(stories) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_string_lossy().starts_with(STAGE_PREFIX) {
            continue;
        }
        let Ok(meta) = entry.metadata() else { continue };
        let old = meta
            .modified()
            .ok()
            .and_then(|m| m.elapsed().ok())
            .is_some_and(|age| age >= older_than);
        if old && meta.is_dir() {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Who;

    fn desk() -> (tempfile::TempDir, Desk) {
        let dir = tempfile::tempdir().unwrap();
        let desk = Desk::create(&dir.path().join("desk"), "T").unwrap();
        (dir, desk)
    }

    #[test]
    fn writes_every_file_and_refuses_a_taken_id() {
        let (_tmp, desk) = desk();
        let story =
            super::super::build_story(&desk, "Officials said so.", &Who::now("ana")).unwrap();
        let written = write_story(
            &desk,
            &story,
            "Officials said so.",
            &[("original.html", b"<p>x")],
        );
        assert!(matches!(written, Ok(Staged::Written)));
        let dir = desk.story_dir(&story.id);
        assert_eq!(
            fs::read_to_string(dir.join(ARTICLE_FILE)).unwrap(),
            "Officials said so."
        );
        assert_eq!(fs::read(dir.join("original.html")).unwrap(), b"<p>x");
        assert!(desk.load_story(&story.id).is_ok());
        let again = write_story(&desk, &story, "Other.", &[]);
        assert!(matches!(again, Ok(Staged::Taken)));
        assert_eq!(
            fs::read_to_string(dir.join(ARTICLE_FILE)).unwrap(),
            "Officials said so."
        );
        let hidden: Vec<_> = fs::read_dir(desk.stories_dir())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
            .collect();
        assert!(hidden.is_empty(), "nothing staged is left behind");
    }

    #[test]
    fn stale_stages_are_removed() {
        let (_tmp, desk) = desk();
        let stale = desk.stories_dir().join(format!("{STAGE_PREFIX}1-abc"));
        fs::create_dir_all(&stale).unwrap();
        fs::write(stale.join(ARTICLE_FILE), "half").unwrap();
        clean_stale(&desk.stories_dir(), Duration::ZERO);
        assert!(!stale.exists());
        let (ids, problems) = desk.story_ids().unwrap();
        assert!(ids.is_empty() && problems.is_empty());
    }
}
