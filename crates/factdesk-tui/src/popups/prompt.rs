//! One-line prompts typed in the status bar: the import prompt (a path,
//! with Tab completion) and the article's find prompt.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::action::Action;
use crate::complete::complete_path;
use crate::component::{Component, Cx, View};
use crate::field::TextField;
use crate::keymap::{Command, Context};

#[derive(Debug, Default)]
pub struct ImportPrompt {
    path: TextField,
}

impl ImportPrompt {
    /// The path typed so far.
    pub fn text(&self) -> &str {
        self.path.text()
    }
}

impl Component for ImportPrompt {
    fn context(&self) -> Context {
        Context::Import
    }

    fn update(&mut self, action: Action, cx: &mut Cx) -> bool {
        match action {
            Action::Command(Command::Complete) => {
                let (done, candidates) = complete_path(self.path.text());
                self.path.set(done);
                if candidates.len() > 1 {
                    cx.info(candidates.join("  "));
                }
                true
            }
            Action::Command(Command::Accept) => {
                cx.ask(Action::Close);
                cx.ask(Action::Import(self.path.text().to_string()));
                true
            }
            Action::Command(_) => {
                cx.ask(Action::Close);
                true
            }
            Action::Input(key) => self.path.input(&key),
            _ => false,
        }
    }

    fn draw(&self, _frame: &mut Frame, _area: Rect, _view: &View) {}

    fn draw_status(&self, frame: &mut Frame, area: Rect, view: &View) -> bool {
        crate::status::draw_prompt(frame, area, view, "Import file: ", &self.path);
        true
    }
}

#[derive(Debug, Default)]
pub struct FindPrompt {
    query: TextField,
}

impl Component for FindPrompt {
    fn context(&self) -> Context {
        Context::Find
    }

    fn update(&mut self, action: Action, cx: &mut Cx) -> bool {
        match action {
            Action::Command(cmd) => {
                cx.ask(Action::Close);
                if cmd == Command::Accept && !self.query.is_empty() {
                    cx.ask(Action::Find(self.query.text().to_string()));
                }
                true
            }
            Action::Input(key) => self.query.input(&key),
            _ => false,
        }
    }

    fn draw(&self, _frame: &mut Frame, _area: Rect, _view: &View) {}

    fn draw_status(&self, frame: &mut Frame, area: Rect, view: &View) -> bool {
        crate::status::draw_prompt(frame, area, view, "Find: ", &self.query);
        true
    }
}
