//! The archive's index (`DESK/.cache/archive`) against the story files:
//! on random desks, through edits, hand edits, new and deleted stories,
//! the index finds exactly what a plain scan of the files finds; a
//! damaged index is rebuilt without the command failing; concurrent `tag`
//! processes each get their change into it.

use std::fs;
use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use proptest::prelude::*;

use factdesk_core::archive::{self, Found};
use factdesk_core::edit::{Edit, Who};
use factdesk_core::model::{Anchor, SCHEMA_VERSION, Story, Verdict};
use factdesk_core::query::parse;
use factdesk_core::session::EditSession;
use factdesk_core::slug::StoryId;
use factdesk_core::store::Desk;

const WORDS: &[&str] = &[
    "convoy",
    "convoys",
    "Guaíba",
    "Raqqa",
    "strike",
    "strikes",
    "ministry",
    "killed",
    "al-Baghdadi",
    "officials",
    "said",
    "Mosul",
    "Ryabkov",
    "flooding",
    "CAFÉ",
];
const QUERIES: &[&str] = &[
    "convoy",
    "conv",
    "guiaba",
    "'convoy",
    "^str",
    "ies$",
    "!raqqa",
    "\"al baghdadi\"",
    "kil",
    "mosul ministry",
    "cafe",
    "floodnig",
    "",
];
const FILTERS: &[&str] = &[
    "",
    "verdict:confirmed",
    "verdict:pending",
    "speaker:min",
    "outlet:ap",
    "since:2017-06-10",
    "until:2017-06-05",
];

fn who() -> Who {
    Who::now("ana")
}

/// A story of `claims` sentences made of `words` (indices into WORDS).
fn story(n: usize, claims: &[(Vec<usize>, u8)]) -> (Story, String) {
    let mut article = String::new();
    let mut story = Story {
        version: SCHEMA_VERSION,
        id: StoryId::parse(&format!("2017-06-0{}-story-{n}", 1 + n % 9)).unwrap(),
        headline: format!("Story {n}"),
        date: NaiveDate::from_ymd_opt(2017, 6, 1 + (n % 20) as u32),
        dateline: None,
        outlet: Some(if n.is_multiple_of(2) { "AP" } else { "Reuters" }.into()),
        byline: None,
        url: None,
        imported_at: chrono::DateTime::from_timestamp(1_500_000_000 + n as i64, 0).unwrap(),
        imported_by: "ana".into(),
        article_len: 0,
        article_sha256: None,
        next_claim: 1,
        assignment: None,
        history: vec![],
        claims: vec![],
        deleted_claims: vec![],
    };
    let mut spans = Vec::new();
    for (words, _) in claims {
        let sentence: Vec<&str> = words.iter().map(|&w| WORDS[w % WORDS.len()]).collect();
        let sentence = format!("{}.", sentence.join(" "));
        let start = article.len();
        article.push_str(&sentence);
        spans.push((start, article.len(), sentence));
        article.push(' ');
    }
    story.article_len = article.len();
    for ((start, end, text), (_, v)) in spans.into_iter().zip(claims) {
        let anchor = Anchor {
            start,
            end,
            quote: text.clone(),
            prefix: String::new(),
            suffix: String::new(),
        };
        let id = factdesk_core::edit::apply(
            &mut story,
            Edit::AddClaim {
                text,
                anchor,
                speaker: (v % 3 == 0).then(|| "The ministry".to_string()),
                score: None,
                cues: Vec::new(),
            },
            &who(),
        )
        .unwrap()
        .unwrap()
        .claim;
        let verdict = Verdict::ALL[usize::from(*v) % 4];
        if verdict != Verdict::Pending {
            factdesk_core::edit::apply(&mut story, Edit::SetVerdict { claim: id, verdict }, &who())
                .unwrap();
        }
    }
    (story, article)
}

#[derive(Debug, Clone)]
enum Op {
    /// Through the edit path: a verdict.
    Tag(usize, usize, u8),
    /// Another program rewrites a claim's wording in story.ron.
    HandEdit(usize, usize, Vec<usize>),
    /// `rm -r` of a story folder.
    Delete(usize),
    /// A new story.
    Add(Vec<(Vec<usize>, u8)>),
}

fn claims() -> impl Strategy<Value = Vec<(Vec<usize>, u8)>> {
    prop::collection::vec((prop::collection::vec(0..WORDS.len(), 2..6), 0u8..8), 1..5)
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..8usize, 0..5usize, 0u8..4).prop_map(|(s, c, v)| Op::Tag(s, c, v)),
        (
            0..8usize,
            0..5usize,
            prop::collection::vec(0..WORDS.len(), 2..6)
        )
            .prop_map(|(s, c, w)| Op::HandEdit(s, c, w)),
        (0..8usize).prop_map(Op::Delete),
        claims().prop_map(Op::Add),
    ]
}

fn ids(desk: &Desk) -> Vec<StoryId> {
    desk.story_ids().unwrap().0
}

fn apply_op(desk: &Desk, op: &Op, next: &mut usize) {
    let stories = ids(desk);
    let pick = |i: usize| stories.get(i % stories.len().max(1)).cloned();
    match op {
        Op::Tag(s, c, v) => {
            let Some(id) = pick(*s) else { return };
            let mut session = EditSession::open(desk, &id, &who()).unwrap();
            let Some(claim) = session
                .story()
                .claims
                .get(c % session.story().claims.len().max(1))
                .map(|c| c.id)
            else {
                return;
            };
            let verdict = Verdict::ALL[usize::from(*v) % 4];
            if session
                .story()
                .claim(claim)
                .is_some_and(|c| c.verdict == verdict)
            {
                return;
            }
            session
                .apply(Edit::SetVerdict { claim, verdict }, &who())
                .unwrap();
            session.save(&who()).unwrap();
        }
        Op::HandEdit(s, c, words) => {
            let Some(id) = pick(*s) else { return };
            let path = desk.story_dir(&id).join("story.ron");
            let mut story = desk.load_story_file(&id).unwrap().file.value;
            let n = story.claims.len().max(1);
            if let Some(claim) = story.claims.get_mut(c % n) {
                let text: Vec<&str> = words.iter().map(|&w| WORDS[w % WORDS.len()]).collect();
                claim.text = text.join(" ");
            }
            let text = factdesk_core::store::ron_file::to_string(&story, &path).unwrap();
            fs::write(&path, text).unwrap();
        }
        Op::Delete(s) => {
            let Some(id) = pick(*s) else { return };
            fs::remove_dir_all(desk.story_dir(&id)).unwrap();
        }
        Op::Add(claims) => {
            *next += 1;
            let (s, article) = story(100 + *next, claims);
            if !desk.has_story(&s.id) {
                desk.add_story(s, &article).unwrap();
            }
        }
    }
}

/// What a search found, as a set of `story#claim`.
fn key(found: &Found) -> Vec<String> {
    let mut k: Vec<String> = found
        .rows
        .iter()
        .map(|r| format!("{}#{} {:?} {}", r.story, r.claim, r.verdict, r.text))
        .collect();
    k.sort();
    k
}

fn same_as_scan(desk: &Desk, q: &str) {
    let query = parse(q).unwrap();
    let (indexed, problems) = archive::search(desk, &query, usize::MAX);
    assert!(problems.is_empty(), "{problems:?}");
    let (scanned, _) = archive::plain_search(desk, &query);
    assert_eq!(key(&indexed), key(&scanned), "query {q:?}");
    assert_eq!(indexed.total, scanned.rows.len(), "query {q:?}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// The index never returns a claim that is not on disk and never misses
    /// one that is, whatever happened to the files (on a desk of fewer
    /// stories than one rolling check covers, every command sees every
    /// change).
    #[test]
    fn the_index_finds_what_a_scan_of_the_files_finds(
        stories in prop::collection::vec(claims(), 1..6),
        ops in prop::collection::vec(op(), 1..6),
        queries in prop::collection::vec((0..QUERIES.len(), 0..FILTERS.len()), 6),
    ) {
        let tmp = tempfile::tempdir().unwrap();
        let desk = Desk::create(tmp.path(), "Random desk").unwrap();
        for (n, claims) in stories.iter().enumerate() {
            let (s, article) = story(n, claims);
            desk.add_story(s, &article).unwrap();
        }
        let mut next = 0;
        let mut qs = queries.iter().cycle();
        for op in &ops {
            let (w, f) = qs.next().unwrap();
            same_as_scan(&desk, &format!("{} {}", QUERIES[*w], FILTERS[*f]));
            apply_op(&desk, op, &mut next);
        }
        for (w, f) in &queries {
            same_as_scan(&desk, &format!("{} {}", QUERIES[*w], FILTERS[*f]));
        }
    }
}

fn fd(desk: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_factdesk"))
        .args(args)
        .env("FACTDESK_DESK", desk)
        .env("FACTDESK_EDITOR", "ana")
        .env("TZ", "UTC")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn ok(desk: &Path, args: &[&str]) -> String {
    let (code, out, err) = fd(desk, args);
    assert_eq!(code, 0, "{args:?}: {err}");
    // A search without hits says so aside, and prints no hit.
    let no_hit = args.first() == Some(&"search")
        && out.is_empty()
        && err.starts_with("factdesk: no claim matches")
        && err.lines().count() == 1;
    if !no_hit {
        assert_eq!(err, "", "{args:?}");
    }
    out
}

fn random_desk(root: &Path, stories: usize) -> Desk {
    let desk = Desk::create(root, "Desk").unwrap();
    for n in 0..stories {
        let claims: Vec<(Vec<usize>, u8)> =
            (0..3).map(|c| (vec![n + c, n * 3 + c + 1, 7], 0)).collect();
        let (s, article) = story(n, &claims);
        desk.add_story(s, &article).unwrap();
    }
    desk
}

#[test]
fn a_hand_edit_a_deleted_story_and_a_damaged_index_are_seen() {
    let tmp = tempfile::tempdir().unwrap();
    let desk = random_desk(tmp.path(), 6);
    let root = tmp.path();
    let all = ok(root, &["search"]);
    assert_eq!(all.lines().count(), 18);
    assert!(root.join(".cache/archive/index/meta.json").is_file());
    // A hand edit of one claim's wording, in place.
    let id = ids(&desk)[2].clone();
    let path = desk.story_dir(&id).join("story.ron");
    let text = fs::read_to_string(&path).unwrap();
    let edited = text.replacen("killed.\",", "Zanzibar.\",", 1);
    assert_ne!(edited, text);
    fs::write(&path, edited).unwrap();
    let found = ok(root, &["search", "zanzibar"]);
    assert_eq!(found.lines().count(), 1, "{found}");
    assert!(found.starts_with(&format!("{id}#")), "{found}");
    // A deleted story: none of its claims come back.
    fs::remove_dir_all(desk.story_dir(&id)).unwrap();
    assert_eq!(ok(root, &["search", "zanzibar"]), "");
    assert_eq!(ok(root, &["search"]).lines().count(), 15);
    assert!(!ok(root, &["list"]).contains(id.as_str()));
    // Damaged index files: rebuilt, the command answers as before.
    let before = ok(root, &["search", "convoy"]);
    for e in fs::read_dir(root.join(".cache/archive/index")).unwrap() {
        let p = e.unwrap().path();
        let bytes = fs::read(&p).unwrap();
        let half = bytes.len() / 2;
        fs::write(&p, &bytes[..half]).unwrap();
    }
    assert_eq!(ok(root, &["search", "convoy"]), before);
    // A damaged catalog too.
    fs::write(root.join(".cache/archive/catalog"), b"nonsense").unwrap();
    assert_eq!(ok(root, &["search", "convoy"]), before);
    assert_eq!(ok(root, &["list"]).lines().count(), 5);
}

#[test]
fn concurrent_tag_processes_each_update_the_index() {
    let tmp = tempfile::tempdir().unwrap();
    let desk = random_desk(tmp.path(), 8);
    let root = tmp.path();
    // The index exists; every claim is pending.
    assert_eq!(ok(root, &["search", "verdict:confirmed"]), "");
    let stories = ids(&desk);
    let children: Vec<_> = stories
        .iter()
        .map(|id| {
            Command::new(env!("CARGO_BIN_EXE_factdesk"))
                .args(["tag", id.as_str(), "2", "confirmed", "--wait"])
                .env("FACTDESK_DESK", root)
                .env("FACTDESK_EDITOR", "ana")
                .output_async()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // Each tag's process updated the index itself (or left its story in
    // the journal): the index holds all eight, as the files do.
    let found = ok(root, &["search", "verdict:confirmed"]);
    assert_eq!(found.lines().count(), 8, "{found}");
    for id in &stories {
        assert!(found.contains(&format!("{id}#2 ")), "{id}: {found}");
    }
    same_as_scan(&desk, "verdict:confirmed");
}

/// `Command::spawn` with the output captured.
trait OutputAsync {
    fn output_async(&mut self) -> std::process::Child;
}

impl OutputAsync for Command {
    fn output_async(&mut self) -> std::process::Child {
        self.stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    }
}
