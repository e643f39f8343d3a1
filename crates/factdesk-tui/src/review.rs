//! State and operations of the review screens: the archive (every claim,
//! searchable), "seen before" on the story screen, the sources screen and
//! the history view. Drawing is in `archive_view` and `sources_view`.

use chrono::NaiveDate;
use std::collections::HashMap;

use crate::app::{App, Overlay, Screen, select_claim};
use crate::picker::SourceForm;
use crate::sanitize::one_line;
use factdesk_core::archive::{self, Hit};
use factdesk_core::model::{ClaimId, Verdict};
use factdesk_core::registry::{self, Usage};
use factdesk_core::similar;
use factdesk_core::slug::{SourceId, StoryId};

/// Where Esc on the story screen returns to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Back {
    Archive,
    Story(StoryId, ClaimId),
}

#[derive(Debug, Default)]
pub struct ArchiveState {
    /// The search line, in the `factdesk search` language.
    pub query: String,
    /// The search line has the keys.
    pub searching: bool,
    /// Why the search line does not parse; the last results stay.
    pub error: Option<String>,
    pub hits: Vec<Hit>,
    /// Position in `hits`.
    pub selected: usize,
    pub offset: usize,
    /// Stories that could not be read.
    pub problems: Vec<String>,
    /// The last search line that parsed: what the shown rows highlight.
    pub parsed: Option<factdesk_core::query::Query>,
}

/// A claim ruled on in another story whose wording the selected claim
/// repeats.
#[derive(Debug, Clone, PartialEq)]
pub struct SeenBefore {
    pub story: StoryId,
    pub claim: ClaimId,
    pub headline: String,
    pub date: Option<NaiveDate>,
    pub verdict: Verdict,
    /// "82% of words shared: …".
    pub why: String,
}

/// [`similar::Index`] over the ruled claims of the desk, built once from
/// the archive rows and kept up to date with the open story's edits.
#[derive(Debug, Clone, Default)]
pub struct SimilarIndex {
    pub index: similar::Index,
    /// What each indexed doc is; `None` once replaced by a later edit.
    pub docs: Vec<Option<SeenBefore>>,
    /// The docs of each story.
    pub by_story: HashMap<StoryId, Vec<usize>>,
}

impl SimilarIndex {
    /// The index of the ruled claims among `rows`.
    pub fn of_rows(rows: &[archive::ClaimRow]) -> SimilarIndex {
        let mut ix = SimilarIndex::default();
        for r in rows.iter().filter(|r| r.verdict != Verdict::Pending) {
            let seen = SeenBefore {
                story: r.story.clone(),
                claim: r.claim,
                headline: r.headline.clone(),
                date: r.date,
                verdict: r.verdict,
                why: String::new(),
            };
            ix.add(&r.text, seen);
        }
        ix
    }

    fn add(&mut self, text: &str, seen: SeenBefore) {
        let doc = self.index.add(text);
        self.by_story
            .entry(seen.story.clone())
            .or_default()
            .push(doc);
        self.docs.push(Some(seen));
    }

    /// Index the ruled claims of `story` afresh.
    pub fn replace_story(&mut self, story: &factdesk_core::model::Story) {
        for doc in self.by_story.remove(&story.id).unwrap_or_default() {
            self.docs[doc] = None;
        }
        for c in story
            .claims
            .iter()
            .filter(|c| c.verdict != Verdict::Pending)
        {
            let seen = SeenBefore {
                story: story.id.clone(),
                claim: c.id,
                headline: story.headline.clone(),
                date: story.date,
                verdict: c.verdict,
                why: String::new(),
            };
            self.add(&c.text, seen);
        }
    }
}

#[derive(Debug, Default)]
pub struct SourcesState {
    pub selected: usize,
    pub offset: usize,
    /// The source marked with `m`, to merge into the next one chosen.
    pub merging: Option<SourceId>,
    pub usage: HashMap<SourceId, Usage>,
}

/// The sources screen's form: a new source, or the edit of one.
#[derive(Debug, Clone)]
pub struct SourceEdit {
    pub form: SourceForm,
    /// The source edited; `None` for a new one.
    pub editing: Option<SourceId>,
}

/// The verdict after `v` in the archive's cycle.
pub fn next_verdict(v: Option<Verdict>) -> Option<Verdict> {
    match v {
        None => Some(Verdict::Pending),
        Some(Verdict::Pending) => Some(Verdict::Confirmed),
        Some(Verdict::Confirmed) => Some(Verdict::Unconfirmed),
        Some(Verdict::Unconfirmed) => Some(Verdict::Disputed),
        Some(Verdict::Disputed) => None,
    }
}

/// `query` with its `verdict:` filter replaced by `verdict` (or dropped).
/// Works on words, so a search line that does not parse keeps the rest of
/// what was typed as it was.
pub fn with_verdict(query: &str, verdict: Option<Verdict>) -> String {
    let mut words: Vec<&str> = query
        .split_whitespace()
        .filter(|w| !w.to_ascii_lowercase().starts_with("verdict:"))
        .collect();
    let v = verdict.map(|v| format!("verdict:{v}"));
    if let Some(v) = &v {
        words.push(v);
    }
    words.join(" ")
}

/// The verdict filter of the search line, when it parses.
pub fn query_verdict(query: &str) -> Option<Verdict> {
    factdesk_core::query::parse(query)
        .ok()
        .and_then(|q| q.verdict)
}

impl App {
    /// The rows are out of date: they are loaded again when next needed.
    /// The "seen before" index is updated in place instead.
    pub(crate) fn rows_changed(&mut self) {
        self.rows_stale = true;
        self.reindex_open_story();
    }

    /// Load every claim of the desk again if an edit was made since.
    pub fn ensure_rows(&mut self) {
        if !self.rows_stale {
            return;
        }
        let keep = self.selected_hit_key();
        let (rows, problems) = archive::load(&self.desk);
        self.rows = rows;
        // Index the rows once for the searches typed over them.
        self.searcher.prepare(&self.rows);
        self.archive.problems = problems.iter().map(|e| one_line(&e.to_string())).collect();
        self.rows_stale = false;
        // Hits index the old rows: search again, keeping the position.
        self.archive.hits.clear();
        self.research(false);
        if let Some((story, claim)) = keep
            && let Some(pos) = self.archive.hits.iter().position(|h| {
                let r = &self.rows[h.index];
                r.story == story && r.claim == claim
            })
        {
            self.archive.selected = pos;
        }
    }

    fn selected_hit_key(&self) -> Option<(StoryId, ClaimId)> {
        let h = self.archive.hits.get(self.archive.selected)?;
        let r = self.rows.get(h.index)?;
        Some((r.story.clone(), r.claim))
    }

    /// Run the search line over the rows. A line that does not parse
    /// leaves the last results and shows why.
    pub(crate) fn research(&mut self, reset: bool) {
        match factdesk_core::query::parse(&self.archive.query) {
            Ok(q) => {
                self.archive.error = None;
                // Highlights are found when rows are drawn: a one-letter
                // search has nearly every claim as a hit, and only a
                // screenful is ever seen.
                self.archive.hits = self.searcher.search_top(&self.rows, &q, 0);
                self.archive.parsed = Some(q);
            }
            Err(e) => {
                self.archive.error = Some(one_line(&e.to_string()));
            }
        }
        if reset {
            self.archive.selected = 0;
        }
        let last = self.archive.hits.len().saturating_sub(1);
        self.archive.selected = self.archive.selected.min(last);
    }

    /// `2`: the archive screen, search line ready.
    pub fn open_archive(&mut self) {
        self.archive.searching = true;
        if !self.close_story() {
            return;
        }
        self.back.clear();
        self.screen = Screen::Archive;
        self.ensure_rows();
    }

    pub(crate) fn archive_move(&mut self, to: isize, relative: bool) {
        let a = &mut self.archive;
        crate::app::move_in_list(&mut a.selected, a.hits.len(), to, relative);
    }

    /// `v`: the next verdict filter, written into the search line.
    pub(crate) fn cycle_verdict(&mut self) {
        let next = next_verdict(query_verdict(&self.archive.query));
        self.archive.query = with_verdict(&self.archive.query, next);
        self.research(true);
    }

    /// Enter in the archive: the story, at the selected claim.
    pub(crate) fn open_hit(&mut self) {
        let Some((story, claim)) = self.selected_hit_key() else {
            return self.info("no claim selected");
        };
        self.open_story_at(&story, claim);
        if self.screen == Screen::Story {
            self.back = vec![Back::Archive];
        }
    }

    /// Open `story` with `claim` selected.
    pub fn open_story_at(&mut self, story: &StoryId, claim: ClaimId) {
        self.open_story(story);
        if let Some(st) = self.story.as_mut()
            && st.doc().story().id == *story
        {
            select_claim(st, claim);
        }
    }

    /// Esc on the story screen: back where the story was opened from.
    pub(crate) fn story_back(&mut self) {
        match self.back.pop() {
            Some(Back::Archive) => {
                if !self.close_story() {
                    return;
                }
                self.screen = Screen::Archive;
                self.ensure_rows();
            }
            Some(Back::Story(id, claim)) => {
                let rest = std::mem::take(&mut self.back);
                self.open_story_at(&id, claim);
                self.back = rest;
            }
            None => {
                self.screen = Screen::Desk;
                if !self.close_story() {
                    return;
                }
                self.refresh_desk();
            }
        }
    }

    /// `1`: the desk screen.
    pub fn open_desk(&mut self) {
        if !self.close_story() {
            return;
        }
        self.back.clear();
        self.screen = Screen::Desk;
        self.refresh_desk();
    }

    // ----- seen before -----

    /// Build the "seen before" index unless it is there (or on its way).
    pub fn ensure_similar(&mut self) {
        if self.similar.is_some() || self.similar_job.is_some() {
            return;
        }
        if !self.build_in_background {
            self.ensure_rows();
            self.similar = Some(SimilarIndex::of_rows(&self.rows));
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let desk = self.desk.clone();
        let spawned = std::thread::Builder::new()
            .name("seen-before".into())
            .spawn(move || {
                let (rows, _) = archive::load(&desk);
                let _ = tx.send(SimilarIndex::of_rows(&rows));
            });
        match spawned {
            Ok(_) => self.similar_job = Some(rx),
            // No thread to be had: build it here, late rather than never.
            Err(_) => {
                self.ensure_rows();
                self.similar = Some(SimilarIndex::of_rows(&self.rows));
            }
        }
    }

    /// Take the index built in the background once it is ready. Returns
    /// true when it arrived (the screen should be drawn again).
    pub fn poll_background(&mut self) -> bool {
        let Some(rx) = &self.similar_job else {
            return false;
        };
        match rx.try_recv() {
            Ok(ix) => {
                self.similar_job = None;
                self.similar = Some(ix);
                // Edits made while it was built are in the open story.
                self.reindex_open_story();
                if let Some(st) = self.story.as_mut() {
                    st.seen.clear();
                }
                true
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => false,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.similar_job = None;
                false
            }
        }
    }

    /// After an edit of the open story: its claims in the index anew.
    pub(crate) fn reindex_open_story(&mut self) {
        if let (Some(ix), Some(st)) = (self.similar.as_mut(), self.story.as_ref()) {
            ix.replace_story(st.doc().story());
        }
    }

    /// The earlier verdict the selected claim repeats, looked up once per
    /// wording.
    pub fn seen_before(&mut self) -> Option<SeenBefore> {
        let st = self.story.as_ref()?;
        let claim = st.selected_claim()?;
        if let Some((text, seen)) = st.seen.get(&claim.id)
            && *text == claim.text
        {
            return seen.clone();
        }
        let (id, text) = (claim.id, claim.text.clone());
        let story = st.doc().story().id.clone();
        let seen = self.similar.as_ref().and_then(|s| {
            let m = s
                .index
                .similar(&text, similar::THRESHOLD, |doc| {
                    s.docs[doc].as_ref().is_some_and(|d| d.story != story)
                })
                .into_iter()
                .next()?;
            let mut seen = s.docs[m.doc].clone()?;
            seen.why = m.why(6);
            Some(seen)
        });
        if let Some(st) = self.story.as_mut() {
            st.seen.insert(id, (text, seen.clone()));
        }
        seen
    }

    /// `o`: open the earlier verdict; Esc comes back.
    pub(crate) fn open_seen_before(&mut self) {
        let Some(seen) = self.seen_before() else {
            return self.info("no earlier verdict for this claim");
        };
        let Some(here) = self
            .story
            .as_ref()
            .and_then(|st| Some((st.doc().story().id.clone(), st.selected_claim()?.id)))
        else {
            return;
        };
        let mut back = std::mem::take(&mut self.back);
        self.open_story_at(&seen.story, seen.claim);
        let opened = self
            .story
            .as_ref()
            .is_some_and(|st| st.doc().story().id == seen.story);
        if opened {
            back.push(Back::Story(here.0, here.1));
        }
        self.back = back;
    }

    // ----- history -----

    /// Lines of the selected claim's history.
    pub(crate) fn history_len(&self) -> usize {
        self.story
            .as_ref()
            .and_then(|s| s.selected_claim())
            .map_or(0, |c| c.history.len())
    }

    // ----- sources -----

    /// `3`: the sources screen.
    pub fn open_sources(&mut self) {
        if !self.close_story() {
            return;
        }
        self.back.clear();
        self.screen = Screen::Sources;
        self.reload_sources();
    }

    pub(crate) fn reload_sources(&mut self) {
        match self.desk.load_sources() {
            Ok(s) => self.sources = Some(s),
            Err(e) => {
                self.sources = None;
                self.error(e.to_string());
            }
        }
        self.ensure_rows();
        self.sources_state.usage = registry::usage(&self.rows);
        let n = self.sources.as_ref().map_or(0, |s| s.value.sources.len());
        self.sources_state.selected = self.sources_state.selected.min(n.saturating_sub(1));
    }

    pub(crate) fn source_move(&mut self, to: isize, relative: bool) {
        let n = self.sources.as_ref().map_or(0, |s| s.value.sources.len());
        if n == 0 {
            return;
        }
        let st = &mut self.sources_state;
        let target = if relative {
            st.selected as isize + to
        } else {
            to
        };
        st.selected = target.clamp(0, n as isize - 1) as usize;
    }

    pub(crate) fn selected_source(&self) -> Option<&factdesk_core::model::Source> {
        self.sources
            .as_ref()?
            .value
            .sources
            .get(self.sources_state.selected)
    }

    /// `m`: mark the duplicate, then `m` on the source to keep asks.
    pub(crate) fn merge_step(&mut self) {
        let Some(here) = self.selected_source().map(|s| s.id.clone()) else {
            return;
        };
        match self.sources_state.merging.take() {
            None => {
                self.info(format!(
                    "merge {here} into…: move to the source to keep and press m (Esc cancels)"
                ));
                self.sources_state.merging = Some(here);
            }
            Some(from) if from == here => self.info("merge cancelled"),
            Some(from) => self.overlay = Overlay::ConfirmMerge(from, here),
        }
    }

    pub fn merge(&mut self, from: &SourceId, into: &SourceId) {
        let who = self.who();
        match registry::merge_sources(&self.desk, from, into, &who) {
            Ok(report) => {
                self.rows_changed();
                self.reload_sources();
                if let Some(pos) = self
                    .sources
                    .as_ref()
                    .and_then(|r| r.value.sources.iter().position(|s| &s.id == into))
                {
                    self.sources_state.selected = pos;
                }
                self.info(format!("merged {from} into {into}: {report}"));
            }
            Err(e) => self.error(e.to_string()),
        }
    }

    pub(crate) fn open_source_form(&mut self, edit: bool) {
        let editing = if edit {
            match self.selected_source() {
                Some(s) => Some((SourceForm::edit(s), s.id.clone())),
                None => return,
            }
        } else {
            None
        };
        let (form, editing) = match editing {
            Some((f, id)) => (f, Some(id)),
            None => (SourceForm::new(""), None),
        };
        self.overlay = Overlay::SourceForm(Box::new(SourceEdit { form, editing }));
    }

    /// Enter in the sources screen's form: add or update the source.
    pub(crate) fn save_source_form(&mut self, edit: &mut SourceEdit) -> bool {
        let Some(reg) = self.sources.as_ref() else {
            edit.form.error = Some("the source registry could not be read".into());
            return false;
        };
        let result = match &edit.editing {
            Some(id) => match reg.value.get(id) {
                Some(old) => edit
                    .form
                    .validate_edit(old)
                    .map(|s| (s.clone(), registry::update_source(&self.desk, s))),
                None => Err(format!("source {id} is no longer in the registry")),
            },
            None => edit.form.validate(&reg.value).map(|mut s| {
                s.accessed = Some(self.who().at.date_naive());
                (s.clone(), factdesk_core::store::add_source(&self.desk, s))
            }),
        };
        match result {
            Err(e) => {
                edit.form.error = Some(one_line(&e));
                false
            }
            Ok((_, Err(e))) => {
                edit.form.error = Some(one_line(&e.to_string()));
                false
            }
            Ok((s, Ok(()))) => {
                self.rows_changed();
                self.reload_sources();
                if let Some(pos) = self
                    .sources
                    .as_ref()
                    .and_then(|r| r.value.sources.iter().position(|x| x.id == s.id))
                {
                    self.sources_state.selected = pos;
                }
                let verb = if edit.editing.is_some() {
                    "saved"
                } else {
                    "added"
                };
                self.info(format!("source {} {verb}", s.id));
                true
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdict_cycle_and_rewrite() {
        let mut v = None;
        let mut seen = vec![];
        for _ in 0..5 {
            v = next_verdict(v);
            seen.push(v);
        }
        assert_eq!(
            seen,
            vec![
                Some(Verdict::Pending),
                Some(Verdict::Confirmed),
                Some(Verdict::Unconfirmed),
                Some(Verdict::Disputed),
                None
            ]
        );
        assert_eq!(
            with_verdict(
                "baghdadi verdict:pending since:2017",
                Some(Verdict::Disputed)
            ),
            "baghdadi since:2017 verdict:disputed"
        );
        assert_eq!(with_verdict("verdict:disputed", None), "");
        assert_eq!(query_verdict("x verdict:conf"), Some(Verdict::Confirmed));
    }
}
