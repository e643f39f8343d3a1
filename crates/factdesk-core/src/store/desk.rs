//! The desk: its folder, its settings, and the way to every story and to
//! the source registry in it.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::atomic;
use super::layout::{
    ARTICLE_FILE, DESK_FILE, SOURCES_FILE, STORIES_DIR, STORY_FILE, SYMLINK_REFUSED, refuse_symlink,
};
use super::ron_file::{self, ron_text};
use super::stored::Stored;
use super::story_doc::{SYSTEM_EDITOR, StoryDoc, parse_story};
use crate::edit::Who;
use crate::error::{Error, Result};
use crate::ids::StoryId;
use crate::model::{ClaimOrder, DeskSettings, Source, SourceRegistry, Story};

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

    /// Make `root` a desk (the folder may exist; an existing desk is opened,
    /// which is what seeding the sample desk and the desk generator want).
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

    /// `factdesk init`: make `root` a new desk, refusing a folder that
    /// already is one.
    pub fn init(root: &Path, name: &str, organisation: Option<String>) -> Result<Desk> {
        if Desk::is_desk(root) {
            return Err(Error::AlreadyADesk {
                path: root.to_path_buf(),
            });
        }
        let mut desk = Desk::create(root, name)?;
        if organisation.is_some() {
            desk.settings.organisation = organisation;
            desk.save_settings()?;
        }
        Ok(desk)
    }

    /// The desk at `root` whatever its `desk.ron` says, for
    /// [`super::check`], which reads a desk whose settings may be broken.
    pub(super) fn unchecked(root: &Path) -> Desk {
        Desk {
            root: root.to_path_buf(),
            settings: DeskSettings::new(""),
        }
    }

    /// Rewrite `desk.ron` with the current settings.
    pub fn save_settings(&self) -> Result<()> {
        let mut stored = Stored::<DeskSettings>::load(self.root.join(DESK_FILE))?;
        stored.value = self.settings.clone();
        stored.save()
    }

    /// Remember how the story screen orders claims: `desk.ron` as it is on
    /// disk, with only that setting changed.
    pub fn remember_claim_order(&self, order: ClaimOrder) -> Result<()> {
        let mut stored = Stored::<DeskSettings>::load(self.root.join(DESK_FILE))?;
        if stored.value.claim_order == order {
            return Ok(());
        }
        stored.value.claim_order = order;
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
        let file = Stored::read(value, story_path, fp, text);
        Ok(StoryDoc::new(file, article, repaired))
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
        Ok(StoryDoc::new(file, article.to_string(), false))
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
        let words = crate::ids::slugify(headline, 6);
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

/// Add a source to the registry, refusing an id that is taken.
pub fn add_source(desk: &Desk, source: Source) -> Result<()> {
    let mut registry = desk.load_sources()?;
    if registry.value.get(&source.id).is_some() {
        return Err(Error::DuplicateSource(source.id.to_string()));
    }
    registry.value.sources.push(source);
    registry.save()
}
