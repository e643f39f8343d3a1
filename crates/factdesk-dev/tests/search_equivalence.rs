//! The archive's prepared and typed-ahead searches give exactly what a
//! fresh search gives, on a generated desk.

use factdesk_core::archive::{Searcher, rows, sort_newest_first};
use factdesk_core::query::parse;

#[test]
fn index_and_narrowing_change_no_result() {
    let (mut stories, registry) = factdesk_dev::gen_desk::stories_in_memory(60, 8).unwrap();
    sort_newest_first(&mut stories);
    let rows = rows(&stories, &registry);
    let mut prepared = Searcher::new();
    prepared.prepare(&rows);
    let mut typing = Searcher::new();
    typing.prepare(&rows);
    let mut unprepared = Searcher::new();
    let mut typed = String::new();
    for q in [
        "c",
        "co",
        "con",
        "conv",
        "convoy",
        "convoy d",
        "convoy desk",
        "convoy desk verdict:disputed",
        "'ministry !raqqa",
        "^the",
        "officials$",
        "baghdadi",
        "BAGHDADI killed",
        "al-Baghdadi",
        "zzqq",
        "",
        "verdict:pending",
        "desk 1",
        "\"desk 1\"",
        "raqqa",
        "ra",
    ] {
        let query = parse(q).unwrap();
        let fresh = Searcher::new().search(&rows, &query);
        assert_eq!(prepared.search(&rows, &query), fresh, "{q}");
        assert_eq!(unprepared.search(&rows, &query), fresh, "{q}");
        typed.clear();
        for ch in q.chars() {
            typed.push(ch);
            if let Ok(partial) = parse(&typed) {
                typing.search(&rows, &partial);
            }
        }
        assert_eq!(typing.search(&rows, &query), fresh, "typed {q}");
    }
}
