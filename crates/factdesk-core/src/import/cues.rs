//! The named cues of a sentence: what its check-worthiness score is made
//! of.
//!
//! Each family is a plain, nameable reason a fact-checker would give ("it
//! has a figure", "it compares", "it is a question"), so that an editor can
//! read why a sentence ranks where it does. Words that belong to no family
//! are offered too, as lexicon words; the weights file decides which of
//! them count. The words that only say who speaks ("The ministry said")
//! are not part of the claim and set off nothing.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::LazyLock;

pub use super::cue_kind::CueKind;
use super::cue_words as w;
use super::suggest::{Sentence, attributed_sentences};
use super::words::Token;

/// One sentence as the score sees it, before any weight: which cue
/// families fired (with the words that set each off) and the words that
/// belong to no family.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysed {
    pub start: usize,
    pub end: usize,
    pub speaker: Option<String>,
    /// Each family at most once, in [`CueKind`] order.
    pub cues: Vec<(CueKind, String)>,
    /// Lexicon words: (lower case key, as written), each key once.
    pub words: Vec<(String, String)>,
}

/// Every sentence of `text` from `body_start` on, analysed.
pub fn analyse(text: &str, body_start: usize) -> Vec<Analysed> {
    let mut out: Vec<Analysed> = attributed_sentences(text, body_start)
        .iter()
        .map(|s| analyse_sentence(text, s))
        .collect();
    mark_moderators(&mut out);
    out
}

/// A speaker asking at least this many questions...
const MODERATOR_QUESTIONS: usize = 3;
/// ...that make at least this share (in percent) of what they say runs the
/// conversation rather than making claims: a moderator, an interviewer.
const MODERATOR_SHARE_PERCENT: usize = 25;

fn mark_moderators(out: &mut [Analysed]) {
    let mut by_speaker: HashMap<String, (usize, usize)> = HashMap::new();
    for a in out.iter() {
        if let Some(speaker) = &a.speaker {
            let asks = a.cues.iter().any(|(k, _)| *k == CueKind::Question);
            let e = by_speaker.entry(speaker.clone()).or_default();
            e.0 += 1;
            e.1 += usize::from(asks);
        }
    }
    for a in out.iter_mut() {
        let Some(&(said, asked)) = a.speaker.as_ref().and_then(|s| by_speaker.get(s)) else {
            continue;
        };
        if asked >= MODERATOR_QUESTIONS && asked * 100 >= said * MODERATOR_SHARE_PERCENT {
            let why = format!("{asked} of {said} sentences are questions");
            a.cues.push((CueKind::Moderator, why));
        }
    }
}

/// Sentences of this many content words or more are long.
const LONG_WORDS: usize = 20;
const VERY_LONG_WORDS: usize = 35;
/// Sentences of fewer content words are short.
const SHORT_WORDS: usize = 5;
/// At most this many matches are quoted for one cue.
const MAX_QUOTED: usize = 3;

/// Every phrase of every family, by first word, longest first.
type PhraseTable = HashMap<&'static str, Vec<(CueKind, Vec<&'static str>)>>;

static PHRASES: LazyLock<PhraseTable> = LazyLock::new(|| {
    let families: [(CueKind, &[&str]); 21] = [
        (CueKind::Figure, w::NUMBER_WORDS),
        (CueKind::BigNumber, w::BIG_NUMBERS),
        (CueKind::Money, w::MONEY),
        (CueKind::Percent, w::PERCENT),
        (CueKind::Comparison, w::COMPARATIVE),
        (CueKind::Superlative, w::SUPERLATIVE),
        (CueKind::Change, w::CHANGE),
        (CueKind::Cause, w::CAUSAL),
        (CueKind::Statistic, w::STATISTIC),
        (CueKind::Law, w::LEGISLATIVE),
        (CueKind::Day, w::RELATIVE_DAYS),
        (CueKind::Period, w::TIME_SPAN),
        (CueKind::Sourcing, w::SOURCING),
        (CueKind::Reported, w::REPORTED),
        (CueKind::Past, w::PAST),
        (CueKind::Negation, w::NEGATION),
        (CueKind::Courtesy, w::COURTESY),
        (CueKind::Procedure, w::PROCEDURE),
        (CueKind::Opinion, w::OPINION),
        (CueKind::ValueWord, w::VALUE_WORDS),
        (CueKind::Intention, w::INTENTION),
    ];
    let mut table = PhraseTable::new();
    for (kind, list) in families {
        for phrase in list {
            let parts: Vec<&'static str> = phrase.split(' ').collect();
            if let Some(first) = parts.first() {
                table.entry(first).or_default().push((kind, parts));
            }
        }
    }
    for entries in table.values_mut() {
        entries.sort_by_key(|(_, parts)| std::cmp::Reverse(parts.len()));
    }
    table
});

/// The cues found so far in a sentence, and the tokens they took.
struct Found<'t, 'a> {
    text: &'t str,
    toks: &'t [Token<'a>],
    words: Vec<String>,
    frame: &'t [bool],
    taken: Vec<bool>,
    fired: BTreeMap<CueKind, Vec<String>>,
}

impl Found<'_, '_> {
    fn word(&self, i: usize) -> &str {
        self.words.get(i).map_or("", String::as_str)
    }

    fn free(&self, i: usize) -> bool {
        i < self.toks.len()
            && !self.frame.get(i).copied().unwrap_or(true)
            && !self.taken.get(i).copied().unwrap_or(true)
    }

    /// The article's text of tokens `a..b`, on one line.
    fn span(&self, a: usize, b: usize) -> String {
        let (Some(first), Some(last)) = (self.toks.get(a), self.toks.get(b.saturating_sub(1)))
        else {
            return String::new();
        };
        let raw = self.text.get(first.start..last.end).unwrap_or_default();
        raw.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    fn fire(&mut self, kind: CueKind, a: usize, b: usize) {
        let quoted = self.span(a, b);
        self.fire_text(kind, quoted);
        for i in a..b {
            if let Some(t) = self.taken.get_mut(i) {
                *t = true;
            }
        }
    }

    fn fire_text(&mut self, kind: CueKind, quoted: String) {
        let list = self.fired.entry(kind).or_default();
        if list.len() < MAX_QUOTED && !list.contains(&quoted) {
            list.push(quoted);
        }
    }
}

fn analyse_sentence(text: &str, s: &Sentence<'_>) -> Analysed {
    let mut f = Found {
        text,
        toks: &s.toks,
        words: s.words.iter().map(|w| w.replace('’', "'")).collect(),
        frame: &s.frame,
        taken: vec![false; s.toks.len()],
        fired: BTreeMap::new(),
    };
    let n = s.toks.len();
    for i in 0..n {
        if f.free(i)
            && let Some(len) = hedge_at(&f.words, i)
        {
            f.fire(CueKind::Hedge, i, (i + len).min(n));
        }
    }
    for i in 0..n {
        if !f.free(i) {
            continue;
        }
        if let Some((kind, len)) = phrase_at(&f, i) {
            f.fire(kind, i, i + len);
        } else if let Some((kind, len)) = token_cue(&f, i) {
            f.fire(kind, i, i + len);
            // "$5" and "5%", not "5": the sign is the cue.
            let sign = match f.toks.get(i) {
                Some(tok) if kind == CueKind::Money => (tok.lead.trim_start_matches(OPENING), ""),
                Some(_) if kind == CueKind::Percent => ("", "%"),
                _ => ("", ""),
            };
            if sign != ("", "")
                && let Some(quoted) = f.fired.get_mut(&kind).and_then(|l| l.last_mut())
            {
                quoted.insert_str(0, sign.0);
                quoted.push_str(sign.1);
            }
        }
    }
    let names: Vec<usize> = (0..n).filter(|&i| f.free(i) && is_name(&f, i)).collect();
    for &i in &names {
        f.fire(CueKind::Name, i, i + 1);
    }
    let distinct: HashSet<&str> = names.iter().map(|&i| f.word(i)).collect();
    if distinct.len() >= 3 {
        let quoted = f.fired.get(&CueKind::Name).map(|l| l.join(", "));
        f.fire_text(CueKind::Names, quoted.unwrap_or_default());
    }
    sentence_cues(&mut f, text.get(s.range.clone()).unwrap_or_default(), s);

    let mut seen = HashSet::new();
    let words = (0..n)
        .filter(|&i| f.free(i))
        .filter_map(|i| {
            let key = f.word(i);
            let lexical = key.chars().any(char::is_alphabetic)
                && !key.chars().any(|c| c.is_ascii_digit())
                && !w::STOPWORDS.contains(&key);
            (lexical && seen.insert(key.to_string())).then(|| (key.to_string(), f.span(i, i + 1)))
        })
        .collect();
    Analysed {
        start: s.range.start,
        end: s.range.end,
        speaker: s.speaker.clone(),
        cues: f
            .fired
            .into_iter()
            .map(|(kind, quoted)| (kind, quoted.join(", ")))
            .collect(),
        words,
    }
}

/// The longest phrase of a family that starts at token `i`.
fn phrase_at(f: &Found<'_, '_>, i: usize) -> Option<(CueKind, usize)> {
    let entries = PHRASES.get(f.word(i))?;
    entries.iter().find_map(|(kind, parts)| {
        let fits = parts
            .iter()
            .enumerate()
            .all(|(k, p)| f.free(i + k) && f.word(i + k) == *p);
        fits.then_some((*kind, parts.len()))
    })
}

/// Cues read from one token's shape rather than from a list: numbers,
/// money, years, past tenses, "bigger than".
fn token_cue(f: &Found<'_, '_>, i: usize) -> Option<(CueKind, usize)> {
    let tok = f.toks.get(i)?;
    let word = f.word(i);
    let core = tok.core;
    if tok.lead.contains(['$', '€', '£', '¥', '₹']) {
        return Some((CueKind::Money, 1));
    }
    if core.starts_with(|c: char| c.is_ascii_digit()) {
        if is_year(core) {
            return Some((CueKind::Date, 1));
        }
        if is_decade(core) {
            return Some((CueKind::Period, 1));
        }
        if tok.trail.starts_with('%') {
            return Some((CueKind::Percent, 1));
        }
        return Some((CueKind::Figure, 1));
    }
    if word.contains('-') && word.split('-').any(|p| w::NUMBER_WORDS.contains(&p)) {
        return Some((CueKind::Figure, 1));
    }
    if w::WEEKDAYS.contains(&core) || w::MONTHS.contains(&core) {
        return Some((CueKind::Date, 1));
    }
    if matches!(core, "May" | "March") && is_month_here(f, i) {
        return Some((CueKind::Date, 1));
    }
    if f.free(i + 1)
        && f.word(i + 1) == "than"
        && (word.ends_with("er") || matches!(word, "worse" | "more" | "less"))
    {
        return Some((CueKind::Comparison, 2));
    }
    if matches!(word, "more" | "less") && f.word(i + 2) == "than" && f.free(i + 2) {
        return Some((CueKind::Comparison, 3));
    }
    let regular_past = word.len() >= 5
        && word.ends_with("ed")
        && !word.ends_with("eed")
        && word.chars().all(|c| c.is_alphabetic() || c == '-')
        && !w::NOT_PAST.contains(&word);
    regular_past.then_some((CueKind::Past, 1))
}

fn is_year(core: &str) -> bool {
    core.len() == 4
        && core.bytes().all(|b| b.is_ascii_digit())
        && core
            .parse::<u32>()
            .is_ok_and(|y| (1800..=2100).contains(&y))
}

/// "1990s", "80s".
fn is_decade(core: &str) -> bool {
    core.strip_suffix('s').is_some_and(|d| {
        (d.len() == 4 || d.len() == 2) && d.bytes().all(|b| b.is_ascii_digit()) && d.ends_with('0')
    })
}

/// "May" and "March" are months before a day or after a word of time ("in
/// May"), else the verbs.
fn is_month_here(f: &Found<'_, '_>, i: usize) -> bool {
    let next_is_number = f
        .toks
        .get(i + 1)
        .is_some_and(|n| n.core.starts_with(|c: char| c.is_ascii_digit()));
    let prev = i.checked_sub(1).map_or("", |p| f.word(p));
    next_is_number
        || matches!(
            prev,
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
}

/// Hedges mark exactly the claims a desk must not let through unchecked:
/// the article itself says they are not established. The number of tokens
/// the hedge at `i` takes, if there is one.
fn is_proof(word: &str) -> bool {
    matches!(word, "evidence" | "proof")
}

fn hedge_at(words: &[String], i: usize) -> Option<usize> {
    let at = |j: usize| words.get(j).map_or("", String::as_str);
    let checked = |j: usize| matches!(at(j), "confirm" | "verify" | "confirmed" | "verified");
    // "confirm", "independently confirm", "immediately confirm".
    let check_within = |j: usize| {
        if checked(j) {
            Some(j)
        } else if matches!(at(j), "independently" | "immediately") && checked(j + 1) {
            Some(j + 1)
        } else {
            None
        }
    };
    let w = at(i);
    let next = at(i + 1);
    let upto = |last: usize| Some(last + 1 - i);
    match w {
        "reportedly" | "allegedly" | "alleged" | "unconfirmed" | "unverified" | "purportedly"
        | "rumoured" | "rumored" => Some(1),
        "believed" | "thought" | "understood" if next == "to" => Some(2),
        "if" if matches!(next, "confirmed" | "true" | "verified") => Some(2),
        "could" | "can" if next == "not" => check_within(i + 2).and_then(upto),
        "cannot" | "couldn't" | "can't" => check_within(i + 1).and_then(upto),
        "seeking" | "trying" | "working" if next == "to" && at(i + 2) == "verify" => Some(3),
        // A claim made without its proof: "gave no evidence", "without
        // providing evidence".
        "no" | "without" if is_proof(next) => Some(2),
        "without" if matches!(next, "providing" | "giving" | "offering") && is_proof(at(i + 2)) => {
            Some(3)
        }
        "not" if matches!(next, "been" | "yet" | "independently") => {
            check_within(i + 2).and_then(upto)
        }
        _ => None,
    }
}

const OPENING: [char; 6] = ['“', '"', '«', '(', '[', '‘'];

/// Whether token `i` starts its sentence or its quotation, where a capital
/// letter says nothing.
fn starts_clause(f: &Found<'_, '_>, i: usize) -> bool {
    let Some(tok) = f.toks.get(i) else {
        return true;
    };
    let first_content = (0..i).all(|k| f.frame.get(k).copied().unwrap_or(false));
    first_content
        || tok.lead.contains(OPENING)
        || i.checked_sub(1)
            .and_then(|p| f.toks.get(p))
            .is_some_and(|p| p.trail.contains(['.', '!', '?', ':', '—']))
}

/// A proper name or an acronym inside the sentence.
fn is_name(f: &Found<'_, '_>, i: usize) -> bool {
    let Some(tok) = f.toks.get(i) else {
        return false;
    };
    let core = tok.core;
    if !core.starts_with(char::is_uppercase)
        || core == "I"
        || core.starts_with("I'")
        || core.starts_with("I’")
    {
        return false;
    }
    let letters = core.chars().filter(|c| c.is_alphabetic()).count();
    let acronym = letters >= 2
        && core
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
        && core != "OK";
    acronym || !starts_clause(f, i)
}

/// Cues of the sentence as a whole: its length, a question, an aside, a
/// speaker addressed by name, and who says it.
fn sentence_cues(f: &mut Found<'_, '_>, sentence: &str, s: &Sentence<'_>) {
    let content: Vec<usize> = (0..f.toks.len())
        .filter(|&i| !f.frame.get(i).copied().unwrap_or(true))
        .filter(|&i| f.toks.get(i).is_some_and(|t| !t.core.is_empty()))
        .collect();
    let count = format!("{} words", content.len());
    if content.len() >= LONG_WORDS {
        f.fire_text(CueKind::Long, count.clone());
    }
    if content.len() >= VERY_LONG_WORDS {
        f.fire_text(CueKind::VeryLong, count.clone());
    }
    if content.len() < SHORT_WORDS {
        f.fire_text(CueKind::Short, count);
    }
    let end = sentence.trim_end_matches(['”', '"', '»', ')', ']', '\'', '’', ' ', '\n']);
    if end.ends_with('?') {
        f.fire_text(CueKind::Question, "?".to_string());
    }
    let bare = sentence.trim_end_matches(['.', ' ']);
    if sentence.starts_with(['(', '[']) && bare.ends_with([')', ']']) {
        f.fire_text(CueKind::Aside, bare.to_string());
    }
    if let Some(first) = content.first().copied()
        && let Some(last) = address_at(f, first)
    {
        f.fire(CueKind::Address, first, last + 1);
    } else if let Some(last) = content.last().copied()
        && let Some(first) = titled_address_before(f, last)
    {
        f.fire(CueKind::Address, first, last + 1);
    }
    if let Some(speaker) = &s.speaker {
        f.fire_text(CueKind::Attributed, speaker.clone());
    }
}

/// "Secretary Clinton, …", "Lester, …": up to three capitalised words and a
/// comma opening the sentence. The index of the last word of the address.
fn address_at(f: &Found<'_, '_>, first: usize) -> Option<usize> {
    (first..first + 3).find_map(|k| {
        let tok = f.toks.get(k)?;
        if !tok.core.starts_with(char::is_uppercase)
            || w::DISCOURSE.contains(&f.word(k))
            || f.word(k).ends_with("ly")
            || (k > first && tok.lead.contains(OPENING))
        {
            return Some(None);
        }
        tok.trail.starts_with(',').then_some(Some(k))
    })?
}

/// "…, Senator.", "…, Secretary Clinton?": a title and up to two names
/// after the last comma, closing the sentence. The index of the title.
fn titled_address_before(f: &Found<'_, '_>, last: usize) -> Option<usize> {
    let first = (last.saturating_sub(2)..=last).find(|&k| {
        k > 0
            && w::TITLES.contains(&f.word(k))
            && f.toks.get(k - 1).is_some_and(|p| p.trail.contains(','))
    })?;
    let capitalised = (first..=last).all(|k| {
        f.toks
            .get(k)
            .is_some_and(|t| t.core.starts_with(char::is_uppercase))
    });
    capitalised.then_some(first)
}
