//! The detail panel: the selected claim's lines (`claims::detail_lines`)
//! wrapped at the panel's width with each line's own indent kept, and
//! scrolled when they do not fit (a long note at 80×24).

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use unicode_segmentation::UnicodeSegmentation;

use crate::theme::Theme;
use factdesk_core::model::ClaimId;
use factdesk_core::text::{grapheme_width, width};

/// The detail as last laid out, and how far it is scrolled.
#[derive(Debug, Default)]
pub struct DetailPane {
    /// The first wrapped line shown.
    scroll: usize,
    /// The claim the scroll belongs to: another claim starts at its top.
    claim: Option<ClaimId>,
    /// The lines, wrapped at the panel's inner width.
    lines: Vec<Line<'static>>,
    area: Rect,
    /// Rows inside the border.
    rows: usize,
}

impl DetailPane {
    /// Fit `lines` (the detail of `claim`) into `area`.
    pub fn fit(&mut self, area: Rect, claim: Option<ClaimId>, lines: Vec<Line<'static>>) {
        if claim != self.claim {
            self.scroll = 0;
            self.claim = claim;
        }
        self.area = area;
        let inner = Block::bordered().inner(area);
        let cols = inner.width as usize;
        self.lines = lines.into_iter().flat_map(|l| wrap(l, cols)).collect();
        self.rows = inner.height as usize;
        self.scroll = self.scroll.min(self.last_scroll());
    }

    fn last_scroll(&self) -> usize {
        self.lines.len().saturating_sub(self.rows)
    }

    /// Back to the top (another claim is selected).
    pub fn rewind(&mut self) {
        self.scroll = 0;
    }

    /// Whether more lines are below the panel or above it.
    pub fn overflows(&self) -> bool {
        self.lines.len() > self.rows
    }

    /// First line shown.
    pub fn scroll(&self) -> usize {
        self.scroll
    }

    /// Scroll a page down (or up); whether it moved.
    pub fn page(&mut self, down: bool) -> bool {
        let page = self.rows.saturating_sub(1).max(1);
        self.scroll_by(page, down)
    }

    /// Scroll `by` lines down (or up), within the detail; whether it moved.
    pub fn scroll_by(&mut self, by: usize, down: bool) -> bool {
        let before = self.scroll;
        self.scroll = if down {
            self.scroll.saturating_add(by).min(self.last_scroll())
        } else {
            self.scroll.saturating_sub(by)
        };
        self.scroll != before
    }

    pub fn contains(&self, pos: Position) -> bool {
        self.area.contains(pos)
    }

    /// The panel; `keys` are the keys that scroll it down and up, named in
    /// the border while there is more to see.
    pub fn draw(&self, frame: &mut Frame, keys: (Option<&str>, Option<&str>), theme: &Theme) {
        let mut block = Block::bordered()
            .title(" Detail ")
            .border_style(theme.border(false));
        if self.overflows() {
            let last = (self.scroll + self.rows).min(self.lines.len());
            block = block.title_top(
                Line::from(Span::styled(
                    format!(" {}–{}/{} ", self.scroll + 1, last, self.lines.len()),
                    theme.dim(),
                ))
                .right_aligned(),
            );
            let (down, up) = keys;
            let hint = match (last < self.lines.len(), self.scroll > 0) {
                (true, _) => down.map(|k| format!(" ▼ more: {k} ")),
                (false, true) => up.map(|k| format!(" ▲ {k} ")),
                (false, false) => None,
            };
            if let Some(h) = hint {
                block =
                    block.title_bottom(Line::from(Span::styled(h, theme.accent())).right_aligned());
            }
        }
        let inner = block.inner(self.area);
        frame.render_widget(block, self.area);
        let shown: Vec<Line> = self
            .lines
            .iter()
            .skip(self.scroll)
            .take(self.rows)
            .cloned()
            .collect();
        frame.render_widget(Paragraph::new(shown), inner);
    }
}

/// Some text in its style.
type Piece = (String, Style);

/// A line being filled up to the width.
struct Filler {
    cols: usize,
    /// What continued lines start with: the line's own leading spaces.
    indent: usize,
    style: Style,
    out: Vec<Line<'static>>,
    spans: Vec<Span<'static>>,
    used: usize,
    /// Words on the line being filled (a line that has none yet takes a
    /// word however long, broken if it must be).
    words: usize,
}

impl Filler {
    fn push(&mut self, text: &str, style: Style) {
        self.used += width(text);
        match self.spans.last_mut() {
            Some(last) if last.style == style => last.content.to_mut().push_str(text),
            _ => self.spans.push(Span::styled(text.to_string(), style)),
        }
    }

    fn new_line(&mut self) {
        let spans = std::mem::take(&mut self.spans);
        self.out.push(Line::from(spans).style(self.style));
        self.used = 0;
        self.words = 0;
        if self.indent > 0 {
            self.push(&" ".repeat(self.indent), Style::new());
        }
    }

    /// One word (its pieces, in their styles), after `space`.
    fn word(&mut self, space: &[Piece], word: &[Piece]) {
        let space_w: usize = space.iter().map(|(t, _)| width(t)).sum();
        let word_w: usize = word.iter().map(|(t, _)| width(t)).sum();
        if self.used + space_w + word_w <= self.cols {
            for (t, s) in space.iter().chain(word) {
                self.push(t, *s);
            }
        } else {
            if self.words > 0 {
                self.new_line();
            } else {
                // Leading spaces of the first line are its indent.
                for (t, s) in space {
                    self.push(t, *s);
                }
            }
            // A word wider than the line is broken where it reaches the edge.
            for (t, s) in word {
                for g in t.graphemes(true) {
                    if self.used + grapheme_width(g) > self.cols && self.used > self.indent {
                        self.new_line();
                    }
                    self.push(g, *s);
                }
            }
        }
        self.words += 1;
    }
}

/// `line` cut at word boundaries into lines at most `cols` wide; continued
/// lines start with the line's own leading spaces, so an indented entry
/// stays indented. Text is already displayable (one line, no controls).
pub fn wrap(line: Line<'static>, cols: usize) -> Vec<Line<'static>> {
    let total: usize = line.spans.iter().map(|s| width(&s.content)).sum();
    if total <= cols || cols == 0 {
        return vec![line];
    }
    let lead: usize = line
        .spans
        .iter()
        .flat_map(|s| s.content.chars())
        .take_while(|c| *c == ' ')
        .count();
    let mut f = Filler {
        cols,
        indent: lead.min(cols / 2),
        style: line.style,
        out: Vec::new(),
        spans: Vec::new(),
        used: 0,
        words: 0,
    };
    // Runs of spaces and of other characters, each in its span's style;
    // a word may cross spans.
    let mut space: Vec<Piece> = Vec::new();
    let mut word: Vec<Piece> = Vec::new();
    for span in &line.spans {
        for (i, run) in runs(&span.content) {
            if i {
                if !word.is_empty() {
                    f.word(&space, &word);
                    space.clear();
                    word.clear();
                }
                space.push((run.to_string(), span.style));
            } else {
                word.push((run.to_string(), span.style));
            }
        }
    }
    if !word.is_empty() {
        f.word(&space, &word);
    }
    if !f.spans.is_empty() {
        let spans = std::mem::take(&mut f.spans);
        f.out.push(Line::from(spans).style(f.style));
    }
    f.out
}

/// `s` as runs of spaces (`true`) and of everything else (`false`).
fn runs(s: &str) -> Vec<(bool, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut kind = None;
    for (i, c) in s.char_indices() {
        let space = c == ' ';
        if kind.is_some_and(|k| k != space) {
            if let Some(run) = s.get(start..i) {
                out.push((kind == Some(true), run));
            }
            start = i;
        }
        kind = Some(space);
    }
    if let (Some(k), Some(run)) = (kind, s.get(start..)) {
        out.push((k, run));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn continued_lines_keep_the_indent() {
        let line = Line::from("  supports    Russian Defense Ministry (russian-mod)");
        assert_eq!(
            texts(&wrap(line, 30)),
            ["  supports    Russian Defense", "  Ministry (russian-mod)"]
        );
        let line = Line::from("“Abu Bakr al-Baghdadi was killed in a strike”");
        assert_eq!(
            texts(&wrap(line, 20)),
            ["“Abu Bakr", "al-Baghdadi was", "killed in a strike”"]
        );
    }

    #[test]
    fn styles_cross_lines_and_long_words_break() {
        let line = Line::from(vec![
            Span::styled("Seen before: ", Style::new().bold()),
            Span::raw("abcdefghijklmnopqrstuvwxyz"),
        ]);
        let out = wrap(line, 10);
        assert_eq!(
            texts(&out),
            ["Seen", "before:", "abcdefghij", "klmnopqrst", "uvwxyz"]
        );
        assert_eq!(out[0].spans[0].style, Style::new().bold());
        for l in &out {
            assert!(l.width() <= 10);
        }
    }

    #[test]
    fn the_scroll_stays_in_the_detail_and_another_claim_starts_at_the_top() {
        let mut pane = DetailPane::default();
        let lines: Vec<Line> = (0..30).map(|i| Line::from(format!("line {i}"))).collect();
        pane.fit(Rect::new(0, 0, 20, 12), Some(1), lines.clone());
        assert!(pane.overflows());
        assert!(pane.page(true));
        assert_eq!(pane.scroll(), 9);
        assert!(pane.page(true));
        assert!(pane.page(true));
        assert_eq!(pane.scroll(), 20);
        assert!(!pane.page(true));
        pane.fit(Rect::new(0, 0, 20, 12), Some(2), lines);
        assert_eq!(pane.scroll(), 0);
        assert!(!pane.page(false));
    }
}
