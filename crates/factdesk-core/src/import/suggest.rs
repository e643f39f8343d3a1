//! Who says each sentence of an article, and which sentences import
//! suggests as claims.
//!
//! A checker's time goes to sentences that assert something a source could
//! confirm or deny. Every sentence gets a score from named cues
//! ([`super::score`]); import suggests the best scored ones. Who said a
//! sentence is no reason to check it, so attribution here only fills the
//! speaker. The rules are word-level heuristics on purpose: they must be
//! predictable to an editor reading the list, and the editor always has
//! the last word.

use std::ops::Range;

use serde::Serialize;

use super::score::{Weights, score_sentences};
use super::sentences::sentences;
use super::words::{Token, tokens_at};
use crate::model::{Cue, Score};

/// A sentence of an article with its check-worthiness. `start..end` is its
/// byte range in the article; `speaker` is who the article attributes it
/// to, when it says; `score` is the sum of the weights of `cues`, which are
/// listed strongest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    pub start: usize,
    pub end: usize,
    pub speaker: Option<String>,
    pub score: Score,
    pub cues: Vec<Cue>,
}

/// A sentence is suggested on import when it scores at least this, unless
/// the desk says otherwise (`suggest_threshold` in `desk.ron`).
pub const DEFAULT_THRESHOLD: Score = Score::from_hundredths(50);

/// At most this many claims are suggested on import, unless the desk says
/// otherwise (`suggest_cap` in `desk.ron`).
pub const DEFAULT_CAP: usize = 300;

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

/// The sentences of `text` from `body_start` on that import suggests with
/// the weights in use and the default threshold and cap, in article order.
pub fn suggest_claims(text: &str, body_start: usize) -> Vec<Suggestion> {
    let scored = score_sentences(text, body_start, Weights::current());
    pick(scored, DEFAULT_THRESHOLD, DEFAULT_CAP)
}

/// The sentences scoring at least `threshold`; when there are more than
/// `cap`, the `cap` best scored (the earlier of equal scores). In article
/// order.
pub fn pick(scored: Vec<Suggestion>, threshold: Score, cap: usize) -> Vec<Suggestion> {
    let mut kept: Vec<Suggestion> = scored
        .into_iter()
        .filter(|s| s.score >= threshold)
        .collect();
    if kept.len() > cap {
        kept.sort_by(|a, b| b.score.cmp(&a.score).then(a.start.cmp(&b.start)));
        kept.truncate(cap);
        kept.sort_by_key(|s| s.start);
    }
    kept
}

/// A sentence of the article as the scorer reads it.
pub(crate) struct Sentence<'a> {
    pub range: Range<usize>,
    pub toks: Vec<Token<'a>>,
    /// The tokens' cores in lower case.
    pub words: Vec<String>,
    pub speaker: Option<String>,
    /// Per token: part of the words that say who speaks ("The ministry
    /// said", "according to AFP"), which are not part of the claim.
    pub frame: Vec<bool>,
}

/// Every sentence of `text` from `body_start` on, with its tokens, who
/// says it and which of its tokens only say that.
///
/// A quotation that runs over several sentences of a paragraph ("Kelly
/// said: “… You said more…”") keeps its speaker to its end, and on into
/// the next paragraph when that one opens with a quotation mark, as wire
/// copy does for a quote of several paragraphs.
pub(crate) fn attributed_sentences(text: &str, body_start: usize) -> Vec<Sentence<'_>> {
    let mut out = Vec::new();
    // The last named speaker, so "it said" can be credited to whoever "it"
    // is; wire copy names a source once and then uses pronouns.
    let mut antecedent: Option<String> = None;
    // How deep in quotation marks the paragraph is, and whose words they are.
    let mut depth = 0usize;
    let mut quoting: Option<String> = None;
    let mut prev_end: Option<usize> = None;
    for range in sentences(text, body_start) {
        let Some(sentence) = text.get(range.clone()) else {
            continue;
        };
        let new_paragraph = prev_end.is_none_or(|end| {
            let gap = text.get(end..range.start).unwrap_or_default();
            gap.matches('\n').count() >= 2 || gap.contains('\u{2029}')
        });
        prev_end = Some(range.end);
        if new_paragraph {
            if depth == 0 || !sentence.starts_with(['“', '"', '«']) {
                quoting = None;
            }
            depth = 0;
        }
        let (toks, end_depth) = tokens_at(sentence, range.start, depth);
        depth = end_depth;
        let words: Vec<String> = toks.iter().map(Token::lower).collect();
        let mut frame = vec![false; toks.len()];

        let own = attribution(text, &toks, &words).map(|a| {
            for &i in &a.frame {
                if let Some(f) = frame.get_mut(i) {
                    *f = true;
                }
            }
            let named = |s: &Option<String>| s.clone().filter(|s| !is_pronoun(s));
            if let Some(name) = named(&a.subject).or_else(|| named(&a.source)) {
                antecedent = Some(name);
            }
            match a.source.or(a.subject) {
                Some(s) if is_pronoun(&s) => antecedent.clone(),
                other => other,
            }
        });
        let starts_quoted = toks.first().is_some_and(|t| t.quoted);
        let speaker = match own {
            Some(Some(name)) => Some(name),
            _ if starts_quoted => quoting.clone(),
            _ => None,
        };
        quoting = if depth > 0 { speaker.clone() } else { None };
        out.push(Sentence {
            range,
            toks,
            words,
            speaker,
            frame,
        });
    }
    out
}

fn is_pronoun(name: &str) -> bool {
    PRONOUNS.iter().any(|p| name.eq_ignore_ascii_case(p))
}

/// "I", "you", "we", "let me": the person speaking or spoken to, never the
/// speaker an article means ("you said" in a debate is a claim about the
/// other side, not an attribution).
fn is_first_or_second_person(word: &str) -> bool {
    let base = word.split(['\'', '’']).next().unwrap_or(word);
    matches!(
        base,
        "i" | "you" | "we" | "me" | "us" | "let" | "lets" | "y" | "yall"
    )
}

struct Attribution {
    /// Who the verb of saying belongs to ("The ministry said").
    subject: Option<String>,
    /// Who the article credits with the whole sentence ("…, according to
    /// AFP"); it wins over the subject, because it is what the article
    /// relies on and what the checker has to go back to.
    source: Option<String>,
    /// The tokens that say so: the names, the verb, "according to".
    frame: Vec<usize>,
}

/// A name and the tokens it spans.
type Named = (String, Range<usize>);

/// Finds who the sentence is attributed to, looking only at words outside
/// quotation marks (an "according to" inside a quote is the quoted party's
/// sourcing, not the article's).
fn attribution(text: &str, toks: &[Token<'_>], words: &[String]) -> Option<Attribution> {
    let mut frame = Vec::new();
    let source = according_to(text, toks, words).map(|(name, span)| {
        frame.extend(span);
        name
    });
    let subject = toks
        .iter()
        .enumerate()
        .filter(|(i, t)| !t.quoted && words.get(*i).is_some_and(|w| SAYING.contains(&w.as_str())))
        .find_map(|(i, _)| {
            let (name, span) = speaker_of_verb(text, toks, words, i)?;
            frame.extend(span);
            frame.push(i);
            Some(name)
        });
    (source.is_some() || subject.is_some()).then_some(Attribution {
        subject,
        source,
        frame,
    })
}

fn according_to(text: &str, toks: &[Token<'_>], words: &[String]) -> Option<Named> {
    let i = (0..toks.len()).find(|&i| {
        let (Some(a), Some(to)) = (toks.get(i), toks.get(i + 1)) else {
            return false;
        };
        !a.quoted
            && words.get(i).is_some_and(|w| w == "according")
            && words.get(i + 1).is_some_and(|w| w == "to")
            && !to.clause_break_before(Some(a))
    })?;
    let (name, span) = name_after(text, toks, words, i + 2)?;
    Some((name, i..span.end))
}

/// The speaker of the verb of saying at `verb`: the words before it back to
/// the start of the clause, or, when the verb opens its clause ("…,” said
/// the ministry"), the words after it. A passive "by" agent is used too.
fn speaker_of_verb(text: &str, toks: &[Token<'_>], words: &[String], verb: usize) -> Option<Named> {
    // "said by the ministry", but not "said: “By the time…”".
    if words.get(verb + 1).is_some_and(|w| w == "by")
        && let (Some(v), Some(by)) = (toks.get(verb), toks.get(verb + 1))
        && !by.quoted
        && !by.clause_break_before(Some(v))
    {
        let (name, span) = name_after(text, toks, words, verb + 2)?;
        return Some((name, verb + 1..span.end));
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
    let refused = |k: &usize| {
        toks.get(*k).is_none_or(|t| t.quoted)
            || words.get(*k).is_some_and(|w| is_first_or_second_person(w))
    };
    if subject.len() > MAX_NAME_WORDS || subject.iter().any(refused) {
        return None;
    }
    let (first, last) = (subject.first().copied()?, subject.last().copied()?);
    Some((span_text(text, toks, first, last)?, first..last + 1))
}

/// A name starting at token `from`, up to the end of its clause or a word
/// that starts a new phrase.
fn name_after(text: &str, toks: &[Token<'_>], words: &[String], from: usize) -> Option<Named> {
    let first = toks.get(from)?;
    if first.quoted
        || first.core.is_empty()
        || words
            .get(from)
            .is_some_and(|w| is_first_or_second_person(w))
    {
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
    Some((span_text(text, toks, from, last)?, from..last + 1))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn speakers(text: &str) -> Vec<Option<String>> {
        attributed_sentences(text, 0)
            .into_iter()
            .map(|s| s.speaker)
            .collect()
    }

    fn speaker(text: &str) -> Option<String> {
        speakers(text).into_iter().next().flatten()
    }

    fn some(names: &[&str]) -> Vec<Option<String>> {
        names
            .iter()
            .map(|n| (!n.is_empty()).then(|| n.to_string()))
            .collect()
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
        assert_eq!(
            speakers(text),
            some(&["The ministry", "The ministry", "The ministry"])
        );
        assert_eq!(speaker("It said nothing."), None);
    }

    #[test]
    fn verbs_that_are_not_attributions() {
        assert_eq!(speaker("If confirmed, it would be a first."), None);
        assert_eq!(
            speakers("The reported deaths shocked the town. Nobody was told."),
            [None, None]
        );
        assert_eq!(speaker("“The ministry said so,” she wrote."), None);
        assert_eq!(speaker("The United States acted."), None);
    }

    #[test]
    fn a_quotation_keeps_its_speaker_to_its_end() {
        let text = "Kelly said: “You were wrong. You said more. I said less.” It rained.";
        assert_eq!(speakers(text), some(&["Kelly", "Kelly", "Kelly", ""]));
        // A quote of several paragraphs reopens each one; a new paragraph
        // without a quotation mark is the article's own voice again.
        let text = "Kelly said: “It failed.\n\n“You said it would.”\n\nIt rained.";
        assert_eq!(speakers(text), some(&["Kelly", "Kelly", ""]));
        // A quotation closed before the paragraph ends hands nothing on.
        let text = "Kelly said: “It failed.”\n\n“You said it would.”";
        assert_eq!(speakers(text), some(&["Kelly", ""]));
    }

    #[test]
    fn the_speaker_and_the_one_spoken_to_are_never_speakers() {
        for text in [
            "I said we would win.",
            "You said it was fine.",
            "We said no.",
            "Let me say this.",
            "As I have said, it works.",
            "You told me that.",
            "I've said it before.",
            "It failed, according to you.",
        ] {
            assert_eq!(speaker(text), None, "{text}");
        }
        assert_eq!(
            speaker("Sean Hannity said you were against it.").as_deref(),
            Some("Sean Hannity")
        );
    }

    #[test]
    fn said_and_a_quotation_is_not_a_passive() {
        assert_eq!(
            speaker("Trump said: “By the way, we won.”").as_deref(),
            Some("Trump")
        );
        assert_eq!(
            speaker("It was said by the mayor.").as_deref(),
            Some("the mayor")
        );
    }

    #[test]
    fn the_attribution_is_the_frame_not_the_claim() {
        let s = attributed_sentences("Holt said: “Donald, thank you.”", 0);
        let frame: Vec<&str> = s[0]
            .toks
            .iter()
            .zip(&s[0].frame)
            .filter(|(_, f)| **f)
            .map(|(t, _)| t.core)
            .collect();
        assert_eq!(frame, ["Holt", "said"]);
        let s = attributed_sentences("It failed, according to French news agency AFP.", 0);
        let frame = s[0].frame.iter().filter(|f| **f).count();
        assert_eq!(frame, 6);
    }

    fn scored(start: usize, hundredths: i32) -> Suggestion {
        Suggestion {
            start,
            end: start + 1,
            speaker: None,
            score: Score::from_hundredths(hundredths),
            cues: Vec::new(),
        }
    }

    #[test]
    fn pick_keeps_the_best_above_the_threshold_in_article_order() {
        let all = vec![
            scored(0, 50),
            scored(10, 300),
            scored(20, 100),
            scored(30, 200),
            scored(40, 20),
            scored(50, 200),
        ];
        let starts = |v: Vec<Suggestion>| v.into_iter().map(|s| s.start).collect::<Vec<_>>();
        let t = Score::from_hundredths(60);
        assert_eq!(starts(pick(all.clone(), t, 10)), [10, 20, 30, 50]);
        // Capped by score, not by position; of equal scores the earlier.
        assert_eq!(starts(pick(all.clone(), t, 2)), [10, 30]);
        assert_eq!(starts(pick(all, t, 0)), Vec::<usize>::new());
    }
}
