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
const FORMAT: u32 = 4;

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
    pub summary: Option<Packed>,
    pub problem: Option<String>,
    /// The words its claims have in each text field (quote, speaker,
    /// note): the index's word statistics counted over the stories as
    /// they are, so a score never depends on what was deleted or how.
    pub words: [u64; 3],
}

/// A story's summary as its encoded bytes, decoded only when it is shown
/// (`list` shows a page of 40,000; a search shows none), and its place in
/// desk order as plain numbers, so the newest can be picked without
/// decoding the rest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Packed {
    /// Newest first sorts by these descending: the story's date (days
    /// from the common era; `i32::MIN` when it has none), then its import
    /// time (ns).
    pub order: (i32, i64),
    #[serde(with = "serde_bytes")]
    bytes: Vec<u8>,
}

impl Packed {
    pub fn of(s: &StorySummary) -> Packed {
        use chrono::Datelike;
        let date = s.date.map(|d| d.num_days_from_ce());
        let compact = Compact {
            id: s.id.as_str(),
            date,
            imported_at: (
                s.imported_at.timestamp(),
                s.imported_at.timestamp_subsec_nanos(),
            ),
            outlet: s.outlet.as_deref(),
            headline: &s.headline,
            counts: s.counts,
            assigned: s.assigned.as_deref(),
            conflicts: s.conflicts,
            review: s.review,
        };
        Packed {
            order: (
                date.unwrap_or(i32::MIN),
                s.imported_at.timestamp_nanos_opt().unwrap_or(i64::MIN),
            ),
            bytes: postcard::to_allocvec(&compact).unwrap_or_default(),
        }
    }
}

/// A summary as packed: its dates as numbers, since parsing them from
/// text (chrono's serde form) was a third of decoding every summary for
/// the desk screen. Written borrowed, read owned.
#[derive(Serialize, Deserialize)]
struct Compact<S, Id> {
    id: Id,
    /// Days from the common era.
    date: Option<i32>,
    /// Seconds and nanoseconds from the Unix epoch.
    imported_at: (i64, u32),
    outlet: Option<S>,
    headline: S,
    counts: crate::model::VerdictCounts,
    assigned: Option<S>,
    conflicts: usize,
    review: usize,
}

/// A summary from the bytes [`Packed::of`] wrote; `None` only for others
/// (a damaged catalog passes its checksum with odds of one in 2^64).
fn unpack(bytes: &[u8]) -> Option<StorySummary> {
    let c: Compact<String, StoryId> = postcard::from_bytes(bytes).ok()?;
    let date = match c.date {
        Some(days) => Some(chrono::NaiveDate::from_num_days_from_ce_opt(days)?),
        None => None,
    };
    Some(StorySummary {
        id: c.id,
        date,
        outlet: c.outlet,
        headline: c.headline,
        imported_at: chrono::DateTime::from_timestamp(c.imported_at.0, c.imported_at.1)?,
        counts: c.counts,
        assigned: c.assigned,
        conflicts: c.conflicts,
        review: c.review,
    })
}

/// A record's entry read in place up to its summary, which is borrowed
/// from the catalog file (the fields after it are not read).
#[derive(Deserialize)]
struct SummaryAt<'a> {
    _key: Option<StoryKey>,
    #[serde(borrow)]
    summary: Option<PackedAt<'a>>,
}

/// [`Packed`] borrowed from the catalog file.
#[derive(Deserialize)]
struct PackedAt<'a> {
    order: (i32, i64),
    bytes: &'a [u8],
}

/// What the index holds, read lazily: a command on a desk of 40,000
/// stories looks at the few stories it needs (its hits', a turn of the
/// rolling check, a page of `list`), so reading the catalog costs a
/// checksum of the mapped file and a scan of its record lengths, not
/// decoding every story.
#[derive(Debug, Default, Clone)]
pub(crate) struct Catalog {
    /// Names the index this catalog describes (its commit payload).
    pub epoch: String,
    /// The `stories/` folder's stamp when its listing was last compared
    /// with the catalog; `None`: list it next time.
    pub stories_dir: Option<Stamp>,
    /// The stories as the catalog file has them; shared by the copies
    /// a check on another thread takes, not mapped again for each.
    base: std::sync::Arc<Base>,
    /// What changed since (the log, this process's updates): `None`,
    /// removed.
    changed: BTreeMap<StoryId, Option<Entry>>,
    /// Stories, those of them with a summary, and their words per field,
    /// counting the changes.
    len: usize,
    summarised: usize,
    words: [u64; 3],
    /// Records in the log file, not in `catalog`.
    pub logged: usize,
}

/// The catalog file's stories: records `(StoryId, Entry)` in id order,
/// each decoded only when asked for.
#[derive(Debug, Default)]
struct Base {
    bytes: Bytes,
    /// The catalog file; where each record starts and ends in it, in id
    /// order.
    spans: Vec<(u32, u32)>,
    /// Positions (in `spans`) of the stories with a summary, newest first.
    newest: Vec<u32>,
    /// Positions of the stories that could not be read.
    problems: Vec<u32>,
}

/// The catalog file's bytes: mapped from the file as read (a command
/// then touches the pages it needs instead of copying 13 MB on a desk of
/// 40,000 stories), or in memory as just encoded.
enum Bytes {
    Owned(Vec<u8>),
    Mapped(memmap2::Mmap),
}

impl Default for Bytes {
    fn default() -> Bytes {
        Bytes::Owned(Vec::new())
    }
}

impl std::fmt::Debug for Bytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} bytes", self.len())
    }
}

impl std::ops::Deref for Bytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Owned(v) => v,
            Bytes::Mapped(m) => m,
        }
    }
}

/// Map the catalog file. The mapping is only ever of a file in place:
/// every writer replaces the catalog by renaming a new file over it
/// ([`atomic::replace_unsynced`]), so the mapped one is never changed or
/// cut short under a reader, which would fault.
fn map(dir: &Dir, name: &str) -> Option<Bytes> {
    let (file, meta) = dir.open_file(name).ok()??;
    if meta.len == 0 || meta.len > MAX_CATALOG {
        return None;
    }
    // SAFETY: see above; the file's length was checked, and what the map
    // holds is checked (frames, checksums) before anything is believed.
    let map = unsafe { memmap2::MmapOptions::new().populate().map(&file) }.ok()?;
    Some(Bytes::Mapped(map))
}

/// The catalog file's first frame.
#[derive(Serialize, Deserialize)]
struct Header {
    format: u32,
    epoch: String,
    stories_dir: Option<Stamp>,
    words: [u64; 3],
    /// Each record's length, in id order (the records are the second
    /// frame).
    lengths: Vec<u32>,
    newest: Vec<u32>,
    problems: Vec<u32>,
}

impl Base {
    fn record(&self, pos: usize) -> Option<&[u8]> {
        let &(from, to) = self.spans.get(pos)?;
        self.bytes.get(from as usize..to as usize)
    }

    /// The id of the record at `pos`, without decoding the rest.
    fn id_at(&self, pos: usize) -> Option<&str> {
        postcard::take_from_bytes::<&str>(self.record(pos)?)
            .ok()
            .map(|(id, _)| id)
    }

    fn entry_at(&self, pos: usize) -> Option<(StoryId, Entry)> {
        postcard::from_bytes(self.record(pos)?).ok()
    }

    /// The id and summary of the record at `pos`, borrowed from the file.
    fn summary_at(&self, pos: usize) -> Option<(&str, SummaryAt<'_>)> {
        postcard::take_from_bytes::<(&str, SummaryAt)>(self.record(pos)?)
            .ok()
            .map(|(at, _)| at)
    }

    fn position(&self, id: &str) -> Option<usize> {
        let mut bad = false;
        let found = self
            .spans
            .binary_search_by(|span| {
                let rec = self.bytes.get(span.0 as usize..span.1 as usize);
                match rec.and_then(|r| postcard::take_from_bytes::<&str>(r).ok()) {
                    Some((at, _)) => at.cmp(id),
                    None => {
                        bad = true;
                        std::cmp::Ordering::Less
                    }
                }
            })
            .ok();
        if bad { None } else { found }
    }

    fn len(&self) -> usize {
        self.spans.len()
    }
}

/// Desk order, newest first: date and import time descending, then id.
fn newest_first(a: (&(i32, i64), &str), b: (&(i32, i64), &str)) -> std::cmp::Ordering {
    (b.0, a.1).cmp(&(a.0, b.1))
}

impl Catalog {
    /// A catalog of `stories`, not yet written.
    pub fn of(
        epoch: String,
        stories_dir: Option<Stamp>,
        stories: impl IntoIterator<Item = (StoryId, Entry)>,
    ) -> Catalog {
        let mut c = Catalog {
            epoch,
            stories_dir,
            ..Catalog::default()
        };
        for (id, e) in stories {
            c.apply(Change::Indexed(id, Box::new(e)));
        }
        c
    }

    /// How many stories it holds.
    pub fn len(&self) -> usize {
        self.len
    }

    /// The words of every indexed story, per text field.
    pub fn words(&self) -> [u64; 3] {
        self.words
    }

    /// Story `id` as indexed.
    pub fn get(&self, id: &StoryId) -> Option<Entry> {
        match self.changed.get(id) {
            Some(e) => e.clone(),
            None => {
                let pos = self.base.position(id.as_str())?;
                self.base.entry_at(pos).map(|(_, e)| e)
            }
        }
    }

    /// Every indexed story's id, in order.
    pub fn ids(&self) -> impl Iterator<Item = StoryId> + '_ {
        let base = (0..self.base.len()).filter_map(|pos| {
            let id = self.base.id_at(pos)?;
            StoryId::parse(id).ok()
        });
        Merged {
            base: base.peekable(),
            changed: self.changed.iter().peekable(),
        }
        .filter_map(|(id, present)| present.then_some(id))
    }

    /// A turn of the rolling check of stamps: the ids of `n` stories from
    /// position `from` of the catalog file on (wrapping round), with the
    /// stories indexed since it was written when the turn passes its end;
    /// and where the next turn starts. Reads `n` ids where they lie, not
    /// every id before them.
    pub fn turn(&self, from: usize, n: usize) -> (Vec<StoryId>, usize) {
        let base = self.base.len();
        let present = |e: &Option<Entry>| e.is_some();
        if base == 0 {
            let ids = self.changed.iter().filter(|(_, e)| present(e));
            return (ids.map(|(id, _)| id.clone()).collect(), 0);
        }
        let from = from % base;
        let n = n.min(base);
        let mut out: Vec<StoryId> = (from..from + n)
            .filter_map(|pos| StoryId::parse(self.base.id_at(pos % base)?).ok())
            .filter(|id| !matches!(self.changed.get(id), Some(None)))
            .collect();
        if from + n >= base {
            out.extend(
                self.changed
                    .iter()
                    .filter(|(id, e)| present(e) && self.base.position(id.as_str()).is_none())
                    .map(|(id, _)| id.clone()),
            );
        }
        (out, (from + n) % base)
    }

    /// Every indexed story, in id order, decoded.
    fn entries(&self) -> Vec<(StoryId, Entry)> {
        let mut out = Vec::with_capacity(self.len);
        let mut changed = self.changed.iter().peekable();
        for pos in 0..self.base.len() {
            let Some((id, e)) = self.base.entry_at(pos) else {
                continue;
            };
            while let Some((cid, ce)) = changed.next_if(|(cid, _)| **cid < id) {
                if let Some(ce) = ce {
                    out.push((cid.clone(), ce.clone()));
                }
            }
            match changed.next_if(|(cid, _)| **cid == id) {
                Some((_, Some(ce))) => out.push((id, ce.clone())),
                Some((_, None)) => {}
                None => out.push((id, e)),
            }
        }
        out.extend(changed.filter_map(|(id, e)| e.as_ref().map(|e| (id.clone(), e.clone()))));
        out
    }

    /// The summaries of the `limit` newest stories, newest first; only
    /// those are decoded.
    pub fn newest(&self, limit: usize) -> Vec<StorySummary> {
        let mut changed: Vec<(&str, (i32, i64), &[u8])> = self
            .changed
            .iter()
            .filter_map(|(id, e)| {
                let p = e.as_ref()?.summary.as_ref()?;
                Some((id.as_str(), p.order, p.bytes.as_slice()))
            })
            .collect();
        changed.sort_by(|a, b| newest_first((&a.1, a.0), (&b.1, b.0)));
        let mut changed = changed.into_iter().peekable();
        // Read in place: the desk screen takes all 40,000, and copying
        // each record's id and summary bytes before decoding them was
        // most of the time it took.
        let mut base = self.base.newest.iter().filter_map(|&pos| {
            let (id, at) = self.base.summary_at(pos as usize)?;
            if self.changed.contains_key(id) {
                return None;
            }
            let p = at.summary?;
            Some((id, p.order, p.bytes))
        });
        let mut next_base = base.next();
        let mut out = Vec::new();
        while out.len() < limit {
            let take_changed = match (&next_base, changed.peek()) {
                (Some((bid, border, _)), Some((cid, corder, _))) => {
                    newest_first((corder, cid), (border, bid)) != std::cmp::Ordering::Greater
                }
                (None, Some(_)) => true,
                (Some(_), None) => false,
                (None, None) => break,
            };
            let bytes = if take_changed {
                changed.next().map(|(_, _, b)| b)
            } else {
                let b = next_base.take().map(|(_, _, b)| b);
                next_base = base.next();
                b
            };
            if let Some(s) = bytes.and_then(unpack) {
                out.push(s);
            }
        }
        out
    }

    /// Why each story that could not be read could not be.
    pub fn problems(&self) -> Vec<String> {
        let base = self.base.problems.iter().filter_map(|&pos| {
            let (id, e) = self.base.entry_at(pos as usize)?;
            if self.changed.contains_key(&id) {
                return None;
            }
            e.problem
        });
        let changed = self
            .changed
            .values()
            .filter_map(|e| e.as_ref()?.problem.clone());
        base.chain(changed).collect()
    }

    /// How many stories have a summary (could be read).
    pub fn summarised(&self) -> usize {
        self.summarised
    }

    fn apply(&mut self, change: Change) {
        let (id, new) = match change {
            Change::Indexed(id, e) => (id, Some(*e)),
            Change::Removed(id) => (id, None),
            Change::StoriesDir(s) => {
                self.stories_dir = s;
                return;
            }
        };
        if let Some(old) = self.get(&id) {
            self.len -= 1;
            self.summarised -= usize::from(old.summary.is_some());
            for (t, n) in self.words.iter_mut().zip(old.words) {
                *t = t.saturating_sub(n);
            }
        }
        if let Some(e) = &new {
            self.len += 1;
            self.summarised += usize::from(e.summary.is_some());
            for (t, n) in self.words.iter_mut().zip(e.words) {
                *t += n;
            }
        }
        self.changed.insert(id, new);
    }

    /// The catalog file's bytes; the catalog then reads from them.
    fn encode(&mut self) -> Vec<u8> {
        let entries = self.entries();
        let mut bytes = Vec::new();
        let mut lengths = Vec::with_capacity(entries.len());
        let mut words = [0u64; 3];
        let mut order = Vec::new();
        let mut problems = Vec::new();
        for (pos, (id, e)) in entries.iter().enumerate() {
            let record = postcard::to_allocvec(&(id, e)).unwrap_or_default();
            lengths.push(record.len() as u32);
            bytes.extend(record);
            for (t, n) in words.iter_mut().zip(e.words) {
                *t += n;
            }
            if let Some(p) = &e.summary {
                order.push((p.order, id.as_str(), pos as u32));
            }
            if e.problem.is_some() {
                problems.push(pos as u32);
            }
        }
        order.sort_by(|a, b| newest_first((&a.0, a.1), (&b.0, b.1)));
        let header = Header {
            format: FORMAT,
            epoch: self.epoch.clone(),
            stories_dir: self.stories_dir,
            words,
            lengths,
            newest: order.into_iter().map(|(_, _, pos)| pos).collect(),
            problems,
        };
        let mut file = frame(&postcard::to_allocvec(&header).unwrap_or_default());
        file.extend(frame(&bytes));
        if let Some(c) = Catalog::decode(Bytes::Owned(file.clone())) {
            let logged = self.logged;
            *self = c;
            self.logged = logged;
        }
        file
    }

    /// A catalog file's bytes, kept as they are (the records are read
    /// where they lie); `None` when damaged or of another format.
    fn decode(file: Bytes) -> Option<Catalog> {
        let (header, start, records_len) = {
            let mut parts = frames(&file);
            let header: Header = postcard::from_bytes(parts.next()?).ok()?;
            let records = parts.next()?;
            // Where the records start in the file: frames are slices of it.
            let start = (records.as_ptr() as usize).checked_sub(file.as_ptr() as usize)?;
            (header, start, records.len())
        };
        if header.format != FORMAT {
            return None;
        }
        let mut spans = Vec::with_capacity(header.lengths.len());
        let mut at = u32::try_from(start).ok()?;
        for len in &header.lengths {
            let end = at.checked_add(*len)?;
            spans.push((at, end));
            at = end;
        }
        if at as usize != start + records_len {
            return None;
        }
        let n = spans.len();
        let summarised = header.newest.len();
        if header
            .newest
            .iter()
            .chain(&header.problems)
            .any(|&p| p as usize >= n)
        {
            return None;
        }
        Some(Catalog {
            epoch: header.epoch,
            stories_dir: header.stories_dir,
            base: std::sync::Arc::new(Base {
                bytes: file,
                spans,
                newest: header.newest,
                problems: header.problems,
            }),
            changed: BTreeMap::new(),
            len: n,
            summarised,
            words: header.words,
            logged: 0,
        })
    }
}

/// The base's ids merged with the changes: (id, whether it is there).
struct Merged<'a, B: Iterator<Item = StoryId>> {
    base: std::iter::Peekable<B>,
    changed: std::iter::Peekable<std::collections::btree_map::Iter<'a, StoryId, Option<Entry>>>,
}

impl<B: Iterator<Item = StoryId>> Iterator for Merged<'_, B> {
    type Item = (StoryId, bool);

    fn next(&mut self) -> Option<(StoryId, bool)> {
        match (self.base.peek(), self.changed.peek()) {
            (Some(b), Some((c, _))) if b < *c => self.base.next().map(|b| (b, true)),
            (Some(b), Some((c, _))) if b == *c => {
                self.base.next();
                self.changed.next().map(|(c, e)| (c.clone(), e.is_some()))
            }
            (_, Some(_)) => self.changed.next().map(|(c, e)| (c.clone(), e.is_some())),
            (Some(_), None) => self.base.next().map(|b| (b, true)),
            (None, None) => None,
        }
    }
}

/// One change to the catalog, as the log records it.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) enum Change {
    Indexed(StoryId, Box<Entry>),
    Removed(StoryId),
    StoriesDir(Option<Stamp>),
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

/// The catalog with its log applied; `None` when there is none or it is
/// damaged (the index is then rebuilt).
pub(crate) fn read(dir: &Dir) -> Option<Catalog> {
    let mut catalog = Catalog::decode(map(dir, CATALOG)?)?;
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
    let bytes = catalog.encode();
    let path = desk.root().join(CACHE_DIR).join(ARCHIVE_DIR).join(CATALOG);
    atomic::replace_unsynced(&path, 2, &bytes)?;
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

    fn entry() -> Entry {
        Entry {
            key: None,
            summary: None,
            problem: None,
            words: [1, 0, 0],
        }
    }

    fn id(s: &str) -> StoryId {
        StoryId::parse(s).unwrap()
    }

    #[test]
    fn a_summary_unpacks_as_it_was_packed() {
        let at = chrono::DateTime::from_timestamp(1_497_600_000, 123_456_789).unwrap();
        let mut s = StorySummary {
            id: id("2017-06-16-russia"),
            date: chrono::NaiveDate::from_ymd_opt(2017, 6, 16),
            outlet: Some("Reuters".into()),
            headline: "Russia said Friday…".into(),
            imported_at: at,
            counts: crate::model::VerdictCounts {
                pending: 1,
                confirmed: 2,
                unconfirmed: 3,
                disputed: 4,
            },
            assigned: Some("ana".into()),
            conflicts: 5,
            review: 6,
        };
        assert_eq!(unpack(&Packed::of(&s).bytes).as_ref(), Some(&s));
        // No date, and an import time past what nanoseconds since 1970 hold.
        s.date = None;
        s.outlet = None;
        s.assigned = None;
        s.imported_at = chrono::DateTime::from_timestamp(300_000_000_000, 7).unwrap();
        let p = Packed::of(&s);
        assert_eq!(p.order, (i32::MIN, i64::MIN));
        assert_eq!(unpack(&p.bytes).as_ref(), Some(&s));
        assert_eq!(unpack(b"not a summary"), None);
    }

    #[test]
    fn turns_cover_every_story_as_it_is_once_a_round() {
        let names = ["a", "b", "c", "d", "e", "f", "g"];
        let mut c = Catalog::of("epoch".into(), None, names.iter().map(|n| (id(n), entry())));
        c.encode();
        // Since the file was written: one story added, one removed.
        c.apply(Change::Indexed(id("ca"), Box::new(entry())));
        c.apply(Change::Removed(id("e")));
        let mut seen = std::collections::BTreeSet::new();
        let mut at = 0;
        for _ in 0..4 {
            let (ids, next) = c.turn(at, 2);
            seen.extend(ids);
            at = next;
        }
        let expected: Vec<StoryId> = c.ids().collect();
        assert_eq!(seen.iter().cloned().collect::<Vec<_>>(), expected);
        assert!(!seen.contains(&id("e")));
        // A turn longer than the desk is the whole desk, once.
        let (all, _) = c.turn(5, 100);
        let mut all_sorted = all.clone();
        all_sorted.sort();
        assert_eq!(all_sorted, expected);
        assert_eq!(all.len(), expected.len());
        // A cursor from a bigger desk still lands inside this one.
        let (some, next) = c.turn(1_000, 3);
        assert_eq!(&some[..3], &[id("g"), id("a"), id("b")]);
        assert_eq!(next, 2);
    }

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
