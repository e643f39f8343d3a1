//! Claims that need review: the article changed under them.
//!
//! When a corrected article arrives (a revision, or `article.txt` edited
//! by hand), every claim is found again ([`crate::anchor::corrections`]).
//! A claim that only moved keeps its standing; a claim whose quoted words
//! changed keeps its verdict but is flagged, with the words that changed
//! (`30 → 40`), until an editor rules on it again or says it was reviewed.
//! This module says what changed and which claims want attention.

use unicode_segmentation::UnicodeSegmentation;

use crate::model::{Claim, ClaimId, Review, Story, Verdict, WordChange};

/// What [`Review::reason`] says for a claim whose quoted words changed.
pub const QUOTE_CHANGED: &str = "the article's words under this claim changed";

/// Words that differ between two versions of a quote, in order, each run
/// of changed words as one change: `"about 30 mid-level"` →
/// `"about 40 mid-level"` gives `30 → 40`. Changes of spacing or of
/// punctuation alone are not changes of words.
pub fn word_changes(old: &str, new: &str) -> Vec<WordChange> {
    let a: Vec<&str> = old.split_word_bounds().collect();
    let b: Vec<&str> = new.split_word_bounds().collect();
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &a, &b);
    let mut out = Vec::new();
    let mut run: Option<(usize, usize, usize, usize)> = None;
    let flush = |run: &mut Option<(usize, usize, usize, usize)>, out: &mut Vec<WordChange>| {
        if let Some((a0, a1, b0, b1)) = run.take() {
            let from = a.get(a0..a1).unwrap_or_default().concat();
            let to = b.get(b0..b1).unwrap_or_default().concat();
            let words = |s: &str| s.chars().any(char::is_alphanumeric);
            if words(&from) || words(&to) {
                let edge = |c: char| !c.is_alphanumeric() && c != '%';
                out.push(WordChange {
                    from: from.trim_matches(edge).to_string(),
                    to: to.trim_matches(edge).to_string(),
                });
            }
        }
    };
    for op in &ops {
        let (tag, old, new) = op.as_tag_tuple();
        match tag {
            similar::DiffTag::Equal => {
                // Words kept between two changes end the run; only
                // spacing or punctuation between them does not.
                let kept = a.get(old.clone()).unwrap_or_default();
                let bridge = run.is_some()
                    && kept.iter().all(|t| !t.chars().any(char::is_alphanumeric))
                    && kept.iter().map(|t| t.chars().count()).sum::<usize>() <= 3;
                if bridge {
                    if let Some(r) = run.as_mut() {
                        r.1 = old.end;
                        r.3 = new.end;
                    }
                } else {
                    flush(&mut run, &mut out);
                }
            }
            _ => match run.as_mut() {
                Some(r) => {
                    r.1 = old.end;
                    r.3 = new.end;
                }
                None => run = Some((old.start, old.end, new.start, new.end)),
            },
        }
    }
    flush(&mut run, &mut out);
    out
}

/// The review a claim needs when its quote went from `old` to `new`;
/// `None` when no word changed (it only moved, or was re-spaced).
pub fn review_for(old: &str, new: &str) -> Option<Review> {
    let changed = word_changes(old, new);
    (!changed.is_empty()).then(|| Review {
        reason: QUOTE_CHANGED.to_string(),
        changed,
    })
}

/// Whether `]` (and the triage counts) should visit the claim: still
/// pending, or ruled on words that have since changed.
pub fn wants_attention(claim: &Claim) -> bool {
    claim.verdict == Verdict::Pending || claim.needs_review
}

/// The next live claim after `from` (in article order, wrapping; from the
/// top when `from` is `None` or gone) that is pending or needs review.
pub fn next_to_visit(story: &Story, from: Option<ClaimId>) -> Option<ClaimId> {
    step(story, from, false)
}

/// [`next_to_visit`] backwards (`[`).
pub fn prev_to_visit(story: &Story, from: Option<ClaimId>) -> Option<ClaimId> {
    step(story, from, true)
}

fn step(story: &Story, from: Option<ClaimId>, back: bool) -> Option<ClaimId> {
    let claims = story.live_claims();
    let n = claims.len();
    if n == 0 {
        return None;
    }
    let at = from.and_then(|id| claims.iter().position(|c| c.id == id));
    (1..=n)
        .map(|k| match (at, back) {
            (Some(i), false) => (i + k) % n,
            (Some(i), true) => (i + n - k % n) % n,
            (None, false) => k - 1,
            (None, true) => n - k,
        })
        .filter_map(|i| claims.get(i))
        .find(|c| wants_attention(c))
        .map(|c| c.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(old: &str, new: &str) -> Vec<(String, String)> {
        word_changes(old, new)
            .into_iter()
            .map(|c| (c.from, c.to))
            .collect()
    }

    #[test]
    fn a_changed_figure_is_one_change() {
        assert_eq!(
            pairs(
                "also killed about 30 mid-level militant leaders",
                "also killed about 40 mid-level militant leaders"
            ),
            [("30".to_string(), "40".to_string())]
        );
    }

    #[test]
    fn runs_of_words_and_additions() {
        assert_eq!(
            pairs(
                "The ministry said the strike killed the leader.",
                "The ministry denied the strike killed the leader, officials said."
            ),
            [
                ("said".to_string(), "denied".to_string()),
                (String::new(), "officials said".to_string()),
            ]
        );
        assert_eq!(
            pairs("on May 28 near Raqqa", "on May 29, near Raqqa"),
            [("28".to_string(), "29".to_string())]
        );
    }

    #[test]
    fn spacing_and_punctuation_alone_are_no_change() {
        assert!(word_changes("killed  about 30\nleaders", "killed about 30 leaders").is_empty());
        assert!(word_changes("killed 30 leaders.", "killed 30 leaders;").is_empty());
        assert!(review_for("same words", "same words").is_none());
        let r = review_for("Мінімум 30 загиблих", "Мінімум 40 загиблих").unwrap();
        assert_eq!(r.changes(4), "30 → 40");
    }

    #[test]
    fn navigation_visits_pending_and_flagged_claims_and_wraps() {
        let mut story = crate::edit::tests::story_with_claims(4);
        for c in &mut story.claims {
            c.verdict = Verdict::Confirmed;
        }
        story.claims[1].verdict = Verdict::Pending;
        story.claims[3].needs_review = true;
        let ids: Vec<ClaimId> = story.claims.iter().map(|c| c.id).collect();
        assert_eq!(next_to_visit(&story, None), Some(ids[1]));
        assert_eq!(next_to_visit(&story, Some(ids[1])), Some(ids[3]));
        assert_eq!(next_to_visit(&story, Some(ids[3])), Some(ids[1]));
        assert_eq!(prev_to_visit(&story, Some(ids[1])), Some(ids[3]));
        assert_eq!(prev_to_visit(&story, None), Some(ids[3]));
        story.claims[1].verdict = Verdict::Disputed;
        story.claims[3].needs_review = false;
        assert_eq!(next_to_visit(&story, Some(ids[0])), None);
    }
}
