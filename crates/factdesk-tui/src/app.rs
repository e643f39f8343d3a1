//! The app: the screens and pop-ups, what they share, and the one loop
//! that moves actions between them. A key goes to the component that has
//! it (the pop-up on top, else the screen shown), which turns it into an
//! [`Action`]; [`App::dispatch`] gives each action to the component it is
//! for, and carries out what components ask of each other (open a story,
//! go back, show a message) here, in one place. Nothing here touches the
//! terminal.

use chrono::{DateTime, FixedOffset, Utc};
use crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::collections::{HashMap, VecDeque};

use crate::action::Screen;
use crate::action::{Action, Back, Effect, PopupRequest, StoryAt};
use crate::component::{Component, Cx, View};
use crate::desk_data::DeskData;
use crate::env::Env;
use crate::field::{MAX_PASTE_TYPED, pasted_keys};
use crate::keymap::{Command, Context, Key, Keymap};
use crate::popups::Popup;
use crate::screens::archive::ArchiveScreen;
use crate::screens::desk::DeskScreen;
use crate::screens::sources::SourcesScreen;
use crate::screens::story::StoryScreen;
use crate::theme::Theme;
use factdesk_core::archive::ClaimRow;
use factdesk_core::edit::{Edit, UndoStack};
use factdesk_core::ids::StoryId;
use factdesk_core::model::Source;
use factdesk_core::store::Desk;
use factdesk_core::text::first_line;

/// Smallest terminal the layout works in.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;

/// The screens: the one shown, each screen's state, and the way back.
struct Screens {
    shown: Screen,
    desk: DeskScreen,
    /// The open story; there is one exactly while the story screen is
    /// shown.
    story: Option<StoryScreen>,
    archive: ArchiveScreen,
    sources: SourcesScreen,
    /// Where Esc on the story screen goes back to.
    back: Vec<Back>,
    /// The undo history of every story closed in this run, so that `Ctrl-z`
    /// after opening a story again still undoes its last change.
    undo: HashMap<StoryId, UndoStack>,
    /// Recovery files that unsaved changes were kept in, to say again
    /// once the screen is closed.
    kept: Vec<String>,
}

impl Screens {
    fn current(&self) -> &dyn Component {
        match (self.shown, &self.story) {
            (Screen::Story, Some(story)) => story,
            (Screen::Archive, _) => &self.archive,
            (Screen::Sources, _) => &self.sources,
            _ => &self.desk,
        }
    }

    fn current_mut(&mut self) -> &mut dyn Component {
        match (self.shown, &mut self.story) {
            (Screen::Story, Some(story)) => story,
            (Screen::Archive, _) => &mut self.archive,
            (Screen::Sources, _) => &mut self.sources,
            _ => &mut self.desk,
        }
    }

    /// Leave the open story (and let go of its lock), keeping its undo
    /// history for when it is opened again. Changes that could
    /// not be saved are kept in a recovery file, and said where; when they
    /// cannot be kept anywhere the story stays open and `false` says so.
    fn close_story(&mut self, cx: &mut Cx) -> bool {
        let Some(story) = self.story.as_mut() else {
            return true;
        };
        match story.leave(cx) {
            Ok(None) => {}
            Ok(Some(path)) => {
                let note = format!(
                    "unsaved changes to {} kept in {}",
                    story.story().id,
                    path.display()
                );
                cx.error(note.clone());
                self.kept.push(first_line(&note));
            }
            Err(why) => {
                cx.error(format!(
                    "your changes could not be saved nor kept ({why}); free some space, then Ctrl-s"
                ));
                return false;
            }
        }
        if let Some(story) = self.story.take() {
            let id = story.story().id.clone();
            self.undo.insert(id, story.into_undo());
        }
        true
    }

    /// `1` `2` `3`: the desk, archive or sources screen, read afresh; the
    /// way back is forgotten.
    fn show(&mut self, screen: Screen, cx: &mut Cx) {
        if !self.close_story(cx) {
            return;
        }
        self.back.clear();
        match screen {
            Screen::Desk => {
                self.desk.refresh(&cx.env.desk, cx.data);
                let background = cx.data.background();
                let conflicts = self.desk.conflicts();
                cx.data.sync.refresh(&cx.env.desk, conflicts, background);
            }
            Screen::Archive => {
                self.archive.start_search();
                self.archive.show(cx);
            }
            Screen::Sources => self.sources.show(cx),
            Screen::Story => return,
        }
        self.shown = screen;
    }

    /// Open `at`; once it is open, Esc there goes back to `back`. A story
    /// that cannot be opened from the story screen leaves it for the desk.
    fn open_story(&mut self, at: &StoryAt, back: Option<Back>, cx: &mut Cx) {
        // Let go of the story open before, and its lock, first.
        if !self.close_story(cx) {
            return;
        }
        match StoryScreen::open(at, cx) {
            Some(mut story) => {
                if let Some(undo) = self.undo.remove(&at.story) {
                    story.keep_undo(undo);
                }
                self.story = Some(story);
                self.shown = Screen::Story;
                self.back.extend(back);
            }
            None if self.shown == Screen::Story => self.show(Screen::Desk, cx),
            None => {}
        }
    }

    /// A sync finished: what the screens show is read again. The open
    /// story, when the sync brought changes to it and nothing of ours is
    /// waiting to be saved, is opened again on the same claim so that the
    /// other editors' rulings show (otherwise its next save merges them).
    fn synced(&mut self, done: &crate::sync_state::Finished, cx: &mut Cx) {
        self.desk.refresh(&cx.env.desk, cx.data);
        cx.data.rows_changed();
        if let Err(e) = cx.data.reload_sources(&cx.env.desk) {
            cx.error(e.to_string());
        }
        let background = cx.data.background();
        let conflicts = self.desk.conflicts();
        cx.data.sync.refresh(&cx.env.desk, conflicts, background);
        if let Some(story) = &self.story
            && done.changed.contains(&story.story().id)
            && !story.is_dirty()
        {
            let at = StoryAt {
                story: story.story().id.clone(),
                claim: story.selected_claim().map(|c| c.id),
            };
            self.open_story(&at, None, cx);
        }
    }

    /// An edit of a story not open here (the desk's details form), its
    /// undo kept for when the story is opened; the desk read again.
    fn edit_closed(&mut self, story: &StoryId, edit: Edit, done: Option<String>, cx: &mut Cx) {
        let undo = self.undo.entry(story.clone()).or_default();
        match crate::closed_edit::apply(&cx.env.desk, story, edit, undo, &cx.who()) {
            Ok(true) => {
                self.desk.refresh(&cx.env.desk, cx.data);
                self.desk.select(story);
                cx.data.rows_changed();
                if let Some(done) = done {
                    cx.info(done);
                }
            }
            Ok(false) => cx.info("no change"),
            Err(why) => cx.error(why),
        }
    }

    /// Esc on the story screen: back where the story was opened from.
    fn go_back(&mut self, cx: &mut Cx) {
        match self.back.pop() {
            Some(Back::Archive) => {
                if !self.close_story(cx) {
                    self.back.push(Back::Archive);
                    return;
                }
                self.archive.show(cx);
                self.shown = Screen::Archive;
            }
            Some(Back::Story(at)) => self.open_story(&at, None, cx),
            None => self.show(Screen::Desk, cx),
        }
    }
}

pub struct App {
    env: Env,
    data: DeskData,
    screens: Screens,
    /// Pop-ups over the screen; the last one has the keys.
    popups: Vec<Popup>,
    /// A one-line message for the status bar, and whether it is an error.
    message: Option<(String, bool)>,
    /// A lasting warning (a broken user keymap), shown on the desk screen.
    warning: Option<String>,
}

impl App {
    /// The screen with slow work (opening the archive, checking every
    /// story's stamps) done at once: tests, which want a deterministic
    /// state.
    pub fn new(desk: Desk, editor: String, keymap: Keymap, theme: Theme) -> App {
        App::with(desk, editor, keymap, theme, false)
    }

    /// The real screen: slow work on other threads.
    pub(crate) fn in_background(desk: Desk, editor: String, keymap: Keymap, theme: Theme) -> App {
        App::with(desk, editor, keymap, theme, true)
    }

    fn with(desk: Desk, editor: String, keymap: Keymap, theme: Theme, background: bool) -> App {
        let env = Env {
            desk,
            editor,
            keymap,
            theme,
            tz: *chrono::Local::now().offset(),
            now: None,
            program: std::env::current_exe().unwrap_or_else(|_| "factdesk".into()),
            desktop: Box::new(crate::desktop::System::default()),
        };
        let mut app = App {
            env,
            data: DeskData::default(),
            screens: Screens {
                shown: Screen::Desk,
                desk: DeskScreen::default(),
                story: None,
                archive: ArchiveScreen::default(),
                sources: SourcesScreen::default(),
                back: Vec::new(),
                undo: HashMap::new(),
                kept: Vec::new(),
            },
            popups: Vec::new(),
            message: None,
            warning: None,
        };
        app.data.set_background(background);
        if background {
            app.data.open_at_start(&app.env.desk);
        }
        app.screens.desk.refresh(&app.env.desk, &mut app.data);
        let conflicts = app.screens.desk.conflicts();
        app.data.sync.refresh(&app.env.desk, conflicts, background);
        app
    }

    /// The factdesk program git runs as the desk's merge driver when the
    /// screen syncs (this one, unless a test says otherwise).
    pub fn set_program(&mut self, program: std::path::PathBuf) {
        self.env.program = program;
    }

    /// Copy and open through `desktop` (tests record them instead).
    pub fn set_desktop(&mut self, desktop: Box<dyn crate::desktop::Desktop>) {
        self.env.desktop = desktop;
    }

    /// Whether a sync runs in the background.
    pub fn syncing(&self) -> bool {
        self.data.sync.running()
    }

    /// The desk's sync state, for tests that draw it.
    pub fn set_sync_status(&mut self, status: factdesk_core::sync::SyncStatus) {
        self.data.sync.set_status(status);
    }

    /// Show history times in `tz`, and make every edit at `now` (tests).
    pub fn set_clock(&mut self, tz: FixedOffset, now: Option<DateTime<Utc>>) {
        self.env.tz = tz;
        self.env.now = now;
    }

    /// A warning that stays on the desk screen (a broken user keymap).
    pub fn set_warning(&mut self, warning: &str) {
        self.warning = Some(first_line(warning));
    }

    /// Whether an index is being built in the background: the loop should
    /// send [`Action::Tick`] now and then to pick it up.
    pub fn waiting_for_background(&self) -> bool {
        self.data.busy() || self.data.sync.busy()
    }

    // ----- reading the state (for the status bar, tests and benches) -----

    pub fn screen(&self) -> Screen {
        self.screens.shown
    }

    /// Which keymap applies now: the context of the component with the keys.
    pub fn context(&self) -> Context {
        self.focused().context()
    }

    /// The status bar's message, and whether it is an error.
    pub fn message(&self) -> Option<(&str, bool)> {
        self.message.as_ref().map(|(m, e)| (m.as_str(), *e))
    }

    pub fn desk_screen(&self) -> &DeskScreen {
        &self.screens.desk
    }

    /// The story screen, while a story is open.
    pub fn story_screen(&self) -> Option<&StoryScreen> {
        self.screens.story.as_ref()
    }

    pub fn archive_screen(&self) -> &ArchiveScreen {
        &self.screens.archive
    }

    /// The claims the archive shows, in order.
    pub fn archive_rows(&self) -> Vec<&ClaimRow> {
        self.screens.archive.shown().collect()
    }

    pub fn sources_screen(&self) -> &SourcesScreen {
        &self.screens.sources
    }

    /// The source selected on the sources screen.
    pub fn selected_source(&self) -> Option<&Source> {
        self.screens.sources.selected(&self.data)
    }

    /// The pop-up that has the keys.
    pub fn popup(&self) -> Option<&Popup> {
        self.popups.last()
    }

    fn focused(&self) -> &dyn Component {
        match self.popups.last() {
            Some(p) => p.component(),
            None => self.screens.current(),
        }
    }

    // ----- from the terminal to actions -----

    /// What `key` means now, to the component that has the keys. `Ctrl-c`
    /// quits from anywhere, as in every terminal program: every edit is
    /// saved as it is made. A key that means nothing here says so, so
    /// that typing into the wrong panel is seen at once.
    pub fn action_for_key(&self, key: KeyEvent) -> Option<Action> {
        if key.kind == KeyEventKind::Release {
            return None;
        }
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            return Some(Action::Quit);
        }
        let focused = self.focused();
        let action = focused.handle_key(&key, &self.env.keymap);
        if action.is_none()
            && let Some(k) = Key::from_event(&key)
        {
            let mode = crate::status::mode_name(focused.context());
            let help = self
                .env
                .keymap
                .key_for(focused.context(), Command::Help)
                .map_or(String::new(), |h| format!("; {h} lists the keys"));
            return Some(Action::Info(format!("{k} does nothing in {mode}{help}")));
        }
        action
    }

    /// What pasted `text` means now: one action for the component that has
    /// the keys, whole (see [`App::dispatch`]: a field types it, the desk
    /// imports it, anything else says it changed nothing).
    pub fn action_for_paste(&self, text: String) -> Action {
        Action::Paste(text)
    }

    /// What the mouse did, for the screen (not while a pop-up is open).
    pub fn action_for_mouse(&self, ev: MouseEvent) -> Option<Action> {
        if !self.popups.is_empty() {
            return None;
        }
        let (column, row) = (ev.column, ev.row);
        match ev.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click { column, row }),
            MouseEventKind::ScrollDown => Some(Action::Scroll {
                column,
                row,
                down: true,
            }),
            MouseEventKind::ScrollUp => Some(Action::Scroll {
                column,
                row,
                down: false,
            }),
            _ => None,
        }
    }

    /// The screen is closing: the open story is left as on any other way
    /// out (unsaved changes kept in a recovery file). Returns what to tell
    /// the terminal once the screen is gone: where changes were kept.
    pub fn close(&mut self) -> Vec<String> {
        let mut cx = Cx::new(&self.env, &mut self.data);
        self.screens.close_story(&mut cx);
        std::mem::take(&mut self.screens.kept)
    }

    // ----- the one loop -----

    /// Carry out `action` and every action it leads to, each before the
    /// ones asked for after it; say what the terminal should do next.
    pub fn dispatch(&mut self, action: Action) -> Effect {
        let mut todo = VecDeque::from([action]);
        let mut effect = Effect::Nothing;
        while let Some(action) = todo.pop_front() {
            let (result, asked) = self.carry_out(action);
            match result {
                Effect::Quit => return Effect::Quit,
                Effect::Redraw => effect = Effect::Redraw,
                Effect::Nothing => {}
            }
            for a in asked.into_iter().rev() {
                todo.push_front(a);
            }
        }
        // Lookups the screen shows are made here, never while drawing.
        if let Some(story) = self.screens.story.as_mut() {
            story.look_up_seen(&self.data);
        }
        effect
    }

    /// One action: the component it is for, or the app itself.
    fn carry_out(&mut self, action: Action) -> (Effect, Vec<Action>) {
        let mut cx = Cx::new(&self.env, &mut self.data);
        let screens = &mut self.screens;
        let changed = match action {
            // Keys, for the component that has them; a command the user
            // gives (but help) puts away the last message.
            // A paste: for the component that has the keys, or typed into
            // its text field when it has no use for a paste as a whole.
            Action::Paste(text) => {
                let focused = match self.popups.last_mut() {
                    Some(p) => p.component_mut(),
                    None => screens.current_mut(),
                };
                let ctx = focused.context();
                if focused.update(Action::Paste(text.clone()), &mut cx) {
                    // A field keeps so much of a paste; say when it kept less.
                    let room = if matches!(
                        ctx,
                        Context::EditNote | Context::EditText | Context::LinkNote
                    ) {
                        crate::popups::editor::MAX_NOTE_CHARS
                    } else {
                        crate::field::MAX_FIELD_CHARS
                    };
                    if ctx.takes_text() && text.chars().count() > room {
                        cx.error(format!("pasted text cut to its first {room} characters"));
                    }
                    true
                } else if ctx.takes_text() {
                    let (keys, cut) = pasted_keys(&text, ctx == Context::EditNote);
                    let mut changed = false;
                    for key in keys {
                        changed |= focused.update(Action::Input(key), &mut cx);
                    }
                    if cut {
                        cx.error(format!(
                            "pasted text cut to its first {MAX_PASTE_TYPED} characters"
                        ));
                    }
                    changed
                } else {
                    let mode = crate::status::mode_name(ctx);
                    cx.info(format!(
                        "nothing to paste into in {mode}: nothing was changed"
                    ));
                    true
                }
            }
            Action::Command(_) | Action::Input(_) => {
                if matches!(action, Action::Command(cmd) if cmd != Command::Help) {
                    self.message = None;
                }
                let focused = match self.popups.last_mut() {
                    Some(p) => p.component_mut(),
                    None => screens.current_mut(),
                };
                focused.update(action, &mut cx)
            }
            // The mouse, for the screen.
            Action::Click { .. } | Action::Scroll { .. } => {
                screens.current_mut().update(action, &mut cx)
            }
            // Asked of one screen.
            Action::Edit { .. } | Action::Find(_) => match screens.story.as_mut() {
                Some(story) => story.update(action, &mut cx),
                None => false,
            },
            Action::EditStory { story, edit, done } => {
                screens.edit_closed(&story, edit, done, &mut cx);
                true
            }
            Action::Import(_)
            | Action::ImportArticles { .. }
            | Action::Revise { .. }
            | Action::DeleteStory(_) => screens.desk.update(action, &mut cx),
            Action::SourceSaved { .. } | Action::Merge { .. } => {
                screens.sources.update(action, &mut cx)
            }
            // Carried out here.
            Action::Resize => true,
            Action::Tick => {
                let open = screens.story.as_ref().map(StoryScreen::story);
                let arrived = cx.data.poll_similar(open);
                if arrived && let Some(story) = screens.story.as_mut() {
                    story.forget_seen();
                }
                if arrived {
                    screens.archive.refresh(cx.data, &cx.env.desk);
                    screens.desk.refresh(&cx.env.desk, cx.data);
                    let (conflicts, background) = (screens.desk.conflicts(), cx.data.background());
                    cx.data.sync.refresh(&cx.env.desk, conflicts, background);
                }
                // "indexing N%" moves on.
                let arrived = arrived || cx.data.indexing().is_some();
                let (moved, finished) = cx.data.sync.poll();
                if let Some(done) = finished {
                    screens.synced(&done, &mut cx);
                    cx.ask(if done.failed {
                        Action::Error(done.line)
                    } else {
                        Action::Info(done.line)
                    });
                }
                arrived || moved
            }
            Action::Sync => {
                let (desk, editor) = (&cx.env.desk, &cx.env.editor);
                match cx.data.sync.start(desk, editor, cx.env.program.clone()) {
                    Ok(()) => cx.info("syncing in the background…"),
                    Err(e) => cx.error(e),
                }
                true
            }
            // Quitting with changes a save could not write asks first.
            Action::Quit => {
                let Some(story) = screens.story.as_mut() else {
                    return (Effect::Quit, Vec::new());
                };
                if !story.unsaved_after_retry(&mut cx) {
                    return (Effect::Quit, Vec::new());
                }
                let why = story.save_error().unwrap_or("the save failed").to_string();
                cx.open(PopupRequest::Confirm {
                    question: format!(
                        "Your last changes are not saved ({why}). Quit and keep them in a recovery file? (y/n)"
                    ),
                    yes: vec![Action::QuitKeepingUnsaved],
                    no: Vec::new(),
                });
                true
            }
            Action::QuitKeepingUnsaved => {
                if screens.close_story(&mut cx) {
                    // What closing said (where the changes went) stays
                    // the last message.
                    for asked in cx.into_asked() {
                        if let Action::Info(m) | Action::Error(m) = asked {
                            self.message = Some((first_line(&m), true));
                        }
                    }
                    return (Effect::Quit, Vec::new());
                }
                true
            }
            Action::Show(screen) => {
                screens.show(screen, &mut cx);
                true
            }
            Action::OpenStory { at, back } => {
                screens.open_story(&at, back, &mut cx);
                true
            }
            Action::Back => {
                screens.go_back(&mut cx);
                true
            }
            Action::Open(request) => match Popup::open(request, cx.data) {
                Some(popup) => {
                    self.popups.push(popup);
                    true
                }
                None => false,
            },
            Action::Close => self.popups.pop().is_some(),
            Action::Info(m) => {
                self.message = Some((first_line(&m), false));
                true
            }
            Action::Error(m) => {
                self.message = Some((first_line(&m), true));
                true
            }
        };
        let effect = if changed {
            Effect::Redraw
        } else {
            Effect::Nothing
        };
        (effect, cx.into_asked())
    }

    // ----- drawing -----

    /// Fit every part of the screen to `area` (the frame about to be
    /// drawn): layout results are kept for drawing and for the mouse.
    pub fn layout(&mut self, area: Rect) {
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            return;
        }
        let [body, _] = Self::split(area);
        self.screens.current_mut().layout(body, &mut self.data);
        if let Some(p) = self.popups.last_mut() {
            p.component_mut().layout(body, &mut self.data);
        }
    }

    fn split(area: Rect) -> [Rect; 2] {
        Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area)
    }

    /// Draw the whole screen as the last [`App::layout`] fitted it; reads
    /// only.
    pub fn render(&self, frame: &mut Frame) {
        let area = frame.area();
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            let msg = format!(
                "Terminal too small (need {MIN_WIDTH}×{MIN_HEIGHT}, have {}×{})",
                area.width, area.height
            );
            let [mid] = Layout::vertical([Constraint::Length(1)])
                .flex(Flex::Center)
                .areas(area);
            frame.render_widget(Paragraph::new(Line::from(msg)).centered(), mid);
            return;
        }
        let [body, status_area] = Self::split(area);
        let focused = self.focused();
        let ctx = focused.context();
        let story = self.screens.story.as_ref();
        let state = crate::status::StoryState {
            save_failed: story.is_some_and(|s| s.save_error().is_some()),
            read_only: story.is_some_and(|s| s.read_only().is_some()),
        };
        let mut hints = crate::status::hints(&self.env.keymap, ctx, state);
        let in_conflict = self
            .screens
            .story
            .as_ref()
            .and_then(StoryScreen::selected_claim)
            .is_some_and(|c| !c.conflicts.is_empty());
        if in_conflict
            && ctx == Context::Story
            && let Some(k) = self.env.keymap.key_for(Context::Story, Command::Resolve)
        {
            hints = format!("{k} settle the conflict  {hints}");
        }
        let view = View {
            env: &self.env,
            data: &self.data,
            ctx,
            hints,
            message: self.message(),
            warning: self.warning.as_deref(),
        };
        let screen = self.screens.current();
        screen.draw(frame, body, &view);
        if !focused.draw_status(frame, status_area, &view) {
            let mut left = vec![crate::status::badge(ctx, &self.env.theme), Span::raw(" ")];
            left.extend(screen.status(&view));
            crate::status::draw(frame, status_area, &view, left);
        }
        if let Some(p) = self.popups.last() {
            p.component().draw(frame, body, &view);
        }
    }
}
