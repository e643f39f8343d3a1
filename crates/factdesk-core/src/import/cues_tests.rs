//! One test per cue family: what sets it off, and the look-alikes that
//! must not.

use std::collections::HashMap;

use super::cue_words as w;
use super::cues::{CueKind, analyse};

/// The cues of the first sentence of `text`, by name, with their words.
fn cues(text: &str) -> HashMap<&'static str, String> {
    analyse(text, 0)
        .into_iter()
        .next()
        .map(|a| {
            a.cues
                .into_iter()
                .map(|(k, words)| (k.name(), words))
                .collect()
        })
        .unwrap_or_default()
}

fn fired(text: &str, kind: CueKind) -> Option<String> {
    cues(text).remove(kind.name())
}

#[track_caller]
fn yes(text: &str, kind: CueKind, words: &str) {
    assert_eq!(
        fired(text, kind).as_deref(),
        Some(words),
        "{text}: {:?}",
        cues(text)
    );
}

#[track_caller]
fn no(text: &str, kind: CueKind) {
    assert_eq!(fired(text, kind), None, "{text}");
}

#[test]
fn figures_and_quantities() {
    yes("About 300 fighters died.", CueKind::Figure, "300");
    yes("Twenty-five people fled.", CueKind::Figure, "Twenty-five");
    yes("Two officials left.", CueKind::Figure, "Two");
    no("The Su-34 jets flew.", CueKind::Figure);
    no("It happened in 2015.", CueKind::Figure);
    yes("Thousands of jobs left.", CueKind::BigNumber, "Thousands");
    yes("It cost $5 billion.", CueKind::Money, "$5");
    yes("It cost $5 billion.", CueKind::BigNumber, "billion");
    yes("It cost 40 dollars.", CueKind::Money, "dollars");
    yes("Unemployment is 5% now.", CueKind::Percent, "5%");
    yes("It rose 3 percent.", CueKind::Percent, "percent");
    no("Unemployment is 5% now.", CueKind::Figure);
}

#[test]
fn comparisons_and_superlatives() {
    yes(
        "Taxes are higher than ever.",
        CueKind::Comparison,
        "higher than",
    );
    yes(
        "It is more expensive than gold.",
        CueKind::Comparison,
        "more expensive than",
    );
    yes("It is worse than that.", CueKind::Comparison, "worse than");
    no("It was almost by default.", CueKind::Comparison);
    yes(
        "It is the worst deal in history.",
        CueKind::Superlative,
        "worst, in history",
    );
    yes(
        "It was the lowest ever.",
        CueKind::Superlative,
        "lowest, ever",
    );
    no("He is an honest man.", CueKind::Superlative);
}

#[test]
fn change_cause_and_statistics() {
    yes("Crime doubled.", CueKind::Change, "doubled");
    yes("Prices went up.", CueKind::Change, "went up");
    no("It was a shortcut.", CueKind::Change);
    yes("It failed because of the rules.", CueKind::Cause, "because");
    yes("It led to a war.", CueKind::Cause, "led to");
    yes(
        "The unemployment rate fell.",
        CueKind::Statistic,
        "unemployment, rate",
    );
    yes("We lose jobs every year.", CueKind::Statistic, "every year");
}

#[test]
fn laws_and_votes() {
    yes("She voted for the bill.", CueKind::Law, "voted, bill");
    yes(
        "He signed an executive order.",
        CueKind::Law,
        "signed, executive order",
    );
    no("He bought a car.", CueKind::Law);
}

#[test]
fn names_inside_the_sentence() {
    yes("We spoke to Ohio officials.", CueKind::Name, "Ohio");
    // A capital at the start of a sentence or a quotation says nothing...
    no("Officials met.", CueKind::Name);
    no("Kelly said: “Jobs left.”", CueKind::Name);
    // ...but an acronym is a name anywhere.
    yes("NAFTA hurt us.", CueKind::Name, "NAFTA");
    no("I think so.", CueKind::Name);
    yes(
        "They met in Paris, Rome and Berlin.",
        CueKind::Names,
        "Paris, Rome, Berlin",
    );
    no("They met in Paris and Rome.", CueKind::Names);
}

#[test]
fn dates_days_and_periods() {
    yes("It ended on Tuesday.", CueKind::Date, "Tuesday");
    yes("It began in May.", CueKind::Date, "May");
    yes("It happened in 2015.", CueKind::Date, "2015");
    no("May it end.", CueKind::Date);
    yes("He left today.", CueKind::Day, "today");
    yes("It began ten years ago.", CueKind::Period, "years, ago");
    yes("It was big in the 1990s.", CueKind::Period, "1990s");
}

#[test]
fn hedges_and_sourcing() {
    yes(
        "He could not independently verify it.",
        CueKind::Hedge,
        "could not independently verify",
    );
    yes("Rebels reportedly fled.", CueKind::Hedge, "reportedly");
    yes(
        "If confirmed, it would be a first.",
        CueKind::Hedge,
        "If confirmed",
    );
    yes(
        "He is believed to have died.",
        CueKind::Hedge,
        "believed to",
    );
    yes(
        "There have been unconfirmed reports.",
        CueKind::Hedge,
        "unconfirmed",
    );
    no("He could not sleep.", CueKind::Hedge);
    yes(
        "A monitoring group said he was dead, but gave no evidence.",
        CueKind::Hedge,
        "no evidence",
    );
    yes(
        "He said it was rigged without providing evidence.",
        CueKind::Hedge,
        "without providing evidence",
    );
    no("The evidence was in the report.", CueKind::Hedge);
    yes("A new study shows it grew.", CueKind::Sourcing, "study");
    // The article's own "according to" says who speaks; a quoted one is
    // part of the claim.
    no("It grew, according to the report.", CueKind::Sourcing);
    yes(
        "Kelly said: “According to the report, it grew.”",
        CueKind::Sourcing,
        "According to, report",
    );
}

#[test]
fn reported_speech_is_not_the_attribution() {
    yes(
        "You called it the gold standard.",
        CueKind::Reported,
        "called",
    );
    // "The ministry said" is who speaks: the frame, not the claim.
    no("The ministry said it won.", CueKind::Reported);
    yes(
        "The ministry said it won.",
        CueKind::Attributed,
        "The ministry",
    );
    no("It won.", CueKind::Attributed);
}

#[test]
fn past_tense_and_negation() {
    yes("They bombed the town.", CueKind::Past, "bombed");
    yes("It was late.", CueKind::Past, "was");
    no("We need a hundred.", CueKind::Past);
    yes("He did not win.", CueKind::Negation, "not");
}

#[test]
fn length() {
    let long = "The plan that the council adopted last spring would move the market, \
                rebuild the bridge and open two schools before the end of next year.";
    yes(long, CueKind::Long, "25 words");
    no(long, CueKind::VeryLong);
    yes("Murders are up.", CueKind::Short, "3 words");
    // The words that say who speaks do not count.
    yes("Holt said: “Murders are up.”", CueKind::Short, "3 words");
}

#[test]
fn questions_courtesy_procedure() {
    yes("Why now?", CueKind::Question, "?");
    yes("Holt said: “Why now?”", CueKind::Question, "?");
    no("He asked why.", CueKind::Question);
    yes("Thank you, Lester.", CueKind::Courtesy, "Thank");
    yes(
        "Good evening from Hofstra.",
        CueKind::Courtesy,
        "Good evening",
    );
    yes(
        "Let's move on to the next question.",
        CueKind::Procedure,
        "Let's, move on, next question",
    );
    yes("You have 30 seconds.", CueKind::Procedure, "seconds");
}

#[test]
fn addressing_someone_by_name() {
    yes(
        "Secretary Clinton, what about jobs?",
        CueKind::Address,
        "Secretary Clinton",
    );
    yes("Lester, we lost jobs.", CueKind::Address, "Lester");
    yes(
        "Holt said: “Donald, what about jobs?”",
        CueKind::Address,
        "Donald",
    );
    yes("That is wrong, Senator.", CueKind::Address, "Senator");
    no("Well, it failed.", CueKind::Address);
    no("Frankly, it failed.", CueKind::Address);
    no("We went to Paris, France.", CueKind::Address);
}

#[test]
fn opinion_values_and_intention() {
    yes("I think it works.", CueKind::Opinion, "I think");
    yes("It was a terrible deal.", CueKind::ValueWord, "terrible");
    yes("We're going to win.", CueKind::Intention, "We're going to");
    yes("I will build it.", CueKind::Intention, "I will");
    no("They were going to leave.", CueKind::Intention);
}

#[test]
fn asides() {
    yes("(APPLAUSE)", CueKind::Aside, "(APPLAUSE)");
    yes("[Crosstalk].", CueKind::Aside, "[Crosstalk]");
    no("(The ministry) said so.", CueKind::Aside);
}

#[test]
fn moderators_are_known_by_their_questions() {
    let text = "Holt said: “Why?”\n\nHolt said: “How?”\n\nHolt said: “When?”\n\n\
                Holt said: “Go on.”\n\nTrump said: “No?” Trump said: “Jobs left.”";
    let got: Vec<bool> = analyse(text, 0)
        .iter()
        .map(|a| a.cues.iter().any(|(k, _)| *k == CueKind::Moderator))
        .collect();
    assert_eq!(got, [true, true, true, true, false, false]);
}

#[test]
fn lexicon_words_are_the_rest() {
    let a = analyse("Holt said: “The premiums went up in Ohio.”", 0);
    let keys: Vec<&str> = a[0].words.iter().map(|(k, _)| k.as_str()).collect();
    // Not the frame, not the stop words, not words a family took.
    assert_eq!(keys, ["premiums"]);
    let a = analyse("Premiums, premiums and PREMIUMS.", 0);
    assert_eq!(a[0].words.len(), 1);
}

#[test]
fn no_word_belongs_to_two_families() {
    let families: [(&str, &[&str]); 21] = [
        ("number words", w::NUMBER_WORDS),
        ("big numbers", w::BIG_NUMBERS),
        ("percent", w::PERCENT),
        ("money", w::MONEY),
        ("comparative", w::COMPARATIVE),
        ("superlative", w::SUPERLATIVE),
        ("change", w::CHANGE),
        ("causal", w::CAUSAL),
        ("statistic", w::STATISTIC),
        ("legislative", w::LEGISLATIVE),
        ("sourcing", w::SOURCING),
        ("reported", w::REPORTED),
        ("time span", w::TIME_SPAN),
        ("relative days", w::RELATIVE_DAYS),
        ("past", w::PAST),
        ("negation", w::NEGATION),
        ("courtesy", w::COURTESY),
        ("procedure", w::PROCEDURE),
        ("opinion", w::OPINION),
        ("value words", w::VALUE_WORDS),
        ("intention", w::INTENTION),
    ];
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for (family, list) in families {
        for phrase in list {
            assert_eq!(phrase.to_lowercase(), *phrase, "{phrase:?} in {family}");
            if let Some(other) = seen.insert(phrase, family) {
                panic!("{phrase:?} is in {other} and {family}");
            }
        }
    }
}

#[test]
fn every_family_has_a_distinct_name() {
    let mut names: Vec<&str> = CueKind::ALL.iter().map(|k| k.name()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), CueKind::ALL.len());
    for k in CueKind::ALL {
        assert_eq!(CueKind::from_name(k.name()), Some(k));
        assert!(!k.about().is_empty());
    }
}
