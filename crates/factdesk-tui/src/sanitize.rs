//! The one place text from outside (articles, RON files, sources, errors)
//! is made safe to put on a terminal.
//!
//! Control characters would let an article move the cursor, change colours
//! or ring the bell; bidi overrides would let it reorder what the editor
//! sees. Every one of them is shown as a visible placeholder instead, one
//! display column wide, so widths computed here match what is drawn.

use std::borrow::Cow;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// What `c` is drawn as; `None` when it is drawn as itself. The mapping is
/// the crate's one ([`factdesk_core::text::replacement`]): control pictures for C0,
/// `␡` for DEL, `�` for C1 and bidi controls, a space for tabs.
pub fn replacement(c: char) -> Option<char> {
    factdesk_core::text::needs_replacing(c).then(|| factdesk_core::text::replacement(c))
}

/// `s` with every unsafe character replaced (see [`replacement`]).
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| replacement(c).is_some()) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().map(|c| replacement(c).unwrap_or(c)).collect())
}

/// Display width of one grapheme cluster once sanitized.
pub fn grapheme_width(g: &str) -> usize {
    if g.chars().any(|c| replacement(c).is_some()) {
        sanitize(g).width()
    } else {
        g.width()
    }
}

/// Display width of `s` once sanitized.
pub fn width(s: &str) -> usize {
    s.graphemes(true).map(grapheme_width).sum()
}

/// `s` sanitized, on one line, cut to at most `max` columns with `…`.
pub fn fit(s: &str, max: usize) -> String {
    let one_line: String = s
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    let clean = sanitize(&one_line);
    if clean.width() <= max {
        return clean.into_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut w = 0;
    for g in clean.graphemes(true) {
        let gw = g.width();
        if w + gw > max - 1 {
            break;
        }
        out.push_str(g);
        w += gw;
    }
    out.push('…');
    out
}

/// `s` padded with spaces (or cut) to exactly `cols` columns.
pub fn pad(s: &str, cols: usize) -> String {
    let mut out = fit(s, cols);
    let w = out.width();
    out.extend(std::iter::repeat_n(' ', cols.saturating_sub(w)));
    out
}

/// The first line of an error message, sanitized (for the status bar).
pub fn one_line(s: &str) -> String {
    sanitize(s.lines().next().unwrap_or("")).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_become_pictures() {
        let s = sanitize("a\u{1b}[31mb\u{7}\u{0}\u{85}\u{202e}\tc\u{7f}");
        assert_eq!(s, "a␛[31mb␇␀\u{fffd}\u{fffd} c␡");
        assert_eq!(sanitize("plain “quotes”"), "plain “quotes”");
        assert!(!s.chars().any(|c| c.is_control()));
    }

    #[test]
    fn fit_counts_display_width() {
        assert_eq!(fit("日本語のテキスト", 7), "日本語…");
        assert_eq!(fit("short", 10), "short");
        assert_eq!(width("e\u{301}x"), 2);
        assert_eq!(pad("ab", 4), "ab  ");
    }
}
