//! The command line of a shared desk: `init --git`, `sync`, git's
//! `merge-driver`, and settling what a merge left: `resolve`, `source
//! resolve`; and who is on a story: `story assign`.

use std::io::Write;
use std::path::PathBuf;

use factdesk_core::conflict::{Conflict, Field, Value, find};
use factdesk_core::edit::{Edit, Who};
use factdesk_core::error::{Error, Result};
use factdesk_core::model::{Assignment, Verdict};
use factdesk_core::session::Saved;
use factdesk_core::slug::{SourceId, StoryId};
use factdesk_core::store::Desk;
use factdesk_core::sync::{self, SyncError, SyncOptions};

use super::{io_err, open_session, report};

#[derive(Debug, clap::Args)]
pub struct SyncArgs {
    /// The remote to sync with [default: the branch's, else origin]
    #[arg(long)]
    pub remote: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct ResolveArgs {
    pub story: String,
    pub claim: u32,
    /// verdict, text, note, link:SOURCE or deleted
    pub field: String,
    /// The side's number, its editor, or its value
    pub side: String,
}

#[derive(Debug, clap::Args)]
pub struct SourceResolveArgs {
    pub id: String,
    /// name, kind, url, outlet, accessed or deleted
    pub field: String,
    /// The side's number, or its value
    pub side: String,
}

/// What git hands a merge driver.
#[derive(Debug, clap::Args)]
pub struct DriverArgs {
    /// The common version (%O; empty when added on both sides)
    pub base: PathBuf,
    /// Ours (%A), where the result goes
    pub ours: PathBuf,
    /// Theirs (%B)
    pub theirs: PathBuf,
    /// The file's path in the desk (%P)
    pub path: PathBuf,
}

#[derive(Debug, clap::Subcommand)]
pub enum StoryCommand {
    /// Assign a story to an editor (shown by `list` and `show`, synced)
    Assign {
        story: String,
        /// The editor who is on it
        #[arg(
            value_name = "EDITOR",
            required_unless_present = "clear",
            conflicts_with = "clear"
        )]
        to: Option<String>,
        /// Clear the assignment
        #[arg(long)]
        clear: bool,
    },
}

/// The factdesk that git should run as the merge driver: this one.
pub fn this_program() -> PathBuf {
    std::env::current_exe().unwrap_or_else(|_| PathBuf::from("factdesk"))
}

/// `factdesk init --git`: make the desk a repository (it may be a desk
/// already). Returns the exit code.
pub fn init_git(desk: &Desk, editor: &str, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    match sync::repo::init(desk, editor, &this_program()) {
        Ok(init) => {
            let root = factdesk_core::text::printable(&desk.root().display().to_string());
            let _ = writeln!(out, "{root}");
            let what = if init.created {
                "now a git repository"
            } else {
                "a git repository, set up for factdesk"
            };
            let _ = writeln!(
                out,
                "{what}; share it: `git -C {root} remote add origin URL`, then `factdesk sync`"
            );
            0
        }
        Err(e) => {
            report(err, &e);
            1
        }
    }
}

/// `factdesk sync`. Returns the exit code.
pub fn run_sync(
    desk: &Desk,
    editor: &str,
    args: SyncArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let options = SyncOptions {
        editor: editor.to_string(),
        remote: args.remote,
        exe: this_program(),
        interactive: true,
    };
    match sync::sync(desk, &options, &mut |_| {}) {
        Ok(done) => {
            let _ = writeln!(out, "{}", factdesk_core::text::printable(&done.to_string()));
            0
        }
        Err(e) => {
            report(err, &e);
            match e {
                SyncError::MergeStopped { .. } | SyncError::PushRefused { .. } => 2,
                _ => 1,
            }
        }
    }
}

/// `factdesk merge-driver BASE OURS THEIRS PATH`, as git runs it.
pub fn merge_driver(args: &DriverArgs) -> i32 {
    let done = sync::driver::merge_driver(&args.base, &args.ours, &args.theirs, &args.path);
    let mut err = std::io::stderr().lock();
    for m in &done.messages {
        report(&mut err, m);
    }
    done.exit_code()
}

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
    Err(Error::Usage(format!(
        "{pick:?} is not one of the sides of the conflict on {}: {}; pick one by its number",
        conflict.field,
        sides.join("  ")
    )))
}

fn field_arg(field: &str) -> Result<Field> {
    Field::parse(field).ok_or_else(|| {
        Error::Usage(format!(
            "unknown field {field:?}: use verdict, text, note, link:SOURCE or deleted \
             (for a source: name, kind, url, outlet, accessed or deleted)"
        ))
    })
}

/// `factdesk resolve STORY CLAIM FIELD SIDE`: settle a conflict a merge
/// left, through the edit path (recorded in the claim's history).
pub fn resolve(
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
    let id = StoryId::parse(story)?;
    let field = field_arg(field)?;
    let who = Who::now(editor);
    let mut session = open_session(desk, &id, &who, false, err)?;
    let c = session
        .story()
        .claim(claim)
        .ok_or_else(|| Error::UnknownClaim {
            story: story.to_string(),
            claim,
        })?;
    let conflict = find(&c.conflicts, &field)
        .ok_or_else(|| Error::Usage(format!("claim #{claim} has no conflict on its {field}")))?;
    let value = chosen(conflict, pick)?;
    let registry = desk.load_sources()?.value;
    let edit = Edit::Resolve {
        claim,
        field: field.clone(),
        value: value.clone(),
    };
    session.apply_checked(edit, &registry, &who)?;
    if let Saved::Conflict { ours, .. } = session.save(&who)? {
        return Err(Error::Invalid {
            path: session.doc().file.path.clone(),
            why: format!(
                "could not be read to save over; your version was saved as {}",
                ours.display()
            ),
        });
    }
    writeln!(out, "{id}#{claim}  conflict on {field} settled: {value}").map_err(io_err)
}

/// `factdesk source resolve ID FIELD SIDE`.
pub fn source_resolve(desk: &Desk, args: &SourceResolveArgs, out: &mut dyn Write) -> Result<()> {
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
        .ok_or_else(|| Error::Usage(format!("source {id} has no conflict on its {field}")))?;
    let value = chosen(conflict, pick)?;
    factdesk_core::registry::resolve_source(desk, &id, &field, value.clone())?;
    writeln!(out, "{id}  conflict on {field} settled: {value}").map_err(io_err)
}

/// `factdesk story …`.
pub fn story(
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
    let assignment = Assignment {
        editor: to.map(str::to_string),
        by: who.editor.clone(),
        at: who.at,
    };
    let unchanged = session.story().assignee() == to;
    if !unchanged {
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
        Some(e) => writeln!(out, "{id}  assigned to {}", p(e)),
        None => writeln!(out, "{id}  not assigned"),
    }
    .map_err(io_err)
}
