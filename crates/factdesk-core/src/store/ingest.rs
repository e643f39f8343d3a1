//! Bringing article files into the desk as new stories.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::edit::{Edit, Who, apply};
use crate::error::{Error, Result};
use crate::ids::StoryId;
use crate::model::{SCHEMA_VERSION, Story};

use super::desk::Desk;

/// At most this many claims are suggested on import.
pub const MAX_SUGGESTED_CLAIMS: usize = 300;

/// Import one article file: decode it (refusing binary and non-UTF-8
/// files), parse its wire header, suggest claims, and write the new story.
pub fn import_file(desk: &Desk, path: &Path, who: &Who) -> Result<StoryId> {
    import_text(desk, &read_article(path)?, who)
}

/// The bytes of an article file to import: a regular file (a link to one
/// is the user's to give), never a FIFO or a device, and read no further
/// than one byte past the import limit, which then refuses it.
fn read_article(path: &Path) -> Result<String> {
    use std::io::Read;
    let io = |e| Error::io(path, e);
    let meta = fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        let kind = super::dir::Kind::of_std(&meta.file_type());
        return Err(super::dir::not_a_file(path.to_path_buf(), kind));
    }
    let limit = crate::import::MAX_ARTICLE_BYTES as u64 + 1;
    let mut bytes = Vec::new();
    let file = fs::File::open(path).map_err(io)?;
    file.take(limit).read_to_end(&mut bytes).map_err(io)?;
    crate::import::decode_article(&bytes).map_err(|e| Error::BadArticle {
        path: path.to_path_buf(),
        why: e.to_string(),
    })
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
    clean_killed_imports(desk);
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
    results.into_iter().flatten().collect()
}

/// Import article text that is already decoded and normalised.
pub fn import_text(desk: &Desk, article: &str, who: &Who) -> Result<StoryId> {
    clean_killed_imports(desk);
    let story = build_story(desk, article, who)?;
    add_new(desk, story, article)
}

/// Write a new story, whole or not at all; another import taking the same
/// id at the same moment makes it take the next free one.
fn add_new(desk: &Desk, story: Story, article: &str) -> Result<StoryId> {
    Ok(desk.add_story(story, article)?.story().id.clone())
}

/// What imports killed before they were done left in `stories/`.
fn clean_killed_imports(desk: &Desk) {
    if let Ok(Some(stories)) = desk.stories_handle() {
        super::build::clean_builds(&stories);
    }
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
        assignment: None,
        history: Vec::new(),
        claims: Vec::new(),
        deleted_claims: Vec::new(),
    };
    // A long article gets its first claims suggested, not thousands: the
    // rest can be added by hand.
    for s in crate::import::suggest_claims(article, meta.body_start)
        .into_iter()
        .take(MAX_SUGGESTED_CLAIMS)
    {
        let Some(anchor) = crate::anchor::anchor_at(article, s.start, s.end) else {
            continue;
        };
        let edit = Edit::AddClaim {
            text: anchor.quote.clone(),
            anchor,
            speaker: s.speaker,
        };
        apply(&mut story, edit, who)?;
    }
    Ok(story)
}
