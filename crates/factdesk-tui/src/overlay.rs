//! Drawing of the pop-ups: source picker, new-source form, text editors.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui_textarea::TextArea;

use crate::picker::{Picker, SourceForm};
use crate::sanitize::{fit, pad, sanitize};
use crate::theme::Theme;
use crate::widgets::centered;
use factdesk_core::model::{ClaimId, SourceRegistry, Stance};

pub fn draw_picker(
    frame: &mut Frame,
    area: Rect,
    picker: &Picker,
    reg: Option<&SourceRegistry>,
    claim: Option<ClaimId>,
    theme: &Theme,
) {
    let w = area.width.saturating_sub(6).min(90);
    let h = area.height.saturating_sub(4).min(20);
    let popup = centered(area, w, h);
    let title = match claim {
        Some(id) => format!(" Link a source to claim #{id} "),
        None => " Link a source ".into(),
    };
    let block = Block::bordered()
        .title(Span::styled(title, theme.accent()))
        .title_bottom(
            Line::from(" Enter link · Tab stance · Ctrl-n new source · Esc cancel ")
                .right_aligned(),
        )
        .border_style(theme.accent());
    let inner = block.inner(popup);
    frame.render_widget(Clear, popup);
    frame.render_widget(block, popup);
    if let Some(form) = &picker.form {
        return draw_form(
            frame,
            inner,
            form,
            "New source (Tab next field, Enter saves to sources.ron, Esc back)",
            theme,
        );
    }
    let [q, stance, list] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(inner);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("Find: ", theme.dim()),
            Span::raw(sanitize(&picker.query).into_owned()),
            Span::styled("▏", theme.accent()),
        ])),
        q,
    );
    let mut st = vec![Span::styled("Stance: ", theme.dim())];
    for s in Stance::ALL {
        if s == picker.stance {
            st.push(Span::styled(format!("[{s}]"), theme.selected()));
        } else {
            st.push(Span::raw(format!(" {s} ")));
        }
        st.push(Span::raw(" "));
    }
    frame.render_widget(Paragraph::new(Line::from(st)), stance);

    let Some(reg) = reg else {
        frame.render_widget(
            Paragraph::new("The source registry could not be read."),
            list,
        );
        return;
    };
    let width = list.width as usize;
    let mut lines = Vec::new();
    if picker.matches.is_empty() {
        lines.push(Line::from(Span::styled(
            if reg.sources.is_empty() {
                "The registry is empty. Ctrl-n adds a source."
            } else {
                "No source matches. Ctrl-n adds one."
            },
            theme.dim(),
        )));
    }
    let rows = list.height as usize;
    let offset = (picker.selected + 1).saturating_sub(rows);
    for (pos, &i) in picker.matches.iter().enumerate().skip(offset).take(rows) {
        let s = &reg.sources[i];
        let sel = pos == picker.selected;
        let text = format!(
            "{}{} {} {}",
            if sel { "▶" } else { " " },
            pad(s.id.as_str(), 20),
            pad(&s.name, width.saturating_sub(42).max(8)),
            fit(s.kind.as_str(), 18)
        );
        let style = if sel { theme.selected() } else { Style::new() };
        lines.push(Line::from(Span::styled(fit(&text, width), style)));
    }
    frame.render_widget(Paragraph::new(lines), list);
}

pub fn draw_form(frame: &mut Frame, area: Rect, form: &SourceForm, heading: &str, theme: &Theme) {
    let mut lines = vec![Line::from(Span::styled(heading.to_string(), theme.dim()))];
    for (i, label) in SourceForm::LABELS.iter().enumerate() {
        let focused = i == form.focus;
        let mut spans = vec![
            Span::styled(
                format!("{}{:<5} ", if focused { "▶" } else { " " }, label),
                theme.accent(),
            ),
            Span::raw(sanitize(&form.fields[i]).into_owned()),
        ];
        if focused {
            spans.push(Span::styled("▏", theme.accent()));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::from(Span::styled(
        "kinds: wire, official-statement, document, interview, social-post, other",
        theme.dim(),
    )));
    if let Some(e) = &form.error {
        lines.push(Line::from(Span::styled(
            fit(e, area.width as usize),
            theme.error(),
        )));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

pub fn draw_editor(
    frame: &mut Frame,
    area: Rect,
    ta: &TextArea<'static>,
    note: bool,
    theme: &Theme,
) {
    let w = area.width.saturating_sub(6).min(90);
    let h = if note {
        10.min(area.height.saturating_sub(2))
    } else {
        3
    };
    let popup = centered(area, w, h);
    let title = if note {
        " Note (Ctrl-s keeps, Esc cancels) "
    } else {
        " Wording (Enter keeps, Esc cancels) "
    };
    let block = Block::bordered()
        .title(Span::styled(title, theme.accent()))
        .border_style(theme.accent());
    let inner = block.inner(popup);
    frame.render_widget(Clear, popup);
    frame.render_widget(block, popup);
    frame.render_widget(ta, inner);
}
