//! One writer at a time for the desk's shared files, `sources.ron` and
//! `desk.ron`.
//!
//! Every read-modify-write of either file (`source add`, a source edited
//! on the screen, `source merge`, a save that links a source) holds this
//! lock from its read to its rename, so two processes adding sources at
//! once both land. It is an operating-system lock (`flock`) on the desk
//! folder itself, which saves never replace: no lock file to leave
//! behind or to commit, and the kernel releases it when the process ends
//! however it ends, so a killed writer never leaves the registry locked.
//! (Where folders cannot be locked, a `.registry.lock` file stands in.)
//!
//! Within one thread the lock is re-entrant: a source merge holds it while
//! it saves stories whose saves take it too. Other threads, and other
//! processes, wait.

use std::cell::RefCell;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::model::{DeskSettings, SourceRegistry};

/// The lock file where the desk folder cannot be locked itself.
pub const REGISTRY_LOCK_FILE: &str = ".registry.lock";

/// How long a registry writer waits for another before giving up: a
/// source merge over a large desk holds the lock for a few seconds.
pub const REGISTRY_WAIT: Duration = Duration::from_secs(30);

thread_local! {
    /// The lock files this thread holds, with how many guards each
    /// (re-entrance).
    static HELD: RefCell<Vec<(PathBuf, usize)>> = const { RefCell::new(Vec::new()) };
}

/// Count one more (`+1`) or one fewer (`-1`) guard of `path` on this
/// thread; returns how many there were before.
fn count(path: &Path, delta: isize) -> usize {
    HELD.with(|held| {
        let mut held = held.borrow_mut();
        let at = held.iter().position(|(p, _)| p == path);
        let before = at.and_then(|i| held.get(i)).map_or(0, |(_, n)| *n);
        let after = before.saturating_add_signed(delta);
        match (at, after) {
            (Some(i), 0) => {
                held.remove(i);
            }
            (Some(i), n) => {
                if let Some(slot) = held.get_mut(i) {
                    slot.1 = n;
                }
            }
            (None, 0) => {}
            (None, n) => held.push((path.to_path_buf(), n)),
        }
        before
    })
}

/// A held registry lock; dropping it lets the next writer in.
#[derive(Debug)]
pub struct RegistryLock {
    path: PathBuf,
    /// `None` for a nested guard: the outer one holds the file.
    file: Option<File>,
}

impl RegistryLock {
    /// Take the lock of the desk at `root`, waiting up to `wait`.
    pub fn acquire(root: &Path, wait: Duration) -> Result<RegistryLock> {
        let path = os::target(root);
        if count(&path, 0) > 0 {
            count(&path, 1);
            return Ok(RegistryLock { path, file: None });
        }
        let file = os::open(&path).map_err(|e| Error::io(&path, e))?;
        let deadline = Instant::now() + wait;
        loop {
            match os::try_lock(&file) {
                Ok(true) => break,
                Ok(false) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Ok(false) => return Err(busy(path)),
                Err(e) => return Err(Error::io(&path, e)),
            }
        }
        count(&path, 1);
        Ok(RegistryLock {
            path,
            file: Some(file),
        })
    }
}

impl super::Desk {
    /// Change `sources.ron` with `change`, holding the registry lock from
    /// the read to the save; should the file still change meanwhile (a
    /// `git pull`, a text editor), the two are merged three ways, never
    /// one dropped. Nothing is written when `change` fails.
    pub fn update_sources<T>(
        &self,
        change: impl FnOnce(&mut SourceRegistry) -> Result<T>,
    ) -> Result<T> {
        let _lock = RegistryLock::acquire(self.root(), REGISTRY_WAIT)?;
        let mut stored = self.load_sources()?;
        let before = stored.value.clone();
        let out = change(&mut stored.value)?;
        if stored.value != before || !stored.path.exists() {
            stored.save_merging(crate::merge3::registry)?;
        }
        Ok(out)
    }

    /// Change `desk.ron` with `change` the same way; `self.settings`
    /// becomes what was saved.
    pub fn update_settings(&mut self, change: impl FnOnce(&mut DeskSettings)) -> Result<()> {
        let _lock = RegistryLock::acquire(self.root(), REGISTRY_WAIT)?;
        let mut stored = super::Stored::<DeskSettings>::load(self.root().join(super::DESK_FILE))?;
        change(&mut stored.value);
        stored.save_merging(crate::merge3::settings)?;
        self.settings = stored.value;
        Ok(())
    }
}

fn busy(path: PathBuf) -> Error {
    Error::Invalid {
        path,
        why: "another factdesk has been writing the source registry for too long \
              (a source merge?); try again in a moment"
            .into(),
    }
}

impl Drop for RegistryLock {
    fn drop(&mut self) {
        count(&self.path, -1);
        // Closing the file releases the lock.
        drop(self.file.take());
    }
}

#[cfg(unix)]
mod os {
    use std::fs::File;
    use std::os::fd::AsRawFd;
    use std::path::{Path, PathBuf};

    /// The desk folder itself.
    pub(super) fn target(root: &Path) -> PathBuf {
        root.to_path_buf()
    }

    pub(super) fn open(path: &Path) -> std::io::Result<File> {
        File::open(path)
    }

    /// `Ok(false)`: someone else holds it.
    pub(super) fn try_lock(file: &File) -> std::io::Result<bool> {
        // SAFETY: flock on a descriptor we own; no memory is involved.
        let r = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
        if r == 0 {
            return Ok(true);
        }
        let e = std::io::Error::last_os_error();
        match e.raw_os_error() {
            Some(libc::EWOULDBLOCK) | Some(libc::EINTR) => Ok(false),
            _ => Err(e),
        }
    }
}

#[cfg(not(unix))]
mod os {
    use std::fs::File;
    use std::path::{Path, PathBuf};

    pub(super) fn target(root: &Path) -> PathBuf {
        root.join(super::REGISTRY_LOCK_FILE)
    }

    pub(super) fn open(path: &Path) -> std::io::Result<File> {
        OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
    }

    pub(super) fn try_lock(file: &File) -> std::io::Result<bool> {
        match file.try_lock() {
            Ok(()) => Ok(true),
            Err(std::fs::TryLockError::WouldBlock) => Ok(false),
            Err(std::fs::TryLockError::Error(e)) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_registry_changed_on_disk_between_read_and_save_is_merged() {
        use crate::model::{Source, SourceKind};
        let dir = tempfile::tempdir().unwrap();
        let desk = crate::store::Desk::create(dir.path(), "t").unwrap();
        let source = |id: &str| Source {
            id: id.parse().unwrap(),
            name: id.to_uppercase(),
            kind: SourceKind::Wire,
            url: None,
            outlet: None,
            accessed: None,
        };
        let mut ours = desk.load_sources().unwrap();
        ours.value.sources.push(source("afp"));
        // Meanwhile a `git pull` (or a text editor) adds another.
        let mut theirs = desk.load_sources().unwrap();
        theirs.value.sources.push(source("ap"));
        theirs.save().unwrap();
        ours.save_merging(crate::merge3::registry).unwrap();
        let ids: Vec<String> = desk
            .load_sources()
            .unwrap()
            .value
            .sources
            .iter()
            .map(|s| s.id.to_string())
            .collect();
        assert_eq!(ids, ["afp", "ap"]);
    }

    #[test]
    fn a_second_thread_waits_and_the_same_thread_nests() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let outer = RegistryLock::acquire(&root, REGISTRY_WAIT).unwrap();
        let inner = RegistryLock::acquire(&root, Duration::ZERO).unwrap();
        drop(inner);
        let other = root.clone();
        let refused =
            std::thread::spawn(move || RegistryLock::acquire(&other, Duration::from_millis(50)))
                .join()
                .unwrap();
        assert!(refused.is_err(), "two writers at once");
        drop(outer);
        let other = root.clone();
        let taken =
            std::thread::spawn(move || RegistryLock::acquire(&other, Duration::ZERO).is_ok())
                .join()
                .unwrap();
        assert!(taken);
    }
}
