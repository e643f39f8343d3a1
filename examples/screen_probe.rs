//! Times the screens of a real `factdesk` binary from the outside, in a
//! pseudo-terminal read through a terminal emulator, over several runs:
//! start-up until the desk screen is drawn with its stories; `2` until the archive screen
//! shows its claims; each keystroke of a search (`--word`, typed a letter
//! at a time) until the screen shows it with its hits; the process's
//! memory (RSS from `/proc`) after the search; then Esc back to the desk,
//! Enter on its first story, and Esc from the story back to the desk.
//!
//! cargo run --release --example screen_probe -- --bin target/release/factdesk --desk DIR [--runs N] [--word W] [--settle-ms MS]
//!
//! `--settle-ms` is the pause between the first frame and `2` (300 ms):
//! longer, as an editor reads the desk first, after a cold start.
//!
//! Prints one line per figure: `name median min max`, in milliseconds (MB
//! for memory); `keystroke_co` is the key that made the search `co`.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Screen {
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Screen {
    fn spawn(bin: &PathBuf, desk: &PathBuf) -> Result<Screen, String> {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 40,
                cols: 120,
                pixel_width: 0,
                pixel_height: 0,
            })
            .map_err(|e| e.to_string())?;
        let mut cmd = CommandBuilder::new(bin);
        cmd.arg("--desk");
        cmd.arg(desk);
        if let Ok(here) = std::env::current_dir() {
            cmd.cwd(here);
        }
        cmd.env("TERM", "xterm-256color");
        cmd.env("FACTDESK_EDITOR", "probe");
        let child = pair.slave.spawn_command(cmd).map_err(|e| e.to_string())?;
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().map_err(|e| e.to_string())?;
        let writer = pair.master.take_writer().map_err(|e| e.to_string())?;
        let (Some(rows), Some(cols)) = (NonZeroU16::new(40), NonZeroU16::new(120)) else {
            return Err("bad terminal size".into());
        };
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let sink = Arc::clone(&parser);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut p) = sink.lock() {
                    p.process(&buf[..n]);
                }
            }
        });
        Ok(Screen {
            parser,
            writer,
            child,
            _master: pair.master,
        })
    }

    fn contents(&self) -> String {
        self.parser
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    }

    /// Time until the screen passes `ready`, polling every half millisecond.
    fn wait_until(
        &self,
        what: &str,
        since: Instant,
        ready: impl Fn(&str) -> bool,
    ) -> Result<Duration, String> {
        while !ready(&self.contents()) {
            if since.elapsed() > Duration::from_secs(120) {
                return Err(format!("timed out waiting for {what}"));
            }
            std::thread::sleep(Duration::from_micros(500));
        }
        Ok(since.elapsed())
    }

    fn wait_for(&self, text: &str, since: Instant) -> Result<Duration, String> {
        self.wait_until(text, since, |screen| screen.contains(text))
    }

    fn send(&mut self, bytes: &[u8]) -> Result<Instant, String> {
        self.writer.write_all(bytes).map_err(|e| e.to_string())?;
        self.writer.flush().map_err(|e| e.to_string())?;
        Ok(Instant::now())
    }

    /// The process's resident memory now and at its peak, in MB.
    fn rss(&self) -> Option<(f64, f64)> {
        let pid = self.child.process_id()?;
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        let kb = |key: &str| {
            status
                .lines()
                .find(|l| l.starts_with(key))?
                .split_whitespace()
                .nth(1)?
                .parse::<f64>()
                .ok()
        };
        Some((kb("VmRSS:")? / 1000.0, kb("VmHWM:")? / 1000.0))
    }

    fn quit(mut self) {
        // Esc leaves the search line; Ctrl-c quits from anywhere.
        let _ = self.writer.write_all(b"\x1b");
        let _ = self.writer.write_all(b"\x03");
        let _ = self.writer.flush();
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        let _ = self.child.kill();
    }
}

fn report(name: &str, times: &[Duration]) {
    report_values(
        name,
        times.iter().map(|d| d.as_secs_f64() * 1000.0).collect(),
    );
}

fn report_values(name: &str, mut values: Vec<f64>) {
    values.sort_by(f64::total_cmp);
    if let (Some(min), Some(max)) = (values.first(), values.last()) {
        println!(
            "{name} {:.1} {:.1} {:.1}",
            values[values.len() / 2],
            min,
            max
        );
    }
}

/// The archive screen is drawn with its claims: its title counts more
/// than none (it says "0 of 0 claims" while the archive opens).
fn archive_ready(screen: &str) -> bool {
    screen.contains(" Archive · ") && !screen.contains(" of 0 claims ")
}

/// One run: start, `2`, the word typed a letter at a time.
struct Run {
    first_frame: Duration,
    archive: Duration,
    keys: Vec<Duration>,
    rss: Option<(f64, f64)>,
    /// Esc from the archive back to the desk; Enter on a story until its
    /// claims are shown; Esc from the story back to the desk.
    to_desk: Duration,
    open_story: Duration,
    story_to_desk: Duration,
}

/// The status bar's mode badge (its last line's first word) is `mode`.
fn mode_is(mode: &'static str) -> impl Fn(&str) -> bool {
    move |screen: &str| {
        screen
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .is_some_and(|l| l.split_whitespace().next() == Some(mode))
    }
}

fn run(bin: &PathBuf, desk: &PathBuf, word: &str, settle: Duration) -> Result<Run, String> {
    let start = Instant::now();
    let mut screen = Screen::spawn(bin, desk)?;
    // The desk drawn with its stories (a row selected), not only its frame.
    let first_frame = screen.wait_until("the desk's stories", start, |s| {
        s.contains("factdesk · ") && s.contains('▶')
    })?;
    // Let the first frame settle, as an editor reads it before a key.
    std::thread::sleep(settle);
    let sent = screen.send(b"2")?;
    let archive = screen.wait_until("the archive screen", sent, archive_ready)?;
    let mut keys = Vec::new();
    let mut typed = String::new();
    for c in word.chars() {
        typed.push(c);
        let mut buf = [0u8; 4];
        let sent = screen.send(c.encode_utf8(&mut buf).as_bytes())?;
        let shown = format!("Search: {typed}");
        keys.push(screen.wait_for(&shown, sent)?);
        // An editor's typing: a key every 120 ms or so.
        std::thread::sleep(Duration::from_millis(120));
    }
    let rss = screen.rss();
    // Esc leaves the search line for the list; Esc again is the desk.
    let sent = screen.send(b"\x1b")?;
    screen.wait_until("the archive's list", sent, mode_is("ARCHIVE"))?;
    std::thread::sleep(Duration::from_millis(120));
    let sent = screen.send(b"\x1b")?;
    let to_desk = screen.wait_until("the desk", sent, mode_is("DESK"))?;
    std::thread::sleep(Duration::from_millis(120));
    let sent = screen.send(b"\r")?;
    let open_story = screen.wait_until("the story", sent, mode_is("CLAIMS"))?;
    std::thread::sleep(Duration::from_millis(120));
    let sent = screen.send(b"\x1b")?;
    let story_to_desk = screen.wait_until("the desk again", sent, mode_is("DESK"))?;
    screen.quit();
    Ok(Run {
        first_frame,
        archive,
        keys,
        rss,
        to_desk,
        open_story,
        story_to_desk,
    })
}

fn main() {
    let mut bin = PathBuf::from("target/release/factdesk");
    let mut desk = PathBuf::from("data");
    let mut runs = 10;
    let mut word = "convoy".to_string();
    let mut settle = Duration::from_millis(300);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let value = args.next().unwrap_or_default();
        match a.as_str() {
            "--bin" => bin = std::fs::canonicalize(&value).unwrap_or_else(|_| value.into()),
            "--desk" => desk = std::fs::canonicalize(&value).unwrap_or_else(|_| value.into()),
            "--runs" => runs = value.parse().unwrap_or(10),
            "--word" => word = value,
            "--settle-ms" => settle = Duration::from_millis(value.parse().unwrap_or(300)),
            other => {
                eprintln!("screen_probe: unknown argument {other}");
                std::process::exit(2);
            }
        }
    }
    let (mut first_frame, mut archive, mut keys, mut rss, mut peak) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut to_desk, mut open_story, mut story_to_desk) = (Vec::new(), Vec::new(), Vec::new());
    // Each letter's times over the runs: which prefix is slow.
    let mut by_letter: Vec<Vec<Duration>> = vec![Vec::new(); word.chars().count()];
    for _ in 0..runs {
        match run(&bin, &desk, &word, settle) {
            Ok(r) => {
                first_frame.push(r.first_frame);
                archive.push(r.archive);
                for (times, key) in by_letter.iter_mut().zip(&r.keys) {
                    times.push(*key);
                }
                keys.extend(r.keys);
                to_desk.push(r.to_desk);
                open_story.push(r.open_story);
                story_to_desk.push(r.story_to_desk);
                if let Some((now, hwm)) = r.rss {
                    rss.push(now);
                    peak.push(hwm);
                }
            }
            Err(e) => {
                eprintln!("screen_probe: {e}");
                std::process::exit(1);
            }
        }
    }
    report("first_frame", &first_frame);
    report("archive_ready", &archive);
    report("keystroke", &keys);
    let mut prefix = String::new();
    for (c, times) in word.chars().zip(&by_letter) {
        prefix.push(c);
        report(&format!("keystroke_{prefix}"), times);
    }
    report("archive_to_desk", &to_desk);
    report("open_story", &open_story);
    report("story_to_desk", &story_to_desk);
    report_values("rss_mb", rss);
    report_values("rss_peak_mb", peak);
}
