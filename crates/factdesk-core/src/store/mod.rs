//! The desk on disk: a folder of RON files and articles.
//!
//! ```text
//! DESK/
//!   desk.ron
//!   sources.ron
//!   stories/<story-id>/article.txt
//!   stories/<story-id>/story.ron
//! ```
//!
//! Everything that reads or writes those files goes through here, so the
//! rules (ids are slugs, saves are atomic, a file changed behind our back is
//! never overwritten) hold for the screen and the command line alike.

pub mod atomic;
pub mod cache;
pub mod check;
mod ingest;
pub mod lock;
pub mod merge;
pub mod ron_file;

pub use ingest::{
    MAX_SUGGESTED_CLAIMS, add_source, build_story, import_file, import_files, import_text,
    read_article,
};

use chrono::{DateTime, Utc};
use serde::{Serialize, de::DeserializeOwned};
use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use crate::edit::{self, Edit, Who};
use crate::error::{Error, Result};
use crate::model::{Claim, ClaimId, DeskSettings, SourceRegistry, Story};
use crate::slug::StoryId;
use atomic::Fingerprint;

pub const DESK_FILE: &str = "desk.ron";
pub const SOURCES_FILE: &str = "sources.ron";
pub const STORIES_DIR: &str = "stories";
pub const ARTICLE_FILE: &str = "article.txt";
pub const STORY_FILE: &str = "story.ron";

/// Who made the edits of a load or save that the program does by itself
/// (re-anchoring after an article was corrected).
pub const SYSTEM_EDITOR: &str = "factdesk";

/// A value read from a RON file, with what the file looked like then.
#[derive(Debug, Clone)]
pub struct Stored<T> {
    pub value: T,
    pub path: PathBuf,
    seen: Option<Fingerprint>,
    /// The text as last read or written: the common ancestor when merging
    /// with a change made behind our back.
    last: Option<String>,
}

/// The text of a RON file's bytes: UTF-8 and not empty, else a
/// `file:line:col` error.
pub fn ron_text<'a>(bytes: &'a [u8], path: &Path) -> Result<&'a str> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, col) =
            ron_file::line_col(String::from_utf8_lossy(bytes).as_ref(), e.valid_up_to());
        Error::Parse {
            path: path.to_path_buf(),
            line,
            col,
            msg: "not UTF-8 text".into(),
        }
    })?;
    if text.trim().is_empty() {
        return Err(Error::Parse {
            path: path.to_path_buf(),
            line: 1,
            col: 1,
            msg: "the file is empty".into(),
        });
    }
    Ok(text)
}

impl<T: Serialize + DeserializeOwned> Stored<T> {
    fn load(path: PathBuf) -> Result<Self> {
        let (bytes, fp) = atomic::read(&path)?;
        let text = ron_text(&bytes, &path)?;
        let value = ron_file::from_str(text, &path)?;
        Ok(Stored {
            value,
            path,
            seen: Some(fp),
            last: Some(text.to_string()),
        })
    }

    fn new(value: T, path: PathBuf) -> Self {
        Stored {
            value,
            path,
            seen: None,
            last: None,
        }
    }

    /// Write atomically, refusing when the file changed since we read it.
    /// On failure the file on disk is untouched and `value` still holds the
    /// change, so the caller can retry.
    pub fn save(&mut self) -> Result<()> {
        let hint = self.seen.map_or(0, |fp| fp.len());
        let text = ron_file::to_string_sized(&self.value, &self.path, hint)?;
        self.save_text(text)
    }

    /// Write `text`, the value as RON, made by the caller.
    fn save_text(&mut self, text: String) -> Result<()> {
        refuse_symlink(&self.path)?;
        self.seen = Some(atomic::write(&self.path, text.as_bytes(), self.seen)?);
        self.last = Some(text);
        Ok(())
    }
}

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
    pub fn settle(&mut self, who: &Who) -> Result<()> {
        let len = self.article.len();
        let story = &mut self.file.value;
        if story.article_len != len {
            story.article_len = len;
            self.repaired = true;
        }
        for edit in crate::anchor::corrections(story, &self.article) {
            if let Some(applied) = edit::apply(story, edit, who)? {
                self.corrections.push(applied.done);
            }
        }
        Ok(())
    }

    /// The story as RON, byte for byte what serialising it whole gives:
    /// the story without its claims, with each claim's text (from the last
    /// save when the claim is unchanged) spliced in, indented one level.
    fn render(&mut self) -> Result<String> {
        let path = &self.file.path;
        let story = &mut self.file.value;
        let claims = std::mem::take(&mut story.claims);
        let head = ron_file::to_string(&*story, path);
        story.claims = claims;
        let head = head?;
        let Some(head) = head.strip_suffix("  claims: [],\n)\n") else {
            // Not the shape expected: the whole story, the slow way.
            return ron_file::to_string(&self.file.value, path);
        };
        let hint = self.file.seen.map_or(0, |fp| fp.len());
        let mut out = String::with_capacity(usize::try_from(hint).unwrap_or(0) + 4096);
        out.push_str(head);
        if story.claims.is_empty() {
            out.push_str("  claims: [],\n)\n");
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
        out.push_str("  ],\n)\n");
        self.rendered = fresh;
        Ok(out)
    }
}

#[derive(Debug, Clone)]
pub struct Desk {
    root: PathBuf,
    pub settings: DeskSettings,
}

impl Desk {
    pub fn is_desk(root: &Path) -> bool {
        root.join(DESK_FILE).is_file()
    }

    pub fn open(root: &Path) -> Result<Desk> {
        let path = root.join(DESK_FILE);
        if !path.exists() {
            return Err(Error::NotADesk {
                path: root.to_path_buf(),
            });
        }
        let settings = Stored::<DeskSettings>::load(path)?.value;
        Ok(Desk {
            root: root.to_path_buf(),
            settings,
        })
    }

    /// Make `root` a desk (the folder may exist; an existing desk is opened).
    pub fn create(root: &Path, name: &str) -> Result<Desk> {
        if Desk::is_desk(root) {
            return Desk::open(root);
        }
        fs::create_dir_all(root.join(STORIES_DIR)).map_err(|e| Error::io(root, e))?;
        let settings = DeskSettings::new(name);
        let sources = root.join(SOURCES_FILE);
        if !sources.exists() {
            Stored::new(SourceRegistry::default(), sources).save()?;
        }
        Stored::new(settings.clone(), root.join(DESK_FILE)).save()?;
        Ok(Desk {
            root: root.to_path_buf(),
            settings,
        })
    }

    /// Rewrite `desk.ron` with the current settings.
    pub fn save_settings(&self) -> Result<()> {
        let mut stored = Stored::<DeskSettings>::load(self.root.join(DESK_FILE))?;
        stored.value = self.settings.clone();
        stored.save()
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn stories_dir(&self) -> PathBuf {
        self.root.join(STORIES_DIR)
    }

    pub fn story_dir(&self, id: &StoryId) -> PathBuf {
        self.stories_dir().join(id.as_str())
    }

    /// Ids of the desk's stories, sorted. Folders whose names are not valid
    /// ids are reported, not followed.
    pub fn story_ids(&self) -> Result<(Vec<StoryId>, Vec<Error>)> {
        let dir = self.stories_dir();
        let entries = match fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((vec![], vec![])),
            Err(e) => return Err(Error::io(&dir, e)),
        };
        let mut ids = Vec::new();
        let mut problems = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(&dir, e))?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') {
                continue;
            }
            let kind = entry.file_type().ok();
            if kind.is_some_and(|t| t.is_symlink()) {
                problems.push(Error::Invalid {
                    path: entry.path(),
                    why: format!("skipped: {SYMLINK_REFUSED}"),
                });
                continue;
            }
            if !kind.is_some_and(|t| t.is_dir()) {
                continue;
            }
            match StoryId::parse(&name) {
                Ok(id) => ids.push(id),
                Err(e) => problems.push(Error::Invalid {
                    path: entry.path(),
                    why: format!("skipped: {e}"),
                }),
            }
        }
        ids.sort();
        Ok((ids, problems))
    }

    pub fn has_story(&self, id: &StoryId) -> bool {
        self.story_dir(id).join(STORY_FILE).is_file()
    }

    /// Story `id` as it should read: loaded, and its claims put back on
    /// their text if the article was corrected (by [`SYSTEM_EDITOR`], now).
    pub fn load_story(&self, id: &StoryId) -> Result<StoryDoc> {
        let mut doc = self.load_story_file(id)?;
        doc.settle(&Who::now(SYSTEM_EDITOR))?;
        Ok(doc)
    }

    /// Story `id` exactly as its files are: nothing put right yet (see
    /// [`StoryDoc::settle`]).
    pub fn load_story_file(&self, id: &StoryId) -> Result<StoryDoc> {
        let dir = self.story_dir(id);
        refuse_symlink(&dir)?;
        let story_path = dir.join(STORY_FILE);
        refuse_symlink(&story_path)?;
        if !story_path.exists() {
            return Err(Error::UnknownStory(id.to_string()));
        }
        let article_path = dir.join(ARTICLE_FILE);
        refuse_symlink(&article_path)?;
        let article = match fs::read(&article_path) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|e| Error::BadArticle {
                path: article_path.clone(),
                why: format!(
                    "not UTF-8 text (invalid byte at offset {})",
                    e.utf8_error().valid_up_to()
                ),
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::BadArticle {
                    path: article_path,
                    why: "missing: the story folder has no article".into(),
                });
            }
            Err(e) => return Err(Error::io(&article_path, e)),
        };
        let (bytes, fp) = atomic::read(&story_path)?;
        let text = ron_text(&bytes, &story_path)?;
        let (value, repaired) = parse_story(text, &story_path, Some(id))?;
        Ok(StoryDoc {
            rendered: HashMap::new(),
            file: Stored {
                value,
                path: story_path,
                seen: Some(fp),
                last: Some(text.to_string()),
            },
            article,
            corrections: Vec::new(),
            repaired,
        })
    }

    /// Write a new story folder. Refuses to touch an existing one.
    pub fn add_story(&self, story: Story, article: &str) -> Result<StoryDoc> {
        let dir = self.story_dir(&story.id);
        fs::create_dir_all(self.stories_dir()).map_err(|e| Error::io(self.stories_dir(), e))?;
        match fs::create_dir(&dir) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(Error::Invalid {
                    path: dir,
                    why: "a story with this id already exists".into(),
                });
            }
            Err(e) => return Err(Error::io(&dir, e)),
        }
        atomic::write(&dir.join(ARTICLE_FILE), article.as_bytes(), None)?;
        let mut file = Stored::new(story, dir.join(STORY_FILE));
        file.save()?;
        Ok(StoryDoc {
            rendered: HashMap::new(),
            file,
            article: article.to_string(),
            corrections: Vec::new(),
            repaired: false,
        })
    }

    pub fn sources_path(&self) -> PathBuf {
        self.root.join(SOURCES_FILE)
    }

    /// The source registry; a desk without `sources.ron` has an empty one.
    pub fn load_sources(&self) -> Result<Stored<SourceRegistry>> {
        let path = self.sources_path();
        if !path.exists() {
            return Ok(Stored::new(SourceRegistry::default(), path));
        }
        let stored = Stored::<SourceRegistry>::load(path)?;
        let mut seen = HashSet::new();
        for (i, s) in stored.value.sources.iter().enumerate() {
            if !seen.insert(s.id.clone()) {
                let text = fs::read_to_string(&stored.path).unwrap_or_default();
                let (line, col) = ron_file::locate(&text, "id:", i, "id:");
                return Err(Error::Parse {
                    path: stored.path.clone(),
                    line,
                    col,
                    msg: format!("duplicate source id {:?}", s.id.as_str()),
                });
            }
        }
        Ok(stored)
    }

    /// A fresh id for a story about `headline` on `date`, unique in the desk.
    pub fn new_story_id(&self, date: Option<chrono::NaiveDate>, headline: &str) -> StoryId {
        self.new_story_id_except(date, headline, &HashSet::new())
    }

    /// [`Desk::new_story_id`], also avoiding the ids in `taken` (a batch
    /// of stories not yet written).
    pub fn new_story_id_except(
        &self,
        date: Option<chrono::NaiveDate>,
        headline: &str,
        taken: &HashSet<StoryId>,
    ) -> StoryId {
        let date_part = date.map(|d| d.format("%Y-%m-%d").to_string());
        let words = crate::slug::slugify(headline, 6);
        let base = match (date_part, words.is_empty()) {
            (Some(d), false) => format!("{d}-{words}"),
            (Some(d), true) => format!("{d}-story"),
            (None, false) => words,
            (None, true) => "story".to_string(),
        };
        let base = base
            .get(..80)
            .unwrap_or(&base)
            .trim_end_matches('-')
            .to_string();
        let mut n = 1;
        loop {
            let candidate = if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            };
            if let Ok(id) = StoryId::parse(&candidate)
                && !taken.contains(&id)
                && !self.story_dir(&id).exists()
            {
                return id;
            }
            n += 1;
        }
    }
}

const SYMLINK_REFUSED: &str =
    "a symbolic link; factdesk does not follow links in a desk, which could lead outside it";

/// Refuse a story folder or file that is a symbolic link: it could point
/// anywhere, and a save through it would write outside the desk.
pub(crate) fn refuse_symlink(path: &Path) -> Result<()> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(Error::Invalid {
            path: path.to_path_buf(),
            why: SYMLINK_REFUSED.into(),
        }),
        _ => Ok(()),
    }
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

/// What the desk screen and `factdesk list` show of a story.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct StorySummary {
    pub id: StoryId,
    pub date: Option<chrono::NaiveDate>,
    pub outlet: Option<String>,
    pub headline: String,
    pub imported_at: DateTime<Utc>,
    pub counts: crate::model::VerdictCounts,
}

impl StorySummary {
    pub fn of(story: &Story) -> StorySummary {
        StorySummary {
            id: story.id.clone(),
            date: story.date,
            outlet: story.outlet.clone(),
            headline: story.headline.clone(),
            imported_at: story.imported_at,
            counts: story.counts(),
        }
    }
}

impl Desk {
    /// Summaries of every story, newest first (by story date, then import
    /// time). Stories that cannot be read are returned as errors beside the
    /// rest, so one bad file never hides the desk.
    pub fn summaries(&self) -> Result<(Vec<StorySummary>, Vec<Error>)> {
        let mut buf = cache::Buf::default();
        let (stories, problems) = cache::Cache::of_story(self, "summaries")
            .values(&mut buf, |doc| StorySummary::of(doc.story()))?;
        let mut out: Vec<StorySummary> = stories.into_iter().map(|(_, s)| s).collect();
        out.sort_by(|a, b| (b.date, b.imported_at, &a.id).cmp(&(a.date, a.imported_at, &b.id)));
        Ok((out, problems))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{Edit, Who, apply};
    use crate::model::Verdict;

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
}

#[cfg(test)]
mod render_tests {
    use super::*;
    use crate::edit::{Edit, Who, apply};
    use crate::model::Verdict;

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
