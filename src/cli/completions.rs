//! `factdesk completions SHELL` and `factdesk man`: shell completions and
//! manual pages made from the command line's own definitions, so they
//! never disagree with `factdesk help`.

use std::io::Write;

use clap::CommandFactory;
use clap_complete::Shell;

use super::args::Cli;
use super::error::{CliError, Result};
use super::output::stdout_error;

/// The completion script for `shell` on `out`.
pub fn completions(shell: Shell, out: &mut dyn Write) -> Result<()> {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "factdesk", &mut buf);
    out.write_all(&buf).map_err(stdout_error)?;
    Ok(())
}

/// The manual page of factdesk (roff), or of one of its commands
/// (`man story edit` is `factdesk-story-edit(1)`), on `out`.
pub fn man(command: &[String], out: &mut dyn Write) -> Result<()> {
    let mut cmd = Cli::command();
    cmd.build();
    let mut name = "factdesk".to_string();
    for word in command {
        let sub = cmd
            .find_subcommand(word)
            .filter(|s| !s.is_hide_set())
            .cloned()
            .ok_or_else(|| CliError::NoSuchCommand(format!("{name} {word}")))?;
        name = format!("{name}-{word}");
        // clap names are `&'static str`; one page is printed, then the
        // process ends.
        let page: &'static str = Box::leak(name.clone().into_boxed_str());
        cmd = sub.name(page);
    }
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd)
        .render(&mut buf)
        .map_err(stdout_error)?;
    out.write_all(&buf).map_err(stdout_error)?;
    Ok(())
}
