//! The desk's cache (`DESK/.cache`) never changes what the commands say:
//! edits behind the program's back, new and removed stories, corrected
//! articles and damaged cache files are all seen, silently.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

struct Run {
    code: i32,
    out: String,
    err: String,
}

fn fd(desk: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_factdesk"))
        .args(args)
        .env("FACTDESK_DESK", desk)
        .env("FACTDESK_EDITOR", "ana")
        .env("TZ", "UTC")
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        out: String::from_utf8(out.stdout).unwrap(),
        err: String::from_utf8(out.stderr).unwrap(),
    }
}

fn ok(desk: &Path, args: &[&str]) -> String {
    let r = fd(desk, args);
    assert_eq!(r.code, 0, "{args:?}: {}", r.err);
    assert_eq!(r.err, "", "{args:?}");
    r.out
}

/// The commands whose output comes through the cache.
const VIEWS: &[&[&str]] = &[
    &["list"],
    &["list", "--json"],
    &["search"],
    &["search", "verdict:disputed"],
    &["search", "convoy", "--verdict", "disputed"],
    &["search", "'ministry !raqqa", "--json"],
    &["search", "source:desk", "--since", "2022"],
    &["stats", "--json"],
];

fn views(desk: &Path) -> Vec<String> {
    VIEWS.iter().map(|args| ok(desk, args)).collect()
}

/// A generated desk of `stories` stories, old enough (see the cache's
/// racy-file rule) that every story can be cached.
fn gen_desk(stories: usize) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let desk = tmp.path().join("desk");
    let opts = factdesk_dev::gen_desk::Options {
        stories,
        claims: 6,
        ..Default::default()
    };
    factdesk_dev::gen_desk::generate(&desk, &opts).unwrap();
    std::thread::sleep(Duration::from_millis(1100));
    (tmp, desk)
}

fn story_dirs(desk: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(desk.join("stories"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    dirs
}

fn cache_file(desk: &Path, name: &str) -> PathBuf {
    desk.join(".cache").join(name)
}

#[test]
fn results_are_the_same_with_and_without_the_cache() {
    let (_tmp, desk) = gen_desk(50);
    let cold = views(&desk);
    assert!(cache_file(&desk, "archive/catalog").is_file());
    assert!(cache_file(&desk, "archive/index/meta.json").is_file());
    let warm = views(&desk);
    fs::remove_dir_all(desk.join(".cache")).unwrap();
    let rebuilt = views(&desk);
    for ((args, a), (b, c)) in VIEWS.iter().zip(&cold).zip(warm.iter().zip(&rebuilt)) {
        assert_eq!(a, b, "{args:?}: cached differs from uncached");
        assert_eq!(a, c, "{args:?}: rebuilt differs");
    }
    // Not vacuous: the desk has stories, claims and hits.
    assert_eq!(cold[0].lines().count(), 50);
    assert!(cold[3].lines().count() > 5, "{}", cold[3]);
}

#[test]
fn story_edited_in_place_same_size_is_seen() {
    let (_tmp, desk) = gen_desk(20);
    let before = views(&desk);
    let dir = &story_dirs(&desk)[3];
    let path = dir.join("story.ron");
    let text = fs::read_to_string(&path).unwrap();
    // A text editor's edit that keeps the size: a verdict swapped for one
    // of the same length, written over the file in place (same inode).
    let (from, to) = if text.contains("verdict: Disputed,") {
        ("verdict: Disputed,", "verdict: Pending, ")
    } else {
        ("verdict: Pending,", "verdict: Disputed")
    };
    let edited = text.replacen(from, to, 1);
    assert_eq!(edited.len(), text.len());
    assert_ne!(edited, text);
    fs::write(&path, &edited).unwrap();
    let after = views(&desk);
    assert_ne!(before[0], after[0], "list did not see the edit");
    assert_ne!(before[3], after[3], "search did not see the edit");
    // Still right once the edited story has been cached again.
    std::thread::sleep(Duration::from_millis(1100));
    assert_eq!(views(&desk), after);
    assert_eq!(views(&desk), after);
    fs::remove_dir_all(desk.join(".cache")).unwrap();
    assert_eq!(views(&desk), after);
}

#[test]
fn stories_added_and_removed_are_seen() {
    let (_tmp, desk) = gen_desk(12);
    let list = ok(&desk, &["list"]);
    assert_eq!(list.lines().count(), 12);
    let dirs = story_dirs(&desk);
    let gone = dirs[0].file_name().unwrap().to_string_lossy().into_owned();
    fs::remove_dir_all(&dirs[0]).unwrap();
    let list = ok(&desk, &["list"]);
    assert_eq!(list.lines().count(), 11);
    assert!(!list.contains(&gone));
    assert!(!ok(&desk, &["search"]).contains(&gone));

    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mosul-2018.txt");
    let id = ok(&desk, &["import", fixture.to_str().unwrap()]);
    let id = id.trim();
    let list = ok(&desk, &["list"]);
    assert_eq!(list.lines().count(), 12);
    assert!(list.contains(id));
    assert!(ok(&desk, &["search"]).contains(id));
    fs::remove_dir_all(desk.join(".cache")).unwrap();
    assert_eq!(ok(&desk, &["list"]), list);
}

/// `story#claim orphaned` of every claim, as the archive (through the
/// cache) sees them.
fn orphans(desk: &Path) -> Vec<(String, u32, bool)> {
    let desk = factdesk_core::store::Desk::open(desk).unwrap();
    let (rows, problems) = factdesk_core::archive::load(&desk);
    assert!(problems.is_empty(), "{problems:?}");
    rows.iter()
        .map(|r| (r.story.to_string(), r.claim, r.orphaned))
        .collect()
}

#[test]
fn corrected_article_orphans_claims_in_the_archive() {
    let (_tmp, desk) = gen_desk(8);
    let dir = &story_dirs(&desk)[2];
    let id = dir.file_name().unwrap().to_string_lossy().into_owned();
    let before = orphans(&desk);
    assert!(before.iter().all(|(_, _, o)| !o));
    let searched = ok(&desk, &["search", "--json"]);
    // The article is corrected: every claim's sentence is gone.
    let article = fs::read_to_string(dir.join("article.txt")).unwrap();
    // Keep the wire header ("date … PLACE (OUTLET) – "), drop the text.
    let header = &article[..article.find("– ").unwrap() + "– ".len()];
    fs::write(
        dir.join("article.txt"),
        format!("{header}The story was withdrawn.\n"),
    )
    .unwrap();
    let after = orphans(&desk);
    assert_eq!(before.len(), after.len());
    for ((s, c, _), (s2, c2, o)) in before.iter().zip(&after) {
        assert_eq!((s, c), (s2, c2));
        assert_eq!(*o, *s == id, "{s}#{c} (edited {id})");
    }
    assert!(ok(&desk, &["show", &id]).contains("orphaned"));
    // The same from the cache once the change is cached, and without it.
    std::thread::sleep(Duration::from_millis(1100));
    assert_eq!(orphans(&desk), after);
    assert_eq!(orphans(&desk), after);
    fs::remove_dir_all(desk.join(".cache")).unwrap();
    assert_eq!(orphans(&desk), after);
    // Search output has no orphan mark; it lists the same claims.
    assert_eq!(ok(&desk, &["search", "--json"]), searched);
}

/// A way to damage a file's bytes.
type Damage = Box<dyn Fn(&[u8]) -> Vec<u8>>;

#[test]
fn damaged_cache_files_are_rebuilt_silently() {
    let (_tmp, desk) = gen_desk(15);
    let expected = views(&desk);
    // The archive's catalog and every file of its index.
    let mut files = vec![cache_file(&desk, "archive/catalog")];
    for e in fs::read_dir(cache_file(&desk, "archive/index")).unwrap() {
        let e = e.unwrap();
        // Not the empty lock files.
        if e.metadata().unwrap().len() > 0 {
            files.push(e.path());
        }
    }
    let originals: Vec<Vec<u8>> = files.iter().map(|f| fs::read(f).unwrap()).collect();
    let damages: Vec<(&str, Damage)> = vec![
        ("truncated", Box::new(|b: &[u8]| b[..b.len() / 2].to_vec())),
        ("one byte", Box::new(|b: &[u8]| b[..1].to_vec())),
        ("empty", Box::new(|_: &[u8]| Vec::new())),
        (
            "garbage",
            Box::new(|b: &[u8]| (0..b.len()).map(|i| (i * 7919 % 251) as u8).collect()),
        ),
        (
            "flipped bytes",
            Box::new(|b: &[u8]| {
                let mut v = b.to_vec();
                for i in (5..v.len()).step_by(97) {
                    v[i] ^= 0x5a;
                }
                v
            }),
        ),
        (
            "tail cut",
            Box::new(|b: &[u8]| b[..b.len().saturating_sub(3)].to_vec()),
        ),
    ];
    for (what, damage) in &damages {
        for (f, bytes) in files.iter().zip(&originals) {
            fs::write(f, damage(bytes)).unwrap();
        }
        for (args, want) in VIEWS.iter().zip(&expected) {
            let r = fd(&desk, args);
            assert_eq!(r.code, 0, "{what}: {args:?}: {}", r.err);
            assert_eq!(r.err, "", "{what}: {args:?}");
            assert_eq!(&r.out, want, "{what}: {args:?}");
        }
        // Rebuilt: the next runs agree with the files again.
        fs::remove_dir_all(desk.join(".cache")).unwrap();
        assert_eq!(views(&desk), expected, "{what}");
    }
    // A cache folder that is a file, or unreadable cache files, do not
    // stop the commands either.
    fs::remove_dir_all(desk.join(".cache")).unwrap();
    fs::write(desk.join(".cache"), "not a folder").unwrap();
    assert_eq!(views(&desk), expected);
}
