//! What is not a plain desk file is never read as one, and nothing the
//! program prints or leaves behind surprises the editor: links at every
//! level of the desk, FIFOs and devices, oversized files, export targets
//! that are streams, a closed pipe, `check` without a desk, locks broken by
//! hand, two imports of one article at the same moment.

mod safety;

use safety::*;
use std::fs;
use std::io::Read;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
}

/// `factdesk ARGS` on `desk`, killed (and failed) if it takes over 20 s:
/// a command that opens a FIFO for reading would wait for ever.
fn bounded(desk: &Path, args: &[&str]) -> Run {
    let mut child = bin()
        .arg("--desk")
        .arg(desk)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut out = Vec::new();
            let mut err = Vec::new();
            child.stdout.take().unwrap().read_to_end(&mut out).unwrap();
            child.stderr.take().unwrap().read_to_end(&mut err).unwrap();
            return Run {
                code: status.code().unwrap_or(-1),
                out,
                err,
            };
        }
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("factdesk {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_fifo_where_a_desk_file_should_be_is_named_never_read() {
    for name in ["story.ron", "article.txt"] {
        let (_tmp, desk) = new_desk();
        let id = import(&desk, SEED.as_bytes());
        let file = story_dir(&desk, &id).join(name);
        fs::remove_file(&file).unwrap();
        mkfifo(&file);
        for args in [vec!["show", id.as_str()], vec!["check"], vec!["list"]] {
            let run = bounded(&desk, &args);
            let err = run.err();
            assert!(
                err.contains("FIFO") && err.contains(name),
                "{name} {args:?}: {err}"
            );
        }
        let run = bounded(&desk, &["tag", &id, "1", "confirmed"]);
        assert_ne!(run.code, 0, "{name}: tag through a FIFO");
    }
    let (_tmp, desk) = new_desk();
    fs::remove_file(desk.join("sources.ron")).ok();
    mkfifo(&desk.join("sources.ron"));
    let run = bounded(&desk, &["check"]);
    assert!(
        run.err().contains("sources.ron") && run.err().contains("FIFO"),
        "{}",
        run.err()
    );
    let run = bounded(&desk, &["source", "list"]);
    assert_ne!(run.code, 0);
}

#[test]
fn check_follows_no_link_and_reads_no_device() {
    let (tmp, desk) = new_desk();
    let id = import(&desk, SEED.as_bytes());
    let secret = tmp.path().join("secret.ron");
    fs::write(&secret, "( secret: \"outside the desk\" )").unwrap();
    let story = story_dir(&desk, &id).join("story.ron");
    fs::remove_file(&story).unwrap();
    symlink(&secret, &story).unwrap();
    let run = bounded(&desk, &["check"]);
    assert_eq!(run.code, 1);
    assert!(run.err().contains("symbolic link"), "{}", run.err());
    assert!(
        !run.err().contains("outside the desk"),
        "quoted the outside file: {}",
        run.err()
    );
    fs::remove_file(&story).unwrap();
    symlink("/dev/zero", &story).unwrap();
    let run = bounded(&desk, &["check"]);
    assert!(run.err().contains("symbolic link"), "{}", run.err());
}

#[test]
fn a_stories_folder_that_is_a_link_is_not_written_through() {
    let (tmp, desk) = new_desk();
    let id = import(&desk, SEED.as_bytes());
    let outside = tmp.path().join("outside");
    fs::rename(desk.join("stories"), &outside).unwrap();
    symlink(&outside, desk.join("stories")).unwrap();
    let before = snapshot(&outside);
    let tag = factdesk(&desk, &["tag", &id, "1", "disputed"]);
    assert_ne!(tag.code, 0);
    let file = tmp.path().join("second.txt");
    fs::write(&file, SEED.replace("Russia says", "Moscow says")).unwrap();
    let imp = factdesk(&desk, &["import", file.to_str().unwrap()]);
    assert_ne!(imp.code, 0);
    assert_same_files(&before, &snapshot(&outside), "stories/ through a link");
    let check = factdesk(&desk, &["check"]);
    assert_eq!(check.code, 1);
    assert!(check.err().contains("symbolic link"), "{}", check.err());
}

#[test]
fn oversized_files_are_refused_with_their_bound() {
    let (_tmp, desk) = new_desk();
    let id = import(&desk, SEED.as_bytes());
    let story = story_dir(&desk, &id).join("story.ron");
    fs::File::options()
        .write(true)
        .open(&story)
        .unwrap()
        .set_len(200_000_000)
        .unwrap();
    let run = bounded(&desk, &["show", &id]);
    assert_ne!(run.code, 0);
    assert!(
        run.err().contains("200.0 MB") && run.err().contains("not read"),
        "{}",
        run.err()
    );
    let sources = desk.join("sources.ron");
    fs::File::create(&sources)
        .unwrap()
        .set_len(10_000_000)
        .unwrap();
    let run = bounded(&desk, &["source", "list"]);
    assert!(run.err().contains("10.0 MB"), "{}", run.err());
}

#[test]
fn export_to_a_fifo_or_device_writes_a_stream_and_reads_nothing() {
    let (tmp, desk) = new_desk();
    import(&desk, SEED.as_bytes());
    let fifo = tmp.path().join("out.fifo");
    mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read(fifo).unwrap())
    };
    let run = bounded(
        &desk,
        &[
            "export",
            "--all",
            "--format",
            "csv",
            "-o",
            fifo.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.err());
    let got = reader.join().unwrap();
    assert!(
        String::from_utf8_lossy(&got).contains("confirmed"),
        "{got:?}"
    );
    let run = bounded(
        &desk,
        &["export", "--all", "--format", "csv", "-o", "/dev/null"],
    );
    assert_eq!(run.code, 0, "{}", run.err());
    assert!(Path::new("/dev/null").exists());
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let (_tmp, desk) = new_desk();
    for i in 0..40 {
        let file = desk.parent().unwrap().join(format!("a{i}.txt"));
        fs::write(
            &file,
            SEED.replace("Russia says", &format!("Russia says {i}")),
        )
        .unwrap();
        assert_eq!(factdesk(&desk, &["import", file.to_str().unwrap()]).code, 0);
    }
    for args in [vec!["list"], vec!["list", "--json"], vec!["search", "isis"]] {
        let mut child = bin()
            .arg("--desk")
            .arg(&desk)
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes away at once, as `| head -0` does.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {err}");
        assert!(!err.contains("Broken pipe"), "{args:?}: {err}");
    }
}

#[test]
fn check_without_a_desk_makes_none_and_paths_print_safely() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    fs::create_dir_all(&home).unwrap();
    let checked = run(bin()
        .arg("check")
        .current_dir(tmp.path())
        .env("HOME", &home)
        .env("XDG_DATA_HOME", home.join("data")));
    assert_eq!(checked.code, 1, "{}", checked.err());
    assert!(checked.err().contains("no desk"), "{}", checked.err());
    assert!(!home.join("data").exists(), "check made a desk");

    let evil = tmp.path().join("desk\u{1b}]0;pwned\u{7}");
    let init = run(bin().arg("--desk").arg(&evil).arg("init"));
    assert_eq!(init.code, 0, "{}", init.err());
    assert_no_controls("init", &init.out);
    let check = factdesk(&evil, &["check"]);
    assert_eq!(check.code, 0, "{}", check.err());
    assert_no_controls("check", &check.out);
}

#[test]
fn unlock_breaks_a_lock_and_says_whose() {
    let (_tmp, desk) = new_desk();
    let id = import(&desk, SEED.as_bytes());
    let lock = story_dir(&desk, &id).join(".lock");
    // A lock from another machine, dated in the future: it never goes
    // stale by age alone, so only unlock frees the story.
    let since = (chrono::Utc::now() + chrono::Duration::hours(3)).to_rfc3339();
    fs::write(
        &lock,
        format!("(editor: \"ben\", host: \"far-away\", pid: 7, since: \"{since}\")"),
    )
    .unwrap();
    let tag = factdesk(&desk, &["tag", &id, "1", "disputed"]);
    assert_ne!(tag.code, 0);
    assert!(tag.err().contains("ben on far-away"), "{}", tag.err());
    let run = factdesk(&desk, &["unlock", &id]);
    assert_eq!(run.code, 0, "{}", run.err());
    assert!(run.out().contains("ben on far-away"), "{}", run.out());
    assert!(story_dir(&desk, &id).join(".lock-broken").exists());
    let tag = factdesk(&desk, &["tag", &id, "1", "disputed"]);
    assert_eq!(tag.code, 0, "{}", tag.err());
}

#[test]
fn two_imports_of_one_article_at_once_take_two_ids() {
    let (tmp, desk) = new_desk();
    let file = tmp.path().join("same.txt");
    fs::write(&file, SEED).unwrap();
    for _ in 0..5 {
        let kids: Vec<_> = (0..2)
            .map(|_| {
                bin()
                    .arg("--desk")
                    .arg(&desk)
                    .arg("import")
                    .arg(&file)
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for k in kids {
            let out = k.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    let names: Vec<String> = fs::read_dir(desk.join("stories"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 10, "{names:?}");
    assert!(
        names.iter().all(|n| !n.starts_with('.')),
        "leftovers: {names:?}"
    );
    assert_eq!(factdesk(&desk, &["check"]).code, 0);
}
