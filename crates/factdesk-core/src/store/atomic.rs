//! Crash-safe file replacement.
//!
//! A save writes a temporary file in the same folder, fsyncs it, keeps the
//! previous version as `NAME.bak` (one deep) and renames the new file into
//! place. At every instant the target is either the old or the new content,
//! whole; a full disk or a kill leaves the old file untouched.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// What a file looked like when we read it, to notice that someone else
/// changed it before we save over it.
///
/// Two fingerprints are equal when the contents are (length and checksum).
/// A fingerprint also remembers the file's stat when it was taken: a save
/// whose file still has that stat needs no read-back of the file (an
/// 8 MB story) to know it is unchanged.
#[derive(Debug, Clone, Copy)]
pub struct Fingerprint {
    len: u64,
    hash: u64,
    stamp: Option<(FileStamp, i64)>,
}

impl PartialEq for Fingerprint {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.hash == other.hash
    }
}

impl Eq for Fingerprint {}

impl Fingerprint {
    /// The length of the contents.
    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn of(bytes: &[u8]) -> Self {
        Fingerprint {
            len: bytes.len() as u64,
            hash: checksum(bytes),
            stamp: None,
        }
    }

    /// Whether the file at `path` still is what this fingerprint saw,
    /// judged by its stat alone; `false` means "cannot tell".
    fn stat_unchanged(&self, path: &Path) -> bool {
        let Some((stamp, taken)) = self.stamp else {
            return false;
        };
        // A change in the same clock tick as the stamp could leave the
        // stat as it was: only trust stamps of files older than that.
        stamp.ctime_ns < taken - RACY_NS && FileStamp::of(path) == Some(stamp)
    }
}

/// File times are coarse (a clock tick, or worse on some file systems): a
/// file changed within this long before its stat was taken could change
/// again, same size, without its stat changing. Such stats are not trusted
/// (as git does for its index).
pub(crate) const RACY_NS: i64 = 1_000_000_000;

/// Nanoseconds since the epoch, now.
pub(crate) fn now_ns() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}

/// Enough of a file's stat to notice any rewrite: an in-place edit changes
/// the change time, a replacement the inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileStamp {
    len: u64,
    mtime_ns: i64,
    ctime_ns: i64,
    ino: u64,
    dev: u64,
}

impl FileStamp {
    fn of(path: &Path) -> Option<FileStamp> {
        FileStamp::of_meta(&fs::metadata(path).ok()?)
    }

    #[cfg(unix)]
    fn of_meta(meta: &fs::Metadata) -> Option<FileStamp> {
        use std::os::unix::fs::MetadataExt;
        Some(FileStamp {
            len: meta.len(),
            mtime_ns: meta.mtime() * 1_000_000_000 + meta.mtime_nsec(),
            ctime_ns: meta.ctime() * 1_000_000_000 + meta.ctime_nsec(),
            ino: meta.ino(),
            dev: meta.dev(),
        })
    }

    /// Without Unix stats there is nothing trustworthy: always read back.
    #[cfg(not(unix))]
    fn of_meta(_: &fs::Metadata) -> Option<FileStamp> {
        None
    }
}

/// A checksum of file contents. Four lanes of xor-multiply-rotate over
/// 64-bit words: any change of a single word changes the result, and it
/// runs at memory speed (about a millisecond for an 8 MB story; SipHash
/// took several).
pub(crate) fn checksum(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut lanes: [u64; 4] = [K, K.rotate_left(16), K.rotate_left(32), K.rotate_left(48)];
    let mix = |lanes: &mut [u64; 4], chunk: &[u8]| {
        for (lane, word) in lanes.iter_mut().zip(chunk.chunks_exact(8)) {
            let w = u64::from_le_bytes(word.try_into().unwrap_or_default());
            *lane = (*lane ^ w).wrapping_mul(K).rotate_left(29);
        }
    };
    let mut chunks = bytes.chunks_exact(32);
    for chunk in &mut chunks {
        mix(&mut lanes, chunk);
    }
    let mut tail = [0u8; 32];
    let rest = chunks.remainder();
    tail[..rest.len()].copy_from_slice(rest);
    mix(&mut lanes, &tail);
    let mut h = bytes.len() as u64;
    for lane in lanes {
        h = (h ^ lane).wrapping_mul(K).rotate_left(31);
    }
    h
}

/// Where the previous version of `path` is kept: `NAME.bak`.
fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

/// Read a file and remember its fingerprint.
pub fn read(path: &Path) -> Result<(Vec<u8>, Fingerprint)> {
    let io = |e| Error::io(path, e);
    let taken = now_ns();
    let mut file = File::open(path).map_err(io)?;
    // The stat comes before the read: a change during the read then shows
    // as a changed stat, and the save reads back and compares contents.
    let meta = file.metadata().map_err(io)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0) + 1);
    file.read_to_end(&mut bytes).map_err(io)?;
    let mut fp = Fingerprint::of(&bytes);
    fp.stamp = FileStamp::of_meta(&meta).map(|s| (s, taken));
    Ok((bytes, fp))
}

/// Whether `path` still is `expected` (`None`: does not exist).
pub fn unchanged(path: &Path, expected: Option<Fingerprint>) -> Result<bool> {
    if let Some(fp) = expected
        && fp.stat_unchanged(path)
    {
        return Ok(true);
    }
    Ok(current(path)? == expected)
}

/// The file's current fingerprint, or `None` when it does not exist.
pub fn current(path: &Path) -> Result<Option<Fingerprint>> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(Fingerprint::of(&bytes))),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// Replace `path` with `contents`, provided it still is what we read
/// (`expected`; `None` means we expect it not to exist yet). Returns the new
/// fingerprint.
pub fn write(path: &Path, contents: &[u8], expected: Option<Fingerprint>) -> Result<Fingerprint> {
    if !unchanged(path, expected)? {
        return Err(Error::ChangedOnDisk {
            path: path.to_path_buf(),
        });
    }
    let on_disk = expected;
    let (dir, tmp) = temp_with(path, contents)?;
    set_permissions_like(tmp.as_file(), path);
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    if on_disk.is_some() {
        keep_backup(path)?;
    }
    let taken = now_ns();
    let file = tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    sync_dir(dir);
    let mut fp = Fingerprint::of(contents);
    fp.stamp = file
        .metadata()
        .ok()
        .and_then(|m| FileStamp::of_meta(&m))
        .map(|s| (s, taken));
    Ok(fp)
}

/// Replace `path` whole, without fsync or backup: for files that are
/// derived from others and rebuilt when lost (the desk's cache). Readers
/// still never see a half-written file.
pub fn replace_unsynced(path: &Path, contents: &[u8]) -> Result<()> {
    let (_, tmp) = temp_with(path, contents)?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

/// A temporary file holding `contents`, in the folder of `path` (so the
/// final rename stays within one file system), and that folder.
fn temp_with<'p>(path: &'p Path, contents: &[u8]) -> Result<(&'p Path, tempfile::NamedTempFile)> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    clean_leftovers(dir, STALE_AFTER);
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!("{TMP_PREFIX}{}-", std::process::id()))
        .suffix(TMP_SUFFIX)
        .tempfile_in(dir)
        .map_err(|e| Error::io(path, e))?;
    #[cfg(test)]
    if fault::armed() {
        return Err(Error::io(path, io::Error::from_raw_os_error(28)));
    }
    tmp.write_all(contents).map_err(|e| Error::io(path, e))?;
    Ok((dir, tmp))
}

/// Temporary files are `.factdesk-<pid>-XXXXXX.tmp`; the loader never reads
/// them, and a save cleans up those a killed process left behind.
pub const TMP_PREFIX: &str = ".factdesk-";
pub const TMP_SUFFIX: &str = ".tmp";

/// Leftovers older than this are removed even when their writer's pid seems
/// alive (pids are reused; a desk may be shared between machines).
pub const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(3600);

/// The files a save makes on the way: `.factdesk-<pid>-*.tmp` and the
/// backup staging link `.NAME.bak-<pid>`. Returns the writer's pid.
fn leftover_pid(name: &str) -> Option<u32> {
    let digits = |s: &str| s.parse::<u32>().ok();
    if let Some(rest) = name.strip_prefix(TMP_PREFIX)
        && name.ends_with(TMP_SUFFIX)
    {
        return rest.split('-').next().and_then(digits);
    }
    if name.starts_with('.') {
        return name.rsplit_once(".bak-").and_then(|(_, pid)| digits(pid));
    }
    None
}

/// Remove what killed saves left in `dir`: temporary and staging files whose
/// process is gone, or that are older than `older_than`. Never touches our
/// own process's files, nor anything else. Returns how many were removed.
pub fn clean_leftovers(dir: &Path, older_than: std::time::Duration) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let me = std::process::id();
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = leftover_pid(&name.to_string_lossy()) else {
            continue;
        };
        let Ok(meta) = entry.metadata() else { continue };
        if !meta.is_file() || pid == me {
            continue;
        }
        let old = meta
            .modified()
            .ok()
            .and_then(|m| m.elapsed().ok())
            .is_some_and(|age| age >= older_than);
        if (old || !super::process::pid_alive(pid)) && fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
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

/// Temporary files are private (0600); the saved file should keep the
/// permissions it had, or be readable like any file a user creates.
fn set_permissions_like(file: &File, path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let perm = fs::metadata(path)
            .map(|m| m.permissions())
            .unwrap_or_else(|_| fs::Permissions::from_mode(0o644));
        let _ = file.set_permissions(perm);
    }
    #[cfg(not(unix))]
    let _ = (file, path);
}

/// Point `NAME.bak` at the current version. A hard link costs no copy and is
/// atomic; where links are not supported we fall back to copying.
fn keep_backup(path: &Path) -> Result<()> {
    let bak = backup_path(path);
    let staging = path.with_file_name(format!(
        ".{}.bak-{}",
        path.file_name().unwrap_or_default().to_string_lossy(),
        std::process::id()
    ));
    let _ = fs::remove_file(&staging);
    if fs::hard_link(path, &staging).is_err() {
        fs::copy(path, &staging).map_err(|e| Error::io(&bak, e))?;
        File::open(&staging)
            .and_then(|f| f.sync_all())
            .map_err(|e| Error::io(&bak, e))?;
    }
    fs::rename(&staging, &bak).map_err(|e| Error::io(&bak, e))
}

/// Make the rename itself durable. Not every platform can open a folder for
/// syncing, and the data is already safe in the file, so failure is ignored.
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_keeps_backup_and_refuses_changed_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("story.ron");
        let fp1 = write(&p, b"one", None).unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"one");
        let fp2 = write(&p, b"two", Some(fp1)).unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        assert_eq!(fs::read(backup_path(&p)).unwrap(), b"one");

        // Someone else edits the file: our next save must not clobber it.
        fs::write(&p, b"theirs").unwrap();
        let err = write(&p, b"three", Some(fp2)).unwrap_err();
        assert!(matches!(err, Error::ChangedOnDisk { .. }));
        assert_eq!(fs::read(&p).unwrap(), b"theirs");

        // Expecting a new file while one exists is the same conflict.
        assert!(write(&p, b"x", None).is_err());

        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.'))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn full_disk_leaves_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("story.ron");
        let fp = write(&p, b"old", None).unwrap();
        fault::arm(true);
        let err = write(&p, b"new", Some(fp)).unwrap_err();
        fault::arm(false);
        assert!(err.to_string().contains("No space left"), "{err}");
        assert_eq!(fs::read(&p).unwrap(), b"old");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["story.ron"]);
        // And the next save works.
        write(&p, b"new", Some(fp)).unwrap();
    }

    #[test]
    fn leftovers_of_dead_writers_are_cleaned_and_others_kept() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        // pid 0 is never a live writer; our own pid always is.
        let me = std::process::id();
        for name in [
            ".factdesk-0-abc.tmp".to_string(),
            ".story.ron.bak-0".to_string(),
            format!(".factdesk-{me}-abc.tmp"),
            "notes.tmp".to_string(),
            ".factdesk-x.tmp".to_string(),
        ] {
            fs::write(d.join(name), b"x").unwrap();
        }
        assert_eq!(clean_leftovers(d, STALE_AFTER), 2);
        let mut left: Vec<_> = fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                format!(".factdesk-{me}-abc.tmp"),
                ".factdesk-x.tmp".into(),
                "notes.tmp".into()
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn failed_write_leaves_old_file_intact() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("story.ron");
        let fp = write(&p, b"old", None).unwrap();
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o555)).unwrap();
        let result = write(&p, b"new", Some(fp));
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
        // Root can write anywhere; the property that matters is the content.
        if result.is_err() {
            assert_eq!(fs::read(&p).unwrap(), b"old");
        }
    }
}
