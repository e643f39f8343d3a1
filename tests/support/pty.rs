//! Drive the real binary in a pseudo-terminal and read its screen through a
//! terminal emulator, as a person at a terminal would see it.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the program asked the terminal to do besides drawing.
#[derive(Default, Debug)]
pub struct Events {
    pub titles: Vec<Vec<u8>>,
    pub clipboard: Vec<Vec<u8>>,
    pub bells: usize,
}

impl vt100::Callbacks for Events {
    fn audible_bell(&mut self, _: &mut vt100::Screen) {
        self.bells += 1;
    }
    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        self.titles.push(title.to_vec());
    }
    fn set_window_icon_name(&mut self, _: &mut vt100::Screen, name: &[u8]) {
        self.titles.push(name.to_vec());
    }
    fn copy_to_clipboard(&mut self, _: &mut vt100::Screen, _ty: &[u8], data: &[u8]) {
        self.clipboard.push(data.to_vec());
    }
}

struct Shared {
    parser: vt100::Parser<Events>,
    raw: Vec<u8>,
}

pub struct Term {
    shared: Arc<Mutex<Shared>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

pub const TIMEOUT: Duration = Duration::from_secs(20);

impl Term {
    /// Start factdesk with `args` in a `cols`×`rows` terminal.
    pub fn spawn(args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Term {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_factdesk"));
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        cmd.env("FACTDESK_EDITOR", "e2e");
        // A private config folder so a user's keymap never leaks in.
        cmd.env(
            "XDG_CONFIG_HOME",
            std::env::temp_dir().join("factdesk-e2e-config"),
        );
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let shared = Arc::new(Mutex::new(Shared {
            parser: vt100::Parser::new_with_callbacks(
                rows.try_into().unwrap(),
                cols.try_into().unwrap(),
                0,
                Events::default(),
            ),
            raw: Vec::new(),
        }));
        let sink = Arc::clone(&shared);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let mut s = sink.lock().unwrap();
                s.parser.process(&buf[..n]);
                s.raw.extend_from_slice(&buf[..n]);
            }
        });
        Term {
            shared,
            writer,
            child,
            _master: pair.master,
        }
    }

    /// Type raw bytes (keys as a terminal sends them).
    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Type keys one at a time, waiting for the screen to settle after each,
    /// so no key arrives before the program is ready for it.
    pub fn type_keys(&mut self, keys: &[&str]) {
        for k in keys {
            self.send(k);
            self.settle();
        }
    }

    /// The program's process id.
    pub fn pid(&self) -> u32 {
        self.child.process_id().unwrap()
    }

    /// Whether the program has the terminal's alternate screen.
    pub fn alternate_screen(&self) -> bool {
        self.shared
            .lock()
            .unwrap()
            .parser
            .screen()
            .alternate_screen()
    }

    /// Resize the terminal, as a window resized by its user.
    pub fn resize(&self, cols: u16, rows: u16) {
        self.shared
            .lock()
            .unwrap()
            .parser
            .set_size(rows.try_into().unwrap(), cols.try_into().unwrap());
        self._master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }

    /// Whether the program is still running.
    pub fn running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    pub fn screen(&self) -> String {
        self.shared.lock().unwrap().parser.screen().contents()
    }

    pub fn raw(&self) -> Vec<u8> {
        self.shared.lock().unwrap().raw.clone()
    }

    pub fn with_events<T>(&self, f: impl FnOnce(&Events) -> T) -> T {
        f(self.shared.lock().unwrap().parser.callbacks())
    }

    /// Wait until the screen shows `text`; panics with the screen if not.
    /// The screen returned is a whole frame: the text can show while the
    /// rest of its frame is still on the way (a loaded machine delivers a
    /// frame in pieces), so the output is let go quiet for a moment first.
    pub fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            if self.screen().contains(text) {
                self.quiet(Duration::from_millis(40), Duration::from_secs(1));
                let screen = self.screen();
                if screen.contains(text) {
                    return screen;
                }
            }
            let screen = self.screen();
            if start.elapsed() > TIMEOUT {
                panic!("timed out waiting for {text:?}; screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Wait (up to `most`) until no output came for `quiet`.
    fn quiet(&self, quiet: Duration, most: Duration) {
        let start = Instant::now();
        let len = || self.shared.lock().unwrap().raw.len();
        let (mut last, mut since) = (len(), Instant::now());
        while start.elapsed() < most && since.elapsed() < quiet {
            std::thread::sleep(Duration::from_millis(10));
            let now = len();
            if now != last {
                (last, since) = (now, Instant::now());
            }
        }
    }

    /// Wait until output stops changing for a short while.
    pub fn settle(&self) {
        self.quiet(Duration::from_millis(120), TIMEOUT);
    }

    /// Wait for the program to exit; returns whether it exited successfully.
    pub fn wait_exit(&mut self) -> bool {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.success();
            }
            if start.elapsed() > TIMEOUT {
                let _ = self.child.kill();
                panic!("program did not exit; screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}

pub mod keys {
    pub const ENTER: &str = "\r";
    pub const ESC: &str = "\x1b";
    pub const TAB: &str = "\t";
    pub const DOWN: &str = "\x1b[B";
    pub const UP: &str = "\x1b[A";
    pub const CTRL_Z: &str = "\x1a";
    pub const CTRL_Y: &str = "\x19";
    pub const CTRL_S: &str = "\x13";
}
