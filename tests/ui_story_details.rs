//! The story details form (from the desk and the story screen) and the
//! import prompt that takes several files, driven by keys through
//! actions and drawn into snapshots.

mod common;

use std::path::Path;

use common::*;
use factdesk_core::ids::StoryId;
use factdesk_core::store::Desk;
use factdesk_tui::action::{Action, Screen};
use factdesk_tui::keymap::Context;
use factdesk_tui::popups::Popup;

fn load(root: &Path, id: &str) -> factdesk_core::model::Story {
    let desk = Desk::open(root).unwrap();
    desk.load_story_file(&StoryId::parse(id).unwrap())
        .unwrap()
        .file
        .value
}

fn desk_ids(app: &factdesk_tui::App) -> Vec<String> {
    app.desk_screen()
        .shown()
        .map(|s| s.id.to_string())
        .collect()
}

#[test]
fn the_desk_gives_an_undated_story_its_date_and_it_moves_up() {
    let dir = temp_desk();
    let mut app = app(dir.path());
    assert_eq!(desk_ids(&app).last().unwrap(), "undated-explainer");
    press(&mut app, "G E");
    assert_eq!(app.context(), Context::Details);
    insta::assert_snapshot!("story_details_desk_120x40", render(&mut app, 120, 40));
    press(&mut app, "Tab");
    type_text(&mut app, "2017-06-17");
    press(&mut app, "Tab");
    type_text(&mut app, "BEIRUT");
    press(&mut app, "Enter");
    assert!(app.popup().is_none());
    assert_eq!(
        message(&app),
        ("story date, dateline changed".into(), false)
    );
    let story = load(dir.path(), "undated-explainer");
    assert_eq!(
        story.date.map(|d| d.to_string()).as_deref(),
        Some("2017-06-17")
    );
    assert_eq!(story.dateline.as_deref(), Some("BEIRUT"));
    assert_eq!(story.history.len(), 2, "{:?}", story.history);
    assert_eq!(story.history[0].editor, "ana");
    // Newest first: it is the desk's first story now, and still selected.
    assert_eq!(desk_ids(&app).first().unwrap(), "undated-explainer");
    assert_eq!(app.desk_screen().selected(), 0);
    // The edit's undo waits for the story: opened, Ctrl-z undoes it.
    press(&mut app, "Enter");
    assert_eq!(app.screen(), Screen::Story);
    press(&mut app, "Ctrl-z");
    assert_eq!(message(&app), ("undone".into(), false));
    let story = load(dir.path(), "undated-explainer");
    assert_eq!(story.date, None);
    assert_eq!(story.dateline, None);
}

#[test]
fn back_on_the_desk_the_story_left_is_selected_where_it_moved() {
    let dir = temp_desk();
    let mut app = app(dir.path());
    // Open the undated story (the last row), give it a date from its own
    // screen, and come back: it has moved to the top and is selected.
    press(&mut app, "G Enter");
    assert_eq!(app.screen(), Screen::Story);
    assert_eq!(story(&app).story().id.as_str(), "undated-explainer");
    press(&mut app, "E Tab");
    type_text(&mut app, "2017-06-17");
    press(&mut app, "Enter Esc");
    assert_eq!(app.screen(), Screen::Desk);
    assert_eq!(desk_ids(&app).first().unwrap(), "undated-explainer");
    assert_eq!(app.desk_screen().selected(), 0);
    // Undone on its screen, it goes back to the foot of the desk, and the
    // desk still has it selected.
    press(&mut app, "Enter Ctrl-z Esc");
    let ids = desk_ids(&app);
    assert_eq!(ids.last().unwrap(), "undated-explainer");
    assert_eq!(app.desk_screen().selected(), ids.len() - 1);
}

#[test]
fn a_bad_value_keeps_the_form_open_on_that_field_and_writes_nothing() {
    let dir = temp_desk();
    let mut app = app(dir.path());
    let before = load(dir.path(), MAIN_ID);
    press(&mut app, "E Tab Ctrl-u");
    type_text(&mut app, "2017-02-30");
    press(&mut app, "Tab Tab Tab Ctrl-u");
    type_text(&mut app, "javascript:alert(1)");
    press(&mut app, "Enter");
    let Some(Popup::Details(form)) = app.popup() else {
        panic!("the form closed")
    };
    assert_eq!(form.focused().name(), "date");
    assert!(
        form.error().unwrap().contains("is not a day"),
        "{:?}",
        form.error()
    );
    insta::assert_snapshot!("story_details_bad_date_80x24", render(&mut app, 80, 24));
    // The date put right, the URL is the next to be refused.
    press(&mut app, "Ctrl-u");
    type_text(&mut app, "2017-06-16");
    press(&mut app, "Enter");
    let Some(Popup::Details(form)) = app.popup() else {
        panic!("the form closed")
    };
    assert_eq!(form.focused().name(), "url");
    assert!(form.error().unwrap().starts_with("invalid URL"));
    // An empty headline is refused too.
    press(
        &mut app,
        "Ctrl-u BackTab BackTab BackTab BackTab Ctrl-u Enter",
    );
    let Some(Popup::Details(form)) = app.popup() else {
        panic!("the form closed")
    };
    assert_eq!(form.error(), Some("a story's headline cannot be empty"));
    press(&mut app, "Esc");
    assert!(app.popup().is_none());
    assert_eq!(load(dir.path(), MAIN_ID), before);
}

#[test]
fn the_story_screen_edits_its_own_story_with_undo() {
    let dir = temp_desk();
    let mut app = app(dir.path());
    open(&mut app, MAIN_ID);
    press(&mut app, "E");
    assert_eq!(app.context(), Context::Details);
    press(&mut app, "Ctrl-u");
    type_text(&mut app, "Russia says Baghdadi may be dead");
    press(&mut app, "Down Down Down Ctrl-u");
    type_text(&mut app, "AP");
    insta::assert_snapshot!("story_details_story_80x24", render(&mut app, 80, 24));
    press(&mut app, "Enter");
    assert_eq!(
        message(&app),
        (
            "story headline, outlet changed (Ctrl-z undoes)".into(),
            false
        )
    );
    assert_eq!(
        story(&app).story().headline,
        "Russia says Baghdadi may be dead"
    );
    let saved = load(dir.path(), MAIN_ID);
    assert_eq!(saved.headline, "Russia says Baghdadi may be dead");
    assert_eq!(saved.outlet.as_deref(), Some("AP"));
    let screen = render(&mut app, 120, 40);
    assert!(
        screen.contains("Russia says Baghdadi may be dead"),
        "{screen}"
    );
    press(&mut app, "Ctrl-z");
    let saved = load(dir.path(), MAIN_ID);
    assert_eq!(
        saved.headline,
        "Russia says ISIS leader al-Baghdadi believed killed in airstrike"
    );
    assert_eq!(saved.outlet.as_deref(), Some("CBS News/AP"));
    // Nothing changed: the form says so and closes.
    press(&mut app, "E Enter");
    assert!(app.popup().is_none());
    assert_eq!(
        message(&app),
        ("the story's details are unchanged".into(), false)
    );
}

#[test]
fn help_lists_the_details_key_on_both_screens() {
    let dir = temp_desk();
    let mut app = app(dir.path());
    press(&mut app, "?");
    let screen = render(&mut app, 120, 40);
    assert!(screen.contains("edit the story's details"), "{screen}");
    press(&mut app, "Esc");
    open(&mut app, MAIN_ID);
    press(&mut app, "?");
    let screen = render(&mut app, 120, 40);
    assert!(screen.contains("edit the story's details"), "{screen}");
}

/// Two wire stories in a folder of their own, and the folder.
fn two_files() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("harbour one.txt"),
        "date 2025-03-14 HALIFAX (NWS) - Port reopens after storm, the harbour master said.\n\nShe said 12 ships were waiting.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("bridge.txt"),
        "date 2025-03-15 HALIFAX (NWS) - Bridge shut for repairs, the city said.\n\nThe city said 3 lanes would reopen in May.\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("notes.md"), "not an article").unwrap();
    dir
}

#[test]
fn the_import_prompt_takes_several_files_and_opens_the_first() {
    let files = two_files();
    let dir = temp_desk();
    let mut app = app(dir.path());
    let stories_before = desk_ids(&app).len();
    press(&mut app, "i");
    let base = files.path().display().to_string();
    // A name with a space, quoted; the other escaped as Tab writes it.
    type_text(
        &mut app,
        &format!("'{base}/harbour one.txt' {base}/bridge.txt"),
    );
    press(&mut app, "Enter");
    assert!(app.popup().is_none());
    assert_eq!(app.screen(), Screen::Story);
    let first = story(&app).story().id.to_string();
    assert!(first.starts_with("2025-03-14-port-reopens"), "{first}");
    let (msg, err) = message(&app);
    assert!(!err, "{msg}");
    assert_eq!(
        msg,
        format!("imported 2 stories; showing the first, {first} (Esc: the desk)")
    );
    press(&mut app, "Esc");
    assert_eq!(app.screen(), Screen::Desk);
    assert_eq!(desk_ids(&app).len(), stories_before + 2);
    let selected = app.desk_screen().selected();
    assert_eq!(desk_ids(&app)[selected], first);
    assert!(
        desk_ids(&app)
            .iter()
            .any(|id| id.starts_with("2025-03-15-bridge"))
    );
}

#[test]
fn a_pattern_imports_every_file_it_matches_and_a_missing_one_is_said() {
    let files = two_files();
    let dir = temp_desk();
    let mut app = app(dir.path());
    let before = desk_ids(&app).len();
    press(&mut app, "i");
    let base = files.path().display().to_string();
    type_text(&mut app, &format!("{base}/*.pdf"));
    press(&mut app, "Enter");
    let Some(Popup::Import(_)) = app.popup() else {
        panic!("the prompt closed on a pattern matching nothing")
    };
    let screen = render(&mut app, 100, 30);
    assert!(screen.contains("no file matches"), "{screen}");
    press(&mut app, "Esc i");
    type_text(&mut app, &format!("{base}/*.txt {base}/gone.txt"));
    press(&mut app, "Enter");
    let (msg, err) = message(&app);
    assert!(err, "{msg}");
    assert!(
        msg.starts_with("imported 2 stories; showing the first, 2025-03-15-bridge"),
        "{msg}"
    );
    assert!(msg.contains("gone.txt"), "{msg}");
    assert_eq!(desk_ids(&app).len(), before + 2);
}

#[test]
fn tab_lists_the_candidates_under_the_line() {
    let dir = temp_desk();
    let mut app = app(dir.path());
    press(&mut app, "i");
    type_text(&mut app, "tests/fixtures/import/n");
    press(&mut app, "Tab");
    let Some(Popup::Import(prompt)) = app.popup() else {
        panic!("no prompt")
    };
    assert_eq!(prompt.text(), "tests/fixtures/import/n");
    assert_eq!(
        prompt.candidates(),
        [
            "newsml-g2-item.xml",
            "ninjs-1-item.json",
            "ninjs-2-array.json",
            "nitf-story.xml"
        ]
    );
    insta::assert_snapshot!("import_prompt_candidates_80x24", render(&mut app, 80, 24));
    // One more letter and Tab completes the word, then a second word.
    type_text(&mut app, "e");
    press(&mut app, "Tab");
    let Some(Popup::Import(prompt)) = app.popup() else {
        panic!("no prompt")
    };
    assert_eq!(prompt.text(), "tests/fixtures/import/newsml-g2-item.xml");
    assert!(prompt.candidates().is_empty());
    type_text(&mut app, " tests/fixtures/import/nit");
    press(&mut app, "Tab");
    let Some(Popup::Import(prompt)) = app.popup() else {
        panic!("no prompt")
    };
    assert_eq!(
        prompt.text(),
        "tests/fixtures/import/newsml-g2-item.xml tests/fixtures/import/nitf-story.xml"
    );
    insta::assert_snapshot!("import_prompt_two_files_120x40", render(&mut app, 120, 40));
}

#[test]
fn a_completed_name_with_spaces_is_escaped() {
    let files = two_files();
    let dir = temp_desk();
    let mut app = app(dir.path());
    press(&mut app, "i");
    let base = files.path().display().to_string();
    type_text(&mut app, &format!("{base}/har"));
    press(&mut app, "Tab");
    let Some(Popup::Import(prompt)) = app.popup() else {
        panic!("no prompt")
    };
    assert_eq!(prompt.text(), format!("{base}/harbour\\ one.txt"));
    press(&mut app, "Enter");
    assert_eq!(app.screen(), Screen::Story);
    let msg = message(&app).0;
    assert!(msg.starts_with("imported 2025-03-14-port-reopens"), "{msg}");
}

#[test]
fn the_import_help_says_how_to_name_several_files() {
    let dir = temp_desk();
    let mut app = app(dir.path());
    press(&mut app, "i");
    app.dispatch(Action::Open(factdesk_tui::action::PopupRequest::Help(
        Context::Import,
    )));
    let screen = render(&mut app, 120, 40);
    assert!(screen.contains("several files"), "{screen}");
}

#[test]
fn a_long_headline_keeps_the_cursor_in_sight() {
    let dir = temp_desk();
    let mut app = app(dir.path());
    press(&mut app, "E");
    let row = |app: &mut factdesk_tui::App| {
        render(app, 80, 24)
            .lines()
            .find(|l| l.contains("▶headline"))
            .unwrap()
            .to_string()
    };
    // At the end: the end of the headline, and the cursor after it.
    assert!(row(&mut app).contains("in airstrike▏"), "{}", row(&mut app));
    press(&mut app, "Ctrl-a");
    let start = row(&mut app);
    assert!(start.contains("Russia says ISIS"), "{start}");
    assert!(start.contains('…'), "{start}");
}
