//! The story screen and import's score: the claims by score or in article
//! order (remembered for the desk), the score and its cues in the detail,
//! and the candidates, faint in the article and made claims with one key.

mod common;

use common::*;
use factdesk_core::edit::Who;
use factdesk_core::import::{Suggestion, Weights, parse_header, score_sentences};
use factdesk_core::model::{ClaimOrder, Score, Story};
use factdesk_core::store::{Desk, import_text};
use factdesk_tui::App;
use ratatui::style::Modifier;
use std::path::Path;

/// A desk with the seed imported at threshold `threshold` (hundredths),
/// so that the sentences below it are candidates.
fn scored_desk(threshold: i32) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::create(dir.path(), "Scores").unwrap();
    desk.settings.suggest_threshold = Score::from_hundredths(threshold);
    desk.save_settings().unwrap();
    let who = Who {
        editor: "ana".into(),
        at: t0(),
    };
    let id = import_text(&desk, SEED, &who).unwrap();
    (dir, id.to_string())
}

fn opened(root: &Path, id: &str) -> App {
    let mut app = app(root);
    open(&mut app, id);
    app
}

fn on_disk(root: &Path, id: &str) -> Story {
    let desk = Desk::open(root).unwrap();
    let id = factdesk_core::ids::StoryId::parse(id).unwrap();
    desk.load_story(&id).unwrap().file.value
}

fn scored() -> Vec<Suggestion> {
    score_sentences(SEED, parse_header(SEED).body_start, Weights::current())
}

#[test]
fn the_claims_go_by_score_and_the_order_is_remembered_for_the_desk() {
    let (dir, id) = scored_desk(150);
    let mut app = opened(dir.path(), &id);
    let story_now = on_disk(dir.path(), &id);
    let score_of = |c: u32| story_now.claim(c).and_then(|c| c.score);
    let start_of = |c: u32| story_now.claim(c).map(|c| c.anchor.start);
    let in_article = story(&app).listed();
    assert!(in_article.len() > 2);
    assert!(
        in_article
            .windows(2)
            .all(|w| start_of(w[0]) < start_of(w[1]))
    );

    press(&mut app, "O");
    assert_eq!(story(&app).claim_order(), ClaimOrder::Score);
    let by_score = story(&app).listed();
    assert!(
        by_score
            .windows(2)
            .all(|w| score_of(w[0]) >= score_of(w[1])),
        "{by_score:?}"
    );
    assert_ne!(by_score, in_article, "the seed's best is not its lede");
    assert!(message(&app).0.contains("by score"));
    // Moving goes down the list as shown: top is the best scored, `]` the
    // next pending one in that order.
    press(&mut app, "g");
    assert_eq!(
        story(&app).selected_claim().map(|c| c.id),
        by_score.first().copied()
    );
    press(&mut app, "]");
    assert_eq!(
        story(&app).selected_claim().map(|c| c.id),
        by_score.get(1).copied()
    );

    // Remembered in desk.ron, for the next story and the next start.
    assert_eq!(
        Desk::open(dir.path()).unwrap().settings.claim_order,
        ClaimOrder::Score
    );
    let again = opened(dir.path(), &id);
    assert_eq!(story(&again).listed(), by_score);

    press(&mut app, "O");
    assert_eq!(story(&app).listed(), in_article);
    assert_eq!(
        Desk::open(dir.path()).unwrap().settings.claim_order,
        ClaimOrder::Article
    );
}

#[test]
fn a_candidate_becomes_a_claim_with_its_score_cues_and_speaker() {
    let (dir, id) = scored_desk(150);
    let mut app = opened(dir.path(), &id);
    let before = on_disk(dir.path(), &id);
    let claimed = |s: &Suggestion| {
        before
            .claims
            .iter()
            .any(|c| c.anchor.start < s.end && s.start < c.anchor.end)
    };
    let candidates: Vec<Suggestion> = scored()
        .into_iter()
        .filter(|s| s.score > Score::ZERO && !claimed(s))
        .collect();
    assert!(candidates.len() >= 2, "the seed has sentences below 1.50");
    // One with a speaker, to see it carried.
    let (nth, pick) = candidates
        .iter()
        .enumerate()
        .find(|(_, s)| s.speaker.is_some())
        .expect("an attributed candidate");

    press(&mut app, "Tab");
    press(&mut app, "}");
    assert!(
        message(&app).0.contains("candidates"),
        "{:?}",
        message(&app)
    );
    for _ in 0..nth {
        press(&mut app, "}");
    }
    assert_eq!(story(&app).cursor(), pick.start);
    press(&mut app, "a");
    let after = on_disk(dir.path(), &id);
    assert_eq!(after.claims.len(), before.claims.len() + 1);
    let added = after.claims.iter().max_by_key(|c| c.id).unwrap();
    assert_eq!(added.anchor.start, pick.start);
    assert_eq!(added.anchor.end, pick.end);
    assert_eq!(added.score, Some(pick.score));
    assert_eq!(added.cues, pick.cues);
    assert_eq!(added.speaker, pick.speaker);
    // `a` gives the keys back to the claims panel, the new claim selected.
    assert_eq!(story(&app).focus(), factdesk_tui::Focus::Claims);
    // It is a claim now, not a candidate: `}` from the start goes past it.
    press(&mut app, "Tab g }");
    let first_left = candidates.iter().find(|s| s.start != pick.start).unwrap();
    assert_eq!(story(&app).cursor(), first_left.start);
    // Undo takes the claim back, and it is a candidate again.
    press(&mut app, "Ctrl-z");
    assert_eq!(on_disk(dir.path(), &id).claims.len(), before.claims.len());
    if story(&app).focus() != factdesk_tui::Focus::Article {
        press(&mut app, "Tab");
    }
    press(&mut app, "g }");
    assert_eq!(story(&app).cursor(), candidates[0].start);

    press(&mut app, "C");
    assert_eq!(message(&app).0, "candidates hidden");
    let cursor = story(&app).cursor();
    press(&mut app, "C C");
    assert_eq!(story(&app).cursor(), cursor, "showing them moves nothing");
}

#[test]
fn candidates_are_faint_and_their_cues_are_in_the_status_bar() {
    let (dir, id) = scored_desk(150);
    let mut app = opened(dir.path(), &id);
    press(&mut app, "Tab }");
    let (status, _) = message(&app);
    assert!(
        status.contains("} goes to the next, a makes it a claim"),
        "{status}"
    );
    let buf = render_buffer(&mut app, 120, 40);
    let screen = render(&mut app, 120, 40);
    assert!(screen.contains("candidate "), "{screen}");
    // Some cell of the article is italic and dim-coloured: a candidate.
    let italic = (0..40u16).any(|y| {
        (1..70u16).any(|x| {
            let cell = &buf[(x, y)];
            cell.modifier.contains(Modifier::ITALIC) && cell.symbol() != " "
        })
    });
    assert!(italic, "{}", styled(&buf));
}

#[test]
fn score_order_with_candidates_120x40() {
    let (dir, id) = scored_desk(150);
    let mut app = opened(dir.path(), &id);
    press(&mut app, "O C");
    insta::assert_snapshot!(render(&mut app, 120, 40));
}

#[test]
fn candidate_under_the_cursor_80x24() {
    let (dir, id) = scored_desk(150);
    let mut app = opened(dir.path(), &id);
    press(&mut app, "O Tab }");
    insta::assert_snapshot!(render(&mut app, 80, 24));
}

#[test]
fn help_lists_the_new_keys() {
    let (dir, id) = scored_desk(150);
    let mut app = opened(dir.path(), &id);
    press(&mut app, "?");
    let screen = render(&mut app, 120, 40);
    assert!(
        screen.contains("claims by score / in article order"),
        "{screen}"
    );
    assert!(screen.contains("show/hide candidates"), "{screen}");
}
