//! How well "seen before" tells a repeat from a claim that only looks like
//! one: a labelled set of claim pairs (tests/data/seen_pairs.tsv), scored
//! with the one comparison of two wordings, precision and recall printed.
//! Run with `cargo test --test seen_quality -- --nocapture` to see them.

use factdesk_core::similar::{DiffKind, THRESHOLD, compare};

struct Pair {
    kind: String,
    earlier: String,
    new: String,
}

fn pairs() -> Vec<Pair> {
    include_str!("data/seen_pairs.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut f = l.split('\t');
            let mut next = || {
                f.next()
                    .unwrap_or_else(|| panic!("short line: {l}"))
                    .to_string()
            };
            Pair {
                kind: next(),
                earlier: next(),
                new: next(),
            }
        })
        .collect()
}

#[test]
fn seen_before_precision_and_recall() {
    let pairs = pairs();
    assert!(pairs.len() >= 100, "{} pairs", pairs.len());
    let (mut same_tp, mut said_same, mut is_same) = (0, 0, 0);
    let (mut flagged, mut differing, mut wrongly_same) = (0, 0, 0);
    let mut unrelated_matched = 0;
    let mut misses = Vec::new();
    for p in &pairs {
        let c = compare(&p.new, &p.earlier);
        let matched = c.score >= THRESHOLD;
        let same = matched && c.same_claim();
        said_same += usize::from(same);
        match p.kind.as_str() {
            "same" => {
                is_same += 1;
                same_tp += usize::from(same);
                if !same {
                    misses.push(format!(
                        "same, not found as such ({:.2}, {:?}): {}",
                        c.score, c.differences, p.new
                    ));
                }
            }
            "unrelated" => {
                unrelated_matched += usize::from(matched);
            }
            kind => {
                differing += 1;
                let want = match kind {
                    "figure" => DiffKind::Figure,
                    "date" => DiffKind::Date,
                    "negation" => DiffKind::Negation,
                    _ => DiffKind::Name,
                };
                let right = c.differences.iter().any(|d| d.kind == want);
                flagged += usize::from(right);
                if same {
                    wrongly_same += 1;
                    misses.push(format!(
                        "{kind} taken for the same claim ({:.2}): {}",
                        c.score, p.new
                    ));
                } else if !right {
                    misses.push(format!(
                        "{kind} not named ({:.2}, {:?}): {}",
                        c.score, c.differences, p.new
                    ));
                }
            }
        }
    }
    let precision = same_tp as f64 / said_same.max(1) as f64;
    let recall = same_tp as f64 / is_same.max(1) as f64;
    let flag_recall = flagged as f64 / differing.max(1) as f64;
    println!(
        "{} pairs ({is_same} repeats, {differing} similar but different)",
        pairs.len()
    );
    println!(
        "same claim: precision {precision:.2} ({same_tp}/{said_same}), recall {recall:.2} ({same_tp}/{is_same})"
    );
    println!(
        "similar but different: the difference named in {flagged}/{differing} ({flag_recall:.2}); taken for the same claim: {wrongly_same}"
    );
    println!("unrelated pairs matched: {unrelated_matched}");
    for m in &misses {
        println!("  {m}");
    }
    // Loose bounds: the figures above are what to watch.
    assert!(precision >= 0.85, "precision {precision:.2}");
    assert!(recall >= 0.6, "recall {recall:.2}");
    assert!(flag_recall >= 0.75, "differences named {flag_recall:.2}");
    assert!(
        unrelated_matched <= 2,
        "{unrelated_matched} unrelated pairs matched"
    );
}
