//! A desk shared through git, end to end: a bare repository in a
//! temporary folder, two clones, the real binary and the real `git`.

#[path = "support/git.rs"]
#[allow(dead_code)]
mod shared;

use factdesk_core::conflict::{Field, Value};
use factdesk_core::model::{Change, Verdict};
use shared::{STORY, Shared, sources, story, story_text, tracked};
use std::fs;

/// Two clones in step: the same tracked files, byte for byte.
fn assert_same(s: &Shared, a: &std::path::Path, b: &std::path::Path) {
    let (ta, tb) = (tracked(s, a), tracked(s, b));
    let names = |t: &[(String, Vec<u8>)]| t.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&ta), names(&tb));
    for ((name, x), (_, y)) in ta.iter().zip(&tb) {
        assert!(x == y, "{name} differs between the clones");
    }
}

fn verdict_entries(desk: &std::path::Path, claim: u32) -> Vec<(String, Verdict)> {
    story(desk, STORY)
        .claim(claim)
        .unwrap()
        .history
        .iter()
        .filter_map(|h| match h.change {
            Change::Verdict { to, .. } => Some((h.editor.clone(), to)),
            _ => None,
        })
        .collect()
}

#[test]
fn edits_to_different_claims_on_both_sides_survive_in_both_clones() {
    let (s, a) = Shared::new();
    let b = s.clone("b");
    s.ok(
        &a,
        "ana",
        &["tag", STORY, "1", "confirmed", "--note", "wire copy"],
    );
    s.ok(&a, "ana", &["tag", STORY, "5", "unconfirmed"]);
    s.ok(&b, "ben", &["tag", STORY, "2", "disputed"]);
    s.ok(
        &b,
        "ben",
        &["tag", STORY, "6", "pending", "--note", "ask the ministry"],
    );

    let out = s.sync(&a, "ana");
    assert!(out.contains("0 commits in, 1 out"), "{out}");
    assert!(out.contains("ana: 2 verdicts, 1 note in"), "{out}");
    let out = s.sync(&b, "ben");
    assert!(out.starts_with("synced with origin/"), "{out}");
    assert!(out.contains("1 commit in (1 story)"), "{out}");
    s.sync(&a, "ana");
    assert_same(&s, &a, &b);

    for desk in [&a, &b] {
        let st = story(desk, STORY);
        let c = |id| st.claim(id).unwrap();
        assert_eq!(c(1).verdict, Verdict::Confirmed);
        assert_eq!(c(1).note, "wire copy");
        assert_eq!(c(2).verdict, Verdict::Disputed);
        assert_eq!(c(5).verdict, Verdict::Unconfirmed);
        assert_eq!(c(6).note, "ask the ministry");
        assert!(st.claims.iter().all(|c| c.conflicts.is_empty()));
        // Each edit once in the history, with who made it.
        assert_eq!(
            verdict_entries(desk, 1),
            [("ana".into(), Verdict::Confirmed)]
        );
        assert_eq!(
            verdict_entries(desk, 2),
            [("ben".into(), Verdict::Disputed)]
        );
    }
    // The commits say who and what.
    let log = s.git(&a, &["log", "--format=%an|%s"]);
    assert!(
        log.lines()
            .any(|l| l == format!("ben|ben: 1 verdict, 1 note in {STORY}")),
        "{log}"
    );
    assert!(
        log.lines()
            .any(|l| l.starts_with("ben|ben: merged origin/")),
        "{log}"
    );
    assert_eq!(s.factdesk(&a, "ana", &["check"]).code, 0);
}

#[test]
fn sources_added_on_both_sides_are_kept_by_sync_and_by_a_plain_git_pull() {
    let (s, a) = Shared::new();
    let b = s.clone("b");
    let c = s.clone("c");
    s.ok(&b, "ben", &["list"]); // any command registers the driver
    s.ok(
        &a,
        "ana",
        &[
            "source", "add", "reuters", "--name", "Reuters", "--kind", "wire",
        ],
    );
    s.ok(
        &b,
        "ben",
        &["source", "add", "ap", "--name", "Associated Press"],
    );
    s.ok(&c, "cy", &["source", "add", "tass", "--name", "TASS"]);
    s.sync(&a, "ana");

    // A line merge cannot take these: both appended at the same place.
    fs::write(s.path("base.ron"), s.git(&b, &["show", "HEAD:sources.ron"])).unwrap();
    fs::write(
        s.path("theirs.ron"),
        s.git(&a, &["show", "HEAD:sources.ron"]),
    )
    .unwrap();
    fs::copy(b.join("sources.ron"), s.path("ours.ron")).unwrap();
    let line_merge = s.git_run(
        s.tmp.path(),
        &["merge-file", "-p", "ours.ron", "base.ron", "theirs.ron"],
    );
    assert!(
        line_merge.code > 0,
        "a line merge managed: {}",
        line_merge.out
    );

    // A plain `git pull` in a clone whose driver is registered.
    s.git(&b, &["commit", "--quiet", "-am", "ben adds ap"]);
    s.git(&b, &["pull", "--quiet", "--no-rebase", "--no-edit"]);
    let b_sources = sources(&b);
    assert!(b_sources.contains(&"ap".to_string()), "{b_sources:?}");
    assert!(b_sources.contains(&"reuters".to_string()), "{b_sources:?}");
    let text = fs::read_to_string(b.join("sources.ron")).unwrap();
    assert!(
        !text.contains("<<<<<<<") && !text.contains(">>>>>>>"),
        "{text}"
    );

    // And by sync, everywhere.
    s.sync(&b, "ben");
    s.sync(&c, "cy");
    s.sync(&a, "ana");
    s.sync(&b, "ben");
    for desk in [&a, &b, &c] {
        let mut got = sources(desk);
        got.sort();
        assert_eq!(got, ["ap", "reuters", "tass"], "{}", desk.display());
    }
    assert_same(&s, &a, &b);
    assert_same(&s, &a, &c);
}

#[test]
fn the_same_claim_ruled_two_ways_is_kept_as_a_conflict_and_settled_once() {
    let (s, a) = Shared::new();
    let b = s.clone("b");
    s.ok(&a, "ana", &["tag", STORY, "3", "confirmed"]);
    s.ok(&b, "ben", &["tag", STORY, "3", "disputed"]);
    s.sync(&a, "ana");
    let out = s.sync(&b, "ben");
    assert!(out.contains("1 conflict to settle"), "{out}");

    // Both rulings are kept, each with its editor and time.
    let claim = story(&b, STORY).claim(3).unwrap().clone();
    assert_eq!(claim.conflicts.len(), 1);
    let conflict = &claim.conflicts[0];
    assert_eq!(conflict.field, Field::Verdict);
    let sides: Vec<(Value, Option<String>)> = conflict
        .sides
        .iter()
        .map(|x| (x.value.clone(), x.editor.clone()))
        .collect();
    assert!(sides.contains(&(Value::Verdict(Verdict::Confirmed), Some("ana".into()))));
    assert!(sides.contains(&(Value::Verdict(Verdict::Disputed), Some("ben".into()))));
    assert!(conflict.sides.iter().all(|x| x.at.is_some()));
    // show, show --json and check say so.
    let show = s.ok(&b, "ben", &["show", STORY]);
    assert!(show.contains("#3 "), "{show}");
    assert!(show.contains("CONFLICT on verdict:"), "{show}");
    assert!(show.contains(") confirmed (ana, "), "{show}");
    let json: serde_json::Value =
        serde_json::from_str(&s.ok(&b, "ben", &["show", STORY, "--json"])).unwrap();
    let sides = &json["claims"][2]["conflicts"][0]["sides"];
    assert_eq!(sides.as_array().unwrap().len(), 2, "{json}");
    let check = s.factdesk(&b, "ben", &["check"]);
    assert_eq!(check.code, 1);
    assert!(
        check
            .err
            .contains("claim #3: unresolved conflict on verdict"),
        "{}",
        check.err
    );
    assert!(
        check
            .err
            .contains(&format!("factdesk resolve {STORY} 3 verdict")),
        "{}",
        check.err
    );
    let list = s.ok(&b, "ben", &["list"]);
    assert!(list.contains("[1 conflict]"), "{list}");

    // Settled by picking ana's ruling, through the edit path.
    let out = s.ok(&b, "cy", &["resolve", STORY, "3", "verdict", "ana"]);
    assert!(
        out.contains("conflict on verdict settled: confirmed"),
        "{out}"
    );
    s.sync(&b, "cy");
    s.sync(&a, "ana");
    assert_same(&s, &a, &b);
    for desk in [&a, &b] {
        let claim = story(desk, STORY).claim(3).unwrap().clone();
        assert_eq!(claim.verdict, Verdict::Confirmed);
        assert!(claim.conflicts.is_empty());
        let editors: Vec<&str> = claim.history.iter().map(|h| h.editor.as_str()).collect();
        // Created, both rulings, cy's pick and its record: nothing lost.
        assert_eq!(
            editors.iter().filter(|e| **e == "cy").count(),
            2,
            "{editors:?}"
        );
        assert!(matches!(
            claim.history.last().unwrap().change,
            Change::Resolved { .. }
        ));
        assert_eq!(verdict_entries(desk, 3).len(), 3);
        assert_eq!(s.factdesk(desk, "ana", &["check"]).code, 0);
    }
}

#[test]
fn a_claim_deleted_on_one_side_and_edited_on_the_other_waits_for_an_editor() {
    let (s, a) = Shared::new();
    let b = s.clone("b");
    // The screen deletes claims; here the same edit session does.
    {
        let desk = factdesk_core::store::Desk::open(&a).unwrap();
        let who = factdesk_core::edit::Who::now("ana");
        let id = STORY.parse().unwrap();
        let mut session = factdesk_core::session::EditSession::open(&desk, &id, &who).unwrap();
        session
            .apply(
                factdesk_core::edit::Edit::DeleteClaim {
                    claim: 4,
                    note: None,
                },
                &who,
            )
            .unwrap();
        session.save(&who).unwrap();
    }
    s.ok(
        &b,
        "ben",
        &["tag", STORY, "4", "confirmed", "--note", "checked"],
    );
    s.sync(&a, "ana");
    s.sync(&b, "ben");
    s.sync(&a, "ana");
    assert_same(&s, &a, &b);
    let claim = story(&a, STORY).claim(4).expect("kept").clone();
    assert_eq!(claim.verdict, Verdict::Confirmed);
    assert_eq!(claim.note, "checked");
    assert_eq!(claim.conflicts[0].field, Field::Deletion);
    let show = s.ok(&a, "ana", &["show", STORY]);
    assert!(show.contains("CONFLICT on deleted:"), "{show}");
    // ana still wants it gone: settled by deleting it.
    s.ok(&a, "ana", &["resolve", STORY, "4", "deleted", "deleted"]);
    s.sync(&a, "ana");
    s.sync(&b, "ben");
    for desk in [&a, &b] {
        assert!(story(desk, STORY).claim(4).is_none());
    }
    assert_same(&s, &a, &b);
}

#[test]
fn a_story_imported_on_both_sides_under_one_id() {
    let (s, a) = Shared::new();
    let b = s.clone("b");
    // The same article imported on both sides: one story.
    let same = s.path("same.txt");
    fs::write(&same, shared::SEED).unwrap();
    // Different articles whose date and headline give one id.
    let other = s.path("other.txt");
    fs::write(
        &other,
        shared::SEED.replace(
            "The ministry said the strike",
            "The ministry said later the strike",
        ),
    )
    .unwrap();
    let again = s.path("again.txt");
    fs::write(
        &again,
        shared::SEED.replace("It said the military began", "It said the army began"),
    )
    .unwrap();
    let id_a = s.ok(&a, "ana", &["import", same.to_str().unwrap()]);
    let id_b = s.ok(&b, "ben", &["import", same.to_str().unwrap()]);
    assert_eq!(id_a, id_b);
    let same_id = id_a.trim().to_string();
    let other_a = s.ok(&a, "ana", &["import", other.to_str().unwrap()]);
    let other_b = s.ok(&b, "ben", &["import", again.to_str().unwrap()]);
    assert_eq!(other_a, other_b, "the test needs one id for two articles");
    let clash = other_a.trim().to_string();
    s.ok(&a, "ana", &["tag", &same_id, "1", "confirmed"]);
    s.ok(&b, "ben", &["tag", &same_id, "2", "disputed"]);
    s.sync(&a, "ana");
    let out = s.sync(&b, "ben");
    let moved = format!("{STORY}-4");
    assert_eq!(clash, format!("{STORY}-3"));
    assert!(
        out.contains(&format!("our story {clash} is now {moved}")),
        "{out}"
    );
    s.sync(&a, "ana");
    assert_same(&s, &a, &b);

    let st = story(&a, &same_id);
    assert_eq!(st.claim(1).unwrap().verdict, Verdict::Confirmed);
    assert_eq!(st.claim(2).unwrap().verdict, Verdict::Disputed);
    assert!(st.claims.iter().all(|c| c.conflicts.is_empty()), "{st:?}");
    // Two articles, two stories, each with its own article.
    let article =
        |id: &str| fs::read_to_string(a.join("stories").join(id).join("article.txt")).unwrap();
    assert!(article(&clash).contains("said later the strike"));
    assert!(article(&moved).contains("the army began"));
    assert_eq!(story(&a, &moved).id.as_str(), moved);
    assert_eq!(s.factdesk(&a, "ana", &["check"]).code, 0);
}

#[test]
fn first_sync_pushes_to_an_empty_remote_and_errors_are_one_clear_line() {
    let (s, a) = Shared::new();
    // Shared::new synced a to the empty remote: it has the branch now.
    let branch = s.git(&a, &["rev-parse", "--abbrev-ref", "@{upstream}"]);
    assert!(branch.trim().starts_with("origin/"), "{branch}");
    let b = s.clone("b");
    assert_eq!(story_text(&a, STORY), story_text(&b, STORY));
    assert_eq!(
        s.sync(&b, "ben").trim(),
        format!(
            "synced with {}: up to date, nothing in or out",
            branch.trim()
        )
    );

    // No remote.
    let lone = s.path("lone");
    s.ok(&lone, "ana", &["init", "--git"]);
    let run = s.factdesk(&lone, "ana", &["sync"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.err.lines().count(), 1, "{}", run.err);
    assert!(run.err.contains("no remote to sync with"), "{}", run.err);
    // A remote that cannot be reached.
    s.git(
        &lone,
        &[
            "remote",
            "add",
            "origin",
            s.path("nowhere.git").to_str().unwrap(),
        ],
    );
    let run = s.factdesk(&lone, "ana", &["sync"]);
    assert_eq!(run.code, 1);
    assert!(
        run.err.starts_with("factdesk: cannot reach origin: "),
        "{}",
        run.err
    );
    assert_eq!(run.err.lines().count(), 1, "{}", run.err);
    // Not a repository at all.
    let plain = s.path("plain");
    s.ok(&plain, "ana", &["init"]);
    let run = s.factdesk(&plain, "ana", &["sync"]);
    assert_eq!(run.code, 1);
    assert!(
        run.err.contains("not a git repository; `factdesk --desk"),
        "{}",
        run.err
    );
}

#[test]
fn a_push_refused_because_someone_pushed_meanwhile_is_merged_and_pushed_again() {
    let (s, a) = Shared::new();
    let b = s.clone("b");
    s.ok(&b, "ben", &["tag", STORY, "2", "disputed"]);
    s.git(&b, &["commit", "--quiet", "-am", "ben rules #2"]);
    s.ok(&a, "ana", &["tag", STORY, "1", "confirmed"]);
    // Ben pushes while ana's push is on its way: her first push is
    // refused; the sync fetches, merges and pushes again.
    let hook = a.join(".git/hooks/pre-push");
    let once = s.path("pushed-once");
    fs::write(
        &hook,
        format!(
            "#!/bin/sh\n[ -e '{once}' ] && exit 0\ntouch '{once}'\nenv -u GIT_DIR -u GIT_WORK_TREE -u GIT_INDEX_FILE git -C '{b}' push --quiet origin HEAD\n",
            once = once.display(),
            b = b.display()
        ),
    )
    .unwrap();
    make_executable(&hook);
    let out = s.sync(&a, "ana");
    assert!(once.exists(), "the hook did not run");
    assert!(out.contains("1 commit in"), "{out}");
    s.sync(&b, "ben");
    assert_same(&s, &a, &b);
    let st = story(&b, STORY);
    assert_eq!(st.claim(1).unwrap().verdict, Verdict::Confirmed);
    assert_eq!(st.claim(2).unwrap().verdict, Verdict::Disputed);

    // Someone who pushes before every attempt: a bounded number of tries,
    // then a clear message, nothing lost locally.
    fs::write(
        &hook,
        format!(
            "#!/bin/sh\nenv -u GIT_DIR -u GIT_WORK_TREE -u GIT_INDEX_FILE git -C '{b}' -c user.name=b -c user.email=b@b commit --quiet --allow-empty -m again\nenv -u GIT_DIR -u GIT_WORK_TREE -u GIT_INDEX_FILE git -C '{b}' push --quiet origin HEAD\n",
            b = b.display()
        ),
    )
    .unwrap();
    s.ok(&a, "ana", &["tag", STORY, "5", "confirmed"]);
    let run = s.factdesk(&a, "ana", &["sync"]);
    assert_eq!(run.code, 2, "{}{}", run.out, run.err);
    assert!(run.err.contains("refused the push 4 times"), "{}", run.err);
    fs::remove_file(&hook).unwrap();
    s.sync(&a, "ana");
    s.sync(&b, "ben");
    assert_eq!(
        story(&b, STORY).claim(5).unwrap().verdict,
        Verdict::Confirmed
    );
}

#[test]
fn a_file_that_does_not_parse_stops_the_merge_and_keeps_both_whole() {
    let (s, a) = Shared::new();
    let b = s.clone("b");
    s.ok(&b, "ben", &["list"]);
    // Someone commits a damaged story file on one side.
    let path = a.join("stories").join(STORY).join("story.ron");
    let damaged = story_text(&a, STORY).replacen("verdict: Pending", "verdict: Maybe", 1);
    fs::write(&path, &damaged).unwrap();
    s.git(&a, &["commit", "--quiet", "-am", "hand edit"]);
    s.git(&a, &["push", "--quiet"]);
    s.ok(&b, "ben", &["tag", STORY, "1", "confirmed"]);
    let ours = story_text(&b, STORY);
    let run = s.factdesk(&b, "ben", &["sync"]);
    assert_eq!(run.code, 2, "{}{}", run.out, run.err);
    assert_eq!(run.err.lines().count(), 1, "{}", run.err);
    assert!(
        run.err.contains("the merge stopped on stories/"),
        "{}",
        run.err
    );
    assert!(
        run.err.contains("their version does not parse"),
        "{}",
        run.err
    );
    // Ours is as it was, readable; theirs is beside it, whole.
    assert_eq!(story_text(&b, STORY), ours);
    let kept: Vec<_> = fs::read_dir(b.join("stories").join(STORY))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("story.conflict-") && n.ends_with("-theirs.ron"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    let theirs = fs::read_to_string(b.join("stories").join(STORY).join(&kept[0])).unwrap();
    assert_eq!(theirs, damaged);
    // Nothing half-done in git either, and the copy is never committed.
    assert!(s.git(&b, &["status", "--porcelain"]).trim().is_empty());
}

#[cfg(unix)]
fn make_executable(path: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn an_assignment_is_data_synced_and_shown() {
    let (s, a) = Shared::new();
    let b = s.clone("b");
    let out = s.ok(&a, "ana", &["story", "assign", STORY, "ben"]);
    assert_eq!(out.trim(), format!("{STORY}  assigned to ben"));
    s.sync(&a, "ana");
    s.sync(&b, "ben");
    let list = s.ok(&b, "ben", &["list"]);
    assert!(list.contains("[assigned: ben]"), "{list}");
    let show = s.ok(&b, "ben", &["show", STORY]);
    assert!(show.contains("assigned to ben (by ana, "), "{show}");
    let json: serde_json::Value =
        serde_json::from_str(&s.ok(&b, "ben", &["list", "--json"])).unwrap();
    assert_eq!(json[0]["assigned"], "ben");
    let log = s.git(&a, &["log", "-1", "--format=%s"]);
    assert_eq!(log.trim(), format!("ana: assigned to ben in {STORY}"));
    // Cleared on one machine, seen on the other.
    s.ok(&b, "ben", &["story", "assign", STORY, "--clear"]);
    s.sync(&b, "ben");
    s.sync(&a, "ana");
    assert!(!s.ok(&a, "ana", &["list"]).contains("assigned"));
    assert_eq!(story(&a, STORY).assignee(), None);
}

#[test]
fn an_existing_desk_becomes_a_repository_as_it_is() {
    let s = Shared::new().0;
    let desk = s.path("old");
    s.ok(&desk, "ana", &["init", "--name", "Old desk"]);
    let article = s.path("article.txt");
    fs::write(&article, shared::SEED).unwrap();
    s.ok(&desk, "ana", &["import", article.to_str().unwrap()]);
    let out = s.ok(&desk, "ana", &["init", "--git"]);
    assert!(out.contains("now a git repository"), "{out}");
    let log = s.git(&desk, &["log", "--format=%an|%s"]);
    assert_eq!(
        log.trim(),
        format!("ana|ana: the desk, shared (imported {STORY}; desk settings; sync set up)")
    );
    assert!(s.git(&desk, &["status", "--porcelain"]).trim().is_empty());
    // Derived and local files stay out of it.
    s.ok(&desk, "ana", &["list"]);
    s.ok(&desk, "ana", &["tag", STORY, "1", "confirmed"]);
    let tracked = s.git(&desk, &["ls-files"]);
    assert!(
        !tracked.contains(".cache") && !tracked.contains(".bak"),
        "{tracked}"
    );
    let status = s.git(&desk, &["status", "--porcelain", "--ignored"]);
    assert!(status.contains("!! .cache/"), "{status}");
    // Asked again: already one, nothing to do.
    let out = s.ok(&desk, "ana", &["init", "--git"]);
    assert!(
        out.contains("a git repository, set up for factdesk"),
        "{out}"
    );
}
