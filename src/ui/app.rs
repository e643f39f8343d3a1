//! The screen's state and the pure functions that drive it:
//! [`handle_key`] turns a key into an [`Action`] (keymap lookup, aware of
//! what is open), [`update`] applies an action and says what to do next.
//! Nothing here touches the terminal.

use chrono::{DateTime, FixedOffset, Utc};
use crossterm::event::{KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};
use ratatui_textarea::TextArea;
use std::ops::Range;
use std::path::PathBuf;

use super::article::{self, LineIndex};
use super::keymap::{Command, Context, Keymap};
use super::picker::{Picker, SourceForm, edit_line, fuzzy_rank};
use super::sanitize::{one_line, sanitize};
use super::theme::Theme;
use crate::model::{ClaimId, SourceLink, SourceRegistry, Verdict};
use crate::slug::StoryId;
use crate::store::{Desk, Stored, StoryDoc, StorySummary};
use crate::update::{self, Edit, UndoStack, Who};

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
    pub doc: StoryDoc,
    pub undo: UndoStack,
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
    index: Option<LineIndex>,
}

impl StoryState {
    pub fn selected_claim(&self) -> Option<&crate::model::Claim> {
        self.doc.story().claims.get(self.selected)
    }

    /// The line index at `width`, built once per width.
    pub fn index(&mut self, width: usize) -> &LineIndex {
        self.ensure_index(width);
        self.line_index()
    }

    /// Wrap the article at `width` unless it already is.
    pub fn ensure_index(&mut self, width: usize) {
        let fresh = matches!(&self.index, Some(i) if i.width == width.max(1) && i.len == self.doc.article.len());
        if !fresh {
            self.index = Some(LineIndex::build(&self.doc.article, width));
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
        Some(a..b + article::grapheme_len(&self.doc.article, b))
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
            Overlay::None => match self.screen {
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

    fn refilter_desk(&mut self) {
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

    fn desk_move(&mut self, to: isize, relative: bool) {
        let d = &mut self.desk_state;
        if d.shown.is_empty() {
            return;
        }
        let last = d.shown.len() as isize - 1;
        let target = if relative {
            d.selected as isize + to
        } else {
            to
        };
        d.selected = target.clamp(0, last) as usize;
    }

    pub fn open_selected_story(&mut self) {
        let Some(&i) = self.desk_state.shown.get(self.desk_state.selected) else {
            return;
        };
        let id = self.desk_state.summaries[i].id.clone();
        self.open_story(&id);
    }

    pub fn open_story(&mut self, id: &StoryId) {
        let mut doc = match self.desk.load_story(id) {
            Ok(doc) => doc,
            Err(e) => return self.error(e.to_string()),
        };
        let mut save_error = None;
        if doc.reanchored
            && let Err(e) = doc.save()
        {
            save_error = Some(one_line(&e.to_string()));
        }
        match self.desk.load_sources() {
            Ok(s) => self.sources = Some(s),
            Err(e) => {
                self.sources = None;
                self.error(e.to_string());
            }
        }
        self.story = Some(StoryState {
            doc,
            undo: UndoStack::default(),
            selected: 0,
            focus: Focus::Claims,
            cursor: 0,
            mark: None,
            scroll: 0,
            follow: true,
            claims_offset: 0,
            save_error,
            find: None,
            index: None,
        });
        self.screen = Screen::Story;
    }

    fn import(&mut self, path: &str) {
        let path = expand_home(path.trim());
        match crate::store::import_file(&self.desk, &path, &self.who()) {
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

    /// Apply `edit` through the update path, record it for undo and save.
    pub fn edit(&mut self, edit: Edit) {
        let who = self.who();
        let Some(st) = self.story.as_mut() else {
            return;
        };
        match update::apply(st.doc.story_mut(), edit, &who) {
            Ok(Some(applied)) => {
                st.undo.record(&applied);
                select_claim(st, applied.claim);
                self.save();
            }
            Ok(None) => {}
            Err(e) => self.error(e.to_string()),
        }
    }

    fn undo_redo(&mut self, redo: bool) {
        let who = self.who();
        let Some(st) = self.story.as_mut() else {
            return;
        };
        let story = st.doc.story_mut();
        let r = if redo {
            st.undo.redo(story, &who)
        } else {
            st.undo.undo(story, &who)
        };
        match r {
            Ok(Some(applied)) => {
                select_claim(st, applied.claim);
                self.save();
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
    pub fn save(&mut self) {
        let Some(st) = self.story.as_mut() else {
            return;
        };
        match st.doc.save() {
            Ok(()) => st.save_error = None,
            Err(e) => st.save_error = Some(one_line(&e.to_string())),
        }
    }

    fn selected_id(&self) -> Option<ClaimId> {
        self.story.as_ref()?.selected_claim().map(|c| c.id)
    }

    fn set_verdict(&mut self, verdict: Verdict) {
        if let Some(claim) = self.selected_id() {
            self.edit(Edit::SetVerdict { claim, verdict });
        }
    }

    fn claim_move(&mut self, cmd: Command) {
        let Some(st) = self.story.as_mut() else {
            return;
        };
        let claims = &st.doc.story().claims;
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

    fn article_command(&mut self, cmd: Command) -> Effect {
        let width = self.article_width;
        let Some(st) = self.story.as_mut() else {
            return Effect::Nothing;
        };
        let text = &st.doc.article;
        let pos = st.cursor.min(text.len());
        let new = match cmd {
            Command::Down | Command::Up => {
                let delta = if cmd == Command::Down { 1 } else { -1 };
                st.ensure_index(width);
                article::move_lines(&st.doc.article, st.line_index(), pos, delta)
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
    fn add_claim_here(&mut self) {
        let Some(st) = self.story.as_mut() else {
            return;
        };
        let text = &st.doc.article;
        let range = match st.selection() {
            Some(r) => r,
            None => match article::sentence_at(text, st.cursor) {
                Some(r) => r,
                None => return self.error("nothing here to make a claim of"),
            },
        };
        let raw = &text[range.clone()];
        let lead = raw.len() - raw.trim_start().len();
        let start = range.start + lead;
        let end = start + raw.trim().len();
        if end <= start {
            return self.error("the selection is empty");
        }
        let wording = text[start..end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let Some(anchor) = crate::anchor::anchor_at(text, start, end) else {
            return self.error("cannot anchor a claim there");
        };
        st.mark = None;
        self.edit(Edit::AddClaim {
            text: wording,
            anchor,
            speaker: None,
        });
        if let Some(id) = self.selected_id() {
            self.info(format!("added claim #{id}"));
        }
    }

    /// Move the cursor to the next (or previous) match of the search.
    fn find_step(&mut self, forward: bool, include_here: bool) {
        let Some(st) = self.story.as_mut() else {
            return;
        };
        let Some(q) = st.find.clone().filter(|q| !q.is_empty()) else {
            return self.info("no search; press / to find");
        };
        let text = &st.doc.article;
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

    fn open_editor(&mut self, note: bool) {
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

    fn link_from_picker(&mut self, picker: &Picker) -> bool {
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
    fn create_source(&mut self, picker: &mut Picker) {
        let Some(form) = picker.form.as_mut() else {
            return;
        };
        let Some(reg) = self.sources.as_mut() else {
            form.error = Some("the source registry could not be read".into());
            return;
        };
        let source = match form.validate(&reg.value) {
            Ok(s) => s,
            Err(e) => {
                form.error = Some(one_line(&e));
                return;
            }
        };
        let id = source.id.clone();
        reg.value.sources.push(source);
        if let Err(e) = reg.save() {
            reg.value.sources.pop();
            form.error = Some(one_line(&e.to_string()));
            return;
        }
        picker.form = None;
        picker.select_id(&reg.value, &id);
        self.info(format!("source {id} added to the registry"));
    }
}

fn select_claim(st: &mut StoryState, id: ClaimId) {
    let story = st.doc.story();
    st.selected = match story.claim_index(id) {
        Some(i) => i,
        None => st.selected.min(story.claims.len().saturating_sub(1)),
    };
    st.follow = true;
}

fn expand_home(p: &str) -> PathBuf {
    match (p.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(p),
    }
}

/// Tab completion of a path typed in the import prompt. Returns the
/// completed text and, when ambiguous, the candidates.
pub fn complete_path(input: &str) -> (String, Vec<String>) {
    let (dir_part, name_part) = match input.rfind('/') {
        Some(i) => (&input[..=i], &input[i + 1..]),
        None => ("", input),
    };
    let dir = if dir_part.is_empty() {
        PathBuf::from(".")
    } else {
        expand_home(dir_part)
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return (input.to_string(), vec![]);
    };
    let mut names: Vec<(String, bool)> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let is_dir = e.file_type().ok()?.is_dir();
            (name.starts_with(name_part) && (!name.starts_with('.') || name_part.starts_with('.')))
                .then_some((name, is_dir))
        })
        .collect();
    names.sort();
    match names.as_slice() {
        [] => (input.to_string(), vec![]),
        [(name, is_dir)] => (
            format!("{dir_part}{name}{}", if *is_dir { "/" } else { "" }),
            vec![],
        ),
        many => {
            let first = &many[0].0;
            let mut common = first.len();
            for (n, _) in many {
                common = common.min(
                    first
                        .char_indices()
                        .zip(n.chars())
                        .take_while(|((_, a), b)| a == b)
                        .map(|((i, a), _)| i + a.len_utf8())
                        .last()
                        .unwrap_or(0),
                );
            }
            (
                format!("{dir_part}{}", &first[..common]),
                many.iter().map(|(n, _)| n.clone()).collect(),
            )
        }
    }
}

/// Turn a key into an action: the keymap of the current context, or text
/// for an open field.
pub fn handle_key(app: &App, key: KeyEvent) -> Action {
    if key.kind == KeyEventKind::Release {
        return Action::Nothing;
    }
    let ctx = app.context();
    match app.keymap.lookup(ctx, &key) {
        Some(cmd) => Action::Command(cmd),
        None if ctx.takes_text() => Action::Input(key),
        None if ctx == Context::Confirm => Action::Command(Command::No),
        None => Action::Nothing,
    }
}

pub fn handle_mouse(app: &App, ev: MouseEvent) -> Action {
    if !matches!(app.overlay, Overlay::None) {
        return Action::Nothing;
    }
    let (column, row) = (ev.column, ev.row);
    match ev.kind {
        MouseEventKind::Down(MouseButton::Left) => Action::Click { column, row },
        MouseEventKind::ScrollDown => Action::Scroll {
            column,
            row,
            down: true,
        },
        MouseEventKind::ScrollUp => Action::Scroll {
            column,
            row,
            down: false,
        },
        _ => Action::Nothing,
    }
}

/// Apply `action` to the app.
pub fn update(app: &mut App, action: Action) -> Effect {
    match action {
        Action::Nothing => Effect::Nothing,
        Action::Resize => Effect::Redraw,
        Action::Click { column, row } => click(app, column, row),
        Action::Scroll { column, row, down } => scroll(app, column, row, down),
        Action::Input(key) => input(app, key),
        Action::Command(cmd) => {
            if !matches!(cmd, Command::Help) {
                app.message = None;
            }
            command(app, cmd)
        }
    }
}

fn command(app: &mut App, cmd: Command) -> Effect {
    let ctx = app.context();
    match ctx {
        Context::Help => {
            app.overlay = Overlay::None;
            Effect::Redraw
        }
        Context::Confirm => {
            let Overlay::Confirm(id) = std::mem::replace(&mut app.overlay, Overlay::None) else {
                return Effect::Redraw;
            };
            if cmd == Command::Yes {
                app.edit(Edit::DeleteClaim { claim: id });
                app.info(format!("deleted claim #{id} (Ctrl-z undoes)"));
            }
            Effect::Redraw
        }
        Context::Filter => {
            match cmd {
                Command::Accept => app.desk_state.filtering = false,
                Command::Cancel => {
                    app.desk_state.filtering = false;
                    app.desk_state.filter.clear();
                    app.refilter_desk();
                }
                Command::Down => app.desk_move(1, true),
                Command::Up => app.desk_move(-1, true),
                _ => {}
            }
            Effect::Redraw
        }
        Context::Import => {
            let Overlay::Import(text) = &mut app.overlay else {
                return Effect::Nothing;
            };
            match cmd {
                Command::Complete => {
                    let (done, candidates) = complete_path(text);
                    *text = done;
                    if candidates.len() > 1 {
                        let list = candidates.join("  ");
                        app.info(list);
                    }
                }
                Command::Accept => {
                    let path = text.clone();
                    app.overlay = Overlay::None;
                    app.import(&path);
                }
                _ => app.overlay = Overlay::None,
            }
            Effect::Redraw
        }
        Context::Find => {
            let Overlay::Find(q) = std::mem::replace(&mut app.overlay, Overlay::None) else {
                return Effect::Nothing;
            };
            if cmd == Command::Accept
                && !q.is_empty()
                && let Some(st) = app.story.as_mut()
            {
                st.find = Some(q);
                app.find_step(true, true);
            }
            Effect::Redraw
        }
        Context::EditText | Context::EditNote => {
            let overlay = std::mem::replace(&mut app.overlay, Overlay::None);
            if cmd == Command::Accept
                && let Some(claim) = app.selected_id()
            {
                match overlay {
                    Overlay::EditText(ta) => {
                        let text = ta.lines().join(" ");
                        app.edit(Edit::SetText { claim, text });
                    }
                    Overlay::EditNote(ta) => {
                        let note = ta.lines().join("\n");
                        app.edit(Edit::SetNote { claim, note });
                    }
                    _ => {}
                }
            } else if cmd != Command::Cancel {
                app.overlay = overlay;
            }
            Effect::Redraw
        }
        Context::Picker | Context::Form => {
            let Overlay::Picker(mut picker) = std::mem::replace(&mut app.overlay, Overlay::None)
            else {
                return Effect::Nothing;
            };
            let mut keep = true;
            if let Some(form) = picker.form.as_mut() {
                match cmd {
                    Command::NextField => form.focus = (form.focus + 1) % 4,
                    Command::PrevField => form.focus = (form.focus + 3) % 4,
                    Command::Accept => app.create_source(&mut picker),
                    Command::Cancel => picker.form = None,
                    _ => {}
                }
            } else {
                match cmd {
                    Command::Down => picker.move_by(1),
                    Command::Up => picker.move_by(-1),
                    Command::CycleStance => picker.cycle_stance(),
                    Command::NewSource => picker.form = Some(SourceForm::new(&picker.query)),
                    Command::Accept => keep = !app.link_from_picker(&picker),
                    Command::Cancel => keep = false,
                    _ => {}
                }
            }
            if keep {
                app.overlay = Overlay::Picker(picker);
            }
            Effect::Redraw
        }
        Context::Desk => match cmd {
            Command::Quit => Effect::Quit,
            Command::Help => {
                app.overlay = Overlay::Help(ctx);
                Effect::Redraw
            }
            Command::Down => {
                app.desk_move(1, true);
                Effect::Redraw
            }
            Command::Up => {
                app.desk_move(-1, true);
                Effect::Redraw
            }
            Command::Top => {
                app.desk_move(0, false);
                Effect::Redraw
            }
            Command::Bottom => {
                app.desk_move(isize::MAX, false);
                Effect::Redraw
            }
            Command::Open => {
                app.open_selected_story();
                Effect::Redraw
            }
            Command::Filter => {
                app.desk_state.filtering = true;
                Effect::Redraw
            }
            Command::Cancel => {
                app.desk_state.filter.clear();
                app.refilter_desk();
                Effect::Redraw
            }
            Command::Import => {
                app.overlay = Overlay::Import(String::new());
                Effect::Redraw
            }
            _ => Effect::Nothing,
        },
        Context::Story | Context::Article => {
            match cmd {
                Command::Quit => return Effect::Quit,
                Command::Help => app.overlay = Overlay::Help(ctx),
                Command::Undo => app.undo_redo(false),
                Command::Redo => app.undo_redo(true),
                Command::Find => app.overlay = Overlay::Find(String::new()),
                Command::Save => {
                    app.save();
                    if app.story.as_ref().is_some_and(|s| s.save_error.is_none()) {
                        app.info("saved");
                    }
                }
                _ if ctx == Context::Article => return app.article_command(cmd),
                Command::Down
                | Command::Up
                | Command::Top
                | Command::Bottom
                | Command::NextPending
                | Command::PrevPending => app.claim_move(cmd),
                Command::Confirmed => app.set_verdict(Verdict::Confirmed),
                Command::Unconfirmed => app.set_verdict(Verdict::Unconfirmed),
                Command::Disputed => app.set_verdict(Verdict::Disputed),
                Command::Pending => app.set_verdict(Verdict::Pending),
                Command::LinkSource => {
                    if app.selected_id().is_none() {
                        app.info("no claim selected");
                    } else if let Some(reg) = app.sources.as_ref() {
                        app.overlay = Overlay::Picker(Box::new(Picker::new(&reg.value)));
                    } else {
                        match app.desk.load_sources() {
                            Ok(reg) => {
                                app.overlay = Overlay::Picker(Box::new(Picker::new(&reg.value)));
                                app.sources = Some(reg);
                            }
                            Err(e) => app.error(e.to_string()),
                        }
                    }
                }
                Command::EditText => app.open_editor(false),
                Command::EditNote => app.open_editor(true),
                Command::Delete => {
                    if let Some(id) = app.selected_id() {
                        app.overlay = Overlay::Confirm(id);
                    }
                }
                Command::FocusArticle => {
                    let width = app.article_width;
                    if let Some(st) = app.story.as_mut() {
                        st.focus = Focus::Article;
                        // Start at the selected claim, or where the view is.
                        st.cursor = match st.selected_claim() {
                            Some(c) if !c.orphaned => c.anchor.start,
                            _ => {
                                let scroll = st.scroll;
                                st.index(width).lines.get(scroll).map_or(0, |r| r.start)
                            }
                        };
                        st.follow = true;
                    }
                }
                Command::Back => {
                    app.screen = Screen::Desk;
                    app.story = None;
                    app.refresh_desk();
                }
                _ => return Effect::Nothing,
            }
            Effect::Redraw
        }
    }
}

fn input(app: &mut App, key: KeyEvent) -> Effect {
    let changed = match &mut app.overlay {
        Overlay::EditText(ta) | Overlay::EditNote(ta) => ta.input(key),
        Overlay::Import(text) | Overlay::Find(text) => edit_line(text, &key),
        Overlay::Picker(picker) => {
            if let Some(form) = picker.form.as_mut() {
                let f = form.focus;
                edit_line(&mut form.fields[f], &key)
            } else {
                let changed = edit_line(&mut picker.query, &key);
                if changed && let Some(reg) = app.sources.as_ref() {
                    picker.selected = 0;
                    picker.refilter(&reg.value);
                }
                changed
            }
        }
        Overlay::None if app.desk_state.filtering => {
            let changed = edit_line(&mut app.desk_state.filter, &key);
            if changed {
                app.desk_state.selected = 0;
                app.refilter_desk();
            }
            changed
        }
        _ => false,
    };
    if changed {
        Effect::Redraw
    } else {
        Effect::Nothing
    }
}

fn click(app: &mut App, column: u16, row: u16) -> Effect {
    let pos = Position::new(column, row);
    let (claims, art) = (app.hit.claims, app.hit.article);
    let width = app.article_width;
    let Some(st) = app.story.as_mut() else {
        return Effect::Nothing;
    };
    if app.screen != Screen::Story {
        return Effect::Nothing;
    }
    if claims.contains(pos) {
        let i = st.claims_offset + (row - claims.y) as usize;
        if i < st.doc.story().claims.len() {
            st.selected = i;
            st.focus = Focus::Claims;
            st.follow = true;
            return Effect::Redraw;
        }
    } else if art.contains(pos) {
        let scroll = st.scroll;
        let line = scroll + (row - art.y) as usize;
        let Some(r) = st.index(width).lines.get(line).cloned() else {
            return Effect::Nothing;
        };
        let text = &st.doc.article;
        let want = (column - art.x) as usize;
        let mut w = 0;
        let mut at = r.end;
        for (off, g) in
            unicode_segmentation::UnicodeSegmentation::grapheme_indices(&text[r.clone()], true)
        {
            let gw = super::sanitize::grapheme_width(g);
            if want < w + gw {
                at = r.start + off;
                break;
            }
            w += gw;
        }
        let hit = st
            .doc
            .story()
            .claims
            .iter()
            .position(|c| !c.orphaned && c.anchor.start <= at && at < c.anchor.end);
        if let Some(i) = hit {
            st.selected = i;
            st.focus = Focus::Claims;
        } else {
            st.cursor = at;
            st.focus = Focus::Article;
        }
        return Effect::Redraw;
    }
    Effect::Nothing
}

fn scroll(app: &mut App, column: u16, row: u16, down: bool) -> Effect {
    let pos = Position::new(column, row);
    let (claims, art, h) = (app.hit.claims, app.hit.article, app.article_height);
    let width = app.article_width;
    if app.screen == Screen::Desk {
        app.desk_move(if down { 3 } else { -3 }, true);
        return Effect::Redraw;
    }
    let Some(st) = app.story.as_mut() else {
        return Effect::Nothing;
    };
    if art.contains(pos) {
        let lines = st.index(width).lines.len();
        let max = lines.saturating_sub(h.max(1));
        st.scroll = if down {
            (st.scroll + 3).min(max)
        } else {
            st.scroll.saturating_sub(3)
        };
        st.follow = false;
        Effect::Redraw
    } else if claims.contains(pos) {
        app.claim_move(if down { Command::Down } else { Command::Up });
        Effect::Redraw
    } else {
        Effect::Nothing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_completion_extends_to_the_common_prefix() {
        let dir = tempfile::tempdir().unwrap();
        for f in ["story-one.txt", "story-two.txt", "other.txt"] {
            std::fs::write(dir.path().join(f), "x").unwrap();
        }
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let base = format!("{}/", dir.path().display());
        let (done, many) = complete_path(&format!("{base}st"));
        assert_eq!(done, format!("{base}story-"));
        assert_eq!(many, vec!["story-one.txt", "story-two.txt"]);
        let (done, many) = complete_path(&format!("{base}o"));
        assert_eq!(done, format!("{base}other.txt"));
        assert!(many.is_empty());
        let (done, _) = complete_path(&format!("{base}su"));
        assert_eq!(done, format!("{base}sub/"));
        let (done, _) = complete_path(&format!("{base}zzz"));
        assert_eq!(done, format!("{base}zzz"));
    }
}
