//! The desk screen: every story, newest first, with its triage bar and the
//! claims that need review; a fuzzy filter, import (a file, or an article
//! pasted), a corrected article for a story, and a story moved to the trash.

use std::path::PathBuf;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::action::{Action, PopupRequest, Screen, StoryAt};
use crate::component::{Component, Cx, View, keep_in_view, move_in_list, screen_command};
use crate::desk_data::DeskData;
use crate::field::TextField;
use crate::fuzzy::Filtered;
use crate::importing;
use crate::keymap::{Command, Context};
use crate::widgets::triage_bar;
use factdesk_core::ids::StoryId;
use factdesk_core::import::Items;
use factdesk_core::session::EditSession;
use factdesk_core::store::{Desk, ImportOptions, StorySummary};
use factdesk_core::text::{self, first_line, fit, pad};

const DATE_W: usize = 10;
const OUTLET_W: usize = 14;
const BAR_W: usize = 10;
/// Bar, a space, and "P9 C99 U9 D9" (longer counts cut into the margin).
const TRIAGE_W: usize = BAR_W + 1 + 12;
/// " R9": claims needing review, when a story has any.
const REVIEW_W: usize = 3;

#[derive(Debug, Default)]
pub struct DeskScreen {
    summaries: Vec<StorySummary>,
    /// What the filter matches of each summary: made when the filter is
    /// first used after a refresh (not before the first frame).
    hay: Option<Filtered>,
    problems: Vec<String>,
    filter: TextField,
    /// The filter line has the keys.
    filtering: bool,
    /// Indices into `summaries` shown, in order.
    shown: Vec<usize>,
    selected: usize,
    /// Layout: the first row shown.
    offset: usize,
}

/// What the filter matches of a story: headline, outlet, id and date.
fn haystack(s: &StorySummary) -> String {
    format!(
        "{} {} {} {}",
        s.headline,
        s.outlet.as_deref().unwrap_or(""),
        s.id,
        s.date.map(|d| d.to_string()).unwrap_or_default()
    )
}

impl DeskScreen {
    /// The stories of the desk (read again), the filter applied. The story
    /// selected stays selected wherever it moved (a date given, a sync).
    pub fn refresh(&mut self, desk: &Desk, data: &mut DeskData) {
        let was = self.selected_story().map(|s| s.id.clone());
        // The old list goes before the new one is made: both at once
        // would double the screen's largest allocation at its peak.
        self.summaries = Vec::new();
        self.shown.clear();
        self.hay = None;
        // From the archive's catalog when it is open (its summaries are
        // kept current without stat-ing every story file, most of a
        // second on 40,000 stories); else from the story files.
        match data.stories(desk).map(Ok).unwrap_or_else(|| {
            desk.summaries().map(|(summaries, problems)| {
                let problems = problems.iter().map(|e| first_line(&e.to_string()));
                (summaries, problems.collect())
            })
        }) {
            Ok((summaries, problems)) => {
                self.summaries = summaries;
                self.problems = problems;
            }
            Err(e) => self.problems = vec![first_line(&e.to_string())],
        }
        self.refilter();
        if let Some(id) = was {
            self.select(&id);
        }
    }

    /// Every story of the desk, newest first.
    pub fn stories(&self) -> &[StorySummary] {
        &self.summaries
    }

    /// The conflicts left on the stories' claims by merges.
    pub fn conflicts(&self) -> usize {
        self.summaries.iter().map(|s| s.conflicts).sum()
    }

    /// The stories the filter lets through, in the order shown.
    pub fn shown(&self) -> impl Iterator<Item = &StorySummary> {
        self.shown.iter().filter_map(|&i| self.summaries.get(i))
    }

    /// Position of the selected story among those shown.
    pub fn selected(&self) -> usize {
        self.selected
    }

    pub fn filter(&self) -> &str {
        self.filter.text()
    }

    fn refilter(&mut self) {
        let query = self.filter.text();
        self.shown = if query.trim().is_empty() {
            (0..self.summaries.len()).collect()
        } else {
            let summaries = &self.summaries;
            self.hay
                .get_or_insert_with(|| {
                    let hay: Vec<String> = summaries.iter().map(haystack).collect();
                    Filtered::new(hay.iter().map(String::as_str))
                })
                .rank(query)
        };
        self.selected = self.selected.min(self.shown.len().saturating_sub(1));
    }

    fn move_to(&mut self, to: isize, relative: bool) {
        move_in_list(&mut self.selected, self.shown.len(), to, relative);
    }

    fn clear_filter(&mut self) {
        self.filter.clear();
        self.refilter();
    }

    fn open_selected(&self, cx: &mut Cx) {
        let Some(s) = self.shown().nth(self.selected) else {
            return;
        };
        cx.ask(Action::OpenStory {
            at: StoryAt {
                story: s.id.clone(),
                claim: None,
            },
            back: None,
        });
    }

    fn selected_story(&self) -> Option<&StorySummary> {
        self.shown().nth(self.selected)
    }

    /// `R`: ask for the corrected article of the selected story.
    fn ask_revision(&self, cx: &mut Cx) {
        match self.selected_story() {
            Some(s) => cx.open(PopupRequest::Revise(s.id.clone())),
            None => cx.info("no story selected"),
        }
    }

    /// Take the file at `path` as the corrected article of `story`: the
    /// earlier text kept, the claims put back on the new one, those whose
    /// words changed flagged for review (as `factdesk story revise`).
    fn revise(&mut self, story: &StoryId, path: &str, cx: &mut Cx) {
        let path = crate::complete::expand_home(path.trim());
        let who = cx.who();
        let done = (|| {
            let text = factdesk_core::store::revision::read_article_file(&path)?;
            let mut session = EditSession::open(&cx.env.desk, story, &who)?;
            let revision = session.revise(&text, &who)?;
            session.save(&who)?;
            Ok::<_, factdesk_core::error::Error>(revision)
        })();
        match done {
            Ok(r) => {
                self.refresh(&cx.env.desk, cx.data);
                cx.data.rows_changed();
                let c = &r.corrected;
                // Without the story's id: its row is selected, and the
                // claims are what the editor acts on next.
                let mut msg = format!("revision {}, earlier text kept", r.revision);
                if !c.review.is_empty() {
                    let ids: Vec<String> = c.review.iter().map(|id| format!("#{id}")).collect();
                    msg.push_str(&format!("; needs review: {}", ids.join(" ")));
                }
                if !c.moved.is_empty() {
                    msg.push_str(&format!("; {} moved", c.moved.len()));
                }
                if !c.orphaned.is_empty() {
                    msg.push_str(&format!("; {} orphaned", c.orphaned.len()));
                }
                cx.info(msg);
            }
            Err(e) => cx.error(e.to_string()),
        }
    }

    /// Select `story` among those shown, when it is.
    pub fn select(&mut self, story: &StoryId) {
        let found = self.shown().position(|s| s.id == *story);
        if let Some(pos) = found {
            self.selected = pos;
        }
    }

    /// `E`: the selected story's details, in a form.
    fn ask_details(&self, cx: &mut Cx) {
        let Some(s) = self.selected_story() else {
            return cx.info("no story selected");
        };
        match cx.env.desk.load_story_file(&s.id) {
            Ok(doc) => cx.open(PopupRequest::StoryDetails {
                story: Box::new(doc.story().clone()),
                open: false,
            }),
            Err(e) => cx.error(e.to_string()),
        }
    }

    /// `x`: move the selected story to the trash, once the editor says yes.
    fn ask_delete(&self, cx: &mut Cx) {
        let Some(s) = self.selected_story() else {
            return cx.info("no story selected");
        };
        cx.open(PopupRequest::Confirm {
            question: format!(
                "Move “{}” to the trash? (y/n)",
                factdesk_core::text::displayable(&fit(&s.headline, 50))
            ),
            yes: vec![Action::DeleteStory(s.id.clone())],
            no: Vec::new(),
        });
    }

    fn delete(&mut self, story: &StoryId, cx: &mut Cx) {
        match cx.env.desk.delete_story(story, None, &cx.who()) {
            Ok(folder) => {
                self.refresh(&cx.env.desk, cx.data);
                cx.data.rows_changed();
                cx.info(format!(
                    "moved to the trash; `factdesk story restore {folder}` brings it back"
                ));
            }
            Err(e) => cx.error(e.to_string()),
        }
    }

    /// Import the files at `paths` (one or several); when an article in
    /// them gives no date, show what they hold and ask for one first. A
    /// file that cannot be read is said, and the rest still imported.
    fn import(&mut self, paths: Vec<PathBuf>, cx: &mut Cx) {
        let mut batches = Vec::with_capacity(paths.len());
        let mut unread = Vec::new();
        for path in paths {
            match importing::read_file(&path, cx.env) {
                Ok(items) => batches.push((path, items)),
                Err(e) => unread.push(e),
            }
        }
        if batches
            .iter()
            .any(|(_, items)| importing::needs_date(items))
        {
            if let Some(first) = unread.first() {
                cx.error(importing::unread(first, unread.len()));
            }
            cx.open(PopupRequest::ImportPreview { batches });
            return;
        }
        self.import_articles(batches, None, unread, cx);
    }

    /// Pasted text: show the headline found (and ask a missing date)
    /// before importing.
    fn paste(&mut self, text: String, cx: &mut Cx) {
        match importing::read_pasted(text, cx.env) {
            Ok(items) => cx.open(PopupRequest::ImportPreview {
                batches: vec![(PathBuf::from(importing::PASTED), items)],
            }),
            Err(e) => cx.error(e.to_string()),
        }
    }

    /// Import articles read (`errors`: files that could not be), and open
    /// the first story made; with several, the status line says how many
    /// and the desk (Esc) has the first selected.
    fn import_articles(
        &mut self,
        batches: Vec<(PathBuf, Items)>,
        date: Option<NaiveDate>,
        mut errors: Vec<factdesk_core::error::Error>,
        cx: &mut Cx,
    ) {
        let opts = ImportOptions { date };
        let who = cx.who();
        let mut ids = Vec::new();
        for (name, items) in batches {
            let results =
                factdesk_core::store::import_articles(&cx.env.desk, &name, items, &who, &opts);
            for r in results {
                match r {
                    Ok(id) => ids.push(id),
                    Err(e) => errors.push(e),
                }
            }
        }
        if let Some(first) = ids.first() {
            self.refresh(&cx.env.desk, cx.data);
            self.clear_filter();
            self.select(first);
            cx.data.rows_changed();
            cx.ask(Action::open_story(first.clone()));
        }
        match importing::outcome(&ids, &errors) {
            (msg, true) => cx.error(msg),
            (msg, false) => cx.info(msg),
        }
    }

    fn command(&mut self, cmd: Command, cx: &mut Cx) -> bool {
        if self.filtering {
            match cmd {
                Command::ArchiveScreen => {
                    self.filtering = false;
                    cx.ask(Action::Show(Screen::Archive));
                }
                // Alt-1 Alt-3 (the digits type into the filter).
                Command::DeskScreen => self.filtering = false,
                Command::SourcesScreen => {
                    self.filtering = false;
                    cx.ask(Action::Show(Screen::Sources));
                }
                Command::Accept => self.filtering = false,
                Command::Cancel => {
                    self.filtering = false;
                    self.clear_filter();
                }
                Command::Down => self.move_to(1, true),
                Command::Up => self.move_to(-1, true),
                _ => {}
            }
            return true;
        }
        match cmd {
            Command::Down => self.move_to(1, true),
            Command::Up => self.move_to(-1, true),
            Command::Top => self.move_to(0, false),
            Command::Bottom => self.move_to(isize::MAX, false),
            Command::Open => self.open_selected(cx),
            Command::Filter => self.filtering = true,
            Command::Cancel => self.clear_filter(),
            Command::Import => cx.open(PopupRequest::Import),
            Command::Paste => cx.open(PopupRequest::Paste),
            Command::Revise => self.ask_revision(cx),
            Command::Delete => self.ask_delete(cx),
            Command::StoryDetails => self.ask_details(cx),
            other => match screen_command(other, self.context()) {
                Some(action) => cx.ask(action),
                None => return false,
            },
        }
        true
    }
}

/// What the desk row says beside the headline: changed by the last sync
/// (`↓`), conflicts to settle (`⚠2`), who it is assigned to (`@ana`).
fn story_marks(s: &StorySummary, synced_in: bool) -> String {
    let mut marks = String::new();
    if synced_in {
        marks.push_str(" ↓");
    }
    if s.conflicts > 0 {
        marks.push_str(&format!(" ⚠{}", s.conflicts));
    }
    if let Some(who) = &s.assigned {
        marks.push_str(&format!(" @{}", fit(who, 12)));
    }
    marks
}

impl Component for DeskScreen {
    fn context(&self) -> Context {
        if self.filtering {
            Context::Filter
        } else {
            Context::Desk
        }
    }

    fn update(&mut self, action: Action, cx: &mut Cx) -> bool {
        match action {
            Action::Command(cmd) => self.command(cmd, cx),
            Action::Input(_) | Action::Paste(_) if self.filtering => {
                let changed = self.filter.take(&action);
                if changed {
                    self.selected = 0;
                    self.refilter();
                }
                changed
            }
            Action::Scroll { down, .. } => {
                self.move_to(if down { 3 } else { -3 }, true);
                true
            }
            Action::Import(paths) => {
                self.import(paths, cx);
                true
            }
            Action::ImportArticles { batches, date } => {
                self.import_articles(batches, date, Vec::new(), cx);
                true
            }
            Action::Paste(text) if !self.filtering => {
                self.paste(text, cx);
                true
            }
            Action::Revise { story, path } => {
                self.revise(&story, &path, cx);
                true
            }
            Action::DeleteStory(story) => {
                self.delete(&story, cx);
                true
            }
            _ => false,
        }
    }

    fn layout(&mut self, area: Rect, _data: &mut DeskData) {
        let inner = Block::bordered().inner(area);
        if inner.height == 0 {
            return;
        }
        let rows = inner.height.saturating_sub(1) as usize;
        self.offset = keep_in_view(self.offset, self.selected, rows);
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = &view.env.theme;
        let title = format!(" factdesk · {} ", fit(&view.env.desk.settings.name, 40));
        let mut block = Block::bordered()
            .title(Span::styled(title, theme.accent()))
            .border_style(theme.border(true));
        let sync = view.data.sync.line(&view.env.tz);
        if !sync.is_empty() {
            let room = (area.width as usize).saturating_sub(4);
            let style = if sync.contains("conflict") || sync.contains("failed") {
                theme.error()
            } else {
                theme.dim()
            };
            block = block.title_bottom(
                Line::from(Span::styled(format!(" {} ", fit(&sync, room)), style)).right_aligned(),
            );
        }
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if inner.height == 0 {
            return;
        }
        let width = inner.width as usize;
        let review_w = if self.summaries.iter().any(|s| s.review > 0) {
            REVIEW_W
        } else {
            0
        };
        let headline_w = width
            .saturating_sub(DATE_W + OUTLET_W + TRIAGE_W + review_w + 6)
            .max(10);
        let header = Line::from(Span::styled(
            format!(
                " {} {} {} {}",
                pad("date", DATE_W),
                pad("outlet", OUTLET_W),
                pad("headline", headline_w),
                "triage"
            ),
            theme.dim(),
        ));
        let rows = inner.height.saturating_sub(1) as usize;
        let mut lines = vec![header];
        if self.shown.is_empty() {
            let msg = match view.data.indexing() {
                Some((done, of)) if self.summaries.is_empty() && of > 0 => format!(
                    "Indexing the desk: {}% ({done} of {of} stories)…",
                    done * 100 / of
                ),
                Some(_) if self.summaries.is_empty() => "Opening the desk…".into(),
                _ if self.summaries.is_empty() => {
                    "No stories yet. Press i to import an article file, or p to paste one.".into()
                }
                _ => "No story matches the filter (Esc clears it).".into(),
            };
            lines.push(Line::from(Span::styled(
                fit(&format!(" {msg}"), width),
                theme.dim(),
            )));
        }
        for (pos, s) in self.shown().enumerate().skip(self.offset).take(rows) {
            let date = s.date.map(|d| d.to_string()).unwrap_or_else(|| "—".into());
            let outlet = s.outlet.as_deref().unwrap_or("—");
            let selected = pos == self.selected;
            let row_style = if selected {
                theme.selected()
            } else {
                Style::new()
            };
            let marks = story_marks(s, view.data.sync.changed(&s.id));
            let marks_w = text::width(&marks).min(headline_w / 2);
            let mut spans = vec![
                Span::styled(
                    format!(
                        "{}{} {} {}",
                        if selected { "▶" } else { " " },
                        pad(&date, DATE_W),
                        pad(outlet, OUTLET_W),
                        pad(&s.headline, headline_w - marks_w)
                    ),
                    row_style,
                ),
                Span::styled(
                    format!("{} ", pad(&marks, marks_w)),
                    if marks.is_empty() {
                        row_style
                    } else if s.conflicts > 0 {
                        theme.error().patch(row_style)
                    } else {
                        theme.accent().patch(row_style)
                    },
                ),
            ];
            spans.extend(triage_bar(theme, &s.counts, BAR_W));
            if s.review > 0 {
                spans.push(Span::styled(format!(" R{}", s.review), theme.error()));
            }
            lines.push(Line::from(spans));
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn draw_status(&self, frame: &mut Frame, area: Rect, view: &View) -> bool {
        if !self.filtering {
            return false;
        }
        crate::status::draw_prompt(frame, area, view, "Filter: ", &self.filter);
        true
    }

    fn status(&self, view: &View) -> Vec<Span<'static>> {
        let theme = &view.env.theme;
        let n = self.summaries.len();
        let mut spans = vec![Span::raw(format!(
            "{n} {} │ ",
            if n == 1 { "story" } else { "stories" }
        ))];
        let review: usize = self.summaries.iter().map(|s| s.review).sum();
        if review > 0 {
            spans.push(Span::styled(
                format!(
                    "R: {review} {} review │ ",
                    if review == 1 {
                        "claim needs"
                    } else {
                        "claims need"
                    }
                ),
                theme.error(),
            ));
        }
        if !self.filter.is_empty() {
            spans.push(Span::styled(
                format!(
                    "filter: {} ({} shown) │ ",
                    factdesk_core::text::displayable(self.filter.text()),
                    self.shown.len()
                ),
                theme.accent(),
            ));
        }
        if let Some(w) = view.warning.filter(|_| view.message.is_none()) {
            spans.push(Span::styled(w.to_string(), theme.error()));
            spans.push(Span::raw(" │ "));
        }
        if let Some(first) = self.problems.first().filter(|_| view.message.is_none()) {
            let n = self.problems.len();
            spans.push(Span::styled(
                format!(
                    "{n} {} could not be read: {first}",
                    if n == 1 { "story" } else { "stories" },
                ),
                theme.error(),
            ));
            spans.push(Span::raw(" │ "));
        }
        spans
    }
}
