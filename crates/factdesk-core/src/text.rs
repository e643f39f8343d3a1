//! Making untrusted text safe to show, and measuring it once it is.
//!
//! Article, RON and source text can hold anything, including escape
//! sequences that would clear the screen, retitle the window or write to the
//! clipboard, and bidi overrides that would reorder what the editor sees.
//! Every string that reaches a terminal, from the command line or the
//! screen, goes through here. Each replaced character becomes one visible
//! stand-in one column wide, so the widths measured here ([`width`],
//! [`fit`], [`pad`]) are the widths drawn.

use std::borrow::Cow;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// `s` with every control character replaced by a visible stand-in:
/// C0 controls by their Unicode control pictures (ESC → ␛), DEL by ␡, C1
/// controls and bidirectional overrides by �. Tabs and line breaks become
/// spaces, so the result is always one line.
pub fn printable(s: &str) -> String {
    printable_cow(s).into_owned()
}

/// [`printable`], borrowing `s` when nothing in it needs replacing (the
/// common case, on the screen's paths drawn every frame).
pub fn printable_cow(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_replacing) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().map(replacement).collect())
}

/// The first line of `s` (an error message, say), made [`printable`]: what
/// fits a status bar.
pub fn first_line(s: &str) -> String {
    printable(s.lines().next().unwrap_or(""))
}

/// Display width of one grapheme cluster once [`printable`].
pub fn grapheme_width(g: &str) -> usize {
    if g.chars().any(needs_replacing) {
        printable_cow(g).width()
    } else {
        g.width()
    }
}

/// Display width of `s` once [`printable`].
pub fn width(s: &str) -> usize {
    s.graphemes(true).map(grapheme_width).sum()
}

/// `s` made [`printable`] and cut to at most `max` display columns, with a
/// final `…` when cut. For columns on the screen, where wide characters
/// take two cells; [`clip`] counts characters instead.
pub fn fit(s: &str, max: usize) -> String {
    let clean = printable_cow(s);
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

/// [`fit`], padded with spaces to exactly `cols` display columns.
pub fn pad(s: &str, cols: usize) -> String {
    let mut out = fit(s, cols);
    let w = out.width();
    out.extend(std::iter::repeat_n(' ', cols.saturating_sub(w)));
    out
}

/// [`printable`], shortened to at most `max` characters with a final `…`.
pub fn clip(s: &str, max: usize) -> String {
    let s = printable(s);
    if s.chars().count() <= max {
        s
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// Like [`printable`] but keeps line breaks.
pub fn printable_lines(s: &str) -> String {
    s.split('\n').map(printable).collect::<Vec<_>>().join("\n")
}

/// JSON text with every character that [`printable`] would replace written
/// as a `\uXXXX` escape instead (line breaks between values are kept).
/// The JSON means exactly the same, but raw control, C1 and bidirectional
/// characters, which serializers pass through, never reach a terminal.
pub fn json_safe(json: &str) -> String {
    if !json.chars().any(|c| c != '\n' && needs_replacing(c)) {
        return json.to_string();
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if c != '\n' && needs_replacing(c) {
            let mut buf = [0u16; 2];
            for unit in c.encode_utf16(&mut buf) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

pub fn needs_replacing(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// The character shown in place of `c`.
pub fn replacement(c: char) -> char {
    match c {
        '\t' | '\n' | '\r' => ' ',
        '\u{7f}' => '␡',
        c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32).unwrap_or('�'),
        c if needs_replacing(c) => '�',
        c => c,
    }
}

/// Characters that reorder the text around them; shown raw they can make a
/// line read differently from what it holds.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_become_visible() {
        assert_eq!(printable("a\x1b[2Jb\x07\u{9b}c"), "a␛[2Jb␇�c");
        assert_eq!(printable("tab\there\nnext"), "tab here next");
        assert_eq!(printable_lines("one\ntwo\x1b"), "one\ntwo␛");
        assert_eq!(printable("\u{202e}evil"), "�evil");
        assert_eq!(printable("plain “quotes” – ok"), "plain “quotes” – ok");
    }

    #[test]
    fn json_safe_escapes_but_keeps_meaning() {
        let v = serde_json::json!({"a": "x\u{1b}[2J\u{9b}\u{202e}y\u{7f}\n"});
        let pretty = serde_json::to_string_pretty(&v).unwrap();
        let safe = json_safe(&pretty);
        assert!(
            !safe.chars().any(|c| c != '\n' && needs_replacing(c)),
            "{safe}"
        );
        assert!(safe.contains("\\u202e"), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn fit_and_pad_count_display_columns() {
        assert_eq!(fit("日本語のテキスト", 7), "日本語…");
        assert_eq!(fit("short", 10), "short");
        assert_eq!(fit("two\nlines", 20), "two lines");
        assert_eq!(fit("abc", 0), "");
        assert_eq!(width("e\u{301}x"), 2);
        assert_eq!(width("a\u{1b}b"), 3);
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(pad("日本語", 5), "日本…");
        assert_eq!(first_line("first\u{7}\nsecond"), "first␇");
    }

    #[test]
    fn printable_cow_borrows_clean_text() {
        assert!(matches!(printable_cow("plain “quotes”"), Cow::Borrowed(_)));
        let s = printable_cow("a\u{1b}[31mb\u{7}\u{0}\u{85}\u{202e}\tc\u{7f}");
        assert_eq!(s, "a␛[31mb␇␀\u{fffd}\u{fffd} c␡");
    }

    proptest::proptest! {
        #[test]
        fn fit_never_exceeds_its_width(s in "\\PC*|[\\x00-\\x1f\\x7f-\\u{9f}]*|[日本e\u{301} ]*", max in 0usize..20) {
            let out = fit(&s, max);
            proptest::prop_assert!(out.width() <= max, "{out:?}");
            proptest::prop_assert!(!out.chars().any(needs_replacing));
        }

        #[test]
        fn output_has_no_control_characters(s in "\\PC*|[\\x00-\\x1f\\x7f-\\u{9f}]*") {
            proptest::prop_assert!(!printable(&s).chars().any(|c| c.is_control()));
        }
    }
}
