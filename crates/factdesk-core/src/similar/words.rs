//! Words of a claim as "seen before" compares them: lower case, split on
//! punctuation and hyphens (`al-Baghdadi` → `al`, `baghdadi`), dots and
//! apostrophes dropped (`U.S.` → `us`, `Russia's` → `russia`), each with
//! its Snowball (Porter 2) stem. Stop words are NLTK's English list with a
//! few reporting words of wire copy added.

use rust_stemmers::{Algorithm, Stemmer};
use std::sync::OnceLock;

/// A word as written (lower case) and its stem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// As written, dots and apostrophes dropped: `US`, `Baghdadi`.
    pub written: String,
    pub surface: String,
    pub stem: String,
    /// Written with a capital letter (a name, or a sentence's first word).
    pub capital: bool,
    /// The first word of a sentence.
    pub starts_sentence: bool,
}

/// Wire copy's own filler, beside NLTK's list: who said it is the claim's
/// speaker, not what the claim is about; "at least" qualifies a figure,
/// which is compared on its own.
const REPORTING: &[&str] = &[
    "also",
    "according",
    "least",
    "could",
    "may",
    "might",
    "must",
    "said",
    "say",
    "says",
    "saying",
    "told",
    "would",
];

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::English))
}

/// Too common to say what a claim is about.
pub fn is_stop(word: &str) -> bool {
    static STOP: OnceLock<Vec<&'static str>> = OnceLock::new();
    let list = STOP.get_or_init(|| {
        let mut v: Vec<&'static str> = stop_words::lookup("en").unwrap_or_default().to_vec();
        v.extend_from_slice(REPORTING);
        v.sort_unstable();
        v.dedup();
        v
    });
    list.binary_search(&word).is_ok()
}

pub fn stem(word: &str) -> String {
    stemmer().stem(word).into_owned()
}

/// Every word of `text`, in order, stop words included (the facts need
/// them: "not", "no"), each with its stem.
pub fn tokens(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut sentence_start = true;
    for raw in text.split_whitespace() {
        let ends = raw
            .trim_end_matches(['"', '”', '’', '\'', ')', '»'])
            .ends_with(['.', '!', '?', ':']);
        let t = raw.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '%');
        let t = t
            .strip_suffix("'s")
            .or_else(|| t.strip_suffix("’s"))
            .unwrap_or(t);
        let mut part = String::new();
        let mut first_part = true;
        let push = |part: &mut String, out: &mut Vec<Word>, first: &mut bool| {
            if !part.is_empty() {
                let surface = part.to_lowercase();
                let capital = part.chars().next().is_some_and(char::is_uppercase);
                out.push(Word {
                    stem: stem(&surface),
                    written: part.clone(),
                    surface,
                    capital,
                    starts_sentence: sentence_start && *first,
                });
                *first = false;
            }
            part.clear();
        };
        for c in t.chars() {
            let in_number =
                !part.is_empty() && part.chars().all(|d| d.is_ascii_digit() || d == ',');
            if c.is_alphanumeric() || c == '%' || (c == ',' && in_number) {
                part.push(c);
            } else if matches!(c, '.' | '\'' | '’') && !part.is_empty() {
                // "U.S.", "don't", "3.5": one word.
                part.push(c);
            } else if !matches!(c, '‘' | '"' | '“' | '”' | '(' | '«') {
                push(&mut part, &mut out, &mut first_part);
            }
        }
        push(&mut part, &mut out, &mut first_part);
        sentence_start = ends;
    }
    for w in &mut out {
        // Dots and apostrophes were kept for numbers and contractions;
        // a word's own form loses them.
        if !w.surface.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            let plain: String = w
                .surface
                .chars()
                .filter(|c| !matches!(c, '.' | '\'' | '’'))
                .collect();
            if plain != w.surface && !w.surface.contains("n't") && !w.surface.contains("n’t") {
                w.stem = stem(&plain);
                w.surface = plain;
                w.written.retain(|c| !matches!(c, '.' | '\'' | '’'));
            }
        } else {
            w.surface = w.surface.trim_end_matches([',', '.']).to_string();
            w.stem.clone_from(&w.surface);
        }
    }
    out.retain(|w| !w.surface.is_empty());
    out
}

/// The words a similarity score counts: each stem once, in order, with
/// its first surface form; no stop words, no one-letter words, and none of
/// what [`super::facts`] compares on its own (figures, dates, negation).
pub fn content(tokens: &[Word]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for w in tokens {
        if w.surface.chars().nth(1).is_none()
            || is_stop(&w.surface)
            || super::facts::is_fact_word(&w.surface)
        {
            continue;
        }
        if !out.iter().any(|(s, _)| *s == w.stem) {
            out.push((w.stem.clone(), w.surface.clone()));
        }
    }
    out
}

/// The stems [`content`] keeps, for an index.
pub fn words(text: &str) -> Vec<String> {
    content(&tokens(text)).into_iter().map(|(s, _)| s).collect()
}
