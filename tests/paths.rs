//! Nothing taken from input can make factdesk read or write outside the
//! desk: story and source ids are slugs, and story folders or files that are
//! symbolic links are refused.

mod safety;

use safety::*;
use std::fs;
use std::path::Path;

const HOSTILE_IDS: &[&str] = &[
    "../outside",
    "../../etc/passwd",
    "/etc/passwd",
    "/tmp",
    "..",
    ".",
    "%2e%2e",
    "%2e%2e%2foutside",
    "..%2f..%2foutside",
    "stories/../../outside",
    "a/b",
    "a\\b",
    "．．",             // fullwidth full stops
    "\u{2024}\u{2024}", // one dot leader, twice
    "ｏｕｔｓｉｄｅ",   // fullwidth letters
    "outsidе",          // Cyrillic е
    "a\u{200b}b",       // zero-width space
    "~",
    "",
];

fn long_id() -> String {
    "a".repeat(5000)
}

/// The folder around the desk, minus the desk: must not change.
fn outside(root: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let desk = root.join("desk");
    snapshot(root)
        .into_iter()
        .filter(|(p, _)| !p.starts_with(&desk))
        .collect()
}

#[test]
fn hostile_story_and_source_ids_are_refused_everywhere() {
    let (tmp, desk) = new_desk();
    let id = import(&desk, SEED.as_bytes());
    fs::create_dir_all(tmp.path().join("outside")).unwrap();
    fs::write(tmp.path().join("outside/story.ron"), "(secret)").unwrap();
    let outside_before = outside(tmp.path());
    let desk_before = snapshot(&desk);
    let long = long_id();
    let mut ids: Vec<&str> = HOSTILE_IDS.to_vec();
    ids.push(&long);

    for bad in ids {
        let runs = [
            ("show", factdesk(&desk, &["show", bad])),
            ("show --json", factdesk(&desk, &["show", bad, "--json"])),
            ("tag", factdesk(&desk, &["tag", bad, "1", "confirmed"])),
            (
                "tag --source",
                factdesk(&desk, &["tag", &id, "1", "confirmed", "--source", bad]),
            ),
            (
                "source add",
                factdesk(&desk, &["source", "add", bad, "--name", "X"]),
            ),
        ];
        for (what, run) in runs {
            assert_eq!(run.code, 1, "{what} {bad:?} accepted: {}", run.out());
            let lines = run.err_lines();
            assert_eq!(lines.len(), 1, "{what} {bad:?}: {lines:?}");
            assert!(lines[0].contains(" id "), "{what} {bad:?}: {lines:?}");
            assert_no_controls(what, &run.err);
            assert!(lines[0].chars().count() < 400, "{what}: message too long");
        }
    }
    assert_same_files(&outside_before, &outside(tmp.path()), "outside the desk");
    assert_same_files(&desk_before, &snapshot(&desk), "the desk");
}

#[test]
fn imported_headlines_that_look_like_paths_become_slugs() {
    let (tmp, desk) = new_desk();
    for headline in [
        "../../../etc/passwd said the ministry on Friday.",
        "/etc/shadow officials said 30 people were hurt.",
        "%2e%2e%2f officials said 30 people were hurt.",
        "．．／ officials said 30 people were hurt.",
    ] {
        let id = import(
            &desk,
            format!("{headline}\n\nThe ministry said 30 people were hurt.\n").as_bytes(),
        );
        assert!(factdesk_core::ids::StoryId::parse(&id).is_ok(), "{id}");
        assert!(story_dir(&desk, &id).join("story.ron").is_file());
    }
    let names: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut names = names;
    names.sort();
    assert_eq!(names, ["article-in.txt", "desk"]);
}

#[cfg(unix)]
#[test]
fn symlinked_story_folders_and_files_are_refused_not_followed() {
    use std::os::unix::fs::symlink;
    let (tmp, desk) = new_desk();
    let id = import(&desk, SEED.as_bytes());
    let real = story_dir(&desk, &id);

    // A whole story outside the desk, linked in as a story folder.
    let ext = tmp.path().join("elsewhere");
    fs::create_dir_all(&ext).unwrap();
    let linked = "2017-06-16-linked";
    let text = fs::read_to_string(real.join("story.ron"))
        .unwrap()
        .replace(&format!("id: \"{id}\""), &format!("id: \"{linked}\""));
    fs::write(ext.join("story.ron"), text).unwrap();
    fs::copy(real.join("article.txt"), ext.join("article.txt")).unwrap();
    symlink(&ext, desk.join("stories").join(linked)).unwrap();

    // And, in a real folder, story.ron linked to a file outside.
    let other = import(&desk, SEED.as_bytes());
    let other_dir = story_dir(&desk, &other);
    let target = tmp.path().join("target.ron");
    fs::rename(other_dir.join("story.ron"), &target).unwrap();
    symlink(&target, other_dir.join("story.ron")).unwrap();

    let before = outside(tmp.path());
    for (story, why) in [(linked, linked), (other.as_str(), "story.ron")] {
        for args in [
            vec!["tag", story, "1", "confirmed"],
            vec!["tag", story, "1", "confirmed", "--wait"],
            vec!["show", story],
        ] {
            let run = factdesk(&desk, &args);
            assert_eq!(run.code, 1, "{args:?} followed the link: {}", run.out());
            let lines = run.err_lines();
            assert_eq!(lines.len(), 1, "{lines:?}");
            assert!(lines[0].contains("symbolic link"), "{lines:?}");
            assert!(lines[0].contains(why), "{lines:?}");
        }
    }
    let list = factdesk(&desk, &["list"]);
    assert_eq!(list.code, 0);
    assert!(list.out().contains(&id), "{}", list.out());
    assert!(!list.out().contains(linked), "{}", list.out());
    assert!(list.err().contains("symbolic link"), "{}", list.err());
    assert_same_files(&before, &outside(tmp.path()), "outside the desk");
    assert!(
        !ext.join(".lock").exists(),
        "a lock was made through the link"
    );
}

#[test]
fn exports_never_write_into_the_desk() {
    let (tmp, desk) = new_desk();
    let id = import(&desk, SEED.as_bytes());
    let before = snapshot(&desk);
    let story = story_dir(&desk, &id).join("story.ron");
    let inside = [
        story.clone(),
        desk.join("sources.ron"),
        desk.join("new-report.md"),
        story_dir(&desk, &id).join("..").join("..").join("desk.ron"),
    ];
    for target in &inside {
        let run = factdesk(
            &desk,
            &[
                "export",
                &id,
                "--format",
                "markdown",
                "-o",
                target.to_str().unwrap(),
                "--force",
            ],
        );
        assert_eq!(run.code, 1, "{}: {}", target.display(), run.out());
        let lines = run.err_lines();
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(lines[0].contains("inside the desk folder"), "{lines:?}");
    }
    // Through a link to the desk, too.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&desk, tmp.path().join("desk-link")).unwrap();
        let via = tmp.path().join("desk-link").join("sources.ron");
        let run = factdesk(
            &desk,
            &[
                "export",
                &id,
                "--format",
                "csv",
                "-o",
                via.to_str().unwrap(),
                "--force",
            ],
        );
        assert_eq!(run.code, 1, "{}", run.out());
    }
    assert_same_files(&before, &snapshot(&desk), "the desk");

    let out = tmp.path().join("report.md");
    let run = factdesk(
        &desk,
        &[
            "export",
            &id,
            "--format",
            "markdown",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.err());
    assert!(out.is_file());
}
