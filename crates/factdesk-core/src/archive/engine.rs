//! The archive's index on disk (`DESK/.cache/archive/`): opening it,
//! building it from the story files, and keeping it current.
//!
//! The index is derived and safe to delete: a missing, damaged or
//! out-of-date one is rebuilt by whoever opens it next. Writers are
//! serialised by an OS lock on `DESK/.cache/archive/lock` (tantivy's own
//! writer lock fails rather than waits), which is also held while an index
//! is opened, so that a commit never removes segment files between a
//! reader's look at the index's list of them and its opening them. What
//! makes it current is in [`super::fresh`].

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tantivy::directory::MmapDirectory;
use tantivy::indexer::NoMergePolicy;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use super::catalog::{self, Catalog, Change, Entry, Packed};
use super::doc::{Fields, SCHEMA_VERSION, WORDS, analyzer};
use crate::error::{Error, Result};
use crate::ids::StoryId;
use crate::model::SourceRegistry;
use crate::store::cache::{CACHE_DIR, StoryKey};
use crate::store::dir::Dir;
use crate::store::{Desk, StoryDoc, StorySummary, atomic};

/// tantivy's folder inside `DESK/.cache/archive`.
const INDEX_DIR: &str = "index";

/// Memory for the indexing threads of a rebuild, and for one update.
const REBUILD_MEMORY: usize = 200_000_000;
const UPDATE_MEMORY: usize = 15_000_000;

/// Small segments (each update makes one) are merged once there are more
/// than this many.
const MAX_SMALL_SEGMENTS: usize = 8;
const SMALL_SEGMENT_DOCS: u32 = 20_000;

/// The archive: the index of every claim of the desk, and the catalog of
/// what it holds.
pub struct Archive {
    pub(crate) desk: Desk,
    pub(crate) index: Index,
    pub(crate) reader: IndexReader,
    pub(crate) fields: Fields,
    pub(crate) catalog: Catalog,
    /// `sources.ron`, for the names of linked sources.
    pub(crate) registry: SourceRegistry,
    /// Why `sources.ron` could not be read, when it could not.
    pub(crate) registry_problem: Option<String>,
    /// Built in memory for one command (a desk whose `.cache` cannot be
    /// written): nothing to keep current.
    pub(crate) in_memory: bool,
}

/// The index lock, released when dropped (or when its process dies).
pub(crate) struct IndexLock {
    _file: std::fs::File,
}

/// Take the index lock: waiting up to `wait` for another writer, or not
/// at all. `Ok(None)`: busy.
pub(crate) fn lock(dir: &Dir, wait: Duration) -> Result<Option<IndexLock>> {
    use rustix::fs::{FlockOperation, flock};
    let file = dir
        .open_rw(catalog::LOCK, 0o644)
        .map_err(|e| Error::io(dir.join(catalog::LOCK), e))?;
    let start = Instant::now();
    loop {
        match flock(&file, FlockOperation::NonBlockingLockExclusive) {
            Ok(()) => return Ok(Some(IndexLock { _file: file })),
            Err(rustix::io::Errno::WOULDBLOCK) if start.elapsed() < wait => {
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(rustix::io::Errno::WOULDBLOCK) => return Ok(None),
            Err(e) => return Err(Error::io(dir.join(catalog::LOCK), e.into())),
        }
    }
}

/// How long a reader waits for another process's update or rebuild.
pub(crate) const READER_WAIT: Duration = Duration::from_secs(600);

fn index_error(desk: &Desk, e: impl std::fmt::Display) -> Error {
    Error::Invalid {
        path: index_path(desk),
        why: format!("the archive's index: {e}"),
    }
}

/// The index's files a search reads besides the stored rows: terms,
/// postings, field norms, fast fields (tantivy's file extensions).
const SEARCHED: [&str; 4] = ["term", "idx", "fieldnorm", "fast"];

/// Ask the kernel to read the files a search reads into its page cache,
/// for the screen after a cold start: the first letters of a search there
/// read them from disk, about a second on 40,000 stories, where the same
/// keystroke takes 20 ms once they are cached. Nothing is mapped or kept,
/// so the process's memory does not grow; the stored rows (four times
/// the rest) are left to be read as hits are shown. Slow only while the
/// disk is busy: for a thread of its own.
pub fn warm(desk: &Desk) {
    let Ok(dir) = catalog::folder(desk).and_then(|d| d.sub(INDEX_DIR)) else {
        return;
    };
    for (name, kind) in dir.entries().unwrap_or_default() {
        let name = name.to_string_lossy();
        let searched = name
            .rsplit_once('.')
            .is_some_and(|(_, ext)| SEARCHED.contains(&ext));
        if kind != crate::store::dir::Kind::File || !searched {
            continue;
        }
        #[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
        if let Ok(Some((file, _))) = dir.open_file(&name) {
            let _ = rustix::fs::fadvise(&file, 0, None, rustix::fs::Advice::WillNeed);
        }
    }
}

fn index_path(desk: &Desk) -> PathBuf {
    desk.root()
        .join(CACHE_DIR)
        .join(catalog::ARCHIVE_DIR)
        .join(INDEX_DIR)
}

/// A new name for a rebuilt index: the catalog and the index's commits
/// carry it, so a catalog is never read against another index.
fn new_epoch() -> String {
    format!(
        "{SCHEMA_VERSION}-{}-{}",
        atomic::now_ns(),
        std::process::id()
    )
}

/// The stamps and summary of a story about to be read: stamps first, so a
/// change made while it is read shows as a stale stamp next time.
pub(crate) fn entry_of(doc: &StoryDoc, key: Option<StoryKey>, taken: i64) -> Entry {
    Entry {
        key: key.filter(|k| !k.racy(taken)),
        summary: Some(Packed::of(&StorySummary::of(doc.story()))),
        problem: None,
        words: super::doc::word_counts(doc.story()),
    }
}

impl Archive {
    /// The desk's archive, built or brought up to date first (see
    /// [`super::fresh`]); `progress` hears of a rebuild's stories (done,
    /// of).
    pub fn open_with(desk: &Desk, progress: &mut dyn FnMut(usize, usize)) -> Result<Archive> {
        let dir = catalog::folder(desk)?;
        let held = lock(&dir, READER_WAIT)?;
        let opened = Archive::open_locked(desk, &dir);
        let mut archive = match opened {
            Some(a) => a,
            None => Archive::rebuild_locked(desk, &dir, progress)?,
        };
        archive.refresh_locked(&dir)?;
        drop(held);
        Ok(archive)
    }

    /// [`Archive::open_with`] without a progress report.
    pub fn open(desk: &Desk) -> Result<Archive> {
        Archive::open_with(desk, &mut |_, _| {})
    }

    /// The index as it is, if it is whole and of this version, with its
    /// catalog. Anything wrong: `None`, and the caller rebuilds.
    pub(crate) fn open_locked(desk: &Desk, dir: &Dir) -> Option<Archive> {
        let catalog = catalog::read(dir)?;
        let directory = MmapDirectory::open(index_path(desk)).ok()?;
        let index = Index::open(directory).ok()?;
        let payload = index.load_metas().ok()?.payload;
        if payload.as_deref() != Some(catalog.epoch.as_str()) || catalog.epoch.is_empty() {
            return None;
        }
        let (schema, fields) = Fields::schema();
        if index.schema() != schema {
            return None;
        }
        Archive::with(desk, index, fields, catalog).ok()
    }

    fn with(desk: &Desk, index: Index, fields: Fields, catalog: Catalog) -> Result<Archive> {
        index.tokenizers().register(WORDS, analyzer());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| index_error(desk, e))?;
        let (registry, registry_problem) = match desk.load_sources() {
            Ok(r) => (r.value, None),
            Err(e) => (SourceRegistry::default(), Some(e.to_string())),
        };
        Ok(Archive {
            desk: desk.clone(),
            index,
            reader,
            fields,
            catalog,
            registry,
            registry_problem,
            in_memory: false,
        })
    }

    /// The archive of a desk whose `.cache` cannot be written (a read-only
    /// copy, a `.cache` that is a file): built in memory from every story
    /// file for this one use, so it searches and ranks as on disk.
    pub fn in_memory(desk: &Desk) -> Result<Archive> {
        let (schema, fields) = Fields::schema();
        let index = Index::create_in_ram(schema);
        index.tokenizers().register(WORDS, analyzer());
        let mut writer: IndexWriter<TantivyDocument> = index
            .writer_with_num_threads(1, REBUILD_MEMORY / 4)
            .map_err(|e| index_error(desk, e))?;
        let taken = atomic::now_ns();
        let (ids, _) = desk.story_ids()?;
        let mut stories = BTreeMap::new();
        for id in ids {
            if let Some(e) = index_one(desk, &fields, &writer, &id, taken) {
                stories.insert(id, e);
            }
        }
        writer.commit().map_err(|e| index_error(desk, e))?;
        let catalog = Catalog::of("memory".into(), None, stories);
        let mut archive = Archive::with(desk, index, fields, catalog)?;
        archive.in_memory = true;
        Ok(archive)
    }

    /// Build the index anew from every story file, whatever is there.
    pub fn rebuild(desk: &Desk, progress: &mut dyn FnMut(usize, usize)) -> Result<Archive> {
        let dir = catalog::folder(desk)?;
        let held = lock(&dir, READER_WAIT)?;
        let mut archive = Archive::rebuild_locked(desk, &dir, progress)?;
        archive.refresh_locked(&dir)?;
        drop(held);
        Ok(archive)
    }

    pub(crate) fn rebuild_locked(
        desk: &Desk,
        dir: &Dir,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Archive> {
        // The journal's stories are all read anew below.
        catalog::take_journal(dir);
        let path = index_path(desk);
        if dir.meta(INDEX_DIR)?.is_some() {
            std::fs::remove_dir_all(&path).map_err(|e| Error::io(&path, e))?;
        }
        dir.sub_or_create(INDEX_DIR)?;
        let (schema, fields) = Fields::schema();
        let directory = MmapDirectory::open(&path).map_err(|e| index_error(desk, e))?;
        let index = Index::create(directory, schema, tantivy::IndexSettings::default())
            .map_err(|e| index_error(desk, e))?;
        index.tokenizers().register(WORDS, analyzer());
        let stories_dir = catalog::stories_stamp(desk);
        let taken = atomic::now_ns();
        let (ids, _) = desk.story_ids()?;
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        let mut writer: IndexWriter<TantivyDocument> = index
            .writer_with_num_threads(threads, REBUILD_MEMORY)
            .map_err(|e| index_error(desk, e))?;
        let done = AtomicUsize::new(0);
        let total = ids.len();
        let chunk = ids.len().div_ceil(threads).max(1);
        let entries: Vec<(StoryId, Entry)> = std::thread::scope(|scope| {
            let workers: Vec<_> = ids
                .chunks(chunk)
                .map(|part| {
                    let (writer, done) = (&writer, &done);
                    scope.spawn(move || {
                        let mut out = Vec::with_capacity(part.len());
                        for id in part {
                            let e = index_one(desk, &fields, writer, id, taken);
                            done.fetch_add(1, Ordering::Relaxed);
                            if let Some(e) = e {
                                out.push((id.clone(), e));
                            }
                        }
                        out
                    })
                })
                .collect();
            while workers.iter().any(|w| !w.is_finished()) {
                progress(done.load(Ordering::Relaxed), total);
                std::thread::sleep(Duration::from_millis(50));
            }
            workers
                .into_iter()
                .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        });
        progress(total, total);
        let epoch = new_epoch();
        let mut prepared = writer.prepare_commit().map_err(|e| index_error(desk, e))?;
        prepared.set_payload(&epoch);
        prepared.commit().map_err(|e| index_error(desk, e))?;
        writer
            .wait_merging_threads()
            .map_err(|e| index_error(desk, e))?;
        let mut catalog = Catalog::of(epoch, stories_dir.filter(|s| !s.racy_dir(taken)), entries);
        catalog::write(desk, &mut catalog)?;
        Archive::with(desk, index, fields, catalog)
    }

    /// A writer for an update: one thread, no background merges (the
    /// process may end right after the commit).
    fn writer(&self) -> Result<IndexWriter<TantivyDocument>> {
        let writer = self
            .index
            .writer_with_num_threads(1, UPDATE_MEMORY)
            .map_err(|e| index_error(&self.desk, e))?;
        writer.set_merge_policy(Box::new(NoMergePolicy));
        Ok(writer)
    }

    /// Index `stale` anew from their files and drop `removed`, committed
    /// together; the lock must be held. `stories_dir`: the folder's new
    /// stamp, when it was listed.
    pub(crate) fn update_locked(
        &mut self,
        stale: &[StoryId],
        removed: &[StoryId],
        stories_dir: Option<Option<crate::store::cache::Stamp>>,
    ) -> Result<()> {
        if stale.is_empty() && removed.is_empty() && stories_dir.is_none() {
            return Ok(());
        }
        let mut changes = Vec::new();
        if !stale.is_empty() || !removed.is_empty() {
            let mut writer = self.writer()?;
            let taken = atomic::now_ns();
            for id in removed {
                writer.delete_term(Term::from_field_text(self.fields.story, id.as_str()));
                changes.push(Change::Removed(id.clone()));
            }
            for id in stale {
                writer.delete_term(Term::from_field_text(self.fields.story, id.as_str()));
                match index_one(&self.desk, &self.fields, &writer, id, taken) {
                    Some(e) => changes.push(Change::Indexed(id.clone(), Box::new(e))),
                    None => changes.push(Change::Removed(id.clone())),
                }
            }
            self.commit(&mut writer)?;
        }
        if let Some(s) = stories_dir {
            changes.push(Change::StoriesDir(s));
        }
        catalog::log(&self.desk, &mut self.catalog, changes);
        Ok(())
    }

    fn commit(&mut self, writer: &mut IndexWriter<TantivyDocument>) -> Result<()> {
        commit(&self.desk, &self.index, writer, &self.catalog.epoch)?;
        self.reader.reload().map_err(|e| index_error(&self.desk, e))
    }

    /// The summaries of every indexed story, newest first (as
    /// [`Desk::summaries`] orders them), and the stories that could not be
    /// read.
    pub fn summaries(&self) -> (Vec<StorySummary>, Vec<Error>) {
        (self.newest(usize::MAX), self.problems())
    }

    /// The summaries of the `limit` newest stories: only those are
    /// decoded.
    pub fn newest(&self, limit: usize) -> Vec<StorySummary> {
        self.catalog.newest(limit)
    }

    /// How many stories have a summary (every story that could be read).
    pub fn summarised(&self) -> usize {
        self.catalog.summarised()
    }

    /// The stories that could not be read when they were indexed, and
    /// `sources.ron` if it could not be.
    pub fn problems(&self) -> Vec<Error> {
        self.catalog
            .problems()
            .into_iter()
            .chain(self.registry_problem.clone())
            .map(Error::Unreadable)
            .collect()
    }

    /// How many stories the index holds.
    pub fn stories(&self) -> usize {
        self.catalog.len()
    }

    /// How many claims it holds.
    pub fn claims(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// The index's size on disk, in bytes.
    pub fn size_on_disk(&self) -> u64 {
        let path = index_path(&self.desk);
        std::fs::read_dir(&path)
            .map(|rd| {
                rd.flatten()
                    .filter_map(|e| e.metadata().ok())
                    .map(|m| m.len())
                    .sum()
            })
            .unwrap_or(0)
    }
}

/// Commit with the catalog's `epoch`, and merge the small segments when
/// there are many.
fn commit(
    desk: &Desk,
    index: &Index,
    writer: &mut IndexWriter<TantivyDocument>,
    epoch: &str,
) -> Result<()> {
    let err = |e: tantivy::TantivyError| index_error(desk, e);
    let mut prepared = writer.prepare_commit().map_err(err)?;
    prepared.set_payload(epoch);
    prepared.commit().map_err(err)?;
    let small: Vec<_> = index
        .searchable_segment_metas()
        .map_err(err)?
        .into_iter()
        .filter(|m| m.num_docs() < SMALL_SEGMENT_DOCS)
        .map(|m| m.id())
        .collect();
    if small.len() > MAX_SMALL_SEGMENTS {
        writer.merge(&small).wait().map_err(err)?;
        let mut prepared = writer.prepare_commit().map_err(err)?;
        prepared.set_payload(epoch);
        prepared.commit().map_err(err)?;
        let _ = writer.garbage_collect_files().wait();
    }
    Ok(())
}

/// Index `doc` (just saved by this process, which holds its story lock,
/// so it is what the files hold) into the desk's index as it is, without
/// reading the catalog: what one `factdesk tag` costs. The lock must be
/// held. `Ok(false)`: there is no index of this version to update.
pub(crate) fn index_doc_quick(desk: &Desk, doc: &StoryDoc) -> Result<bool> {
    let Ok(directory) = MmapDirectory::open(index_path(desk)) else {
        return Ok(false);
    };
    let Ok(index) = Index::open(directory) else {
        return Ok(false);
    };
    let (schema, fields) = Fields::schema();
    let epoch = index.load_metas().ok().and_then(|m| m.payload);
    let Some(epoch) = epoch.filter(|e| !e.is_empty() && index.schema() == schema) else {
        return Ok(false);
    };
    index.tokenizers().register(WORDS, analyzer());
    let id = doc.story().id.clone();
    let key = StoryKey::of(&desk.story_dir(&id), true);
    let taken = atomic::now_ns();
    let mut writer: IndexWriter<TantivyDocument> = index
        .writer_with_num_threads(1, UPDATE_MEMORY)
        .map_err(|e| index_error(desk, e))?;
    writer.set_merge_policy(Box::new(NoMergePolicy));
    writer.delete_term(Term::from_field_text(fields.story, id.as_str()));
    for d in fields.docs(doc.story()) {
        writer.add_document(d).map_err(|e| index_error(desk, e))?;
    }
    commit(desk, &index, &mut writer, &epoch)?;
    catalog::append(
        desk,
        &epoch,
        vec![Change::Indexed(id, Box::new(entry_of(doc, key, taken)))],
    );
    Ok(true)
}

/// Add story `id`'s claims to the index from its files, and what the
/// catalog keeps of it; `None` when it is not there (any more).
fn index_one(
    desk: &Desk,
    fields: &Fields,
    writer: &IndexWriter<TantivyDocument>,
    id: &StoryId,
    taken: i64,
) -> Option<Entry> {
    let key = StoryKey::of(&desk.story_dir(id), true)?;
    match desk.load_story(id) {
        Ok(doc) => {
            for d in fields.docs(doc.story()) {
                // Fails only when the writer is gone, which the commit
                // reports.
                let _ = writer.add_document(d);
            }
            Some(entry_of(&doc, Some(key), taken))
        }
        Err(Error::UnknownStory(_)) => None,
        Err(e) => Some(Entry {
            key: Some(key).filter(|k| !k.racy(taken)),
            summary: None,
            problem: Some(e.to_string()),
            words: [0; 3],
        }),
    }
}
