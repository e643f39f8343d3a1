//! The sources screen: the registry, with how each source is used, and the
//! form that adds or edits one. Also the history view of a claim.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::app::App;
use crate::review::SourceEdit;
use crate::sanitize::{fit, pad, sanitize};
use crate::theme::Theme;
use crate::widgets::{centered, counts_spans};
use factdesk_core::model::Claim;

const ID_W: usize = 18;
const KIND_W: usize = 18;
const OUTLET_W: usize = 14;
/// "S99 X99 C99 ".
const STANCE_W: usize = 12;
/// "P9 C99 U9 D9".
const VERDICTS_W: usize = 14;

pub fn draw(frame: &mut Frame, area: Rect, app: &mut App) {
    let theme = app.theme.clone();
    let n = app.sources.as_ref().map_or(0, |s| s.value.sources.len());
    let block = Block::bordered()
        .title(Span::styled(format!(" Sources · {n} "), theme.accent()))
        .border_style(theme.border(true));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height < 2 {
        return;
    }
    let width = inner.width as usize;
    let name_w = width
        .saturating_sub(1 + ID_W + KIND_W + OUTLET_W + STANCE_W + VERDICTS_W + 5)
        .max(8);
    let mut lines = vec![Line::from(Span::styled(
        fit(
            &format!(
                " {} {} {} {} {} {}",
                pad("id", ID_W),
                pad("name", name_w),
                pad("kind", KIND_W),
                pad("outlet", OUTLET_W),
                pad("sup con ctx", STANCE_W),
                "verdicts"
            ),
            width,
        ),
        theme.dim(),
    ))];
    let Some(reg) = app.sources.as_ref() else {
        lines.push(Line::from(Span::styled(
            " The source registry could not be read.",
            theme.error(),
        )));
        frame.render_widget(Paragraph::new(lines), inner);
        return;
    };
    let st = &mut app.sources_state;
    let rows = inner.height.saturating_sub(2) as usize;
    if st.selected < st.offset {
        st.offset = st.selected;
    } else if rows > 0 && st.selected >= st.offset + rows {
        st.offset = st.selected + 1 - rows;
    }
    if reg.value.sources.is_empty() {
        lines.push(Line::from(Span::styled(
            " The registry is empty. Press a to add a source.",
            theme.dim(),
        )));
    }
    for (i, s) in reg
        .value
        .sources
        .iter()
        .enumerate()
        .skip(st.offset)
        .take(rows)
    {
        let selected = i == st.selected;
        let marked = st.merging.as_ref() == Some(&s.id);
        let row_style = if selected {
            theme.selected()
        } else {
            Style::new()
        };
        let u = st.usage.get(&s.id).copied().unwrap_or_default();
        let marker = match (marked, selected) {
            (true, _) => "⇢",
            (false, true) => "▶",
            _ => " ",
        };
        let mut spans = vec![Span::styled(
            format!(
                "{marker}{} {} {} {} {} ",
                pad(s.id.as_str(), ID_W),
                pad(&s.name, name_w),
                pad(s.kind.as_str(), KIND_W),
                pad(s.outlet.as_deref().unwrap_or("—"), OUTLET_W),
                pad(
                    &format!("{:>3} {:>3} {:>3}", u.supports, u.contradicts, u.context),
                    STANCE_W
                ),
            ),
            row_style,
        )];
        spans.extend(counts_spans(&theme, &u.verdicts));
        lines.push(Line::from(spans));
    }
    let foot = match &st.merging {
        Some(from) => Line::from(Span::styled(
            fit(
                &format!(
                    " Merging {from} into…: choose the source to keep and press m; Esc cancels"
                ),
                width,
            ),
            theme.accent(),
        )),
        None => Line::from(Span::styled(
            fit(
                " a add · e edit · m merge a duplicate into another · sup/con/ctx: claims it supports, contradicts, gives context to",
                width,
            ),
            theme.dim(),
        )),
    };
    let body = Rect {
        height: inner.height - 1,
        ..inner
    };
    frame.render_widget(Paragraph::new(lines), body);
    let foot_area = Rect {
        y: inner.y + inner.height - 1,
        height: 1,
        ..inner
    };
    frame.render_widget(Paragraph::new(foot), foot_area);
}

/// The add / edit form of the sources screen.
pub fn draw_form(frame: &mut Frame, area: Rect, edit: &SourceEdit, theme: &Theme) {
    let w = area.width.saturating_sub(6).min(90);
    let h = 11.min(area.height.saturating_sub(2));
    let popup = centered(area, w, h);
    let title = match &edit.editing {
        Some(id) => format!(" Edit source {} ", fit(id.as_str(), 40)),
        None => " New source ".to_string(),
    };
    let block = Block::bordered()
        .title(Span::styled(title, theme.accent()))
        .title_bottom(Line::from(" Tab next field · Enter saves · Esc cancels ").right_aligned())
        .border_style(theme.accent());
    let inner = block.inner(popup);
    frame.render_widget(Clear, popup);
    frame.render_widget(block, popup);
    let heading = match &edit.editing {
        Some(_) => "The id stays (stories link to it). Enter saves to sources.ron.",
        None => "A new source for the registry. Enter saves to sources.ron.",
    };
    crate::overlay::draw_form(frame, inner, &edit.form, heading, theme);
}

/// The history view: every change of `claim`, oldest first, from `scroll`.
pub fn draw_history(
    frame: &mut Frame,
    area: Rect,
    claim: &Claim,
    scroll: usize,
    tz: chrono::FixedOffset,
    theme: &Theme,
) {
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
    let mut entries: Vec<&factdesk_core::model::HistoryEntry> = claim.history.iter().collect();
    entries.sort_by_key(|e| e.at);
    let mut lines = Vec::new();
    for e in entries.iter().skip(scroll) {
        let at = e.at.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S %:z");
        lines.push(Line::from(vec![
            Span::styled(at.to_string(), theme.dim()),
            Span::raw("  "),
            Span::styled(sanitize(&e.editor).into_owned(), theme.accent()),
        ]));
        lines.push(Line::from(format!(
            "    {}",
            sanitize(&e.change.to_string().replace('\n', " "))
        )));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
