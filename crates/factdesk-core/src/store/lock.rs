//! One editor at a time per story.
//!
//! Editing a story takes `stories/<id>/.lock`, created with `create_new`
//! (O_EXCL), holding who took it, on which host, the process id and when
//! (RON). The lock is released when the [`StoryLock`] is dropped.
//!
//! A lock is *stale*, and taken over (the new lock says so in
//! [`StoryLock::took_over`]), when its process is gone (same host, pid no
//! longer alive) or when it is older than [`STALE_AFTER_HOURS`] hours, for
//! a laptop that went home with the story open.
//!
//! Readers do not take locks: `show`, `list` and a read-only screen read
//! the story as saved. The desk screen calls [`StoryLock::try_acquire`] and,
//! when someone else holds the story, opens it read-only with a banner
//! naming [`LockHolder`].

use chrono::{DateTime, SubsecRound, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::desk::Desk;
use super::layout::refuse_symlink;
use super::process::{hostname, pid_alive};
use crate::error::{Error, Result};
use crate::ids::StoryId;

pub const LOCK_FILE: &str = ".lock";

/// A lock this old is taken over even if its process seems alive.
pub const STALE_AFTER_HOURS: i64 = 12;

/// How long `factdesk tag --wait` waits for a story by default.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(30);

/// Who holds a story, as written in its lock file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockHolder {
    pub editor: String,
    pub host: String,
    pub pid: u32,
    pub since: DateTime<Utc>,
}

impl fmt::Display for LockHolder {
    /// `ana on host-1 (pid 4242) since 2026-11-25 09:12 UTC`; names are
    /// made printable since they come from a file anyone can write.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} on {} (pid {}) since {} UTC",
            crate::text::printable(&self.editor),
            crate::text::printable(&self.host),
            self.pid,
            self.since.format("%Y-%m-%d %H:%M")
        )
    }
}

impl LockHolder {
    fn me(editor: &str) -> LockHolder {
        LockHolder {
            editor: editor.to_string(),
            host: hostname(),
            pid: std::process::id(),
            since: Utc::now().trunc_subsecs(0),
        }
    }

    /// Whether the lock can be taken over: its process is gone, or it is
    /// too old to be a session anyone is still in.
    pub fn is_stale(&self, now: DateTime<Utc>) -> bool {
        if now.signed_duration_since(self.since) > chrono::Duration::hours(STALE_AFTER_HOURS) {
            return true;
        }
        self.host == hostname() && !pid_alive(self.pid)
    }
}

/// A held story lock; dropping it releases the story.
#[derive(Debug)]
pub struct StoryLock {
    path: PathBuf,
    holder: LockHolder,
    took_over: Option<LockHolder>,
}

/// What [`StoryLock::try_acquire`] found.
#[derive(Debug)]
pub enum TryLock {
    /// The story is ours to edit until the lock is dropped.
    Acquired(StoryLock),
    /// Someone else is editing it: open it read-only and show who.
    Held { path: PathBuf, holder: LockHolder },
}

impl StoryLock {
    /// Lock story `id` for `editor`, or fail with [`Error::Locked`] naming
    /// the holder. A stale lock is taken over ([`StoryLock::took_over`]).
    pub fn acquire(desk: &Desk, id: &StoryId, editor: &str) -> Result<StoryLock> {
        match StoryLock::try_acquire(desk, id, editor)? {
            TryLock::Acquired(lock) => Ok(lock),
            TryLock::Held { path, holder } => Err(Error::Locked {
                path,
                holder: holder.to_string(),
            }),
        }
    }

    /// The API for the desk screen: either the lock, or who holds it so the
    /// story can be opened read-only with a banner such as
    /// "Read-only: being edited by ana on host-1 (pid 4242) since
    /// 2026-11-25 09:12 UTC". Errors only when the lock file cannot be made
    /// or read at all (a missing story folder, a read-only desk).
    ///
    /// ```no_run
    /// # use factdesk_core::store::{Desk, lock::{StoryLock, TryLock}};
    /// # fn f(desk: &Desk, id: &factdesk_core::ids::StoryId) -> factdesk_core::Result<()> {
    /// match StoryLock::try_acquire(desk, id, "ana")? {
    ///     TryLock::Acquired(lock) => { /* editable; keep `lock` alive while editing */ }
    ///     TryLock::Held { holder, .. } => { /* read-only, banner: {holder} */ }
    /// }
    /// # Ok(()) }
    /// ```
    pub fn try_acquire(desk: &Desk, id: &StoryId, editor: &str) -> Result<TryLock> {
        let dir = desk.story_dir(id);
        refuse_symlink(&dir)?;
        if !dir.is_dir() {
            return Err(Error::UnknownStory(id.to_string()));
        }
        let path = dir.join(LOCK_FILE);
        let mut took_over = None;
        // A few rounds: a stale lock removed here may be retaken by someone
        // else before our create, which is then simply their lock.
        for _ in 0..4 {
            let me = LockHolder::me(editor);
            match create(&path, &me) {
                Ok(()) => {
                    super::atomic::clean_leftovers(&dir, super::atomic::STALE_AFTER);
                    return Ok(TryLock::Acquired(StoryLock {
                        path,
                        holder: me,
                        took_over,
                    }));
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(Error::io(&path, e)),
            }
            let Some((holder, text)) = read_holder(&path)? else {
                continue; // released meanwhile
            };
            if !holder.is_stale(Utc::now()) {
                return Ok(TryLock::Held { path, holder });
            }
            if remove_if_unchanged(&path, &text)? {
                took_over = Some(holder);
            }
        }
        match read_holder(&path)? {
            Some((holder, _)) => Ok(TryLock::Held { path, holder }),
            None => Err(Error::Invalid {
                path,
                why: "could not take the story lock".into(),
            }),
        }
    }

    /// Like [`StoryLock::acquire`], but while someone else holds the story
    /// retry until `timeout`; `waiting` is called once with the holder
    /// before the first wait (to say what we are waiting for).
    pub fn acquire_waiting(
        desk: &Desk,
        id: &StoryId,
        editor: &str,
        timeout: Duration,
        mut waiting: impl FnMut(&LockHolder),
    ) -> Result<StoryLock> {
        let deadline = Instant::now() + timeout;
        let mut told = false;
        loop {
            match StoryLock::try_acquire(desk, id, editor)? {
                TryLock::Acquired(lock) => return Ok(lock),
                TryLock::Held { path, holder } => {
                    if Instant::now() >= deadline {
                        return Err(Error::Locked {
                            path,
                            holder: holder.to_string(),
                        });
                    }
                    if !told {
                        waiting(&holder);
                        told = true;
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
            }
        }
    }

    /// The stale lock this one replaced, to tell the editor
    /// ("took over the lock of ana on host-1 (pid 4242) since …").
    pub fn took_over(&self) -> Option<&LockHolder> {
        self.took_over.as_ref()
    }
}

impl Drop for StoryLock {
    /// Release, unless the lock file is no longer ours (taken over after
    /// 12 hours): never remove someone else's lock.
    fn drop(&mut self) {
        if let Ok(Some((holder, text))) = read_holder(&self.path)
            && holder == self.holder
        {
            let _ = remove_if_unchanged(&self.path, &text);
        }
    }
}

fn create(path: &Path, me: &LockHolder) -> std::io::Result<()> {
    let text = super::ron_file::to_string(me, path).map_err(std::io::Error::other)?;
    let mut f = OpenOptions::new().write(true).create_new(true).open(path)?;
    let written = f.write_all(text.as_bytes()).and_then(|()| f.sync_all());
    if let Err(e) = written {
        drop(f);
        let _ = fs::remove_file(path);
        return Err(e);
    }
    Ok(())
}

/// The lock's holder and the file's text; `None` when there is no lock.
/// A lock file that cannot be parsed (its writer was killed between create
/// and write) is attributed to "unknown" at its modification time, so it is
/// stale only when old; a moment's retry covers a write in progress.
fn read_holder(path: &Path) -> Result<Option<(LockHolder, String)>> {
    for attempt in 0..3 {
        let text = match fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => String::new(),
            Err(e) => return Err(Error::io(path, e)),
        };
        if let Ok(holder) = ron::from_str::<LockHolder>(&text) {
            return Ok(Some((holder, text)));
        }
        if attempt < 2 {
            std::thread::sleep(Duration::from_millis(20));
            continue;
        }
        let since = fs::metadata(path)
            .and_then(|m| m.modified())
            .map(DateTime::<Utc>::from)
            .unwrap_or_else(|_| Utc::now());
        // An unreadable lock older than a minute is a crash, not a writer.
        let recent = Utc::now().signed_duration_since(since) < chrono::Duration::minutes(1);
        let holder = LockHolder {
            editor: "unknown (unreadable lock file)".into(),
            host: if recent { hostname() } else { String::new() },
            pid: if recent { std::process::id() } else { 0 },
            since: if recent {
                since
            } else {
                since - chrono::Duration::hours(STALE_AFTER_HOURS + 1)
            },
        };
        return Ok(Some((holder, text)));
    }
    unreachable!("the loop returns on its last attempt")
}

/// Remove the lock file if it still holds `text`. Moves it aside first so
/// that a lock created by someone else between our read and the removal is
/// put back rather than deleted.
fn remove_if_unchanged(path: &Path, text: &str) -> Result<bool> {
    let aside = path.with_file_name(format!(
        "{LOCK_FILE}.{}-{}",
        std::process::id(),
        Utc::now().timestamp_nanos_opt().unwrap_or_default()
    ));
    match fs::rename(path, &aside) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(Error::io(path, e)),
    }
    let now = fs::read_to_string(&aside).unwrap_or_default();
    if now == text {
        let _ = fs::remove_file(&aside);
        Ok(true)
    } else {
        // Not the lock we judged: give it back (unless yet another lock
        // appeared meanwhile, which then wins).
        let _ = fs::hard_link(&aside, path);
        let _ = fs::remove_file(&aside);
        Ok(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn desk_with_story() -> (tempfile::TempDir, Desk, StoryId) {
        let dir = tempfile::tempdir().unwrap();
        let desk = Desk::create(dir.path(), "t").unwrap();
        let id = StoryId::parse("s").unwrap();
        fs::create_dir_all(desk.story_dir(&id)).unwrap();
        (dir, desk, id)
    }

    fn write_lock(desk: &Desk, id: &StoryId, holder: &LockHolder) {
        let path = desk.story_dir(id).join(LOCK_FILE);
        fs::write(
            &path,
            super::super::ron_file::to_string(holder, &path).unwrap(),
        )
        .unwrap();
    }

    #[test]
    fn second_editor_is_refused_with_the_holder_and_lock_is_released_on_drop() {
        let (_d, desk, id) = desk_with_story();
        let lock = StoryLock::acquire(&desk, &id, "ana").unwrap();
        assert!(lock.took_over().is_none());
        let err = StoryLock::acquire(&desk, &id, "ben")
            .unwrap_err()
            .to_string();
        assert!(err.contains("being edited by ana on "), "{err}");
        assert!(
            err.contains(&format!("(pid {})", std::process::id())),
            "{err}"
        );
        match StoryLock::try_acquire(&desk, &id, "ben").unwrap() {
            TryLock::Held { holder, .. } => assert_eq!(holder.editor, "ana"),
            TryLock::Acquired(_) => panic!("two editors hold the story"),
        }
        drop(lock);
        assert!(!desk.story_dir(&id).join(LOCK_FILE).exists());
        StoryLock::acquire(&desk, &id, "ben").unwrap();
    }

    #[test]
    fn holder_display() {
        let h = LockHolder {
            editor: "ana".into(),
            host: "host-1".into(),
            pid: 4242,
            since: "2026-11-25T09:12:40Z".parse().unwrap(),
        };
        assert_eq!(
            h.to_string(),
            "ana on host-1 (pid 4242) since 2026-11-25 09:12 UTC"
        );
    }

    #[test]
    fn dead_process_and_old_locks_are_taken_over_live_ones_are_not() {
        let (_d, desk, id) = desk_with_story();
        let mut dead = LockHolder::me("ana");
        dead.pid = 0; // never a live process
        write_lock(&desk, &id, &dead);
        let lock = StoryLock::acquire(&desk, &id, "ben").unwrap();
        assert_eq!(lock.took_over(), Some(&dead));
        drop(lock);

        // Alive (our own pid) but 13 hours old.
        let mut old = LockHolder::me("ana");
        old.since -= chrono::Duration::hours(13);
        write_lock(&desk, &id, &old);
        let lock = StoryLock::acquire(&desk, &id, "ben").unwrap();
        assert_eq!(lock.took_over(), Some(&old));
        drop(lock);

        // Another host's lock: its pid means nothing here, so it holds.
        let mut remote = LockHolder::me("ana");
        remote.host = "elsewhere-not-this-host".into();
        remote.pid = 0;
        write_lock(&desk, &id, &remote);
        assert!(matches!(
            StoryLock::acquire(&desk, &id, "ben"),
            Err(Error::Locked { .. })
        ));
    }

    #[test]
    fn dropping_a_taken_over_lock_leaves_the_new_one() {
        let (_d, desk, id) = desk_with_story();
        let lock = StoryLock::acquire(&desk, &id, "ana").unwrap();
        let mut other = LockHolder::me("ben");
        other.since += chrono::Duration::seconds(5);
        write_lock(&desk, &id, &other);
        drop(lock);
        let path = desk.story_dir(&id).join(LOCK_FILE);
        assert_eq!(read_holder(&path).unwrap().map(|(h, _)| h), Some(other));
    }

    #[test]
    fn waiting_gives_up_with_the_holder() {
        let (_d, desk, id) = desk_with_story();
        let _lock = StoryLock::acquire(&desk, &id, "ana").unwrap();
        let mut told = Vec::new();
        let err = StoryLock::acquire_waiting(&desk, &id, "ben", Duration::from_millis(250), |h| {
            told.push(h.editor.clone())
        })
        .unwrap_err();
        assert!(matches!(err, Error::Locked { .. }));
        assert_eq!(told, ["ana"]);
    }

    #[test]
    fn unreadable_old_lock_is_stale_fresh_one_holds() {
        let (_d, desk, id) = desk_with_story();
        let path = desk.story_dir(&id).join(LOCK_FILE);
        fs::write(&path, b"").unwrap();
        assert!(matches!(
            StoryLock::try_acquire(&desk, &id, "ben").unwrap(),
            TryLock::Held { .. }
        ));
        let f = fs::File::options().write(true).open(&path).unwrap();
        f.set_modified(std::time::SystemTime::now() - Duration::from_secs(120))
            .unwrap();
        drop(f);
        let lock = StoryLock::acquire(&desk, &id, "ben").unwrap();
        assert!(lock.took_over().is_some());
    }
}
