//! What a merge keeps when two editors changed the same thing two ways.
//!
//! Nothing is thrown away: the claim (or source) keeps one of the values,
//! the later one, and a [`Conflict`] listing every side with who made it
//! and when, until an editor picks one (`factdesk resolve`, through the
//! edit path). `check` lists the conflicts left; `show` shows them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

use crate::ids::SourceId;
use crate::model::{SourceKind, SourceLink, Verdict};

/// What was changed two ways.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Field {
    Verdict,
    /// The claim's wording.
    Text,
    Note,
    /// Who said the claim.
    Speaker,
    /// The claim's link to one source: its stance and note, or whether
    /// it is linked at all.
    Link(SourceId),
    /// Deleted on one side and changed on the other: the claim or source
    /// is kept until an editor decides.
    Deletion,
    // A source's fields.
    Name,
    Kind,
    Url,
    Outlet,
    Accessed,
}

impl Field {
    /// As the command line names it: `verdict`, `link:afp`, `deleted`.
    pub fn name(&self) -> String {
        match self {
            Field::Verdict => "verdict".into(),
            Field::Text => "text".into(),
            Field::Note => "note".into(),
            Field::Speaker => "speaker".into(),
            Field::Link(id) => format!("link:{id}"),
            Field::Deletion => "deleted".into(),
            Field::Name => "name".into(),
            Field::Kind => "kind".into(),
            Field::Url => "url".into(),
            Field::Outlet => "outlet".into(),
            Field::Accessed => "accessed".into(),
        }
    }

    /// The inverse of [`Field::name`], with a few synonyms
    /// (`wording`, `source:ID`, `deletion`).
    pub fn parse(s: &str) -> Option<Field> {
        let s = s.trim();
        let lower = s.to_ascii_lowercase();
        if let Some((key, id)) = s.split_once(':')
            && matches!(key.to_ascii_lowercase().as_str(), "link" | "source")
        {
            return SourceId::parse(id).ok().map(Field::Link);
        }
        Some(match lower.as_str() {
            "verdict" => Field::Verdict,
            "text" | "wording" => Field::Text,
            "note" => Field::Note,
            "speaker" => Field::Speaker,
            "deleted" | "deletion" | "delete" => Field::Deletion,
            "name" => Field::Name,
            "kind" => Field::Kind,
            "url" => Field::Url,
            "outlet" => Field::Outlet,
            "accessed" => Field::Accessed,
            _ => return None,
        })
    }

    /// Whether this is a field of a claim (else of a source).
    pub fn of_claim(&self) -> bool {
        matches!(
            self,
            Field::Verdict
                | Field::Text
                | Field::Note
                | Field::Speaker
                | Field::Link(_)
                | Field::Deletion
        )
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

/// One side's value of a [`Field`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Value {
    Verdict(Verdict),
    /// A wording, a note or a source's name.
    Text(String),
    /// A link, or `None`: not linked on that side.
    Link(Option<SourceLink>),
    /// Deleted on that side.
    Deleted,
    /// Kept (and changed) on that side.
    Kept,
    Kind(SourceKind),
    /// A source's URL or outlet, or none.
    Maybe(Option<String>),
    Date(Option<NaiveDate>),
}

impl fmt::Display for Value {
    /// Short and printable: `confirmed`, `“the wording”`, `supports`,
    /// `not linked`, `deleted`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Verdict(v) => write!(f, "{v}"),
            Value::Text(t) if t.is_empty() => f.write_str("(empty)"),
            Value::Text(t) => write!(f, "“{}”", crate::text::clip(t, 60)),
            Value::Link(None) => f.write_str("not linked"),
            Value::Link(Some(l)) => match &l.note {
                Some(n) => write!(f, "{} — {}", l.stance, crate::text::clip(n, 40)),
                None => write!(f, "{}", l.stance),
            },
            Value::Deleted => f.write_str("deleted"),
            Value::Kept => f.write_str("kept"),
            Value::Kind(k) => write!(f, "{k}"),
            Value::Maybe(None) | Value::Date(None) => f.write_str("(none)"),
            Value::Maybe(Some(s)) => f.write_str(&crate::text::clip(s, 60)),
            Value::Date(Some(d)) => write!(f, "{d}"),
        }
    }
}

/// One side of a conflict: its value, and who set it when, where known
/// (a source has no history, and a deletion leaves none behind).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Side {
    pub value: Value,
    #[serde(default)]
    pub editor: Option<String>,
    #[serde(default)]
    pub at: Option<DateTime<Utc>>,
}

impl fmt::Display for Side {
    /// `disputed (ben, 2026-05-01 10:02 UTC)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.value)?;
        let who = self.editor.as_deref().map(crate::text::printable);
        let when = self.at.map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string());
        match (who, when) {
            (Some(w), Some(t)) => write!(f, " ({w}, {t})"),
            (Some(w), None) => write!(f, " ({w})"),
            (None, Some(t)) => write!(f, " ({t})"),
            (None, None) => Ok(()),
        }
    }
}

/// A field changed two (or more) ways, each side kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    pub field: Field,
    pub sides: Vec<Side>,
}

impl Conflict {
    /// Add `side` unless it is there already; sides stay in time order.
    pub fn add_side(&mut self, side: Side) {
        if !self.sides.contains(&side) {
            self.sides.push(side);
            self.sides.sort_by_key(|s| s.at);
        }
    }

    /// The side an editor means by `pick`: its number as listed (from 1),
    /// else the one side whose editor or value is `pick`.
    pub fn side(&self, pick: &str) -> Option<&Side> {
        let pick = pick.trim();
        if let Ok(n) = pick.parse::<usize>() {
            return n.checked_sub(1).and_then(|i| self.sides.get(i));
        }
        let lower = pick.to_lowercase();
        let by_editor = |s: &&Side| {
            s.editor
                .as_deref()
                .is_some_and(|e| e.to_lowercase() == lower)
        };
        unique(self.sides.iter().filter(by_editor))
            .or_else(|| unique(self.sides.iter().filter(|s| value_matches(&s.value, pick))))
    }
}

/// The one item of `it`, if it has exactly one.
fn unique<T>(mut it: impl Iterator<Item = T>) -> Option<T> {
    let first = it.next()?;
    it.next().is_none().then_some(first)
}

fn value_matches(value: &Value, pick: &str) -> bool {
    match value {
        Value::Verdict(v) => Verdict::parse(pick) == Some(*v),
        Value::Deleted => pick.eq_ignore_ascii_case("deleted"),
        Value::Kept => pick.eq_ignore_ascii_case("kept"),
        Value::Kind(k) => SourceKind::parse(pick) == Some(*k),
        Value::Link(None) => pick.eq_ignore_ascii_case("unlinked"),
        Value::Link(Some(l)) => crate::model::Stance::parse(pick) == Some(l.stance),
        Value::Text(_) | Value::Maybe(_) | Value::Date(_) => false,
    }
}

impl fmt::Display for Conflict {
    /// `verdict: 1) confirmed (ana, …) 2) disputed (ben, …)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:", self.field)?;
        for (i, side) in self.sides.iter().enumerate() {
            write!(f, " {}) {side}", i + 1)?;
        }
        Ok(())
    }
}

/// The conflict on `field` in `conflicts`, if any.
pub fn find<'a>(conflicts: &'a [Conflict], field: &Field) -> Option<&'a Conflict> {
    conflicts.iter().find(|c| &c.field == field)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(value: Value, editor: &str, secs: i64) -> Side {
        Side {
            value,
            editor: Some(editor.into()),
            at: DateTime::from_timestamp(1_500_000_000 + secs, 0),
        }
    }

    #[test]
    fn fields_round_trip_through_their_names() {
        for f in [
            Field::Verdict,
            Field::Text,
            Field::Note,
            Field::Speaker,
            Field::Link(SourceId::parse("afp").unwrap()),
            Field::Deletion,
            Field::Name,
            Field::Kind,
            Field::Url,
            Field::Outlet,
            Field::Accessed,
        ] {
            assert_eq!(Field::parse(&f.name()), Some(f.clone()), "{f}");
        }
        assert_eq!(Field::parse("wording"), Some(Field::Text));
        assert_eq!(
            Field::parse("source:afp"),
            Some(Field::Link(SourceId::parse("afp").unwrap()))
        );
        assert_eq!(Field::parse("colour"), None);
    }

    #[test]
    fn a_side_is_picked_by_number_editor_or_value() {
        let c = Conflict {
            field: Field::Verdict,
            sides: vec![
                side(Value::Verdict(Verdict::Confirmed), "ana", 0),
                side(Value::Verdict(Verdict::Disputed), "ben", 60),
            ],
        };
        assert_eq!(c.side("2"), c.sides.get(1));
        assert_eq!(c.side("ANA"), c.sides.first());
        assert_eq!(c.side("disp"), c.sides.get(1));
        assert_eq!(c.side("3"), None);
        assert_eq!(c.side("0"), None);
        assert_eq!(c.side("pending"), None);
        assert_eq!(
            c.to_string(),
            "verdict: 1) confirmed (ana, 2017-07-14 02:40 UTC) 2) disputed (ben, 2017-07-14 02:41 UTC)"
        );
    }

    #[test]
    fn the_same_editor_on_both_sides_is_picked_by_number_only() {
        let c = Conflict {
            field: Field::Note,
            sides: vec![
                side(Value::Text("one".into()), "ana", 0),
                side(Value::Text("two".into()), "ana", 1),
            ],
        };
        assert_eq!(c.side("ana"), None);
        assert_eq!(c.side("1"), c.sides.first());
    }
}
