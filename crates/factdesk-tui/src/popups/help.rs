//! The help pop-up: the keys of a context, generated from the keymap.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::action::Action;
use crate::component::{Component, Cx, View};
use crate::keymap::{Context, Keymap};
use crate::widgets::centered;
use factdesk_core::text::{fit, pad};

#[derive(Debug)]
pub struct Help {
    /// The context whose keys are listed.
    of: Context,
}

impl Help {
    pub fn new(of: Context) -> Help {
        Help { of }
    }
}

/// Lines of help for `ctx`: "keys  description", plus notes for contexts
/// that take text.
pub fn help_lines(keymap: &Keymap, ctx: Context) -> Vec<(String, String)> {
    let mut rows = keymap.describe(ctx);
    if ctx == Context::Story {
        rows.push((
            "mouse".into(),
            "click a claim or its text; wheel scrolls".into(),
        ));
    }
    if ctx.takes_text() {
        let note = match ctx {
            Context::EditNote => "other keys edit the note; Enter starts a new line",
            Context::EditText => "other keys edit the wording",
            Context::Import => {
                rows.push((
                    "files".into(),
                    "several files: separated by spaces; * and ? match (~/wires/*.txt)".into(),
                ));
                rows.push((
                    "spaces".into(),
                    "a name with spaces in quotes ('my file.txt') or as my\\ file.txt".into(),
                ));
                "other keys type; Backspace deletes, Ctrl-u clears"
            }
            Context::ArchiveSearch => {
                "other keys type: words, verdict: source: speaker: outlet: since: until:"
            }
            Context::Speaker => "other keys type the name; the known speakers below narrow to it",
            Context::Form => {
                rows.push((
                    "← → Space".into(),
                    "on kind: choose the kind (or type its first letters)".into(),
                ));
                "other keys type; an address without https:// is saved with it"
            }
            _ => "other keys type; Backspace deletes, Ctrl-u clears",
        };
        rows.push(("…".into(), note.into()));
    }
    rows
}

impl Component for Help {
    fn context(&self) -> Context {
        Context::Help
    }

    /// Every key of the help closes it.
    fn update(&mut self, action: Action, cx: &mut Cx) -> bool {
        match action {
            Action::Command(_) => {
                cx.ask(Action::Close);
                true
            }
            _ => false,
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = &view.env.theme;
        let rows = help_lines(&view.env.keymap, self.of);
        let key_w = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0).min(24);
        // Two columns when one does not fit the height.
        let max_rows = area.height.saturating_sub(4).max(1) as usize;
        let columns = if rows.len() > max_rows { 2 } else { 1 };
        let per_column = rows.len().div_ceil(columns);
        let w = area.width.saturating_sub(4).min(78 * columns as u16);
        let h = (per_column as u16 + 2).min(area.height.saturating_sub(2));
        let popup = centered(area, w, h);
        let block = Block::bordered()
            .title(Span::styled(
                format!(" Keys: {} ", self.of.name()),
                theme.accent(),
            ))
            .title_bottom(Line::from(" Esc or ? closes ").right_aligned())
            .border_style(theme.accent());
        let inner = block.inner(popup);
        frame.render_widget(Clear, popup);
        frame.render_widget(block, popup);
        let areas = Layout::horizontal(vec![Constraint::Fill(1); columns]).split(inner);
        for (chunk, col_area) in rows.chunks(per_column.max(1)).zip(areas.iter()) {
            let desc_w = (col_area.width as usize).saturating_sub(key_w + 3);
            let lines: Vec<Line> = chunk
                .iter()
                .map(|(k, d)| {
                    Line::from(vec![
                        Span::styled(pad(k, key_w), theme.accent()),
                        Span::raw("  "),
                        Span::raw(fit(d, desc_w)),
                    ])
                })
                .collect();
            frame.render_widget(Paragraph::new(lines), *col_area);
        }
    }
}
