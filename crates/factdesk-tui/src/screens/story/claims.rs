//! Drawing the right side of the story screen and its headline: the claims
//! list and the selected claim's detail.

use chrono::FixedOffset;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::seen::{SeenBefore, SeenMemo};
use crate::theme::Theme;
use crate::widgets::{badge, quoted};
use factdesk_core::model::{Change, Claim, ClaimOrder, Cue, SourceLink, SourceRegistry, Story};
use factdesk_core::text::{displayable, fit, pad, width};

/// The headline line: headline, date, outlet, byline and id; or, when the story
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
    // Who is on the story and the conflicts to settle come first: they
    // are what a colleague on another machine needs to see before starting.
    let assigned = story.assignee().map(|a| format!("@{} · ", fit(a, 24)));
    let conflicts = match story.conflict_count() {
        0 => None,
        1 => Some("⚠ 1 conflict · ".to_string()),
        n => Some(format!("⚠ {n} conflicts · ")),
    };
    let mut head = Vec::new();
    if let Some(a) = assigned {
        head.push(Span::styled(a, theme.selected()));
    }
    if let Some(c) = conflicts {
        head.push(Span::styled(c, theme.error()));
    }
    let before: usize = head.iter().map(|s| width(&s.content)).sum();
    head.push(Span::styled(
        fit(&story.headline, cols.saturating_sub(before)),
        theme.accent(),
    ));
    let meta: Vec<String> = [
        story.date.map(|d| d.to_string()),
        story.outlet.clone(),
        story.byline.as_ref().map(|b| format!("by {b}")),
        Some(story.id.to_string()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let used: usize = head.iter().map(|s| width(&s.content)).sum();
    let rest = cols.saturating_sub(used + 3);
    if rest > 8 {
        head.push(Span::styled(
            format!(" · {}", fit(&meta.join(" · "), rest)),
            theme.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(head)), area);
}

/// The mark after a claim's badge: `!` its article words changed (needs
/// review), `≈` a claim ruled in another story reads like it.
fn claim_mark(c: &Claim, seen: &SeenMemo) -> &'static str {
    if c.needs_review {
        "!"
    } else if seen.get(c).is_some() {
        "≈"
    } else {
        " "
    }
}

/// From this many columns the list names each claim's speaker too; a
/// narrower list gives the quote the room, and the detail names the speaker.
const SPEAKER_FROM: usize = 72;

/// The source count's column at the right of each row, under the list's
/// `src` heading.
const COUNT_W: usize = 3;

fn claim_row(
    c: &Claim,
    cols: usize,
    selected: bool,
    seen: &SeenMemo,
    theme: &Theme,
) -> Line<'static> {
    let marker = if selected { "▶" } else { " " };
    let mark = claim_mark(c, seen);
    let left = format!("{marker}{}{mark}", badge(c.verdict));
    let speaker = c
        .speaker
        .as_deref()
        .filter(|_| cols >= SPEAKER_FROM)
        .map(|s| format!(" — {}", fit(s, 20)))
        .unwrap_or_default();
    let conflict = if c.conflicts.is_empty() { "" } else { " ⚠" };
    let count = format!("{:>w$}", c.sources.len(), w = COUNT_W);
    let quote_w = cols.saturating_sub(width(&left) + width(&speaker) + width(conflict) + COUNT_W);
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
        Span::styled(
            mark.to_string(),
            match mark {
                "!" => theme.error().patch(row_style),
                "≈" => theme.accent().patch(row_style),
                _ => row_style,
            },
        ),
        Span::styled(pad(&quote, quote_w), row_style),
        Span::styled(speaker, row_style.patch(theme.dim())),
        Span::styled(conflict.to_string(), theme.error().patch(row_style)),
        Span::styled(count, row_style.patch(theme.dim())),
    ])
}

/// The cues behind a score as the detail shows them: `figure “30” +0.64,
/// question “?” −0.47`.
pub fn cues_text(cues: &[Cue]) -> String {
    cues.iter()
        .map(|c| {
            format!(
                "{} “{}” {}",
                displayable(&c.name),
                fit(&displayable(&c.text), 24),
                c.weight.signed()
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The claims list in the order of `rows` (indices into `claims`), from
/// row `offset`, with claim `selected` marked; `seen` marks the claims
/// read like one ruled before.
pub fn draw_list(
    frame: &mut Frame,
    area: Rect,
    (claims, rows, order): (&[Claim], &[usize], ClaimOrder),
    (selected, offset): (usize, usize),
    focused: bool,
    seen: &SeenMemo,
    theme: &Theme,
) {
    let by = match order {
        ClaimOrder::Article => "",
        ClaimOrder::Score => " by score",
    };
    // The heading of the count column says what the numbers are.
    let block = Block::bordered()
        .title(format!(" Claims ({}){by} ", claims.len()))
        .title_top(Line::from(Span::styled(" src", theme.dim())).right_aligned())
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
            .map(|(i, c)| claim_row(c, inner.width as usize, i == selected, seen, theme))
            .collect()
    };
    frame.render_widget(Paragraph::new(lines), inner);
}

/// What the detail shows besides the claim.
pub struct Detail<'a> {
    pub registry: Option<&'a SourceRegistry>,
    /// The earlier verdict the claim repeats.
    pub seen: Option<&'a SeenBefore>,
    /// The keys that open the earlier claim, take its verdict, and mark
    /// a claim reviewed.
    pub keys: DetailKeys,
    pub tz: FixedOffset,
    /// The link selected while the links have the keys (`l`).
    pub link: Option<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct DetailKeys {
    pub open: Option<String>,
    pub take: Option<String>,
    pub reviewed: Option<String>,
    /// Keeps one side of a conflict.
    pub resolve: Option<String>,
    /// In the links: unlink, cycle the stance, edit the note.
    pub unlink: Option<String>,
    pub stance: Option<String>,
    pub note: Option<String>,
    /// Open and copy a linked source's address.
    pub open_link: Option<String>,
    pub copy_link: Option<String>,
}

/// Each conflict a merge left on the claim: the field, and every side's
/// value with who set it and when.
fn conflict_lines(c: &Claim, detail: &Detail, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for conflict in &c.conflicts {
        lines.push(Line::from(vec![
            Span::styled(
                format!("⚠ Conflict on its {}", conflict.field),
                theme.error(),
            ),
            Span::styled(
                key_hint(detail.keys.resolve.as_deref(), "picks a side"),
                theme.dim(),
            ),
        ]));
        for (i, side) in conflict.sides.iter().enumerate() {
            let who = side.editor.as_deref().map_or("?".into(), displayable);
            let when = side.at.map_or_else(
                || "?".to_string(),
                |t| {
                    t.with_timezone(&detail.tz)
                        .format("%Y-%m-%d %H:%M")
                        .to_string()
                },
            );
            lines.push(Line::from(vec![
                Span::raw(format!(
                    "  {}) {}",
                    i + 1,
                    displayable(&side.value.to_string())
                )),
                Span::styled(format!(" — {who}, {when}"), theme.dim()),
            ]));
        }
    }
    lines
}

/// ` · KEY does this`, when the key is bound.
fn key_hint(key: Option<&str>, does: &str) -> String {
    key.map(|k| format!(" · {k} {does}")).unwrap_or_default()
}

/// "Needs review": why, and the words that changed under the verdict.
fn review_lines(c: &Claim, keys: &DetailKeys, theme: &Theme) -> Vec<Line<'static>> {
    if !c.needs_review {
        return Vec::new();
    }
    let reason = c
        .review
        .as_ref()
        .map_or("flagged for review", |r| r.reason.as_str());
    let mut lines = vec![Line::from(vec![
        Span::styled("Needs review: ", theme.error()),
        Span::raw(displayable(reason)),
    ])];
    let changed = c.review.as_ref().map(|r| r.changes(4)).unwrap_or_default();
    let mut second = Vec::new();
    if !changed.is_empty() {
        second.push(Span::styled("  changed: ", theme.dim()));
        second.push(Span::styled(displayable(&changed), theme.error()));
    } else {
        second.push(Span::raw("  "));
    }
    second.push(Span::styled(
        format!(
            "{} · a verdict clears it too",
            key_hint(keys.reviewed.as_deref(), "marks it reviewed")
        ),
        theme.dim(),
    ));
    lines.push(Line::from(second));
    lines
}

/// "Seen before": the earlier claim's verdict, where it is, its own
/// wording, and whether it is the same claim or only reads like it.
fn seen_lines(s: &SeenBefore, keys: &DetailKeys, theme: &Theme) -> Vec<Line<'static>> {
    let date = s
        .date
        .map_or_else(|| "undated".to_string(), |d| d.to_string());
    let mut lines = vec![
        Line::from(vec![
            Span::styled("Seen before: ", theme.accent()),
            Span::styled(
                format!("{} {}", badge(s.verdict), s.verdict),
                theme.verdict(s.verdict),
            ),
            Span::raw(format!(" · {date}")),
            Span::styled(key_hint(keys.open.as_deref(), "opens it"), theme.dim()),
        ]),
        Line::from(Span::styled(
            format!("  {}#{}", s.story, s.claim),
            theme.dim(),
        )),
        Line::from(format!("  {}", quoted(&displayable(&s.text)))),
    ];
    if s.same_claim() {
        lines.push(Line::from(vec![
            Span::raw("  the same claim"),
            Span::styled(
                key_hint(keys.take.as_deref(), "takes its verdict and sources"),
                theme.dim(),
            ),
        ]));
    } else {
        let list: Vec<String> = s.differences.iter().map(ToString::to_string).collect();
        lines.push(Line::from(Span::styled(
            format!(
                "  similar, but different: {}",
                displayable(&list.join("; "))
            ),
            theme.error(),
        )));
    }
    lines.push(Line::from(Span::styled(
        format!("  {}", displayable(&s.why)),
        theme.dim(),
    )));
    lines
}

/// A link's source as the detail names it.
fn source_name(detail: &Detail, l: &SourceLink) -> String {
    let name = detail
        .registry
        .and_then(|r| r.get(&l.source))
        .map(|s| format!("{} ({})", s.name, s.id))
        .unwrap_or_else(|| format!("{} (not in registry)", l.source));
    displayable(&name)
}

/// The detail while the links have the keys: the claim in a line, its
/// speaker, and its links one row each, link `at` marked and kept in view
/// (a long detail would hide them at 80×24).
fn draw_links(frame: &mut Frame, area: Rect, c: &Claim, at: usize, detail: &Detail, theme: &Theme) {
    let cols = area.width as usize;
    let one = |s: String, style: Style| Line::from(Span::styled(fit(&s, cols), style));
    let hint: String = [
        (&detail.keys.unlink, "unlinks"),
        (&detail.keys.stance, "stance"),
        (&detail.keys.note, "note"),
    ]
    .iter()
    .map(|(k, does)| key_hint(k.as_deref(), does))
    .collect();
    let mut lines = vec![
        one(
            format!("#{} {} “{}”", c.id, badge(c.verdict), displayable(&c.text)),
            Style::new(),
        ),
        one(
            format!(
                "Speaker: {}",
                c.speaker.as_deref().map_or("none".into(), displayable)
            ),
            theme.dim(),
        ),
        one(format!("Sources{hint}"), theme.dim()),
    ];
    let mut selected_row = 0;
    for (i, l) in c.sources.iter().enumerate() {
        let selected = at == i;
        if selected {
            selected_row = lines.len();
        }
        let style = if selected {
            theme.selected()
        } else {
            Style::new()
        };
        let marker = if selected { "▶" } else { " " };
        // The id first: it is what a narrow detail has room for.
        let name = detail
            .registry
            .and_then(|r| r.get(&l.source))
            .map_or_else(|| "not in registry".to_string(), |s| displayable(&s.name));
        lines.push(one(
            format!("{marker} {:<11} {} · {name}", l.stance.as_str(), l.source),
            style,
        ));
        if let Some(note) = l.note.as_deref().filter(|n| !n.is_empty()) {
            lines.push(one(format!("    note: {}", displayable(note)), theme.dim()));
        }
    }
    let rows = area.height as usize;
    // Keep the selected link, and its note, on the screen.
    let scroll = (selected_row + 2).saturating_sub(rows);
    let scroll = u16::try_from(scroll).unwrap_or(u16::MAX);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), area);
}

/// The detail panel while the links have the keys (`l`): its border lit,
/// the claim's links one a row.
pub fn draw_links_pane(
    frame: &mut Frame,
    area: Rect,
    claim: Option<&Claim>,
    detail: &Detail,
    theme: &Theme,
) {
    let block = Block::bordered()
        .title(" Detail · links ")
        .border_style(theme.border(true));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if let Some(c) = claim {
        draw_links(frame, inner, c, detail.link.unwrap_or(0), detail, theme);
    }
}

/// The selected claim's detail, unwrapped (the detail pane wraps and
/// scrolls it): verdict, wording, seen before, speaker, sources, note and
/// the last changes.
pub fn detail_lines(c: &Claim, detail: &Detail, theme: &Theme) -> Vec<Line<'static>> {
    let label = |s: &'static str| Span::styled(s, theme.dim());
    let mut head = vec![
        Span::styled(format!("#{} ", c.id), theme.accent()),
        Span::styled(
            format!("{} {}", badge(c.verdict), c.verdict),
            theme.verdict(c.verdict),
        ),
    ];
    if c.needs_review {
        head.push(Span::styled(" · needs review", theme.error()));
    }
    // Why the verdict is in doubt comes before the wording, so that it
    // shows in the smallest detail too.
    let mut lines = vec![Line::from(head)];
    lines.extend(review_lines(c, &detail.keys, theme));
    lines.push(Line::from(quoted(&displayable(&c.text))));
    lines.extend(conflict_lines(c, detail, theme));
    if let Some(s) = detail.seen {
        lines.extend(seen_lines(s, &detail.keys, theme));
    }
    if let Some(s) = &c.speaker {
        lines.push(Line::from(vec![
            label("Speaker: "),
            Span::raw(displayable(s)),
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
        let with_url = c.sources.iter().any(|l| {
            detail
                .registry
                .and_then(|r| r.get(&l.source))
                .is_some_and(|s| s.url.is_some())
        });
        let keys = match (&detail.keys.open_link, &detail.keys.copy_link) {
            (Some(o), Some(y)) if with_url => format!(" · {o} opens, {y} copies"),
            _ => String::new(),
        };
        lines.push(Line::from(vec![
            label("Sources:"),
            Span::styled(keys, theme.dim()),
        ]));
        for l in &c.sources {
            lines.push(Line::from(format!(
                "  {:<11} {}",
                l.stance.as_str(),
                source_name(detail, l)
            )));
            if let Some(note) = l.note.as_deref().filter(|n| !n.is_empty()) {
                lines.push(Line::from(Span::styled(
                    format!("    note: {}", displayable(note)),
                    theme.dim(),
                )));
            }
        }
    }
    if !c.note.is_empty() {
        lines.push(Line::from(label("Note:")));
        for l in c.note.lines() {
            lines.push(Line::from(format!("  {}", displayable(l))));
        }
    }
    if !c.history.is_empty() {
        lines.push(Line::from(label("History:")));
        for h in c.history.iter().rev().take(3) {
            let at = h.at.with_timezone(&detail.tz).format("%Y-%m-%d %H:%M");
            lines.push(Line::from(format!(
                "  {at} {} {}",
                displayable(&h.editor),
                displayable(&change_summary(&h.change))
            )));
        }
    }
    lines
}

/// How many words of a note or wording a history line in the detail shows.
const SUMMARY_WORDS: usize = 6;

/// A change as the detail lists it, on one line: a note or wording that
/// changed is named with its first words, never repeated whole (`h` shows
/// the whole history).
pub fn change_summary(change: &Change) -> String {
    match change {
        Change::Note { to, .. } if to.is_empty() => "note cleared".to_string(),
        Change::Note { from, to } if from.is_empty() => {
            format!("note set: {}", first_words(to, SUMMARY_WORDS))
        }
        Change::Note { to, .. } => format!("note changed: {}", first_words(to, SUMMARY_WORDS)),
        Change::Text { to, .. } => {
            format!("wording changed: {}", first_words(to, SUMMARY_WORDS))
        }
        Change::DeletedBecause { note } => {
            format!("deleted: {}", first_words(note, SUMMARY_WORDS))
        }
        other => other.to_string(),
    }
}

/// The first `n` words of `text`, quoted, with `…` when there are more.
fn first_words(text: &str, n: usize) -> String {
    let mut words = text.split_whitespace();
    let mut shown: Vec<&str> = words.by_ref().take(n).collect();
    let more = words.next().is_some();
    if shown.is_empty() {
        shown.push("");
    }
    let mut out = shown.join(" ");
    if more {
        out.push('…');
    }
    quoted(&out)
}
