//! The archive search: a [`Searcher`] kept across keystrokes finds the rows
//! that match a query and ranks them, narrowing the previous hits as a word
//! is typed letter by letter and scanning the [`TextIndex`] instead of the
//! rows when it can.

use nucleo_matcher::pattern::{Atom, AtomKind};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::index::TextIndex;
use super::row::ClaimRow;
use super::score::{atoms, plain_needle, quote_indices, score};
use crate::query::{Filters, Query};

/// A row that matched: its position in the searched slice, its score (0
/// without text terms) and, for highlighting, the matched positions in the
/// quote (sorted, unique; positions of characters — of grapheme clusters
/// when the quote has combining marks — as nucleo counts them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub index: usize,
    pub score: u32,
    pub indices: Vec<u32>,
}

/// A reusable search: holds the matchers (and their scratch memory) and
/// what the last search found, so that typing a word one letter at a time
/// searches only the previous hits.
#[derive(Debug)]
pub struct Searcher {
    matchers: Vec<Matcher>,
    last: Option<Last>,
    index: Option<TextIndex>,
}

/// The last search: its rows (by address), filters, plain words and hits.
#[derive(Debug)]
struct Last {
    rows: (usize, usize),
    filters: Filters,
    words: Vec<String>,
    hits: Vec<usize>,
}

impl Default for Searcher {
    fn default() -> Self {
        Searcher::new()
    }
}

/// Below this many candidate rows a search runs on one thread.
const PARALLEL_ROWS: usize = 20_000;

/// Words shorter than this are matched but not ranked (see `search_top`).
const SHORT_WORD: usize = 4;
impl Searcher {
    pub fn new() -> Searcher {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(4);
        Searcher {
            matchers: (0..threads)
                .map(|_| Matcher::new(Config::DEFAULT))
                .collect(),
            last: None,
            index: None,
        }
    }

    /// Index `rows` for searching (a one-off cost, ~the size of their
    /// text); searches of the same slice then scan the index instead of the
    /// rows, and a word typed letter by letter searches only the previous
    /// hits. The rows must not change until the next `prepare` (call it
    /// whenever they are loaded again); without it, every search visits
    /// every row.
    pub fn prepare(&mut self, rows: &[ClaimRow]) {
        self.index = Some(TextIndex::of(rows));
        self.last = None;
    }

    /// Rows matching `q`: by score (best first) when it has text terms,
    /// else in row order (newest first for [`load`]'s rows). Ties keep row
    /// order.
    pub fn search(&mut self, rows: &[ClaimRow], q: &Query) -> Vec<Hit> {
        self.search_top(rows, q, usize::MAX)
    }

    /// The matched positions of `q`'s words in `row`'s quote, for a hit
    /// that [`Searcher::search_top`] left without them.
    pub fn highlight(&mut self, row: &ClaimRow, q: &Query) -> Vec<u32> {
        let mut out = Vec::new();
        quote_indices(&mut self.matchers[0], row, &atoms(q), &mut out);
        out
    }

    /// [`Searcher::search`] with highlight positions for the first
    /// `highlight` hits only (a screen shows a few dozen; the positions of
    /// 200,000 hits are most of the cost of a one-letter search).
    pub fn search_top(&mut self, rows: &[ClaimRow], q: &Query, highlight: usize) -> Vec<Hit> {
        let filters = q.filters();
        let atoms = atoms(q);
        let words: Vec<String> = atoms.iter().map_while(plain_needle).collect();
        let key = (rows.as_ptr() as usize, rows.len());
        // Only rows given to `prepare` are indexed and narrowed: a slice at
        // the same address could hold other rows.
        let index = self.index.as_ref().filter(|i| i.rows == key);
        // The hits of a query that this one narrows (same rows and filters,
        // each earlier word now longer, maybe more words): only those can
        // match now.
        let narrowed = self.last.as_ref().filter(|l| {
            index.is_some()
                && l.rows == key
                && l.filters == filters
                && !l.words.is_empty()
                && l.words.len() <= words.len()
                && l.words
                    .iter()
                    .zip(&words)
                    .all(|(old, new)| new.contains(old.as_str()))
        });
        // The longest plain ASCII word picks the candidates from the index.
        let scan = atoms
            .iter()
            .filter(|a| !a.negative && a.kind != AtomKind::Fuzzy)
            .filter_map(|a| match a.needle_text() {
                Utf32Str::Ascii(n) => Some(n),
                Utf32Str::Unicode(_) => None,
            })
            .max_by_key(|n| n.len());
        let candidates: Vec<usize> = match (narrowed, index, scan) {
            // Both: the rows in both (a one-letter search's hits are
            // nearly every row, the index's rows for two letters far fewer).
            (Some(l), Some(index), Some(needle)) if l.hits.len() > rows.len() / 8 => {
                let found = index.candidates(needle);
                let mut hits = l.hits.iter().copied().peekable();
                found
                    .into_iter()
                    .filter(|&r| {
                        while hits.next_if(|&h| h < r).is_some() {}
                        hits.peek() == Some(&r)
                    })
                    .collect()
            }
            (Some(l), _, _) => l.hits.clone(),
            (None, Some(index), Some(needle)) => index.candidates(needle),
            _ => (0..rows.len()).collect(),
        };
        // One or two letters are in nearly every claim, and ranking them
        // by match quality means scoring 200,000 rows for an order nobody
        // can use: such a search lists its hits in desk order, newest
        // first, found by the index alone (rows with non-ASCII text, which
        // the index cannot vouch for, are still checked by the matcher).
        let short_word =
            atoms.len() == 1 && words.len() == 1 && scan.is_some_and(|n| n.len() < SHORT_WORD);
        let short = index.filter(|_| short_word).map(|index| {
            candidates
                .iter()
                .partition::<Vec<usize>, _>(|r| index.unicode.binary_search(r).is_ok())
        });
        let mut scored = match short {
            Some((unicode, ascii)) => {
                let checked = self.score_all(rows, &unicode, &filters, &atoms);
                ascii
                    .into_iter()
                    .filter(|&r| rows[r].passes(&filters))
                    .map(|r| (r, 0))
                    .chain(checked)
                    .collect()
            }
            None => self.score_all(rows, &candidates, &filters, &atoms),
        };
        if short_word {
            for hit in &mut scored {
                hit.1 = 0;
            }
            scored.sort_unstable();
        }
        let mut hits: Vec<Hit> = scored
            .into_iter()
            .map(|(index, score)| Hit {
                index,
                score,
                indices: Vec::new(),
            })
            .collect();
        let mut by_row: Vec<usize> = hits.iter().map(|h| h.index).collect();
        by_row.sort_unstable();
        self.last = (words.len() == atoms.len()).then_some(Last {
            rows: key,
            filters,
            words,
            hits: by_row,
        });
        if !atoms.is_empty() {
            hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.index.cmp(&b.index)));
            for hit in hits.iter_mut().take(highlight) {
                quote_indices(
                    &mut self.matchers[0],
                    &rows[hit.index],
                    &atoms,
                    &mut hit.indices,
                );
            }
        }
        hits
    }

    /// `(index, score)` of the candidates that match, in candidate order;
    /// on several threads when there are many.
    fn score_all(
        &mut self,
        rows: &[ClaimRow],
        candidates: &[usize],
        filters: &Filters,
        atoms: &[Atom],
    ) -> Vec<(usize, u32)> {
        let run = |matcher: &mut Matcher, part: &[usize]| {
            let mut out = Vec::new();
            for &index in part {
                let row = &rows[index];
                if !row.passes(filters) {
                    continue;
                }
                if let Some(score) = score(matcher, row, atoms) {
                    out.push((index, score));
                }
            }
            out
        };
        if candidates.len() < PARALLEL_ROWS || self.matchers.len() < 2 {
            return run(&mut self.matchers[0], candidates);
        }
        let chunk = candidates.len().div_ceil(self.matchers.len());
        std::thread::scope(|scope| {
            let parts: Vec<_> = self
                .matchers
                .iter_mut()
                .zip(candidates.chunks(chunk))
                .map(|(m, part)| scope.spawn(move || run(m, part)))
                .collect();
            parts
                .into_iter()
                .flat_map(|p| p.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        })
    }
}

/// One-off search; for repeated searches keep a [`Searcher`].
pub fn search(rows: &[ClaimRow], q: &Query) -> Vec<Hit> {
    Searcher::new().search(rows, q)
}
