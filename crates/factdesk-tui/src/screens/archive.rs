//! The archive screen: every claim of the desk, newest story first, with a
//! search line in the `factdesk search` language and a verdict filter.
//!
//! The screen holds the page of hits it shows, from the archive's index:
//! the first [`PAGE`] on each keystroke, more as the selection nears the
//! end of what is loaded, and the count of all.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::action::{Action, Back, Screen, StoryAt};
use crate::component::{Component, Cx, View, keep_in_view, move_in_list, screen_command};
use crate::desk_data::DeskData;
use crate::field::TextField;
use crate::keymap::{Command, Context};
use crate::widgets::{badge, highlighted};
use factdesk_core::archive::words;
use factdesk_core::archive::{ClaimRow, Found};
use factdesk_core::model::{ClaimId, Verdict};
use factdesk_core::query::{self, Query};
use factdesk_core::slug::StoryId;
use factdesk_core::store::Desk;
use factdesk_core::text::{first_line, fit, pad};

const DATE_W: usize = 10;
const OUTLET_W: usize = 14;
const SPEAKER_W: usize = 20;

/// Hits loaded at first; twice as many each time the selection comes
/// within [`AHEAD`] of the end of what is loaded.
pub const PAGE: usize = 200;
const AHEAD: usize = 50;

#[derive(Debug, Default)]
pub struct ArchiveScreen {
    /// The search line, in the `factdesk search` language.
    query: TextField,
    /// The search line has the keys.
    searching: bool,
    /// Why the search line does not parse; the last results stay.
    error: Option<String>,
    /// The hits loaded, best (or newest) first, and how many match.
    found: Found,
    /// How many hits to load.
    want: usize,
    /// Position in `hits`.
    selected: usize,
    /// The last search line that parsed: what the shown rows highlight.
    parsed: Option<Query>,
    /// The verdict filter of the search line as it is (none when it does
    /// not parse), shown beside it.
    verdict: Option<Verdict>,
    /// The archive's state `found` was searched in.
    generation: u64,
    /// The claim selected, to find again when the rows are loaded anew.
    selected_key: Option<(StoryId, ClaimId)>,
    /// Layout: the first row shown, and the highlights of the rows shown
    /// (found only for those: a one-letter search hits nearly every claim).
    offset: usize,
    highlights: Vec<Vec<u32>>,
}

impl ArchiveScreen {
    pub fn query(&self) -> &str {
        self.query.text()
    }

    pub fn searching(&self) -> bool {
        self.searching
    }

    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// Position of the selected claim among the hits.
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// The rows of the claims loaded, in order.
    pub fn shown(&self) -> impl Iterator<Item = &ClaimRow> {
        self.found
            .hits
            .iter()
            .filter_map(|h| self.found.rows.get(h.index))
    }

    /// How many claims match the search line.
    pub fn total(&self) -> usize {
        self.found.total
    }

    /// `2`: the search line has the keys.
    pub fn start_search(&mut self) {
        self.searching = true;
    }

    /// The screen is shown: the archive opened (on a thread, the first
    /// time), searched again if it changed since, the selected claim kept.
    pub fn show(&mut self, cx: &mut Cx) {
        cx.data.ensure_archive(&cx.env.desk);
        cx.data.verify_in_background();
        self.refresh(cx.data, &cx.env.desk);
    }

    /// Search again if the archive changed since the last search (it
    /// arrived, an edit, another program's), keeping the selected claim.
    pub fn refresh(&mut self, data: &mut DeskData, desk: &Desk) {
        if self.generation == data.generation() && self.parsed.is_some() {
            return;
        }
        self.research(data, desk, false);
        self.generation = data.generation();
        if let Some((story, claim)) = self.selected_key.clone() {
            let pos = self
                .shown()
                .position(|r| r.story == story && r.claim == claim);
            if let Some(pos) = pos {
                self.selected = pos;
            }
        }
        self.remember_selection();
    }

    fn remember_selection(&mut self) {
        let key = self
            .shown()
            .nth(self.selected)
            .map(|r| (r.story.clone(), r.claim));
        self.selected_key = key;
    }

    fn len(&self) -> usize {
        self.found.hits.len()
    }

    /// Run the search line on the archive. A line that does not parse
    /// leaves the last results and shows why.
    fn research(&mut self, data: &mut DeskData, desk: &Desk, reset: bool) {
        if reset {
            self.want = PAGE;
        }
        match query::parse(self.query.text()) {
            Ok(q) => {
                self.error = None;
                self.verdict = q.verdict;
                // Highlights are found in layout, for the rows drawn.
                self.found = data.search(desk, &q, self.want.max(PAGE), 0);
                self.generation = data.generation();
                self.parsed = Some(q);
            }
            Err(e) => {
                self.error = Some(first_line(&e.to_string()));
                self.verdict = None;
            }
        }
        if reset {
            self.selected = 0;
        }
        self.selected = self.selected.min(self.len().saturating_sub(1));
    }

    /// Near the end of the hits loaded: load twice as many.
    fn load_more(&mut self, data: &mut DeskData, desk: &Desk) {
        if self.selected + AHEAD >= self.len() && self.len() < self.found.total {
            self.want = self.len().max(PAGE) * 2;
            self.research(data, desk, false);
        }
    }

    /// `v`: the next verdict filter, written into the search line.
    fn cycle_verdict(&mut self, data: &mut DeskData, desk: &Desk) {
        let next = next_verdict(query_verdict(self.query.text()));
        let text = with_verdict(self.query.text(), next);
        self.query.set(text);
        self.research(data, desk, true);
    }

    /// Enter: the story, at the selected claim; Esc there comes back.
    fn open_hit(&self, cx: &mut Cx) {
        let Some((story, claim)) = self.selected_key.clone() else {
            return cx.info("no claim selected");
        };
        cx.ask(Action::OpenStory {
            at: StoryAt {
                story,
                claim: Some(claim),
            },
            back: Some(Back::Archive),
        });
    }

    /// `y`: the selected claim's quote, to the clipboard.
    fn copy_hit(&self, cx: &mut Cx) {
        let row = self
            .found
            .hits
            .get(self.selected)
            .and_then(|h| self.found.rows.get(h.index));
        match row {
            Some(r) => {
                let (what, text) = (
                    format!("the quote of {}#{}", r.story, r.claim),
                    r.text.clone(),
                );
                crate::desktop::copy(cx, &what, &text);
            }
            None => cx.info("no claim selected: nothing was copied"),
        }
    }

    fn command(&mut self, cmd: Command, cx: &mut Cx) -> bool {
        match cmd {
            Command::Down => move_in_list(&mut self.selected, self.found.hits.len(), 1, true),
            Command::Up => move_in_list(&mut self.selected, self.found.hits.len(), -1, true),
            Command::Top => move_in_list(&mut self.selected, self.found.hits.len(), 0, false),
            Command::Bottom => {
                move_in_list(&mut self.selected, self.found.hits.len(), isize::MAX, false)
            }
            Command::Open => self.open_hit(cx),
            Command::Filter => self.searching = true,
            Command::Accept => self.searching = false,
            Command::CycleVerdict => self.cycle_verdict(cx.data, &cx.env.desk),
            Command::Copy => self.copy_hit(cx),
            Command::Back => cx.ask(Action::Show(Screen::Desk)),
            other => match screen_command(other, self.context()) {
                Some(action) => cx.ask(action),
                None => return false,
            },
        }
        true
    }
}

impl Component for ArchiveScreen {
    fn context(&self) -> Context {
        if self.searching {
            Context::ArchiveSearch
        } else {
            Context::Archive
        }
    }

    fn update(&mut self, action: Action, cx: &mut Cx) -> bool {
        let changed = match action {
            Action::Command(cmd) => self.command(cmd, cx),
            Action::Input(_) | Action::Paste(_) if self.searching => {
                let changed = self.query.take(&action);
                if changed {
                    self.research(cx.data, &cx.env.desk, true);
                }
                changed
            }
            Action::Scroll { down, .. } => {
                let by = if down { 3 } else { -3 };
                move_in_list(&mut self.selected, self.found.hits.len(), by, true);
                true
            }
            _ => false,
        };
        self.load_more(cx.data, &cx.env.desk);
        self.remember_selection();
        changed
    }

    fn layout(&mut self, area: Rect, _data: &mut DeskData) {
        let inner = Block::bordered().inner(area);
        if inner.height < 4 {
            return;
        }
        let rows = inner.height as usize - 3;
        self.offset = keep_in_view(self.offset, self.selected, rows);
        self.highlights.clear();
        if let Some(q) = self.parsed.as_ref().filter(|q| !q.words.is_empty()) {
            let terms = words::terms(&q.words);
            for h in self.found.hits.iter().skip(self.offset).take(rows) {
                let found = self
                    .found
                    .rows
                    .get(h.index)
                    .map(|r| words::highlight(&r.text, &terms));
                self.highlights.push(found.unwrap_or_default());
            }
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = &view.env.theme;
        let all = view.data.claim_count();
        let title = format!(" Archive · {} of {all} claims ", self.found.total);
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
        let mut spans = vec![Span::styled("Search: ", theme.accent())];
        spans.extend(self.query.spans(self.searching, theme));
        let verdict = self.verdict;
        let chip = match verdict {
            Some(v) => format!("  [verdict: {v}]"),
            None => "  [verdict: any]".to_string(),
        };
        spans.push(Span::styled(
            chip,
            verdict.map_or_else(|| theme.dim(), |v| theme.verdict(v)),
        ));
        frame.render_widget(Paragraph::new(Line::from(spans)), search);
        frame.render_widget(Paragraph::new(self.note_line(view, width)), note);

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
        let mut lines = Vec::new();
        if self.found.hits.is_empty() {
            let msg = if view.data.indexing().is_some() {
                "Indexing the archive…"
            } else if all == 0 {
                "No claims in the desk yet."
            } else {
                "No claim matches the search."
            };
            lines.push(Line::from(Span::styled(format!(" {msg}"), theme.dim())));
        }
        let hl = theme.search_match().add_modifier(Modifier::BOLD);
        let shown = self
            .found
            .hits
            .iter()
            .enumerate()
            .skip(self.offset)
            .take(rows);
        for (n, (pos, hit)) in shown.enumerate() {
            let Some(r) = self.found.rows.get(hit.index) else {
                continue;
            };
            let selected = pos == self.selected;
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
            let indices: &[u32] = match self.highlights.get(n) {
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

    fn status(&self, _view: &View) -> Vec<Span<'static>> {
        let n = self.found.total;
        vec![Span::raw(format!(
            "{n} {} │ ",
            if n == 1 { "claim" } else { "claims" }
        ))]
    }
}

impl ArchiveScreen {
    /// Under the search line: why it does not parse, stories that could
    /// not be read, or the keys.
    fn note_line(&self, view: &View, width: usize) -> Line<'static> {
        let theme = &view.env.theme;
        if let Some(e) = &self.error {
            return Line::from(Span::styled(fit(e, width), theme.error()));
        }
        if let Some((done, of)) = view.data.indexing() {
            let pct = (done * 100).checked_div(of).unwrap_or(0);
            return Line::from(Span::styled(
                fit(&format!("indexing {pct}% ({done} of {of} stories)…"), width),
                theme.accent(),
            ));
        }
        if let Some(e) = view.data.archive_error() {
            return Line::from(Span::styled(fit(e, width), theme.error()));
        }
        let problems = view.data.problems();
        if let Some(p) = problems.first() {
            return Line::from(Span::styled(
                fit(&format!("{} unreadable: {p}", problems.len()), width),
                theme.error(),
            ));
        }
        let keys = &view.env.keymap;
        let k = |ctx, cmd| keys.key_for(ctx, cmd).unwrap_or_default();
        let text = if self.searching {
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
        Line::from(Span::styled(fit(&text, width), theme.dim()))
    }
}

/// The verdict after `v` in the archive's cycle.
pub fn next_verdict(v: Option<Verdict>) -> Option<Verdict> {
    match v {
        None => Some(Verdict::Pending),
        Some(Verdict::Pending) => Some(Verdict::Confirmed),
        Some(Verdict::Confirmed) => Some(Verdict::Unconfirmed),
        Some(Verdict::Unconfirmed) => Some(Verdict::Disputed),
        Some(Verdict::Disputed) => None,
    }
}

/// `query` with its `verdict:` filter replaced by `verdict` (or dropped).
/// Works on words, so a search line that does not parse keeps the rest of
/// what was typed as it was.
pub fn with_verdict(query: &str, verdict: Option<Verdict>) -> String {
    let mut words: Vec<&str> = query
        .split_whitespace()
        .filter(|w| !w.to_ascii_lowercase().starts_with("verdict:"))
        .collect();
    let v = verdict.map(|v| format!("verdict:{v}"));
    if let Some(v) = &v {
        words.push(v);
    }
    words.join(" ")
}

/// The verdict filter of the search line, when it parses.
pub fn query_verdict(query: &str) -> Option<Verdict> {
    query::parse(query).ok().and_then(|q| q.verdict)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdict_cycle_and_rewrite() {
        let mut v = None;
        let mut seen = vec![];
        for _ in 0..5 {
            v = next_verdict(v);
            seen.push(v);
        }
        assert_eq!(
            seen,
            vec![
                Some(Verdict::Pending),
                Some(Verdict::Confirmed),
                Some(Verdict::Unconfirmed),
                Some(Verdict::Disputed),
                None
            ]
        );
        assert_eq!(
            with_verdict(
                "baghdadi verdict:pending since:2017",
                Some(Verdict::Disputed)
            ),
            "baghdadi since:2017 verdict:disputed"
        );
        assert_eq!(with_verdict("verdict:disputed", None), "");
        assert_eq!(query_verdict("x verdict:conf"), Some(Verdict::Confirmed));
    }
}
