//! Drawing the right side of the story screen and its headline: the claims
//! list and the selected claim's detail.

use chrono::FixedOffset;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::seen::SeenBefore;
use crate::theme::Theme;
use crate::widgets::badge;
use factdesk_core::model::{Claim, ClaimOrder, Cue, SourceRegistry, Story};
use factdesk_core::text::{fit, pad, printable, width};

/// The headline line: headline, date, outlet and id; or, when the story
/// cannot be changed here, why.
pub fn draw_headline(
    frame: &mut Frame,
    area: Rect,
    story: &Story,
    read_only: Option<&str>,
    theme: &Theme,
) {
    let cols = area.width as usize;
    // Another editor holds the story, or a conflict stopped saving: say so
    // where the headline was, so nobody triages into the void.
    if let Some(banner) = read_only {
        let line = Line::from(Span::styled(fit(banner, cols), theme.error()));
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    let mut head = vec![Span::styled(fit(&story.headline, cols), theme.accent())];
    let meta: Vec<String> = [
        story.date.map(|d| d.to_string()),
        story.outlet.clone(),
        Some(story.id.to_string()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let used = width(&head[0].content);
    let rest = cols.saturating_sub(used + 3);
    if rest > 8 {
        head.push(Span::styled(
            format!(" · {}", fit(&meta.join(" · "), rest)),
            theme.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(head)), area);
}

fn claim_row(c: &Claim, cols: usize, selected: bool, theme: &Theme) -> Line<'static> {
    let marker = if selected { "▶" } else { " " };
    let left = format!("{marker}{} ", badge(c.verdict));
    // The speaker only when there is room for the quote too.
    let speaker_w = (cols / 4).min(16);
    let speaker = c
        .speaker
        .as_deref()
        .filter(|_| cols >= 44)
        .map(|s| format!(" — {}", fit(s, speaker_w)))
        .unwrap_or_default();
    let right = format!("{speaker} ·{}", c.sources.len());
    let quote_w = cols.saturating_sub(width(&left) + width(&right));
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

/// The cues behind a score as the detail shows them: `figure “30” +0.64,
/// question “?” −0.47`.
pub fn cues_text(cues: &[Cue]) -> String {
    cues.iter()
        .map(|c| {
            format!(
                "{} “{}” {}",
                printable(&c.name),
                fit(&printable(&c.text), 24),
                c.weight.signed()
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The claims list in the order of `rows` (indices into `claims`), from
/// row `offset`, with claim `selected` marked.
pub fn draw_list(
    frame: &mut Frame,
    area: Rect,
    (claims, rows, order): (&[Claim], &[usize], ClaimOrder),
    (selected, offset): (usize, usize),
    focused: bool,
    theme: &Theme,
) {
    let by = match order {
        ClaimOrder::Article => "",
        ClaimOrder::Score => " by score",
    };
    let block = Block::bordered()
        .title(format!(" Claims ({}){by} ", claims.len()))
        .border_style(theme.border(focused));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let height = inner.height as usize;
    let lines: Vec<Line> = if claims.is_empty() {
        vec![Line::from(Span::styled(
            "No claims. Tab, then select text and press a.",
            theme.dim(),
        ))]
    } else {
        rows.iter()
            .skip(offset)
            .take(height)
            .filter_map(|&i| Some((i, claims.get(i)?)))
            .map(|(i, c)| claim_row(c, inner.width as usize, i == selected, theme))
            .collect()
    };
    frame.render_widget(Paragraph::new(lines), inner);
}

/// What the detail shows besides the claim.
pub struct Detail<'a> {
    pub registry: Option<&'a SourceRegistry>,
    /// The earlier verdict the claim repeats, and the key that opens it.
    pub seen: Option<(&'a SeenBefore, Option<&'a str>)>,
    pub tz: FixedOffset,
}

/// The selected claim's detail: verdict, wording, seen before, speaker,
/// sources, note and the last changes.
pub fn draw_detail(
    frame: &mut Frame,
    area: Rect,
    claim: Option<&Claim>,
    detail: &Detail,
    theme: &Theme,
) {
    let block = Block::bordered()
        .title(" Detail ")
        .border_style(theme.border(false));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(c) = claim else {
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
        Line::from(format!("“{}”", printable(&c.text))),
    ];
    if let Some((s, key)) = detail.seen {
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
                printable(&s.headline),
                s.story,
                s.claim
            )),
        ];
        if let Some(k) = key {
            head.push(Span::styled(format!(" · {k} opens it"), theme.dim()));
        }
        lines.push(Line::from(head));
        lines.push(Line::from(Span::styled(
            format!("  {}", printable(&s.why)),
            theme.dim(),
        )));
    }
    if let Some(s) = &c.speaker {
        lines.push(Line::from(vec![
            label("Speaker: "),
            Span::raw(printable(s)),
        ]));
    }
    if let Some(score) = c.score {
        lines.push(Line::from(vec![
            label("Score: "),
            Span::styled(score.to_string(), theme.accent()),
            Span::raw(format!("  {}", cues_text(&c.cues))),
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
            let name = detail
                .registry
                .and_then(|r| r.get(&l.source))
                .map(|s| format!("{} ({})", s.name, s.id))
                .unwrap_or_else(|| format!("{} (not in registry)", l.source));
            lines.push(Line::from(format!(
                "  {:<11} {}",
                l.stance.as_str(),
                printable(&name)
            )));
        }
    }
    if !c.note.is_empty() {
        lines.push(Line::from(label("Note:")));
        for l in c.note.lines() {
            lines.push(Line::from(format!("  {}", printable(l))));
        }
    }
    if !c.history.is_empty() {
        lines.push(Line::from(label("History:")));
        for h in c.history.iter().rev().take(3) {
            let at = h.at.with_timezone(&detail.tz).format("%Y-%m-%d %H:%M");
            lines.push(Line::from(format!(
                "  {at} {} {}",
                printable(&h.editor),
                printable(&h.change.to_string())
            )));
        }
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
