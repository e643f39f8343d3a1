//! `factdesk suggest`: the real binary on a temporary desk, with its own
//! config folder so that no weights file of the machine's user counts.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SEED: &str = include_str!("fixtures/seed.txt");

struct Run {
    code: i32,
    out: String,
    err: String,
}

fn factdesk(root: &Path, args: &[&str]) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = Command::new(env!("CARGO_BIN_EXE_factdesk"))
        .args(args)
        .env("FACTDESK_DESK", root.join("desk"))
        .env("FACTDESK_EDITOR", "ana")
        .env("XDG_CONFIG_HOME", root.join("config"))
        .env("HOME", root)
        .output()
        .unwrap();
    Run {
        code: status.code().unwrap_or(-1),
        out: String::from_utf8(stdout).unwrap(),
        err: String::from_utf8(stderr).unwrap(),
    }
}

fn setup() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    factdesk_core::store::Desk::create(&dir.path().join("desk"), "Test desk").unwrap();
    let article = dir.path().join("seed.txt");
    fs::write(&article, SEED).unwrap();
    (dir, article)
}

fn json(run: &Run) -> Vec<serde_json::Value> {
    assert_eq!(run.code, 0, "{}", run.err);
    serde_json::from_str(&run.out).unwrap()
}

#[test]
fn json_lists_every_sentence_best_first_with_its_range_and_cues() {
    let (dir, article) = setup();
    let run = factdesk(
        dir.path(),
        &["suggest", article.to_str().unwrap(), "--json"],
    );
    let items = json(&run);
    assert_eq!(items.len(), 13);
    // The fields in their documented order, as printed.
    const FIELDS: [&str; 7] = [
        "start",
        "end",
        "text",
        "score",
        "cues",
        "speaker",
        "suggested",
    ];
    let first = run.out.split("\n  },").next().unwrap();
    let at: Vec<usize> = FIELDS
        .iter()
        .map(|f| first.find(&format!("\n    \"{f}\":")).unwrap())
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{first}");
    let mut last = f64::INFINITY;
    for item in &items {
        let obj = item.as_object().unwrap();
        let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        let mut want = FIELDS.to_vec();
        keys.sort_unstable();
        want.sort_unstable();
        assert_eq!(keys, want);
        let (start, end) = (
            item["start"].as_u64().unwrap() as usize,
            item["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&SEED[start..end], item["text"].as_str().unwrap());
        let score = item["score"].as_f64().unwrap();
        assert!(score <= last, "ranked best first");
        last = score;
        let cues = item["cues"].as_array().unwrap();
        let sum: f64 = cues.iter().map(|c| c["weight"].as_f64().unwrap()).sum();
        assert!(
            (sum - score).abs() < 1e-6,
            "the score is the sum of its cues"
        );
        for c in cues {
            let mut keys: Vec<&str> = c.as_object().unwrap().keys().map(String::as_str).collect();
            keys.sort_unstable();
            assert_eq!(keys, ["name", "text", "weight"]);
        }
        assert_eq!(item["suggested"], true);
    }
    let lede = items
        .iter()
        .find(|i| i["start"] == 42)
        .expect("the first sentence of the body");
    assert_eq!(lede["speaker"], "Russia");
    assert!(
        lede["cues"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["name"] == "hedge" && c["text"] == "believed to")
    );
}

#[test]
fn scores_are_deterministic_byte_for_byte() {
    let (dir, article) = setup();
    let path = article.to_str().unwrap();
    let a = factdesk(dir.path(), &["suggest", path, "--json"]);
    let b = factdesk(dir.path(), &["suggest", path, "--json"]);
    assert_eq!(a.code, 0, "{}", a.err);
    assert_eq!(a.out, b.out);
    let a = factdesk(dir.path(), &["suggest", path]);
    let b = factdesk(dir.path(), &["suggest", path]);
    assert_eq!(a.out, b.out);
}

#[test]
fn ranges_are_in_the_text_as_import_stores_it() {
    let (dir, _) = setup();
    let windows = dir.path().join("windows.txt");
    fs::write(&windows, format!("\u{FEFF}{}", SEED.replace('\n', "\r\n"))).unwrap();
    let unix = dir.path().join("seed.txt");
    let a = json(&factdesk(
        dir.path(),
        &["suggest", windows.to_str().unwrap(), "--json"],
    ));
    let b = json(&factdesk(
        dir.path(),
        &["suggest", unix.to_str().unwrap(), "--json"],
    ));
    assert_eq!(a, b);
}

#[test]
fn text_form_is_a_ranked_list_with_its_cues() {
    let (dir, article) = setup();
    fs::write(
        dir.path().join("desk/desk.ron"),
        "(version: 1, name: \"t\", suggest_threshold: 1.5, suggest_cap: 4)",
    )
    .unwrap();
    let run = factdesk(dir.path(), &["suggest", article.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.err);
    let lines: Vec<&str> = run.out.lines().collect();
    assert!(
        lines[0]
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit()),
        "{lines:?}"
    );
    assert!(lines[1].starts_with("        "), "{lines:?}");
    assert!(lines[1].contains("hedge “"), "{lines:?}");
    let cut = lines
        .iter()
        .position(|l| l.starts_with("── not suggested on import"))
        .unwrap();
    // Four suggested, each with its line of cues, then the cut.
    assert_eq!(cut, 8, "{lines:?}");
    assert_eq!(
        lines.last().copied(),
        Some("4 of 13 sentences suggested on import (score at least 1.50, at most 4)")
    );
}

#[test]
fn import_stores_the_scores_suggest_shows() {
    let (dir, article) = setup();
    let path = article.to_str().unwrap();
    let shown = json(&factdesk(dir.path(), &["suggest", path, "--json"]));
    let run = factdesk(dir.path(), &["import", path]);
    assert_eq!(run.code, 0, "{}", run.err);
    let id = run.out.trim();
    let story: serde_json::Value =
        serde_json::from_str(&factdesk(dir.path(), &["show", id, "--json"]).out).unwrap();
    let claims = story["claims"].as_array().unwrap();
    let suggested = shown.iter().filter(|s| s["suggested"] == true).count();
    assert_eq!(claims.len(), suggested);
    assert!(suggested > 0);
    for claim in claims {
        let start = &claim["anchor"]["start"];
        let same = shown.iter().find(|s| &s["start"] == start).unwrap();
        assert_eq!(claim["score"], same["score"]);
        assert_eq!(claim["cues"], same["cues"]);
        assert_eq!(claim["speaker"], same["speaker"]);
    }
}

#[test]
fn user_weights_count_and_a_broken_file_is_named() {
    let (dir, article) = setup();
    let path = article.to_str().unwrap();
    let config = dir.path().join("config/factdesk");
    fs::create_dir_all(&config).unwrap();
    fs::write(
        config.join("weights.ron"),
        "(cues: {\"hedge\": 0, \"figure\": 9.5})",
    )
    .unwrap();
    let items = json(&factdesk(dir.path(), &["suggest", path, "--json"]));
    let top = items[0]["cues"].as_array().unwrap();
    assert!(
        top.iter()
            .any(|c| c["name"] == "figure" && c["weight"] == 9.5),
        "the figures now lead: {top:?}"
    );
    assert!(items.iter().all(|i| {
        i["cues"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["name"] != "hedge")
    }));

    fs::write(config.join("weights.ron"), "(cues: {\n  \"hedge\" 2,\n})").unwrap();
    let run = factdesk(dir.path(), &["suggest", path]);
    assert_eq!(run.code, 0, "{}", run.err);
    let file = config.join("weights.ron");
    assert!(
        run.err
            .starts_with(&format!("factdesk: warning: {}:2:", file.display())),
        "{}",
        run.err
    );
    assert!(
        run.err.trim_end().ends_with("using the built-in weights"),
        "{}",
        run.err
    );
}

#[test]
fn a_missing_or_binary_file_is_one_line() {
    let (dir, _) = setup();
    let missing = dir.path().join("nope.txt");
    let run = factdesk(dir.path(), &["suggest", missing.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert_eq!(run.err.lines().count(), 1, "{}", run.err);
    assert!(
        run.err
            .starts_with(&format!("factdesk: {}: ", missing.display()))
    );
    let binary = dir.path().join("bin.txt");
    fs::write(&binary, b"\0\0\0abc").unwrap();
    let run = factdesk(dir.path(), &["suggest", binary.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert_eq!(run.err.lines().count(), 1, "{}", run.err);
}

#[test]
fn a_feed_is_read_as_import_reads_it_its_first_article_scored() {
    let (dir, _) = setup();
    let feed =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/ninjs-2-array.json");
    let feed = feed.to_str().unwrap();
    let shown = json(&factdesk(dir.path(), &["suggest", feed, "--json"]));
    assert!(!shown.is_empty());
    let run = factdesk(dir.path(), &["import", feed]);
    assert_eq!(run.code, 0, "{}", run.err);
    let first = run.out.lines().next().unwrap();
    let article = fs::read_to_string(
        dir.path()
            .join("desk/stories")
            .join(first)
            .join("article.txt"),
    )
    .unwrap();
    for s in &shown {
        let (start, end) = (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap());
        let text = article.get(start as usize..end as usize).unwrap();
        assert_eq!(
            text,
            s["text"].as_str().unwrap(),
            "offsets into the stored article"
        );
    }
    let story: serde_json::Value =
        serde_json::from_str(&factdesk(dir.path(), &["show", first, "--json"]).out).unwrap();
    let claims = story["claims"].as_array().unwrap();
    let suggested = shown.iter().filter(|s| s["suggested"] == true).count();
    assert_eq!(claims.len(), suggested, "import picks by score and cap too");
    for claim in claims {
        let same = shown
            .iter()
            .find(|s| s["start"] == claim["anchor"]["start"])
            .unwrap();
        assert_eq!(claim["score"], same["score"]);
    }
}
