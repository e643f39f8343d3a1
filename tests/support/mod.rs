//! Helpers shared by the end-to-end tests.

#![allow(dead_code)]

pub mod pty;

use std::path::{Path, PathBuf};

/// A private copy of the repository's sample desk.
pub fn sample_desk() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let desk = tmp.path().join("desk");
    copy_dir(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data").as_path(),
        &desk,
    );
    (tmp, desk)
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

pub const SAMPLE_STORY: &str = "2017-06-16-russia-said-friday-that-the-leader";
