//! Comparing two wordings of a claim: how alike they are, and where they
//! differ in what a fact-check rests on. A pure function of two texts, so
//! every way of finding candidates (the in-memory [`super::Index`], a
//! search index) scores and explains them alike.

use serde::Serialize;
use std::fmt;

use super::facts::{Facts, facts};
use super::words::{content, tokens};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DiffKind {
    Figure,
    Date,
    Negation,
    Name,
}

impl DiffKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DiffKind::Figure => "figure",
            DiffKind::Date => "date",
            DiffKind::Negation => "negation",
            DiffKind::Name => "name",
        }
    }
}

/// One way the wordings differ: `from` the earlier claim's, `to` this
/// one's; an empty side is a negation only one of them has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Difference {
    pub kind: DiffKind,
    pub from: String,
    pub to: String,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let side = |s: &str| {
            if s.is_empty() {
                "∅".to_string()
            } else {
                s.to_string()
            }
        };
        write!(
            f,
            "{} {} → {}",
            self.kind.as_str(),
            side(&self.from),
            side(&self.to)
        )
    }
}

/// How `this` compares with `earlier`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// Cosine similarity of the content words' stems, 0..=1.
    pub score: f64,
    /// The content words in common, as `this` writes them, in its order.
    pub shared: Vec<String>,
    /// Empty: the same claim. Otherwise "similar, but different".
    pub differences: Vec<Difference>,
}

impl Comparison {
    /// Whether the earlier ruling can stand for this claim.
    pub fn same_claim(&self) -> bool {
        self.differences.is_empty()
    }
}

/// Compare `this` wording with an `earlier` one.
pub fn compare(this: &str, earlier: &str) -> Comparison {
    let (ta, tb) = (tokens(this), tokens(earlier));
    let (ca, cb) = (content(&ta), content(&tb));
    let shared: Vec<String> = ca
        .iter()
        .filter(|(stem, _)| cb.iter().any(|(s, _)| s == stem))
        .map(|(_, surface)| surface.clone())
        .collect();
    let score = cosine_of(shared.len(), ca.len(), cb.len());
    let (fa, fb) = (facts(&ta), facts(&tb));
    let stems_b: Vec<&str> = tb.iter().map(|w| w.stem.as_str()).collect();
    let stems_a: Vec<&str> = ta.iter().map(|w| w.stem.as_str()).collect();
    Comparison {
        score,
        shared,
        differences: differences(&fa, &fb, &stems_a, &stems_b),
    }
}

pub fn cosine_of(shared: usize, a: usize, b: usize) -> f64 {
    if a == 0 || b == 0 {
        0.0
    } else {
        shared as f64 / ((a * b) as f64).sqrt()
    }
}

fn differences(a: &Facts, b: &Facts, stems_a: &[&str], stems_b: &[&str]) -> Vec<Difference> {
    let mut out = Vec::new();
    for (kind, xs, ys) in [
        (DiffKind::Figure, &a.figures, &b.figures),
        (DiffKind::Date, &a.dates, &b.dates),
    ] {
        // Only a value that replaced another counts: a repeat may drop a
        // figure or add "on Tuesday".
        let (only_a, only_b) = (minus(xs, ys), minus(ys, xs));
        for (to, from) in only_a.into_iter().zip(only_b) {
            out.push(Difference {
                kind,
                from: from.clone(),
                to: to.clone(),
            });
        }
    }
    match (a.negations.is_empty(), b.negations.is_empty()) {
        (false, true) => out.push(Difference {
            kind: DiffKind::Negation,
            from: String::new(),
            to: a.negations.join(" "),
        }),
        (true, false) => out.push(Difference {
            kind: DiffKind::Negation,
            from: b.negations.join(" "),
            to: String::new(),
        }),
        _ => {}
    }
    // Words of a name absent from the other wording altogether (in any
    // case), where the other has absent name words of its own: another
    // person, place or organisation. A name cut short ("Baghdadi" for
    // "Abu Bakr al-Baghdadi") replaces nothing.
    let absent = |names: &[Vec<(String, String)>], other: &[&str]| -> Vec<String> {
        let mut out = Vec::new();
        for name in names {
            let mut run: Vec<&str> = Vec::new();
            for (written, stem) in name {
                if other.contains(&stem.as_str()) {
                    if !run.is_empty() {
                        out.push(run.join(" "));
                        run.clear();
                    }
                } else {
                    run.push(written);
                }
            }
            if !run.is_empty() {
                out.push(run.join(" "));
            }
        }
        out
    };
    for (to, from) in absent(&a.names, stems_b)
        .into_iter()
        .zip(absent(&b.names, stems_a))
    {
        out.push(Difference {
            kind: DiffKind::Name,
            from,
            to,
        });
    }
    out
}

/// `xs` without the values `ys` has, as multisets, in `xs` order.
fn minus<'a>(xs: &'a [String], ys: &[String]) -> Vec<&'a String> {
    let mut left: Vec<&String> = ys.iter().collect();
    xs.iter()
        .filter(|x| match left.iter().position(|y| y == x) {
            Some(i) => {
                left.swap_remove(i);
                false
            }
            None => true,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diffs(a: &str, b: &str) -> Vec<String> {
        compare(a, b)
            .differences
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn a_different_figure_is_similar_but_different() {
        let c = compare(
            "Floods in the south have killed at least 56 people, officials said.",
            "Floods in the south have killed at least 47 people, officials said.",
        );
        assert_eq!(c.score, 1.0);
        assert_eq!(
            diffs("killed at least 56 people", "killed at least 47 people"),
            ["figure 47 → 56"]
        );
        assert!(!c.same_claim());
    }

    #[test]
    fn rewording_is_the_same_claim() {
        let c = compare(
            "At least 47 people have been killed by the floods in Rio Grande do Sul, officials said on Tuesday.",
            "Floods in Rio Grande do Sul have killed at least 47 people.",
        );
        assert!(c.same_claim(), "{:?}", c.differences);
        assert!(c.score >= super::super::THRESHOLD, "{}", c.score);
        assert_eq!(
            c.shared,
            ["people", "killed", "floods", "rio", "grande", "sul"]
        );
    }

    #[test]
    fn negation_dates_and_names() {
        assert_eq!(
            diffs(
                "The ministry denied that the strike killed Baghdadi.",
                "The ministry said the strike killed Baghdadi."
            ),
            ["negation ∅ → denied"]
        );
        assert_eq!(
            diffs(
                "The raid took place on May 29.",
                "The raid took place on May 28."
            ),
            ["date May 28 → May 29"]
        );
        assert_eq!(
            diffs(
                "Mayor Paulo Lopes said the dam would hold.",
                "Mayor Ana Souza said the dam would hold."
            ),
            ["name Ana Souza → Paulo Lopes"]
        );
        // A shortened name is the same name.
        assert!(
            diffs(
                "Baghdadi was killed, Moscow said.",
                "Abu Bakr al-Baghdadi was killed, Moscow said."
            )
            .is_empty()
        );
        assert!(compare("the of a", "the of a").score == 0.0);
    }
}
