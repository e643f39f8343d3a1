//! The desk's folders as open handles.
//!
//! Every read and write in a desk works relative to an open folder, never
//! by path from `/`: the folders under the desk root (`stories/`, a story's
//! own folder, `.cache/`) are opened one component at a time with
//! `O_NOFOLLOW`, at the moment of use, so a folder swapped for a symbolic
//! link (even while the screen has the story open) is refused instead of
//! written through. The desk root itself is taken as the user named it:
//! pointing `--desk` at a link to a shared drive is their choice.
//!
//! Files are looked at (`lstat`) before they are opened, and opened with
//! `O_NOFOLLOW | O_NONBLOCK`: a FIFO, a device or a link where a desk file
//! should be is named in one line and never read.

use rustix::fs::{self as rfs, AtFlags, FileType, FlockOperation, Mode, OFlags};
use rustix::io::Errno;
use std::ffi::OsString;
use std::fs::File;
use std::io::{self, Read};
use std::os::fd::OwnedFd;
use std::path::{Component, Path, PathBuf};

use super::layout::SYMLINK_REFUSED;
use crate::error::{Error, Result};

/// An open folder, and its path for messages.
#[derive(Debug)]
pub struct Dir {
    fd: OwnedFd,
    path: PathBuf,
}

/// What a folder entry is, by its own stat (links not followed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    File,
    Dir,
    Symlink,
    Fifo,
    CharDevice,
    BlockDevice,
    Socket,
    Unknown,
}

impl Kind {
    fn of(t: FileType) -> Kind {
        match t {
            FileType::RegularFile => Kind::File,
            FileType::Directory => Kind::Dir,
            FileType::Symlink => Kind::Symlink,
            FileType::Fifo => Kind::Fifo,
            FileType::CharacterDevice => Kind::CharDevice,
            FileType::BlockDevice => Kind::BlockDevice,
            FileType::Socket => Kind::Socket,
            _ => Kind::Unknown,
        }
    }

    /// What std says a file is (links followed or not, as it was asked).
    pub fn of_std(t: &std::fs::FileType) -> Kind {
        use std::os::unix::fs::FileTypeExt;
        if t.is_file() {
            Kind::File
        } else if t.is_dir() {
            Kind::Dir
        } else if t.is_symlink() {
            Kind::Symlink
        } else if t.is_fifo() {
            Kind::Fifo
        } else if t.is_char_device() {
            Kind::CharDevice
        } else if t.is_block_device() {
            Kind::BlockDevice
        } else if t.is_socket() {
            Kind::Socket
        } else {
            Kind::Unknown
        }
    }

    /// What to call it in a message.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::File => "a file",
            Kind::Dir => "a folder",
            Kind::Symlink => "a symbolic link",
            Kind::Fifo => "a FIFO (named pipe)",
            Kind::CharDevice => "a character device",
            Kind::BlockDevice => "a block device",
            Kind::Socket => "a socket",
            Kind::Unknown => "a special file",
        }
    }
}

/// A file's stat, as much of it as the desk needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Meta {
    pub kind: Kind,
    pub len: u64,
    /// Permission bits.
    pub mode: u32,
    pub uid: u32,
    pub ino: u64,
    pub dev: u64,
    pub mtime_ns: i64,
    pub ctime_ns: i64,
}

impl Meta {
    #[allow(clippy::unnecessary_cast)] // the field types differ by platform
    fn of(st: &rfs::Stat) -> Meta {
        Meta {
            kind: Kind::of(FileType::from_raw_mode(st.st_mode as _)),
            len: u64::try_from(st.st_size).unwrap_or(0),
            mode: st.st_mode as u32 & 0o7777,
            uid: st.st_uid as u32,
            ino: st.st_ino as u64,
            dev: st.st_dev as u64,
            mtime_ns: (st.st_mtime as i64)
                .saturating_mul(1_000_000_000)
                .saturating_add(st.st_mtime_nsec as i64),
            ctime_ns: (st.st_ctime as i64)
                .saturating_mul(1_000_000_000)
                .saturating_add(st.st_ctime_nsec as i64),
        }
    }

    /// Whether the permissions say nobody may write the file (`chmod a-w`,
    /// the way an editor protects a file). Root could write it anyway;
    /// factdesk honours what the file says.
    pub fn is_read_only(&self) -> bool {
        self.mode & 0o222 == 0
    }
}

/// The stat of an open file.
pub fn meta_of(file: &File) -> io::Result<Meta> {
    Ok(Meta::of(&rfs::fstat(file)?))
}

impl std::os::fd::AsFd for Dir {
    fn as_fd(&self) -> std::os::fd::BorrowedFd<'_> {
        self.fd.as_fd()
    }
}

fn errno_io(e: Errno) -> io::Error {
    e.into()
}

impl Dir {
    /// The folder at `path` as the user named it (links in it followed).
    pub fn open(path: &Path) -> Result<Dir> {
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
        let fd = rfs::openat(rfs::CWD, path, flags, Mode::empty())
            .map_err(|e| Error::io(path, errno_io(e)))?;
        Ok(Dir {
            fd,
            path: path.to_path_buf(),
        })
    }

    /// The folder `parent`, where its last `depth` components are desk
    /// folders: those are opened one by one, refusing links; what is above
    /// them is the desk root, opened as named.
    pub fn open_under(parent: &Path, depth: usize) -> Result<Dir> {
        let parent = if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        };
        let parts: Vec<Component<'_>> = parent.components().collect();
        let split = parts.len().saturating_sub(depth);
        let (base, tail) = parts.split_at(split);
        let base: PathBuf = if base.is_empty() {
            PathBuf::from(".")
        } else {
            base.iter().collect()
        };
        let mut dir = Dir::open(&base)?;
        for part in tail {
            match part {
                Component::Normal(name) => dir = dir.sub(&name.to_string_lossy())?,
                _ => {
                    return Err(Error::Invalid {
                        path: parent.to_path_buf(),
                        why: "not a plain path inside the desk".into(),
                    });
                }
            }
        }
        Ok(dir)
    }

    /// The folder of `path` (see [`Dir::open_under`]) and the file's name.
    pub fn parent_of(path: &Path, depth: usize) -> Result<(Dir, String)> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| Error::Invalid {
                path: path.to_path_buf(),
                why: "not a file name".into(),
            })?;
        let parent = path.parent().unwrap_or(Path::new("."));
        Ok((Dir::open_under(parent, depth)?, name))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The open folder itself, for system calls made elsewhere.
    pub fn into_fd(self) -> OwnedFd {
        self.fd
    }

    pub fn join(&self, name: &str) -> PathBuf {
        self.path.join(name)
    }

    /// The sub folder `name`, refusing a link (or anything but a folder).
    pub fn sub(&self, name: &str) -> Result<Dir> {
        let path = self.join(name);
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        match rfs::openat(&self.fd, name, flags, Mode::empty()) {
            Ok(fd) => Ok(Dir { fd, path }),
            Err(Errno::LOOP) => Err(symlink_refused(path)),
            Err(Errno::NOTDIR) => match self.meta(name) {
                Ok(Some(m)) if m.kind == Kind::Symlink => Err(symlink_refused(path)),
                _ => Err(Error::io(path, errno_io(Errno::NOTDIR))),
            },
            Err(e) => Err(Error::io(path, errno_io(e))),
        }
    }

    /// [`Dir::sub`], making the folder first when it is not there.
    pub fn sub_or_create(&self, name: &str) -> Result<Dir> {
        match rfs::mkdirat(&self.fd, name, Mode::from_raw_mode(0o777)) {
            Ok(()) | Err(Errno::EXIST) => self.sub(name),
            Err(e) => Err(Error::io(self.join(name), errno_io(e))),
        }
    }

    /// What `name` is, without following a link; `None` when it is not
    /// there.
    pub fn meta(&self, name: &str) -> Result<Option<Meta>> {
        match rfs::statat(&self.fd, name, AtFlags::SYMLINK_NOFOLLOW) {
            Ok(st) => Ok(Some(Meta::of(&st))),
            Err(Errno::NOENT) => Ok(None),
            Err(e) => Err(Error::io(self.join(name), errno_io(e))),
        }
    }

    /// Open regular file `name` for reading, or say why not: a link, a
    /// FIFO or a device is refused before it is opened, and checked again
    /// on the open file (it could have been swapped in between).
    pub fn open_file(&self, name: &str) -> Result<Option<(File, Meta)>> {
        let path = || self.join(name);
        match self.meta(name)? {
            None => return Ok(None),
            Some(m) if m.kind != Kind::File => return Err(not_a_file(path(), m.kind)),
            Some(_) => {}
        }
        let flags =
            OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC;
        let fd = match rfs::openat(&self.fd, name, flags, Mode::empty()) {
            Ok(fd) => fd,
            Err(Errno::NOENT) => return Ok(None),
            Err(Errno::LOOP) => return Err(symlink_refused(path())),
            Err(e) => return Err(Error::io(path(), errno_io(e))),
        };
        let file = File::from(fd);
        let meta = meta_of(&file).map_err(|e| Error::io(path(), e))?;
        if meta.kind != Kind::File {
            return Err(not_a_file(path(), meta.kind));
        }
        Ok(Some((file, meta)))
    }

    /// The bytes of regular file `name`, at most `limit` of them (else
    /// [`Error::TooBig`] naming `what`), with its stat taken before the
    /// read; `None` when it is not there.
    pub fn read(
        &self,
        name: &str,
        limit: u64,
        what: &'static str,
    ) -> Result<Option<(Vec<u8>, Meta)>> {
        let Some((file, meta)) = self.open_file(name)? else {
            return Ok(None);
        };
        read_bounded(file, meta, &self.join(name), limit, what).map(Some)
    }

    /// Create `name`, which must not exist, for writing.
    pub fn create_new(&self, name: &str, mode: u32) -> io::Result<File> {
        let flags = OFlags::WRONLY
            | OFlags::CREATE
            | OFlags::EXCL
            | OFlags::NOFOLLOW
            | OFlags::NOCTTY
            | OFlags::CLOEXEC;
        let fd = rfs::openat(&self.fd, name, flags, Mode::from_raw_mode(mode)).map_err(errno_io)?;
        Ok(File::from(fd))
    }

    /// Open (or create) `name` for reading and writing, refusing a link:
    /// the story lock file.
    pub fn open_rw(&self, name: &str, mode: u32) -> io::Result<File> {
        let flags = OFlags::RDWR
            | OFlags::CREATE
            | OFlags::NOFOLLOW
            | OFlags::NONBLOCK
            | OFlags::NOCTTY
            | OFlags::CLOEXEC;
        let fd = rfs::openat(&self.fd, name, flags, Mode::from_raw_mode(mode)).map_err(errno_io)?;
        Ok(File::from(fd))
    }

    /// Open (or create) `name` for appending, refusing a link: the
    /// archive's journal, where each write lands whole at the end.
    pub fn open_append(&self, name: &str, mode: u32) -> io::Result<File> {
        let flags = OFlags::WRONLY
            | OFlags::APPEND
            | OFlags::CREATE
            | OFlags::NOFOLLOW
            | OFlags::NONBLOCK
            | OFlags::NOCTTY
            | OFlags::CLOEXEC;
        let fd = rfs::openat(&self.fd, name, flags, Mode::from_raw_mode(mode)).map_err(errno_io)?;
        Ok(File::from(fd))
    }

    pub fn rename(&self, from: &str, to: &str) -> io::Result<()> {
        rfs::renameat(&self.fd, from, &self.fd, to).map_err(errno_io)
    }

    /// Rename `from` to `to` in `into`, failing if `to` exists.
    pub fn rename_new(&self, from: &str, into: &Dir, to: &str) -> io::Result<()> {
        #[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
        match rfs::renameat_with(&self.fd, from, &into.fd, to, rfs::RenameFlags::NOREPLACE) {
            Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => {}
            other => return other.map_err(errno_io),
        }
        // Without RENAME_NOREPLACE: a folder is only renamed over an empty
        // one (not a story), a file never, as `link` refuses an existing
        // name.
        if into.meta(to).ok().flatten().is_some() {
            return Err(io::ErrorKind::AlreadyExists.into());
        }
        rfs::renameat(&self.fd, from, &into.fd, to).map_err(errno_io)
    }

    /// Swap `a` and `b` atomically; `Unsupported` where the system or the
    /// file system cannot.
    pub fn exchange(&self, a: &str, b: &str) -> io::Result<()> {
        #[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
        match rfs::renameat_with(&self.fd, a, &self.fd, b, rfs::RenameFlags::EXCHANGE) {
            Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => {}
            other => return other.map_err(errno_io),
        }
        let _ = (a, b);
        Err(io::ErrorKind::Unsupported.into())
    }

    pub fn hard_link(&self, from: &str, to: &str) -> io::Result<()> {
        rfs::linkat(&self.fd, from, &self.fd, to, AtFlags::empty()).map_err(errno_io)
    }

    pub fn remove_file(&self, name: &str) -> io::Result<()> {
        rfs::unlinkat(&self.fd, name, AtFlags::empty()).map_err(errno_io)
    }

    /// Remove folder `name`, which must be empty.
    pub fn remove_dir(&self, name: &str) -> io::Result<()> {
        rfs::unlinkat(&self.fd, name, AtFlags::REMOVEDIR).map_err(errno_io)
    }

    /// Make renames and new names in this folder durable. Not every file
    /// system can sync a folder, and the data is already safe in its file,
    /// so failure is ignored.
    pub fn sync(&self) {
        let _ = rfs::fsync(&self.fd);
    }

    /// The names in the folder (not `.` and `..`) with what each is.
    pub fn entries(&self) -> Result<Vec<(OsString, Kind)>> {
        let io = |e: Errno| Error::io(&self.path, errno_io(e));
        let mut out = Vec::new();
        for entry in rfs::Dir::read_from(&self.fd).map_err(io)? {
            let entry = entry.map_err(io)?;
            let name = entry.file_name().to_bytes();
            if name == b"." || name == b".." {
                continue;
            }
            let name = OsString::from(String::from_utf8_lossy(name).into_owned());
            let mut kind = Kind::of(entry.file_type());
            if kind == Kind::Unknown {
                // Some file systems do not say in the listing.
                kind = self
                    .meta(&name.to_string_lossy())?
                    .map_or(Kind::Unknown, |m| m.kind);
            }
            out.push((name, kind));
        }
        Ok(out)
    }

    /// An exclusive `flock` on file `name` for a short while, for the
    /// moment a save decides and renames: programs that honour advisory
    /// locks (`flock(1)`, sync tools) wait for it. `None` when it cannot
    /// be had within about a second; the save then goes on without it.
    pub fn flock_briefly(&self, name: &str) -> Option<OwnedFd> {
        let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
        let fd = rfs::openat(&self.fd, name, flags, Mode::empty()).ok()?;
        for _ in 0..40 {
            match rfs::flock(&fd, FlockOperation::NonBlockingLockExclusive) {
                Ok(()) => return Some(fd),
                Err(Errno::WOULDBLOCK) => std::thread::sleep(std::time::Duration::from_millis(25)),
                Err(_) => return None,
            }
        }
        None
    }
}

/// Read `file` whole, refusing more than `limit` bytes; the length seen
/// by the stat and the bytes actually read are both checked (a file can
/// grow while it is read).
pub fn read_bounded(
    file: File,
    meta: Meta,
    path: &Path,
    limit: u64,
    what: &'static str,
) -> Result<(Vec<u8>, Meta)> {
    let too_big = |len| Error::TooBig {
        path: path.to_path_buf(),
        len,
        limit,
        what,
    };
    if meta.len > limit {
        return Err(too_big(meta.len));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len).unwrap_or(0) + 1);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > limit {
        return Err(too_big(bytes.len() as u64));
    }
    Ok((bytes, meta))
}

pub(super) fn symlink_refused(path: PathBuf) -> Error {
    Error::Invalid {
        path,
        why: SYMLINK_REFUSED.into(),
    }
}

pub(super) fn not_a_file(path: PathBuf, kind: Kind) -> Error {
    if kind == Kind::Symlink {
        return symlink_refused(path);
    }
    Error::NotAFile {
        path,
        kind: kind.describe(),
    }
}

/// This process's effective user, to tell our own leftovers from files
/// someone else made.
pub fn my_uid() -> u32 {
    rustix::process::geteuid().as_raw()
}
