//! Judgments an editor can trust, through the real binary: revisions of an
//! article, claims that need review, "seen before" with its differences,
//! deleted claims and stories kept on the record, the desk's confirm rule.

use std::fs;
use std::path::{Path, PathBuf};

const SEED: &str = include_str!("fixtures/seed.txt");
const FOLLOWUP: &str = include_str!("fixtures/followup-2017-06-19.txt");

mod support;

use support::cli::factdesk;

fn ok(desk: &Path, args: &[&str]) -> String {
    let run = factdesk(desk, args);
    assert_eq!(run.code, 0, "{args:?}: {}{}", run.out, run.err);
    run.out
}

fn new_desk() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let desk = dir.path().join("desk");
    factdesk_core::store::Desk::create(&desk, "Test desk").unwrap();
    (dir, desk)
}

fn import(desk: &Path, name: &str, text: &str) -> String {
    let file = desk.parent().unwrap().join(name);
    fs::write(&file, text).unwrap();
    ok(desk, &["import", file.to_str().unwrap()])
        .trim()
        .to_string()
}

fn json(desk: &Path, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&ok(desk, args)).unwrap()
}

fn claim_with<'a>(story: &'a serde_json::Value, words: &str) -> &'a serde_json::Value {
    story["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["anchor"]["quote"].as_str().unwrap().contains(words))
        .unwrap_or_else(|| panic!("no claim quoting {words:?}"))
}

#[test]
fn a_revision_flags_changed_claims_keeps_moved_ones_quiet_and_re_ruling_clears() {
    let (_tmp, desk) = new_desk();
    let id = import(&desk, "seed.txt", SEED);
    let before = json(&desk, &["show", &id, "--json"]);
    let figure = claim_with(&before, "about 30 mid-level")["id"].to_string();
    ok(&desk, &["tag", &id, &figure, "unconfirmed"]);

    // A correction that only inserts a paragraph: every claim moves, none
    // is flagged, and check exits 0.
    let moved = SEED.replacen(
        "\n\n",
        "\n\nCORRECTION: an earlier version misspelt a name.\n\n",
        1,
    );
    let story_dir = desk.join("stories").join(&id);
    fs::write(story_dir.join("article.txt"), &moved).unwrap();
    let check = factdesk(&desk, &["check"]);
    assert_eq!(check.code, 0, "{}{}", check.out, check.err);
    assert!(check.err.is_empty(), "{}", check.err);
    assert!(
        check.out.contains("moved in the corrected article"),
        "{}",
        check.out
    );
    let shown = json(&desk, &["show", &id, "--json"]);
    assert!(
        shown["claims"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c.get("needs_review").is_none()),
        "a move flagged a claim"
    );
    // The hand edit is on the record, saying the earlier text was not kept.
    let history = ok(&desk, &["history", &id]);
    assert!(history.contains("edited by hand"), "{history}");
    // And stays quiet once saved (a re-rule saves the story).
    ok(&desk, &["tag", &id, &figure, "unconfirmed"]);
    assert!(ok(&desk, &["check"]).contains("no problems"));

    // A revision that changes the figure under a ruled claim.
    let corrected = moved.replace("about 30 mid-level", "about 40 mid-level");
    let file = desk.parent().unwrap().join("corrected.txt");
    fs::write(&file, &corrected).unwrap();
    let out = ok(&desk, &["story", "revise", &id, file.to_str().unwrap()]);
    assert!(out.contains("revisions/2.txt"), "{out}");
    assert!(out.contains("30 → 40"), "{out}");
    assert_eq!(
        fs::read_to_string(story_dir.join("revisions/2.txt")).unwrap(),
        moved
    );
    assert_eq!(
        fs::read_to_string(story_dir.join("article.txt")).unwrap(),
        corrected
    );
    let shown = json(&desk, &["show", &id, "--json"]);
    let c = claim_with(&shown, "about 40 mid-level");
    assert_eq!(c["needs_review"], true);
    assert_eq!(c["verdict"], "Unconfirmed", "the verdict stays");
    assert_eq!(c["review"]["changed"][0]["from"], "30");
    assert_eq!(c["review"]["changed"][0]["to"], "40");
    let text = ok(&desk, &["show", &id]);
    assert!(text.contains("NEEDS REVIEW"), "{text}");
    assert!(ok(&desk, &["list"]).contains("(1 to review)"));
    let check = factdesk(&desk, &["check"]);
    assert_eq!(check.code, 0, "{}", check.err);
    assert!(check.out.contains("needs review"), "{}", check.out);
    assert!(ok(&desk, &["history", &id, &figure]).contains("needs review"));

    // Re-ruling, with the same verdict, clears the flag, recorded.
    let out = ok(&desk, &["tag", &id, &figure, "unconfirmed"]);
    assert!(out.contains("(reviewed)"), "{out}");
    let shown = json(&desk, &["show", &id, "--json"]);
    assert!(
        claim_with(&shown, "about 40 mid-level")
            .get("needs_review")
            .is_none()
    );
    assert!(ok(&desk, &["history", &id, &figure]).contains("reviewed, ruled unconfirmed"));

    // A second change, cleared with "reviewed" instead.
    let again = corrected.replace("about 40 mid-level", "about 45 mid-level");
    fs::write(&file, &again).unwrap();
    ok(&desk, &["story", "revise", &id, file.to_str().unwrap()]);
    ok(&desk, &["claim", "reviewed", &id, &figure]);
    let shown = json(&desk, &["show", &id, "--json"]);
    assert!(
        claim_with(&shown, "about 45 mid-level")
            .get("needs_review")
            .is_none()
    );
    // The same text again is refused.
    let same = factdesk(&desk, &["story", "revise", &id, file.to_str().unwrap()]);
    assert_eq!(same.code, 1);
    assert!(same.err.contains("nothing to revise"), "{}", same.err);
}

#[test]
fn seen_lists_earlier_rulings_with_their_differences_as_json() {
    let (_tmp, desk) = new_desk();
    let first = import(&desk, "seed.txt", SEED);
    let story = json(&desk, &["show", &first, "--json"]);
    let figure = claim_with(&story, "about 30 mid-level")["id"].to_string();
    let coalition = claim_with(&story, "could not immediately confirm")["id"].to_string();
    ok(&desk, &["tag", &first, &figure, "unconfirmed"]);
    ok(&desk, &["tag", &first, &coalition, "confirmed"]);
    let second = import(&desk, "followup.txt", FOLLOWUP);

    let all = json(&desk, &["seen", &second, "--json"]);
    let all = all.as_array().unwrap();
    // The field order as printed.
    let printed = ok(&desk, &["seen", &second, "--json"]);
    let order: Vec<usize> = [
        "claim",
        "story",
        "earlier_claim",
        "text",
        "verdict",
        "date",
        "score",
        "shared",
        "differences",
    ]
    .iter()
    .map(|k| {
        printed
            .find(&format!("\"{k}\":"))
            .unwrap_or_else(|| panic!("no {k}"))
    })
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{printed}");
    let different = all
        .iter()
        .find(|m| m["earlier_claim"] == figure.parse::<u64>().unwrap())
        .expect("the casualty figures match");
    assert_eq!(different["story"], first.as_str());
    assert_eq!(different["verdict"], "Unconfirmed");
    assert_eq!(different["date"], "2017-06-16");
    assert!(
        different["text"]
            .as_str()
            .unwrap()
            .contains("about 300 other fighters")
    );
    assert_eq!(
        different["differences"],
        serde_json::json!([{"kind": "figure", "from": "300", "to": "330"}])
    );
    let same = all
        .iter()
        .find(|m| m["earlier_claim"] == coalition.parse::<u64>().unwrap())
        .expect("the coalition's words are repeated");
    assert_eq!(same["differences"], serde_json::json!([]));
    assert!(same["score"].as_f64().unwrap() >= 0.5);

    // One claim, as text.
    let claim = different["claim"].to_string();
    let one = ok(&desk, &["seen", &second, &claim]);
    assert!(
        one.contains("similar, but different: figure 300 → 330"),
        "{one}"
    );
    let none = factdesk(&desk, &["seen", &first, "3"]);
    assert_eq!(none.code, 0);
}

#[test]
fn deleted_claims_stay_on_the_record_and_come_back() {
    let (_tmp, desk) = new_desk();
    let id = import(&desk, "seed.txt", SEED);
    let second = json(&desk, &["show", &id, "--json"])["claims"][1]["id"].to_string();
    let c = second.as_str();
    ok(&desk, &["tag", &id, c, "disputed"]);
    let out = ok(
        &desk,
        &[
            "claim",
            "delete",
            &id,
            c,
            "--note",
            "duplicate of the first claim",
        ],
    );
    assert!(out.contains("deleted"), "{out}");
    let shown = json(&desk, &["show", &id, "--json"]);
    assert!(
        shown["claims"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["id"] != second.parse::<u64>().unwrap())
    );
    assert_eq!(shown["deleted_claims"][0]["id"].to_string(), second);
    // Out of search, stats and exports; in history and `show --deleted`.
    assert!(!ok(&desk, &["search", "verdict:disputed"]).contains(&format!("{id}#{second}")));
    assert!(ok(&desk, &["stats"]).contains("0  disputed"));
    assert!(!ok(&desk, &["export", &id, "--format", "csv"]).contains("Disputed"));
    let history = ok(&desk, &["history", &id, c]);
    assert!(
        history.contains("deleted: “duplicate of the first claim”"),
        "{history}"
    );
    let listed = ok(&desk, &["show", &id, "--deleted"]);
    assert!(
        listed.contains(&format!("#{second} DISPUTED (deleted by ana")),
        "{listed}"
    );
    // A deleted claim cannot be tagged; it can be restored, whole.
    let tag = factdesk(&desk, &["tag", &id, c, "confirmed"]);
    assert_eq!(tag.code, 1);
    assert!(tag.err.contains("is deleted"), "{}", tag.err);
    ok(&desk, &["claim", "restore", &id, c]);
    let shown = json(&desk, &["show", &id, "--json"]);
    assert_eq!(shown["claims"][1]["id"].to_string(), second);
    assert_eq!(shown["claims"][1]["verdict"], "Disputed");
    assert!(shown.get("deleted_claims").is_none());
    assert!(ok(&desk, &["history", &id, c]).contains("restored"));
}

#[test]
fn deleted_stories_go_to_the_trash_on_the_record_and_come_back() {
    let (_tmp, desk) = new_desk();
    let id = import(&desk, "seed.txt", SEED);
    let out = ok(&desk, &["story", "delete", &id, "--note", "wrong desk"]);
    assert!(out.contains("moved to the trash"), "{out}");
    assert!(!desk.join("stories").join(&id).exists());
    assert!(
        desk.join("stories/.trash")
            .join(&id)
            .join("story.ron")
            .is_file()
    );
    assert!(ok(&desk, &["list"]).trim().is_empty());
    assert!(ok(&desk, &["search", "Baghdadi"]).trim().is_empty());
    assert!(
        ok(&desk, &["export", "--all", "--format", "csv"])
            .lines()
            .count()
            <= 1
    );
    assert!(ok(&desk, &["check"]).contains("no problems"));
    let trash = ok(&desk, &["story", "list", "--trash"]);
    assert!(
        trash.contains(&id) && trash.contains("“wrong desk”"),
        "{trash}"
    );
    let shown = factdesk(&desk, &["show", &id]);
    assert_eq!(shown.code, 1);

    ok(&desk, &["story", "restore", &id]);
    assert!(ok(&desk, &["list"]).contains(&id));
    let history = ok(&desk, &["history", &id]);
    assert!(
        history.contains("story deleted (in the trash): “wrong desk”"),
        "{history}"
    );
    assert!(
        history.contains("story restored from the trash"),
        "{history}"
    );
    assert!(ok(&desk, &["story", "list", "--trash"]).trim().is_empty());
    let again = factdesk(&desk, &["story", "restore", &id]);
    assert_eq!(again.code, 1);
}

#[test]
fn the_trash_lists_a_page_at_a_time_and_counts_the_rest() {
    let (_tmp, desk) = new_desk();
    let first = import(&desk, "one.txt", SEED);
    let second = import(&desk, "two.txt", &SEED.replace("Baghdadi", "Mosul"));
    for id in [&first, &second] {
        ok(&desk, &["story", "delete", id.trim()]);
    }
    assert_eq!(ok(&desk, &["story", "list", "--trash"]).lines().count(), 2);
    let page = factdesk(&desk, &["story", "list", "--trash", "--limit", "1"]);
    assert_eq!(page.code, 0, "{}", page.err);
    assert_eq!(page.out.lines().count(), 1, "{}", page.out);
    assert!(
        page.err.contains("1 of 2 stories in the trash shown"),
        "{}",
        page.err
    );
    let json = factdesk(
        &desk,
        &["story", "list", "--trash", "--limit", "1", "--json"],
    );
    let v: serde_json::Value = serde_json::from_str(&json.out).unwrap();
    assert_eq!(v.as_array().map(Vec::len), Some(1));
}

#[test]
fn the_desks_confirm_rule_warns_records_and_lists() {
    let (_tmp, desk) = new_desk();
    let id = import(&desk, "seed.txt", SEED);
    let settings = desk.join("desk.ron");
    let text = fs::read_to_string(&settings).unwrap();
    fs::write(
        &settings,
        text.replace("  url: None,\n", "  url: None,\n  confirm_needs: 2,\n"),
    )
    .unwrap();
    ok(
        &desk,
        &["source", "add", "afp", "--name", "AFP", "--kind", "wire"],
    );
    let run = factdesk(&desk, &["tag", &id, "1", "confirmed", "--source", "afp"]);
    assert_eq!(run.code, 0, "{}", run.err);
    assert!(
        run.err
            .contains("confirmed with 1 supporting source (the desk asks for 2)"),
        "{}",
        run.err
    );
    assert!(ok(&desk, &["history", &id, "1"]).contains("the desk asks for 2"));
    let check = factdesk(&desk, &["check"]);
    assert_eq!(check.code, 0);
    assert!(
        check.out.contains("#1: confirmed with 1 supporting source"),
        "{}",
        check.out
    );
    assert!(ok(&desk, &["stats"]).contains("confirmed below the desk's rule"));
    // Without the rule, nothing is said.
    let (_tmp2, plain) = new_desk();
    let id2 = import(&plain, "seed.txt", SEED);
    let run = factdesk(&plain, &["tag", &id2, "1", "confirmed"]);
    assert!(run.err.is_empty(), "{}", run.err);
}
