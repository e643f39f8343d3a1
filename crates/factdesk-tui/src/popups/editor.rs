//! The editors of a claim's wording (one line, Enter keeps) and note
//! (several lines, Ctrl-s keeps), on ratatui-textarea.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Clear};
use ratatui_textarea::{CursorMove, TextArea};

use crate::action::Action;
use crate::component::{Component, Cx, View};
use crate::keymap::{Command, Context};
use crate::widgets::centered;
use factdesk_core::edit::Edit;
use factdesk_core::model::{Claim, ClaimId};
use factdesk_core::text::printable;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Wording,
    Note,
}

#[derive(Debug)]
pub struct ClaimEditor {
    field: Field,
    claim: ClaimId,
    /// Boxed: a text area is large, and pop-ups are moved about.
    text: Box<TextArea<'static>>,
}

impl ClaimEditor {
    /// `field` of `claim`, the cursor at the end.
    pub fn new(field: Field, claim: &Claim) -> ClaimEditor {
        let lines: Vec<String> = match field {
            Field::Note => claim.note.lines().map(printable).collect(),
            Field::Wording => vec![printable(&claim.text)],
        };
        let mut text = TextArea::new(lines);
        text.move_cursor(CursorMove::Bottom);
        text.move_cursor(CursorMove::End);
        ClaimEditor {
            field,
            claim: claim.id,
            text: Box::new(text),
        }
    }

    /// The text as it would be kept now.
    fn text(&self) -> String {
        match self.field {
            Field::Wording => self.text.lines().join(" "),
            Field::Note => self.text.lines().join("\n"),
        }
    }

    fn edit(&self) -> Edit {
        let claim = self.claim;
        match self.field {
            Field::Wording => Edit::SetText {
                claim,
                text: self.text(),
            },
            Field::Note => Edit::SetNote {
                claim,
                note: self.text(),
            },
        }
    }
}

impl Component for ClaimEditor {
    fn context(&self) -> Context {
        match self.field {
            Field::Wording => Context::EditText,
            Field::Note => Context::EditNote,
        }
    }

    fn update(&mut self, action: Action, cx: &mut Cx) -> bool {
        match action {
            Action::Command(Command::Accept) => {
                cx.ask(Action::Close);
                cx.ask(Action::Edit {
                    edit: self.edit(),
                    done: None,
                });
                true
            }
            Action::Command(Command::Cancel) => {
                cx.ask(Action::Close);
                true
            }
            Action::Input(key) => self.text.input(key),
            _ => false,
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = &view.env.theme;
        let note = self.field == Field::Note;
        let w = area.width.saturating_sub(6).min(90);
        let h = if note {
            10.min(area.height.saturating_sub(2))
        } else {
            3
        };
        let popup = centered(area, w, h);
        let title = if note {
            " Note (Ctrl-s keeps, Esc cancels) "
        } else {
            " Wording (Enter keeps, Esc cancels) "
        };
        let block = Block::bordered()
            .title(Span::styled(title, theme.accent()))
            .border_style(theme.accent());
        let inner = block.inner(popup);
        frame.render_widget(Clear, popup);
        frame.render_widget(block, popup);
        frame.render_widget(&*self.text, inner);
    }
}
