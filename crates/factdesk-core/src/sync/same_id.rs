//! Two machines that import different articles under the same story id
//! (same date, same first words of the headline) made two stories, not
//! one: before merging, ours moves to the next free id, so both are kept.
//! The same article imported on both sides stays one story, merged.

use std::collections::BTreeSet;

use super::SyncError;
use super::git::Git;
use crate::ids::StoryId;
use crate::store::lock::StoryLock;
use crate::store::{self, ARTICLE_FILE, Desk, STORIES_DIR, STORY_FILE, atomic, ron_file};

/// Story ids in the tree of commit `rev`.
fn stories_at(git: &Git, rev: &str) -> Result<BTreeSet<String>, SyncError> {
    let out = git.run(&[
        "ls-tree",
        "-z",
        "--name-only",
        rev,
        &format!("{STORIES_DIR}/"),
    ])?;
    if !out.ok() {
        return Ok(BTreeSet::new());
    }
    Ok(out
        .stdout
        .split(|b| *b == 0)
        .filter_map(|p| std::str::from_utf8(p).ok())
        .filter_map(|p| {
            p.strip_prefix(&format!("{STORIES_DIR}/"))
                .map(str::to_string)
        })
        .filter(|id| !id.is_empty())
        .collect())
}

/// The object id of `rev:path`, if it is there.
fn blob(git: &Git, rev: &str, path: &str) -> Result<Option<String>, SyncError> {
    let out = git.run(&["rev-parse", "--verify", "--quiet", &format!("{rev}:{path}")])?;
    Ok(out.ok().then(|| out.text()))
}

/// Rename our stories that `upstream` also added under the same id from a
/// different article. Returns (old id, new id) of each; the caller
/// commits.
pub fn rename_clashes(
    git: &Git,
    desk: &Desk,
    upstream: &str,
    editor: &str,
) -> Result<Vec<(StoryId, StoryId)>, SyncError> {
    let base = git.run(&["merge-base", "HEAD", upstream])?;
    let in_base = if base.ok() {
        stories_at(git, &base.text())?
    } else {
        BTreeSet::new()
    };
    let ours = stories_at(git, "HEAD")?;
    let theirs = stories_at(git, upstream)?;
    let mut taken: BTreeSet<String> = ours.union(&theirs).cloned().collect();
    let mut renamed = Vec::new();
    for id in ours
        .intersection(&theirs)
        .filter(|id| !in_base.contains(*id))
    {
        let article = format!("{STORIES_DIR}/{id}/{ARTICLE_FILE}");
        if blob(git, "HEAD", &article)? == blob(git, upstream, &article)? {
            continue; // the same article: one story, merged file by file
        }
        let Ok(old) = StoryId::parse(id) else {
            continue;
        };
        let new = free_id(desk, &old, &taken)?;
        taken.insert(new.to_string());
        rename(desk, &old, &new, editor)?;
        renamed.push((old, new));
    }
    Ok(renamed)
}

/// The next free id after `id` (`…-leader-3` → `…-leader-4`, `…-leader`
/// → `…-leader-2`), as import numbers stories: one neither side nor this
/// folder uses.
fn free_id(desk: &Desk, id: &StoryId, taken: &BTreeSet<String>) -> Result<StoryId, SyncError> {
    let s = id.as_str();
    let (stem, from) = match s.rsplit_once('-') {
        // `-3` is an import's number only when the story it follows is
        // there (else it is the headline's: `…-covid-19`).
        Some((stem, n)) if taken.contains(stem) && n.parse::<u32>().is_ok_and(|n| n < 1000) => {
            (stem, n.parse::<u32>().unwrap_or(1) + 1)
        }
        _ => (s, 2),
    };
    let stem = stem.get(..90).unwrap_or(stem).trim_end_matches('-');
    for n in from..from + 1000 {
        if let Ok(new) = StoryId::parse(&format!("{stem}-{n}"))
            && !taken.contains(new.as_str())
            && !desk.story_dir(&new).exists()
        {
            return Ok(new);
        }
    }
    Err(SyncError::Desk(crate::Error::Invalid {
        path: desk.story_dir(id),
        why: "no free id to keep this story beside the other machine's".into(),
    }))
}

/// Move story `old` to `new`: its folder, and the id inside `story.ron`.
fn rename(desk: &Desk, old: &StoryId, new: &StoryId, editor: &str) -> Result<(), SyncError> {
    // Not while someone edits it here; the lock goes before the move.
    drop(StoryLock::acquire(desk, old, editor)?);
    let (from, to) = (desk.story_dir(old), desk.story_dir(new));
    store::refuse_symlink(&from)?;
    std::fs::rename(&from, &to).map_err(|e| crate::Error::io(&from, e))?;
    let path = to.join(STORY_FILE);
    let (bytes, fp) = atomic::read(&path)?;
    let text = store::ron_text(&bytes, &path)?;
    let (mut story, _) = store::parse_story(text, &path, None)?;
    story.id = new.clone();
    let text = ron_file::to_string(&story, &path)?;
    atomic::write(&path, text.as_bytes(), Some(fp))?;
    let _ = std::fs::remove_file(atomic::backup_path(&path));
    Ok(())
}
