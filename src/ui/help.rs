//! The help overlay, generated from the keymap itself.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::keymap::{Context, Keymap};
use super::sanitize::{fit, pad};
use super::theme::Theme;
use super::widgets::centered;

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
            _ => "other keys type; Backspace deletes, Ctrl-u clears",
        };
        rows.push(("…".into(), note.into()));
    }
    rows
}

pub fn draw(frame: &mut Frame, area: Rect, keymap: &Keymap, theme: &Theme, ctx: Context) {
    let rows = help_lines(keymap, ctx);
    let key_w = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0).min(24);
    let w = area.width.saturating_sub(4).min(78);
    let h = (rows.len() as u16 + 2).min(area.height.saturating_sub(2));
    let popup = centered(area, w, h);
    let block = Block::bordered()
        .title(Span::styled(
            format!(" Keys: {} ", ctx.name()),
            theme.accent(),
        ))
        .title_bottom(Line::from(" Esc or ? closes ").right_aligned())
        .border_style(theme.accent());
    let inner = block.inner(popup);
    let desc_w = (inner.width as usize).saturating_sub(key_w + 2);
    let lines: Vec<Line> = rows
        .iter()
        .map(|(k, d)| {
            Line::from(vec![
                Span::styled(pad(k, key_w), theme.accent()),
                Span::raw("  "),
                Span::raw(fit(d, desc_w)),
            ])
        })
        .collect();
    frame.render_widget(Clear, popup);
    frame.render_widget(block, popup);
    frame.render_widget(Paragraph::new(lines), inner);
}
