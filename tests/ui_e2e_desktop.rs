//! The real binary in a pseudo-terminal with what it takes from outside:
//! a user `theme.ron` from the config folder (used, or named with its line
//! when it does not parse), and copying where there is no display, which
//! goes to the terminal as OSC 52.

mod support;

use base64::Engine;
use support::pty::{Term, keys};
use support::{SAMPLE_STORY, sample_desk};

/// A config folder holding `theme.ron` with `text`.
fn config_with_theme(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("factdesk");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("theme.ron"), text).unwrap();
    dir
}

/// Start on `desk` with `env`, and open the sample story.
fn open_sample_story(desk: &std::path::Path, env: &[(&str, &str)]) -> Term {
    let mut term = Term::spawn(&["--desk", desk.to_str().unwrap()], env, 120, 40);
    term.wait_for("Sample desk");
    term.settle();
    term.send("j");
    term.settle();
    term.send(keys::ENTER);
    term.wait_for("Claims (");
    term.settle();
    term
}

#[test]
fn a_broken_user_theme_is_named_with_its_line_and_the_default_colours_are_used() {
    let (_tmp, desk) = sample_desk();
    let config = config_with_theme("// mine\n(\n  accent: \"blood\",\n)\n");
    let cfg = config.path().to_str().unwrap();
    let mut term = Term::spawn(
        &["--desk", desk.to_str().unwrap()],
        &[("XDG_CONFIG_HOME", cfg)],
        // Wide enough for the temporary folder's long name.
        240,
        40,
    );
    let screen = term.wait_for("unknown colour");
    assert!(
        screen.contains(
            "factdesk/theme.ron:3:11: unknown colour \"blood\"; using the default colours"
        ),
        "{screen}"
    );
    term.send("q");
    assert!(term.wait_exit());
}

#[test]
fn a_user_theme_changes_the_colours_it_names_and_no_color_still_wins() {
    let (_tmp, desk) = sample_desk();
    let config = config_with_theme("(disputed: \"#ff8800\")\n");
    let cfg = config.path().to_str().unwrap();
    let mut term = open_sample_story(&desk, &[("XDG_CONFIG_HOME", cfg)]);
    let raw = String::from_utf8_lossy(&term.raw()).to_string();
    assert!(raw.contains("38;2;255;136;0"), "the user's disputed colour");
    term.send("q");
    assert!(term.wait_exit());

    let mut term = open_sample_story(&desk, &[("XDG_CONFIG_HOME", cfg), ("NO_COLOR", "1")]);
    let raw = String::from_utf8_lossy(&term.raw()).to_string();
    assert!(!raw.contains("38;2;255;136;0"), "NO_COLOR turns it off");
    term.send("q");
    assert!(term.wait_exit());
}

#[test]
fn without_a_display_y_copies_through_the_terminal_as_osc_52() {
    let (_tmp, desk) = sample_desk();
    let env = [("DISPLAY", ""), ("WAYLAND_DISPLAY", "")];
    let mut term = open_sample_story(&desk, &env);
    term.send("y");
    term.wait_for("to the terminal's clipboard (OSC 52)");
    let d = factdesk_core::store::Desk::open(&desk).unwrap();
    let id = factdesk_core::slug::StoryId::parse(SAMPLE_STORY).unwrap();
    let story = d.load_story(&id).unwrap().file.value;
    let quote = &story.claims[0].text;
    let b64 = base64::engine::general_purpose::STANDARD.encode(quote.as_bytes());
    let raw = String::from_utf8_lossy(&term.raw()).to_string();
    assert!(
        raw.contains(&format!("\x1b]52;c;{b64}\x07")),
        "OSC 52 of the quote"
    );
    term.send("q");
    assert!(term.wait_exit());
}
