//! Small pieces shared by the screens: verdict badges and triage bars.

use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Span;

use crate::theme::Theme;
use factdesk_core::model::{Verdict, VerdictCounts};

/// `[ ]P`, `[✓]C`, `[?]U`, `[✗]D`: readable without colour.
pub fn badge(v: Verdict) -> &'static str {
    match v {
        Verdict::Pending => "[ ]P",
        Verdict::Confirmed => "[✓]C",
        Verdict::Unconfirmed => "[?]U",
        Verdict::Disputed => "[✗]D",
    }
}

/// Marks a quote may already open with, in the languages a desk reads.
const QUOTATION_MARKS: [char; 12] = ['"', '\'', '“', '”', '„', '‘', '’', '‚', '«', '»', '‹', '›'];

/// `text` between quotation marks, unless it already starts with one (a
/// claim on a whole quotation): `“It is…”`, never `““It is…””`.
pub fn quoted(text: &str) -> String {
    if text.starts_with(QUOTATION_MARKS) {
        text.to_string()
    } else {
        format!("“{text}”")
    }
}

fn initial(v: Verdict) -> char {
    match v {
        Verdict::Pending => 'P',
        Verdict::Confirmed => 'C',
        Verdict::Unconfirmed => 'U',
        Verdict::Disputed => 'D',
    }
}

fn bar_glyph(v: Verdict) -> &'static str {
    match v {
        Verdict::Pending => "░",
        Verdict::Confirmed => "█",
        Verdict::Unconfirmed => "▒",
        Verdict::Disputed => "▓",
    }
}

/// "P3 C2 U0 D1", each in its verdict's style.
pub fn counts_spans(theme: &Theme, c: &VerdictCounts) -> Vec<Span<'static>> {
    let mut out = Vec::new();
    for (i, v) in Verdict::ALL.into_iter().enumerate() {
        if i > 0 {
            out.push(Span::raw(" "));
        }
        out.push(Span::styled(
            format!("{}{}", initial(v), c.get(v)),
            theme.verdict(v),
        ));
    }
    out
}

/// A triage bar `width` cells wide: one segment per verdict, sized by count
/// (every non-zero count gets at least one cell), then the counts.
pub fn triage_bar(theme: &Theme, c: &VerdictCounts, width: usize) -> Vec<Span<'static>> {
    let total = c.total();
    let mut cells = [0usize; 4];
    if total > 0 {
        for (i, v) in Verdict::ALL.into_iter().enumerate() {
            let n = c.get(v);
            if n > 0 {
                cells[i] = ((n * width + total / 2).checked_div(total))
                    .unwrap_or(0)
                    .max(1);
            }
        }
        // Trim or pad the largest segment so the bar is exactly `width`.
        while cells.iter().sum::<usize>() > width {
            let i = (0..4).max_by_key(|&i| cells[i]).unwrap_or(0);
            cells[i] -= 1;
        }
        while cells.iter().sum::<usize>() < width {
            let i = (0..4).max_by_key(|&i| cells[i]).unwrap_or(0);
            cells[i] += 1;
        }
    }
    let mut out = Vec::new();
    for (i, v) in Verdict::ALL.into_iter().enumerate() {
        if cells[i] > 0 {
            out.push(Span::styled(
                bar_glyph(v).repeat(cells[i]),
                theme.verdict(v),
            ));
        }
    }
    if total == 0 {
        out.push(Span::styled("·".repeat(width), Style::new()));
    }
    out.push(Span::raw(" "));
    out.extend(counts_spans(theme, c));
    out
}

/// A rectangle of `w`×`h` centred in `area` (clipped to it).
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let [r] = Layout::horizontal([Constraint::Length(w.min(area.width))])
        .flex(Flex::Center)
        .areas(area);
    let [r] = Layout::vertical([Constraint::Length(h.min(area.height))])
        .flex(Flex::Center)
        .areas(r);
    r
}

/// `text` cut or padded to `width` columns (displayable, `…` when cut),
/// with the units at `indices` in `hl` and the rest in `base`. Units are
/// what the archive's matcher counts: bytes of an ASCII text, grapheme
/// clusters otherwise (see [`factdesk_core::archive::Hit`]); for an ASCII text
/// both are the same.
pub fn highlighted(
    text: &str,
    indices: &[u32],
    width: usize,
    base: Style,
    hl: Style,
) -> Vec<Span<'static>> {
    use factdesk_core::text::{displayable_cow, grapheme_width};
    use unicode_segmentation::UnicodeSegmentation;
    let total = factdesk_core::text::width(text);
    let room = if total > width {
        width.saturating_sub(1)
    } else {
        width
    };
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut run = String::new();
    let mut run_hl = false;
    let mut used = 0;
    for (i, g) in text.graphemes(true).enumerate() {
        let g = if g == "\n" || g == "\r" || g == "\r\n" {
            " "
        } else {
            g
        };
        let w = grapheme_width(g);
        if used + w > room {
            break;
        }
        used += w;
        let lit = indices.binary_search(&(i as u32)).is_ok();
        if lit != run_hl && !run.is_empty() {
            let style = if run_hl { hl } else { base };
            spans.push(Span::styled(std::mem::take(&mut run), style));
        }
        run_hl = lit;
        run.push_str(&displayable_cow(g));
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, if run_hl { hl } else { base }));
    }
    if total > width && width > 0 {
        spans.push(Span::styled("…", base));
        used += 1;
    }
    if used < width {
        spans.push(Span::styled(" ".repeat(width - used), base));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;
    use factdesk_core::archive::{ClaimRow, words};
    use factdesk_core::edit::{Edit, Who, apply};
    use factdesk_core::model::{Anchor, SCHEMA_VERSION, SourceRegistry, Story};
    use factdesk_core::slug::StoryId;
    use ratatui::style::Modifier;

    fn story_with_claim(text: &str) -> Story {
        let mut story = Story {
            version: SCHEMA_VERSION,
            id: StoryId::parse("2017-06-16-test").unwrap(),
            headline: "Test".into(),
            date: None,
            dateline: None,
            outlet: None,
            byline: None,
            url: None,
            imported_at: chrono::DateTime::from_timestamp(0, 0).unwrap(),
            imported_by: "t".into(),
            article_len: 0,
            article_sha256: None,
            next_claim: 1,
            assignment: None,
            history: vec![],
            claims: vec![],
            deleted_claims: vec![],
        };
        let anchor = Anchor {
            start: 0,
            end: 5,
            quote: String::new(),
            prefix: String::new(),
            suffix: String::new(),
        };
        let edit = Edit::AddClaim {
            text: text.into(),
            anchor,
            speaker: None,
            score: None,
            cues: Vec::new(),
        };
        apply(&mut story, edit, &Who::now("t")).unwrap();
        story
    }

    fn lit(spans: &[Span], hl: Style) -> String {
        spans
            .iter()
            .filter(|s| s.style == hl)
            .map(|s| s.content.as_ref())
            .collect()
    }

    #[test]
    fn highlights_follow_the_matcher_over_combining_marks() {
        // "é" as e + combining acute: one grapheme, two chars.
        let story = story_with_claim("Cafe\u{301} strike near Raqqa");
        let rows = ClaimRow::of_story(&story, &SourceRegistry::default());
        let q = factdesk_core::query::parse("raqqa").unwrap();
        let indices = words::highlight(&rows[0].text, &words::terms(&q.words));
        assert_eq!(rows[0].text, "Cafe\u{301} strike near Raqqa", "{indices:?}");
        let hl = Style::new().add_modifier(Modifier::BOLD);
        let spans = highlighted(&rows[0].text, &indices, 40, Style::new(), hl);
        assert_eq!(lit(&spans, hl), "Raqqa");
        let all: String = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(
            all,
            format!("Cafe\u{301} strike near Raqqa{}", " ".repeat(18))
        );
        // ASCII: positions are bytes; cut with an ellipsis.
        let spans = highlighted("killed in May", &[0, 1], 8, Style::new(), hl);
        assert_eq!(lit(&spans, hl), "ki");
        let all: String = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(all, "killed …");
        // Control characters are shown, not sent.
        let spans = highlighted("a\u{1b}[2Jb", &[], 10, Style::new(), hl);
        let all: String = spans.iter().map(|s| s.content.as_ref()).collect();
        assert!(!all.contains('\u{1b}'), "{all:?}");
    }
}
