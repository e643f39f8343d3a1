//! The terminal screen of factdesk.
//!
//! `app` holds the state and the pure key → action → update functions;
//! the `*_view`, `help` and `overlay` modules draw it; this module owns the
//! terminal: setup, the event loop, and restoring the terminal on exit,
//! error and panic.

pub mod app;
pub mod archive_view;
pub mod article;
pub mod complete;
pub mod desk_view;
pub mod dispatch;
pub mod help;
pub mod keymap;
pub mod overlay;
pub mod picker;
pub mod review;
pub mod sanitize;
pub mod sources_view;
pub mod status;
pub mod story_view;
pub mod theme;
pub mod unsaved;
pub mod widgets;

use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Frame;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use std::io;

pub use app::{Action, App, Effect};
pub use dispatch::{handle_key, handle_mouse, update};

use app::{Overlay, Screen};
use factdesk_core::error::{Error, Result};
use factdesk_core::store::Desk;

/// Smallest terminal the layout works in.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;

/// Draw the whole screen.
pub fn draw(frame: &mut Frame, app: &mut App) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = format!(
            "Terminal too small (need {MIN_WIDTH}×{MIN_HEIGHT}, have {}×{})",
            area.width, area.height
        );
        let [mid] = Layout::vertical([Constraint::Length(1)])
            .flex(ratatui::layout::Flex::Center)
            .areas(area);
        frame.render_widget(Paragraph::new(Line::from(msg)).centered(), mid);
        return;
    }
    let [body, status_area] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    match app.screen {
        Screen::Desk => desk_view::draw(frame, body, app),
        Screen::Story => story_view::draw(frame, body, app),
        Screen::Archive => archive_view::draw(frame, body, app),
        Screen::Sources => sources_view::draw(frame, body, app),
    }
    status::draw(frame, status_area, app);
    match &app.overlay {
        Overlay::Help(ctx) => help::draw(frame, body, &app.keymap, &app.theme, *ctx),
        Overlay::Picker(p) => {
            let claim = app
                .story
                .as_ref()
                .and_then(|s| s.selected_claim())
                .map(|c| c.id);
            let reg = app.sources.as_ref().map(|s| &s.value);
            overlay::draw_picker(frame, body, p, reg, claim, &app.theme);
        }
        Overlay::EditText(ta) => overlay::draw_editor(frame, body, ta, false, &app.theme),
        Overlay::EditNote(ta) => overlay::draw_editor(frame, body, ta, true, &app.theme),
        Overlay::SourceForm(edit) => sources_view::draw_form(frame, body, edit, &app.theme),
        Overlay::History(scroll) => {
            if let Some(c) = app.story.as_ref().and_then(|s| s.selected_claim()) {
                sources_view::draw_history(frame, body, c, *scroll, app.tz, &app.theme);
            }
        }
        _ => {}
    }
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
    app.build_in_background = true;
    if let Some(e) = keymap_error {
        app.warning = Some(sanitize::one_line(&e.0));
        app.error(e.0);
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
    // However the loop ended (a quit, a terminal that went away), changes
    // that are not on disk are kept somewhere, and said where.
    app.close_story();
    restore();
    let _ = terminal.show_cursor();
    for note in &app.exit_notes {
        eprintln!("factdesk: {note}");
    }
    result
}

/// How often the loop looks for a finished background index.
const BACKGROUND_TICK: std::time::Duration = std::time::Duration::from_millis(100);

fn event_loop(terminal: &mut Terminal<CrosstermBackend<io::Stdout>>, app: &mut App) -> Result<()> {
    terminal.draw(|f| draw(f, app)).map_err(tty_err)?;
    loop {
        // Blocks until something happens: no polling, no work when idle.
        // Only while an index is being built in the background does the
        // loop wake now and then to pick it up.
        if app.similar_job.is_some() && !event::poll(BACKGROUND_TICK).map_err(tty_err)? {
            if app.poll_background() {
                terminal.draw(|f| draw(f, app)).map_err(tty_err)?;
            }
            continue;
        }
        let action = match event::read().map_err(tty_err)? {
            Event::Key(key) => handle_key(app, key),
            Event::Mouse(m) => handle_mouse(app, m),
            Event::Resize(..) => Action::Resize,
            _ => Action::Nothing,
        };
        match update(app, action) {
            Effect::Quit => return Ok(()),
            Effect::Redraw => {
                terminal.draw(|f| draw(f, app)).map_err(tty_err)?;
            }
            Effect::Nothing => {}
        }
    }
}
