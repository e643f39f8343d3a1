//! Reading the story screen: the quote given the claims list's width, the
//! source count's heading, the detail wrapped with its indents and
//! scrolled, quotes with their own quotation marks; copying and opening
//! (recorded, never the real clipboard or browser); and `1` `2` `3` /
//! `Alt-1` `Alt-2` `Alt-3` from every screen.

mod common;

use common::*;
use factdesk_core::edit::{Edit, apply};
use factdesk_core::model::{SourceLink, Stance};
use factdesk_core::slug::SourceId;
use factdesk_core::store::Desk;
use factdesk_tui::Screen;
use factdesk_tui::desktop::Recorder;
use std::path::Path;

const LONG_ID: &str = "2017-06-20-ministry-briefing";

const LONG_ARTICLE: &str = "MOSCOW (AP) – The ministry repeated its account on Tuesday. \
“It is beyond doubt that the leader of the group was killed in the strike on the southern outskirts of Raqqa,” the ministry said in a statement. \
Officials in Washington said they had seen nothing that would back the claim up, and a coalition spokesman said the reports could not be confirmed at this time. \
The ministry said the strike killed more than three hundred fighters gathered for a meeting of the group's military council.\n";

/// The fixture desk and a story with long quotes, one a whole quotation,
/// a long note, and two linked sources with addresses.
fn reading_desk() -> tempfile::TempDir {
    let dir = temp_desk();
    let desk = Desk::open(dir.path()).unwrap();
    let mut s = new_story(
        LONG_ID,
        "Ministry repeats that the group's leader was killed",
        chrono::NaiveDate::from_ymd_opt(2017, 6, 20),
        Some("AP"),
    );
    s.article_len = LONG_ARTICLE.len();
    let quote = add_claim(
        &mut s,
        LONG_ARTICLE,
        "“It is beyond doubt that the leader of the group was killed in the strike on the southern outskirts of Raqqa,”",
        Some("Russian Defense Ministry"),
    );
    add_claim(
        &mut s,
        LONG_ARTICLE,
        "Officials in Washington said they had seen nothing that would back the claim up",
        Some("Officials in Washington"),
    );
    add_claim(
        &mut s,
        LONG_ARTICLE,
        "the strike killed more than three hundred fighters gathered for a meeting of the group's military council",
        None,
    );
    let note = "Called the ministry's press office twice; no answer. The coalition's spokesman, reached by phone, said there was nothing to confirm yet. \
The earlier reports of his death, in 2014 and 2016, proved wrong. Check again with the monitoring group before publishing anything.";
    apply(
        &mut s,
        Edit::SetNote {
            claim: quote,
            note: note.into(),
        },
        &who("ben", 20),
    )
    .unwrap();
    for (i, (source, stance)) in [
        ("russian-mod", Stance::Supports),
        ("us-coalition", Stance::Contradicts),
    ]
    .into_iter()
    .enumerate()
    {
        let link = SourceLink {
            source: SourceId::parse(source).unwrap(),
            stance,
            note: None,
        };
        apply(
            &mut s,
            Edit::Link { claim: quote, link },
            &who("ben", 21 + i as i64),
        )
        .unwrap();
    }
    desk.add_story(s, LONG_ARTICLE).unwrap();
    let mut reg = desk.load_sources().unwrap();
    for src in reg.value.sources.iter_mut() {
        src.url = match src.id.as_str() {
            "russian-mod" => Some("https://mil.ru/statement".into()),
            "us-coalition" => Some("https://inherentresolve.mil/release".into()),
            "cbs-news" => Some("javascript:alert(1)".into()),
            _ => None,
        };
    }
    reg.save().unwrap();
    dir
}

/// The screen above the status bar.
fn body(screen: &str) -> Vec<&str> {
    let lines: Vec<&str> = screen.lines().collect();
    lines[..lines.len() - 1].to_vec()
}

/// An app on `root` whose copies and opens are recorded.
fn recorded(root: &Path, desktop: &Recorder) -> factdesk_tui::App {
    let mut app = app(root);
    app.set_desktop(Box::new(desktop.clone()));
    app
}

#[test]
fn long_quotes_get_the_list_at_120x40() {
    let dir = reading_desk();
    let mut app = app(dir.path());
    open(&mut app, LONG_ID);
    let screen = render(&mut app, 120, 40);
    insta::assert_snapshot!(screen);
    // The quote gets the row: more than 35 of the list's 46 columns.
    let row = screen
        .lines()
        .find(|l| l.contains("▶[ ]P"))
        .expect("the selected row");
    let quote = row.split("▶[ ]P").nth(1).unwrap();
    assert!(
        quote.contains("“It is beyond doubt that the leader"),
        "{row}"
    );
    assert!(!screen.contains("““"), "{screen}");
    assert!(screen.contains(" src┐"), "the count column has a heading");
}

#[test]
fn long_quotes_get_the_list_at_80x24_and_the_detail_says_there_is_more() {
    let dir = reading_desk();
    let mut app = app(dir.path());
    open(&mut app, LONG_ID);
    let screen = render(&mut app, 80, 24);
    insta::assert_snapshot!(screen);
    assert!(screen.contains("more: PageDown"), "{screen}");
}

#[test]
fn the_detail_scrolls_by_key_and_by_wheel_and_starts_at_the_top_for_another_claim() {
    let dir = reading_desk();
    let mut app = app(dir.path());
    open(&mut app, LONG_ID);
    let before = render(&mut app, 80, 24);
    press(&mut app, "PageDown");
    let screen = render(&mut app, 80, 24);
    insta::assert_snapshot!("detail_scrolled_80x24", screen);
    assert_ne!(before, screen);
    // The end of the note and the history are now in view, wrapped lines
    // keeping their indent.
    assert!(
        screen.contains("││  before publishing anything. │"),
        "{screen}"
    );
    press(&mut app, "PageDown PageDown PageDown");
    assert_eq!(message(&app).0, "the end of the detail");
    press(&mut app, "PageUp PageUp PageUp PageUp");
    assert_eq!(message(&app).0, "the top of the detail");
    assert_eq!(body(&render(&mut app, 80, 24)), body(&before));
    // The wheel over the detail scrolls it, not the list.
    let (col, row) = inside_box(&before, " Detail ");
    app.dispatch(factdesk_tui::Action::Scroll {
        column: col + 2,
        row: row + 2,
        down: true,
    });
    let wheeled = render(&mut app, 80, 24);
    assert_ne!(wheeled, before);
    assert_eq!(story(&app).selected_claim().unwrap().id, 1);
    // Another claim, and back: each starts at the top.
    press(&mut app, "j k");
    assert_eq!(body(&render(&mut app, 80, 24)), body(&before));
    // A claim whose detail fits says so.
    press(&mut app, "j");
    render(&mut app, 80, 24);
    press(&mut app, "PageDown");
    assert_eq!(message(&app).0, "the detail shows all of claim #2");
}

#[test]
fn history_in_the_detail_names_a_note_by_its_first_words() {
    let dir = reading_desk();
    let mut app = app(dir.path());
    open(&mut app, LONG_ID);
    press(&mut app, "PageDown PageDown");
    let screen = render(&mut app, 120, 40);
    // Scrolled as far as it goes at 120×40 (all of it fits).
    assert!(screen.contains("ben note set: “Called the  │"), "{screen}");
    assert!(
        screen.contains("│  ministry's press office twice;…”"),
        "{screen}"
    );
    assert_eq!(screen.matches("press office").count(), 2, "{screen}");
}

#[test]
fn y_copies_the_quote_and_the_selection_and_b_opens_each_linked_source_in_turn() {
    let dir = reading_desk();
    let desktop = Recorder::default();
    let mut app = recorded(dir.path(), &desktop);
    open(&mut app, LONG_ID);
    press(&mut app, "y");
    let quote = story(&app).selected_claim().unwrap().text.clone();
    assert_eq!(desktop.copied(), std::slice::from_ref(&quote));
    assert_eq!(
        message(&app),
        (
            format!(
                "copied the quote of claim #1: {} characters",
                quote.chars().count()
            ),
            false
        )
    );
    // Two linked sources with addresses: b opens one, then the next.
    press(&mut app, "b");
    assert_eq!(
        message(&app).0,
        "opened Russian Defense Ministry (1 of 2) in the browser: https://mil.ru/statement"
    );
    press(&mut app, "b b");
    assert_eq!(
        desktop.opened(),
        [
            "https://mil.ru/statement",
            "https://inherentresolve.mil/release",
            "https://mil.ru/statement"
        ]
    );
    press(&mut app, "Y");
    assert_eq!(
        desktop.copied().last().unwrap(),
        "https://inherentresolve.mil/release"
    );
    // In the article, y copies the selection.
    press(&mut app, "Tab g v w w");
    press(&mut app, "y");
    let (msg, _) = message(&app);
    assert!(msg.starts_with("copied the selection: "), "{msg}");
    assert!(desktop.copied().last().unwrap().starts_with("MOSCOW (AP)"));
    // A claim without sources says so, and opens nothing.
    press(&mut app, "Esc Esc j b");
    assert_eq!(message(&app).0, "claim #2 links no source (s links one)");
    assert_eq!(desktop.opened().len(), 3);
}

#[test]
fn only_web_addresses_are_opened_and_without_a_browser_the_address_is_copied() {
    let dir = reading_desk();
    let desktop = Recorder::default();
    let mut app = recorded(dir.path(), &desktop);
    // Claim #2 of the main story links cbs-news, whose address is not one.
    open(&mut app, MAIN_ID);
    press(&mut app, "j b");
    let (msg, error) = message(&app);
    assert!(error && msg.starts_with("not opened: "), "{msg}");
    assert!(desktop.opened().is_empty());

    let desktop = Recorder::without_browser();
    let mut app = recorded(dir.path(), &desktop);
    open(&mut app, LONG_ID);
    press(&mut app, "b");
    assert_eq!(
        message(&app),
        (
            "no browser (no display): copied the address instead: https://mil.ru/statement".into(),
            true
        )
    );
    assert_eq!(desktop.copied(), ["https://mil.ru/statement"]);
}

#[test]
fn the_sources_screen_copies_and_opens_the_selected_source() {
    let dir = reading_desk();
    let desktop = Recorder::default();
    let mut app = recorded(dir.path(), &desktop);
    press(&mut app, "3");
    assert_eq!(app.screen(), Screen::Sources);
    let name = app.selected_source().unwrap().name.clone();
    let url = app.selected_source().unwrap().url.clone();
    press(&mut app, "y");
    match url {
        Some(u) => assert_eq!(desktop.copied(), [u]),
        None => assert_eq!(
            message(&app).0,
            format!("{name} has no address (e adds one)")
        ),
    }
    // Down to a source with an address.
    while app.selected_source().unwrap().url.as_deref() != Some("https://mil.ru/statement") {
        press(&mut app, "j");
    }
    press(&mut app, "b y");
    assert_eq!(desktop.opened(), ["https://mil.ru/statement"]);
    assert_eq!(desktop.copied().last().unwrap(), "https://mil.ru/statement");
    assert_eq!(
        message(&app).0,
        "copied the address of Russian Defense Ministry: 24 characters"
    );
}

#[test]
fn the_archive_copies_the_claim_quote() {
    let dir = reading_desk();
    let desktop = Recorder::default();
    let mut app = recorded(dir.path(), &desktop);
    press(&mut app, "2");
    type_text(&mut app, "beyond doubt");
    press(&mut app, "Esc y");
    assert_eq!(desktop.copied().len(), 1);
    assert!(desktop.copied()[0].starts_with("“It is beyond doubt"));
}

#[test]
fn screens_switch_from_every_screen_and_digits_type_in_the_search_line() {
    let dir = reading_desk();
    let mut app = app(dir.path());
    // The archive search line: 3 is typed, Alt-3 switches.
    press(&mut app, "2");
    assert_eq!(app.screen(), Screen::Archive);
    assert!(app.archive_screen().searching());
    type_text(&mut app, "30");
    assert_eq!(app.archive_screen().query(), "30");
    assert_eq!(app.screen(), Screen::Archive);
    press(&mut app, "Alt-3");
    assert_eq!(app.screen(), Screen::Sources);
    press(&mut app, "2");
    press(&mut app, "Alt-1");
    assert_eq!(app.screen(), Screen::Desk);
    // The desk filter: the digits type, Alt-2 and Alt-3 switch.
    press(&mut app, "/");
    type_text(&mut app, "2017");
    press(&mut app, "Alt-2");
    assert_eq!(app.screen(), Screen::Archive);
    press(&mut app, "Alt-1 / Alt-3");
    assert_eq!(app.screen(), Screen::Sources);
    // Every list and panel: the digits, and Alt with them.
    for (keys, to) in [
        ("1", Screen::Desk),
        ("Alt-2", Screen::Archive),
        ("Esc 3", Screen::Sources),
        ("Alt-1", Screen::Desk),
    ] {
        press(&mut app, keys);
        assert_eq!(app.screen(), to, "{keys}");
    }
    for (panel, keys) in [("", ""), ("the article", "Tab")] {
        for (key, to) in [
            ("1", Screen::Desk),
            ("2", Screen::Archive),
            ("3", Screen::Sources),
            ("Alt-1", Screen::Desk),
            ("Alt-2", Screen::Archive),
            ("Alt-3", Screen::Sources),
        ] {
            open(&mut app, LONG_ID);
            press(&mut app, keys);
            press(&mut app, key);
            assert_eq!(app.screen(), to, "{key} in the story {panel}");
        }
    }
    // The hints of the search line say how to leave it.
    press(&mut app, "2");
    let screen = render(&mut app, 120, 40);
    let status = screen.lines().last().unwrap();
    assert!(status.contains("Alt-1 desk"), "{status}");
    assert!(status.contains("Alt-3 sources"), "{status}");
}

#[test]
fn help_that_does_not_fit_scrolls() {
    let dir = reading_desk();
    let mut app = app(dir.path());
    open(&mut app, LONG_ID);
    press(&mut app, "?");
    let first = render(&mut app, 80, 24);
    assert!(first.contains("j k more · Esc or ? closes"), "{first}");
    assert!(!first.contains("click a claim"), "{first}");
    for _ in 0..40 {
        press(&mut app, "j");
        render(&mut app, 80, 24);
    }
    let last = render(&mut app, 80, 24);
    assert!(last.contains("click a claim"), "{last}");
    assert_eq!(app.context(), factdesk_tui::keymap::Context::Help);
    // At 120×40 every key fits, and j does not move anything.
    let all = render(&mut app, 120, 40);
    assert!(
        all.contains("click a claim") && all.contains("next claim"),
        "{all}"
    );
    press(&mut app, "Esc");
    assert_eq!(app.context(), factdesk_tui::keymap::Context::Story);
}

#[test]
fn an_article_control_characters_never_reach_the_clipboard() {
    let dir = temp_desk();
    let desk = Desk::open(dir.path()).unwrap();
    let article =
        "The minister said \u{1b}]52;c;ZXZpbA==\u{7}the figure was \u{202e}wrong\u{202c} today.\n";
    let mut s = new_story("2017-06-21-hostile", "Hostile", None, None);
    s.article_len = article.len();
    add_claim(
        &mut s,
        article,
        "said \u{1b}]52;c;ZXZpbA==\u{7}the figure was \u{202e}wrong\u{202c} today",
        None,
    );
    desk.add_story(s, article).unwrap();
    let desktop = Recorder::default();
    let mut app = recorded(dir.path(), &desktop);
    open(&mut app, "2017-06-21-hostile");
    press(&mut app, "y");
    assert_eq!(
        desktop.copied(),
        ["said ]52;c;ZXZpbA==the figure was wrong today"]
    );
}
