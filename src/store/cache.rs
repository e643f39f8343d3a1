//! A cache beside the desk of what is derived from its story files: story
//! summaries (for the story list) and claim records (for search).
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
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::slug::StoryId;

use super::{ARTICLE_FILE, Desk, STORY_FILE, StoryDoc, atomic};

pub const CACHE_DIR: &str = ".cache";

/// Bump when the layout of any cached type changes: an old cache is then
/// simply rebuilt.
const FORMAT: u32 = 1;

/// What a file looked like, cheaply: enough to notice any rewrite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Stamp {
    len: u64,
    mtime_ns: i64,
    ctime_ns: i64,
    ino: u64,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
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

/// The stamps of a story's `story.ron` and `article.txt`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryKey {
    story: Stamp,
    article: Stamp,
}

impl StoryKey {
    fn of(dir: &Path, with_article: bool) -> Option<StoryKey> {
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

    fn read<'b, T: Deserialize<'b>>(&self, bytes: &'b [u8]) -> HashMap<&'b str, (StoryKey, T)> {
        match postcard::from_bytes::<File<'b, T>>(bytes) {
            Ok(file) if file.format == FORMAT => file
                .entries
                .into_iter()
                .filter_map(|e| match e.id.0 {
                    Cow::Borrowed(id) => Some((id, (e.key, e.value))),
                    Cow::Owned(_) => None,
                })
                .collect(),
            _ => HashMap::new(),
        }
    }

    /// Best effort: a desk on a read-only medium still works, uncached.
    fn write<T: Serialize>(&self, entries: Vec<EntryRef<'_, T>>) {
        let file = FileRef {
            format: FORMAT,
            entries,
        };
        let Ok(bytes) = postcard::to_allocvec(&file) else {
            return;
        };
        let dir = self.desk.root().join(CACHE_DIR);
        if fs::create_dir_all(&dir).is_err() {
            return;
        }
        // Keep the cache out of a desk's git history.
        let ignore = dir.join(".gitignore");
        if !ignore.exists() {
            let _ = fs::write(&ignore, "*\n");
        }
        let _ = atomic::replace_unsynced(&self.path(), &bytes);
    }

    /// `compute` of every story in the desk, sorted by id, from the cache
    /// where the story's files are unchanged and from the files elsewhere.
    /// Stories that cannot be read come back as errors beside the rest.
    /// Values read from the cache may borrow from `buf`.
    pub fn values<'b, T: Serialize + Deserialize<'b>>(
        &self,
        buf: &'b mut Vec<u8>,
        compute: impl Fn(&StoryDoc) -> T,
    ) -> Result<Values<T>> {
        let (ids, mut problems) = self.desk.story_ids()?;
        // Checking every story's files is tens of thousands of system calls;
        // do it on a second thread while this one reads the cache.
        let (keys, mut cached) = std::thread::scope(|scope| {
            let stat = scope.spawn(|| {
                ids.iter()
                    .map(|id| StoryKey::of(&self.desk.story_dir(id), self.with_article))
                    .collect::<Vec<_>>()
            });
            *buf = fs::read(self.path()).unwrap_or_default();
            let buf: &'b Vec<u8> = buf;
            let cached = self.read::<T>(buf);
            (stat.join().unwrap_or_default(), cached)
        });
        let mut dirty = cached.len() != ids.len() || keys.len() != ids.len();
        let mut out = Vec::with_capacity(ids.len());
        let mut fresh_keys = Vec::with_capacity(ids.len());
        for (id, key) in ids.into_iter().zip(keys) {
            let hit = cached
                .remove(id.as_str())
                .filter(|(k, _)| Some(*k) == key)
                .map(|(_, v)| v);
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
                        key: (*key)?,
                        value,
                    })
                })
                .collect();
            self.write(entries);
        }
        Ok((out, problems))
    }
}
