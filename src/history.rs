//! A story's change log, as `factdesk history` prints it.

use chrono::{DateTime, TimeZone, Utc};

use crate::error::{Error, Result};
use crate::model::{ClaimId, HistoryEntry, Story};

/// One change of one claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line<'a> {
    pub claim: ClaimId,
    pub entry: &'a HistoryEntry,
}

/// Every change of `story` (or of one claim), oldest first; changes made
/// at the same instant keep story order, then the order they were made in.
pub fn lines(story: &Story, claim: Option<ClaimId>) -> Result<Vec<Line<'_>>> {
    if let Some(id) = claim
        && story.claim(id).is_none()
    {
        return Err(Error::UnknownClaim {
            story: story.id.to_string(),
            claim: id,
        });
    }
    let mut out: Vec<Line> = story
        .claims
        .iter()
        .filter(|c| claim.is_none_or(|id| c.id == id))
        .flat_map(|c| {
            c.history
                .iter()
                .map(move |entry| Line { claim: c.id, entry })
        })
        .collect();
    out.sort_by_key(|l| l.entry.at);
    Ok(out)
}

/// `2017-06-16 09:56:43 +01:00  #2  desk  verdict pending → confirmed`, the
/// time in `tz`. Editor names and changed text pass through
/// [`crate::text::printable`].
pub fn render<Tz: TimeZone>(lines: &[Line<'_>], tz: &Tz) -> String
where
    Tz::Offset: std::fmt::Display,
{
    let p = crate::text::printable;
    let width = lines
        .iter()
        .map(|l| p(&l.entry.editor).chars().count())
        .max()
        .unwrap_or(0);
    let mut s = String::new();
    for l in lines {
        let at: DateTime<Utc> = l.entry.at;
        let local = at.with_timezone(tz);
        let claim = format!("#{}", l.claim);
        s.push_str(&format!(
            "{}  {claim:<4} {:<width$}  {}\n",
            local.format("%Y-%m-%d %H:%M:%S %:z"),
            p(&l.entry.editor),
            p(&l.entry.change.to_string()),
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::slug::StoryId;
    use crate::store::Desk;

    #[test]
    fn sample_claim_history_in_utc_and_offset() {
        let desk = Desk::open(std::path::Path::new("data")).unwrap();
        let id = StoryId::parse("2017-06-16-russia-said-friday-that-the-leader").unwrap();
        let doc = desk.load_story(&id).unwrap();
        let lines = lines(doc.story(), Some(2)).unwrap();
        assert_eq!(
            render(&lines, &Utc),
            "2026-11-25 08:56:36 +00:00  #2   desk  created\n\
             2026-11-25 08:56:43 +00:00  #2   desk  verdict pending → confirmed\n\
             2026-11-25 08:56:43 +00:00  #2   desk  linked russian-mod (supports)\n\
             2026-11-25 08:56:43 +00:00  #2   desk  linked afp (context)\n"
        );
        let east = chrono::FixedOffset::east_opt(2 * 3600).unwrap();
        assert!(render(&lines, &east).starts_with("2026-11-25 10:56:36 +02:00"));
        let all = super::lines(doc.story(), None).unwrap();
        assert!(all.windows(2).all(|w| w[0].entry.at <= w[1].entry.at));
        assert!(super::lines(doc.story(), Some(99)).is_err());
    }
}
