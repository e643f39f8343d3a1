//! A cache beside the desk of what is derived from its story files: story
//! summaries (for the story list); the claims themselves are searched
//! through the archive's index (`crate::archive`).
//!
//! Parsing ten thousand `story.ron` files takes seconds; reading one compact
//! file takes milliseconds. The RON files stay the only source of truth:
//! every entry is keyed by the size, times and inode of the story's two
//! files, an entry whose files changed (an edit in a text editor, a
//! `git pull`) is recomputed from them, and a cache that cannot be read for
//! any reason is rebuilt without a word. Deleting `DESK/.cache` is always
//! safe.

use serde::{Deserialize, Deserializer, Serialize};
use std::borrow::Cow;
use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::ids::StoryId;

use super::atomic;
use super::desk::Desk;
use super::layout::{ARTICLE_FILE, STORY_FILE};
use super::story_doc::StoryDoc;

pub const CACHE_DIR: &str = ".cache";

/// Bump when the layout of any cached type changes: an old cache is then
/// simply rebuilt.
const FORMAT: u32 = 4;

/// What a file looked like, cheaply: enough to notice any rewrite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Stamp {
    len: u64,
    mtime_ns: i64,
    ctime_ns: i64,
    ino: u64,
}

impl Stamp {
    /// Whether a folder changed so shortly before `taken` that another
    /// change in the same clock tick would leave this stamp as it is.
    pub(crate) fn racy_dir(&self, taken: i64) -> bool {
        self.ctime_ns > taken - atomic::RACY_NS
    }

    pub(crate) fn of(path: &Path) -> Option<Stamp> {
        let meta = fs::metadata(path).ok()?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Some(Stamp {
                len: meta.len(),
                mtime_ns: meta.mtime() * 1_000_000_000 + meta.mtime_nsec(),
                ctime_ns: meta.ctime() * 1_000_000_000 + meta.ctime_nsec(),
                ino: meta.ino(),
            })
        }
        #[cfg(not(unix))]
        {
            let nanos = |t: std::io::Result<std::time::SystemTime>| {
                t.ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos() as i64)
            };
            Some(Stamp {
                len: meta.len(),
                mtime_ns: nanos(meta.modified()),
                ctime_ns: nanos(meta.created()),
                ino: 0,
            })
        }
    }
}

/// Stamps of the files of many stories, taken relative to an open
/// `stories/` folder: `fstatat` resolves two path components instead of
/// the whole path from `/`, which is most of the cost of ten thousands of
/// stats.
#[cfg(unix)]
struct Stamper {
    dir: std::os::fd::OwnedFd,
    path: Vec<u8>,
}

#[cfg(unix)]
impl Stamper {
    fn new(desk: &Desk) -> Option<Stamper> {
        let stories = desk.stories_handle().ok()??;
        Some(Stamper {
            dir: stories.into_fd(),
            path: Vec::with_capacity(128),
        })
    }

    fn stamp(&mut self, id: &str, file: &str) -> Option<Stamp> {
        use std::os::fd::AsRawFd;
        self.path.clear();
        self.path.extend_from_slice(id.as_bytes());
        self.path.push(b'/');
        self.path.extend_from_slice(file.as_bytes());
        self.path.push(0);
        if self.path[..self.path.len() - 1].contains(&0) {
            return None;
        }
        let mut st = std::mem::MaybeUninit::<libc::stat>::uninit();
        // SAFETY: `path` is NUL-terminated without inner NULs, `st` is a
        // valid place for the result, and it is read only on success.
        let st = unsafe {
            if libc::fstatat(
                self.dir.as_raw_fd(),
                self.path.as_ptr().cast(),
                st.as_mut_ptr(),
                libc::AT_SYMLINK_NOFOLLOW,
            ) != 0
            {
                return None;
            }
            st.assume_init()
        };
        #[allow(clippy::unnecessary_cast)] // the field types differ by platform
        Some(Stamp {
            len: st.st_size as u64,
            mtime_ns: st.st_mtime as i64 * 1_000_000_000 + st.st_mtime_nsec as i64,
            ctime_ns: st.st_ctime as i64 * 1_000_000_000 + st.st_ctime_nsec as i64,
            ino: st.st_ino as u64,
        })
    }

    fn key(&mut self, id: &str, with_article: bool) -> Option<StoryKey> {
        Some(StoryKey {
            story: self.stamp(id, STORY_FILE)?,
            article: if with_article {
                self.stamp(id, ARTICLE_FILE).unwrap_or_default()
            } else {
                Stamp::default()
            },
        })
    }
}

/// The stamps of a story's `story.ron` and `article.txt`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryKey {
    story: Stamp,
    article: Stamp,
}

impl StoryKey {
    /// Whether a file was changed so shortly before `taken` that a same-size
    /// rewrite in the same tick would go unseen; such entries are not cached
    /// (as git does for its index).
    pub(crate) fn racy(&self, taken: i64) -> bool {
        [self.story, self.article]
            .iter()
            .any(|s| s.ctime_ns > taken - atomic::RACY_NS)
    }

    pub(crate) fn of(dir: &Path, with_article: bool) -> Option<StoryKey> {
        Some(StoryKey {
            story: Stamp::of(&dir.join(STORY_FILE))?,
            article: if with_article {
                Stamp::of(&dir.join(ARTICLE_FILE)).unwrap_or_default()
            } else {
                Stamp::default()
            },
        })
    }
}

#[derive(Deserialize)]
struct Entry<'a, T> {
    #[serde(borrow)]
    id: Text<'a>,
    key: StoryKey,
    value: T,
}

#[derive(Deserialize)]
struct File<'a, T> {
    format: u32,
    #[serde(borrow)]
    entries: Vec<Entry<'a, T>>,
}

/// Text in a cached value: borrowed straight from the cache file when read
/// (no allocation per string, which is most of the cost of reading a big
/// cache), owned when freshly computed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
#[serde(transparent)]
pub struct Text<'a>(pub Cow<'a, str>);

impl<'a> Text<'a> {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Text<'static> {
    fn from(s: &str) -> Self {
        Text(Cow::Owned(s.to_string()))
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> std::result::Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> std::result::Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v.to_string())))
            }
            fn visit_string<E>(self, v: String) -> std::result::Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        d.deserialize_str(Visit)
    }
}

/// Bytes in a cached value, borrowed from the cache file like [`Text`]:
/// packed data that is only decoded when needed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Bytes<'a>(pub Cow<'a, [u8]>);

impl Serialize for Bytes<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_bytes(&self.0)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Bytes<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Bytes<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("bytes")
            }
            fn visit_borrowed_bytes<E>(self, v: &'de [u8]) -> std::result::Result<Bytes<'de>, E> {
                Ok(Bytes(Cow::Borrowed(v)))
            }
            fn visit_bytes<E>(self, v: &[u8]) -> std::result::Result<Bytes<'de>, E> {
                Ok(Bytes(Cow::Owned(v.to_vec())))
            }
            fn visit_byte_buf<E>(self, v: Vec<u8>) -> std::result::Result<Bytes<'de>, E> {
                Ok(Bytes(Cow::Owned(v)))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<Bytes<'de>, A::Error> {
                let mut v = Vec::new();
                while let Some(b) = seq.next_element::<u8>()? {
                    v.push(b);
                }
                Ok(Bytes(Cow::Owned(v)))
            }
        }
        d.deserialize_bytes(Visit)
    }
}

/// The same layout as [`Entry`], written from borrowed values so that a
/// cache update copies nothing.
#[derive(Serialize)]
struct EntryRef<'a, T> {
    id: &'a str,
    key: StoryKey,
    value: &'a T,
}

#[derive(Serialize)]
struct FileRef<'a, T> {
    format: u32,
    entries: Vec<EntryRef<'a, T>>,
}

/// The bytes of a cache file, which cached values borrow from. Read into
/// memory (never mapped: a mapped file that something rewrites in place
/// kills the reader with SIGBUS), at most [`MAX_CACHE_BYTES`], and trusted
/// only when its checksum holds.
#[derive(Default)]
pub struct Buf {
    bytes: Vec<u8>,
}

/// The largest cache file read: a cache this size is rebuilt from the
/// story files rather than read.
pub const MAX_CACHE_BYTES: u64 = 2_000_000_000;

impl Buf {
    /// The file's bytes; empty when it cannot be read (a link, a FIFO,
    /// over [`MAX_CACHE_BYTES`]).
    pub fn read(path: &Path) -> Buf {
        let bytes = super::dir::Dir::parent_of(path, 1)
            .and_then(|(dir, name)| dir.read(&name, MAX_CACHE_BYTES, "a cache file"))
            .ok()
            .flatten()
            .map(|(bytes, _)| bytes)
            .unwrap_or_default();
        Buf { bytes }
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

/// The payload of a cache file whose checksum holds.
fn verified(bytes: &[u8]) -> Option<&[u8]> {
    let (sum, payload) = bytes.split_first_chunk::<8>()?;
    (u64::from_le_bytes(*sum) == atomic::checksum(payload)).then_some(payload)
}

/// Each story's value, and the stories that could not be read.
pub type Values<T> = (Vec<(StoryId, T)>, Vec<Error>);

/// One kind of derived value per story, cached in `DESK/.cache/NAME`.
pub struct Cache<'d> {
    desk: &'d Desk,
    name: &'static str,
    /// Whether the cached value depends on the article too (a corrected
    /// article can orphan claims), or on `story.ron` alone.
    with_article: bool,
}

impl<'d> Cache<'d> {
    /// A cache of values computed from `story.ron` alone.
    pub fn of_story(desk: &'d Desk, name: &'static str) -> Cache<'d> {
        Cache {
            desk,
            name,
            with_article: false,
        }
    }

    /// A cache of values that also depend on `article.txt`.
    pub fn of_story_and_article(desk: &'d Desk, name: &'static str) -> Cache<'d> {
        Cache {
            desk,
            name,
            with_article: true,
        }
    }

    fn path(&self) -> PathBuf {
        self.desk.root().join(CACHE_DIR).join(self.name)
    }

    /// The cached entries, sorted by id (as they are written).
    fn read<'b, T: Deserialize<'b>>(&self, bytes: &'b [u8]) -> Vec<(&'b str, StoryKey, T)> {
        let Some(bytes) = verified(bytes) else {
            return Vec::new();
        };
        let mut entries: Vec<(&'b str, StoryKey, T)> =
            match postcard::from_bytes::<File<'b, T>>(bytes) {
                Ok(file) if file.format == FORMAT => file
                    .entries
                    .into_iter()
                    .filter_map(|e| match e.id.0 {
                        Cow::Borrowed(id) => Some((id, e.key, e.value)),
                        Cow::Owned(_) => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
        if !entries.is_sorted_by(|a, b| a.0 < b.0) {
            // Not as written: a damaged file. Trust none of it.
            entries.clear();
        }
        entries
    }

    /// The current stamps of each story's files.
    pub(crate) fn keys_of(desk: &Desk, ids: &[StoryId]) -> Vec<Option<StoryKey>> {
        Cache::of_story_and_article(desk, "").keys(ids)
    }

    fn keys(&self, ids: &[StoryId]) -> Vec<Option<StoryKey>> {
        #[cfg(unix)]
        {
            let stamp = |part: &[StoryId]| {
                let mut stamper = Stamper::new(self.desk)?;
                Some(
                    part.iter()
                        .map(|id| stamper.key(id.as_str(), self.with_article))
                        .collect::<Vec<_>>(),
                )
            };
            // Two stats a story for ten thousand stories: split them over
            // two threads (the caller reads the cache meanwhile).
            let parts: Option<Vec<Vec<Option<StoryKey>>>> = if ids.len() >= 4_000 {
                let (a, b) = ids.split_at(ids.len() / 2);
                std::thread::scope(|scope| {
                    let first = scope.spawn(|| stamp(a));
                    let second = stamp(b);
                    match (first.join().ok().flatten(), second) {
                        (Some(x), Some(y)) => Some(vec![x, y]),
                        _ => None,
                    }
                })
            } else {
                stamp(ids).map(|x| vec![x])
            };
            if let Some(parts) = parts {
                return parts.into_iter().flatten().collect();
            }
        }
        ids.iter()
            .map(|id| StoryKey::of(&self.desk.story_dir(id), self.with_article))
            .collect()
    }

    /// Forget the cache (a damaged entry was found after it was read): the
    /// next run rebuilds it from the story files.
    pub fn invalidate(&self) {
        if let Ok(dir) = super::dir::Dir::open(self.desk.root()).and_then(|d| d.sub(CACHE_DIR)) {
            let _ = dir.remove_file(self.name);
        }
    }

    /// Best effort: a desk on a read-only medium still works, uncached.
    fn write<T: Serialize>(&self, entries: Vec<EntryRef<'_, T>>) {
        let file = FileRef {
            format: FORMAT,
            entries,
        };
        // Room for the checksum first.
        let Ok(mut bytes) = postcard::to_extend(&file, vec![0u8; 8]) else {
            return;
        };
        // A damaged file (a bad sector, a stray write) is then rebuilt
        // rather than believed.
        let sum = atomic::checksum(&bytes[8..]);
        bytes[..8].copy_from_slice(&sum.to_le_bytes());
        // Never through a link: `.cache` swapped for one is not written.
        let Ok(dir) =
            super::dir::Dir::open(self.desk.root()).and_then(|d| d.sub_or_create(CACHE_DIR))
        else {
            return;
        };
        // Keep the cache out of a desk's git history.
        if let Ok(None) = dir.meta(".gitignore")
            && let Ok(mut f) = dir.create_new(".gitignore", 0o644)
        {
            let _ = std::io::Write::write_all(&mut f, b"*\n");
        }
        atomic::clean_leftovers_holding(&dir, atomic::STALE_AFTER, |_| true);
        let _ = atomic::replace_unsynced(&self.path(), 1, &bytes);
    }

    /// `compute` of every story in the desk, sorted by id, from the cache
    /// where the story's files are unchanged and from the files elsewhere.
    /// Stories that cannot be read come back as errors beside the rest.
    /// Values read from the cache may borrow from `buf`.
    pub fn values<'b, T: Serialize + Deserialize<'b>>(
        &self,
        buf: &'b mut Buf,
        compute: impl Fn(&StoryDoc) -> T,
    ) -> Result<Values<T>> {
        let (ids, mut problems) = self.desk.story_ids()?;
        let taken = atomic::now_ns();
        // Checking every story's files is tens of thousands of system calls;
        // do it on a second thread while this one reads the cache.
        let (keys, cached) = std::thread::scope(|scope| {
            let stat = scope.spawn(|| self.keys(&ids));
            *buf = Buf::read(&self.path());
            let buf: &'b Buf = buf;
            let cached = self.read::<T>(buf.bytes());
            (stat.join().unwrap_or_default(), cached)
        });
        let mut dirty = cached.len() != ids.len() || keys.len() != ids.len();
        let mut out = Vec::with_capacity(ids.len());
        let mut fresh_keys = Vec::with_capacity(ids.len());
        // Both lists are sorted by id: walk them side by side.
        let mut cached = cached.into_iter().peekable();
        for (id, key) in ids.into_iter().zip(keys) {
            while cached.next_if(|(c, _, _)| *c < id.as_str()).is_some() {}
            let hit = cached
                .next_if(|(c, _, _)| *c == id.as_str())
                .filter(|(_, k, _)| Some(*k) == key)
                .map(|(_, _, v)| v);
            let value = match hit {
                Some(v) => v,
                None => {
                    dirty = true;
                    match self.desk.load_story(&id) {
                        Ok(doc) => compute(&doc),
                        Err(e) => {
                            problems.push(e);
                            continue;
                        }
                    }
                }
            };
            fresh_keys.push(key);
            out.push((id, value));
        }
        if dirty {
            let entries = out
                .iter()
                .zip(&fresh_keys)
                .filter_map(|((id, value), key)| {
                    Some(EntryRef {
                        id: id.as_str(),
                        key: (*key).filter(|k| !k.racy(taken))?,
                        value,
                    })
                })
                .collect();
            self.write(entries);
        }
        Ok((out, problems))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Something rewrites the cache file in place (truncates it) while a
    /// search holds its bytes: a mapped file would kill the process with
    /// SIGBUS on the next read of them; bytes read into memory stay.
    #[test]
    fn a_cache_file_rewritten_in_place_while_read_is_survived() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join(CACHE_DIR);
        fs::create_dir(&cache).unwrap();
        let path = cache.join("claims.bin");
        let body = vec![7u8; 1 << 20];
        fs::write(&path, &body).unwrap();
        let buf = Buf::read(&path);
        fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_len(0)
            .unwrap();
        let sum: u64 = buf.bytes().iter().map(|&b| u64::from(b)).sum();
        assert_eq!(sum, 7 << 20);
    }
}
