//! The command line's story details (`story edit`), story ids given by
//! their start, one claim shown whole, search that says when nothing
//! matches and keeps its columns, and the completions and manual page
//! made from the definitions: the real binary on a temporary desk.

use std::fs;
use std::path::{Path, PathBuf};

const SEED: &str = include_str!("fixtures/seed.txt");
const UNDATED: &str = "Floods reach the old town\n\nThe river rose 3 metres overnight, the mayor said. About 400 homes were evacuated, officials said.\n";

mod support;

use support::cli::factdesk;

fn new_desk() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let desk = dir.path().join("desk");
    factdesk_core::store::Desk::create(&desk, "Test desk").unwrap();
    (dir, desk)
}

fn import(desk: &Path, name: &str, text: &str) -> String {
    let file = desk.parent().unwrap().join(name);
    fs::write(&file, text).unwrap();
    let run = factdesk(desk, &["import", file.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.err);
    run.out.trim().to_string()
}

fn story_file(desk: &Path, id: &str) -> Vec<u8> {
    fs::read(desk.join("stories").join(id).join("story.ron")).unwrap()
}

#[test]
fn an_undated_story_given_its_date_sorts_where_it_belongs() {
    let (_tmp, desk) = new_desk();
    let dated = import(&desk, "seed.txt", SEED);
    let undated = import(&desk, "floods.txt", UNDATED);
    let list = factdesk(&desk, &["list"]);
    let ids: Vec<&str> = list.out.lines().collect();
    assert!(ids[1].starts_with("????-??-??"), "{}", list.out);

    let run = factdesk(
        &desk,
        &[
            "story",
            "edit",
            "floods",
            "--date",
            "2024-05-06",
            "--dateline",
            "PORTO ALEGRE",
            "--outlet",
            "Reuters",
            "--url",
            "https://example.org/floods",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.err);
    assert_eq!(
        run.out,
        format!(
            "{undated}  date: none → “2024-05-06”\n\
             {undated}  dateline: none → “PORTO ALEGRE”\n\
             {undated}  outlet: none → “Reuters”\n\
             {undated}  url: none → “https://example.org/floods”\n"
        )
    );
    let list = factdesk(&desk, &["list"]);
    let first = list.out.lines().next().unwrap();
    assert!(
        first.starts_with("2024-05-06  Reuters") && first.contains(&undated),
        "{}",
        list.out
    );
    assert!(list.out.lines().nth(1).unwrap().contains(&dated));
    let show = factdesk(&desk, &["show", &undated]);
    assert!(
        show.out.contains("2024-05-06 · PORTO ALEGRE · Reuters"),
        "{}",
        show.out
    );
    assert!(show.out.contains("https://example.org/floods"));
    let history = factdesk(&desk, &["history", &undated]);
    assert!(
        history.out.contains("story ana  date: none → “2024-05-06”"),
        "{}",
        history.out
    );

    // The headline, and the same value again, which changes nothing.
    let run = factdesk(
        &desk,
        &[
            "story",
            "edit",
            &undated,
            "--headline",
            "Floods reach\nPorto Alegre",
        ],
    );
    assert_eq!(
        run.out,
        format!("{undated}  headline: “Floods reach the old town” → “Floods reach Porto Alegre”\n")
    );
    let before = story_file(&desk, &undated);
    let run = factdesk(&desk, &["story", "edit", &undated, "--outlet", "Reuters"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.out, format!("{undated}  unchanged (already so)\n"));
    assert_eq!(story_file(&desk, &undated), before);

    // An empty value clears a detail.
    let run = factdesk(&desk, &["story", "edit", &undated, "--url", ""]);
    assert_eq!(
        run.out,
        format!("{undated}  url: “https://example.org/floods” → none\n")
    );
}

#[test]
fn a_bad_detail_is_one_line_and_nothing_is_written() {
    let (_tmp, desk) = new_desk();
    let id = import(&desk, "seed.txt", SEED);
    let before = story_file(&desk, &id);
    for (args, says) in [
        (
            vec!["--date", "2025-02-30"],
            "factdesk: --date: \"2025-02-30\" is not a day",
        ),
        (vec!["--date", "14/03/2025"], "factdesk: --date:"),
        (
            vec!["--headline", "  "],
            "factdesk: --headline: a story's headline cannot be empty",
        ),
        (
            vec!["--url", "javascript:alert(1)"],
            "factdesk: --url: invalid URL",
        ),
        // One good value beside a bad one: still nothing written.
        (
            vec!["--outlet", "AP", "--url", "file:///etc/passwd"],
            "factdesk: --url:",
        ),
        (vec![], "factdesk: nothing to change"),
    ] {
        let mut all = vec!["story", "edit", id.as_str()];
        all.extend(args.iter().copied());
        let run = factdesk(&desk, &all);
        assert_eq!(run.code, 1, "{args:?}");
        assert!(run.err.starts_with(says), "{args:?}: {}", run.err);
        assert_eq!(run.err.lines().count(), 1, "{}", run.err);
        assert!(run.out.is_empty());
        assert_eq!(story_file(&desk, &id), before, "{args:?} wrote");
    }
    let run = factdesk(&desk, &["story", "edit", "no-such", "--outlet", "AP"]);
    assert_eq!(run.code, 1);
    assert!(run.err.contains("no story \"no-such\""), "{}", run.err);
}

#[test]
fn a_story_is_named_by_the_start_of_its_id() {
    let (_tmp, desk) = new_desk();
    let a = import(&desk, "seed.txt", SEED);
    let b = import(&desk, "seed.txt", SEED);
    assert_eq!(b, format!("{a}-2"));
    let run = factdesk(&desk, &["show", "2017-06-16-russia-said"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.err,
        format!(
            "factdesk: \"2017-06-16-russia-said\" is the start of 2 stories: {a}, {b}; give more of the id\n"
        )
    );
    assert!(run.out.is_empty());
    // The whole id wins over the longer one it starts.
    let run = factdesk(&desk, &["show", &a]);
    assert_eq!(run.code, 0, "{}", run.err);
    assert!(run.out.starts_with(&format!("{a}\n")), "{}", run.out);
    let undated = import(&desk, "floods.txt", UNDATED);
    let run = factdesk(&desk, &["show", "flo"]);
    assert_eq!(run.code, 0, "{}", run.err);
    assert!(run.out.starts_with(&format!("{undated}\n")));
    let run = factdesk(&desk, &["show", "zzz"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.err, "factdesk: no story \"zzz\" in this desk\n");
    // The other commands that take a story share the rule.
    let run = factdesk(&desk, &["history", "flo"]);
    assert_eq!(run.code, 0, "{}", run.err);
    let run = factdesk(&desk, &["claim", "delete", "flo", "1"]);
    assert_eq!(run.code, 0, "{}", run.err);
    assert!(run.out.starts_with(&format!("{undated}#1  deleted")));
}

#[test]
fn show_story_claim_shows_one_claim_whole() {
    let (_tmp, desk) = new_desk();
    let id = import(&desk, "seed.txt", SEED);
    let tag = factdesk(
        &desk,
        &[
            "tag",
            &id,
            "1",
            "unconfirmed",
            "--note",
            "asked the ministry",
        ],
    );
    assert_eq!(tag.code, 0, "{}", tag.err);
    let run = factdesk(&desk, &["show", "2017", "1"]);
    assert_eq!(run.code, 0, "{}", run.err);
    let out = &run.out;
    assert!(
        out.starts_with(&format!("{id}  Russia said Friday")),
        "{out}"
    );
    for want in [
        "#1 UNCONFIRMED",
        "speaker: Russia",
        "note: asked the ministry",
        "in the article: bytes ",
        "check-worthiness: ",
        "\nhistory\n",
        "#1   ana  verdict pending → unconfirmed",
    ] {
        assert!(out.contains(want), "{want:?} not in {out}");
    }
    // Only that claim.
    assert!(!out.contains("#2 "), "{out}");
    let json = factdesk(&desk, &["show", &id, "1", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json.out).unwrap();
    assert_eq!(v["id"], 1);
    assert_eq!(v["verdict"], "Unconfirmed");
    // A deleted claim is shown, said deleted.
    factdesk(
        &desk,
        &["claim", "delete", &id, "2", "--note", "a duplicate"],
    );
    let run = factdesk(&desk, &["show", &id, "2"]);
    assert_eq!(run.code, 0, "{}", run.err);
    assert!(run.out.contains("DELETED by ana on "), "{}", run.out);
    assert!(run.out.contains(&format!("factdesk claim restore {id} 2")));
    let run = factdesk(&desk, &["show", &id, "99"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.err, format!("factdesk: story {id} has no claim #99\n"));
}

#[test]
fn search_says_when_nothing_matches_and_keeps_its_columns() {
    let (_tmp, desk) = new_desk();
    import(&desk, "seed.txt", SEED);
    import(&desk, "floods.txt", UNDATED);
    let run = factdesk(&desk, &["search", "nothing-like-this"]);
    assert_eq!(run.code, 0);
    assert!(run.out.is_empty());
    assert_eq!(run.err, "factdesk: no claim matches “nothing-like-this”\n");
    let run = factdesk(&desk, &["search", "--verdict", "disputed"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.err, "factdesk: no claim matches --verdict disputed\n");
    let run = factdesk(&desk, &["search", "said"]);
    assert_eq!(run.code, 0, "{}", run.err);
    let lines: Vec<&str> = run.out.lines().collect();
    assert!(lines.len() >= 3, "{}", run.out);
    let ids: std::collections::BTreeSet<usize> = lines
        .iter()
        .map(|l| l.split('#').next().unwrap().len())
        .collect();
    assert!(
        ids.len() > 1,
        "the ids should differ in length: {}",
        run.out
    );
    // The verdict starts at the same column on every line, however long
    // the id before it.
    let verdict_at: std::collections::BTreeSet<usize> = lines
        .iter()
        .map(|l| {
            let id_end = l.find(' ').unwrap();
            id_end + l[id_end..].find(|c: char| c != ' ').unwrap()
        })
        .collect();
    assert_eq!(verdict_at.len(), 1, "{}", run.out);
}

#[test]
fn completions_and_the_manual_come_from_the_definitions() {
    let (_tmp, desk) = new_desk();
    for shell in ["bash", "zsh", "fish"] {
        let run = factdesk(&desk, &["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.err);
        for cmd in ["import", "show", "story", "search", "completions"] {
            assert!(run.out.contains(cmd), "{shell} lacks {cmd}");
        }
        // fish writes `-l headline`, the others `--headline`.
        assert!(
            run.out.contains("headline"),
            "{shell} lacks story edit's flags"
        );
    }
    let run = factdesk(&desk, &["completions", "tcsh"]);
    assert_eq!(run.code, 2);
    let man = factdesk(&desk, &["man"]);
    assert_eq!(man.code, 0, "{}", man.err);
    assert!(man.out.contains(".TH factdesk 1"), "{}", man.out);
    for cmd in ["import", "show", "story", "search", "man"] {
        assert!(man.out.contains(cmd), "the manual lacks {cmd}");
    }
    let page = factdesk(&desk, &["man", "story", "edit"]);
    assert_eq!(page.code, 0, "{}", page.err);
    assert!(
        page.out.contains(".TH factdesk-story-edit 1"),
        "{}",
        page.out
    );
    assert!(page.out.contains("headline"));
    let bad = factdesk(&desk, &["man", "nope"]);
    assert_eq!(bad.code, 1);
    assert_eq!(
        bad.err,
        "factdesk: no command \"factdesk nope\" (`factdesk help` lists them)\n"
    );
    // Neither needs a desk.
    let nowhere = desk.parent().unwrap().join("no-desk-here");
    assert_eq!(factdesk(&nowhere, &["man"]).code, 0);
    assert_eq!(factdesk(&nowhere, &["completions", "bash"]).code, 0);
}

#[test]
fn every_command_has_its_help() {
    let (_tmp, desk) = new_desk();
    for cmd in [
        "init",
        "check",
        "import",
        "suggest",
        "list",
        "show",
        "tag",
        "unlock",
        "source",
        "story",
        "claim",
        "seen",
        "search",
        "stats",
        "history",
        "export",
        "sync",
        "resolve",
        "completions",
        "man",
    ] {
        let run = factdesk(&desk, &["help", cmd]);
        assert_eq!(run.code, 0, "{cmd}: {}", run.err);
        assert!(run.out.contains("Usage: factdesk"), "{cmd}: {}", run.out);
    }
    let run = factdesk(&desk, &["help", "story", "edit"]);
    for flag in [
        "--headline",
        "--date",
        "--dateline",
        "--outlet",
        "--url",
        "--wait",
    ] {
        assert!(run.out.contains(flag), "{flag}: {}", run.out);
    }
    assert!(
        run.out.contains("its id, or the start of one"),
        "{}",
        run.out
    );
}
