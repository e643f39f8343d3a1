//! What a command fails with, and how it is said: one `factdesk: …` line
//! on standard error. The desk's own errors pass through as they are; the
//! rest are the command line's (its flags, finding the desk, the terminal).

use std::io::Write;
use std::path::PathBuf;

use factdesk_core::error::Error;
use factdesk_core::ids::IdError;
use factdesk_core::query::QueryError;

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Desk(#[from] Error),

    /// A search query, or a filter flag, that does not parse.
    #[error(transparent)]
    Query(#[from] QueryError),

    #[error("--source {arg}: stance must be supports, contradicts or context")]
    BadStance { arg: String },

    #[error(
        "nothing to change: give a VERDICT, --source, --unlink, --speaker, --no-speaker or --note"
    )]
    NothingToTag,

    #[error("--source {id} and --unlink {id} at once: give one of them")]
    LinkAndUnlink { id: factdesk_core::ids::SourceId },

    #[error("{story}#{claim} is not linked to source {id} ({linked}); nothing was changed")]
    NotLinked {
        story: String,
        claim: factdesk_core::ids::ClaimId,
        id: factdesk_core::ids::SourceId,
        linked: String,
    },

    /// [`Error::Locked`], with what the command line can do about it.
    #[error("{}: story is being edited by {holder}; try again later or pass --wait", path.display())]
    Locked { path: PathBuf, holder: String },

    /// Saved meanwhile by someone else, on the same claims: theirs is
    /// left as it is, ours kept beside it.
    #[error("{}: changed on disk meanwhile, on {what} too; left as it is, your version was saved as {}", path.display(), ours.display())]
    SaveConflict {
        path: PathBuf,
        what: String,
        ours: PathBuf,
    },

    #[error("{unreadable} {} could not be read; nothing exported", if *unreadable == 1 { "story" } else { "stories" })]
    NothingExported { unreadable: usize },

    /// A flag's value that does not pass its check; nothing was written.
    #[error("{flag}: {why}; nothing was changed")]
    Flag { flag: String, why: String },

    #[error(
        "nothing to change: give --headline, --date, --dateline, --outlet or --url (`factdesk help story edit`)"
    )]
    NothingToEdit,

    #[error("no command {0:?} (`factdesk help` lists them)")]
    NoSuchCommand(String),

    #[error("init needs --desk DIR")]
    InitNeedsDesk,

    #[error("no home folder: pass --desk DIR")]
    NoHomeFolder,

    #[error(
        "no desk to check: ./data is not one and none was made yet (pass --desk DIR; `factdesk --desk DIR init` makes one)"
    )]
    NoDesk,

    /// `resolve`'s SIDE names none of the conflict's sides.
    #[error(
        "{pick:?} is not one of the sides of the conflict on {field}: {sides}; pick one by its number"
    )]
    NotASide {
        pick: String,
        field: String,
        sides: String,
    },

    #[error(
        "unknown field {0:?}: use verdict, text, note, link:SOURCE or deleted (for a source: name, kind, url, outlet, accessed or deleted)"
    )]
    UnknownField(String),

    #[error("the desk screen needs a terminal; use a subcommand (e.g. `factdesk list`) otherwise")]
    NoTerminal,
}

impl From<IdError> for CliError {
    fn from(e: IdError) -> CliError {
        CliError::Desk(e.into())
    }
}

pub type Result<T, E = CliError> = std::result::Result<T, E>;

/// One `factdesk: …` line on stderr. Messages can quote file names and
/// file contents, so they go through [`factdesk_core::text::printable`] too.
pub fn report(err: &mut dyn Write, e: &dyn std::fmt::Display) {
    let _ = writeln!(
        err,
        "factdesk: {}",
        factdesk_core::text::printable(&e.to_string())
    );
}

/// Whether `e` is standard output closed by its reader (`factdesk list |
/// head -1`): the end of the output, not a failure, as for every Unix
/// tool.
pub fn is_closed_pipe(e: &CliError) -> bool {
    matches!(e, CliError::Desk(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe)
}

/// Each of `problems` (stories that could not be read, say) on its line.
pub fn report_all(err: &mut dyn Write, problems: &[Error]) {
    for p in problems {
        report(err, p);
    }
}
