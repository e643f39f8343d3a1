//! The archive's text index: the searchable text of many rows in one
//! buffer, so that one SIMD substring scan finds the rows that can hold a
//! word.

use super::row::ClaimRow;
use super::score::ascii_bytes;

/// The searchable text of many rows in one buffer, lower-cased: one
/// SIMD substring scan over it finds the rows that can hold a word, instead
/// of visiting every row's four separately allocated fields (memory
/// latency, not comparing, is what a scan of 200,000 rows costs).
#[derive(Debug)]
pub(super) struct TextIndex {
    /// The indexed rows' address and length: a search of other rows must
    /// not use the index.
    pub rows: (usize, usize),
    /// Each row's fields, ASCII lower-cased, each followed by a NUL.
    text: Vec<u8>,
    /// Where each row's text starts in `text`.
    starts: Vec<usize>,
    /// Rows with a non-ASCII field: the scan cannot decide those.
    pub unicode: Vec<usize>,
}

impl TextIndex {
    pub fn of(rows: &[ClaimRow]) -> TextIndex {
        let mut text = Vec::new();
        let mut starts = Vec::with_capacity(rows.len());
        let mut unicode = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            starts.push(text.len());
            let mut ascii = true;
            for field in row.searchable.fields() {
                match ascii_bytes(field) {
                    Some(b) => text.extend(b.iter().map(u8::to_ascii_lowercase)),
                    None => ascii = false,
                }
                text.push(0);
            }
            if !ascii {
                unicode.push(i);
            }
        }
        TextIndex {
            rows: (rows.as_ptr() as usize, rows.len()),
            text,
            starts,
            unicode,
        }
    }

    /// The rows (sorted) that can hold `needle` (lower-case ASCII).
    pub fn candidates(&self, needle: &[u8]) -> Vec<usize> {
        let mut found: Vec<usize> = Vec::new();
        // Hits come in text order: walk the row starts along with them, and
        // after a row's first hit go straight to the next row (a letter
        // occurs millions of times, a row needs finding once).
        let finder = memchr::memmem::Finder::new(needle);
        let mut row = 0;
        let mut from = 0;
        while let Some(at) = self
            .text
            .get(from..)
            .and_then(|rest| finder.find(rest))
            .map(|off| from + off)
        {
            while self.starts.get(row + 1).is_some_and(|&next| next <= at) {
                row += 1;
            }
            found.push(row);
            match self.starts.get(row + 1) {
                Some(&next) => from = next,
                None => break,
            }
        }
        if self.unicode.is_empty() {
            return found;
        }
        let mut merged = Vec::with_capacity(found.len() + self.unicode.len());
        let (mut a, mut b) = (
            found.into_iter().peekable(),
            self.unicode.iter().copied().peekable(),
        );
        loop {
            let next = match (a.peek(), b.peek()) {
                (Some(&x), Some(&y)) if x == y => {
                    b.next();
                    a.next()
                }
                (Some(&x), Some(&y)) if x < y => a.next(),
                (Some(_), Some(_)) | (None, Some(_)) => b.next(),
                (Some(_), None) => a.next(),
                (None, None) => break,
            };
            merged.extend(next);
        }
        merged
    }
}
