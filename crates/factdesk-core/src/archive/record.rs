//! The archive's record of a story, as `DESK/.cache/claims` keeps it: its
//! header and, packed, a record per claim.
//!
//! The records are compact (times as seconds, dates as days, no history
//! beyond who edited how often) and read without copying from the cache
//! file. The claims are packed so that reading the cache allocates nothing
//! per claim and a search decodes only the claims whose verdict passes its
//! filter.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

use crate::model::{ClaimId, Stance, Story, Verdict};
use crate::store::cache::{Bytes, Text};

/// What the archive keeps of a story: its header and a record per claim.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct StoryRecord<'a> {
    #[serde(borrow)]
    pub id: Text<'a>,
    pub date: Option<i32>,
    #[serde(borrow)]
    pub outlet: Option<Text<'a>>,
    #[serde(borrow)]
    pub headline: Text<'a>,
    pub imported_at: i64,
    /// Per claim: its verdict (one byte, the index in [`Verdict::ALL`]),
    /// the length of its record (a LEB128 varint) and the [`ClaimRecord`]
    /// in postcard.
    #[serde(borrow)]
    claims: Bytes<'a>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct ClaimRecord<'a> {
    pub id: ClaimId,
    #[serde(borrow)]
    pub speaker: Option<Text<'a>>,
    pub verdict: Verdict,
    #[serde(borrow)]
    pub text: Text<'a>,
    #[serde(borrow)]
    pub note: Text<'a>,
    pub orphaned: bool,
    /// `Vec<(source id, Stance)>` in postcard, decoded on demand.
    #[serde(borrow)]
    sources: Bytes<'a>,
    pub last_ruled: Option<i64>,
    /// `Vec<(editor, changes)>` in postcard, decoded on demand.
    #[serde(borrow)]
    editors: Bytes<'a>,
}

/// A date as the records keep it: days from the common era.
pub(crate) fn days(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

pub(crate) fn from_days(d: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(d)
}

pub(crate) fn from_secs(s: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(s, 0).unwrap_or_default()
}

fn text(s: &str) -> Text<'static> {
    Text::from(s)
}

fn packed<T: Serialize + ?Sized>(value: &T) -> Bytes<'static> {
    // Serialising plain data into memory cannot fail.
    Bytes(Cow::Owned(postcard::to_allocvec(value).unwrap_or_default()))
}

fn verdict_code(v: Verdict) -> u8 {
    Verdict::ALL.iter().position(|x| *x == v).unwrap_or(0) as u8
}

fn push_varint(out: &mut Vec<u8>, mut n: usize) {
    while n >= 0x80 {
        out.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn take_varint(bytes: &[u8]) -> Option<(usize, &[u8])> {
    let mut n = 0usize;
    for (i, b) in bytes.iter().enumerate().take(9) {
        n |= usize::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return Some((n, &bytes[i + 1..]));
        }
    }
    None
}

impl StoryRecord<'static> {
    pub fn of(story: &Story) -> StoryRecord<'static> {
        let mut claims = Vec::new();
        for c in &story.claims {
            let mut editors: Vec<(&str, u32)> = Vec::new();
            for h in &c.history {
                match editors.iter_mut().find(|(e, _)| *e == h.editor) {
                    Some((_, n)) => *n += 1,
                    None => editors.push((&h.editor, 1)),
                }
            }
            let sources: Vec<(&str, Stance)> = c
                .sources
                .iter()
                .map(|l| (l.source.as_str(), l.stance))
                .collect();
            let record = ClaimRecord {
                id: c.id,
                speaker: c.speaker.as_deref().map(text),
                verdict: c.verdict,
                text: text(&c.text),
                note: text(&c.note),
                orphaned: c.orphaned,
                sources: packed(&sources),
                last_ruled: c.last_ruled().map(|t| t.timestamp()),
                editors: packed(&editors),
            };
            let bytes = postcard::to_allocvec(&record).unwrap_or_default();
            claims.push(verdict_code(c.verdict));
            push_varint(&mut claims, bytes.len());
            claims.extend_from_slice(&bytes);
        }
        StoryRecord {
            id: text(story.id.as_str()),
            date: story.date.map(days),
            outlet: story.outlet.as_deref().map(text),
            headline: text(&story.headline),
            imported_at: story.imported_at.timestamp(),
            claims: Bytes(Cow::Owned(claims)),
        }
    }
}

/// The packed claims of a story: each claim's verdict and its undecoded
/// record. Stops at the first damaged entry (see [`StoryRecord::is_sound`]).
pub(crate) struct PackedClaims<'r> {
    rest: &'r [u8],
}

impl<'r> Iterator for PackedClaims<'r> {
    type Item = (Verdict, &'r [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        let (&code, rest) = self.rest.split_first()?;
        let verdict = Verdict::ALL.get(usize::from(code)).copied();
        let parsed = take_varint(rest)
            .and_then(|(len, rest)| (len <= rest.len()).then(|| rest.split_at(len)));
        match (verdict, parsed) {
            (Some(v), Some((record, rest))) => {
                self.rest = rest;
                Some((v, record))
            }
            _ => {
                self.rest = &[];
                None
            }
        }
    }
}

impl<'a> StoryRecord<'a> {
    /// Newest first sorts by this, descending (story date, then import
    /// time).
    pub fn sort_key(&self) -> (Option<i32>, i64) {
        (self.date, self.imported_at)
    }

    /// Each claim's verdict with its record still packed: walking these
    /// costs a few bytes of reading per claim.
    pub fn packed_claims(&self) -> PackedClaims<'_> {
        PackedClaims {
            rest: &self.claims.0,
        }
    }

    /// The claims, decoded; `None` for a damaged record.
    pub fn claims(&self) -> impl Iterator<Item = Option<ClaimRecord<'_>>> {
        self.packed_claims()
            .map(|(_, bytes)| ClaimRecord::decode(bytes))
    }

    /// Whether the packed claims are whole: every entry has a known verdict
    /// and a length that fits, and together they fill the bytes exactly.
    pub fn is_sound(&self) -> bool {
        let mut rest: &[u8] = &self.claims.0;
        while let Some((&code, after)) = rest.split_first() {
            let Some((len, after)) = take_varint(after) else {
                return false;
            };
            if usize::from(code) >= Verdict::ALL.len() || len > after.len() {
                return false;
            }
            rest = &after[len..];
        }
        true
    }
}

impl<'a> ClaimRecord<'a> {
    /// A record as [`StoryRecord::packed_claims`] gives it; `None` when
    /// damaged.
    pub fn decode(bytes: &'a [u8]) -> Option<ClaimRecord<'a>> {
        postcard::from_bytes(bytes).ok()
    }

    /// Linked sources (id and stance), in link order.
    pub fn sources(&self) -> Vec<(&str, Stance)> {
        postcard::from_bytes(&self.sources.0).unwrap_or_default()
    }

    /// How many changes each editor made, in order of first change.
    pub fn editors(&self) -> Vec<(&str, u32)> {
        postcard::from_bytes(&self.editors.0).unwrap_or_default()
    }
}
