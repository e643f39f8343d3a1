//! Correcting `article.txt` behind the program's back: claims are found
//! again by quote and context, and a claim whose text is gone is kept as
//! orphaned with its verdict.

use factdesk_core::edit::{Edit, Who, apply};
use factdesk_core::model::{Change, Verdict};
use factdesk_core::store::Desk;
use std::fs;

#[test]
fn corrected_article_reanchors_and_orphans() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::create(&dir.path().join("desk"), "t").unwrap();
    let who = Who::now("ana");
    let article = include_str!("fixtures/seed.txt");
    let id = factdesk_core::store::import_text(&desk, article, &who).unwrap();
    let mut doc = desk.load_story(&id).unwrap();
    let last = doc.story().claims.last().unwrap().id;
    apply(
        doc.story_mut(),
        Edit::SetVerdict {
            claim: last,
            verdict: Verdict::Confirmed,
        },
        &who,
    )
    .unwrap();
    doc.save().unwrap();

    let removed =
        "There have been previous unconfirmed reports of his demise that proved incorrect.";
    let corrected = article
        .replacen(
            "Russia said Friday",
            "Russia’s government said on Friday",
            1,
        )
        .replacen(removed, "", 1);
    fs::write(desk.story_dir(&id).join("article.txt"), &corrected).unwrap();

    let doc = desk.load_story(&id).unwrap();
    assert!(doc.needs_save());
    for claim in &doc.story().claims {
        let a = &claim.anchor;
        if claim.orphaned {
            continue;
        }
        assert_eq!(
            corrected.get(a.start..a.end),
            Some(a.quote.as_str()),
            "claim {}",
            claim.id
        );
    }
    let orphan = doc.story().claim(last).unwrap();
    assert!(orphan.orphaned);
    assert_eq!(orphan.verdict, Verdict::Confirmed);
    assert_eq!(orphan.history.last().unwrap().change, Change::Orphaned);
    let second = doc.story().claim(2).unwrap();
    assert!(matches!(
        second.history.last().unwrap().change,
        Change::Reanchored { .. }
    ));
}
