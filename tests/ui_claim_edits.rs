//! The claim edits of the story screen beyond a verdict, driven by keys:
//! the speaker (completed from the desk's), the links in the detail
//! (unlink, stance, note), the picker's first stance, and the source
//! form's kind and address. Each is saved, in the history, and undone.

mod common;

use common::*;
use factdesk_core::model::{Change, Claim, SourceKind, Stance};
use factdesk_core::slug::{SourceId, StoryId};
use factdesk_core::store::Desk;
use factdesk_tui::keymap::Context;
use factdesk_tui::popups::Popup;
use factdesk_tui::{App, Screen};
use std::path::Path;

fn story_app(root: &Path) -> App {
    let mut app = app(root);
    press(&mut app, "Enter");
    assert_eq!(app.screen(), Screen::Story);
    app
}

fn selected(app: &App) -> &Claim {
    story(app).selected_claim().unwrap()
}

fn on_disk(root: &Path, claim: u32) -> Claim {
    Desk::open(root)
        .unwrap()
        .load_story(&StoryId::parse(MAIN_ID).unwrap())
        .unwrap()
        .file
        .value
        .claim(claim)
        .cloned()
        .unwrap()
}

fn last_change(c: &Claim) -> &Change {
    &c.history.last().unwrap().change
}

fn src(id: &str) -> SourceId {
    SourceId::parse(id).unwrap()
}

#[test]
fn the_speaker_is_chosen_from_the_desks_typed_or_cleared_and_undone() {
    let dir = temp_desk();
    let mut app = story_app(dir.path());
    // Claim #4 has no speaker.
    press(&mut app, "j j j");
    assert_eq!(selected(&app).id, 4);
    assert_eq!(selected(&app).speaker, None);
    press(&mut app, "W");
    assert_eq!(app.context(), Context::Speaker);
    let Some(Popup::Speaker(p)) = app.popup() else {
        panic!("the speaker field")
    };
    // The desk's speakers, the most quoted first.
    let shown: Vec<&str> = p.shown().collect();
    assert_eq!(
        shown,
        ["Russian Defense Ministry", "U.S. defense officials"]
    );
    type_text(&mut app, "usdef");
    let screen = render(&mut app, 120, 40);
    assert!(screen.contains("Speaker of claim #4"), "{screen}");
    insta::assert_snapshot!("speaker_field_120x40", screen);
    // Down chooses the match; Enter keeps it.
    press(&mut app, "Down Enter");
    assert!(app.popup().is_none());
    assert_eq!(
        selected(&app).speaker.as_deref(),
        Some("U.S. defense officials")
    );
    assert_eq!(
        message(&app).0,
        "claim #4's speaker: “U.S. defense officials” (Ctrl-z undoes)"
    );
    let disk = on_disk(dir.path(), 4);
    assert_eq!(disk.speaker.as_deref(), Some("U.S. defense officials"));
    assert!(matches!(
        last_change(&disk),
        Change::Speaker {
            from: None,
            to: Some(_)
        }
    ));
    assert_eq!(disk.history.last().unwrap().editor, "ana");
    // Typed, not chosen: the text as typed (Tab would complete it).
    press(&mut app, "W Ctrl-u");
    type_text(&mut app, "Kremlin spokesman");
    press(&mut app, "Enter");
    assert_eq!(selected(&app).speaker.as_deref(), Some("Kremlin spokesman"));
    // Cleared: an empty field.
    press(&mut app, "W Ctrl-u Enter");
    assert_eq!(selected(&app).speaker, None);
    assert_eq!(on_disk(dir.path(), 4).speaker, None);
    // Undo goes back one speaker at a time, saved each time.
    press(&mut app, "Ctrl-z");
    assert_eq!(selected(&app).speaker.as_deref(), Some("Kremlin spokesman"));
    press(&mut app, "Ctrl-z");
    assert_eq!(
        on_disk(dir.path(), 4).speaker.as_deref(),
        Some("U.S. defense officials")
    );
    // Esc changes nothing.
    press(&mut app, "W");
    type_text(&mut app, "nobody");
    press(&mut app, "Esc");
    assert!(app.popup().is_none());
    assert_eq!(
        selected(&app).speaker.as_deref(),
        Some("U.S. defense officials")
    );
}

#[test]
fn tab_completes_the_speaker_at_80x24() {
    let dir = temp_desk();
    let mut app = story_app(dir.path());
    press(&mut app, "W Ctrl-u");
    type_text(&mut app, "rdm");
    press(&mut app, "Tab");
    let Some(Popup::Speaker(p)) = app.popup() else {
        panic!("the speaker field")
    };
    assert_eq!(p.text(), "Russian Defense Ministry");
    insta::assert_snapshot!("speaker_completed_80x24", render(&mut app, 80, 24));
    // The same name as before: nothing to change, and said.
    press(&mut app, "Enter");
    assert_eq!(
        message(&app).0,
        "claim #1's speaker stays “Russian Defense Ministry”"
    );
}

#[test]
fn links_in_the_detail_are_unlinked_restanced_and_annotated_with_undo() {
    let dir = temp_desk();
    let mut app = story_app(dir.path());
    // Claim #1: russian-mod supports, us-coalition contradicts.
    assert_eq!(selected(&app).id, 1);
    press(&mut app, "l");
    assert_eq!(app.context(), Context::Links);
    assert_eq!(
        story(&app).selected_link().unwrap().source,
        src("russian-mod")
    );
    press(&mut app, "j");
    assert_eq!(
        story(&app).selected_link().unwrap().source,
        src("us-coalition")
    );
    insta::assert_snapshot!("links_in_the_detail_120x40", render(&mut app, 120, 40));

    // Tab cycles the stance: contradicts → context, saved, in history.
    press(&mut app, "Tab");
    let link = selected(&app).link(&src("us-coalition")).unwrap().clone();
    assert_eq!(link.stance, Stance::Context);
    assert_eq!(
        message(&app).0,
        "us-coalition: contradicts → context (Ctrl-z undoes)"
    );
    let disk = on_disk(dir.path(), 1);
    assert!(matches!(
        last_change(&disk),
        Change::Linked {
            was: Some(Stance::Contradicts),
            stance: Stance::Context,
            ..
        }
    ));
    press(&mut app, "Ctrl-z");
    assert_eq!(
        on_disk(dir.path(), 1)
            .link(&src("us-coalition"))
            .unwrap()
            .stance,
        Stance::Contradicts
    );

    // n: the link's note, kept with Enter, shown in the detail.
    press(&mut app, "n");
    assert_eq!(app.context(), Context::LinkNote);
    type_text(&mut app, "statement of June 16, p. 2");
    press(&mut app, "Enter");
    assert_eq!(app.context(), Context::Links);
    let disk = on_disk(dir.path(), 1);
    assert_eq!(
        disk.link(&src("us-coalition")).unwrap().note.as_deref(),
        Some("statement of June 16, p. 2")
    );
    assert_eq!(
        last_change(&disk).to_string(),
        "note on us-coalition set to “statement of June 16, p. 2”"
    );
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("note: statement"), "{screen}");
    insta::assert_snapshot!("link_note_in_the_detail_80x24", screen);
    press(&mut app, "Ctrl-z");
    assert_eq!(
        on_disk(dir.path(), 1)
            .link(&src("us-coalition"))
            .unwrap()
            .note,
        None
    );

    // x unlinks; undo links it again, stance and all.
    press(&mut app, "x");
    assert!(selected(&app).link(&src("us-coalition")).is_none());
    assert_eq!(
        message(&app).0,
        "unlinked us-coalition (contradicts) from claim #1 (Ctrl-z undoes)"
    );
    let disk = on_disk(dir.path(), 1);
    assert_eq!(disk.sources.len(), 1);
    assert!(matches!(last_change(&disk), Change::Unlinked { .. }));
    // The selection moved to the link that is left.
    assert_eq!(
        story(&app).selected_link().unwrap().source,
        src("russian-mod")
    );
    press(&mut app, "Ctrl-z");
    let back = on_disk(dir.path(), 1);
    assert_eq!(
        back.link(&src("us-coalition")).unwrap().stance,
        Stance::Contradicts
    );
    // The last link unlinked: the keys go back to the claims.
    press(&mut app, "x x");
    assert!(selected(&app).sources.is_empty());
    assert_eq!(app.context(), Context::Story);
    // Esc from the links, and l on a claim without any says so.
    press(&mut app, "Ctrl-z l Esc");
    assert_eq!(app.context(), Context::Story);
    press(&mut app, "j j j l");
    assert_eq!(app.context(), Context::Story);
    assert_eq!(message(&app).0, "claim #4 has no sources; s links one");
}

#[test]
fn the_picker_starts_on_the_verdicts_stance_and_says_a_restance() {
    let dir = temp_desk();
    let mut app = story_app(dir.path());
    let stance = |app: &App| match app.popup() {
        Some(Popup::Picker(p)) => p.stance(),
        _ => panic!("the picker"),
    };
    // #1 disputed, #2 confirmed, #3 unconfirmed.
    press(&mut app, "s");
    assert_eq!(stance(&app), Stance::Contradicts);
    press(&mut app, "Esc j s");
    assert_eq!(stance(&app), Stance::Supports);
    press(&mut app, "Esc j s");
    assert_eq!(stance(&app), Stance::Context);
    press(&mut app, "Esc k k");
    // A source the claim has already: its stance changes, and it is said.
    press(&mut app, "s");
    type_text(&mut app, "russian-mod");
    let screen = render(&mut app, 120, 40);
    assert!(screen.contains("linked supports"), "{screen}");
    press(&mut app, "Enter");
    assert_eq!(
        message(&app).0,
        "russian-mod was linked already: stance supports → contradicts (Ctrl-z undoes)"
    );
    assert_eq!(
        on_disk(dir.path(), 1)
            .link(&src("russian-mod"))
            .unwrap()
            .stance,
        Stance::Contradicts
    );
    // Again with the same stance: nothing changes, and that is said.
    let before = on_disk(dir.path(), 1).history.len();
    press(&mut app, "s");
    type_text(&mut app, "russian-mod");
    press(&mut app, "Enter");
    assert_eq!(
        message(&app).0,
        "russian-mod is already linked as contradicts: nothing changed"
    );
    assert_eq!(on_disk(dir.path(), 1).history.len(), before);
    press(&mut app, "Ctrl-z");
    assert_eq!(
        on_disk(dir.path(), 1)
            .link(&src("russian-mod"))
            .unwrap()
            .stance,
        Stance::Supports
    );
}

#[test]
fn the_source_forms_kind_is_a_choice_and_a_bare_address_gets_https() {
    let dir = temp_desk();
    let mut app = story_app(dir.path());
    press(&mut app, "s");
    type_text(&mut app, "Interfax");
    press(&mut app, "Ctrl-n Tab Tab");
    let form = |app: &App| match app.popup() {
        Some(Popup::Picker(p)) => p.form().unwrap().clone(),
        _ => panic!("the picker's form"),
    };
    assert_eq!(form(&app).focused_label(), "kind");
    // Letters choose a kind, they are not typed.
    type_text(&mut app, "in");
    assert_eq!(form(&app).kind(), SourceKind::Interview);
    press(&mut app, "Space");
    assert_eq!(form(&app).kind(), SourceKind::SocialPost);
    type_text(&mut app, "w");
    assert_eq!(form(&app).kind(), SourceKind::Wire);
    press(&mut app, "Tab");
    type_text(&mut app, "www.interfax.ru/world");
    let screen = render(&mut app, 80, 24);
    assert!(
        screen.contains("saved as https://www.interfax.ru/world"),
        "{screen}"
    );
    insta::assert_snapshot!("source_form_kind_and_offered_url_80x24", screen);
    press(&mut app, "Enter");
    let reg = Desk::open(dir.path()).unwrap().load_sources().unwrap();
    let s = reg.value.get(&src("interfax")).unwrap();
    assert_eq!(s.kind, SourceKind::Wire);
    assert_eq!(s.url.as_deref(), Some("https://www.interfax.ru/world"));
}

#[test]
fn the_new_keys_are_listed_by_help_and_hidden_when_read_only() {
    let keymap = factdesk_tui::keymap::Keymap::default_keymap();
    let story: Vec<String> = factdesk_tui::popups::help::help_lines(&keymap, Context::Story)
        .into_iter()
        .map(|(k, h)| format!("{k} {h}"))
        .collect();
    assert!(
        story.iter().any(|l| l.starts_with("W who said it")),
        "{story:?}"
    );
    assert!(
        story
            .iter()
            .any(|l| l.starts_with("l the claim's source links"))
    );
    let links: Vec<String> = factdesk_tui::popups::help::help_lines(&keymap, Context::Links)
        .into_iter()
        .map(|(k, h)| format!("{k} {h}"))
        .collect();
    for want in [
        "x Delete unlink",
        "Space Tab stance",
        "n edit the link's note",
    ] {
        assert!(
            links.iter().any(|l| l.starts_with(want)),
            "{want}: {links:?}"
        );
    }
    let state = factdesk_tui::status::StoryState {
        save_failed: false,
        read_only: true,
    };
    let hints = factdesk_tui::status::hints(&keymap, Context::Links, state);
    assert!(
        !hints.contains("unlink") && !hints.contains("stance"),
        "{hints}"
    );
    let hints = factdesk_tui::status::hints(&keymap, Context::Links, Default::default());
    assert!(
        hints.contains("x unlink") && hints.contains("Space stance"),
        "{hints}"
    );
}

#[test]
fn a_read_only_story_refuses_the_speaker_and_link_edits_and_writes_nothing() {
    let dir = temp_desk();
    let root = dir.path();
    let desk = Desk::open(root).unwrap();
    let id = StoryId::parse(MAIN_ID).unwrap();
    let held = factdesk_core::store::lock::StoryLock::acquire(&desk, &id, "ben").unwrap();
    let file = root.join("stories").join(MAIN_ID).join("story.ron");
    let before = std::fs::read(&file).unwrap();
    let mut app = story_app(root);
    press(&mut app, "W");
    assert!(app.popup().is_none());
    let (msg, error) = message(&app);
    assert!(
        error && msg.starts_with("read-only (ben is editing)"),
        "{msg}"
    );
    // The links can be looked at; changing them is refused.
    press(&mut app, "l");
    assert_eq!(app.context(), Context::Links);
    press(&mut app, "n");
    assert!(app.popup().is_none());
    press(&mut app, "x Tab");
    assert_eq!(selected(&app).sources.len(), 2);
    assert!(message(&app).1, "said as an error");
    assert_eq!(std::fs::read(&file).unwrap(), before);
    drop(held);
}
