//! Driving the screen by keys, without a terminal: key → action →
//! dispatch, then checking what the screen shows and what was saved.

mod common;

use common::*;
use factdesk_core::model::{Change, Stance, Verdict};
use factdesk_core::slug::StoryId;
use factdesk_core::store::Desk;
use factdesk_tui::keymap::Context;
use factdesk_tui::popups::Popup;
use factdesk_tui::{Action, App, Effect, Focus, Screen};
use ratatui::style::Color;
use std::path::Path;

fn main_id() -> StoryId {
    StoryId::parse(MAIN_ID).unwrap()
}

fn story_app(root: &Path) -> App {
    let mut app = app(root);
    press(&mut app, "Enter");
    assert_eq!(app.screen(), Screen::Story);
    app
}

fn selected(app: &App) -> &factdesk_core::model::Claim {
    story(app).selected_claim().unwrap()
}

fn on_disk(root: &Path) -> factdesk_core::model::Story {
    Desk::open(root)
        .unwrap()
        .load_story(&main_id())
        .unwrap()
        .file
        .value
}

#[test]
fn desk_keys_move_filter_and_open() {
    let dir = temp_desk();
    let mut app = app(dir.path());
    assert_eq!(app.desk_screen().shown().count(), 3);
    press(&mut app, "G");
    assert_eq!(app.desk_screen().selected(), 2);
    press(&mut app, "g j");
    assert_eq!(app.desk_screen().selected(), 1);
    press(&mut app, "/");
    type_text(&mut app, "explainer");
    assert_eq!(app.desk_screen().shown().count(), 1);
    // Kept, the filter says how many stories it lets through.
    press(&mut app, "Enter");
    let screen = render(&mut app, 120, 40);
    let status = screen.lines().last().unwrap_or_default();
    assert!(status.contains("filter: explainer (1 shown)"), "{status}");
    press(&mut app, "/ Esc");
    assert_eq!(app.desk_screen().shown().count(), 3);
    assert!(app.desk_screen().filter().is_empty());
    press(&mut app, "k Enter");
    assert_eq!(app.screen(), Screen::Story);
    assert_eq!(story(&app).story().id, main_id());
    press(&mut app, "Esc");
    assert_eq!(app.screen(), Screen::Desk);
    assert_eq!(press(&mut app, "q"), Effect::Quit);
}

#[test]
fn bracket_goes_to_next_pending_claim() {
    let dir = temp_desk();
    let mut app = story_app(dir.path());
    assert_eq!(selected(&app).id, 1);
    press(&mut app, "]");
    assert_eq!(selected(&app).verdict, Verdict::Pending);
    assert_eq!(selected(&app).id, 4);
    press(&mut app, "]");
    assert_eq!(selected(&app).id, 5);
    // After the last, back to the first, said so.
    press(&mut app, "]");
    assert_eq!(selected(&app).id, 4);
    assert!(
        message(&app).0.contains("back to the first"),
        "{:?}",
        message(&app)
    );
    press(&mut app, "[");
    assert_eq!(selected(&app).id, 5);
    press(&mut app, "[");
    assert_eq!(selected(&app).id, 4);
}

#[test]
fn verdict_keys_change_verdict_record_history_and_save() {
    let dir = temp_desk();
    let mut app = story_app(dir.path());
    press(&mut app, "] c");
    let c = selected(&app);
    assert_eq!((c.id, c.verdict), (4, Verdict::Confirmed));
    let last = c.history.last().unwrap();
    assert_eq!(last.editor, "ana");
    assert_eq!(
        last.change,
        Change::Verdict {
            from: Verdict::Pending,
            to: Verdict::Confirmed
        }
    );
    for (key, v) in [
        ("u", Verdict::Unconfirmed),
        ("d", Verdict::Disputed),
        ("p", Verdict::Pending),
    ] {
        press(&mut app, key);
        assert_eq!(selected(&app).verdict, v);
        assert_eq!(
            on_disk(dir.path()).claim(4).unwrap().verdict,
            v,
            "{key} saved"
        );
    }
    assert_eq!(selected(&app).history.len(), 5);
}

#[test]
fn undo_and_redo_over_several_steps_are_saved() {
    let dir = temp_desk();
    let mut app = story_app(dir.path());
    press(&mut app, "] c j d g p");
    let verdicts = |s: &factdesk_core::model::Story| -> Vec<Verdict> {
        s.claims.iter().map(|c| c.verdict).collect()
    };
    use Verdict::*;
    let after = vec![Pending, Confirmed, Unconfirmed, Confirmed, Disputed];
    assert_eq!(verdicts(story(&app).story()), after);
    press(&mut app, "Ctrl-z Ctrl-z");
    let two_back = vec![Disputed, Confirmed, Unconfirmed, Confirmed, Pending];
    assert_eq!(verdicts(&on_disk(dir.path())), two_back);
    // Undo selects the claim it changed.
    assert_eq!(selected(&app).id, 5);
    press(&mut app, "Ctrl-z");
    let original = vec![Disputed, Confirmed, Unconfirmed, Pending, Pending];
    assert_eq!(verdicts(&on_disk(dir.path())), original);
    press(&mut app, "Ctrl-z");
    assert_eq!(message(&app).0, "nothing to undo");
    press(&mut app, "Ctrl-y Ctrl-y Ctrl-y");
    assert_eq!(verdicts(&on_disk(dir.path())), after);
    press(&mut app, "Ctrl-y");
    assert_eq!(message(&app).0, "nothing to redo");
}

#[test]
fn delete_asks_first_and_undo_restores() {
    let dir = temp_desk();
    let mut app = story_app(dir.path());
    press(&mut app, "j x");
    assert_eq!(app.context(), Context::Confirm);
    let Some(Popup::Confirm(confirm)) = app.popup() else {
        panic!("no question asked")
    };
    assert_eq!(confirm.question(), "Delete claim #2? (y/n)");
    assert!(render(&mut app, 80, 24).contains("Delete claim #2? (y/n)"));
    press(&mut app, "n");
    assert!(app.popup().is_none());
    assert_eq!(on_disk(dir.path()).claims.len(), 5);
    press(&mut app, "x y");
    assert!(on_disk(dir.path()).claim(2).is_none());
    assert_eq!(story(&app).story().claims.len(), 4);
    assert_eq!(message(&app).0, "deleted claim #2 (Ctrl-z undoes)");
    press(&mut app, "Ctrl-z");
    let s = on_disk(dir.path());
    assert_eq!(s.claim_index(2), Some(1));
    assert_eq!(s.claim(2).unwrap().verdict, Verdict::Confirmed);
}

#[test]
fn selection_in_article_becomes_a_claim() {
    let dir = temp_desk();
    let mut app = story_app(dir.path());
    render(&mut app, 120, 40);
    press(&mut app, "Tab");
    assert_eq!(story(&app).focus(), Focus::Article);
    // Cursor starts on the selected claim: "Abu Bakr al-Baghdadi was…".
    press(&mut app, "g v w e");
    // "w" twice then extend to the end of the third word: select by words.
    assert!(story(&app).selection().is_some());
    press(&mut app, "Esc");
    assert!(story(&app).selection().is_none());
    assert_eq!(story(&app).focus(), Focus::Article);
    // Select "Russia said Friday": find its start, then two words on; the
    // selection, which ends on the first letter of "Friday", grows to the
    // whole word.
    let article = story(&app).article().to_string();
    let start = article.find("Russia said Friday").unwrap();
    press(&mut app, "/");
    type_text(&mut app, "Russia said Friday");
    press(&mut app, "Enter");
    assert_eq!(story(&app).cursor(), start);
    press(&mut app, "v w w");
    assert_eq!(story(&app).cursor(), start + "Russia said ".len());
    press(&mut app, "a");
    let c = selected(&app);
    assert_eq!(c.text, "Russia said Friday");
    assert_eq!(c.id, 6);
    assert_eq!(c.verdict, Verdict::Pending);
    assert_eq!(&article[c.anchor.start..c.anchor.end], "Russia said Friday");
    let disk = on_disk(dir.path());
    assert_eq!(disk.claim(6).unwrap().text, "Russia said Friday");
    // Claims stay in article order: this one comes first.
    assert_eq!(disk.claims[0].id, 6);
}

#[test]
fn a_without_selection_takes_the_sentence_under_the_cursor() {
    let dir = temp_desk();
    let mut app = story_app(dir.path());
    // The article starts with a space: the first `)` goes to the first
    // sentence, the next two skip it and the second.
    press(&mut app, "Tab g ) ) ) a");
    let c = selected(&app);
    assert_eq!(
        c.text,
        "If confirmed, it would mark a major military success for Russia, which has conducted a military campaign in support of Syrian President Bashar Assad since September 2015."
    );
}

#[test]
fn picker_links_a_source_with_the_chosen_stance() {
    let dir = temp_desk();
    let mut app = story_app(dir.path());
    press(&mut app, "j s");
    assert_eq!(app.context(), Context::Picker);
    type_text(&mut app, "agence");
    press(&mut app, "Tab Tab Enter");
    assert!(app.popup().is_none());
    let c = selected(&app);
    assert_eq!(c.id, 2);
    let link = c
        .sources
        .iter()
        .find(|l| l.source.as_str() == "afp")
        .unwrap();
    assert_eq!(link.stance, Stance::Context);
    let disk = on_disk(dir.path());
    assert_eq!(disk.claim(2).unwrap().sources.len(), 2);
    assert!(render(&mut app, 120, 40).contains("Agence France-Presse"));
}

#[test]
fn picker_creates_a_new_source_in_the_registry() {
    let dir = temp_desk();
    let mut app = story_app(dir.path());
    press(&mut app, "s");
    type_text(&mut app, "TASS");
    press(&mut app, "Ctrl-n");
    assert_eq!(app.context(), Context::Form);
    press(
        &mut app,
        "Tab Tab Backspace Backspace Backspace Backspace Backspace",
    );
    type_text(&mut app, "wire");
    press(&mut app, "Tab");
    type_text(&mut app, "https://tass.com/");
    press(&mut app, "Enter");
    // Back in the picker with the new source selected.
    let Some(Popup::Picker(p)) = app.popup() else {
        panic!("picker closed")
    };
    assert!(p.form().is_none());
    assert_eq!(app.context(), Context::Picker);
    let reg = Desk::open(dir.path()).unwrap().load_sources().unwrap();
    let tass = reg
        .value
        .sources
        .iter()
        .find(|s| s.id.as_str() == "tass")
        .unwrap();
    assert_eq!(tass.kind, factdesk_core::model::SourceKind::Wire);
    assert_eq!(tass.url.as_deref(), Some("https://tass.com/"));
    press(&mut app, "Enter");
    assert!(selected(&app).link(&tass.id).is_some());
}

#[test]
fn note_editing_keeps_with_ctrl_s_and_cancels_with_esc() {
    let dir = temp_desk();
    let mut app = story_app(dir.path());
    press(&mut app, "j n");
    assert_eq!(app.context(), Context::EditNote);
    type_text(&mut app, "Checked with");
    press(&mut app, "Enter");
    type_text(&mut app, "the Pentagon.");
    press(&mut app, "Esc");
    assert!(app.popup().is_none());
    assert_eq!(selected(&app).note, "");
    press(&mut app, "n");
    type_text(&mut app, "Checked with");
    press(&mut app, "Enter");
    type_text(&mut app, "the Pentagon.");
    press(&mut app, "Ctrl-s");
    assert_eq!(selected(&app).note, "Checked with\nthe Pentagon.");
    assert_eq!(
        on_disk(dir.path()).claim(2).unwrap().note,
        "Checked with\nthe Pentagon."
    );
}

#[test]
fn wording_editing_keeps_with_enter() {
    let dir = temp_desk();
    let mut app = story_app(dir.path());
    press(&mut app, "e");
    // The cursor starts at the end; Ctrl-u deletes back to the start, as
    // in every field.
    press(&mut app, "Ctrl-u");
    type_text(&mut app, "Al-Baghdadi was killed in May");
    press(&mut app, "Enter");
    assert_eq!(selected(&app).text, "Al-Baghdadi was killed in May");
    assert!(matches!(
        selected(&app).history.last().unwrap().change,
        Change::Text { .. }
    ));
}

/// Make the next save fail for real: `story.ron` becomes a folder, which
/// no write can replace. Returns what to put back.
fn break_story_file(root: &Path) -> (std::path::PathBuf, Vec<u8>) {
    let path = root.join("stories").join(MAIN_ID).join("story.ron");
    let original = std::fs::read(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    std::fs::create_dir(&path).unwrap();
    (path, original)
}

fn mend_story_file((path, original): (std::path::PathBuf, Vec<u8>)) {
    std::fs::remove_dir(&path).unwrap();
    std::fs::write(&path, original).unwrap();
}

fn story_file(root: &Path) -> Vec<u8> {
    std::fs::read(root.join("stories").join(MAIN_ID).join("story.ron")).unwrap()
}

/// Another editor's change, saved straight to disk.
fn their_verdict(root: &Path, claim: u32, verdict: Verdict) {
    let desk = Desk::open(root).unwrap();
    let mut theirs = desk.load_story(&main_id()).unwrap();
    factdesk_core::edit::apply(
        theirs.story_mut(),
        factdesk_core::edit::Edit::SetVerdict { claim, verdict },
        &factdesk_core::edit::Who::now("ben"),
    )
    .unwrap();
    theirs.save().unwrap();
}

#[test]
fn failed_save_is_shown_in_red_and_the_edit_is_kept() {
    let dir = temp_desk();
    let mut app = story_app(dir.path());
    let broken = break_story_file(dir.path());
    press(&mut app, "] c");
    assert_eq!(selected(&app).verdict, Verdict::Confirmed);
    assert!(story(&app).save_error().is_some());
    let buf = render_buffer(&mut app, 120, 40);
    let row = buf.area.height - 1;
    let line: String = (0..buf.area.width)
        .map(|x| buf[(x, row)].symbol().to_string())
        .collect();
    let at = line.find("SAVE FAILED").expect("status says so");
    let col = line[..at].chars().count() as u16;
    assert_eq!(buf[(col, row)].bg, Color::Red);
    // The next change retries (and fails again, still shown).
    press(&mut app, "u");
    assert_eq!(selected(&app).verdict, Verdict::Unconfirmed);
    assert!(story(&app).save_error().is_some());
    // Once the problem is gone, `w` saves both edits.
    mend_story_file(broken);
    press(&mut app, "w");
    assert!(story(&app).save_error().is_none());
    assert_eq!(message(&app), ("saved".to_string(), false));
    let id = selected(&app).id;
    assert_eq!(
        on_disk(dir.path()).claim(id).unwrap().verdict,
        Verdict::Unconfirmed
    );
}

#[test]
fn a_change_on_disk_to_another_claim_is_merged() {
    let dir = temp_desk();
    let root = dir.path();
    let mut app = story_app(root);
    let last = on_disk(root).claims.last().unwrap().id;
    their_verdict(root, last, Verdict::Disputed);
    // This editor rules the first claim: both rulings end up on disk.
    press(&mut app, "g c");
    let first = selected(&app).id;
    assert_ne!(first, last);
    let st = story(&app);
    assert!(st.save_error().is_none(), "{:?}", st.save_error());
    assert!(st.read_only().is_none());
    let disk = on_disk(root);
    assert_eq!(disk.claim(first).unwrap().verdict, Verdict::Confirmed);
    assert_eq!(disk.claim(last).unwrap().verdict, Verdict::Disputed);
    assert!(render(&mut app, 120, 40).contains("merged"));
}

#[test]
fn a_change_on_disk_to_the_same_claim_keeps_both_rulings_as_a_conflict() {
    let dir = temp_desk();
    let root = dir.path();
    let mut app = story_app(root);
    let first = selected(&app).id;
    assert_eq!(selected(&app).verdict, Verdict::Disputed);
    their_verdict(root, first, Verdict::Confirmed);
    press(&mut app, "u");
    let st = story(&app);
    assert!(st.save_error().is_none(), "{:?}", st.save_error());
    assert!(st.read_only().is_none());
    // Both rulings are in the story file, recorded as a conflict on the
    // claim for an editor to settle; nothing was put beside it.
    let claim = on_disk(root).claim(first).unwrap().clone();
    assert_eq!(claim.conflicts.len(), 1, "{claim:?}");
    let values: Vec<String> = claim.conflicts[0]
        .sides
        .iter()
        .map(|s| s.value.to_string())
        .collect();
    assert!(values.contains(&"confirmed".to_string()), "{values:?}");
    assert!(values.contains(&"unconfirmed".to_string()), "{values:?}");
    let kept = std::fs::read_dir(root.join("stories").join(MAIN_ID))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("story.conflict-"))
        .count();
    assert_eq!(kept, 0);
    // The story stays editable.
    press(&mut app, "c");
    assert_eq!(
        on_disk(root).claim(first).unwrap().verdict,
        Verdict::Confirmed
    );
}

#[test]
fn a_story_locked_by_another_editor_opens_read_only() {
    let dir = temp_desk();
    let root = dir.path();
    let desk = Desk::open(root).unwrap();
    let held = factdesk_core::store::lock::StoryLock::acquire(&desk, &main_id(), "ben").unwrap();
    let before = story_file(root);
    let mut app = story_app(root);
    let screen = render(&mut app, 120, 40);
    assert!(screen.contains("READ-ONLY: ben on "), "{screen}");
    press(&mut app, "c");
    assert_eq!(story_file(root), before);
    // Once ben is done, opening the story again makes it editable.
    drop(held);
    press(&mut app, "Esc Enter c");
    assert!(story(&app).read_only().is_none());
    assert_eq!(
        on_disk(root).claim(selected(&app).id).unwrap().verdict,
        Verdict::Confirmed
    );
}

#[test]
fn find_moves_the_cursor_to_matches() {
    let dir = temp_desk();
    let mut app = story_app(dir.path());
    press(&mut app, "/");
    type_text(&mut app, "Raqqa");
    press(&mut app, "Enter");
    let st = story(&app);
    assert_eq!(st.focus(), Focus::Article);
    let first = st.article().find("Raqqa").unwrap();
    assert_eq!(st.cursor(), first);
    let second = first + 1 + st.article()[first + 1..].find("Raqqa").unwrap();
    press(&mut app, "n");
    assert_eq!(story(&app).cursor(), second);
    press(&mut app, "N");
    assert_eq!(story(&app).cursor(), first);
}

#[test]
fn mouse_click_selects_claims() {
    use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let dir = temp_desk();
    let mut app = story_app(dir.path());
    // Third row of the claims list.
    let (x, y) = inside_box(&render(&mut app, 120, 40), " Claims (5) ");
    let ev = MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: x + 5,
        row: y + 2,
        modifiers: KeyModifiers::NONE,
    };
    let action = app.action_for_mouse(ev).expect("a click");
    assert_eq!(app.dispatch(action), Effect::Redraw);
    assert_eq!(selected(&app).id, 3);
    // Clicking highlighted text in the article selects its claim.
    let text = render(&mut app, 120, 40);
    let (row, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("strike in late May"))
        .unwrap();
    let col = line.find("late May").unwrap();
    let col = line[..col].chars().count() as u16 - 1; // the leading quote
    app.dispatch(Action::Click {
        column: col,
        row: row as u16,
    });
    assert_eq!(selected(&app).id, 1);
    // A click on text that is no claim puts the article's cursor there.
    let (row, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("Russia said Friday"))
        .unwrap();
    let col = line[..line.find("said Friday").unwrap()].chars().count() as u16 - 1;
    app.dispatch(Action::Click {
        column: col,
        row: row as u16,
    });
    let st = story(&app);
    assert_eq!(st.focus(), Focus::Article);
    assert_eq!(st.cursor(), st.article().find("said Friday").unwrap());
}

#[test]
fn keys_in_text_fields_are_typed_not_commands() {
    let dir = temp_desk();
    let mut app = story_app(dir.path());
    press(&mut app, "s");
    // "q" in the picker types, it does not quit.
    let action = app.action_for_key(key_event("q"));
    assert!(matches!(action, Some(Action::Input(_))));
    assert_ne!(app.dispatch(action.unwrap()), Effect::Quit);
}

#[test]
fn reanchored_story_is_saved_on_open() {
    let dir = temp_desk();
    let story_dir = dir.path().join("stories").join(MAIN_ID);
    let article = std::fs::read_to_string(story_dir.join("article.txt")).unwrap();
    std::fs::write(
        story_dir.join("article.txt"),
        format!("CORRECTION appended at the top.\n\n{article}"),
    )
    .unwrap();
    let mut app = app(dir.path());
    open(&mut app, MAIN_ID);
    assert!(story(&app).save_error().is_none());
    let disk = on_disk(dir.path());
    assert_eq!(disk.article_len, article.len() + 33);
}

#[test]
fn import_prompt_completes_paths_and_imports() {
    let dir = temp_desk();
    let files = tempfile::tempdir().unwrap();
    std::fs::write(files.path().join("wire-story.txt"), SEED).unwrap();
    let mut app = app(dir.path());
    press(&mut app, "i");
    assert_eq!(app.context(), Context::Import);
    type_text(&mut app, &format!("{}/wire", files.path().display()));
    press(&mut app, "Tab");
    let Some(Popup::Import(prompt)) = app.popup() else {
        panic!("prompt closed")
    };
    let text = prompt.text();
    assert!(text.ends_with("/wire-story.txt"), "{text}");
    assert!(render(&mut app, 80, 24).contains("Import: "));
    press(&mut app, "Enter");
    assert!(app.popup().is_none());
    let (msg, is_error) = message(&app);
    assert!(!is_error, "{msg}");
    assert!(msg.starts_with("imported "), "{msg}");
    // The new story is open, and selected on the desk behind it.
    assert_eq!(app.screen(), Screen::Story);
    assert_eq!(format!("imported {}", story(&app).story().id), msg);
    let id = story(&app).story().id.clone();
    press(&mut app, "Esc");
    assert_eq!(app.desk_screen().stories().len(), 4);
    let selected = app.desk_screen().selected();
    assert_eq!(
        app.desk_screen().shown().nth(selected).map(|s| &s.id),
        Some(&id)
    );
}

#[test]
fn import_of_a_missing_file_says_why() {
    let dir = temp_desk();
    let mut app = app(dir.path());
    press(&mut app, "i");
    type_text(&mut app, "/no/such/file.txt");
    press(&mut app, "Enter");
    let (msg, is_error) = message(&app);
    assert!(is_error);
    assert!(msg.contains("/no/such/file.txt"), "{msg}");
}

#[test]
fn unreadable_story_is_reported_on_the_desk_screen() {
    let dir = temp_desk();
    let bad = dir.path().join("stories").join("2017-01-01-broken");
    std::fs::create_dir_all(&bad).unwrap();
    std::fs::write(bad.join("article.txt"), "text").unwrap();
    std::fs::write(bad.join("story.ron"), "(version: 1, id: ").unwrap();
    let mut app = app(dir.path());
    assert_eq!(app.desk_screen().stories().len(), 3);
    let text = render(&mut app, 120, 40);
    let status = text.lines().last().unwrap();
    assert!(
        status.contains("1 story could not be read: ") && status.contains("story.ron:1:"),
        "{status}"
    );
}

#[test]
fn mouse_wheel_scrolls_the_article() {
    use crossterm::event::{KeyModifiers, MouseEvent, MouseEventKind};
    let dir = temp_desk();
    let mut app = story_app(dir.path());
    let (x, y) = inside_box(&render(&mut app, 80, 24), " Article ");
    let ev = MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: x + 2,
        row: y + 2,
        modifiers: KeyModifiers::NONE,
    };
    let action = app.action_for_mouse(ev).expect("a wheel");
    assert_eq!(app.dispatch(action), Effect::Redraw);
    assert_eq!(story(&app).scroll(), 3);
    // The view stays where the wheel put it on the next frame.
    let text = render(&mut app, 80, 24);
    assert!(text.contains("4–23/65"), "{text}");
}

#[test]
fn keymap_error_is_shown_in_the_status_bar() {
    let (keymap, err) = factdesk_tui::keymap::Keymap::with_overrides(
        "{ \"story\": { \"c\": (confirm_it, \"\") } }",
        Path::new("/home/ed/.config/factdesk/keymap.ron"),
    );
    let dir = temp_desk();
    let desk = Desk::open(dir.path()).unwrap();
    let mut app = App::new(
        desk,
        "ed".into(),
        keymap,
        factdesk_tui::theme::Theme::no_color(),
    );
    app.set_warning(&err.unwrap().to_string());
    // Still there after keys were pressed.
    press(&mut app, "j k");
    let text = render(&mut app, 120, 40);
    let status = text.lines().last().unwrap();
    assert!(
        status.contains("/home/ed/.config/factdesk/keymap.ron:1:20: "),
        "{status}"
    );
    assert!(status.contains("using the default keys"), "{status}");
}

#[test]
fn new_source_keeps_sources_added_meanwhile_elsewhere() {
    let dir = temp_desk();
    let mut app = story_app(dir.path());
    press(&mut app, "s");
    // The command line adds a source while the picker is open.
    let desk = Desk::open(dir.path()).unwrap();
    factdesk_core::store::add_source(
        &desk,
        factdesk_core::model::Source {
            id: factdesk_core::slug::SourceId::parse("reuters").unwrap(),
            name: "Reuters".into(),
            kind: factdesk_core::model::SourceKind::Wire,
            url: None,
            outlet: None,
            accessed: None,
        },
    )
    .unwrap();
    type_text(&mut app, "Interfax");
    press(&mut app, "Ctrl-n Enter");
    let reg = desk.load_sources().unwrap();
    let ids: Vec<&str> = reg.value.sources.iter().map(|s| s.id.as_str()).collect();
    assert!(
        ids.contains(&"reuters") && ids.contains(&"interfax"),
        "{ids:?}"
    );
    // A taken id is refused in the form, which stays open.
    press(&mut app, "Ctrl-n");
    let Some(Popup::Picker(p)) = app.popup() else {
        panic!("picker closed")
    };
    assert_eq!(p.form().unwrap().focused_label(), "id");
    press(&mut app, "Ctrl-u");
    type_text(&mut app, "reuters");
    press(&mut app, "Enter");
    let Some(Popup::Picker(p)) = app.popup() else {
        panic!("picker closed")
    };
    let err = p.form().unwrap().error().unwrap();
    assert!(err.contains("reuters"), "{err}");
    assert_eq!(app.context(), Context::Form);
}
