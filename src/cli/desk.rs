//! Finding the desk, and the commands that run before one is open: `init`
//! makes one, `check` reads a folder even when its `desk.ron` is broken.

use std::io::Write;
use std::path::Path;

use factdesk_core::store::Desk;
use factdesk_core::text::printable;

use super::error::{CliError, Result, report};

/// `factdesk init`: make `dir` a new desk and print where it is. Returns
/// the exit code.
pub fn init(
    dir: Option<&Path>,
    name: &str,
    organisation: Option<String>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let made = dir
        .ok_or(CliError::InitNeedsDesk)
        .and_then(|dir| Ok(Desk::init(dir, name, organisation)?));
    match made {
        Ok(desk) => {
            let _ = writeln!(out, "{}", printable(&desk.root().display().to_string()));
            0
        }
        Err(e) => {
            report(err, &e);
            1
        }
    }
}

/// `factdesk check`: every problem of the desk's files, one
/// `file:line:col: message` a line. Returns the exit code. A check never
/// writes: with no desk anywhere it says so and makes none.
pub fn check(flag: Option<&Path>, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let dir = match flag {
        Some(d) => d.to_path_buf(),
        None => match find_desk() {
            Ok(Some(dir)) => dir,
            Ok(None) => {
                report(err, &CliError::NoDesk);
                return 1;
            }
            Err(e) => {
                report(err, &e);
                return 1;
            }
        },
    };
    let checked = factdesk_core::store::check::check_desk(&dir);
    let problems = checked.problems;
    for p in &problems {
        let _ = writeln!(err, "{}", printable(&p.to_string()));
    }
    // Not problems: what a correction of an article or the desk's rules
    // ask an editor to look at.
    for n in &checked.notes {
        let _ = writeln!(
            out,
            "note: {}",
            factdesk_core::text::printable(&n.to_string())
        );
    }
    if problems.is_empty() {
        let _ = writeln!(
            out,
            "{}: no problems",
            printable(&dir.display().to_string())
        );
    }
    i32::from(!problems.is_empty())
}

/// Where the desk is without `--desk`, if there is one: `./data` when it
/// holds a desk, else the platform data folder's when it holds one.
fn find_desk() -> Result<Option<std::path::PathBuf>> {
    let local = Path::new("data");
    if Desk::is_desk(local) {
        return Ok(Some(local.to_path_buf()));
    }
    let dirs = directories::ProjectDirs::from("", "", "factdesk").ok_or(CliError::NoHomeFolder)?;
    let dir = dirs.data_dir().join("desk");
    Ok(Desk::is_desk(&dir).then_some(dir))
}

/// Where the desk is: `--desk`/`FACTDESK_DESK`, else `./data` when it holds
/// a desk, else the platform data folder, created and seeded with the
/// sample story on first run.
pub fn resolve_desk(flag: Option<&Path>) -> Result<Desk> {
    if let Some(dir) = flag {
        return Ok(Desk::open(dir)?);
    }
    if let Some(dir) = find_desk()? {
        return Ok(Desk::open(&dir)?);
    }
    let dirs = directories::ProjectDirs::from("", "", "factdesk").ok_or(CliError::NoHomeFolder)?;
    Ok(factdesk_core::sample::seed(&dirs.data_dir().join("desk"))?)
}
