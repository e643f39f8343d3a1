//! Keeping the index current with the story files, without looking at all
//! of them on every command (two stats a story are most of a second on a
//! desk of 40,000 stories).
//!
//! When the index sees a change:
//! - **factdesk's own saves** (tag, the screen, merges, revisions…): every
//!   `StoryDoc::save` notes the story in the journal, and `tag` and the
//!   screen also index it at once; the next reader takes the journal in.
//! - **stories added or removed** by anything (an import, `git pull`, `cp`,
//!   `rm -r`): the `stories/` folder's stamp changes; the next reader lists
//!   it and indexes or drops the difference.
//! - **a story file edited by another program**: before a hit is shown its
//!   story's stamps are checked, so a search never shows a claim as it no
//!   longer is; every reader also checks the stamps of [`ROLLING`] more
//!   stories in turn (the whole desk every `stories / ROLLING` commands);
//!   the archive screen checks every story in the background when it
//!   opens, and `factdesk index check` does it at once.

use std::collections::BTreeSet;

use super::catalog;
use super::engine::{Archive, READER_WAIT, lock};
use crate::error::Result;
use crate::ids::StoryId;
use crate::store::cache::{Cache, StoryKey};
use crate::store::dir::Dir;
use crate::store::{Desk, StoryDoc, atomic};

/// Stories whose stamps each reader checks, in turn.
pub const ROLLING: usize = 1_000;

impl Archive {
    /// Take in the journal, the `stories/` folder's changes and a turn of
    /// the rolling check; the lock must be held.
    pub(crate) fn refresh_locked(&mut self, dir: &Dir) -> Result<()> {
        let journal = catalog::take_journal(dir);
        let mut stale: BTreeSet<StoryId> = changed(&self.desk, &self.catalog, &journal)
            .into_iter()
            .collect();
        let mut removed = Vec::new();
        let mut new_dir = None;
        let taken = atomic::now_ns();
        let now = catalog::stories_stamp(&self.desk);
        if now.is_none() || now != self.catalog.stories_dir {
            let (ids, _) = self.desk.story_ids()?;
            let (added, gone) = difference(&self.catalog, &ids);
            stale.extend(added);
            removed.extend(gone);
            new_dir = Some(now.filter(|s| !s.racy_dir(taken)));
        }
        if self.catalog.len() > 0 {
            let (turn, next) = self.catalog.turn(catalog::read_cursor(dir), ROLLING);
            stale.extend(changed(&self.desk, &self.catalog, &turn));
            catalog::write_cursor(&self.desk, next);
        }
        let stale: Vec<StoryId> = stale.into_iter().collect();
        self.update_locked(&stale, &removed, new_dir)?;
        catalog::clear_journal(dir);
        if self.catalog.logged > catalog::LOG_FOLD {
            catalog::write(&self.desk, &mut self.catalog)?;
        }
        Ok(())
    }

    /// Take in what happened since this archive was opened: other
    /// processes' commits and catalog changes, the journal, the `stories/`
    /// folder and a turn of the rolling check. For an archive kept open
    /// (the screen) before it is searched again.
    pub fn refresh(&mut self) -> Result<()> {
        if self.in_memory {
            return Ok(());
        }
        let dir = catalog::folder(&self.desk)?;
        let _held = lock(&dir, READER_WAIT)?;
        match catalog::read(&dir) {
            Some(c) if c.epoch == self.catalog.epoch => {
                self.catalog = c;
                self.reader.reload().map_err(|e| self.damaged_error(e))?;
            }
            // Rebuilt meanwhile (or damaged): open it anew.
            _ => {
                *self = match Archive::open_locked(&self.desk, &dir) {
                    Some(a) => a,
                    None => Archive::rebuild_locked(&self.desk, &dir, &mut |_, _| {})?,
                };
            }
        }
        self.refresh_locked(&dir)
    }

    /// See what has been committed to the index since (a save of this
    /// process), without the rest of [`Archive::refresh`]: a fraction of a
    /// millisecond. An index rebuilt meanwhile is left to `refresh`.
    pub fn reload(&mut self) {
        let _ = self.reader.reload();
    }

    /// The check of every story's stamps, for a thread of its own.
    pub fn stamp_check(&self) -> StampCheck {
        StampCheck {
            desk: self.desk.clone(),
            catalog: self.catalog.clone(),
        }
    }

    /// Index anew those of `ids` whose files changed; true when any did.
    pub fn verify(&mut self, ids: &[StoryId]) -> Result<bool> {
        if self.in_memory {
            return Ok(false);
        }
        let stale = changed(&self.desk, &self.catalog, ids);
        if stale.is_empty() {
            return Ok(false);
        }
        let dir = catalog::folder(&self.desk)?;
        let _held = lock(&dir, READER_WAIT)?;
        let (gone, stale): (Vec<StoryId>, Vec<StoryId>) = stale
            .into_iter()
            .partition(|id| StoryKey::of(&self.desk.story_dir(id), true).is_none());
        self.update_locked(&stale, &gone, None)?;
        Ok(true)
    }

    /// Check every story's stamps, and the `stories/` folder, and index
    /// what changed: what `factdesk index check` and the archive screen do
    /// to see edits made by other programs. The number of stories indexed
    /// anew or dropped.
    pub fn verify_all(&mut self) -> Result<usize> {
        if self.in_memory {
            return Ok(0);
        }
        let dir = catalog::folder(&self.desk)?;
        let _held = lock(&dir, READER_WAIT)?;
        // Forget the folder's stamp: it is listed now.
        self.catalog.stories_dir = None;
        let (stale, removed) = check_every_story(&self.desk, &self.catalog)?;
        let n = stale.len() + removed.len();
        let taken = atomic::now_ns();
        let dir_now = catalog::stories_stamp(&self.desk).filter(|s| !s.racy_dir(taken));
        self.update_locked(&stale, &removed, Some(dir_now))?;
        Ok(n)
    }

    /// The desk the archive indexes.
    pub fn desk(&self) -> &Desk {
        &self.desk
    }
}

/// The check of every story's stamps against the index, made on another
/// thread while the screen goes on: from a copy of the archive's catalog
/// that shares its mapped file, so no second index is opened nor the
/// catalog mapped twice (on 100,000 stories that was the screen's peak of
/// memory). It takes no lock: [`Archive::verify`] takes what it finds in,
/// stat-ing those stories again and reading them under the lock.
pub struct StampCheck {
    desk: Desk,
    catalog: catalog::Catalog,
}

impl StampCheck {
    /// The stories to verify: changed, added or gone (none if the desk
    /// cannot be listed).
    pub fn run(self) -> Vec<StoryId> {
        match check_every_story(&self.desk, &self.catalog) {
            Ok((mut stale, removed)) => {
                stale.extend(removed);
                stale
            }
            Err(_) => Vec::new(),
        }
    }
}

/// Every story whose files are not as `catalog` has them (changed, or
/// added), and those it has that are no longer on disk: two stats a
/// story and a listing of `stories/`.
fn check_every_story(
    desk: &Desk,
    catalog: &catalog::Catalog,
) -> Result<(Vec<StoryId>, Vec<StoryId>)> {
    let before: Vec<StoryId> = catalog.ids().collect();
    let stale = changed(desk, catalog, &before);
    let (ids, _) = desk.story_ids()?;
    let (added, removed) = difference(catalog, &ids);
    let gone: BTreeSet<&StoryId> = removed.iter().collect();
    let mut stale: BTreeSet<StoryId> = stale.into_iter().filter(|id| !gone.contains(id)).collect();
    stale.extend(added);
    Ok((stale.into_iter().collect(), removed))
}

/// The stories on disk (`on_disk`) `catalog` lacks, and those it has that
/// are not on disk: one walk of both in order.
fn difference(catalog: &catalog::Catalog, on_disk: &[StoryId]) -> (Vec<StoryId>, Vec<StoryId>) {
    let mut disk: Vec<&StoryId> = on_disk.iter().collect();
    disk.sort();
    disk.dedup();
    let (mut added, mut removed) = (Vec::new(), Vec::new());
    let mut disk = disk.into_iter().peekable();
    for id in catalog.ids() {
        while let Some(d) = disk.next_if(|d| **d < id) {
            added.push(d.clone());
        }
        if disk.next_if(|d| **d == id).is_none() {
            removed.push(id);
        }
    }
    added.extend(disk.cloned());
    (added, removed)
}

/// Those of `ids` whose files are not as `catalog` has them.
fn changed(desk: &Desk, catalog: &catalog::Catalog, ids: &[StoryId]) -> Vec<StoryId> {
    let keys = Cache::keys_of(desk, ids);
    ids.iter()
        .zip(keys)
        .filter(|(id, key)| match catalog.get(id).map(|e| e.key) {
            // Stamps taken too close to a change to vouch for the story:
            // looked at again, and dropped if it is gone meanwhile.
            Some(None) => true,
            indexed => indexed != Some(*key),
        })
        .map(|(id, _)| id.clone())
        .collect()
}

/// `doc` was just saved: bring the desk's index up to date with it, if
/// there is an index and it can be had within `wait`, without reading the
/// rest of the desk. Never fails the save: an index that is busy, missing
/// or damaged is left to the next reader (the save noted the story in the
/// journal). True when the index holds the story as saved.
pub fn index_saved(desk: &Desk, doc: &StoryDoc, wait: std::time::Duration) -> bool {
    let Ok(dir) = catalog::folder(desk) else {
        return false;
    };
    let Ok(Some(held)) = lock(&dir, wait) else {
        return false;
    };
    let ok = super::engine::index_doc_quick(desk, doc).unwrap_or(false);
    drop(held);
    ok
}
