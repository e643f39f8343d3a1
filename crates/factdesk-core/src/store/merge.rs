//! Saving a story that changed on disk behind our back.
//!
//! [`Stored::save`](super::Stored::save) refuses to overwrite a file that
//! changed since it was read. [`StoryDoc::save_merging`] is the save the
//! screen and `factdesk tag` use: when the file changed, it reloads it and
//! re-applies the editor's pending edits through [`edit::apply`] if none
//! of them touches a claim the outside change touched. Otherwise it keeps
//! both: the disk version stays as it is and ours is written next to it as
//! `story.conflict-<UTC time>.ron`. Nothing is ever dropped.

use chrono::Utc;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::story_doc::{StoryDoc, parse_story};
use super::{atomic, ron_file};
use crate::edit::{self, Edit, Who};
use crate::error::{Error, Result};
use crate::model::{ClaimId, Story};

/// What [`StoryDoc::save_merging`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveOutcome {
    /// Saved; nobody else had changed the file.
    Saved,
    /// The file had changed on disk, on other claims: our edits were
    /// re-applied on top of that version and saved. The document now holds
    /// the merged story.
    Merged { reapplied: usize },
    /// The file had changed on disk on the claims we edited (or could not
    /// be read). The disk version is untouched; ours was saved as
    /// `ours`. The document still holds our version: reload the story to
    /// continue from the disk version.
    Conflict { ours: PathBuf, claims: Vec<ClaimId> },
}

impl StoryDoc {
    /// Save, merging with a change made on disk since the last load or
    /// save. `pending` are the edits applied since then, in order (the
    /// screen keeps them; `tag` passes the ones it made); `who` is recorded
    /// when they are re-applied. On `Saved` and `Merged` the caller starts a
    /// new pending list.
    pub fn save_merging(&mut self, pending: &[Edit], who: &Who) -> Result<SaveOutcome> {
        // A few rounds, in case the file changes again while we merge.
        for _ in 0..3 {
            match self.save() {
                Ok(()) => return Ok(SaveOutcome::Saved),
                Err(Error::ChangedOnDisk { .. }) => {}
                Err(e) => return Err(e),
            }
            match self.merge_with_disk(pending, who)? {
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

    /// Rebase our pending edits on the disk version. `Ok(None)`: the
    /// document now holds the merged story, ready to save over the disk
    /// version; `Ok(Some(conflict))`: ours was kept aside.
    fn merge_with_disk(&mut self, pending: &[Edit], who: &Who) -> Result<Option<SaveOutcome>> {
        let path = self.file.path.clone();
        let id = self.story().id.clone();
        let base = match &self.file.last {
            Some(text) => parse_story(text, &path, Some(&id)).ok().map(|(s, _)| s),
            None => None,
        };
        let (bytes, fp) = match atomic::read(&path) {
            Ok(read) => read,
            // Deleted behind our back: keep ours aside, never recreate.
            Err(_) => return self.keep_conflict(Vec::new()).map(Some),
        };
        let fresh =
            ron_file::ron_text(&bytes, &path).and_then(|text| parse_story(text, &path, Some(&id)));
        let (Some(base), Ok((fresh, _))) = (base, fresh) else {
            return self.keep_conflict(Vec::new()).map(Some);
        };
        let theirs = changed_claims(&base, &fresh);
        let ours: BTreeSet<ClaimId> = pending.iter().filter_map(Edit::claim).collect();
        let mut clash: Vec<ClaimId> = theirs.intersection(&ours).copied().collect();
        // New claims take the next id: if they added claims too, the edits
        // that refer to our new claims' ids would land on theirs.
        let adds = pending.iter().any(|e| matches!(e, Edit::AddClaim { .. }));
        if adds && fresh.next_claim != base.next_claim {
            clash.extend(ours.iter().filter(|c| base.claim(**c).is_none()));
        }
        if !clash.is_empty() {
            clash.sort_unstable();
            clash.dedup();
            return self.keep_conflict(clash).map(Some);
        }
        let mut merged = fresh;
        for edit in pending {
            if edit::apply(&mut merged, edit.clone(), who).is_err() {
                let claims = edit.claim().into_iter().collect();
                return self.keep_conflict(claims).map(Some);
            }
        }
        self.file.value = merged;
        self.file.seen = Some(fp);
        self.file.last = std::str::from_utf8(&bytes).ok().map(str::to_string);
        Ok(None)
    }

    /// Write our version beside the story as `story.conflict-<time>.ron`.
    fn keep_conflict(&mut self, claims: Vec<ClaimId>) -> Result<SaveOutcome> {
        let path = &self.file.path;
        let text = ron_file::to_string(&self.file.value, path)?;
        let stamp = Utc::now().format("%Y%m%dT%H%M%SZ");
        for n in 1..100 {
            let ours = conflict_path(path, &stamp.to_string(), n);
            match atomic::write(&ours, text.as_bytes(), None) {
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

/// Ids of the claims that differ between two versions of a story, added
/// and removed ones included.
fn changed_claims(a: &Story, b: &Story) -> BTreeSet<ClaimId> {
    let ids: BTreeSet<ClaimId> = a.claims.iter().chain(&b.claims).map(|c| c.id).collect();
    ids.into_iter()
        .filter(|&id| a.claim(id) != b.claim(id))
        .collect()
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
    fn edits_on_the_same_claim_keep_both_versions() {
        let (_d, desk, id) = desk();
        let story_path = desk.story_dir(&id).join(STORY_FILE);
        let mut doc = desk.load_story(&id).unwrap();
        let a = doc.story().claims[0].id;
        let edits = vec![verdict(a, Verdict::Confirmed)];
        let who = Who::now("ana");
        apply(doc.story_mut(), edits[0].clone(), &who).unwrap();
        outside_edit(&desk, &id, a);
        let theirs = fs::read(&story_path).unwrap();

        let outcome = doc.save_merging(&edits, &who).unwrap();
        let SaveOutcome::Conflict { ours, claims } = outcome else {
            panic!("merged a conflicting edit: {outcome:?}");
        };
        assert_eq!(claims, [a]);
        assert_eq!(
            fs::read(&story_path).unwrap(),
            theirs,
            "disk version changed"
        );
        let name = ours.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with("story.conflict-") && name.ends_with(".ron"),
            "{name}"
        );
        let kept: Story = ron_file::from_str(&fs::read_to_string(&ours).unwrap(), &ours).unwrap();
        assert_eq!(kept.claim(a).unwrap().verdict, Verdict::Confirmed);
        assert_eq!(
            desk.load_story(&id)
                .unwrap()
                .story()
                .claim(a)
                .unwrap()
                .verdict,
            Verdict::Disputed
        );
        // The desk still lists the story once.
        assert_eq!(desk.summaries().unwrap().0.len(), 1);
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
