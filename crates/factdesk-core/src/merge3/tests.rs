use chrono::{DateTime, Utc};

use super::file::{FileMerge, merge_texts};
use super::*;
use crate::conflict::{Conflict, Side, Value};
use crate::edit::{Edit, Who, apply};
use crate::model::{
    Anchor, Change, Claim, ClaimOrder, Cue, DeskSettings, MergedSource, Score, Source, SourceKind,
    SourceLink, SourceRegistry, Stance, Story, Verdict,
};
use crate::store::ron_file;
use std::path::Path;

fn at(minutes: i64) -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp(1_600_000_000 + minutes * 60, 0).unwrap()
}

fn who(editor: &str, minutes: i64) -> Who {
    Who {
        editor: editor.into(),
        at: at(minutes),
    }
}

fn base() -> Story {
    crate::edit::tests::story_with_claims(4)
}

fn edit(story: &Story, editor: &str, minutes: i64, edits: Vec<Edit>) -> Story {
    let mut s = story.clone();
    for e in edits {
        apply(&mut s, e, &who(editor, minutes)).unwrap();
    }
    s
}

fn verdict(claim: u32, verdict: Verdict) -> Edit {
    Edit::SetVerdict { claim, verdict }
}

fn note(claim: u32, note: &str) -> Edit {
    Edit::SetNote {
        claim,
        note: note.into(),
    }
}

fn link(claim: u32, source: &str, stance: Stance) -> Edit {
    Edit::Link {
        claim,
        link: SourceLink {
            source: source.parse().unwrap(),
            stance,
            note: None,
        },
    }
}

fn add(text: &str, start: usize) -> Edit {
    Edit::AddClaim {
        text: text.into(),
        anchor: Anchor {
            start,
            end: start + 3,
            quote: text.into(),
            prefix: String::new(),
            suffix: String::new(),
        },
        speaker: None,
        score: None,
        cues: Vec::new(),
    }
}

fn changes(claim: &Claim) -> Vec<&Change> {
    claim.history.iter().map(|h| &h.change).collect()
}

#[test]
fn edits_to_different_claims_and_fields_all_survive() {
    let b = base();
    let ours = edit(
        &b,
        "ana",
        1,
        vec![verdict(1, Verdict::Confirmed), note(2, "ours")],
    );
    let theirs = edit(
        &b,
        "ben",
        2,
        vec![verdict(3, Verdict::Disputed), note(1, "theirs")],
    );
    let Merged { value, report } = story(Some(&b), &ours, &theirs);
    assert!(report.is_clean(), "{report:?}");
    let c = |id| value.claim(id).unwrap();
    assert_eq!(c(1).verdict, Verdict::Confirmed);
    assert_eq!(c(1).note, "theirs");
    assert_eq!(c(2).note, "ours");
    assert_eq!(c(3).verdict, Verdict::Disputed);
    // History: both sides' entries, in time order.
    let kinds = changes(c(1));
    assert!(matches!(
        kinds[..],
        [
            Change::Created { .. },
            Change::Verdict { .. },
            Change::Note { .. }
        ]
    ));
    // The same merge the other way round gives the same claims.
    let back = story(Some(&b), &theirs, &ours).value;
    assert_eq!(back.claims, value.claims);
}

#[test]
fn the_same_field_changed_two_ways_keeps_both_as_a_conflict() {
    let b = base();
    let ours = edit(&b, "ana", 1, vec![verdict(3, Verdict::Confirmed)]);
    let theirs = edit(&b, "ben", 2, vec![verdict(3, Verdict::Disputed)]);
    let Merged { value, report } = story(Some(&b), &ours, &theirs);
    let claim = value.claim(3).unwrap();
    // The later ruling shows; both are recorded, with who and when.
    assert_eq!(claim.verdict, Verdict::Disputed);
    assert_eq!(
        claim.conflicts,
        [Conflict {
            field: Field::Verdict,
            sides: vec![
                Side {
                    value: Value::Verdict(Verdict::Confirmed),
                    editor: Some("ana".into()),
                    at: Some(at(1)),
                },
                Side {
                    value: Value::Verdict(Verdict::Disputed),
                    editor: Some("ben".into()),
                    at: Some(at(2)),
                },
            ],
        }]
    );
    assert_eq!(report.conflicts.len(), 1);
    assert_eq!(report.summary(), "1 conflict recorded (claim #3 verdict)");
    // Both rulings are in the history.
    assert_eq!(
        claim
            .history
            .iter()
            .filter(|h| matches!(h.change, Change::Verdict { .. }))
            .count(),
        2
    );
    // Merging the merged story again changes nothing.
    let again = story(Some(&b), &value, &value).value;
    assert_eq!(again, value);
}

#[test]
fn a_speaker_changed_two_ways_is_a_conflict_and_one_way_is_taken() {
    let speaker = |claim: u32, name: Option<&str>| Edit::SetSpeaker {
        claim,
        speaker: name.map(str::to_string),
    };
    let b = base();
    let ours = edit(&b, "ana", 1, vec![speaker(3, Some("The ministry"))]);
    let theirs = edit(
        &b,
        "ben",
        2,
        vec![
            speaker(3, Some("Sergei Ryabkov")),
            speaker(2, Some("Interfax")),
        ],
    );
    let Merged { value, report } = story(Some(&b), &ours, &theirs);
    let claim = value.claim(3).unwrap();
    assert_eq!(claim.speaker.as_deref(), Some("Sergei Ryabkov"));
    let [conflict] = claim.conflicts.as_slice() else {
        panic!("one conflict: {:?}", claim.conflicts);
    };
    assert_eq!(conflict.field, Field::Speaker);
    let values: Vec<&Value> = conflict.sides.iter().map(|s| &s.value).collect();
    assert_eq!(
        values,
        [
            &Value::Maybe(Some("The ministry".into())),
            &Value::Maybe(Some("Sergei Ryabkov".into()))
        ]
    );
    assert_eq!(report.summary(), "1 conflict recorded (claim #3 speaker)");
    // Changed on one side only: taken without a question.
    assert_eq!(value.claim(2).unwrap().speaker.as_deref(), Some("Interfax"));
    assert!(value.claim(2).unwrap().conflicts.is_empty());
    // Settling it keeps the side picked and records it.
    let settled = edit(
        &value,
        "ana",
        3,
        vec![Edit::Resolve {
            claim: 3,
            field: Field::Speaker,
            value: Value::Maybe(Some("The ministry".into())),
        }],
    );
    let claim = settled.claim(3).unwrap();
    assert_eq!(claim.speaker.as_deref(), Some("The ministry"));
    assert!(claim.conflicts.is_empty());
}

#[test]
fn a_conflict_settled_on_one_side_is_settled_and_settled_two_ways_is_a_new_one() {
    let b = base();
    let ours = edit(&b, "ana", 1, vec![verdict(3, Verdict::Confirmed)]);
    let theirs = edit(&b, "ben", 2, vec![verdict(3, Verdict::Disputed)]);
    let merged = story(Some(&b), &ours, &theirs).value;
    let settle = |s: &Story, editor, minutes, v| {
        edit(
            s,
            editor,
            minutes,
            vec![Edit::Resolve {
                claim: 3,
                field: Field::Verdict,
                value: Value::Verdict(v),
            }],
        )
    };
    let ana = settle(&merged, "ana", 5, Verdict::Confirmed);
    let one = story(Some(&merged), &ana, &merged).value;
    assert!(one.claim(3).unwrap().conflicts.is_empty());
    assert_eq!(one.claim(3).unwrap().verdict, Verdict::Confirmed);
    let same = settle(&merged, "ben", 6, Verdict::Confirmed);
    let agreed = story(Some(&merged), &ana, &same).value;
    assert!(agreed.claim(3).unwrap().conflicts.is_empty());
    let ben = settle(&merged, "ben", 6, Verdict::Pending);
    let two = story(Some(&merged), &ana, &ben).value;
    let c = &two.claim(3).unwrap().conflicts;
    assert_eq!(c.len(), 1);
    let values: Vec<&Value> = c[0].sides.iter().map(|s| &s.value).collect();
    assert_eq!(
        values,
        [
            &Value::Verdict(Verdict::Confirmed),
            &Value::Verdict(Verdict::Pending)
        ]
    );
}

#[test]
fn a_claim_deleted_on_one_side_and_edited_on_the_other_is_kept_with_the_question() {
    let b = base();
    let ours = edit(
        &b,
        "ana",
        1,
        vec![Edit::DeleteClaim {
            claim: 2,
            note: None,
        }],
    );
    let theirs = edit(&b, "ben", 2, vec![note(2, "keep this")]);
    for (o, t) in [(&ours, &theirs), (&theirs, &ours)] {
        let Merged { value, report } = story(Some(&b), o, t);
        let claim = value.claim(2).expect("the edited claim is kept");
        assert_eq!(claim.note, "keep this");
        assert_eq!(claim.conflicts.len(), 1);
        assert_eq!(claim.conflicts[0].field, Field::Deletion);
        assert_eq!(claim.conflicts[0].sides[0].value, Value::Deleted);
        let kept = &claim.conflicts[0].sides[1];
        assert_eq!(
            (kept.value.clone(), kept.editor.as_deref()),
            (Value::Kept, Some("ben"))
        );
        assert_eq!(report.conflicts[0].field, Field::Deletion);
        assert_eq!(value.claim_index(2), Some(1), "kept in its place");
    }
    // Deleted on one side, untouched on the other: deleted.
    let untouched = edit(&b, "ben", 2, vec![note(1, "elsewhere")]);
    let merged = story(Some(&b), &ours, &untouched).value;
    assert!(merged.claim(2).is_none());
    assert_eq!(merged.claim(1).unwrap().note, "elsewhere");
}

#[test]
fn claims_added_on_both_sides_are_both_kept_under_two_ids() {
    let b = base();
    let ours = edit(&b, "ana", 1, vec![add("our new claim", 100)]);
    let theirs = edit(&b, "ben", 2, vec![add("their new claim", 5)]);
    assert_eq!(ours.claims.last().unwrap().id, 5);
    let Merged { value, report } = story(Some(&b), &ours, &theirs);
    assert_eq!(report.renumbered, [(5, 6)]);
    assert_eq!(value.claim(5).unwrap().text, "our new claim");
    assert_eq!(value.claim(6).unwrap().text, "their new claim");
    assert_eq!(value.next_claim, 7);
    // Theirs sits by its place in the article.
    let order: Vec<u32> = value.claims.iter().map(|c| c.id).collect();
    assert_eq!(order, [1, 6, 2, 3, 4, 5]);
    // The same claim added on both sides (same place) is one claim.
    let twin = edit(&b, "ben", 2, vec![add("our new claim", 100)]);
    let one = story(Some(&b), &ours, &twin).value;
    assert_eq!(one.claims.len(), 5);
    assert_eq!(
        one.claim(5)
            .unwrap()
            .history
            .iter()
            .filter(|h| matches!(h.change, Change::Created { .. }))
            .count(),
        2,
        "both creations are on the record"
    );
}

#[test]
fn history_is_the_union_without_duplicates_in_time_order() {
    let b = base();
    let shared = edit(&b, "ana", 1, vec![verdict(1, Verdict::Confirmed)]);
    let ours = edit(&shared, "ana", 3, vec![note(1, "a")]);
    let theirs = edit(&shared, "ben", 2, vec![link(1, "afp", Stance::Supports)]);
    let merged = story(Some(&b), &ours, &theirs).value;
    let h = &merged.claim(1).unwrap().history;
    assert_eq!(h.len(), 4, "{h:?}");
    assert!(h.windows(2).all(|w| w[0].at <= w[1].at));
    // Merging in either order and again, from any base, never duplicates.
    let again = story(Some(&b), &merged, &theirs).value;
    assert_eq!(again.claim(1).unwrap().history, *h);
    let no_base = story(None, &merged, &ours).value;
    assert_eq!(no_base.claim(1).unwrap().history, *h);
    // One side's own repeated entry (the same ruling twice in a second)
    // keeps its count.
    let twice = edit(
        &b,
        "ana",
        1,
        vec![
            verdict(2, Verdict::Confirmed),
            verdict(2, Verdict::Pending),
            verdict(2, Verdict::Confirmed),
        ],
    );
    let kept = story(Some(&b), &twice, &b).value;
    assert_eq!(kept.claim(2).unwrap().history.len(), 4);
    let with = story(Some(&b), &twice, &edit(&b, "ben", 9, vec![note(3, "x")])).value;
    assert_eq!(with.claim(2).unwrap().history.len(), 4);
}

#[test]
fn links_merge_by_source_and_a_stance_changed_two_ways_is_a_conflict() {
    let b = edit(&base(), "ana", 0, vec![link(1, "afp", Stance::Context)]);
    let ours = edit(
        &b,
        "ana",
        1,
        vec![
            link(1, "afp", Stance::Supports),
            link(1, "reuters", Stance::Context),
        ],
    );
    let theirs = edit(
        &b,
        "ben",
        2,
        vec![
            link(1, "afp", Stance::Contradicts),
            link(1, "ap", Stance::Context),
        ],
    );
    let merged = story(Some(&b), &ours, &theirs).value;
    let claim = merged.claim(1).unwrap();
    let ids: Vec<&str> = claim.sources.iter().map(|l| l.source.as_str()).collect();
    assert_eq!(ids, ["afp", "reuters", "ap"]);
    assert_eq!(
        claim.link(&"afp".parse().unwrap()).unwrap().stance,
        Stance::Contradicts
    );
    assert_eq!(
        claim.conflicts[0].field,
        Field::Link("afp".parse().unwrap())
    );
    // Unlinked on one side, untouched on the other: unlinked.
    let unlinked = edit(
        &b,
        "ben",
        2,
        vec![Edit::Unlink {
            claim: 1,
            source: "afp".parse().unwrap(),
        }],
    );
    let m = story(Some(&b), &b, &unlinked).value;
    assert!(m.claim(1).unwrap().sources.is_empty());
}

#[test]
fn a_story_added_on_both_sides_merges_against_the_claims_as_created() {
    let b = base();
    let ours = edit(&b, "ana", 1, vec![verdict(1, Verdict::Confirmed)]);
    let mut theirs = edit(&b, "ben", 2, vec![note(2, "n")]);
    theirs.imported_by = "ben".into();
    theirs.imported_at = DateTime::<Utc>::from_timestamp(-60, 0).unwrap();
    let Merged { value, report } = story(None, &ours, &theirs);
    assert!(report.conflicts.is_empty(), "{report:?}");
    assert_eq!(value.claim(1).unwrap().verdict, Verdict::Confirmed);
    assert_eq!(value.claim(2).unwrap().note, "n");
    assert_eq!(
        (value.imported_at, value.imported_by.as_str()),
        (DateTime::<Utc>::from_timestamp(-60, 0).unwrap(), "ben")
    );
}

#[test]
fn the_later_assignment_wins() {
    let b = base();
    let assign = |s: &Story, to: Option<&str>, by: &str, minutes| {
        edit(
            s,
            by,
            minutes,
            vec![Edit::Assign {
                to: Some(crate::model::Assignment {
                    editor: to.map(Into::into),
                    by: by.into(),
                    at: at(minutes),
                }),
            }],
        )
    };
    let ours = assign(&b, Some("cy"), "ana", 3);
    let theirs = assign(&b, None, "ben", 2);
    assert_eq!(story(Some(&b), &ours, &theirs).value.assignee(), Some("cy"));
    assert_eq!(story(Some(&b), &theirs, &ours).value.assignee(), Some("cy"));
    let only = story(Some(&b), &b, &theirs).value;
    assert_eq!(only.assignment, theirs.assignment);
}

fn source(id: &str, name: &str) -> Source {
    Source {
        id: id.parse().unwrap(),
        name: name.into(),
        kind: SourceKind::Wire,
        url: None,
        outlet: None,
        accessed: None,
    }
}

fn registry(sources: &[Source]) -> SourceRegistry {
    SourceRegistry {
        sources: sources.to_vec(),
        ..SourceRegistry::default()
    }
}

#[test]
fn sources_added_on_both_sides_are_all_kept() {
    let b = registry(&[source("afp", "AFP")]);
    let ours = registry(&[source("afp", "AFP"), source("ap", "AP")]);
    let theirs = registry(&[source("afp", "AFP"), source("reuters", "Reuters")]);
    let Merged { value, report } = super::registry(Some(&b), &ours, &theirs);
    let ids: Vec<&str> = value.sources.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["afp", "ap", "reuters"]);
    assert!(report.is_clean());
}

#[test]
fn a_source_changed_two_ways_keeps_ours_and_records_theirs() {
    let b = registry(&[source("afp", "AFP")]);
    let ours = registry(&[source("afp", "Agence France-Presse")]);
    let mut theirs = registry(&[source("afp", "AFP wire")]);
    theirs.sources[0].url = Some("https://afp.com".into());
    let Merged { value, report } = super::registry(Some(&b), &ours, &theirs);
    assert_eq!(value.sources[0].name, "Agence France-Presse");
    assert_eq!(value.sources[0].url.as_deref(), Some("https://afp.com"));
    let afp = "afp".parse().unwrap();
    let c: Vec<&Conflict> = value.conflicts_of(&afp).collect();
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].field, Field::Name);
    assert_eq!(
        c[0].sides
            .iter()
            .map(|s| s.value.clone())
            .collect::<Vec<_>>(),
        [
            Value::Text("Agence France-Presse".into()),
            Value::Text("AFP wire".into())
        ]
    );
    assert_eq!(report.conflicts[0].source.as_ref().unwrap().as_str(), "afp");
}

#[test]
fn a_source_removed_on_one_side_goes_unless_the_other_changed_it() {
    let b = registry(&[source("afp", "AFP"), source("dup", "Dup")]);
    let mut ours = registry(&[source("afp", "AFP")]);
    ours.merged.push(MergedSource {
        from: "dup".parse().unwrap(),
        into: "afp".parse().unwrap(),
        by: "ana".into(),
        at: at(1),
    });
    let merged = super::registry(Some(&b), &ours, &b).value;
    assert_eq!(merged.sources.len(), 1);
    assert_eq!(
        merged
            .merged_into(&"dup".parse().unwrap())
            .unwrap()
            .as_str(),
        "afp"
    );
    let renamed = registry(&[source("afp", "AFP"), source("dup", "Dup, renamed")]);
    let kept = super::registry(Some(&b), &ours, &renamed).value;
    assert_eq!(kept.sources.len(), 2);
    assert_eq!(
        kept.conflicts_of(&"dup".parse().unwrap())
            .next()
            .unwrap()
            .field,
        Field::Deletion
    );
}

#[test]
fn desk_settings_take_each_sides_change() {
    let b = DeskSettings {
        version: 1,
        ..DeskSettings::new("Desk")
    };
    let ours = DeskSettings {
        name: "Politics".into(),
        ..b.clone()
    };
    let theirs = DeskSettings {
        organisation: Some("Gazette".into()),
        ..b.clone()
    };
    let Merged { value, report } = super::settings(Some(&b), &ours, &theirs);
    assert_eq!(value.name, "Politics");
    assert_eq!(value.organisation.as_deref(), Some("Gazette"));
    assert!(report.notes.is_empty());
    let other = DeskSettings {
        name: "Sport".into(),
        ..b.clone()
    };
    let r = super::settings(Some(&b), &ours, &other);
    assert_eq!(r.value.name, "Politics");
    assert!(r.report.notes[0].contains("Sport"), "{:?}", r.report);
}

#[test]
fn suggestion_settings_and_claim_order_take_each_sides_change() {
    let b = DeskSettings::new("Desk");
    let ours = DeskSettings {
        suggest_threshold: Score::from_hundredths(70),
        claim_order: ClaimOrder::Score,
        ..b.clone()
    };
    let theirs = DeskSettings {
        suggest_cap: 12,
        ..b.clone()
    };
    let Merged { value, report } = super::settings(Some(&b), &ours, &theirs);
    assert_eq!(value.suggest_threshold, Score::from_hundredths(70));
    assert_eq!(value.suggest_cap, 12);
    assert_eq!(value.claim_order, ClaimOrder::Score);
    assert!(report.notes.is_empty(), "{report:?}");
    let other = DeskSettings {
        suggest_cap: 40,
        suggest_threshold: Score::from_hundredths(20),
        ..b.clone()
    };
    let r = super::settings(Some(&b), &theirs, &other);
    assert_eq!(r.value.suggest_cap, 12, "ours kept");
    assert_eq!(r.value.suggest_threshold, Score::from_hundredths(20));
    assert!(
        r.report
            .notes
            .iter()
            .any(|n| n.contains("suggestion cap") && n.contains("40")),
        "{:?}",
        r.report
    );
}

fn scored(claim: &mut Claim, hundredths: i32, cue: &str) {
    claim.score = Some(Score::from_hundredths(hundredths));
    claim.cues = vec![Cue {
        name: cue.into(),
        weight: Score::from_hundredths(hundredths),
        text: "30".into(),
    }];
}

#[test]
fn a_claims_score_and_cues_merge_together() {
    let b = base();
    let mut ours = edit(&b, "ana", 1, vec![note(1, "called them")]);
    let mut theirs = edit(&b, "ben", 2, vec![verdict(1, Verdict::Confirmed)]);
    scored(&mut theirs.claims[0], 64, "figure");
    let merged = super::story(Some(&b), &ours, &theirs).value;
    let c = &merged.claims[0];
    assert_eq!(c.note, "called them");
    assert_eq!(c.verdict, Verdict::Confirmed);
    assert_eq!(c.score, theirs.claims[0].score, "one side's score taken");
    assert_eq!(c.cues, theirs.claims[0].cues, "with its cues");
    // Scored two ways: ours, score and cues together, never a mix.
    scored(&mut ours.claims[0], 30, "attributed");
    let merged = super::story(Some(&b), &ours, &theirs).value;
    let c = &merged.claims[0];
    assert_eq!(c.score, ours.claims[0].score);
    assert_eq!(c.cues, ours.claims[0].cues);
    assert!(c.conflicts.is_empty(), "derived, not a conflict");
}

fn text<T: serde::Serialize>(value: &T) -> String {
    ron_file::to_string(value, Path::new("x.ron")).unwrap()
}

#[test]
fn files_merge_as_text_and_what_does_not_parse_is_refused_naming_the_side() {
    let path = Path::new("stories/2017-06-16-test/story.ron");
    let b = base();
    let ours = edit(&b, "ana", 1, vec![verdict(1, Verdict::Confirmed)]);
    let theirs = edit(&b, "ben", 2, vec![verdict(2, Verdict::Disputed)]);
    let FileMerge::Merged { text: out, report } = merge_texts(
        path,
        text(&b).as_bytes(),
        text(&ours).as_bytes(),
        text(&theirs).as_bytes(),
    ) else {
        panic!("not merged");
    };
    assert!(report.is_clean());
    let merged: Story = ron_file::from_str(&out, path).unwrap();
    assert_eq!(merged.claim(1).unwrap().verdict, Verdict::Confirmed);
    assert_eq!(merged.claim(2).unwrap().verdict, Verdict::Disputed);
    assert_eq!(out, text(&merged), "written as factdesk writes it");

    let broken = "(version: 1, id: \"2017-06-16-test\", headline: <<<<<<<";
    match merge_texts(
        path,
        text(&b).as_bytes(),
        text(&ours).as_bytes(),
        broken.as_bytes(),
    ) {
        FileMerge::Refused { why } => {
            assert!(
                why.starts_with("their version does not parse: stories/"),
                "{why}"
            );
            assert!(why.contains(":1:"), "{why}");
        }
        other => panic!("{other:?}"),
    }
    // A base that does not parse: merged as if added on both sides.
    let FileMerge::Merged { report, .. } = merge_texts(
        path,
        broken.as_bytes(),
        text(&ours).as_bytes(),
        text(&theirs).as_bytes(),
    ) else {
        panic!("not merged");
    };
    assert!(report.notes[0].contains("common version does not parse"));
    // Two different articles under one id (added on both sides).
    let mut other = theirs.clone();
    other.headline = "Another story".into();
    other.article_len = 99;
    match merge_texts(path, b"", text(&ours).as_bytes(), text(&other).as_bytes()) {
        FileMerge::Refused { why } => assert!(why.contains("two stories"), "{why}"),
        other => panic!("{other:?}"),
    }
    // Sources and the desk by their file names.
    let reg = |s: &[Source]| text(&registry(s));
    let FileMerge::Merged { text: out, .. } = merge_texts(
        Path::new("sources.ron"),
        reg(&[]).as_bytes(),
        reg(&[source("ap", "AP")]).as_bytes(),
        reg(&[source("afp", "AFP")]).as_bytes(),
    ) else {
        panic!("not merged");
    };
    assert_eq!(
        ron_file::from_str::<SourceRegistry>(&out, Path::new("s"))
            .unwrap()
            .sources
            .len(),
        2
    );
    let dup = reg(&[source("ap", "AP"), source("ap", "AP again")]);
    assert!(matches!(
        merge_texts(
            Path::new("sources.ron"),
            b"",
            dup.as_bytes(),
            dup.as_bytes()
        ),
        FileMerge::Refused { .. }
    ));
    assert!(matches!(
        merge_texts(Path::new("notes.txt"), b"", b"a", b"b"),
        FileMerge::Refused { .. }
    ));
}

#[test]
fn deleted_claims_stay_on_the_record_once_and_out_of_the_live_list() {
    let b = base();
    let delete = |claim, note: &str| Edit::DeleteClaim {
        claim,
        note: Some(note.into()),
    };
    let ours = edit(&b, "ana", 1, vec![delete(2, "duplicate")]);
    // Deleted on one side, untouched on the other: deleted, on the record
    // with who and why, once.
    let untouched = edit(&b, "ben", 2, vec![note(1, "elsewhere")]);
    for (o, t) in [(&ours, &untouched), (&untouched, &ours)] {
        let merged = story(Some(&b), o, t).value;
        assert!(merged.claim(2).is_none());
        let kept: Vec<_> = merged.deleted_claims.iter().map(|c| c.id).collect();
        assert_eq!(kept, [2]);
        let (entry, why) = merged.deleted_claim(2).unwrap().deletion().unwrap();
        assert_eq!((entry.editor.as_str(), why), ("ana", Some("duplicate")));
    }
    // Deleted on both sides: one record, both deletions in its history.
    let theirs = edit(&b, "ben", 2, vec![delete(2, "wrong story")]);
    let merged = story(Some(&b), &ours, &theirs).value;
    assert_eq!(merged.deleted_claims.len(), 1);
    let notes = merged.deleted_claims[0]
        .history
        .iter()
        .filter(|h| matches!(h.change, Change::DeletedBecause { .. }))
        .count();
    assert_eq!(notes, 2);
    // Deleted on one side, changed on the other: live, the question asked
    // with who deleted it, and not also among the deleted.
    let changed = edit(&b, "ben", 3, vec![note(2, "keep this")]);
    for (o, t) in [(&ours, &changed), (&changed, &ours)] {
        let merged = story(Some(&b), o, t).value;
        let claim = merged.claim(2).expect("kept live");
        let side = &claim.conflicts[0].sides;
        assert!(
            side.iter()
                .any(|s| s.value == Value::Deleted && s.editor.as_deref() == Some("ana")),
            "{side:?}"
        );
        assert!(merged.deleted_claims.is_empty());
        // Settling it as deleted moves it to the record; undo brings it back.
        let mut settled = merged.clone();
        let done = apply(
            &mut settled,
            Edit::Resolve {
                claim: 2,
                field: Field::Deletion,
                value: Value::Deleted,
            },
            &who("ana", 9),
        )
        .unwrap()
        .unwrap();
        assert!(settled.claim(2).is_none());
        assert!(settled.deleted_claim(2).is_some());
        apply(&mut settled, done.undo, &who("ana", 10)).unwrap();
        assert!(settled.claim(2).is_some());
    }
    // Restored on one side, left deleted on the other: live again.
    let restored = edit(&ours, "ben", 4, vec![Edit::RestoreClaim { claim: 2 }]);
    let merged = story(Some(&ours), &restored, &ours).value;
    assert!(merged.claim(2).is_some());
    assert!(merged.deleted_claims.is_empty());
}

#[test]
fn review_flags_and_the_story_record_merge() {
    let b = base();
    let review = crate::model::Review {
        reason: "the article changed under it".into(),
        changed: Vec::new(),
    };
    let flagged = edit(
        &b,
        "factdesk",
        1,
        vec![Edit::SetReview {
            claim: 1,
            review: Some(review.clone()),
        }],
    );
    let other = edit(&b, "ben", 2, vec![note(3, "x")]);
    let merged = story(Some(&b), &flagged, &other).value;
    assert!(merged.claim(1).unwrap().needs_review);
    // Looked at again on one side, flagged anew on the other: flagged.
    let looked = edit(
        &flagged,
        "ana",
        3,
        vec![Edit::SetReview {
            claim: 1,
            review: None,
        }],
    );
    let again = edit(
        &flagged,
        "factdesk",
        4,
        vec![Edit::SetReview {
            claim: 1,
            review: Some(crate::model::Review {
                reason: "corrected again".into(),
                changed: Vec::new(),
            }),
        }],
    );
    let merged = story(Some(&flagged), &looked, &again).value;
    assert!(merged.claim(1).unwrap().needs_review);
    // Looked at on one side, untouched on the other: cleared.
    let merged = story(Some(&flagged), &looked, &flagged).value;
    assert!(!merged.claim(1).unwrap().needs_review);
}
