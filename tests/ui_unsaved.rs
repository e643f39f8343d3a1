//! A change the screen could not save is never dropped: quitting asks,
//! and leaving the story keeps it in a recovery file, said where.

mod common;

use common::*;
use factdesk_tui::Effect;
use std::fs;
use std::os::unix::fs::PermissionsExt;

fn story_file(root: &std::path::Path) -> std::path::PathBuf {
    root.join("stories").join(MAIN_ID).join("story.ron")
}

#[test]
fn quitting_after_a_failed_save_asks_and_keeps_the_change() {
    let dir = temp_desk();
    let file = story_file(dir.path());
    let before = fs::read(&file).unwrap();
    let mut app = app(dir.path());
    open(&mut app, MAIN_ID);
    // The editor protected the file: the save is refused.
    fs::set_permissions(&file, fs::Permissions::from_mode(0o444)).unwrap();
    press(&mut app, "u");
    let failed = story(&app).save_error().map(str::to_string);
    assert!(
        failed.as_deref().is_some_and(|e| e.contains("read-only")),
        "{failed:?} {:?}",
        app.message()
    );
    // `q` does not quit: it asks.
    assert_eq!(press(&mut app, "q"), Effect::Redraw);
    let screen = render(&mut app, 120, 40);
    assert!(screen.contains("not saved"), "{screen}");
    // Any key but `y` stays.
    press(&mut app, "n");
    assert!(app.story_screen().is_some());
    press(&mut app, "q");
    assert_eq!(press(&mut app, "y"), Effect::Quit);
    let (msg, _) = message(&app);
    let kept = msg
        .split(" kept in ")
        .nth(1)
        .unwrap_or_else(|| panic!("no recovery file named: {msg}"));
    let text = fs::read_to_string(kept).unwrap();
    fs::remove_file(kept).unwrap();
    assert!(text.contains(MAIN_ID), "{text}");
    // The story with the change: not the file as it was.
    let body: String = text
        .lines()
        .filter(|l| !l.starts_with("//"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(body.trim(), String::from_utf8_lossy(&before).trim());
    // The protected file was not written.
    assert_eq!(fs::read(&file).unwrap(), before);
}

#[test]
fn leaving_a_story_that_cannot_be_saved_keeps_the_change() {
    let dir = temp_desk();
    let file = story_file(dir.path());
    let mut app = app(dir.path());
    open(&mut app, MAIN_ID);
    fs::set_permissions(&file, fs::Permissions::from_mode(0o444)).unwrap();
    press(&mut app, "c");
    press(&mut app, "1");
    assert!(app.story_screen().is_none());
    let (msg, error) = message(&app);
    assert!(error, "{msg}");
    let kept = msg.split(" kept in ").nth(1).expect("where it was kept");
    assert!(fs::read_to_string(kept).unwrap().contains("confirmed"));
    fs::remove_file(kept).unwrap();
}
