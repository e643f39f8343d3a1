//! Bringing article files into the desk as new stories.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::edit::{Edit, Who, apply};
use crate::error::{Error, Result};
use crate::ids::StoryId;
use crate::import;
use crate::model::{SCHEMA_VERSION, Story};

use super::desk::Desk;

/// At most this many claims are suggested on import, unless the desk sets
/// its own cap.
pub const MAX_SUGGESTED_CLAIMS: usize = import::DEFAULT_CAP;

/// Import one article file: decode it (refusing binary and non-UTF-8
/// files), parse its wire header, suggest claims, and write the new story.
pub fn import_file(desk: &Desk, path: &Path, who: &Who) -> Result<StoryId> {
    import_text(desk, &read_article(path)?, who)
}

/// An article file, decoded and normalised as import stores it.
pub fn read_article(path: &Path) -> Result<String> {
    use std::io::Read;
    let limit = crate::import::MAX_ARTICLE_BYTES;
    let bad = |why: String| Error::BadArticle {
        path: path.to_path_buf(),
        why,
    };
    let file = fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let size = file.metadata().map_or(0, |m| m.len());
    if size > limit as u64 {
        let bytes = usize::try_from(size).unwrap_or(usize::MAX);
        return Err(bad(
            crate::import::ArticleError::TooLarge { bytes }.to_string()
        ));
    }
    // One byte past the limit is enough for decoding to refuse the file.
    let mut bytes = Vec::new();
    file.take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    crate::import::decode_article(&bytes).map_err(|e| bad(e.to_string()))
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

/// Import many article files as [`import_file`] does each, with the same
/// results in the same order (story ids included: a headline repeated in
/// the batch gets `-2` on its later file).
///
/// Faster than one at a time: articles are read and segmented on every
/// core, and stories are written by several threads at once. Every file is
/// still written the crash-safe way (temporary file, fsync, rename, folder
/// fsync); the file system commits the fsyncs of concurrent writers
/// together, so a batch waits for the disk far fewer times than its files.
pub fn import_files(desk: &Desk, paths: &[PathBuf], editor: &str) -> Vec<Result<StoryId>> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut built = parallel_map(paths, cores, |path| {
        let who = Who::now(editor);
        let article = read_article(path)?;
        let story = build_story(desk, &article, &who)?;
        Ok((story, article))
    });
    // Ids were chosen against the desk alone: make them unique in the
    // batch too, earlier files first.
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
    // The new story folders' entries in stories/.
    if let Ok(dir) = fs::File::open(desk.stories_dir()) {
        let _ = dir.sync_all();
    }
    results.into_iter().flatten().collect()
}

/// Import article text that is already decoded and normalised.
pub fn import_text(desk: &Desk, article: &str, who: &Who) -> Result<StoryId> {
    let story = build_story(desk, article, who)?;
    add_new(desk, story, article)
}

/// Write a new story. Another import may take the same id between choosing
/// and creating the folder; choose again rather than fail.
fn add_new(desk: &Desk, mut story: Story, article: &str) -> Result<StoryId> {
    for _ in 0..8 {
        match desk.add_story(story.clone(), article) {
            Ok(doc) => return Ok(doc.story().id.clone()),
            Err(Error::Invalid { .. }) if desk.has_story(&story.id) => {
                story.id = desk.new_story_id(story.date, &story.headline);
            }
            Err(e) => return Err(e),
        }
    }
    Err(Error::Invalid {
        path: desk.story_dir(&story.id),
        why: "could not find a free story id".into(),
    })
}

/// The story an article becomes, with its suggested claims, not yet saved.
pub fn build_story(desk: &Desk, article: &str, who: &Who) -> Result<Story> {
    let meta = crate::import::parse_header(article);
    let mut story = Story {
        version: SCHEMA_VERSION,
        id: desk.new_story_id(meta.date, &meta.headline),
        headline: meta.headline.clone(),
        date: meta.date,
        dateline: meta.dateline.clone(),
        outlet: meta.outlet.clone(),
        url: None,
        imported_at: who.at,
        imported_by: who.editor.clone(),
        article_len: article.len(),
        article_sha256: Some(super::revision::article_sha256(article)),
        next_claim: 1,
        history: Vec::new(),
        claims: Vec::new(),
        deleted_claims: Vec::new(),
    };
    // The sentences most worth checking, not thousands: the rest can be
    // added by hand.
    let scored = import::score_sentences(article, meta.body_start, import::Weights::current());
    let settings = &desk.settings;
    for s in import::pick(scored, settings.suggest_threshold, settings.suggest_cap) {
        let Some(anchor) = crate::anchor::anchor_at(article, s.start, s.end) else {
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
