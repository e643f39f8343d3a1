//! A story with its article, as loaded for reading or editing, and how its
//! `story.ron` is read (checked, with `file:line:col` errors) and written
//! (re-rendering only the claims that changed).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::ron_file;
use super::stored::Stored;
use crate::edit::{Edit, Who};
use crate::error::{Error, Result};
use crate::ids::StoryId;
use crate::model::{Claim, ClaimId, Story};

/// Who made the edits of a load or save that the program does by itself
/// (re-anchoring after an article was corrected).
pub const SYSTEM_EDITOR: &str = "factdesk";

/// A story with its article, as loaded for reading or editing.
#[derive(Debug, Clone)]
pub struct StoryDoc {
    pub file: Stored<Story>,
    pub article: String,
    /// What loading had to put right, not yet saved: the re-anchoring of
    /// claims after the article was corrected (see [`StoryDoc::settle`]).
    pub corrections: Vec<Edit>,
    /// The file needed a repair that is not an edit (a `next_claim` below
    /// a claim's id); the next save writes it.
    repaired: bool,
    /// Each claim as last written, with its RON text: a save re-renders
    /// only the claims that changed (one, after a tag), which is what keeps
    /// saving a 5,000-claim story fast.
    rendered: HashMap<ClaimId, (Claim, String)>,
}

impl StoryDoc {
    /// `file` with its `article`; `repaired` when reading it had to put
    /// right what is not an edit (see [`parse_story`]).
    pub(super) fn new(file: Stored<Story>, article: String, repaired: bool) -> StoryDoc {
        StoryDoc {
            file,
            article,
            corrections: Vec::new(),
            repaired,
            rendered: HashMap::new(),
        }
    }

    pub fn story(&self) -> &Story {
        &self.file.value
    }

    pub fn story_mut(&mut self) -> &mut Story {
        &mut self.file.value
    }

    pub fn save(&mut self) -> Result<()> {
        let text = self.render()?;
        self.file.save_text(text)?;
        self.corrections.clear();
        self.repaired = false;
        // The archive's index takes the change in from its journal
        // (`stories/ID/story.ron`: the desk is three folders up).
        if let Some(root) = self.file.path.ancestors().nth(3) {
            crate::archive::note_saved(root, &self.story().id);
        }
        Ok(())
    }

    /// Whether the story in memory differs from the file by what loading
    /// put right.
    pub fn needs_save(&self) -> bool {
        self.repaired || !self.corrections.is_empty()
    }

    /// Put every claim back on its text in the article, through the edit
    /// path (so the history says who and when: `who`, usually
    /// [`SYSTEM_EDITOR`] now). The edits are kept in
    /// [`StoryDoc::corrections`] until saved.
    ///
    /// A claim whose quoted words changed is flagged for review; an
    /// article that no longer matches the recorded length and checksum
    /// (edited by hand) is recorded as a revision (see
    /// [`super::revision`]).
    pub fn settle(&mut self, who: &Who) -> Result<()> {
        self.settle_article(who)
    }

    /// The story as RON, byte for byte what serialising it whole gives:
    /// the story without its claims, with each claim's text (from the last
    /// save when the claim is unchanged) spliced in, indented one level.
    fn render(&mut self) -> Result<String> {
        let hint = self.file.size_hint();
        let path = &self.file.path;
        let story = &mut self.file.value;
        let claims = std::mem::take(&mut story.claims);
        let deleted = std::mem::take(&mut story.deleted_claims);
        let head = ron_file::to_string(&*story, path);
        story.claims = claims;
        story.deleted_claims = deleted;
        let head = head?;
        let Some(head) = head.strip_suffix("  claims: [],\n)\n") else {
            // Not the shape expected: the whole story, the slow way.
            return ron_file::to_string(&self.file.value, path);
        };
        let mut out = String::with_capacity(usize::try_from(hint).unwrap_or(0) + 4096);
        out.push_str(head);
        if story.claims.is_empty() {
            out.push_str("  claims: [],\n");
            push_deleted(&mut out, &story.deleted_claims, path)?;
            self.rendered.clear();
            return Ok(out);
        }
        out.push_str("  claims: [\n");
        let mut fresh = HashMap::with_capacity(story.claims.len());
        for claim in &story.claims {
            let (kept, text) = match self.rendered.remove(&claim.id) {
                Some((old, text)) if old == *claim => (old, text),
                _ => {
                    let mut text = String::new();
                    for line in ron_file::to_string(claim, path)?.lines() {
                        text.push_str("    ");
                        text.push_str(line);
                        text.push('\n');
                    }
                    // The closing paren of an element takes a comma.
                    text.pop();
                    text.push_str(",\n");
                    (claim.clone(), text)
                }
            };
            out.push_str(&text);
            fresh.insert(claim.id, (kept, text));
        }
        out.push_str("  ],\n");
        push_deleted(&mut out, &story.deleted_claims, path)?;
        self.rendered = fresh;
        Ok(out)
    }
}

/// The deleted claims, as serialising the whole story writes them after
/// the live ones, and the story's closing paren.
fn push_deleted(out: &mut String, deleted: &[Claim], path: &Path) -> Result<()> {
    if !deleted.is_empty() {
        out.push_str("  deleted_claims: [\n");
        for claim in deleted {
            for line in ron_file::to_string(claim, path)?.lines() {
                out.push_str("    ");
                out.push_str(line);
                out.push('\n');
            }
            out.pop();
            out.push_str(",\n");
        }
        out.push_str("  ],\n");
    }
    out.push_str(")\n");
    Ok(())
}

/// Parse and check the text of a `story.ron` at `path`: a
/// `file:line:col` error for anything wrong, else the story and whether it
/// needed a repair (see [`StoryDoc::needs_save`]). `id`, when given, is the
/// folder the file was found in. Reads nothing else: no clock, no article.
pub fn parse_story(text: &str, path: &Path, id: Option<&StoryId>) -> Result<(Story, bool)> {
    let mut story: Story = ron_file::from_str(text, path)?;
    let repaired = validate_story(&mut story, text, path, id)?;
    Ok((story, repaired))
}

/// Checks that parse cannot: the id matches the folder and claim ids are
/// unique. Returns whether `next_claim` had to be raised.
fn validate_story(
    story: &mut Story,
    text: &str,
    path: &Path,
    id: Option<&StoryId>,
) -> Result<bool> {
    let path = path.to_path_buf();
    let text = || text.to_string();
    if let Some(id) = id
        && &story.id != id
    {
        let (line, col) = ron_file::locate(&text(), "id:", 0, "id:");
        return Err(Error::Parse {
            path,
            line,
            col,
            msg: format!(
                "id {:?} does not match its folder {:?}",
                story.id.as_str(),
                id.as_str()
            ),
        });
    }
    let mut seen = HashSet::new();
    for (i, c) in story.claims.iter().enumerate() {
        if !seen.insert(c.id) {
            // The story's own `id:` comes first, so claim i is occurrence i+1.
            let (line, col) = ron_file::locate(&text(), "id:", i + 1, "id:");
            return Err(Error::Parse {
                path,
                line,
                col,
                msg: format!("duplicate claim id {}", c.id),
            });
        }
    }
    let max = story.claims.iter().map(|c| c.id).max().unwrap_or(0);
    if max == ClaimId::MAX {
        let (line, col) = ron_file::locate(&text(), "id:", 1, "id:");
        return Err(Error::Parse {
            path,
            line,
            col,
            msg: format!("claim id {max} is out of range"),
        });
    }
    if story.next_claim <= max {
        story.next_claim = max + 1;
        return Ok(true);
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{Edit, Who, apply};
    use crate::model::Verdict;
    use crate::store::atomic;
    use crate::store::desk::Desk;
    use crate::store::ingest::import_text;
    use crate::store::layout::STORY_FILE;
    use std::fs;

    #[test]
    fn failed_save_keeps_the_old_file_and_the_change_in_memory() {
        let dir = tempfile::tempdir().unwrap();
        let desk = Desk::create(dir.path(), "t").unwrap();
        let article =
            "Officials said 30 people were hurt on Friday. The mayor said more could follow.\n";
        let id = import_text(&desk, article, &Who::now("ana")).unwrap();
        let path = desk.story_dir(&id).join(STORY_FILE);
        let before = fs::read(&path).unwrap();
        let mut doc = desk.load_story(&id).unwrap();
        let claim = doc.story().claims[0].id;
        let edit = Edit::SetVerdict {
            claim,
            verdict: Verdict::Disputed,
        };
        apply(doc.story_mut(), edit, &Who::now("ana")).unwrap();

        atomic::fault::arm(true);
        let err = doc.save().unwrap_err();
        atomic::fault::arm(false);
        assert!(matches!(err, Error::Io { .. }), "{err}");
        assert_eq!(fs::read(&path).unwrap(), before, "old file damaged");
        assert_eq!(doc.story().claim(claim).unwrap().verdict, Verdict::Disputed);

        // Space again: the same document saves, with the change.
        doc.save().unwrap();
        let again = desk.load_story(&id).unwrap();
        assert_eq!(
            again.story().claim(claim).unwrap().verdict,
            Verdict::Disputed
        );
    }

    /// Saving re-renders only changed claims; what it writes must be what
    /// serialising the whole story gives, byte for byte.
    #[test]
    fn spliced_rendering_equals_whole_serialisation() {
        let dir = tempfile::tempdir().unwrap();
        let desk = Desk::create(&dir.path().join("desk"), "t").unwrap();
        let who = Who::now("ana");
        let article = include_str!("../../../../tests/fixtures/seed.txt");
        let id = import_text(&desk, article, &who).unwrap();
        let mut doc = desk.load_story(&id).unwrap();
        let whole = |doc: &StoryDoc| ron_file::to_string(doc.story(), &doc.file.path).unwrap();
        assert_eq!(doc.render().unwrap(), whole(&doc));
        for (claim, verdict, note) in [
            (
                1,
                Verdict::Confirmed,
                "a note with “quotes”, \\ and \n a line",
            ),
            (3, Verdict::Disputed, ""),
            (1, Verdict::Pending, "again"),
        ] {
            apply(doc.story_mut(), Edit::SetVerdict { claim, verdict }, &who).unwrap();
            apply(
                doc.story_mut(),
                Edit::SetNote {
                    claim,
                    note: note.into(),
                },
                &who,
            )
            .unwrap();
            doc.save().unwrap();
            let on_disk = std::fs::read_to_string(&doc.file.path).unwrap();
            assert_eq!(on_disk, whole(&doc));
        }
        // No claims at all.
        doc.story_mut().claims.clear();
        assert_eq!(doc.render().unwrap(), whole(&doc));
    }
}
