//! The editors of a claim's wording (one line, Enter keeps), its note
//! (several lines, Ctrl-s keeps) and the note on one of its source links
//! (one line, Enter keeps), on ratatui-textarea.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Clear};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use crate::action::Action;
use crate::component::{Component, Cx, View};
use crate::keymap::{Command, Context};
use crate::widgets::centered;
use factdesk_core::edit::Edit;
use factdesk_core::model::{Claim, ClaimId, SourceLink};
use factdesk_core::text::printable;

/// The most one paste puts into a note or wording.
pub(crate) const MAX_NOTE_CHARS: usize = 100_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Wording,
    Note,
    /// The note on the link kept in [`ClaimEditor::link`].
    LinkNote,
}

#[derive(Debug)]
pub struct ClaimEditor {
    field: Field,
    claim: ClaimId,
    /// Boxed: a text area is large, and pop-ups are moved about.
    text: Box<TextArea<'static>>,
    /// The link whose note is edited ([`Field::LinkNote`]).
    link: Option<SourceLink>,
}

impl ClaimEditor {
    /// `field` of `claim`, the cursor at the end.
    pub fn new(field: Field, claim: &Claim) -> ClaimEditor {
        let lines: Vec<String> = match field {
            Field::Note => claim.note.lines().map(printable).collect(),
            Field::Wording => vec![printable(&claim.text)],
            Field::LinkNote => Vec::new(),
        };
        Self::with_lines(field, claim.id, lines, None)
    }

    /// The note on `link` of claim `claim`.
    pub fn link_note(claim: ClaimId, link: SourceLink) -> ClaimEditor {
        let lines = vec![printable(link.note.as_deref().unwrap_or(""))];
        Self::with_lines(Field::LinkNote, claim, lines, Some(link))
    }

    fn with_lines(
        field: Field,
        claim: ClaimId,
        lines: Vec<String>,
        link: Option<SourceLink>,
    ) -> ClaimEditor {
        let mut text = TextArea::new(lines);
        // Both wrap: a wording or note longer than the box stays in view.
        text.set_wrap_mode(WrapMode::WordOrGlyph);
        text.set_cursor_line_style(ratatui::style::Style::new());
        text.move_cursor(CursorMove::Bottom);
        text.move_cursor(CursorMove::End);
        ClaimEditor {
            field,
            claim,
            text: Box::new(text),
            link,
        }
    }

    /// The text as it would be kept now.
    fn text(&self) -> String {
        match self.field {
            Field::Wording | Field::LinkNote => self.text.lines().join(" "),
            Field::Note => self.text.lines().join("\n"),
        }
    }

    fn edit(&self) -> Edit {
        let claim = self.claim;
        if let (Field::LinkNote, Some(link)) = (self.field, &self.link) {
            let note = self.text();
            return Edit::Link {
                claim,
                link: SourceLink {
                    note: Some(note).filter(|n| !n.trim().is_empty()),
                    ..link.clone()
                },
            };
        }
        match self.field {
            Field::Wording => Edit::SetText {
                claim,
                text: self.text(),
            },
            Field::Note | Field::LinkNote => Edit::SetNote {
                claim,
                note: self.text(),
            },
        }
    }

    /// What keeping the text is said as.
    fn done(&self) -> Option<String> {
        let link = self
            .link
            .as_ref()
            .filter(|_| self.field == Field::LinkNote)?;
        let had = link.note.as_deref().is_some_and(|n| !n.trim().is_empty());
        let has = !self.text().trim().is_empty();
        Some(match (had, has) {
            (_, true) => format!("note on {} kept (Ctrl-z undoes)", link.source),
            (true, false) => format!("note on {} cleared (Ctrl-z undoes)", link.source),
            (false, false) => return None,
        })
    }
}

impl Component for ClaimEditor {
    fn context(&self) -> Context {
        match self.field {
            Field::Wording => Context::EditText,
            Field::Note => Context::EditNote,
            Field::LinkNote => Context::LinkNote,
        }
    }

    fn update(&mut self, action: Action, cx: &mut Cx) -> bool {
        match action {
            Action::Command(Command::Accept) => {
                cx.ask(Action::Close);
                cx.ask(Action::Edit {
                    edit: self.edit(),
                    done: self.done(),
                });
                true
            }
            Action::Command(Command::Cancel) => {
                cx.ask(Action::Close);
                true
            }
            Action::Input(key) => crate::field::edit_key(&mut self.text, &key),
            // Whole, as one edit; the wording is one line.
            Action::Paste(text) => {
                let text: String = match self.field {
                    Field::Note => text.chars().take(MAX_NOTE_CHARS).collect(),
                    Field::Wording | Field::LinkNote => text
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                        .chars()
                        .take(MAX_NOTE_CHARS)
                        .collect(),
                };
                let text: String = text
                    .chars()
                    .filter(|c| *c == '\n' || !c.is_control())
                    .collect();
                !text.is_empty() && self.text.insert_str(text)
            }
            _ => false,
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = &view.env.theme;
        let note = self.field == Field::Note;
        let w = area.width.saturating_sub(6).min(90);
        let h = if note { 10 } else { 5 }.min(area.height.saturating_sub(2));
        let popup = centered(area, w, h);
        // The keys as the keymap has them, the same the status bar shows.
        let ctx = self.context();
        let key = |cmd| view.env.keymap.key_for(ctx, cmd).unwrap_or_default();
        let link_of;
        let what = match (&self.field, &self.link) {
            (Field::Note, _) => "Note",
            (Field::LinkNote, Some(l)) => {
                link_of = format!("Note on {}", l.source);
                link_of.as_str()
            }
            _ => "Wording",
        };
        let title = format!(
            " {what} ({} keeps, {} cancels) ",
            key(Command::Accept),
            key(Command::Cancel)
        );
        let block = Block::bordered()
            .title(Span::styled(title, theme.accent()))
            .border_style(theme.accent());
        let inner = block.inner(popup);
        frame.render_widget(Clear, popup);
        frame.render_widget(block, popup);
        frame.render_widget(&*self.text, inner);
    }
}
