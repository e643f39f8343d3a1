//! The judgments on the screen, driven by keys without a terminal: a
//! corrected article taken from the desk screen and the claim it flags
//! for review, deleted claims listed and restored, "seen before" that
//! tells the same claim from a similar but different one, the desk's
//! confirm rule, and a story moved to the trash; with snapshots of what
//! the editor sees.

mod common;

use common::*;
use factdesk_core::edit::Who;
use factdesk_core::model::{Change, Claim, Verdict};
use factdesk_core::slug::StoryId;
use factdesk_core::store::Desk;
use factdesk_tui::Screen;
use factdesk_tui::popups::Popup;
use std::path::Path;

fn load(root: &Path, id: &str) -> factdesk_core::model::Story {
    let desk = Desk::open(root).unwrap();
    desk.load_story(&StoryId::parse(id).unwrap())
        .unwrap()
        .file
        .value
}

fn selected(app: &factdesk_tui::App) -> Claim {
    story(app)
        .selected_claim()
        .cloned()
        .expect("a claim selected")
}

/// A desk of one story imported from `seed.txt` through the real import
/// path (so its claims are anchored with their context), every claim
/// ruled confirmed; and the id of the claim quoting "about 30".
fn imported_desk() -> (tempfile::TempDir, StoryId, u32) {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::create(dir.path(), "Test desk").unwrap();
    let who = Who {
        editor: "ana".into(),
        at: t0(),
    };
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed.txt");
    let id = factdesk_core::store::import_file(&desk, &seed, &who).unwrap();
    let mut session = factdesk_core::session::EditSession::open(&desk, &id, &who).unwrap();
    let ids: Vec<u32> = session.story().claims.iter().map(|c| c.id).collect();
    for claim in ids {
        let edit = factdesk_core::edit::Edit::SetVerdict {
            claim,
            verdict: Verdict::Confirmed,
        };
        session.apply(edit, &who).unwrap();
    }
    session.save(&who).unwrap();
    let thirty = session
        .story()
        .claims
        .iter()
        .find(|c| c.text.contains("about 30 mid-level"))
        .expect("a claim quotes the figure")
        .id;
    (dir, id, thirty)
}

/// The seed article corrected: "about 30" militant leaders become "about
/// 40", and a paragraph above every claim moves the others without
/// changing their words.
fn corrected_article() -> String {
    let text = SEED.replace("about 30 mid-level", "about 40 mid-level");
    let (head, body) = text.split_once("\n\n").unwrap();
    format!("{head}\n\nCorrection: an earlier version gave the wrong number of leaders.\n\n{body}")
}

/// Move the desk screen's selection to `id`.
fn select_story(app: &mut factdesk_tui::App, id: &str) {
    press(app, "g");
    for _ in 0..app.desk_screen().shown().count() {
        let at = app.desk_screen().selected();
        if app.desk_screen().shown().nth(at).unwrap().id.as_str() == id {
            return;
        }
        press(app, "j");
    }
    panic!("{id} is not on the desk screen");
}

#[test]
fn a_revision_from_the_desk_flags_the_changed_claim_and_r_clears_it() {
    let (dir, id, thirty) = imported_desk();
    let files = tempfile::tempdir().unwrap();
    let file = files.path().join("corrected.txt");
    std::fs::write(&file, corrected_article()).unwrap();
    let mut app = app(dir.path());

    press(&mut app, "R");
    match app.popup() {
        Some(Popup::Import(p)) => assert_eq!(p.revising(), Some(&id)),
        _ => panic!("R asks for the corrected article"),
    }
    assert!(render(&mut app, 120, 40).contains("Corrected article file: "));
    type_text(&mut app, file.to_str().unwrap());
    press(&mut app, "Enter");
    let (msg, error) = message(&app);
    assert!(!error, "{msg}");
    assert!(msg.contains("revision 1, earlier text kept"), "{msg}");
    assert!(msg.contains(&format!("needs review: #{thirty};")), "{msg}");
    assert!(!msg.contains("orphaned"), "{msg}");
    // The earlier text is kept, the new one is the article.
    let folder = dir.path().join("stories").join(id.as_str());
    assert_eq!(
        std::fs::read_to_string(folder.join("revisions/1.txt")).unwrap(),
        SEED.trim_end()
    );
    assert!(
        std::fs::read_to_string(folder.join("article.txt"))
            .unwrap()
            .contains("about 40 mid-level")
    );

    // The desk counts the claim needing review, on its row and in the bar.
    let summary = app.desk_screen().shown().next().unwrap().clone();
    assert_eq!(summary.review, 1);
    let screen = render(&mut app, 120, 40);
    assert!(screen.contains(" R1"), "{screen}");
    assert!(screen.contains("R: 1 claim needs review"), "{screen}");
    insta::assert_snapshot!("desk_with_a_claim_needing_review_120x40", screen);

    // `]` visits the claim needing review (nothing else is pending).
    press(&mut app, "Enter");
    assert_eq!(app.screen(), Screen::Story);
    assert_eq!(selected(&app).id, 1);
    press(&mut app, "]");
    let c = selected(&app);
    assert_eq!((c.id, c.needs_review), (thirty, true));
    assert_eq!(c.verdict, Verdict::Confirmed, "the verdict stays");
    let screen = render(&mut app, 120, 40);
    assert!(screen.contains("[✓]C confirmed · needs review"), "{screen}");
    assert!(screen.contains("changed: 30 → 40"), "{screen}");
    assert!(screen.contains("▶[✓]C!"), "the list marks it: {screen}");
    insta::assert_snapshot!("claim_needing_review_120x40", screen);
    insta::assert_snapshot!("claim_needing_review_80x24", render(&mut app, 80, 24));
    press(&mut app, "]");
    assert_eq!(selected(&app).id, thirty);
    assert!(message(&app).0.contains("no other claim"));

    // `r`: reviewed, through the edit path, recorded and saved.
    press(&mut app, "r");
    let c = selected(&app);
    assert!(!c.needs_review);
    assert_eq!(c.verdict, Verdict::Confirmed);
    assert!(matches!(
        c.history.last().map(|h| &h.change),
        Some(Change::Reviewed { verdict: None })
    ));
    assert!(message(&app).0.contains("reviewed"), "{:?}", message(&app));
    assert!(
        !load(dir.path(), id.as_str())
            .claim(thirty)
            .unwrap()
            .needs_review
    );
    press(&mut app, "r");
    assert!(message(&app).0.contains("does not need review"));
    press(&mut app, "]");
    assert!(
        message(&app)
            .0
            .contains("no claim is pending or needs review")
    );
    // Undo puts the flag back.
    press(&mut app, "Ctrl-z");
    assert!(
        load(dir.path(), id.as_str())
            .claim(thirty)
            .unwrap()
            .needs_review
    );
}

#[test]
fn a_revision_that_cannot_be_read_is_one_message() {
    let (dir, id, _) = imported_desk();
    let mut app = app(dir.path());
    press(&mut app, "R");
    type_text(&mut app, "/nonexistent/corrected.txt");
    press(&mut app, "Enter");
    let (msg, error) = message(&app);
    assert!(error);
    assert!(msg.contains("/nonexistent/corrected.txt"), "{msg}");
    assert!(
        !dir.path()
            .join("stories")
            .join(id.as_str())
            .join("revisions")
            .exists()
    );
}

#[test]
fn deleted_claims_leave_the_list_and_come_back_from_their_own() {
    let dir = temp_desk();
    let mut app = app(dir.path());
    open(&mut app, MAIN_ID);
    press(&mut app, "X");
    assert!(message(&app).0.contains("no deleted claims"));
    press(&mut app, "j x y");
    let st = story(&app).story();
    assert_eq!(st.claims.len(), 4);
    assert!(st.claim(2).is_none());
    assert!(render(&mut app, 120, 40).contains("Claims (4)"));

    press(&mut app, "X");
    let listed: Vec<u32> = match app.popup() {
        Some(Popup::Deleted(d)) => d.claims().iter().map(|c| c.id).collect(),
        _ => panic!("X lists the deleted claims"),
    };
    assert_eq!(listed, [2]);
    let screen = render(&mut app, 120, 40);
    assert!(screen.contains("Deleted claims · 1"), "{screen}");
    assert!(
        screen.contains("deleted 2017-06-16 11:30 by ana"),
        "{screen}"
    );
    insta::assert_snapshot!("deleted_claims_120x40", screen);

    press(&mut app, "Enter");
    assert!(app.popup().is_none());
    let c = selected(&app);
    assert_eq!(c.id, 2);
    assert!(matches!(
        c.history.last().map(|h| &h.change),
        Some(Change::Restored)
    ));
    assert!(message(&app).0.contains("restored claim #2"));
    let saved = load(dir.path(), MAIN_ID);
    assert_eq!(saved.claims.len(), 5);
    assert!(saved.deleted_claims.is_empty());
    // Esc closes the list without restoring anything.
    press(&mut app, "x y X Esc");
    assert!(app.popup().is_none());
    assert_eq!(story(&app).story().deleted_claims.len(), 1);
}

/// A follow-up story: claim 1 repeats the seed story's confirmed claim 2
/// word for word, claim 2 its unconfirmed claim 3 with other figures.
fn followup(root: &Path) -> StoryId {
    let article = "Two U.S. defense officials told CBS News they also had no information to back up the reports. \
                   The strike also killed about 40 mid-level militant leaders and about 330 other fighters.\n";
    let id = "2017-06-19-russia-still-verifying";
    let mut s = new_story(
        id,
        "Russia still verifying reports of al-Baghdadi's death",
        chrono::NaiveDate::from_ymd_opt(2017, 6, 19),
        Some("AP"),
    );
    s.article_len = article.len();
    add_claim(
        &mut s,
        article,
        "Two U.S. defense officials told CBS News they also had no information to back up the reports.",
        None,
    );
    add_claim(
        &mut s,
        article,
        "also killed about 40 mid-level militant leaders and about 330 other fighters",
        None,
    );
    Desk::open(root).unwrap().add_story(s, article).unwrap();
    StoryId::parse(id).unwrap()
}

#[test]
fn seen_before_tells_the_same_claim_from_a_similar_but_different_one() {
    let dir = temp_desk();
    let id = followup(dir.path());
    let mut app = app(dir.path());
    open(&mut app, id.as_str());

    // Claim 1 is the same claim as MAIN#2, confirmed there.
    let seen = story(&app).seen_before().cloned().expect("a match");
    assert_eq!((seen.story.as_str(), seen.claim), (MAIN_ID, 2));
    assert!(seen.same_claim());
    let screen = render(&mut app, 120, 40);
    assert!(
        screen.contains("the same claim · t takes its verdict"),
        "{screen}"
    );
    assert!(
        screen.contains("[ ]P≈"),
        "the list marks claims with a match: {screen}"
    );

    // Ruling it otherwise is said, with where the desk ruled it.
    press(&mut app, "d");
    let (msg, error) = message(&app);
    assert!(error);
    assert!(
        msg.contains(&format!(
            "claim #1 ruled disputed, but the desk ruled the same claim confirmed in {MAIN_ID}#2"
        )),
        "{msg}"
    );
    // `t` takes the earlier verdict and its sources, on the record.
    press(&mut app, "t");
    let c = selected(&app);
    assert_eq!(c.verdict, Verdict::Confirmed);
    assert_eq!(c.sources.len(), 1);
    assert_eq!(c.sources[0].source.as_str(), "cbs-news");
    assert!(c.history.iter().any(|h| matches!(
        &h.change,
        Change::TakenFrom { story, claim: 2 } if story.as_str() == MAIN_ID
    )));
    let (msg, error) = message(&app);
    assert!(!error);
    assert_eq!(
        msg,
        format!("claim #1: took confirmed and 1 source from {MAIN_ID}#2")
    );
    // Ruled as the desk ruled it: nothing to say.
    press(&mut app, "c");
    assert!(app.message().is_none_or(|(_, e)| !e));

    // Claim 2 only reads like MAIN#3: similar, but different.
    press(&mut app, "j");
    let seen = story(&app).seen_before().cloned().expect("a match");
    assert_eq!(seen.claim, 3);
    assert!(!seen.same_claim());
    let screen = render(&mut app, 120, 40);
    assert!(
        screen.contains("similar, but different: figure 30 → 40;"),
        "{screen}"
    );
    assert!(screen.contains("figure 300 → 330"), "{screen}");
    // The earlier claim's own wording, not its story's headline.
    assert!(
        screen.contains("“also killed about 30 mid-level"),
        "{screen}"
    );
    insta::assert_snapshot!("similar_but_different_120x40", screen);
    // Its verdict cannot be taken.
    press(&mut app, "t");
    let (msg, error) = message(&app);
    assert!(error);
    assert!(msg.contains("cannot stand for this claim"), "{msg}");
    assert_eq!(selected(&app).verdict, Verdict::Pending);
    // Nor is ruling it otherwise a disagreement.
    press(&mut app, "d");
    assert!(app.message().is_none_or(|(_, e)| !e));
}

fn with_confirm_rule(root: &Path, needs: u32) {
    let path = root.join("desk.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replace(
        "  url: None,\n",
        &format!("  url: None,\n  confirm_needs: {needs},\n"),
    );
    assert!(text.contains("confirm_needs"), "{text}");
    std::fs::write(&path, text).unwrap();
}

#[test]
fn confirming_below_the_desks_rule_asks_first() {
    let dir = temp_desk();
    with_confirm_rule(dir.path(), 2);
    let mut app = app(dir.path());
    open(&mut app, MAIN_ID);
    // Claim 1 is disputed, with one supporting source.
    press(&mut app, "c");
    let question = match app.popup() {
        Some(Popup::Confirm(c)) => c.question().to_string(),
        _ => panic!("confirming below the rule asks"),
    };
    assert_eq!(
        question,
        "Claim #1 has 1 supporting source; the desk asks for 2 to confirm. Confirm anyway? (y/n)"
    );
    assert!(render(&mut app, 120, 40).contains("Confirm anyway? (y/n)"));
    press(&mut app, "n");
    assert_eq!(selected(&app).verdict, Verdict::Disputed);
    assert!(message(&app).0.contains("not confirmed"));

    press(&mut app, "c y");
    let c = selected(&app);
    assert_eq!(c.verdict, Verdict::Confirmed);
    assert!(matches!(
        c.history.last().map(|h| &h.change),
        Some(Change::BelowRule {
            supports: 1,
            needs: 2
        })
    ));
    assert!(message(&app).0.contains("below the desk's rule"));
    assert_eq!(
        load(dir.path(), MAIN_ID).claim(1).unwrap().verdict,
        Verdict::Confirmed
    );
    // One undo takes the confirmation back.
    press(&mut app, "Ctrl-z");
    assert_eq!(selected(&app).verdict, Verdict::Disputed);
    // Other verdicts never ask.
    press(&mut app, "u");
    assert!(app.popup().is_none());
    assert_eq!(selected(&app).verdict, Verdict::Unconfirmed);
}

#[test]
fn without_a_rule_confirming_does_not_ask() {
    let dir = temp_desk();
    let mut app = app(dir.path());
    open(&mut app, MAIN_ID);
    press(&mut app, "c");
    assert!(app.popup().is_none());
    assert_eq!(selected(&app).verdict, Verdict::Confirmed);
}

#[test]
fn a_story_deleted_from_the_desk_goes_to_the_trash_after_a_yes() {
    let dir = temp_desk();
    let mut app = app(dir.path());
    let raqqa = "2017-06-15-coalition-strikes-near-raqqa";
    select_story(&mut app, raqqa);
    press(&mut app, "x");
    let question = match app.popup() {
        Some(Popup::Confirm(c)) => c.question().to_string(),
        _ => panic!("x asks"),
    };
    assert!(
        question.starts_with("Move “Coalition strikes near Raqqa"),
        "{question}"
    );
    press(&mut app, "n");
    assert_eq!(app.desk_screen().stories().len(), 3);

    press(&mut app, "x y");
    let ids: Vec<String> = app
        .desk_screen()
        .stories()
        .iter()
        .map(|s| s.id.to_string())
        .collect();
    assert!(!ids.contains(&raqqa.to_string()), "{ids:?}");
    let (msg, error) = message(&app);
    assert!(!error, "{msg}");
    assert!(
        msg.contains(&format!("factdesk story restore {raqqa}")),
        "{msg}"
    );
    let desk = Desk::open(dir.path()).unwrap();
    let trashed = desk.trashed().unwrap();
    assert_eq!(trashed.len(), 1);
    assert_eq!(trashed[0].id.as_str(), raqqa);
    assert_eq!(trashed[0].deleted_by.as_deref(), Some("ana"));
    // And it comes back, as the message says.
    let who = Who {
        editor: "ana".into(),
        at: t0(),
    };
    desk.restore_story(raqqa, &who).unwrap();
    press(&mut app, "1");
    assert_eq!(app.desk_screen().stories().len(), 3);
}
