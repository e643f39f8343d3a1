//! What every screen and pop-up is: a [`Component`] owns its state, turns
//! keys into [`Action`]s, changes its state only in `update`, fits itself
//! to the frame in `layout`, and draws without changing anything.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;

use crate::action::{Action, PopupRequest, Screen};
use crate::desk_data::DeskData;
use crate::env::Env;
use crate::keymap::{Command, Context, Keymap};
use factdesk_core::edit::Who;

pub trait Component {
    /// The keymap in force while this component has the keys.
    fn context(&self) -> Context;

    /// What `key` means here; changes nothing. By default the keymap's
    /// command, or, where there is a text field, the key to type.
    fn handle_key(&self, key: &KeyEvent, keymap: &Keymap) -> Option<Action> {
        keymap_action(self.context(), key, keymap)
    }

    /// Answer `action`; the one place the component's state changes.
    /// Returns whether anything changed (the screen is drawn again).
    fn update(&mut self, action: Action, cx: &mut Cx) -> bool;

    /// Fit to the frame's `area` before it is drawn: the results of layout
    /// (text wrapped at the width, scroll offsets that keep the selection
    /// in view, areas the mouse can hit) are kept for `update` and `draw`.
    fn layout(&mut self, _area: Rect, _data: &mut DeskData) {}

    /// Draw into `area`; reads only.
    fn draw(&self, frame: &mut Frame, area: Rect, view: &View);

    /// Draw the status bar instead of the app, when the component has
    /// something to ask there (a prompt being typed, a yes/no question).
    fn draw_status(&self, _frame: &mut Frame, _area: Rect, _view: &View) -> bool {
        false
    }

    /// What a screen says at the left of the status bar.
    fn status(&self, _view: &View) -> Vec<Span<'static>> {
        Vec::new()
    }
}

/// The keymap's command for `key` in `ctx`; in a context with a text
/// field, an unbound key is typed.
pub fn keymap_action(ctx: Context, key: &KeyEvent, keymap: &Keymap) -> Option<Action> {
    match keymap.lookup(ctx, key) {
        Some(cmd) => Some(Action::Command(cmd)),
        None if ctx.takes_text() => Some(Action::Input(*key)),
        None => None,
    }
}

/// The commands every screen shares: quit, help, and `1` `2` `3`.
pub fn screen_command(cmd: Command, ctx: Context) -> Option<Action> {
    Some(match cmd {
        Command::Quit => Action::Quit,
        Command::Help => Action::Open(PopupRequest::Help(ctx)),
        Command::DeskScreen => Action::Show(Screen::Desk),
        Command::ArchiveScreen => Action::Show(Screen::Archive),
        Command::SourcesScreen => Action::Show(Screen::Sources),
        Command::Sync => Action::Sync,
        _ => return None,
    })
}

/// What `update` works with: the environment, the shared desk data, and
/// the actions it asks for, which the app carries out next.
pub struct Cx<'a> {
    pub env: &'a Env,
    pub data: &'a mut DeskData,
    asked: Vec<Action>,
}

impl<'a> Cx<'a> {
    pub fn new(env: &'a Env, data: &'a mut DeskData) -> Cx<'a> {
        Cx {
            env,
            data,
            asked: Vec::new(),
        }
    }

    /// Ask the app for `action`, after this update.
    pub fn ask(&mut self, action: Action) {
        self.asked.push(action);
    }

    pub fn info(&mut self, msg: impl Into<String>) {
        self.ask(Action::Info(msg.into()));
    }

    pub fn error(&mut self, msg: impl Into<String>) {
        self.ask(Action::Error(msg.into()));
    }

    /// Ask for a pop-up.
    pub fn open(&mut self, request: PopupRequest) {
        self.ask(Action::Open(request));
    }

    pub fn who(&self) -> Who {
        self.env.who()
    }

    pub fn into_asked(self) -> Vec<Action> {
        self.asked
    }
}

/// What `draw` reads: everything shared, and what the status bar shows.
pub struct View<'a> {
    pub env: &'a Env,
    pub data: &'a DeskData,
    /// The context of the component that has the keys.
    pub ctx: Context,
    /// The keys worth showing in that context.
    pub hints: String,
    /// The status bar's message, and whether it is an error.
    pub message: Option<(&'a str, bool)>,
    /// A lasting warning (a broken user keymap), shown on the desk screen.
    pub warning: Option<&'a str>,
}

/// Move a list selection to `to` (or by `to`, when `relative`), within the
/// list's `len` rows; an empty list keeps it where it is.
pub fn move_in_list(selected: &mut usize, len: usize, to: isize, relative: bool) {
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

/// The first row of a list `rows` high that keeps `selected` in view,
/// moving from `offset` as little as possible.
pub fn keep_in_view(offset: usize, selected: usize, rows: usize) -> usize {
    if selected < offset {
        selected
    } else if rows > 0 && selected >= offset + rows {
        selected + 1 - rows
    } else {
        offset
    }
}
