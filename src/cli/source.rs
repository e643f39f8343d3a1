//! `factdesk source`: add to, list and merge the desk's source registry.

use chrono::NaiveDate;
use std::io::Write;

use factdesk_core::edit::Who;
use factdesk_core::ids::SourceId;
use factdesk_core::registry::{self, SourceFields};
use factdesk_core::store::Desk;

use super::error::Result;
use super::output::{json_line, line};

/// What `factdesk source add` was given, as typed.
pub struct AddArgs<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub kind: &'a str,
    pub url: Option<&'a str>,
    pub outlet: Option<&'a str>,
    /// Today when not given.
    pub accessed: Option<NaiveDate>,
}

pub fn add(desk: &Desk, args: AddArgs<'_>, out: &mut dyn Write) -> Result<()> {
    let source = registry::new_source(&SourceFields {
        id: args.id,
        name: args.name,
        kind: args.kind,
        url: args.url.unwrap_or(""),
        outlet: args.outlet.unwrap_or(""),
        accessed: Some(
            args.accessed
                .unwrap_or_else(|| chrono::Local::now().date_naive()),
        ),
    })?;
    let id = source.id.clone();
    factdesk_core::store::add_source(desk, source)?;
    line(out, id)?;
    Ok(())
}

pub fn list(desk: &Desk, json: bool, out: &mut dyn Write) -> Result<()> {
    let registry = desk.load_sources()?.value;
    if json {
        return Ok(json_line(&registry.sources, out)?);
    }
    for s in &registry.sources {
        let url = s
            .url
            .as_deref()
            .map(|u| format!("  <{}>", factdesk_core::text::printable(u)))
            .unwrap_or_default();
        let open: String = registry
            .conflicts_of(&s.id)
            .map(|c| format!("  CONFLICT {c}"))
            .collect();
        line(
            out,
            format_args!(
                "{:<16} {:<18} {}{url}{}",
                s.id,
                s.kind,
                factdesk_core::text::printable(&s.name),
                factdesk_core::text::printable(&open)
            ),
        )?;
    }
    Ok(())
}

pub fn merge(desk: &Desk, editor: &str, from: &str, into: &str, out: &mut dyn Write) -> Result<()> {
    let (from, into) = (SourceId::parse(from)?, SourceId::parse(into)?);
    let report = registry::merge_sources(desk, &from, &into, &Who::now(editor))?;
    line(out, format_args!("merged {from} into {into}: {report}"))?;
    Ok(())
}
