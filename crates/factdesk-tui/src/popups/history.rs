//! The history view: every change of a claim, oldest first, scrolled.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::action::Action;
use crate::component::{Component, Cx, View};
use crate::keymap::{Command, Context};
use crate::widgets::centered;
use factdesk_core::model::{Claim, HistoryEntry};
use factdesk_core::text::displayable;

#[derive(Debug)]
pub struct History {
    /// The claim as it was when the view opened (nothing edits it while
    /// the view is open).
    claim: Claim,
    /// The first change shown.
    scroll: usize,
}

impl History {
    pub fn new(claim: Claim) -> History {
        History { claim, scroll: 0 }
    }

    /// The first change shown (0: the oldest).
    pub fn scroll(&self) -> usize {
        self.scroll
    }
}

impl Component for History {
    fn context(&self) -> Context {
        Context::History
    }

    fn update(&mut self, action: Action, cx: &mut Cx) -> bool {
        let Action::Command(cmd) = action else {
            return false;
        };
        let last = self.claim.history.len().saturating_sub(1);
        match cmd {
            Command::Down => self.scroll = (self.scroll + 1).min(last),
            Command::Up => self.scroll = self.scroll.saturating_sub(1),
            Command::Top => self.scroll = 0,
            Command::Bottom => self.scroll = last,
            _ => cx.ask(Action::Close),
        }
        true
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = &view.env.theme;
        let claim = &self.claim;
        let scroll = self.scroll;
        let w = area.width.saturating_sub(6).min(100);
        let h = area.height.saturating_sub(2);
        let popup = centered(area, w, h);
        let n = claim.history.len();
        let block = Block::bordered()
            .title(Span::styled(
                format!(" History of claim #{} · {n} changes ", claim.id),
                theme.accent(),
            ))
            .title_bottom(
                Line::from(format!(
                    " {}/{n} · j/k scroll · Esc closes ",
                    (scroll + 1).min(n)
                ))
                .right_aligned(),
            )
            .border_style(theme.accent());
        let inner = block.inner(popup);
        frame.render_widget(Clear, popup);
        frame.render_widget(block, popup);
        let mut entries: Vec<&HistoryEntry> = claim.history.iter().collect();
        entries.sort_by_key(|e| e.at);
        let mut lines = Vec::new();
        for e in entries.iter().skip(scroll) {
            let at =
                e.at.with_timezone(&view.env.tz)
                    .format("%Y-%m-%d %H:%M:%S %:z");
            lines.push(Line::from(vec![
                Span::styled(at.to_string(), theme.dim()),
                Span::raw("  "),
                Span::styled(displayable(&e.editor), theme.accent()),
            ]));
            lines.push(Line::from(format!(
                "    {}",
                displayable(&e.change.to_string().replace('\n', " "))
            )));
        }
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    }
}
