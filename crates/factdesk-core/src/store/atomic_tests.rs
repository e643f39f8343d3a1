use super::*;
use crate::store::made_names::made_name_for;
use std::fs;
use std::os::unix::fs::PermissionsExt;

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn writes_keeps_backup_and_refuses_changed_files() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("story.ron");
    let fp1 = write(&p, b"one", None).unwrap();
    assert_eq!(fs::read(&p).unwrap(), b"one");
    let fp2 = write(&p, b"two", Some(fp1)).unwrap();
    assert_eq!(fs::read(&p).unwrap(), b"two");
    assert_eq!(fs::read(backup_path(&p)).unwrap(), b"one");

    // Someone else edits the file: our next save must not clobber it.
    fs::write(&p, b"theirs").unwrap();
    let err = write(&p, b"three", Some(fp2)).unwrap_err();
    assert!(matches!(err, Error::ChangedOnDisk { .. }));
    assert_eq!(fs::read(&p).unwrap(), b"theirs");

    // Expecting a new file while one exists is the same conflict.
    assert!(write(&p, b"x", None).is_err());
    assert_eq!(names(dir.path()), ["story.ron", "story.ron.bak"]);
}

#[test]
fn full_disk_leaves_old_file_and_no_temporary() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("story.ron");
    let fp = write(&p, b"old", None).unwrap();
    fault::arm(true);
    let err = write(&p, b"new", Some(fp)).unwrap_err();
    fault::arm(false);
    assert!(err.to_string().contains("No space left"), "{err}");
    assert_eq!(fs::read(&p).unwrap(), b"old");
    assert_eq!(names(dir.path()), ["story.ron"]);
    // And the next save works.
    write(&p, b"new", Some(fp)).unwrap();
}

/// Only what factdesk itself made is cleaned up: a name that passes its
/// check, a regular file holding what a save writes, whose writer is gone.
/// Files a person made with similar names stay.
#[test]
fn clean_up_removes_only_our_own_leftovers() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let dead_tmp = made_name_for(0, TMP_SUFFIX);
    let dead_empty = made_name_for(0, TMP_SUFFIX);
    let mine = made_name(TMP_SUFFIX);
    let dead_but_not_ron = made_name_for(0, TMP_SUFFIX);
    // A name that looks like ours but whose check does not hold: its last
    // digit changed (to 1 where it was 0, so that it really differs).
    let head = &dead_tmp[..dead_tmp.len() - TMP_SUFFIX.len() - 1];
    let last = if dead_tmp.ends_with(&format!("0{TMP_SUFFIX}")) {
        '1'
    } else {
        '0'
    };
    let forged = format!("{head}{last}{TMP_SUFFIX}");
    let files: Vec<(String, &[u8])> = vec![
        (dead_tmp.clone(), b"(\n  version: 1,\n"),
        (dead_empty.clone(), b""),
        (mine.clone(), b"(x"),
        (dead_but_not_ron.clone(), b"my notes"),
        (forged.clone(), b"(x"),
        // What the old pattern matched, made by people.
        (".story.ron.bak-20240101".into(), b"(kept)"),
        (".factdesk-0-abc.tmp".into(), b"(x"),
        ("notes.tmp".into(), b"x"),
    ];
    for (name, body) in &files {
        fs::write(d.join(name), body).unwrap();
    }
    fs::create_dir(d.join(made_name_for(0, TMP_SUFFIX))).unwrap();
    let handle = Dir::open(d).unwrap();
    assert_eq!(clean_leftovers(&handle, STALE_AFTER), 2);
    let left = names(d);
    assert!(
        !left.contains(&dead_tmp) && !left.contains(&dead_empty),
        "{left:?}"
    );
    for kept in [&mine, &dead_but_not_ron, &forged] {
        assert!(left.contains(kept), "{kept} removed: {left:?}");
    }
    for kept in [
        ".story.ron.bak-20240101",
        ".factdesk-0-abc.tmp",
        "notes.tmp",
    ] {
        assert!(left.iter().any(|n| n == kept), "{kept} removed: {left:?}");
    }
    assert_eq!(left.len(), 7, "{left:?}");
}

#[test]
fn made_names_carry_their_check() {
    let name = made_name(TMP_SUFFIX);
    assert_eq!(made_by(&name, TMP_SUFFIX), Some(std::process::id()));
    assert_eq!(made_by(&name, ".new"), None);
    let mut bytes = name.clone().into_bytes();
    let i = TMP_PREFIX.len() + std::process::id().to_string().len() + 2;
    bytes[i] = if bytes[i] == b'0' { b'1' } else { b'0' };
    assert_eq!(
        made_by(&String::from_utf8(bytes).unwrap(), TMP_SUFFIX),
        None
    );
}

#[test]
fn failed_write_leaves_old_file_intact() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("story.ron");
    let fp = write(&p, b"old", None).unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o555)).unwrap();
    let result = write(&p, b"new", Some(fp));
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    // Root can write anywhere; the property that matters is the content.
    if result.is_err() {
        assert_eq!(fs::read(&p).unwrap(), b"old");
    }
}

/// A file the editor protected with `chmod a-w` is not replaced, even by
/// root, whom the permissions would not stop.
#[test]
fn a_read_only_file_is_not_written() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("story.ron");
    let fp = write(&p, b"old", None).unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(0o444)).unwrap();
    let err = write(&p, b"new", Some(fp)).unwrap_err();
    assert!(matches!(err, Error::ReadOnlyFile { .. }), "{err}");
    assert!(err.to_string().contains("read-only"), "{err}");
    assert_eq!(fs::read(&p).unwrap(), b"old");
    assert_eq!(names(dir.path()), ["story.ron"]);
    // Made writable again, it saves and keeps its permissions.
    fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
    write(&p, b"new", Some(fp)).unwrap();
    let mode = fs::metadata(&p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}

#[test]
fn links_fifos_and_over_big_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("elsewhere"), b"outside").unwrap();
    std::os::unix::fs::symlink(d.join("elsewhere"), d.join("story.ron")).unwrap();
    let err = read(&d.join("story.ron")).unwrap_err().to_string();
    assert!(err.contains("symbolic link"), "{err}");
    let err = write(&d.join("story.ron"), b"x", None)
        .unwrap_err()
        .to_string();
    assert!(err.contains("symbolic link"), "{err}");
    assert_eq!(fs::read(d.join("elsewhere")).unwrap(), b"outside");

    let fifo = d.join("desk.ron");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let err = read(&fifo).unwrap_err().to_string();
    assert!(err.contains("FIFO") && err.contains("not read"), "{err}");
    assert!(write(&fifo, b"x", None).is_err());

    let big = d.join("sources.ron");
    fs::File::create(&big).unwrap().set_len(10_000_000).unwrap();
    let err = read(&big).unwrap_err().to_string();
    assert!(err.contains("10.0 MB") && err.contains("8.0 MB"), "{err}");
}

/// A desk folder on the way to the file swapped for a link is refused at
/// the moment of writing: nothing is written where the link points.
#[test]
fn a_folder_replaced_by_a_link_is_not_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("desk");
    let story = root.join("stories/s");
    fs::create_dir_all(&story).unwrap();
    let path = story.join("story.ron");
    let fp = write_under(&path, 2, b"(one)", None).unwrap();
    let outside = dir.path().join("outside");
    fs::create_dir_all(outside.join("s")).unwrap();
    fs::rename(root.join("stories"), dir.path().join("moved")).unwrap();
    std::os::unix::fs::symlink(&outside, root.join("stories")).unwrap();
    let err = write_under(&path, 2, b"(two)", Some(fp)).unwrap_err();
    assert!(err.to_string().contains("symbolic link"), "{err}");
    assert!(names(&outside.join("s")).is_empty());
    // The story folder itself a link: the same.
    fs::remove_file(root.join("stories")).unwrap();
    fs::create_dir(root.join("stories")).unwrap();
    std::os::unix::fs::symlink(outside.join("s"), root.join("stories/s")).unwrap();
    assert!(write_under(&path, 2, b"(two)", None).is_err());
    assert!(names(&outside.join("s")).is_empty());
}

/// What an outside program does to a file: rewrite it in place (most
/// editors' "save", `cat >`) or write a new file and rename it over (git,
/// editors with safe writes).
#[derive(Clone, Copy, Debug)]
enum Outside {
    InPlace,
    Renamed,
}

fn outside_write(path: &Path, body: &[u8], how: Outside) {
    match how {
        Outside::InPlace => fs::write(path, body).unwrap(),
        Outside::Renamed => {
            let tmp = path.with_file_name("outside.tmp");
            fs::write(&tmp, body).unwrap();
            fs::rename(&tmp, path).unwrap();
        }
    }
}

/// An outside edit landing at each point of a save, made to happen every
/// time by the save's hook: it is never overwritten, and the save says the
/// file changed so the caller can merge.
#[test]
fn an_outside_edit_during_a_save_is_never_overwritten() {
    for point in [hook::Point::Synced, hook::Point::Checked] {
        for how in [Outside::InPlace, Outside::Renamed] {
            let dir = tempfile::tempdir().unwrap();
            let p = dir.path().join("story.ron");
            let fp = write(&p, b"(base)", None).unwrap();
            let target = p.clone();
            hook::set(move |at, _| {
                if at == point {
                    outside_write(&target, b"(theirs)", how);
                }
            });
            let result = write(&p, b"(ours)", Some(fp));
            hook::clear();
            let what = format!("{point:?} {how:?}");
            assert!(
                matches!(result, Err(Error::ChangedOnDisk { .. })),
                "{what}: {result:?}"
            );
            assert_eq!(fs::read(&p).unwrap(), b"(theirs)", "{what}");
            let left: Vec<String> = names(dir.path())
                .into_iter()
                .filter(|n| n != "story.ron" && n != "story.ron.bak")
                .collect();
            assert!(left.is_empty(), "{what}: {left:?}");
        }
    }
}

/// Two outside versions around the swap: the newest stays in place, the
/// one that arrived between the check and the swap is kept beside the
/// story under a name anyone can see. Neither is dropped.
#[test]
fn two_outside_edits_around_the_swap_are_both_kept() {
    for how in [Outside::InPlace, Outside::Renamed] {
        two_outside_edits(how);
    }
}

fn two_outside_edits(how: Outside) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("story.ron");
    let fp = write(&p, b"(base)", None).unwrap();
    let target = p.clone();
    hook::set(move |at, _| match at {
        hook::Point::Checked => outside_write(&target, b"(first)", Outside::Renamed),
        hook::Point::Exchanged => outside_write(&target, b"(second)", how),
        hook::Point::Synced | hook::Point::Placing => {}
    });
    let result = write(&p, b"(ours)", Some(fp));
    hook::clear();
    assert!(
        matches!(result, Err(Error::ChangedOnDisk { .. })),
        "{result:?}"
    );
    assert_eq!(fs::read(&p).unwrap(), b"(second)", "{how:?}");
    let kept: Vec<String> = names(dir.path())
        .into_iter()
        .filter(|n| n.starts_with("story.ron.outside-"))
        .collect();
    assert_eq!(kept.len(), 1, "{:?}", names(dir.path()));
    assert_eq!(fs::read(dir.path().join(&kept[0])).unwrap(), b"(first)");
}
