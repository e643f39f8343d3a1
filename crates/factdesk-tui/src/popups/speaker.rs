//! The speaker of a claim: a field, and under it the speakers the desk
//! already knows, fuzzy-matched to what is typed, the most quoted first.
//! Enter keeps the one chosen in the list, or else the text as typed; an
//! empty field clears the speaker.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::action::Action;
use crate::component::{Component, Cx, View};
use crate::field::TextField;
use crate::fuzzy::fuzzy_rank;
use crate::keymap::{Command, Context};
use crate::widgets::centered;
use factdesk_core::edit::{Edit, speaker_name};
use factdesk_core::model::ClaimId;
use factdesk_core::text::{displayable, fit, pad};

/// A speaker the desk knows, and on how many claims.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    pub name: String,
    pub claims: usize,
}

#[derive(Debug)]
pub struct SpeakerPicker {
    claim: ClaimId,
    /// The speaker the claim has now.
    was: Option<String>,
    field: TextField,
    /// Most quoted first.
    known: Vec<Known>,
    /// Indices into `known` matching the field, best first.
    matches: Vec<usize>,
    /// Position in `matches` chosen with the arrows; `None`: the text as
    /// typed.
    chosen: Option<usize>,
}

impl SpeakerPicker {
    /// The field starts on the claim's speaker, the whole list under it.
    pub fn new(claim: ClaimId, was: Option<String>, known: Vec<Known>) -> SpeakerPicker {
        let mut p = SpeakerPicker {
            claim,
            field: TextField::new(was.clone().unwrap_or_default()),
            was,
            known,
            matches: Vec::new(),
            chosen: None,
        };
        p.matches = (0..p.known.len()).collect();
        p
    }

    pub fn text(&self) -> &str {
        self.field.text()
    }

    /// The known speaker chosen in the list.
    pub fn chosen(&self) -> Option<&str> {
        let i = *self.matches.get(self.chosen?)?;
        self.known.get(i).map(|k| k.name.as_str())
    }

    /// The speakers the list shows now, best first.
    pub fn shown(&self) -> impl Iterator<Item = &str> {
        self.matches
            .iter()
            .filter_map(|&i| self.known.get(i))
            .map(|k| k.name.as_str())
    }

    fn refilter(&mut self) {
        let names: Vec<&str> = self.known.iter().map(|k| k.name.as_str()).collect();
        self.matches = fuzzy_rank(self.field.text(), &names);
        self.chosen = None;
    }

    fn step(&mut self, down: bool) {
        let n = self.matches.len();
        self.chosen = match (self.chosen, down) {
            _ if n == 0 => None,
            (None, true) => Some(0),
            (Some(i), true) => Some((i + 1).min(n - 1)),
            (Some(0) | None, false) => None,
            (Some(i), false) => Some(i - 1),
        };
    }

    /// Tab: the field takes the speaker chosen (or the best match).
    fn complete(&mut self) -> bool {
        let pick = self
            .chosen()
            .or_else(|| self.shown().next())
            .map(str::to_string);
        match pick {
            Some(name) if name != self.field.text() => {
                self.field.set(name);
                self.refilter();
                true
            }
            _ => false,
        }
    }

    /// Enter: the speaker chosen, or as typed, kept through the edit path.
    fn accept(&self, cx: &mut Cx) {
        let typed = self.chosen().unwrap_or(self.field.text()).to_string();
        let name = match speaker_name(&typed) {
            Ok(name) => name,
            Err(e) => return cx.error(e.to_string()),
        };
        cx.ask(Action::Close);
        let id = self.claim;
        if name == self.was {
            return cx.info(match &name {
                Some(n) => format!("claim #{id}'s speaker stays “{}”", fit(n, 40)),
                None => format!("claim #{id} has no speaker; nothing changed"),
            });
        }
        let done = match &name {
            Some(n) => format!("claim #{id}'s speaker: “{}” (Ctrl-z undoes)", fit(n, 40)),
            None => format!("claim #{id}'s speaker cleared (Ctrl-z undoes)"),
        };
        cx.ask(Action::Edit {
            edit: Edit::SetSpeaker {
                claim: id,
                speaker: name,
            },
            done: Some(done),
        });
    }
}

impl Component for SpeakerPicker {
    fn context(&self) -> Context {
        Context::Speaker
    }

    fn update(&mut self, action: Action, cx: &mut Cx) -> bool {
        match action {
            Action::Command(Command::Accept) => self.accept(cx),
            Action::Command(Command::Cancel) => cx.ask(Action::Close),
            Action::Command(Command::Down) => self.step(true),
            Action::Command(Command::Up) => self.step(false),
            Action::Command(Command::Complete) => return self.complete(),
            Action::Input(_) | Action::Paste(_) => {
                let changed = self.field.take(&action);
                if changed {
                    self.refilter();
                }
                return changed;
            }
            _ => return false,
        }
        true
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = &view.env.theme;
        let w = area.width.saturating_sub(6).min(72);
        let h = area.height.saturating_sub(4).min(16);
        let popup = centered(area, w, h);
        let key = |cmd| {
            view.env
                .keymap
                .key_for(Context::Speaker, cmd)
                .unwrap_or_default()
        };
        let bottom = format!(
            " {} keeps · {} completes · {} chooses · {} cancels ",
            key(Command::Accept),
            key(Command::Complete),
            key(Command::Down),
            key(Command::Cancel)
        );
        let block = Block::bordered()
            .title(Span::styled(
                format!(" Speaker of claim #{} ", self.claim),
                theme.accent(),
            ))
            .title_bottom(Line::from(fit(&bottom, w.saturating_sub(2) as usize)).right_aligned())
            .border_style(theme.accent());
        let inner = block.inner(popup);
        frame.render_widget(Clear, popup);
        frame.render_widget(block, popup);
        let [field, was, list] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(1),
        ])
        .areas(inner);
        let mut spans = vec![Span::styled("Speaker: ", theme.dim())];
        spans.extend(self.field.spans(self.chosen.is_none(), theme));
        frame.render_widget(Paragraph::new(Line::from(spans)), field);
        let cols = inner.width as usize;
        let said = match (&self.was, self.field.is_empty() && self.chosen.is_none()) {
            (Some(w), true) => format!("now “{}” · Enter on an empty field clears it", w),
            (Some(w), false) => format!("now “{}”", w),
            (None, _) => "no speaker yet".to_string(),
        };
        frame.render_widget(
            Paragraph::new(Span::styled(fit(&displayable(&said), cols), theme.dim())),
            was,
        );
        let rows = list.height as usize;
        let mut lines = Vec::new();
        if self.matches.is_empty() {
            let none = if self.known.is_empty() {
                "The desk knows no speakers yet: Enter keeps the name as typed."
            } else {
                "No known speaker matches: Enter keeps the name as typed."
            };
            lines.push(Line::from(Span::styled(fit(none, cols), theme.dim())));
        }
        let at = self.chosen.unwrap_or(0);
        let offset = (at + 1).saturating_sub(rows);
        for (pos, &i) in self.matches.iter().enumerate().skip(offset).take(rows) {
            let Some(k) = self.known.get(i) else {
                continue;
            };
            let sel = self.chosen == Some(pos);
            let count = format!("{} claim{}", k.claims, if k.claims == 1 { "" } else { "s" });
            let name_w = cols.saturating_sub(count.chars().count() + 3);
            let style = if sel { theme.selected() } else { Style::new() };
            lines.push(Line::from(vec![
                Span::styled(if sel { "▶" } else { " " }, style),
                Span::styled(pad(&displayable(&k.name), name_w), style),
                Span::styled(format!("  {count}"), theme.dim().patch(style)),
            ]));
        }
        frame.render_widget(Paragraph::new(lines), list);
    }
}

/// The speakers of `names` (one per claim), counted, the most quoted
/// first, then by name; blank ones left out.
pub fn known_speakers<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<Known> {
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for n in names {
        let n = n.trim();
        if !n.is_empty() {
            *counts.entry(n).or_default() += 1;
        }
    }
    let mut known: Vec<Known> = counts
        .into_iter()
        .map(|(name, claims)| Known {
            name: name.to_string(),
            claims,
        })
        .collect();
    known.sort_by(|a, b| b.claims.cmp(&a.claims).then_with(|| a.name.cmp(&b.name)));
    known
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picker() -> SpeakerPicker {
        let known = known_speakers([
            "Russian Defense Ministry",
            "U.S. defense officials",
            "Russian Defense Ministry",
            " ",
            "Kremlin",
        ]);
        SpeakerPicker::new(3, None, known)
    }

    #[test]
    fn known_speakers_are_counted_most_quoted_first() {
        let p = picker();
        let shown: Vec<&str> = p.shown().collect();
        assert_eq!(
            shown,
            [
                "Russian Defense Ministry",
                "Kremlin",
                "U.S. defense officials"
            ]
        );
        assert_eq!(p.known[0].claims, 2);
    }

    #[test]
    fn arrows_choose_and_tab_completes() {
        let mut p = picker();
        p.field.set("rdm");
        p.refilter();
        assert_eq!(p.shown().collect::<Vec<_>>(), ["Russian Defense Ministry"]);
        assert_eq!(p.chosen(), None, "the text as typed until an arrow");
        p.step(true);
        assert_eq!(p.chosen(), Some("Russian Defense Ministry"));
        p.step(true);
        assert_eq!(
            p.chosen(),
            Some("Russian Defense Ministry"),
            "stays on the last"
        );
        p.step(false);
        assert_eq!(p.chosen(), None, "above the first: as typed");
        assert!(p.complete());
        assert_eq!(p.text(), "Russian Defense Ministry");
        p.field.set("nobody known");
        p.refilter();
        assert_eq!(p.shown().count(), 0);
        assert!(!p.complete());
        p.step(true);
        assert_eq!(p.chosen(), None);
    }
}
