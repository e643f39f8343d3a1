//! Damaged and hand-edited desk files: each gives one clear line naming the
//! file (and line and column where there is one), the rest of the desk still
//! lists, and nothing is written over the bad file.

mod safety;

use factdesk_core::ids::{SourceId, StoryId};
use factdesk_core::model::{SourceLink, Stance};
use factdesk_core::store::Desk;
use safety::*;
use std::fs;
use std::path::Path;

/// What a case expects from `show` on the damaged story.
enum Expect {
    /// `show` fails with one line starting with this file's path, followed
    /// by `:line:col: ` when `with_line`, and containing `msg`.
    Refused {
        file: &'static str,
        with_line: bool,
        msg: &'static str,
    },
    /// `show` works, warns on stderr when `warning` is given, and its
    /// output contains `shows`.
    Opens {
        warning: Option<&'static str>,
        shows: &'static str,
    },
}

struct Case {
    name: &'static str,
    damage: fn(&Path, &Path),
    expect: Expect,
}

fn edit_text(path: &Path, f: impl FnOnce(String) -> String) {
    let text = fs::read_to_string(path).unwrap();
    fs::write(path, f(text)).unwrap();
}

fn replace_nth(text: &str, from: &str, to: &str, nth: usize) -> String {
    let (i, _) = text
        .match_indices(from)
        .nth(nth)
        .unwrap_or_else(|| panic!("{from:?} #{nth} not in the file"));
    format!("{}{}{}", &text[..i], to, &text[i + from.len()..])
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "truncated RON",
            damage: |dir, _| {
                let p = dir.join("story.ron");
                let bytes = fs::read(&p).unwrap();
                fs::write(&p, &bytes[..bytes.len() / 2]).unwrap();
            },
            expect: Expect::Refused {
                file: "story.ron",
                with_line: true,
                msg: "",
            },
        },
        Case {
            name: "wrong type",
            damage: |dir, _| {
                edit_text(&dir.join("story.ron"), |t| {
                    replace_nth(&t, "next_claim: ", "next_claim: \"many\", x: ", 0)
                })
            },
            expect: Expect::Refused {
                file: "story.ron",
                with_line: true,
                msg: "",
            },
        },
        Case {
            name: "duplicate claim id",
            damage: |dir, _| {
                edit_text(&dir.join("story.ron"), |t| {
                    replace_nth(&t, "id: 2,", "id: 1,", 0)
                })
            },
            expect: Expect::Refused {
                file: "story.ron",
                with_line: true,
                msg: "duplicate claim id 1",
            },
        },
        Case {
            name: "version from the future",
            damage: |dir, _| {
                edit_text(&dir.join("story.ron"), |t| {
                    replace_nth(&t, "version: 1,", "version: 7,\n  hologram: true,", 0)
                })
            },
            expect: Expect::Refused {
                file: "story.ron",
                with_line: false,
                msg: "written by a newer factdesk (version 7",
            },
        },
        Case {
            name: "story folder without its article",
            damage: |dir, _| fs::remove_file(dir.join("article.txt")).unwrap(),
            expect: Expect::Refused {
                file: "article.txt",
                with_line: false,
                msg: "missing: the story folder has no article",
            },
        },
        Case {
            name: "empty story file",
            damage: |dir, _| fs::write(dir.join("story.ron"), "\n").unwrap(),
            expect: Expect::Refused {
                file: "story.ron",
                with_line: true,
                msg: "the file is empty",
            },
        },
        Case {
            name: "story.ron not UTF-8",
            damage: |dir, _| {
                let p = dir.join("story.ron");
                let mut bytes = fs::read(&p).unwrap();
                bytes.insert(40, 0xFF);
                fs::write(&p, bytes).unwrap();
            },
            expect: Expect::Refused {
                file: "story.ron",
                with_line: true,
                msg: "not UTF-8",
            },
        },
        Case {
            name: "link to a source not in the registry",
            damage: |dir, desk| {
                let desk = Desk::open(desk).unwrap();
                let id = StoryId::parse(&dir.file_name().unwrap().to_string_lossy()).unwrap();
                let mut doc = desk.load_story(&id).unwrap();
                doc.story_mut().claims[0].sources.push(SourceLink {
                    source: SourceId::parse("gone-wire").unwrap(),
                    stance: Stance::Supports,
                    note: None,
                });
                doc.save().unwrap();
            },
            expect: Expect::Opens {
                warning: Some("links to source \"gone-wire\", which is not in the registry"),
                shows: "source: gone-wire (not in registry) (supports)",
            },
        },
        Case {
            name: "span out of range",
            damage: |dir, _| {
                edit_text(&dir.join("story.ron"), |t| {
                    let t = replace_nth(&t, "start: ", "start: 900000", 0);
                    replace_nth(&t, "end: ", "end: 900100", 0)
                })
            },
            // Re-anchored by its quote, in memory (nothing is written by show).
            expect: Expect::Opens {
                warning: None,
                shows: "#1 PENDING\n",
            },
        },
        Case {
            name: "span off a character boundary",
            damage: |dir, _| {
                // The seed's first claim starts right after "– " (a 3-byte
                // dash): one byte back is inside the dash.
                edit_text(&dir.join("story.ron"), |t| {
                    let start: usize = t.split("start: ").nth(1).unwrap()[..2].parse().unwrap();
                    replace_nth(
                        &t,
                        &format!("start: {start},"),
                        &format!("start: {},", start - 2),
                        0,
                    )
                })
            },
            expect: Expect::Opens {
                warning: None,
                shows: "#1 PENDING\n",
            },
        },
        Case {
            name: "claim text gone from the article",
            damage: |dir, _| {
                edit_text(&dir.join("story.ron"), |t| {
                    let t = replace_nth(&t, "quote: \"", "quote: \"NOT IN THE ARTICLE ", 0);
                    let t = replace_nth(&t, "prefix: \"", "prefix: \"NOPE ", 0);
                    let t = replace_nth(&t, "suffix: \"", "suffix: \"NOPE ", 0);
                    replace_nth(&t, "start: ", "start: 1", 0)
                })
            },
            expect: Expect::Opens {
                warning: None,
                shows: "(orphaned: no longer in the article)",
            },
        },
    ]
}

#[test]
fn each_bad_story_file_gives_one_clear_line_and_the_desk_still_lists() {
    for case in cases() {
        let (_tmp, desk) = new_desk();
        let good = import(&desk, SEED.as_bytes());
        let bad = import(&desk, SEED.as_bytes());
        let dir = story_dir(&desk, &bad);
        (case.damage)(&dir, &desk);
        let before = snapshot(&desk);
        let name = case.name;

        let list = factdesk(&desk, &["list"]);
        assert_eq!(list.code, 0, "{name}: {}", list.err());
        assert!(list.out().contains(&good), "{name}: good story not listed");

        let show = factdesk(&desk, &["show", &bad]);
        // Reading writes nothing, the bad file included.
        assert_same_files(
            &before,
            &snapshot(&desk),
            &format!("{name}: after list and show"),
        );
        let tag = factdesk(&desk, &["tag", &bad, "1", "confirmed"]);
        match &case.expect {
            Expect::Refused {
                file,
                with_line,
                msg,
            } => {
                let path = dir.join(file);
                let prefix = format!("factdesk: {}", path.display());
                for (what, run) in [("list", &list), ("show", &show), ("tag", &tag)] {
                    let lines = run.err_lines();
                    assert_eq!(lines.len(), 1, "{name}: {what}: {lines:?}");
                    let line = &lines[0];
                    assert!(line.starts_with(&prefix), "{name}: {what}: {line}");
                    let rest = &line[prefix.len()..];
                    if *with_line {
                        let mut parts = rest.splitn(4, ':');
                        assert_eq!(parts.next(), Some(""), "{name}: {line}");
                        for _ in 0..2 {
                            let n = parts.next().unwrap_or_default();
                            assert!(
                                n.parse::<usize>().is_ok_and(|n| n > 0),
                                "{name}: no line:col in {line}"
                            );
                        }
                    }
                    assert!(line.contains(msg), "{name}: {what}: {line}");
                }
                assert!(!list.out().contains(&bad), "{name}: bad story listed");
                assert_eq!((show.code, tag.code), (1, 1), "{name}");
                // A refused tag wrote nothing either.
                assert_same_files(&before, &snapshot(&desk), &format!("{name}: after tag"));
            }
            Expect::Opens { warning, shows } => {
                assert!(list.out().contains(&bad), "{name}: not listed");
                assert_eq!(show.code, 0, "{name}: {}", show.err());
                assert!(show.out().contains(shows), "{name}: {}", show.out());
                match warning {
                    Some(w) => {
                        let lines = show.err_lines();
                        assert_eq!(lines.len(), 1, "{name}: {lines:?}");
                        assert!(lines[0].contains(w), "{name}: {lines:?}");
                    }
                    None => assert_eq!(show.err(), "", "{name}"),
                }
                // The story opens, so tag works (and saves the repair).
                assert_eq!(tag.code, 0, "{name}: {}", tag.err());
            }
        }
    }
}

#[test]
fn desk_file_missing_or_empty_and_a_bad_registry() {
    let (_tmp, desk) = new_desk();
    let id = import(&desk, SEED.as_bytes());
    let desk_ron = desk.join("desk.ron");

    fs::write(&desk_ron, "").unwrap();
    let before = snapshot(&desk);
    let run = factdesk(&desk, &["list"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.err_lines(),
        [format!(
            "factdesk: {}:1:1: the file is empty",
            desk_ron.display()
        )]
    );
    assert_same_files(&before, &snapshot(&desk), "empty desk.ron");

    fs::remove_file(&desk_ron).unwrap();
    let run = factdesk(&desk, &["show", &id]);
    assert_eq!(run.code, 1);
    let lines = run.err_lines();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].contains("not a factdesk desk (no desk.ron)"),
        "{lines:?}"
    );
    factdesk_core::store::Desk::create(&desk, "again").unwrap();

    // A truncated registry: stories still list; show names the registry.
    let sources = desk.join("sources.ron");
    fs::write(&sources, "(version: 1, sources: [(id: \"afp\",").unwrap();
    let before = snapshot(&desk);
    let list = factdesk(&desk, &["list"]);
    assert_eq!(list.code, 0);
    assert!(list.out().contains(&id));
    let show = factdesk(&desk, &["show", &id]);
    assert_eq!(show.code, 1);
    let lines = show.err_lines();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with(&format!("factdesk: {}:1:", sources.display())),
        "{lines:?}"
    );
    let add = factdesk(&desk, &["source", "add", "afp", "--name", "AFP"]);
    assert_eq!(add.code, 1);
    assert_same_files(&before, &snapshot(&desk), "bad registry");
}
