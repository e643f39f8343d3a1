//! What two wordings of a claim must agree on to be the same claim:
//! figures, dates, negation, and names. A repeat may drop or add any of
//! them ("said on Tuesday"); it may not change one ("47" → "56", "May 28"
//! → "May 29", "confirmed" → "not confirmed", "Putin" → "Erdogan").

use super::words::{Word, is_stop};

const MONTHS: &[(&str, &str)] = &[
    ("january", "January"),
    ("jan", "January"),
    ("february", "February"),
    ("feb", "February"),
    ("march", "March"),
    ("april", "April"),
    ("apr", "April"),
    ("may", "May"),
    ("june", "June"),
    ("july", "July"),
    ("august", "August"),
    ("aug", "August"),
    ("september", "September"),
    ("sept", "September"),
    ("sep", "September"),
    ("october", "October"),
    ("oct", "October"),
    ("november", "November"),
    ("nov", "November"),
    ("december", "December"),
    ("dec", "December"),
];

const DAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "yesterday",
    "today",
    "tomorrow",
];

/// Words that turn a claim into its opposite.
const NEGATIONS: &[&str] = &[
    "denied", "denies", "deny", "denying", "neither", "never", "no", "nobody", "none", "nor",
    "not", "nothing", "refused", "refuses", "rejected", "rejects", "without",
];

const NUMBER_WORDS: &[(&str, f64)] = &[
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
    ("dozen", 12.0),
    ("hundred", 100.0),
    ("thousand", 1000.0),
];

const MULTIPLIERS: &[(&str, f64)] = &[
    ("hundred", 100.0),
    ("thousand", 1_000.0),
    ("million", 1_000_000.0),
    ("millions", 1_000_000.0),
    ("billion", 1_000_000_000.0),
    ("bn", 1_000_000_000.0),
    ("m", 1_000_000.0),
];

fn month(w: &str) -> Option<&'static str> {
    MONTHS.iter().find(|(k, _)| *k == w).map(|(_, m)| *m)
}

fn is_negation(w: &str) -> bool {
    NEGATIONS.binary_search(&w).is_ok() || w.ends_with("n't") || w.ends_with("n’t")
}

/// Whether a word is compared as a fact rather than counted as a word.
pub fn is_fact_word(w: &str) -> bool {
    is_negation(w)
        || month(w).is_some()
        || DAYS.contains(&w)
        || number(w).is_some()
        || MULTIPLIERS.iter().any(|(k, _)| *k == w)
        || NUMBER_WORDS.iter().any(|(k, _)| *k == w)
}

/// `47`, `1,200`, `3.5`, `30%`.
fn number(w: &str) -> Option<f64> {
    let w = w.strip_suffix('%').unwrap_or(w);
    if !w.chars().next()?.is_ascii_digit() {
        return None;
    }
    let plain: String = w.chars().filter(|c| *c != ',').collect();
    let plain = plain
        .trim_end_matches(|c: char| c.is_ascii_alphabetic())
        .to_string();
    plain.parse().ok()
}

fn show_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// The facts of one wording.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    /// Normalised figures: `47`, `1200`, `3000000`, `30%`.
    pub figures: Vec<String>,
    /// `May 28`, `May`, `Tuesday`, `2017`.
    pub dates: Vec<String>,
    /// The negating words, as written.
    pub negations: Vec<String>,
    /// Names: runs of capitalised words that are not stop words, each
    /// word as written with its stem.
    pub names: Vec<Vec<(String, String)>>,
}

pub fn facts(tokens: &[Word]) -> Facts {
    let mut f = Facts::default();
    let mut used = vec![false; tokens.len()];
    // Dates first: "May 28", "28 May", "May 28, 2017".
    for (i, w) in tokens.iter().enumerate() {
        if let Some(m) = month(&w.surface) {
            // "may" the verb is lower case.
            if !w.capital {
                continue;
            }
            used[i] = true;
            let day = |j: usize| {
                tokens
                    .get(j)
                    .and_then(|t| number(&t.surface).map(|n| (n, t)))
                    .filter(|(n, t)| (1.0..=31.0).contains(n) && !t.surface.contains('%'))
            };
            let after = i.checked_add(1).and_then(|j| day(j).map(|d| (j, d)));
            let before = i.checked_sub(1).and_then(|j| day(j).map(|d| (j, d)));
            match after.or(before) {
                Some((j, (n, _))) if !used[j] => {
                    used[j] = true;
                    f.dates.push(format!("{m} {}", show_number(n)));
                }
                _ => f.dates.push(m.to_string()),
            }
        } else if DAYS.contains(&w.surface.as_str()) {
            used[i] = true;
            let mut day = w.surface.clone();
            if let Some(c) = day.get_mut(0..1) {
                c.make_ascii_uppercase();
            }
            f.dates.push(day);
        }
    }
    for (i, w) in tokens.iter().enumerate() {
        if used[i] {
            continue;
        }
        let s = w.surface.as_str();
        if is_negation(s) {
            f.negations.push(w.surface.clone());
            continue;
        }
        let value =
            number(s).or_else(|| NUMBER_WORDS.iter().find(|(k, _)| *k == s).map(|(_, n)| *n));
        let Some(mut n) = value else {
            continue;
        };
        // A four-digit year is a date, not a figure.
        if (1900.0..=2100.0).contains(&n) && s.len() == 4 && !s.contains(',') {
            f.dates.push(s.to_string());
            continue;
        }
        if let Some(next) = tokens.get(i + 1)
            && let Some((_, m)) = MULTIPLIERS.iter().find(|(k, _)| *k == next.surface)
            && !(next.surface == "m" && s.contains('%'))
        {
            n *= m;
            used[i + 1] = true;
        }
        let pct = s.ends_with('%') || tokens.get(i + 1).is_some_and(|t| t.surface == "percent");
        f.figures
            .push(format!("{}{}", show_number(n), if pct { "%" } else { "" }));
    }
    // Names: capitalised runs; a sentence's first word only when the
    // next word is capitalised too ("Abu Bakr", not "Officials said").
    let mut i = 0;
    while i < tokens.len() {
        let name_word = |t: &Word| {
            t.capital
                && !is_stop(&t.surface)
                && !is_fact_word(&t.surface)
                && t.surface.chars().count() > 1
        };
        let Some(w) = tokens.get(i).filter(|t| name_word(t)) else {
            i += 1;
            continue;
        };
        let mut j = i + 1;
        while tokens
            .get(j)
            .is_some_and(|t| name_word(t) && !t.starts_sentence)
        {
            j += 1;
        }
        let lone_start = w.starts_sentence && j == i + 1;
        if !lone_start {
            let run = tokens.get(i..j).unwrap_or_default();
            f.names.push(
                run.iter()
                    .map(|t| (t.written.clone(), t.stem.clone()))
                    .collect(),
            );
        }
        i = j;
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::similar::words::tokens;

    #[test]
    fn negations_are_sorted_for_binary_search() {
        assert!(NEGATIONS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn figures_dates_negations_and_names() {
        let f = facts(&tokens(
            "The Russian Defense Ministry said on Tuesday it could not confirm that 1,200 fighters and Abu Bakr al-Baghdadi were killed on May 28, 2017, about 30% of them.",
        ));
        assert_eq!(f.figures, ["1200", "30%"]);
        assert_eq!(f.dates, ["Tuesday", "May 28", "2017"]);
        assert_eq!(f.negations, ["not"]);
        let names: Vec<String> = f
            .names
            .iter()
            .map(|n| {
                n.iter()
                    .map(|(w, _)| w.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        assert_eq!(names, ["Russian Defense Ministry", "Abu Bakr", "Baghdadi"]);
        let f = facts(&tokens(
            "Floods killed three people; 2.5 million were displaced. Officials didn't say.",
        ));
        assert_eq!(f.figures, ["3", "2500000"]);
        assert_eq!(f.negations, ["didn't"]);
        assert!(f.names.is_empty(), "{:?}", f.names);
    }
}
