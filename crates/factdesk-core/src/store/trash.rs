//! The desk's trash: deleted stories, kept whole inside the desk.
//!
//! Deleting a story moves its folder to `stories/.trash/` after recording
//! the deletion (who, when, why) in its `story.ron`. Folders whose names
//! start with a dot are never read as stories, so a story in the trash is
//! out of the desk list, search, stats and exports, and `factdesk story
//! restore` brings it back, with the restore on the record too.

use std::fs;
use std::path::PathBuf;

use chrono::{DateTime, Utc};

use super::layout::refuse_symlink;
use super::{Desk, STORY_FILE, atomic, lock::LOCK_FILE, ron_file};
use crate::edit::{Edit, Who};
use crate::error::{Error, Result};
use crate::ids::StoryId;
use crate::model::{Story, StoryChange};
use crate::session::{EditSession, Saved};

/// The trash, inside the stories folder.
pub const TRASH_DIR: &str = ".trash";

/// A story in the trash.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Trashed {
    /// Its folder in the trash: the story id, or `ID.N` when a story of
    /// the same id was deleted before.
    pub folder: String,
    pub id: StoryId,
    pub headline: String,
    pub deleted_at: Option<DateTime<Utc>>,
    pub deleted_by: Option<String>,
    pub note: Option<String>,
}

impl Desk {
    pub fn trash_dir(&self) -> PathBuf {
        self.stories_dir().join(TRASH_DIR)
    }

    /// Move story `id` to the trash, on the record. Refused while another
    /// editor has the story open. Returns its folder in the trash.
    pub fn delete_story(&self, id: &StoryId, note: Option<String>, who: &Who) -> Result<String> {
        let trash = self.trash_dir();
        refuse_symlink(&trash)?;
        fs::create_dir_all(&trash).map_err(|e| Error::io(&trash, e))?;
        let folder = (1..10_000)
            .map(|n| match n {
                1 => id.to_string(),
                n => format!("{id}.{n}"),
            })
            .find(|name| fs::symlink_metadata(trash.join(name)).is_err())
            .ok_or_else(|| Error::Invalid {
                path: trash.clone(),
                why: "no free name in the trash".into(),
            })?;
        let mut session = EditSession::open(self, id, who)?;
        let note = note.map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
        session.apply(
            Edit::RecordStory {
                change: StoryChange::Deleted { note },
            },
            who,
        )?;
        if let Saved::Conflict { ours, .. } = session.save(who)? {
            return Err(Error::Invalid {
                path: ours,
                why: "the story changed on disk meanwhile; not deleted".into(),
            });
        }
        // Moved while the lock is held, so nobody opens it half-way; the
        // lock file then goes with it and is removed from the trash.
        let from = self.story_dir(id);
        let to = trash.join(&folder);
        fs::rename(&from, &to).map_err(|e| Error::io(&from, e))?;
        drop(session);
        let _ = fs::remove_file(to.join(LOCK_FILE));
        Ok(folder)
    }

    /// The stories in the trash, most recently deleted first. Folders that
    /// cannot be read are left out.
    pub fn trashed(&self) -> Result<Vec<Trashed>> {
        let trash = self.trash_dir();
        refuse_symlink(&trash)?;
        let entries = match fs::read_dir(&trash) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::io(&trash, e)),
        };
        let mut out = Vec::new();
        for entry in entries.flatten() {
            if !entry.file_type().is_ok_and(|t| t.is_dir()) {
                continue;
            }
            let folder = entry.file_name().to_string_lossy().into_owned();
            if let Ok(story) = read_story(&entry.path().join(STORY_FILE)) {
                out.push(summary(folder, &story));
            }
        }
        out.sort_by(|a, b| (b.deleted_at, &a.folder).cmp(&(a.deleted_at, &b.folder)));
        Ok(out)
    }

    /// Bring a story back from the trash: `name` is its folder there, or
    /// its id when only one deleted story has it. Refused when the desk
    /// has a story of that id again. Returns the id.
    pub fn restore_story(&self, name: &str, who: &Who) -> Result<StoryId> {
        let trashed = self.trashed()?;
        let mut found = trashed.iter().filter(|t| t.folder == name);
        let pick = match found.next() {
            Some(t) => t,
            None => {
                let same: Vec<&Trashed> =
                    trashed.iter().filter(|t| t.id.as_str() == name).collect();
                match same[..] {
                    [one] => one,
                    [] => return Err(Error::NotInTrash(name.to_string())),
                    _ => {
                        return Err(Error::DeletedMoreThanOnce {
                            story: name.to_string(),
                            folders: same.iter().map(|t| t.folder.clone()).collect(),
                        });
                    }
                }
            }
        };
        let to = self.story_dir(&pick.id);
        if fs::symlink_metadata(&to).is_ok() {
            return Err(Error::Invalid {
                path: to,
                why: "the desk has a story of this id again; not restored over it".into(),
            });
        }
        let from = self.trash_dir().join(&pick.folder);
        refuse_symlink(&from)?;
        fs::rename(&from, &to).map_err(|e| Error::io(&from, e))?;
        let mut session = EditSession::open(self, &pick.id, who)?;
        session.apply(
            Edit::RecordStory {
                change: StoryChange::Restored,
            },
            who,
        )?;
        session.save(who)?;
        Ok(pick.id.clone())
    }
}

fn read_story(path: &std::path::Path) -> Result<Story> {
    refuse_symlink(path)?;
    let (bytes, _) = atomic::read(path)?;
    let text = super::ron_text(&bytes, path)?;
    ron_file::from_str(text, path)
}

fn summary(folder: String, story: &Story) -> Trashed {
    let deletion = story.history.iter().rev().find_map(|h| match &h.change {
        StoryChange::Deleted { note } => Some((h.at, h.editor.clone(), note.clone())),
        _ => None,
    });
    let (deleted_at, deleted_by, note) = match deletion {
        Some((at, by, note)) => (Some(at), Some(by), note),
        None => (None, None, None),
    };
    Trashed {
        folder,
        id: story.id.clone(),
        headline: story.headline.clone(),
        deleted_at,
        deleted_by,
        note,
    }
}
