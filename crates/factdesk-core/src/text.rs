//! Making untrusted text safe to show, and measuring it once it is.
//!
//! Article, RON and source text can hold anything, including escape
//! sequences that would clear the screen, retitle the window or write to the
//! clipboard, and bidi overrides that would reorder what the editor sees.
//! Every string that reaches a terminal, from the command line or the
//! screen, goes through here. Each replaced character becomes one visible
//! stand-in one column wide, so the widths measured here ([`width`],
//! [`fit`], [`pad`]) are the widths drawn.
//!
//! Terminals also disagree on how wide some grapheme clusters are: emoji
//! joined by a zero-width joiner (one glyph of two cells, or each part
//! drawn), flags, emoji with a presentation selector or a skin tone,
//! Hangul syllables spelt in conjoining jamo, a base with a stack of
//! combining marks, a mark with no base. Given one of those, the terminal
//! and the layout part ways and pane borders move. Such a cluster is shown
//! as one `�` instead, whose width every terminal agrees on.

use std::borrow::Cow;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `s` with every control character replaced by a visible stand-in:
/// C0 controls by their Unicode control pictures (ESC → ␛), DEL by ␡, C1
/// controls and bidirectional overrides by �. Tabs and line breaks become
/// spaces, so the result is always one line. For lines printed by the
/// command line; the screen uses [`displayable`].
pub fn printable(s: &str) -> String {
    printable_cow(s).into_owned()
}

/// [`printable`], borrowing `s` when nothing in it needs replacing.
pub fn printable_cow(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_replacing) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().map(replacement).collect())
}

/// [`printable`], and every grapheme cluster of uncertain width made one
/// `�` ([`uncertain_width`]): what the screen hands the terminal, cell by
/// cell, so that what is measured here is what is drawn.
pub fn displayable(s: &str) -> String {
    displayable_cow(s).into_owned()
}

/// [`displayable`], borrowing `s` when nothing in it needs replacing (the
/// common case, on the screen's paths drawn every frame).
pub fn displayable_cow(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| needs_replacing(c) || may_be_uncertain(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for g in s.graphemes(true) {
        if uncertain_width(g) {
            out.push(UNCERTAIN);
        } else {
            out.extend(g.chars().map(replacement));
        }
    }
    Cow::Owned(out)
}

/// What a cluster of uncertain width is shown as.
pub const UNCERTAIN: char = '\u{fffd}';

/// More combining marks than this on one base are a stack terminals draw
/// differently (Vietnamese and Thai use up to three).
const MAX_MARKS: usize = 3;

/// Whether `c` can be part of a cluster of uncertain width: the quick
/// test that keeps plain text on the borrowed path.
fn may_be_uncertain(c: char) -> bool {
    (c as u32) >= 0x300
        && (UnicodeWidthChar::width(c) == Some(0) || is_width_shifter(c) || is_leading_jamo(c))
}

/// Characters that change or join the width of what they follow.
fn is_width_shifter(c: char) -> bool {
    matches!(c,
        '\u{200d}'                      // zero-width joiner
        | '\u{fe0e}' | '\u{fe0f}'        // text / emoji presentation
        | '\u{1f3fb}'..='\u{1f3ff}'      // skin tones
        | '\u{1f1e6}'..='\u{1f1ff}'      // regional indicators (flags)
        | '\u{1160}'..='\u{11ff}'        // conjoining jamo: vowels, finals
        | '\u{d7b0}'..='\u{d7ff}'
        | '\u{e0020}'..='\u{e007f}') // emoji tag sequences
}

fn is_leading_jamo(c: char) -> bool {
    matches!(c, '\u{1100}'..='\u{115f}' | '\u{a960}'..='\u{a97f}')
}

/// Whether terminals may disagree on the width of grapheme cluster `g`.
pub fn uncertain_width(g: &str) -> bool {
    let mut chars = g.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if is_width_shifter(first) {
        return true;
    }
    // A leading jamo with anything after it: a syllable spelt in parts.
    if is_leading_jamo(first) {
        return !chars.as_str().is_empty();
    }
    // A mark with nothing to sit on lands on whatever cell came before.
    if !needs_replacing(first) && UnicodeWidthChar::width(first) == Some(0) {
        return true;
    }
    let mut marks = 0;
    for c in chars {
        if is_width_shifter(c) {
            return true;
        }
        if UnicodeWidthChar::width(c) == Some(0) {
            marks += 1;
            if marks > MAX_MARKS {
                return true;
            }
        }
    }
    false
}

/// The first line of `s` (an error message, say), made [`printable`]: what
/// fits a status bar.
pub fn first_line(s: &str) -> String {
    printable(s.lines().next().unwrap_or(""))
}

/// Display width of one grapheme cluster once [`displayable`].
pub fn grapheme_width(g: &str) -> usize {
    if uncertain_width(g) {
        1
    } else if g.chars().any(needs_replacing) {
        displayable_cow(g).width()
    } else {
        g.width()
    }
}

/// Whether every byte of `s` is a printable ASCII character: one column
/// each, nothing to replace (most of a desk's text, measured and cut
/// without walking grapheme clusters).
fn plain_ascii(s: &str) -> bool {
    s.bytes().all(|b| (0x20..0x7f).contains(&b))
}

/// Display width of `s` once [`displayable`].
pub fn width(s: &str) -> usize {
    if plain_ascii(s) {
        return s.len();
    }
    s.graphemes(true).map(grapheme_width).sum()
}

/// `s` made [`displayable`] and cut to at most `max` display columns, with a
/// final `…` when cut. For columns on the screen, where wide characters
/// take two cells; [`clip`] counts characters instead.
pub fn fit(s: &str, max: usize) -> String {
    if !plain_ascii(s) {
        return fit_clusters(s, max);
    }
    if s.len() <= max {
        return s.to_string();
    }
    // One byte a column: cutting at a byte is cutting at a column.
    match max.checked_sub(1).and_then(|cut| s.get(..cut)) {
        Some(head) => format!("{head}…"),
        None => String::new(),
    }
}

/// [`fit`] by grapheme clusters, for any text.
fn fit_clusters(s: &str, max: usize) -> String {
    let clean = displayable_cow(s);
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

/// `s` on one line, as a one-line field holds it: line breaks and tabs
/// become spaces; other control characters and bidirectional overrides go
/// (a name or a detail pasted from an article must not carry them).
pub fn one_line(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if needs_replacing(c) => None,
            c => Some(c),
        })
        .collect()
}

/// [`one_line`], with each run of spaces made one and the ends trimmed:
/// a speaker's name or a story's detail as it is kept.
pub fn squeezed(s: &str) -> String {
    one_line(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `s` as the clipboard gets it: line breaks kept, tabs made spaces, every
/// other control character and bidirectional override dropped, so that
/// what an article held can never act in the terminal or program it is
/// pasted into.
pub fn for_clipboard(s: &str) -> String {
    s.replace("\r\n", "\n")
        .chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' => Some(' '),
            c if needs_replacing(c) => None,
            c => Some(c),
        })
        .collect()
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
    fn one_line_and_squeezed_keep_no_line_break_control_or_override() {
        let pasted = "Sergei\r\n\tRyabkov\u{1b}[2J \u{202e}x\u{7}";
        assert_eq!(one_line(pasted), "Sergei  \u{20}Ryabkov[2J x");
        assert_eq!(squeezed(pasted), "Sergei Ryabkov[2J x");
        assert_eq!(squeezed("  \n "), "");
        // A paste into the middle of a field keeps its own spaces.
        assert_eq!(one_line(" word "), " word ");
    }

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

    #[test]
    fn clusters_of_uncertain_width_become_one_replacement() {
        let family = "a\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}b";
        assert_eq!(displayable(family), "a\u{fffd}b");
        assert_eq!(width(family), 3);
        assert_eq!(displayable("\u{1f1fa}\u{1f1e6} flag"), "\u{fffd} flag");
        assert_eq!(displayable("\u{1112}\u{1161}\u{11ab}"), "\u{fffd}");
        assert_eq!(displayable("\u{2764}\u{fe0f}"), "\u{fffd}");
        assert_eq!(displayable("\u{301}alone"), "\u{fffd}alone");
        let zalgo = "z\u{301}\u{302}\u{303}\u{304}\u{305}";
        assert_eq!(displayable(zalgo), "\u{fffd}");
        // What terminals agree on is kept.
        for kept in [
            "e\u{301}",
            "\u{1ec7}",
            "e\u{323}\u{302}",
            "한국어",
            "日本",
            "\u{1f600}",
        ] {
            assert_eq!(displayable(kept), kept);
        }
        assert_eq!(grapheme_width("\u{1f1fa}\u{1f1e6}"), 1);
        assert_eq!(fit(family, 2), "a…");
    }

    proptest::proptest! {
        /// What is measured is what is drawn: the width of the text is
        /// the width of its printable form, and that form has no cluster
        /// of uncertain width.
        #[test]
        fn measured_width_is_drawn_width(s in "[a\u{1f468}\u{200d}\u{1f1e6}-\u{1f1ff}\u{1100}-\u{1112}\u{1161}-\u{1175}\u{11a8}-\u{11c2}\u{300}-\u{36f}\u{fe0f}\u{1f3fb}\u{1b}e ]{0,24}") {
            let shown = displayable(&s);
            proptest::prop_assert_eq!(width(&s), shown.width());
            proptest::prop_assert!(!shown.graphemes(true).any(uncertain_width), "{:?}", shown);
        }

        /// The quick path for plain ASCII agrees with the general one.
        #[test]
        fn plain_text_is_measured_and_cut_as_any_text(s in "[ -~]{0,40}", max in 0usize..45) {
            proptest::prop_assert_eq!(fit(&s, max), fit_clusters(&s, max));
            proptest::prop_assert_eq!(width(&s), s.graphemes(true).map(grapheme_width).sum::<usize>());
        }

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

    #[test]
    fn the_clipboard_gets_no_control_characters() {
        assert_eq!(
            for_clipboard("a\u{1b}]52;c;x\u{7}b\r\nc\td\u{202e}e"),
            "a]52;c;xb\nc de"
        );
    }
}
