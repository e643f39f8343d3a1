//! Loading the archive's rows from the desk: the claim records come from
//! the desk's cache where the story files are unchanged, and rows are built
//! only for the claims that pass a query's filters and could hold its words
//! (the [`Prefilter`]), which is what makes a search over a big desk from
//! the command line cheap.

use nucleo_matcher::pattern::{Atom, AtomKind};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::record::{ClaimRecord, StoryRecord, days};
use super::row::{ClaimRow, Names, linked_sources, source_names};
use super::score::{atom_score, atoms, contains_ascii_nocase};
use crate::error::Error;
use crate::ids::StoryId;
use crate::model::{SourceRegistry, Story};
use crate::query::{Filters, Query};
use crate::store::Desk;
use crate::store::cache::{Buf, Cache, Text};

/// The name of the claim records' cache in `DESK/.cache`.
const CLAIMS_CACHE: &str = "claims";

/// Stories of the desk, newest first (story date, then import time, then
/// id), with the ones that could not be read as errors beside them.
pub fn load_stories(desk: &Desk) -> (Vec<Story>, Vec<Error>) {
    let (ids, mut problems) = match desk.story_ids() {
        Ok(x) => x,
        Err(e) => return (vec![], vec![e]),
    };
    let mut stories = Vec::with_capacity(ids.len());
    for id in ids {
        match desk.load_story(&id) {
            Ok(doc) => stories.push(doc.file.value),
            Err(e) => problems.push(e),
        }
    }
    sort_newest_first(&mut stories);
    (stories, problems)
}

/// Newest first: by story date, then import time, then id.
pub fn sort_newest_first(stories: &mut [Story]) {
    stories.sort_by(|a, b| (b.date, b.imported_at, &a.id).cmp(&(a.date, a.imported_at, &b.id)));
}

/// Every claim in the desk: newest story first, claims in story order.
/// A story or registry that cannot be read is reported, not fatal.
pub fn load(desk: &Desk) -> (Vec<ClaimRow>, Vec<Error>) {
    load_matching(desk, &Filters::default())
}

/// The claims that pass `filters`, as [`load`] orders them. Rows are only
/// built for claims that pass, which is what makes a filtered search over
/// a big desk cheap.
pub fn load_matching(desk: &Desk, filters: &Filters) -> (Vec<ClaimRow>, Vec<Error>) {
    load_filtered(desk, filters, &[])
}

/// The claims that pass `q`'s filters and whose fields hold every text term
/// of `q`: a superset of what [`super::Searcher::search`] finds with `q`
/// (it still ranks them and applies `!` terms), with rows built for those
/// alone.
pub fn load_for_query(desk: &Desk, q: &Query) -> (Vec<ClaimRow>, Vec<Error>) {
    load_filtered(desk, &q.filters(), &atoms(q))
}

fn load_filtered(desk: &Desk, filters: &Filters, atoms: &[Atom]) -> (Vec<ClaimRow>, Vec<Error>) {
    let mut buf = Buf::default();
    let (mut stories, mut problems) = match records(desk, &mut buf) {
        Ok(x) => x,
        Err(e) => return (vec![], vec![e]),
    };
    stories.sort_by(|a, b| {
        b.sort_key()
            .cmp(&a.sort_key())
            .then_with(|| a.id.cmp(&b.id))
    });
    let registry = match desk.load_sources() {
        Ok(r) => r.value,
        Err(e) => {
            problems.push(e);
            SourceRegistry::default()
        }
    };
    let names = Names::of(&registry);
    // Each story's rows, `None` for a damaged cache record; on two threads
    // for a big desk (the other core is idle by now).
    let collect_part = |part: &[StoryRecord]| {
        let mut pre = Prefilter::new(atoms);
        part.iter()
            .map(|s| {
                let id = StoryId::parse(s.id.as_str()).ok()?;
                let mut rows = Vec::new();
                collect(&id, s, filters, &names, &mut pre, &mut rows).then_some(rows)
            })
            .collect::<Vec<_>>()
    };
    let threads = if stories.len() >= 2_000 {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(2))
    } else {
        1
    };
    let per_story: Vec<Option<Vec<ClaimRow>>> = if threads > 1 {
        let chunk = stories.len().div_ceil(threads);
        std::thread::scope(|scope| {
            let parts: Vec<_> = stories
                .chunks(chunk)
                .map(|part| scope.spawn(move || collect_part(part)))
                .collect();
            parts
                .into_iter()
                .flat_map(|p| p.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        })
    } else {
        collect_part(&stories)
    };
    let mut rows = Vec::new();
    let mut pre = Prefilter::new(atoms);
    for (s, found) in stories.iter().zip(per_story) {
        let Ok(id) = StoryId::parse(s.id.as_str()) else {
            continue;
        };
        if let Some(found) = found {
            rows.extend(found);
            continue;
        }
        // A damaged cache entry that still parsed: read the story itself,
        // and have the cache rebuilt on the next run.
        Cache::of_story_and_article(desk, CLAIMS_CACHE).invalidate();
        match desk.load_story(&id) {
            Ok(doc) => {
                let fresh = StoryRecord::of(doc.story());
                collect(&id, &fresh, filters, &names, &mut pre, &mut rows);
            }
            Err(e) => problems.push(e),
        }
    }
    (rows, problems)
}

/// The archive records of every story, from the desk's cache where the
/// story's files are unchanged.
fn records<'b>(desk: &Desk, buf: &'b mut Buf) -> Result<(Vec<StoryRecord<'b>>, Vec<Error>), Error> {
    let (stories, problems) = Cache::of_story_and_article(desk, CLAIMS_CACHE)
        .values(buf, |doc| StoryRecord::of(doc.story()))?;
    Ok((stories.into_iter().map(|(_, s)| s).collect(), problems))
}

/// Rows of the claims of `story` that pass; false when a record is damaged.
fn collect(
    id: &StoryId,
    story: &StoryRecord,
    filters: &Filters,
    names: &Names,
    pre: &mut Prefilter,
    rows: &mut Vec<ClaimRow>,
) -> bool {
    if !story.is_sound() {
        return false;
    }
    for (verdict, bytes) in story.packed_claims() {
        if filters.verdict.is_some_and(|v| v != verdict) {
            continue;
        }
        let Some(c) = ClaimRecord::decode(bytes) else {
            return false;
        };
        if passes(&c, story, filters, names) && pre.could_match(&c, names) {
            rows.push(ClaimRow::of_record(id, story, &c, names));
        }
    }
    true
}

/// The filter test of [`ClaimRow::passes`], on a record, so that rows are
/// only built for claims that pass.
fn passes(c: &ClaimRecord, story: &StoryRecord, f: &Filters, names: &Names) -> bool {
    let contains = |hay: Option<&Text>, needle: &str| {
        hay.is_some_and(|h| h.as_str().to_lowercase().contains(needle))
    };
    f.verdict.is_none_or(|v| v == c.verdict)
        && f.since
            .is_none_or(|d| story.date.is_some_and(|x| x >= days(d)))
        && f.until
            .is_none_or(|d| story.date.is_some_and(|x| x <= days(d)))
        && f.speaker
            .as_deref()
            .is_none_or(|s| contains(c.speaker.as_ref(), s))
        && f.outlet
            .as_deref()
            .is_none_or(|s| contains(story.outlet.as_ref(), s))
        && f.source.as_deref().is_none_or(|s| {
            c.sources().iter().any(|(id, _)| {
                id.to_lowercase().contains(s)
                    || names
                        .name(id)
                        .is_some_and(|name| name.to_lowercase().contains(s))
            })
        })
}

/// The text terms of a query, checked on a record before a row is built
/// for it: each positive term must match one of the fields the
/// [`super::Searcher`] scores. `!` terms are left to the searcher.
struct Prefilter<'q> {
    /// Each positive atom, with its needle when that is ASCII: most fields
    /// are ASCII, and a byte search decides those without the matcher.
    atoms: Vec<(&'q Atom, Option<Vec<u8>>)>,
    matcher: Matcher,
    buf: Vec<char>,
}

impl<'q> Prefilter<'q> {
    fn new(atoms: &'q [Atom]) -> Self {
        Prefilter {
            atoms: atoms
                .iter()
                .filter(|a| !a.negative)
                .map(|a| {
                    let needle = a.needle_text().to_string().to_lowercase();
                    (a, needle.is_ascii().then(|| needle.into_bytes()))
                })
                .collect(),
            matcher: Matcher::new(Config::DEFAULT),
            buf: Vec::new(),
        }
    }

    fn field_matches(&mut self, i: usize, field: &str) -> bool {
        let (atom, needle) = &self.atoms[i];
        if let Some(needle) = needle {
            // Every kind of atom but fuzzy needs the needle as a substring;
            // in ASCII text that is the whole question for a substring atom.
            let found = contains_ascii_nocase(field.as_bytes(), needle);
            if !found && field.is_ascii() {
                return false;
            }
            if found && atom.kind == AtomKind::Substring {
                return true;
            }
        }
        atom_score(&mut self.matcher, atom, Utf32Str::new(field, &mut self.buf)).is_some()
    }

    fn could_match(&mut self, c: &ClaimRecord, names: &Names) -> bool {
        let speaker = c.speaker.as_ref().map_or("", |s| s.as_str());
        let mut sources: Option<Vec<String>> = None;
        for i in 0..self.atoms.len() {
            if [c.text.as_str(), speaker, c.note.as_str()]
                .into_iter()
                .any(|f| self.field_matches(i, f))
            {
                continue;
            }
            let sources = sources.get_or_insert_with(|| source_names(&linked_sources(c), names));
            // The searcher matches the names joined by newlines; a term
            // with one in it is left to the searcher.
            let spans = self.atoms[i].0.needle_text().to_string().contains('\n');
            if !spans && !sources.iter().any(|n| self.field_matches(i, n)) {
                return false;
            }
        }
        true
    }
}
