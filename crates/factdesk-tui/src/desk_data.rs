//! The desk-wide data the screens share, loaded when first needed: the
//! source registry and the archive (the index of every claim, opened or
//! built on a thread), which the archive screen searches and "seen before"
//! looks claims up in. Nothing here holds the desk's claims in memory: a
//! search brings the page of hits it shows.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError};
use std::time::Duration;

use crate::seen::SeenBefore;
use crate::sync_state::SyncState;
use factdesk_core::archive::{Archive, Found};
use factdesk_core::error::Error;
use factdesk_core::model::{ClaimOrder, SourceRegistry, Story};
use factdesk_core::query::Query;
use factdesk_core::registry::Usage;
use factdesk_core::slug::{SourceId, StoryId};
use factdesk_core::store::{Desk, Stored, StorySummary};
use factdesk_core::text::first_line;

/// How long the desk screen waits for the archive before it is drawn
/// without it (a first build of a big desk takes a while).
const ARCHIVE_WAIT: Duration = Duration::from_millis(300);

/// The archive being opened (or built) on a thread, and how far it got.
struct Opening {
    job: Receiver<Result<Archive, String>>,
    /// Stories done, of.
    progress: Arc<(AtomicUsize, AtomicUsize)>,
}

#[derive(Default)]
pub struct DeskData {
    /// `sources.ron`; `None` when it could not be read.
    pub sources: Option<Stored<SourceRegistry>>,
    archive: Option<Archive>,
    opening: Option<Opening>,
    /// Why the archive could not be opened.
    archive_error: Option<String>,
    /// The desk changed since the archive last looked (a sync, an import):
    /// it takes the changes in before the next search.
    stale: bool,
    /// Counts the archive's changes: whoever keeps hits knows when to
    /// search again.
    generation: u64,
    /// Stories that could not be read, as the archive last said.
    problems: Vec<String>,
    /// Every story's stamps checked once since the screen started (edits
    /// made by other programs; see `factdesk_core::archive` `fresh`).
    verified: bool,
    /// That check, on its thread: the stories it found changed.
    verifying: Option<Receiver<Vec<StoryId>>>,
    /// Whether slow work runs on another thread (the real screen) or at
    /// once (tests, which want a deterministic state).
    background: bool,
    /// The story screen's claim order as last chosen here; the desk's
    /// setting until then.
    claim_order: Option<ClaimOrder>,
    /// The desk's sync with its shared repository.
    pub sync: SyncState,
}

impl std::fmt::Debug for DeskData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeskData")
            .field("archive", &self.archive.is_some())
            .field("generation", &self.generation)
            .finish_non_exhaustive()
    }
}

impl DeskData {
    pub fn set_background(&mut self, on: bool) {
        self.background = on;
    }

    pub fn background(&self) -> bool {
        self.background
    }

    /// Read `sources.ron` again (forgotten when it cannot be read).
    pub fn reload_sources(&mut self, desk: &Desk) -> Result<(), Error> {
        match desk.load_sources() {
            Ok(s) => {
                self.sources = Some(s);
                Ok(())
            }
            Err(e) => {
                self.sources = None;
                Err(e)
            }
        }
    }

    pub fn claim_order(&self, desk: &Desk) -> ClaimOrder {
        self.claim_order.unwrap_or(desk.settings.claim_order)
    }

    /// Order claims `order` from now on, and remember it in the desk's
    /// settings for the next time.
    pub fn set_claim_order(&mut self, desk: &Desk, order: ClaimOrder) -> Result<(), Error> {
        self.claim_order = Some(order);
        desk.remember_claim_order(order)
    }

    pub fn registry(&self) -> Option<&SourceRegistry> {
        self.sources.as_ref().map(|s| &s.value)
    }

    pub fn problems(&self) -> &[String] {
        &self.problems
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Open the archive unless it is open (or on its way): on a thread for
    /// the real screen, where a first build of a big desk takes a while.
    pub fn ensure_archive(&mut self, desk: &Desk) {
        if self.archive.is_some() || self.opening.is_some() || self.archive_error.is_some() {
            return;
        }
        if !self.background {
            self.opened(Archive::open(desk).map_err(|e| e.to_string()));
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let progress = Arc::new((AtomicUsize::new(0), AtomicUsize::new(0)));
        let (for_thread, shared) = (desk.clone(), progress.clone());
        let spawned = std::thread::Builder::new()
            .name("archive".into())
            .spawn(move || {
                let opened = Archive::open_with(&for_thread, &mut |done, of| {
                    shared.0.store(done, Ordering::Relaxed);
                    shared.1.store(of, Ordering::Relaxed);
                });
                let warm = opened.is_ok();
                let _ = tx.send(opened.map_err(|e| e.to_string()));
                // The first search of the day should not wait for the disk.
                if warm {
                    factdesk_core::archive::warm(&for_thread);
                }
            });
        match spawned {
            Ok(_) => {
                self.opening = Some(Opening { job: rx, progress });
            }
            // No thread to be had: open it here, late rather than never.
            Err(_) => self.opened(Archive::open(desk).map_err(|e| e.to_string())),
        }
    }

    /// At start-up, on the real screen: open the archive and wait a
    /// moment for it, so that a desk whose index exists shows its stories
    /// in the first frame (a first build of a big desk is not waited for).
    pub fn open_at_start(&mut self, desk: &Desk) {
        self.ensure_archive(desk);
        self.receive_archive(ARCHIVE_WAIT);
    }

    fn opened(&mut self, archive: Result<Archive, String>) {
        match archive {
            Ok(a) => {
                self.problems = problem_lines(&a);
                self.archive = Some(a);
                self.archive_error = None;
            }
            Err(e) => self.archive_error = Some(first_line(&e)),
        }
        self.generation += 1;
    }

    /// Take the archive opened on its thread once it is ready; true when
    /// it arrived (the screens search again).
    pub fn poll_archive(&mut self) -> bool {
        if let Some(rx) = &self.verifying {
            match rx.try_recv() {
                Ok(stale) => {
                    self.verifying = None;
                    // Stat-ed again, and read under the index's lock.
                    let taken = self.archive.as_mut().map(|a| a.verify(&stale));
                    if let Some(Ok(true)) = taken {
                        // The problems and the rest brought up to date.
                        self.stale = true;
                        self.generation += 1;
                        return true;
                    }
                }
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => self.verifying = None,
            }
        }
        self.receive_archive(Duration::ZERO)
    }

    /// Wait up to `wait` for the archive opened on its thread; true when
    /// it arrived (or its thread ended without it).
    fn receive_archive(&mut self, wait: Duration) -> bool {
        let Some(opening) = &self.opening else {
            return false;
        };
        let opened = match opening.job.recv_timeout(wait) {
            Ok(opened) => opened,
            Err(RecvTimeoutError::Timeout) => return false,
            Err(RecvTimeoutError::Disconnected) => Err("the archive's thread ended".into()),
        };
        self.opening = None;
        self.opened(opened);
        true
    }

    /// While the archive is being built: stories done, of.
    pub fn indexing(&self) -> Option<(usize, usize)> {
        let o = self.opening.as_ref()?;
        Some((
            o.progress.0.load(Ordering::Relaxed),
            o.progress.1.load(Ordering::Relaxed),
        ))
    }

    /// Why the archive could not be opened.
    pub fn archive_error(&self) -> Option<&str> {
        self.archive_error.as_deref()
    }

    /// The archive, current with the desk; `None` while it is opened.
    fn archive(&mut self, desk: &Desk) -> Option<&mut Archive> {
        self.ensure_archive(desk);
        if self.stale {
            self.stale = false;
            if let Some(a) = self.archive.as_mut() {
                if let Err(e) = a.refresh() {
                    self.archive_error = Some(first_line(&e.to_string()));
                }
                self.problems = problem_lines(a);
                self.generation += 1;
            }
        }
        self.archive.as_mut()
    }

    /// Every story the archive holds, newest first, and the stories that
    /// could not be read. On the real screen the archive is opened for
    /// it (a few tens of milliseconds on 40,000 stories, where stat-ing
    /// every story file takes most of a second and reading them cold half
    /// a minute): none while a first build runs, which the screen says.
    /// `None` when the archive cannot be had, or (in tests) is not open:
    /// the desk screen then reads the story files' summaries.
    pub fn stories(&mut self, desk: &Desk) -> Option<(Vec<StorySummary>, Vec<String>)> {
        let was_open = self.archive.is_some();
        if self.background {
            self.ensure_archive(desk);
            self.receive_archive(Duration::ZERO);
            if self.opening.is_some() {
                return Some((Vec::new(), Vec::new()));
            }
        }
        self.archive.as_ref()?;
        // Whatever changed since it was opened (a save, an import,
        // another program): the catalog is brought up to date first.
        if was_open {
            self.stale = true;
        }
        let stories = self.archive(desk)?.newest(usize::MAX);
        // Edits made by other programs while the screen was closed show
        // once every story's stamps are checked, on a thread.
        self.verify_in_background();
        Some((stories, self.problems.clone()))
    }

    /// The first `limit` claims matching `q` (highlights for the first
    /// `highlight`), and how many match; empty while the archive opens.
    pub fn search(&mut self, desk: &Desk, q: &Query, limit: usize, highlight: usize) -> Found {
        let Some(a) = self.archive(desk) else {
            return Found::default();
        };
        match a.search(q, limit, highlight) {
            Ok(found) => found,
            Err(e) => {
                // Damaged under us: built anew at the next look.
                self.archive_error = Some(first_line(&e.to_string()));
                self.archive = None;
                Found::default()
            }
        }
    }

    /// How many claims the desk has.
    pub fn claim_count(&self) -> u64 {
        self.archive.as_ref().map_or(0, Archive::claims)
    }

    /// Check every story file against the index once (edits made by
    /// other programs), on a thread; the next search takes what it found.
    pub fn verify_in_background(&mut self) {
        if self.verified || self.archive.is_none() {
            return;
        }
        self.verified = true;
        if !self.background {
            if let Some(a) = self.archive.as_mut()
                && a.verify_all().is_ok_and(|n| n > 0)
            {
                self.generation += 1;
            }
            return;
        }
        let Some(check) = self.archive.as_ref().map(Archive::stamp_check) else {
            return;
        };
        let (tx, rx) = std::sync::mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("archive-check".into())
            .spawn(move || {
                let _ = tx.send(check.run());
            });
        if spawned.is_ok() {
            self.verifying = Some(rx);
        }
    }

    /// The speakers the desk's claims name, with how many claims each,
    /// most named first; none while the archive opens.
    pub fn speakers(&mut self, desk: &Desk) -> Vec<(String, usize)> {
        self.archive(desk)
            .and_then(|a| a.speakers().ok())
            .unwrap_or_default()
    }

    /// How each source is used: the claims linking it, by stance and
    /// verdict (read through the archive, not kept).
    pub fn usage(&mut self, desk: &Desk) -> HashMap<SourceId, Usage> {
        let Some(a) = self.archive(desk) else {
            return HashMap::new();
        };
        a.rows()
            .map(|rows| factdesk_core::registry::usage(&rows))
            .unwrap_or_default()
    }

    /// The desk changed (a sync, an import, a source merge): the archive
    /// takes it in before the next search.
    pub fn rows_changed(&mut self) {
        self.stale = true;
        self.generation += 1;
    }

    /// `story` was edited and saved (its save updated the index): the
    /// archive sees it at the next search.
    pub fn story_changed(&mut self, _story: &Story) {
        // Its claims as saved, for "seen before" at once; the rest of
        // what changed (the journal, other programs) before the next
        // search.
        if let Some(a) = self.archive.as_mut() {
            a.reload();
        }
        self.stale = true;
        self.generation += 1;
    }

    /// Open the archive for "seen before" unless it is there (or on its
    /// way).
    pub fn ensure_similar(&mut self, desk: &Desk) {
        self.ensure_archive(desk);
    }

    /// Whether the archive is being opened on another thread.
    pub fn building(&self) -> bool {
        self.opening.is_some()
    }

    /// Whether a thread's result is awaited (the archive being opened, or
    /// every story's stamps being checked).
    pub fn busy(&self) -> bool {
        self.opening.is_some() || self.verifying.is_some()
    }

    /// Take the archive once it is ready; true when it arrived.
    pub fn poll_similar(&mut self, _open: Option<&Story>) -> bool {
        self.poll_archive()
    }

    /// The earlier verdict a claim of `story` worded `text` repeats.
    pub fn seen_before(&self, story: &StoryId, text: &str) -> Option<SeenBefore> {
        let a = self.archive.as_ref()?;
        let (row, m) = a
            .similar(story, text, factdesk_core::similar::THRESHOLD, 1)
            .ok()?
            .into_iter()
            .next()?;
        let compared = factdesk_core::similar::compare(text, &row.text);
        Some(SeenBefore {
            story: row.story.clone(),
            claim: row.claim,
            headline: row.headline.clone(),
            date: row.date,
            verdict: row.verdict,
            text: row.text.clone(),
            sources: row.links(),
            why: m.why(6),
            score: compared.score,
            differences: compared.differences,
        })
    }
}

/// The stories the archive could not read, a line each.
fn problem_lines(a: &Archive) -> Vec<String> {
    a.problems()
        .iter()
        .map(|e| first_line(&e.to_string()))
        .collect()
}
