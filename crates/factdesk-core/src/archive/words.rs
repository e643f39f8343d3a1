//! What a search word matches, stated once: the index's queries
//! ([`super::search`]) are built from these rules, and the plain scan and
//! the highlighting apply them to a claim's words directly, so all three
//! agree.
//!
//! A word matches a word of the text (see [`super::doc::analyzer`]: case
//! and accents ignored) that it begins: `convoy` finds "convoys", and the
//! word being typed finds as it grows. From [`TYPO_FROM`] letters on, one
//! typo is forgiven (a wrong, missing or extra letter, or two letters
//! swapped: `guiaba` finds "Guaíba"), two from [`TWO_TYPOS_FROM`]. `'word`
//! is that word exactly, `^word` a word beginning with it (no typos),
//! `word$` a word ending with it, `!word` excludes claims with a word
//! beginning with it. A term of several words (`"two words"`, `al-baghdadi`)
//! matches them in a row, each exactly.

/// Words of this many letters forgive one typo.
pub const TYPO_FROM: usize = 5;
/// Words of this many letters forgive two.
pub const TWO_TYPOS_FROM: usize = 9;

/// How a search word matches a word of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A word beginning with it, with the typos its length allows.
    Default,
    /// That word.
    Exact,
    /// A word beginning with it.
    Prefix,
    /// A word ending with it.
    Suffix,
}

/// One search term, cut into words as the index cuts text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub negative: bool,
    pub kind: Kind,
    /// Lower-cased, folded words; more than one: a phrase, each exact.
    pub words: Vec<String>,
}

impl Term {
    /// The typos forgiven on a single word.
    pub fn typos(&self) -> u8 {
        match (&self.kind, self.words.as_slice()) {
            (Kind::Default, [w]) if !self.negative => typos_for(w),
            _ => 0,
        }
    }

    /// Whether a single-word term matches `token` (a word of the text,
    /// already lower-cased and folded).
    pub fn matches_word(&self, token: &str) -> bool {
        let Some(w) = self.words.first() else {
            return false;
        };
        match self.kind {
            Kind::Exact => token == w,
            Kind::Prefix => token.starts_with(w.as_str()),
            Kind::Suffix => token.ends_with(w.as_str()),
            Kind::Default => {
                token.starts_with(w.as_str())
                    || (self.typos() > 0 && prefix_distance(w, token) <= usize::from(self.typos()))
            }
        }
    }

    /// Whether the term matches a text cut into `tokens`.
    pub fn matches(&self, tokens: &[String]) -> bool {
        self.positions(tokens).next().is_some()
    }

    /// The first token of each match of the term in `tokens` (a phrase:
    /// its words follow from there).
    pub fn positions<'t>(&'t self, tokens: &'t [String]) -> impl Iterator<Item = usize> + 't {
        let n = self.words.len();
        (0..tokens.len()).filter(move |&i| match n {
            0 => false,
            1 => self.matches_word(&tokens[i]),
            _ => tokens
                .get(i..i + n)
                .is_some_and(|run| run.iter().zip(&self.words).all(|(t, w)| t == w)),
        })
    }
}

fn typos_for(word: &str) -> u8 {
    match word.chars().count() {
        n if n >= TWO_TYPOS_FROM => 2,
        n if n >= TYPO_FROM => 1,
        _ => 0,
    }
}

/// The words of `text` as the index has them.
pub fn tokens(text: &str) -> Vec<String> {
    let mut analyzer = super::doc::analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// The words of `text` with their byte ranges in it.
pub fn tokens_at(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let mut analyzer = super::doc::analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let t = stream.token();
        out.push((t.text.clone(), t.offset_from..t.offset_to));
    }
    out
}

/// The terms of a query's words; words with nothing to search for
/// (punctuation alone) are dropped.
pub fn terms(words: &[String]) -> Vec<Term> {
    words.iter().filter_map(|w| term(w)).collect()
}

fn term(word: &str) -> Option<Term> {
    let (negative, rest) = match word.strip_prefix('!') {
        Some(r) => (true, r),
        None => (false, word),
    };
    let (kind, body) = if let Some(r) = rest
        .strip_prefix('\\')
        .filter(|r| r.starts_with(['\'', '^', '!']))
    {
        // `\'word`, `\^word`: the marker is text.
        (Kind::Default, r)
    } else if let Some(r) = rest.strip_prefix('\'') {
        (Kind::Exact, r)
    } else if let Some(r) = rest.strip_prefix('^') {
        (Kind::Prefix, r)
    } else if let Some(r) = rest.strip_suffix('$').filter(|r| !r.is_empty()) {
        (Kind::Suffix, r)
    } else {
        (Kind::Default, rest)
    };
    let words = tokens(body);
    if words.is_empty() {
        return None;
    }
    let kind = if words.len() > 1 { Kind::Exact } else { kind };
    // A negated word excludes without typos: `!raqqa` must not drop
    // claims about another word one letter away.
    let kind = if negative && kind == Kind::Default {
        Kind::Prefix
    } else {
        kind
    };
    Some(Term {
        negative,
        kind,
        words,
    })
}

/// The smallest edit distance between `word` and a beginning of `token`,
/// a swap of two neighbouring letters counting as one edit (optimal string
/// alignment, as the index's fuzzy terms count).
pub fn prefix_distance(word: &str, token: &str) -> usize {
    let a: Vec<char> = word.chars().collect();
    let b: Vec<char> = token.chars().collect();
    // rows[i][j]: distance between a[..i] and b[..j].
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    let at = |i: usize, j: usize| i * width + j;
    for j in 0..=b.len() {
        d[at(0, j)] = j;
    }
    for i in 1..=a.len() {
        d[at(i, 0)] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[at(i - 1, j)] + 1)
                .min(d[at(i, j - 1)] + 1)
                .min(d[at(i - 1, j - 1)] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[at(i - 2, j - 2)] + 1);
            }
            d[at(i, j)] = best;
        }
    }
    (0..=b.len()).map(|j| d[at(a.len(), j)]).min().unwrap_or(0)
}

/// The positions in `text` (grapheme clusters, as the screen draws them)
/// of the words the query's positive terms match, sorted and unique.
pub fn highlight(text: &str, terms: &[Term]) -> Vec<u32> {
    use unicode_segmentation::UnicodeSegmentation;
    let at = tokens_at(text);
    let words: Vec<String> = at.iter().map(|(w, _)| w.clone()).collect();
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
    for t in terms.iter().filter(|t| !t.negative) {
        for i in t.positions(&words) {
            let last = i + t.words.len() - 1;
            if let (Some(first), Some(end)) = (at.get(i), at.get(last)) {
                ranges.push(first.1.start..end.1.end);
            }
        }
    }
    if ranges.is_empty() {
        return Vec::new();
    }
    text.grapheme_indices(true)
        .enumerate()
        .filter(|(_, (byte, _))| ranges.iter().any(|r| r.contains(byte)))
        .map(|(i, _)| i as u32)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(w: &str) -> Term {
        term(w).unwrap()
    }

    #[test]
    fn words_begin_words_and_forgive_typos_by_length() {
        assert!(t("convoy").matches(&tokens("Two convoys left")));
        assert!(t("guiaba").matches(&tokens("rains in Guaíba today")));
        assert!(t("GUAIBA").matches(&tokens("Guaíba")));
        assert!(!t("'convoy").matches(&tokens("convoys")));
        assert!(t("'convoy").matches(&tokens("a Convoy")));
        // Four letters: no typo forgiven.
        assert!(!t("isls").matches(&tokens("isis")));
        assert!(t("killde").matches(&tokens("killed")));
        assert!(t("oys$").matches(&tokens("convoys")));
        assert!(!t("^onvoy").matches(&tokens("convoys")));
        assert!(t("al-baghdadi").matches(&tokens("Abu Bakr al-Baghdadi was")));
        assert!(!t("\"baghdadi al\"").matches(&tokens("al-Baghdadi")));
        assert_eq!(term("—"), None);
        let neg = t("!raqqa");
        assert!(neg.negative && neg.kind == Kind::Prefix);
    }

    #[test]
    fn prefix_distance_counts_a_swap_as_one() {
        assert_eq!(prefix_distance("guiaba", "guaiba"), 1);
        assert_eq!(prefix_distance("conv", "convoys"), 0);
        assert_eq!(prefix_distance("cnovoy", "convoys"), 1);
        assert_eq!(prefix_distance("abc", "xyz"), 3);
        assert_eq!(prefix_distance("", "x"), 0);
    }

    #[test]
    fn highlights_whole_matched_words_in_graphemes() {
        let terms = terms(&["raqq".to_string()]);
        assert_eq!(
            highlight("Cafe\u{301} near Raqqa", &terms),
            vec![10, 11, 12, 13, 14]
        );
        assert_eq!(highlight("in Raqqa", &terms), vec![3, 4, 5, 6, 7]);
        assert!(highlight("nothing", &terms).is_empty());
    }
}
