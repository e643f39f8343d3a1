//! One-line prompts typed in the status bar: the import prompt (a path,
//! with Tab completion; also the corrected article of a story) and the
//! article's find prompt.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::action::Action;
use crate::complete::complete_path;
use crate::component::{Component, Cx, View};
use crate::field::TextField;
use crate::keymap::{Command, Context};
use factdesk_core::ids::StoryId;

#[derive(Debug, Default)]
pub struct ImportPrompt {
    path: TextField,
    /// The story whose corrected article is asked for; `None`: a new
    /// story is imported.
    revise: Option<StoryId>,
}

impl ImportPrompt {
    /// The prompt for a corrected version of `story`'s article.
    pub fn revise(story: StoryId) -> ImportPrompt {
        ImportPrompt {
            path: TextField::default(),
            revise: Some(story),
        }
    }

    /// The story being revised, when the prompt is for a revision.
    pub fn revising(&self) -> Option<&StoryId> {
        self.revise.as_ref()
    }

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
                let path = self.path.text().to_string();
                cx.ask(match &self.revise {
                    Some(story) => Action::Revise {
                        story: story.clone(),
                        path,
                    },
                    None => Action::Import(path),
                });
                true
            }
            Action::Command(_) => {
                cx.ask(Action::Close);
                true
            }
            Action::Input(key) => self.path.input(&key),
            // A file dropped on the terminal arrives as its pasted path,
            // quoted when it has spaces.
            Action::Paste(text) => {
                let line = crate::importing::pasted_line(&text);
                let path = line.trim().trim_matches(['\'', '"']);
                self.path.set(format!("{}{path}", self.path.text()));
                true
            }
            _ => false,
        }
    }

    fn draw(&self, _frame: &mut Frame, _area: Rect, _view: &View) {}

    fn draw_status(&self, frame: &mut Frame, area: Rect, view: &View) -> bool {
        let label = match self.revise {
            Some(_) => "Corrected article file: ",
            None => "Import file: ",
        };
        crate::status::draw_prompt(frame, area, view, label, &self.path);
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
            Action::Input(_) | Action::Paste(_) => self.query.take(&action),
            _ => false,
        }
    }

    fn draw(&self, _frame: &mut Frame, _area: Rect, _view: &View) {}

    fn draw_status(&self, frame: &mut Frame, area: Rect, view: &View) -> bool {
        crate::status::draw_prompt(frame, area, view, "Find: ", &self.query);
        true
    }
}
