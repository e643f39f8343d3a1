//! The archive screen: every claim of the desk, newest story first, with a
//! search line in the `factdesk search` language.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::app::App;
use crate::keymap::{Command, Context};
use crate::review::query_verdict;
use crate::sanitize::{fit, pad, sanitize};
use crate::widgets::{badge, highlighted};

const DATE_W: usize = 10;
const OUTLET_W: usize = 14;
const SPEAKER_W: usize = 20;

pub fn draw(frame: &mut Frame, area: Rect, app: &mut App) {
    let theme = app.theme.clone();
    let a = &mut app.archive;
    let title = format!(" Archive · {} of {} claims ", a.hits.len(), app.rows.len());
    let block = Block::bordered()
        .title(Span::styled(title, theme.accent()))
        .border_style(theme.border(true));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height < 4 {
        return;
    }
    let [search, note, header, list] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(inner);
    let width = inner.width as usize;

    // The search line, with the verdict filter `v` cycles shown beside it.
    let mut spans = vec![
        Span::styled("Search: ", theme.accent()),
        Span::raw(sanitize(&a.query).into_owned()),
    ];
    if a.searching {
        spans.push(Span::styled("▏", theme.accent()));
    }
    let verdict = query_verdict(&a.query);
    let chip = match verdict {
        Some(v) => format!("  [verdict: {v}]"),
        None => "  [verdict: any]".to_string(),
    };
    spans.push(Span::styled(
        chip,
        verdict.map_or_else(|| theme.dim(), |v| theme.verdict(v)),
    ));
    frame.render_widget(Paragraph::new(Line::from(spans)), search);

    let note_line = match &a.error {
        Some(e) => Line::from(Span::styled(fit(e, width), theme.error())),
        None => {
            let keys = &app.keymap;
            let k = |ctx, cmd| keys.key_for(ctx, cmd).unwrap_or_default();
            let text = if a.searching {
                format!(
                    "words, verdict: source: speaker: outlet: since: until:  ·  {} opens  ·  {} to the list",
                    k(Context::ArchiveSearch, Command::Open),
                    k(Context::ArchiveSearch, Command::Accept),
                )
            } else {
                format!(
                    "{} search  ·  {} verdict filter  ·  {} opens the story at the claim",
                    k(Context::Archive, Command::Filter),
                    k(Context::Archive, Command::CycleVerdict),
                    k(Context::Archive, Command::Open),
                )
            };
            let mut spans = vec![Span::styled(fit(&text, width), theme.dim())];
            if let Some(p) = a.problems.first() {
                spans = vec![Span::styled(
                    fit(&format!("{} unreadable: {p}", a.problems.len()), width),
                    theme.error(),
                )];
            }
            Line::from(spans)
        }
    };
    frame.render_widget(Paragraph::new(note_line), note);

    let quote_w = width.saturating_sub(5 + DATE_W + OUTLET_W + SPEAKER_W + 4);
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(
            format!(
                " {} {} {} {} {}",
                pad("", 4),
                pad("date", DATE_W),
                pad("outlet", OUTLET_W),
                pad("speaker", SPEAKER_W),
                "quote"
            ),
            theme.dim(),
        ))),
        header,
    );

    let rows = list.height as usize;
    if a.selected < a.offset {
        a.offset = a.selected;
    } else if rows > 0 && a.selected >= a.offset + rows {
        a.offset = a.selected + 1 - rows;
    }
    let mut lines = Vec::new();
    if a.hits.is_empty() {
        let msg = if app.rows.is_empty() {
            "No claims in the desk yet."
        } else {
            "No claim matches the search."
        };
        lines.push(Line::from(Span::styled(format!(" {msg}"), theme.dim())));
    }
    let hl = theme.search_match().add_modifier(Modifier::BOLD);
    let shown: Vec<Vec<u32>> = match a.parsed.as_ref().filter(|q| !q.words.is_empty()) {
        Some(q) => a
            .hits
            .iter()
            .skip(a.offset)
            .take(rows)
            .map(|h| app.searcher.highlight(&app.rows[h.index], q))
            .collect(),
        None => Vec::new(),
    };
    for (n, (pos, hit)) in a
        .hits
        .iter()
        .enumerate()
        .skip(a.offset)
        .take(rows)
        .enumerate()
    {
        let r = &app.rows[hit.index];
        let selected = pos == a.selected;
        let row_style = if selected {
            theme.selected()
        } else {
            Style::new()
        };
        let date = r.date.map_or_else(|| "—".to_string(), |d| d.to_string());
        let mut spans = vec![
            Span::styled(if selected { "▶" } else { " " }, row_style),
            Span::styled(badge(r.verdict), theme.verdict(r.verdict).patch(row_style)),
            Span::styled(
                format!(
                    " {} {} {} ",
                    pad(&date, DATE_W),
                    pad(r.outlet.as_deref().unwrap_or("—"), OUTLET_W),
                    pad(r.speaker.as_deref().unwrap_or("—"), SPEAKER_W),
                ),
                row_style,
            ),
        ];
        let quote = if r.orphaned {
            format!("(orphaned) {}", r.text)
        } else {
            r.text.clone()
        };
        let indices: &[u32] = match shown.get(n) {
            _ if r.orphaned => &[],
            Some(found) => found,
            None => &hit.indices,
        };
        spans.extend(highlighted(
            &quote,
            indices,
            quote_w,
            row_style,
            row_style.patch(hl),
        ));
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), list);
}
