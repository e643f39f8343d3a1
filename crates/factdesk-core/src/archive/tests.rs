//! The archive on the sample desk's first story (the CBS News/AP report
//! of 2017-06-16; the follow-up three days later is counted in `stats`
//! and the seen-before tests): rows, filters, words and ranking.

use super::*;
use crate::model::Verdict;
use crate::query::parse;
use crate::store::Desk;

fn sample_rows() -> Vec<ClaimRow> {
    let desk = Desk::open(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data"
    )))
    .unwrap();
    let (rows, problems) = load(&desk);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(rows.len(), 17, "the sample desk's two stories");
    rows.into_iter()
        .filter(|r| r.story.as_str() == "2017-06-16-russia-said-friday-that-the-leader")
        .collect()
}

fn ids(rows: &[ClaimRow], q: &str) -> Vec<u32> {
    search(rows, &parse(q).unwrap())
        .iter()
        .map(|h| rows[h.index].claim)
        .collect()
}

#[test]
fn rows_follow_story_order_with_names() {
    let rows = sample_rows();
    assert_eq!(rows.len(), 11);
    assert_eq!(
        rows.iter().map(|r| r.claim).collect::<Vec<_>>(),
        (1..=11).collect::<Vec<_>>()
    );
    let r8 = &rows[7];
    assert_eq!(r8.verdict, Verdict::Unconfirmed);
    assert_eq!(
        r8.source_names,
        vec![
            "Russian Defense Ministry statement",
            "Two U.S. defense officials (to CBS News)"
        ]
    );
    assert!(r8.last_ruled.is_some());
    assert!(rows[2].last_ruled.is_none());
}

#[test]
fn filters_are_exact_and_combine() {
    let rows = sample_rows();
    assert_eq!(ids(&rows, ""), (1..=11).collect::<Vec<_>>());
    assert_eq!(ids(&rows, "verdict:disputed"), Vec::<u32>::new());
    assert_eq!(ids(&rows, "verdict:confirmed"), vec![4, 11]);
    assert_eq!(ids(&rows, "verdict:pending"), vec![3]);
    assert_eq!(ids(&rows, "source:afp"), vec![9]);
    // By registry name too, case-insensitively.
    assert_eq!(
        ids(&rows, "source:\"DEFENSE MINISTRY\""),
        vec![1, 2, 5, 6, 7, 8, 9, 10]
    );
    assert_eq!(ids(&rows, "speaker:ministry"), vec![2, 5, 6, 7, 8, 10]);
    assert_eq!(
        ids(&rows, "speaker:ministry source:defense-officials"),
        vec![8]
    );
    assert_eq!(ids(&rows, "source:afp verdict:unconfirmed"), vec![9]);
    assert_eq!(
        ids(&rows, "source:afp verdict:confirmed"),
        Vec::<u32>::new()
    );
    assert_eq!(ids(&rows, "outlet:cbs").len(), 11);
    assert_eq!(ids(&rows, "outlet:reuters"), Vec::<u32>::new());
    assert_eq!(ids(&rows, "since:2017-06-16 until:2017-06-16").len(), 11);
    assert_eq!(ids(&rows, "since:2017-06-17"), Vec::<u32>::new());
    assert_eq!(ids(&rows, "until:2017-06-15"), Vec::<u32>::new());
}

#[test]
fn words_match_as_substrings_across_fields_and_rank() {
    let rows = sample_rows();
    let hits = search(&rows, &parse("baghdadi killed").unwrap());
    let found: Vec<u32> = hits.iter().map(|h| rows[h.index].claim).collect();
    // Both claims naming al-Baghdadi as killed score alike; ties keep
    // story order.
    assert_eq!(found, vec![2, 8]);
    assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
    // Highlight positions point at the quote's characters.
    let h = &hits[0];
    let quote: Vec<char> = rows[h.index].text.chars().collect();
    let lit: String = h.indices.iter().map(|&i| quote[i as usize]).collect();
    assert!(lit.to_lowercase().contains("baghdadi"), "{lit}");
    // A note matches ("Moscow's word" is only in claim 1's note).
    assert_eq!(ids(&rows, "'moscow"), vec![1]);
    // A source name matches (claim 11 links only the AP).
    assert!(ids(&rows, "'associated").contains(&11));
    // Negation and words with filters.
    // Claim 7 says "It said": "ministry" is its speaker.
    let mut found = ids(&rows, "'ministry !'raqqa verdict:unconfirmed");
    found.sort_unstable();
    assert_eq!(found, vec![1, 2, 7, 8, 9, 10]);
    assert_eq!(ids(&rows, "zzzzqqq"), Vec::<u32>::new());
}

#[test]
fn searcher_is_reusable() {
    let rows = sample_rows();
    let mut s = Searcher::new();
    let a = s.search(&rows, &parse("raqqa").unwrap());
    let b = s.search(&rows, &parse("raqqa").unwrap());
    assert_eq!(a, b);
    assert!(!a.is_empty());
}
