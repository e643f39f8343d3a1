use super::*;
use std::fs;

fn desk_with_story() -> (tempfile::TempDir, Desk, StoryId) {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::create(dir.path(), "t").unwrap();
    let id = StoryId::parse("s").unwrap();
    fs::create_dir_all(desk.story_dir(&id)).unwrap();
    (dir, desk, id)
}

fn lock_path(desk: &Desk, id: &StoryId) -> PathBuf {
    desk.story_dir(id).join(LOCK_FILE)
}

/// A lock file as a process that is gone left it (no `flock` on it).
fn write_lock(desk: &Desk, id: &StoryId, holder: &LockHolder) {
    let path = lock_path(desk, id);
    fs::write(
        &path,
        super::super::ron_file::to_string(holder, &path).unwrap(),
    )
    .unwrap();
}

/// Hold the lock file's `flock` as another live process would.
fn hold_flock(desk: &Desk, id: &StoryId) -> File {
    let f = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(lock_path(desk, id))
        .unwrap();
    rustix::fs::flock(&f, FlockOperation::NonBlockingLockExclusive).unwrap();
    f
}

fn held(desk: &Desk, id: &StoryId) -> LockHolder {
    match StoryLock::try_acquire(desk, id, "ben").unwrap() {
        TryLock::Held { holder, .. } => holder,
        TryLock::Acquired(l) => panic!("acquired a held lock (took over {:?})", l.took_over()),
    }
}

#[test]
fn second_editor_is_refused_with_the_holder_and_lock_is_released_on_drop() {
    let (_d, desk, id) = desk_with_story();
    let lock = StoryLock::acquire(&desk, &id, "ana").unwrap();
    assert!(lock.took_over().is_none());
    let err = StoryLock::acquire(&desk, &id, "ben")
        .unwrap_err()
        .to_string();
    assert!(err.contains("being edited by ana on "), "{err}");
    assert!(
        err.contains(&format!("(pid {})", std::process::id())),
        "{err}"
    );
    assert_eq!(held(&desk, &id).editor, "ana");
    drop(lock);
    assert!(!lock_path(&desk, &id).exists());
    StoryLock::acquire(&desk, &id, "ben").unwrap();
}

#[test]
fn holder_display() {
    let h = LockHolder {
        editor: "ana".into(),
        host: "host-1".into(),
        pid: 4242,
        since: "2026-11-25T09:12:40Z".parse().unwrap(),
    };
    assert_eq!(
        h.to_string(),
        "ana on host-1 (pid 4242) since 2026-11-25 09:12 UTC"
    );
    let u = LockHolder::unknown("2026-11-25T09:12:40Z".parse().unwrap());
    assert_eq!(
        u.to_string(),
        "another factdesk process (its lock file is not written yet) since 2026-11-25 09:12 UTC"
    );
}

#[test]
fn locks_of_gone_processes_are_taken_over_at_once() {
    let (_d, desk, id) = desk_with_story();
    // Its process died: nobody holds the flock.
    let mut dead = LockHolder::me("ana");
    dead.pid = 0;
    write_lock(&desk, &id, &dead);
    let lock = StoryLock::acquire(&desk, &id, "ben").unwrap();
    assert_eq!(lock.took_over(), Some(&dead));
    drop(lock);

    // Killed between making the file and writing it: free at once, and
    // nobody named (not this process, not "unknown").
    fs::write(lock_path(&desk, &id), b"").unwrap();
    let lock = StoryLock::acquire(&desk, &id, "ben").unwrap();
    assert_eq!(lock.took_over(), None);
    assert_eq!(lock.holder().editor, "ben");
    drop(lock);

    // A lock file of any size: only its first bytes are read.
    fs::File::create(lock_path(&desk, &id))
        .unwrap()
        .set_len(50_000_000)
        .unwrap();
    let lock = StoryLock::acquire(&desk, &id, "ben").unwrap();
    drop(lock);
    assert!(!lock_path(&desk, &id).exists());
}

#[test]
fn a_live_holder_is_never_taken_over_and_a_blank_one_is_not_us() {
    let (_d, desk, id) = desk_with_story();
    // A live process that has made the file and not written it yet.
    let f = hold_flock(&desk, &id);
    let h = held(&desk, &id);
    assert_eq!(h.pid, 0);
    assert!(h.host.is_empty());
    assert!(h.editor.starts_with("another factdesk process"), "{h}");
    drop(f);

    // A live process whose file says it is dead: the kernel wins.
    let mut dead = LockHolder::me("ana");
    dead.pid = 0;
    write_lock(&desk, &id, &dead);
    let f = hold_flock(&desk, &id);
    assert_eq!(held(&desk, &id), dead);
    drop(f);
}

#[test]
fn another_hosts_lock_is_bounded_in_time_both_ways() {
    let (_d, desk, id) = desk_with_story();
    let now = Utc::now().trunc_subsecs(0);
    let remote = |since| LockHolder {
        editor: "ana".into(),
        host: "elsewhere-not-this-host".into(),
        pid: 1,
        since,
    };
    for (since, holds) in [
        (now, true),
        (now + chrono::Duration::hours(1), true),
        (now - chrono::Duration::hours(11), true),
        (now - chrono::Duration::hours(13), false),
        // A clock far ahead (or a forged file): not locked for good.
        (now + chrono::Duration::hours(13), false),
        (now + chrono::Duration::days(3650), false),
    ] {
        let h = remote(since);
        write_lock(&desk, &id, &h);
        match StoryLock::try_acquire(&desk, &id, "ben").unwrap() {
            TryLock::Held { holder, .. } => {
                assert!(holds, "{since}: still held");
                assert_eq!(holder, h);
            }
            TryLock::Acquired(lock) => {
                assert!(!holds, "{since}: taken over");
                assert_eq!(lock.took_over(), Some(&h));
            }
        }
    }
}

#[test]
fn waiting_gives_up_with_the_holder() {
    let (_d, desk, id) = desk_with_story();
    let _lock = StoryLock::acquire(&desk, &id, "ana").unwrap();
    let mut told = Vec::new();
    let err = StoryLock::acquire_waiting(&desk, &id, "ben", Duration::from_millis(250), |h| {
        told.push(h.editor.clone())
    })
    .unwrap_err();
    assert!(matches!(err, Error::Locked { .. }));
    assert_eq!(told, ["ana"]);
}

/// `unlock` breaks a live lock, records whose it was and who broke it; the
/// former holder learns it, and its release leaves the next holder's lock.
#[test]
fn unlock_breaks_a_lock_and_records_it() {
    let (_d, desk, id) = desk_with_story();
    assert_eq!(unlock(&desk, &id, "ben").unwrap(), None);
    let ana = StoryLock::acquire(&desk, &id, "ana").unwrap();
    assert!(ana.check_held().is_ok());
    let broke = unlock(&desk, &id, "ben").unwrap().unwrap();
    assert_eq!(broke.holder.as_ref(), Some(ana.holder()));
    assert_eq!(broke.by, "ben");
    let text = fs::read_to_string(desk.story_dir(&id).join(BROKEN_FILE)).unwrap();
    assert!(
        text.contains("by: \"ben\"") && text.contains("editor: \"ana\""),
        "{text}"
    );
    let why = ana.check_held().unwrap_err();
    assert!(why.contains("broken by ben on "), "{why}");

    let cy = StoryLock::acquire(&desk, &id, "cy").unwrap();
    assert_eq!(cy.took_over(), None);
    drop(ana);
    assert_eq!(
        StoryLock::holder_of(&desk, &id).unwrap().unwrap().editor,
        "cy"
    );
    assert!(cy.check_held().is_ok());
}

#[test]
fn a_link_or_fifo_as_the_lock_file_is_refused() {
    let (d, desk, id) = desk_with_story();
    let outside = d.path().join("outside");
    fs::write(&outside, b"x").unwrap();
    std::os::unix::fs::symlink(&outside, lock_path(&desk, &id)).unwrap();
    let err = StoryLock::try_acquire(&desk, &id, "ben").unwrap_err();
    assert!(err.to_string().contains("symbolic link"), "{err}");
    assert_eq!(fs::read(&outside).unwrap(), b"x");
    fs::remove_file(lock_path(&desk, &id)).unwrap();
    let c = std::ffi::CString::new(lock_path(&desk, &id).to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let err = StoryLock::try_acquire(&desk, &id, "ben").unwrap_err();
    assert!(err.to_string().contains("FIFO"), "{err}");
}
