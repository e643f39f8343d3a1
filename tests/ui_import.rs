//! Importing on the screen: an article pasted into the terminal (shown,
//! with the headline found, before it is imported), the date asked of an
//! article that gives none, and hostile pastes refused in one line.

mod common;

use common::*;
use factdesk_core::ids::StoryId;
use factdesk_core::store::Desk;
use factdesk_tui::keymap::Context;
use factdesk_tui::popups::Popup;
use factdesk_tui::{Action, App, Screen};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn fixture_text(name: &str) -> String {
    std::fs::read_to_string(fixture(name)).unwrap()
}

/// The headlines the import preview lists.
fn previewed(app: &App) -> Vec<String> {
    match app.popup() {
        Some(Popup::ImportPreview(p)) => p
            .articles()
            .iter()
            .map(|a| a.meta.headline.clone())
            .collect(),
        other => panic!("no import preview: {other:?}"),
    }
}

/// Every story folder's name in the desk.
fn story_dirs(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root.join("stories"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn load(root: &Path, id: &str) -> factdesk_core::model::Story {
    Desk::open(root)
        .unwrap()
        .load_story(&StoryId::parse(id).unwrap())
        .unwrap()
        .file
        .value
}

#[test]
fn a_pasted_page_shows_its_headline_then_imports_on_enter() {
    let dir = temp_desk();
    let mut app = app(dir.path());
    let before = story_dirs(dir.path());
    // Pasted on the desk screen, without a key first: the preview opens.
    app.dispatch(Action::Paste(fixture_text("courier-og-jsonld.html")));
    assert_eq!(app.context(), Context::ImportPreview);
    assert_eq!(
        previewed(&app),
        ["Flood toll rises to 40 as river crests in Valmont"]
    );
    let screen = render(&mut app, 120, 40);
    assert!(screen.contains("Import: pasted text"), "{screen}");
    assert!(screen.contains("Fri 14 Mar 2025"), "{screen}");
    assert_eq!(story_dirs(dir.path()), before, "nothing before Enter");

    press(&mut app, "Enter");
    assert!(app.popup().is_none());
    let (msg, is_error) = message(&app);
    assert!(!is_error, "{msg}");
    assert_eq!(msg, "imported 2025-03-14-flood-toll-rises-to-40-as");
    // The new story is selected: Enter opens it.
    press(&mut app, "Enter");
    assert_eq!(app.screen(), Screen::Story);
    assert_eq!(
        story(&app).story().id.as_str(),
        "2025-03-14-flood-toll-rises-to-40-as"
    );
    // The story screen credits the byline.
    assert!(render(&mut app, 120, 40).contains("The Valley Courier · by Maria Lindqvist"));
    let folder = dir
        .path()
        .join("stories/2025-03-14-flood-toll-rises-to-40-as");
    assert_eq!(
        std::fs::read_to_string(folder.join("original.html")).unwrap(),
        fixture_text("courier-og-jsonld.html"),
        "the page is kept as it was pasted"
    );
}

#[test]
fn p_waits_for_the_paste_and_esc_imports_nothing() {
    let dir = temp_desk();
    let mut app = app(dir.path());
    let before = story_dirs(dir.path());
    press(&mut app, "p");
    assert_eq!(app.context(), Context::ImportPreview);
    assert!(render(&mut app, 80, 24).contains("Paste the article now"));
    // Enter before anything is pasted says what to do.
    press(&mut app, "Enter");
    assert!(message(&app).0.starts_with("paste the article first"));
    app.dispatch(Action::Paste(fixture_text("nitf-story.xml")));
    assert_eq!(previewed(&app).len(), 1);
    press(&mut app, "Esc");
    assert!(app.popup().is_none());
    assert_eq!(message(&app), ("nothing imported".into(), false));
    assert_eq!(story_dirs(dir.path()), before);
    // Ctrl-v is a way in too.
    press(&mut app, "Ctrl-v");
    assert_eq!(app.context(), Context::ImportPreview);
}

#[test]
fn an_undated_paste_asks_for_its_date() {
    let dir = temp_desk();
    let mut app = app(dir.path());
    // Terminals end pasted lines with a carriage return.
    let text = "Port reopens after storm\r\rThe harbour master said on Monday that 12 ships were waiting.\r";
    app.dispatch(Action::Paste(text.into()));
    assert_eq!(previewed(&app), ["Port reopens after storm"]);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("no date"), "{screen}");
    assert!(screen.contains("Published on: "), "{screen}");

    // No date yet: Enter says what to type, and imports nothing.
    press(&mut app, "Enter");
    let (msg, is_error) = message(&app);
    assert!(is_error && msg.starts_with("type the date"), "{msg}");
    assert_eq!(app.context(), Context::ImportPreview);

    // Something that is not one day is refused with the reason.
    type_text(&mut app, "3/4/2025");
    assert!(render(&mut app, 80, 24).contains("(not a date yet)"));
    press(&mut app, "Enter");
    let (msg, is_error) = message(&app);
    assert!(is_error && msg.contains("ambiguous"), "{msg}");

    press(&mut app, "Ctrl-u");
    type_text(&mut app, "March 14, 2025");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("→ Friday 14 March 2025"), "{screen}");
    press(&mut app, "Enter");
    let (msg, is_error) = message(&app);
    assert!(!is_error, "{msg}");
    assert_eq!(msg, "imported 2025-03-14-port-reopens-after-storm");
    let story = load(dir.path(), "2025-03-14-port-reopens-after-storm");
    assert_eq!(
        story.date.map(|d| d.to_string()).as_deref(),
        Some("2025-03-14")
    );
    assert_eq!(story.headline, "Port reopens after storm");
}

#[test]
fn a_file_without_a_date_asks_for_one_and_a_dated_one_does_not() {
    let dir = temp_desk();
    let files = tempfile::tempdir().unwrap();
    let undated = files.path().join("undated.txt");
    std::fs::write(&undated, "The mayor said 3 bridges were closed.\n").unwrap();
    let mut app = app(dir.path());
    press(&mut app, "i");
    type_text(&mut app, &undated.display().to_string());
    press(&mut app, "Enter");
    assert_eq!(app.context(), Context::ImportPreview);
    // The clock of the tests stands on Friday 16 June 2017.
    type_text(&mut app, "yesterday");
    press(&mut app, "Enter");
    assert_eq!(
        message(&app),
        (
            "imported 2017-06-15-the-mayor-said-3-bridges-were".into(),
            false
        )
    );

    // The story imported is open; the desk is one Esc away.
    assert_eq!(app.screen(), factdesk_tui::action::Screen::Story);
    press(&mut app, "Esc");
    // A dated page goes straight in, as before.
    press(&mut app, "i");
    type_text(
        &mut app,
        &fixture("gazette-h1-time.html").display().to_string(),
    );
    press(&mut app, "Enter");
    assert!(app.popup().is_none());
    assert_eq!(
        message(&app),
        (
            "imported 2024-11-07-council-approves-ferry-subsidy-after-five".into(),
            false
        )
    );
}

#[test]
fn a_pasted_feed_lists_every_item_and_imports_each() {
    let dir = temp_desk();
    let mut app = app(dir.path());
    app.dispatch(Action::Paste(fixture_text("ninjs-2-array.json")));
    let headlines = previewed(&app);
    assert_eq!(headlines.len(), 2, "{headlines:?}");
    press(&mut app, "Enter");
    let (msg, is_error) = message(&app);
    assert!(!is_error, "{msg}");
    assert!(
        msg.starts_with("imported 2 stories; showing the first, "),
        "{msg}"
    );
    assert_eq!(app.desk_screen().stories().len(), 5);
}

#[test]
fn hostile_pastes_are_refused_in_one_line_with_nothing_written() {
    let dir = temp_desk();
    let mut app = app(dir.path());
    let before = story_dirs(dir.path());
    let nested = format!(
        "<html><body>{}<p>Officials said 40 people died.</p></body></html>",
        "<div>".repeat(10_000)
    );
    let laughs = "<?xml version=\"1.0\"?><!DOCTYPE nitf [<!ENTITY lol \"lol\">]><nitf><body><body.content><p>&lol;</p></body.content></body></nitf>";
    let cases = [
        (nested, "elements nested more than 512 deep"),
        (laughs.to_string(), "its DOCTYPE declares entities"),
        ("\u{0}\u{1}\u{2}\u{3}binary".repeat(100), "binary"),
    ];
    for (text, why) in cases {
        app.dispatch(Action::Paste(text));
        assert!(app.popup().is_none(), "{why}: no preview");
        let (msg, is_error) = message(&app);
        assert!(is_error, "{msg}");
        assert!(msg.starts_with("pasted text: "), "{msg}");
        assert!(msg.contains(why), "{msg}");
        assert!(!msg.contains('\n'));
    }
    assert_eq!(story_dirs(dir.path()), before);

    // Escapes in a page's title never reach the screen.
    let page = "<html><head><title>Dam\u{1b}]0;pwned\u{7} holds</title></head><body><article><p>The dam held on Friday, officials said, and water fell.</p></article></body></html>";
    app.dispatch(Action::Paste(page.into()));
    let screen = render(&mut app, 80, 24);
    assert!(!screen.contains('\u{1b}') && !screen.contains('\u{7}'));
    assert!(screen.contains("Dam"), "{screen}");
}

#[test]
fn a_file_dropped_on_the_import_prompt_is_its_path() {
    let dir = temp_desk();
    let mut app = app(dir.path());
    press(&mut app, "i");
    let path = fixture("gazette-h1-time.html");
    app.dispatch(Action::Paste(format!("'{}'\r", path.display())));
    let Some(Popup::Import(prompt)) = app.popup() else {
        panic!("prompt closed")
    };
    assert_eq!(prompt.text(), path.display().to_string());
}

#[test]
fn the_desk_help_lists_the_paste_key() {
    let dir = temp_desk();
    let mut app = app(dir.path());
    press(&mut app, "?");
    let screen = render(&mut app, 120, 40);
    assert!(
        screen.contains("import an article from the clipboard (paste it)"),
        "{screen}"
    );
}

#[test]
fn preview_snapshots() {
    let dir = temp_desk();
    let mut app = app(dir.path());
    app.dispatch(Action::Paste(fixture_text("ninjs-2-array.json")));
    insta::assert_snapshot!("import_preview_feed_120x40", render(&mut app, 120, 40));
    press(&mut app, "Esc");
    app.dispatch(Action::Paste(
        "Port reopens after storm\n\nThe harbour master said 12 ships were waiting.\n".into(),
    ));
    type_text(&mut app, "Mar. 14");
    insta::assert_snapshot!("import_preview_date_80x24", render(&mut app, 80, 24));
}

/// With bracketed paste on, a paste into any other field is typed there,
/// as it was before: line ends as Enter only where the field takes lines.
#[test]
fn a_paste_into_another_field_is_typed_into_it() {
    let dir = temp_desk();
    let mut app = app(dir.path());
    press(&mut app, "/");
    app.dispatch(Action::Paste("Raqqa\r".into()));
    assert_eq!(app.desk_screen().filter(), "Raqqa ");
    assert!(
        app.popup().is_none(),
        "a paste in the filter imports nothing"
    );
    press(&mut app, "Esc");

    open(&mut app, MAIN_ID);
    let before = story(&app).selected_claim().unwrap().note.clone();
    press(&mut app, "n");
    assert_eq!(app.context(), Context::EditNote);
    app.dispatch(Action::Paste("line one\r\nline\u{1b} two".into()));
    press(&mut app, "Ctrl-s");
    let note = story(&app).selected_claim().unwrap().note.clone();
    assert_eq!(note, format!("{before}line one\nline two"));

    // A paste longer than a field should hold is cut, and says so.
    press(&mut app, "Tab /");
    assert_eq!(app.context(), Context::Find);
    app.dispatch(Action::Paste("x".repeat(100_000)));
    let (msg, is_error) = message(&app);
    assert!(is_error && msg.starts_with("pasted text cut"), "{msg}");
}
