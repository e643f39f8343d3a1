//! Before an import: waiting for an article to be pasted, then what the
//! import will make (each article's headline, date, outlet, byline, or why
//! an item is refused), and a date field when an article gives none, so
//! that it does not sink to the bottom of the desk undated.

use std::path::PathBuf;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Padding, Paragraph};

use crate::action::Action;
use crate::component::{Component, Cx, View};
use crate::field::TextField;
use crate::importing::{PASTED, needs_date, today};
use crate::keymap::{Command, Context};
use crate::widgets::centered;
use factdesk_core::import::{Article, DateError, Format, Items, parse_date};
use factdesk_core::text::{first_line, fit, printable};

/// At most this many articles are listed; the rest are counted.
const LISTED: usize = 6;

#[derive(Debug)]
pub enum ImportPreview {
    /// Nothing pasted yet.
    Waiting,
    Ready(Box<Ready>),
}

#[derive(Debug)]
pub struct Ready {
    /// Each file's articles, with the name messages give the file.
    batches: Vec<(PathBuf, Items)>,
    /// The date typed for the articles without one.
    date: TextField,
    /// What the date typed reads as (kept here: drawing only reads).
    parsed: Option<Result<NaiveDate, DateError>>,
}

impl ImportPreview {
    pub fn new(batches: Vec<(PathBuf, Items)>) -> ImportPreview {
        ImportPreview::Ready(Box::new(Ready {
            batches,
            date: TextField::default(),
            parsed: None,
        }))
    }

    /// The articles about to be imported (none while waiting).
    pub fn articles(&self) -> Vec<&Article> {
        match self {
            ImportPreview::Waiting => Vec::new(),
            ImportPreview::Ready(r) => r.items().flatten().collect(),
        }
    }

    /// The date typed so far.
    pub fn date_text(&self) -> &str {
        match self {
            ImportPreview::Waiting => "",
            ImportPreview::Ready(r) => r.date.text(),
        }
    }
}

impl Ready {
    /// Every item of every file, in order.
    fn items(&self) -> impl Iterator<Item = &Result<Article, factdesk_core::import::ArticleError>> {
        self.batches.iter().flat_map(|(_, items)| items)
    }

    fn needs_date(&self) -> bool {
        self.batches.iter().any(|(_, items)| needs_date(items))
    }

    /// The title's name: the file, or how many.
    fn name(&self) -> String {
        match self.batches.as_slice() {
            [(name, _)] => name.display().to_string(),
            many => format!("{} files", many.len()),
        }
    }

    fn accept(&mut self, cx: &mut Cx) {
        let importable = self.items().flatten().count();
        if importable == 0 {
            cx.error("nothing here can be imported (Esc closes)");
            return;
        }
        let date = if self.needs_date() {
            match &self.parsed {
                Some(Ok(d)) => Some(*d),
                Some(Err(e)) => {
                    cx.error(e.to_string());
                    return;
                }
                None => {
                    cx.error("type the date it was published: 2025-03-14, March 14, Friday…");
                    return;
                }
            }
        } else {
            None
        };
        cx.ask(Action::Close);
        cx.ask(Action::ImportArticles {
            batches: std::mem::take(&mut self.batches),
            date,
        });
    }

    fn type_date(&mut self, changed: bool, cx: &Cx) -> bool {
        if changed {
            let text = self.date.text().trim();
            self.parsed = (!text.is_empty()).then(|| parse_date(text, today(cx.env)));
        }
        changed
    }
}

impl Component for ImportPreview {
    fn context(&self) -> Context {
        Context::ImportPreview
    }

    fn update(&mut self, action: Action, cx: &mut Cx) -> bool {
        match (self, action) {
            (_, Action::Command(Command::Cancel)) => {
                cx.ask(Action::Close);
                cx.info("nothing imported");
                true
            }
            // The desk reads what was pasted and opens this again on it.
            (ImportPreview::Waiting, Action::Paste(text)) => {
                cx.ask(Action::Close);
                cx.ask(Action::Paste(text));
                true
            }
            (ImportPreview::Waiting, Action::Command(Command::Accept)) => {
                cx.info("paste the article first (your terminal's paste key), or Esc");
                true
            }
            (ImportPreview::Ready(r), Action::Command(Command::Accept)) => {
                r.accept(cx);
                true
            }
            (ImportPreview::Ready(r), Action::Input(key)) if r.needs_date() => {
                let changed = r.date.input(&key);
                r.type_date(changed, cx)
            }
            (ImportPreview::Ready(r), Action::Paste(text)) if r.needs_date() => {
                let mut typed = r.date.text().to_string();
                typed.push_str(&crate::importing::pasted_line(&text));
                r.date.set(typed);
                r.type_date(true, cx)
            }
            _ => false,
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = &view.env.theme;
        let w = area.width.saturating_sub(4).min(90);
        let inner_w = w.saturating_sub(4) as usize;
        let (title, lines) = match self {
            ImportPreview::Waiting => (
                format!(" Import: {PASTED} "),
                vec![
                    Line::from("Paste the article now, with your terminal's paste"),
                    Line::from("(Ctrl-Shift-V, Cmd-V, Shift-Insert or the middle button)."),
                    Line::from(""),
                    Line::from(Span::styled(
                        "Plain wire text, a web page's HTML, ninjs, NITF or NewsML-G2.",
                        theme.dim(),
                    )),
                ],
            ),
            ImportPreview::Ready(r) => (
                format!(" Import: {} ", fit(&printable(&r.name()), inner_w / 2)),
                ready_lines(r, inner_w, view),
            ),
        };
        let h = (lines.len() as u16 + 2).min(area.height.saturating_sub(2));
        let popup = centered(area, w, h);
        let block = Block::bordered()
            .title(Span::styled(title, theme.accent()))
            .title_bottom(Line::from(" Enter imports · Esc cancels ").right_aligned())
            .border_style(theme.accent())
            .padding(Padding::horizontal(1));
        frame.render_widget(Clear, popup);
        frame.render_widget(Paragraph::new(lines).block(block), popup);
    }
}

/// The lines of a preview: one or two per article, then the date field.
fn ready_lines(r: &Ready, width: usize, view: &View) -> Vec<Line<'static>> {
    let theme = &view.env.theme;
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let mut lines = Vec::new();
    let n = r.items().count();
    for item in r.items().take(LISTED) {
        match item {
            Ok(a) => {
                let headline = if a.meta.headline.is_empty() {
                    "(no headline)".to_string()
                } else {
                    printable(&a.meta.headline)
                };
                lines.push(Line::from(Span::styled(fit(&headline, width), bold)));
                let mut spans = vec![Span::raw("  ")];
                match a.meta.date {
                    Some(d) => spans.push(Span::raw(d.format("%a %-d %b %Y").to_string())),
                    None => spans.push(Span::styled("no date", theme.error())),
                }
                let rest: Vec<String> = [
                    a.meta.dateline.as_deref().map(printable),
                    a.meta.outlet.as_deref().map(printable),
                    a.meta
                        .byline
                        .as_deref()
                        .map(|b| format!("by {}", printable(b))),
                    Some(format_name(a.format).to_string()),
                ]
                .into_iter()
                .flatten()
                .collect();
                let rest = format!(" · {}", rest.join(" · "));
                let used = 2 + 15;
                spans.push(Span::styled(
                    fit(&rest, width.saturating_sub(used)),
                    theme.dim(),
                ));
                lines.push(Line::from(spans));
            }
            Err(e) => lines.push(Line::from(Span::styled(
                fit(&format!("✗ {}", first_line(&e.to_string())), width),
                theme.error(),
            ))),
        }
    }
    if n > LISTED {
        lines.push(Line::from(Span::styled(
            format!("… and {} more", n - LISTED),
            theme.dim(),
        )));
    }
    if r.needs_date() {
        lines.push(Line::from(""));
        let mut spans = vec![Span::styled("Published on: ", theme.accent())];
        spans.extend(r.date.spans(true, theme));
        match &r.parsed {
            Some(Ok(d)) => spans.push(Span::styled(
                format!("  → {}", d.format("%A %-d %B %Y")),
                theme.accent(),
            )),
            Some(Err(_)) => spans.push(Span::styled("  (not a date yet)", theme.error())),
            None => spans.push(Span::styled(
                "  2025-03-14, March 14, 14 Mar, Friday, today",
                theme.dim(),
            )),
        }
        lines.push(Line::from(spans));
    }
    lines
}

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Text => "wire text",
        Format::Html => "web page",
        Format::Json => "ninjs",
        Format::Xml => "NITF / NewsML-G2",
    }
}
