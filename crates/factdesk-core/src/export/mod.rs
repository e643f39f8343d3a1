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
pub fn write_file(desk: &Desk, path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    refuse_inside(desk, path)?;
    if path.is_dir() {
        return Err(Error::ExportIsFolder {
            path: path.to_path_buf(),
        });
    }
    let existing = atomic::current(path)?;
    if existing.is_some() && !force {
        return Err(Error::ExportExists {
            path: path.to_path_buf(),
        });
    }
    atomic::write(path, bytes, existing)?;
    Ok(())
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
