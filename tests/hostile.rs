//! Hostile articles: escape sequences, controls, binary and broken text,
//! huge paragraphs, odd Unicode. Each is imported or refused cleanly, and
//! nothing factdesk prints can drive the terminal.

mod safety;
mod support;

use safety::*;
use std::fs;
use std::path::Path;
use support::pty::Term;

const CLEAR: &str = "\x1b[2J\x1b[H";
const TITLE: &str = "\x1b]0;pwned\x07";
const CLIPBOARD: &str = "\x1b]52;c;cm0gLXJmIH4=\x07";

/// A wire story with escape sequences in the headline, body, speaker and
/// dateline, plus bells and C1 controls (U+009B is a one-character CSI).
fn escape_article() -> String {
    format!(
        "date 2017-06-16 MOS{CLEAR}COW (AP{TITLE}) – Officials said{CLIPBOARD} that 30 people were \
         hurt in the blast on Friday.\n\n\
         The mayor{TITLE} said the toll could rise, according to the ministry.\x07\x07\n\n\
         Police said\u{9b}2J 12 people were arrested\u{9d}0;x\u{9c} on Saturday.\n\n\
         {}\n",
        "The ministry said the strike came as leaders gathered to discuss a withdrawal. ".repeat(4)
    )
}

fn check_outputs_are_inert(desk: &Path, id: &str) {
    for args in [
        vec!["list"],
        vec!["list", "--json"],
        vec!["show", id],
        vec!["show", id, "--json"],
        vec!["history", id],
        vec!["search", "said"],
        vec!["search", "said", "--json"],
    ] {
        let run = factdesk(desk, &args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.err());
        assert_no_controls(&format!("{args:?} stdout"), &run.out);
        assert_no_controls(&format!("{args:?} stderr"), &run.err);
        if args.contains(&"--json") {
            serde_json::from_slice::<serde_json::Value>(&run.out)
                .unwrap_or_else(|e| panic!("{args:?}: not JSON: {e}"));
        }
    }
}

#[test]
fn escape_sequences_are_imported_and_shown_inert() {
    let (_tmp, desk) = new_desk();
    let article = escape_article();
    let id = import(&desk, article.as_bytes());
    assert!(factdesk_core::ids::StoryId::parse(&id).is_ok());
    // The article is kept exactly: claims quote it byte for byte.
    let stored = fs::read_to_string(story_dir(&desk, &id).join("article.txt")).unwrap();
    assert_eq!(stored, article);
    check_outputs_are_inert(&desk, &id);

    // JSON keeps the text (escaped), so nothing is lost for tools.
    let json = factdesk(&desk, &["show", &id, "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.out).unwrap();
    let texts: Vec<&str> = v["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["text"].as_str().unwrap())
        .collect();
    assert!(texts.iter().any(|t| t.contains(CLIPBOARD)), "{texts:?}");

    // End to end on a terminal: the screen is not cleared (the story's
    // first lines are still there), the title and clipboard untouched, no
    // bell rung.
    for args in [vec!["show", id.as_str()], vec!["list"]] {
        let mut full = vec!["--desk", desk.to_str().unwrap()];
        full.extend(args.iter().copied());
        let mut term = Term::spawn(&full, &[("FACTDESK_EDITOR", "ana")], 200, 120);
        assert!(term.wait_exit(), "{args:?} failed");
        term.settle();
        let screen = term.screen();
        assert!(screen.contains(&id), "{args:?}: screen cleared:\n{screen}");
        term.with_events(|e| {
            assert!(e.titles.is_empty(), "{args:?}: title set to {:?}", e.titles);
            assert!(e.clipboard.is_empty(), "{args:?}: clipboard written");
            assert_eq!(e.bells, 0, "{args:?}: bell rung");
        });
        assert!(!term.raw().contains(&0x07), "{args:?}: BEL in the output");
    }
}

#[test]
fn binary_and_broken_text_are_refused_with_one_line() {
    let (tmp, desk) = new_desk();
    let cases: [(&str, Vec<u8>, &str); 5] = [
        (
            "nul.txt",
            b"Officials said\0 30 people were hurt.".to_vec(),
            "binary file (contains NUL bytes)",
        ),
        (
            "latin1.txt",
            b"Officials said\n the caf\xe9 was hit.".to_vec(),
            "not UTF-8 text (invalid byte 0xE9 at line 2, column 9)",
        ),
        ("utf16.txt", b"\xff\xfeO\0f\0f\0".to_vec(), "UTF-16 text"),
        (
            "controls.txt",
            "\x1b[2J\x1b[2J\x1b[2J\x07\x07\x07 hi".into(),
            "binary file (mostly control characters)",
        ),
        (
            "huge.txt",
            "The ministry said 30 people were hurt on Friday, and "
                .repeat(100_000)
                .into_bytes(),
            "too large for an article",
        ),
    ];
    for (name, bytes, msg) in cases {
        let file = tmp.path().join(name);
        fs::write(&file, &bytes).unwrap();
        let run = factdesk(&desk, &["import", file.to_str().unwrap()]);
        assert_eq!(run.code, 1, "{name} imported");
        let lines = run.err_lines();
        assert_eq!(lines.len(), 1, "{name}: {lines:?}");
        assert!(
            lines[0].starts_with(&format!("factdesk: {}: ", file.display())),
            "{lines:?}"
        );
        assert!(lines[0].contains(msg), "{name}: {lines:?}");
        assert_no_controls(name, &run.err);
    }
    assert!(fs::read_dir(desk.join("stories")).unwrap().next().is_none());
}

#[test]
fn a_file_name_with_escape_sequences_is_reported_inert() {
    let (tmp, desk) = new_desk();
    let file = tmp.path().join(format!("evil{TITLE}{CLEAR}.txt"));
    fs::write(&file, b"\0binary").unwrap();
    let run = factdesk(&desk, &["import", file.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert_eq!(run.err_lines().len(), 1);
    assert_no_controls("stderr", &run.err);
}

#[test]
fn a_long_single_paragraph_imports_with_a_bounded_number_of_claims() {
    let (_tmp, desk) = new_desk();
    let mut article = String::from("date 2017-06-16 MOSCOW (AP) – ");
    while article.len() < 1_500_000 {
        article.push_str("The ministry said 30 people were hurt on Friday. Rain fell. ");
    }
    let id = import(&desk, article.as_bytes());
    let doc = factdesk_core::store::Desk::open(&desk)
        .unwrap()
        .load_story(&factdesk_core::ids::StoryId::parse(&id).unwrap())
        .unwrap();
    let n = doc.story().claims.len();
    assert!(
        n > 0 && n <= factdesk_core::store::MAX_SUGGESTED_CLAIMS,
        "{n} claims"
    );
    let list = factdesk(&desk, &["list"]);
    assert!(list.out().contains(&id));
    assert_no_controls("list", &list.out);
}

#[test]
fn crlf_tabs_zero_width_rtl_and_emoji() {
    let (_tmp, desk) = new_desk();
    let article = "date 2017-06-16 BEIRUT (AP) – Officials\tsaid 30 people were hurt on Friday.\r\n\r\n\
        The mayor said \u{200b}zero\u{200d}width and \u{202e}reversed\u{202c} text was seen, according to police.\r\n\r\n\
        Witnesses said \u{627}\u{644}\u{633}\u{644}\u{627}\u{645} 12 families 👨‍👩‍👧‍👦 fled on Saturday, officials said.\r\n";
    let id = import(&desk, article.as_bytes());
    let stored = fs::read_to_string(story_dir(&desk, &id).join("article.txt")).unwrap();
    assert_eq!(stored, article.replace("\r\n", "\n"), "CRLF not normalised");
    check_outputs_are_inert(&desk, &id);
    let show = factdesk(&desk, &["show", &id]);
    let out = show.out();
    // Joiners, Arabic and emoji are text, kept as they are; the override is
    // made visible.
    assert!(out.contains("👨‍👩‍👧‍👦"), "{out}");
    assert!(
        out.contains("\u{627}\u{644}\u{633}\u{644}\u{627}\u{645}"),
        "{out}"
    );
    assert!(out.contains("zero\u{200d}width"), "{out}");
    assert!(
        !out.contains('\u{202e}') && out.contains("�reversed"),
        "{out}"
    );
    assert!(!out.contains('\t') && !out.contains('\r'), "{out}");
}
