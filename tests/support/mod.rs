//! Helpers shared by the end-to-end tests.

#![allow(dead_code)]

pub mod cli;
pub mod copy;
pub mod pty;

pub use copy::copy_dir;

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

pub const SAMPLE_STORY: &str = "2017-06-16-russia-said-friday-that-the-leader";
