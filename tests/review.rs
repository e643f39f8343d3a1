//! Reviewing past verdicts from the command line: search, stats, history
//! and export, with the real binary on a copy of the sample desk plus two
//! stories imported and tagged here.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "support/copy.rs"]
mod copy;
use copy::copy_dir;

const S1: &str = "2017-06-16-russia-said-friday-that-the-leader";
const S2: &str = "2017-07-11-the-russian-defense-ministry-said-on";
const S3: &str = "2018-02-14-iraqi-officials-said-on-wednesday-that";
/// The sample desk's follow-up of the first story, three days later.
const FOLLOWUP: &str = "2017-06-19-russias-defense-ministry-said-monday-that";

struct Run {
    code: i32,
    out: String,
    err: String,
}

fn run_in(dir: Option<&Path>, desk: &Path, editor: &str, args: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_factdesk"));
    cmd.args(args)
        .env("FACTDESK_DESK", desk)
        .env("FACTDESK_EDITOR", editor)
        .env("TZ", "UTC");
    if let Some(d) = dir {
        cmd.current_dir(d);
    }
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        out: String::from_utf8(out.stdout).unwrap(),
        err: String::from_utf8(out.stderr).unwrap(),
    }
}

fn fd(desk: &Path, args: &[&str]) -> Run {
    run_in(None, desk, "ana", args)
}

fn ok(desk: &Path, editor: &str, args: &[&str]) -> String {
    let r = run_in(None, desk, editor, args);
    assert_eq!(r.code, 0, "{args:?}: {}", r.err);
    r.out
}

/// The sample desk alone, its story imported 3h 07m before its last
/// verdict (the sample's own times are whatever it was generated with).
fn sample_desk() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let desk = tmp.path().join("desk");
    copy_dir(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data").as_path(),
        &desk,
    );
    set_sample_import_gap(&desk);
    (tmp, desk)
}

/// Date the sample story's import 3h 07m before its last verdict.
fn set_sample_import_gap(desk: &Path) {
    let d = factdesk_core::store::Desk::open(desk).unwrap();
    let mut doc = d
        .load_story(&factdesk_core::ids::StoryId::parse(S1).unwrap())
        .unwrap();
    let last = doc
        .story()
        .claims
        .iter()
        .filter_map(|c| c.last_ruled())
        .max();
    doc.story_mut().imported_at = last.unwrap() - chrono::Duration::seconds(3 * 3600 + 7 * 60);
    doc.save().unwrap();
}

/// How `history` shows the time of claim `claim`'s entry `n` of the
/// sample story (with TZ=UTC).
fn sample_time(desk: &Path, claim: u32, n: usize) -> String {
    let d = factdesk_core::store::Desk::open(desk).unwrap();
    let doc = d
        .load_story(&factdesk_core::ids::StoryId::parse(S1).unwrap())
        .unwrap();
    let at = doc.story().claim(claim).unwrap().history[n].at;
    at.format("%Y-%m-%d %H:%M:%S +00:00").to_string()
}

/// The sample desk, plus a later story repeating the Defense Ministry's
/// claim (Reuters, 2017-07-11) and a 2018 story (AFP), tagged by ben and
/// cara.
fn archive_desk() -> (tempfile::TempDir, PathBuf) {
    let (tmp, desk) = sample_desk();
    // The searches, exports and counts below were written on the sample's
    // first story and these two; the sample's follow-up (seen before,
    // similar but different) has its own tests in judgments.rs.
    std::fs::remove_dir_all(desk.join("stories").join(FOLLOWUP)).unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let out = ok(
        &desk,
        "ana",
        &[
            "import",
            fixtures.join("ministry-repeat.txt").to_str().unwrap(),
            fixtures.join("mosul-2018.txt").to_str().unwrap(),
        ],
    );
    assert_eq!(out, format!("{S2}\n{S3}\n"));
    for (editor, args) in [
        (
            "ben",
            vec![
                "tag",
                S2,
                "1",
                "disputed",
                "--source",
                "us-coalition",
                "--note",
                "Coalition has no information.",
            ],
        ),
        (
            "ben",
            vec!["tag", S2, "2", "confirmed", "--source", "russian-mod"],
        ),
        (
            "ben",
            vec!["tag", S2, "3", "unconfirmed", "--source", "afp:context"],
        ),
        ("cara", vec!["tag", S3, "1", "confirmed", "--source", "afp"]),
        // Weeks later, the coalition's word turns the sample's claim 8.
        (
            "cara",
            vec!["tag", S1, "8", "disputed", "--source", "us-coalition"],
        ),
    ] {
        ok(&desk, editor, &args);
    }
    set_sample_import_gap(&desk);
    (tmp, desk)
}

/// The `story#claim` of every line of a text search.
fn hits(desk: &Path, args: &[&str]) -> Vec<String> {
    let mut full = vec!["search"];
    full.extend_from_slice(args);
    ok(desk, "ana", &full)
        .lines()
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect()
}

fn ids(list: &[(&str, u32)]) -> Vec<String> {
    list.iter().map(|(s, c)| format!("{s}#{c}")).collect()
}

#[test]
fn search_filters_each_and_combined() {
    let (_tmp, desk) = archive_desk();
    let all = hits(&desk, &[]);
    assert_eq!(all.len(), 17);
    assert_eq!(all[..2], ids(&[(S3, 1), (S3, 2)]));
    assert_eq!(all[6..8], ids(&[(S1, 1), (S1, 2)]));

    let disputed = ids(&[(S2, 1), (S1, 8)]);
    assert_eq!(hits(&desk, &["verdict:disputed"]), disputed);
    assert_eq!(hits(&desk, &["--verdict", "disputed"]), disputed);
    assert_eq!(hits(&desk, &["verdict:D"]), disputed);

    let afp = ids(&[(S3, 1), (S2, 3), (S1, 9)]);
    assert_eq!(hits(&desk, &["source:afp"]), afp);
    assert_eq!(hits(&desk, &["--source", "AFP"]), afp);
    // A source by (part of) its registry name.
    assert_eq!(
        hits(&desk, &["source:\"anti-isis coalition\""]),
        ids(&[(S2, 1), (S1, 1), (S1, 4), (S1, 8)])
    );

    let ministry = ids(&[(S2, 1), (S2, 2), (S1, 2)]);
    assert_eq!(hits(&desk, &["speaker:\"defense ministry\""]), ministry);
    assert_eq!(hits(&desk, &["--speaker", "Defense Ministry"]), ministry);

    assert_eq!(
        hits(&desk, &["outlet:reuters"]),
        ids(&[(S2, 1), (S2, 2), (S2, 3), (S2, 4)])
    );
    assert_eq!(hits(&desk, &["--outlet", "afp"]), ids(&[(S3, 1), (S3, 2)]));

    assert_eq!(
        hits(&desk, &["since:2017-07-01", "until:2017-12-31"]),
        ids(&[(S2, 1), (S2, 2), (S2, 3), (S2, 4)])
    );
    assert_eq!(hits(&desk, &["--since", "2018"]), ids(&[(S3, 1), (S3, 2)]));
    assert_eq!(hits(&desk, &["until:2017-06"]).len(), 11);
    assert_eq!(
        hits(&desk, &["since:2017-06-16", "until:2017-06-16"]).len(),
        11
    );
    assert_eq!(hits(&desk, &["since:2019"]), Vec::<String>::new());

    // Combinations: every filter must hold.
    assert_eq!(
        hits(&desk, &["verdict:unconfirmed source:afp"]),
        ids(&[(S2, 3), (S1, 9)])
    );
    assert_eq!(
        hits(
            &desk,
            &[
                "speaker:ministry",
                "--verdict",
                "unconfirmed",
                "--until",
                "2017-06-30"
            ]
        ),
        ids(&[(S1, 2), (S1, 5), (S1, 6), (S1, 7), (S1, 10)])
    );
    assert_eq!(
        hits(
            &desk,
            &["baghdadi verdict:disputed source:coalition outlet:reuters"]
        ),
        ids(&[(S2, 1)])
    );
    assert_eq!(
        hits(&desk, &["baghdadi killed since:2017-07"]),
        ids(&[(S2, 1)])
    );
    // Words: the later story repeats the claim; both show up, best first.
    let b = hits(&desk, &["baghdadi killed"]);
    assert!(
        b.contains(&format!("{S2}#1")) && b.contains(&format!("{S1}#8")),
        "{b:?}"
    );
    assert!(!b.contains(&format!("{S3}#1")), "{b:?}");
    // A note is searched too; a quoted term keeps its spaces, and a leading
    // ' asks for the exact text.
    assert_eq!(hits(&desk, &["\"'coalition has no\""]), ids(&[(S2, 1)]));
    // Unquoted, the words are separate terms, each found anywhere (plain
    // words match as substrings, so the other order finds the claim too,
    // and the quoted other order nothing).
    assert_eq!(hits(&desk, &["'coalition no has"]), ids(&[(S2, 1)]));
    assert_eq!(
        hits(&desk, &["\"'coalition no has\""]),
        Vec::<String>::new()
    );
}

#[test]
fn search_line_and_json_formats() {
    let (_tmp, desk) = archive_desk();
    let out = ok(&desk, "ana", &["search", "verdict:disputed"]);
    // The ids padded to the widest, so the columns after them line up.
    let pad = " ".repeat(S2.len() - S1.len());
    assert_eq!(
        out,
        format!(
            "{S2}#1  DISPUTED     2017-07-11  The Russian Defense Min…  The Russian Defense Ministry said on Tuesday it still could not confirm that Is…\n\
             {S1}#8{pad}  DISPUTED     2017-06-16  The ministry              “According to the information that is being verified through various channels, …\n"
        )
    );
    let json = ok(&desk, "ana", &["search", "verdict:disputed", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 2);
    let keys: Vec<&str> = arr[0]
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    let mut expected = vec![
        "story",
        "claim",
        "date",
        "outlet",
        "headline",
        "speaker",
        "verdict",
        "text",
        "note",
        "sources",
        "last_ruled",
        "score",
        "matched",
    ];
    expected.sort();
    let mut keys = keys;
    keys.sort();
    assert_eq!(keys, expected);
    assert_eq!(arr[0]["story"], S2);
    assert_eq!(arr[0]["claim"], 1);
    assert_eq!(arr[0]["verdict"], "disputed");
    assert_eq!(arr[0]["outlet"], "Reuters");
    assert_eq!(arr[0]["note"], "Coalition has no information.");
    assert_eq!(arr[0]["sources"][0]["id"], "us-coalition");
    assert_eq!(arr[0]["sources"][0]["stance"], "Contradicts");
    assert_eq!(arr[1]["date"], "2017-06-16");
    // Matched positions point into the text.
    let json = ok(
        &desk,
        "ana",
        &["search", "raqqa", "--json", "--since", "2017-07"],
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
    let text: Vec<char> = v[0]["text"].as_str().unwrap().chars().collect();
    let lit: String = v[0]["matched"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| text[i.as_u64().unwrap() as usize])
        .collect();
    assert_eq!(lit, "Raqqa");
    assert_eq!(ok(&desk, "ana", &["search", "zzqqxx", "--json"]), "[]\n");
}

#[test]
fn search_reports_query_errors() {
    let (_tmp, desk) = sample_desk();
    for (args, msg) in [
        (
            vec!["search", "verdict:maybe"],
            "factdesk: unknown verdict \"maybe\" in verdict:maybe (use pending, confirmed, unconfirmed or disputed)\n",
        ),
        (
            vec!["search", "--verdict", "maybe"],
            "factdesk: unknown verdict \"maybe\" in verdict:maybe (use pending, confirmed, unconfirmed or disputed)\n",
        ),
        (
            vec!["search", "isis since:2017-13-01"],
            "factdesk: bad date in since:2017-13-01 (use YYYY-MM-DD, YYYY-MM or YYYY)\n",
        ),
        (
            vec!["stats", "--until", "yesterday"],
            "factdesk: bad date in until:yesterday (use YYYY-MM-DD, YYYY-MM or YYYY)\n",
        ),
        (
            vec!["search", "colour:red"],
            "factdesk: unknown filter colour: (filters are verdict:, source:, speaker:, outlet:, since:, until:; quote the word to search for it as text)\n",
        ),
        (
            vec!["search", "verdict:d", "--verdict", "c"],
            "factdesk: verdict: given twice\n",
        ),
        (
            vec!["search", "speaker:\"defense"],
            "factdesk: unterminated quote in speaker:\"defense\n",
        ),
    ] {
        let r = fd(&desk, &args);
        assert_eq!(r.code, 1, "{args:?}");
        assert_eq!(r.err, msg, "{args:?}");
        assert_eq!(r.out, "");
    }
}

#[test]
fn stats_on_the_sample_desk_exactly() {
    let (_tmp, desk) = sample_desk();
    assert_eq!(
        ok(&desk, "ana", &["stats"]),
        // The first story, corrected (claim 5 flagged by factdesk itself),
        // and its follow-up three days later, imported and tagged at once.
        "2 stories, 17 claims

verdicts
      4  pending
      4  confirmed
      9  unconfirmed
      0  disputed

outlets
     11  CBS News/AP
      6  AP

speakers
      6  The ministry
      3  (none)
      1  Deputy Foreign Minister Sergei Ryabkov
      1  French news agency AFP
      1  Russia
      1  Russia’s Defense Ministry
      1  The Britain-based Syrian Observatory for Human Rights
      1  The Russian Defense Ministry
      1  The U.S.-led anti-ISIS coalition
      1  The U.S.-led anti-ISIS military coalition

sources (supports / contradicts / context)
      9    8 /   0 /   1  russian-mod  Russian Defense Ministry statement
      3    2 /   0 /   1  us-coalition  U.S.-led anti-ISIS coalition statement
      3    2 /   0 /   1  us-defense-officials  Two U.S. defense officials (to CBS News)
      2    0 /   0 /   2  ap  Associated Press
      1    1 /   0 /   0  afp  Agence France-Presse
      1    1 /   0 /   0  cbs-news  CBS News

editors (changes)
     60  desk
      2  factdesk

import to last verdict (2 stories): median 1h 33m, max 3h 07m
"
    );
}

#[test]
fn stats_count_editors_sources_and_date_ranges() {
    let (_tmp, desk) = archive_desk();
    let v: serde_json::Value =
        serde_json::from_str(&ok(&desk, "ana", &["stats", "--json"])).unwrap();
    assert_eq!(v["stories"], 3);
    assert_eq!(v["claims"], 17);
    assert_eq!(
        v["verdicts"],
        serde_json::json!({"pending": 3, "confirmed": 4, "unconfirmed": 8, "disputed": 2})
    );
    assert_eq!(
        v["editors"],
        serde_json::json!([
            {"editor": "desk", "changes": 46},
            {"editor": "ben", "changes": 7},
            {"editor": "ana", "changes": 6},
            {"editor": "cara", "changes": 4},
            // The sample's correction: claim 5 re-anchored and flagged.
            {"editor": "factdesk", "changes": 2},
        ])
    );
    assert_eq!(
        v["outlets"][0],
        serde_json::json!({"name": "CBS News/AP", "claims": 11})
    );
    assert_eq!(
        v["outlets"][1],
        serde_json::json!({"name": "Reuters", "claims": 4})
    );
    assert_eq!(
        v["outlets"][2],
        serde_json::json!({"name": "AFP", "claims": 2})
    );
    let t = &v["time_to_verdict"];
    assert_eq!(t["stories"], 3);
    // The sample story took 3h 07m; the two stories imported and tagged
    // here took a second at most.
    assert_eq!(t["max_seconds"], 3 * 3600 + 7 * 60, "{t}");
    assert!(t["median_seconds"].as_i64().unwrap() <= 2, "{t}");

    let v: serde_json::Value = serde_json::from_str(&ok(
        &desk,
        "ana",
        &["stats", "--json", "--since", "2017-07-01"],
    ))
    .unwrap();
    assert_eq!(v["stories"], 2);
    assert_eq!(
        v["verdicts"],
        serde_json::json!({"pending": 2, "confirmed": 2, "unconfirmed": 1, "disputed": 1})
    );
    assert_eq!(
        v["sources"],
        serde_json::json!([
            {"id": "afp", "name": "Agence France-Presse", "supports": 1, "contradicts": 0, "context": 1},
            {"id": "russian-mod", "name": "Russian Defense Ministry statement", "supports": 1, "contradicts": 0, "context": 0},
            {"id": "us-coalition", "name": "U.S.-led anti-ISIS coalition statement", "supports": 0, "contradicts": 1, "context": 0},
        ])
    );
    let v: serde_json::Value =
        serde_json::from_str(&ok(&desk, "ana", &["stats", "--json", "--since", "2019"])).unwrap();
    assert_eq!(v["claims"], 0);
    assert_eq!(v["time_to_verdict"], serde_json::Value::Null);
}

#[test]
fn history_in_the_local_zone() {
    let (_tmp, desk) = archive_desk();
    let t = |n| sample_time(&desk, 8, n);
    assert_eq!(
        ok(&desk, "ana", &["history", S1, "8"]),
        format!(
            "{}  #8   desk  created
{}  #8   desk  verdict pending → unconfirmed
{}  #8   desk  linked russian-mod (supports)
{}  #8   desk  linked us-defense-officials (context)
{}  #8   desk  note set to “The ministry's statement; U.S. officials had no information to back it.”
{}  #8   cara  verdict unconfirmed → disputed
{}  #8   cara  linked us-coalition (contradicts)
",
            t(0),
            t(1),
            t(2),
            t(3),
            t(4),
            t(5),
            t(6)
        )
    );
    let created =
        chrono::NaiveDateTime::parse_from_str(&sample_time(&desk, 3, 0)[..19], "%Y-%m-%d %H:%M:%S")
            .unwrap()
            + chrono::Duration::hours(2);
    let out = Command::new(env!("CARGO_BIN_EXE_factdesk"))
        .args(["history", S1, "3"])
        .env("FACTDESK_DESK", &desk)
        .env("TZ", "UTC-2")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!(
            "{} +02:00  #3   desk  created\n",
            created.format("%Y-%m-%d %H:%M:%S")
        )
    );
    let all = ok(&desk, "ana", &["history", S2]);
    let times: Vec<&str> = all.lines().map(|l| &l[..26]).collect();
    assert!(
        times.windows(2).all(|w| w[0] <= w[1]),
        "oldest first: {all}"
    );
    // History times have one-second resolution, and changes made in the
    // same second keep claim order, so compare as a set (with each claim's
    // own changes in order).
    let mut changes: Vec<&str> = all.lines().map(|l| &l[28..]).collect();
    let per_claim = |list: &[&str], claim: &str| -> Vec<String> {
        list.iter()
            .filter(|l| l.starts_with(claim))
            .map(|l| l.to_string())
            .collect()
    };
    assert_eq!(
        per_claim(&changes, "#1 "),
        vec![
            "#1   ana  created",
            "#1   ben  verdict pending → disputed",
            "#1   ben  linked us-coalition (contradicts)",
            "#1   ben  note set to “Coalition has no information.”",
        ]
    );
    changes.sort();
    let mut expected = vec![
        "#1   ana  created",
        "#2   ana  created",
        "#3   ana  created",
        "#4   ana  created",
        "#1   ben  verdict pending → disputed",
        "#1   ben  linked us-coalition (contradicts)",
        "#1   ben  note set to “Coalition has no information.”",
        "#2   ben  verdict pending → confirmed",
        "#2   ben  linked russian-mod (supports)",
        "#3   ben  verdict pending → unconfirmed",
        "#3   ben  linked afp (context)",
    ];
    expected.sort();
    assert_eq!(changes, expected);
    let r = fd(&desk, &["history", S1, "99"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.err, format!("factdesk: story {S1} has no claim #99\n"));
    let r = fd(&desk, &["history", "../../etc"]);
    assert_eq!(r.code, 1);
    assert!(r.err.contains("invalid story id"), "{}", r.err);
}

fn is_iso_date(v: &serde_json::Value) -> bool {
    v.as_str()
        .is_some_and(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() && s.len() == 10)
}

#[test]
fn claimreview_export_follows_the_schema() {
    let (_tmp, desk) = archive_desk();
    let show: serde_json::Value =
        serde_json::from_str(&ok(&desk, "ana", &["show", S1, "--json"])).unwrap();
    let out = ok(&desk, "ana", &["export", S1, "--format", "claimreview"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let reviews = v.as_array().unwrap();
    assert_eq!(reviews.len(), 10, "the pending claim is left out");
    let claims = show["claims"].as_array().unwrap();
    let ruled: Vec<&serde_json::Value> = claims
        .iter()
        .filter(|c| c["verdict"] != "Pending")
        .collect();
    for (r, c) in reviews.iter().zip(&ruled) {
        assert_eq!(r["@context"], "https://schema.org");
        assert_eq!(r["@type"], "ClaimReview");
        assert_eq!(r["claimReviewed"], c["text"]);
        let rating = &r["reviewRating"];
        assert_eq!(rating["@type"], "Rating");
        let (value, best, worst) = (
            rating["ratingValue"].as_i64().unwrap(),
            rating["bestRating"].as_i64().unwrap(),
            rating["worstRating"].as_i64().unwrap(),
        );
        assert_eq!((best, worst), (3, 1));
        assert!((worst..=best).contains(&value));
        let expected = match c["verdict"].as_str().unwrap() {
            "Confirmed" => 3,
            "Unconfirmed" => 2,
            "Disputed" => 1,
            other => panic!("{other}"),
        };
        assert_eq!(value, expected);
        assert_eq!(rating["alternateName"], c["verdict"]);
        let item = &r["itemReviewed"];
        assert_eq!(item["@type"], "Claim");
        assert_eq!(item["datePublished"], "2017-06-16");
        assert!(is_iso_date(&item["datePublished"]));
        assert_eq!(item["appearance"]["@type"], "CreativeWork");
        assert_eq!(item["appearance"]["headline"], show["headline"]);
        match c["speaker"].as_str() {
            Some(name) => {
                assert_eq!(item["author"]["@type"], "Organization");
                assert_eq!(item["author"]["name"], name);
            }
            None => assert!(item.get("author").is_none()),
        }
        assert_eq!(
            r["author"],
            serde_json::json!({"@type": "Organization", "name": "factdesk sample newsroom"})
        );
        assert!(is_iso_date(&r["datePublished"]));
        let ruled_at = c["history"]
            .as_array()
            .unwrap()
            .iter()
            .rev()
            .find(|h| h["change"].get("Verdict").is_some())
            .unwrap()["at"]
            .as_str()
            .unwrap();
        assert_eq!(r["datePublished"].as_str().unwrap(), &ruled_at[..10]);
        assert!(r.get("url").is_none(), "the sample desk has no url");
    }
    let texts: Vec<&str> = reviews
        .iter()
        .map(|r| r["claimReviewed"].as_str().unwrap())
        .collect();
    assert!(!texts.iter().any(|t| t.starts_with("If confirmed")));

    // With a desk url: review urls and the author's url; the newest story
    // comes first with --all.
    let settings = desk.join("desk.ron");
    let text = fs::read_to_string(&settings).unwrap();
    fs::write(
        &settings,
        text.replace("url: None", "url: Some(\"https://checks.example.org/\")"),
    )
    .unwrap();
    let v: serde_json::Value = serde_json::from_str(&ok(
        &desk,
        "ana",
        &["export", "--all", "--format", "claimreview"],
    ))
    .unwrap();
    let reviews = v.as_array().unwrap();
    assert_eq!(reviews.len(), 1 + 3 + 10);
    assert_eq!(
        reviews[0]["url"],
        format!("https://checks.example.org/{S3}#claim-1")
    );
    assert_eq!(reviews[0]["author"]["url"], "https://checks.example.org/");
    assert_eq!(
        reviews[0]["itemReviewed"]["appearance"]["publisher"]["name"],
        "AFP"
    );
    assert_eq!(reviews[0]["reviewRating"]["alternateName"], "Confirmed");
    assert!(is_iso_date(&reviews[0]["datePublished"]));
    assert_eq!(reviews[1]["reviewRating"]["ratingValue"], 1);
    assert_eq!(reviews[1]["itemReviewed"]["datePublished"], "2017-07-11");

    // A story with nothing ruled exports an empty list.
    let file = desk.parent().unwrap().join("new.txt");
    fs::write(
        &file,
        "date 2020-02-02 ROME (Reuters) – Police said 3 people died.",
    )
    .unwrap();
    let id = ok(&desk, "ana", &["import", file.to_str().unwrap()]);
    assert_eq!(
        ok(
            &desk,
            "ana",
            &["export", id.trim(), "--format", "claimreview"]
        ),
        "[]\n"
    );
}

#[test]
fn csv_export_parses_back() {
    let (tmp, desk) = archive_desk();
    let path = tmp.path().join("all.csv");
    let out = ok(
        &desk,
        "ana",
        &[
            "export",
            "--all",
            "--format",
            "csv",
            "-o",
            path.to_str().unwrap(),
        ],
    );
    assert_eq!(out, format!("{}\n", path.display()));
    let bytes = fs::read(&path).unwrap();
    assert!(bytes.windows(2).any(|w| w == b"\r\n"), "RFC 4180 line ends");
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "story", "claim", "date", "outlet", "speaker", "verdict", "quote", "sources", "note"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 17);
    assert_eq!(
        rows[2].iter().collect::<Vec<_>>(),
        [
            S2,
            "1",
            "2017-07-11",
            "Reuters",
            "The Russian Defense Ministry",
            "disputed",
            "The Russian Defense Ministry said on Tuesday it still could not confirm that Islamic State leader Abu Bakr al-Baghdadi had been killed.",
            "us-coalition (contradicts)",
            "Coalition has no information.",
        ]
    );
    // Quotes and commas survive the round trip.
    assert_eq!(
        &rows[4][6],
        "A Syrian monitoring group said it had \"confirmed information\" that al-Baghdadi was dead, but gave no evidence."
    );
    assert_eq!(&rows[7][7], "russian-mod (supports)");
    assert_eq!(&rows[8][4], "");
    assert_eq!(&rows[8][5], "pending");
}

#[test]
fn markdown_export_reads_as_a_report() {
    let (_tmp, desk) = archive_desk();
    let md = ok(&desk, "ana", &["export", S1, "--format", "markdown"]);
    assert!(
        md.starts_with(
            "# Russia said Friday that the leader of the Islamic State of Iraq and Syria (ISIS) was believed to have been killed in an…

2017-06-16 · MOSCOW · CBS News/AP  
Story `2017-06-16-russia-said-friday-that-the-leader`

11 claims: 2 confirmed, 7 unconfirmed, 1 disputed, 1 pending.

## Claim 1: Unconfirmed

> Russia said Friday that the leader"
        ),
        "{md}"
    );
    assert!(md.contains(
        "- Speaker: Russia
- Sources:
  - Russian Defense Ministry statement, supports <https://eng.mil.ru/>
  - U.S.-led anti-ISIS coalition statement, context
- Note: Moscow's claim only; the coalition could not confirm it (claim 4).
"
    ));
    assert!(md.contains("## Claim 3: Pending\n"));
    assert!(md.contains("  - Agence France-Presse, supports <https://www.afp.com/>\n"));
    assert_eq!(md.matches("## Claim ").count(), 11);

    let all = ok(&desk, "ana", &["export", "--all", "--format", "markdown"]);
    assert!(all.starts_with(
        "# Fact-check report: factdesk sample newsroom\n\n3 stories.\n\n## Iraqi officials"
    ));
    assert_eq!(all.matches("\n## ").count(), 3);
    assert_eq!(all.matches("### Claim ").count(), 17);
    let s2 = all
        .find("## The Russian Defense Ministry said on Tuesday")
        .unwrap();
    assert!(all[s2..].contains("2017-07-11 · MOSCOW · Reuters"));
    assert!(all[s2..].contains("- Note: Coalition has no information.\n"));
}

#[test]
fn export_files_are_never_overwritten_without_force() {
    let (tmp, desk) = archive_desk();
    let path = tmp.path().join("s1.md");
    let p = path.to_str().unwrap();
    ok(
        &desk,
        "ana",
        &["export", S1, "--format", "markdown", "-o", p],
    );
    let first = fs::read_to_string(&path).unwrap();
    assert!(first.starts_with("# Russia said Friday"));
    let r = fd(&desk, &["export", S2, "--format", "markdown", "-o", p]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.err,
        format!("factdesk: {p} already exists; pass --force to overwrite it\n")
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), first);
    ok(
        &desk,
        "ana",
        &["export", S2, "--format", "markdown", "-o", p, "--force"],
    );
    assert!(
        fs::read_to_string(&path)
            .unwrap()
            .starts_with("# The Russian Defense Ministry")
    );

    // --force means nothing without a file.
    assert_eq!(
        fd(&desk, &["export", S1, "--format", "csv", "--force"]).code,
        2
    );
    // A folder is not a file.
    let r = fd(
        &desk,
        &[
            "export",
            S1,
            "--format",
            "csv",
            "-o",
            tmp.path().to_str().unwrap(),
            "--force",
        ],
    );
    assert_eq!(r.code, 1);
    assert!(r.err.contains("is a folder"), "{}", r.err);
}

#[test]
fn output_paths_go_where_told_but_story_ids_stay_in_the_desk() {
    let (tmp, desk) = archive_desk();
    let deep = tmp.path().join("a/b");
    fs::create_dir_all(&deep).unwrap();
    let r = run_in(
        Some(&deep),
        &desk,
        "ana",
        &["export", S1, "--format", "csv", "-o", "../../x.csv"],
    );
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(
        fs::read_to_string(tmp.path().join("x.csv"))
            .unwrap()
            .starts_with("story,claim,")
    );

    for id in [
        "../../etc",
        "../desk",
        "x/../../y",
        "..",
        S1.to_uppercase().as_str(),
    ] {
        let r = fd(&desk, &["export", id, "--format", "markdown"]);
        assert_eq!(r.code, 1, "{id}");
        assert!(
            r.err
                .starts_with(&format!("factdesk: invalid story id {id:?}")),
            "{id}: {}",
            r.err
        );
        assert_eq!(r.out, "");
    }
    let r = fd(&desk, &["export", "no-such-story", "--format", "csv"]);
    assert_eq!(r.err, "factdesk: no story \"no-such-story\" in this desk\n");
}

#[test]
fn escapes_in_desk_text_never_reach_the_terminal() {
    let (_tmp, desk) = archive_desk();
    ok(
        &desk,
        "ana",
        &[
            "tag",
            S3,
            "2",
            "disputed",
            "--note",
            "evil\u{1b}]0;owned\u{7}\u{9b}\u{202e}note",
        ],
    );
    for args in [
        vec!["search", "evil"],
        vec!["search", "evil", "--json"],
        vec!["history", S3, "2"],
        vec!["stats"],
        vec!["export", S3, "--format", "markdown"],
        vec!["export", S3, "--format", "csv"],
        vec!["export", S3, "--format", "claimreview"],
        vec!["show", S3, "--json"],
    ] {
        let out = ok(&desk, "ana", &args);
        assert!(!out.is_empty(), "{args:?}");
        assert!(
            !out.chars()
                .any(|c| (c.is_control() && c != '\n' && c != '\r')
                    || ('\u{202a}'..='\u{202e}').contains(&c)),
            "{args:?}: {out:?}"
        );
    }
    // JSON keeps the note exactly, escaped.
    let v: serde_json::Value =
        serde_json::from_str(&ok(&desk, "ana", &["search", "evil", "--json"])).unwrap();
    assert_eq!(v[0]["note"], "evil\u{1b}]0;owned\u{7}\u{9b}\u{202e}note");
}
