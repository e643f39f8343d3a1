//! Dates as wire copy and feeds write them: `2025-03-14`, `2025-03-14T07:42Z`,
//! `20250314T074200`, `March 14, 2025`, `14 March 2025`, `Mar. 14`, `Friday`.
//!
//! One function for every caller (the wire header, the page and feed
//! readers, `--date`, the screen's date prompt), so a date means the same
//! wherever it is typed. Machine forms are read with chrono, keeping the
//! calendar day as written (a story published at 23:30 in New York is dated
//! that day, not the next one in UTC). Words are read by `interim` (a
//! maintained successor of chrono-english), behind a gate that lets through
//! only the shapes that name one day: a month name with a day, a weekday,
//! `today` or `yesterday`, and day/month/year numbers that read the same in
//! American and British usage.

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveDateTime, TimeZone, Utc};
use thiserror::Error;

/// Why a text is not taken as a date. Renders as one phrase.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DateError {
    #[error("{0:?} is not a date (write it as YYYY-MM-DD, “March 14, 2025” or “14 March 2025”)")]
    Unknown(String),

    #[error(
        "{text:?} is ambiguous: {us} in American usage, {uk} in British; write it as YYYY-MM-DD"
    )]
    Ambiguous {
        text: String,
        us: NaiveDate,
        uk: NaiveDate,
    },
}

/// A date without a year is the latest one at most this many days after the
/// reference date. News is dated when it happened, so "Mar. 13" typed in
/// December is this year's March, not next year's; copy dated "Jan. 2"
/// that arrives on December 30 (a time zone ahead, an embargo) is the
/// coming January's.
const AHEAD_AT_MOST_DAYS: u64 = 7;

/// Most words a written date has ("Thursday, March 13, 2025").
pub const MAX_DATE_WORDS: usize = 4;

/// The date `text` names. Relative forms (`Friday`, `Mar. 14`, `yesterday`)
/// are read against `reference`, usually the day the copy was filed or
/// imported: a weekday is the latest such day on or before it.
pub fn parse_date(text: &str, reference: NaiveDate) -> Result<NaiveDate, DateError> {
    let trimmed = text
        .trim()
        .trim_end_matches([',', ';', ':', '.'])
        .trim_end();
    if let Some(date) = machine_date(trimmed) {
        return Ok(date);
    }
    let unknown = || DateError::Unknown(text.trim().to_string());
    let words = Words::read(trimmed).ok_or_else(unknown)?;
    let phrase = words.phrase();
    let base = Utc.from_utc_datetime(&reference.and_hms_opt(12, 0, 0).ok_or_else(unknown)?);
    let read = |dialect| {
        interim::parse_date_string(&phrase, base, dialect)
            .ok()
            .map(|d: DateTime<Utc>| d.date_naive())
    };
    let date = match (read(interim::Dialect::Us), read(interim::Dialect::Uk)) {
        (Some(us), Some(uk)) if us != uk => {
            return Err(DateError::Ambiguous {
                text: text.trim().to_string(),
                us,
                uk,
            });
        }
        (Some(d), _) | (None, Some(d)) => d,
        (None, None) => return Err(unknown()),
    };
    let date = match words.shape {
        // interim reads a bare weekday as the next one; copy means the last.
        Shape::Weekday => date.checked_sub_days(Days::new(7)).ok_or_else(unknown)?,
        Shape::MonthDay { year: false } => nearest_year(date, reference),
        _ => date,
    };
    if !(1800..=2200).contains(&date.year()) {
        return Err(unknown());
    }
    Ok(date)
}

/// The longest run of words at the start of `text` (up to
/// [`MAX_DATE_WORDS`]) that is a date, and the byte length it takes:
/// `March 14, 2025 MOSCOW (AP)` gives March 14 and 14 bytes.
pub fn date_prefix(text: &str, reference: NaiveDate) -> Option<(NaiveDate, usize)> {
    let line = text.split('\n').next().unwrap_or_default();
    let mut ends = Vec::with_capacity(MAX_DATE_WORDS);
    let mut at = 0;
    for piece in line.split_inclusive(char::is_whitespace) {
        let word = piece.trim_end().len();
        if word > 0 {
            ends.push(at + word);
            if ends.len() == MAX_DATE_WORDS {
                break;
            }
        }
        at += piece.len();
    }
    ends.into_iter().rev().find_map(|end| {
        let phrase = line.get(..end)?;
        let date = parse_date(phrase, reference).ok()?;
        // The trailing comma of "March 14, 2025," belongs to the sentence.
        let kept = phrase.trim_end_matches([',', ';']).len();
        Some((date, kept))
    })
}

/// `WASHINGTON, March 14` → (`WASHINGTON`, March 14): a dateline whose last
/// comma-separated part is a date.
pub fn split_dateline(dateline: &str, reference: NaiveDate) -> (String, Option<NaiveDate>) {
    let flat = dateline.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some((place, tail)) = flat.rsplit_once(',')
        && let Ok(date) = parse_date(tail, reference)
    {
        return (place.trim().to_string(), Some(date));
    }
    match parse_date(&flat, reference) {
        Ok(date) => (String::new(), Some(date)),
        Err(_) => (flat, None),
    }
}

fn nearest_year(date: NaiveDate, reference: NaiveDate) -> NaiveDate {
    let latest = reference + Days::new(AHEAD_AT_MOST_DAYS);
    // The year after the reference's (late December), the reference's, or
    // an earlier one: the first of them not after `latest` (February 29
    // is in some years only).
    (-8..=1)
        .rev()
        .filter_map(|years| date.with_year(reference.year() + years))
        .find(|d| *d <= latest)
        .unwrap_or(date)
}

/// ISO 8601 and its compact form, as feeds and page metadata write them;
/// the calendar day is the one written, whatever the offset.
fn machine_date(text: &str) -> Option<NaiveDate> {
    let day_then_time = |head: &str, rest: &str, format: &str| {
        let time_follows = rest.starts_with(['T', 't', ' '])
            && rest
                .get(1..)
                .is_some_and(|t| t.starts_with(|c: char| c.is_ascii_digit()));
        if !(rest.is_empty() || time_follows) {
            return None;
        }
        NaiveDate::parse_from_str(head, format).ok()
    };
    if let (Some(head), Some(rest)) = (text.get(..10), text.get(10..))
        && let Some(date) = day_then_time(head, rest, "%Y-%m-%d")
    {
        return Some(date);
    }
    if let (Some(head), Some(rest)) = (text.get(..8), text.get(8..))
        && head.bytes().all(|b| b.is_ascii_digit())
        && let Some(date) = day_then_time(head, rest, "%Y%m%d")
    {
        return Some(date);
    }
    // RFC 2822, as RSS and HTTP write dates: "Fri, 14 Mar 2025 07:42:00 +0000".
    if let Ok(dt) = DateTime::parse_from_rfc2822(text) {
        return Some(dt.date_naive());
    }
    NaiveDateTime::parse_from_str(text, "%Y/%m/%d %H:%M:%S")
        .ok()
        .map(|dt| dt.date())
        .or_else(|| NaiveDate::parse_from_str(text, "%Y/%m/%d").ok())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// A month name and a day, with or without a year.
    MonthDay { year: bool },
    /// A weekday alone.
    Weekday,
    /// `last Friday`, `today`, `yesterday`, `3/4/2025`: read as interim reads them.
    AsIs,
}

/// The words of a written date, checked for a shape that names one day and
/// put in the form interim reads.
struct Words {
    shape: Shape,
    words: Vec<String>,
}

impl Words {
    fn read(text: &str) -> Option<Words> {
        let tokens: Vec<String> = text
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|t| !t.is_empty())
            .map(normalise_token)
            .collect();
        if tokens.is_empty() || tokens.len() > MAX_DATE_WORDS {
            return None;
        }
        let kinds: Vec<Kind> = tokens.iter().map(|t| Kind::of(t)).collect();
        let shape = match kinds.as_slice() {
            [Kind::Weekday] => Shape::Weekday,
            [Kind::Last, Kind::Weekday] | [Kind::Relative] | [Kind::Numeric] => Shape::AsIs,
            _ => return month_day(tokens, &kinds),
        };
        Some(Words {
            shape,
            words: tokens,
        })
    }

    /// The words as interim reads them: `Month day, year` or `day Month year`.
    fn phrase(&self) -> String {
        match (self.shape, self.words.as_slice()) {
            (Shape::MonthDay { year: true }, [month, day, year])
                if Kind::of(month) == Kind::Month =>
            {
                format!("{month} {day}, {year}")
            }
            _ => self.words.join(" "),
        }
    }
}

/// `[Weekday] Month day [year]` or `[Weekday] day Month [year]`.
fn month_day(mut tokens: Vec<String>, kinds: &[Kind]) -> Option<Words> {
    let mut kinds = kinds.to_vec();
    if kinds.first() == Some(&Kind::Weekday) && kinds.len() > 1 {
        tokens.remove(0);
        kinds.remove(0);
    }
    let year = match kinds.as_slice() {
        [Kind::Month, Kind::Day] | [Kind::Day, Kind::Month] => false,
        [Kind::Month, Kind::Day, Kind::Year] | [Kind::Day, Kind::Month, Kind::Year] => true,
        _ => return None,
    };
    Some(Words {
        shape: Shape::MonthDay { year },
        words: tokens,
    })
}

/// `Mar.` → `Mar`, `14th` → `14`: the abbreviations and ordinals of wire
/// style, which interim does not read.
fn normalise_token(token: &str) -> String {
    let token = token.trim_end_matches('.');
    let digits = token.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = token
        .get(digits.len()..)
        .unwrap_or_default()
        .to_ascii_lowercase();
    if !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && matches!(suffix.as_str(), "st" | "nd" | "rd" | "th")
    {
        return digits.to_string();
    }
    token.to_string()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Month,
    Weekday,
    Day,
    Year,
    Last,
    Relative,
    /// Day, month and year in numbers: `14/03/2025`.
    Numeric,
    Other,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

impl Kind {
    fn of(token: &str) -> Kind {
        let lower = token.to_ascii_lowercase();
        // "Mar", "Sept", "March": three letters at least, and a prefix of
        // the name (AP writes "Sept.").
        let names = |list: &[&str]| {
            lower.len() >= 3
                && lower.bytes().all(|b| b.is_ascii_alphabetic())
                && list.iter().any(|name| name.starts_with(&lower))
        };
        if names(&MONTHS) {
            return Kind::Month;
        }
        if names(&WEEKDAYS) || matches!(lower.as_str(), "tues" | "thur" | "thurs") {
            return Kind::Weekday;
        }
        match lower.as_str() {
            "last" => return Kind::Last,
            "today" | "yesterday" => return Kind::Relative,
            _ => {}
        }
        if lower.bytes().all(|b| b.is_ascii_digit()) {
            return match (lower.len(), lower.parse::<u32>()) {
                (1 | 2, Ok(1..=31)) => Kind::Day,
                (4, Ok(_)) => Kind::Year,
                _ => Kind::Other,
            };
        }
        let parts: Vec<&str> = lower.split('/').collect();
        if parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
        {
            return Kind::Numeric;
        }
        Kind::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// Wednesday, March 19, 2025.
    fn wed() -> NaiveDate {
        d(2025, 3, 19)
    }

    fn parse(s: &str) -> Result<NaiveDate, DateError> {
        parse_date(s, wed())
    }

    #[test]
    fn machine_forms_keep_the_written_day() {
        assert_eq!(parse("2025-03-14"), Ok(d(2025, 3, 14)));
        assert_eq!(parse("2025-03-14T23:30:00-05:00"), Ok(d(2025, 3, 14)));
        assert_eq!(parse("2025-03-14T07:42:00.000Z"), Ok(d(2025, 3, 14)));
        assert_eq!(parse("2025-03-14 07:42"), Ok(d(2025, 3, 14)));
        assert_eq!(parse("20250314T074200+0000"), Ok(d(2025, 3, 14)));
        assert_eq!(parse("20250314"), Ok(d(2025, 3, 14)));
        assert_eq!(parse("Fri, 14 Mar 2025 07:42:00 +0000"), Ok(d(2025, 3, 14)));
        assert!(parse("2025-13-40").is_err());
        assert!(parse("2025-03-14x").is_err());
    }

    #[test]
    fn wire_forms() {
        for s in [
            "March 14, 2025",
            "14 March 2025",
            "March 14 2025",
            "Mar. 14, 2025",
            "Mar 14",
            "Mar. 14",
            "14 Mar",
            "MARCH 14",
            "March 14th",
            "Friday, March 14, 2025",
            "Fri., 14 March 2025",
            "Friday",
            "friday",
            "Fri.",
            "last Friday",
            "14/03/2025",
            "March 14, 2025,",
        ] {
            assert_eq!(parse(s), Ok(d(2025, 3, 14)), "{s}");
        }
        assert_eq!(parse("Sept. 3, 2024"), Ok(d(2024, 9, 3)));
        assert_eq!(parse("Wednesday"), Ok(wed()), "the day itself");
        assert_eq!(parse("Thursday"), Ok(d(2025, 3, 13)));
        assert_eq!(parse("yesterday"), Ok(d(2025, 3, 18)));
        assert_eq!(parse("today"), Ok(wed()));
    }

    #[test]
    fn a_date_without_a_year_is_the_latest_not_past_next_week() {
        let jan3 = d(2025, 1, 3);
        assert_eq!(parse_date("Dec. 30", jan3), Ok(d(2024, 12, 30)));
        assert_eq!(parse_date("Jan. 2", d(2024, 12, 30)), Ok(d(2025, 1, 2)));
        assert_eq!(parse_date("July 1", jan3), Ok(d(2024, 7, 1)));
        // Typed in December, a March date is this year's.
        assert_eq!(parse_date("Mar. 13", d(2026, 12, 2)), Ok(d(2026, 3, 13)));
        assert_eq!(parse_date("Dec. 9", d(2026, 12, 2)), Ok(d(2026, 12, 9)));
        assert_eq!(parse_date("Dec. 10", d(2026, 12, 2)), Ok(d(2025, 12, 10)));
        assert_eq!(parse_date("Feb. 29", d(2024, 3, 1)), Ok(d(2024, 2, 29)));
    }

    #[test]
    fn refuses_what_names_no_single_day() {
        for s in [
            "",
            "May",
            "2025",
            "14",
            "March 2025",
            "2 days",
            "tomorrow",
            "next week",
            "soon",
            "MOSCOW",
            "March 14 MOSCOW",
            "32 March",
            "8pm",
            "Friday 8pm",
        ] {
            assert!(parse(s).is_err(), "{s:?} read as {:?}", parse(s));
        }
        assert_eq!(
            parse("3/4/2025"),
            Err(DateError::Ambiguous {
                text: "3/4/2025".into(),
                us: d(2025, 3, 4),
                uk: d(2025, 4, 3)
            })
        );
        assert_eq!(
            parse("soon").unwrap_err().to_string(),
            "\"soon\" is not a date (write it as YYYY-MM-DD, “March 14, 2025” or “14 March 2025”)"
        );
    }

    #[test]
    fn prefix_takes_the_longest_date() {
        let text = "March 14, 2025 MOSCOW (AP) – Body";
        assert_eq!(date_prefix(text, wed()), Some((d(2025, 3, 14), 14)));
        assert_eq!(
            date_prefix("2017-06-16 MOSCOW", wed()),
            Some((d(2017, 6, 16), 10))
        );
        assert_eq!(
            date_prefix("14 March 2025 12 people died", wed()),
            Some((d(2025, 3, 14), 13))
        );
        assert_eq!(
            date_prefix("Friday\nMOSCOW", wed()),
            Some((d(2025, 3, 14), 6))
        );
        assert_eq!(date_prefix("MOSCOW – Friday", wed()), None);
    }

    #[test]
    fn datelines_split_into_place_and_day() {
        assert_eq!(
            split_dateline("WASHINGTON,\n  March 14", wed()),
            ("WASHINGTON".to_string(), Some(d(2025, 3, 14)))
        );
        assert_eq!(
            split_dateline("SAN JUAN, Puerto Rico", wed()),
            ("SAN JUAN, Puerto Rico".to_string(), None)
        );
    }
}
