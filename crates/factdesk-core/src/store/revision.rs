//! Revisions of an article: a corrected version arrives, or `article.txt`
//! was edited by hand.
//!
//! Every earlier text given to factdesk is kept, readable, in the story's
//! folder (`revisions/1.txt` is the text the first revision replaced, and
//! so on), the revision is in the story's history, and the claims are put
//! back on the new text: a claim that only moved quietly, a claim whose
//! quoted words changed flagged for review, a claim whose text is gone
//! kept as an orphan. A hand edit is noticed when the article no longer
//! matches the length and checksum the story recorded; its earlier text
//! was never handed over, so the history says it was not kept.

use sha2::{Digest, Sha256};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::layout::refuse_symlink;
use super::{ARTICLE_FILE, StoryDoc, atomic};
use crate::anchor;
use crate::edit::{self, Edit, Who};
use crate::error::{Error, Result};
use crate::model::{ClaimId, Story, StoryChange};

/// The folder of a story that keeps earlier texts of its article.
pub const REVISIONS_DIR: &str = "revisions";

/// `sha256:` and the hex digest of `text`.
pub fn article_sha256(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// What putting the claims back on a corrected article did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Corrected {
    /// The edits applied, in order (what a save re-applies after a merge).
    pub done: Vec<Edit>,
    /// Claims whose quoted words changed: flagged for review.
    pub review: Vec<ClaimId>,
    /// Claims that only moved.
    pub moved: Vec<ClaimId>,
    /// Claims whose text is gone.
    pub orphaned: Vec<ClaimId>,
}

/// Put every claim of `story` back on its text in `article` (see
/// [`anchor::corrections`]), through the edit path.
pub fn correct(story: &mut Story, article: &str, who: &Who) -> Result<Corrected> {
    let mut out = Corrected::default();
    for e in anchor::corrections(story, article) {
        let (claim, kind) = match &e {
            Edit::Reanchor { claim, to: None } => (*claim, 2),
            Edit::Reanchor { claim, .. } => (*claim, 1),
            Edit::SetReview { claim, .. } => (*claim, 0),
            _ => continue,
        };
        if let Some(applied) = edit::apply(story, e, who)? {
            out.done.push(applied.done);
            let list = match kind {
                0 => &mut out.review,
                1 => &mut out.moved,
                _ => &mut out.orphaned,
            };
            if !list.contains(&claim) {
                list.push(claim);
            }
        }
    }
    // A claim that moved and changed is reported once, as needing review.
    out.moved.retain(|c| !out.review.contains(c));
    Ok(out)
}

/// Whether `article` is not the text the story last recorded.
pub fn article_changed(story: &Story, article: &str, sha: &str) -> bool {
    story.article_len != article.len()
        || story
            .article_sha256
            .as_deref()
            .is_some_and(|recorded| recorded != sha)
}

impl StoryDoc {
    /// The story's folder.
    pub fn dir(&self) -> PathBuf {
        self.file
            .path
            .parent()
            .map_or_else(PathBuf::new, Path::to_path_buf)
    }

    /// See [`StoryDoc::settle`]: claims back on their text, and a hand
    /// edit of `article.txt` recorded as a revision.
    pub(super) fn settle_article(&mut self, who: &Who) -> Result<()> {
        let sha = article_sha256(&self.article);
        let dir = self.dir();
        let story = &mut self.file.value;
        let changed = article_changed(story, &self.article, &sha);
        let fixed = correct(story, &self.article, who)?;
        let unrecorded = story.article_sha256.is_none() && !fixed.done.is_empty();
        self.corrections.extend(fixed.done.iter().cloned());
        if !(changed || unrecorded) {
            return Ok(());
        }
        let revision = story.revision().saturating_add(1);
        // A revision interrupted after its files were written, before the
        // story was: the earlier text is there after all.
        let kept = kept_copy(&dir, revision, story.article_sha256.as_deref());
        let change = StoryChange::Revised {
            revision,
            kept,
            from_len: story.article_len,
            to_len: self.article.len(),
            sha256: Some(sha),
            review: fixed.review,
            moved: fixed.moved,
            orphaned: fixed.orphaned,
        };
        if let Some(applied) = edit::apply(story, Edit::RecordStory { change }, who)? {
            self.corrections.push(applied.done);
        }
        Ok(())
    }

    /// Replace the article with `text`, a corrected version: the current
    /// text is kept as `revisions/N.txt`, `article.txt` rewritten. Returns
    /// the revision's number and the kept file (relative to the story's
    /// folder). The story itself is not changed: see
    /// [`crate::session::EditSession::revise`].
    pub(crate) fn write_revision(&mut self, text: &str) -> Result<(u32, String)> {
        if text == self.article {
            return Err(Error::SameArticle {
                story: self.story().id.to_string(),
            });
        }
        let dir = self.dir();
        let revision = self.story().revision().saturating_add(1);
        let folder = dir.join(REVISIONS_DIR);
        refuse_symlink(&folder)?;
        fs::create_dir_all(&folder).map_err(|e| Error::io(&folder, e))?;
        let name = format!("{REVISIONS_DIR}/{revision}.txt");
        let kept = dir.join(&name);
        refuse_symlink(&kept)?;
        match atomic::write_under(&kept, 3, self.article.as_bytes(), None) {
            Ok(_) => {}
            // Left by an interrupted revision: fine if it is this text.
            Err(Error::ChangedOnDisk { .. })
                if fs::read(&kept).is_ok_and(|b| b == self.article.as_bytes()) => {}
            Err(Error::ChangedOnDisk { path }) => {
                return Err(Error::Invalid {
                    path,
                    why: "an earlier text of the article is already kept under this name".into(),
                });
            }
            Err(e) => return Err(e),
        }
        let article_path = dir.join(ARTICLE_FILE);
        refuse_symlink(&article_path)?;
        let expected = atomic::Fingerprint::of(self.article.as_bytes());
        atomic::write_under(&article_path, 2, text.as_bytes(), Some(expected)).map_err(
            |e| match e {
                Error::ChangedOnDisk { path } => Error::Invalid {
                    path,
                    why: "changed on disk since the story was opened; open it again and revise"
                        .into(),
                },
                e => e,
            },
        )?;
        self.article = text.to_string();
        Ok((revision, name))
    }
}

/// `revisions/N.txt` when it holds the text whose checksum the story
/// recorded.
fn kept_copy(dir: &Path, revision: u32, recorded: Option<&str>) -> Option<String> {
    let name = format!("{REVISIONS_DIR}/{revision}.txt");
    let path = dir.join(&name);
    refuse_symlink(&path).ok()?;
    let text = read_bounded(&path).ok()?;
    (Some(article_sha256(&text).as_str()) == recorded).then_some(name)
}

/// An article file read for a revision: bounded, UTF-8, line endings
/// normalised, exactly as import reads one.
pub fn read_article_file(path: &Path) -> Result<String> {
    read_bounded(path)
}

fn read_bounded(path: &Path) -> Result<String> {
    let max = crate::import::MAX_ARTICLE_BYTES;
    let file = fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut bytes = Vec::new();
    file.take(max as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    crate::import::decode_article(&bytes).map_err(|e| Error::BadArticle {
        path: path.to_path_buf(),
        why: e.to_string(),
    })
}
