//! What the story screen does with import's check-worthiness score: the
//! claims listed by score or in article order, and the candidates, the
//! sentences that score above nothing but are not claims (below the desk's
//! threshold, past its cap, or deleted), shown faint in the article and
//! made claims with one key.

use std::ops::Range;

use ratatui::text::Span;

use super::StoryScreen;
use super::claims::cues_text;
use crate::component::Cx;
use crate::keymap::{Command, Context};
use crate::theme::Theme;
use factdesk_core::import::{Suggestion, Weights, parse_header, score_sentences};
use factdesk_core::model::{Claim, ClaimId, ClaimOrder, Score};
use factdesk_core::text::fit;

pub struct Triage {
    pub order: ClaimOrder,
    /// Whether the candidates are shown in the article.
    pub show_candidates: bool,
    /// Every sentence of the article, scored; worked out when first needed
    /// (the article does not change while it is open).
    scored: Option<Vec<Suggestion>>,
}

impl Triage {
    pub fn new(order: ClaimOrder) -> Triage {
        Triage {
            order,
            show_candidates: false,
            scored: None,
        }
    }

    /// The claims' indices in the order the list shows them.
    pub fn rows(&self, claims: &[Claim]) -> Vec<usize> {
        self.order.arrange(claims)
    }

    /// Work out the sentences' scores if that is not done yet.
    pub fn score(&mut self, article: &str) {
        if self.scored.is_none() {
            let body = parse_header(article).body_start;
            self.scored = Some(score_sentences(article, body, Weights::current()));
        }
    }

    /// The scored sentence that is exactly `range` (after [`Triage::score`]).
    pub fn sentence(&self, range: Range<usize>) -> Option<&Suggestion> {
        self.scored
            .as_deref()?
            .iter()
            .find(|s| s.start == range.start && s.end == range.end)
    }

    /// The candidates in article order: sentences scoring above zero that
    /// no claim overlaps. None while they are hidden.
    pub fn candidates<'a>(&'a self, claims: &'a [Claim]) -> impl Iterator<Item = &'a Suggestion> {
        let shown = self
            .show_candidates
            .then_some(())
            .and(self.scored.as_deref());
        shown.unwrap_or_default().iter().filter(move |s| {
            s.score > Score::ZERO
                && !claims
                    .iter()
                    .any(|c| !c.orphaned && c.anchor.start < s.end && s.start < c.anchor.end)
        })
    }

    /// The candidate that `at` (a byte offset) is in.
    pub fn candidate_at<'a>(&'a self, claims: &'a [Claim], at: usize) -> Option<&'a Suggestion> {
        self.candidates(claims)
            .find(|s| s.start <= at && at < s.end)
    }

    /// Where the next (or previous) candidate after `from` starts.
    pub fn step(&self, claims: &[Claim], from: usize, forward: bool) -> Option<usize> {
        let mut starts = self.candidates(claims).map(|s| s.start);
        if forward {
            starts.find(|&s| s > from)
        } else {
            starts.filter(|&s| s < from).last()
        }
    }
}

impl StoryScreen {
    /// The claims as the list shows them, top to bottom.
    pub fn listed(&self) -> Vec<ClaimId> {
        let claims = &self.edits.story().claims;
        self.triage
            .rows(claims)
            .iter()
            .filter_map(|&i| claims.get(i).map(|c| c.id))
            .collect()
    }

    /// The claims' order now.
    pub fn claim_order(&self) -> ClaimOrder {
        self.triage.order
    }

    /// The claims by score, or in article order; remembered for the desk.
    pub(super) fn toggle_order(&mut self, cx: &mut Cx) {
        let order = self.triage.order.toggled();
        self.triage.order = order;
        cx.info(match order {
            ClaimOrder::Score => "claims by score, most worth checking first",
            ClaimOrder::Article => "claims in article order",
        });
        if let Err(e) = cx.data.set_claim_order(&cx.env.desk, order) {
            cx.error(format!("the order is not remembered: {e}"));
        }
    }

    pub(super) fn toggle_candidates(&mut self, cx: &mut Cx) {
        self.triage.score(self.edits.article());
        self.triage.show_candidates = !self.triage.show_candidates;
        if !self.triage.show_candidates {
            return cx.info("candidates hidden");
        }
        let n = self.triage.candidates(&self.edits.story().claims).count();
        let key = |cmd| cx.env.keymap.key_for(Context::Article, cmd);
        let (next, add) = (key(Command::NextCandidate), key(Command::AddClaim));
        cx.info(format!(
            "{n} candidates, faint in the article: {} goes to the next, {} makes it a claim",
            next.as_deref().unwrap_or("?"),
            add.as_deref().unwrap_or("?")
        ));
    }

    /// Move the article cursor to the next (or previous) candidate,
    /// showing them if they are hidden.
    pub(super) fn candidate_step(&mut self, forward: bool, cx: &mut Cx) {
        if !self.triage.show_candidates {
            self.toggle_candidates(cx);
        }
        let claims = &self.edits.story().claims;
        match self.triage.step(claims, self.article.cursor(), forward) {
            Some(at) => self.article.move_to(at),
            None => cx.info(if forward {
                "no candidate after this one"
            } else {
                "no candidate before this one"
            }),
        }
    }

    /// The status bar's part for the candidate under the article cursor:
    /// its score and cues.
    pub(super) fn candidate_status(&self, theme: &Theme) -> Vec<Span<'static>> {
        let claims = &self.edits.story().claims;
        let Some(c) = self.triage.candidate_at(claims, self.article.cursor()) else {
            return Vec::new();
        };
        vec![
            Span::styled(format!("candidate {}", c.score), theme.accent()),
            Span::raw(format!(" {} │ ", fit(&cues_text(&c.cues), 60))),
        ]
    }
}

/// The row of claim `selected` in `rows`.
pub fn row_of(rows: &[usize], selected: usize) -> usize {
    rows.iter().position(|&i| i == selected).unwrap_or(0)
}
