//! The commands that keep the record: revisions of an article, deleting
//! and restoring claims and stories, "reviewed", and "seen before".

use clap::Subcommand;
use std::io::Write;
use std::path::PathBuf;

use factdesk_core::edit::{Edit, Who};
use factdesk_core::error::{Error, Result};
use factdesk_core::model::ClaimId;
use factdesk_core::session::Saved;
use factdesk_core::slug::StoryId;
use factdesk_core::store::Desk;

use super::{io_err, json_line, open_session, report};

#[derive(Debug, Subcommand)]
pub enum StoryCommand {
    /// Take a corrected version of a story's article: the current text is
    /// kept as revisions/N.txt in the story's folder, the claims are put
    /// back on the new text, and a claim whose quoted words changed is
    /// flagged for review (its verdict stays)
    Revise {
        story: String,
        /// The corrected article (UTF-8 text)
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Wait (up to 30 seconds) for another editor to close the story
        #[arg(long)]
        wait: bool,
    },
    /// Move a story to the desk's trash (stories/.trash/): out of the
    /// list, search, stats and exports, recorded, and restorable
    Delete {
        story: String,
        /// Why, for the record
        #[arg(long)]
        note: Option<String>,
    },
    /// Bring a story back from the trash (its id, or its folder in the
    /// trash as `story list --trash` shows it)
    Restore { story: String },
    /// The desk's stories (as `factdesk list`), or with --trash the
    /// stories in the trash
    List {
        #[arg(long)]
        trash: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ClaimCommand {
    /// Delete a claim: kept in the story as deleted (who, when, why), out
    /// of every list, search, count and export, still in `history`
    Delete {
        story: String,
        claim: ClaimId,
        /// Why, for the record
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        wait: bool,
    },
    /// Bring a deleted claim back, with its verdict, sources and history
    Restore {
        story: String,
        claim: ClaimId,
        #[arg(long)]
        wait: bool,
    },
    /// Say a claim flagged for review after a correction was looked at;
    /// its verdict stays (giving it a verdict with `tag` does the same)
    Reviewed {
        story: String,
        claim: ClaimId,
        #[arg(long)]
        wait: bool,
    },
}

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
            let id = StoryId::parse(&story)?;
            let text = factdesk_core::store::revision::read_article_file(&file)?;
            let mut session = open_session(desk, &id, &who, wait, err)?;
            let revision = session.revise(&text, &who)?;
            save(&mut session, &who)?;
            let c = &revision.corrected;
            writeln!(
                out,
                "{id}: revision {}; the earlier text is kept as {}",
                revision.revision, revision.kept
            )
            .map_err(io_err)?;
            for (what, list) in [
                ("need review", &c.review),
                ("moved", &c.moved),
                ("orphaned", &c.orphaned),
            ] {
                if !list.is_empty() {
                    writeln!(out, "  {what}: {}", ids(list)).map_err(io_err)?;
                }
            }
            for claim in &c.review {
                if let Some(r) = session
                    .story()
                    .claim(*claim)
                    .and_then(|c| c.review.as_ref())
                {
                    writeln!(
                        out,
                        "  #{claim}: {}",
                        factdesk_core::text::printable(&r.changes(6))
                    )
                    .map_err(io_err)?;
                }
            }
            Ok(())
        }
        StoryCommand::Delete { story, note } => {
            let id = StoryId::parse(&story)?;
            let folder = desk.delete_story(&id, note, &who)?;
            writeln!(
                out,
                "{id}: moved to the trash ({}/.trash/{folder}); `factdesk story restore {folder}` brings it back",
                factdesk_core::store::STORIES_DIR
            )
            .map_err(io_err)
        }
        StoryCommand::Restore { story } => {
            let id = desk.restore_story(story.trim(), &who)?;
            writeln!(out, "{id}: restored").map_err(io_err)
        }
        StoryCommand::List { trash: false, json } => super::list(desk, json, out, err),
        StoryCommand::List { trash: true, json } => {
            let trashed = desk.trashed()?;
            if json {
                return json_line(&trashed, out);
            }
            let p = factdesk_core::text::printable;
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
                    .map(|n| format!("  “{}”", p(n)))
                    .unwrap_or_default();
                writeln!(
                    out,
                    "{}  {when}  {}  {}{note}",
                    t.folder,
                    p(t.deleted_by.as_deref().unwrap_or("-")),
                    p(&t.headline)
                )
                .map_err(io_err)?;
            }
            Ok(())
        }
    }
}

pub fn claim(
    desk: &Desk,
    editor: &str,
    command: ClaimCommand,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let who = Who::now(editor);
    let (story, claim, wait, edit, done) = match command {
        ClaimCommand::Delete {
            story,
            claim,
            note,
            wait,
        } => (
            story,
            claim,
            wait,
            Edit::DeleteClaim { claim, note },
            "deleted (kept in the record; `factdesk claim restore` brings it back)",
        ),
        ClaimCommand::Restore { story, claim, wait } => {
            (story, claim, wait, Edit::RestoreClaim { claim }, "restored")
        }
        ClaimCommand::Reviewed { story, claim, wait } => (
            story,
            claim,
            wait,
            Edit::SetReview {
                claim,
                review: None,
            },
            "reviewed",
        ),
    };
    let id = StoryId::parse(&story)?;
    let mut session = open_session(desk, &id, &who, wait, err)?;
    let restoring = matches!(edit, Edit::RestoreClaim { .. });
    let changed = session.apply(edit, &who)?.is_some();
    if restoring {
        // The article may have been corrected while the claim was deleted.
        let system = Who {
            editor: factdesk_core::store::SYSTEM_EDITOR.to_string(),
            at: who.at,
        };
        let story = session.story().clone();
        let article = session.article().to_string();
        for e in factdesk_core::anchor::corrections(&story, &article)
            .into_iter()
            .filter(|e| e.claim() == Some(claim))
        {
            session.apply(e, &system)?;
        }
    }
    save(&mut session, &who)?;
    let what = if changed {
        done
    } else {
        "already so (no change)"
    };
    writeln!(out, "{id}#{claim}  {what}").map_err(io_err)?;
    if let Some(c) = session.story().claim(claim)
        && c.needs_review
    {
        report(
            err,
            &format!("{id}#{claim} needs review: the article changed under it"),
        );
    }
    Ok(())
}

fn save(session: &mut factdesk_core::session::EditSession, who: &Who) -> Result<()> {
    if let Saved::Conflict { ours, .. } = session.save(who)? {
        return Err(Error::Invalid {
            path: session.doc().file.path.clone(),
            why: format!(
                "changed on disk meanwhile on the same claims; left as it is, your version was saved as {}",
                ours.display()
            ),
        });
    }
    Ok(())
}

fn ids(list: &[ClaimId]) -> String {
    list.iter()
        .map(|c| format!("#{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}
