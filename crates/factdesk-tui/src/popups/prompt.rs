//! Prompts: the import prompt (file names read as a shell reads them,
//! see [`crate::paths`], Tab completion with the candidates listed under
//! the line; also the corrected article of a story), in a box at the
//! foot of the screen, and the article's find prompt, in the status bar.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::action::Action;
use crate::complete::complete_path;
use crate::component::{Component, Cx, View};
use crate::field::TextField;
use crate::keymap::{Command, Context};
use crate::paths;
use factdesk_core::ids::StoryId;
use factdesk_core::text::{self, fit};

#[derive(Debug, Default)]
pub struct ImportPrompt {
    path: TextField,
    /// The story whose corrected article is asked for; `None`: new
    /// stories are imported (one file or several).
    revise: Option<StoryId>,
    /// What Tab found when it could not choose, shown under the line.
    candidates: Vec<String>,
    /// Why Enter could not import what is typed.
    error: Option<String>,
}

impl ImportPrompt {
    /// The prompt for a corrected version of `story`'s article.
    pub fn revise(story: StoryId) -> ImportPrompt {
        ImportPrompt {
            revise: Some(story),
            ..ImportPrompt::default()
        }
    }

    /// The story being revised, when the prompt is for a revision.
    pub fn revising(&self) -> Option<&StoryId> {
        self.revise.as_ref()
    }

    /// The path typed so far.
    pub fn text(&self) -> &str {
        self.path.text()
    }

    /// The completions shown under the line.
    pub fn candidates(&self) -> &[String] {
        &self.candidates
    }

    /// Tab: complete the word being typed (the last one), escaped so that
    /// it reads back whole; the candidates when it cannot choose.
    fn complete(&mut self) {
        let line = self.path.text().to_string();
        let (words, open) = paths::words(&line);
        let ends_in_space = !open && line.ends_with(char::is_whitespace) && !line.ends_with("\\ ");
        let (start, word) = match words.last() {
            Some(w) if !ends_in_space => (w.start, w.text.clone()),
            _ => (line.len(), String::new()),
        };
        let (done, candidates) = complete_path(&word);
        let before = line.get(..start).unwrap_or_default();
        self.path.set(format!("{before}{}", paths::escape(&done)));
        self.candidates = candidates;
        self.error = None;
    }

    fn accept(&mut self, cx: &mut Cx) {
        let files = match paths::files(self.path.text()) {
            Ok(files) => files,
            Err(e) => {
                self.error = Some(e.to_string());
                return;
            }
        };
        let action = match (&self.revise, files.as_slice()) {
            (None, _) => Action::Import(files),
            (Some(story), [one]) => Action::Revise {
                story: story.clone(),
                path: one.display().to_string(),
            },
            (Some(_), _) => {
                self.error = Some("a corrected article is one file".into());
                return;
            }
        };
        cx.ask(Action::Close);
        cx.ask(action);
    }
}

impl Component for ImportPrompt {
    fn context(&self) -> Context {
        Context::Import
    }

    fn update(&mut self, action: Action, cx: &mut Cx) -> bool {
        match action {
            Action::Command(Command::Complete) => self.complete(),
            Action::Command(Command::Accept) => self.accept(cx),
            Action::Command(_) => cx.ask(Action::Close),
            Action::Input(key) => {
                let changed = self.path.input(&key);
                if changed {
                    self.candidates.clear();
                    self.error = None;
                }
                return changed;
            }
            // Files dropped on the terminal arrive as their pasted paths,
            // quoted when they have spaces: each kept as one word.
            Action::Paste(text) => {
                let pasted = crate::importing::pasted_line(&text);
                let (words, _) = paths::words(&pasted);
                let line: Vec<String> = words.iter().map(|w| paths::escape(&w.text)).collect();
                let line = line.join(" ");
                let sep = if self.path.text().is_empty() || self.path.text().ends_with(' ') {
                    ""
                } else {
                    " "
                };
                self.path
                    .set(format!("{}{sep}{}", self.path.text(), line.trim()));
                self.candidates.clear();
            }
            _ => return false,
        }
        true
    }

    /// The line, the candidates under it and what may be typed, in a box
    /// at the foot of the screen, above the status bar.
    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = &view.env.theme;
        let inner_w = area.width.saturating_sub(2) as usize;
        let label = match self.revise {
            Some(_) => "Corrected article file: ",
            None => "Import: ",
        };
        let mut lines = Vec::new();
        let mut first = vec![Span::styled(label, theme.accent())];
        let room = inner_w.saturating_sub(text::width(label));
        first.extend(self.path.spans_within(true, room, theme));
        lines.push(Line::from(first));
        if let Some(e) = &self.error {
            lines.push(Line::from(Span::styled(fit(e, inner_w), theme.error())));
        }
        let room = (area.height as usize / 2).saturating_sub(lines.len() + 3);
        lines.extend(candidate_lines(&self.candidates, inner_w, room, theme));
        let hint = match self.revise {
            Some(_) => "one file; Tab completes",
            None => {
                "several files: a.txt b.txt · 'with spaces.txt' · ~/wires/*.txt · Tab completes"
            }
        };
        lines.push(Line::from(Span::styled(fit(hint, inner_w), theme.dim())));
        let h = (lines.len() as u16 + 2).min(area.height);
        let boxed = Rect {
            y: area.y + area.height.saturating_sub(h),
            height: h,
            ..area
        };
        let block = Block::bordered()
            .title(Span::styled(
                match self.revise {
                    Some(_) => " Revise ",
                    None => " Import files ",
                },
                theme.accent(),
            ))
            .border_style(theme.accent());
        frame.render_widget(Clear, boxed);
        frame.render_widget(Paragraph::new(lines).block(block), boxed);
    }
}

/// `names` in columns `width` wide, at most `rows` lines; the last says
/// how many more there are when they do not all fit.
fn candidate_lines(
    names: &[String],
    width: usize,
    rows: usize,
    theme: &crate::theme::Theme,
) -> Vec<Line<'static>> {
    if names.is_empty() || rows == 0 {
        return Vec::new();
    }
    let widest = names.iter().map(|n| text::width(n)).max().unwrap_or(0);
    let col = (widest + 2).clamp(4, width.max(4));
    let per_line = (width / col).max(1);
    let needed = names.len().div_ceil(per_line);
    let shown_rows = if needed > rows { rows - 1 } else { needed };
    let mut lines: Vec<Line<'static>> = names
        .chunks(per_line)
        .take(shown_rows)
        .map(|chunk| {
            let cells: String = chunk.iter().map(|n| text::pad(n, col)).collect();
            Line::from(Span::raw(cells))
        })
        .collect();
    let shown = shown_rows * per_line;
    if names.len() > shown {
        lines.push(Line::from(Span::styled(
            format!("… and {} more: type more of the name", names.len() - shown),
            theme.dim(),
        )));
    }
    lines
}

#[derive(Debug, Default)]
pub struct FindPrompt {
    query: TextField,
}

impl Component for FindPrompt {
    fn context(&self) -> Context {
        Context::Find
    }

    fn update(&mut self, action: Action, cx: &mut Cx) -> bool {
        match action {
            Action::Command(cmd) => {
                cx.ask(Action::Close);
                if cmd == Command::Accept && !self.query.is_empty() {
                    cx.ask(Action::Find(self.query.text().to_string()));
                }
                true
            }
            Action::Input(_) | Action::Paste(_) => self.query.take(&action),
            _ => false,
        }
    }

    fn draw(&self, _frame: &mut Frame, _area: Rect, _view: &View) {}

    fn draw_status(&self, frame: &mut Frame, area: Rect, view: &View) -> bool {
        crate::status::draw_prompt(frame, area, view, "Find: ", &self.query);
        true
    }
}
