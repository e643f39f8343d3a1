//! Shared helpers of the screen tests: a fixture desk, an app on it with a
//! fixed clock and time zone, key presses by name, and rendering to text.
//! The tests drive the app only through keys and actions, and read it
//! through its read-only accessors or what it draws.
#![allow(dead_code)]

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use std::fmt::Write as _;
use std::path::Path;

use factdesk_core::edit::{Edit, Who, apply};
use factdesk_core::ids::{SourceId, StoryId};
use factdesk_core::model::{
    SCHEMA_VERSION, Source, SourceKind, SourceLink, Stance, Story, Verdict,
};
use factdesk_core::store::Desk;
use factdesk_tui::keymap::Keymap;
use factdesk_tui::screens::story::StoryScreen;
use factdesk_tui::theme::Theme;
use factdesk_tui::{Action, App, Effect};

#[path = "../support/copy.rs"]
mod copy;
#[allow(unused_imports)]
pub use copy::copy_dir;

pub const SEED: &str = include_str!("../fixtures/seed.txt");
pub const MAIN_ID: &str = "2017-06-16-russia-says-isis-leader-believed-killed";

pub fn t0() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2017-06-16T09:30:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

pub fn who(editor: &str, minutes: i64) -> Who {
    Who {
        editor: editor.into(),
        at: t0() + chrono::Duration::minutes(minutes),
    }
}

pub fn new_story(id: &str, headline: &str, date: Option<NaiveDate>, outlet: Option<&str>) -> Story {
    Story {
        version: SCHEMA_VERSION,
        id: StoryId::parse(id).unwrap(),
        headline: headline.into(),
        date,
        dateline: None,
        outlet: outlet.map(Into::into),
        byline: None,
        url: None,
        imported_at: t0(),
        imported_by: "ana".into(),
        article_len: 0,
        article_sha256: None,
        next_claim: 1,
        assignment: None,
        history: vec![],
        claims: vec![],
        deleted_claims: vec![],
    }
}

pub fn add_claim(s: &mut Story, article: &str, quote: &str, speaker: Option<&str>) -> u32 {
    let start = article
        .find(quote)
        .unwrap_or_else(|| panic!("{quote:?} not in article"));
    let end = start + quote.len();
    let anchor = factdesk_core::model::Anchor {
        start,
        end,
        quote: quote.into(),
        prefix: String::new(),
        suffix: String::new(),
    };
    apply(
        s,
        Edit::AddClaim {
            text: quote.into(),
            anchor,
            speaker: speaker.map(Into::into),
            score: None,
            cues: Vec::new(),
        },
        &who("ana", 0),
    )
    .unwrap()
    .unwrap()
    .claim
}

/// Build the fixture desk in `root`: the seed story with five claims in
/// all four verdicts, two more stories, and a source registry.
pub fn build_desk(root: &Path) -> Desk {
    let desk = Desk::create(root, "Politics desk").unwrap();
    let article = SEED;
    let mut s = new_story(
        MAIN_ID,
        "Russia says ISIS leader al-Baghdadi believed killed in airstrike",
        NaiveDate::from_ymd_opt(2017, 6, 16),
        Some("CBS News/AP"),
    );
    s.article_len = article.len();
    let c1 = add_claim(
        &mut s,
        article,
        "Abu Bakr al-Baghdadi was killed in a Russian strike in late May",
        Some("Russian Defense Ministry"),
    );
    let c2 = add_claim(
        &mut s,
        article,
        "two U.S. defense officials told CBS News they also had no information to back up the reports",
        Some("U.S. defense officials"),
    );
    let c3 = add_claim(
        &mut s,
        article,
        "also killed about 30 mid-level militant leaders and about 300 other fighters",
        Some("Russian Defense Ministry"),
    );
    let _c4 = add_claim(
        &mut s,
        article,
        "it had warned the U.S. “in advance through interaction channels about the time and place of the Russian airstrike,”",
        None,
    );
    let _c5 = add_claim(
        &mut s,
        article,
        "There have been previous unconfirmed reports of his demise that proved incorrect.",
        None,
    );
    let set = |s: &mut Story, claim, verdict, min| {
        apply(s, Edit::SetVerdict { claim, verdict }, &who("ben", min)).unwrap();
    };
    set(&mut s, c1, Verdict::Disputed, 5);
    set(&mut s, c2, Verdict::Confirmed, 7);
    set(&mut s, c3, Verdict::Unconfirmed, 9);
    apply(
        &mut s,
        Edit::SetNote {
            claim: c1,
            note: "Coalition could not confirm; earlier reports were wrong.".into(),
        },
        &who("ben", 10),
    )
    .unwrap();
    let link = |source: &str, stance| SourceLink {
        source: SourceId::parse(source).unwrap(),
        stance,
        note: None,
    };
    apply(
        &mut s,
        Edit::Link {
            claim: c1,
            link: link("russian-mod", Stance::Supports),
        },
        &who("ben", 11),
    )
    .unwrap();
    apply(
        &mut s,
        Edit::Link {
            claim: c1,
            link: link("us-coalition", Stance::Contradicts),
        },
        &who("ben", 12),
    )
    .unwrap();
    apply(
        &mut s,
        Edit::Link {
            claim: c2,
            link: link("cbs-news", Stance::Supports),
        },
        &who("ben", 13),
    )
    .unwrap();
    desk.add_story(s, article).unwrap();

    let art2 = "Coalition aircraft struck targets near Raqqa on Thursday, officials said.\n";
    let mut s2 = new_story(
        "2017-06-15-coalition-strikes-near-raqqa",
        "Coalition strikes near Raqqa as offensive on the city enters its second week — 日本語 summary included",
        NaiveDate::from_ymd_opt(2017, 6, 15),
        Some("Reuters"),
    );
    s2.article_len = art2.len();
    add_claim(
        &mut s2,
        art2,
        "Coalition aircraft struck targets near Raqqa on Thursday",
        None,
    );
    desk.add_story(s2, art2).unwrap();

    let art3 = "An undated piece.\n";
    let mut s3 = new_story(
        "undated-explainer",
        "Explainer: who leads ISIS?",
        None,
        None,
    );
    s3.article_len = art3.len();
    desk.add_story(s3, art3).unwrap();

    let mut reg = desk.load_sources().unwrap();
    let src = |id: &str, name: &str, kind| Source {
        id: SourceId::parse(id).unwrap(),
        name: name.into(),
        kind,
        url: None,
        outlet: None,
        accessed: None,
    };
    reg.value.sources = vec![
        src(
            "russian-mod",
            "Russian Defense Ministry",
            SourceKind::OfficialStatement,
        ),
        src("cbs-news", "CBS News", SourceKind::Wire),
        src("afp", "Agence France-Presse", SourceKind::Wire),
        src(
            "us-coalition",
            "US-led coalition statement",
            SourceKind::OfficialStatement,
        ),
    ];
    reg.save().unwrap();
    desk
}

/// A temporary copy of the fixture desk.
pub fn temp_desk() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    build_desk(dir.path());
    dir
}

/// An app on the desk at `root`, with a fixed clock and UTC times.
pub fn app_at(root: &Path, theme: Theme) -> App {
    let desk = Desk::open(root).unwrap();
    let mut app = App::new(desk, "ana".into(), Keymap::default_keymap(), theme);
    // Never the real clipboard or browser from a test.
    app.set_desktop(Box::new(factdesk_tui::desktop::Recorder::default()));
    app.set_clock(
        FixedOffset::east_opt(0).unwrap(),
        Some(t0() + chrono::Duration::hours(2)),
    );
    app
}

pub fn app(root: &Path) -> App {
    app_at(root, Theme::default_theme())
}

/// The key event for a keymap-style key name ("j", "G", "Ctrl-z", "Enter").
pub fn key_event(name: &str) -> KeyEvent {
    let (mods, rest) = match (name.strip_prefix("Ctrl-"), name.strip_prefix("Alt-")) {
        (Some(r), _) => (KeyModifiers::CONTROL, r),
        (_, Some(r)) if !r.is_empty() => (KeyModifiers::ALT, r),
        _ => (KeyModifiers::NONE, name),
    };
    let code = match rest {
        "Enter" => KeyCode::Enter,
        "Esc" => KeyCode::Esc,
        "Tab" => KeyCode::Tab,
        "BackTab" => KeyCode::BackTab,
        "Up" => KeyCode::Up,
        "Down" => KeyCode::Down,
        "Backspace" => KeyCode::Backspace,
        "PageDown" => KeyCode::PageDown,
        "PageUp" => KeyCode::PageUp,
        "Space" => KeyCode::Char(' '),
        s if s.chars().count() == 1 => KeyCode::Char(s.chars().next().unwrap()),
        s => panic!("unknown key {s}"),
    };
    let mods = match code {
        KeyCode::Char(c) if c.is_ascii_uppercase() => mods | KeyModifiers::SHIFT,
        _ => mods,
    };
    KeyEvent {
        code,
        modifiers: mods,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    }
}

/// Press keys, separated by spaces ("j j c").
pub fn press(app: &mut App, keys: &str) -> Effect {
    let mut last = Effect::Nothing;
    for k in keys.split(' ').filter(|k| !k.is_empty()) {
        last = match app.action_for_key(key_event(k)) {
            Some(action) => app.dispatch(action),
            None => Effect::Nothing,
        };
    }
    last
}

/// Type text into the open field.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        let ev = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        let action = app.action_for_key(ev);
        assert!(
            matches!(action, Some(Action::Input(_))),
            "{c:?} was not typed"
        );
        if let Some(action) = action {
            app.dispatch(action);
        }
    }
}

/// Open story `id` (as the desk's Enter or the archive would).
pub fn open(app: &mut App, id: &str) {
    app.dispatch(Action::open_story(StoryId::parse(id).unwrap()));
}

/// The open story's screen.
pub fn story(app: &App) -> &StoryScreen {
    app.story_screen().expect("a story is open")
}

/// The status bar's message and whether it is an error.
pub fn message(app: &App) -> (String, bool) {
    let (m, e) = app.message().expect("a message");
    (m.to_string(), e)
}

/// The first cell inside the box whose top border holds `title`, in a
/// screen as [`render`] returns it (each line in quotes): (column, row).
pub fn inside_box(screen: &str, title: &str) -> (u16, u16) {
    for (row, line) in screen.lines().enumerate() {
        let line = line.strip_prefix('"').unwrap_or(line);
        if let Some(at) = line.find(title) {
            let col = line[..at]
                .rfind('┌')
                .expect("a box corner before the title");
            let col = line[..col].chars().count();
            return (col as u16 + 1, row as u16 + 1);
        }
    }
    panic!("no box titled {title:?} in\n{screen}");
}

pub fn terminal(w: u16, h: u16) -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(w, h)).unwrap()
}

/// Draw the app at `w`×`h` and return the screen as text.
pub fn render(app: &mut App, w: u16, h: u16) -> String {
    let mut t = terminal(w, h);
    t.draw(|f| factdesk_tui::draw(f, app)).unwrap();
    t.backend().to_string()
}

pub fn render_buffer(app: &mut App, w: u16, h: u16) -> Buffer {
    let mut t = terminal(w, h);
    t.draw(|f| factdesk_tui::draw(f, app)).unwrap();
    t.backend().buffer().clone()
}

fn mods(m: Modifier) -> String {
    let mut s = String::new();
    for (flag, c) in [
        (Modifier::BOLD, 'B'),
        (Modifier::DIM, 'D'),
        (Modifier::ITALIC, 'I'),
        (Modifier::UNDERLINED, 'U'),
        (Modifier::REVERSED, 'R'),
    ] {
        if m.contains(flag) {
            s.push(c);
        }
    }
    s
}

/// The screen as text with style markers: `«BU»` starts a run in bold and
/// underline, `«»` a run without modifiers; colours are shown as `fg=`/`bg=`.
pub fn styled(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut last = None;
        let mut skip = 0;
        for x in 0..buf.area.width {
            let cell = &buf[(x, y)];
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let mut style = mods(cell.modifier);
            if cell.fg != Color::Reset {
                write!(style, " fg={}", cell.fg).unwrap();
            }
            if cell.bg != Color::Reset {
                write!(style, " bg={}", cell.bg).unwrap();
            }
            if last.as_ref() != Some(&style) {
                write!(out, "«{style}»").unwrap();
                last = Some(style);
            }
            out.push_str(cell.symbol());
            skip = unicode_width::UnicodeWidthStr::width(cell.symbol()).saturating_sub(1);
        }
        out.push('\n');
    }
    out
}
