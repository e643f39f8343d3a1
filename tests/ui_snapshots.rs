//! What the screens look like, as text snapshots of a test terminal.

mod common;

use common::*;
use factdesk_tui::theme::Theme;
use ratatui::style::Color;
use std::path::Path;

/// The story screen of the fixture desk's main story.
fn story_app(root: &Path) -> factdesk_tui::App {
    let mut app = app(root);
    open(&mut app, MAIN_ID);
    app
}

#[test]
fn desk_screen_120x40() {
    let dir = temp_desk();
    let mut app = app(dir.path());
    insta::assert_snapshot!(render(&mut app, 120, 40));
}

#[test]
fn desk_screen_80x24() {
    let dir = temp_desk();
    let mut app = app(dir.path());
    press(&mut app, "j");
    insta::assert_snapshot!(render(&mut app, 80, 24));
}

#[test]
fn desk_screen_filtered() {
    let dir = temp_desk();
    let mut app = app(dir.path());
    press(&mut app, "/");
    type_text(&mut app, "raqqa");
    insta::assert_snapshot!(render(&mut app, 80, 24));
}

#[test]
fn story_screen_120x40() {
    let dir = temp_desk();
    let mut app = story_app(dir.path());
    insta::assert_snapshot!(render(&mut app, 120, 40));
}

#[test]
fn story_screen_80x24() {
    let dir = temp_desk();
    let mut app = story_app(dir.path());
    press(&mut app, "G");
    insta::assert_snapshot!(render(&mut app, 80, 24));
}

#[test]
fn story_screen_with_selection_in_article() {
    let dir = temp_desk();
    let mut app = story_app(dir.path());
    render(&mut app, 120, 40);
    press(&mut app, "Tab v w w w");
    let buf = render_buffer(&mut app, 120, 40);
    // Styles shown: the selection has its own background, the cursor is
    // reversed, claims are in their verdict's colour.
    insta::assert_snapshot!(styled(&buf));
    assert!(
        buf.content()
            .iter()
            .any(|c| c.bg == Color::Blue && c.symbol() == "B")
    );
}

#[test]
fn story_screen_with_help_overlay() {
    let dir = temp_desk();
    let mut app = story_app(dir.path());
    press(&mut app, "?");
    insta::assert_snapshot!(render(&mut app, 120, 40));
}

#[test]
fn story_help_overlay_at_80x24_uses_two_columns() {
    let dir = temp_desk();
    let mut app = story_app(dir.path());
    press(&mut app, "?");
    insta::assert_snapshot!(render(&mut app, 80, 24));
    press(&mut app, "Esc Tab ?");
    insta::assert_snapshot!("article_help_overlay_80x24", render(&mut app, 80, 24));
}

#[test]
fn desk_screen_with_help_overlay() {
    let dir = temp_desk();
    let mut app = app(dir.path());
    press(&mut app, "?");
    insta::assert_snapshot!(render(&mut app, 80, 24));
}

#[test]
fn story_screen_with_source_picker() {
    let dir = temp_desk();
    let mut app = story_app(dir.path());
    // The claim is disputed: the picker starts on contradicts.
    press(&mut app, "s");
    type_text(&mut app, "wire");
    insta::assert_snapshot!(render(&mut app, 120, 40));
}

#[test]
fn new_source_form() {
    let dir = temp_desk();
    let mut app = story_app(dir.path());
    press(&mut app, "s");
    type_text(&mut app, "TASS");
    press(&mut app, "Ctrl-n Tab Tab Tab");
    type_text(&mut app, "not a url");
    press(&mut app, "Enter");
    insta::assert_snapshot!(render(&mut app, 80, 24));
}

#[test]
fn note_editor() {
    let dir = temp_desk();
    let mut app = story_app(dir.path());
    press(&mut app, "n");
    insta::assert_snapshot!(render(&mut app, 80, 24));
}

#[test]
fn story_screen_without_colour() {
    let dir = temp_desk();
    let mut app = app_at(dir.path(), Theme::no_color());
    open(&mut app, MAIN_ID);
    let buf = render_buffer(&mut app, 120, 40);
    for cell in buf.content() {
        assert_eq!(cell.fg, Color::Reset, "colour used with NO_COLOR");
        assert_eq!(cell.bg, Color::Reset, "colour used with NO_COLOR");
    }
    insta::assert_snapshot!(styled(&buf));
}

#[test]
fn desk_screen_without_colour() {
    let dir = temp_desk();
    let mut app = app_at(dir.path(), Theme::no_color());
    let buf = render_buffer(&mut app, 80, 24);
    assert!(
        buf.content()
            .iter()
            .all(|c| c.fg == Color::Reset && c.bg == Color::Reset)
    );
    insta::assert_snapshot!(styled(&buf));
}

#[test]
fn too_small_terminal() {
    let dir = temp_desk();
    let mut app = story_app(dir.path());
    let text = render(&mut app, 50, 12);
    assert!(text.contains("Terminal too small (need 60×15, have 50×12)"));
    insta::assert_snapshot!(text);
    // Growing the terminal draws the full screen again.
    assert!(render(&mut app, 80, 24).contains("Claims (5)"));
}

/// The repository's sample desk (`data/`), in a temporary copy, with its
/// history times set to a fixed time: the sample desk is regenerated now
/// and then, and snapshots must not depend on when.
fn sample_desk() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("data"),
        tmp.path(),
    );
    let desk = factdesk_core::store::Desk::open(tmp.path()).unwrap();
    let (ids, _) = desk.story_ids().unwrap();
    for id in ids {
        let mut doc = desk.load_story(&id).unwrap();
        for claim in &mut doc.story_mut().claims {
            for h in &mut claim.history {
                h.at = t0();
            }
        }
        doc.save().unwrap();
    }
    tmp
}

#[test]
fn sample_desk_screens() {
    let dir = sample_desk();
    let mut app = app(dir.path());
    insta::assert_snapshot!("sample_desk_120x40", render(&mut app, 120, 40));
    // The first story, under its follow-up.
    press(&mut app, "j Enter");
    insta::assert_snapshot!("sample_story_120x40", render(&mut app, 120, 40));
    press(&mut app, "]");
    insta::assert_snapshot!("sample_story_next_pending_80x24", render(&mut app, 80, 24));
}
