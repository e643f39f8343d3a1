//! The source picker: fuzzy over the registry, the stance chosen in place,
//! and a form to add a source to the registry without leaving it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::source_form::{FormError, SourceForm};
use crate::action::Action;
use crate::component::{Component, Cx, View};
use crate::field::TextField;
use crate::fuzzy::fuzzy_rank;
use crate::keymap::{Command, Context};
use crate::widgets::centered;
use factdesk_core::edit::Edit;
use factdesk_core::model::{ClaimId, Source, SourceLink, SourceRegistry, Stance};
use factdesk_core::slug::SourceId;
use factdesk_core::text::{fit, pad};

#[derive(Debug)]
pub struct Picker {
    /// The claim a source is linked to.
    claim: ClaimId,
    /// Its links already: marked in the list, and a stance changed on one
    /// of them is said.
    linked: Vec<SourceLink>,
    query: TextField,
    stance: Stance,
    /// Position in `matches`.
    selected: usize,
    /// Indices into the registry's sources, best match first.
    matches: Vec<usize>,
    /// The new-source form, while it is open.
    form: Option<SourceForm>,
}

fn haystack(s: &Source) -> String {
    format!(
        "{} {} {} {}",
        s.id,
        s.name,
        s.kind,
        s.outlet.as_deref().unwrap_or("")
    )
}

impl Picker {
    /// The picker for `claim`, starting on `stance`.
    pub fn new(
        reg: &SourceRegistry,
        claim: ClaimId,
        stance: Stance,
        linked: Vec<SourceLink>,
    ) -> Picker {
        let mut p = Picker {
            claim,
            linked,
            query: TextField::default(),
            stance,
            selected: 0,
            matches: vec![],
            form: None,
        };
        p.refilter(reg);
        p
    }

    /// The new-source form, while it is open.
    pub fn form(&self) -> Option<&SourceForm> {
        self.form.as_ref()
    }

    /// The stance a source is linked with on Enter.
    pub fn stance(&self) -> Stance {
        self.stance
    }

    fn link_of(&self, id: &SourceId) -> Option<&SourceLink> {
        self.linked.iter().find(|l| &l.source == id)
    }

    fn refilter(&mut self, reg: &SourceRegistry) {
        let hay: Vec<String> = reg.sources.iter().map(haystack).collect();
        self.matches = fuzzy_rank(self.query.text(), &hay);
        self.selected = self.selected.min(self.matches.len().saturating_sub(1));
    }

    fn current<'r>(&self, reg: &'r SourceRegistry) -> Option<&'r Source> {
        reg.sources.get(*self.matches.get(self.selected)?)
    }

    fn move_by(&mut self, delta: isize) {
        if self.matches.is_empty() {
            return;
        }
        let n = self.matches.len() as isize;
        self.selected = (self.selected as isize + delta).rem_euclid(n) as usize;
    }

    fn cycle_stance(&mut self) {
        let i = Stance::ALL
            .iter()
            .position(|s| *s == self.stance)
            .unwrap_or(0);
        self.stance = Stance::ALL[(i + 1) % Stance::ALL.len()];
    }

    /// Select the source `id` (after it was created).
    fn select_id(&mut self, reg: &SourceRegistry, id: &SourceId) {
        self.query.clear();
        self.refilter(reg);
        if let Some(pos) = self
            .matches
            .iter()
            .position(|&i| reg.sources.get(i).is_some_and(|s| &s.id == id))
        {
            self.selected = pos;
        }
    }

    /// Enter: link the selected source and close; stay open when there is
    /// none.
    fn link_and_close(&self, cx: &mut Cx) {
        let Some(reg) = cx.data.registry() else {
            return;
        };
        let Some(source) = self.current(reg) else {
            return cx.error("no source selected; Ctrl-n creates one");
        };
        let old = self.link_of(&source.id);
        // Linked already: the stance changes, its note stays, and it is said.
        let done = match old {
            Some(l) if l.stance == self.stance => {
                cx.info(format!(
                    "{} is already linked as {}: nothing changed",
                    source.id, l.stance
                ));
                cx.ask(Action::Close);
                return;
            }
            Some(l) => format!(
                "{} was linked already: stance {} → {} (Ctrl-z undoes)",
                source.id, l.stance, self.stance
            ),
            None => format!("linked {} ({})", source.id, self.stance),
        };
        let link = SourceLink {
            source: source.id.clone(),
            stance: self.stance,
            note: old.and_then(|l| l.note.clone()),
        };
        cx.ask(Action::Edit {
            edit: Edit::Link {
                claim: self.claim,
                link,
            },
            done: Some(done),
        });
        cx.ask(Action::Close);
    }

    /// Save the new source of the form into `sources.ron`, and select it.
    fn create_source(&mut self, cx: &mut Cx) {
        let Some(form) = self.form.as_mut() else {
            return;
        };
        let empty = SourceRegistry::default();
        let known = cx.data.registry().unwrap_or(&empty);
        let source = match form.validate(known) {
            Ok(s) => s,
            Err(e) => return form.set_error(&e),
        };
        let id = source.id.clone();
        // Through the store, which reads the registry afresh: a source
        // added meanwhile from the command line is kept, not overwritten.
        let desk = &cx.env.desk;
        let added =
            factdesk_core::store::add_source(desk, source).and_then(|()| desk.load_sources());
        match added {
            Ok(reg) => {
                self.form = None;
                self.select_id(&reg.value, &id);
                cx.data.sources = Some(reg);
                cx.info(format!(
                    "source {id} added to the registry; Enter links it ({})",
                    self.stance
                ));
            }
            Err(e) => form.set_error(&FormError::Save(e)),
        }
    }

    fn form_command(&mut self, cmd: Command, cx: &mut Cx) {
        let Some(form) = self.form.as_mut() else {
            return;
        };
        match cmd {
            Command::NextField => form.next_field(),
            Command::PrevField => form.prev_field(),
            Command::Accept => self.create_source(cx),
            Command::Cancel => self.form = None,
            _ => {}
        }
    }

    fn list_command(&mut self, cmd: Command, cx: &mut Cx) {
        match cmd {
            Command::Down => self.move_by(1),
            Command::Up => self.move_by(-1),
            Command::CycleStance => self.cycle_stance(),
            Command::NewSource => self.form = Some(SourceForm::new(self.query.text())),
            Command::Accept => self.link_and_close(cx),
            Command::Cancel => cx.ask(Action::Close),
            _ => {}
        }
    }
}

impl Component for Picker {
    fn context(&self) -> Context {
        if self.form.is_some() {
            Context::Form
        } else {
            Context::Picker
        }
    }

    fn update(&mut self, action: Action, cx: &mut Cx) -> bool {
        match action {
            Action::Command(cmd) if self.form.is_some() => self.form_command(cmd, cx),
            Action::Command(cmd) => self.list_command(cmd, cx),
            Action::Input(_) | Action::Paste(_) => {
                if let Some(form) = self.form.as_mut() {
                    return form.take(&action);
                }
                let changed = self.query.take(&action);
                if changed && let Some(reg) = cx.data.registry() {
                    self.selected = 0;
                    self.refilter(reg);
                }
                return changed;
            }
            _ => return false,
        }
        true
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = &view.env.theme;
        let w = area.width.saturating_sub(6).min(90);
        let h = area.height.saturating_sub(4).min(20);
        let popup = centered(area, w, h);
        let title = format!(" Link a source to claim #{} ", self.claim);
        let block = Block::bordered()
            .title(Span::styled(title, theme.accent()))
            .title_bottom(
                Line::from(" Enter link · Tab stance · Ctrl-n new source · Esc cancel ")
                    .right_aligned(),
            )
            .border_style(theme.accent());
        let inner = block.inner(popup);
        frame.render_widget(Clear, popup);
        frame.render_widget(block, popup);
        if let Some(form) = &self.form {
            let heading = "New source (Tab next field, Enter saves to sources.ron, Esc back)";
            return form.draw(frame, inner, heading, theme);
        }
        let [q, stance, list] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(1),
        ])
        .areas(inner);
        let mut find = vec![Span::styled("Find: ", theme.dim())];
        find.extend(self.query.spans(true, theme));
        frame.render_widget(Paragraph::new(Line::from(find)), q);
        let mut st = vec![Span::styled("Stance: ", theme.dim())];
        for s in Stance::ALL {
            if s == self.stance {
                st.push(Span::styled(format!("[{s}]"), theme.selected()));
            } else {
                st.push(Span::raw(format!(" {s} ")));
            }
            st.push(Span::raw(" "));
        }
        frame.render_widget(Paragraph::new(Line::from(st)), stance);

        let Some(reg) = view.data.registry() else {
            frame.render_widget(
                Paragraph::new("The source registry could not be read."),
                list,
            );
            return;
        };
        let width = list.width as usize;
        let mut lines = Vec::new();
        if self.matches.is_empty() {
            lines.push(Line::from(Span::styled(
                if reg.sources.is_empty() {
                    "The registry is empty. Ctrl-n adds a source."
                } else {
                    "No source matches. Ctrl-n adds one."
                },
                theme.dim(),
            )));
        }
        let rows = list.height as usize;
        let offset = (self.selected + 1).saturating_sub(rows);
        for (pos, &i) in self.matches.iter().enumerate().skip(offset).take(rows) {
            let Some(s) = reg.sources.get(i) else {
                continue;
            };
            let sel = pos == self.selected;
            // A source the claim has already shows its stance for its kind.
            let kind = match self.link_of(&s.id) {
                Some(l) => format!("linked {}", l.stance),
                None => s.kind.as_str().to_string(),
            };
            let text = format!(
                "{}{} {} {}",
                if sel { "▶" } else { " " },
                pad(s.id.as_str(), 20),
                pad(&s.name, width.saturating_sub(42).max(8)),
                fit(&kind, 18)
            );
            let style = if sel { theme.selected() } else { Style::new() };
            lines.push(Line::from(Span::styled(fit(&text, width), style)));
        }
        frame.render_widget(Paragraph::new(lines), list);
    }
}
