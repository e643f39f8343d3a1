//! The one-line text field every prompt, search line and form field uses,
//! with the same keys everywhere: characters type, Backspace deletes,
//! Ctrl-w deletes a word, Ctrl-u clears. The cursor is always at the end.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::text::Span;

use crate::theme::Theme;
use factdesk_core::text::displayable;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextField {
    text: String,
}

impl TextField {
    pub fn new(text: impl Into<String>) -> TextField {
        TextField { text: text.into() }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    pub fn set(&mut self, text: impl Into<String>) {
        self.text = text.into();
    }

    pub fn clear(&mut self) {
        self.text.clear();
    }

    /// Apply a key. Returns whether the text changed.
    pub fn input(&mut self, key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('u') if ctrl => {
                self.text.clear();
                true
            }
            KeyCode::Char('w') if ctrl => {
                let t = self.text.trim_end();
                let cut = t.rfind(' ').map_or(0, |i| i + 1);
                self.text.truncate(cut);
                true
            }
            KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) => {
                self.text.push(c);
                true
            }
            KeyCode::Backspace => self.text.pop().is_some(),
            _ => false,
        }
    }

    /// The text as drawn (made displayable), and the cursor after it when
    /// the field has the keys.
    pub fn spans(&self, focused: bool, theme: &Theme) -> Vec<Span<'static>> {
        let mut spans = vec![Span::raw(displayable(&self.text))];
        if focused {
            spans.push(Span::styled("▏", theme.accent()));
        }
        spans
    }
}

/// The most characters a paste types into a field; a longer one is cut.
pub const MAX_PASTE_TYPED: usize = 64 * 1024;

/// Pasted text as the keys that type it into a field that has no use for
/// a paste as a whole: printable characters as they are, line ends as
/// Enter where the field takes several lines (else as a space), other
/// control characters dropped. Returns the keys and whether it was cut.
pub fn pasted_keys(text: &str, multiline: bool) -> (Vec<KeyEvent>, bool) {
    let mut keys = Vec::new();
    let mut chars = text.chars().peekable();
    let mut typed = 0;
    while let Some(c) = chars.next() {
        if typed == MAX_PASTE_TYPED {
            return (keys, true);
        }
        let code = match c {
            '\r' | '\n' => {
                // CR LF is one line end.
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                if multiline {
                    KeyCode::Enter
                } else {
                    KeyCode::Char(' ')
                }
            }
            '\t' => KeyCode::Char(' '),
            c if c.is_control() || factdesk_core::text::needs_replacing(c) => continue,
            c => KeyCode::Char(c),
        };
        keys.push(KeyEvent::new(code, KeyModifiers::NONE));
        typed += 1;
    }
    (keys, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, m)
    }

    #[test]
    fn the_keys_of_every_field() {
        let mut f = TextField::new("killed in");
        let none = KeyModifiers::NONE;
        assert!(f.input(&key(KeyCode::Char(' '), none)));
        assert!(f.input(&key(KeyCode::Char('M'), KeyModifiers::SHIFT)));
        assert_eq!(f.text(), "killed in M");
        assert!(f.input(&key(KeyCode::Char('w'), KeyModifiers::CONTROL)));
        assert_eq!(f.text(), "killed in ");
        assert!(f.input(&key(KeyCode::Char('w'), KeyModifiers::CONTROL)));
        assert_eq!(f.text(), "killed ");
        assert!(f.input(&key(KeyCode::Backspace, none)));
        assert_eq!(f.text(), "killed");
        assert!(!f.input(&key(KeyCode::Char('x'), KeyModifiers::ALT)));
        assert!(!f.input(&key(KeyCode::Left, none)));
        assert!(f.input(&key(KeyCode::Char('u'), KeyModifiers::CONTROL)));
        assert!(f.is_empty());
        assert!(!f.input(&key(KeyCode::Backspace, none)));
    }
}
