//! schema.org [ClaimReview](https://schema.org/ClaimReview) JSON-LD: one
//! review per ruled claim, as search engines and fact-check aggregators
//! read them.
//!
//! Ratings: confirmed 3, unconfirmed 2, disputed 1, on a scale from
//! `worstRating` 1 to `bestRating` 3; `alternateName` is the verdict in
//! words. Pending claims are not exported.

use serde::Serialize;

use crate::model::{Claim, DeskSettings, Story, Verdict};

pub const BEST_RATING: u8 = 3;
pub const WORST_RATING: u8 = 1;

/// The rating of a verdict; `None` for pending.
pub fn rating(v: Verdict) -> Option<(u8, &'static str)> {
    match v {
        Verdict::Pending => None,
        Verdict::Confirmed => Some((3, "Confirmed")),
        Verdict::Unconfirmed => Some((2, "Unconfirmed")),
        Verdict::Disputed => Some((1, "Disputed")),
    }
}

#[derive(Debug, Serialize)]
pub struct ClaimReview {
    #[serde(rename = "@context")]
    pub context: &'static str,
    #[serde(rename = "@type")]
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(rename = "claimReviewed")]
    pub claim_reviewed: String,
    #[serde(rename = "reviewRating")]
    pub review_rating: Rating,
    #[serde(rename = "itemReviewed")]
    pub item_reviewed: ItemReviewed,
    pub author: Organization,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    pub date_published: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Rating {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    #[serde(rename = "ratingValue")]
    pub rating_value: u8,
    #[serde(rename = "bestRating")]
    pub best_rating: u8,
    #[serde(rename = "worstRating")]
    pub worst_rating: u8,
    #[serde(rename = "alternateName")]
    pub alternate_name: &'static str,
}

#[derive(Debug, Serialize)]
pub struct ItemReviewed {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<Party>,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    pub date_published: Option<String>,
    pub appearance: Appearance,
}

/// Who made the claim: a person or an organisation.
#[derive(Debug, Serialize)]
pub struct Party {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub name: String,
}

#[derive(Debug, Serialize)]
pub struct Appearance {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub headline: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<Party>,
}

#[derive(Debug, Serialize)]
pub struct Organization {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// Words that make a speaker an organisation rather than a person.
const ORGANISATION_WORDS: &[&str] = &[
    "agency",
    "army",
    "association",
    "authorities",
    "bank",
    "board",
    "bureau",
    "coalition",
    "command",
    "commission",
    "committee",
    "company",
    "corp",
    "corporation",
    "council",
    "court",
    "department",
    "force",
    "forces",
    "government",
    "group",
    "inc",
    "institute",
    "kremlin",
    "media",
    "military",
    "ministry",
    "navy",
    "news",
    "office",
    "officials",
    "organization",
    "organisation",
    "parliament",
    "party",
    "police",
    "press",
    "service",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "state",
    "times",
    "union",
    "university",
];

/// `Person` for a name such as "Maria Zakharova" (two to four capitalised
/// words, none of them an organisation word, not starting with "The");
/// `Organization` for everything else ("The Russian Defense Ministry",
/// "Russia", "AFP").
pub fn speaker_type(name: &str) -> &'static str {
    let words: Vec<&str> = name.split_whitespace().collect();
    let person = (2..=4).contains(&words.len())
        && !words[0].eq_ignore_ascii_case("the")
        && words.iter().all(|w| {
            let lw = w
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            // Capitalised somewhere ("al-Baghdadi"), but not an acronym.
            w.chars().any(char::is_uppercase)
                && w.chars().any(char::is_lowercase)
                && !ORGANISATION_WORDS.contains(&lw.as_str())
        });
    if person { "Person" } else { "Organization" }
}

/// The reviews of one claim's story, or `None` for a pending claim.
pub fn review(story: &Story, claim: &Claim, settings: &DeskSettings) -> Option<ClaimReview> {
    let (value, word) = rating(claim.verdict)?;
    let desk_url = super::web_url(settings.url.as_deref());
    let iso = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    Some(ClaimReview {
        context: "https://schema.org",
        kind: "ClaimReview",
        url: desk_url.as_deref().map(|u| {
            format!(
                "{}/{}#claim-{}",
                u.trim_end_matches('/'),
                story.id,
                claim.id
            )
        }),
        claim_reviewed: claim.text.clone(),
        review_rating: Rating {
            kind: "Rating",
            rating_value: value,
            best_rating: BEST_RATING,
            worst_rating: WORST_RATING,
            alternate_name: word,
        },
        item_reviewed: ItemReviewed {
            kind: "Claim",
            author: claim.speaker.as_ref().map(|s| Party {
                kind: speaker_type(s),
                name: s.clone(),
            }),
            date_published: story.date.map(iso),
            appearance: Appearance {
                kind: "CreativeWork",
                headline: story.headline.clone(),
                url: super::web_url(story.url.as_deref()),
                publisher: story.outlet.as_ref().map(|o| Party {
                    kind: "Organization",
                    name: o.clone(),
                }),
            },
        },
        author: Organization {
            kind: "Organization",
            name: settings
                .organisation
                .clone()
                .filter(|o| !o.trim().is_empty())
                .unwrap_or_else(|| settings.name.clone()),
            url: desk_url,
        },
        date_published: claim.last_ruled().map(|t| iso(t.date_naive())),
    })
}

/// Every ruled claim of `stories`, in story then claim order.
pub fn reviews(stories: &[Story], settings: &DeskSettings) -> Vec<ClaimReview> {
    stories
        .iter()
        .flat_map(|s| s.claims.iter().filter_map(move |c| review(s, c, settings)))
        .collect()
}

/// The JSON-LD document: an array of reviews, pretty-printed, with a final
/// line break.
pub fn render(stories: &[Story], settings: &DeskSettings) -> String {
    let reviews = reviews(stories, settings);
    let text = serde_json::to_string_pretty(&reviews).expect("reviews serialize");
    format!("{}\n", crate::text::json_safe(&text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speakers_are_people_or_organisations() {
        for (name, kind) in [
            ("Maria Zakharova", "Person"),
            ("Abu Bakr al-Baghdadi", "Person"),
            ("The Russian Defense Ministry", "Organization"),
            ("Russia", "Organization"),
            ("French news agency AFP", "Organization"),
            ("Pentagon Press Secretary", "Organization"),
            ("AFP", "Organization"),
            ("The ministry", "Organization"),
            ("The U.S.-led anti-ISIS military coalition", "Organization"),
        ] {
            assert_eq!(speaker_type(name), kind, "{name}");
        }
    }
}
