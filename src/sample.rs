//! The sample desk, built into the binary so that a first run anywhere
//! opens on a real story.

use std::fs;
use std::path::Path;

use crate::error::{Error, Result};
use crate::store::{Desk, atomic};

/// The files of `data/`, the sample desk in the repository.
const FILES: &[(&str, &str)] = &[];

/// Create a desk at `dir` holding the sample story with its verdicts.
/// Files that already exist are left alone.
pub fn seed(dir: &Path) -> Result<Desk> {
    for (name, contents) in FILES {
        let path = dir.join(name);
        if path.exists() {
            continue;
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        atomic::write(&path, contents.as_bytes(), None)?;
    }
    Desk::create(dir, "Sample desk")
}
