//! The traps an editor met on the screen, each closed: Ctrl-c, pastes,
//! keys that mean nothing, undo after leaving a story, duplicate claims,
//! read-only stories, and the mode shown in words.

mod common;

use common::*;
use factdesk_core::model::Verdict;
use factdesk_core::slug::StoryId;
use factdesk_core::store::Desk;
use factdesk_tui::keymap::Context;
use factdesk_tui::{Action, App, Effect, Focus, Screen};
use std::path::Path;

fn main_id() -> StoryId {
    StoryId::parse(MAIN_ID).unwrap()
}

fn story_app(root: &Path) -> App {
    let mut app = app(root);
    press(&mut app, "Enter");
    assert_eq!(app.screen(), Screen::Story);
    app
}

fn on_disk(root: &Path) -> factdesk_core::model::Story {
    Desk::open(root)
        .unwrap()
        .load_story(&main_id())
        .unwrap()
        .file
        .value
}

fn paste(app: &mut App, text: &str) -> Effect {
    let action = app.action_for_paste(text.to_string());
    app.dispatch(action)
}

/// The status bar's last line of a render.
fn status_line(app: &mut App, w: u16, h: u16) -> String {
    let screen = render(app, w, h);
    let last = screen.lines().last().unwrap_or_default();
    last.trim_matches('"').to_string()
}

#[test]
fn ctrl_c_quits_from_every_screen_and_popup() {
    let dir = temp_desk();
    let mut app = app(dir.path());
    assert_eq!(press(&mut app, "Ctrl-c"), Effect::Quit);
    let mut app = story_app(dir.path());
    assert_eq!(press(&mut app, "Ctrl-c"), Effect::Quit);
    press(&mut app, "n");
    assert_eq!(app.context(), Context::EditNote);
    assert_eq!(press(&mut app, "Ctrl-c"), Effect::Quit);
    let mut app = app_at(dir.path(), factdesk_tui::theme::Theme::default_theme());
    press(&mut app, "2");
    assert_eq!(app.context(), Context::ArchiveSearch);
    assert_eq!(press(&mut app, "Ctrl-c"), Effect::Quit);
}

#[test]
fn a_paste_goes_whole_into_the_field_that_has_the_keys() {
    let dir = temp_desk();
    let mut app = app(dir.path());
    press(&mut app, "2");
    // A newline in a paste does not open a hit, and letters after it do
    // not rule or delete anything: it is all search text.
    paste(&mut app, "raqqa\nxd");
    assert_eq!(app.archive_screen().query(), "raqqa xd");
    assert_eq!(app.context(), Context::ArchiveSearch);
    assert_eq!(app.screen(), Screen::Archive);
    // A huge paste is cut to what a field holds, in one go.
    press(&mut app, "Ctrl-u");
    paste(&mut app, &"convoy ".repeat(20_000));
    assert_eq!(
        app.archive_screen().query().chars().count(),
        factdesk_tui::field::MAX_FIELD_CHARS
    );

    // In the note editor it keeps its lines, as one edit.
    let mut app = story_app(dir.path());
    press(&mut app, "n Ctrl-u");
    paste(&mut app, "Called the ministry.\nNo answer.");
    press(&mut app, "Ctrl-s");
    let claim = story(&app).selected_claim().unwrap().id;
    assert_eq!(
        on_disk(dir.path()).claim(claim).unwrap().note,
        "Called the ministry.\nNo answer."
    );
}

#[test]
fn a_paste_outside_a_field_changes_nothing_and_says_so() {
    let dir = temp_desk();
    let before = on_disk(dir.path());
    let mut app = story_app(dir.path());
    paste(&mut app, "cdx");
    let (msg, _) = message(&app);
    assert!(msg.contains("nothing to paste into"), "{msg}");
    assert_eq!(on_disk(dir.path()).claims, before.claims);
    assert!(
        story(&app)
            .story()
            .claims
            .iter()
            .zip(&before.claims)
            .all(|(a, b)| a.verdict == b.verdict)
    );
}

#[test]
fn a_key_that_means_nothing_says_so_and_names_the_mode() {
    let dir = temp_desk();
    let mut app = story_app(dir.path());
    press(&mut app, "Tab");
    assert_eq!(story(&app).focus(), Focus::Article);
    press(&mut app, "Z");
    let (msg, error) = message(&app);
    assert!(msg.contains("Z does nothing in ARTICLE"), "{msg}");
    assert!(msg.contains("? lists the keys"), "{msg}");
    assert!(!error);
    // The mode is the first thing of the status bar, and the panel says
    // it has the keys.
    let screen = render(&mut app, 120, 40);
    assert!(status_line(&mut app, 120, 40).starts_with(" ARTICLE "));
    assert!(
        screen.contains("Article · CURSOR · Esc: claims"),
        "{screen}"
    );
    press(&mut app, "Esc");
    assert!(status_line(&mut app, 80, 24).starts_with(" CLAIMS "));
}

#[test]
fn a_new_claim_returns_to_the_claims_and_a_duplicate_is_refused() {
    let dir = temp_desk();
    let mut app = story_app(dir.path());
    let n = story(&app).story().claims.len();
    // Into the article at the selected claim: its sentence has a claim.
    press(&mut app, "Tab a");
    let (msg, _) = message(&app);
    assert!(msg.contains("already covers this text"), "{msg}");
    assert_eq!(story(&app).story().claims.len(), n);
    assert_eq!(story(&app).focus(), Focus::Claims);

    // Two words chosen at the end of the article are a new claim: `a`
    // makes it, selects it and gives the keys back to the claims panel.
    press(&mut app, "Tab G b b v w a");
    let st = story(&app);
    assert_eq!(st.story().claims.len(), n + 1);
    assert_eq!(st.focus(), Focus::Claims);
    let new = st.selected_claim().unwrap();
    assert_eq!(new.id, st.story().next_claim - 1);
    // The next key rules on it.
    press(&mut app, "d");
    assert_eq!(
        story(&app).selected_claim().unwrap().verdict,
        Verdict::Disputed
    );
}

#[test]
fn undo_still_works_after_leaving_the_story_and_coming_back() {
    let dir = temp_desk();
    let mut app = story_app(dir.path());
    let claim = story(&app).selected_claim().unwrap().clone();
    assert_ne!(claim.verdict, Verdict::Confirmed);
    press(&mut app, "c");
    assert_eq!(
        on_disk(dir.path()).claim(claim.id).unwrap().verdict,
        Verdict::Confirmed
    );
    // Away to the desk and the archive, and back into the story.
    press(&mut app, "Esc 2 Esc 1 Enter");
    assert_eq!(app.screen(), Screen::Story);
    press(&mut app, "Ctrl-z");
    assert_eq!(
        on_disk(dir.path()).claim(claim.id).unwrap().verdict,
        claim.verdict
    );
    assert_eq!(message(&app).0, "undone");
    press(&mut app, "Ctrl-y");
    assert_eq!(
        on_disk(dir.path()).claim(claim.id).unwrap().verdict,
        Verdict::Confirmed
    );
}

#[test]
fn a_read_only_story_says_who_holds_it_and_hides_the_editing_keys() {
    let dir = temp_desk();
    let root = dir.path();
    let desk = Desk::open(root).unwrap();
    let held = factdesk_core::store::lock::StoryLock::acquire(&desk, &main_id(), "ben").unwrap();
    let mut app = story_app(root);
    let status = status_line(&mut app, 120, 40);
    assert!(status.contains("READ-ONLY: ben is editing"), "{status}");
    // The banner above the article says it whole.
    assert!(render(&mut app, 120, 40).contains("READ-ONLY: ben on "));
    assert!(!status.contains("saved"), "{status}");
    for hidden in ["verdict", "source", "wording", "note", "delete", "undo"] {
        assert!(!status.contains(hidden), "{hidden} shown: {status}");
    }
    assert!(status.contains("history"), "{status}");
    drop(held);
    press(&mut app, "Esc Enter");
    let status = status_line(&mut app, 120, 40);
    assert!(
        status.contains("saved") && status.contains("verdict"),
        "{status}"
    );
    let _ = Action::Resize;
}
