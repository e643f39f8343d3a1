//! The terminal screen of factdesk.
//!
//! [`App`] holds the screens and pop-ups ([`component::Component`]s) and
//! moves [`Action`]s between them; nothing in it touches the terminal.
//! This module owns the terminal: setup, the event loop, and restoring the
//! terminal on exit, error and panic.

pub mod action;
pub mod app;
pub mod complete;
pub mod component;
pub mod desk_data;
pub mod env;
pub mod field;
pub mod fuzzy;
pub mod keymap;
pub mod popups;
pub mod screens;
pub mod seen;
pub mod status;
pub mod theme;
pub mod widgets;

use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event};
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
    enable_raw_mode()?;
    let mut out = io::stdout();
    execute!(out, EnterAlternateScreen, EnableMouseCapture)?;
    Terminal::new(CrosstermBackend::new(out))
}

/// Put the terminal back as we found it. Safe to call more than once.
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
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
    let theme = theme::Theme::from_env();
    let mut app = App::new(desk, editor, keymap, theme);
    app.build_in_background();
    if let Some(e) = keymap_error {
        let msg = e.to_string();
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
    let result = event_loop(&mut terminal, &mut app);
    restore();
    let _ = terminal.show_cursor();
    result
}

/// How often the loop looks for a finished background index.
const BACKGROUND_TICK: std::time::Duration = std::time::Duration::from_millis(100);

/// Terminal events to actions, actions through the app, frames drawn when
/// something changed.
fn event_loop(terminal: &mut Terminal<CrosstermBackend<io::Stdout>>, app: &mut App) -> Result<()> {
    terminal.draw(|f| draw(f, app)).map_err(tty_err)?;
    loop {
        // Blocks until something happens: no polling, no work when idle.
        // Only while an index is being built in the background does the
        // loop wake now and then to pick it up.
        let action =
            if app.waiting_for_background() && !event::poll(BACKGROUND_TICK).map_err(tty_err)? {
                Some(Action::Tick)
            } else {
                match event::read().map_err(tty_err)? {
                    Event::Key(key) => app.action_for_key(key),
                    Event::Mouse(m) => app.action_for_mouse(m),
                    Event::Resize(..) => Some(Action::Resize),
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
