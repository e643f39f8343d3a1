//! Anchoring claims to the article's text, and finding them again after the
//! article has been corrected.
//!
//! Byte offsets alone go stale with the first correction above a claim, so
//! an [`Anchor`] also keeps the quoted text and a little context on each
//! side (the approach of web annotation "text quote selectors"). A claim
//! that cannot be found again is reported as lost rather than moved to a
//! guess: a verdict attached to the wrong sentence is worse than an orphan.

use std::cmp::Reverse;

use crate::edit::Edit;
use crate::model::{Anchor, Story};

/// Characters of context kept on each side of a quote: enough to tell
/// apart repeated phrases ("the ministry said"), small enough that an edit
/// next to the claim rarely touches all of it.
pub const CONTEXT_CHARS: usize = 32;

/// Without the quote, the new text between prefix and suffix may have grown
/// by an edit, but not beyond this; further apart they are unrelated text.
fn max_gap(quote_len: usize) -> usize {
    quote_len.saturating_mul(4).saturating_add(200)
}

/// How many places matching the prefix are tried when the quote itself is
/// gone; the nearest to the old position come first. Bounds the work on
/// pathological, highly repetitive articles.
const MAX_CONTEXT_CANDIDATES: usize = 64;

/// Context used when the full prefix or suffix no longer matches because an
/// edit touched it; short enough to survive, long enough to be specific.
const SHORT_CONTEXT_CHARS: usize = 12;

/// Anchor for `article[start..end]`; `None` unless the range is non-empty,
/// inside the article and on character boundaries.
pub fn anchor_at(article: &str, start: usize, end: usize) -> Option<Anchor> {
    if start >= end {
        return None;
    }
    let quote = article.get(start..end)?;
    let before = article.get(..start)?;
    let after = article.get(end..)?;
    Some(Anchor {
        start,
        end,
        quote: quote.to_string(),
        prefix: last_chars(before, CONTEXT_CHARS).to_string(),
        suffix: first_chars(after, CONTEXT_CHARS).to_string(),
    })
}

/// Finds `anchor` in a corrected `article`. Returns it unchanged when the
/// text around it is untouched, a moved (or re-quoted) anchor when it can
/// still be found, and `None` when the claim's text is gone.
pub fn reanchor(article: &str, anchor: &Anchor) -> Option<Anchor> {
    let quote = anchor.quote.as_str();
    if !quote.is_empty() && article.get(anchor.start..anchor.end) == Some(quote) {
        let full = anchor.prefix.chars().count() + anchor.suffix.chars().count();
        if context_score(article, anchor.start, anchor.end, anchor) == full {
            return Some(anchor.clone());
        }
    }
    if !quote.is_empty() {
        // The quote wins over its context: if it is still there, the claim
        // is still there; context only decides between repeats.
        let best = article
            .match_indices(quote)
            .map(|(i, _)| i)
            .max_by_key(|&i| {
                (
                    context_score(article, i, i + quote.len(), anchor),
                    Reverse(i.abs_diff(anchor.start)),
                )
            });
        if let Some(i) = best {
            return anchor_at(article, i, i + quote.len());
        }
    }
    let short_prefix = last_chars(&anchor.prefix, SHORT_CONTEXT_CHARS);
    let short_suffix = first_chars(&anchor.suffix, SHORT_CONTEXT_CHARS);
    match between(article, &anchor.prefix, &anchor.suffix, anchor) {
        Found::Quote(start, end) => anchor_at(article, start, end),
        Found::Deleted => None,
        Found::Nothing if short_prefix != anchor.prefix || short_suffix != anchor.suffix => {
            match between(article, short_prefix, short_suffix, anchor) {
                Found::Quote(start, end) => anchor_at(article, start, end),
                Found::Deleted | Found::Nothing => None,
            }
        }
        Found::Nothing => None,
    }
}

/// The edits that put every claim of `story` back on its text in
/// `article`: a move for each claim whose text is elsewhere now, an orphan
/// for each whose text is gone, and for a claim whose quoted words changed
/// ("about 30" → "about 40") the move followed by a flag for review with
/// the words that changed. Nothing for claims still in place.
pub fn corrections(story: &Story, article: &str) -> Vec<Edit> {
    let mut edits = Vec::new();
    for claim in &story.claims {
        let a = &claim.anchor;
        let intact = article.get(a.start..a.end) == Some(a.quote.as_str());
        let to = if intact {
            if !claim.orphaned {
                continue;
            }
            Some(a.clone())
        } else {
            match reanchor(article, a) {
                Some(new) => Some(new),
                None if claim.orphaned => continue,
                None => None,
            }
        };
        let review = to.as_ref().and_then(|new| {
            let mut review = crate::review::review_for(&a.quote, &new.quote)?;
            // Flagged already: the words changed again, all of it counts.
            if let Some(earlier) = claim.review.as_ref().filter(|_| claim.needs_review) {
                let mut changed = earlier.changed.clone();
                changed.append(&mut review.changed);
                review.changed = changed;
            }
            Some(review)
        });
        edits.push(Edit::Reanchor {
            claim: claim.id,
            to,
        });
        if let Some(review) = review {
            edits.push(Edit::SetReview {
                claim: claim.id,
                review: Some(review),
            });
        }
    }
    edits
}

/// How many characters of the stored context still surround `start..end`:
/// the common tail of the prefix plus the common head of the suffix.
fn context_score(article: &str, start: usize, end: usize, anchor: &Anchor) -> usize {
    let before = article.get(..start).unwrap_or_default();
    let after = article.get(end..).unwrap_or_default();
    let tail = anchor
        .prefix
        .chars()
        .rev()
        .zip(before.chars().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let head = anchor
        .suffix
        .chars()
        .zip(after.chars())
        .take_while(|(a, b)| a == b)
        .count();
    tail + head
}

enum Found {
    Quote(usize, usize),
    /// Prefix and suffix now meet: the claim's text was cut.
    Deleted,
    Nothing,
}

/// The text between `prefix` and the nearest following `suffix`, at the
/// place nearest the anchor's old position.
fn between(article: &str, prefix: &str, suffix: &str, anchor: &Anchor) -> Found {
    // An empty side means the claim touched that end of the article; with
    // both empty there is no context to go by at all.
    if prefix.is_empty() && suffix.is_empty() {
        return Found::Nothing;
    }
    let mut starts: Vec<usize> = if prefix.is_empty() {
        vec![0]
    } else {
        article
            .match_indices(prefix)
            .map(|(i, _)| i + prefix.len())
            .collect()
    };
    starts.sort_by_key(|&s| s.abs_diff(anchor.start));
    starts.truncate(MAX_CONTEXT_CANDIDATES);

    let gap = max_gap(anchor.quote.len());
    for start in starts {
        let end = if suffix.is_empty() {
            let end = article.len();
            (end - start <= gap).then_some(end)
        } else {
            let limit = floor_boundary(
                article,
                start.saturating_add(gap).saturating_add(suffix.len()),
            );
            article
                .get(start..limit)
                .and_then(|window| window.find(suffix))
                .map(|j| start + j)
        };
        let Some(end) = end else {
            continue;
        };
        let text = article.get(start..end).unwrap_or_default();
        return if text.trim().is_empty() {
            Found::Deleted
        } else {
            Found::Quote(start, end)
        };
    }
    Found::Nothing
}

fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn last_chars(s: &str, n: usize) -> &str {
    let from = s
        .char_indices()
        .rev()
        .take(n)
        .last()
        .map_or(s.len(), |(i, _)| i);
    s.get(from..).unwrap_or_default()
}

fn first_chars(s: &str, n: usize) -> &str {
    let to = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    s.get(..to).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const STORY: &str = "The ministry said the air raid on May 28 also killed about 30 \
        mid-level militant leaders and about 300 other fighters. The ministry said the strike \
        came as ISIS leaders gathered. Al-Baghdadi became the head of ISIS almost by default.";

    fn anchor_on(article: &str, quote: &str, nth: usize) -> Anchor {
        let (start, _) = article
            .match_indices(quote)
            .nth(nth)
            .unwrap_or_else(|| panic!("{quote:?} not in article"));
        anchor_at(article, start, start + quote.len()).unwrap_or_else(|| panic!("bad range"))
    }

    fn found(article: &str, anchor: &Anchor) -> Option<(usize, String)> {
        reanchor(article, anchor).map(|a| {
            assert_eq!(article.get(a.start..a.end), Some(a.quote.as_str()));
            (a.start, a.quote)
        })
    }

    #[test]
    fn anchor_at_validates_the_range() {
        let text = "Kyiv – Київ said 30.";
        assert_eq!(anchor_at(text, 3, 3), None);
        assert_eq!(anchor_at(text, 4, 3), None);
        assert_eq!(anchor_at(text, 0, 999), None);
        assert_eq!(anchor_at(text, 6, 8), None, "inside the en dash");
        let a = anchor_at(text, 9, 17).unwrap_or_else(|| panic!("valid range"));
        assert_eq!(
            (a.prefix.as_str(), a.quote.as_str(), a.suffix.as_str()),
            ("Kyiv – ", "Київ", " said 30.")
        );
    }

    #[test]
    fn context_is_limited_to_context_chars() {
        let text = format!("{}QUOTE{}", "é".repeat(50), "ж".repeat(50));
        let start = "é".len() * 50;
        let a = anchor_at(&text, start, start + 5).unwrap_or_else(|| panic!("valid range"));
        assert_eq!(a.prefix, "é".repeat(CONTEXT_CHARS));
        assert_eq!(a.suffix, "ж".repeat(CONTEXT_CHARS));
    }

    #[test]
    fn unchanged_article_returns_the_same_anchor() {
        let a = anchor_on(STORY, "killed about 30 mid-level militant leaders", 0);
        assert_eq!(reanchor(STORY, &a), Some(a.clone()));
    }

    #[test]
    fn insertion_before_the_claim_moves_it() {
        let a = anchor_on(STORY, "came as ISIS leaders gathered", 0);
        let edited = format!("CORRECTION: date fixed. {STORY}");
        let b = reanchor(&edited, &a).unwrap_or_else(|| panic!("lost"));
        assert_eq!(b.start, a.start + "CORRECTION: date fixed. ".len());
        assert_eq!(b.quote, a.quote);
        assert_eq!(b.suffix, a.suffix);
    }

    #[test]
    fn context_picks_the_right_repeat() {
        let second = anchor_on(STORY, "The ministry said the", 1);
        let first = anchor_on(STORY, "The ministry said the", 0);
        // Shift everything so the old offsets point at neither occurrence.
        let edited = format!("Updated. {STORY}");
        let shift = "Updated. ".len();
        assert_eq!(
            found(&edited, &second).map(|f| f.0),
            Some(second.start + shift)
        );
        assert_eq!(
            found(&edited, &first).map(|f| f.0),
            Some(first.start + shift)
        );
        // Even when the old offsets land exactly on the other repeat.
        let distance = second.start - first.start;
        let padded = format!("{}{STORY}", "x".repeat(distance));
        assert_eq!(
            found(&padded, &first).map(|f| f.0),
            Some(first.start + distance)
        );
    }

    #[test]
    fn edited_quote_is_found_by_its_context() {
        let a = anchor_on(STORY, "also killed about 30 mid-level militant leaders", 0);
        let edited = STORY.replace("about 30 mid-level", "about 35 mid-level");
        assert_eq!(
            found(&edited, &a),
            Some((
                a.start,
                "also killed about 35 mid-level militant leaders".to_string()
            ))
        );
    }

    #[test]
    fn edit_touching_the_context_too() {
        let a = anchor_on(STORY, "came as ISIS leaders gathered", 0);
        let edited = STORY.replace(
            "said the strike came as ISIS leaders gathered. Al-",
            "said the strike came when the ISIS leaders met. Al-",
        );
        assert_eq!(
            found(&edited, &a).map(|f| f.1),
            Some("came when the ISIS leaders met".to_string())
        );
    }

    #[test]
    fn deleted_quote_is_lost() {
        let a = anchor_on(
            STORY,
            "The ministry said the strike came as ISIS leaders gathered. ",
            0,
        );
        let edited = STORY.replace(
            "The ministry said the strike came as ISIS leaders gathered. ",
            "",
        );
        assert_eq!(reanchor(&edited, &a), None);
        let b = anchor_on(STORY, " almost by default", 0);
        assert_eq!(reanchor(&STORY.replace(" almost by default", ""), &b), None);
        assert_eq!(reanchor("Completely different text.", &a), None);
    }

    #[test]
    fn multi_byte_text() {
        let article = "Міністерство заявило: «Удар 28 травня» — 👍🏽 Кінець.";
        let a = anchor_on(article, "«Удар 28 травня»", 0);
        let edited = format!("Оновлено 🇺🇦. {article}");
        assert_eq!(
            found(&edited, &a),
            Some((a.start + "Оновлено 🇺🇦. ".len(), a.quote.clone()))
        );
        let changed = edited.replace("28 травня", "29 травня");
        assert_eq!(
            found(&changed, &a).map(|f| f.1),
            Some("«Удар 29 травня»".to_string())
        );
    }

    #[test]
    fn claim_at_either_end_of_the_article() {
        let text = "Opening claim here. Middle. Closing claim here.";
        let first = anchor_on(text, "Opening claim", 0);
        let last = anchor_on(text, "Closing claim here.", 0);
        let edited = text
            .replace("Opening claim", "Opening remark")
            .replace("Closing claim here.", "Closing claims here.");
        assert_eq!(
            found(&edited, &first).map(|f| f.1),
            Some("Opening remark".to_string())
        );
        assert_eq!(
            found(&edited, &last).map(|f| f.1),
            Some("Closing claims here.".to_string())
        );
    }

    #[test]
    fn five_megabyte_article() {
        let para = "The ministry said the strike came as ISIS leaders gathered. ";
        let mut article = para.repeat(5_000_000 / para.len());
        let start = article.len();
        article.push_str("The final unique claim sits here. ");
        article.push_str(&para.repeat(100));
        let a = anchor_at(&article, start, start + "The final unique claim".len())
            .unwrap_or_else(|| panic!("valid range"));
        let edited = format!("Inserted. {article}");
        let moved = std::time::Instant::now();
        assert_eq!(
            found(&edited, &a).map(|f| f.0),
            Some(start + "Inserted. ".len())
        );
        let repeated = anchor_on(&article, para, 40_000);
        assert_eq!(
            found(&edited, &repeated).map(|f| f.1),
            Some(para.to_string())
        );
        let gone = edited.replace("final unique", "last distinct");
        assert_eq!(
            found(&gone, &a).map(|f| f.1),
            Some("The last distinct claim".to_string())
        );
        assert!(moved.elapsed().as_secs() < 20, "{:?}", moved.elapsed());
    }

    proptest! {
        #[test]
        fn reanchor_never_panics_and_returns_valid_anchors(
            original in "\\PC{0,200}",
            edited in "\\PC{0,200}",
            start in 0usize..220,
            len in 0usize..60,
            splice in 0usize..220,
        ) {
            let anchor = anchor_at(&original, start, start + len).unwrap_or_else(|| Anchor {
                start,
                end: start + len,
                quote: original.chars().take(len).collect(),
                prefix: original.chars().take(3).collect(),
                suffix: original.chars().rev().take(3).collect(),
            });
            let mut cut = splice.min(original.len());
            while !original.is_char_boundary(cut) {
                cut -= 1;
            }
            let spliced = format!("{}{edited}{}", &original[..cut], &original[cut..]);
            for article in [&original, &edited, &spliced] {
                if let Some(a) = reanchor(article, &anchor) {
                    prop_assert!(a.start < a.end);
                    prop_assert_eq!(article.get(a.start..a.end), Some(a.quote.as_str()));
                }
            }
        }
    }
}
