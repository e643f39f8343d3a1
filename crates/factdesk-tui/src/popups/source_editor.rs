//! The sources screen's form: a new source for the registry, or the edit
//! of one, saved into `sources.ron` on Enter.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear};

use super::source_form::{FormError, SourceForm};
use crate::action::Action;
use crate::component::{Component, Cx, View};
use crate::keymap::{Command, Context};
use crate::widgets::centered;
use factdesk_core::model::Source;
use factdesk_core::registry;
use factdesk_core::slug::SourceId;
use factdesk_core::text::fit;

#[derive(Debug)]
pub struct SourceEditor {
    form: SourceForm,
    /// The source edited; `None` for a new one.
    editing: Option<SourceId>,
}

impl SourceEditor {
    pub fn add() -> SourceEditor {
        SourceEditor {
            form: SourceForm::new(""),
            editing: None,
        }
    }

    pub fn edit(source: &Source) -> SourceEditor {
        SourceEditor {
            form: SourceForm::edit(source),
            editing: Some(source.id.clone()),
        }
    }

    pub fn form(&self) -> &SourceForm {
        &self.form
    }

    /// Add or update the source; the source saved.
    fn save(&self, cx: &mut Cx) -> Result<Source, FormError> {
        let reg = cx.data.registry().ok_or(FormError::NoRegistry)?;
        let desk = &cx.env.desk;
        match &self.editing {
            Some(id) => {
                let old = reg.get(id).ok_or_else(|| FormError::Gone(id.clone()))?;
                let s = self.form.validate_edit(old)?;
                registry::update_source(desk, s.clone()).map_err(FormError::Save)?;
                Ok(s)
            }
            None => {
                let mut s = self.form.validate(reg)?;
                s.accessed = Some(cx.who().at.date_naive());
                factdesk_core::store::add_source(desk, s.clone()).map_err(FormError::Save)?;
                Ok(s)
            }
        }
    }
}

impl Component for SourceEditor {
    fn context(&self) -> Context {
        Context::Form
    }

    fn update(&mut self, action: Action, cx: &mut Cx) -> bool {
        match action {
            Action::Command(Command::NextField) => self.form.next_field(),
            Action::Command(Command::PrevField) => self.form.prev_field(),
            Action::Command(Command::Accept) => match self.save(cx) {
                Ok(s) => {
                    let verb = if self.editing.is_some() {
                        "saved"
                    } else {
                        "added"
                    };
                    cx.ask(Action::Close);
                    cx.ask(Action::SourceSaved { id: s.id, verb });
                }
                Err(e) => self.form.set_error(&e),
            },
            Action::Command(Command::Cancel) => cx.ask(Action::Close),
            Action::Command(_) => {}
            Action::Input(_) | Action::Paste(_) => return self.form.take(&action),
            _ => return false,
        }
        true
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = &view.env.theme;
        let w = area.width.saturating_sub(6).min(90);
        let h = 11.min(area.height.saturating_sub(2));
        let popup = centered(area, w, h);
        let title = match &self.editing {
            Some(id) => format!(" Edit source {} ", fit(id.as_str(), 40)),
            None => " New source ".to_string(),
        };
        let block = Block::bordered()
            .title(Span::styled(title, theme.accent()))
            .title_bottom(
                Line::from(" Tab next field · Enter saves · Esc cancels ").right_aligned(),
            )
            .border_style(theme.accent());
        let inner = block.inner(popup);
        frame.render_widget(Clear, popup);
        frame.render_widget(block, popup);
        let heading = match &self.editing {
            Some(_) => "The id stays (stories link to it). Enter saves to sources.ron.",
            None => "A new source for the registry. Enter saves to sources.ron.",
        };
        self.form.draw(frame, inner, heading, theme);
    }
}
