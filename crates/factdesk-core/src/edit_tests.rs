//! Tests of the edit path.

use super::*;
use crate::ids::StoryId;
use crate::model::{SCHEMA_VERSION, Stance};

pub(crate) fn story_with_claims(n: u32) -> Story {
    let mut story = Story {
        version: SCHEMA_VERSION,
        id: StoryId::parse("2017-06-16-test").unwrap(),
        headline: "Test".into(),
        date: None,
        dateline: None,
        outlet: None,
        byline: None,
        url: None,
        imported_at: DateTime::<Utc>::from_timestamp(0, 0).unwrap(),
        imported_by: "t".into(),
        article_len: 0,
        article_sha256: None,
        next_claim: 1,
        assignment: None,
        history: vec![],
        claims: vec![],
        deleted_claims: vec![],
    };
    for i in 0..n {
        let who = who();
        apply(
            &mut story,
            Edit::AddClaim {
                text: format!("claim {i}"),
                anchor: Anchor {
                    start: i as usize * 10,
                    end: i as usize * 10 + 5,
                    quote: String::new(),
                    prefix: String::new(),
                    suffix: String::new(),
                },
                speaker: None,
                score: None,
                cues: Vec::new(),
            },
            &who,
        )
        .unwrap();
    }
    story
}

fn who() -> Who {
    Who {
        editor: "ana".into(),
        at: DateTime::<Utc>::from_timestamp(1_500_000_000, 0).unwrap(),
    }
}

#[test]
fn verdict_change_is_logged_and_undoable() {
    let mut s = story_with_claims(2);
    let mut stack = UndoStack::default();
    let a = apply(
        &mut s,
        Edit::SetVerdict {
            claim: 1,
            verdict: Verdict::Disputed,
        },
        &who(),
    )
    .unwrap()
    .unwrap();
    stack.record(&a);
    assert_eq!(s.claim(1).unwrap().verdict, Verdict::Disputed);
    let last = s.claim(1).unwrap().history.last().unwrap();
    assert_eq!(
        last.change,
        Change::Verdict {
            from: Verdict::Pending,
            to: Verdict::Disputed
        }
    );
    assert_eq!(last.editor, "ana");

    stack.undo(&mut s, &who()).unwrap();
    assert_eq!(s.claim(1).unwrap().verdict, Verdict::Pending);
    stack.redo(&mut s, &who()).unwrap();
    assert_eq!(s.claim(1).unwrap().verdict, Verdict::Disputed);
    // Every step, undo and redo included, is in the history.
    assert_eq!(s.claim(1).unwrap().history.len(), 4);
}

#[test]
fn same_verdict_is_a_no_op() {
    let mut s = story_with_claims(1);
    let r = apply(
        &mut s,
        Edit::SetVerdict {
            claim: 1,
            verdict: Verdict::Pending,
        },
        &who(),
    )
    .unwrap();
    assert!(r.is_none());
    assert_eq!(s.claim(1).unwrap().history.len(), 1);
}

#[test]
fn delete_and_restore_keep_the_claim_whole() {
    let mut s = story_with_claims(3);
    let mut stack = UndoStack::default();
    let a = apply(
        &mut s,
        Edit::DeleteClaim {
            claim: 2,
            note: None,
        },
        &who(),
    )
    .unwrap()
    .unwrap();
    stack.record(&a);
    assert!(s.claim(2).is_none());
    stack.undo(&mut s, &who()).unwrap();
    assert_eq!(s.claim_index(2), Some(1));
    let kinds: Vec<_> = s
        .claim(2)
        .unwrap()
        .history
        .iter()
        .map(|h| &h.change)
        .collect();
    assert!(matches!(
        kinds[..],
        [Change::Created { .. }, Change::Deleted, Change::Restored]
    ));
    // A new claim never reuses a deleted id.
    stack.redo(&mut s, &who()).unwrap();
    let anchor = s.claims[0].anchor.clone();
    let a = apply(
        &mut s,
        Edit::AddClaim {
            text: "new".into(),
            anchor,
            speaker: None,
            score: None,
            cues: Vec::new(),
        },
        &who(),
    )
    .unwrap()
    .unwrap();
    assert_eq!(a.claim, 4);
}

#[test]
fn relinking_changes_stance_and_undo_restores_it() {
    let mut s = story_with_claims(1);
    let src = SourceId::parse("afp").unwrap();
    let link = |stance| Edit::Link {
        claim: 1,
        link: SourceLink {
            source: src.clone(),
            stance,
            note: None,
        },
    };
    apply(&mut s, link(Stance::Supports), &who()).unwrap();
    let a = apply(&mut s, link(Stance::Contradicts), &who())
        .unwrap()
        .unwrap();
    assert_eq!(s.claim(1).unwrap().sources.len(), 1);
    apply(&mut s, a.undo, &who()).unwrap();
    assert_eq!(s.claim(1).unwrap().sources[0].stance, Stance::Supports);
}

#[test]
fn unknown_claim_is_an_error() {
    let mut s = story_with_claims(1);
    let e = apply(
        &mut s,
        Edit::DeleteClaim {
            claim: 9,
            note: None,
        },
        &who(),
    )
    .unwrap_err();
    assert_eq!(e.to_string(), "story 2017-06-16-test has no claim #9");
}

#[test]
fn edits_that_break_a_rule_are_refused_by_name() {
    let mut s = story_with_claims(1);
    let blank = Edit::SetText {
        claim: 1,
        text: "  ".into(),
    };
    assert!(matches!(
        apply(&mut s, blank, &who()),
        Err(Error::EmptyWording)
    ));
    let deleted = apply(
        &mut s,
        Edit::DeleteClaim {
            claim: 1,
            note: None,
        },
        &who(),
    )
    .unwrap()
    .unwrap();
    apply(&mut s, deleted.undo.clone(), &who()).unwrap();
    let e = apply(&mut s, deleted.undo, &who()).unwrap_err();
    assert!(matches!(e, Error::ClaimNotDeleted { claim: 1, .. }), "{e}");
    assert_eq!(
        e.to_string(),
        "story 2017-06-16-test: claim #1 is not deleted; there is nothing to restore"
    );
    s.next_claim = ClaimId::MAX;
    let add = Edit::AddClaim {
        text: "one more".into(),
        anchor: s.claims[0].anchor.clone(),
        speaker: None,
        score: None,
        cues: Vec::new(),
    };
    assert!(matches!(
        apply(&mut s, add, &who()),
        Err(Error::OutOfClaimNumbers { .. })
    ));
}

#[test]
fn a_speaker_is_set_changed_cleared_and_undone() {
    let mut s = story_with_claims(1);
    let mut stack = UndoStack::default();
    let set = |speaker: Option<&str>| Edit::SetSpeaker {
        claim: 1,
        speaker: speaker.map(Into::into),
    };
    let mut run = |s: &mut Story, e: Edit| {
        let a = apply(s, e, &who()).unwrap();
        if let Some(a) = &a {
            stack.record(a);
        }
        a.is_some()
    };
    // One line, spaces collapsed, control characters gone.
    assert!(run(&mut s, set(Some("  The\n Kremlin\u{1b} "))));
    assert_eq!(s.claim(1).unwrap().speaker.as_deref(), Some("The Kremlin"));
    assert!(!run(&mut s, set(Some("The Kremlin"))), "the same name");
    assert!(run(&mut s, set(Some("Dmitry Peskov"))));
    // Blank is clearing.
    assert!(run(&mut s, set(Some("   "))));
    assert_eq!(s.claim(1).unwrap().speaker, None);
    assert!(!run(&mut s, set(None)));
    let changes: Vec<String> = s.claim(1).unwrap().history[1..]
        .iter()
        .map(|h| h.change.to_string())
        .collect();
    assert_eq!(
        changes,
        [
            "speaker set to “The Kremlin”",
            "speaker “The Kremlin” → “Dmitry Peskov”",
            "speaker “Dmitry Peskov” cleared",
        ]
    );
    stack.undo(&mut s, &who()).unwrap();
    assert_eq!(
        s.claim(1).unwrap().speaker.as_deref(),
        Some("Dmitry Peskov")
    );
    stack.undo(&mut s, &who()).unwrap();
    stack.undo(&mut s, &who()).unwrap();
    assert_eq!(s.claim(1).unwrap().speaker, None);
    let long = "x".repeat(MAX_SPEAKER_CHARS + 1);
    assert!(matches!(
        apply(&mut s, set(Some(&long)), &who()),
        Err(Error::SpeakerTooLong { .. })
    ));
}

#[test]
fn a_link_note_is_its_own_change_and_undone_with_it() {
    let mut s = story_with_claims(1);
    let src = SourceId::parse("afp").unwrap();
    let link = |stance, note: Option<&str>| Edit::Link {
        claim: 1,
        link: SourceLink {
            source: src.clone(),
            stance,
            note: note.map(Into::into),
        },
    };
    apply(&mut s, link(Stance::Supports, None), &who()).unwrap();
    // An empty note is no note.
    assert!(
        apply(&mut s, link(Stance::Supports, Some("  ")), &who())
            .unwrap()
            .is_none()
    );
    let a = apply(&mut s, link(Stance::Supports, Some("p. 3")), &who())
        .unwrap()
        .unwrap();
    let c = s.claim(1).unwrap();
    assert_eq!(c.sources[0].note.as_deref(), Some("p. 3"));
    assert_eq!(
        c.history.last().unwrap().change.to_string(),
        "note on afp set to “p. 3”"
    );
    // Stance and note at once: two entries.
    let n = c.history.len();
    apply(&mut s, link(Stance::Context, None), &who()).unwrap();
    let c = s.claim(1).unwrap();
    let tail: Vec<String> = c.history[n..]
        .iter()
        .map(|h| h.change.to_string())
        .collect();
    assert_eq!(tail, ["link afp supports → context", "note on afp cleared"]);
    apply(&mut s, a.undo, &who()).unwrap();
    assert_eq!(s.claim(1).unwrap().sources[0].note, None);
    assert_eq!(s.claim(1).unwrap().sources[0].stance, Stance::Supports);
}
