//! Sentence splitting tuned for wire copy.
//!
//! Unicode's sentence rules (UAX #29) are a good base but break after every
//! "Mr." and "U.S." followed by a capital, and after a quoted question
//! followed by its attribution. Wire copy is full of both, and a claim cut in
//! half is useless to a checker, so wrong breaks are merged back here.

use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

use super::words::{Token, tokens};

/// Abbreviations that stand before a name or number and so practically
/// never end a sentence ("Gen. Smith", "Dr. Jones").
const NEVER_FINAL: &[&str] = &[
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "sgt", "sen", "rep", "gov", "pres", "st", "capt",
    "cmdr", "adm", "maj", "prof", "rev", "hon", "vs", "e.g", "i.e", "cf", "ft", "mt", "gens",
    "sens", "reps",
];

/// Abbreviations that often end a sentence ("…based in the U.S.") as well as
/// standing inside one ("U.S. officials"). Dotted acronyms not listed here
/// ("N.Y.", "U.S.A.") are treated the same way.
const MAYBE_FINAL: &[&str] = &[
    "inc", "corp", "ltd", "co", "jr", "sr", "bros", "etc", "a.m", "p.m", "u.s", "u.n", "u.k",
    "e.u", "d.c",
];

/// Month abbreviations only continue a sentence before a day or year.
const MONTHS: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
];

/// Capitalised words that typically open a new sentence. After an
/// abbreviation that can end a sentence, one of these means it did ("…in
/// the U.S. The next day…"), while any other capitalised word is more
/// likely a name continuing it ("U.S. Defense Secretary…").
const OPENERS: &[&str] = &[
    "a",
    "after",
    "all",
    "also",
    "although",
    "an",
    "and",
    "as",
    "at",
    "before",
    "but",
    "by",
    "during",
    "earlier",
    "for",
    "from",
    "he",
    "her",
    "his",
    "however",
    "i",
    "if",
    "in",
    "it",
    "its",
    "last",
    "later",
    "many",
    "meanwhile",
    "most",
    "no",
    "officials",
    "on",
    "one",
    "our",
    "she",
    "since",
    "so",
    "some",
    "that",
    "the",
    "their",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "to",
    "under",
    "we",
    "what",
    "when",
    "while",
    "with",
    "yet",
];

/// Byte ranges of the sentences of `text[from..]`, as absolute offsets into
/// `text`, each trimmed of surrounding whitespace. A `from` past the end or
/// inside a character is moved forward to the next character boundary.
pub fn sentences(text: &str, from: usize) -> Vec<Range<usize>> {
    let mut from = from.min(text.len());
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let Some(body) = text.get(from..) else {
        return Vec::new();
    };

    let mut out: Vec<Range<usize>> = Vec::new();
    for (i, seg) in body.split_sentence_bound_indices() {
        let Some(range) = trimmed(seg, from + i) else {
            continue;
        };
        match out.last_mut() {
            Some(prev) if continues(text, prev, &range) => prev.end = range.end,
            _ => out.push(range),
        }
    }
    out
}

fn trimmed(seg: &str, at: usize) -> Option<Range<usize>> {
    let lead = seg.len() - seg.trim_start().len();
    let inner = seg.trim();
    (!inner.is_empty()).then(|| at + lead..at + lead + inner.len())
}

/// Whether the break between `prev` and `next` was a wrong one.
fn continues(text: &str, prev: &Range<usize>, next: &Range<usize>) -> bool {
    let gap = text.get(prev.end..next.start).unwrap_or_default();
    if gap.matches('\n').count() >= 2 || gap.contains('\u{2029}') {
        return false;
    }
    let (Some(last), Some(first)) = (last_token(text, prev), first_token(text, next)) else {
        return false;
    };

    // Nothing starts a sentence in lower case: this is an attribution after
    // a quoted question ("?” she said") or a hard-wrapped line.
    if first.starts_lower() {
        return true;
    }
    if last.trail != "." {
        return false;
    }
    let Some(abbr) = last.with_stop() else {
        return false;
    };
    let key = abbr.trim_end_matches('.').to_lowercase();
    let next_is_opener =
        first.lead.contains(['“', '"', '«']) || OPENERS.contains(&first.lower().as_str());
    let next_is_number = first.core.starts_with(|c: char| c.is_ascii_digit());

    if MONTHS.contains(&last.core) || key == "no" {
        return next_is_number;
    }
    if NEVER_FINAL.contains(&key.as_str()) {
        return true;
    }
    let single_initial = {
        let mut chars = last.core.chars();
        chars.next().is_some_and(char::is_uppercase) && chars.next().is_none()
    };
    if single_initial {
        return !next_is_opener;
    }
    if MAYBE_FINAL.contains(&key.as_str()) || is_dotted_acronym(last.core) {
        return !next_is_opener;
    }
    false
}

/// "U.S", "N.Y", "a.m": single letters joined by dots.
fn is_dotted_acronym(core: &str) -> bool {
    core.contains('.')
        && core
            .split('.')
            .all(|part| part.chars().count() == 1 && part.chars().all(char::is_alphabetic))
}

fn last_token<'a>(text: &'a str, range: &Range<usize>) -> Option<Token<'a>> {
    let s = text.get(range.clone())?;
    let start = s.rfind(char::is_whitespace).map_or(0, |i| {
        i + s
            .get(i..)
            .and_then(|t| t.chars().next())
            .map_or(1, char::len_utf8)
    });
    let tail = s.get(start..)?;
    tokens(tail, range.start + start).into_iter().last()
}

fn first_token<'a>(text: &'a str, range: &Range<usize>) -> Option<Token<'a>> {
    let s = text.get(range.clone())?;
    let end = s.find(char::is_whitespace).unwrap_or(s.len());
    tokens(s.get(..end)?, range.start).into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text, 0).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn merges_titles_and_initials() {
        assert_eq!(
            split("Mr. Smith met Gen. Jones and Dr. Who. John F. Kennedy was not there."),
            [
                "Mr. Smith met Gen. Jones and Dr. Who.",
                "John F. Kennedy was not there."
            ]
        );
    }

    #[test]
    fn acronyms_end_a_sentence_only_before_an_opener() {
        assert_eq!(
            split(
                "He flew to the U.S. The next day he left. U.S. Defense Secretary Jim Mattis agreed."
            ),
            [
                "He flew to the U.S.",
                "The next day he left.",
                "U.S. Defense Secretary Jim Mattis agreed."
            ]
        );
        assert_eq!(
            split("Washington, D.C. Mayor Muriel Bowser said so at 9 a.m. Friday."),
            ["Washington, D.C. Mayor Muriel Bowser said so at 9 a.m. Friday."]
        );
        assert_eq!(
            split("It opened at 9 a.m. It closed at 5 p.m. on the dot."),
            ["It opened at 9 a.m.", "It closed at 5 p.m. on the dot."]
        );
    }

    #[test]
    fn months_and_numbers() {
        assert_eq!(
            split(
                "It began on Jan. 5 and ended in Sept. 2016. No. 10 said nothing. No. It did not."
            ),
            [
                "It began on Jan. 5 and ended in Sept. 2016.",
                "No. 10 said nothing.",
                "No.",
                "It did not."
            ]
        );
    }

    #[test]
    fn quoted_questions_keep_their_attribution() {
        assert_eq!(
            split("“Why now?” she asked. “Stop!” he shouted. “Go,” they said."),
            [
                "“Why now?” she asked.",
                "“Stop!” he shouted.",
                "“Go,” they said."
            ]
        );
        assert_eq!(split("“Why now?” She left."), ["“Why now?”", "She left."]);
    }

    #[test]
    fn paragraphs_always_break() {
        assert_eq!(
            split("Visit to Washington, D.C.\n\nOfficials met.\n\nthen nothing"),
            [
                "Visit to Washington, D.C.",
                "Officials met.",
                "then nothing"
            ]
        );
    }

    #[test]
    fn hard_wrapped_lines_are_joined() {
        assert_eq!(
            split("The ministry said the strike\nkilled 30 leaders.\nHeadline line\nNext line."),
            [
                "The ministry said the strike\nkilled 30 leaders.",
                "Headline line",
                "Next line."
            ]
        );
    }

    #[test]
    fn from_is_clamped_to_char_boundaries() {
        let text = "Ünïcode. Second.";
        assert_eq!(sentences(text, 1), [2..10, 11..18]);
        assert_eq!(sentences(text, 999), Vec::<Range<usize>>::new());
    }

    #[test]
    fn emoji_and_rtl_text() {
        let text = "🇺🇦 Flags 👍🏽 wave. قالت الوزارة إن الضربة قتلت ٣٠ قائداً. שלום עולם! Done.";
        let parts = split(text);
        assert_eq!(parts.first(), Some(&"🇺🇦 Flags 👍🏽 wave."));
        assert_eq!(parts.last(), Some(&"Done."));
        assert!(parts.iter().any(|p| p.starts_with("قالت")));
    }
}
