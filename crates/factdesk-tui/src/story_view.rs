//! The story screen: the article on the left, the claims and the selected
//! claim's detail on the right.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::app::{App, Focus, StoryState};
use crate::article::{Mark, visible_lines};
use crate::review::SeenBefore;
use crate::sanitize::{fit, pad, sanitize};
use crate::theme::Theme;
use crate::widgets::badge;
use factdesk_core::model::{Claim, SourceRegistry};

pub fn draw(frame: &mut Frame, area: Rect, app: &mut App) {
    let theme = app.theme.clone();
    let Some(st) = app.story.as_mut() else {
        return;
    };
    let [top, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let story = st.doc().story();
    let mut head = vec![Span::styled(
        fit(&story.headline, top.width as usize),
        theme.accent(),
    )];
    let meta: Vec<String> = [
        story.date.map(|d| d.to_string()),
        story.outlet.clone(),
        Some(story.id.to_string()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let used = crate::sanitize::width(&head[0].content);
    let rest = (top.width as usize).saturating_sub(used + 3);
    if rest > 8 {
        head.push(Span::styled(
            format!(" · {}", fit(&meta.join(" · "), rest)),
            theme.dim(),
        ));
    }
    // Another editor holds the story, or a conflict stopped saving: say so
    // where the headline was, so nobody triages into the void.
    if let Some(banner) = &st.read_only() {
        head = vec![Span::styled(fit(banner, top.width as usize), theme.error())];
    }
    frame.render_widget(Paragraph::new(Line::from(head)), top);

    let [left, right] =
        Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(body);
    let n_claims = st.doc().story().claims.len() as u16;
    let list_h = (n_claims.max(1) + 2).min(right.height / 2).max(3);
    let [list_area, detail_area] =
        Layout::vertical([Constraint::Length(list_h), Constraint::Min(1)]).areas(right);

    draw_article(frame, left, app, &theme);
    let seen = app.seen_before();
    let open_key = app.keymap.key_for(
        crate::keymap::Context::Story,
        crate::keymap::Command::SeenBefore,
    );
    let st = app.story.as_mut().expect("story open");
    app.hit.claims = draw_claims(frame, list_area, st, &theme);
    let reg = app.sources.as_ref().map(|s| &s.value);
    let seen = seen.as_ref().map(|s| (s, open_key.as_deref()));
    draw_detail(frame, detail_area, st, reg, seen, &theme, app.tz);
}

fn draw_article(frame: &mut Frame, area: Rect, app: &mut App, theme: &Theme) {
    let st = app.story.as_mut().expect("story open");
    let focused = st.focus == Focus::Article;
    let block = Block::bordered()
        .title(" Article ")
        .border_style(theme.border(focused));
    let inner = block.inner(area);
    let width = inner.width as usize;
    let height = inner.height as usize;
    app.article_width = width.max(1);
    app.article_height = height;
    app.hit.article = inner;

    let st = app.story.as_mut().expect("story open");
    let total = st.index(width).lines.len();
    if st.follow && height > 0 {
        let target = match st.focus {
            Focus::Article => Some(st.cursor),
            Focus::Claims => st
                .selected_claim()
                .filter(|c| !c.orphaned)
                .map(|c| c.anchor.start),
        };
        if let Some(pos) = target {
            st.ensure_index(width);
            let index = st.line_index();
            let line = index.line_of(pos);
            let end_line = match st.focus {
                Focus::Claims => st.selected_claim().map_or(line, |c| {
                    index.line_of(c.anchor.end.saturating_sub(1)).max(line)
                }),
                Focus::Article => line,
            };
            if line < st.scroll {
                st.scroll = line;
            } else if end_line >= st.scroll + height {
                st.scroll = (end_line + 1).saturating_sub(height).min(line);
            }
        }
        st.follow = false;
    }
    st.scroll = st.scroll.min(total.saturating_sub(1));
    let scroll = st.scroll;

    let title_pos = format!(
        " {}–{}/{} ",
        scroll + 1,
        (scroll + height).min(total),
        total
    );
    let block = block.title_top(Line::from(title_pos).right_aligned());
    frame.render_widget(block, area);

    let marks = article_marks(st, width, scroll, height, theme);
    let st = app.story.as_mut().expect("story open");
    st.ensure_index(width);
    let index = st.line_index();
    let lines = visible_lines(&st.doc().article, index, scroll, height, &marks);
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Highlights for the visible part of the article, lowest priority first.
fn article_marks(
    st: &mut StoryState,
    width: usize,
    scroll: usize,
    height: usize,
    theme: &Theme,
) -> Vec<Mark> {
    let (vis_start, vis_end) = {
        let index = st.index(width);
        let first = index.lines.get(scroll).map_or(0, |r| r.start);
        let last = (scroll + height).min(index.lines.len()).saturating_sub(1);
        let end = index.lines.get(last).map_or(first, |r| r.end);
        (first, end)
    };
    let text = &st.doc().article;
    let mut marks = Vec::new();
    let claims = &st.doc().story().claims;
    for (i, c) in claims.iter().enumerate() {
        if c.orphaned || c.anchor.end < vis_start || c.anchor.start > vis_end {
            continue;
        }
        let mut style = theme.claim_text(c.verdict);
        if i == st.selected {
            // In the article's focus the cursor is the reversed cell, so
            // the selected claim is only bold there.
            style = if st.focus == Focus::Article {
                style.add_modifier(ratatui::style::Modifier::BOLD)
            } else {
                style.patch(theme.selected())
            };
        }
        marks.push(Mark {
            range: c.anchor.start..c.anchor.end,
            style,
        });
    }
    if let Some(q) = st.find.as_deref().filter(|q| !q.is_empty()) {
        let mut end = (vis_end + q.len()).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let window = &text[vis_start..end];
        for (i, _) in window.match_indices(q) {
            marks.push(Mark {
                range: vis_start + i..vis_start + i + q.len(),
                style: theme.search_match(),
            });
        }
    }
    if st.focus == Focus::Article {
        if let Some(sel) = st.selection() {
            marks.push(Mark {
                range: sel,
                style: theme.selection(),
            });
        }
        let c = st.cursor.min(text.len());
        let len = crate::article::grapheme_len(text, c);
        marks.push(Mark {
            range: c..c + len,
            style: theme.cursor(),
        });
    }
    marks
}

fn claim_row(c: &Claim, width: usize, selected: bool, theme: &Theme) -> Line<'static> {
    let marker = if selected { "▶" } else { " " };
    let left = format!("{marker}{} ", badge(c.verdict));
    // The speaker only when there is room for the quote too.
    let speaker_w = (width / 4).min(16);
    let speaker = c
        .speaker
        .as_deref()
        .filter(|_| width >= 44)
        .map(|s| format!(" — {}", fit(s, speaker_w)))
        .unwrap_or_default();
    let right = format!("{speaker} ·{}", c.sources.len());
    let quote_w =
        width.saturating_sub(crate::sanitize::width(&left) + crate::sanitize::width(&right));
    let quote = if c.orphaned {
        format!("(orphaned) {}", c.text)
    } else {
        c.text.clone()
    };
    let row_style = if selected {
        theme.selected()
    } else {
        Style::new()
    };
    Line::from(vec![
        Span::styled(marker.to_string(), row_style),
        Span::styled(
            badge(c.verdict).to_string(),
            theme.verdict(c.verdict).patch(row_style),
        ),
        Span::styled(" ".to_string(), row_style),
        Span::styled(pad(&quote, quote_w), row_style),
        Span::styled(right, row_style.patch(theme.dim())),
    ])
}

fn draw_claims(frame: &mut Frame, area: Rect, st: &mut StoryState, theme: &Theme) -> Rect {
    let focused = st.focus == Focus::Claims;
    let n = st.doc().story().claims.len();
    let block = Block::bordered()
        .title(format!(" Claims ({n}) "))
        .border_style(theme.border(focused));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let rows = inner.height as usize;
    if st.selected < st.claims_offset {
        st.claims_offset = st.selected;
    } else if rows > 0 && st.selected >= st.claims_offset + rows {
        st.claims_offset = st.selected + 1 - rows;
    }
    let claims = &st.doc().story().claims;
    let lines: Vec<Line> = if claims.is_empty() {
        vec![Line::from(Span::styled(
            "No claims. Tab, then select text and press a.",
            theme.dim(),
        ))]
    } else {
        claims
            .iter()
            .enumerate()
            .skip(st.claims_offset)
            .take(rows)
            .map(|(i, c)| claim_row(c, inner.width as usize, i == st.selected, theme))
            .collect()
    };
    frame.render_widget(Paragraph::new(lines), inner);
    inner
}

fn draw_detail(
    frame: &mut Frame,
    area: Rect,
    st: &StoryState,
    reg: Option<&SourceRegistry>,
    seen: Option<(&SeenBefore, Option<&str>)>,
    theme: &Theme,
    tz: chrono::FixedOffset,
) {
    let block = Block::bordered()
        .title(" Detail ")
        .border_style(theme.border(false));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(c) = st.selected_claim() else {
        return;
    };
    let label = |s: &'static str| Span::styled(s, theme.dim());
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!("#{} ", c.id), theme.accent()),
            Span::styled(
                format!("{} {}", badge(c.verdict), c.verdict),
                theme.verdict(c.verdict),
            ),
        ]),
        Line::from(format!("“{}”", sanitize(&c.text))),
    ];
    if let Some((s, key)) = seen {
        let date = s
            .date
            .map_or_else(|| "undated".to_string(), |d| d.to_string());
        let mut head = vec![
            Span::styled("Seen before: ", theme.accent()),
            Span::styled(
                format!("{} {}", badge(s.verdict), s.verdict),
                theme.verdict(s.verdict),
            ),
            Span::raw(format!(
                " · {date} · “{}” ({}#{})",
                sanitize(&s.headline),
                s.story,
                s.claim
            )),
        ];
        if let Some(k) = key {
            head.push(Span::styled(format!(" · {k} opens it"), theme.dim()));
        }
        lines.push(Line::from(head));
        lines.push(Line::from(Span::styled(
            format!("  {}", sanitize(&s.why)),
            theme.dim(),
        )));
    }
    if let Some(s) = &c.speaker {
        lines.push(Line::from(vec![
            label("Speaker: "),
            Span::raw(sanitize(s).into_owned()),
        ]));
    }
    if c.sources.is_empty() {
        lines.push(Line::from(vec![
            label("Sources: "),
            Span::raw("none (s links one)"),
        ]));
    } else {
        lines.push(Line::from(label("Sources:")));
        for l in &c.sources {
            let name = reg
                .and_then(|r| r.get(&l.source))
                .map(|s| format!("{} ({})", s.name, s.id))
                .unwrap_or_else(|| format!("{} (not in registry)", l.source));
            lines.push(Line::from(format!(
                "  {:<11} {}",
                l.stance.as_str(),
                sanitize(&name)
            )));
        }
    }
    if !c.note.is_empty() {
        lines.push(Line::from(label("Note:")));
        for l in c.note.lines() {
            lines.push(Line::from(format!("  {}", sanitize(l))));
        }
    }
    if !c.history.is_empty() {
        lines.push(Line::from(label("History:")));
        for h in c.history.iter().rev().take(3) {
            let at = h.at.with_timezone(&tz).format("%Y-%m-%d %H:%M");
            lines.push(Line::from(format!(
                "  {at} {} {}",
                sanitize(&h.editor),
                sanitize(&h.change.to_string())
            )));
        }
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
