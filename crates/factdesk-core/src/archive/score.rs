//! How a query's words match a row's text and what a match scores: the
//! words as nucleo-matcher atoms, and the scoring of a row's four fields
//! (quote, speaker, note, source names). Shared by the loader's prefilter
//! and the searcher, so both agree on what matches.

use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
use nucleo_matcher::{Matcher, Utf32Str, Utf32String};

use super::row::ClaimRow;
use crate::query::Query;

/// The text terms of `q` as matcher atoms. fzf-style prefixes work
/// (`'exact`, `^prefix`, `suffix$`, `!not`), and a quoted term keeps its
/// spaces. A plain word matches as a case-insensitive substring (accents
/// aside): a fuzzy match of scattered letters across a long quote finds
/// nearly every claim for any longer word.
pub(super) fn atoms(q: &Query) -> Vec<Atom> {
    q.words
        .iter()
        .map(|w| {
            let atom = Atom::parse(w, CaseMatching::Ignore, Normalization::Smart);
            if atom.kind != AtomKind::Fuzzy {
                return atom;
            }
            // `\'word` and `\^word` escape the marker: keep it as text.
            let plain = w
                .strip_prefix('\\')
                .filter(|r| r.starts_with(['\'', '^']))
                .unwrap_or(w);
            Atom::parse(
                &format!("'{plain}"),
                CaseMatching::Ignore,
                Normalization::Smart,
            )
        })
        .filter(|a| !a.needle_text().is_empty())
        .collect()
}

/// The lower-cased needle of a positive substring atom (a plain word).
pub(super) fn plain_needle(atom: &Atom) -> Option<String> {
    (!atom.negative && atom.kind == AtomKind::Substring)
        .then(|| atom.needle_text().to_string().to_lowercase())
}

/// Whether `needle` (lower case ASCII) occurs in `hay`, ignoring ASCII case.
pub(super) fn contains_ascii_nocase(hay: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    let upper = first.to_ascii_uppercase();
    let last = hay.len().saturating_sub(needle.len());
    let mut i = 0;
    while i < hay.len() && i <= last && hay.len() >= needle.len() {
        let b = hay[i];
        if (b == first || b == upper) && hay[i + 1..i + needle.len()].eq_ignore_ascii_case(rest) {
            return true;
        }
        i += 1;
    }
    false
}

/// `atom`'s score in `hay`, as [`Atom::score`]. nucleo-matcher 0.3's
/// substring match misses occurrences in non-ASCII text ("raqqa" in
/// "Cafe\u{301} strike near Raqqa" finds nothing): there the needle is
/// looked for here, case-folded and normalised as the matcher does, and an
/// occurrence is scored by the fuzzy match (which ranks contiguous letters
/// first).
pub(super) fn atom_score(matcher: &mut Matcher, atom: &Atom, hay: Utf32Str<'_>) -> Option<u16> {
    let Utf32Str::Unicode(chars) = hay else {
        return atom.score(hay, matcher);
    };
    if atom.kind != AtomKind::Substring {
        return atom.score(hay, matcher);
    }
    let needle: Vec<char> = atom.needle_text().chars().collect();
    let normalise = needle
        .iter()
        .all(|&c| nucleo_matcher::chars::normalize(c) == c);
    let folded: Vec<char> = chars
        .iter()
        .map(|&c| {
            let c = nucleo_matcher::chars::to_lower_case(c);
            if normalise {
                nucleo_matcher::chars::normalize(c)
            } else {
                c
            }
        })
        .collect();
    let found = needle.is_empty() || folded.windows(needle.len()).any(|w| w == needle);
    match (atom.negative, found) {
        (true, true) | (false, false) => None,
        (true, false) => Some(0),
        (false, true) => Some(matcher.fuzzy_match(hay, atom.needle_text()).unwrap_or(0)),
    }
}

/// A field's bytes when it is ASCII (most are): a byte search then tells
/// whether a needle occurs without running the matcher.
pub(super) fn ascii_bytes(field: &Utf32String) -> Option<&[u8]> {
    match field {
        Utf32String::Ascii(s) => Some(s.as_bytes()),
        Utf32String::Unicode(_) => None,
    }
}

/// An atom's score in a field; a quick "no" for ASCII fields that do not
/// hold the needle.
fn field_score(matcher: &mut Matcher, atom: &Atom, field: &Utf32String) -> Option<u16> {
    if let (Some(hay), Utf32Str::Ascii(needle)) = (ascii_bytes(field), atom.needle_text())
        && atom.kind != AtomKind::Fuzzy
        && !contains_ascii_nocase(hay, needle)
    {
        return None;
    }
    atom_score(matcher, atom, field.slice(..))
}

/// Sum over the atoms of each one's best score in any field; `None`
/// when an atom matches nowhere (or, for a `!` atom, anywhere).
pub(super) fn score(matcher: &mut Matcher, row: &ClaimRow, atoms: &[Atom]) -> Option<u32> {
    let fields = row.searchable.fields();
    let mut total = 0u32;
    for atom in atoms {
        if atom.negative {
            // A negative atom scores Some(0) when it does not match.
            for f in fields {
                atom_score(matcher, atom, f.slice(..))?;
            }
            continue;
        }
        let best = fields
            .iter()
            .filter_map(|f| field_score(matcher, atom, f))
            .max()?;
        total += u32::from(best);
    }
    Some(total)
}

/// The positions the atoms match in `row`'s quote, sorted and unique,
/// into `out`.
pub(super) fn quote_indices(
    matcher: &mut Matcher,
    row: &ClaimRow,
    atoms: &[Atom],
    out: &mut Vec<u32>,
) {
    let quote = row.searchable.quote.slice(..);
    for atom in atoms.iter().filter(|a| !a.negative) {
        if atom.kind == AtomKind::Substring && matches!(quote, Utf32Str::Unicode(_)) {
            // See `atom_score`.
            if atom_score(matcher, atom, quote).is_some() {
                matcher.fuzzy_indices(quote, atom.needle_text(), out);
            }
        } else {
            atom.indices(quote, matcher, out);
        }
    }
    out.sort_unstable();
    out.dedup();
}
