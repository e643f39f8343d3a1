//! The desk screen: every story, newest first, with its triage bar.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::app::App;
use crate::sanitize::{fit, pad};
use crate::widgets::triage_bar;

const DATE_W: usize = 10;
const OUTLET_W: usize = 14;
const BAR_W: usize = 10;
/// Bar, a space, and "P9 C99 U9 D9" (longer counts cut into the margin).
const TRIAGE_W: usize = BAR_W + 1 + 12;

pub fn draw(frame: &mut Frame, area: Rect, app: &mut App) {
    let theme = app.theme.clone();
    let title = format!(" factdesk · {} ", fit(&app.desk.settings.name, 40));
    let block = Block::bordered()
        .title(Span::styled(title, theme.accent()))
        .border_style(theme.border(true));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 {
        return;
    }
    let d = &mut app.desk_state;
    let width = inner.width as usize;
    let headline_w = width
        .saturating_sub(DATE_W + OUTLET_W + TRIAGE_W + 6)
        .max(10);

    let header = Line::from(Span::styled(
        format!(
            " {} {} {} {}",
            pad("date", DATE_W),
            pad("outlet", OUTLET_W),
            pad("headline", headline_w),
            "triage"
        ),
        theme.dim(),
    ));
    let rows = inner.height.saturating_sub(1) as usize;
    if d.selected < d.offset {
        d.offset = d.selected;
    } else if rows > 0 && d.selected >= d.offset + rows {
        d.offset = d.selected + 1 - rows;
    }
    let mut lines = vec![header];
    if d.shown.is_empty() {
        let msg = if d.summaries.is_empty() {
            "No stories yet. Press i to import an article."
        } else {
            "No story matches the filter (Esc clears it)."
        };
        lines.push(Line::from(Span::styled(format!(" {msg}"), theme.dim())));
    }
    for (pos, &i) in d.shown.iter().enumerate().skip(d.offset).take(rows) {
        let s = &d.summaries[i];
        let date = s.date.map(|d| d.to_string()).unwrap_or_else(|| "—".into());
        let outlet = s.outlet.as_deref().unwrap_or("—");
        let selected = pos == d.selected;
        let row_style = if selected {
            theme.selected()
        } else {
            ratatui::style::Style::new()
        };
        let mut spans = vec![Span::styled(
            format!(
                "{}{} {} {} ",
                if selected { "▶" } else { " " },
                pad(&date, DATE_W),
                pad(outlet, OUTLET_W),
                pad(&s.headline, headline_w)
            ),
            row_style,
        )];
        spans.extend(triage_bar(&theme, &s.counts, BAR_W));
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
