//! Crash safety: a process killed in the middle of saving, a disk that
//! fills up, a panic.

mod safety;

use factdesk_core::model::{Change, Story, Verdict};
use factdesk_dev::torture::CYCLE as TORTURE_CYCLE;
use safety::*;
use std::fs;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

/// A claim's id, verdict, and verdict changes (from, to) in order.
type VerdictRun = (u32, Verdict, Vec<(Verdict, Verdict)>);

/// The verdict changes of each claim, in order.
fn verdict_runs(story: &Story) -> Vec<VerdictRun> {
    story
        .claims
        .iter()
        .map(|c| {
            let changes = c
                .history
                .iter()
                .filter_map(|h| match h.change {
                    Change::Verdict { from, to } => Some((from, to)),
                    _ => None,
                })
                .collect();
            (c.id, c.verdict, changes)
        })
        .collect()
}

/// The story is a state the torture loop can have saved: every claim went
/// through a prefix of the verdict cycle and shows the last verdict.
fn assert_consistent(story: &Story, what: &str) {
    for (id, verdict, changes) in verdict_runs(story) {
        let mut expect_from = Verdict::Pending;
        for (k, (from, to)) in changes.iter().enumerate() {
            assert_eq!(*from, expect_from, "{what}: claim #{id} change {k}");
            assert_eq!(
                *to,
                TORTURE_CYCLE[k % TORTURE_CYCLE.len()],
                "{what}: claim #{id} change {k}"
            );
            expect_from = *to;
        }
        assert_eq!(verdict, expect_from, "{what}: claim #{id} verdict");
    }
}

fn total_changes(story: &Story) -> usize {
    verdict_runs(story).iter().map(|(_, _, c)| c.len()).sum()
}

fn load(desk: &Path, id: &str) -> Story {
    let desk = factdesk_core::store::Desk::open(desk).unwrap();
    let id = factdesk_core::ids::StoryId::parse(id).unwrap();
    match desk.load_story(&id) {
        Ok(doc) => doc.story().clone(),
        Err(e) => panic!("story.ron does not load after a kill: {e}"),
    }
}

/// A small xorshift generator: random delays without a dependency; the seed
/// is printed so a failure can be replayed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// This test binary run again as the torture loop: `rounds` times, tag the
/// story's next claim and save (see [`factdesk_dev::torture`]).
fn torture(desk: &Path, id: &str, rounds: u32) -> std::process::Command {
    let mut c = child("torture_child");
    c.env(
        "FACTDESK_TORTURE",
        format!("{}\n{id}\n{rounds}", desk.display()),
    );
    c
}

/// The torture loop, when this binary was started by [`torture`]; a no-op
/// in an ordinary test run.
#[test]
fn torture_child() {
    let Ok(spec) = std::env::var("FACTDESK_TORTURE") else {
        return;
    };
    let mut parts = spec.splitn(3, '\n');
    let (desk, id, rounds) = (
        parts.next().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap().parse().unwrap(),
    );
    let desk = factdesk_core::store::Desk::open(Path::new(desk)).unwrap();
    if let Err(e) = factdesk_dev::torture::run(&desk, "ana", id, rounds) {
        eprintln!("factdesk: {e}");
        std::process::exit(1);
    }
}

/// The crash reporter in a process that panics, when started by
/// [`a_panic_writes_a_report_and_prints_one_line`].
#[test]
fn panic_child() {
    if std::env::var_os("FACTDESK_TEST_PANIC").is_none() {
        return;
    }
    factdesk_core::crash::install_hook("test");
    panic!("deliberate panic (crash test)");
}

#[test]
fn killed_mid_save_leaves_the_old_or_the_new_story_whole() {
    let (_tmp, desk) = new_desk();
    let id = import(&desk, SEED.as_bytes());
    let dir = story_dir(&desk, &id);
    let story_path = dir.join("story.ron");
    let bak_path = dir.join("story.ron.bak");
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    println!("rng seed {seed}");
    let mut rng = Rng(seed);
    let started = Instant::now();
    let mut previous = load(&desk, &id);
    let mut kills = 0;
    for round in 0..50 {
        // Bounded in time as well as in count; never asserted on.
        if started.elapsed() > Duration::from_secs(20) {
            break;
        }
        let mut child = torture(&desk, &id, 100_000)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(3 + rng.next() % 60));
        child.kill().unwrap();
        // Reaped, so its pid is really gone (a zombie still "exists").
        child.wait().unwrap();
        kills += 1;

        let now = load(&desk, &id);
        assert_consistent(&now, &format!("round {round}: story.ron"));
        assert!(
            total_changes(&now) >= total_changes(&previous),
            "round {round}: went back"
        );
        if bak_path.exists() {
            let text = fs::read_to_string(&bak_path).unwrap();
            let bak: Story = factdesk_core::store::ron_file::from_str(&text, &bak_path)
                .unwrap_or_else(|e| panic!("round {round}: story.ron.bak: {e}"));
            assert_consistent(&bak, &format!("round {round}: story.ron.bak"));
            assert!(
                total_changes(&bak) <= total_changes(&now),
                "round {round}: .bak is newer"
            );
        }
        for e in fs::read_dir(&dir).unwrap() {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            let known = ["article.txt", "story.ron", "story.ron.bak", ".lock"]
                .contains(&name.as_str())
                || (name.starts_with(".factdesk-") && name.ends_with(".tmp"))
                || name.starts_with(".story.ron.bak-");
            assert!(known, "round {round}: unexpected file {name}");
        }
        previous = now;
    }
    assert!(kills >= 5, "only {kills} runs");
    println!(
        "{kills} kills, {} verdict changes saved",
        total_changes(&load(&desk, &id))
    );

    // A run to completion: takes over the dead run's lock, cleans what the
    // killed saves left behind, and saves every round.
    let before = total_changes(&load(&desk, &id));
    let run = run(&mut torture(&desk, &id, 5));
    assert_eq!(run.code, 0, "{}", run.err());
    let after = load(&desk, &id);
    assert_consistent(&after, "final");
    assert_eq!(total_changes(&after), before + 5);
    let names: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut names = names;
    names.sort();
    assert_eq!(names, ["article.txt", "story.ron", "story.ron.bak"]);
    assert!(story_path.exists());
}

/// A disk that fills up mid-save: the file-size limit makes the write of
/// the temporary file fail with EFBIG, even for root (which a read-only
/// folder would not stop).
#[cfg(target_os = "linux")]
#[test]
fn full_disk_keeps_the_old_file_and_says_so_in_one_line() {
    use std::os::unix::process::CommandExt;
    let (_tmp, desk) = new_desk();
    let id = import(&desk, SEED.as_bytes());
    let dir = story_dir(&desk, &id);
    let before = snapshot(&dir);
    let mut cmd = bin();
    cmd.arg("--desk")
        .arg(&desk)
        .args(["tag", &id, "2", "disputed"]);
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let lim = libc::rlimit {
                rlim_cur: 512,
                rlim_max: 512,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let run = run(&mut cmd);
    assert_eq!(run.code, 1);
    let lines = run.err_lines();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].starts_with("factdesk: "), "{lines:?}");
    assert!(lines[0].contains("story.ron"), "{lines:?}");
    assert!(lines[0].contains("File too large"), "{lines:?}");
    assert_same_files(&before, &snapshot(&dir), "failed save");

    // With room again the same command works.
    let ok = factdesk(&desk, &["tag", &id, "2", "disputed"]);
    assert_eq!(ok.code, 0, "{}", ok.err());
}

#[test]
fn a_panic_writes_a_report_and_prints_one_line() {
    let home = tempfile::tempdir().unwrap();
    let run = run(child("panic_child")
        .env("FACTDESK_TEST_PANIC", "1")
        .env("HOME", home.path())
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .env("RUST_BACKTRACE", "0"));
    assert_eq!(run.code, 101);
    let lines = run.err_lines();
    assert_eq!(lines.len(), 1, "{lines:?}");
    let line = &lines[0];
    assert!(
        line.starts_with("factdesk: internal error (deliberate panic"),
        "{line}"
    );
    let path = line
        .split_whitespace()
        .find(|w| w.contains("crash-"))
        .unwrap_or_else(|| panic!("no report path in {line}"));
    assert!(path.starts_with(home.path().to_str().unwrap()), "{path}");
    let report = fs::read_to_string(path).unwrap();
    assert!(report.contains("message: deliberate panic"), "{report}");
    assert!(report.contains("backtrace:"), "{report}");
}
