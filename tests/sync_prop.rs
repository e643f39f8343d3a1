//! Random rulings, notes, links and sources on two clones of a desk,
//! synced in random order: both clones end identical, and every change
//! made on either side is in the history exactly once. Real git, the
//! real binary; few cases, short sequences and a time limit keep it
//! bounded.

#[path = "support/git.rs"]
#[allow(dead_code)]
mod shared;

use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use factdesk_core::model::{HistoryEntry, Story};
use proptest::prelude::*;
use shared::{STORY, Shared, story, tracked};

const VERDICTS: [&str; 4] = ["pending", "confirmed", "unconfirmed", "disputed"];
const NOTES: [&str; 3] = ["wire copy", "call the ministry", ""];
const SOURCES: [&str; 2] = ["afp", "ap"];
const STANCES: [&str; 3] = ["supports", "contradicts", "context"];
/// Past this, remaining cases pass without running: the suite stays
/// bounded on a loaded machine.
const BUDGET: Duration = Duration::from_secs(150);

#[derive(Debug, Clone)]
enum Op {
    Tag {
        claim: u32,
        verdict: usize,
        note: Option<usize>,
        link: Option<(usize, usize)>,
    },
    AddSource,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (
            1u32..=11,
            0..VERDICTS.len(),
            proptest::option::of(0..NOTES.len()),
            proptest::option::of((0..SOURCES.len(), 0..STANCES.len())),
        )
            .prop_map(|(claim, verdict, note, link)| Op::Tag {
                claim,
                verdict,
                note,
                link
            }),
        1 => Just(Op::AddSource),
    ]
}

/// One round: what each side does, then who syncs (0: a, 1: b), in
/// order; a side may not sync in a round.
fn round() -> impl Strategy<Value = (Vec<Op>, Vec<Op>, Vec<usize>)> {
    (
        proptest::collection::vec(op(), 0..4),
        proptest::collection::vec(op(), 0..4),
        prop_oneof![
            Just(vec![0, 1]),
            Just(vec![1, 0]),
            Just(vec![0]),
            Just(vec![1]),
            Just(vec![1, 0, 1]),
        ],
    )
}

struct Side<'a> {
    shared: &'a Shared,
    desk: &'a Path,
    editor: &'static str,
    sources_added: usize,
    /// Every history entry this side's edits made.
    made: Vec<HistoryEntry>,
}

/// The entries of `after` that `before` lacks, as a multiset.
fn new_entries(before: &Story, after: &Story) -> Vec<HistoryEntry> {
    let mut out = Vec::new();
    for claim in &after.claims {
        let mut old: Vec<&HistoryEntry> = before
            .claim(claim.id)
            .map(|c| c.history.iter().collect())
            .unwrap_or_default();
        for e in &claim.history {
            match old.iter().position(|o| *o == e) {
                Some(i) => {
                    old.swap_remove(i);
                }
                None => out.push(e.clone()),
            }
        }
    }
    out
}

impl Side<'_> {
    fn apply(&mut self, op: &Op) {
        match op {
            Op::Tag {
                claim,
                verdict,
                note,
                link,
            } => {
                let before = story(self.desk, STORY);
                let claim = claim.to_string();
                let mut args = vec!["tag", STORY, &claim, VERDICTS[*verdict]];
                let linked;
                if let Some((s, st)) = link {
                    linked = format!("{}:{}", SOURCES[*s], STANCES[*st]);
                    args.extend(["--source", &linked]);
                }
                if let Some(n) = note {
                    args.extend(["--note", NOTES[*n]]);
                }
                self.shared.ok(self.desk, self.editor, &args);
                let after = story(self.desk, STORY);
                self.made.extend(new_entries(&before, &after));
            }
            Op::AddSource => {
                self.sources_added += 1;
                let id = format!("{}-{}", self.editor, self.sources_added);
                self.shared.ok(
                    self.desk,
                    self.editor,
                    &["source", "add", &id, "--name", &id],
                );
            }
        }
    }

    fn sync(&self) {
        self.shared.sync(self.desk, self.editor);
    }
}

fn started() -> Instant {
    static START: OnceLock<Instant> = OnceLock::new();
    *START.get_or_init(Instant::now)
}

fn run(rounds: &[(Vec<Op>, Vec<Op>, Vec<usize>)]) -> Result<(), TestCaseError> {
    if started().elapsed() > BUDGET {
        return Ok(());
    }
    let (shared, a) = Shared::new();
    for s in SOURCES {
        shared.ok(&a, "ana", &["source", "add", s, "--name", s]);
    }
    shared.sync(&a, "ana");
    let b = shared.clone("b");
    let initial = story(&a, STORY);
    let mut sides = [
        Side {
            shared: &shared,
            desk: &a,
            editor: "ana",
            sources_added: 0,
            made: Vec::new(),
        },
        Side {
            shared: &shared,
            desk: &b,
            editor: "ben",
            sources_added: 0,
            made: Vec::new(),
        },
    ];
    for (ops_a, ops_b, order) in rounds {
        for op in ops_a {
            sides[0].apply(op);
        }
        for op in ops_b {
            sides[1].apply(op);
        }
        for &who in order {
            sides[who].sync();
        }
    }
    for who in [0, 1, 0] {
        sides[who].sync();
    }

    // Both clones identical.
    let (ta, tb) = (tracked(&shared, &a), tracked(&shared, &b));
    prop_assert_eq!(ta.len(), tb.len());
    for ((name, x), (other, y)) in ta.iter().zip(&tb) {
        prop_assert_eq!(name, other);
        prop_assert!(x == y, "{} differs between the clones", name);
    }
    // Every change made on either side in the history, exactly once.
    let last = story(&a, STORY);
    let mut expected: Vec<HistoryEntry> = initial
        .claims
        .iter()
        .flat_map(|c| c.history.iter().cloned())
        .collect();
    expected.extend(sides[0].made.iter().cloned());
    expected.extend(sides[1].made.iter().cloned());
    let mut got: Vec<HistoryEntry> = last
        .claims
        .iter()
        .flat_map(|c| c.history.iter().cloned())
        .collect();
    let key = |e: &HistoryEntry| format!("{}|{}|{:?}", e.at, e.editor, e.change);
    expected.sort_by_key(key);
    got.sort_by_key(key);
    prop_assert_eq!(got, expected);
    for claim in &last.claims {
        prop_assert!(claim.history.windows(2).all(|w| w[0].at <= w[1].at));
    }
    // Every source added on either side is in the registry.
    let registry = shared::sources(&a);
    for side in &sides {
        for n in 1..=side.sources_added {
            let id = format!("{}-{n}", side.editor);
            prop_assert!(registry.contains(&id), "{} lost", id);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 6,
        max_shrink_iters: 16,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn two_clones_edited_and_synced_in_any_order_end_identical_with_every_edit(
        rounds in proptest::collection::vec(round(), 1..4)
    ) {
        run(&rounds)?;
    }
}
