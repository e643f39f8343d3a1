//! The one-line text field every prompt, search line and form field uses,
//! on the same text area as the note editor, and [`edit_key`], the keys of
//! both, so that they are the same in every field: characters type at the
//! cursor, `←` `→` `Home` `End` (`Ctrl-a` `Ctrl-e`) move, `Alt-b` `Alt-f`
//! move by words, `Backspace` and `Delete` delete, `Ctrl-w` deletes a word,
//! `Ctrl-u` to the start of the line and `Ctrl-k` to its end, `Ctrl-z`
//! `Ctrl-y` undo and redo typing, as they undo and redo edits elsewhere.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::text::Span;
use ratatui_textarea::{CursorMove, TextArea};

use crate::action::Action;
use crate::theme::Theme;
use factdesk_core::text::displayable;

/// The most a one-line field holds: a paste longer than this is cut, so a
/// pasted page cannot make every keystroke slow.
pub const MAX_FIELD_CHARS: usize = 1000;

#[derive(Debug, Clone, Default)]
pub struct TextField {
    /// Boxed: a text area is large, and fields are moved about.
    area: Box<TextArea<'static>>,
}

impl PartialEq for TextField {
    fn eq(&self, other: &TextField) -> bool {
        self.text() == other.text()
    }
}

impl Eq for TextField {}

/// Apply `key` to a text area with the keys every field shares. Returns
/// whether the text changed.
pub fn edit_key(area: &mut TextArea<'static>, key: &KeyEvent) -> bool {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    match key.code {
        // The text area's own meanings of these differ from the rest of
        // the program's (and from a shell's Ctrl-u).
        KeyCode::Char('u') if ctrl && !alt => area.delete_line_by_head(),
        KeyCode::Char('z') if ctrl && !alt => area.undo(),
        KeyCode::Char('y') if ctrl && !alt => area.redo(),
        KeyCode::Char(c) if !ctrl && !alt && c.is_control() && c != '\n' => false,
        _ => area.input(*key),
    }
}

/// One line of `text` as a field keeps it (`factdesk_core::text::one_line`), at most
/// [`MAX_FIELD_CHARS`].
fn one_line(text: &str) -> String {
    factdesk_core::text::one_line(text)
        .chars()
        .take(MAX_FIELD_CHARS)
        .collect()
}

impl TextField {
    pub fn new(text: impl Into<String>) -> TextField {
        let mut f = TextField::default();
        f.set(text);
        f
    }

    pub fn text(&self) -> &str {
        self.area.lines().first().map_or("", String::as_str)
    }

    /// Where the cursor is, in characters from the start.
    pub fn cursor(&self) -> usize {
        self.area.cursor().1
    }

    pub fn is_empty(&self) -> bool {
        self.text().is_empty()
    }

    /// Replace the text; the cursor goes to its end.
    pub fn set(&mut self, text: impl Into<String>) {
        let mut area = TextArea::new(vec![one_line(&text.into())]);
        area.move_cursor(CursorMove::End);
        *self.area = area;
    }

    pub fn clear(&mut self) {
        self.set("");
    }

    /// A key typed, or text pasted; anything else is not for a field.
    /// Returns whether the text changed.
    pub fn take(&mut self, action: &Action) -> bool {
        match action {
            Action::Input(key) => self.input(key),
            Action::Paste(text) => self.paste(text),
            _ => false,
        }
    }

    /// Apply a key. Returns whether the text changed.
    pub fn input(&mut self, key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        // One line: no key makes a second one.
        let newline = matches!(key.code, KeyCode::Enter | KeyCode::Char('\n' | '\r'))
            || (ctrl && key.code == KeyCode::Char('m'));
        if newline {
            return false;
        }
        if let KeyCode::Char(c) = key.code
            && !ctrl
            && (c.is_control()
                || self.area.lines().first().map_or(0, |l| l.chars().count()) >= MAX_FIELD_CHARS)
        {
            return false;
        }
        let before = self.text().to_string();
        edit_key(&mut self.area, key);
        self.text() != before
    }

    /// Paste `text` at the cursor, as one edit (one undo step).
    pub fn paste(&mut self, text: &str) -> bool {
        let room = MAX_FIELD_CHARS.saturating_sub(self.text().chars().count());
        let piece: String = one_line(text).chars().take(room).collect();
        !piece.is_empty() && self.area.insert_str(piece)
    }

    /// The text as drawn (made displayable), with the cursor where it is when
    /// the field has the keys.
    pub fn spans(&self, focused: bool, theme: &Theme) -> Vec<Span<'static>> {
        let text = self.text();
        if !focused {
            return vec![Span::raw(displayable(text))];
        }
        let col = self.area.cursor().1;
        let split = text.char_indices().nth(col).map_or(text.len(), |(i, _)| i);
        let (before, after) = text.split_at(split);
        let mut rest = after.chars();
        let mut spans = vec![Span::raw(displayable(before))];
        match rest.next() {
            Some(c) => {
                spans.push(Span::styled(displayable(&c.to_string()), theme.selected()));
                spans.push(Span::raw(displayable(rest.as_str())));
            }
            None => spans.push(Span::styled("▏", theme.accent())),
        }
        spans
    }

    /// A field's spans cut to `room` columns; a focused field longer than
    /// that is shown from a little before its cursor, so the cursor stays in
    /// sight.
    pub fn spans_within(&self, focused: bool, room: usize, theme: &Theme) -> Vec<Span<'static>> {
        let f = self;
        use factdesk_core::text::{displayable, width};
        if width(f.text()) < room {
            return f.spans(focused, theme);
        }
        if !focused {
            return vec![Span::raw(factdesk_core::text::fit(f.text(), room))];
        }
        let chars: Vec<char> = f.text().chars().collect();
        let cursor = f.cursor().min(chars.len());
        let w = |cs: &[char]| width(&cs.iter().collect::<String>());
        // From the cursor back: the room the text after the cursor does
        // not need, at least half of it.
        let after_w = w(chars.get(cursor..).unwrap_or_default());
        let budget = room.saturating_sub(2 + after_w.min(room / 2));
        let mut start = cursor;
        while start > 0 && w(chars.get(start - 1..cursor).unwrap_or_default()) < budget {
            start -= 1;
        }
        let mut spans = Vec::new();
        if start > 0 {
            spans.push(Span::styled("…", theme.dim()));
        }
        let before: String = chars
            .get(start..cursor)
            .unwrap_or_default()
            .iter()
            .collect();
        let used = width(&before) + usize::from(start > 0);
        spans.push(Span::raw(displayable(&before)));
        match chars.get(cursor) {
            Some(c) => {
                spans.push(Span::styled(displayable(&c.to_string()), theme.selected()));
                let after: String = chars.get(cursor + 1..).unwrap_or_default().iter().collect();
                let left = room.saturating_sub(used + width(&c.to_string()));
                spans.push(Span::raw(factdesk_core::text::fit(&after, left)));
            }
            None => spans.push(Span::styled("▏", theme.accent())),
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
        assert!(f.input(&key(KeyCode::Backspace, none)));
        assert_eq!(f.text(), "killed in");
        // The cursor moves, and typing goes where it is.
        assert!(!f.input(&key(KeyCode::Home, none)));
        assert!(f.input(&key(KeyCode::Char('K'), KeyModifiers::SHIFT)));
        assert_eq!(f.text(), "Kkilled in");
        assert!(f.input(&key(KeyCode::Delete, none)));
        assert_eq!(f.text(), "Killed in");
        assert!(!f.input(&key(KeyCode::End, none)));
        // Ctrl-z undoes typing, Ctrl-y redoes, Ctrl-u clears to the start.
        assert!(f.input(&key(KeyCode::Char('z'), KeyModifiers::CONTROL)));
        assert_eq!(f.text(), "Kkilled in");
        assert!(f.input(&key(KeyCode::Char('y'), KeyModifiers::CONTROL)));
        assert_eq!(f.text(), "Killed in");
        assert!(!f.input(&key(KeyCode::End, none)));
        assert!(f.input(&key(KeyCode::Char('u'), KeyModifiers::CONTROL)));
        assert!(f.is_empty());
        // No second line.
        assert!(!f.input(&key(KeyCode::Enter, none)));
        assert!(!f.input(&key(KeyCode::Char('m'), KeyModifiers::CONTROL)));
        assert_eq!(f.area.lines().len(), 1);
    }

    #[test]
    fn a_paste_is_one_line_one_edit_and_bounded() {
        let mut f = TextField::new("a");
        assert!(f.paste("b\nc\td\u{1b}[2Je"));
        assert_eq!(f.text(), "ab c d[2Je");
        // One undo step takes the whole paste back.
        assert!(f.input(&key(KeyCode::Char('z'), KeyModifiers::CONTROL)));
        assert_eq!(f.text(), "a");
        let big = "x".repeat(100_000);
        assert!(f.paste(&big));
        assert_eq!(f.text().chars().count(), MAX_FIELD_CHARS);
        assert!(!f.paste("more"));
        assert!(!f.input(&key(KeyCode::Char('y'), KeyModifiers::NONE)));
    }

    #[test]
    fn the_cursor_is_drawn_where_it_is() {
        let theme = Theme::no_color();
        let mut f = TextField::new("abc");
        let _ = f.input(&key(KeyCode::Left, KeyModifiers::NONE));
        let spans = f.spans(true, &theme);
        let texts: Vec<&str> = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(texts, ["ab", "c", ""]);
        assert_eq!(f.spans(false, &theme).len(), 1);
    }
}
