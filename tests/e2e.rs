//! End to end through a pseudo-terminal: the real binary, a temporary copy
//! of the sample desk, keys typed as a terminal sends them, and the screen
//! read back through a terminal emulator.

mod support;

use factdesk_core::model::{Change, Stance, Story, Verdict};
use support::pty::{Term, keys};
use support::{SAMPLE_STORY, sample_desk};

#[test]
fn list_through_a_terminal() {
    let (_tmp, desk) = sample_desk();
    let mut term = Term::spawn(&["--desk", desk.to_str().unwrap(), "list"], &[], 120, 40);
    let screen = term.wait_for(SAMPLE_STORY);
    assert!(screen.contains("CBS News/AP"), "{screen}");
    assert!(term.wait_exit());
}

fn load(desk: &std::path::Path, id: &str) -> Story {
    let d = factdesk_core::store::Desk::open(desk).unwrap();
    let id = factdesk_core::ids::StoryId::parse(id).unwrap();
    d.load_story(&id).unwrap().file.value
}

/// A later wire story, freshly imported: every claim pending, and the
/// newest story, so first on the desk screen.
fn import_fresh_story(desk: &std::path::Path) -> String {
    let file =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ministry-repeat.txt");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_factdesk"))
        .args([
            "--desk",
            desk.to_str().unwrap(),
            "import",
            file.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// The triage session the product exists for: open the story, walk the
/// pending claims with `]`, rule them, link a source, add a claim from a
/// selection, undo and redo, quit, come back, and find it all on disk.
#[test]
fn an_editors_triage_session_survives_a_restart() {
    let (_tmp, desk) = sample_desk();
    let d = desk.to_str().unwrap();
    let story = import_fresh_story(&desk);
    let before = load(&desk, &story);
    let n = before.claims.len();
    let pending: Vec<u32> = before
        .claims
        .iter()
        .filter(|c| c.verdict == Verdict::Pending)
        .map(|c| c.id)
        .collect();
    assert!(pending.len() >= 3, "the sample needs pending claims");

    let mut term = Term::spawn(&["--desk", d, "--editor", "maria"], &[], 120, 40);
    term.wait_for("Sample desk");
    term.settle();
    term.type_keys(&[keys::ENTER]);
    term.wait_for(&format!("Claims ({n})"));
    // Three pending claims, ruled in turn from the triage keys.
    term.type_keys(&["c", "]", "u", "]", "d"]);
    term.wait_for(&format!("P{} C1 U1 D1", n - 3));
    // Link a source to the last one through the picker, which starts on
    // the stance a disputed claim wants.
    term.type_keys(&["s", "afp", keys::ENTER]);
    term.wait_for("linked afp (contradicts)");
    // A new claim from a selection in the article: to the article, select
    // a few words from the start of the text, add.
    term.type_keys(&[keys::TAB, "w", "w", "v", "w", "w", "a"]);
    let new_id = before.next_claim;
    term.wait_for(&format!("added claim #{new_id}"));
    term.wait_for(&format!("Claims ({})", n + 1));
    // Undo the new claim, redo it.
    term.type_keys(&[keys::CTRL_Z]);
    term.wait_for(&format!("Claims ({n})"));
    term.type_keys(&[keys::CTRL_Y]);
    term.wait_for(&format!("Claims ({})", n + 1));
    term.type_keys(&["q"]);
    assert!(term.wait_exit());

    // Everything is on disk, with its history.
    let after = load(&desk, &story);
    let verdicts: Vec<Verdict> = pending[..3]
        .iter()
        .map(|id| after.claim(*id).unwrap().verdict)
        .collect();
    assert_eq!(
        verdicts,
        [Verdict::Confirmed, Verdict::Unconfirmed, Verdict::Disputed]
    );
    let disputed = after.claim(pending[2]).unwrap();
    let link = disputed.link(&"afp".parse().unwrap()).expect("afp linked");
    assert_eq!(link.stance, Stance::Contradicts);
    let last = disputed.history.last().unwrap();
    assert_eq!(last.editor, "maria");
    assert!(matches!(last.change, Change::Linked { .. }));
    let added = after.claim(new_id).expect("claim added from the selection");
    assert_eq!(added.verdict, Verdict::Pending);
    let kinds: Vec<&Change> = added.history.iter().map(|h| &h.change).collect();
    assert!(
        matches!(
            kinds[..],
            [Change::Created { .. }, Change::Deleted, Change::Restored]
        ),
        "{kinds:?}"
    );

    // Start again: the screen shows the saved state.
    let mut term = Term::spawn(&["--desk", d], &[], 120, 40);
    term.wait_for(&format!("P{} C1 U1 D1", n - 2));
    term.settle();
    term.type_keys(&[keys::ENTER]);
    term.wait_for(&format!("Claims ({})", n + 1));
    term.type_keys(&["q"]);
    assert!(term.wait_exit());
}

/// Two editors, one story: the second screen opens it read-only and names
/// the first; once the first leaves, the story is free again.
#[test]
fn a_second_editor_gets_the_story_read_only() {
    let (_tmp, desk) = sample_desk();
    let d = desk.to_str().unwrap();
    let mut first = Term::spawn(&["--desk", d, "--editor", "ana"], &[], 120, 40);
    first.wait_for("Sample desk");
    first.settle();
    first.type_keys(&[keys::ENTER]);
    first.wait_for("Claims (");
    let mut second = Term::spawn(&["--desk", d, "--editor", "ben"], &[], 120, 40);
    second.wait_for("Sample desk");
    second.settle();
    second.type_keys(&[keys::ENTER]);
    second.wait_for("READ-ONLY: ana on ");
    // The whole frame, not the part of it drawn so far.
    second.settle();
    let screen = second.screen();
    assert!(screen.contains("is editing this story"), "{screen}");
    // The status bar says so too, and offers no key that cannot work.
    assert!(screen.contains("READ-ONLY: ana is editing"), "{screen}");
    assert!(!screen.contains("c/u/d/p verdict"), "{screen}");
    let before = load(&desk, SAMPLE_STORY);
    second.type_keys(&["c", "d"]);
    assert_eq!(load(&desk, SAMPLE_STORY), before);
    first.type_keys(&["q"]);
    assert!(first.wait_exit());
    // ben goes back to the desk and opens the story again: now it is his.
    second.type_keys(&[keys::ESC, keys::ENTER]);
    second.wait_for("Claims (");
    assert!(!second.screen().contains("READ-ONLY"));
    second.type_keys(&["q"]);
    assert!(second.wait_exit());
}

/// The traps of a real terminal: a bracketed paste arrives whole in the
/// search line (its newline opens nothing), a paste outside a field
/// changes nothing, undo still works after leaving the story and coming
/// back, and Ctrl-c quits with everything saved.
#[test]
fn paste_undo_after_reopening_and_ctrl_c_in_a_real_terminal() {
    let (_tmp, desk) = sample_desk();
    let d = desk.to_str().unwrap();
    let mut term = Term::spawn(&["--desk", d, "--editor", "maria"], &[], 120, 40);
    term.wait_for("Sample desk");
    term.settle();
    term.type_keys(&["2"]);
    term.wait_for(" SEARCH ");
    term.type_keys(&["\x1b[200~raqqa\rxd\x1b[201~"]);
    let screen = term.wait_for("raqqa xd");
    assert!(screen.contains(" SEARCH "), "{screen}");
    let before = load(&desk, SAMPLE_STORY);

    // To the story's pending claim: rule it, leave, come back, undo.
    term.type_keys(&[keys::ESC, "1", "G", keys::ENTER]);
    term.wait_for(" CLAIMS ");
    term.wait_for("Russia said Friday");
    term.type_keys(&["]", "d"]);
    term.wait_for("D1");
    let pending = before
        .claims
        .iter()
        .find(|c| c.verdict == Verdict::Pending)
        .expect("the sample has a pending claim")
        .id;
    assert_eq!(
        load(&desk, SAMPLE_STORY).claim(pending).unwrap().verdict,
        Verdict::Disputed
    );
    term.type_keys(&[keys::ESC, keys::ENTER]);
    term.wait_for(" CLAIMS ");
    term.type_keys(&[keys::CTRL_Z]);
    term.wait_for("undone");
    assert_eq!(
        load(&desk, SAMPLE_STORY).claim(pending).unwrap().verdict,
        Verdict::Pending
    );

    // Letters pasted where nothing takes text rule on nothing.
    term.type_keys(&["\x1b[200~cdx\x1b[201~"]);
    term.wait_for("nothing to paste into");
    let verdicts = |s: &Story| s.claims.iter().map(|c| c.verdict).collect::<Vec<_>>();
    assert_eq!(verdicts(&load(&desk, SAMPLE_STORY)), verdicts(&before));

    term.type_keys(&["\x03"]);
    assert!(term.wait_exit(), "Ctrl-c exits with success");
}
