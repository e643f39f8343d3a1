//! Crash-safe file replacement.
//!
//! A save writes a temporary file in the same folder, fsyncs it, keeps the
//! previous version as `NAME.bak` (one deep) and renames the new file into
//! place. At every instant the target is either the old or the new content,
//! whole; a full disk or a kill leaves the old file untouched.

use std::fs::{self, File};
use std::hash::{Hash, Hasher};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// What a file looked like when we read it, to notice that someone else
/// changed it before we save over it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    len: u64,
    hash: u64,
}

impl Fingerprint {
    pub fn of(bytes: &[u8]) -> Self {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        bytes.hash(&mut h);
        Fingerprint {
            len: bytes.len() as u64,
            hash: h.finish(),
        }
    }
}

pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

/// Read a file and remember its fingerprint.
pub fn read(path: &Path) -> Result<(Vec<u8>, Fingerprint)> {
    let bytes = fs::read(path).map_err(|e| Error::io(path, e))?;
    let fp = Fingerprint::of(&bytes);
    Ok((bytes, fp))
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
    let on_disk = current(path)?;
    if on_disk != expected {
        return Err(Error::ChangedOnDisk {
            path: path.to_path_buf(),
        });
    }
    let (dir, tmp) = temp_with(path, contents)?;
    set_permissions_like(tmp.as_file(), path);
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    if on_disk.is_some() {
        keep_backup(path)?;
    }
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    sync_dir(dir);
    Ok(Fingerprint::of(contents))
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
    let mut tmp = tempfile::Builder::new()
        .prefix(".factdesk-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io(path, e))?;
    tmp.write_all(contents).map_err(|e| Error::io(path, e))?;
    Ok((dir, tmp))
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
