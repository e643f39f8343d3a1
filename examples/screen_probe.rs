//! Times the desk screen of a real `factdesk` binary from the outside, in a
//! pseudo-terminal read through a terminal emulator: start-up until the
//! desk screen is drawn, over several runs.
//!
//! cargo run --release --example screen_probe -- --bin target/release/factdesk --desk DIR [--runs N]
//!
//! Prints one line per figure: `name median min max` in milliseconds.

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

    fn contains(&self, text: &str) -> bool {
        self.parser
            .lock()
            .map(|p| p.screen().contents().contains(text))
            .unwrap_or(false)
    }

    /// Time until the screen shows `text`, polling every half millisecond.
    fn wait_for(&self, text: &str, since: Instant) -> Result<Duration, String> {
        while !self.contains(text) {
            if since.elapsed() > Duration::from_secs(60) {
                return Err(format!("timed out waiting for {text:?}"));
            }
            std::thread::sleep(Duration::from_micros(500));
        }
        Ok(since.elapsed())
    }

    fn quit(mut self) {
        let _ = self.writer.write_all(b"q");
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

fn report(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    if let (Some(min), Some(max)) = (times.first(), times.last()) {
        println!(
            "{name} {:.1} {:.1} {:.1}",
            ms(times[times.len() / 2]),
            ms(*min),
            ms(*max)
        );
    }
}

fn main() {
    let mut bin = PathBuf::from("target/release/factdesk");
    let mut desk = PathBuf::from("data");
    let mut runs = 10;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let value = args.next().unwrap_or_default();
        match a.as_str() {
            "--bin" => bin = std::fs::canonicalize(&value).unwrap_or_else(|_| value.into()),
            "--desk" => desk = std::fs::canonicalize(&value).unwrap_or_else(|_| value.into()),
            "--runs" => runs = value.parse().unwrap_or(10),
            other => {
                eprintln!("screen_probe: unknown argument {other}");
                std::process::exit(2);
            }
        }
    }
    let mut first_frame = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let screen = match Screen::spawn(&bin, &desk) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("screen_probe: {e}");
                std::process::exit(1);
            }
        };
        match screen.wait_for("factdesk · ", start) {
            Ok(t) => first_frame.push(t),
            Err(e) => {
                eprintln!("screen_probe: {e}");
                std::process::exit(1);
            }
        }
        screen.quit();
    }
    report("first_frame", first_frame);
}
