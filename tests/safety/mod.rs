//! Helpers shared by the reliability tests (crash, locks, bad files,
//! paths, hostile articles): the real binary on a temporary desk.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const SEED: &str = include_str!("../fixtures/seed.txt");

pub struct Run {
    pub code: i32,
    pub out: Vec<u8>,
    pub err: Vec<u8>,
}

impl Run {
    pub fn out(&self) -> String {
        String::from_utf8_lossy(&self.out).into_owned()
    }
    pub fn err(&self) -> String {
        String::from_utf8_lossy(&self.err).into_owned()
    }
    /// stderr as lines, asserting it is valid UTF-8.
    pub fn err_lines(&self) -> Vec<String> {
        String::from_utf8(self.err.clone())
            .expect("stderr is UTF-8")
            .lines()
            .map(str::to_string)
            .collect()
    }
}

pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_factdesk"));
    c.env("FACTDESK_EDITOR", "ana").env_remove("FACTDESK_DESK");
    c
}

/// This test binary again, running only its test `name` (a child test that
/// does nothing unless its environment says so).
pub fn child(name: &str) -> Command {
    let mut c = Command::new(std::env::current_exe().unwrap());
    c.args([
        name,
        "--exact",
        "--nocapture",
        "--test-threads",
        "1",
        "--quiet",
    ]);
    c
}

pub fn factdesk(desk: &Path, args: &[&str]) -> Run {
    run(bin().arg("--desk").arg(desk).args(args))
}

pub fn run(cmd: &mut Command) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = cmd.output().unwrap();
    Run {
        code: status.code().unwrap_or(-1),
        out: stdout,
        err: stderr,
    }
}

pub fn new_desk() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let desk = dir.path().join("desk");
    factdesk_core::store::Desk::create(&desk, "Test desk").unwrap();
    (dir, desk)
}

/// Import `text` as an article file; returns the new story id.
pub fn import(desk: &Path, text: &[u8]) -> String {
    let file = desk.parent().unwrap().join("article-in.txt");
    fs::write(&file, text).unwrap();
    let run = factdesk(desk, &["import", file.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.err());
    run.out().trim().to_string()
}

pub fn story_dir(desk: &Path, id: &str) -> PathBuf {
    desk.join("stories").join(id)
}

/// Every file under `dir` with its bytes, to show nothing was written.
/// The desk's `.cache` folder is left out: it is derived data, rebuilt from
/// the desk files whenever they change.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.file_name().is_some_and(|n| n == ".cache") {
                continue;
            }
            let meta = fs::symlink_metadata(&p).unwrap();
            if meta.is_dir() {
                stack.push(p);
            } else if meta.is_file() {
                out.push((p.clone(), fs::read(&p).unwrap()));
            } else {
                out.push((p.clone(), Vec::new()));
            }
        }
    }
    out.sort();
    out
}

/// No terminal control characters: only printable text and line breaks.
pub fn assert_no_controls(what: &str, bytes: &[u8]) {
    let text = String::from_utf8(bytes.to_vec()).unwrap_or_else(|_| panic!("{what}: not UTF-8"));
    if let Some(c) = text
        .chars()
        .find(|&c| c != '\n' && factdesk_core::text::needs_replacing(c))
    {
        panic!("{what}: control character U+{:04X} in {text:?}", c as u32);
    }
}

/// Compare two snapshots, naming the files that differ (not their bytes).
pub fn assert_same_files(before: &[(PathBuf, Vec<u8>)], after: &[(PathBuf, Vec<u8>)], what: &str) {
    let names = |s: &[(PathBuf, Vec<u8>)]| s.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(before),
        names(after),
        "{what}: files added or removed"
    );
    for ((p, a), (_, b)) in before.iter().zip(after) {
        assert!(a == b, "{what}: {} was changed", p.display());
    }
}
