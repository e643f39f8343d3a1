//! The screen under what a terminal and its shell do to it: a suspend from
//! outside and the continue after it, and random keys, pastes and resizes
//! while the stories change on disk.

mod support;

use std::path::Path;
use std::time::{Duration, Instant};
use support::pty::{TIMEOUT, Term, keys};
use support::sample_desk;

fn eventually(what: &str, term: &Term, f: impl Fn() -> bool) {
    let start = Instant::now();
    while !f() {
        assert!(
            start.elapsed() < TIMEOUT,
            "timed out: {what}; screen:\n{}",
            term.screen()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The state letter of `pid` in `/proc` (`T`: stopped).
fn state(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(')')?
        .1
        .split_whitespace()
        .next()?
        .chars()
        .next()
}

fn signal(pid: u32, sig: i32) {
    // SAFETY: a signal to the child this test started.
    assert_eq!(unsafe { libc::kill(pid as i32, sig) }, 0);
}

#[test]
fn a_suspend_from_outside_gives_the_terminal_back_and_continue_redraws() {
    let (tmp, desk) = sample_desk();
    let state_home = tmp.path().join("state");
    let mut term = Term::spawn(
        &["--desk", desk.to_str().unwrap()],
        &[("XDG_STATE_HOME", state_home.to_str().unwrap())],
        100,
        30,
    );
    term.wait_for("Sample desk");
    term.settle();
    assert!(term.alternate_screen());
    let pid = term.pid();
    signal(pid, libc::SIGTSTP);
    eventually("stopped", &term, || state(pid) == Some('T'));
    term.settle();
    assert!(
        !term.alternate_screen(),
        "stopped without leaving the screen"
    );
    assert!(!term.screen().contains("Sample desk"));
    signal(pid, libc::SIGCONT);
    eventually("back on the screen", &term, || {
        term.alternate_screen() && term.screen().contains("Sample desk")
    });
    term.settle();
    // Raw mode again: one key, no Enter, is read at once.
    term.send("q");
    assert!(term.wait_exit());
}

/// A small, seeded generator: the same keys every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[(self.next() % from.len() as u64) as usize]
    }
}

/// Every file with its bytes, for the outside writer.
fn stories(desk: &Path) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(desk.join("stories"))
        .unwrap()
        .map(|e| e.unwrap().path().join("story.ron"))
        .filter(|p| p.is_file())
        .collect();
    v.sort();
    v
}

#[test]
fn random_keys_pastes_and_resizes_while_stories_change_never_crash() {
    let (tmp, desk) = sample_desk();
    let state_home = tmp.path().join("state");
    let mut term = Term::spawn(
        &["--desk", desk.to_str().unwrap()],
        &[("XDG_STATE_HOME", state_home.to_str().unwrap())],
        100,
        30,
    );
    term.wait_for("Sample desk");
    term.settle();
    // Outside writes while the keys go in: a story rewritten in place with
    // a comment added (what a text editor's save does), and a new article
    // imported by the command line.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let stop = stop.clone();
        let desk = desk.clone();
        let article = tmp.path().join("new.txt");
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) && n < 40 {
                for story in stories(&desk) {
                    if let Ok(text) = std::fs::read_to_string(&story) {
                        let _ = std::fs::write(&story, format!("// outside {n}\n{text}"));
                    }
                }
                if n % 10 == 0 {
                    let body = format!(
                        "MOSCOW (AP) – The ministry said on Friday that {n} leaders met. \
                         \"We will not stop,\" the minister told reporters.\n"
                    );
                    let _ = std::fs::write(&article, body);
                    let _ = std::process::Command::new(env!("CARGO_BIN_EXE_factdesk"))
                        .arg("--desk")
                        .arg(&desk)
                        .arg("import")
                        .arg(&article)
                        .env("FACTDESK_EDITOR", "outside")
                        .output();
                }
                n += 1;
                std::thread::sleep(Duration::from_millis(50));
            }
        })
    };
    // Every key but the ones that quit (q, Ctrl-c) and suspend.
    let alphabet = [
        keys::ENTER,
        keys::ESC,
        keys::TAB,
        keys::DOWN,
        keys::UP,
        keys::CTRL_Z,
        keys::CTRL_Y,
        keys::CTRL_S,
        "\x1b[C",
        "\x1b[D",
        "\x1b[5~",
        "\x1b[6~",
        "j",
        "k",
        "c",
        "u",
        "d",
        "p",
        "e",
        "n",
        "l",
        "s",
        "v",
        "h",
        "/",
        "?",
        "]",
        "[",
        "1",
        "2",
        "3",
        "x",
        "y",
        " ",
        "\x7f",
        "\x1b[200~pasted \x1b[31mtext\x1b[0m 👨‍👩‍👧 🇺🇦\x1b[201~",
        "Ünïcödé 한국어 e\u{301}",
    ];
    let mut rng = Rng(0x5eed_f00d_dead_beef);
    let sizes = [(100, 30), (60, 15), (140, 45), (40, 10), (80, 24)];
    for i in 0..400 {
        if i % 40 == 39 {
            let (c, r) = sizes[(rng.next() % sizes.len() as u64) as usize];
            term.resize(c, r);
        }
        let key = rng.pick(&alphabet);
        term.send(key);
        std::thread::sleep(Duration::from_millis(5));
        if i % 50 == 0 {
            assert!(
                term.running(),
                "exited after key {i}; screen:\n{}",
                term.screen()
            );
        }
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    writer.join().unwrap();
    term.settle();
    assert!(
        term.running(),
        "the screen died; screen:\n{}",
        term.screen()
    );
    let crashes: Vec<_> = std::fs::read_dir(state_home.join("factdesk"))
        .map(|d| d.flatten().map(|e| e.path()).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("crash-"))
        })
        .collect();
    assert!(crashes.is_empty(), "crash logs: {crashes:?}");
    assert!(!term.screen().contains("crashed"), "{}", term.screen());
}
