//! Suggesting which sentences of an article are worth checking.
//!
//! A checker's time goes to sentences that assert something a source could
//! confirm or deny: what someone said, a number, a date, or a claim the
//! article itself hedges. Pure background and colour are left out. The
//! rules are word-level heuristics on purpose: they must be predictable to
//! an editor reading the list, and the editor always has the last word.

use super::sentences::sentences;
use super::words::{Token, tokens};

/// A sentence proposed as a claim. `start..end` is its byte range in the
/// article; `speaker` is who the article attributes it to, when it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub start: usize,
    pub end: usize,
    pub speaker: Option<String>,
    pub reason: &'static str,
}

pub const REASON_ATTRIBUTED: &str = "attributed statement";
pub const REASON_HEDGED: &str = "hedged or unconfirmed";
pub const REASON_FIGURE: &str = "contains a figure";
pub const REASON_DATE: &str = "contains a date";

/// Verbs of saying. Only forms that are rarely nouns or adjectives are
/// listed: "claims" and "reports" are mostly nouns in wire copy, and
/// "states" would match "United States".
const SAYING: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "stated",
    "announced",
    "announces",
    "claimed",
    "reported",
    "confirmed",
    "confirms",
    "denied",
    "denies",
    "warned",
    "warns",
];

/// A word right before a verb of saying that shows the verb is not the
/// main verb of an attribution: passive ("was reported"), conditional ("if
/// confirmed"), adjectival ("the reported deaths"), negated or embedded.
const NOT_A_SUBJECT: &[&str] = &[
    "if", "was", "were", "is", "are", "be", "been", "being", "not", "to", "who", "which", "that",
    "would", "could", "should", "might", "may", "will", "can", "did", "does", "do", "the", "a",
    "an", "its", "his", "her", "their", "this", "these", "those", "as", "unless", "when",
];

/// Words that qualify when or how something was said rather than who said
/// it; peeled off both ends of a subject ("Russia on Friday said", "and
/// the ministry also said").
const NOT_PART_OF_NAME: &[&str] = &[
    "and",
    "but",
    "or",
    "so",
    "yet",
    "while",
    "then",
    "also",
    "has",
    "have",
    "had",
    "later",
    "earlier",
    "previously",
    "again",
    "separately",
    "meanwhile",
    "however",
    "now",
    "already",
    "repeatedly",
    "recently",
    "publicly",
    "officially",
    "on",
    "late",
    "early",
    "last",
    "this",
    "week",
    "month",
    "year",
    "today",
    "yesterday",
    "tonight",
    "morning",
    "afternoon",
    "evening",
    "night",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Words that end a speaker's name when it follows the verb ("…,” said
/// the ministry in a statement") or "according to".
const END_OF_NAME: &[&str] = &[
    "that",
    "in",
    "on",
    "at",
    "after",
    "before",
    "when",
    "while",
    "as",
    "adding",
    "who",
    "which",
    "according",
    "to",
    "during",
    "because",
    "since",
    "and",
    "but",
];

const PRONOUNS: &[&str] = &["it", "he", "she", "they"];

/// Longer than this, a "subject" is almost certainly a clause we misread.
const MAX_NAME_WORDS: usize = 8;

const NUMBER_WORDS: &[&str] = &[
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
    "billion",
    "billions",
    "trillion",
    "dozen",
    "dozens",
    "percent",
    "twice",
    "triple",
    "double",
];

const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Month names that are never ordinary words when capitalised. "May" and
/// "March" are handled apart because they also start sentences as a verb.
const MONTHS: &[&str] = &[
    "January",
    "February",
    "April",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const RELATIVE_DAYS: &[&str] = &["yesterday", "today", "tonight", "tomorrow"];

/// Sentences of `text` from `body_start` on that carry a checkable
/// assertion, in article order.
pub fn suggest_claims(text: &str, body_start: usize) -> Vec<Suggestion> {
    let mut out = Vec::new();
    // The last named speaker, so "it said" can be credited to whoever "it"
    // is; wire copy names a source once and then uses pronouns.
    let mut antecedent: Option<String> = None;
    for range in sentences(text, body_start) {
        let Some(sentence) = text.get(range.clone()) else {
            continue;
        };
        let toks = tokens(sentence, range.start);
        let words: Vec<String> = toks.iter().map(Token::lower).collect();

        let attribution = attribution(text, &toks, &words);
        let reason = if attribution.is_some() {
            REASON_ATTRIBUTED
        } else if is_hedged(&words) {
            REASON_HEDGED
        } else if has_figure(&toks, &words) {
            REASON_FIGURE
        } else if has_date(&toks, &words) {
            REASON_DATE
        } else {
            continue;
        };

        let speaker = attribution.and_then(|a| {
            let named = |s: &Option<String>| s.clone().filter(|s| !is_pronoun(s));
            let speaker = a.source.clone().or_else(|| a.subject.clone());
            if let Some(name) = named(&a.subject).or_else(|| named(&a.source)) {
                antecedent = Some(name);
            }
            match speaker {
                Some(s) if is_pronoun(&s) => antecedent.clone(),
                other => other,
            }
        });
        out.push(Suggestion {
            start: range.start,
            end: range.end,
            speaker,
            reason,
        });
    }
    out
}

fn is_pronoun(name: &str) -> bool {
    PRONOUNS.iter().any(|p| name.eq_ignore_ascii_case(p))
}

struct Attribution {
    /// Who the verb of saying belongs to ("The ministry said").
    subject: Option<String>,
    /// Who the article credits with the whole sentence ("…, according to
    /// AFP"); it wins over the subject, because it is what the article
    /// relies on and what the checker has to go back to.
    source: Option<String>,
}

/// Finds who the sentence is attributed to, looking only at words outside
/// quotation marks (an "according to" inside a quote is the quoted party's
/// sourcing, not the article's).
fn attribution(text: &str, toks: &[Token<'_>], words: &[String]) -> Option<Attribution> {
    let source = according_to(text, toks, words);
    let subject = toks
        .iter()
        .enumerate()
        .filter(|(i, t)| !t.quoted && words.get(*i).is_some_and(|w| SAYING.contains(&w.as_str())))
        .find_map(|(i, _)| speaker_of_verb(text, toks, words, i));
    (source.is_some() || subject.is_some()).then_some(Attribution { subject, source })
}

fn according_to(text: &str, toks: &[Token<'_>], words: &[String]) -> Option<String> {
    let i = (0..toks.len()).find(|&i| {
        let (Some(a), Some(to)) = (toks.get(i), toks.get(i + 1)) else {
            return false;
        };
        !a.quoted
            && words.get(i).is_some_and(|w| w == "according")
            && words.get(i + 1).is_some_and(|w| w == "to")
            && !to.clause_break_before(Some(a))
    })?;
    name_after(text, toks, words, i + 2)
}

/// The speaker of the verb of saying at `verb`: the words before it back to
/// the start of the clause, or, when the verb opens its clause ("…,” said
/// the ministry"), the words after it. A passive "by" agent is used too.
fn speaker_of_verb(
    text: &str,
    toks: &[Token<'_>],
    words: &[String],
    verb: usize,
) -> Option<String> {
    if words.get(verb + 1).is_some_and(|w| w == "by") {
        return name_after(text, toks, words, verb + 2);
    }
    let mut start = verb;
    while start > 0 {
        let (Some(cur), Some(prev)) = (toks.get(start), toks.get(start - 1)) else {
            break;
        };
        if cur.clause_break_before(Some(prev)) {
            break;
        }
        start -= 1;
    }
    let mut subject: Vec<usize> = (start..verb).collect();
    if let Some(&last) = subject.last()
        && words
            .get(last)
            .is_some_and(|w| NOT_A_SUBJECT.contains(&w.as_str()))
    {
        return None;
    }
    if let Some(rel) = subject.iter().position(|&k| {
        words
            .get(k)
            .is_some_and(|w| matches!(w.as_str(), "who" | "which" | "that"))
    }) {
        subject.truncate(rel);
    }
    let peel = |k: &usize| {
        words
            .get(*k)
            .is_some_and(|w| NOT_PART_OF_NAME.contains(&w.as_str()))
    };
    while subject.last().is_some_and(peel) {
        subject.pop();
    }
    let lead = subject.iter().take_while(|k| peel(k)).count();
    subject.drain(..lead);

    if subject.is_empty() {
        return if start == verb {
            name_after(text, toks, words, verb + 1)
        } else {
            None
        };
    }
    if subject.len() > MAX_NAME_WORDS
        || subject
            .iter()
            .any(|&k| toks.get(k).is_none_or(|t| t.quoted))
    {
        return None;
    }
    span_text(
        text,
        toks,
        subject.first().copied()?,
        subject.last().copied()?,
    )
}

/// A name starting at token `from`, up to the end of its clause or a word
/// that starts a new phrase.
fn name_after(text: &str, toks: &[Token<'_>], words: &[String], from: usize) -> Option<String> {
    let first = toks.get(from)?;
    if first.quoted || first.core.is_empty() {
        return None;
    }
    let mut last = from;
    while last + 1 < toks.len() && last + 1 - from < MAX_NAME_WORDS {
        let (Some(cur), Some(next)) = (toks.get(last), toks.get(last + 1)) else {
            break;
        };
        if next.clause_break_before(Some(cur))
            || words
                .get(last + 1)
                .is_some_and(|w| END_OF_NAME.contains(&w.as_str()))
        {
            break;
        }
        last += 1;
    }
    span_text(text, toks, from, last)
}

/// The article's text from token `a` to token `b`, on one line; a full stop
/// that belongs to an abbreviation ("the U.S.") is kept.
fn span_text(text: &str, toks: &[Token<'_>], a: usize, b: usize) -> Option<String> {
    let first = toks.get(a)?;
    let last = toks.get(b)?;
    let keeps_stop = last.trail.starts_with('.')
        && (last.core.contains('.')
            || matches!(
                last.core.to_lowercase().as_str(),
                "inc" | "corp" | "ltd" | "co" | "jr" | "sr"
            ));
    let end = if keeps_stop { last.end + 1 } else { last.end };
    let raw = text.get(first.start..end)?;
    let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    (!name.is_empty()).then_some(name)
}

/// Hedges mark exactly the claims a desk must not let through unchecked:
/// the article itself says they are not established.
fn is_hedged(words: &[String]) -> bool {
    let at = |i: usize| words.get(i).map_or("", String::as_str);
    (0..words.len()).any(|i| {
        let w = at(i);
        let next = at(i + 1);
        let negated_check = |j: usize| {
            matches!(at(j), "confirm" | "verify" | "independently")
                || matches!(at(j + 1), "confirm" | "verify")
        };
        match w {
            "reportedly" | "allegedly" | "alleged" | "unconfirmed" | "unverified"
            | "purportedly" | "rumoured" | "rumored" => true,
            "believed" | "thought" | "understood" => next == "to",
            "if" => matches!(next, "confirmed" | "true" | "verified"),
            "could" | "can" => next == "not" && negated_check(i + 2),
            "cannot" | "couldn't" | "couldn’t" | "can't" | "can’t" => negated_check(i + 1),
            "seeking" | "trying" | "working" => next == "to" && at(i + 2) == "verify",
            "not" => {
                matches!(next, "been" | "yet" | "independently")
                    && (matches!(at(i + 2), "confirmed" | "verified")
                        || matches!(at(i + 3), "confirmed" | "verified"))
            }
            _ => false,
        }
    })
}

/// Digits count unless they are part of a designation ("Su-34", "F-16",
/// "G7"), which names a thing rather than asserting a quantity. Years are
/// dates, not figures.
fn has_figure(toks: &[Token<'_>], words: &[String]) -> bool {
    toks.iter().zip(words).any(|(t, w)| {
        let starts_numeric = t.core.chars().next().is_some_and(char::is_numeric);
        (starts_numeric && !is_year(t.core))
            || t.lead.contains(['$', '€', '£', '¥', '₹'])
            || w.split('-').any(|part| NUMBER_WORDS.contains(&part))
    })
}

fn is_year(core: &str) -> bool {
    core.len() == 4
        && core.bytes().all(|b| b.is_ascii_digit())
        && core
            .parse::<u32>()
            .is_ok_and(|y| (1800..=2100).contains(&y))
}

fn has_date(toks: &[Token<'_>], words: &[String]) -> bool {
    toks.iter().enumerate().any(|(i, t)| {
        if WEEKDAYS.contains(&t.core) || MONTHS.contains(&t.core) || is_year(t.core) {
            return true;
        }
        if matches!(t.core, "May" | "March") {
            let next_is_number = toks
                .get(i + 1)
                .is_some_and(|n| n.core.starts_with(|c: char| c.is_ascii_digit()));
            let prev_is_time = i
                .checked_sub(1)
                .and_then(|p| words.get(p))
                .is_some_and(|w| {
                    matches!(
                        w.as_str(),
                        "in" | "late"
                            | "early"
                            | "mid"
                            | "since"
                            | "until"
                            | "by"
                            | "of"
                            | "last"
                            | "next"
                            | "this"
                    )
                });
            return next_is_number || prev_is_time;
        }
        words
            .get(i)
            .is_some_and(|w| RELATIVE_DAYS.contains(&w.as_str()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suggest(text: &str) -> Vec<(&str, Option<String>, &'static str)> {
        suggest_claims(text, 0)
            .into_iter()
            .map(|s| (&text[s.start..s.end], s.speaker, s.reason))
            .collect()
    }

    fn speaker(text: &str) -> Option<String> {
        suggest_claims(text, 0)
            .into_iter()
            .next()
            .and_then(|s| s.speaker)
    }

    #[test]
    fn speakers_before_and_after_the_verb() {
        assert_eq!(
            speaker("Russia said Friday that it won.").as_deref(),
            Some("Russia")
        );
        assert_eq!(
            speaker("Russia on Friday also said it won.").as_deref(),
            Some("Russia")
        );
        assert_eq!(
            speaker("“We won,” said Defense Secretary Jim Mattis in a statement.").as_deref(),
            Some("Defense Secretary Jim Mattis")
        );
        assert_eq!(
            speaker("The strike was confirmed by the Pentagon on Friday.").as_deref(),
            Some("the Pentagon")
        );
        assert_eq!(
            speaker("Officials who asked not to be named said it failed.").as_deref(),
            Some("Officials")
        );
        assert_eq!(
            speaker("In Moscow, officials told reporters it failed.").as_deref(),
            Some("officials")
        );
        assert_eq!(
            speaker("The talks failed, according to the U.S.").as_deref(),
            Some("the U.S.")
        );
    }

    #[test]
    fn pronouns_take_the_last_named_speaker() {
        let text = "The ministry said the raid worked. “It was a success,” it said. He said so.";
        let speakers: Vec<Option<String>> = suggest_claims(text, 0)
            .into_iter()
            .map(|s| s.speaker)
            .collect();
        assert_eq!(
            speakers,
            [
                Some("The ministry".to_string()),
                Some("The ministry".to_string()),
                Some("The ministry".to_string())
            ]
        );
        assert_eq!(speaker("It said nothing."), None);
    }

    #[test]
    fn verbs_that_are_not_attributions() {
        assert_eq!(
            suggest("If confirmed, it would be a first."),
            [("If confirmed, it would be a first.", None, REASON_HEDGED)]
        );
        assert_eq!(
            suggest("The reported deaths shocked the town. Nobody was told."),
            Vec::new()
        );
        assert_eq!(suggest("“The ministry said so,” she wrote."), Vec::new());
        assert_eq!(suggest("The United States acted."), Vec::new());
    }

    #[test]
    fn figures_dates_and_hedges() {
        let text = "About 300 fighters died. It cost $5 billion. Hundreds fled. \
                    The Su-34 jets flew. It began in May. May it end. It ended on Tuesday. \
                    It happened in 2015. He could not independently verify it. \
                    Rebels reportedly fled. The town is quiet.";
        let got: Vec<(&str, &str)> = suggest(text).into_iter().map(|(s, _, r)| (s, r)).collect();
        assert_eq!(
            got,
            [
                ("About 300 fighters died.", REASON_FIGURE),
                ("It cost $5 billion.", REASON_FIGURE),
                ("Hundreds fled.", REASON_FIGURE),
                ("It began in May.", REASON_DATE),
                ("It ended on Tuesday.", REASON_DATE),
                ("It happened in 2015.", REASON_DATE),
                ("He could not independently verify it.", REASON_HEDGED),
                ("Rebels reportedly fled.", REASON_HEDGED),
            ]
        );
    }
}
