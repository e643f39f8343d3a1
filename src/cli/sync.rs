//! `factdesk sync` and `init --git`: the desk shared through its git
//! repository.

use std::io::Write;
use std::path::{Path, PathBuf};

use factdesk_core::store::Desk;
use factdesk_core::sync::{self, SyncError, SyncOptions};

use super::args::SyncArgs;
use super::error::{CliError, report};

/// The factdesk that git should run as the merge driver: this one.
pub fn this_program() -> PathBuf {
    std::env::current_exe().unwrap_or_else(|_| PathBuf::from("factdesk"))
}

/// `factdesk --desk DIR init --git`: make `dir` a desk if it is not one
/// yet, then a repository. Returns the exit code.
pub fn init_at(
    dir: Option<&Path>,
    name: &str,
    organisation: Option<String>,
    editor: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let desk = dir.ok_or(CliError::InitNeedsDesk).and_then(|dir| {
        Ok(if Desk::is_desk(dir) {
            Desk::open(dir)?
        } else {
            Desk::init(dir, name, organisation)?
        })
    });
    match desk {
        Ok(desk) => init_git(&desk, editor, out, err),
        Err(e) => {
            report(err, &e);
            1
        }
    }
}

/// `factdesk init --git` on an open desk: make it a repository (it may be
/// one already). Returns the exit code.
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

/// `factdesk sync`: one line saying what came in and what went out.
/// Returns the exit code: 2 when the merge or the push needs a person.
pub fn run(
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
