//! The story commands that read or add whole stories: `import`, `list`,
//! `show` and `history`.

use std::io::Write;
use std::path::PathBuf;

use factdesk_core::error::Error;
use factdesk_core::store::{Desk, ImportOptions, Input, StoryDoc};

use super::args::Page;
use super::error::{Result, report, report_all};
use super::output::{self, json_line, line, stdout_error};

/// What `-` reads, and how messages name it.
const STDIN_NAME: &str = "standard input";

/// `factdesk import`: each article a story (each item of a feed), its id
/// printed; `-` is one article from standard input, `date` the date of
/// those that give none. An input or item that cannot be imported is
/// reported and the rest still are. Returns the exit code.
pub fn import(
    desk: &Desk,
    editor: &str,
    files: &[PathBuf],
    date: Option<&str>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let today = chrono::Local::now().date_naive();
    let date = match date.map(|d| factdesk_core::import::parse_date(d, today)) {
        Some(Err(e)) => {
            report(err, &format_args!("--date: {e}"));
            return 1;
        }
        Some(Ok(d)) => Some(d),
        None => None,
    };
    if files.iter().filter(|f| f.as_os_str() == "-").count() > 1 {
        report(err, &"-: standard input can be read once; give `-` once");
        return 1;
    }
    let mut code = 0;
    let mut inputs = Vec::with_capacity(files.len());
    for file in files {
        if file.as_os_str() != "-" {
            inputs.push(Input::File(file.clone()));
            continue;
        }
        match factdesk_core::import::read_bounded(std::io::stdin().lock()) {
            Ok(bytes) => inputs.push(Input::Bytes {
                name: PathBuf::from(STDIN_NAME),
                bytes,
            }),
            Err(e) => {
                report(err, &Error::io(STDIN_NAME, e));
                code = 1;
            }
        }
    }
    let opts = ImportOptions { date };
    for result in factdesk_core::store::import_inputs(desk, &inputs, editor, &opts) {
        match result {
            Ok(id) => {
                let _ = writeln!(out, "{id}");
            }
            Err(e) => {
                report(err, &e);
                code = 1;
            }
        }
    }
    code
}

pub fn list(
    desk: &Desk,
    page: Page,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    // From the archive's catalog, which is kept current without reading
    // every story's stamps, only the page shown decoded; a desk whose
    // index cannot be had (a read-only copy) from the summaries cache.
    let mut progress = super::search::Progress::new(false);
    let opened = factdesk_core::archive::Archive::open_with(desk, &mut |d, t| progress.step(d, t));
    progress.finish();
    let (stories, total, problems) = match opened {
        Ok(archive) => (
            archive.newest(page.most()),
            archive.summarised(),
            archive.problems(),
        ),
        Err(_) => {
            let (mut all, problems) = desk.summaries()?;
            let total = all.len();
            all.truncate(page.most());
            (all, total, problems)
        }
    };
    report_all(err, &problems);
    output::more_note(err, stories.len(), total, "stories");
    if json {
        return Ok(json_line(&stories, out)?);
    }
    let id_width = stories
        .iter()
        .map(|s| s.id.as_str().len())
        .max()
        .unwrap_or(0);
    Ok(output::lines(
        out,
        stories.iter().map(|s| output::summary_line(s, id_width)),
    )?)
}

/// Story `story` (its id as typed, or the start of one) as it should read.
pub fn load_story_arg(desk: &Desk, story: &str) -> Result<StoryDoc> {
    let id = desk.resolve_story(story)?;
    Ok(desk.load_story(&id)?)
}

pub fn show(
    desk: &Desk,
    story: &str,
    json: bool,
    deleted: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let doc = load_story_arg(desk, story)?;
    let story = doc.story();
    if json {
        return Ok(json_line(story, out)?);
    }
    let registry = desk.load_sources()?.value;
    // A link to a source missing from the registry (removed, or a registry
    // from another desk) is worth a warning, not a refusal.
    for claim in &story.claims {
        for link in claim.unregistered_links(&registry) {
            report(
                err,
                &format!(
                    "warning: {}: claim #{} links to source {:?}, which is not in the registry",
                    doc.file.path.display(),
                    claim.id,
                    link.source.as_str()
                ),
            );
        }
    }
    write!(out, "{}", output::render_story(story, &registry)).map_err(stdout_error)?;
    if deleted {
        write!(out, "{}", output::render_deleted(story)).map_err(stdout_error)?;
    }
    Ok(())
}

/// `factdesk show STORY CLAIM`: one claim, every field, its links and its
/// whole history (a deleted claim too, said so).
pub fn show_claim(
    desk: &Desk,
    story: &str,
    claim: u32,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let doc = load_story_arg(desk, story)?;
    let story = doc.story();
    let c = story.any_claim(claim).ok_or_else(|| Error::UnknownClaim {
        story: story.id.to_string(),
        claim,
    })?;
    if json {
        return Ok(json_line(c, out)?);
    }
    let registry = desk.load_sources()?.value;
    write!(out, "{}", output::render_claim(story, c, &registry)).map_err(stdout_error)?;
    let lines = factdesk_core::history::lines(story, Some(claim))?;
    if !lines.is_empty() {
        line(out, "\nhistory")?;
        let text = factdesk_core::history::render(&lines, &chrono::Local);
        write!(out, "{text}").map_err(stdout_error)?;
    }
    Ok(())
}

pub fn history(desk: &Desk, story: &str, claim: Option<u32>, out: &mut dyn Write) -> Result<()> {
    let doc = load_story_arg(desk, story)?;
    let lines = factdesk_core::history::lines(doc.story(), claim)?;
    let text = factdesk_core::history::render(&lines, &chrono::Local);
    write!(out, "{text}").map_err(stdout_error)?;
    Ok(())
}
