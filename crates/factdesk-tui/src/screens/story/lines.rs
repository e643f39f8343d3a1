//! The article as lines: wrapping into a line index once per (article,
//! width), cursor motions over the text, and the visible lines with claims
//! highlighted.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

use factdesk_core::text::{displayable, grapheme_width};

/// Byte ranges of the visual lines of an article wrapped at `width`.
#[derive(Debug, Clone, PartialEq)]
pub struct LineIndex {
    pub width: usize,
    pub len: usize,
    pub lines: Vec<Range<usize>>,
}

impl LineIndex {
    /// Wrap `text` at word boundaries so that no line is wider than `width`
    /// columns (spaces at a break may hang over the edge and are not drawn).
    pub fn build(text: &str, width: usize) -> LineIndex {
        let width = width.max(1);
        let mut lines = Vec::new();
        let mut start = 0;
        for para in text.split('\n') {
            let end = start + para.len();
            wrap_paragraph(text, start, end, width, &mut lines);
            start = end + 1;
        }
        LineIndex {
            width,
            len: text.len(),
            lines,
        }
    }

    /// The visual line holding byte `pos`.
    pub fn line_of(&self, pos: usize) -> usize {
        match self.lines.binary_search_by(|r| r.start.cmp(&pos)) {
            Ok(i) => {
                // Several empty lines can start at the same place only when
                // they are the same line; take the last one starting here.
                i
            }
            Err(0) => 0,
            Err(i) => i - 1,
        }
    }
}

fn wrap_paragraph(text: &str, start: usize, end: usize, width: usize, out: &mut Vec<Range<usize>>) {
    let mut line_start = start;
    let mut w = 0usize;
    let mut last_break: Option<(usize, usize)> = None;
    for (off, g) in text[start..end].grapheme_indices(true) {
        let pos = start + off;
        let gw = grapheme_width(g);
        let is_space = g.chars().all(char::is_whitespace);
        if w + gw > width && !is_space && pos > line_start {
            if let Some((b, bw)) = last_break.filter(|(b, _)| *b > line_start) {
                out.push(line_start..b);
                line_start = b;
                w -= bw;
            }
            // Still too wide (no break, or the word is itself too long):
            // break inside the word.
            if w + gw > width && pos > line_start {
                out.push(line_start..pos);
                line_start = pos;
                w = 0;
            }
            last_break = None;
        }
        w += gw;
        if is_space {
            last_break = Some((pos + g.len(), w));
        }
    }
    out.push(line_start..end);
}

/// How far around the cursor sentences are looked for: keeps sentence
/// motions cheap in a 5 MB article with no paragraph breaks.
const SENTENCE_WINDOW: usize = 8192;

/// Sentences (trimmed byte ranges, from [`factdesk_core::import::sentences`]) of
/// the paragraphs around `pos`: from the start of the paragraph holding the
/// text before `pos` to the end of the paragraph after it.
fn sentences_near(text: &str, pos: usize) -> Vec<Range<usize>> {
    let pos = pos.min(text.len());
    let before = text[..pos].trim_end();
    let para = before.rfind('\n').map_or(0, |i| i + 1);
    let start = para.max(pos.saturating_sub(SENTENCE_WINDOW));
    // The end of the paragraph with the next text, and of the one after.
    let skip_space = |at: usize| at + (text[at..].len() - text[at..].trim_start().len());
    let para_end = |at: usize| text[at..].find('\n').map_or(text.len(), |i| at + i);
    let here = skip_space(pos);
    let end_here = para_end(here);
    let mut end = para_end(skip_space(end_here)).min(here + SENTENCE_WINDOW);
    while !text.is_char_boundary(end) {
        end += 1;
    }
    factdesk_core::import::sentences(&text[..end], start)
}

/// The sentence containing `pos`, or the next one after it.
pub fn sentence_at(text: &str, pos: usize) -> Option<Range<usize>> {
    let all = sentences_near(text, pos);
    all.iter()
        .find(|r| r.end > pos)
        .cloned()
        .or_else(|| all.last().cloned())
}

pub fn next_sentence(text: &str, pos: usize) -> usize {
    sentences_near(text, pos)
        .into_iter()
        .find(|r| r.start > pos)
        .map_or(pos, |r| r.start)
}

pub fn prev_sentence(text: &str, pos: usize) -> usize {
    sentences_near(text, pos)
        .into_iter()
        .rev()
        .find(|r| r.start < pos)
        .map_or(0, |r| r.start)
}

pub fn next_word(text: &str, pos: usize) -> usize {
    text[pos..]
        .unicode_word_indices()
        .find(|(i, _)| *i > 0)
        .map_or(pos, |(i, _)| pos + i)
}

pub fn prev_word(text: &str, pos: usize) -> usize {
    text[..pos]
        .unicode_word_indices()
        .next_back()
        .map_or(0, |(i, _)| i)
}

/// Byte length of the grapheme at `pos` (0 at the end).
pub fn grapheme_len(text: &str, pos: usize) -> usize {
    text[pos..].graphemes(true).next().map_or(0, str::len)
}

/// Move `pos` by `delta` visual lines, keeping the display column.
pub fn move_lines(text: &str, index: &LineIndex, pos: usize, delta: isize) -> usize {
    if index.lines.is_empty() {
        return 0;
    }
    let line = index.line_of(pos);
    let target = (line as isize + delta).clamp(0, index.lines.len() as isize - 1) as usize;
    let cur = &index.lines[line];
    let col: usize = text[cur.start..pos.clamp(cur.start, cur.end)]
        .graphemes(true)
        .map(grapheme_width)
        .sum();
    let t = index.lines[target].clone();
    let mut w = 0;
    for (off, g) in text[t.clone()].grapheme_indices(true) {
        if w >= col {
            return t.start + off;
        }
        w += grapheme_width(g);
    }
    // Past the end of a line: stay on it (not on the next line's start).
    let last = text[t.clone()].grapheme_indices(true).next_back();
    match last {
        Some((off, _)) if t.end < text.len() && target + 1 < index.lines.len() => t.start + off,
        _ => t.end,
    }
}

/// `range` trimmed of surrounding white space and widened to whole words, so
/// that a selection made by word motions (which stop on a word's first
/// letter) never cuts a word in two. `None` when nothing is left.
pub fn whole_words(text: &str, range: Range<usize>) -> Option<(usize, usize)> {
    let raw = text.get(range.clone())?;
    let mut start = range.start + (raw.len() - raw.trim_start().len());
    let mut end = start + raw.trim().len();
    if end <= start {
        return None;
    }
    let in_word = |c: char| c.is_alphanumeric() || c == '-' || c == '\'' || c == '’';
    while let Some(c) = text.get(..start).and_then(|t| t.chars().next_back()) {
        if !in_word(c) {
            break;
        }
        start -= c.len_utf8();
    }
    let ends_in_word = text
        .get(..end)
        .and_then(|t| t.chars().next_back())
        .is_some_and(in_word);
    while let Some(c) = text.get(end..).and_then(|t| t.chars().next()) {
        if !ends_in_word || !in_word(c) {
            break;
        }
        end += c.len_utf8();
    }
    Some((start, end))
}

/// A highlighted range of the article and how to draw it, by priority:
/// later marks are drawn over earlier ones.
#[derive(Debug, Clone)]
pub struct Mark {
    pub range: Range<usize>,
    pub style: Style,
}

/// Draw lines `first..first+height` of the article, patching the styles
/// of `marks` over the text. Only those lines are touched.
pub fn visible_lines(
    text: &str,
    index: &LineIndex,
    first: usize,
    height: usize,
    marks: &[Mark],
) -> Vec<Line<'static>> {
    let end = (first + height).min(index.lines.len());
    let mut out = Vec::with_capacity(height);
    for r in index.lines.get(first..end).unwrap_or(&[]) {
        let relevant: Vec<&Mark> = marks
            .iter()
            .filter(|m| {
                m.range.start < r.end.max(r.start + 1) && m.range.end > r.start
                    || (m.range.is_empty() && m.range.start >= r.start && m.range.start <= r.end)
            })
            .collect();
        let mut cuts = vec![r.start, r.end];
        for m in &relevant {
            cuts.push(m.range.start.clamp(r.start, r.end));
            cuts.push(m.range.end.clamp(r.start, r.end));
        }
        cuts.sort_unstable();
        cuts.dedup();
        let mut spans = Vec::new();
        for w in cuts.windows(2) {
            let (a, b) = (w[0], w[1]);
            let mut style = Style::new();
            for m in &relevant {
                if m.range.start <= a && m.range.end >= b {
                    style = style.patch(m.style);
                }
            }
            spans.push(Span::styled(displayable(&text[a..b]), style));
        }
        // A cursor on a line break (an empty line, the end of a paragraph)
        // or at the very end of the text shows as a space.
        let at_break = r.end == text.len() || text[r.end..].starts_with('\n');
        if at_break {
            let mut style: Option<Style> = None;
            for m in marks.iter().filter(|m| m.range.start == r.end) {
                style = Some(style.unwrap_or_default().patch(m.style));
            }
            if let Some(style) = style {
                spans.push(Span::styled(" ", style));
            }
        }
        out.push(Line::from(spans));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines<'a>(text: &'a str, idx: &LineIndex) -> Vec<&'a str> {
        idx.lines.iter().map(|r| &text[r.clone()]).collect()
    }

    #[test]
    fn wraps_at_word_boundaries() {
        let t = "the quick brown fox\n\njumps over";
        let idx = LineIndex::build(t, 10);
        assert_eq!(
            lines(t, &idx),
            ["the quick ", "brown fox", "", "jumps over"]
        );
    }

    #[test]
    fn wide_and_combining_characters_use_display_width() {
        let t = "日本語の文章です";
        let idx = LineIndex::build(t, 5);
        assert_eq!(lines(t, &idx), ["日本", "語の", "文章", "です"]);
        let t = "e\u{301}e\u{301}e\u{301}e\u{301}";
        let idx = LineIndex::build(t, 2);
        assert_eq!(idx.lines.len(), 2);
        for r in &idx.lines {
            assert!(t.is_char_boundary(r.start) && t.is_char_boundary(r.end));
        }
    }

    #[test]
    fn long_word_is_hard_broken() {
        let t = "abcdefghij";
        let idx = LineIndex::build(t, 4);
        assert_eq!(lines(t, &idx), ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn cursor_on_a_line_break_is_drawn() {
        let t = "ab\n\ncd";
        let idx = LineIndex::build(t, 10);
        let cursor = |pos: usize| {
            let mark = Mark {
                range: pos..pos + grapheme_len(t, pos),
                style: Style::new().add_modifier(ratatui::style::Modifier::REVERSED),
            };
            visible_lines(t, &idx, 0, 3, &[mark])
        };
        let lines = cursor(2);
        assert_eq!(lines[0].spans.last().unwrap().content, " ");
        let lines = cursor(3);
        assert_eq!(lines[1].spans.len(), 1);
        assert_eq!(lines[0].spans.len(), 1);
        let lines = cursor(6);
        assert_eq!(lines[2].spans.last().unwrap().content, " ");
    }

    proptest::proptest! {
        /// Lines cover the text in order, each on character boundaries, and
        /// none is wider than the width once trailing spaces are left out
        /// (unless it is a single grapheme wider than the width).
        #[test]
        fn wrapping_covers_the_text_within_the_width(
            text in "([a-z]{1,12}|[ ]{1,3}|\n|日本|e\u{301}|\t|\u{1b}){0,60}",
            width in 1usize..30,
        ) {
            let idx = LineIndex::build(&text, width);
            let mut expected_start = 0;
            for r in &idx.lines {
                proptest::prop_assert!(r.start >= expected_start);
                proptest::prop_assert!(text[expected_start..r.start].chars().all(|c| c == '\n'));
                let line = text[r.clone()].trim_end_matches([' ', '\t']);
                let w = factdesk_core::text::width(line);
                let single = line.graphemes(true).count() == 1;
                proptest::prop_assert!(w <= width || single, "{line:?} is {w} wide");
                expected_start = r.end;
            }
            proptest::prop_assert_eq!(expected_start, text.len());
        }
    }

    #[test]
    fn selections_grow_to_whole_words() {
        let t = "“According to the information,” it said.";
        let start = t.find("rding").unwrap();
        let end = t.find("info").unwrap() + 1;
        let (a, b) = whole_words(t, start..end).unwrap();
        assert_eq!(&t[a..b], "According to the information");
        assert_eq!(whole_words(t, 0..0), None);
        let (a, b) = whole_words(t, 0..t.len()).unwrap();
        assert_eq!(&t[a..b], t);
    }

    #[test]
    fn motions() {
        let t = "One two. Three four!\nFive.";
        assert_eq!(next_word(t, 0), 4);
        assert_eq!(prev_word(t, 4), 0);
        assert_eq!(next_sentence(t, 0), 9);
        assert_eq!(prev_sentence(t, 9), 0);
        assert_eq!(sentence_at(t, 12), Some(9..20));
        let idx = LineIndex::build(t, 10);
        assert_eq!(move_lines(t, &idx, 1, 1), idx.lines[1].start + 1);
    }
}
