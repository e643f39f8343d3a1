//! A value kept in one of the desk's RON files, with what the file looked
//! like when read: saves are atomic and refuse a file changed behind our
//! back (see [`atomic`]).

use serde::{Serialize, de::DeserializeOwned};
use std::path::PathBuf;

use super::atomic::{self, Fingerprint};
use super::ron_file;
use crate::error::Result;

/// A value read from a RON file, with what the file looked like then.
#[derive(Debug, Clone)]
pub struct Stored<T> {
    pub value: T,
    pub path: PathBuf,
    /// The file as last read or written; `None` for a file not written yet.
    pub(super) seen: Option<Fingerprint>,
    /// The text as last read or written: the common ancestor when merging
    /// with a change made behind our back.
    pub(super) last: Option<String>,
    /// How many of the folders above the file are desk folders, opened
    /// without following links when it is read or written: 0 for the
    /// files in the desk root, 2 for a story's (`stories/<id>/`).
    pub(super) depth: usize,
}

impl<T> Stored<T> {
    /// `value`, read from `path`'s `text` whose fingerprint is `seen`.
    pub(super) fn read(value: T, path: PathBuf, seen: Fingerprint, text: &str) -> Self {
        Stored {
            value,
            path,
            seen: Some(seen),
            last: Some(text.to_string()),
            depth: 0,
        }
    }

    /// The same, for a file `depth` desk folders below the desk root.
    pub(super) fn under(mut self, depth: usize) -> Self {
        self.depth = depth;
        self
    }

    /// The length the file had when last read or written (0 for a new one):
    /// the size to make a buffer for its next text.
    pub(super) fn size_hint(&self) -> u64 {
        self.seen.map_or(0, |fp| fp.len())
    }
}

impl<T: Serialize + DeserializeOwned> Stored<T> {
    pub(super) fn load(path: PathBuf) -> Result<Self> {
        let (bytes, fp) = atomic::read(&path)?;
        let text = ron_file::ron_text(&bytes, &path)?;
        let value = ron_file::from_str(text, &path)?;
        Ok(Stored::read(value, path, fp, text))
    }

    /// A value for a file not written yet.
    pub(super) fn new(value: T, path: PathBuf) -> Self {
        Stored {
            value,
            path,
            seen: None,
            last: None,
            depth: 0,
        }
    }

    /// Write atomically, refusing when the file changed since we read it.
    /// On failure the file on disk is untouched and `value` still holds the
    /// change, so the caller can retry.
    pub fn save(&mut self) -> Result<()> {
        let text = ron_file::to_string_sized(&self.value, &self.path, self.size_hint())?;
        self.save_text(text)
    }

    /// Write `text`, the value as RON, made by the caller.
    pub(super) fn save_text(&mut self, text: String) -> Result<()> {
        let path = &self.path;
        self.seen = Some(atomic::write_under(
            path,
            self.depth,
            text.as_bytes(),
            self.seen,
        )?);
        self.last = Some(text);
        Ok(())
    }
}
