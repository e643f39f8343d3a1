//! One editor at a time per story.
//!
//! Editing a story takes `stories/<id>/.lock`: an exclusive `flock` on that
//! file, held for the life of the [`StoryLock`], which the kernel releases
//! when the process ends in any way (a kill, a crash, a zombie whose
//! parent never reaps it). The file also says who took it, on which host,
//! the process id and when (RON), for the message another editor sees.
//!
//! So the kernel, not a guess from the file, says whether a lock on this
//! machine is held: a lock file whose writer was killed before it wrote
//! anything is free at once, and names nobody. Only for a lock from
//! another machine (whose `flock` a network file system may not pass on)
//! does the file decide: it holds unless its `since` is more than
//! [`STALE_AFTER_HOURS`] away from now, in the past (a laptop that went
//! home with the story open) or in the future (a clock far off).
//!
//! [`unlock`] breaks a lock by hand (`factdesk unlock STORY`), recording
//! whose it was and who broke it in `stories/<id>/.lock-broken`; the
//! editor who held it finds out at their next save, which keeps their
//! version beside the story instead of writing over whoever took it next.
//!
//! Readers do not take locks: `show`, `list` and a read-only screen read
//! the story as saved. The desk screen calls [`StoryLock::try_acquire`] and,
//! when someone else holds the story, opens it read-only with a banner
//! naming [`LockHolder`].

use chrono::{DateTime, SubsecRound, Utc};
use rustix::fs::FlockOperation;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::desk::Desk;
use super::dir::{Dir, Kind, meta_of, not_a_file};
use super::layout::MAX_LOCK_BYTES;
use super::process::hostname;
use crate::error::{Error, Result};
use crate::ids::StoryId;

pub const LOCK_FILE: &str = ".lock";

/// What [`unlock`] leaves in the story folder: whose lock was broken, by
/// whom, when.
pub const BROKEN_FILE: &str = ".lock-broken";

/// A lock from another machine this far from now, either way, is taken
/// over.
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
        let since = self.since.format("%Y-%m-%d %H:%M");
        if self.host.is_empty() && self.pid == 0 {
            return write!(
                f,
                "{} since {since} UTC",
                crate::text::printable(&self.editor)
            );
        }
        write!(
            f,
            "{} on {} (pid {}) since {since} UTC",
            crate::text::printable(&self.editor),
            crate::text::printable(&self.host),
            self.pid,
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

    /// A live holder whose lock file says nothing yet: its process has
    /// just made it and not written it (or wrote something that is not a
    /// lock). Named as such, never as this process.
    fn unknown(since: DateTime<Utc>) -> LockHolder {
        LockHolder {
            editor: "another factdesk process (its lock file is not written yet)".into(),
            host: String::new(),
            pid: 0,
            since,
        }
    }

    /// Whether `since` is too far from `now`, either way, for a session
    /// anyone is still in.
    pub fn is_out_of_date(&self, now: DateTime<Utc>) -> bool {
        let limit = chrono::Duration::hours(STALE_AFTER_HOURS);
        let age = now.signed_duration_since(self.since);
        age > limit || age < -limit
    }

    /// Whether a lock that names this holder can be taken over without the
    /// kernel's word: out of date, or of this machine and its process gone
    /// (a zombie counts as gone).
    pub fn is_stale(&self, now: DateTime<Utc>) -> bool {
        self.is_out_of_date(now)
            || (self.host == hostname() && !super::process::pid_alive(self.pid))
    }
}

/// A held story lock; dropping it releases the story.
#[derive(Debug)]
pub struct StoryLock {
    dir: Dir,
    path: PathBuf,
    /// The locked file: its `flock` is the lock.
    file: File,
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
        let dir = desk.story_handle(id)?;
        let path = dir.join(LOCK_FILE);
        let io = |e| Error::io(&path, e);
        // A few rounds: the file we locked may have been released (removed)
        // or broken between our open and our lock; then it is not the lock.
        for _ in 0..8 {
            // Looked at before it is opened: a FIFO or a device in its
            // place is never opened.
            if let Some(meta) = dir.meta(LOCK_FILE)?
                && meta.kind != Kind::File
            {
                return Err(not_a_file(path.clone(), meta.kind));
            }
            let file = dir
                .open_rw(LOCK_FILE, 0o644)
                .map_err(|e| match e.raw_os_error() {
                    Some(n) if n == rustix::io::Errno::LOOP.raw_os_error() => {
                        not_a_file(path.clone(), Kind::Symlink)
                    }
                    _ => io(e),
                })?;
            let meta = meta_of(&file).map_err(io)?;
            if meta.kind != Kind::File {
                return Err(not_a_file(path.clone(), meta.kind));
            }
            let locked = match rustix::fs::flock(&file, FlockOperation::NonBlockingLockExclusive) {
                Ok(()) => true,
                Err(rustix::io::Errno::WOULDBLOCK) => false,
                Err(e) => return Err(io(e.into())),
            };
            if !is_at(&dir, &file) {
                continue;
            }
            let written = read_holder(&file);
            if !locked {
                // Held by a live process, the kernel says.
                let holder = match written {
                    Some(h) => h,
                    None => LockHolder::unknown(modified(&file)),
                };
                if holder.is_out_of_date(Utc::now()) {
                    // Left open for days: break it, as `unlock` would.
                    break_file(&dir, &file);
                    continue;
                }
                return Ok(TryLock::Held { path, holder });
            }
            // Ours, unless the file names a live editor on another machine,
            // whose lock may not reach us through a network file system.
            if let Some(h) = &written
                && h.host != hostname()
                && !h.is_out_of_date(Utc::now())
            {
                return Ok(TryLock::Held {
                    path,
                    holder: h.clone(),
                });
            }
            let me = LockHolder::me(editor);
            write_holder(&file, &me, &path)?;
            super::atomic::clean_leftovers(&dir, super::atomic::STALE_AFTER);
            return Ok(TryLock::Acquired(StoryLock {
                dir,
                path,
                file,
                holder: me,
                took_over: written,
            }));
        }
        Err(Error::Invalid {
            path,
            why: "could not take the story lock (it keeps changing)".into(),
        })
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

    /// Who holds story `id` now, if anyone, as its lock file says.
    pub fn holder_of(desk: &Desk, id: &StoryId) -> Result<Option<LockHolder>> {
        let dir = desk.story_handle(id)?;
        Ok(match dir.open_file(LOCK_FILE)? {
            Some((file, _)) => read_holder(&file),
            None => None,
        })
    }

    pub fn holder(&self) -> &LockHolder {
        &self.holder
    }

    /// The lock this one replaced (its process gone, or out of date), to
    /// tell the editor ("took over the lock of ana on host-1 (pid 4242)
    /// since …").
    pub fn took_over(&self) -> Option<&LockHolder> {
        self.took_over.as_ref()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the lock file is still ours: `unlock` (or a takeover after
    /// [`STALE_AFTER_HOURS`]) replaces it. `Err` says who broke it, when
    /// that was recorded.
    pub fn check_held(&self) -> std::result::Result<(), String> {
        if is_at(&self.dir, &self.file) {
            return Ok(());
        }
        let record = self
            .dir
            .read(BROKEN_FILE, MAX_LOCK_BYTES, "a lock record")
            .ok()
            .flatten()
            .and_then(|(bytes, _)| {
                ron::from_str::<LockBreak>(&String::from_utf8_lossy(&bytes)).ok()
            })
            .filter(|b| b.holder.as_ref() == Some(&self.holder));
        Err(match record {
            Some(b) => format!(
                "your lock on this story was broken by {} on {} at {} UTC",
                crate::text::printable(&b.by),
                crate::text::printable(&b.host),
                b.at.format("%Y-%m-%d %H:%M")
            ),
            None => "your lock on this story was taken by someone else".into(),
        })
    }
}

impl Drop for StoryLock {
    /// Remove the lock file, unless it is no longer ours (broken, or taken
    /// over): never remove someone else's lock. The `flock` goes with the
    /// file handle.
    fn drop(&mut self) {
        if !is_at(&self.dir, &self.file) {
            return;
        }
        // Moved aside first and checked there: a lock made by someone else
        // between our check and the removal is put back, not deleted.
        let aside = super::atomic::made_name(super::atomic::TMP_SUFFIX);
        if self.dir.rename(LOCK_FILE, &aside).is_err() {
            return;
        }
        if same_file(&self.dir, &aside, &self.file) {
            let _ = self.dir.remove_file(&aside);
        } else {
            let _ = self.dir.rename_new(&aside, &self.dir, LOCK_FILE);
            let _ = self.dir.remove_file(&aside);
        }
    }
}

/// Whether the desk's lock file is the file `file` has open.
fn is_at(dir: &Dir, file: &File) -> bool {
    same_file(dir, LOCK_FILE, file)
}

fn same_file(dir: &Dir, name: &str, file: &File) -> bool {
    let (Ok(Some(there)), Ok(open)) = (dir.meta(name), meta_of(file)) else {
        return false;
    };
    (there.ino, there.dev) == (open.ino, open.dev)
}

fn modified(file: &File) -> DateTime<Utc> {
    meta_of(file).map_or_else(
        |_| Utc::now(),
        |m| DateTime::from_timestamp_nanos(m.mtime_ns),
    )
}

/// What the lock file says, when it says a holder: at most
/// [`MAX_LOCK_BYTES`] of it are read, whatever its size.
fn read_holder(file: &File) -> Option<LockHolder> {
    let mut buf = vec![0u8; MAX_LOCK_BYTES as usize];
    let mut len = 0;
    while len < buf.len() {
        match file.read_at(&mut buf[len..], len as u64) {
            Ok(0) => break,
            Ok(n) => len += n,
            Err(_) => return None,
        }
    }
    let text = std::str::from_utf8(buf.get(..len)?).ok()?;
    ron::from_str::<LockHolder>(text).ok()
}

fn write_holder(file: &File, me: &LockHolder, path: &Path) -> Result<()> {
    let text = super::ron_file::to_string(me, path)?;
    let io = |e| Error::io(path, e);
    file.set_len(0).map_err(io)?;
    file.write_all_at(text.as_bytes(), 0).map_err(io)?;
    file.sync_data().map_err(io)
}

/// Remove the lock file that `file` has open, if it still is the lock.
fn break_file(dir: &Dir, file: &File) {
    if is_at(dir, file) {
        let _ = dir.remove_file(LOCK_FILE);
    }
}

/// A lock broken by [`unlock`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockBreak {
    /// Whose lock it was (`None`: the file did not say).
    pub holder: Option<LockHolder>,
    pub by: String,
    pub host: String,
    pub at: DateTime<Utc>,
}

/// `factdesk unlock`: break story `id`'s lock for `by`, whoever holds it,
/// and record it in [`BROKEN_FILE`]. Returns what was broken (`None`: the
/// story was not locked). The former holder's next save keeps their
/// version aside and says who broke the lock.
pub fn unlock(desk: &Desk, id: &StoryId, by: &str) -> Result<Option<LockBreak>> {
    let dir = desk.story_handle(id)?;
    let path = dir.join(LOCK_FILE);
    let Some((file, _)) = dir.open_file(LOCK_FILE)? else {
        return Ok(None);
    };
    let record = LockBreak {
        holder: read_holder(&file),
        by: by.to_string(),
        host: hostname(),
        at: Utc::now().trunc_subsecs(0),
    };
    let text = super::ron_file::to_string(&record, &dir.join(BROKEN_FILE))?;
    let previous = super::atomic::current_in(&dir, BROKEN_FILE)?;
    super::atomic::write_in(&dir, BROKEN_FILE, text.as_bytes(), previous)?;
    if is_at(&dir, &file) {
        dir.remove_file(LOCK_FILE)
            .map_err(|e| Error::io(&path, e))?;
    }
    Ok(Some(record))
}

#[cfg(test)]
#[path = "lock_tests.rs"]
mod tests;
