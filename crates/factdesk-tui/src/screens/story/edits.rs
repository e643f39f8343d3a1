//! The story being edited: its edit session (the lock, the document,
//! pending edits and undo), every change applied through it and saved at
//! once, and what saving says.

use crate::action::StoryAt;
use crate::component::Cx;
use factdesk_core::edit::{Edit, UndoStack, Who};
use factdesk_core::model::{ClaimId, Story};
use factdesk_core::session::{EditSession, ReadOnly, Saved};
use factdesk_core::store::SYSTEM_EDITOR;
use factdesk_core::text::{first_line, fit};
use std::path::PathBuf;

pub struct StoryEdits {
    session: EditSession,
    /// Why the last save failed, until one succeeds.
    save_error: Option<String>,
}

impl StoryEdits {
    /// Open `at` for editing (read-only when someone else holds it), and
    /// save at once what loading put right (claims re-anchored). Says why
    /// in the status bar and returns `None` when it cannot be read.
    pub fn open(at: &StoryAt, cx: &mut Cx) -> Option<StoryEdits> {
        let who = cx.who();
        let mut session = match EditSession::open_or_read(&cx.env.desk, &at.story, &who) {
            Ok(session) => session,
            Err(e) => {
                cx.error(e.to_string());
                return None;
            }
        };
        if let Some(prev) = session.took_over() {
            cx.info(format!("took over a stale lock: {prev}"));
        }
        let save_error = session.save(&who).err().map(|e| first_line(&e.to_string()));
        Some(StoryEdits {
            session,
            save_error,
        })
    }

    pub fn into_undo(self) -> UndoStack {
        self.session.into_undo()
    }

    pub fn keep_undo(&mut self, undo: UndoStack) {
        self.session.keep_undo(undo);
    }

    pub fn story(&self) -> &Story {
        self.session.story()
    }

    pub fn article(&self) -> &str {
        self.session.article()
    }

    /// Whether edits are waiting to be saved.
    pub fn is_dirty(&self) -> bool {
        self.session.is_dirty()
    }

    pub fn save_error(&self) -> Option<&str> {
        self.save_error.as_deref()
    }

    /// Why the story cannot be changed here, in a few words for the status
    /// bar ("ben is editing"); the banner above the article says it whole.
    pub fn read_only_why(&self) -> Option<String> {
        self.session.read_only().map(|why| match why {
            ReadOnly::Held(holder) => format!("{} is editing", fit(&holder.editor, 16)),
            ReadOnly::Unlockable(_) => "cannot lock the story".to_string(),
            ReadOnly::Conflict(_) => "changed on disk, reopen it".to_string(),
        })
    }

    /// Whether changes are held here that are not on disk (a save
    /// failed: a full disk, a read-only file).
    pub fn has_unsaved(&self) -> bool {
        self.session.read_only().is_none() && self.session.is_dirty()
    }

    /// Leaving the story: save once more, and keep what still cannot be
    /// saved in a recovery file (see [`factdesk_core::store::recovery`]).
    /// `Ok(Some(path))`: kept there; `Err`: kept nowhere, why.
    pub fn keep_unsaved(&mut self, cx: &mut Cx) -> Result<Option<PathBuf>, String> {
        if self.has_unsaved() {
            self.save(cx);
        }
        let why = self.save_error.clone().unwrap_or_default();
        self.session
            .keep_unsaved(&cx.env.desk, &why)
            .map_err(|e| first_line(&e.to_string()))
    }

    /// Why the story cannot be changed here, as the banner says it;
    /// `None`: editable.
    pub fn read_only(&self) -> Option<String> {
        self.session
            .read_only()
            .map(|why| first_line(&format!("READ-ONLY: {why}")))
    }

    /// Apply `edit` (recorded for undo) and save; the claim it changed,
    /// once applied.
    pub fn apply(&mut self, edit: Edit, cx: &mut Cx) -> Option<ClaimId> {
        match self.session.apply(edit, &cx.who()) {
            Ok(Some(applied)) => {
                self.saved_change(cx);
                Some(applied.claim)
            }
            Ok(None) => None,
            Err(e) => {
                cx.error(e.to_string());
                None
            }
        }
    }

    /// Put `claim` back on the article as it reads now (it may have been
    /// corrected while the claim was deleted), as the desk's own edits.
    pub fn settle(&mut self, claim: ClaimId, cx: &mut Cx) {
        let who = Who {
            editor: SYSTEM_EDITOR.to_string(),
            at: cx.who().at,
        };
        let fixes: Vec<Edit> =
            factdesk_core::anchor::corrections(self.session.story(), self.session.article())
                .into_iter()
                .filter(|e| e.claim() == Some(claim))
                .collect();
        for e in fixes {
            if let Err(e) = self.session.apply(e, &who) {
                return cx.error(e.to_string());
            }
        }
        self.saved_change(cx);
    }

    /// Undo (or redo) the last edit, and save; the claim it changed.
    pub fn undo_redo(&mut self, redo: bool, cx: &mut Cx) -> Option<ClaimId> {
        let who = cx.who();
        let step = if redo {
            self.session.redo(&who)
        } else {
            self.session.undo(&who)
        };
        match step {
            Ok(Some(applied)) => {
                self.saved_change(cx);
                cx.info(if redo { "redone" } else { "undone" });
                Some(applied.claim)
            }
            Ok(None) => {
                cx.info(if redo {
                    "nothing to redo"
                } else {
                    "nothing to undo"
                });
                None
            }
            Err(e) => {
                cx.error(e.to_string());
                None
            }
        }
    }

    /// After a change: saved, and the desk's rows and "seen before" index
    /// told.
    fn saved_change(&mut self, cx: &mut Cx) {
        self.save(cx);
        cx.data.story_changed(self.session.story());
    }

    /// Save now; a failure is shown and the edit kept. A change someone
    /// made to the file meanwhile is merged when it touched other claims;
    /// when it touched the same ones, both versions are kept and the story
    /// turns read-only until it is opened again.
    pub fn save(&mut self, cx: &mut Cx) {
        match self.session.save(&cx.who()) {
            Ok(Saved::Nothing | Saved::Written) => self.save_error = None,
            Ok(Saved::Merged { reapplied }) => {
                self.save_error = None;
                cx.info(format!(
                    "the story was changed on disk; merged, {reapplied} of your edits re-applied"
                ));
            }
            Ok(Saved::Conflict { .. }) => {
                self.save_error = self
                    .session
                    .read_only()
                    .map(|why| first_line(&why.to_string()));
            }
            Err(e) => self.save_error = Some(first_line(&e.to_string())),
        }
    }
}
