//! `factdesk tag` beyond a verdict: links added, restanced and unlinked,
//! the speaker set and cleared, each change one line of output and one
//! history entry; the refusals one line each, with nothing written.

use std::fs;
use std::path::{Path, PathBuf};

mod common;

use common::{MAIN_ID, temp_desk};
use factdesk_core::model::{Change, Claim, Stance, Verdict};
use factdesk_core::slug::{SourceId, StoryId};
use factdesk_core::store::Desk;

#[path = "support/cli.rs"]
mod cli;

use cli::{Run, factdesk};

fn tag(desk: &Path, args: &[&str]) -> Run {
    let mut all = vec!["tag", MAIN_ID];
    all.extend_from_slice(args);
    factdesk(desk, &all)
}

fn claim(desk: &Path, id: u32) -> Claim {
    Desk::open(desk)
        .unwrap()
        .load_story(&StoryId::parse(MAIN_ID).unwrap())
        .unwrap()
        .file
        .value
        .claim(id)
        .cloned()
        .unwrap()
}

fn story_file(desk: &Path) -> PathBuf {
    desk.join("stories").join(MAIN_ID).join("story.ron")
}

fn src(id: &str) -> SourceId {
    SourceId::parse(id).unwrap()
}

/// The lines of `out` without the `STORY#N  ` each starts with.
fn said(out: &str, n: u32) -> Vec<String> {
    let head = format!("{MAIN_ID}#{n}  ");
    out.lines()
        .map(|l| {
            l.strip_prefix(&head)
                .unwrap_or_else(|| panic!("{l:?} starts with {head:?}"))
                .to_string()
        })
        .collect()
}

#[test]
fn a_source_alone_is_linked_without_a_verdict() {
    let dir = temp_desk();
    let desk = dir.path();
    // #4 is pending: a new link without a stance takes context.
    let run = tag(
        desk,
        &["4", "--source", "afp:supports", "--source", "cbs-news"],
    );
    assert_eq!(run.code, 0, "{}", run.err);
    assert_eq!(
        said(&run.out, 4),
        ["linked afp (supports)", "linked cbs-news (context)"]
    );
    let c = claim(desk, 4);
    assert_eq!(
        c.verdict,
        Verdict::Pending,
        "no verdict given, none changed"
    );
    assert_eq!(c.link(&src("afp")).unwrap().stance, Stance::Supports);
    assert_eq!(c.link(&src("cbs-news")).unwrap().stance, Stance::Context);
    let last = c.history.last().unwrap();
    assert_eq!(last.editor, "ana");
    assert!(matches!(last.change, Change::Linked { was: None, .. }));
}

#[test]
fn a_linked_source_given_a_stance_is_restanced_and_says_so() {
    let dir = temp_desk();
    let desk = dir.path();
    // #1 links russian-mod as supports.
    let run = tag(desk, &["1", "--source", "russian-mod:contradicts"]);
    assert_eq!(run.code, 0, "{}", run.err);
    assert_eq!(
        said(&run.out, 1),
        ["russian-mod was linked already: stance supports → contradicts"]
    );
    let c = claim(desk, 1);
    assert_eq!(
        c.link(&src("russian-mod")).unwrap().stance,
        Stance::Contradicts
    );
    assert_eq!(c.sources.len(), 2, "not linked twice");
    assert!(matches!(
        c.history.last().unwrap().change,
        Change::Linked {
            was: Some(Stance::Supports),
            stance: Stance::Contradicts,
            ..
        }
    ));
    // Without a stance, a linked source keeps its own: nothing changes.
    let before = fs::read(story_file(desk)).unwrap();
    let run = tag(desk, &["1", "--source", "russian-mod"]);
    assert_eq!(run.code, 0, "{}", run.err);
    assert_eq!(said(&run.out, 1), ["(no change)"]);
    assert_eq!(fs::read(story_file(desk)).unwrap(), before);
}

#[test]
fn unlink_speaker_and_note_each_say_their_line_and_their_entry() {
    let dir = temp_desk();
    let desk = dir.path();
    let run = tag(
        desk,
        &[
            "1",
            "unconfirmed",
            "--unlink",
            "us-coalition",
            "--speaker",
            "  Russian\tmilitary ",
            "--note",
            "Only Moscow says so.",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.err);
    assert_eq!(
        said(&run.out, 1),
        [
            "disputed → unconfirmed",
            "unlinked us-coalition (was contradicts)",
            "speaker “Russian military”",
            "note now “Only Moscow says so.”",
        ]
    );
    let c = claim(desk, 1);
    assert!(c.link(&src("us-coalition")).is_none());
    assert_eq!(c.speaker.as_deref(), Some("Russian military"));
    let tail: Vec<String> = c.history[c.history.len() - 4..]
        .iter()
        .map(|h| h.change.to_string())
        .collect();
    assert_eq!(
        tail,
        [
            "verdict disputed → unconfirmed",
            "unlinked us-coalition (contradicts)",
            "speaker “Russian Defense Ministry” → “Russian military”",
            "note “Coalition could not confirm; earlier reports were wrong.” → “Only Moscow says so.”",
        ]
    );
    // factdesk history shows the same entries.
    let history = factdesk(desk, &["history", MAIN_ID, "1"]);
    assert!(
        history.out.contains("unlinked us-coalition (contradicts)"),
        "{}",
        history.out
    );
    let run = tag(desk, &["1", "--no-speaker"]);
    assert_eq!(run.code, 0, "{}", run.err);
    assert_eq!(
        said(&run.out, 1),
        ["speaker cleared (was “Russian military”)"]
    );
    assert_eq!(claim(desk, 1).speaker, None);
    let run = tag(desk, &["1", "--no-speaker"]);
    assert_eq!(said(&run.out, 1), ["(no change)"]);
}

#[test]
fn refusals_are_one_line_exit_one_and_write_nothing() {
    let dir = temp_desk();
    let desk = dir.path();
    let file = story_file(desk);
    let before = fs::read(&file).unwrap();
    for (args, msg) in [
        (
            vec!["1", "--unlink", "afp"],
            "is not linked to source afp (its sources: russian-mod, us-coalition); nothing was changed",
        ),
        (
            vec!["4", "--unlink", "afp"],
            "is not linked to source afp (it has no sources)",
        ),
        (
            vec!["1", "--unlink", "nobody"],
            "no source \"nobody\" in the registry",
        ),
        (
            // One bad part refuses the whole: the verdict is not kept.
            vec!["1", "confirmed", "--source", "nobody"],
            "no source \"nobody\" in the registry",
        ),
        (
            vec!["1", "confirmed", "--unlink", "afp"],
            "is not linked to source afp",
        ),
        (
            vec!["1", "--source", "afp", "--unlink", "afp"],
            "--source afp and --unlink afp at once",
        ),
        (vec!["1"], "nothing to change: give a VERDICT"),
        (vec!["1", "--unlink", "Not An Id"], "invalid source id"),
    ] {
        let run = tag(desk, &args);
        assert_eq!(run.code, 1, "{args:?}: {}", run.out);
        assert!(run.err.contains(msg), "{args:?}: {}", run.err);
        assert_eq!(run.err.lines().count(), 1, "{}", run.err);
        assert!(run.out.is_empty(), "{args:?}: {}", run.out);
    }
    let both = tag(desk, &["1", "--speaker", "x", "--no-speaker"]);
    assert_eq!(both.code, 2, "clap refuses it: {}", both.err);
    assert_eq!(fs::read(&file).unwrap(), before);
}

#[test]
fn verdict_link_and_speaker_at_once_are_said_and_recorded_in_order() {
    let dir = temp_desk();
    let desk = dir.path();
    let run = tag(
        desk,
        &["4", "disputed", "--source", "afp", "--speaker", "AFP"],
    );
    assert_eq!(run.code, 0, "{}", run.err);
    // The stance left out is the one the new verdict suggests.
    assert_eq!(
        said(&run.out, 4),
        [
            "pending → disputed",
            "linked afp (contradicts)",
            "speaker “AFP”"
        ]
    );
    let c = claim(desk, 4);
    let tail: Vec<String> = c.history[c.history.len() - 3..]
        .iter()
        .map(|h| h.change.to_string())
        .collect();
    assert_eq!(
        tail,
        [
            "verdict pending → disputed",
            "linked afp (contradicts)",
            "speaker set to “AFP”"
        ]
    );
    let at: Vec<_> = c.history[c.history.len() - 3..]
        .iter()
        .map(|h| h.at)
        .collect();
    assert!(
        at.windows(2).all(|w| w[0] == w[1]),
        "one edit, one time: {at:?}"
    );
}
