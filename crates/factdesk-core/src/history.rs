//! A story's change log, as `factdesk history` prints it.

use chrono::{DateTime, TimeZone, Utc};

use crate::error::{Error, Result};
use crate::model::{ClaimId, Story};

/// One change: of one claim (deleted claims included: the record keeps
/// them), or of the story as a whole (`claim: None`: a revision of the
/// article, a deletion or restore).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line<'a> {
    pub claim: Option<ClaimId>,
    pub at: DateTime<Utc>,
    pub editor: &'a str,
    /// What changed, as one line of text.
    pub change: String,
}

/// Every change of `story` (or of one claim), oldest first; changes made
/// at the same instant keep story order, then the order they were made in.
pub fn lines(story: &Story, claim: Option<ClaimId>) -> Result<Vec<Line<'_>>> {
    if let Some(id) = claim
        && story.any_claim(id).is_none()
    {
        return Err(Error::UnknownClaim {
            story: story.id.to_string(),
            claim: id,
        });
    }
    let story_lines = story
        .history
        .iter()
        .filter(|_| claim.is_none())
        .map(|h| Line {
            claim: None,
            at: h.at,
            editor: &h.editor,
            change: h.change.to_string(),
        });
    let mut out: Vec<Line> = story_lines
        .chain(
            story
                .claims
                .iter()
                .chain(&story.deleted_claims)
                .filter(|c| claim.is_none_or(|id| c.id == id))
                .flat_map(|c| {
                    c.history.iter().map(move |entry| Line {
                        claim: Some(c.id),
                        at: entry.at,
                        editor: &entry.editor,
                        change: entry.change.to_string(),
                    })
                }),
        )
        .collect();
    out.sort_by_key(|l| l.at);
    Ok(out)
}

/// `2017-06-16 09:56:43 +01:00  #2  desk  verdict pending → confirmed`, the
/// time in `tz` (`story` in place of a claim for the story's own changes).
/// Editor names and changed text pass through [`crate::text::printable`].
pub fn render<Tz: TimeZone>(lines: &[Line<'_>], tz: &Tz) -> String
where
    Tz::Offset: std::fmt::Display,
{
    let p = crate::text::printable;
    let width = lines
        .iter()
        .map(|l| p(l.editor).chars().count())
        .max()
        .unwrap_or(0);
    let mut s = String::new();
    for l in lines {
        let local = l.at.with_timezone(tz);
        let claim = l
            .claim
            .map_or_else(|| "story".to_string(), |c| format!("#{c}"));
        s.push_str(&format!(
            "{}  {claim:<4} {:<width$}  {}\n",
            local.format("%Y-%m-%d %H:%M:%S %:z"),
            p(l.editor),
            p(&l.change),
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_render_oldest_first_in_the_given_zone() {
        use crate::edit::{Edit, Who, apply};
        use crate::model::Verdict;
        let mut story = crate::edit::tests::story_with_claims(2);
        let who = Who {
            editor: "benedikt".into(),
            at: DateTime::<Utc>::from_timestamp(1_500_003_600, 0).unwrap(),
        };
        let edit = Edit::SetVerdict {
            claim: 1,
            verdict: Verdict::Disputed,
        };
        apply(&mut story, edit, &who).unwrap();
        let all = lines(&story, None).unwrap();
        assert_eq!(
            render(&all, &Utc),
            "2017-07-14 02:40:00 +00:00  #1   ana       created\n\
             2017-07-14 02:40:00 +00:00  #2   ana       created\n\
             2017-07-14 03:40:00 +00:00  #1   benedikt  verdict pending → disputed\n"
        );
        let one = lines(&story, Some(2)).unwrap();
        let east = chrono::FixedOffset::east_opt(2 * 3600).unwrap();
        assert_eq!(
            render(&one, &east),
            "2017-07-14 04:40:00 +02:00  #2   ana  created\n"
        );
        assert_eq!(
            lines(&story, Some(9)).unwrap_err().to_string(),
            "story 2017-06-16-test has no claim #9"
        );
    }
}
