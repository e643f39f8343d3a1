//! The screen's state, and the operations on it that the key handling in
//! [`crate::dispatch`] calls. Nothing here touches the terminal.

use chrono::{DateTime, FixedOffset, Utc};
use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui_textarea::TextArea;
use std::ops::Range;

use crate::article::{self, LineIndex};
use crate::keymap::{Command, Context, Keymap};
use crate::picker::{Picker, fuzzy_rank};
use crate::sanitize::{one_line, sanitize};
use crate::theme::Theme;
use factdesk_core::edit::{Edit, Who};
use factdesk_core::model::{ClaimId, SourceLink, SourceRegistry, Verdict};
use factdesk_core::session::{EditSession, Saved};
use factdesk_core::slug::{SourceId, StoryId};
use factdesk_core::store::{Desk, Stored, StoryDoc, StorySummary};

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Command(Command),
    /// A key typed into the open text field.
    Input(KeyEvent),
    Click {
        column: u16,
        row: u16,
    },
    Scroll {
        column: u16,
        row: u16,
        down: bool,
    },
    Resize,
    Nothing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Nothing changed; no need to draw.
    Nothing,
    Redraw,
    Quit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Desk,
    Story,
    Archive,
    Sources,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Claims,
    Article,
}

pub enum Overlay {
    None,
    Help(Context),
    Picker(Box<Picker>),
    EditText(Box<TextArea<'static>>),
    EditNote(Box<TextArea<'static>>),
    Confirm(ClaimId),
    Import(String),
    Find(String),
    /// The selected claim's whole history, scrolled by this many lines.
    History(usize),
    /// The sources screen's add / edit form.
    SourceForm(Box<crate::review::SourceEdit>),
    /// Merge the first source into the second? (y/n)
    ConfirmMerge(SourceId, SourceId),
}

#[derive(Debug, Default)]
pub struct DeskState {
    pub summaries: Vec<StorySummary>,
    pub problems: Vec<String>,
    pub filter: String,
    pub filtering: bool,
    /// Indices into `summaries` shown, in order.
    pub shown: Vec<usize>,
    pub selected: usize,
    pub offset: usize,
}

pub struct StoryState {
    /// The story's edit session: its lock, the document, pending edits
    /// and undo.
    pub session: EditSession,
    /// Index into the story's claims.
    pub selected: usize,
    pub focus: Focus,
    /// Byte offset of the article cursor.
    pub cursor: usize,
    /// Where a selection started (`v`).
    pub mark: Option<usize>,
    /// First visual line of the article shown.
    pub scroll: usize,
    /// Scroll to keep the cursor / selected claim in view at next draw.
    pub follow: bool,
    pub claims_offset: usize,
    pub save_error: Option<String>,
    pub find: Option<String>,
    /// "Seen before" of claims already looked up: the wording looked up
    /// and what it matched.
    pub seen: std::collections::HashMap<ClaimId, (String, Option<crate::review::SeenBefore>)>,
    index: Option<LineIndex>,
}

impl StoryState {
    pub fn doc(&self) -> &StoryDoc {
        self.session.doc()
    }

    /// Why the story cannot be changed here, as the banner says it;
    /// `None`: editable.
    pub fn read_only(&self) -> Option<String> {
        self.session
            .read_only()
            .map(|why| one_line(&format!("READ-ONLY: {why}")))
    }

    pub fn selected_claim(&self) -> Option<&factdesk_core::model::Claim> {
        self.doc().story().claims.get(self.selected)
    }

    /// The line index at `width`, built once per width.
    pub fn index(&mut self, width: usize) -> &LineIndex {
        self.ensure_index(width);
        self.line_index()
    }

    /// Wrap the article at `width` unless it already is.
    pub fn ensure_index(&mut self, width: usize) {
        let fresh = matches!(&self.index, Some(i) if i.width == width.max(1) && i.len == self.doc().article.len());
        if !fresh {
            self.index = Some(LineIndex::build(&self.doc().article, width));
        }
    }

    /// The line index last built (see [`StoryState::ensure_index`]).
    pub fn line_index(&self) -> &LineIndex {
        self.index.as_ref().expect("ensure_index was called")
    }

    /// The selected byte range of the article (`v` … cursor, inclusive).
    pub fn selection(&self) -> Option<Range<usize>> {
        let mark = self.mark?;
        let (a, b) = (mark.min(self.cursor), mark.max(self.cursor));
        Some(a..b + article::grapheme_len(&self.doc().article, b))
    }
}

/// Where things were drawn, for the mouse.
#[derive(Debug, Clone, Copy, Default)]
pub struct HitAreas {
    pub claims: Rect,
    pub article: Rect,
}

pub struct App {
    pub desk: Desk,
    pub editor: String,
    pub keymap: Keymap,
    pub theme: Theme,
    /// Zone history times are shown in.
    pub tz: FixedOffset,
    /// A fixed "now" for edits (tests); the clock when `None`.
    pub now: Option<DateTime<Utc>>,
    pub screen: Screen,
    pub overlay: Overlay,
    pub desk_state: DeskState,
    pub story: Option<StoryState>,
    pub sources: Option<Stored<SourceRegistry>>,
    /// A one-line message for the status bar, and whether it is an error.
    pub message: Option<(String, bool)>,
    /// A lasting warning (a broken user keymap), shown on the desk screen.
    pub warning: Option<String>,
    /// Width the article was last wrapped at.
    pub article_width: usize,
    pub article_height: usize,
    pub hit: HitAreas,
    pub archive: crate::review::ArchiveState,
    pub sources_state: crate::review::SourcesState,
    /// Every claim of the desk, loaded when first needed.
    pub rows: Vec<factdesk_core::archive::ClaimRow>,
    /// `rows` no longer reflect the desk (an edit was made since).
    pub rows_stale: bool,
    pub searcher: factdesk_core::archive::Searcher,
    /// The "seen before" index over `rows`, built when first needed.
    pub similar: Option<crate::review::SimilarIndex>,
    /// The "seen before" index being built on another thread, when the
    /// screen runs with [`App::build_in_background`]: on a desk of years,
    /// reading every claim takes seconds, and a story must open at once.
    pub similar_job: Option<std::sync::mpsc::Receiver<crate::review::SimilarIndex>>,
    /// Whether slow indexes are built on another thread (the real screen)
    /// or at once (tests, which want a deterministic state).
    pub build_in_background: bool,
    /// Where Esc on the story screen goes back to.
    pub back: Vec<crate::review::Back>,
}

impl App {
    pub fn new(desk: Desk, editor: String, keymap: Keymap, theme: Theme) -> App {
        let tz = *chrono::Local::now().offset();
        let mut app = App {
            desk,
            editor,
            keymap,
            theme,
            tz,
            now: None,
            screen: Screen::Desk,
            overlay: Overlay::None,
            desk_state: DeskState::default(),
            story: None,
            sources: None,
            message: None,
            warning: None,
            article_width: 70,
            article_height: 20,
            hit: HitAreas::default(),
            archive: Default::default(),
            sources_state: Default::default(),
            rows: Vec::new(),
            rows_stale: true,
            searcher: factdesk_core::archive::Searcher::new(),
            similar: None,
            similar_job: None,
            build_in_background: false,
            back: Vec::new(),
        };
        app.refresh_desk();
        app
    }

    pub fn who(&self) -> Who {
        Who {
            editor: self.editor.clone(),
            at: self.now.unwrap_or_else(Utc::now),
        }
    }

    pub fn info(&mut self, msg: impl Into<String>) {
        self.message = Some((one_line(&msg.into()), false));
    }

    pub fn error(&mut self, msg: impl Into<String>) {
        self.message = Some((one_line(&msg.into()), true));
    }

    /// Which keymap applies now.
    pub fn context(&self) -> Context {
        match &self.overlay {
            Overlay::Help(_) => Context::Help,
            Overlay::Picker(p) if p.form.is_some() => Context::Form,
            Overlay::Picker(_) => Context::Picker,
            Overlay::EditText(_) => Context::EditText,
            Overlay::EditNote(_) => Context::EditNote,
            Overlay::Confirm(_) => Context::Confirm,
            Overlay::Import(_) => Context::Import,
            Overlay::Find(_) => Context::Find,
            Overlay::History(_) => Context::History,
            Overlay::SourceForm(_) => Context::Form,
            Overlay::ConfirmMerge(..) => Context::Confirm,
            Overlay::None => match self.screen {
                Screen::Archive if self.archive.searching => Context::ArchiveSearch,
                Screen::Archive => Context::Archive,
                Screen::Sources => Context::Sources,
                Screen::Desk if self.desk_state.filtering => Context::Filter,
                Screen::Desk => Context::Desk,
                Screen::Story => match self.story.as_ref().map(|s| s.focus) {
                    Some(Focus::Article) => Context::Article,
                    _ => Context::Story,
                },
            },
        }
    }

    // ----- desk screen -----

    pub fn refresh_desk(&mut self) {
        match self.desk.summaries() {
            Ok((summaries, problems)) => {
                self.desk_state.summaries = summaries;
                self.desk_state.problems =
                    problems.iter().map(|e| one_line(&e.to_string())).collect();
            }
            Err(e) => {
                self.desk_state.summaries.clear();
                self.desk_state.problems = vec![one_line(&e.to_string())];
            }
        }
        self.refilter_desk();
    }

    pub(crate) fn refilter_desk(&mut self) {
        let d = &mut self.desk_state;
        let hay: Vec<String> = d
            .summaries
            .iter()
            .map(|s| {
                format!(
                    "{} {} {} {}",
                    s.headline,
                    s.outlet.as_deref().unwrap_or(""),
                    s.id,
                    s.date.map(|d| d.to_string()).unwrap_or_default()
                )
            })
            .collect();
        d.shown = fuzzy_rank(&d.filter, &hay);
        d.selected = d.selected.min(d.shown.len().saturating_sub(1));
    }

    pub(crate) fn desk_move(&mut self, to: isize, relative: bool) {
        let d = &mut self.desk_state;
        move_in_list(&mut d.selected, d.shown.len(), to, relative);
    }

    pub fn open_selected_story(&mut self) {
        let Some(&i) = self.desk_state.shown.get(self.desk_state.selected) else {
            return;
        };
        let id = self.desk_state.summaries[i].id.clone();
        self.open_story(&id);
    }

    pub fn open_story(&mut self, id: &StoryId) {
        // Drop the story open before, and its lock, first.
        self.story = None;
        let who = self.who();
        let mut session = match EditSession::open_or_read(&self.desk, id, &who) {
            Ok(session) => session,
            Err(e) => return self.error(e.to_string()),
        };
        if let Some(prev) = session.took_over() {
            self.info(format!("took over a stale lock: {prev}"));
        }
        // What loading put right (claims re-anchored) is saved at once.
        let save_error = session.save(&who).err().map(|e| one_line(&e.to_string()));
        match self.desk.load_sources() {
            Ok(s) => self.sources = Some(s),
            Err(e) => {
                self.sources = None;
                self.error(e.to_string());
            }
        }
        self.story = Some(StoryState {
            session,
            selected: 0,
            focus: Focus::Claims,
            cursor: 0,
            mark: None,
            scroll: 0,
            follow: true,
            claims_offset: 0,
            save_error,
            find: None,
            seen: Default::default(),
            index: None,
        });
        self.screen = Screen::Story;
        self.ensure_similar();
    }

    pub(crate) fn import(&mut self, path: &str) {
        let path = crate::complete::expand_home(path.trim());
        match factdesk_core::store::import_file(&self.desk, &path, &self.who()) {
            Ok(id) => {
                self.refresh_desk();
                self.desk_state.filter.clear();
                self.refilter_desk();
                if let Some(pos) = self
                    .desk_state
                    .shown
                    .iter()
                    .position(|&i| self.desk_state.summaries[i].id == id)
                {
                    self.desk_state.selected = pos;
                }
                self.info(format!("imported {id}"));
            }
            Err(e) => self.error(e.to_string()),
        }
    }

    // ----- story screen -----

    /// Apply `edit` through the edit session, record it for undo and save.
    pub fn edit(&mut self, edit: Edit) {
        let who = self.who();
        let Some(st) = self.story.as_mut() else {
            return;
        };
        match st.session.apply(edit, &who) {
            Ok(Some(applied)) => {
                select_claim(st, applied.claim);
                self.save();
                self.rows_changed();
            }
            Ok(None) => {}
            Err(e) => self.error(e.to_string()),
        }
    }

    pub(crate) fn undo_redo(&mut self, redo: bool) {
        let who = self.who();
        let Some(st) = self.story.as_mut() else {
            return;
        };
        let r = if redo {
            st.session.redo(&who)
        } else {
            st.session.undo(&who)
        };
        match r {
            Ok(Some(applied)) => {
                select_claim(st, applied.claim);
                self.save();
                self.rows_changed();
                self.info(if redo { "redone" } else { "undone" });
            }
            Ok(None) => self.info(if redo {
                "nothing to redo"
            } else {
                "nothing to undo"
            }),
            Err(e) => self.error(e.to_string()),
        }
    }

    /// Save the open story now; a failure is shown and the edit kept.
    /// A change someone made to the file meanwhile is merged when it touched
    /// other claims; when it touched the same ones, both versions are kept
    /// and the story turns read-only until it is opened again.
    pub fn save(&mut self) {
        let who = self.who();
        let Some(st) = self.story.as_mut() else {
            return;
        };
        let message = match st.session.save(&who) {
            Ok(Saved::Nothing | Saved::Written) => {
                st.save_error = None;
                None
            }
            Ok(Saved::Merged { reapplied }) => {
                st.save_error = None;
                Some(format!(
                    "the story was changed on disk; merged, {reapplied} of your edits re-applied"
                ))
            }
            Ok(Saved::Conflict { .. }) => {
                st.save_error = st.session.read_only().map(|why| one_line(&why.to_string()));
                None
            }
            Err(e) => {
                st.save_error = Some(one_line(&e.to_string()));
                None
            }
        };
        if let Some(m) = message {
            self.info(m);
        }
    }

    pub(crate) fn selected_id(&self) -> Option<ClaimId> {
        self.story.as_ref()?.selected_claim().map(|c| c.id)
    }

    pub(crate) fn set_verdict(&mut self, verdict: Verdict) {
        if let Some(claim) = self.selected_id() {
            self.edit(Edit::SetVerdict { claim, verdict });
        }
    }

    pub(crate) fn claim_move(&mut self, cmd: Command) {
        let Some(st) = self.story.as_mut() else {
            return;
        };
        let claims = &st.doc().story().claims;
        if claims.is_empty() {
            return;
        }
        let last = claims.len() - 1;
        let cur = st.selected.min(last);
        let pending = |i: &usize| claims[*i].verdict == Verdict::Pending;
        let next = match cmd {
            Command::Down => (cur + 1).min(last),
            Command::Up => cur.saturating_sub(1),
            Command::Top => 0,
            Command::Bottom => last,
            Command::NextPending => match (cur + 1..=last).find(pending) {
                Some(i) => i,
                None => {
                    self.message = Some(("no pending claim after this one".into(), false));
                    cur
                }
            },
            Command::PrevPending => match (0..cur).rev().find(pending) {
                Some(i) => i,
                None => {
                    self.message = Some(("no pending claim before this one".into(), false));
                    cur
                }
            },
            _ => cur,
        };
        st.selected = next;
        st.follow = true;
    }

    pub(crate) fn article_command(&mut self, cmd: Command) -> Effect {
        let width = self.article_width;
        let Some(st) = self.story.as_mut() else {
            return Effect::Nothing;
        };
        let text = &st.doc().article;
        let pos = st.cursor.min(text.len());
        let new = match cmd {
            Command::Down | Command::Up => {
                let delta = if cmd == Command::Down { 1 } else { -1 };
                st.ensure_index(width);
                article::move_lines(&st.doc().article, st.line_index(), pos, delta)
            }
            Command::WordNext => article::next_word(text, pos),
            Command::WordPrev => article::prev_word(text, pos),
            Command::SentenceNext => article::next_sentence(text, pos),
            Command::SentencePrev => article::prev_sentence(text, pos),
            Command::Top => 0,
            Command::Bottom => text.len(),
            Command::Select => {
                st.mark = match st.mark {
                    Some(_) => None,
                    None => Some(pos),
                };
                return Effect::Redraw;
            }
            Command::AddClaim => {
                self.add_claim_here();
                return Effect::Redraw;
            }
            Command::FindNext | Command::FindPrev => {
                self.find_step(cmd == Command::FindNext, false);
                return Effect::Redraw;
            }
            Command::Back => {
                if st.mark.take().is_none() {
                    st.focus = Focus::Claims;
                    st.follow = true;
                }
                return Effect::Redraw;
            }
            _ => return Effect::Nothing,
        };
        st.cursor = new;
        st.follow = true;
        Effect::Redraw
    }

    /// `a`: the selection, or the sentence under the cursor, becomes a claim.
    pub(crate) fn add_claim_here(&mut self) {
        let Some(st) = self.story.as_mut() else {
            return;
        };
        let text = &st.doc().article;
        let range = match st.selection() {
            Some(r) => r,
            None => match article::sentence_at(text, st.cursor) {
                Some(r) => r,
                None => return self.error("nothing here to make a claim of"),
            },
        };
        let Some((start, end)) = whole_words(text, range) else {
            return self.error("the selection is empty");
        };
        let wording = text
            .get(start..end)
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let Some(anchor) = factdesk_core::anchor::anchor_at(text, start, end) else {
            return self.error("cannot anchor a claim there");
        };
        st.mark = None;
        self.edit(Edit::AddClaim {
            text: wording,
            anchor,
            speaker: None,
            score: None,
            cues: Vec::new(),
        });
        if let Some(id) = self.selected_id() {
            self.info(format!("added claim #{id}"));
        }
    }

    /// Move the cursor to the next (or previous) match of the search.
    pub(crate) fn find_step(&mut self, forward: bool, include_here: bool) {
        let Some(st) = self.story.as_mut() else {
            return;
        };
        let Some(q) = st.find.clone().filter(|q| !q.is_empty()) else {
            return self.info("no search; press / to find");
        };
        let text = &st.doc().article;
        let pos = st.cursor.min(text.len());
        let found = if forward {
            let from = if include_here {
                pos
            } else {
                pos + article::grapheme_len(text, pos)
            };
            text[from..]
                .find(&q)
                .map(|i| from + i)
                .or_else(|| text.find(&q))
        } else {
            text[..pos].rfind(&q).or_else(|| text.rfind(&q))
        };
        match found {
            Some(i) => {
                st.cursor = i;
                st.focus = Focus::Article;
                st.follow = true;
            }
            None => self.error(format!("not found: {q}")),
        }
    }

    pub(crate) fn open_editor(&mut self, note: bool) {
        let Some(claim) = self.story.as_ref().and_then(|s| s.selected_claim()) else {
            return;
        };
        let lines: Vec<String> = if note {
            claim
                .note
                .lines()
                .map(|l| sanitize(l).into_owned())
                .collect()
        } else {
            vec![sanitize(&claim.text).into_owned()]
        };
        let mut ta = TextArea::new(lines);
        ta.move_cursor(ratatui_textarea::CursorMove::Bottom);
        ta.move_cursor(ratatui_textarea::CursorMove::End);
        self.overlay = if note {
            Overlay::EditNote(Box::new(ta))
        } else {
            Overlay::EditText(Box::new(ta))
        };
    }

    pub(crate) fn link_from_picker(&mut self, picker: &Picker) -> bool {
        let Some(reg) = self.sources.as_ref() else {
            return false;
        };
        let Some(source) = picker.current(&reg.value) else {
            self.error("no source selected; Ctrl-n creates one");
            return false;
        };
        let Some(claim) = self.selected_id() else {
            return false;
        };
        let link = SourceLink {
            source: source.id.clone(),
            stance: picker.stance,
            note: None,
        };
        self.edit(Edit::Link { claim, link });
        true
    }

    /// Save the new source of the picker's form into `sources.ron`.
    pub(crate) fn create_source(&mut self, picker: &mut Picker) {
        let Some(form) = picker.form.as_mut() else {
            return;
        };
        let empty = SourceRegistry::default();
        let known = self.sources.as_ref().map_or(&empty, |r| &r.value);
        let source = match form.validate(known) {
            Ok(s) => s,
            Err(e) => {
                form.error = Some(one_line(&e));
                return;
            }
        };
        let id = source.id.clone();
        // Through the store, which reads the registry afresh: a source
        // added meanwhile from the command line is kept, not overwritten.
        let added = factdesk_core::store::add_source(&self.desk, source)
            .and_then(|()| self.desk.load_sources());
        match added {
            Ok(reg) => {
                picker.form = None;
                picker.select_id(&reg.value, &id);
                self.sources = Some(reg);
                self.info(format!("source {id} added to the registry"));
            }
            Err(e) => form.error = Some(one_line(&e.to_string())),
        }
    }
}

pub(crate) fn select_claim(st: &mut StoryState, id: ClaimId) {
    let story = st.doc().story();
    st.selected = match story.claim_index(id) {
        Some(i) => i,
        None => st.selected.min(story.claims.len().saturating_sub(1)),
    };
    st.follow = true;
}

/// `range` trimmed of surrounding white space and widened to whole words, so
/// that a selection made by word motions (which stop on a word's first
/// letter) never cuts a word in two. `None` when nothing is left.
fn whole_words(text: &str, range: Range<usize>) -> Option<(usize, usize)> {
    let raw = text.get(range.clone())?;
    let mut start = range.start + (raw.len() - raw.trim_start().len());
    let mut end = start + raw.trim().len();
    if end <= start {
        return None;
    }
    let in_word = |c: char| c.is_alphanumeric() || c == '-' || c == '\'' || c == '’';
    while let Some(c) = text.get(..start).and_then(|t| t.chars().next_back()) {
        if !in_word(c) {
            break;
        }
        start -= c.len_utf8();
    }
    let ends_in_word = text
        .get(..end)
        .and_then(|t| t.chars().next_back())
        .is_some_and(in_word);
    while let Some(c) = text.get(end..).and_then(|t| t.chars().next()) {
        if !ends_in_word || !in_word(c) {
            break;
        }
        end += c.len_utf8();
    }
    Some((start, end))
}

/// Move a list selection to `to` (or by `to`, when `relative`), within the
/// list's `len` rows; an empty list keeps it where it is.
pub(crate) fn move_in_list(selected: &mut usize, len: usize, to: isize, relative: bool) {
    if len == 0 {
        return;
    }
    let last = len as isize - 1;
    let target = if relative {
        *selected as isize + to
    } else {
        to
    };
    *selected = target.clamp(0, last) as usize;
}

#[cfg(test)]
mod whole_word_tests {
    use super::whole_words;

    #[test]
    fn selections_grow_to_whole_words() {
        let t = "“According to the information,” it said.";
        let start = t.find("rding").unwrap();
        let end = t.find("info").unwrap() + 1;
        let (a, b) = whole_words(t, start..end).unwrap();
        assert_eq!(&t[a..b], "According to the information");
        assert_eq!(whole_words(t, 0..0), None);
        let (a, b) = whole_words(t, 0..t.len()).unwrap();
        assert_eq!(&t[a..b], t);
    }
}
