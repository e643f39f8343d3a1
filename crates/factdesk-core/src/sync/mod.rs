//! A desk shared through git: the engine is the `git` program, and
//! factdesk's part is to merge meaningfully and to make syncing one step.
//!
//! - [`repo::init`] makes a desk a repository (`factdesk init --git`):
//!   `.gitignore` for what is derived or local, `.gitattributes` routing
//!   the desk's files to factdesk's merge driver, the driver registered.
//! - [`driver::merge_driver`] is that driver (`factdesk merge-driver %O %A
//!   %B %P`): the three-way merge of [`crate::merge3`] over the parsed
//!   files, so a plain `git pull` merges claim by claim too.
//! - [`sync`] commits the desk's changes as the editor, fetches, merges,
//!   pushes, and retries a push someone else's push refused.
//! - [`status::status`] and [`status::desk_conflicts`] are what a screen
//!   shows between syncs.
//!
//! A screen runs [`sync`] on a thread of its own (it only needs the
//! [`Desk`](crate::store::Desk), which is `Clone + Send`) and hears of
//! its progress through the callback; the result is a [`SyncReport`] (its
//! `Display` is the one line to show) or a [`SyncError`] (one line too).

mod commit;
pub mod driver;
pub mod git;
pub mod repo;
mod run;
mod same_id;
pub mod status;

pub use run::{PUSH_TRIES, Step, SyncOptions, SyncReport, sync};
pub use status::{DeskConflict, SyncStatus, desk_conflicts, status};

use std::path::PathBuf;

/// Why a sync (or making a desk a repository) could not be done; each
/// renders as one line saying what to do.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("cannot run git ({0}); factdesk shares desks through git: install it")]
    NoGit(String),
    #[error(
        "{}: not a git repository; `factdesk --desk {} init --git` makes the desk one",
        .0.display(), .0.display()
    )]
    NotARepo(PathBuf),
    #[error(
        "{}: the desk is a folder inside the git repository at {}, not a repository of its own; \
         `factdesk --desk {} init --git` makes it one",
        desk.display(), top.display(), desk.display()
    )]
    InsideRepo { desk: PathBuf, top: PathBuf },
    #[error("the desk's repository is not on a branch (a detached HEAD); check out a branch first")]
    Detached,
    #[error(
        "no remote to sync with: add the shared repository with `git remote add origin URL` \
         in the desk folder"
    )]
    NoRemote,
    #[error("no remote {0:?} in the desk's repository (`git remote -v` lists them)")]
    UnknownRemote(String),
    #[error("cannot reach {remote}: {why}")]
    Network { remote: String, why: String },
    #[error(
        "{remote} refused the push {tries} times (others kept pushing meanwhile); \
         everything is committed here: sync again"
    )]
    PushRefused { remote: String, tries: usize },
    #[error("{}", merge_stopped(files, why))]
    MergeStopped { files: Vec<String>, why: String },
    #[error("git {command} failed: {why}")]
    Git { command: String, why: String },
    #[error(transparent)]
    Desk(#[from] crate::Error),
}

fn merge_stopped(files: &[String], why: &str) -> String {
    let on = if files.is_empty() {
        String::new()
    } else {
        format!(" on {}", files.join(", "))
    };
    format!(
        "the merge stopped{on}: {why}; the desk is as it was before the sync, nothing was pushed"
    )
}
