//! The archive's search language, shared by `factdesk search` and the
//! archive screen.
//!
//! ```text
//! baghdadi killed verdict:disputed source:afp speaker:"defense ministry"
//!     outlet:cbs since:2017-01-01 until:2017-12-31
//! ```
//!
//! Words without a key are text terms, matched as case-insensitive
//! substrings of the claim's quote, speaker, note and source names (each
//! term must match somewhere).
//! `key:value` words are filters, matched exactly. Everything combines with
//! AND. A value with spaces is quoted (`speaker:"defense ministry"`); a
//! quoted word without a key is one text term, spaces included, and is never
//! read as a filter (`"https://example.org"`).

use chrono::{Datelike, NaiveDate};
use std::fmt;

use crate::model::Verdict;

/// A parsed search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// Text terms, as typed.
    pub words: Vec<String>,
    pub verdict: Option<Verdict>,
    /// Case-insensitive substring of a linked source's id or name.
    pub source: Option<String>,
    /// Case-insensitive substring of the claim's speaker.
    pub speaker: Option<String>,
    /// Case-insensitive substring of the story's outlet.
    pub outlet: Option<String>,
    /// Story date on or after (inclusive).
    pub since: Option<NaiveDate>,
    /// Story date on or before (inclusive).
    pub until: Option<NaiveDate>,
}

/// The filters of a query, lower-cased once: the form the archive matches
/// every row against (see [`Query::filters`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub verdict: Option<Verdict>,
    /// Lower case, as are `speaker` and `outlet`.
    pub source: Option<String>,
    pub speaker: Option<String>,
    pub outlet: Option<String>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

/// The filter keys, in the order the documentation lists them.
pub const KEYS: [&str; 6] = ["verdict", "source", "speaker", "outlet", "since", "until"];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error(
        "unknown verdict {value:?} in verdict:{value} (use pending, confirmed, unconfirmed or disputed)"
    )]
    UnknownVerdict { value: String },
    #[error("bad date in {key}:{value} (use YYYY-MM-DD, YYYY-MM or YYYY)")]
    BadDate { key: &'static str, value: String },
    #[error(
        "unknown filter {key}: (filters are verdict:, source:, speaker:, outlet:, since:, until:; quote the word to search for it as text)"
    )]
    UnknownFilter { key: String },
    #[error("{key}: has no value")]
    EmptyValue { key: String },
    #[error("{key}: given twice")]
    Repeated { key: String },
    #[error("unterminated quote in {0}")]
    UnterminatedQuote(String),
    #[error("since:{since} is after until:{until}")]
    EmptyRange { since: NaiveDate, until: NaiveDate },
}

impl Query {
    /// True when the query has neither text terms nor filters.
    pub fn is_empty(&self) -> bool {
        *self == Query::default()
    }

    /// The filter part, ready to match: text values lower-cased.
    pub fn filters(&self) -> Filters {
        let lc = |s: &Option<String>| s.as_deref().map(str::to_lowercase);
        Filters {
            verdict: self.verdict,
            source: lc(&self.source),
            speaker: lc(&self.speaker),
            outlet: lc(&self.outlet),
            since: self.since,
            until: self.until,
        }
    }

    /// Set a filter from its key and raw value, as `key:value` in a query
    /// does. Used for the command line's `--verdict`, `--since`… flags too,
    /// so both report errors the same way. A filter already set is
    /// refused ([`QueryError::Repeated`]).
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), QueryError> {
        let key_lc = key.to_ascii_lowercase();
        let Some(key) = KEYS.iter().copied().find(|k| *k == key_lc) else {
            return Err(QueryError::UnknownFilter {
                key: key.to_string(),
            });
        };
        let value = value.trim();
        if value.is_empty() {
            return Err(QueryError::EmptyValue { key: key.into() });
        }
        let repeated = || QueryError::Repeated { key: key.into() };
        match key {
            "verdict" => {
                let v = Verdict::parse(value).ok_or_else(|| QueryError::UnknownVerdict {
                    value: value.to_string(),
                })?;
                put(&mut self.verdict, v).map_err(|_| repeated())?
            }
            "source" => put(&mut self.source, value.to_string()).map_err(|_| repeated())?,
            "speaker" => put(&mut self.speaker, value.to_string()).map_err(|_| repeated())?,
            "outlet" => put(&mut self.outlet, value.to_string()).map_err(|_| repeated())?,
            "since" | "until" => {
                let date =
                    parse_date(value, key == "until").ok_or_else(|| QueryError::BadDate {
                        key,
                        value: value.to_string(),
                    })?;
                let slot = if key == "since" {
                    &mut self.since
                } else {
                    &mut self.until
                };
                put(slot, date).map_err(|_| repeated())?;
                if let (Some(since), Some(until)) = (self.since, self.until)
                    && since > until
                {
                    return Err(QueryError::EmptyRange { since, until });
                }
            }
            _ => unreachable!("every key in KEYS is handled"),
        }
        Ok(())
    }
}

fn put<T>(slot: &mut Option<T>, value: T) -> Result<(), ()> {
    if slot.is_some() {
        return Err(());
    }
    *slot = Some(value);
    Ok(())
}

/// `YYYY-MM-DD`, or `YYYY-MM` / `YYYY` meaning the first day of that month
/// or year (the last day, when `end` is set, as for `until:`).
pub fn parse_date(s: &str, end: bool) -> Option<NaiveDate> {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize| -> Option<u32> {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    match parts[..] {
        [y, m, d] => NaiveDate::from_ymd_opt(num(y, 4)? as i32, num(m, 2)?, num(d, 2)?),
        [y, m] => {
            let first = NaiveDate::from_ymd_opt(num(y, 4)? as i32, num(m, 2)?, 1)?;
            if end {
                let next = first.checked_add_months(chrono::Months::new(1))?;
                next.pred_opt()
            } else {
                Some(first)
            }
        }
        [y] => {
            let y = num(y, 4)? as i32;
            if end {
                NaiveDate::from_ymd_opt(y, 12, 31)
            } else {
                NaiveDate::from_ymd_opt(y, 1, 1)
            }
        }
        _ => None,
    }
}

/// Parse a query string. See the module documentation for the language.
pub fn parse(input: &str) -> Result<Query, QueryError> {
    let mut q = Query::default();
    let chars: Vec<char> = input.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if chars[i] == '"' {
            let (text, next) = quoted(&chars, i)
                .ok_or_else(|| QueryError::UnterminatedQuote(chars[start..].iter().collect()))?;
            if !text.trim().is_empty() {
                q.words.push(text);
            }
            i = next;
            continue;
        }
        // A key is letters followed by a colon.
        let mut j = i;
        while j < chars.len() && chars[j].is_ascii_alphabetic() {
            j += 1;
        }
        if j > i && j < chars.len() && chars[j] == ':' {
            let key: String = chars[i..j].iter().collect();
            let v = j + 1;
            let (value, next) = if v < chars.len() && chars[v] == '"' {
                quoted(&chars, v)
                    .ok_or_else(|| QueryError::UnterminatedQuote(chars[start..].iter().collect()))?
            } else {
                let mut k = v;
                while k < chars.len() && !chars[k].is_whitespace() {
                    k += 1;
                }
                (chars[v..k].iter().collect(), k)
            };
            q.set(&key, &value)?;
            i = next;
            continue;
        }
        while i < chars.len() && !chars[i].is_whitespace() {
            i += 1;
        }
        q.words.push(chars[start..i].iter().collect());
    }
    Ok(q)
}

/// The text of a quoted value starting at `chars[open] == '"'`, and the
/// index after the closing quote. `\"` and `\\` escape inside quotes.
fn quoted(chars: &[char], open: usize) -> Option<(String, usize)> {
    let mut out = String::new();
    let mut i = open + 1;
    while i < chars.len() {
        match chars[i] {
            '"' => return Some((out, i + 1)),
            '\\' if i + 1 < chars.len() && matches!(chars[i + 1], '"' | '\\') => {
                out.push(chars[i + 1]);
                i += 2;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    None
}

impl fmt::Display for Query {
    /// The query written back in its own language; parsing the result gives
    /// the same query.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = self.words.iter().map(|w| word(w)).collect();
        if let Some(v) = self.verdict {
            parts.push(format!("verdict:{v}"));
        }
        for (key, value) in [
            ("source", &self.source),
            ("speaker", &self.speaker),
            ("outlet", &self.outlet),
        ] {
            if let Some(v) = value {
                parts.push(format!("{key}:{}", value_text(v)));
            }
        }
        for (key, value) in [("since", self.since), ("until", self.until)] {
            if let Some(d) = value {
                parts.push(format!(
                    "{key}:{:04}-{:02}-{:02}",
                    d.year(),
                    d.month(),
                    d.day()
                ));
            }
        }
        f.write_str(&parts.join(" "))
    }
}

fn needs_quotes(s: &str) -> bool {
    s.is_empty() || s.chars().any(|c| c.is_whitespace() || c == '"') || s.starts_with('"')
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn value_text(s: &str) -> String {
    if needs_quotes(s) {
        quote(s)
    } else {
        s.to_string()
    }
}

fn word(s: &str) -> String {
    let looks_like_filter = s
        .split_once(':')
        .is_some_and(|(k, _)| !k.is_empty() && k.chars().all(|c| c.is_ascii_alphabetic()));
    if needs_quotes(s) || looks_like_filter {
        quote(s)
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn parses_words_and_every_filter() {
        let q = parse(
            "baghdadi killed verdict:disputed source:afp speaker:ministry outlet:cbs since:2017-01-01 until:2017-12-31",
        )
        .unwrap();
        assert_eq!(
            q,
            Query {
                words: vec!["baghdadi".into(), "killed".into()],
                verdict: Some(Verdict::Disputed),
                source: Some("afp".into()),
                speaker: Some("ministry".into()),
                outlet: Some("cbs".into()),
                since: Some(d("2017-01-01")),
                until: Some(d("2017-12-31")),
            }
        );
    }

    #[test]
    fn quoted_values_and_words() {
        let q = parse(r#"speaker:"defense ministry" "al-Baghdadi killed" "http://x" VERDICT:Conf"#)
            .unwrap();
        assert_eq!(q.speaker.as_deref(), Some("defense ministry"));
        assert_eq!(q.words, vec!["al-Baghdadi killed", "http://x"]);
        assert_eq!(q.verdict, Some(Verdict::Confirmed));
        let q = parse(r#"speaker:"say \"hi\"""#).unwrap();
        assert_eq!(q.speaker.as_deref(), Some("say \"hi\""));
    }

    #[test]
    fn words_with_inner_colons_or_digits_are_text() {
        let q = parse("10:30 2017: isis").unwrap();
        assert_eq!(q.words, vec!["10:30", "2017:", "isis"]);
        assert!(parse("").unwrap().is_empty());
        assert!(parse("   ").unwrap().is_empty());
    }

    #[test]
    fn partial_dates_cover_their_month_or_year() {
        let q = parse("since:2017-06 until:2017-06").unwrap();
        assert_eq!(q.since, Some(d("2017-06-01")));
        assert_eq!(q.until, Some(d("2017-06-30")));
        let q = parse("since:2016 until:2016").unwrap();
        assert_eq!(q.since, Some(d("2016-01-01")));
        assert_eq!(q.until, Some(d("2016-12-31")));
        let q = parse("until:2016-02").unwrap();
        assert_eq!(q.until, Some(d("2016-02-29")));
    }

    #[test]
    fn errors_name_the_offending_filter() {
        let e = |s: &str| parse(s).unwrap_err().to_string();
        assert_eq!(
            e("verdict:maybe"),
            "unknown verdict \"maybe\" in verdict:maybe (use pending, confirmed, unconfirmed or disputed)"
        );
        assert_eq!(
            e("since:2017-13-01"),
            "bad date in since:2017-13-01 (use YYYY-MM-DD, YYYY-MM or YYYY)"
        );
        assert_eq!(
            e("until:17-01-01"),
            "bad date in until:17-01-01 (use YYYY-MM-DD, YYYY-MM or YYYY)"
        );
        assert!(e("colour:red").starts_with("unknown filter colour: "));
        assert_eq!(e("speaker:"), "speaker: has no value");
        assert_eq!(e("source:afp source:ap"), "source: given twice");
        assert_eq!(
            e(r#"speaker:"defense"#),
            "unterminated quote in speaker:\"defense"
        );
        assert_eq!(e(r#"isis "baghdadi"#), "unterminated quote in \"baghdadi");
        assert_eq!(
            e("since:2018-01-01 until:2017-01-01"),
            "since:2018-01-01 is after until:2017-01-01"
        );
        // "u" is ambiguous between unconfirmed and... nothing else: fine;
        // "p" is pending. An empty prefix never parses.
        assert_eq!(
            parse("verdict:u").unwrap().verdict,
            Some(Verdict::Unconfirmed)
        );
    }

    #[test]
    fn display_round_trips() {
        for s in [
            r#"baghdadi "two words" "x:y" verdict:disputed source:afp speaker:"defense ministry" outlet:cbs since:2017-01-01 until:2017-12-31"#,
            "",
            r#"speaker:"a \"b\"""#,
        ] {
            let q = parse(s).unwrap();
            assert_eq!(parse(&q.to_string()).unwrap(), q, "{s}");
        }
        assert_eq!(
            parse("Verdict:d speaker:'x").unwrap().to_string(),
            "verdict:disputed speaker:'x"
        );
    }
}
