//! Publishing a desk's verdicts: schema.org ClaimReview JSON-LD, a Markdown
//! report, or CSV. Each renderer turns stories into bytes; [`write_file`]
//! puts them on disk atomically, outside the desk, and never over an
//! existing file unless asked to.
//!
//! Every text field from the desk is made safe for a terminal on the way
//! out (control and bidirectional characters are escaped in JSON and shown
//! as visible stand-ins in Markdown and CSV), so an export can be printed
//! to standard output as it is written to a file.

pub mod claimreview;
pub mod csv;
pub mod markdown;

use std::path::Path;

use crate::error::{Error, Result};
use crate::model::{DeskSettings, SourceRegistry, Story};
use crate::store::{Desk, atomic};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// schema.org ClaimReview JSON-LD, one review per ruled claim
    ClaimReview,
    /// A readable report
    Markdown,
    /// One row a claim
    Csv,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::ClaimReview, Format::Markdown, Format::Csv];

    /// The name the command line takes.
    pub fn name(self) -> &'static str {
        match self {
            Format::ClaimReview => "claimreview",
            Format::Markdown => "markdown",
            Format::Csv => "csv",
        }
    }
}

impl std::str::FromStr for Format {
    type Err = Error;

    fn from_str(s: &str) -> Result<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| Error::UnknownFormat(s.to_string()))
    }
}

/// Render `stories` (in the order given) in `format`.
pub fn render(
    format: Format,
    stories: &[Story],
    registry: &SourceRegistry,
    settings: &DeskSettings,
) -> Result<Vec<u8>> {
    match format {
        Format::ClaimReview => Ok(claimreview::render(stories, settings).into_bytes()),
        Format::Markdown => Ok(markdown::render(stories, registry, settings).into_bytes()),
        Format::Csv => csv::render(stories),
    }
}

/// Write an export to `path`, atomically. An existing file is replaced only
/// with `force`, and only if it does not change while we write. Exports go
/// outside the desk: a path naming a desk file would replace a story or
/// the registry with a report.
///
/// An existing output is read (to notice a change during the write) only
/// when it is a regular file of sane size. A FIFO, a terminal or another
/// character device (`/dev/stdout` in a pipe, `/dev/null`) is written as a
/// plain stream, never read; a block device or a socket is refused.
pub fn write_file(desk: &Desk, path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    use std::os::unix::fs::FileTypeExt;
    let meta = |p: &Path| match std::fs::metadata(p) {
        Ok(m) => Ok(Some(m)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(p, e)),
    };
    // Where the path leads (`/dev/stdout` is a link to a pipe or a
    // terminal): a stream is written as one, whatever names it.
    if let Some(m) = meta(path)? {
        let kind = m.file_type();
        if kind.is_fifo() || kind.is_char_device() {
            return write_stream(path, bytes);
        }
    }
    // A link to a file is followed, and where it leads must be outside
    // the desk.
    let resolved;
    let path = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            resolved = path.canonicalize().map_err(|e| Error::io(path, e))?;
            resolved.as_path()
        }
        _ => path,
    };
    refuse_inside(desk, path)?;
    let Some(m) = meta(path)? else {
        atomic::write_outside(path, bytes, None)?;
        return Ok(());
    };
    let kind = m.file_type();
    if kind.is_dir() {
        return Err(Error::ExportIsFolder {
            path: path.to_path_buf(),
        });
    }
    if !kind.is_file() {
        return Err(Error::NotAFile {
            path: path.to_path_buf(),
            kind: crate::store::dir::Kind::of_std(&kind).describe(),
        });
    }
    if !force {
        return Err(Error::ExportExists {
            path: path.to_path_buf(),
        });
    }
    let (_, seen) = atomic::read(path)?;
    atomic::write_outside(path, bytes, Some(seen))?;
    Ok(())
}

/// Write `bytes` to a FIFO or a character device as one stream: opened
/// for writing only (a FIFO waits for its reader, as a shell's `>` does),
/// never created, truncated or read.
fn write_stream(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let io = |e| Error::io(path, e);
    let mut out = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(io)?;
    out.write_all(bytes).and_then(|()| out.flush()).map_err(io)
}

fn refuse_inside(desk: &Desk, path: &Path) -> Result<()> {
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let (Ok(dir), Ok(root)) = (parent.canonicalize(), desk.root().canonicalize()) else {
        return Ok(()); // a missing folder: the write reports it
    };
    if dir.starts_with(&root) {
        return Err(Error::ExportInsideDesk {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

/// `url` when it is an absolute http(s) address, else nothing: a
/// hand-edited `javascript:` link never reaches a published export.
pub(crate) fn web_url(url: Option<&str>) -> Option<String> {
    let url = url?;
    crate::urls::validate(url).ok()
}
