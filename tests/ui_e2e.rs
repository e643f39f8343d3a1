//! The screen in a real (pseudo-)terminal: started by the binary, driven by
//! keys as a terminal sends them, and the terminal restored afterwards.

mod support;

use support::pty::{Term, keys};
use support::{SAMPLE_STORY, sample_desk};

fn sample_story(desk: &std::path::Path) -> factdesk_core::model::Story {
    let d = factdesk_core::store::Desk::open(desk).unwrap();
    let id = factdesk_core::slug::StoryId::parse(SAMPLE_STORY).unwrap();
    d.load_story(&id).unwrap().file.value
}

fn story_verdict(desk: &std::path::Path, claim: usize) -> String {
    sample_story(desk).claims[claim].verdict.to_string()
}

/// The status bar's counts, "P4 C4 U2 D1".
fn counts(desk: &std::path::Path) -> String {
    let c = sample_story(desk).counts();
    format!(
        "P{} C{} U{} D{}",
        c.pending, c.confirmed, c.unconfirmed, c.disputed
    )
}

/// Wait (up to the harness timeout) until `f` holds.
fn eventually(what: &str, f: impl Fn() -> bool) {
    let start = std::time::Instant::now();
    while !f() {
        assert!(start.elapsed() < support::pty::TIMEOUT, "timed out: {what}");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn desk_and_story_screens_and_a_clean_exit() {
    let (_tmp, desk) = sample_desk();
    let mut term = Term::spawn(&["--desk", desk.to_str().unwrap()], &[], 120, 40);
    let screen = term.wait_for("Sample desk");
    assert!(screen.contains("CBS News/AP"), "{screen}");
    term.settle();
    // The first story is the second row, under its follow-up.
    term.send("j");
    term.settle();
    term.send(keys::ENTER);
    term.wait_for("Claims (");
    term.settle();
    // `]` goes to the next pending claim, `d` rules it disputed.
    let before = counts(&desk);
    let pending = sample_story(&desk)
        .claims
        .iter()
        .skip(1)
        .position(|c| c.verdict == factdesk_core::model::Verdict::Pending)
        .expect("the sample story has a pending claim after the first")
        + 1;
    term.type_keys(&["]", "d"]);
    eventually("disputed saved", || {
        story_verdict(&desk, pending) == "disputed"
    });
    term.wait_for(&counts(&desk));
    term.type_keys(&[keys::CTRL_Z]);
    eventually("undo saved", || story_verdict(&desk, pending) == "pending");
    term.wait_for("undone");
    term.wait_for(&before);
    term.send("q");
    assert!(term.wait_exit());
    term.settle();
    let raw = String::from_utf8_lossy(&term.raw()).to_string();
    // Left the alternate screen, after entering it, and stopped mouse
    // reporting.
    let entered = raw.find("\x1b[?1049h").expect("alternate screen used");
    let left = raw.rfind("\x1b[?1049l").expect("alternate screen left");
    assert!(left > entered);
    assert!(raw[entered..].contains("\x1b[?1000l"));
}

#[test]
fn small_terminal_gets_a_message() {
    let (_tmp, desk) = sample_desk();
    let mut term = Term::spawn(&["--desk", desk.to_str().unwrap()], &[], 50, 12);
    term.wait_for("Terminal too small (need 60×15, have 50×12)");
    term.send("q");
    assert!(term.wait_exit());
}

#[test]
fn no_color_sends_no_colours() {
    let (_tmp, desk) = sample_desk();
    let mut term = Term::spawn(
        &["--desk", desk.to_str().unwrap()],
        &[("NO_COLOR", "1")],
        100,
        30,
    );
    term.wait_for("Sample desk");
    term.settle();
    term.send(keys::ENTER);
    term.wait_for("Claims (");
    term.settle();
    term.send("q");
    assert!(term.wait_exit());
    let raw = String::from_utf8_lossy(&term.raw()).to_string();
    for sgr in ["\x1b[38;", "\x1b[48;", "\x1b[31m", "\x1b[32m", "\x1b[33m"] {
        assert!(!raw.contains(sgr), "colour sequence {sgr:?} sent");
    }
}

#[test]
fn hostile_article_cannot_drive_the_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let desk = factdesk_core::store::Desk::create(tmp.path(), "Hostile").unwrap();
    let article = "Title\u{1b}]0;pwned\u{7} and \u{1b}]52;c;ZXZpbA==\u{7} and \u{1b}[2J \u{9b}31m \u{0} end.\n";
    let who = factdesk_core::edit::Who::now("t");
    factdesk_core::store::import_text(&desk, article, &who).unwrap();
    let mut term = Term::spawn(&["--desk", tmp.path().to_str().unwrap()], &[], 100, 30);
    term.wait_for("Hostile");
    term.settle();
    term.send(keys::ENTER);
    let screen = term.wait_for("Article");
    term.settle();
    assert!(screen.contains('␛'), "{screen}");
    term.send("q");
    assert!(term.wait_exit());
    term.with_events(|e| {
        assert!(e.titles.is_empty(), "title set: {:?}", e.titles);
        assert!(e.clipboard.is_empty(), "clipboard written");
        assert_eq!(e.bells, 0);
    });
}

#[test]
fn archive_search_opens_a_hit_and_esc_keeps_the_query() {
    let (_tmp, desk) = sample_desk();
    let mut term = Term::spawn(&["--desk", desk.to_str().unwrap()], &[], 120, 40);
    term.wait_for("Sample desk");
    term.settle();
    term.type_keys(&["2"]);
    term.wait_for("Search: ");
    // The sample's two stories: 11 claims and the follow-up's 6.
    term.wait_for("Archive · 17 of 17 claims");
    term.type_keys(&["b", "a", "g", "h", "d", "a", "d", "i"]);
    let screen = term.wait_for("Search: baghdadi");
    assert!(!screen.contains("17 of 17"), "{screen}");
    // Down to the second hit, then open it: the story, at that claim.
    term.type_keys(&[keys::DOWN]);
    let screen = term.screen();
    let second = screen
        .lines()
        .find(|l| l.contains('▶'))
        .expect("a selected row")
        .to_string();
    term.type_keys(&[keys::ENTER]);
    let screen = term.wait_for("Claims (");
    assert!(screen.contains("Detail"), "{screen}");
    // The detail names the claim selected; its wording is in the row we
    // left in the archive.
    let detail_id = screen
        .lines()
        .find_map(|l| {
            let i = l.find("│#")?;
            let rest = &l[i + "│#".len()..];
            Some(rest.split_whitespace().next()?.to_string())
        })
        .expect("detail shows the claim id");
    assert!(!detail_id.is_empty());
    term.type_keys(&[keys::ESC]);
    let screen = term.wait_for("Search: baghdadi");
    let back = screen
        .lines()
        .find(|l| l.contains('▶'))
        .expect("a selected row")
        .to_string();
    assert_eq!(back, second, "position kept");
    term.type_keys(&[keys::ESC]);
    term.send("q");
    assert!(term.wait_exit());
}

#[test]
fn a_pasted_article_is_previewed_then_imported() {
    let (_tmp, desk) = sample_desk();
    let mut term = Term::spawn(&["--desk", desk.to_str().unwrap()], &[], 80, 24);
    term.wait_for("Sample desk");
    term.settle();
    // As a terminal sends a paste once bracketed paste is on: lines end in
    // carriage returns, which must not be taken for Enter.
    let article = "date March 14, 2025 HALIFAX (NWS) - Port reopens after storm, the harbour master said.\r\rShe said 12 ships were waiting.\r";
    let before = std::fs::read_dir(desk.join("stories")).unwrap().count();
    term.send(&format!("\x1b[200~{article}\x1b[201~"));
    let screen = term.wait_for("Import: pasted text");
    assert!(screen.contains("Port reopens after storm"), "{screen}");
    assert!(screen.contains("Fri 14 Mar 2025"), "{screen}");
    let stories = desk.join("stories");
    let count = || std::fs::read_dir(&stories).unwrap().count();
    assert_eq!(count(), before, "nothing imported before Enter");
    term.type_keys(&[keys::ENTER]);
    term.wait_for("imported 2025-03-14-port-reopens");
    let made: Vec<String> = std::fs::read_dir(&stories)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("2025-03-14-port-reopens-after-storm"))
        .collect();
    assert_eq!(made.len(), 1, "{made:?}");
    let text = std::fs::read_to_string(stories.join(&made[0]).join("article.txt")).unwrap();
    assert!(!text.contains('\r'), "line ends normalised: {text:?}");
    term.send("q");
    assert!(term.wait_exit());
    term.settle();
    let raw = String::from_utf8_lossy(&term.raw()).to_string();
    // Bracketed paste was turned on, and off again on the way out.
    let on = raw.find("\x1b[?2004h").expect("bracketed paste enabled");
    let off = raw.rfind("\x1b[?2004l").expect("bracketed paste disabled");
    assert!(off > on);
}

#[test]
fn a_revision_from_the_desk_screen_and_its_review_in_the_real_binary() {
    let (tmp, desk) = sample_desk();
    let folder = desk.join("stories").join(SAMPLE_STORY);
    let article = std::fs::read_to_string(folder.join("article.txt")).unwrap();
    let corrected = article.replace("about 300 other fighters", "about 350 other fighters");
    assert_ne!(article, corrected);
    let file = tmp.path().join("corrected.txt");
    std::fs::write(&file, &corrected).unwrap();

    let mut term = Term::spawn(&["--desk", desk.to_str().unwrap()], &[], 120, 40);
    term.wait_for("Sample desk");
    term.settle();
    // The first story is the second row, under its follow-up.
    term.send("j");
    term.settle();
    term.send("R");
    term.wait_for("Corrected article file:");
    term.send(file.to_str().unwrap());
    term.send(keys::ENTER);
    let screen = term.wait_for("earlier text kept");
    assert!(screen.contains("needs review: #"), "{screen}");
    assert!(screen.contains(" R1"), "the triage bar counts it: {screen}");
    term.send(keys::ENTER);
    term.wait_for("Claims (");
    term.settle();
    // `]` reaches the flagged claim among the pending ones.
    let mut found = false;
    for _ in 0..12 {
        term.send("]");
        term.settle();
        if term.screen().contains("Needs review:") {
            found = true;
            break;
        }
    }
    assert!(found, "{}", term.screen());
    assert!(term.screen().contains("300 → 350"), "{}", term.screen());
    term.send("r");
    term.wait_for("reviewed; its verdict stands");
    eventually("the flag cleared on disk", || {
        sample_story(&desk).claims.iter().all(|c| !c.needs_review)
    });
    term.send("q");
    assert!(term.wait_exit());
}

#[test]
fn claims_by_score_and_a_candidate_made_a_claim() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("desk");
    let mut desk = factdesk_core::store::Desk::create(&root, "Scores").unwrap();
    desk.settings.suggest_threshold = factdesk_core::model::Score::from_hundredths(150);
    desk.save_settings().unwrap();
    let seed = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed.txt");
    let who = factdesk_core::edit::Who::now("ana");
    let id = factdesk_core::store::import_file(&desk, &seed, &who).unwrap();
    let claims = || desk.load_story(&id).unwrap().file.value.claims.len();
    let before = claims();
    let settings = root.join("desk.ron");

    let dir = root.to_str().unwrap();
    let mut term = Term::spawn(&["--desk", dir], &[("FACTDESK_EDITOR", "ana")], 120, 40);
    term.wait_for("Scores");
    term.settle();
    term.send(keys::ENTER);
    term.wait_for("Claims (");
    term.settle();
    term.send("O");
    term.wait_for("by score");
    eventually("the order remembered", || {
        std::fs::read_to_string(&settings).is_ok_and(|s| s.contains("claim_order: Score"))
    });
    term.type_keys(&[keys::TAB, "}"]);
    term.wait_for("candidate ");
    term.send("a");
    eventually("the candidate saved as a claim", || claims() == before + 1);
    term.wait_for("added claim");
    term.send("q");
    assert!(term.wait_exit());
}

/// `i`, two files typed (one completed with Tab), Enter: both imported,
/// the first opened, and the status line says how many.
#[test]
fn two_files_imported_at_the_prompt_open_the_first() {
    let (tmp, desk) = sample_desk();
    let wires = tmp.path().join("wires");
    std::fs::create_dir(&wires).unwrap();
    std::fs::write(
        wires.join("port storm.txt"),
        "date 2025-03-14 HALIFAX (NWS) - Port reopens after storm, the harbour master said.\n\nShe said 12 ships were waiting.\n",
    )
    .unwrap();
    std::fs::write(
        wires.join("bridge.txt"),
        "date 2025-03-15 HALIFAX (NWS) - Bridge shut for repairs, the city said.\n\nThe city said 3 lanes would reopen in May.\n",
    )
    .unwrap();
    let mut term = Term::spawn(&["--desk", desk.to_str().unwrap()], &[], 120, 40);
    term.wait_for("Sample desk");
    term.settle();
    let before = std::fs::read_dir(desk.join("stories")).unwrap().count();
    term.send("i");
    term.wait_for("Import files");
    let base = wires.display().to_string();
    term.send(&format!("{base}/po"));
    term.send(keys::TAB);
    term.wait_for("port\\ storm.txt");
    term.send(&format!(" {base}/bridge.txt"));
    term.settle();
    term.send(keys::ENTER);
    let screen = term.wait_for("imported 2 stories; showing the first");
    assert!(screen.contains("Port reopens after storm"), "{screen}");
    assert!(screen.contains("Claims ("), "the story is open: {screen}");
    let after = std::fs::read_dir(desk.join("stories")).unwrap().count();
    assert_eq!(after, before + 2);
    term.send(keys::ESC);
    let screen = term.wait_for("Bridge shut for repairs");
    assert!(screen.contains("Port reopens after storm"), "{screen}");
    term.send("q");
    assert!(term.wait_exit());
}

#[test]
fn the_desk_shows_what_other_programs_changed() {
    let (tmp, desk) = sample_desk();
    let d = desk.to_str().unwrap();
    // A first run builds the archive the desk screen lists stories from.
    let mut term = Term::spawn(&["--desk", d], &[], 120, 40);
    term.wait_for("Sample desk");
    term.settle();
    term.send("\x03");
    assert!(term.wait_exit());
    // A headline corrected by hand while the screen was closed.
    let file = desk.join("stories").join(SAMPLE_STORY).join("story.ron");
    let ron = std::fs::read_to_string(&file).unwrap();
    let fixed = ron.replacen("Russia said Friday that", "Moscow said Friday that", 1);
    assert_ne!(ron, fixed);
    std::fs::write(&file, fixed).unwrap();
    let mut term = Term::spawn(&["--desk", d], &[], 120, 40);
    term.wait_for("Moscow said Friday that");
    term.settle();
    // A story imported by another process while it is open shows when
    // the desk is read again (`1`).
    let article = tmp.path().join("plant.txt");
    std::fs::write(
        &article,
        "Plant closure confirmed\n\nThe mayor said on Tuesday that the plant would close in May.\n",
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_factdesk"))
        .args(["--desk", d, "import", article.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    term.send("1");
    term.wait_for("Plant closure confirmed");
    term.send("\x03");
    assert!(term.wait_exit());
}
