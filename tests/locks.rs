//! One editor at a time: `tag` and the story lock, and saves that meet a
//! change made behind their back.

mod safety;

use factdesk_core::ids::StoryId;
use factdesk_core::store::Desk;
use factdesk_core::store::lock::{LockHolder, StoryLock, TryLock};
use safety::*;
use std::fs;
use std::time::Duration;

#[test]
fn tag_refuses_a_story_someone_is_editing_naming_them() {
    let (_tmp, desk_dir) = new_desk();
    let id = import(&desk_dir, SEED.as_bytes());
    let desk = Desk::open(&desk_dir).unwrap();
    let sid = StoryId::parse(&id).unwrap();
    let story = story_dir(&desk_dir, &id).join("story.ron");
    let before = fs::read(&story).unwrap();

    let lock = StoryLock::acquire(&desk, &sid, "bea").unwrap();
    let run = factdesk(&desk_dir, &["tag", &id, "1", "confirmed"]);
    assert_eq!(run.code, 1);
    let lines = run.err_lines();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].contains(&format!(
            "story is being edited by bea on {} (pid {}) since ",
            factdesk_core::store::process::hostname(),
            std::process::id()
        )),
        "{lines:?}"
    );
    assert!(
        lines[0].ends_with("; try again later or pass --wait"),
        "{lines:?}"
    );
    assert_eq!(fs::read(&story).unwrap(), before);

    // The screen's view of the same situation.
    match StoryLock::try_acquire(&desk, &sid, "cy").unwrap() {
        TryLock::Held { holder, .. } => assert_eq!(holder.editor, "bea"),
        TryLock::Acquired(_) => panic!("lock given twice"),
    }

    // --wait: tag waits, says for whom, and goes ahead once released.
    let releaser = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(700));
        drop(lock);
    });
    let run = factdesk(&desk_dir, &["tag", &id, "1", "confirmed", "--wait"]);
    releaser.join().unwrap();
    assert_eq!(run.code, 0, "{}", run.err());
    assert!(
        run.err().contains("is being edited by bea"),
        "{}",
        run.err()
    );
    assert!(run.err().contains("waiting up to 30 s"), "{}", run.err());
    assert!(
        !story_dir(&desk_dir, &id).join(".lock").exists(),
        "lock left behind"
    );
}

#[test]
fn tag_takes_over_the_lock_of_a_dead_process_and_says_so() {
    let (_tmp, desk_dir) = new_desk();
    let id = import(&desk_dir, SEED.as_bytes());
    // A lock left by a process that was killed: same host, pid gone.
    let mut child = bin()
        .arg("--version")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let dead_pid = child.id();
    child.wait().unwrap();
    let holder = LockHolder {
        editor: "dan".into(),
        host: factdesk_core::store::process::hostname(),
        pid: dead_pid,
        since: chrono::Utc::now(),
    };
    let lock_path = story_dir(&desk_dir, &id).join(".lock");
    fs::write(&lock_path, ron::to_string(&holder).unwrap()).unwrap();

    let run = factdesk(&desk_dir, &["tag", &id, "1", "confirmed"]);
    assert_eq!(run.code, 0, "{}", run.err());
    let lines = run.err_lines();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].contains("took over the stale lock of dan on"),
        "{lines:?}"
    );
    assert!(!lock_path.exists());
}

#[test]
fn tag_merges_with_an_outside_change_to_another_claim() {
    // The merge path end to end: the disk changed between our load and our
    // save (simulated through the library, as tag's window is tiny).
    let (_tmp, desk_dir) = new_desk();
    let id = import(&desk_dir, SEED.as_bytes());
    let desk = Desk::open(&desk_dir).unwrap();
    let sid = StoryId::parse(&id).unwrap();
    let mut ours = desk.load_story(&sid).unwrap();
    let who = factdesk_core::edit::Who::now("ana");
    let edit = factdesk_core::edit::Edit::SetVerdict {
        claim: 1,
        verdict: factdesk_core::model::Verdict::Confirmed,
    };
    factdesk_core::edit::apply(ours.story_mut(), edit.clone(), &who).unwrap();

    let run = factdesk(&desk_dir, &["tag", &id, "2", "disputed"]);
    assert_eq!(run.code, 0, "{}", run.err());

    let outcome = ours.save_merging(&[edit], &who).unwrap();
    assert_eq!(
        outcome,
        factdesk_core::store::merge::SaveOutcome::Merged { reapplied: 1 }
    );
    let show = factdesk(&desk_dir, &["show", &id]);
    assert!(show.out().contains("#1 CONFIRMED"), "{}", show.out());
    assert!(show.out().contains("#2 DISPUTED"), "{}", show.out());
}
