//! The story screen's judgments beyond a verdict key: the desk's confirm
//! rule asked before confirming, a verdict that goes against the desk's
//! own earlier ruling said aloud, taking an earlier verdict, clearing a
//! review flag, the claims that want attention, deleted claims, and the
//! seen-before lookups that the list marks and the detail show.

use super::StoryScreen;
use crate::action::{Action, PopupRequest};
use crate::component::Cx;
use crate::desk_data::DeskData;
use factdesk_core::edit::Edit;
use factdesk_core::model::{ClaimId, Verdict};
use factdesk_core::{rules, seen};

impl StoryScreen {
    /// Look up "seen before" for the selected claim, then for the others
    /// (the list marks those with a match) while the budget lasts: on a
    /// desk of 40,000 claims one lookup takes about 7 ms, so the marks of
    /// a long story fill in over the next key presses instead of holding
    /// up this one. Each wording is looked up once.
    pub(crate) fn look_up_seen(&mut self, data: &DeskData) {
        const BUDGET: std::time::Duration = std::time::Duration::from_millis(20);
        let story = self.edits.story();
        let started = std::time::Instant::now();
        let selected = story.claims.get(self.selected);
        for c in selected.into_iter().chain(story.live_claims()) {
            if started.elapsed() > BUDGET {
                break;
            }
            self.seen
                .look_up(c, |text| data.seen_before(&story.id, text));
        }
    }

    /// A verdict key. Confirming with fewer supporting sources than the
    /// desk's rule asks first; yes confirms and records that the rule was
    /// not met.
    pub(super) fn set_verdict(&mut self, verdict: Verdict, cx: &mut Cx) {
        let Some(claim) = self.selected_claim() else {
            return;
        };
        let id = claim.id;
        let edit = Edit::SetVerdict { claim: id, verdict };
        let settings = &cx.env.desk.settings;
        let needs = rules::confirm_needs(settings).filter(|_| verdict == Verdict::Confirmed);
        if let Some(needs) = needs
            && rules::confirm_warning(settings, claim).is_some()
        {
            let has = claim.supports();
            let question = format!(
                "Claim #{id} has {has} supporting source{}; the desk asks for {needs} to confirm. Confirm anyway? (y/n)",
                if has == 1 { "" } else { "s" }
            );
            let both = Edit::Many(vec![edit, Edit::BelowRule { claim: id, needs }]);
            cx.open(PopupRequest::Confirm {
                question,
                yes: vec![Action::Edit {
                    edit: both,
                    done: Some(format!(
                        "confirmed claim #{id} below the desk's rule ({has} of {needs} sources; recorded)"
                    )),
                }],
                no: vec![Action::Info(format!("claim #{id} not confirmed"))],
            });
            return;
        }
        self.apply(edit, cx);
    }

    /// What to say when `edit` rules a claim otherwise than the desk
    /// already ruled the same claim (no differences) in another story.
    pub(super) fn disagreement(&self, edit: &Edit) -> Option<String> {
        let verdict_of = |e: &Edit| match e {
            Edit::SetVerdict { claim, verdict } => Some((*claim, *verdict)),
            _ => None,
        };
        let (id, verdict) = match edit {
            Edit::Many(edits) => edits.iter().find_map(verdict_of),
            e => verdict_of(e),
        }?;
        let claim = self.story().claim(id)?;
        let m = self.seen.get(claim)?.to_match(id);
        let earlier = seen::disagreeing(std::slice::from_ref(&m), verdict)?;
        Some(format!(
            "claim #{id} ruled {verdict}, but the desk ruled the same claim {} in {}#{}",
            earlier.verdict, earlier.story, earlier.earlier_claim
        ))
    }

    /// `r`: the editor has looked at a claim whose article words changed.
    pub(super) fn mark_reviewed(&mut self, cx: &mut Cx) {
        let Some(c) = self.selected_claim() else {
            return cx.info("no claim selected");
        };
        let id = c.id;
        if !c.needs_review {
            return cx.info(format!("claim #{id} does not need review"));
        }
        let edit = Edit::SetReview {
            claim: id,
            review: None,
        };
        if self.apply(edit, cx).is_some() {
            cx.info(format!("claim #{id} reviewed; its verdict stands"));
        }
    }

    /// `t`: rule the claim as the desk ruled the same claim before, with
    /// its sources; refused when the earlier one only reads alike.
    pub(super) fn take_earlier(&mut self, cx: &mut Cx) {
        let (Some(id), Some(seen)) = (self.selected_id(), self.seen_before()) else {
            return cx.info("no earlier verdict for this claim");
        };
        let m = seen.to_match(id);
        let edit = match seen::take_earlier(&m) {
            Ok(edit) => edit,
            Err(e) => return cx.error(e.to_string()),
        };
        let n = m.sources.len();
        if self.apply(edit, cx).is_some() {
            cx.info(format!(
                "claim #{id}: took {} and {n} source{} from {}#{}",
                m.verdict,
                if n == 1 { "" } else { "s" },
                m.story,
                m.earlier_claim
            ));
        }
    }

    /// `X`: the deleted claims of the story, to read and restore.
    pub(super) fn list_deleted(&self, cx: &mut Cx) {
        let deleted = &self.story().deleted_claims;
        if deleted.is_empty() {
            return cx.info("no deleted claims in this story");
        }
        cx.open(PopupRequest::DeletedClaims(deleted.clone()));
    }

    pub(super) fn selected_id(&self) -> Option<ClaimId> {
        self.selected_claim().map(|c| c.id)
    }
}
