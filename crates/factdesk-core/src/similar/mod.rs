//! "Seen before": finding claims whose wording closely matches another,
//! and saying where a close match differs in what a verdict rests on.
//!
//! Wording is reduced to its content words ([`words`]): lower case,
//! punctuation dropped, Snowball stems, stop words and the facts left out.
//! Two wordings are compared by the cosine similarity of their word sets:
//! the number of stems they share over the geometric mean of their sizes.
//! (Not the Jaccard index, shared over all words: it punishes a repeat
//! that adds a few words of its own much harder than a reader would.) Figures, dates, negation and names are not in the word sets:
//! [`compare`] compares them on their own, so "at least 47 people" and "at
//! least 56 people" are a close match that is *similar, but different*
//! (`figure 47 → 56`), never a repeat of the earlier verdict.
//!
//! An [`Index`] (an inverted index, word → claims) answers "which claims
//! share enough words with this one" by visiting only the claims that share
//! at least one word, so a lookup stays fast over hundreds of thousands of
//! claims; [`compare`] then explains each candidate.

mod compare;
pub mod facts;
pub mod words;

pub use compare::{Comparison, DiffKind, Difference, compare};
pub use words::{stem, words};

use std::collections::HashMap;

pub use compare::cosine_of;

/// The threshold the story screen and `factdesk seen` use: half the words
/// in common.
pub const THRESHOLD: f64 = 0.5;

/// The cosine similarity of two word sets: shared words over the square
/// root of the product of their sizes. Zero when either is empty.
pub fn cosine<S: AsRef<str>>(a: &[S], b: &[S]) -> f64 {
    let shared = a
        .iter()
        .filter(|w| b.iter().any(|v| v.as_ref() == w.as_ref()))
        .count();
    cosine_of(shared, a.len(), b.len())
}

/// A claim that matched, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// The position of the matching text in what the index was built from.
    pub doc: usize,
    /// Cosine similarity of the word sets, 0..=1.
    pub score: f64,
    /// The words in common, as the looked-up text writes them, in its
    /// order.
    pub shared: Vec<String>,
}

impl Match {
    /// "82% similar, 9 words shared: baghdadi, killed, airstrike…", at
    /// most `max` words listed.
    pub fn why(&self, max: usize) -> String {
        let pct = (self.score * 100.0).round() as u32;
        let mut list = self
            .shared
            .iter()
            .take(max)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if self.shared.len() > max {
            list.push('…');
        }
        let n = self.shared.len();
        let words = if n == 1 { "word" } else { "words" };
        format!("{pct}% similar, {n} {words} shared: {list}")
    }
}

/// Word → texts, for finding similar wordings among many.
#[derive(Debug, Clone, Default)]
pub struct Index {
    vocab: HashMap<String, u32>,
    /// For each word id, the docs containing it (ascending).
    postings: Vec<Vec<u32>>,
    /// For each doc, its number of distinct words.
    sizes: Vec<u32>,
}

impl Index {
    /// Index `texts`; doc numbers are their positions.
    pub fn build<'a>(texts: impl IntoIterator<Item = &'a str>) -> Index {
        let mut ix = Index::default();
        for text in texts {
            ix.add(text);
        }
        ix
    }

    /// Add one more text; returns its doc number (the next position).
    /// Docs are never removed: a caller replacing a text adds the new one
    /// and leaves the old out with `keep` in [`Index::similar`].
    pub fn add(&mut self, text: &str) -> usize {
        let doc = self.sizes.len();
        let ws = words(text);
        self.sizes.push(ws.len() as u32);
        for w in ws {
            let next = self.postings.len() as u32;
            let id = *self.vocab.entry(w).or_insert(next);
            if id == next {
                self.postings.push(Vec::new());
            }
            self.postings[id as usize].push(doc as u32);
        }
        doc
    }

    pub fn len(&self) -> usize {
        self.sizes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sizes.is_empty()
    }

    /// Docs whose words have a cosine similarity of at least `threshold` with
    /// `text`'s, for which `keep` holds; best first (ties: lower doc first).
    pub fn similar(
        &self,
        text: &str,
        threshold: f64,
        mut keep: impl FnMut(usize) -> bool,
    ) -> Vec<Match> {
        let content = words::content(&words::tokens(text));
        let ws: Vec<String> = content.iter().map(|(s, _)| s.clone()).collect();
        if ws.is_empty() {
            return Vec::new();
        }
        let mut shared: HashMap<u32, u32> = HashMap::new();
        for w in &ws {
            if let Some(&id) = self.vocab.get(w) {
                for &doc in &self.postings[id as usize] {
                    *shared.entry(doc).or_insert(0) += 1;
                }
            }
        }
        let q = ws.len() as u32;
        let mut out: Vec<Match> = shared
            .into_iter()
            .filter_map(|(doc, n)| {
                let score = cosine_of(n as usize, q as usize, self.sizes[doc as usize] as usize);
                (score >= threshold && keep(doc as usize)).then_some((doc, score))
            })
            .map(|(doc, score)| {
                let common = content
                    .iter()
                    .filter(|(w, _)| {
                        self.vocab.get(w).is_some_and(|&id| {
                            self.postings[id as usize].binary_search(&doc).is_ok()
                        })
                    })
                    .map(|(_, surface)| surface.clone())
                    .collect();
                Match {
                    doc: doc as usize,
                    score,
                    shared: common,
                }
            })
            .collect();
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc)));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_normalised() {
        assert_eq!(
            words("The U.S. said Russia's “airstrikes” killed al-Baghdadi, the ISIS leader."),
            vec![
                "us", "russia", "airstrik", "kill", "al", "baghdadi", "isi", "leader"
            ]
        );
        assert_eq!(
            words("casualties, casualty; strikes struck striking"),
            vec!["casualti", "strike", "struck"]
        );
        // Facts are compared on their own, not counted as words.
        assert_eq!(words("not 47 people on May 28"), vec!["peopl"]);
        assert_eq!(words("the of a"), Vec::<String>::new());
    }

    #[test]
    fn cosine_scores_are_exact() {
        let a = words("Baghdadi was killed in a Russian airstrike");
        let b = words("Russian airstrike killed Baghdadi, ministry says");
        // 4 shared; sizes 4 and 5.
        assert_eq!(cosine(&a, &b), 4.0 / 20f64.sqrt());
        assert_eq!(cosine(&a, &a), 1.0);
        let none: [String; 0] = [];
        assert_eq!(cosine(&a, &none), 0.0);
        // The repeat in tests/fixtures/ministry-repeat.txt of the sample
        // story's claim 2: 8 words shared of 13 and 17 (dates and the
        // negation are compared on their own).
        let repeat = words(
            "The Russian Defense Ministry said on Tuesday it still could not confirm that Islamic State leader Abu Bakr al-Baghdadi had been killed.",
        );
        let sample = words(
            "The Russian Defense Ministry said it was seeking to verify information that Abu Bakr al-Baghdadi was killed in a Russian strike in late May along with other senior group commanders.",
        );
        assert_eq!((repeat.len(), sample.len()), (13, 17));
        assert_eq!(cosine(&repeat, &sample), 8.0 / 221f64.sqrt());
        assert!(cosine(&repeat, &sample) >= THRESHOLD);
    }

    #[test]
    fn index_finds_close_wordings_with_reasons() {
        let texts = [
            "Russian airstrike killed Baghdadi, ministry says",
            "Coalition aircraft struck targets near Raqqa",
            "Baghdadi was killed in a Russian airstrike",
            "Baghdadi alive, says monitor",
        ];
        let ix = Index::build(texts.iter().copied());
        assert_eq!(ix.len(), 4);
        let m = ix.similar("Baghdadi killed in Russian airstrike", 0.5, |_| true);
        assert_eq!(m.iter().map(|m| m.doc).collect::<Vec<_>>(), vec![2, 0]);
        assert_eq!(m[0].score, 1.0);
        assert_eq!(m[1].score, 4.0 / 20f64.sqrt());
        assert_eq!(
            m[1].shared,
            vec!["baghdadi", "killed", "russian", "airstrike"]
        );
        assert_eq!(
            m[1].why(3),
            "89% similar, 4 words shared: baghdadi, killed, russian…"
        );
        // Added docs are found like built ones.
        let mut ix = ix;
        assert_eq!(ix.add("Killed: Baghdadi, by a Russian airstrike"), 4);
        let m = ix.similar("Baghdadi killed in Russian airstrike", 0.5, |d| d == 4);
        assert_eq!((m[0].doc, m[0].score), (4, 1.0));
        // `keep` filters, the threshold cuts.
        let m = ix.similar("Baghdadi killed in Russian airstrike", 0.5, |d| d < 2);
        assert_eq!(m.len(), 1);
        assert!(ix.similar("Baghdadi alive", 0.9, |_| true).is_empty());
        assert!(ix.similar("the of", 0.1, |_| true).is_empty());
    }
}
