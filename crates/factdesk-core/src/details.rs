//! A story's own details: headline, date, dateline, outlet and URL, as
//! the editor corrects them (an article without a header given its date,
//! a headline the wire got wrong). Each is checked here, for the screen
//! and the command line alike, and changed through [`crate::edit::Edit::SetDetails`]
//! so that undo, history, saving and merging treat it as any other edit.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

use crate::error::{Error, Result};
use crate::model::Story;

/// The longest detail kept, in characters: a headline is a line, not an
/// article pasted into the wrong field.
pub const MAX_DETAIL_CHARS: usize = 1000;

/// Which detail of a story.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DetailField {
    Headline,
    Date,
    Dateline,
    Outlet,
    Url,
}

impl DetailField {
    /// In the order the form and `story edit` list them.
    pub const ALL: [DetailField; 5] = [
        DetailField::Headline,
        DetailField::Date,
        DetailField::Dateline,
        DetailField::Outlet,
        DetailField::Url,
    ];

    pub fn name(self) -> &'static str {
        match self {
            DetailField::Headline => "headline",
            DetailField::Date => "date",
            DetailField::Dateline => "dateline",
            DetailField::Outlet => "outlet",
            DetailField::Url => "url",
        }
    }
}

impl fmt::Display for DetailField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One detail with the value it is to have (`None`: cleared; a headline
/// cannot be).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detail {
    Headline(String),
    Date(Option<NaiveDate>),
    Dateline(Option<String>),
    Outlet(Option<String>),
    Url(Option<String>),
}

impl Detail {
    /// The detail `field` as the editor typed it, checked: a headline
    /// that is not empty, a date that is a real day (YYYY-MM-DD), a URL by
    /// the desk's one rule ([`crate::urls`]). Empty text clears the other
    /// fields. Line breaks and tabs become spaces, control characters go.
    pub fn parse(field: DetailField, text: &str) -> Result<Detail> {
        let line = crate::text::squeezed(text);
        if line.chars().count() > MAX_DETAIL_CHARS {
            return Err(Error::DetailTooLong {
                field: field.name(),
                max: MAX_DETAIL_CHARS,
            });
        }
        let some = |s: String| (!s.is_empty()).then_some(s);
        Ok(match field {
            DetailField::Headline if line.is_empty() => return Err(Error::EmptyHeadline),
            DetailField::Headline => Detail::Headline(line),
            DetailField::Date if line.is_empty() => Detail::Date(None),
            DetailField::Date => Detail::Date(Some(parse_day(&line)?)),
            DetailField::Dateline => Detail::Dateline(some(line)),
            DetailField::Outlet => Detail::Outlet(some(line)),
            DetailField::Url if line.is_empty() => Detail::Url(None),
            DetailField::Url => Detail::Url(Some(crate::urls::validate(&line)?)),
        })
    }

    pub fn field(&self) -> DetailField {
        match self {
            Detail::Headline(_) => DetailField::Headline,
            Detail::Date(_) => DetailField::Date,
            Detail::Dateline(_) => DetailField::Dateline,
            Detail::Outlet(_) => DetailField::Outlet,
            Detail::Url(_) => DetailField::Url,
        }
    }

    /// The value as text (`None`: cleared).
    pub fn text(&self) -> Option<String> {
        match self {
            Detail::Headline(s) => Some(s.clone()),
            Detail::Date(d) => d.map(|d| d.to_string()),
            Detail::Dateline(s) | Detail::Outlet(s) | Detail::Url(s) => s.clone(),
        }
    }

    /// The rules an edit cannot break, for a detail built elsewhere (an
    /// edit re-applied, undone, read back): a story keeps a headline, and
    /// its URL is a web address. (Spacing is not asked again: undo puts
    /// back what import wrote.)
    fn check(&self) -> Result<()> {
        match self {
            Detail::Headline(h) if h.trim().is_empty() => Err(Error::EmptyHeadline),
            Detail::Url(Some(u)) => crate::urls::validate(u).map(drop),
            _ => Ok(()),
        }
    }

    /// What `story` holds for this detail's field now.
    pub fn current(field: DetailField, story: &Story) -> Detail {
        match field {
            DetailField::Headline => Detail::Headline(story.headline.clone()),
            DetailField::Date => Detail::Date(story.date),
            DetailField::Dateline => Detail::Dateline(story.dateline.clone()),
            DetailField::Outlet => Detail::Outlet(story.outlet.clone()),
            DetailField::Url => Detail::Url(story.url.clone()),
        }
    }

    /// Put this value into `story`; the value it had.
    fn put(self, story: &mut Story) -> Detail {
        match self {
            Detail::Headline(v) => Detail::Headline(std::mem::replace(&mut story.headline, v)),
            Detail::Date(v) => Detail::Date(std::mem::replace(&mut story.date, v)),
            Detail::Dateline(v) => Detail::Dateline(std::mem::replace(&mut story.dateline, v)),
            Detail::Outlet(v) => Detail::Outlet(std::mem::replace(&mut story.outlet, v)),
            Detail::Url(v) => Detail::Url(std::mem::replace(&mut story.url, v)),
        }
    }
}

/// A change of one detail, as the story's history keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetailChange {
    pub field: DetailField,
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
}

impl fmt::Display for DetailChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let side = |v: &Option<String>| match v {
            Some(v) => format!("“{v}”"),
            None => "none".to_string(),
        };
        write!(
            f,
            "{}: {} → {}",
            self.field,
            side(&self.from),
            side(&self.to)
        )
    }
}

/// Give `story` the `details` (all checked first: one bad value changes
/// nothing); the changes made and the details that undo them, or `None`
/// when every value was already so.
pub(crate) fn apply(
    story: &mut Story,
    details: Vec<Detail>,
) -> Result<Option<(Vec<DetailChange>, Vec<Detail>)>> {
    for d in &details {
        d.check()?;
    }
    let mut changes = Vec::new();
    let mut undo = Vec::new();
    for d in details {
        let field = d.field();
        if Detail::current(field, story) == d {
            continue;
        }
        let to = d.text();
        let was = d.put(story);
        changes.push(DetailChange {
            field,
            from: was.text(),
            to,
        });
        undo.push(was);
    }
    if changes.is_empty() {
        return Ok(None);
    }
    undo.reverse();
    Ok(Some((changes, undo)))
}

/// A day written YYYY-MM-DD that exists (not 2025-02-30).
pub fn parse_day(text: &str) -> Result<NaiveDate> {
    let t = text.trim();
    let shaped = t.len() == 10
        && t.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    match NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        Ok(d) if shaped => Ok(d),
        _ => Err(Error::NotADay(t.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_field_is_checked_as_typed() {
        let p = |f, t: &str| Detail::parse(f, t);
        assert_eq!(
            p(DetailField::Headline, "  Floods\nreach\tthe city ").unwrap(),
            Detail::Headline("Floods reach the city".into())
        );
        assert!(matches!(
            p(DetailField::Headline, " \n "),
            Err(Error::EmptyHeadline)
        ));
        assert_eq!(
            p(DetailField::Date, "2024-05-06").unwrap(),
            Detail::Date(NaiveDate::from_ymd_opt(2024, 5, 6))
        );
        for bad in ["2025-02-30", "2025-13-01", "06/05/2024", "2024-5-6", "soon"] {
            assert!(
                matches!(p(DetailField::Date, bad), Err(Error::NotADay(_))),
                "{bad}"
            );
        }
        assert_eq!(p(DetailField::Date, "").unwrap(), Detail::Date(None));
        assert_eq!(p(DetailField::Outlet, " ").unwrap(), Detail::Outlet(None));
        assert!(matches!(
            p(DetailField::Url, "javascript:alert(1)"),
            Err(Error::InvalidUrl { .. })
        ));
        assert_eq!(
            p(DetailField::Url, "https://example.org").unwrap(),
            Detail::Url(Some("https://example.org/".into()))
        );
        assert_eq!(
            p(DetailField::Dateline, "PORTO\u{1b}[2J ALEGRE").unwrap(),
            Detail::Dateline(Some("PORTO[2J ALEGRE".into()))
        );
        let long = "x".repeat(MAX_DETAIL_CHARS + 1);
        assert!(matches!(
            p(DetailField::Outlet, &long),
            Err(Error::DetailTooLong { .. })
        ));
    }

    #[test]
    fn details_built_elsewhere_are_checked_too() {
        assert!(Detail::Headline(String::new()).check().is_err());
        assert!(
            Detail::Url(Some("file:///etc/passwd".into()))
                .check()
                .is_err()
        );
        assert!(Detail::Outlet(Some("AP".into())).check().is_ok());
    }

    fn who(editor: &str, minute: i64) -> crate::edit::Who {
        crate::edit::Who {
            editor: editor.into(),
            at: chrono::DateTime::from_timestamp(1_600_000_000 + minute * 60, 0).unwrap(),
        }
    }

    fn set(
        story: &mut Story,
        editor: &str,
        minute: i64,
        details: Vec<Detail>,
    ) -> Option<crate::edit::Applied> {
        crate::edit::apply(
            story,
            crate::edit::Edit::SetDetails { details },
            &who(editor, minute),
        )
        .unwrap()
    }

    #[test]
    fn an_edit_of_details_is_recorded_undone_and_all_or_none() {
        let mut story = crate::edit::tests::story_with_claims(1);
        let day = NaiveDate::from_ymd_opt(2024, 5, 6);
        let before = story.clone();
        let applied = set(
            &mut story,
            "ana",
            1,
            vec![Detail::Date(day), Detail::Outlet(Some("Reuters".into()))],
        )
        .unwrap();
        assert_eq!(applied.claim, 0);
        assert_eq!(story.date, day);
        assert_eq!(story.outlet.as_deref(), Some("Reuters"));
        let changes: Vec<String> = story.history.iter().map(|h| h.change.to_string()).collect();
        assert_eq!(changes.len(), 2);
        assert!(changes[0].starts_with("date: "), "{changes:?}");
        // The same values again: nothing, and no history.
        assert!(set(&mut story, "ana", 2, vec![Detail::Date(day)]).is_none());
        assert_eq!(story.history.len(), 2);
        // Undo puts both back, and is itself recorded.
        crate::edit::apply(&mut story, applied.undo, &who("ana", 3)).unwrap();
        assert_eq!(story.date, before.date);
        assert_eq!(story.outlet, before.outlet);
        assert_eq!(story.history.len(), 4);
        // One bad value among good ones changes nothing.
        let was = story.clone();
        let err = crate::edit::apply(
            &mut story,
            crate::edit::Edit::SetDetails {
                details: vec![
                    Detail::Outlet(Some("AP".into())),
                    Detail::Url(Some("javascript:alert(1)".into())),
                ],
            },
            &who("ana", 4),
        );
        assert!(err.is_err());
        assert_eq!(story, was);
    }

    #[test]
    fn details_changed_on_both_sides_merge_field_by_field() {
        let base = crate::edit::tests::story_with_claims(1);
        let mut ours = base.clone();
        set(
            &mut ours,
            "ana",
            1,
            vec![Detail::Date(NaiveDate::from_ymd_opt(2024, 5, 6))],
        );
        let mut theirs = base.clone();
        set(
            &mut theirs,
            "ben",
            2,
            vec![Detail::Headline("Floods reach Porto Alegre".into())],
        );
        let merged = crate::merge3::story(Some(&base), &ours, &theirs);
        let s = merged.value;
        assert_eq!(s.date, NaiveDate::from_ymd_opt(2024, 5, 6));
        assert_eq!(s.headline, "Floods reach Porto Alegre");
        assert_eq!(s.history.len(), 2, "both changes are on the record");
        assert!(merged.report.notes.is_empty(), "{:?}", merged.report.notes);
    }
}
