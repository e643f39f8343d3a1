//! `factdesk export`: one story or the whole desk as ClaimReview, Markdown
//! or CSV, on standard output or into a file outside the desk.

use std::io::Write;
use std::path::Path;

use factdesk_core::export::{self, Format};
use factdesk_core::store::Desk;

use super::error::{CliError, Result, report_all};
use super::output::{line, stdout_error};
use super::stories::load_story_arg;

/// Story `story`, or (`None`) every story of the desk, newest first; with
/// `--all`, a story that cannot be read stops the export.
pub fn export(
    desk: &Desk,
    story: Option<&str>,
    format: Format,
    output: Option<&Path>,
    force: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let stories = match story {
        Some(id) => vec![load_story_arg(desk, id)?.file.value],
        None => {
            let (stories, problems) = factdesk_core::archive::load_stories(desk);
            if !problems.is_empty() {
                report_all(err, &problems);
                return Err(CliError::NothingExported {
                    unreadable: problems.len(),
                });
            }
            stories
        }
    };
    let registry = desk.load_sources()?.value;
    let bytes = export::render(format, &stories, &registry, &desk.settings)?;
    match output {
        Some(path) => {
            export::write_file(desk, path, &bytes, force)?;
            line(
                out,
                factdesk_core::text::printable(&path.display().to_string()),
            )?;
        }
        None => out.write_all(&bytes).map_err(stdout_error)?,
    }
    Ok(())
}
