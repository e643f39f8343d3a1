//! The article pane of the story screen: the cursor, the selection and the
//! last search; wrapped at the width the last frame gave it, scrolled to
//! keep the cursor (or the selected claim) in view; drawn with the claims
//! highlighted.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

use super::lines::{self, LineIndex, Mark, visible_lines};
use crate::keymap::Command;
use crate::theme::Theme;
use factdesk_core::model::Claim;
use factdesk_core::text::grapheme_width;

#[derive(Debug)]
pub struct ArticlePane {
    /// Byte offset of the cursor.
    cursor: usize,
    /// Where a selection started (`v`).
    mark: Option<usize>,
    /// First visual line shown.
    scroll: usize,
    /// Scroll to keep the cursor (or the selected claim) in view at the
    /// next layout.
    follow: bool,
    /// The last search (`/`).
    find: Option<String>,
    /// Layout: the article wrapped at `width`, the size of the text area
    /// and where it is (for the mouse). Before the first frame, a guess.
    index: Option<LineIndex>,
    width: usize,
    height: usize,
    area: Rect,
}

impl Default for ArticlePane {
    fn default() -> ArticlePane {
        ArticlePane {
            cursor: 0,
            mark: None,
            scroll: 0,
            follow: true,
            find: None,
            index: None,
            width: 70,
            height: 20,
            area: Rect::default(),
        }
    }
}

/// `index`, the line index of `text` at `width`, built unless it is.
fn wrapped<'i>(index: &'i mut Option<LineIndex>, text: &str, width: usize) -> &'i LineIndex {
    let width = width.max(1);
    let fresh = matches!(index, Some(i) if i.width == width && i.len == text.len());
    if !fresh {
        *index = None;
    }
    index.get_or_insert_with(|| LineIndex::build(text, width))
}

/// What the pane needs to know of the story to highlight claims.
pub struct Claims<'a> {
    pub claims: &'a [Claim],
    pub selected: usize,
    /// The article has the keys (the cursor and selection are shown).
    pub focused: bool,
    /// Sentences to show faint: worth a look, not claims.
    pub candidates: &'a [Range<usize>],
}

impl ArticlePane {
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn scroll(&self) -> usize {
        self.scroll
    }

    pub fn find(&self) -> Option<&str> {
        self.find.as_deref()
    }

    pub fn set_find(&mut self, q: String) {
        self.find = Some(q);
    }

    /// Keep the cursor or selected claim in view at the next frame.
    pub fn follow(&mut self) {
        self.follow = true;
    }

    /// Put the cursor at `pos`, where the view is (a click).
    pub fn place_cursor(&mut self, pos: usize) {
        self.cursor = pos;
    }

    /// Put the cursor at `pos` and keep it in view.
    pub fn move_to(&mut self, pos: usize) {
        self.cursor = pos;
        self.follow = true;
    }

    /// The selected byte range of `text` (`v` … cursor, inclusive).
    pub fn selection(&self, text: &str) -> Option<Range<usize>> {
        let mark = self.mark?;
        let (a, b) = (mark.min(self.cursor), mark.max(self.cursor));
        Some(a..b + lines::grapheme_len(text, b))
    }

    pub fn clear_selection(&mut self) {
        self.mark = None;
    }

    /// Esc: drop the selection; true when there was none.
    pub fn cancel(&mut self) -> bool {
        self.mark.take().is_none()
    }

    /// Wrap `text` at the pane's width unless it already is.
    fn ensure_index(&mut self, text: &str) -> &LineIndex {
        wrapped(&mut self.index, text, self.width)
    }

    /// Tab into the article: the cursor on `claim`, or where the view is.
    pub fn enter(&mut self, claim: Option<&Claim>, text: &str) {
        self.cursor = match claim {
            Some(c) if !c.orphaned => c.anchor.start,
            _ => {
                let scroll = self.scroll;
                let index = self.ensure_index(text);
                index.lines.get(scroll).map_or(0, |r| r.start)
            }
        };
        self.follow = true;
    }

    /// A cursor motion or `v`; false for any other command.
    pub fn motion(&mut self, cmd: Command, text: &str) -> bool {
        let pos = self.cursor.min(text.len());
        let new = match cmd {
            Command::Down | Command::Up => {
                let delta = if cmd == Command::Down { 1 } else { -1 };
                let index = self.ensure_index(text);
                lines::move_lines(text, index, pos, delta)
            }
            Command::WordNext => lines::next_word(text, pos),
            Command::WordPrev => lines::prev_word(text, pos),
            Command::SentenceNext => lines::next_sentence(text, pos),
            Command::SentencePrev => lines::prev_sentence(text, pos),
            Command::Top => 0,
            Command::Bottom => text.len(),
            Command::Select => {
                self.mark = match self.mark {
                    Some(_) => None,
                    None => Some(pos),
                };
                return true;
            }
            _ => return false,
        };
        self.move_to(new);
        true
    }

    /// The next (or previous) match of the last search from the cursor;
    /// `include_here`: a match at the cursor counts.
    pub fn find_from_cursor(&self, text: &str, forward: bool, include_here: bool) -> Option<usize> {
        let q = self.find.as_deref().filter(|q| !q.is_empty())?;
        let pos = self.cursor.min(text.len());
        if forward {
            let from = if include_here {
                pos
            } else {
                pos + lines::grapheme_len(text, pos)
            };
            text.get(from..)
                .and_then(|t| t.find(q))
                .map(|i| from + i)
                .or_else(|| text.find(q))
        } else {
            text.get(..pos)
                .and_then(|t| t.rfind(q))
                .or_else(|| text.rfind(q))
        }
    }

    /// The mouse wheel over the pane: scroll by three lines, and stay there.
    pub fn wheel(&mut self, down: bool, text: &str) {
        let h = self.height;
        let lines = self.ensure_index(text).lines.len();
        let max = lines.saturating_sub(h.max(1));
        self.scroll = if down {
            (self.scroll + 3).min(max)
        } else {
            self.scroll.saturating_sub(3)
        };
        self.follow = false;
    }

    pub fn contains(&self, pos: Position) -> bool {
        self.area.contains(pos)
    }

    /// The byte offset of `text` drawn at the terminal cell `pos`.
    pub fn offset_at(&mut self, pos: Position, text: &str) -> Option<usize> {
        let area = self.area;
        let line = self.scroll + pos.y.checked_sub(area.y)? as usize;
        let r = self.ensure_index(text).lines.get(line)?.clone();
        let want = pos.x.checked_sub(area.x)? as usize;
        let mut w = 0;
        for (off, g) in text.get(r.clone())?.grapheme_indices(true) {
            let gw = grapheme_width(g);
            if want < w + gw {
                return Some(r.start + off);
            }
            w += gw;
        }
        Some(r.end)
    }

    /// Layout: wrap at the width of `inner`, and scroll to keep `target`
    /// (a byte range: the cursor, or the selected claim) in view.
    pub fn fit(&mut self, inner: Rect, text: &str, target: Option<Range<usize>>) {
        self.width = (inner.width as usize).max(1);
        self.height = inner.height as usize;
        self.area = inner;
        let height = self.height;
        let index = wrapped(&mut self.index, text, self.width);
        if self.follow && height > 0 {
            if let Some(t) = target {
                let line = index.line_of(t.start);
                let end_line = index.line_of(t.end.saturating_sub(1)).max(line);
                if line < self.scroll {
                    self.scroll = line;
                } else if end_line >= self.scroll + height {
                    self.scroll = (end_line + 1).saturating_sub(height).min(line);
                }
            }
            self.follow = false;
        }
        self.scroll = self.scroll.min(index.lines.len().saturating_sub(1));
    }

    /// Draw the pane into `area` (its block included).
    pub fn draw(&self, frame: &mut Frame, area: Rect, text: &str, claims: &Claims, theme: &Theme) {
        // The panel that has the keys says so in words, not only in the
        // border's colour.
        let title = if claims.focused {
            Span::styled(" Article · CURSOR · Esc: claims ", theme.accent())
        } else {
            Span::raw(" Article ")
        };
        let block = Block::bordered()
            .title(title)
            .border_style(theme.border(claims.focused));
        let inner = block.inner(area);
        let height = inner.height as usize;
        let Some(index) = self.index.as_ref() else {
            frame.render_widget(block, area);
            return;
        };
        let total = index.lines.len();
        let scroll = self.scroll;
        let title_pos = format!(
            " {}–{}/{} ",
            scroll + 1,
            (scroll + height).min(total),
            total
        );
        let block = block.title_top(Line::from(title_pos).right_aligned());
        frame.render_widget(block, area);
        let marks = self.marks(index, text, claims, theme);
        let lines = visible_lines(text, index, scroll, height, &marks);
        frame.render_widget(Paragraph::new(lines), inner);
    }

    /// Highlights for the visible part of the article, lowest priority
    /// first.
    fn marks(&self, index: &LineIndex, text: &str, claims: &Claims, theme: &Theme) -> Vec<Mark> {
        let (vis_start, vis_end) = {
            let first = index.lines.get(self.scroll).map_or(0, |r| r.start);
            let last = (self.scroll + self.height)
                .min(index.lines.len())
                .saturating_sub(1);
            let end = index.lines.get(last).map_or(first, |r| r.end);
            (first, end)
        };
        let mut marks: Vec<Mark> = claims
            .candidates
            .iter()
            .filter(|r| r.end >= vis_start && r.start <= vis_end)
            .map(|r| Mark {
                range: r.clone(),
                style: theme.candidate(),
            })
            .collect();
        for (i, c) in claims.claims.iter().enumerate() {
            if c.orphaned || c.anchor.end < vis_start || c.anchor.start > vis_end {
                continue;
            }
            let mut style = theme.claim_text(c.verdict);
            if i == claims.selected {
                // In the article's focus the cursor is the reversed cell, so
                // the selected claim is only bold there.
                style = if claims.focused {
                    style.add_modifier(Modifier::BOLD)
                } else {
                    style.patch(theme.selected())
                };
            }
            marks.push(Mark {
                range: c.anchor.start..c.anchor.end,
                style,
            });
        }
        if let Some(q) = self.find.as_deref().filter(|q| !q.is_empty()) {
            let mut end = (vis_end + q.len()).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            let window = text.get(vis_start..end).unwrap_or_default();
            for (i, _) in window.match_indices(q) {
                marks.push(Mark {
                    range: vis_start + i..vis_start + i + q.len(),
                    style: theme.search_match(),
                });
            }
        }
        if claims.focused {
            if let Some(sel) = self.selection(text) {
                marks.push(Mark {
                    range: sel,
                    style: theme.selection(),
                });
            }
            let c = self.cursor.min(text.len());
            let len = lines::grapheme_len(text, c);
            marks.push(Mark {
                range: c..c + len,
                style: theme.cursor(),
            });
        }
        marks
    }
}
