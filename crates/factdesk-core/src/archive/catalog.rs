//! What the index holds, story by story: each indexed story's file stamps
//! (as the story files looked when it was indexed) and its summary (what
//! `factdesk list` prints), and the stamp of the `stories/` folder as it
//! was last listed. Kept beside the index in `DESK/.cache/archive/`:
//!
//! - `catalog`: the whole catalog, written when the index is rebuilt and
//!   when `catalog.log` grows long;
//! - `catalog.log`: the changes since, one checksummed record each,
//!   appended under the index lock as each update is committed;
//! - `journal`: ids of stories that factdesk saved, appended by every save
//!   (`StoryDoc::save`) whether or not it could update the index; the next
//!   reader of the index takes them in.
//!
//! Every file is derived: one that is damaged is dropped and the index
//! rebuilt or checked, never believed.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;

use crate::ids::StoryId;
use crate::store::StorySummary;
use crate::store::atomic;
use crate::store::cache::{CACHE_DIR, Stamp, StoryKey};
use crate::store::dir::Dir;
use crate::store::{Desk, STORIES_DIR};

/// The archive's folder in `DESK/.cache`.
pub(crate) const ARCHIVE_DIR: &str = "archive";
const CATALOG: &str = "catalog";
const LOG: &str = "catalog.log";
const JOURNAL: &str = "journal";
const JOURNAL_TAKEN: &str = "journal.taken";
pub(crate) const LOCK: &str = "lock";
const CURSOR: &str = "cursor";

/// Bump when the catalog's layout changes.
const FORMAT: u32 = 2;

/// Past this many records the log is folded into the catalog.
pub(crate) const LOG_FOLD: usize = 2_000;

/// The largest catalog file read (about 100 bytes a story).
const MAX_CATALOG: u64 = 1 << 30;

/// One indexed story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Entry {
    /// The stamps of its files when it was indexed; `None` when they
    /// were taken too close to a change to vouch for it (see
    /// [`StoryKey::racy`]): the next check indexes it again.
    pub key: Option<StoryKey>,
    /// `None` when the story could not be read; `problem` says why.
    pub summary: Option<StorySummary>,
    pub problem: Option<String>,
    /// The words its claims have in each text field (quote, speaker,
    /// note): the index's word statistics counted over the stories as
    /// they are, so a score never depends on what was deleted or how.
    pub words: [u64; 3],
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Catalog {
    /// Names the index this catalog describes (its commit payload).
    pub epoch: String,
    /// The `stories/` folder's stamp when its listing was last compared
    /// with the catalog; `None`: list it next time.
    pub stories_dir: Option<Stamp>,
    pub stories: BTreeMap<StoryId, Entry>,
    /// Records in the log file, not in `catalog`.
    #[serde(skip)]
    pub logged: usize,
}

/// One change to the catalog, as the log records it.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) enum Change {
    Indexed(StoryId, Box<Entry>),
    Removed(StoryId),
    StoriesDir(Option<Stamp>),
}

impl Catalog {
    /// The words of every indexed story, per text field.
    pub fn words(&self) -> [u64; 3] {
        let mut total = [0u64; 3];
        for e in self.stories.values() {
            for (t, n) in total.iter_mut().zip(e.words) {
                *t += n;
            }
        }
        total
    }

    fn apply(&mut self, change: Change) {
        match change {
            Change::Indexed(id, e) => {
                self.stories.insert(id, *e);
            }
            Change::Removed(id) => {
                self.stories.remove(&id);
            }
            Change::StoriesDir(s) => self.stories_dir = s,
        }
    }
}

/// The archive's folder, made if missing (with the `.gitignore` that keeps
/// `.cache` out of a desk's history); never through a link.
pub(crate) fn folder(desk: &Desk) -> crate::error::Result<Dir> {
    let cache = Dir::open(desk.root())?.sub_or_create(CACHE_DIR)?;
    if let Ok(None) = cache.meta(".gitignore")
        && let Ok(mut f) = cache.create_new(".gitignore", 0o644)
    {
        let _ = f.write_all(b"*\n");
    }
    cache.sub_or_create(ARCHIVE_DIR)
}

/// A checksummed frame: length, checksum, payload.
fn frame(payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(payload.len() + 16);
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&atomic::checksum(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// The frames of `bytes`, up to the first damaged one.
fn frames(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = bytes;
    std::iter::from_fn(move || {
        let (len, after) = rest.split_first_chunk::<8>()?;
        let (sum, after) = after.split_first_chunk::<8>()?;
        let len = usize::try_from(u64::from_le_bytes(*len)).ok()?;
        if len > after.len() {
            rest = &[];
            return None;
        }
        let (payload, after) = after.split_at(len);
        if atomic::checksum(payload) != u64::from_le_bytes(*sum) {
            rest = &[];
            return None;
        }
        rest = after;
        Some(payload)
    })
}

#[derive(Serialize, Deserialize)]
struct File {
    format: u32,
    catalog: Catalog,
}

/// The catalog with its log applied; `None` when there is none or it is
/// damaged (the index is then rebuilt).
pub(crate) fn read(dir: &Dir) -> Option<Catalog> {
    let (bytes, _) = dir
        .read(CATALOG, MAX_CATALOG, "the archive's catalog")
        .ok()??;
    let payload = frames(&bytes).next()?;
    let file: File = postcard::from_bytes(payload).ok()?;
    if file.format != FORMAT {
        return None;
    }
    let mut catalog = file.catalog;
    if let Ok(Some((log, _))) = dir.read(LOG, MAX_CATALOG, "the archive's catalog log") {
        for payload in frames(&log) {
            let Ok((epoch, change)) = postcard::from_bytes::<(String, Change)>(payload) else {
                break;
            };
            // A log left from an index since rebuilt says nothing of this one.
            if epoch != catalog.epoch {
                break;
            }
            catalog.apply(change);
            catalog.logged += 1;
        }
    }
    Some(catalog)
}

/// Write the whole catalog and empty the log.
pub(crate) fn write(desk: &Desk, catalog: &mut Catalog) -> crate::error::Result<()> {
    let file = File {
        format: FORMAT,
        catalog: catalog.clone(),
    };
    let payload = postcard::to_allocvec(&file).unwrap_or_default();
    let path = desk.root().join(CACHE_DIR).join(ARCHIVE_DIR).join(CATALOG);
    atomic::replace_unsynced(&path, 2, &frame(&payload))?;
    let _ = folder(desk)?.remove_file(LOG);
    catalog.logged = 0;
    Ok(())
}

/// Record `changes` (already committed to the index) in the log, folding
/// the log into the catalog when it has grown long.
pub(crate) fn log(desk: &Desk, catalog: &mut Catalog, changes: Vec<Change>) {
    if changes.is_empty() {
        return;
    }
    let n = changes.len();
    let bytes = framed(&catalog.epoch, &changes);
    for change in changes {
        catalog.apply(change);
    }
    catalog.logged += n;
    if catalog.logged > LOG_FOLD && write(desk, catalog).is_ok() {
        return;
    }
    if append_bytes(desk, &bytes).is_err() {
        // Without its log the catalog is older than the index: have the
        // next reader rebuild rather than trust it.
        catalog.epoch.clear();
        let _ = folder(desk).map(|d| d.remove_file(CATALOG));
    }
}

/// Record `changes` of the index named `epoch` without the catalog in
/// memory (one `tag`); the next reader folds the log.
pub(crate) fn append(desk: &Desk, epoch: &str, changes: Vec<Change>) {
    if append_bytes(desk, &framed(epoch, &changes)).is_err() {
        let _ = folder(desk).map(|d| d.remove_file(CATALOG));
    }
}

fn framed(epoch: &str, changes: &[Change]) -> Vec<u8> {
    let mut bytes = Vec::new();
    for change in changes {
        let payload = postcard::to_allocvec(&(epoch, change)).unwrap_or_default();
        bytes.extend(frame(&payload));
    }
    bytes
}

fn append_bytes(desk: &Desk, bytes: &[u8]) -> crate::error::Result<()> {
    let dir = folder(desk)?;
    let mut f = dir
        .open_append(LOG, 0o644)
        .map_err(|e| crate::error::Error::io(dir.join(LOG), e))?;
    f.write_all(bytes)
        .map_err(|e| crate::error::Error::io(dir.join(LOG), e))
}

/// Note that story `id` was saved: the next reader of the index indexes
/// it again. Best effort: a desk whose `.cache` cannot be written still
/// saves, and a story missing from the journal is still found stale by
/// its stamps.
pub(crate) fn note_saved(desk_root: &std::path::Path, id: &StoryId) {
    let Ok(dir) = Dir::open(desk_root)
        .and_then(|d| d.sub(CACHE_DIR))
        .and_then(|d| d.sub(ARCHIVE_DIR))
    else {
        // No index yet: the first search builds it from the files.
        return;
    };
    if let Ok(mut f) = dir.open_append(JOURNAL, 0o644) {
        // One write: appends of concurrent savers never interleave.
        let _ = f.write_all(format!("{id}\n").as_bytes());
    }
}

/// The stories noted in the journal since it was last taken (and not yet
/// cleared by [`clear_journal`]).
pub(crate) fn take_journal(dir: &Dir) -> Vec<StoryId> {
    // Renamed aside first: a save noted while we read lands in a new
    // journal, never in the one about to be cleared.
    if let Ok(Some(_)) = dir.meta(JOURNAL) {
        let _ = dir.rename(JOURNAL, JOURNAL_TAKEN);
    }
    let Ok(Some((bytes, _))) = dir.read(JOURNAL_TAKEN, MAX_CATALOG, "the archive's journal") else {
        return Vec::new();
    };
    let mut ids: Vec<StoryId> = String::from_utf8_lossy(&bytes)
        .lines()
        .filter_map(|l| StoryId::parse(l.trim()).ok())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// The journal taken is in the index now.
pub(crate) fn clear_journal(dir: &Dir) {
    let _ = dir.remove_file(JOURNAL_TAKEN);
}

/// Where the rolling check of stamps goes on from.
pub(crate) fn read_cursor(dir: &Dir) -> usize {
    dir.read(CURSOR, 64, "the archive's cursor")
        .ok()
        .flatten()
        .and_then(|(b, _)| std::str::from_utf8(&b).ok()?.trim().parse().ok())
        .unwrap_or(0)
}

pub(crate) fn write_cursor(desk: &Desk, at: usize) {
    let path = desk.root().join(CACHE_DIR).join(ARCHIVE_DIR).join(CURSOR);
    let _ = atomic::replace_unsynced(&path, 2, at.to_string().as_bytes());
}

/// The stamp of the desk's `stories/` folder.
pub(crate) fn stories_stamp(desk: &Desk) -> Option<Stamp> {
    Stamp::of(&desk.root().join(STORIES_DIR))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_stop_at_the_first_damaged_one() {
        let mut bytes = frame(b"one");
        bytes.extend(frame(b"two"));
        let good: Vec<&[u8]> = frames(&bytes).collect();
        assert_eq!(good, vec![&b"one"[..], &b"two"[..]]);
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        let good: Vec<&[u8]> = frames(&bytes).collect();
        assert_eq!(good, vec![&b"one"[..]]);
        bytes.truncate(5);
        assert_eq!(frames(&bytes).count(), 0);
    }
}
