//! The shared desk on the screen: the sync state and the sync key on the
//! desk screen, conflicts marked in the claims panel and settled by
//! picking a side, and who a story is assigned to.

mod common;
#[path = "support/pty.rs"]
#[allow(dead_code)]
mod pty;

#[path = "support/git.rs"]
#[allow(dead_code)]
mod shared;

use common::*;
use factdesk_core::conflict::{Conflict, Field, Side, Value};
use factdesk_core::ids::StoryId;
use factdesk_core::model::{Assignment, Change, Verdict};
use factdesk_core::store::Desk;
use factdesk_core::sync::SyncStatus;
use factdesk_tui::keymap::Context;
use factdesk_tui::popups::Popup;
use factdesk_tui::{Action, App, Screen};
use std::path::Path;
use std::time::{Duration, Instant};

/// The fixture desk with two rulings of claim 1 kept as a conflict (as a
/// merge leaves them) and the main story assigned to ben.
fn conflicted_desk() -> tempfile::TempDir {
    let dir = temp_desk();
    let desk = Desk::open(dir.path()).unwrap();
    let id = StoryId::parse(MAIN_ID).unwrap();
    let mut doc = desk.load_story_file(&id).unwrap();
    let story = doc.story_mut();
    story.assignment = Some(Assignment {
        editor: Some("ben".into()),
        by: "ben".into(),
        at: t0(),
    });
    let claim = story.claim_mut(1).unwrap();
    claim.verdict = Verdict::Confirmed;
    claim.conflicts.push(Conflict {
        field: Field::Verdict,
        sides: vec![
            Side {
                value: Value::Verdict(Verdict::Disputed),
                editor: Some("ben".into()),
                at: Some(t0() + chrono::Duration::minutes(5)),
            },
            Side {
                value: Value::Verdict(Verdict::Confirmed),
                editor: Some("ana".into()),
                at: Some(t0() + chrono::Duration::minutes(20)),
            },
        ],
    });
    doc.save().unwrap();
    dir
}

fn shared_state() -> SyncStatus {
    SyncStatus {
        repository: true,
        upstream: Some("origin/main".into()),
        ahead: 1,
        behind: 2,
        uncommitted: true,
        conflicts: 1,
        last_sync: Some(t0() + chrono::Duration::hours(1)),
    }
}

fn on_disk(root: &Path) -> factdesk_core::model::Story {
    Desk::open(root)
        .unwrap()
        .load_story_file(&StoryId::parse(MAIN_ID).unwrap())
        .unwrap()
        .file
        .value
}

#[test]
fn desk_screen_shows_the_sync_state_conflicts_and_assignment() {
    let dir = conflicted_desk();
    let mut app = app(dir.path());
    // Not a repository: the desk says so, and how to make it one.
    let plain = render(&mut app, 120, 40);
    assert!(
        plain.contains("sync: 1 conflict to settle · not shared"),
        "{plain}"
    );
    app.set_sync_status(shared_state());
    insta::assert_snapshot!("desk_shared_120x40", render(&mut app, 120, 40));
    insta::assert_snapshot!("desk_shared_80x24", render(&mut app, 80, 24));
}

#[test]
fn a_conflict_is_marked_shown_side_by_side_and_settled_by_a_key() {
    let dir = conflicted_desk();
    let root = dir.path();
    let mut app = app(root);
    open(&mut app, MAIN_ID);
    assert_eq!(story(&app).selected_claim().unwrap().id, 1);
    insta::assert_snapshot!("story_conflict_120x40", render(&mut app, 120, 40));
    insta::assert_snapshot!("story_conflict_80x24", render(&mut app, 80, 24));

    // K: the sides, each with who and when.
    press(&mut app, "K");
    assert_eq!(app.context(), Context::Resolve);
    let Some(Popup::Resolve(p)) = app.popup() else {
        panic!("no resolve pop-up");
    };
    assert_eq!(p.conflict().sides.len(), 2);
    insta::assert_snapshot!("resolve_popup_120x40", render(&mut app, 120, 40));
    // Esc changes nothing.
    press(&mut app, "Esc");
    assert!(app.popup().is_none());
    assert_eq!(on_disk(root).claim(1).unwrap().conflicts.len(), 1);

    // Ben's side (the first): disputed, recorded and saved.
    press(&mut app, "K j k Enter");
    assert!(app.popup().is_none());
    let (msg, err) = message(&app);
    assert!(
        !err && msg.contains("conflict on verdict settled: disputed"),
        "{msg}"
    );
    let claim = on_disk(root).claim(1).unwrap().clone();
    assert!(claim.conflicts.is_empty(), "{claim:?}");
    assert_eq!(claim.verdict, Verdict::Disputed);
    let last = claim.history.last().unwrap();
    assert_eq!(last.editor, "ana");
    assert!(matches!(last.change, Change::Resolved { .. }), "{last:?}");
    assert!(!render(&mut app, 120, 40).contains("Conflict on"));

    // Undo brings the conflict back, both sides whole.
    press(&mut app, "Ctrl-z");
    let claim = on_disk(root).claim(1).unwrap().clone();
    assert_eq!(claim.conflicts.len(), 1);
    assert_eq!(claim.conflicts[0].sides.len(), 2);

    // On a claim without a conflict, K says so.
    press(&mut app, "j K");
    assert!(app.popup().is_none());
    assert!(message(&app).0.contains("no conflict"));
}

#[test]
fn a_assigns_the_story_to_the_editor_and_again_clears_it() {
    let dir = conflicted_desk();
    let root = dir.path();
    let mut app = app(root);
    open(&mut app, MAIN_ID);
    assert!(render(&mut app, 120, 40).contains("@ben"));
    press(&mut app, "A");
    assert_eq!(on_disk(root).assignee(), Some("ana"));
    assert!(message(&app).0.contains("assigned to ana"));
    assert!(render(&mut app, 120, 40).contains("@ana"));
    press(&mut app, "A");
    assert_eq!(on_disk(root).assignee(), None);
    // Undo puts ana back.
    press(&mut app, "Ctrl-z");
    assert_eq!(on_disk(root).assignee(), Some("ana"));
    // The desk lists who is on it.
    press(&mut app, "1");
    assert_eq!(app.screen(), Screen::Desk);
    assert!(render(&mut app, 120, 40).contains("@ana"));
}

/// Tick the app until its sync is over (at most a minute).
fn wait_for_sync(app: &mut App) {
    let start = Instant::now();
    while app.syncing() {
        assert!(start.elapsed() < Duration::from_secs(60), "sync hung");
        std::thread::sleep(Duration::from_millis(20));
        app.dispatch(Action::Tick);
    }
}

#[test]
fn the_sync_key_syncs_in_the_background_and_marks_what_came_in() {
    let (s, a) = shared::Shared::new();
    let b = s.clone("b");
    s.ok(&b, "ben", &["tag", shared::STORY, "1", "disputed"]);
    s.sync(&b, "ben");

    let desk = Desk::open(&a).unwrap();
    let mut app = App::new(
        desk,
        "ana".into(),
        factdesk_tui::keymap::Keymap::default_keymap(),
        factdesk_tui::theme::Theme::default_theme(),
    );
    app.set_program(env!("CARGO_BIN_EXE_factdesk").into());
    let before = render(&mut app, 120, 40);
    assert!(before.contains("sync: origin/"), "{before}");
    assert!(
        app.action_for_key(key_event("S"))
            == Some(Action::Command(factdesk_tui::keymap::Command::Sync))
    );
    press(&mut app, "S");
    assert!(app.syncing());
    assert!(app.waiting_for_background());
    // The screen stays usable while it runs; a second S is refused.
    press(&mut app, "S");
    if app.syncing() {
        assert!(message(&app).0.contains("already running"));
    }
    press(&mut app, "/");
    assert_eq!(app.context(), Context::Filter);
    press(&mut app, "Esc");
    wait_for_sync(&mut app);
    let (msg, err) = message(&app);
    assert!(!err, "{msg}");
    assert!(msg.starts_with("synced with origin/"), "{msg}");
    assert!(msg.contains("1 commit in (1 story)"), "{msg}");
    // Ben's ruling is on this desk now, and the story is marked.
    assert_eq!(
        shared::story(&a, shared::STORY).claim(1).unwrap().verdict,
        Verdict::Disputed
    );
    let after = render(&mut app, 120, 40);
    let row = after
        .lines()
        .find(|l| l.contains("Russia"))
        .expect("the story's row");
    assert!(row.contains('↓'), "{after}");
    assert!(after.contains("↑0 ↓0"), "{after}");
}

#[test]
fn a_failed_sync_says_why_in_one_line() {
    let dir = temp_desk();
    let mut app = app(dir.path());
    press(&mut app, "S");
    wait_for_sync(&mut app);
    let (msg, err) = message(&app);
    assert!(err, "{msg}");
    assert!(msg.starts_with("sync failed:"), "{msg}");
    assert!(msg.contains("init --git"), "{msg}");
}

#[test]
fn two_clones_see_each_others_rulings_after_a_sync_from_the_screen() {
    let (s, a) = shared::Shared::new();
    let b = s.clone("b");
    s.ok(&b, "ben", &["tag", shared::STORY, "1", "disputed"]);
    s.sync(&b, "ben");

    let config = s.path("gitconfig");
    let env = [
        ("FACTDESK_EDITOR", "ana"),
        ("GIT_CONFIG_GLOBAL", config.to_str().unwrap()),
        ("GIT_CONFIG_NOSYSTEM", "1"),
    ];
    let mut term = pty::Term::spawn(&["--desk", a.to_str().unwrap()], &env, 120, 40);
    term.wait_for("sync: origin/");
    term.settle();
    // Ana rules claim 2 on her screen, then syncs from the desk.
    term.type_keys(&[pty::keys::ENTER, "j", "c"]);
    term.wait_for("Claims (");
    term.type_keys(&["1", "S"]);
    let screen = term.wait_for("synced with origin/");
    assert!(
        screen.contains("1 commit in (1 story), 2 out (ana: 1 verdict"),
        "{screen}"
    );
    assert!(screen.contains("↓"), "{screen}");
    term.wait_for("↑0 ↓0");
    // Both rulings are on both sides once Ben syncs too.
    let here = shared::story(&a, shared::STORY);
    assert_eq!(here.claim(1).unwrap().verdict, Verdict::Disputed);
    assert_eq!(here.claim(2).unwrap().verdict, Verdict::Confirmed);
    s.sync(&b, "ben");
    let there = shared::story(&b, shared::STORY);
    assert_eq!(there.claim(2).unwrap().verdict, Verdict::Confirmed);
    term.send("q");
    assert!(term.wait_exit());
}
