//! Saving a document that changed on disk behind our back.
//!
//! [`Stored::save`](super::Stored::save) refuses to overwrite a file that
//! changed since it was read. [`StoryDoc::save_merging`] is the save the
//! screen and `factdesk tag` use: when the file changed (another program,
//! a text editor, a `git pull`), it merges the version on disk with ours
//! through the three-way merge of [`crate::merge3`], against the version
//! both came from (the text as we last read or wrote it), and saves the
//! result. Edits on other claims and fields merge; the same field changed
//! two ways is kept both ways as a conflict on the claim. Only when the
//! disk version cannot be read (or is gone) does ours go beside it, as
//! `story.conflict-<UTC time>.ron`, the disk version untouched. Nothing is
//! ever dropped. [`Stored::save_merging`] does the same for `sources.ron`
//! and `desk.ron`.

use chrono::Utc;
use serde::{Serialize, de::DeserializeOwned};
use std::path::{Path, PathBuf};

use super::story_doc::{StoryDoc, parse_story};
use super::{Stored, atomic, ron_file};
use crate::edit::{Edit, Who};
use crate::error::{Error, Result};
use crate::merge3::{self, Merged};
use crate::model::ClaimId;

/// What [`StoryDoc::save_merging`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveOutcome {
    /// Saved; nobody else had changed the file.
    Saved,
    /// The file had changed on disk: merged with ours and saved. The
    /// document now holds the merged story; `reapplied` counts our edits
    /// carried over. Claims both sides changed the same way two ways now
    /// hold conflicts (see [`crate::conflict`]).
    Merged { reapplied: usize },
    /// The file on disk could not be read (or was deleted). It is
    /// untouched; ours was saved as `ours`. The document still holds our
    /// version: reload the story to continue from the disk version.
    Conflict { ours: PathBuf, claims: Vec<ClaimId> },
}

impl StoryDoc {
    /// Save, merging with a change made on disk since the last load or
    /// save. `pending` are the edits applied since then, in order (the
    /// screen keeps them; `tag` passes the ones it made): the merge works
    /// on the documents, so they are only counted; `who` is the editor
    /// saving (the merge itself records no edits). On `Saved` and
    /// `Merged` the caller starts a new pending list.
    pub fn save_merging(&mut self, pending: &[Edit], who: &Who) -> Result<SaveOutcome> {
        let _ = who;
        // A few rounds, in case the file changes again while we merge.
        for _ in 0..3 {
            match self.save() {
                Ok(()) => return Ok(SaveOutcome::Saved),
                Err(Error::ChangedOnDisk { .. }) => {}
                Err(e) => return Err(e),
            }
            match self.merge_with_disk()? {
                Some(conflict) => return Ok(conflict),
                None => match self.save() {
                    Ok(()) => {
                        return Ok(SaveOutcome::Merged {
                            reapplied: pending.len(),
                        });
                    }
                    Err(Error::ChangedOnDisk { .. }) => continue,
                    Err(e) => return Err(e),
                },
            }
        }
        self.keep_conflict(Vec::new())
    }

    /// Merge ours with the disk version. `Ok(None)`: the document now
    /// holds the merged story, ready to save over the disk version;
    /// `Ok(Some(conflict))`: the disk version could not be read, and ours
    /// was kept aside.
    fn merge_with_disk(&mut self) -> Result<Option<SaveOutcome>> {
        let path = self.file.path.clone();
        let id = self.story().id.clone();
        let base = match &self.file.last {
            Some(text) => parse_story(text, &path, Some(&id)).ok().map(|(s, _)| s),
            None => None,
        };
        let (bytes, fp) = match atomic::read_under(&path, self.file.depth) {
            Ok(read) => read,
            // Deleted behind our back: keep ours aside, never recreate.
            Err(_) => return self.keep_conflict(Vec::new()).map(Some),
        };
        let fresh =
            ron_file::ron_text(&bytes, &path).and_then(|text| parse_story(text, &path, Some(&id)));
        let Ok((fresh, _)) = fresh else {
            return self.keep_conflict(Vec::new()).map(Some);
        };
        let Merged { value, .. } = merge3::story(base.as_ref(), &self.file.value, &fresh);
        self.file.value = value;
        self.file.seen = Some(fp);
        self.file.last = std::str::from_utf8(&bytes).ok().map(str::to_string);
        Ok(None)
    }

    /// Write our version beside the story as `story.conflict-<time>.ron`.
    pub(crate) fn keep_conflict(&mut self, claims: Vec<ClaimId>) -> Result<SaveOutcome> {
        let path = &self.file.path;
        let text = ron_file::to_string(&self.file.value, path)?;
        let stamp = Utc::now().format("%Y%m%dT%H%M%SZ");
        for n in 1..100 {
            let ours = conflict_path(path, &stamp.to_string(), n);
            match atomic::write_under(&ours, self.file.depth, text.as_bytes(), None) {
                Ok(_) => return Ok(SaveOutcome::Conflict { ours, claims }),
                Err(Error::ChangedOnDisk { .. }) => continue, // name taken
                Err(e) => return Err(e),
            }
        }
        Err(Error::Invalid {
            path: path.clone(),
            why: "could not find a free name for the conflict copy".into(),
        })
    }
}

fn conflict_path(path: &Path, stamp: &str, n: usize) -> PathBuf {
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    let name = if n == 1 {
        format!("{stem}.conflict-{stamp}.ron")
    } else {
        format!("{stem}.conflict-{stamp}-{n}.ron")
    };
    path.with_file_name(name)
}

impl<T: Serialize + DeserializeOwned + Clone> Stored<T> {
    /// Save, merging with a change made on disk since the last load or
    /// save through `merge` (one of [`crate::merge3`]'s). Errors, with
    /// nothing written, when the disk version cannot be read.
    pub fn save_merging(&mut self, merge: impl Fn(Option<&T>, &T, &T) -> Merged<T>) -> Result<()> {
        for _ in 0..3 {
            match self.save() {
                Err(Error::ChangedOnDisk { .. }) => {}
                done => return done,
            }
            let base = self
                .last
                .as_deref()
                .and_then(|text| ron_file::from_str::<T>(text, &self.path).ok());
            let (bytes, fp) = atomic::read(&self.path)?;
            let text = ron_file::ron_text(&bytes, &self.path)?;
            let theirs: T = ron_file::from_str(text, &self.path)?;
            self.value = merge(base.as_ref(), &self.value, &theirs).value;
            self.seen = Some(fp);
            self.last = Some(text.to_string());
        }
        Err(Error::ChangedOnDisk {
            path: self.path.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::apply;
    use crate::model::Verdict;
    use crate::store::desk::Desk;
    use crate::store::ingest::import_text;
    use crate::store::layout::STORY_FILE;
    use std::fs;

    const ARTICLE: &str = "date 2017-06-16 MOSCOW (AP) – Russia said Friday that it may \
        have killed the leader. The ministry said the strike killed 30 commanders. \
        Officials could not confirm the report on Friday.\n";

    fn desk() -> (tempfile::TempDir, Desk, crate::ids::StoryId) {
        let dir = tempfile::tempdir().unwrap();
        let desk = Desk::create(dir.path(), "t").unwrap();
        let id = import_text(&desk, ARTICLE, &Who::now("ana")).unwrap();
        (dir, desk, id)
    }

    fn verdict(claim: ClaimId, verdict: Verdict) -> Edit {
        Edit::SetVerdict { claim, verdict }
    }

    /// Someone else (another program, a text editor) tags `claim`.
    fn outside_edit(desk: &Desk, id: &crate::ids::StoryId, claim: ClaimId) {
        let mut other = desk.load_story(id).unwrap();
        apply(
            other.story_mut(),
            verdict(claim, Verdict::Disputed),
            &Who::now("ben"),
        )
        .unwrap();
        other.save().unwrap();
    }

    #[test]
    fn edits_on_other_claims_are_merged() {
        let (_d, desk, id) = desk();
        let mut doc = desk.load_story(&id).unwrap();
        assert!(doc.story().claims.len() >= 2, "{:?}", doc.story().claims);
        let (a, b) = (doc.story().claims[0].id, doc.story().claims[1].id);
        let edits = vec![verdict(a, Verdict::Confirmed)];
        let who = Who::now("ana");
        for e in &edits {
            apply(doc.story_mut(), e.clone(), &who).unwrap();
        }
        outside_edit(&desk, &id, b);

        let outcome = doc.save_merging(&edits, &who).unwrap();
        assert_eq!(outcome, SaveOutcome::Merged { reapplied: 1 });
        let disk = desk.load_story(&id).unwrap();
        assert_eq!(disk.story().claim(a).unwrap().verdict, Verdict::Confirmed);
        assert_eq!(disk.story().claim(b).unwrap().verdict, Verdict::Disputed);
        assert_eq!(doc.story(), disk.story());
        // And the next save is an ordinary one.
        apply(doc.story_mut(), verdict(a, Verdict::Pending), &who).unwrap();
        assert_eq!(
            doc.save_merging(&[verdict(a, Verdict::Pending)], &who)
                .unwrap(),
            SaveOutcome::Saved
        );
    }

    #[test]
    fn edits_on_the_same_claim_keep_both_as_a_conflict_in_place() {
        let (_d, desk, id) = desk();
        let mut doc = desk.load_story(&id).unwrap();
        let a = doc.story().claims[0].id;
        let edits = vec![verdict(a, Verdict::Confirmed)];
        let who = Who::now("ana");
        apply(doc.story_mut(), edits[0].clone(), &who).unwrap();
        outside_edit(&desk, &id, a);

        let outcome = doc.save_merging(&edits, &who).unwrap();
        assert_eq!(outcome, SaveOutcome::Merged { reapplied: 1 });
        let disk = desk.load_story(&id).unwrap();
        let claim = disk.story().claim(a).unwrap();
        // Both rulings are kept: one shown, both recorded with who.
        assert_eq!(claim.conflicts.len(), 1);
        let sides: Vec<(Verdict, &str)> = claim.conflicts[0]
            .sides
            .iter()
            .map(|s| match &s.value {
                crate::conflict::Value::Verdict(v) => (*v, s.editor.as_deref().unwrap()),
                other => panic!("{other:?}"),
            })
            .collect();
        assert!(sides.contains(&(Verdict::Confirmed, "ana")), "{sides:?}");
        assert!(sides.contains(&(Verdict::Disputed, "ben")), "{sides:?}");
        assert_eq!(doc.story(), disk.story());
        // No copy beside it: the story file holds everything.
        let copies = std::fs::read_dir(desk.story_dir(&id))
            .unwrap()
            .filter(|e| {
                let name = e.as_ref().unwrap().file_name();
                name.to_string_lossy().contains("conflict")
            })
            .count();
        assert_eq!(copies, 0);
    }

    #[test]
    fn a_garbled_disk_version_is_kept_and_ours_set_aside() {
        let (_d, desk, id) = desk();
        let story_path = desk.story_dir(&id).join(STORY_FILE);
        let mut doc = desk.load_story(&id).unwrap();
        let a = doc.story().claims[0].id;
        let who = Who::now("ana");
        apply(doc.story_mut(), verdict(a, Verdict::Confirmed), &who).unwrap();
        fs::write(&story_path, b"(version: 1, id: \"trunc").unwrap();
        let outcome = doc
            .save_merging(&[verdict(a, Verdict::Confirmed)], &who)
            .unwrap();
        assert!(
            matches!(outcome, SaveOutcome::Conflict { .. }),
            "{outcome:?}"
        );
        assert_eq!(fs::read(&story_path).unwrap(), b"(version: 1, id: \"trunc");
    }
}
