//! `factdesk search` and `factdesk stats`: the archive, looked through with
//! the search language, its filters also given as flags.

use std::io::Write;

use factdesk_core::archive;
use factdesk_core::query::Query;
use factdesk_core::store::Desk;

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

pub fn search(
    desk: &Desk,
    text: &str,
    flags: &[Flag],
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let q = build_query(text, flags)?;
    let (rows, problems) = archive::load_for_query(desk, &q);
    report_all(err, &problems);
    let hits = archive::search(&rows, &q);
    if json {
        let items: Vec<_> = hits
            .iter()
            .map(|h| output::HitJson::new(&rows[h.index], h))
            .collect();
        return Ok(json_line(&items, out)?);
    }
    if hits.is_empty() {
        // Said aside, so that a script reading the hits reads none.
        match describe(text, flags) {
            Some(what) => report(err, &format_args!("no claim matches {what}")),
            None => report(err, &"the desk has no claims yet"),
        }
        return Ok(());
    }
    let id_width = hits
        .iter()
        .map(|h| factdesk_core::text::width(&output::hit_id(&rows[h.index])))
        .max()
        .unwrap_or(0);
    for h in &hits {
        line(out, output::hit_line(&rows[h.index], id_width))?;
    }
    Ok(())
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
    let (rows, problems) = archive::load_matching(desk, &q.filters());
    report_all(err, &problems);
    let mut stats = factdesk_core::stats::compute(rows.iter());
    stats.below_rule = factdesk_core::rules::below_rule(rows.iter(), desk.settings.confirm_needs);
    if json {
        return Ok(json_line(&stats, out)?);
    }
    write!(out, "{}", factdesk_core::stats::render(&stats)).map_err(stdout_error)?;
    Ok(())
}
