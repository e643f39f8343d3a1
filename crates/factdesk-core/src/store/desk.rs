//! The desk: its folder, its settings, and the way to every story and to
//! the source registry in it.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::atomic::{self, Fingerprint};
use super::build::Build;
use super::dir::{Dir, Kind};
use super::layout::{
    ARTICLE_FILE, DESK_FILE, MAX_ARTICLE_BYTES, SOURCES_FILE, STORIES_DIR, STORY_FILE,
    SYMLINK_REFUSED,
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
        fs::create_dir_all(root).map_err(|e| Error::io(root, e))?;
        Dir::open(root)?.sub_or_create(STORIES_DIR)?;
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

    /// Rewrite `desk.ron` with the current settings (under the registry
    /// lock; see [`Desk::update_settings`] to change one field).
    pub fn save_settings(&mut self) -> Result<()> {
        let settings = self.settings.clone();
        self.update_settings(|s| *s = settings)
    }

    /// Remember how the story screen orders claims: `desk.ron` as it is on
    /// disk, with only that setting changed (under the registry lock, like
    /// every other write of `desk.ron`).
    pub fn remember_claim_order(&self, order: ClaimOrder) -> Result<()> {
        let _lock = super::registry_lock::RegistryLock::acquire(
            &self.root,
            super::registry_lock::REGISTRY_WAIT,
        )?;
        let mut stored = Stored::<DeskSettings>::load(self.root.join(DESK_FILE))?;
        if stored.value.claim_order == order {
            return Ok(());
        }
        stored.value.claim_order = order;
        stored.save_merging(crate::merge3::settings)
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

    /// The `stories/` folder, opened without following a link; `None`
    /// when the desk has none yet.
    pub(super) fn stories_handle(&self) -> Result<Option<Dir>> {
        let root = Dir::open(&self.root)?;
        match root.sub(STORIES_DIR) {
            Ok(d) => Ok(Some(d)),
            Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// The `stories/` folder, made when missing.
    pub(super) fn stories_handle_or_create(&self) -> Result<Dir> {
        Dir::open(&self.root)?.sub_or_create(STORIES_DIR)
    }

    /// Story `id`'s folder, opened without following a link at any level
    /// below the desk root.
    pub(super) fn story_handle(&self, id: &StoryId) -> Result<Dir> {
        let Some(stories) = self.stories_handle()? else {
            return Err(Error::UnknownStory(id.to_string()));
        };
        match stories.sub(id.as_str()) {
            Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                Err(Error::UnknownStory(id.to_string()))
            }
            other => other,
        }
    }

    /// Ids of the desk's stories, sorted. Folders whose names are not valid
    /// ids are reported, not followed.
    pub fn story_ids(&self) -> Result<(Vec<StoryId>, Vec<Error>)> {
        let Some(dir) = self.stories_handle()? else {
            return Ok((vec![], vec![]));
        };
        let mut ids = Vec::new();
        let mut problems = Vec::new();
        for (name, kind) in dir.entries()? {
            let name = name.to_string_lossy();
            if name.starts_with('.') {
                continue;
            }
            if kind == Kind::Symlink {
                problems.push(Error::Invalid {
                    path: dir.join(&name),
                    why: format!("skipped: {SYMLINK_REFUSED}"),
                });
                continue;
            }
            if kind != Kind::Dir {
                continue;
            }
            match StoryId::parse(&name) {
                Ok(id) => ids.push(id),
                Err(e) => problems.push(Error::Invalid {
                    path: dir.join(&name),
                    why: format!("skipped: {e}"),
                }),
            }
        }
        ids.sort();
        Ok((ids, problems))
    }

    /// The story an editor means by `arg`: its id, or the start of one id
    /// of the desk ("2025-03-14-flo"). A start that several ids share is
    /// refused naming them, as is one that none has.
    pub fn resolve_story(&self, arg: &str) -> Result<StoryId> {
        let arg = arg.trim();
        let parsed = StoryId::parse(arg);
        if let Ok(id) = &parsed
            && self.has_story(id)
        {
            return Ok(id.clone());
        }
        // Only what could start an id is looked for; anything else ("../x")
        // is refused as the id it is not.
        let could_start = !arg.is_empty()
            && arg
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !could_start {
            return Ok(parsed?);
        }
        let (ids, _) = self.story_ids()?;
        let mut matches: Vec<StoryId> = ids
            .into_iter()
            .filter(|id| id.as_str().starts_with(arg) && id.as_str() != arg)
            .collect();
        match matches.len() {
            // Loading says why an id that names no story is none (no such
            // folder, a symbolic link refused).
            0 => Ok(parsed?),
            1 => Ok(matches.remove(0)),
            count => Err(Error::AmbiguousStory {
                prefix: arg.to_string(),
                count,
                matches: matches.iter().take(8).map(ToString::to_string).collect(),
            }),
        }
    }

    pub fn has_story(&self, id: &StoryId) -> bool {
        self.story_handle(id)
            .and_then(|d| d.meta(STORY_FILE))
            .is_ok_and(|m| m.is_some_and(|m| m.kind == Kind::File))
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
        let dir = self.story_handle(id)?;
        let story_path = dir.join(STORY_FILE);
        if dir.meta(STORY_FILE)?.is_none() {
            return Err(Error::UnknownStory(id.to_string()));
        }
        let article_path = dir.join(ARTICLE_FILE);
        let article = match dir.read(ARTICLE_FILE, MAX_ARTICLE_BYTES, "an article")? {
            Some((bytes, _)) => String::from_utf8(bytes).map_err(|e| Error::BadArticle {
                path: article_path.clone(),
                why: format!(
                    "not UTF-8 text (invalid byte at offset {})",
                    e.utf8_error().valid_up_to()
                ),
            })?,
            None => {
                return Err(Error::BadArticle {
                    path: article_path,
                    why: "missing: the story folder has no article".into(),
                });
            }
        };
        let (bytes, fp) = match atomic::read_in(&dir, STORY_FILE) {
            Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::UnknownStory(id.to_string()));
            }
            other => other?,
        };
        let text = ron_text(&bytes, &story_path)?;
        let (value, repaired) = parse_story(text, &story_path, Some(id))?;
        let file = Stored::read(value, story_path, fp, text).under(2);
        Ok(StoryDoc::new(file, article, repaired))
    }

    /// Write a new story folder, whole or not at all (see
    /// [`super::build`]). When its id is taken meanwhile (another import
    /// of the same article at the same moment), the story takes the next
    /// free one (`-2`, `-3`, ...).
    pub fn add_story(&self, story: Story, article: &str) -> Result<StoryDoc> {
        self.add_story_with(story, article, &[])
    }

    /// [`Desk::add_story`], with `extra` files `(name, bytes)` beside the
    /// article (the page or feed item it was imported from).
    pub fn add_story_with(
        &self,
        mut story: Story,
        article: &str,
        extra: &[(&str, &[u8])],
    ) -> Result<StoryDoc> {
        let stories = self.stories_handle_or_create()?;
        let mut build = Build::new(&stories)?;
        build.write(ARTICLE_FILE, article.as_bytes())?;
        for (name, bytes) in extra {
            build.write(name, bytes)?;
        }
        let mut tried = HashSet::new();
        for _ in 0..1000 {
            let path = self.story_dir(&story.id).join(STORY_FILE);
            let text = ron_file::to_string(&story, &path)?;
            build.write(STORY_FILE, text.as_bytes())?;
            match build.place(story.id.as_str()) {
                Ok(()) => {
                    let file = Stored {
                        value: story,
                        path,
                        seen: Some(Fingerprint::of(text.as_bytes())),
                        last: Some(text),
                        depth: 2,
                    };
                    return Ok(StoryDoc::new(file, article.to_string(), false));
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    tried.insert(story.id.clone());
                    story.id = self.new_story_id_except(story.date, &story.headline, &tried);
                }
                Err(e) => return Err(Error::io(self.story_dir(&story.id), e)),
            }
        }
        Err(Error::Invalid {
            path: self.story_dir(&story.id),
            why: "could not find a free story id".into(),
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
        if let Some(text) = &stored.last {
            check_sources(&stored.value, text, &stored.path)?;
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
                && fs::symlink_metadata(self.story_dir(&id)).is_err()
            {
                return id;
            }
            n += 1;
        }
    }
}

/// Add a source to the registry, refusing an id that is taken (or that
/// was merged into another source). Holds the registry lock, so sources
/// added at once by several editors all land.
pub fn add_source(desk: &Desk, source: Source) -> Result<()> {
    desk.update_sources(|registry| {
        if registry.get(&source.id).is_some() {
            return Err(Error::DuplicateSource(source.id.to_string()));
        }
        if let Some(into) = registry.merged_into(&source.id) {
            return Err(Error::MergedSource {
                id: source.id.to_string(),
                into: into.to_string(),
            });
        }
        registry.sources.push(source);
        Ok(())
    })
}

/// Parse and check the text of a `sources.ron` at `path`: a
/// `file:line:col` error for anything wrong, a duplicate id included.
pub fn parse_sources(text: &str, path: &Path) -> Result<SourceRegistry> {
    let registry: SourceRegistry = ron_file::from_str(text, path)?;
    check_sources(&registry, text, path)?;
    Ok(registry)
}

fn check_sources(registry: &SourceRegistry, text: &str, path: &Path) -> Result<()> {
    let mut seen = HashSet::new();
    for (i, s) in registry.sources.iter().enumerate() {
        if !seen.insert(s.id.clone()) {
            let (line, col) = ron_file::locate(text, "id:", i, "id:");
            return Err(Error::Parse {
                path: path.to_path_buf(),
                line,
                col,
                msg: format!("duplicate source id {:?}", s.id.as_str()),
            });
        }
    }
    Ok(())
}
