//! `factdesk unlock`: break a story's lock by hand, saying whose it was.

use std::io::Write;

use factdesk_core::store::Desk;
use factdesk_core::store::lock;

use super::error::Result;
use super::output::line;

pub fn unlock(desk: &Desk, editor: &str, story: &str, out: &mut dyn Write) -> Result<()> {
    let id = desk.resolve_story(story)?;
    match lock::unlock(desk, &id, editor)? {
        None => line(out, format!("{id}: not locked"))?,
        Some(broke) => {
            let whose = broke.holder.map_or_else(
                || "a lock that named nobody".to_string(),
                |h| format!("the lock of {h}"),
            );
            line(
                out,
                format!("{id}: broke {whose}; recorded in {}", lock::BROKEN_FILE),
            )?;
        }
    }
    Ok(())
}
