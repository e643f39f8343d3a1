//! The desk-wide data the screens share, loaded when first needed: the
//! source registry, every claim of the desk as archive rows (with the
//! searcher over them), and the "seen before" index.

use std::sync::mpsc::{Receiver, TryRecvError};

use crate::seen::{SeenBefore, SimilarIndex};
use crate::sync_state::SyncState;
use factdesk_core::archive::{self, ClaimRow, Searcher};
use factdesk_core::error::Error;
use factdesk_core::model::{ClaimOrder, SourceRegistry, Story};
use factdesk_core::slug::StoryId;
use factdesk_core::store::{Desk, Stored};
use factdesk_core::text::first_line;

pub struct DeskData {
    /// `sources.ron`; `None` when it could not be read.
    pub sources: Option<Stored<SourceRegistry>>,
    rows: Vec<ClaimRow>,
    /// `rows` no longer reflect the desk (an edit was made since).
    rows_stale: bool,
    /// Counts the loads of `rows`: whoever keeps positions in them (the
    /// archive's hits) knows when they are out of date.
    generation: u64,
    /// The rows indexed once for the searches typed over them.
    searcher: Searcher,
    /// Stories that could not be read when the rows were loaded.
    problems: Vec<String>,
    similar: Option<SimilarIndex>,
    /// The "seen before" index being built on another thread: on a desk of
    /// years, reading every claim takes seconds, and a story must open at
    /// once.
    similar_job: Option<Receiver<SimilarIndex>>,
    /// Whether slow indexes are built on another thread (the real screen)
    /// or at once (tests, which want a deterministic state).
    background: bool,
    /// The story screen's claim order as last chosen here; the desk's
    /// setting until then.
    claim_order: Option<ClaimOrder>,
    /// The desk's sync with its shared repository.
    pub sync: SyncState,
}

impl Default for DeskData {
    fn default() -> DeskData {
        DeskData {
            sources: None,
            rows: Vec::new(),
            rows_stale: true,
            generation: 0,
            searcher: Searcher::new(),
            problems: Vec::new(),
            similar: None,
            similar_job: None,
            background: false,
            claim_order: None,
            sync: SyncState::default(),
        }
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

    pub fn rows(&self) -> &[ClaimRow] {
        &self.rows
    }

    /// The rows and the searcher over them, for a search.
    pub fn rows_and_searcher(&mut self) -> (&[ClaimRow], &mut Searcher) {
        (&self.rows, &mut self.searcher)
    }

    pub fn problems(&self) -> &[String] {
        &self.problems
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Load every claim of the desk again if an edit was made since.
    pub fn ensure_rows(&mut self, desk: &Desk) {
        if !self.rows_stale {
            return;
        }
        let (rows, problems) = archive::load(desk);
        self.rows = rows;
        self.searcher.prepare(&self.rows);
        self.problems = problems
            .iter()
            .map(|e| first_line(&e.to_string()))
            .collect();
        self.rows_stale = false;
        self.generation += 1;
    }

    /// The rows are out of date: they are loaded again when next needed.
    pub fn rows_changed(&mut self) {
        self.rows_stale = true;
    }

    /// `story` was edited: the rows are out of date, and the "seen before"
    /// index takes its claims anew in place.
    pub fn story_changed(&mut self, story: &Story) {
        self.rows_changed();
        if let Some(ix) = self.similar.as_mut() {
            ix.replace_story(story);
        }
    }

    /// Build the "seen before" index unless it is there (or on its way).
    pub fn ensure_similar(&mut self, desk: &Desk) {
        if self.similar.is_some() || self.similar_job.is_some() {
            return;
        }
        if !self.background {
            self.ensure_rows(desk);
            self.similar = Some(SimilarIndex::of_rows(&self.rows));
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let for_thread = desk.clone();
        let spawned = std::thread::Builder::new()
            .name("seen-before".into())
            .spawn(move || {
                let (rows, _) = archive::load(&for_thread);
                let _ = tx.send(SimilarIndex::of_rows(&rows));
            });
        match spawned {
            Ok(_) => self.similar_job = Some(rx),
            // No thread to be had: build it here, late rather than never.
            Err(_) => {
                self.ensure_rows(desk);
                self.similar = Some(SimilarIndex::of_rows(&self.rows));
            }
        }
    }

    /// Whether the "seen before" index is being built on another thread.
    pub fn building(&self) -> bool {
        self.similar_job.is_some()
    }

    /// Take the index built in the background once it is ready; true when
    /// it arrived. `open`, the story open on the screen, may have been
    /// edited while it was built: its claims are indexed anew.
    pub fn poll_similar(&mut self, open: Option<&Story>) -> bool {
        let Some(rx) = &self.similar_job else {
            return false;
        };
        match rx.try_recv() {
            Ok(mut ix) => {
                if let Some(story) = open {
                    ix.replace_story(story);
                }
                self.similar_job = None;
                self.similar = Some(ix);
                true
            }
            Err(TryRecvError::Empty) => false,
            Err(TryRecvError::Disconnected) => {
                self.similar_job = None;
                false
            }
        }
    }

    /// The earlier verdict a claim of `story` worded `text` repeats.
    pub fn seen_before(&self, story: &StoryId, text: &str) -> Option<SeenBefore> {
        self.similar.as_ref()?.seen_before(story, text)
    }
}
