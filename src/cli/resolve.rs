//! `factdesk resolve` and `factdesk source resolve`: settling a conflict
//! a merge left, by picking one side.

use std::io::Write;

use factdesk_core::conflict::{Conflict, Field, Value, find};
use factdesk_core::edit::{Edit, Who};
use factdesk_core::error::Error;
use factdesk_core::ids::SourceId;
use factdesk_core::model::Verdict;
use factdesk_core::store::Desk;

use super::args::{ResolveArgs, SourceResolveArgs};
use super::error::{CliError, Result};
use super::output::line;
use super::session;

/// The value an editor means by `pick` for the conflict: a side (by
/// number, editor or value), or for a verdict any verdict.
fn chosen(conflict: &Conflict, pick: &str) -> Result<Value> {
    if let Some(side) = conflict.side(pick) {
        return Ok(side.value.clone());
    }
    if conflict.field == Field::Verdict
        && let Some(v) = Verdict::parse(pick)
    {
        return Ok(Value::Verdict(v));
    }
    let sides: Vec<String> = conflict
        .sides
        .iter()
        .enumerate()
        .map(|(i, s)| format!("{}) {s}", i + 1))
        .collect();
    Err(CliError::NotASide {
        pick: pick.to_string(),
        field: conflict.field.to_string(),
        sides: sides.join("  "),
    })
}

fn field_arg(field: &str) -> Result<Field> {
    Field::parse(field).ok_or_else(|| CliError::UnknownField(field.to_string()))
}

/// `factdesk resolve STORY CLAIM FIELD SIDE`, through the edit path
/// (recorded in the claim's history).
pub fn claim(
    desk: &Desk,
    editor: &str,
    args: &ResolveArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let ResolveArgs {
        story,
        claim,
        field,
        side: pick,
    } = args;
    let claim = *claim;
    let id = desk.resolve_story(story)?;
    let field = field_arg(field)?;
    let who = Who::now(editor);
    let mut session = session::open(desk, &id, &who, false, err)?;
    let c = session
        .story()
        .claim(claim)
        .ok_or_else(|| Error::UnknownClaim {
            story: story.to_string(),
            claim,
        })?;
    let conflict = find(&c.conflicts, &field).ok_or_else(|| Error::NoConflict {
        what: format!("claim #{claim}"),
        field: field.to_string(),
    })?;
    let value = chosen(conflict, pick)?;
    let registry = desk.load_sources()?.value;
    let edit = Edit::Resolve {
        claim,
        field: field.clone(),
        value: value.clone(),
    };
    session.apply_checked(edit, &registry, &who)?;
    session::save(&mut session, &who, &format!("claim #{claim}"))?;
    line(
        out,
        format_args!("{id}#{claim}  conflict on {field} settled: {value}"),
    )?;
    Ok(())
}

/// `factdesk source resolve ID FIELD SIDE`.
pub fn source(desk: &Desk, args: &SourceResolveArgs, out: &mut dyn Write) -> Result<()> {
    let SourceResolveArgs {
        id: source,
        field,
        side: pick,
    } = args;
    let id = SourceId::parse(source)?;
    let field = field_arg(field)?;
    let registry = desk.load_sources()?.value;
    let conflict = registry
        .conflicts_of(&id)
        .find(|c| c.field == field)
        .ok_or_else(|| Error::NoConflict {
            what: format!("source {id}"),
            field: field.to_string(),
        })?;
    let value = chosen(conflict, pick)?;
    factdesk_core::registry::resolve_source(desk, &id, &field, value.clone())?;
    line(
        out,
        format_args!("{id}  conflict on {field} settled: {value}"),
    )?;
    Ok(())
}
