//! The desk's own rules (`desk.ron`): how many independent sources a
//! confirmation needs (`confirm_needs: 2`, as AFP asks). The default, 0,
//! asks for nothing and keeps the desk as it always was.

use serde::Serialize;

use crate::archive::ClaimRow;
use crate::ids::StoryId;
use crate::model::{Claim, ClaimId, DeskSettings, Stance, Verdict};

/// The number of supporting sources a confirmation needs; `None` when the
/// desk has no such rule.
pub fn confirm_needs(settings: &DeskSettings) -> Option<u32> {
    (settings.confirm_needs > 1).then_some(settings.confirm_needs)
}

/// What to say before confirming `claim` as it stands (the screen asks
/// with it; `tag` warns with it): `None` when the desk's rule is met or
/// there is none.
pub fn confirm_warning(settings: &DeskSettings, claim: &Claim) -> Option<String> {
    let needs = confirm_needs(settings)?;
    let has = claim.supports();
    (has < needs).then(|| below_message(claim.id, has, needs))
}

fn below_message(claim: ClaimId, has: u32, needs: u32) -> String {
    format!(
        "claim #{claim} is confirmed with {has} supporting source{} (the desk asks for {needs})",
        if has == 1 { "" } else { "s" }
    )
}

/// A confirmed claim below the desk's rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BelowRule {
    pub story: StoryId,
    pub claim: ClaimId,
    pub supports: u32,
    pub needs: u32,
}

impl std::fmt::Display for BelowRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}#{}: confirmed with {} supporting source{} (the desk asks for {})",
            self.story,
            self.claim,
            self.supports,
            if self.supports == 1 { "" } else { "s" },
            self.needs
        )
    }
}

/// The confirmed claims among `rows` with fewer distinct supporting
/// sources than `needs`, in row order.
pub fn below_rule<'a>(rows: impl IntoIterator<Item = &'a ClaimRow>, needs: u32) -> Vec<BelowRule> {
    if needs <= 1 {
        return Vec::new();
    }
    rows.into_iter()
        .filter(|r| r.verdict == Verdict::Confirmed)
        .filter_map(|r| {
            let mut ids: Vec<_> = r
                .sources
                .iter()
                .filter(|(_, stance)| *stance == Stance::Supports)
                .map(|(id, _)| id)
                .collect();
            ids.sort();
            ids.dedup();
            let supports = u32::try_from(ids.len()).unwrap_or(u32::MAX);
            (supports < needs).then(|| BelowRule {
                story: r.story.clone(),
                claim: r.claim,
                supports,
                needs,
            })
        })
        .collect()
}

/// The confirmed claims of `story` below the rule, for `check`.
pub fn below_rule_in(story: &crate::model::Story, needs: u32) -> Vec<BelowRule> {
    if needs <= 1 {
        return Vec::new();
    }
    story
        .live_claims()
        .iter()
        .filter(|c| c.verdict == Verdict::Confirmed && c.supports() < needs)
        .map(|c| BelowRule {
            story: story.id.clone(),
            claim: c.id,
            supports: c.supports(),
            needs,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::SourceId;
    use crate::model::SourceLink;

    fn settings(n: u32) -> DeskSettings {
        DeskSettings {
            confirm_needs: n,
            ..DeskSettings::new("t")
        }
    }

    #[test]
    fn the_rule_counts_distinct_supporting_sources() {
        let mut story = crate::edit::tests::story_with_claims(1);
        let claim = &mut story.claims[0];
        claim.verdict = Verdict::Confirmed;
        let link = |id: &str, stance| SourceLink {
            source: SourceId::parse(id).unwrap(),
            stance,
            note: None,
        };
        claim.sources = vec![
            link("afp", Stance::Supports),
            link("afp", Stance::Supports),
            link("reuters", Stance::Context),
        ];
        assert_eq!(confirm_warning(&settings(0), claim), None);
        assert_eq!(confirm_warning(&settings(1), claim), None);
        assert_eq!(
            confirm_warning(&settings(2), claim).as_deref(),
            Some("claim #1 is confirmed with 1 supporting source (the desk asks for 2)")
        );
        claim.sources.push(link("reuters", Stance::Supports));
        assert_eq!(confirm_warning(&settings(2), claim), None);
        assert_eq!(below_rule_in(&story, 3).len(), 1);
        assert!(below_rule_in(&story, 2).is_empty());
    }
}
