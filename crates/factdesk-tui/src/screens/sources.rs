//! The sources screen: the registry, with how each source is used; adding,
//! editing, and merging a duplicate into the source to keep.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use std::collections::HashMap;

use crate::action::{Action, PopupRequest, Screen};
use crate::component::{Component, Cx, View, keep_in_view, move_in_list, screen_command};
use crate::desk_data::DeskData;
use crate::keymap::{Command, Context};
use crate::widgets::counts_spans;
use factdesk_core::model::Source;
use factdesk_core::registry::{self, Usage};
use factdesk_core::slug::SourceId;
use factdesk_core::text::{fit, pad};

const ID_W: usize = 18;
const KIND_W: usize = 18;
const OUTLET_W: usize = 14;
/// "S99 X99 C99 ".
const STANCE_W: usize = 12;
/// "P9 C99 U9 D9".
const VERDICTS_W: usize = 14;

#[derive(Debug, Default)]
pub struct SourcesScreen {
    /// Position in the registry.
    selected: usize,
    /// The source marked with `m`, to merge into the next one chosen.
    merging: Option<SourceId>,
    usage: HashMap<SourceId, Usage>,
    /// Layout: the first row shown.
    offset: usize,
}

impl SourcesScreen {
    /// How `id` is used by the claims of the desk; `None`: not at all.
    pub fn usage(&self, id: &SourceId) -> Option<&Usage> {
        self.usage.get(id)
    }

    /// The source marked to be merged.
    pub fn merging(&self) -> Option<&SourceId> {
        self.merging.as_ref()
    }

    /// The selected source of `registry`.
    pub fn selected<'r>(&self, data: &'r DeskData) -> Option<&'r Source> {
        data.registry()?.sources.get(self.selected)
    }

    /// The screen is shown (or the registry changed): the registry read
    /// again, and what links to each source counted.
    pub fn show(&mut self, cx: &mut Cx) {
        if let Err(e) = cx.data.reload_sources(&cx.env.desk) {
            cx.error(e.to_string());
        }
        self.usage = cx.data.usage(&cx.env.desk);
        let n = cx.data.registry().map_or(0, |r| r.sources.len());
        self.selected = self.selected.min(n.saturating_sub(1));
    }

    fn len(data: &DeskData) -> usize {
        data.registry().map_or(0, |r| r.sources.len())
    }

    fn select(&mut self, data: &DeskData, id: &SourceId) {
        if let Some(pos) = data
            .registry()
            .and_then(|r| r.sources.iter().position(|s| &s.id == id))
        {
            self.selected = pos;
        }
    }

    /// `m`: mark the duplicate, then `m` on the source to keep asks.
    fn merge_step(&mut self, cx: &mut Cx) {
        let Some(here) = self.selected(cx.data).map(|s| s.id.clone()) else {
            return;
        };
        match self.merging.take() {
            None => {
                cx.info(format!(
                    "merge {here} into…: move to the source to keep and press m (Esc cancels)"
                ));
                self.merging = Some(here);
            }
            Some(from) if from == here => cx.info("merge cancelled"),
            Some(from) => {
                let question = format!(
                    "Merge source {from} into {here}? Every link to {from} moves to {here}. (y/n)"
                );
                cx.open(PopupRequest::Confirm {
                    question,
                    yes: vec![Action::Merge { from, into: here }],
                    no: vec![Action::Info("merge cancelled".into())],
                });
            }
        }
    }

    fn merge(&mut self, from: &SourceId, into: &SourceId, cx: &mut Cx) {
        match registry::merge_sources(&cx.env.desk, from, into, &cx.who()) {
            Ok(report) => {
                cx.data.rows_changed();
                self.show(cx);
                self.select(cx.data, into);
                cx.info(format!("merged {from} into {into}: {report}"));
            }
            Err(e) => cx.error(e.to_string()),
        }
    }

    fn open_form(&self, edit: bool, cx: &mut Cx) {
        let request = if edit {
            match self.selected(cx.data) {
                Some(s) => PopupRequest::EditSource(Box::new(s.clone())),
                None => return,
            }
        } else {
            PopupRequest::NewSource
        };
        cx.open(request);
    }

    /// `b` opens the selected source's address in the browser, `y`
    /// copies it.
    fn link(&self, open: bool, cx: &mut Cx) {
        let Some(s) = self.selected(cx.data) else {
            return cx.info("no source selected");
        };
        let name = factdesk_core::text::fit(&s.name, 30);
        let Some(url) = s.url.clone() else {
            return cx.info(format!("{name} has no address (e adds one)"));
        };
        if open {
            crate::desktop::open_url(cx, &name, &url);
        } else {
            crate::desktop::copy(cx, &format!("the address of {name}"), &url);
        }
    }

    fn command(&mut self, cmd: Command, cx: &mut Cx) -> bool {
        let n = Self::len(cx.data);
        match cmd {
            Command::Down => move_in_list(&mut self.selected, n, 1, true),
            Command::Up => move_in_list(&mut self.selected, n, -1, true),
            Command::Top => move_in_list(&mut self.selected, n, 0, false),
            Command::Bottom => move_in_list(&mut self.selected, n, isize::MAX, false),
            Command::NewSource => self.open_form(false, cx),
            Command::EditSource => self.open_form(true, cx),
            Command::Merge => self.merge_step(cx),
            Command::CopyLink | Command::OpenLink => self.link(cmd == Command::OpenLink, cx),
            Command::Back => {
                if self.merging.take().is_some() {
                    cx.info("merge cancelled");
                } else {
                    cx.ask(Action::Show(Screen::Desk));
                }
            }
            other => match screen_command(other, Context::Sources) {
                Some(action) => cx.ask(action),
                None => return false,
            },
        }
        true
    }
}

impl Component for SourcesScreen {
    fn context(&self) -> Context {
        Context::Sources
    }

    fn update(&mut self, action: Action, cx: &mut Cx) -> bool {
        match action {
            Action::Command(cmd) => self.command(cmd, cx),
            Action::Scroll { down, .. } => {
                let by = if down { 3 } else { -3 };
                move_in_list(&mut self.selected, Self::len(cx.data), by, true);
                true
            }
            Action::SourceSaved { id, verb } => {
                cx.data.rows_changed();
                self.show(cx);
                self.select(cx.data, &id);
                cx.info(format!("source {id} {verb}"));
                true
            }
            Action::Merge { from, into } => {
                self.merge(&from, &into, cx);
                true
            }
            _ => false,
        }
    }

    fn layout(&mut self, area: Rect, _data: &mut DeskData) {
        let inner = Block::bordered().inner(area);
        if inner.height < 2 {
            return;
        }
        let rows = inner.height.saturating_sub(2) as usize;
        self.offset = keep_in_view(self.offset, self.selected, rows);
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = &view.env.theme;
        let registry = view.data.registry();
        let n = registry.map_or(0, |r| r.sources.len());
        let block = Block::bordered()
            .title(Span::styled(format!(" Sources · {n} "), theme.accent()))
            .border_style(theme.border(true));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if inner.height < 2 {
            return;
        }
        let width = inner.width as usize;
        let name_w = width
            .saturating_sub(1 + ID_W + KIND_W + OUTLET_W + STANCE_W + VERDICTS_W + 5)
            .max(8);
        let mut lines = vec![Line::from(Span::styled(
            fit(
                &format!(
                    " {} {} {} {} {} {}",
                    pad("id", ID_W),
                    pad("name", name_w),
                    pad("kind", KIND_W),
                    pad("outlet", OUTLET_W),
                    pad("sup con ctx", STANCE_W),
                    "verdicts"
                ),
                width,
            ),
            theme.dim(),
        ))];
        let Some(reg) = registry else {
            lines.push(Line::from(Span::styled(
                " The source registry could not be read.",
                theme.error(),
            )));
            frame.render_widget(Paragraph::new(lines), inner);
            return;
        };
        let rows = inner.height.saturating_sub(2) as usize;
        if reg.sources.is_empty() {
            lines.push(Line::from(Span::styled(
                " The registry is empty. Press a to add a source.",
                theme.dim(),
            )));
        }
        for (i, s) in reg.sources.iter().enumerate().skip(self.offset).take(rows) {
            let selected = i == self.selected;
            let marked = self.merging.as_ref() == Some(&s.id);
            let row_style = if selected {
                theme.selected()
            } else {
                Style::new()
            };
            let u = self.usage.get(&s.id).copied().unwrap_or_default();
            let marker = match (marked, selected) {
                (true, _) => "⇢",
                (false, true) => "▶",
                _ => " ",
            };
            let mut spans = vec![Span::styled(
                format!(
                    "{marker}{} {} {} {} {} ",
                    pad(s.id.as_str(), ID_W),
                    pad(&s.name, name_w),
                    pad(s.kind.as_str(), KIND_W),
                    pad(s.outlet.as_deref().unwrap_or("—"), OUTLET_W),
                    pad(
                        &format!("{:>3} {:>3} {:>3}", u.supports, u.contradicts, u.context),
                        STANCE_W
                    ),
                ),
                row_style,
            )];
            spans.extend(counts_spans(theme, &u.verdicts));
            lines.push(Line::from(spans));
        }
        let foot = match &self.merging {
            Some(from) => Line::from(Span::styled(
                fit(
                    &format!(
                        " Merging {from} into…: choose the source to keep and press m; Esc cancels"
                    ),
                    width,
                ),
                theme.accent(),
            )),
            None => Line::from(Span::styled(
                fit(
                    " a add · e edit · m merge a duplicate into another · sup/con/ctx: claims it supports, contradicts, gives context to",
                    width,
                ),
                theme.dim(),
            )),
        };
        let body = Rect {
            height: inner.height - 1,
            ..inner
        };
        frame.render_widget(Paragraph::new(lines), body);
        let foot_area = Rect {
            y: inner.y + inner.height - 1,
            height: 1,
            ..inner
        };
        frame.render_widget(Paragraph::new(foot), foot_area);
    }
}
