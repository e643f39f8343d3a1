//! Fuzzy ranking, for the desk's filter and the source picker.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

/// Indices of `items` matching `query`, best first (all, in order, for an
/// empty query).
pub fn fuzzy_rank<S: AsRef<str>>(query: &str, items: &[S]) -> Vec<usize> {
    if query.trim().is_empty() {
        return (0..items.len()).collect();
    }
    let mut matcher = Matcher::new(Config::DEFAULT);
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let mut buf = Vec::new();
    let mut scored: Vec<(u32, usize)> = items
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            pattern
                .score(Utf32Str::new(s.as_ref(), &mut buf), &mut matcher)
                .map(|score| (score, i))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fuzzy_ranks_best_first() {
        let items = ["Reuters wire", "Russian Defense Ministry", "AFP"];
        assert_eq!(fuzzy_rank("rdm", &items), vec![1]);
        assert_eq!(fuzzy_rank("", &items), vec![0, 1, 2]);
        assert_eq!(fuzzy_rank("afp", &items)[0], 2);
    }
}
