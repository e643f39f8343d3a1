//! The edit session: the one way a story is changed and saved, by the
//! screen, `factdesk tag`, the source merge and the tests alike.
//!
//! A session holds the story's lock (or knows why it cannot, and is then
//! read-only), the loaded document, the edits applied since the last save
//! and the undo history. Every change goes through [`edit::apply`]; every
//! save goes through [`StoryDoc::save_merging`], which merges with a change
//! made on disk meanwhile or keeps both versions.

use std::time::Duration;

use crate::edit::{self, Applied, Edit, UndoStack, Who};
use crate::error::{Error, Result};
use crate::ids::{SourceId, StoryId};
use crate::model::StoryChange;
use crate::model::{SourceRegistry, Story};
use crate::store::lock::{LockHolder, StoryLock, TryLock};
use crate::store::merge::SaveOutcome;
use crate::store::registry_lock::{REGISTRY_WAIT, RegistryLock};
use crate::store::revision::{self, Corrected};
use crate::store::{Desk, SYSTEM_EDITOR, StoryDoc};

/// What [`EditSession::revise`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    pub revision: u32,
    /// The earlier text's file, relative to the story's folder.
    pub kept: String,
    pub corrected: Corrected,
}

/// Why a session cannot change its story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadOnly {
    /// Another editor holds the story's lock.
    Held(LockHolder),
    /// The lock could not be taken at all (a read-only desk, say).
    Unlockable(String),
    /// A save found the file changed on disk on the same claims; our
    /// version was kept beside it. The story must be opened again.
    Conflict(String),
}

impl std::fmt::Display for ReadOnly {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadOnly::Held(holder) => write!(f, "{holder} is editing this story"),
            ReadOnly::Unlockable(why) => write!(f, "cannot lock the story ({why})"),
            ReadOnly::Conflict(why) => f.write_str(why),
        }
    }
}

/// What a session's save did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    /// Nothing was waiting to be saved.
    Nothing,
    /// Written; nobody else had changed the file.
    Written,
    /// The file had changed on disk on other claims; our edits were
    /// re-applied on top of it and written.
    Merged { reapplied: usize },
    /// The file had changed on the same claims: the disk version stays,
    /// ours was written beside it, and the session is read-only now.
    Conflict {
        ours: std::path::PathBuf,
        claims: Vec<crate::model::ClaimId>,
    },
}

/// How long a save waits for the archive's index (another process
/// updating it) before leaving the update to the next reader.
const INDEX_WAIT: std::time::Duration = std::time::Duration::from_millis(100);

#[derive(Debug)]
pub struct EditSession {
    /// The desk the story is in: a save that links sources checks them
    /// against its registry.
    desk: Desk,
    doc: StoryDoc,
    /// Held for the life of the session; `None` when read-only.
    lock: Option<StoryLock>,
    read_only: Option<ReadOnly>,
    /// Edits applied since the last save, in order: what a save re-applies
    /// when the file changed on disk meanwhile.
    pending: Vec<Edit>,
    undo: UndoStack,
}

impl EditSession {
    /// Lock story `id` for `who.editor` and load it; fails with
    /// [`Error::Locked`] when someone else is editing it.
    pub fn open(desk: &Desk, id: &StoryId, who: &Who) -> Result<EditSession> {
        Self::check_exists(desk, id)?;
        let lock = StoryLock::acquire(desk, id, &who.editor)?;
        Self::with_lock(desk, id, Some(lock), None, who)
    }

    /// [`EditSession::open`], waiting up to `timeout` for another editor to
    /// let go; `waiting` is told once who holds it.
    pub fn open_waiting(
        desk: &Desk,
        id: &StoryId,
        who: &Who,
        timeout: Duration,
        waiting: impl FnMut(&LockHolder),
    ) -> Result<EditSession> {
        Self::check_exists(desk, id)?;
        let lock = StoryLock::acquire_waiting(desk, id, &who.editor, timeout, waiting)?;
        Self::with_lock(desk, id, Some(lock), None, who)
    }

    /// For a screen: editable when the lock can be had, else read-only,
    /// saying who holds it. Fails only when the story cannot be read.
    pub fn open_or_read(desk: &Desk, id: &StoryId, who: &Who) -> Result<EditSession> {
        Self::check_exists(desk, id)?;
        let (lock, read_only) = match StoryLock::try_acquire(desk, id, &who.editor) {
            Ok(TryLock::Acquired(lock)) => (Some(lock), None),
            Ok(TryLock::Held { holder, .. }) => (None, Some(ReadOnly::Held(holder))),
            Err(e) => (None, Some(ReadOnly::Unlockable(e.to_string()))),
        };
        Self::with_lock(desk, id, lock, read_only, who)
    }

    /// Say "no such story" before a lock is taken in a folder that may not
    /// exist.
    fn check_exists(desk: &Desk, id: &StoryId) -> Result<()> {
        if desk.has_story(id) {
            Ok(())
        } else {
            desk.load_story_file(id).map(drop)
        }
    }

    fn with_lock(
        desk: &Desk,
        id: &StoryId,
        lock: Option<StoryLock>,
        read_only: Option<ReadOnly>,
        who: &Who,
    ) -> Result<EditSession> {
        let mut doc = desk.load_story_file(id)?;
        let system = Who {
            editor: SYSTEM_EDITOR.to_string(),
            at: who.at,
        };
        doc.settle(&system)?;
        let pending = std::mem::take(&mut doc.corrections);
        Ok(EditSession {
            desk: desk.clone(),
            doc,
            lock,
            read_only,
            pending,
            undo: UndoStack::default(),
        })
    }

    pub fn story(&self) -> &Story {
        self.doc.story()
    }

    pub fn article(&self) -> &str {
        &self.doc.article
    }

    pub fn doc(&self) -> &StoryDoc {
        &self.doc
    }

    /// Why the story cannot be changed here; `None` when it can.
    pub fn read_only(&self) -> Option<&ReadOnly> {
        self.read_only.as_ref()
    }

    /// The stale lock this session took over, to tell the editor.
    pub fn took_over(&self) -> Option<&LockHolder> {
        self.lock.as_ref().and_then(StoryLock::took_over)
    }

    /// Whether there is anything a save would write.
    pub fn is_dirty(&self) -> bool {
        !self.pending.is_empty() || self.doc.needs_save()
    }

    /// Apply `edit` (refused when read-only), record it for undo and for
    /// the next save. `Ok(None)`: it changed nothing.
    pub fn apply(&mut self, edit: Edit, who: &Who) -> Result<Option<Applied>> {
        self.writable()?;
        let applied = edit::apply(self.doc.story_mut(), edit, who)?;
        if let Some(a) = &applied {
            self.undo.record(a);
            self.pending.push(a.done.clone());
        }
        Ok(applied)
    }

    /// Apply `edit` after checking that the sources it links are in
    /// `registry`.
    pub fn apply_checked(
        &mut self,
        edit: Edit,
        registry: &SourceRegistry,
        who: &Who,
    ) -> Result<Option<Applied>> {
        edit.check_sources(registry)?;
        self.apply(edit, who)
    }

    /// Undo the last edit (itself an edit, recorded and saved like any).
    pub fn undo(&mut self, who: &Who) -> Result<Option<Applied>> {
        self.step(who, false)
    }

    pub fn redo(&mut self, who: &Who) -> Result<Option<Applied>> {
        self.step(who, true)
    }

    fn step(&mut self, who: &Who, redo: bool) -> Result<Option<Applied>> {
        self.writable()?;
        let story = self.doc.story_mut();
        let applied = if redo {
            self.undo.redo(story, who)?
        } else {
            self.undo.undo(story, who)?
        };
        if let Some(a) = &applied {
            self.pending.push(a.done.clone());
        }
        Ok(applied)
    }

    /// The undo history, to keep when the story is closed: an editor keeps
    /// one per story for the life of the program, as a text editor keeps
    /// one per buffer.
    pub fn into_undo(self) -> UndoStack {
        self.undo
    }

    /// Continue with an undo history kept from an earlier session.
    pub fn keep_undo(&mut self, undo: UndoStack) {
        self.undo = undo;
    }

    /// Save what is pending, merging with a change made on disk meanwhile.
    /// On failure (a full disk) nothing is lost: the edits stay pending and
    /// the next save tries again.
    ///
    /// A save that links a source holds the registry lock: a source merged
    /// into another meanwhile (`factdesk source merge`) is followed, the
    /// link moved to the source kept, through the edit path, so that no
    /// link ever points at a source that is gone.
    pub fn save(&mut self, who: &Who) -> Result<Saved> {
        if self.read_only.is_some() || !self.is_dirty() {
            return Ok(Saved::Nothing);
        }
        // Someone broke our lock (`factdesk unlock`) and may be editing the
        // story now: keep ours beside it rather than write over theirs.
        if let Some(Err(why)) = self.lock.as_ref().map(StoryLock::check_held) {
            let outcome = self.doc.keep_conflict(Vec::new())?;
            let SaveOutcome::Conflict { ours, claims } = outcome else {
                return Ok(Saved::Nothing);
            };
            let name = ours.file_name().unwrap_or_default().to_string_lossy();
            self.read_only = Some(ReadOnly::Conflict(format!(
                "{why}; your version is kept as {name}; reopen the story"
            )));
            self.pending.clear();
            return Ok(Saved::Conflict { ours, claims });
        }
        let _registry = if self.pending.iter().any(Edit::links) {
            let lock = RegistryLock::acquire(self.desk.root(), REGISTRY_WAIT)?;
            self.follow_merged_sources(who)?;
            Some(lock)
        } else {
            None
        };
        let outcome = match self.doc.save_merging(&self.pending, who)? {
            SaveOutcome::Saved => Saved::Written,
            SaveOutcome::Merged { reapplied } => Saved::Merged { reapplied },
            SaveOutcome::Conflict { ours, claims } => {
                let name = ours.file_name().unwrap_or_default().to_string_lossy();
                let on: Vec<String> = claims.iter().map(|c| format!("#{c}")).collect();
                let why = format!(
                    "changed on disk{}{}; your version is kept as {name}; reopen the story",
                    if on.is_empty() { "" } else { " on claims " },
                    on.join(", ")
                );
                self.read_only = Some(ReadOnly::Conflict(why));
                Saved::Conflict { ours, claims }
            }
        };
        self.pending.clear();
        if matches!(outcome, Saved::Written | Saved::Merged { .. }) {
            // The archive's index holds the story as saved before the next
            // search; busy (being rebuilt), the save's journal note has the
            // next reader take it in.
            crate::archive::index_saved(&self.desk, &self.doc, INDEX_WAIT);
        }
        Ok(outcome)
    }

    /// When there are changes a save could not write (a full disk, a
    /// read-only file), keep the story as it is here in a recovery file
    /// (see [`crate::store::recovery`]) and say where; `None` when there
    /// was nothing unsaved. For an editor leaving the story: the changes
    /// are never dropped without a copy.
    pub fn keep_unsaved(&self, desk: &Desk, why: &str) -> Result<Option<std::path::PathBuf>> {
        if self.read_only.is_some() || !self.is_dirty() {
            return Ok(None);
        }
        crate::store::recovery::keep(desk, &self.doc, why).map(Some)
    }

    /// Move links to sources the registry says were merged into others.
    fn follow_merged_sources(&mut self, who: &Who) -> Result<()> {
        let registry = self.desk.load_sources()?.value;
        if registry.merged.is_empty() {
            return Ok(());
        }
        let mut moves: Vec<(SourceId, SourceId)> = Vec::new();
        for claim in &self.story().claims {
            for link in &claim.sources {
                if registry.get(&link.source).is_none()
                    && let Some(into) = registry.merged_into(&link.source)
                    && !moves.iter().any(|(from, _)| from == &link.source)
                {
                    moves.push((link.source.clone(), into.clone()));
                }
            }
        }
        for (from, into) in moves {
            crate::registry::move_links(self, &from, &into, who)?;
        }
        Ok(())
    }

    /// The unresolved conflicts of the story's claims: what a screen lists
    /// and offers to settle (with [`Edit::Resolve`]).
    pub fn conflicts(&self) -> Vec<(crate::model::ClaimId, &crate::conflict::Conflict)> {
        self.story()
            .claims
            .iter()
            .flat_map(|c| c.conflicts.iter().map(move |x| (c.id, x)))
            .collect()
    }

    /// Take `text`, a corrected version of the article: the current text
    /// kept as `revisions/N.txt`, `article.txt` replaced, every claim put
    /// back on the new text (flagged for review where its quoted words
    /// changed) and the revision in the story's history. Saved with the
    /// next [`EditSession::save`].
    pub fn revise(&mut self, text: &str, who: &Who) -> Result<Revision> {
        self.writable()?;
        let from_len = self.story().article_len;
        let (revision, kept) = self.doc.write_revision(text)?;
        let system = Who {
            editor: SYSTEM_EDITOR.to_string(),
            at: who.at,
        };
        let fixed = revision::correct(self.doc.story_mut(), text, &system)?;
        self.pending.extend(fixed.done.iter().cloned());
        let change = StoryChange::Revised {
            revision,
            kept: Some(kept.clone()),
            from_len,
            to_len: text.len(),
            sha256: Some(revision::article_sha256(text)),
            review: fixed.review.clone(),
            moved: fixed.moved.clone(),
            orphaned: fixed.orphaned.clone(),
        };
        if let Some(applied) = edit::apply(self.doc.story_mut(), Edit::RecordStory { change }, who)?
        {
            self.pending.push(applied.done);
        }
        Ok(Revision {
            revision,
            kept,
            corrected: fixed,
        })
    }

    fn writable(&self) -> Result<()> {
        match &self.read_only {
            None => Ok(()),
            Some(why) => Err(Error::ReadOnly {
                story: self.story().id.to_string(),
                why: why.to_string(),
            }),
        }
    }
}
