//! The terminal screen of factdesk.
//!
//! [`App`] holds the screens and pop-ups ([`component::Component`]s) and
//! moves [`Action`]s between them; nothing in it touches the terminal.
//! This module owns the terminal: setup, the event loop, and restoring the
//! terminal on exit, error and panic.

pub mod action;
pub mod app;
pub mod closed_edit;
pub mod complete;
pub mod component;
pub mod desk_data;
pub mod desktop;
pub mod env;
pub mod field;
pub mod fuzzy;
pub mod importing;
pub mod keymap;
pub mod paths;
pub mod popups;
pub mod screens;
pub mod seen;
pub mod status;
mod suspend;
pub mod sync_state;
pub mod theme;
pub mod widgets;

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Frame;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io;

pub use action::{Action, Back, Effect, PopupRequest, Screen, StoryAt};
pub use app::{App, MIN_HEIGHT, MIN_WIDTH};
pub use screens::story::Focus;

use factdesk_core::error::{Error, Result};
use factdesk_core::store::Desk;

/// Draw a frame: fit the app to the frame's size, then draw it.
pub fn draw(frame: &mut Frame, app: &mut App) {
    app.layout(frame.area());
    app.render(frame);
}

fn tty_err(e: io::Error) -> Error {
    Error::io("terminal", e)
}

fn setup() -> io::Result<Terminal<CrosstermBackend<io::Stdout>>> {
    enter()?;
    Terminal::new(CrosstermBackend::new(io::stdout()))
}

/// Take the terminal: raw mode, the alternate screen, the mouse.
fn enter() -> io::Result<()> {
    enable_raw_mode()?;
    // Bracketed paste: a pasted article arrives as one event, not as
    // thousands of keys that would each be a command.
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    )
}

/// Put the terminal back as we found it. Safe to call more than once.
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// Run the screen on `desk` as `editor` until the user quits. Standard
/// input and output must be a terminal (the caller says so otherwise).
pub fn run(desk: Desk, editor: String) -> Result<()> {
    let (keymap, keymap_error) = keymap::Keymap::load_user();
    let (theme, theme_error) = theme::Theme::load_user();
    let mut app = App::in_background(desk, editor, keymap, theme);
    // A settings file that does not parse is named, with its line, in the
    // status bar (and stays on the desk screen).
    let errors: Vec<String> = [keymap_error.map(|e| e.to_string())]
        .into_iter()
        .chain([theme_error.map(|e| e.to_string())])
        .flatten()
        .collect();
    if !errors.is_empty() {
        let msg = errors.join(" · ");
        app.set_warning(&msg);
        app.dispatch(Action::Error(msg));
    }
    install_panic_hook();
    let mut terminal = match setup() {
        Ok(t) => t,
        Err(e) => {
            restore();
            return Err(tty_err(e));
        }
    };
    let jobs = suspend::JobControl::install();
    let result = event_loop(&mut terminal, &mut app, jobs.as_ref());
    // However the loop ended (a quit, a terminal that went away), changes
    // that are not on disk are kept somewhere, and said where.
    let notes = app.close();
    restore();
    let _ = terminal.show_cursor();
    for note in notes {
        eprintln!("factdesk: {note}");
    }
    result
}

/// How often the loop looks for a finished background index.
const BACKGROUND_TICK: std::time::Duration = std::time::Duration::from_millis(100);

/// How soon the screen is drawn again after the process is continued.
const RESUME_CHECK: std::time::Duration = std::time::Duration::from_millis(200);

/// Terminal events to actions, actions through the app, frames drawn when
/// something changed.
fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<io::Stdout>>,
    app: &mut App,
    jobs: Option<&suspend::JobControl>,
) -> Result<()> {
    terminal.draw(|f| draw(f, app)).map_err(tty_err)?;
    loop {
        // Continued after a suspend: the terminal shows whatever the shell
        // drew meanwhile, so the whole screen is drawn again.
        // The alternate screen was entered afresh (blank), so a terminal
        // with empty buffers draws every cell; `clear` would ask the
        // terminal where its cursor is, which not every terminal answers.
        if jobs.is_some_and(suspend::JobControl::take_resumed) {
            *terminal = Terminal::new(CrosstermBackend::new(io::stdout())).map_err(tty_err)?;
            terminal.draw(|f| draw(f, app)).map_err(tty_err)?;
        }
        // Waits for something to happen. The loop wakes now and then only
        // to pick up an index built in the background, or to notice that
        // it was continued after a suspend.
        let waiting = app.waiting_for_background();
        let wake = if waiting {
            BACKGROUND_TICK
        } else {
            RESUME_CHECK
        };
        let action = if (waiting || jobs.is_some()) && !event::poll(wake).map_err(tty_err)? {
            waiting.then_some(Action::Tick)
        } else {
            match event::read().map_err(tty_err)? {
                Event::Key(key) => app.action_for_key(key),
                Event::Mouse(m) => app.action_for_mouse(m),
                Event::Resize(..) => Some(Action::Resize),
                Event::Paste(text) => Some(app.action_for_paste(text)),
                _ => None,
            }
        };
        let Some(action) = action else {
            continue;
        };
        match app.dispatch(action) {
            Effect::Quit => return Ok(()),
            Effect::Redraw => {
                terminal.draw(|f| draw(f, app)).map_err(tty_err)?;
            }
            Effect::Nothing => {}
        }
    }
}
