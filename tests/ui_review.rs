//! The review screens, driven by keys without a terminal: the archive and
//! its search, "seen before", the history view and the sources screen;
//! and what they look like, as snapshots of a test terminal.

mod common;

use common::*;
use factdesk_core::model::{Change, Stance, Verdict};
use factdesk_core::slug::{SourceId, StoryId};
use factdesk_core::store::Desk;
use factdesk_tui::keymap::Context;
use factdesk_tui::popups::Popup;
use factdesk_tui::{App, Screen};
use std::path::{Path, PathBuf};

const SAMPLE: &str = "2017-06-16-russia-said-friday-that-the-leader";
const FOLLOWUP: &str = "2017-06-19-russias-defense-ministry-said-monday-that";

fn main_id() -> StoryId {
    StoryId::parse(MAIN_ID).unwrap()
}

/// The claims the archive shows, as (story, claim), in order.
fn shown(app: &App) -> Vec<(String, u32)> {
    app.archive_rows()
        .iter()
        .map(|r| (r.story.to_string(), r.claim))
        .collect()
}

fn selected_claim(app: &App) -> (String, u32) {
    let st = story(app);
    (st.story().id.to_string(), st.selected_claim().unwrap().id)
}

/// The sample desk plus `tests/fixtures/ministry-repeat.txt`, which
/// repeats the Defense Ministry's claim (the sample story's claim 2).
fn repeat_desk() -> (tempfile::TempDir, PathBuf, StoryId) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("desk");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data"), &root);
    // The sample's follow-up repeats the same claim three days later;
    // these tests are about the repeat finding the first story's claim 2
    // (the follow-up's own matches are tested in ui_judgments.rs).
    std::fs::remove_dir_all(root.join("stories").join(FOLLOWUP)).unwrap();
    let desk = Desk::open(&root).unwrap();
    let who = factdesk_core::edit::Who {
        editor: "ana".into(),
        at: t0(),
    };
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ministry-repeat.txt");
    let id = factdesk_core::store::import_file(&desk, &fixture, &who).unwrap();
    (tmp, root, id)
}

#[test]
fn typing_a_query_narrows_the_archive_and_v_cycles_the_verdict() {
    let dir = temp_desk();
    let mut app = app(dir.path());
    press(&mut app, "2");
    assert_eq!(app.screen(), Screen::Archive);
    assert!(
        app.archive_screen().searching(),
        "the search line has the keys"
    );
    assert_eq!(app.context(), Context::ArchiveSearch);
    // Every claim, newest story first.
    let all = shown(&app);
    assert_eq!(all.len(), 6);
    assert_eq!(all[0], (MAIN_ID.to_string(), 1));
    assert_eq!(all[5].0, "2017-06-15-coalition-strikes-near-raqqa");

    type_text(&mut app, "raqqa");
    assert_eq!(
        shown(&app),
        vec![("2017-06-15-coalition-strikes-near-raqqa".to_string(), 1)]
    );
    press(&mut app, "Ctrl-u");
    type_text(&mut app, "killed");
    assert_eq!(
        shown(&app),
        vec![(MAIN_ID.to_string(), 1), (MAIN_ID.to_string(), 3)]
    );
    // A filter typed in the search language.
    type_text(&mut app, " verdict:unconfirmed");
    assert_eq!(shown(&app), vec![(MAIN_ID.to_string(), 3)]);
    press(&mut app, "Ctrl-u");

    // `v` types into the search line while it is focused; on the list it
    // cycles the verdict filter, written into the search line.
    press(&mut app, "Esc");
    assert!(!app.archive_screen().searching());
    press(&mut app, "v");
    assert_eq!(app.archive_screen().query(), "verdict:pending");
    assert_eq!(shown(&app).len(), 3);
    press(&mut app, "v");
    assert_eq!(app.archive_screen().query(), "verdict:confirmed");
    assert_eq!(shown(&app), vec![(MAIN_ID.to_string(), 2)]);
    press(&mut app, "v v");
    assert_eq!(app.archive_screen().query(), "verdict:disputed");
    assert_eq!(shown(&app), vec![(MAIN_ID.to_string(), 1)]);
    press(&mut app, "v");
    assert_eq!(app.archive_screen().query(), "");
    assert_eq!(shown(&app).len(), 6);

    // `1` goes back to the desk; Ctrl-f from there opens the archive again.
    press(&mut app, "1");
    assert_eq!(app.screen(), Screen::Desk);
    press(&mut app, "Ctrl-f");
    assert_eq!(app.screen(), Screen::Archive);
}

#[test]
fn a_query_that_does_not_parse_keeps_the_results_and_says_why() {
    let dir = temp_desk();
    let mut app = app(dir.path());
    press(&mut app, "2");
    type_text(&mut app, "killed since:2017-13");
    let err = app.archive_screen().error().expect("a parse error");
    assert!(err.contains("since"), "{err}");
    // The results of "killed since:2017-1" stay.
    assert_eq!(shown(&app).len(), 2);
    press(&mut app, "Backspace Backspace Backspace");
    assert!(app.archive_screen().error().is_none());
}

#[test]
fn enter_opens_the_story_at_the_claim_and_esc_comes_back_with_the_search() {
    let dir = temp_desk();
    let mut app = app(dir.path());
    press(&mut app, "2");
    type_text(&mut app, "killed");
    press(&mut app, "Down");
    assert_eq!(app.archive_screen().selected(), 1);
    press(&mut app, "Enter");
    assert_eq!(app.screen(), Screen::Story);
    assert_eq!(selected_claim(&app), (MAIN_ID.to_string(), 3));
    // An edit on the way: the archive is reloaded, the position kept.
    press(&mut app, "c");
    press(&mut app, "Esc");
    assert_eq!(app.screen(), Screen::Archive);
    assert_eq!(app.archive_screen().query(), "killed");
    assert!(app.archive_screen().searching());
    assert_eq!(app.archive_screen().selected(), 1);
    let row = app.archive_rows()[1];
    assert_eq!(row.claim, 3);
    assert_eq!(row.verdict, Verdict::Confirmed);
    // From the list too.
    press(&mut app, "Tab k Enter");
    assert_eq!(selected_claim(&app), (MAIN_ID.to_string(), 1));
    press(&mut app, "Esc");
    assert_eq!(
        (app.screen(), app.archive_screen().selected()),
        (Screen::Archive, 0)
    );
    // Esc on the list goes back to the desk.
    press(&mut app, "Esc");
    assert!(!app.archive_screen().searching());
    press(&mut app, "Esc");
    assert_eq!(app.screen(), Screen::Desk);
}

#[test]
fn seen_before_names_the_earlier_verdict_and_o_jumps_to_it() {
    let (_tmp, root, id) = repeat_desk();
    let mut app = app(&root);
    open(&mut app, id.as_str());
    let seen = story(&app)
        .seen_before()
        .cloned()
        .expect("claim 1 repeats the sample's claim 2");
    assert_eq!(seen.story.as_str(), SAMPLE);
    assert_eq!(seen.claim, 2);
    assert_eq!(seen.verdict, Verdict::Unconfirmed);
    assert_eq!(
        seen.why,
        "54% similar, 8 words shared: russian, defense, ministry, abu, bakr, al…"
    );
    // Claim 4 (the coalition's "no information") repeats nothing ruled.
    press(&mut app, "G");
    assert!(story(&app).seen_before().is_none());
    press(&mut app, "Enter");
    assert_eq!(selected_claim(&app).0, id.to_string());
    assert!(message(&app).0.contains("no earlier verdict"));

    // An edit in the story does not lose the lookup (each edit looks it up
    // again, in the index the edit updated).
    press(&mut app, "c g");
    assert_eq!(story(&app).seen_before().unwrap().claim, 2);
    assert!(render(&mut app, 120, 40).contains("Seen before: "));

    press(&mut app, "Enter");
    assert_eq!(selected_claim(&app), (SAMPLE.to_string(), 2));
    // Nothing pending in the same story counts: the sample's own claims
    // are not "seen before" each other.
    press(&mut app, "Esc");
    assert_eq!(selected_claim(&app), (id.to_string(), 1));
    press(&mut app, "o");
    assert_eq!(selected_claim(&app), (SAMPLE.to_string(), 2));
    // Ruling on the earlier claim again shows at once in the repeat.
    press(&mut app, "d");
    press(&mut app, "Esc");
    assert_eq!(selected_claim(&app), (id.to_string(), 1));
    let seen = story(&app).seen_before().unwrap();
    assert_eq!((seen.claim, seen.verdict), (2, Verdict::Disputed));
    press(&mut app, "Esc");
    assert_eq!(app.screen(), Screen::Desk);
}

#[test]
fn h_shows_the_whole_history_scrolls_and_closes() {
    let dir = temp_desk();
    let mut app = app(dir.path());
    open(&mut app, MAIN_ID);
    let scroll = |app: &App| match app.popup() {
        Some(Popup::History(h)) => h.scroll(),
        _ => panic!("the history is not open"),
    };
    press(&mut app, "h");
    assert_eq!(scroll(&app), 0);
    let screen = render(&mut app, 120, 40);
    assert!(
        screen.contains("History of claim #1 · 5 changes"),
        "{screen}"
    );
    press(&mut app, "j j");
    assert_eq!(scroll(&app), 2);
    assert!(render(&mut app, 120, 40).contains(" 3/5 · j/k scroll"));
    press(&mut app, "G");
    assert_eq!(scroll(&app), 4);
    press(&mut app, "j k");
    assert_eq!(scroll(&app), 3);
    press(&mut app, "Esc");
    assert!(app.popup().is_none());
    assert_eq!(app.screen(), Screen::Story);
}

#[test]
fn merging_sources_on_the_sources_screen_rewrites_links_with_history() {
    let dir = temp_desk();
    let mut app = app(dir.path());
    press(&mut app, "3");
    assert_eq!(app.screen(), Screen::Sources);
    let cbs = SourceId::parse("cbs-news").unwrap();
    let afp = SourceId::parse("afp").unwrap();
    let sources = app.sources_screen();
    assert_eq!(sources.usage(&cbs).unwrap().supports, 1);
    assert!(sources.usage(&afp).is_none());
    // Registry order: russian-mod, cbs-news, afp, us-coalition.
    press(&mut app, "j m");
    assert_eq!(app.sources_screen().merging(), Some(&cbs));
    press(&mut app, "j m");
    assert_eq!(app.context(), Context::Confirm);
    let Some(Popup::Confirm(confirm)) = app.popup() else {
        panic!("no question asked")
    };
    assert!(
        confirm
            .question()
            .starts_with("Merge source cbs-news into afp?")
    );
    assert!(render(&mut app, 120, 40).contains("Merge source cbs-news into afp?"));
    press(&mut app, "y");
    assert!(app.popup().is_none());
    assert!(message(&app).0.contains("1 link moved"));

    let desk = Desk::open(dir.path()).unwrap();
    assert!(desk.load_sources().unwrap().value.get(&cbs).is_none());
    let story = desk.load_story(&main_id()).unwrap().file.value;
    let c2 = story.claim(2).unwrap();
    assert_eq!(c2.link(&afp).unwrap().stance, Stance::Supports);
    assert!(c2.link(&cbs).is_none());
    let last: Vec<&Change> = c2.history.iter().rev().take(2).map(|h| &h.change).collect();
    assert!(matches!(last[1], Change::Unlinked { source, .. } if *source == cbs));
    assert!(matches!(last[0], Change::Linked { source, .. } if *source == afp));
    assert_eq!(c2.history.last().unwrap().editor, "ana");
    // The screen shows the new counts, the kept source selected.
    assert_eq!(app.sources_screen().usage(&afp).unwrap().supports, 1);
    assert_eq!(app.selected_source().unwrap().id, afp);

    // Marking and Esc cancels.
    press(&mut app, "m Esc");
    assert!(app.sources_screen().merging().is_none());
    assert_eq!(message(&app).0, "merge cancelled");
    assert_eq!(app.screen(), Screen::Sources);
    // So does n at the question.
    press(&mut app, "m k m n");
    assert!(app.popup().is_none());
    assert_eq!(message(&app).0, "merge cancelled");
}

#[test]
fn sources_screen_adds_and_edits_a_source() {
    let dir = temp_desk();
    let mut app = app(dir.path());
    press(&mut app, "3 a");
    type_text(&mut app, "tass");
    press(&mut app, "Tab");
    type_text(&mut app, "TASS");
    press(&mut app, "Enter");
    assert!(app.popup().is_none(), "{:?}", app.message());
    let desk = Desk::open(dir.path()).unwrap();
    let tass = SourceId::parse("tass").unwrap();
    let s = desk
        .load_sources()
        .unwrap()
        .value
        .get(&tass)
        .cloned()
        .unwrap();
    assert_eq!(s.name, "TASS");
    assert!(s.accessed.is_some());
    assert_eq!(app.selected_source().unwrap().id, tass);
    assert_eq!(message(&app).0, "source tass added");

    // Edit: the form starts on the name; the id is not a field to edit.
    press(&mut app, "e");
    press(&mut app, "Ctrl-u");
    type_text(&mut app, "TASS news agency");
    press(&mut app, "Tab Tab Tab");
    type_text(&mut app, "TASS");
    press(&mut app, "Tab");
    let Some(Popup::SourceEditor(edit)) = app.popup() else {
        panic!("form open")
    };
    assert_eq!(edit.form().focused_label(), "name", "Tab skips the id");
    press(&mut app, "Enter");
    let s = desk
        .load_sources()
        .unwrap()
        .value
        .get(&tass)
        .cloned()
        .unwrap();
    assert_eq!(s.name, "TASS news agency");
    assert_eq!(s.outlet.as_deref(), Some("TASS"));
    assert!(s.accessed.is_some(), "kept");

    // A bad URL is refused in the form.
    press(&mut app, "e Tab Tab");
    type_text(&mut app, "not a url");
    press(&mut app, "Enter");
    let Some(Popup::SourceEditor(edit)) = app.popup() else {
        panic!("form still open")
    };
    assert!(edit.form().error().unwrap().starts_with("invalid URL"));
}

#[test]
fn help_lists_the_keys_of_the_new_screens() {
    let dir = temp_desk();
    let mut app = app(dir.path());
    // While the search line has the keys, `?` is typed.
    press(&mut app, "2");
    type_text(&mut app, "?");
    assert_eq!(app.archive_screen().query(), "?");
    for (keys, ctx, wanted) in [
        ("Ctrl-u Esc", "archive", "verdict filter"),
        ("3", "sources", "merge"),
    ] {
        press(&mut app, keys);
        press(&mut app, "?");
        let screen = render(&mut app, 120, 40);
        assert!(screen.contains(&format!("Keys: {ctx}")), "{screen}");
        assert!(screen.contains(wanted), "{screen}");
        press(&mut app, "Esc");
    }
}

// ----- snapshots -----

#[test]
fn archive_screen_with_query_and_filters_120x40() {
    let dir = temp_desk();
    let mut app = app(dir.path());
    press(&mut app, "2");
    type_text(&mut app, "killed since:2017-06");
    insta::assert_snapshot!(render(&mut app, 120, 40));
    // The matched letters are highlighted in the quote.
    let buf = render_buffer(&mut app, 120, 40);
    insta::assert_snapshot!("archive_screen_highlights", styled(&buf));
    press(&mut app, "Esc v v v v");
    insta::assert_snapshot!("archive_screen_verdict_filter", render(&mut app, 120, 40));
}

#[test]
fn archive_screen_with_a_query_error_80x24() {
    let dir = temp_desk();
    let mut app = app(dir.path());
    press(&mut app, "2");
    type_text(&mut app, "verdict:maybe");
    insta::assert_snapshot!(render(&mut app, 80, 24));
}

#[test]
fn sources_screen_120x40() {
    let dir = temp_desk();
    let mut app = app(dir.path());
    press(&mut app, "3 j m j");
    insta::assert_snapshot!(render(&mut app, 120, 40));
    press(&mut app, "Esc e");
    insta::assert_snapshot!("sources_screen_edit_form", render(&mut app, 120, 40));
}

#[test]
fn history_view_120x40() {
    let dir = temp_desk();
    let mut app = app(dir.path());
    open(&mut app, MAIN_ID);
    press(&mut app, "h");
    insta::assert_snapshot!(render(&mut app, 120, 40));
}

#[test]
fn seen_before_detail_120x40() {
    let (_tmp, root, id) = repeat_desk();
    let mut app = app(&root);
    open(&mut app, id.as_str());
    insta::assert_snapshot!(render(&mut app, 120, 40));
}
