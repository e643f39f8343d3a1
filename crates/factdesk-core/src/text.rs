//! Making untrusted text safe to show.
//!
//! Article, RON and source text can hold anything, including escape
//! sequences that would clear the screen, retitle the window or write to the
//! clipboard. Every string that reaches a terminal goes through here.

/// `s` with every control character replaced by a visible stand-in:
/// C0 controls by their Unicode control pictures (ESC → ␛), DEL by ␡, C1
/// controls and bidirectional overrides by �. Tabs and line breaks become
/// spaces, so the result is always one line.
pub fn printable(s: &str) -> String {
    if !s.chars().any(needs_replacing) {
        return s.to_string();
    }
    s.chars().map(replacement).collect()
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

    proptest::proptest! {
        #[test]
        fn output_has_no_control_characters(s in "\\PC*|[\\x00-\\x1f\\x7f-\\u{9f}]*") {
            proptest::prop_assert!(!printable(&s).chars().any(|c| c.is_control()));
        }
    }
}
