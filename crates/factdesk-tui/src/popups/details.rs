//! The story details form: headline, date, dateline, outlet and URL of
//! one story, opened from the desk or the story screen. Each field is
//! checked by core's rules ([`Detail::parse`]); only the fields changed
//! become the edit, so that a save merged with another editor's keeps
//! the details they changed and we did not.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::action::Action;
use crate::component::{Component, Cx, View};
use crate::field::TextField;
use crate::keymap::{Command, Context};
use crate::widgets::centered;
use factdesk_core::details::{Detail, DetailField};
use factdesk_core::edit::Edit;
use factdesk_core::ids::StoryId;
use factdesk_core::model::Story;
use factdesk_core::text::{first_line, fit};

const N: usize = DetailField::ALL.len();

#[derive(Debug)]
pub struct DetailsForm {
    story: StoryId,
    /// The story is open on the story screen, which applies the edit
    /// (with its undo); otherwise the app opens it for the edit.
    open: bool,
    fields: [TextField; N],
    /// The values the form was opened with: what "changed" is against.
    was: [String; N],
    focus: usize,
    error: Option<String>,
}

impl DetailsForm {
    pub fn new(story: &Story, open: bool) -> DetailsForm {
        let was = DetailField::ALL.map(|f| Detail::current(f, story).text().unwrap_or_default());
        DetailsForm {
            story: story.id.clone(),
            open,
            fields: was.clone().map(TextField::new),
            was,
            focus: 0,
            error: None,
        }
    }

    pub fn focused(&self) -> DetailField {
        DetailField::ALL
            .get(self.focus)
            .copied()
            .unwrap_or(DetailField::Headline)
    }

    pub fn text(&self, field: DetailField) -> &str {
        DetailField::ALL
            .iter()
            .position(|f| *f == field)
            .and_then(|i| self.fields.get(i))
            .map_or("", TextField::text)
    }

    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The changed fields, checked; on the first that does not pass, the
    /// focus goes to it and the error says why.
    fn details(&mut self) -> Option<Vec<Detail>> {
        let mut out = Vec::new();
        for (i, field) in DetailField::ALL.into_iter().enumerate() {
            let (Some(now), Some(was)) = (self.fields.get(i), self.was.get(i)) else {
                continue;
            };
            if now.text().trim() == was.trim() {
                continue;
            }
            match Detail::parse(field, now.text()) {
                Ok(d) => out.push(d),
                Err(e) => {
                    self.focus = i;
                    self.error = Some(first_line(&e.to_string()));
                    return None;
                }
            }
        }
        Some(out)
    }

    fn accept(&mut self, cx: &mut Cx) {
        let Some(details) = self.details() else {
            return;
        };
        cx.ask(Action::Close);
        if details.is_empty() {
            cx.info("the story's details are unchanged");
            return;
        }
        let names: Vec<&str> = details.iter().map(|d| d.field().name()).collect();
        let undo = if self.open { " (Ctrl-z undoes)" } else { "" };
        let done = Some(format!("story {} changed{undo}", names.join(", ")));
        let edit = Edit::SetDetails { details };
        cx.ask(if self.open {
            Action::Edit { edit, done }
        } else {
            Action::EditStory {
                story: self.story.clone(),
                edit,
                done,
            }
        });
    }
}

impl Component for DetailsForm {
    fn context(&self) -> Context {
        Context::Details
    }

    fn update(&mut self, action: Action, cx: &mut Cx) -> bool {
        match action {
            Action::Command(Command::NextField) => self.focus = (self.focus + 1) % N,
            Action::Command(Command::PrevField) => self.focus = (self.focus + N - 1) % N,
            Action::Command(Command::Accept) => self.accept(cx),
            Action::Command(Command::Cancel) => {
                cx.ask(Action::Close);
                cx.info("the story's details are unchanged");
            }
            Action::Command(_) => {}
            Action::Input(_) | Action::Paste(_) => {
                let Some(f) = self.fields.get_mut(self.focus) else {
                    return false;
                };
                let changed = f.take(&action);
                if changed {
                    self.error = None;
                }
                return changed;
            }
            _ => return false,
        }
        true
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = &view.env.theme;
        let w = area.width.saturating_sub(4).min(100);
        let h = (N as u16 + 5).min(area.height.saturating_sub(2));
        let popup = centered(area, w, h);
        let block = Block::bordered()
            .title(Span::styled(
                format!(" Story details · {} ", fit(self.story.as_str(), 50)),
                theme.accent(),
            ))
            .title_bottom(
                Line::from(" Tab next field · Enter saves · Esc cancels ").right_aligned(),
            )
            .border_style(theme.accent());
        let inner = block.inner(popup);
        frame.render_widget(Clear, popup);
        frame.render_widget(block, popup);
        let label_w = 10;
        let room = (inner.width as usize).saturating_sub(label_w + 1);
        let mut lines = vec![Line::from(Span::styled(
            "Empty clears a field (not the headline). Date as YYYY-MM-DD.",
            theme.dim(),
        ))];
        for (i, (field, f)) in DetailField::ALL.iter().zip(&self.fields).enumerate() {
            let focused = i == self.focus;
            let mut spans = vec![Span::styled(
                format!(
                    "{}{:<w$}",
                    if focused { "▶" } else { " " },
                    field.name(),
                    w = label_w
                ),
                theme.accent(),
            )];
            spans.extend(f.spans_within(focused, room, theme));
            lines.push(Line::from(spans));
        }
        lines.push(Line::from(""));
        if let Some(e) = &self.error {
            lines.push(Line::from(Span::styled(
                fit(e, inner.width as usize),
                theme.error(),
            )));
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }
}
