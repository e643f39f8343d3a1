//! The deleted claims of a story: each kept whole on the record, with who
//! deleted it, when and why; Enter puts the selected one back.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::action::Action;
use crate::component::{Component, Cx, View, move_in_list};
use crate::keymap::{Command, Context};
use crate::widgets::{badge, centered};
use factdesk_core::edit::Edit;
use factdesk_core::model::Claim;
use factdesk_core::text::{displayable, fit};

#[derive(Debug)]
pub struct DeletedClaims {
    /// The story's deleted claims when the list opened.
    claims: Vec<Claim>,
    selected: usize,
}

impl DeletedClaims {
    pub fn new(claims: Vec<Claim>) -> DeletedClaims {
        DeletedClaims {
            claims,
            selected: 0,
        }
    }

    pub fn claims(&self) -> &[Claim] {
        &self.claims
    }

    pub fn selected(&self) -> usize {
        self.selected
    }
}

impl Component for DeletedClaims {
    fn context(&self) -> Context {
        Context::Deleted
    }

    fn update(&mut self, action: Action, cx: &mut Cx) -> bool {
        let Action::Command(cmd) = action else {
            return false;
        };
        let n = self.claims.len();
        match cmd {
            Command::Down => move_in_list(&mut self.selected, n, 1, true),
            Command::Up => move_in_list(&mut self.selected, n, -1, true),
            Command::Restore => {
                cx.ask(Action::Close);
                if let Some(c) = self.claims.get(self.selected) {
                    cx.ask(Action::Edit {
                        edit: Edit::RestoreClaim { claim: c.id },
                        done: Some(format!("restored claim #{} (Ctrl-z undoes)", c.id)),
                    });
                }
            }
            _ => cx.ask(Action::Close),
        }
        true
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = &view.env.theme;
        let n = self.claims.len();
        let w = area.width.saturating_sub(6).min(100);
        let h = area.height.saturating_sub(2);
        let popup = centered(area, w, h);
        let block = Block::bordered()
            .title(Span::styled(
                format!(" Deleted claims · {n} "),
                theme.accent(),
            ))
            .title_bottom(Line::from(" j/k choose · Enter restores · Esc closes ").right_aligned())
            .border_style(theme.accent());
        let inner = block.inner(popup);
        frame.render_widget(Clear, popup);
        frame.render_widget(block, popup);
        let cols = inner.width as usize;
        let mut lines = Vec::new();
        for (i, c) in self.claims.iter().enumerate() {
            let selected = i == self.selected;
            let style = if selected {
                theme.selected()
            } else {
                ratatui::style::Style::new()
            };
            lines.push(Line::from(vec![
                Span::styled(if selected { "▶" } else { " " }, style),
                Span::styled(format!("#{} ", c.id), theme.accent().patch(style)),
                Span::styled(badge(c.verdict), theme.verdict(c.verdict).patch(style)),
                Span::styled(
                    fit(
                        &format!(" “{}”", displayable(&c.text)),
                        cols.saturating_sub(12),
                    ),
                    style,
                ),
            ]));
            let (who, note) = match c.deletion() {
                Some((entry, note)) => {
                    let at = entry
                        .at
                        .with_timezone(&view.env.tz)
                        .format("%Y-%m-%d %H:%M");
                    (
                        format!("deleted {at} by {}", displayable(&entry.editor)),
                        note,
                    )
                }
                None => ("deleted".to_string(), None),
            };
            let why = note
                .map(|n| format!(" · “{}”", displayable(n)))
                .unwrap_or_default();
            lines.push(Line::from(Span::styled(
                fit(&format!("     {who}{why}"), cols),
                theme.dim(),
            )));
        }
        // Keep the selected claim in view: two lines each.
        let per = 2usize;
        let rows = (inner.height as usize / per).max(1);
        let first = self.selected.saturating_sub(rows - 1) * per;
        let scroll = u16::try_from(first).unwrap_or(u16::MAX);
        frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
    }
}
