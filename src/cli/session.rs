//! Opening a story for editing from the command line, and saving it: the
//! lock (waited for with `--wait`), a stale lock taken over said aloud, a
//! save that collides with another editor's refused by name.

use std::io::Write;

use factdesk_core::edit::Who;
use factdesk_core::error::Error;
use factdesk_core::ids::StoryId;
use factdesk_core::session::{EditSession, Saved};
use factdesk_core::store::Desk;
use factdesk_core::store::lock::DEFAULT_WAIT;

use super::error::{CliError, Result, report};

/// Open story `id` for editing, or wait for it with `--wait`; taking over
/// a stale lock is said on `err`.
pub fn open(
    desk: &Desk,
    id: &StoryId,
    who: &Who,
    wait: bool,
    err: &mut dyn Write,
) -> Result<EditSession> {
    let session = if wait {
        EditSession::open_waiting(desk, id, who, DEFAULT_WAIT, |holder| {
            let _ = writeln!(
                err,
                "factdesk: {id} is being edited by {holder}; waiting up to {} s…",
                DEFAULT_WAIT.as_secs()
            );
        })
    } else {
        EditSession::open(desk, id, who)
    }
    .map_err(|e| match e {
        Error::Locked { path, holder } if !wait => CliError::Locked { path, holder },
        e => e.into(),
    })?;
    if let Some(old) = session.took_over() {
        report(
            err,
            &format!("took over the stale lock of {old} (that session is gone)"),
        );
    }
    Ok(session)
}

/// Save the session; a save that met another editor's changes to the
/// same claims (`what`: "claim #3") is an error naming where ours went.
pub fn save(session: &mut EditSession, who: &Who, what: &str) -> Result<()> {
    if let Saved::Conflict { ours, .. } = session.save(who)? {
        return Err(CliError::SaveConflict {
            path: session.doc().file.path.clone(),
            what: what.to_string(),
            ours,
        });
    }
    Ok(())
}
