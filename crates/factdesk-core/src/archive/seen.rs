//! "Seen before" through the index: the ruled claims of other stories
//! whose words a claim's wording shares, best first by the cosine of the
//! two word sets, as [`crate::similar::Index`] scores them, without a map
//! of the whole desk in memory.

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query as TQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocId, Score, SegmentReader, TantivyDocument, Term};

use super::doc::{StoredRow, verdict_code};
use super::engine::Archive;
use super::row::{ClaimRow, Names};
use crate::error::Result;
use crate::ids::StoryId;
use crate::model::Verdict;
use crate::similar::{self, Match, cosine_of};

/// Candidates looked at for each lookup: the best by cosine are among
/// them (the cosine is computed exactly in the index's ranking).
const CANDIDATES: usize = 32;

impl Archive {
    /// Ruled claims of stories other than `story` worded like `text`
    /// (cosine of the word sets at least `threshold`), best first, at
    /// most `limit`, each with its [`Match`] (the words shared).
    pub fn similar(
        &self,
        story: &StoryId,
        text: &str,
        threshold: f64,
        limit: usize,
    ) -> Result<Vec<(ClaimRow, Match)>> {
        let f = self.fields;
        let mut words = similar::words(text);
        words.sort();
        words.dedup();
        if words.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let q = words.len();
        let mut clauses: Vec<(Occur, Box<dyn TQuery>)> = words
            .iter()
            .map(|w| {
                let term =
                    TermQuery::new(Term::from_field_text(f.seen, w), IndexRecordOption::Basic);
                // Each shared word counts one: the score is their number.
                let one: Box<dyn TQuery> = Box::new(ConstScoreQuery::new(Box::new(term), 1.0));
                (Occur::Should, one)
            })
            .collect();
        clauses.push((
            Occur::MustNot,
            Box::new(TermQuery::new(
                Term::from_field_u64(f.verdict, verdict_code(Verdict::Pending)),
                IndexRecordOption::Basic,
            )),
        ));
        clauses.push((
            Occur::MustNot,
            Box::new(TermQuery::new(
                Term::from_field_text(f.story, story.as_str()),
                IndexRecordOption::Basic,
            )),
        ));
        let query = BooleanQuery::new(clauses);
        let by_cosine = TopDocs::with_limit(CANDIDATES.max(limit)).tweak_score(
            move |segment: &SegmentReader| {
                let sizes = segment.fast_fields().u64("seen_n").ok();
                move |doc: DocId, shared: Score| {
                    let n = sizes
                        .as_ref()
                        .and_then(|c| c.first(doc))
                        .unwrap_or(u64::MAX);
                    cosine_of(shared.round() as usize, q, n as usize)
                }
            },
        );
        let searcher = self.reader.searcher();
        let found = searcher
            .search(&query, &by_cosine)
            .map_err(|e| self.damaged_error(e))?;
        let names = Names::of(&self.registry);
        let mut out = Vec::new();
        for (score, addr) in found {
            if score < threshold || out.len() >= limit {
                break;
            }
            let doc: TantivyDocument = searcher.doc(addr).map_err(|e| self.damaged_error(e))?;
            let Some(row) = doc
                .get_first(f.row)
                .and_then(|v| v.as_bytes())
                .and_then(|b| StoredRow::decode(b, &names))
            else {
                return Err(self.damaged_error("a stored claim does not read"));
            };
            // The words in common, as the looked-up text writes them.
            let one = similar::Index::build([row.text.as_str()]);
            if let Some(m) = one.similar(text, threshold, |_| true).into_iter().next() {
                out.push((row, m));
            }
        }
        Ok(out)
    }
}
