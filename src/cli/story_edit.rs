//! `factdesk story edit`: a story's headline, date, dateline, outlet and
//! URL, each checked before anything is written, changed through the
//! one edit path and printed as changed.

use std::io::Write;

use factdesk_core::details::{Detail, DetailField};
use factdesk_core::edit::{Edit, Who};
use factdesk_core::store::Desk;
use factdesk_core::text::printable;

use super::args::DetailArgs;
use super::error::{CliError, Result};
use super::output::line;
use super::session;

pub fn edit(
    desk: &Desk,
    who: &Who,
    story: &str,
    args: DetailArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let given = [
        (DetailField::Headline, args.headline),
        (DetailField::Date, args.date),
        (DetailField::Dateline, args.dateline),
        (DetailField::Outlet, args.outlet),
        (DetailField::Url, args.url),
    ];
    // Every value is checked before the story is opened: one bad flag
    // and nothing is written.
    let mut details = Vec::new();
    for (field, value) in given {
        if let Some(v) = value {
            let d = Detail::parse(field, &v).map_err(|e| CliError::Flag {
                flag: format!("--{field}"),
                why: e.to_string(),
            })?;
            details.push(d);
        }
    }
    if details.is_empty() {
        return Err(CliError::NothingToEdit);
    }
    let id = desk.resolve_story(story)?;
    let mut session = session::open(desk, &id, who, args.wait, err)?;
    let applied = session.apply(Edit::SetDetails { details }, who)?;
    session::save(&mut session, who, "the story's details")?;
    let Some(applied) = applied else {
        line(out, format_args!("{id}  unchanged (already so)"))?;
        return Ok(());
    };
    let Edit::SetDetails { details: undo } = &applied.undo else {
        return Ok(());
    };
    // The undo holds what each changed field was, in reverse order.
    for was in undo.iter().rev() {
        let field = was.field();
        let now = Detail::current(field, session.story());
        let show = |d: &Detail| {
            d.text()
                .map_or("none".to_string(), |t| format!("“{}”", printable(&t)))
        };
        line(
            out,
            format_args!("{id}  {field}: {} → {}", show(was), show(&now)),
        )?;
    }
    Ok(())
}
