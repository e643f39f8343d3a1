//! Bringing articles into the desk as new stories: files in any of the
//! formats [`crate::import`] reads, standard input, or text the screen has.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::NaiveDate;

use crate::edit::{Edit, Who, apply};
use crate::error::{Error, Result};
use crate::ids::StoryId;
use crate::import::{self, Article, ArticleError, Items, ReadOptions};
use crate::model::{SCHEMA_VERSION, Story};

use super::desk::Desk;

/// At most this many claims are suggested on import, unless the desk sets
/// its own cap.
pub const MAX_SUGGESTED_CLAIMS: usize = import::DEFAULT_CAP;

/// Where the bytes of an import come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file, read up to [`crate::import::MAX_INPUT_BYTES`].
    File(PathBuf),
    /// Bytes already read (standard input, the clipboard), and the name
    /// messages give them ("standard input").
    Bytes { name: PathBuf, bytes: Vec<u8> },
}

impl Input {
    /// What messages about this input name.
    pub fn name(&self) -> &Path {
        match self {
            Input::File(path) => path,
            Input::Bytes { name, .. } => name,
        }
    }
}

/// Choices that apply to every article of an import.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// The date of an article that gives none (`--date`, or the date the
    /// screen asked for). An article's own date always wins.
    pub date: Option<NaiveDate>,
}

/// Import one file: every article in it (one for plain text and pages,
/// one per item of a feed). Returns the first new story, or the first
/// error when none could be imported.
pub fn import_file(desk: &Desk, path: &Path, who: &Who) -> Result<StoryId> {
    let input = Input::File(path.to_path_buf());
    let items = read_input(&input, who.at.date_naive())?;
    let mut first_err = None;
    let mut first_id = None;
    for r in import_articles(desk, path, items, who, &ImportOptions::default()) {
        match r {
            Ok(id) => {
                first_id.get_or_insert(id);
            }
            Err(e) => {
                first_err.get_or_insert(e);
            }
        }
    }
    match (first_id, first_err) {
        (Some(id), _) => Ok(id),
        (None, Some(e)) => Err(e),
        (None, None) => Err(bad(
            path,
            ArticleError::NoArticle("no article in it".into()),
        )),
    }
}

/// The articles of an input, not yet imported: what the screen shows (the
/// headline found, whether a date is missing) before it imports them with
/// [`import_articles`]. `reference` is the day relative dates are read
/// against, usually today.
pub fn read_input(input: &Input, reference: NaiveDate) -> Result<Items> {
    let opts = ReadOptions {
        reference,
        ext: None,
    }
    .with_ext(input.name());
    let read = |bytes: &[u8]| crate::import::read_articles(bytes, &opts);
    match input {
        Input::File(path) => {
            // A FIFO or a device is named, never opened: opening a FIFO
            // would wait for a writer that may never come.
            let meta = fs::metadata(path).map_err(|e| Error::io(path, e))?;
            if !meta.is_file() {
                let kind = super::dir::Kind::of_std(&meta.file_type());
                return Err(super::dir::not_a_file(path.to_path_buf(), kind));
            }
            let file = fs::File::open(path).map_err(|e| Error::io(path, e))?;
            let bytes = crate::import::read_bounded(file).map_err(|e| Error::io(path, e))?;
            read(&bytes).map_err(|e| bad(path, e))
        }
        Input::Bytes { name, bytes } => read(bytes).map_err(|e| bad(name, e)),
    }
}

fn bad(path: &Path, e: ArticleError) -> Error {
    Error::BadArticle {
        path: path.to_path_buf(),
        why: e.to_string(),
    }
}

/// `f` of every item, on up to `threads` threads, in the items' order.
fn parallel_map<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let threads = threads.clamp(1, items.len().max(1));
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else {
                            return out;
                        };
                        out.push((i, f(item)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// Import many article files as [`import_file`] does each: one result per
/// article, files in order and the articles of a file in its order.
pub fn import_files(desk: &Desk, paths: &[PathBuf], editor: &str) -> Vec<Result<StoryId>> {
    let inputs: Vec<Input> = paths.iter().cloned().map(Input::File).collect();
    import_inputs(desk, &inputs, editor, &ImportOptions::default())
}

/// Import every article of every input: one result per article (or one
/// error for an input refused whole), inputs in order, with story ids
/// unique in the batch (a headline repeated gets `-2` on its later one).
///
/// Faster than one at a time: inputs are read and segmented on every core,
/// and stories are written by several threads at once. Every story is
/// still written the crash-safe way (its folder filled and synced aside,
/// then renamed into place); the file system commits the fsyncs of
/// concurrent writers together, so a batch waits for the disk far fewer
/// times than its files.
pub fn import_inputs(
    desk: &Desk,
    inputs: &[Input],
    editor: &str,
    opts: &ImportOptions,
) -> Vec<Result<StoryId>> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let read = parallel_map(inputs, cores, |input| {
        let who = Who::now(editor);
        let items = read_input(input, who.at.date_naive())?;
        Ok(build_all(desk, input.name(), items, &who, opts))
    });
    let built: Vec<Result<(Story, Article)>> = read
        .into_iter()
        .flat_map(|r: Result<Vec<Result<(Story, Article)>>>| match r {
            Ok(items) => items,
            Err(e) => vec![Err(e)],
        })
        .collect();
    write_all(desk, built)
}

/// Import articles read with [`read_input`] (`name` is the input's, for
/// messages), giving `opts.date` to those without a date of their own.
pub fn import_articles(
    desk: &Desk,
    name: &Path,
    items: Items,
    who: &Who,
    opts: &ImportOptions,
) -> Vec<Result<StoryId>> {
    write_all(desk, build_all(desk, name, items, who, opts))
}

fn build_all(
    desk: &Desk,
    name: &Path,
    items: Items,
    who: &Who,
    opts: &ImportOptions,
) -> Vec<Result<(Story, Article)>> {
    items
        .into_iter()
        .map(|item| {
            let article = item.map_err(|e| bad(name, e))?;
            let story = build_story_from(desk, &article, who, opts)?;
            Ok((story, article))
        })
        .collect()
}

/// Write built stories, ids made unique in the batch, earlier ones first.
fn write_all(desk: &Desk, mut built: Vec<Result<(Story, Article)>>) -> Vec<Result<StoryId>> {
    // Ids were chosen against the desk alone: make them unique in the
    // batch too, earlier articles first.
    let mut taken = HashSet::new();
    for (story, _) in built.iter_mut().flatten() {
        if !taken.insert(story.id.clone()) {
            story.id = desk.new_story_id_except(story.date, &story.headline, &taken);
            taken.insert(story.id.clone());
        }
    }
    let mut results: Vec<Option<Result<StoryId>>> = Vec::with_capacity(built.len());
    let mut todo = Vec::new();
    for (i, b) in built.into_iter().enumerate() {
        match b {
            Ok(story_and_article) => {
                todo.push((i, story_and_article));
                results.push(None);
            }
            Err(e) => results.push(Some(Err(e))),
        }
    }
    const WRITERS: usize = 8;
    let written = parallel_map(&todo, WRITERS, |(_, (story, article))| {
        add_new(desk, story.clone(), article)
    });
    for ((i, _), r) in todo.iter().zip(written) {
        results[*i] = Some(r);
    }
    results.into_iter().flatten().collect()
}

/// Import article text that is already decoded and normalised.
pub fn import_text(desk: &Desk, article: &str, who: &Who) -> Result<StoryId> {
    let article = text_article(article, who);
    let story = build_story_from(desk, &article, who, &ImportOptions::default())?;
    add_new(desk, story, &article)
}

fn text_article(text: &str, who: &Who) -> Article {
    Article {
        text: text.to_string(),
        meta: crate::import::parse_header_at(text, who.at.date_naive()),
        format: crate::import::Format::Text,
        original: None,
        id: None,
    }
}

/// Write a new story, whole or not at all, with the original it came
/// from; another import taking the same id at the same moment makes it
/// take the next free one.
fn add_new(desk: &Desk, story: Story, article: &Article) -> Result<StoryId> {
    clean_killed_imports(desk);
    let extra: Vec<(&str, &[u8])> = article
        .original
        .iter()
        .map(|o| (o.name, o.bytes.as_slice()))
        .collect();
    Ok(desk
        .add_story_with(story, &article.text, &extra)?
        .story()
        .id
        .clone())
}

/// What imports killed before they were done left in `stories/`.
fn clean_killed_imports(desk: &Desk) {
    if let Ok(Some(stories)) = desk.stories_handle() {
        super::build::clean_builds(&stories);
    }
}

/// The story plain article text becomes, with its suggested claims, not
/// yet saved.
pub fn build_story(desk: &Desk, article: &str, who: &Who) -> Result<Story> {
    build_story_from(
        desk,
        &text_article(article, who),
        who,
        &ImportOptions::default(),
    )
}

/// The story an article becomes, with its suggested claims, not yet saved.
pub fn build_story_from(
    desk: &Desk,
    article: &Article,
    who: &Who,
    opts: &ImportOptions,
) -> Result<Story> {
    let meta = &article.meta;
    let date = meta.date.or(opts.date);
    let mut story = Story {
        version: SCHEMA_VERSION,
        id: desk.new_story_id(date, &meta.headline),
        headline: meta.headline.clone(),
        date,
        dateline: meta.dateline.clone(),
        outlet: meta.outlet.clone(),
        byline: meta.byline.clone(),
        url: meta.url.clone(),
        imported_at: who.at,
        imported_by: who.editor.clone(),
        article_len: article.text.len(),
        article_sha256: Some(super::revision::article_sha256(&article.text)),
        next_claim: 1,
        assignment: None,
        history: Vec::new(),
        claims: Vec::new(),
        deleted_claims: Vec::new(),
    };
    // The sentences most worth checking, not thousands: the rest can be
    // added by hand.
    let scored =
        import::score_sentences(&article.text, meta.body_start, import::Weights::current());
    let settings = &desk.settings;
    for s in import::pick(scored, settings.suggest_threshold, settings.suggest_cap) {
        let Some(anchor) = crate::anchor::anchor_at(&article.text, s.start, s.end) else {
            continue;
        };
        let edit = Edit::AddClaim {
            text: anchor.quote.clone(),
            anchor,
            speaker: s.speaker,
            score: Some(s.score),
            cues: s.cues,
        };
        apply(&mut story, edit, who)?;
    }
    Ok(story)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{Weights, parse_header, score_sentences};
    use crate::model::Score;
    use crate::store::Desk;

    const SEED: &str = include_str!("../../../../tests/fixtures/seed.txt");

    fn desk() -> (tempfile::TempDir, Desk) {
        let dir = tempfile::tempdir().unwrap();
        let desk = Desk::create(&dir.path().join("desk"), "t").unwrap();
        (dir, desk)
    }

    #[test]
    fn import_keeps_the_best_scored_sentences_in_article_order() {
        let (_dir, mut desk) = desk();
        desk.settings.suggest_cap = 3;
        let story = build_story(&desk, SEED, &Who::now("ana")).unwrap();
        let meta = parse_header(SEED);
        let mut all = score_sentences(SEED, meta.body_start, Weights::current());
        all.sort_by(|a, b| b.score.cmp(&a.score).then(a.start.cmp(&b.start)));
        let mut best: Vec<usize> = all.iter().take(3).map(|s| s.start).collect();
        best.sort_unstable();
        let got: Vec<usize> = story.claims.iter().map(|c| c.anchor.start).collect();
        assert_eq!(got, best, "capped by score, not by position");
        for claim in &story.claims {
            let s = all.iter().find(|s| s.start == claim.anchor.start).unwrap();
            assert_eq!(claim.score, Some(s.score));
            assert_eq!(claim.cues, s.cues);
            assert!(!claim.cues.is_empty());
        }
    }

    #[test]
    fn the_desk_threshold_decides() {
        let (_dir, mut desk) = desk();
        desk.settings.suggest_threshold = Score::from_hundredths(10_000);
        assert!(
            build_story(&desk, SEED, &Who::now("ana"))
                .unwrap()
                .claims
                .is_empty()
        );
        desk.settings.suggest_threshold = Score::from_hundredths(-10_000);
        assert_eq!(
            build_story(&desk, SEED, &Who::now("ana"))
                .unwrap()
                .claims
                .len(),
            13
        );
    }

    #[test]
    fn scores_and_cues_are_saved_with_the_story() {
        let (_dir, desk) = desk();
        let id = import_text(&desk, SEED, &Who::now("ana")).unwrap();
        let doc = desk.load_story(&id).unwrap();
        let first = doc.story().claims.first().unwrap();
        assert!(first.score.is_some());
        assert!(first.cues.iter().any(|c| c.name == "hedge"));
        let ron = fs::read_to_string(desk.story_dir(&id).join("story.ron")).unwrap();
        let at = |needle: &str| ron.find(needle).unwrap_or(usize::MAX);
        // On disk after the speaker and before the verdict, as in the model.
        assert!(at("speaker: Some(\"Russia\")") < at("score: "));
        assert!(at("score: ") < at("cues: ["));
        assert!(at("cues: [") < at("verdict: Pending"));
        assert!(ron.contains("name: \"hedge\","), "{ron}");
    }

    #[test]
    fn desks_and_stories_from_before_the_score_load() {
        let (_dir, desk) = desk();
        fs::write(
            desk.root().join("desk.ron"),
            "(version: 1, name: \"Old\", organisation: None, url: None)",
        )
        .unwrap();
        let old = Desk::open(desk.root()).unwrap();
        assert_eq!(
            old.settings.suggest_threshold,
            crate::import::DEFAULT_THRESHOLD
        );
        assert_eq!(old.settings.suggest_cap, MAX_SUGGESTED_CLAIMS);
        // A claim without a score has no score on disk either, so old
        // stories are written back byte for byte.
        let id = import_text(&desk, SEED, &Who::now("ana")).unwrap();
        let path = desk.story_dir(&id).join("story.ron");
        let ron = fs::read_to_string(&path).unwrap();
        let mut lines: Vec<&str> = Vec::new();
        let mut skipping = false;
        for line in ron.lines() {
            let t = line.trim_start();
            if t.starts_with("score: ") {
                continue;
            }
            if t.starts_with("cues: [") {
                skipping = true;
                continue;
            }
            if skipping {
                skipping = t != "],";
                continue;
            }
            lines.push(line);
        }
        let stripped = lines.join("\n") + "\n";
        fs::write(&path, &stripped).unwrap();
        let mut doc = desk.load_story(&id).unwrap();
        assert!(
            doc.story()
                .claims
                .iter()
                .all(|c| c.score.is_none() && c.cues.is_empty())
        );
        doc.save().unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), stripped);
    }
}
