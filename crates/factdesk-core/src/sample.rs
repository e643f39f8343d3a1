//! The sample desk, built into the binary so that a first run anywhere
//! opens on a real story.

use std::fs;
use std::path::Path;

use crate::error::{Error, Result};
use crate::store::{Desk, atomic};

/// The files of `data/`, the sample desk in the repository.
const FILES: &[(&str, &str)] = &[
    ("desk.ron", include_str!("../../../data/desk.ron")),
    ("sources.ron", include_str!("../../../data/sources.ron")),
    (
        "stories/2017-06-16-russia-said-friday-that-the-leader/article.txt",
        include_str!(
            "../../../data/stories/2017-06-16-russia-said-friday-that-the-leader/article.txt"
        ),
    ),
    (
        "stories/2017-06-16-russia-said-friday-that-the-leader/story.ron",
        include_str!(
            "../../../data/stories/2017-06-16-russia-said-friday-that-the-leader/story.ron"
        ),
    ),
    (
        "stories/2017-06-16-russia-said-friday-that-the-leader/revisions/1.txt",
        include_str!(
            "../../../data/stories/2017-06-16-russia-said-friday-that-the-leader/revisions/1.txt"
        ),
    ),
    (
        "stories/2017-06-19-russias-defense-ministry-said-monday-that/article.txt",
        include_str!(
            "../../../data/stories/2017-06-19-russias-defense-ministry-said-monday-that/article.txt"
        ),
    ),
    (
        "stories/2017-06-19-russias-defense-ministry-said-monday-that/story.ron",
        include_str!(
            "../../../data/stories/2017-06-19-russias-defense-ministry-said-monday-that/story.ron"
        ),
    ),
];

/// Create a desk at `dir` holding the sample stories with their verdicts:
/// the first with a corrected article (one claim needs review), and a
/// follow-up three days later whose casualty figure differs.
/// Files that already exist are left alone.
pub fn seed(dir: &Path) -> Result<Desk> {
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    for (name, contents) in FILES {
        let path = dir.join(name);
        if fs::symlink_metadata(&path).is_ok() {
            continue;
        }
        // The story folders are made one by one, refusing links.
        let folders: Vec<&str> = name.split('/').collect();
        let depth = folders.len() - 1;
        let mut at = crate::store::dir::Dir::open(dir)?;
        for folder in &folders[..depth] {
            at = at.sub_or_create(folder)?;
        }
        atomic::write_under(&path, depth, contents.as_bytes(), None)?;
    }
    Desk::create(dir, "Sample desk")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_desk_matches_the_repository_sample_and_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let desk = seed(&dir.path().join("desk")).unwrap();
        let (stories, problems) = desk.summaries().unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(stories.len(), 2);
        for s in &stories {
            let doc = desk.load_story(&s.id).unwrap();
            assert!(!doc.needs_save(), "sample claims must sit on their text");
        }
        let review: usize = stories.iter().map(|s| s.review).sum();
        assert_eq!(review, 1, "the corrected story's claim 5 needs review");
        assert_eq!(desk.load_sources().unwrap().value.sources.len(), 6);
        // Seeding again never overwrites what is there.
        seed(&dir.path().join("desk")).unwrap();
    }

    #[test]
    fn load_then_save_is_byte_identical() {
        let dir = tempfile::tempdir().unwrap();
        let desk = seed(&dir.path().join("desk")).unwrap();
        for (name, original) in FILES.iter().filter(|(n, _)| n.ends_with("story.ron")) {
            let id = name.split('/').nth(1).unwrap().parse().unwrap();
            let mut doc = desk.load_story(&id).unwrap();
            doc.save().unwrap();
            let saved = fs::read_to_string(dir.path().join("desk").join(name)).unwrap();
            assert_eq!(&saved, original);
        }
        let mut sources = desk.load_sources().unwrap();
        sources.save().unwrap();
        assert_eq!(
            fs::read_to_string(dir.path().join("desk/sources.ron")).unwrap(),
            FILES[1].1
        );
    }
}
