//! The wire header: `date 2017-06-16 MOSCOW (CBS News/AP) – Body…`, or
//! `date March 14, 2025`, or a Reuters-style dated dateline `BEIRUT,
//! March 14 (Reuters) - Body…`. Dates are read by [`super::dates`], as
//! everywhere else.
//!
//! Every part is optional because articles arrive from many pipelines; a
//! header that does not look right is left in the body rather than
//! half-parsed, since dropping the first words of a story would be worse
//! than showing a stray dateline.

use chrono::NaiveDate;

use super::dates::{date_prefix, parse_date};
use super::sentences::sentences;

/// Longest headline, in characters, before it is shortened with "…"; long
/// enough for a typical lede, short enough for one line of the story list.
pub const HEADLINE_CHARS: usize = 120;

/// Most words a dateline may have ("WASHINGTON, D.C.", "SAN JUAN, Puerto
/// Rico"); more than that is a sentence in capitals, not a place.
const MAX_DATELINE_WORDS: usize = 6;

/// Longest outlet credit accepted between parentheses.
const MAX_OUTLET_CHARS: usize = 60;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ArticleMeta {
    pub date: Option<NaiveDate>,
    pub dateline: Option<String>,
    pub outlet: Option<String>,
    /// First sentence of the body, on one line, shortened to
    /// [`HEADLINE_CHARS`] characters.
    pub headline: String,
    /// Byte offset in the text where the body starts.
    pub body_start: usize,
    /// Who wrote it, as the source credits them (pages and feeds say).
    pub byline: Option<String>,
    /// The article's address on the web, when its source gave one.
    pub url: Option<String>,
}

/// Reads the header fields that are present. Never fails: without a header
/// the whole text is body. Relative dates (`date Friday`) are read against
/// today.
pub fn parse_header(text: &str) -> ArticleMeta {
    parse_header_at(text, chrono::Utc::now().date_naive())
}

/// [`parse_header`], reading relative dates against `reference`.
pub fn parse_header_at(text: &str, reference: NaiveDate) -> ArticleMeta {
    let mut meta = ArticleMeta {
        body_start: skip_space(text, 0),
        ..ArticleMeta::default()
    };
    let mut pos = meta.body_start;

    if let Some((date, after)) = date_keyword(text, pos, reference) {
        meta.date = Some(date);
        pos = skip_space(text, after);
        meta.body_start = pos;
    }
    if let Some(lead) = parse_lead(text, pos, reference) {
        meta.dateline = lead.dateline;
        meta.outlet = lead.outlet;
        meta.date = meta.date.or(lead.date);
        meta.body_start = lead.body_start;
    }
    meta.headline = sentences(text, meta.body_start)
        .first()
        .and_then(|r| text.get(r.clone()))
        .map(headline)
        .unwrap_or_default();
    meta
}

/// Position of the first non-space character at or after `pos` (a BOM
/// counts as space here, in case the caller did not decode the text).
fn skip_space(text: &str, pos: usize) -> usize {
    let rest = text.get(pos..).unwrap_or_default();
    let skipped = rest
        .find(|c: char| !c.is_whitespace() && c != '\u{FEFF}')
        .unwrap_or(rest.len());
    pos + skipped
}

/// `date 2017-06-16`, `date: March 14, 2025` (the keyword, then a date as
/// [`date_prefix`] reads one), returning the date and the offset after it.
fn date_keyword(text: &str, pos: usize, reference: NaiveDate) -> Option<(NaiveDate, usize)> {
    let rest = text.get(pos..)?;
    let keyword = rest.get(..4)?;
    if !keyword.eq_ignore_ascii_case("date") {
        return None;
    }
    let after_kw = rest.get(4..)?;
    let value = after_kw.strip_prefix(':').unwrap_or(after_kw);
    if !value.starts_with([' ', '\t']) {
        return None;
    }
    let value = value.trim_start_matches([' ', '\t']);
    let (date, len) = date_prefix(value, reference)?;
    let after = value.get(len..)?;
    let after = after.strip_prefix(',').unwrap_or(after);
    if after.chars().next().is_some_and(|c| !c.is_whitespace()) {
        return None;
    }
    Some((date, text.len() - after.len()))
}

pub(crate) struct Lead {
    pub dateline: Option<String>,
    pub outlet: Option<String>,
    /// The day a dated dateline gives (`BEIRUT, March 14 (Reuters) -`).
    pub date: Option<NaiveDate>,
    pub body_start: usize,
}

/// `DATELINE (Outlet) – `. A capitalised dateline is accepted before a dash
/// or an outlet credit; a mixed-case one ("Kyiv, Ukraine") only when both
/// follow, since a plain sentence can start with capitalised words too. A
/// dateline may end with a date after a comma (`BEIRUT, March 14`).
pub(crate) fn parse_lead(text: &str, pos: usize, reference: NaiveDate) -> Option<Lead> {
    let rest = text.get(pos..)?;
    let line = rest.split('\n').next().unwrap_or_default();

    let mut i = 0;
    let mut words = 0;
    let mut all_caps = true;
    let mut date = None;
    let mut date_at = None;
    loop {
        let trimmed = line.get(i..)?.trim_start_matches([' ', '\t']);
        i = line.len() - trimmed.len();
        if trimmed.is_empty() || trimmed.starts_with('(') || starts_with_dash_token(trimmed) {
            break;
        }
        if date.is_none()
            && words > 0
            && line
                .get(..i)
                .is_some_and(|before| before.trim_end().ends_with(','))
            && let Some(d) = dated_tail(trimmed, reference)
        {
            date = Some(d.0);
            date_at = Some(i);
            i += d.1;
            continue;
        }
        let len = trimmed
            .find(|c: char| c.is_whitespace() || c == '(')
            .unwrap_or(trimmed.len());
        let word = trimmed.get(..len)?;
        if !word.chars().next().is_some_and(char::is_uppercase) {
            return None;
        }
        all_caps &= !word.chars().any(char::is_lowercase);
        words += 1;
        if words > MAX_DATELINE_WORDS {
            return None;
        }
        i += len;
    }
    let dateline = line
        .get(..date_at.unwrap_or(i))?
        .trim()
        .trim_end_matches([',', ';'])
        .trim_end();

    let mut after = line.get(i..)?;
    let mut outlet = None;
    if let Some(paren) = after.strip_prefix('(') {
        let close = paren.find(')')?;
        let credit = paren.get(..close)?.trim();
        if credit.is_empty() || credit.chars().count() > MAX_OUTLET_CHARS {
            return None;
        }
        outlet = Some(credit.to_string());
        after = paren.get(close + 1..)?;
    }

    let after_space = after.trim_start_matches([' ', '\t']);
    let after_dash = after_space.trim_start_matches(is_dash);
    let dash = after_dash.len() < after_space.len();

    let accepted = match (dateline.is_empty(), outlet.is_some(), dash) {
        (true, true, _) | (true, false, true) => true,
        (true, false, false) => false,
        (false, has_outlet, has_dash) => {
            if all_caps {
                has_outlet || has_dash
            } else {
                has_outlet && has_dash
            }
        }
    };
    if !accepted {
        return None;
    }
    let consumed = line.len() - if dash { after_dash.len() } else { after.len() };
    Some(Lead {
        dateline: (!dateline.is_empty()).then(|| dateline.to_string()),
        outlet,
        date,
        body_start: skip_space(text, pos + consumed),
    })
}

/// The date that ends a dateline: the text up to the credit or dash, when
/// all of it reads as one date. Returns the date and the bytes it takes.
fn dated_tail(rest: &str, reference: NaiveDate) -> Option<(NaiveDate, usize)> {
    let end = rest
        .char_indices()
        .find(|&(i, c)| {
            c == '('
                || rest
                    .get(i..)
                    .is_some_and(|r| r.starts_with(is_dash) && dash_stands_alone(r))
        })
        .map_or(rest.len(), |(i, _)| i);
    let phrase = rest.get(..end)?;
    let date = parse_date(phrase, reference).ok()?;
    Some((date, phrase.trim_end().len()))
}

/// `rest` starts with a dash that is a word of its own (not a hyphen).
fn dash_stands_alone(rest: &str) -> bool {
    starts_with_dash_token(rest)
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '―')
}

/// A dash standing alone as a word, not a hyphen inside one.
fn starts_with_dash_token(s: &str) -> bool {
    let rest = s.trim_start_matches(is_dash);
    rest.len() < s.len() && rest.chars().next().is_none_or(char::is_whitespace)
}

/// One-line headline from the first sentence: whitespace collapsed, and
/// shortened at a word boundary when too long.
pub(crate) fn headline(sentence: &str) -> String {
    let flat = sentence.split_whitespace().collect::<Vec<_>>().join(" ");
    let Some((cut, next)) = flat.char_indices().nth(HEADLINE_CHARS) else {
        return flat;
    };
    let head = flat.get(..cut).unwrap_or_default();
    let head = if next == ' ' {
        head
    } else {
        match head.rfind(' ') {
            Some(space) if space > 0 => head.get(..space).unwrap_or(head),
            _ => head,
        }
    };
    let head =
        head.trim_end_matches(|c: char| c.is_whitespace() || ",;:".contains(c) || is_dash(c));
    format!("{head}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(text: &str) -> (Option<String>, Option<String>, Option<NaiveDate>, &str) {
        let m = parse_header(text);
        (
            m.dateline,
            m.outlet,
            m.date,
            text.get(m.body_start..).unwrap_or("<bad offset>"),
        )
    }

    fn s(v: &str) -> Option<String> {
        Some(v.to_string())
    }

    #[test]
    fn multi_word_datelines_and_dashes() {
        assert_eq!(
            meta("date 2020-01-02 NEW YORK (AP) — Stocks fell."),
            (
                s("NEW YORK"),
                s("AP"),
                NaiveDate::from_ymd_opt(2020, 1, 2),
                "Stocks fell."
            )
        );
        assert_eq!(
            meta("WASHINGTON, D.C. (Reuters) - Talks ended."),
            (s("WASHINGTON, D.C."), s("Reuters"), None, "Talks ended.")
        );
        assert_eq!(meta("LONDON — Rain."), (s("LONDON"), None, None, "Rain."));
        assert_eq!(
            meta("Kyiv, Ukraine (CNN) — Sirens."),
            (s("Kyiv, Ukraine"), s("CNN"), None, "Sirens.")
        );
        assert_eq!(meta("(AP) – Body."), (None, s("AP"), None, "Body."));
    }

    #[test]
    fn no_header_means_all_body() {
        assert_eq!(
            meta("  Russia said Friday that it struck."),
            (None, None, None, "Russia said Friday that it struck.")
        );
        assert_eq!(
            meta("NATO said on Friday (in Brussels) – no."),
            (None, None, None, "NATO said on Friday (in Brussels) – no.")
        );
        assert_eq!(
            meta("Nato Allies Meet (Again)."),
            (None, None, None, "Nato Allies Meet (Again).")
        );
        assert_eq!(
            meta("date 2017-13-40 MOSCOW – x"),
            (None, None, None, "date 2017-13-40 MOSCOW – x")
        );
        assert_eq!(meta(""), (None, None, None, ""));
    }

    #[test]
    fn date_alone_or_on_its_own_line() {
        assert_eq!(
            meta("date: 2017-06-16\nThe ministry said so."),
            (
                None,
                None,
                NaiveDate::from_ymd_opt(2017, 6, 16),
                "The ministry said so."
            )
        );
        assert_eq!(
            meta("date 2017-06-16\nMOSCOW (AP) – It did."),
            (
                s("MOSCOW"),
                s("AP"),
                NaiveDate::from_ymd_opt(2017, 6, 16),
                "It did."
            )
        );
    }

    #[test]
    fn headline_is_first_sentence_shortened_at_a_word() {
        assert_eq!(
            parse_header("MOSCOW – Short one. Second.").headline,
            "Short one."
        );
        let long = format!("{} end.", "word ".repeat(40));
        let h = parse_header(&long).headline;
        assert!(h.ends_with("word…"), "{h}");
        assert!(h.chars().count() <= HEADLINE_CHARS + 1);
        let unbroken = "x".repeat(200);
        assert_eq!(
            parse_header(&unbroken).headline.chars().count(),
            HEADLINE_CHARS + 1
        );
    }
}
