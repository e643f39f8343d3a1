//! The speakers the desk knows, for completing a claim's speaker: every
//! name a live claim gives, with how many claims give it, read from the
//! index's dictionary of whole names (not from the claims themselves, so
//! that it costs the same on any desk size).

use std::collections::HashMap;

use tantivy::DocSet;
use tantivy::TERMINATED;
use tantivy::schema::IndexRecordOption;

use super::engine::Archive;
use crate::error::Result;

impl Archive {
    /// Every speaker of a claim in the index, as written, with how many
    /// claims name them; most named first, then by name.
    pub fn speakers(&self) -> Result<Vec<(String, usize)>> {
        let searcher = self.reader.searcher();
        let mut counts: HashMap<String, usize> = HashMap::new();
        let fail = |e: std::io::Error| crate::error::Error::io(self.desk.root().join(".cache"), e);
        for segment in searcher.segment_readers() {
            let Ok(inverted) = segment.inverted_index(self.fields.speaker_as) else {
                continue;
            };
            let alive = segment.alive_bitset();
            let mut terms = inverted.terms().stream().map_err(fail)?;
            while terms.advance() {
                let info = terms.value();
                // A segment's deleted claims stay in its dictionary until
                // segments merge: only the live ones count.
                let live = match alive {
                    None => info.doc_freq as usize,
                    Some(alive) => {
                        let mut postings = inverted
                            .read_postings_from_terminfo(info, IndexRecordOption::Basic)
                            .map_err(fail)?;
                        let mut n = 0;
                        let mut doc = postings.doc();
                        while doc != TERMINATED {
                            n += usize::from(alive.is_alive(doc));
                            doc = postings.advance();
                        }
                        n
                    }
                };
                if live > 0 {
                    let name = String::from_utf8_lossy(terms.key()).into_owned();
                    *counts.entry(name).or_default() += live;
                }
            }
        }
        let mut out: Vec<(String, usize)> = counts.into_iter().collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(out)
    }
}
