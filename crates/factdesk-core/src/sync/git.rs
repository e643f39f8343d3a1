//! Running the `git` program: in the desk's folder, never prompting,
//! bounded in time and in how much output is kept, with messages in one
//! language so that what git says can be told apart.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::SyncError;

/// Local commands (commit, merge) finish in seconds; give them a minute.
pub const LOCAL_TIMEOUT: Duration = Duration::from_secs(60);
/// Fetch and push: a slow line gets two minutes, a dead one fails.
pub const NETWORK_TIMEOUT: Duration = Duration::from_secs(120);
/// The same when someone may be typing a passphrase.
pub const INTERACTIVE_TIMEOUT: Duration = Duration::from_secs(600);
/// More output than this is cut (a story file shown by `git show` is a
/// few megabytes at most).
const MAX_OUTPUT: u64 = 256 << 20;

/// What a git command said.
#[derive(Debug, Clone)]
pub struct Output {
    /// The exit code; `None` when it was stopped for taking too long.
    pub code: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

impl Output {
    pub fn ok(&self) -> bool {
        self.code == Some(0)
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).trim_end().to_string()
    }

    /// The first line of what git said on stderr that says something
    /// (not `hint:` lines), for a one-line message.
    pub fn why(&self) -> String {
        let lines: Vec<&str> = self
            .stderr
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("hint:"))
            .collect();
        let pick = lines
            .iter()
            .find(|l| l.starts_with("fatal:") || l.starts_with("error:"))
            .or(lines.first())
            .copied()
            .unwrap_or("");
        let pick = pick
            .trim_start_matches("fatal: ")
            .trim_start_matches("error: ");
        if pick.is_empty() {
            match self.code {
                None => "it took too long and was stopped".into(),
                Some(c) => format!("git exited with code {c}"),
            }
        } else {
            crate::text::clip(pick, 200)
        }
    }
}

/// The `git` program, run in one folder.
#[derive(Debug, Clone)]
pub struct Git {
    dir: PathBuf,
    env: Vec<(String, String)>,
}

impl Git {
    pub fn new(dir: &Path) -> Git {
        Git {
            dir: dir.to_path_buf(),
            env: Vec::new(),
        }
    }

    /// The same, with `key=value` in the environment of every command.
    pub fn with_env(mut self, key: &str, value: &str) -> Git {
        self.env.push((key.to_string(), value.to_string()));
        self
    }

    /// The same, never asking for a password or passphrase (nobody is at
    /// a terminal during a sync run from the screen): git's own prompts
    /// are off, and ssh runs in batch mode unless the user set up how
    /// ssh is run.
    pub fn non_interactive(self) -> Git {
        let mut g = self.with_env("GIT_TERMINAL_PROMPT", "0");
        let user_ssh = std::env::var_os("GIT_SSH_COMMAND").is_some()
            || std::env::var_os("GIT_SSH").is_some()
            || g.run(&["config", "--get", "core.sshCommand"])
                .is_ok_and(|o| o.ok());
        if !user_ssh {
            g = g.with_env("GIT_SSH_COMMAND", "ssh -o BatchMode=yes");
        }
        g
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Run `git ARGS`; fails only when git cannot be run at all.
    pub fn run(&self, args: &[&str]) -> Result<Output, SyncError> {
        self.run_for(args, LOCAL_TIMEOUT)
    }

    /// `git ARGS`, its standard output when it succeeded, else
    /// [`SyncError::Git`] with what it said.
    pub fn ok(&self, args: &[&str]) -> Result<String, SyncError> {
        let out = self.run(args)?;
        if out.ok() {
            Ok(out.text())
        } else {
            Err(SyncError::Git {
                command: args.first().copied().unwrap_or("").to_string(),
                why: out.why(),
            })
        }
    }

    /// `git ARGS` with a time limit.
    pub fn run_for(&self, args: &[&str], timeout: Duration) -> Result<Output, SyncError> {
        let mut cmd = Command::new("git");
        cmd.args(args)
            .current_dir(&self.dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .env("GIT_MERGE_AUTOEDIT", "no")
            .env("GIT_EDITOR", "true")
            .env("LC_ALL", "C")
            .env("LANGUAGE", "C")
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .env_remove("GIT_INDEX_FILE");
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().map_err(|e| SyncError::NoGit(e.to_string()))?;
        let stdout = child.stdout.take();
        let stderr = child.stderr.take();
        let out = std::thread::spawn(move || read_all(stdout));
        let err = std::thread::spawn(move || read_all(stderr));
        let deadline = Instant::now() + timeout;
        let mut pause = Duration::from_millis(1);
        let code = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Some(status.code().unwrap_or(-1)),
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(20));
                }
                Ok(None) | Err(_) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    break None;
                }
            }
        };
        let stdout = out.join().unwrap_or_default();
        let stderr = String::from_utf8_lossy(&err.join().unwrap_or_default()).into_owned();
        Ok(Output {
            code,
            stdout,
            stderr,
        })
    }
}

/// Everything a pipe gives, up to [`MAX_OUTPUT`]; the rest is read and
/// dropped so the writer never blocks.
fn read_all(pipe: Option<impl Read>) -> Vec<u8> {
    let Some(mut pipe) = pipe else {
        return Vec::new();
    };
    let mut buf = Vec::new();
    let _ = (&mut pipe).take(MAX_OUTPUT).read_to_end(&mut buf);
    let _ = std::io::copy(&mut pipe, &mut std::io::sink());
    buf
}

/// `path` quoted for the shell git runs a merge driver with.
pub fn shell_quote(path: &Path) -> String {
    let s = path.to_string_lossy();
    format!("'{}'", s.replace('\'', "'\\''"))
}
