//! `factdesk story assign`: who is on a story, as data on the story, so it
//! travels with a sync.

use std::io::Write;

use factdesk_core::edit::{Edit, Who};
use factdesk_core::ids::StoryId;
use factdesk_core::model::Assignment;
use factdesk_core::store::Desk;

use super::args::StoryCommand;
use super::error::Result;
use super::output::line;
use super::tag::open_session;

/// `factdesk story …`.
pub fn run(
    desk: &Desk,
    editor: &str,
    command: StoryCommand,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    match command {
        StoryCommand::Assign { story, to, clear } => assign(
            desk,
            editor,
            &story,
            to.as_deref().filter(|_| !clear),
            out,
            err,
        ),
    }
}

/// `factdesk story assign STORY EDITOR` (or `--clear`).
fn assign(
    desk: &Desk,
    editor: &str,
    story: &str,
    to: Option<&str>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let id = StoryId::parse(story)?;
    let to = to.map(str::trim).filter(|t| !t.is_empty());
    let who = Who::now(editor);
    let mut session = open_session(desk, &id, &who, false, err)?;
    if session.story().assignee() != to {
        let assignment = Assignment {
            editor: to.map(str::to_string),
            by: who.editor.clone(),
            at: who.at,
        };
        session.apply(
            Edit::Assign {
                to: Some(assignment),
            },
            &who,
        )?;
        session.save(&who)?;
    }
    let p = factdesk_core::text::printable;
    match to {
        Some(e) => line(out, format_args!("{id}  assigned to {}", p(e)))?,
        None => line(out, format_args!("{id}  not assigned"))?,
    }
    Ok(())
}
