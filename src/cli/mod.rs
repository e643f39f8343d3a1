//! The command line: a thin shell over the library. The arguments are in
//! [`args`]; each group of commands has its module, and does its work
//! through `factdesk-core`.
//!
//! Output goes to writers handed in by the caller so every command can be
//! tested without a process.

mod args;
mod claim;
mod completions;
mod desk;
mod error;
mod export;
mod merge_driver;
mod output;
mod resolve;
mod search;
mod seen;
mod session;
mod source;
mod stories;
mod story;
mod story_edit;
mod suggest;
mod sync;
mod tag;
mod unlock;

pub use args::Cli;

use std::io::Write;

use factdesk_core::store::Desk;

use args::{Command, IndexCommand, SourceCommand};
use error::{CliError, is_closed_pipe, report};

/// The editor's name: `--editor`/`FACTDESK_EDITOR` (clap reads both), else
/// the login name.
fn editor_name(flag: Option<&str>) -> String {
    flag.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .or_else(|| {
            ["USER", "LOGNAME", "USERNAME"]
                .iter()
                .filter_map(|v| std::env::var(v).ok())
                .find(|s| !s.trim().is_empty())
        })
        .unwrap_or_else(|| "editor".to_string())
}

/// The whole command line: a subcommand, or the desk screen without one.
/// Returns the process's exit code.
pub fn main(args: Cli) -> i32 {
    let editor = editor_name(args.editor.as_deref());
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    let (weights, problem) = factdesk_core::import::Weights::load_user();
    if let Some(e) = problem {
        report(&mut err, &format!("warning: {e}"));
    }
    weights.install();
    // These run on a folder that may not be a desk (yet), or on git's
    // files outside any desk.
    match &args.command {
        Some(Command::Check) => return desk::check(args.desk.as_deref(), &mut out, &mut err),
        Some(Command::MergeDriver(args)) => return merge_driver::run(args, &mut err),
        // Made from the definitions alone: no desk needed.
        Some(Command::Completions { shell }) => {
            return finish(completions::completions(*shell, &mut out), &mut err);
        }
        Some(Command::Man { command }) => {
            return finish(completions::man(command, &mut out), &mut err);
        }
        // Without --desk, the desk found as usual becomes a repository.
        Some(Command::Init { git: true, .. }) if args.desk.is_none() => {}
        Some(Command::Init {
            name,
            organisation,
            git,
        }) => {
            let dir = args.desk.as_deref();
            if *git {
                return sync::init_at(dir, name, organisation.clone(), &editor, &mut out, &mut err);
            }
            return desk::init(dir, name, organisation.clone(), &mut out, &mut err);
        }
        _ => {}
    }
    let desk = match desk::resolve_desk(args.desk.as_deref()) {
        Ok(d) => d,
        Err(e) => {
            report(&mut err, &e);
            return 1;
        }
    };
    // A desk cloned with plain `git clone` merges through factdesk from
    // its first command on.
    factdesk_core::sync::repo::register_quietly(desk.root(), &sync::this_program());
    match args.command {
        Some(Command::Init { .. }) => sync::init_git(&desk, &editor, &mut out, &mut err),
        Some(command) => run(&desk, &editor, command, &mut out, &mut err),
        None => {
            drop((out, err));
            match screen(desk, editor) {
                Ok(()) => 0,
                Err(e) => {
                    report(&mut std::io::stderr(), &e);
                    1
                }
            }
        }
    }
}

/// The desk screen, which needs a terminal on both ends.
fn screen(desk: Desk, editor: String) -> error::Result<()> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(CliError::NoTerminal);
    }
    Ok(factdesk_tui::run(desk, editor)?)
}

/// Run a subcommand. Returns the process exit code: 0 when everything
/// worked, 1 when something failed (already reported on `err`).
fn run(
    desk: &Desk,
    editor: &str,
    command: Command,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let result = match command {
        Command::Init { .. }
        | Command::Check
        | Command::MergeDriver(_)
        | Command::Completions { .. }
        | Command::Man { .. } => Ok(()),
        Command::Sync(args) => return sync::run(desk, editor, args, out, err),
        Command::Resolve(args) => resolve::claim(desk, editor, &args, out, err),
        Command::Source(SourceCommand::Resolve(args)) => resolve::source(desk, &args, out),
        Command::Import { files, date } => {
            return stories::import(desk, editor, &files, date.as_deref(), out, err);
        }
        Command::Suggest { file, json } => suggest::suggest(&desk.settings, &file, json, out),
        Command::List { page, json } => stories::list(desk, page, json, out, err),
        Command::Show {
            story,
            claim: Some(claim),
            json,
            ..
        } => stories::show_claim(desk, &story, claim, json, out),
        Command::Show {
            story,
            claim: None,
            json,
            deleted,
        } => stories::show(desk, &story, json, deleted, out, err),
        Command::Story(command) => story::story(desk, editor, command, out, err),
        Command::Claim(command) => claim::claim(desk, editor, command, out, err),
        Command::Seen { story, claim, json } => seen::seen(desk, &story, claim, json, out, err),
        Command::History { story, claim } => stories::history(desk, &story, claim, out),
        Command::Tag {
            story,
            claim,
            verdict,
            sources,
            unlink,
            speaker,
            no_speaker,
            note,
            wait,
        } => {
            let args = tag::TagArgs {
                story: &story,
                claim,
                verdict: verdict.as_deref(),
                sources: &sources,
                unlink: &unlink,
                speaker: if no_speaker {
                    Some(None)
                } else {
                    speaker.map(Some)
                },
                note,
                wait,
            };
            tag::tag(desk, editor, args, out, err)
        }
        Command::Source(SourceCommand::Add {
            id,
            name,
            kind,
            url,
            outlet,
            accessed,
        }) => {
            let args = source::AddArgs {
                id: &id,
                name: &name,
                kind: &kind,
                url: url.as_deref(),
                outlet: outlet.as_deref(),
                accessed,
            };
            source::add(desk, args, out)
        }
        Command::Source(SourceCommand::List { json }) => source::list(desk, json, out),
        Command::Index(IndexCommand::Rebuild) => search::rebuild(desk, out, err),
        Command::Index(IndexCommand::Check) => search::check(desk, out, err),
        Command::Index(IndexCommand::Status { json }) => search::status(desk, json, out, err),
        Command::Unlock { story } => unlock::unlock(desk, editor, &story, out),
        Command::Source(SourceCommand::Merge { from, into }) => {
            source::merge(desk, editor, &from, &into, out)
        }
        Command::Search {
            query,
            verdict,
            source,
            speaker,
            outlet,
            dates,
            page,
            json,
        } => {
            let flags = [
                ("verdict", verdict),
                ("source", source),
                ("speaker", speaker),
                ("outlet", outlet),
                ("since", dates.since),
                ("until", dates.until),
            ];
            search::search(desk, &query.join(" "), &flags, page, json, out, err)
        }
        Command::Stats { dates, json } => {
            let flags = [("since", dates.since), ("until", dates.until)];
            search::stats(desk, &flags, json, out, err)
        }
        Command::Export {
            story,
            all,
            format,
            output,
            force,
        } => {
            let story = story.as_deref().filter(|_| !all);
            export::export(desk, story, format, output.as_deref(), force, out, err)
        }
    };
    finish(result, err)
}

/// The exit code of a command's result, its failure reported on `err`.
fn finish(result: error::Result<()>, err: &mut dyn Write) -> i32 {
    match result {
        Ok(()) => 0,
        Err(e) if is_closed_pipe(&e) => 0,
        Err(e) => {
            report(err, &e);
            1
        }
    }
}
