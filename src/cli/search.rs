//! `factdesk search`, `factdesk stats` and `factdesk index`: the archive,
//! looked through with the search language (its filters also given as
//! flags), and its index.

use std::io::Write;

use factdesk_core::archive::{self, Archive};
use factdesk_core::query::Query;
use factdesk_core::store::Desk;

use super::args::Page;
use super::error::{Result, report, report_all};
use super::output::{self, json_line, line, stdout_error};

/// A filter flag: its key in the search language and the value given.
pub type Flag = (&'static str, Option<String>);

/// The query string with the command line's filter flags added.
fn build_query(text: &str, flags: &[Flag]) -> Result<Query> {
    let mut q = factdesk_core::query::parse(text)?;
    for (key, value) in flags {
        if let Some(v) = value {
            q.set(key, v)?;
        }
    }
    Ok(q)
}

/// A rebuild's progress on standard error: a bar when it is a terminal
/// and the desk is big enough for it to be seen, a line at the end
/// otherwise.
pub struct Progress {
    bar: Option<indicatif::ProgressBar>,
    always: bool,
}

impl Progress {
    /// Shown for a rebuild that takes a while; `always` for `index rebuild`.
    pub fn new(always: bool) -> Progress {
        Progress { bar: None, always }
    }

    pub fn step(&mut self, done: usize, total: usize) {
        use std::io::IsTerminal;
        if self.bar.is_none() && (self.always || total >= 2_000) {
            let bar = if std::io::stderr().is_terminal() {
                indicatif::ProgressBar::new(total as u64)
            } else {
                indicatif::ProgressBar::hidden()
            };
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "indexing the archive {bar:40} {pos}/{len} stories ({eta} left)",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            self.bar = Some(bar);
        }
        if let Some(bar) = &self.bar {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    }

    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

pub fn search(
    desk: &Desk,
    text: &str,
    flags: &[Flag],
    page: Page,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let q = build_query(text, flags)?;
    let mut progress = Progress::new(false);
    // Highlight positions are only printed in JSON.
    let highlight = if json { usize::MAX } else { 0 };
    let (found, problems) = archive::search_with(desk, &q, page.most(), highlight, &mut |d, t| {
        progress.step(d, t)
    });
    progress.finish();
    report_all(err, &problems);
    output::more_note(err, found.hits.len(), found.total, "claims");
    if json {
        let items: Vec<_> = found
            .hits
            .iter()
            .map(|h| output::HitJson::new(&found.rows[h.index], h))
            .collect();
        return Ok(json_line(&items, out)?);
    }
    if found.hits.is_empty() {
        // Said aside, so that a script reading the hits reads none.
        match describe(text, flags) {
            Some(what) => report(err, &format_args!("no claim matches {what}")),
            None => report(err, &"the desk has no claims yet"),
        }
        return Ok(());
    }
    let id_width = found
        .hits
        .iter()
        .map(|h| factdesk_core::text::width(&output::hit_id(&found.rows[h.index])))
        .max()
        .unwrap_or(0);
    Ok(output::lines(
        out,
        found
            .hits
            .iter()
            .map(|h| output::hit_line(&found.rows[h.index], id_width)),
    )?)
}

/// The search as the editor gave it, for "no claim matches …"; `None`
/// when nothing was asked for.
fn describe(text: &str, flags: &[Flag]) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    if !text.trim().is_empty() {
        parts.push(format!("“{}”", text.trim()));
    }
    for (key, value) in flags {
        if let Some(v) = value {
            parts.push(format!("--{key} {v}"));
        }
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

pub fn stats(
    desk: &Desk,
    flags: &[Flag],
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let q = build_query("", flags)?;
    let (rows, problems) = archive::load_matching(desk, &q);
    report_all(err, &problems);
    let mut stats = factdesk_core::stats::compute(rows.iter());
    stats.below_rule = factdesk_core::rules::below_rule(rows.iter(), desk.settings.confirm_needs);
    if json {
        return Ok(json_line(&stats, out)?);
    }
    write!(out, "{}", factdesk_core::stats::render(&stats)).map_err(stdout_error)?;
    Ok(())
}

/// `factdesk index rebuild`.
pub fn rebuild(desk: &Desk, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    let started = std::time::Instant::now();
    let mut progress = Progress::new(true);
    let archive = Archive::rebuild(desk, &mut |d, t| progress.step(d, t))?;
    progress.finish();
    report_all(err, &archive.problems());
    line(
        out,
        format!(
            "indexed {} stories, {} claims in {:.1} s",
            archive.stories(),
            archive.claims(),
            started.elapsed().as_secs_f64()
        ),
    )?;
    Ok(())
}

/// `factdesk index check`.
pub fn check(desk: &Desk, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    let mut progress = Progress::new(false);
    let mut archive = Archive::open_with(desk, &mut |d, t| progress.step(d, t))?;
    progress.finish();
    let n = archive.verify_all()?;
    report_all(err, &archive.problems());
    line(
        out,
        match n {
            0 => "the index holds every story as its files are".to_string(),
            1 => "1 story indexed anew".to_string(),
            n => format!("{n} stories indexed anew"),
        },
    )?;
    Ok(())
}

/// `factdesk index status`.
pub fn status(desk: &Desk, json: bool, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    let mut progress = Progress::new(false);
    let archive = Archive::open_with(desk, &mut |d, t| progress.step(d, t))?;
    progress.finish();
    report_all(err, &archive.problems());
    let (stories, claims, bytes) = (archive.stories(), archive.claims(), archive.size_on_disk());
    if json {
        let value = serde_json::json!({"stories": stories, "claims": claims, "bytes": bytes});
        return Ok(json_line(&value, out)?);
    }
    line(
        out,
        format!(
            "{stories} stories, {claims} claims, {:.1} MB on disk",
            bytes as f64 / 1e6
        ),
    )?;
    Ok(())
}
