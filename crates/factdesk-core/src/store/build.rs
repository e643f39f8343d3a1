//! A new story folder appears whole or not at all.
//!
//! Its files are written (and synced) in a folder of ours inside
//! `stories/`, named `.factdesk-<pid>-<random>-<check>.new` (never listed:
//! it starts with a dot, and its name is no story id), which is then
//! renamed to the story's id in one step, refusing an id that exists. A
//! failure (a full disk) removes the folder at once; a kill leaves it, and
//! the next import removes it: only a folder whose name passes its check,
//! that is ours, and that holds nothing but a story's files.

use std::io::{self, Write};

use super::atomic::{self, STALE_AFTER, TMP_SUFFIX, abandoned, made_by, made_name};
use super::dir::{Dir, Kind};
use super::layout::{ARTICLE_FILE, STORY_FILE};
use crate::error::{Error, Result};

pub const BUILD_SUFFIX: &str = ".new";

/// A story folder being made in `stories/`.
pub(super) struct Build<'s> {
    stories: &'s Dir,
    name: String,
    dir: Dir,
    files: Vec<String>,
    placed: bool,
}

impl<'s> Build<'s> {
    pub(super) fn new(stories: &'s Dir) -> Result<Build<'s>> {
        let mut tries = 0;
        loop {
            let name = made_name(BUILD_SUFFIX);
            match rustix::fs::mkdirat(stories, &name, rustix::fs::Mode::from_raw_mode(0o777)) {
                Ok(()) => {
                    let dir = stories.sub(&name)?;
                    return Ok(Build {
                        stories,
                        name,
                        dir,
                        files: Vec::new(),
                        placed: false,
                    });
                }
                Err(rustix::io::Errno::EXIST) if tries < 16 => tries += 1,
                Err(e) => return Err(Error::io(stories.join(&name), e.into())),
            }
        }
    }

    /// Write file `name` of the story (again, when it is there already).
    pub(super) fn write(&mut self, name: &str, bytes: &[u8]) -> Result<()> {
        let path = self.dir.join(name);
        let io = |e| Error::io(&path, e);
        if self.files.iter().any(|f| f == name) {
            self.dir.remove_file(name).map_err(io)?;
        } else {
            self.files.push(name.to_string());
        }
        let mut file = self.dir.create_new(name, 0o644).map_err(io)?;
        #[cfg(test)]
        if atomic::fault::armed() {
            return Err(io(io::Error::from_raw_os_error(28)));
        }
        file.write_all(bytes).map_err(io)?;
        file.sync_all().map_err(io)
    }

    /// Rename the folder to `id`; `AlreadyExists` when that story exists.
    pub(super) fn place(&mut self, id: &str) -> io::Result<()> {
        self.dir.sync();
        atomic::hook::fire(atomic::hook::Point::Placing, &self.stories.join(id));
        match self.stories.rename_new(&self.name, self.stories, id) {
            Ok(()) => {}
            Err(e) if e.raw_os_error() == Some(rustix::io::Errno::NOTEMPTY.raw_os_error()) => {
                return Err(io::ErrorKind::AlreadyExists.into());
            }
            Err(e) => return Err(e),
        }
        self.placed = true;
        self.stories.sync();
        Ok(())
    }
}

impl Drop for Build<'_> {
    fn drop(&mut self) {
        if self.placed {
            return;
        }
        for f in &self.files {
            let _ = self.dir.remove_file(f);
        }
        let _ = self.stories.remove_dir(&self.name);
    }
}

/// Remove the story folders that killed imports left in `stories`. Returns
/// how many were removed.
pub fn clean_builds(stories: &Dir) -> usize {
    let Ok(entries) = stories.entries() else {
        return 0;
    };
    let mut removed = 0;
    for (name, kind) in entries {
        let Some(name) = name.to_str() else { continue };
        let Some(pid) = made_by(name, BUILD_SUFFIX) else {
            continue;
        };
        if kind != Kind::Dir {
            continue;
        }
        let Ok(Some(meta)) = stories.meta(name) else {
            continue;
        };
        if !abandoned(pid, &meta, STALE_AFTER) {
            continue;
        }
        if remove_build(stories, name).is_some() {
            removed += 1;
        }
    }
    removed
}

/// Remove build folder `name` if it holds only what a build writes:
/// regular files named as a story's files or as our temporary files.
fn remove_build(stories: &Dir, name: &str) -> Option<()> {
    let dir = stories.sub(name).ok()?;
    let entries = dir.entries().ok()?;
    let ours = |n: &str, k: Kind| {
        k == Kind::File
            && (n == ARTICLE_FILE
                || n == STORY_FILE
                || crate::import::ORIGINAL_FILES.contains(&n)
                || made_by(n, TMP_SUFFIX).is_some())
    };
    let names: Vec<String> = entries
        .iter()
        .map(|(n, k)| n.to_str().filter(|n| ours(n, *k)).map(str::to_string))
        .collect::<Option<_>>()?;
    for n in &names {
        dir.remove_file(n).ok()?;
    }
    stories.remove_dir(name).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Who;
    use crate::store::{Desk, build_story, import_text};
    use std::fs;

    const ARTICLE: &str = include_str!("../../../../tests/fixtures/seed.txt");

    fn names(dir: &std::path::Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn an_import_on_a_full_disk_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let desk = Desk::create(dir.path(), "t").unwrap();
        atomic::fault::arm(true);
        let result = import_text(&desk, ARTICLE, &Who::now("ana"));
        atomic::fault::arm(false);
        let err = result.unwrap_err().to_string();
        assert!(err.contains("No space left"), "{err}");
        assert!(
            names(&desk.stories_dir()).is_empty(),
            "{:?}",
            names(&desk.stories_dir())
        );
    }

    /// A killed import's folder is removed by the next import; a folder a
    /// person made, or one holding a person's file, stays.
    #[test]
    fn leftovers_of_killed_imports_and_only_those_are_cleaned() {
        let dir = tempfile::tempdir().unwrap();
        let desk = Desk::create(dir.path(), "t").unwrap();
        let stories = desk.stories_dir();
        let killed = crate::store::made_names::made_name_for(0, BUILD_SUFFIX);
        fs::create_dir(stories.join(&killed)).unwrap();
        fs::write(stories.join(&killed).join(ARTICLE_FILE), ARTICLE).unwrap();
        let with_notes = crate::store::made_names::made_name_for(0, BUILD_SUFFIX);
        fs::create_dir(stories.join(&with_notes)).unwrap();
        fs::write(stories.join(&with_notes).join("notes.txt"), "mine").unwrap();
        fs::create_dir(stories.join(".draft.new")).unwrap();
        import_text(&desk, ARTICLE, &Who::now("ana")).unwrap();
        let left = names(&stories);
        assert!(!left.contains(&killed), "{left:?}");
        assert!(
            left.contains(&with_notes) && left.contains(&".draft.new".to_string()),
            "{left:?}"
        );
        assert_eq!(left.len(), 3, "{left:?}");
    }

    /// Another import takes the id between choosing it and the rename:
    /// this one takes the next free id, whole.
    #[test]
    fn an_id_taken_at_the_last_moment_moves_to_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let desk = Desk::create(dir.path(), "t").unwrap();
        let story = build_story(&desk, ARTICLE, &Who::now("ana")).unwrap();
        let id = story.id.clone();
        let taken = desk.story_dir(&id);
        atomic::hook::set(move |at, _| {
            if at == atomic::hook::Point::Placing && !taken.exists() {
                fs::create_dir(&taken).unwrap();
                fs::write(taken.join(STORY_FILE), "(theirs)").unwrap();
            }
        });
        let doc = desk.add_story(story, ARTICLE);
        atomic::hook::clear();
        let doc = doc.unwrap();
        assert_eq!(doc.story().id.as_str(), format!("{id}-2"));
        assert_eq!(
            fs::read_to_string(desk.story_dir(&id).join(STORY_FILE)).unwrap(),
            "(theirs)"
        );
        assert!(desk.load_story(&doc.story().id).is_ok());
        assert!(
            names(&desk.stories_dir())
                .iter()
                .all(|n| !n.starts_with('.'))
        );
    }
}
