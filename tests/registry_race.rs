//! The source registry under concurrent writers: real processes adding
//! sources at once, and a source merge racing an editor who links the
//! source being merged away.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use factdesk_core::edit::{Edit, Who};
use factdesk_core::ids::{SourceId, StoryId};
use factdesk_core::model::{Change, SourceLink, Stance};
use factdesk_core::session::EditSession;
use factdesk_core::store::Desk;
use factdesk_core::store::registry_lock::{REGISTRY_WAIT, RegistryLock};

const STORY: &str = "2017-06-16-russia-said-friday-that-the-leader";

fn factdesk(desk: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_factdesk"))
        .args(args)
        .env("FACTDESK_DESK", desk)
        .env("FACTDESK_EDITOR", "ana")
        .output()
        .unwrap()
}

fn sample() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let desk = tmp.path().join("desk");
    factdesk_core::sample::seed(&desk).unwrap();
    (tmp, desk)
}

#[test]
fn two_processes_adding_sources_at_once_lose_nothing() {
    let (_tmp, desk) = sample();
    let before = Desk::open(&desk)
        .unwrap()
        .load_sources()
        .unwrap()
        .value
        .sources
        .len();
    const ROUNDS: usize = 100;
    let writer = |prefix: &'static str| {
        let desk = desk.clone();
        std::thread::spawn(move || {
            let mut failed = Vec::new();
            for i in 0..ROUNDS {
                let id = format!("{prefix}-{i}");
                let out = factdesk(&desk, &["source", "add", &id, "--name", &id]);
                if !out.status.success() {
                    failed.push(String::from_utf8_lossy(&out.stderr).into_owned());
                }
            }
            failed
        })
    };
    let (a, b) = (writer("wire"), writer("desk"));
    let failed: Vec<String> = [a, b].into_iter().flat_map(|t| t.join().unwrap()).collect();
    assert!(failed.is_empty(), "{failed:?}");
    let registry = Desk::open(&desk).unwrap().load_sources().unwrap().value;
    assert_eq!(registry.sources.len(), before + 2 * ROUNDS);
    for prefix in ["wire", "desk"] {
        for i in 0..ROUNDS {
            let id = SourceId::parse(&format!("{prefix}-{i}")).unwrap();
            assert!(registry.get(&id).is_some(), "{id} was lost");
        }
    }
}

fn link_dup(session: &mut EditSession, registry: &factdesk_core::model::SourceRegistry, who: &Who) {
    let edit = Edit::Link {
        claim: 1,
        link: SourceLink {
            source: SourceId::parse("dup").unwrap(),
            stance: Stance::Context,
            note: Some("seen on the wire".into()),
        },
    };
    session.apply_checked(edit, registry, who).unwrap().unwrap();
}

#[test]
fn a_source_merged_away_while_an_editor_links_it_leaves_no_dangling_link() {
    let (_tmp, root) = sample();
    assert!(
        factdesk(&root, &["source", "add", "dup", "--name", "AFP (twice)"])
            .status
            .success()
    );
    let desk = Desk::open(&root).unwrap();
    let id = StoryId::parse(STORY).unwrap();
    let who = Who::now("ben");
    // Ben has the story open and links `dup` (known to the registry when
    // he picks it); before his save, ana merges `dup` into `afp`. The
    // merge does not see the link: it is not on disk yet.
    let mut session = EditSession::open(&desk, &id, &who).unwrap();
    let registry = desk.load_sources().unwrap().value;
    link_dup(&mut session, &registry, &who);
    let out = factdesk(&root, &["source", "merge", "dup", "afp"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // His save finds `dup` merged and links `afp` instead.
    session.save(&who).unwrap();
    drop(session);
    let story = desk.load_story(&id).unwrap().file.value;
    let claim = story.claim(1).unwrap();
    let afp = SourceId::parse("afp").unwrap();
    assert!(claim.link(&SourceId::parse("dup").unwrap()).is_none());
    let link = claim.link(&afp).expect("moved to afp");
    assert_eq!(link.note.as_deref(), Some("seen on the wire"));
    let tail: Vec<&Change> = claim
        .history
        .iter()
        .rev()
        .take(3)
        .map(|h| &h.change)
        .collect();
    assert!(
        matches!(tail[0], Change::Linked { source, .. } if *source == afp),
        "{tail:?}"
    );
    assert!(matches!(tail[1], Change::Unlinked { .. }), "{tail:?}");
    assert!(matches!(tail[2], Change::Linked { .. }), "{tail:?}");
    let check = factdesk(&root, &["check"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn a_source_merge_waits_for_a_save_that_holds_the_registry() {
    let (_tmp, root) = sample();
    assert!(
        factdesk(&root, &["source", "add", "dup", "--name", "AFP (twice)"])
            .status
            .success()
    );
    let desk = Desk::open(&root).unwrap();
    let id = StoryId::parse(STORY).unwrap();
    let who = Who::now("ben");
    let mut session = EditSession::open(&desk, &id, &who).unwrap();
    let registry = desk.load_sources().unwrap().value;
    link_dup(&mut session, &registry, &who);
    // A save in progress holds the registry: the merge waits for it.
    let held = RegistryLock::acquire(&root, REGISTRY_WAIT).unwrap();
    let mut merge = Command::new(env!("CARGO_BIN_EXE_factdesk"))
        .args(["source", "merge", "dup", "afp"])
        .env("FACTDESK_DESK", &root)
        .env("FACTDESK_EDITOR", "ana")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    session.save(&who).unwrap();
    drop(session);
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        merge.try_wait().unwrap().is_none(),
        "the merge did not wait"
    );
    drop(held);
    let deadline = Instant::now() + Duration::from_secs(30);
    while merge.try_wait().unwrap().is_none() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = merge.wait_with_output().unwrap();
    assert!(out.status.success());
    // The merge saw the saved link, and moved it.
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("1 link moved"), "{said}");
    let story = desk.load_story(&id).unwrap().file.value;
    assert!(
        story
            .claim(1)
            .unwrap()
            .link(&SourceId::parse("afp").unwrap())
            .is_some()
    );
    assert!(factdesk(&root, &["check"]).status.success());
}
