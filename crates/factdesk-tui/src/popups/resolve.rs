//! Settling a conflict a merge left on a claim: its sides, each with its
//! value, editor and time; the one picked becomes an `Edit::Resolve`
//! through the story's edit session (recorded in the history, undoable).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::action::Action;
use crate::component::{Component, Cx, View, move_in_list};
use crate::keymap::{Command, Context};
use crate::widgets::centered;
use factdesk_core::conflict::Conflict;
use factdesk_core::edit::Edit;
use factdesk_core::model::{Claim, ClaimId};
use factdesk_core::text::displayable;

#[derive(Debug)]
pub struct ResolvePicker {
    claim: ClaimId,
    conflict: Conflict,
    /// How many conflicts the claim has (this is the first).
    of: usize,
    selected: usize,
}

impl ResolvePicker {
    /// The picker for the first conflict of `claim`; `None` when it has
    /// none.
    pub fn new(claim: &Claim) -> Option<ResolvePicker> {
        let conflict = claim.conflicts.first()?.clone();
        Some(ResolvePicker {
            claim: claim.id,
            conflict,
            of: claim.conflicts.len(),
            selected: 0,
        })
    }

    pub fn conflict(&self) -> &Conflict {
        &self.conflict
    }

    pub fn selected(&self) -> usize {
        self.selected
    }

    fn pick(&self, cx: &mut Cx) {
        let Some(side) = self.conflict.sides.get(self.selected) else {
            return;
        };
        let field = self.conflict.field.clone();
        let value = side.value.clone();
        let done = format!(
            "claim #{}: conflict on {field} settled: {} (Ctrl-z undoes)",
            self.claim,
            displayable(&value.to_string())
        );
        cx.ask(Action::Close);
        cx.ask(Action::Edit {
            edit: Edit::Resolve {
                claim: self.claim,
                field,
                value,
            },
            done: Some(done),
        });
    }
}

impl Component for ResolvePicker {
    fn context(&self) -> Context {
        Context::Resolve
    }

    fn update(&mut self, action: Action, cx: &mut Cx) -> bool {
        let Action::Command(cmd) = action else {
            return false;
        };
        let n = self.conflict.sides.len();
        match cmd {
            Command::Down => move_in_list(&mut self.selected, n, 1, true),
            Command::Up => move_in_list(&mut self.selected, n, -1, true),
            Command::Top => move_in_list(&mut self.selected, n, 0, false),
            Command::Bottom => move_in_list(&mut self.selected, n, isize::MAX, false),
            Command::Accept => self.pick(cx),
            Command::Cancel => cx.ask(Action::Close),
            _ => return false,
        }
        true
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = &view.env.theme;
        let n = self.conflict.sides.len();
        let w = area.width.saturating_sub(6).min(90);
        let h = u16::try_from(n * 2 + 4).unwrap_or(u16::MAX);
        let popup = centered(area, w, h);
        let more = if self.of > 1 {
            format!(" · 1 of {} conflicts", self.of)
        } else {
            String::new()
        };
        let block = Block::bordered()
            .title(Span::styled(
                format!(
                    " Claim #{}: conflict on its {}{more} ",
                    self.claim, self.conflict.field
                ),
                theme.accent(),
            ))
            .title_bottom(Line::from(" Enter keeps the side · Esc cancels ").right_aligned())
            .border_style(theme.accent());
        let inner = block.inner(popup);
        frame.render_widget(Clear, popup);
        frame.render_widget(block, popup);
        let mut lines = vec![Line::from(Span::styled(
            "Each side as a merge kept it; pick the one to keep.",
            theme.dim(),
        ))];
        for (i, side) in self.conflict.sides.iter().enumerate() {
            let selected = i == self.selected;
            let style = if selected {
                theme.selected()
            } else {
                Style::new()
            };
            let marker = if selected { "▶" } else { " " };
            lines.push(Line::from(Span::styled(
                format!(
                    "{marker}{}) {}",
                    i + 1,
                    displayable(&side.value.to_string())
                ),
                style,
            )));
            let who = side
                .editor
                .as_deref()
                .map_or("editor unknown".into(), displayable);
            let when = side.at.map_or_else(
                || "time unknown".to_string(),
                |t| {
                    t.with_timezone(&view.env.tz)
                        .format("%Y-%m-%d %H:%M")
                        .to_string()
                },
            );
            lines.push(Line::from(Span::styled(
                format!("     {who} · {when}"),
                theme.dim(),
            )));
        }
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    }
}
