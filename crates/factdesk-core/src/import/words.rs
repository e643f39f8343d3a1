//! Whitespace tokens with their punctuation peeled off, shared by the
//! sentence splitter and the claim suggester.
//!
//! Both only need word-level cues (an abbreviation before a break, a verb of
//! saying, a digit), so a simple split on whitespace is enough and keeps
//! every offset trivially on a char boundary.

/// One whitespace-separated token. `core` is the token without leading and
/// trailing punctuation; `lead` and `trail` are what was peeled off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token<'a> {
    /// Absolute byte offsets of `core`.
    pub start: usize,
    pub end: usize,
    pub core: &'a str,
    pub lead: &'a str,
    pub trail: &'a str,
    /// Inside quotation marks: words there are the quoted party's, not the
    /// article's, so attributions in them must not be taken as the article's.
    pub quoted: bool,
}

impl Token<'_> {
    /// The core with a following full stop re-attached, which is how
    /// abbreviations ("U.S.", "Dr.") are spelled.
    pub fn with_stop(&self) -> Option<String> {
        self.trail
            .starts_with('.')
            .then(|| format!("{}.", self.core))
    }

    pub fn lower(&self) -> String {
        self.core.to_lowercase()
    }

    pub fn starts_lower(&self) -> bool {
        self.core.chars().next().is_some_and(char::is_lowercase)
    }

    /// True when punctuation between the previous token and this one ends a
    /// clause (comma, colon, closing quote, bracket or a dash on its own).
    pub fn clause_break_before(&self, prev: Option<&Token<'_>>) -> bool {
        let breaks = |s: &str| {
            s.chars().any(|c| {
                matches!(
                    c,
                    ',' | ';' | ':' | '”' | '»' | '"' | '(' | ')' | '“' | '«' | '—' | '–'
                )
            })
        };
        breaks(self.lead) || prev.is_some_and(|p| breaks(p.trail) || p.core.is_empty())
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn opens(c: char) -> bool {
    matches!(c, '“' | '«' | '„' | '"')
}

fn closes(c: char) -> bool {
    matches!(c, '”' | '»' | '"')
}

/// Tokens of `text`, whose first byte is at absolute offset `base`.
pub(crate) fn tokens(text: &str, base: usize) -> Vec<Token<'_>> {
    tokens_at(text, base, 0).0
}

/// Tokens of `text` when it starts `depth` quotations deep (a sentence in
/// the middle of a quoted paragraph), and the depth at its end.
pub(crate) fn tokens_at(text: &str, base: usize, depth: usize) -> (Vec<Token<'_>>, usize) {
    let mut out = Vec::new();
    let mut depth = depth;
    let mut rest = text;
    let mut offset = base;
    while !rest.is_empty() {
        let Some(ws_len) = rest.find(|c: char| !c.is_whitespace()) else {
            break;
        };
        offset += ws_len;
        rest = rest.get(ws_len..).unwrap_or_default();
        let tok_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let tok = rest.get(..tok_len).unwrap_or_default();

        let core_start = tok.find(is_word_char).unwrap_or(tok.len());
        let core_end = tok
            .char_indices()
            .rev()
            .find(|&(_, c)| is_word_char(c))
            .map_or(core_start, |(i, c)| i + c.len_utf8());
        let lead = tok.get(..core_start).unwrap_or_default();
        let core = tok.get(core_start..core_end).unwrap_or_default();
        let trail = tok.get(core_end..).unwrap_or_default();

        for c in lead.chars() {
            // A straight quote is ambiguous; before a word it opens.
            if opens(c) {
                depth += 1;
            } else if closes(c) {
                depth = depth.saturating_sub(1);
            }
        }
        let quoted = depth > 0;
        for c in trail.chars() {
            // ...and after a word it closes.
            if closes(c) {
                depth = depth.saturating_sub(1);
            } else if opens(c) {
                depth += 1;
            }
        }

        out.push(Token {
            start: offset + core_start,
            end: offset + core_end,
            core,
            lead,
            trail,
            quoted,
        });
        offset += tok_len;
        rest = rest.get(tok_len..).unwrap_or_default();
    }
    (out, depth)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peels_punctuation_and_tracks_quotes() {
        let text = "“In advance,” it said of the U.S.-led (coalition).";
        let toks = tokens(text, 10);
        let cores: Vec<&str> = toks.iter().map(|t| t.core).collect();
        assert_eq!(
            cores,
            [
                "In",
                "advance",
                "it",
                "said",
                "of",
                "the",
                "U.S.-led",
                "coalition"
            ]
        );
        assert!(toks[0].quoted && toks[1].quoted && !toks[2].quoted);
        assert_eq!(&text[toks[6].start - 10..toks[6].end - 10], "U.S.-led");
        assert_eq!(toks[7].trail, ").");
        assert!(toks[2].clause_break_before(Some(&toks[1])));
        assert!(!toks[3].clause_break_before(Some(&toks[2])));
    }
}
