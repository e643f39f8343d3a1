//! The command line, driven as a user drives it: the real binary on a
//! temporary desk.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SEED: &str = include_str!("fixtures/seed.txt");

struct Run {
    code: i32,
    out: String,
    err: String,
}

fn factdesk(desk: &Path, args: &[&str]) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = Command::new(env!("CARGO_BIN_EXE_factdesk"))
        .args(args)
        .env("FACTDESK_DESK", desk)
        .env("FACTDESK_EDITOR", "ana")
        .output()
        .unwrap();
    Run {
        code: status.code().unwrap_or(-1),
        out: String::from_utf8(stdout).unwrap(),
        err: String::from_utf8(stderr).unwrap(),
    }
}

fn new_desk() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let desk = dir.path().join("desk");
    factdesk_core::store::Desk::create(&desk, "Test desk").unwrap();
    (dir, desk)
}

fn import_seed(desk: &Path) -> String {
    let file = desk.parent().unwrap().join("seed.txt");
    fs::write(&file, SEED).unwrap();
    let run = factdesk(desk, &["import", file.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.err);
    run.out.trim().to_string()
}

#[test]
fn import_prints_the_new_id_and_keeps_the_article_exactly() {
    let (_tmp, desk) = new_desk();
    let id = import_seed(&desk);
    assert_eq!(id, "2017-06-16-russia-said-friday-that-the-leader");
    let article = fs::read_to_string(desk.join("stories").join(&id).join("article.txt")).unwrap();
    assert_eq!(article, SEED);
    // A second import of the same article is a second story.
    let id2 = import_seed(&desk);
    assert_eq!(id2, format!("{id}-2"));
}

#[test]
fn list_show_and_json() {
    let (_tmp, desk) = new_desk();
    let id = import_seed(&desk);
    let list = factdesk(&desk, &["list"]);
    assert_eq!(list.code, 0);
    assert!(
        list.out.starts_with("2017-06-16  CBS News/AP "),
        "{}",
        list.out
    );
    assert!(list.out.contains(&id));

    let json = factdesk(&desk, &["list", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json.out).unwrap();
    assert_eq!(v[0]["id"], id.as_str());
    assert_eq!(v[0]["outlet"], "CBS News/AP");
    assert_eq!(v[0]["date"], "2017-06-16");

    let show = factdesk(&desk, &["show", &id]);
    assert_eq!(show.code, 0, "{}", show.err);
    assert!(
        show.out.contains("2017-06-16 · MOSCOW · CBS News/AP"),
        "{}",
        show.out
    );
    assert!(
        show.out.contains("speaker: The Russian Defense Ministry"),
        "{}",
        show.out
    );
    let json = factdesk(&desk, &["show", &id, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json.out).unwrap();
    assert_eq!(v["claims"][0]["verdict"], "Pending");
}

#[test]
fn tag_records_verdict_sources_note_and_history() {
    let (_tmp, desk) = new_desk();
    let id = import_seed(&desk);
    let add = factdesk(
        &desk,
        &[
            "source",
            "add",
            "afp",
            "--name",
            "Agence France-Presse",
            "--kind",
            "wire",
            "--url",
            "https://www.afp.com/",
        ],
    );
    assert_eq!(add.code, 0, "{}", add.err);
    let run = factdesk(
        &desk,
        &[
            "tag",
            &id,
            "2",
            "disputed",
            "--source",
            "afp:contradicts",
            "--note",
            "US could not confirm",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.err);
    // One line per change: the verdict, the link, the note.
    assert_eq!(
        run.out,
        format!(
            "{id}#2  pending → disputed\n{id}#2  linked afp (contradicts)\n{id}#2  note “US could not confirm”\n"
        )
    );

    let ron = fs::read_to_string(desk.join("stories").join(&id).join("story.ron")).unwrap();
    assert!(ron.contains("verdict: Disputed"), "{ron}");
    assert!(ron.contains("source: \"afp\""), "{ron}");
    assert!(ron.contains("stance: Contradicts"), "{ron}");
    assert!(ron.contains("note: \"US could not confirm\""), "{ron}");
    assert!(ron.contains("editor: \"ana\""), "{ron}");
    assert!(ron.contains("from: Pending"), "{ron}");

    // Tagging again with the same verdict writes nothing.
    let again = factdesk(&desk, &["tag", &id, "2", "disputed"]);
    assert!(again.out.contains("(no change)"));
    assert_eq!(
        fs::read_to_string(desk.join("stories").join(&id).join("story.ron")).unwrap(),
        ron
    );
}

#[test]
fn tag_refuses_bad_input_without_writing() {
    let (_tmp, desk) = new_desk();
    let id = import_seed(&desk);
    let story = desk.join("stories").join(&id).join("story.ron");
    let before = fs::read(&story).unwrap();
    for (args, msg) in [
        (
            vec!["tag", "../../etc", "1", "confirmed"],
            "invalid story id \"../../etc\"",
        ),
        (vec!["tag", &id, "99", "confirmed"], "has no claim #99"),
        (vec!["tag", &id, "1", "maybe"], "unknown verdict \"maybe\""),
        (
            vec!["tag", &id, "1", "confirmed", "--source", "nobody"],
            "no source \"nobody\"",
        ),
        (
            vec!["tag", &id, "1", "confirmed", "--source", "afp:likes"],
            "stance must be",
        ),
        (
            vec!["tag", "no-such-story", "1", "confirmed"],
            "no story \"no-such-story\"",
        ),
    ] {
        let run = factdesk(&desk, &args);
        assert_eq!(run.code, 1, "{args:?}");
        assert!(run.err.contains(msg), "{args:?}: {}", run.err);
        assert_eq!(run.err.lines().count(), 1, "{}", run.err);
    }
    assert_eq!(fs::read(&story).unwrap(), before);
}

#[test]
fn import_refuses_binary_and_latin1_but_imports_the_rest() {
    let (tmp, desk) = new_desk();
    let latin1 = tmp.path().join("latin1.txt");
    fs::write(
        &latin1,
        b"date 2020-01-01 PARIS (AFP) - Le caf\xe9 a dit lundi.",
    )
    .unwrap();
    let binary = tmp.path().join("photo.jpg");
    fs::write(&binary, b"\xff\xd8\xff\xe0\0\x10JFIF\0\x01").unwrap();
    let good = tmp.path().join("good.txt");
    fs::write(&good, "Officials said on Monday that 40 people were hurt.").unwrap();
    let run = factdesk(
        &desk,
        &[
            "import",
            latin1.to_str().unwrap(),
            binary.to_str().unwrap(),
            good.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 1);
    assert_eq!(run.out.trim(), "officials-said-on-monday-that-40");
    let errs: Vec<_> = run.err.lines().collect();
    assert_eq!(errs.len(), 2, "{}", run.err);
    assert!(errs[0].contains("latin1.txt"), "{}", errs[0]);
    assert!(errs[1].contains("photo.jpg"), "{}", errs[1]);
}

#[test]
fn source_registry_validates_input() {
    let (_tmp, desk) = new_desk();
    let bad_url = factdesk(
        &desk,
        &[
            "source",
            "add",
            "x",
            "--name",
            "X",
            "--url",
            "javascript:alert(1)",
        ],
    );
    assert_eq!(bad_url.code, 1);
    assert!(
        bad_url.err.contains("only http and https"),
        "{}",
        bad_url.err
    );
    let bad_id = factdesk(&desk, &["source", "add", "../x", "--name", "X"]);
    assert!(bad_id.err.contains("invalid source id"), "{}", bad_id.err);
    let bad_kind = factdesk(
        &desk,
        &["source", "add", "x", "--name", "X", "--kind", "fax"],
    );
    assert!(
        bad_kind.err.contains("unknown source kind"),
        "{}",
        bad_kind.err
    );
    assert_eq!(
        factdesk(&desk, &["source", "add", "x", "--name", "X"]).code,
        0
    );
    let dup = factdesk(&desk, &["source", "add", "x", "--name", "Y"]);
    assert!(dup.err.contains("already exists"), "{}", dup.err);
    let list = factdesk(&desk, &["source", "list"]);
    assert!(list.out.starts_with("x "), "{}", list.out);
}

#[test]
fn desk_flag_works_before_and_after_the_subcommand() {
    let (_tmp, desk) = new_desk();
    import_seed(&desk);
    let d = desk.to_str().unwrap();
    for args in [vec!["--desk", d, "list"], vec!["list", "--desk", d]] {
        let out = Command::new(env!("CARGO_BIN_EXE_factdesk"))
            .args(&args)
            .env_remove("FACTDESK_DESK")
            .output()
            .unwrap();
        assert!(out.status.success());
        assert!(String::from_utf8_lossy(&out.stdout).contains("CBS News/AP"));
    }
}

#[test]
fn init_makes_a_desk_once() {
    let tmp = tempfile::tempdir().unwrap();
    let desk = tmp.path().join("new-desk");
    let run = factdesk(
        &desk,
        &["init", "--name", "Night desk", "--organisation", "Wire"],
    );
    assert_eq!(run.code, 0, "{}", run.err);
    assert_eq!(run.out.trim(), desk.to_str().unwrap());
    let settings = fs::read_to_string(desk.join("desk.ron")).unwrap();
    assert!(settings.contains("\"Night desk\""), "{settings}");
    assert!(settings.contains("Some(\"Wire\")"), "{settings}");
    let again = factdesk(&desk, &["init"]);
    assert_eq!(again.code, 1);
    assert_eq!(
        again.err,
        format!("factdesk: {} is already a desk\n", desk.display())
    );
    assert_eq!(fs::read_to_string(desk.join("desk.ron")).unwrap(), settings);
    let nowhere = Command::new(env!("CARGO_BIN_EXE_factdesk"))
        .arg("init")
        .env_remove("FACTDESK_DESK")
        .output()
        .unwrap();
    assert_eq!(nowhere.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&nowhere.stderr),
        "factdesk: init needs --desk DIR\n"
    );
}

#[test]
fn a_broken_story_file_is_named_and_the_rest_still_lists() {
    let (_tmp, desk) = new_desk();
    let id = import_seed(&desk);
    let file = desk.parent().unwrap().join("other.txt");
    fs::write(
        &file,
        "date 2020-02-02 ROME (Reuters) – Police said 3 people died.",
    )
    .unwrap();
    factdesk(&desk, &["import", file.to_str().unwrap()]);
    let story = desk.join("stories").join(&id).join("story.ron");
    let text = fs::read_to_string(&story).unwrap();
    fs::write(&story, text.replacen("verdict: Pending", "verdict: 7", 1)).unwrap();
    let run = factdesk(&desk, &["list"]);
    assert!(run.out.contains("2020-02-02"), "{}", run.out);
    assert_eq!(run.err.lines().count(), 1, "{}", run.err);
    assert!(run.err.contains("story.ron:"), "{}", run.err);
    let show = factdesk(&desk, &["show", &id]);
    assert_eq!(show.code, 1);
    assert!(
        show.err.contains(&format!("{id}/story.ron:")),
        "{}",
        show.err
    );
}

#[test]
fn check_reports_every_problem_with_file_line_and_column() {
    let (_tmp, desk) = new_desk();
    let id = import_seed(&desk);
    let clean = factdesk(&desk, &["check"]);
    assert_eq!(clean.code, 0, "{}", clean.err);
    assert!(clean.out.ends_with("no problems\n"), "{}", clean.out);

    // A second story to break in other ways.
    let other = desk.parent().unwrap().join("other.txt");
    fs::write(
        &other,
        "date 2020-02-02 ROME (Reuters) – Police said 3 people were killed and 12 injured in the blast on Monday.",
    )
    .unwrap();
    let other_id = factdesk(&desk, &["import", other.to_str().unwrap()])
        .out
        .trim()
        .to_string();

    let story = desk.join("stories").join(&id).join("story.ron");
    let text = fs::read_to_string(&story).unwrap();
    let broken = text.replacen("verdict: Pending", "verdict: Maybe", 1);
    fs::write(&story, &broken).unwrap();
    let other_story = desk.join("stories").join(&other_id).join("story.ron");
    let text = fs::read_to_string(&other_story).unwrap();
    let text = text.replacen(
        "sources: [],",
        "sources: [(source: \"ghost\", stance: Supports)],",
        1,
    );
    let text = text.replacen("end: ", "end: 9999", 1);
    fs::write(&other_story, &text).unwrap();
    fs::create_dir(desk.join("stories").join("Bad Name")).unwrap();

    let run = factdesk(&desk, &["check"]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.err.lines().collect();
    assert_eq!(lines.len(), 4, "{}", run.err);
    let line_of = |haystack: &str, needle: &str| {
        haystack.lines().position(|l| l.contains(needle)).unwrap() + 1
    };
    assert!(
        lines
            .iter()
            .any(|l| l.contains("Bad Name") && l.contains("invalid story id")),
        "{}",
        run.err
    );
    let verdict_line = line_of(&broken, "verdict: Maybe");
    assert!(
        lines
            .iter()
            .any(|l| l.contains(&format!("{id}/story.ron:{verdict_line}:"))),
        "{}",
        run.err
    );
    let ghost_line = line_of(&text, "ghost");
    assert!(
        lines.iter().any(
            |l| l.contains(&format!("{other_id}/story.ron:{ghost_line}:"))
                && l.contains("\"ghost\", which is not in sources.ron")
        ),
        "{}",
        run.err
    );
    // The span is reported where it starts.
    let span_line = line_of(&text, "end: 9999") - 1;
    assert!(
        lines.iter().any(
            |l| l.contains(&format!("{other_id}/story.ron:{span_line}:"))
                && l.contains("outside the article")
        ),
        "{}",
        run.err
    );
    // Checking never writes.
    assert_eq!(fs::read_to_string(&story).unwrap(), broken);
}

#[test]
fn check_on_a_folder_with_a_broken_desk_file() {
    let (_tmp, desk) = new_desk();
    fs::write(desk.join("desk.ron"), "").unwrap();
    let run = factdesk(&desk, &["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.err.contains("desk.ron:1:1: the file is empty"),
        "{}",
        run.err
    );
    fs::write(desk.join("desk.ron"), "(version: 7, name: \"x\")").unwrap();
    let run = factdesk(&desk, &["check"]);
    assert!(
        run.err
            .contains("desk.ron:1:1: written by a newer factdesk (version 7"),
        "{}",
        run.err
    );
}

#[test]
fn source_merge_moves_links_and_drops_the_duplicate() {
    let (_tmp, desk) = new_desk();
    let id = import_seed(&desk);
    for (sid, name) in [("afp", "Agence France-Presse"), ("afp-2", "AFP")] {
        let run = factdesk(
            &desk,
            &["source", "add", sid, "--name", name, "--kind", "wire"],
        );
        assert_eq!(run.code, 0, "{}", run.err);
    }
    let run = factdesk(&desk, &["tag", &id, "1", "confirmed", "--source", "afp-2"]);
    assert_eq!(run.code, 0, "{}", run.err);
    let run = factdesk(
        &desk,
        &[
            "tag",
            &id,
            "2",
            "confirmed",
            "--source",
            "afp-2",
            "--source",
            "afp",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.err);

    let run = factdesk(&desk, &["source", "merge", "afp-2", "afp"]);
    assert_eq!(run.code, 0, "{}", run.err);
    assert_eq!(
        run.out,
        "merged afp-2 into afp: 1 link moved, 1 duplicate link dropped, 1 story saved\n"
    );
    let list = factdesk(&desk, &["source", "list"]).out;
    assert!(!list.contains("afp-2"), "{list}");
    let show = factdesk(&desk, &["show", &id]).out;
    assert!(!show.contains("afp-2"), "{show}");
    let history = factdesk(&desk, &["history", &id, "1"]).out;
    assert!(history.contains("unlinked afp-2 (supports)"), "{history}");
    assert!(history.contains("linked afp (supports)"), "{history}");

    // Merging again what was merged moves links that came in since (from
    // another machine): none here. An unknown source is refused.
    let run = factdesk(&desk, &["source", "merge", "afp-2", "afp"]);
    assert_eq!(run.code, 0, "{}", run.err);
    assert!(run.out.contains(": 0 links moved"), "{}", run.out);
    let run = factdesk(&desk, &["source", "merge", "afp-3", "afp"]);
    assert_eq!(run.code, 1);
    assert!(run.err.contains("afp-3"), "{}", run.err);
}
