//! `factdesk story …`: a corrected version of an article (kept revisions,
//! claims flagged for review), the desk's trash, and who is on a story.

use std::io::Write;

use factdesk_core::edit::{Edit, Who};
use factdesk_core::ids::{ClaimId, StoryId};
use factdesk_core::model::Assignment;
use factdesk_core::store::Desk;
use factdesk_core::text::printable;

use super::args::{Page, StoryCommand};
use super::error::Result;
use super::output::{self, json_line, line};
use super::{session, stories};

pub fn story(
    desk: &Desk,
    editor: &str,
    command: StoryCommand,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let who = Who::now(editor);
    match command {
        StoryCommand::Revise { story, file, wait } => {
            revise(desk, &who, &story, &file, wait, out, err)
        }
        StoryCommand::Delete { story, note } => {
            let id = StoryId::parse(&story)?;
            let folder = desk.delete_story(&id, note, &who)?;
            line(
                out,
                format_args!(
                    "{id}: moved to the trash ({}/.trash/{folder}); `factdesk story restore {folder}` brings it back",
                    factdesk_core::store::STORIES_DIR
                ),
            )?;
            Ok(())
        }
        StoryCommand::Restore { story } => {
            let id = desk.restore_story(story.trim(), &who)?;
            line(out, format_args!("{id}: restored"))?;
            Ok(())
        }
        StoryCommand::List {
            trash: false,
            page,
            json,
        } => stories::list(desk, page, json, out, err),
        StoryCommand::List {
            trash: true,
            page,
            json,
        } => trash(desk, page, json, out, err),
        StoryCommand::Edit { story, details } => {
            super::story_edit::edit(desk, &who, &story, details, out, err)
        }
        StoryCommand::Assign { story, to, clear } => assign(
            desk,
            &who,
            &story,
            to.as_deref().filter(|_| !clear),
            out,
            err,
        ),
    }
}

/// `factdesk story assign STORY EDITOR` (or `--clear`): who is on the
/// story, as data on it, so that it travels with a sync.
fn assign(
    desk: &Desk,
    who: &Who,
    story: &str,
    to: Option<&str>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let id = desk.resolve_story(story)?;
    let to = to.map(str::trim).filter(|t| !t.is_empty());
    let mut session = session::open(desk, &id, who, false, err)?;
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
            who,
        )?;
        session::save(&mut session, who, "the assignment")?;
    }
    match to {
        Some(e) => line(out, format_args!("{id}  assigned to {}", printable(e)))?,
        None => line(out, format_args!("{id}  not assigned"))?,
    }
    Ok(())
}

/// `factdesk story revise`: the new text in, the old one kept, and what
/// happened to the claims said.
fn revise(
    desk: &Desk,
    who: &Who,
    story: &str,
    file: &std::path::Path,
    wait: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let id = desk.resolve_story(story)?;
    let text = factdesk_core::store::revision::read_article_file(file)?;
    let mut session = session::open(desk, &id, who, wait, err)?;
    let revision = session.revise(&text, who)?;
    session::save(&mut session, who, "the same claims")?;
    let c = &revision.corrected;
    line(
        out,
        format_args!(
            "{id}: revision {}; the earlier text is kept as {}",
            revision.revision, revision.kept
        ),
    )?;
    for (what, list) in [
        ("need review", &c.review),
        ("moved", &c.moved),
        ("orphaned", &c.orphaned),
    ] {
        if !list.is_empty() {
            line(out, format_args!("  {what}: {}", ids(list)))?;
        }
    }
    for claim in &c.review {
        if let Some(r) = session
            .story()
            .claim(*claim)
            .and_then(|c| c.review.as_ref())
        {
            line(
                out,
                format_args!("  #{claim}: {}", printable(&r.changes(6))),
            )?;
        }
    }
    Ok(())
}

/// `factdesk story list --trash`: the deleted stories, newest deletion
/// first.
fn trash(
    desk: &Desk,
    page: Page,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let mut trashed = desk.trashed()?;
    let total = trashed.len();
    trashed.truncate(page.most());
    output::more_note(err, trashed.len(), total, "stories in the trash");
    if json {
        return Ok(json_line(&trashed, out)?);
    }
    for t in &trashed {
        let when = t.deleted_at.map_or_else(
            || "????-??-?? ??:??".to_string(),
            |at| {
                at.with_timezone(&chrono::Local)
                    .format("%Y-%m-%d %H:%M")
                    .to_string()
            },
        );
        let note = t
            .note
            .as_deref()
            .map(|n| format!("  “{}”", printable(n)))
            .unwrap_or_default();
        line(
            out,
            format_args!(
                "{}  {when}  {}  {}{note}",
                t.folder,
                printable(t.deleted_by.as_deref().unwrap_or("-")),
                printable(&t.headline)
            ),
        )?;
    }
    Ok(())
}

fn ids(list: &[ClaimId]) -> String {
    list.iter()
        .map(|c| format!("#{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}
