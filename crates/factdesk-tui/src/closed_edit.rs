//! An edit of a story that is not open on the screen (the desk's story
//! details form): the story opened for it through the same edit session
//! as the story screen's, the edit applied and saved, the lock let go,
//! and its undo kept with the undo history the app holds for the story,
//! so that `Ctrl-z` once it is opened undoes it.

use factdesk_core::edit::{Edit, UndoStack, Who};
use factdesk_core::ids::StoryId;
use factdesk_core::session::{EditSession, Saved};
use factdesk_core::store::Desk;

/// Apply `edit` to `story` and save it; `undo` is the story's kept undo
/// history, which gains the edit's undo once it is saved. `Ok(false)`:
/// the edit changed nothing. The error is a line for the status bar.
pub fn apply(
    desk: &Desk,
    story: &StoryId,
    edit: Edit,
    undo: &mut UndoStack,
    who: &Who,
) -> Result<bool, String> {
    let mut session = EditSession::open(desk, story, who).map_err(|e| e.to_string())?;
    let before = std::mem::take(undo);
    session.keep_undo(before.clone());
    let applied = match session.apply(edit, who) {
        Ok(applied) => applied,
        Err(e) => {
            *undo = before;
            return Err(e.to_string());
        }
    };
    if applied.is_none() {
        *undo = before;
        return Ok(false);
    }
    match session.save(who) {
        Ok(Saved::Conflict { ours, .. }) => {
            *undo = before;
            Err(format!(
                "{story} changed on disk meanwhile; your version was kept as {}",
                ours.display()
            ))
        }
        Ok(_) => {
            *undo = session.into_undo();
            Ok(true)
        }
        Err(e) => {
            *undo = before;
            Err(format!("not saved: {e}"))
        }
    }
}
