//! Crash-safe file replacement that never drops someone else's edit.
//!
//! A save writes a temporary file in the same folder and fsyncs it; then,
//! holding an advisory `flock` on the target (which programs that honour
//! such locks wait for), it checks again that the target is still what was
//! read, and swaps the two atomically (`renameat2` with `RENAME_EXCHANGE`).
//! The file it displaced is looked at once more: if it is not what was
//! read (an editor's save or a `git pull` that landed between the check and
//! the swap), the swap is undone and the save reports
//! [`Error::ChangedOnDisk`], so the caller merges instead of overwriting.
//! When it is, it becomes `NAME.bak` (one deep). Where the swap is not
//! available the file is renamed over, after the same checks.
//!
//! At every instant the target is the old or the new content, whole; a
//! full disk or a kill leaves the old file untouched. A file whose
//! permissions forbid writing is not replaced; a link, a FIFO or a device
//! in its place is refused.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::dir::{Dir, Kind, Meta, meta_of, not_a_file};
use super::layout::read_limit;
use crate::error::{Error, Result};

pub use super::fingerprint::Fingerprint;
pub(crate) use super::fingerprint::{RACY_NS, checksum, now_ns};
pub use super::made_names::{STALE_AFTER, TMP_PREFIX, TMP_SUFFIX, clean_leftovers};
pub(super) use super::made_names::{abandoned, clean_leftovers_holding, made_by, made_name};

/// Where the previous version of `path` is kept: `NAME.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

/// Read a file in the desk root (or outside the desk) and remember its
/// fingerprint. See [`read_under`].
pub fn read(path: &Path) -> Result<(Vec<u8>, Fingerprint)> {
    read_under(path, 0)
}

/// Read desk file `path`, whose last `depth` folders are desk folders
/// (links refused), bounded by [`read_limit`], and remember its
/// fingerprint. A missing file is an `Io` error of kind `NotFound`.
pub fn read_under(path: &Path, depth: usize) -> Result<(Vec<u8>, Fingerprint)> {
    let (dir, name) = Dir::parent_of(path, depth)?;
    read_in(&dir, &name)
}

pub(super) fn read_in(dir: &Dir, name: &str) -> Result<(Vec<u8>, Fingerprint)> {
    let path = dir.join(name);
    let (limit, what) = read_limit(&path);
    // The stat comes before the read: a change during the read then shows
    // as a changed stat, and the save reads back and compares contents.
    let taken = now_ns();
    match dir.read(name, limit, what)? {
        Some((bytes, meta)) => {
            let fp = Fingerprint::of(&bytes).stamped(&meta, taken);
            Ok((bytes, fp))
        }
        None => Err(Error::io(path, io::ErrorKind::NotFound.into())),
    }
}

/// The current fingerprint of `name`, or `None` when it does not exist.
pub(super) fn current_in(dir: &Dir, name: &str) -> Result<Option<Fingerprint>> {
    let (limit, what) = read_limit(&dir.join(name));
    Ok(dir
        .read(name, limit, what)?
        .map(|(bytes, _)| Fingerprint::of(&bytes)))
}

/// Whether `name` still is `expected` (`None`: does not exist).
fn unchanged_in(dir: &Dir, name: &str, expected: Option<Fingerprint>) -> Result<bool> {
    if let Some(fp) = expected
        && let Some(meta) = dir.meta(name)?
        && fp.stat_unchanged(&meta)
    {
        return Ok(true);
    }
    Ok(current_in(dir, name)? == expected)
}

/// Replace `path` (in the desk root, or a file outside the desk) with
/// `contents`, provided it still is what we read. See [`write_under`].
pub fn write(path: &Path, contents: &[u8], expected: Option<Fingerprint>) -> Result<Fingerprint> {
    write_under(path, 0, contents, expected)
}

/// Replace desk file `path`, whose last `depth` folders are desk folders
/// (links refused), with `contents`, provided it still is what we read
/// (`expected`; `None` means we expect it not to exist yet). What killed
/// saves left in the folder is cleaned first. Returns the new fingerprint.
pub fn write_under(
    path: &Path,
    depth: usize,
    contents: &[u8],
    expected: Option<Fingerprint>,
) -> Result<Fingerprint> {
    let (dir, name) = Dir::parent_of(path, depth)?;
    clean_leftovers(&dir, STALE_AFTER);
    write_in(&dir, &name, contents, expected)
}

/// [`write`] for a file outside the desk (an export): the folder is
/// someone else's, so nothing in it is cleaned.
pub fn write_outside(
    path: &Path,
    contents: &[u8],
    expected: Option<Fingerprint>,
) -> Result<Fingerprint> {
    let (dir, name) = Dir::parent_of(path, 0)?;
    write_in(&dir, &name, contents, expected)
}

pub(super) fn write_in(
    dir: &Dir,
    name: &str,
    contents: &[u8],
    expected: Option<Fingerprint>,
) -> Result<Fingerprint> {
    let path = dir.join(name);
    let changed = || Error::ChangedOnDisk { path: path.clone() };
    let target = dir.meta(name)?;
    if let Some(meta) = &target {
        refuse_target(meta, &path)?;
    }
    if !unchanged_in(dir, name, expected)? {
        return Err(changed());
    }
    let mut tmp = Temp::create(dir, &path)?;
    tmp.fill(contents, target.map_or(0o644, |m| m.mode))?;
    hook::fire(hook::Point::Synced, &path);
    let _exclusive = target.and_then(|_| dir.flock_briefly(name));
    // The decision again, now that the new version is safe on disk: an
    // edit that landed while it was written (a slow fsync) is seen here.
    if !unchanged_in(dir, name, expected)? {
        return Err(changed());
    }
    hook::fire(hook::Point::Checked, &path);
    let taken = now_ns();
    match expected {
        None => tmp.place_new(name).map_err(|e| match e.kind() {
            io::ErrorKind::AlreadyExists => changed(),
            _ => Error::io(&path, e),
        })?,
        Some(fp) => replace(dir, name, &mut tmp, fp, Fingerprint::of(contents))?,
    }
    dir.sync();
    let mut fp = Fingerprint::of(contents);
    if let Ok(meta) = meta_of(&tmp.file) {
        fp = fp.stamped(&meta, taken);
    }
    Ok(fp)
}

/// A link, a FIFO or a device is never written through, and a file the
/// editor made read-only is not replaced.
fn refuse_target(meta: &Meta, path: &Path) -> Result<()> {
    if meta.kind != Kind::File {
        return Err(not_a_file(path.to_path_buf(), meta.kind));
    }
    if meta.is_read_only() {
        return Err(Error::ReadOnlyFile {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

/// Put `tmp` in place of `name`, which must still be `expected`.
fn replace(
    dir: &Dir,
    name: &str,
    tmp: &mut Temp<'_>,
    expected: Fingerprint,
    ours: Fingerprint,
) -> Result<()> {
    let path = dir.join(name);
    match dir.exchange(&tmp.name, name) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::Unsupported => {
            return replace_by_rename(dir, name, tmp, expected);
        }
        Err(e) => return Err(Error::io(&path, e)),
    }
    // Ours is in place; the temporary name holds the file we displaced.
    tmp.placed = true;
    hook::fire(hook::Point::Exchanged, &path);
    if displaced_is(dir, &tmp.name, expected) {
        keep_backup(dir, &tmp.name, name);
        return Ok(());
    }
    // Someone else's version landed between the check and the swap. Ours
    // goes, theirs comes back, unless yet another version replaced ours
    // meanwhile: that one is the newest and stays, the one we displaced is
    // kept beside it. Nothing of theirs is dropped.
    let ours_id = meta_of(&tmp.file).ok().map(|m| (m.ino, m.dev));
    let is_ours = |n: &str| {
        let id = dir.meta(n).ok().flatten().map(|m| (m.ino, m.dev));
        ours_id.is_some()
            && id == ours_id
            && matches!(current_in(dir, n), Ok(Some(fp)) if fp == ours)
    };
    if is_ours(name) {
        if let Err(e) = dir.exchange(&tmp.name, name) {
            let kept = keep_aside(dir, &tmp.name, name);
            return Err(Error::io(
                &path,
                io::Error::other(format!(
                    "changed on disk while saving and could not be put back ({e}); the other version is kept as {}",
                    kept.display()
                )),
            ));
        }
        if is_ours(&tmp.name) {
            let _ = dir.remove_file(&tmp.name);
            return Err(Error::ChangedOnDisk { path });
        }
    }
    keep_aside(dir, &tmp.name, name);
    Err(Error::ChangedOnDisk { path })
}

/// Where the folder cannot swap two files: keep the current version as
/// the backup by a hard link, check that what it holds is what we read,
/// and rename over. A change landing between that check and the rename
/// is not seen; on Linux and macOS the swap closes that window.
fn replace_by_rename(
    dir: &Dir,
    name: &str,
    tmp: &mut Temp<'_>,
    expected: Fingerprint,
) -> Result<()> {
    let path = dir.join(name);
    let staging = made_name(TMP_SUFFIX);
    let staged = dir.hard_link(name, &staging).is_ok();
    if staged && !displaced_is(dir, &staging, expected) {
        let _ = dir.remove_file(&staging);
        return Err(Error::ChangedOnDisk { path });
    }
    dir.rename(&tmp.name, name)
        .map_err(|e| Error::io(&path, e))?;
    tmp.placed = true;
    if staged {
        keep_backup(dir, &staging, name);
    }
    Ok(())
}

/// Whether file `name` is what `expected` saw: by its stat when that can
/// be trusted, else by its contents.
fn displaced_is(dir: &Dir, name: &str, expected: Fingerprint) -> bool {
    if let Ok(Some(meta)) = dir.meta(name)
        && expected.renamed_unchanged(&meta)
    {
        return true;
    }
    matches!(current_in(dir, name), Ok(Some(fp)) if fp == expected)
}

/// The previous version becomes `NAME.bak`. It is what the caller read,
/// so when it cannot be kept only the backup is lost.
fn keep_backup(dir: &Dir, displaced: &str, name: &str) {
    if dir.rename(displaced, &format!("{name}.bak")).is_err() {
        let _ = dir.remove_file(displaced);
    }
}

/// Keep a version someone else wrote under a name anyone can see:
/// `NAME.outside-<UTC time>`.
fn keep_aside(dir: &Dir, from: &str, name: &str) -> PathBuf {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
    let to = format!("{name}.outside-{stamp}");
    match dir.rename(from, &to) {
        Ok(()) => dir.join(&to),
        Err(_) => dir.join(from),
    }
}

/// Replace `path` whole, without fsync or backup: for files that are
/// derived from others and rebuilt when lost (the desk's cache). Readers
/// still never see a half-written file.
pub fn replace_unsynced(path: &Path, depth: usize, contents: &[u8]) -> Result<()> {
    let (dir, name) = Dir::parent_of(path, depth)?;
    if let Some(meta) = dir.meta(&name)?
        && meta.kind != Kind::File
    {
        return Err(not_a_file(path.to_path_buf(), meta.kind));
    }
    let mut tmp = Temp::create(&dir, path)?;
    tmp.file
        .write_all(contents)
        .map_err(|e| Error::io(path, e))?;
    dir.rename(&tmp.name, &name)
        .map_err(|e| Error::io(path, e))?;
    tmp.placed = true;
    Ok(())
}

/// A temporary file of ours, removed when dropped unless it was put in
/// place.
struct Temp<'d> {
    dir: &'d Dir,
    name: String,
    file: File,
    path: PathBuf,
    placed: bool,
}

impl<'d> Temp<'d> {
    /// A new private file in `dir`, for a save of `path`.
    fn create(dir: &'d Dir, path: &Path) -> Result<Temp<'d>> {
        let mut last = None;
        for _ in 0..16 {
            let name = made_name(TMP_SUFFIX);
            match dir.create_new(&name, 0o600) {
                Ok(file) => {
                    return Ok(Temp {
                        dir,
                        name,
                        file,
                        path: path.to_path_buf(),
                        placed: false,
                    });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
                Err(e) => return Err(Error::io(path, e)),
            }
        }
        Err(Error::io(
            path,
            last.unwrap_or_else(|| io::ErrorKind::AlreadyExists.into()),
        ))
    }

    /// Write `contents`, give the file `mode` (the permissions the file it
    /// replaces had) and make it durable.
    fn fill(&mut self, contents: &[u8], mode: u32) -> Result<()> {
        let io = |e| Error::io(&self.path, e);
        #[cfg(test)]
        if fault::armed() {
            return Err(io(io::Error::from_raw_os_error(28)));
        }
        self.file.write_all(contents).map_err(io)?;
        rustix::fs::fchmod(&self.file, rustix::fs::Mode::from_raw_mode(mode & 0o7777))
            .map_err(|e| io(e.into()))?;
        self.file.sync_all().map_err(io)
    }

    /// Give the file the name `name`, which must not exist: a hard link
    /// refuses an existing name on every system.
    fn place_new(&mut self, name: &str) -> io::Result<()> {
        match self.dir.hard_link(&self.name, name) {
            Ok(()) => {
                let _ = self.dir.remove_file(&self.name);
                self.placed = true;
                Ok(())
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(e),
            // No hard links here (some network and FUSE file systems).
            Err(_) => {
                self.dir.rename_new(&self.name, self.dir, name)?;
                self.placed = true;
                Ok(())
            }
        }
    }
}

impl Drop for Temp<'_> {
    fn drop(&mut self) {
        if !self.placed {
            let _ = self.dir.remove_file(&self.name);
        }
    }
}

/// Fault injection for tests: makes the next writes on this thread fail as
/// on a full disk, after the temporary file was created.
#[cfg(test)]
pub(crate) mod fault {
    use std::cell::Cell;
    thread_local!(static ARMED: Cell<bool> = const { Cell::new(false) });
    pub(crate) fn arm(on: bool) {
        ARMED.with(|a| a.set(on));
    }
    pub(crate) fn armed() -> bool {
        ARMED.with(|a| a.get())
    }
}

/// Points in a save where a test can make something happen (an outside
/// edit landing, a slow disk), to make a race happen every time.
pub(crate) mod hook {
    use std::path::Path;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) enum Point {
        /// The new version is written and synced; nothing decided yet.
        Synced,
        /// Checked again: the file is still what was read.
        Checked,
        /// Swapped in; the displaced file not looked at yet.
        Exchanged,
        /// A new story folder is whole, about to be renamed to its id.
        Placing,
    }

    #[cfg(test)]
    type Hook = Box<dyn FnMut(Point, &Path)>;

    #[cfg(test)]
    thread_local!(static HOOK: std::cell::RefCell<Option<Hook>> = const { std::cell::RefCell::new(None) });

    /// Call `f` at every point of every save on this thread until
    /// [`clear`].
    #[cfg(test)]
    pub(crate) fn set(f: impl FnMut(Point, &Path) + 'static) {
        HOOK.with(|h| *h.borrow_mut() = Some(Box::new(f)));
    }

    #[cfg(test)]
    pub(crate) fn clear() {
        HOOK.with(|h| *h.borrow_mut() = None);
    }

    #[cfg(test)]
    pub(crate) fn fire(point: Point, path: &Path) {
        // Out of its cell while it runs, so that it may save files itself.
        let Some(mut f) = HOOK.with(|h| h.borrow_mut().take()) else {
            return;
        };
        f(point, path);
        HOOK.with(|h| {
            let mut h = h.borrow_mut();
            if h.is_none() {
                *h = Some(f);
            }
        });
    }

    #[cfg(not(test))]
    #[inline(always)]
    pub(crate) fn fire(_: Point, _: &Path) {}
}

#[cfg(test)]
#[path = "atomic_tests.rs"]
mod tests;
