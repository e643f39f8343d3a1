//! The search language on the index: a [`Query`] becomes a tantivy query
//! (each term by the rules of [`super::words`], the filters on their own
//! fields), hits are ranked by BM25 (an exact word above a word it begins,
//! that above a typo), and without words they come in desk order (newest
//! story first, claims in story order).

use std::collections::BTreeSet;
use std::ops::Bound;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, FuzzyTermQuery, Occur,
    PhraseQuery, Query as TQuery, RangeQuery, RegexQuery, TermQuery, TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, Order, Searcher, TantivyDocument, Term};

use super::doc::{StoredRow, days, verdict_code};
use super::engine::Archive;
use super::row::{ClaimRow, Names};
use super::words::{self, Kind, Term as Word};
use crate::error::{Error, Result};
use crate::ids::StoryId;
use crate::query::Query;

/// A claim that matched: its position in [`Found::rows`], its score (0
/// without words) and, for highlighting, the matched positions in the
/// quote (grapheme clusters, sorted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub index: usize,
    pub score: u32,
    pub indices: Vec<u32>,
}

/// What a search found: the rows of the hits, best first, and how many
/// claims match in all.
#[derive(Debug, Clone, Default)]
pub struct Found {
    pub rows: Vec<ClaimRow>,
    pub hits: Vec<Hit>,
    pub total: usize,
}

/// The weight of a word matched exactly, against one it begins or one a
/// typo away (each of those scores 1 whatever the word).
const EXACT_BOOST: f32 = 2.0;

/// The longest page of hits counted in the same pass as it is found.
const PAGE_IN_ONE_PASS: usize = 10_000;

impl Archive {
    /// The claims matching `q`, the first `limit` of them (all with
    /// `usize::MAX`), with highlight positions for the first `highlight`.
    /// Before they are returned the hits' stories are checked against
    /// their files, and indexed anew if changed: a search never shows a
    /// claim as it no longer is.
    pub fn search(&mut self, q: &Query, limit: usize, highlight: usize) -> Result<Found> {
        for _ in 0..2 {
            let found = self.search_once(q, limit, highlight)?;
            let mut stories: Vec<StoryId> = found.rows.iter().map(|r| r.story.clone()).collect();
            stories.sort();
            stories.dedup();
            if !self.verify(&stories)? {
                return Ok(found);
            }
        }
        self.search_once(q, limit, highlight)
    }

    /// How many claims match `q`.
    pub fn count(&self, q: &Query) -> Result<usize> {
        let searcher = self.reader.searcher();
        let query = self.build(&searcher, q);
        searcher
            .search(&*query, &Count)
            .map_err(|e| self.damaged(e))
    }

    /// Every claim of the desk, in desk order.
    pub fn rows(&mut self) -> Result<Vec<ClaimRow>> {
        Ok(self.search(&Query::default(), usize::MAX, 0)?.rows)
    }

    pub(crate) fn damaged_error(&self, e: impl std::fmt::Display) -> Error {
        self.damaged(e)
    }

    fn damaged(&self, e: impl std::fmt::Display) -> Error {
        Error::Invalid {
            path: self.desk.root().join(crate::store::cache::CACHE_DIR),
            why: format!("the archive's index: {e}"),
        }
    }

    fn search_once(&self, q: &Query, limit: usize, highlight: usize) -> Result<Found> {
        let searcher = self.reader.searcher();
        let query = self.build(&searcher, q);
        let terms = words::terms(&q.words);
        let ranked = terms.iter().any(|t| !t.negative);
        // The count and a page in one pass over the matches: a query's
        // scorer is made once (a prefix of one letter is a set of most of
        // the desk's claims, built anew for each pass). A page is held in
        // memory twice over before it is cut, so a long one (every hit, as
        // the command line prints them) is only asked for once the count
        // says how long.
        let count = || {
            searcher
                .search(&*query, &Count)
                .map_err(|e| self.damaged(e))
        };
        let counted = (limit > PAGE_IN_ONE_PASS).then(count).transpose()?;
        let limit = counted.map_or(limit, |total| limit.min(total));
        if limit == 0 {
            let total = counted.map_or_else(count, Ok)?;
            return Ok(Found {
                total,
                ..Found::default()
            });
        }
        let (total, mut scored): (usize, Vec<(f32, DocAddress)>) = if ranked {
            let stats = Stats {
                searcher: &searcher,
                fields: self.fields,
                words: self.catalog.words(),
                docs: searcher.num_docs(),
            };
            searcher
                .search_with_statistics_provider(
                    &*query,
                    &(Count, TopDocs::with_limit(limit).order_by_score()),
                    &stats,
                )
                .map_err(|e| self.damaged(e))?
        } else {
            let (total, by_rank): (usize, Vec<(Option<u64>, DocAddress)>) = searcher
                .search(
                    &*query,
                    &(
                        Count,
                        TopDocs::with_limit(limit).order_by_fast_field::<u64>("rank", Order::Desc),
                    ),
                )
                .map_err(|e| self.damaged(e))?;
            (total, by_rank.into_iter().map(|(_, a)| (0.0, a)).collect())
        };
        let names = Names::of(&self.registry);
        // Read in the store's order: hits in one compressed block are
        // decompressed once, not once each (the order shown is set below).
        scored.sort_unstable_by_key(|(_, a)| (a.segment_ord, a.doc_id));
        let mut rows: Vec<(f32, ClaimRow)> = Vec::with_capacity(scored.len());
        for (score, addr) in scored {
            let doc: TantivyDocument = searcher.doc(addr).map_err(|e| self.damaged(e))?;
            let row = doc
                .get_first(self.fields.row)
                .and_then(|v| v.as_bytes())
                .and_then(|b| StoredRow::decode(b, &names))
                .ok_or_else(|| self.damaged("a stored claim does not read"))?;
            rows.push((score, row));
        }
        // Equal scores (and every hit, without words) in desk order.
        rows.sort_by(|(sa, a), (sb, b)| {
            sb.total_cmp(sa)
                .then_with(|| (b.date, b.imported_at).cmp(&(a.date, a.imported_at)))
                .then_with(|| a.story.cmp(&b.story))
                .then_with(|| a.claim.cmp(&b.claim))
        });
        let hits = rows
            .iter()
            .enumerate()
            .map(|(index, (score, row))| Hit {
                index,
                score: if ranked { (score * 1000.0) as u32 } else { 0 },
                indices: if index < highlight {
                    words::highlight(&row.text, &terms)
                } else {
                    Vec::new()
                },
            })
            .collect();
        Ok(Found {
            rows: rows.into_iter().map(|(_, r)| r).collect(),
            hits,
            total,
        })
    }

    /// `q` as a tantivy query.
    fn build(&self, searcher: &Searcher, q: &Query) -> Box<dyn TQuery> {
        let f = self.fields;
        let mut clauses: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
        let sources = self.source_names(searcher);
        let terms = words::terms(&q.words);
        for t in &terms {
            let mut alts: Vec<(Occur, Box<dyn TQuery>)> = f
                .words()
                .into_iter()
                .map(|field| (Occur::Should, word_query(t, field)))
                .collect();
            let linked: Vec<Term> = sources
                .iter()
                .filter(|(_, name)| t.matches(&words::tokens(name)))
                .map(|(id, _)| Term::from_field_text(f.source, id))
                .collect();
            if !linked.is_empty() {
                alts.push((Occur::Should, Box::new(TermSetQuery::new(linked))));
            }
            let any: Box<dyn TQuery> = Box::new(BooleanQuery::new(alts));
            clauses.push((
                if t.negative {
                    Occur::MustNot
                } else {
                    Occur::Must
                },
                any,
            ));
        }
        let filter = |q: Box<dyn TQuery>| -> (Occur, Box<dyn TQuery>) {
            (Occur::Must, Box::new(ConstScoreQuery::new(q, 0.0)))
        };
        if let Some(v) = q.verdict {
            let term = Term::from_field_u64(f.verdict, verdict_code(v));
            clauses.push(filter(Box::new(TermQuery::new(
                term,
                IndexRecordOption::Basic,
            ))));
        }
        if q.since.is_some() || q.until.is_some() {
            let lo = q.since.map_or(1, |d| u64::from(days(d)));
            let hi = q.until.map_or(u64::MAX, |d| u64::from(days(d)));
            clauses.push(filter(Box::new(RangeQuery::new(
                Bound::Included(Term::from_field_u64(f.date, lo)),
                Bound::Included(Term::from_field_u64(f.date, hi)),
            ))));
        }
        let filters = q.filters();
        for (value, field) in [
            (&filters.speaker, f.speaker_lc),
            (&filters.outlet, f.outlet_lc),
        ] {
            if let Some(s) = value {
                let terms: Vec<Term> = distinct(searcher, field)
                    .into_iter()
                    .filter(|v| v.contains(s.as_str()))
                    .map(|v| Term::from_field_text(field, &v))
                    .collect();
                clauses.push(filter(set_or_nothing(terms)));
            }
        }
        if let Some(s) = &filters.source {
            let terms: Vec<Term> = sources
                .iter()
                .filter(|(id, name)| {
                    id.to_lowercase().contains(s.as_str())
                        || name.to_lowercase().contains(s.as_str())
                })
                .map(|(id, _)| Term::from_field_text(f.source, id))
                .collect();
            clauses.push(filter(set_or_nothing(terms)));
        }
        if !clauses.iter().any(|(o, _)| *o == Occur::Must) {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// Every source id linked in the index, with its registry name (the id
    /// for a source the registry lacks).
    fn source_names(&self, searcher: &Searcher) -> Vec<(String, String)> {
        let names = Names::of(&self.registry);
        distinct(searcher, self.fields.source)
            .into_iter()
            .map(|id| {
                let name = names.name(&id).unwrap_or(&id).to_string();
                (id, name)
            })
            .collect()
    }
}

/// BM25's statistics over the claims as they are: deleted documents,
/// which stay in the segments until they are merged, count in tantivy's
/// own, so the same desk would score differently after an edit than after
/// a rebuild.
struct Stats<'s> {
    searcher: &'s Searcher,
    fields: super::doc::Fields,
    /// Words per text field (quote, speaker, note), from the catalog.
    words: [u64; 3],
    docs: u64,
}

impl tantivy::query::Bm25StatisticsProvider for Stats<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        let at = self.fields.words().iter().position(|f| *f == field);
        match at {
            Some(i) => Ok(self.words[i]),
            None => self.searcher.total_num_tokens(field),
        }
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.docs)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        let q = TermQuery::new(term.clone(), IndexRecordOption::Basic);
        self.searcher.search(&q, &Count).map(|n| n as u64)
    }
}

fn set_or_nothing(terms: Vec<Term>) -> Box<dyn TQuery> {
    if terms.is_empty() {
        Box::new(EmptyQuery)
    } else {
        Box::new(TermSetQuery::new(terms))
    }
}

/// The distinct values of a whole-string field, over every segment.
fn distinct(searcher: &Searcher, field: Field) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for segment in searcher.segment_readers() {
        let Ok(inverted) = segment.inverted_index(field) else {
            continue;
        };
        let Ok(mut stream) = inverted.terms().stream() else {
            continue;
        };
        while stream.advance() {
            if let Ok(s) = std::str::from_utf8(stream.key()) {
                out.insert(s.to_string());
            }
        }
    }
    out
}

/// One term in one text field, by the rules of [`words`].
fn word_query(t: &Word, field: Field) -> Box<dyn TQuery> {
    let terms: Vec<Term> = t
        .words
        .iter()
        .map(|w| Term::from_field_text(field, w))
        .collect();
    let [term] = terms.as_slice() else {
        return Box::new(PhraseQuery::new(terms));
    };
    let exact = || -> Box<dyn TQuery> {
        Box::new(BoostQuery::new(
            Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs)),
            EXACT_BOOST,
        ))
    };
    let prefix =
        || -> Box<dyn TQuery> { Box::new(FuzzyTermQuery::new_prefix(term.clone(), 0, true)) };
    let mut alts: Vec<(Occur, Box<dyn TQuery>)> = vec![(Occur::Should, exact())];
    match t.kind {
        Kind::Exact => {}
        Kind::Prefix => alts.push((Occur::Should, prefix())),
        Kind::Suffix => {
            let pattern = format!(".*{}", regex_escape(&t.words[0]));
            if let Ok(re) = RegexQuery::from_pattern(&pattern, field) {
                alts.push((Occur::Should, Box::new(re)));
            }
        }
        Kind::Default => {
            alts.push((Occur::Should, prefix()));
            if t.typos() > 0 {
                alts.push((
                    Occur::Should,
                    Box::new(FuzzyTermQuery::new_prefix(term.clone(), t.typos(), true)),
                ));
            }
        }
    }
    Box::new(BooleanQuery::new(alts))
}

fn regex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !c.is_alphanumeric() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
