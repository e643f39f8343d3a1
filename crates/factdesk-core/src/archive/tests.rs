//! The archive on a copy of the sample desk (the CBS News/AP report of
//! 2017-06-16 and its follow-up): rows, filters, words and ranking through
//! the index, each against the plain scan.

use super::*;
use crate::ids::StoryId;
use crate::model::Verdict;
use crate::query::parse;
use crate::store::Desk;

const FIRST: &str = "2017-06-16-russia-said-friday-that-the-leader";

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            if e.file_name() != ".cache" {
                copy_dir(&e.path(), &target);
            }
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

pub(crate) fn sample_desk() -> (tempfile::TempDir, Desk) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data")),
        dir.path(),
    );
    let desk = Desk::open(dir.path()).unwrap();
    (dir, desk)
}

/// Claim numbers of the first story's hits, in hit order, checked against
/// the plain scan (as sets: a scan does not rank).
fn ids(desk: &Desk, q: &str) -> Vec<u32> {
    let q = parse(q).unwrap();
    let (found, problems) = search(desk, &q, usize::MAX);
    assert!(problems.is_empty(), "{problems:?}");
    let (plain, _) = plain::search(desk, &q);
    let key = |f: &Found| {
        let mut k: Vec<(String, u32)> = f
            .rows
            .iter()
            .map(|r| (r.story.to_string(), r.claim))
            .collect();
        k.sort();
        k
    };
    assert_eq!(key(&found), key(&plain), "{q}");
    assert_eq!(found.total, found.rows.len());
    found
        .hits
        .iter()
        .map(|h| &found.rows[h.index])
        .filter(|r| r.story.as_str() == FIRST)
        .map(|r| r.claim)
        .collect()
}

#[test]
fn rows_follow_desk_order_with_names() {
    let (_dir, desk) = sample_desk();
    let (rows, problems) = load(&desk);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(rows.len(), 17, "the sample desk's two stories");
    // Newest story first, claims in story order.
    assert_ne!(rows[0].story.as_str(), FIRST);
    let first: Vec<&ClaimRow> = rows.iter().filter(|r| r.story.as_str() == FIRST).collect();
    assert_eq!(
        first.iter().map(|r| r.claim).collect::<Vec<_>>(),
        (1..=11).collect::<Vec<_>>()
    );
    let r8 = first[7];
    assert_eq!(r8.verdict, Verdict::Unconfirmed);
    assert_eq!(
        r8.source_names,
        vec![
            "Russian Defense Ministry statement",
            "Two U.S. defense officials (to CBS News)"
        ]
    );
    assert!(r8.last_ruled.is_some());
    assert!(first[2].last_ruled.is_none());
}

#[test]
fn filters_are_exact_and_combine() {
    let (_dir, desk) = sample_desk();
    assert_eq!(ids(&desk, ""), (1..=11).collect::<Vec<_>>());
    assert_eq!(ids(&desk, "verdict:disputed"), Vec::<u32>::new());
    assert_eq!(ids(&desk, "verdict:confirmed"), vec![4, 11]);
    assert_eq!(ids(&desk, "verdict:pending"), vec![3]);
    assert_eq!(ids(&desk, "source:afp"), vec![9]);
    assert_eq!(
        ids(&desk, "source:\"DEFENSE MINISTRY\""),
        vec![1, 2, 5, 6, 7, 8, 9, 10]
    );
    assert_eq!(ids(&desk, "speaker:ministry"), vec![2, 5, 6, 7, 8, 10]);
    assert_eq!(
        ids(&desk, "speaker:ministry source:defense-officials"),
        vec![8]
    );
    assert_eq!(ids(&desk, "source:afp verdict:unconfirmed"), vec![9]);
    assert_eq!(
        ids(&desk, "source:afp verdict:confirmed"),
        Vec::<u32>::new()
    );
    assert_eq!(ids(&desk, "outlet:cbs").len(), 11);
    assert_eq!(ids(&desk, "outlet:reuters"), Vec::<u32>::new());
    assert_eq!(ids(&desk, "since:2017-06-16 until:2017-06-16").len(), 11);
    assert_eq!(ids(&desk, "since:2017-06-17"), Vec::<u32>::new());
    assert_eq!(ids(&desk, "until:2017-06-15"), Vec::<u32>::new());
}

#[test]
fn words_match_words_they_begin_with_typos_and_rank() {
    let (_dir, desk) = sample_desk();
    let q = parse("baghdadi killed").unwrap();
    let (found, _) = search(&desk, &q, usize::MAX);
    assert!(found.hits.windows(2).all(|w| w[0].score >= w[1].score));
    let first: Vec<u32> = found
        .rows
        .iter()
        .filter(|r| r.story.as_str() == FIRST)
        .map(|r| r.claim)
        .collect();
    assert_eq!(first, vec![2, 8]);
    // Highlight positions point at the matched words of the quote.
    let h = &found.hits[0];
    let quote: Vec<char> = found.rows[h.index].text.chars().collect();
    let lit: String = h.indices.iter().map(|&i| quote[i as usize]).collect();
    assert!(lit.to_lowercase().contains("baghdadi"), "{lit}");
    // A typo, letters swapped, and a word being typed.
    assert_eq!(ids(&desk, "bagdhadi killed"), vec![2, 8]);
    assert_eq!(ids(&desk, "baghd kill"), vec![2, 8]);
    // A note matches ("Moscow's word" is only in claim 1's note).
    assert_eq!(ids(&desk, "'moscow"), vec![1]);
    // A source name matches (claim 11 links only the AP).
    assert!(ids(&desk, "'associated").contains(&11));
    let mut found = ids(&desk, "'ministry !raqqa verdict:unconfirmed");
    found.sort_unstable();
    assert_eq!(found, vec![1, 2, 7, 8, 9, 10]);
    assert_eq!(ids(&desk, "zzzzqqq"), Vec::<u32>::new());
    // Case and accents aside.
    assert_eq!(ids(&desk, "RÂQQA"), ids(&desk, "raqqa"));
}

#[test]
fn a_damaged_index_is_rebuilt_and_the_search_answered() {
    let (dir, desk) = sample_desk();
    let before = ids(&desk, "raqqa");
    let index = dir.path().join(".cache/archive/index");
    for e in std::fs::read_dir(&index).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "store" || x == "json") {
            std::fs::write(&p, b"garbage").unwrap();
        }
    }
    assert_eq!(ids(&desk, "raqqa"), before);
    // The whole cache deleted: rebuilt as well.
    std::fs::remove_dir_all(dir.path().join(".cache")).unwrap();
    assert_eq!(ids(&desk, "raqqa"), before);
}

#[test]
fn speakers_are_counted_from_live_claims_as_written() {
    use crate::edit::Edit;
    use crate::edit::Who;
    let (_dir, desk) = sample_desk();
    let archive = Archive::open(&desk).unwrap();
    let before = archive.speakers().unwrap();
    let count = |list: &[(String, usize)], name: &str| {
        list.iter().find(|(n, _)| n == name).map_or(0, |(_, c)| *c)
    };
    let ministry = count(&before, "The ministry");
    assert!(ministry > 1, "{before:?}");
    assert!(before.windows(2).all(|w| w[0].1 >= w[1].1), "{before:?}");
    // One of the ministry's claims given another speaker: counted anew,
    // the old entry one fewer (its document deleted, not yet merged away).
    let claim = crate::archive::load(&desk)
        .0
        .into_iter()
        .find(|r| r.speaker.as_deref() == Some("The ministry"))
        .unwrap();
    let who = Who::now("ana");
    let id = claim.story.clone();
    let mut session = crate::session::EditSession::open(&desk, &id, &who).unwrap();
    session
        .apply(
            Edit::SetSpeaker {
                claim: claim.claim,
                speaker: Some("Maria Zakharova".into()),
            },
            &who,
        )
        .unwrap();
    session.save(&who).unwrap();
    drop(session);
    let after = Archive::open(&desk).unwrap().speakers().unwrap();
    assert_eq!(count(&after, "The ministry"), ministry - 1, "{after:?}");
    assert_eq!(count(&after, "Maria Zakharova"), 1, "{after:?}");
}

#[test]
fn the_check_on_a_thread_finds_what_other_programs_changed() {
    let (dir, desk) = sample_desk();
    let mut a = Archive::open(&desk).unwrap();
    // A headline corrected by hand, a story removed, one copied in.
    let first = StoryId::parse(FIRST).unwrap();
    let file = desk.story_dir(&first).join("story.ron");
    let ron = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        ron.replacen("Russia said Friday", "Moscow said Friday", 1),
    )
    .unwrap();
    let second = StoryId::parse("2017-06-19-russias-defense-ministry-said-monday-that").unwrap();
    std::fs::remove_dir_all(desk.story_dir(&second)).unwrap();
    let copy = StoryId::parse("2017-06-20-a-copy").unwrap();
    let copied = dir.path().join("stories").join(copy.as_str());
    copy_dir(&desk.story_dir(&first), &copied);
    let ron = std::fs::read_to_string(copied.join("story.ron")).unwrap();
    std::fs::write(
        copied.join("story.ron"),
        ron.replacen(FIRST, copy.as_str(), 1),
    )
    .unwrap();

    let check = a.stamp_check();
    let found = std::thread::spawn(move || check.run()).join().unwrap();
    for id in [&first, &second, &copy] {
        assert!(found.contains(id), "{id} not found: {found:?}");
    }
    assert!(a.verify(&found).unwrap());
    let shown: Vec<(String, String)> = a
        .newest(10)
        .into_iter()
        .map(|s| (s.id.to_string(), s.headline))
        .collect();
    assert!(
        shown.iter().all(|(id, _)| id != second.as_str()),
        "{shown:?}"
    );
    assert!(shown.iter().any(|(id, _)| id == copy.as_str()), "{shown:?}");
    let (_, headline) = shown.iter().find(|(id, _)| id == FIRST).unwrap();
    assert!(headline.starts_with("Moscow said Friday"), "{headline}");
}
