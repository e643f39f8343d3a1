//! A yes/no question in the status bar (delete a claim? merge a source?):
//! `y` does what was asked, any other key does not.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::action::Action;
use crate::component::{Component, Cx, View};
use crate::keymap::{Command, Context, Keymap};
use factdesk_core::text::fit;

#[derive(Debug)]
pub struct Confirm {
    question: String,
    yes: Vec<Action>,
    no: Vec<Action>,
}

impl Confirm {
    /// `question`; `yes` is done on yes, `no` on any other key.
    pub fn new(question: String, yes: Vec<Action>, no: Vec<Action>) -> Confirm {
        Confirm { question, yes, no }
    }

    pub fn question(&self) -> &str {
        &self.question
    }
}

impl Component for Confirm {
    fn context(&self) -> Context {
        Context::Confirm
    }

    /// A key that is not yes is no.
    fn handle_key(&self, key: &KeyEvent, keymap: &Keymap) -> Option<Action> {
        let cmd = keymap.lookup(Context::Confirm, key).unwrap_or(Command::No);
        Some(Action::Command(cmd))
    }

    fn update(&mut self, action: Action, cx: &mut Cx) -> bool {
        let Action::Command(cmd) = action else {
            return false;
        };
        cx.ask(Action::Close);
        let answer = if cmd == Command::Yes {
            &mut self.yes
        } else {
            &mut self.no
        };
        for a in answer.drain(..) {
            cx.ask(a);
        }
        true
    }

    fn draw(&self, _frame: &mut Frame, _area: Rect, _view: &View) {}

    fn draw_status(&self, frame: &mut Frame, area: Rect, view: &View) -> bool {
        let line = Line::from(Span::styled(
            fit(&self.question, area.width as usize),
            view.env.theme.error(),
        ));
        frame.render_widget(Paragraph::new(line), area);
        true
    }
}
