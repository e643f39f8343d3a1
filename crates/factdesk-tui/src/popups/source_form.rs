//! The fields of a source (id, name, kind, url, outlet), checked into a
//! [`Source`]: the form the picker opens to add a source, and the one the
//! sources screen opens to add or edit one. The kind is a choice among the
//! known kinds (`←` `→` `Space`, or its first letters typed), never free
//! text; an address typed without a scheme is offered as `https://…`.

use crate::action::Action;
use crossterm::event::{KeyCode, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::field::TextField;
use crate::theme::Theme;
use factdesk_core::model::{Source, SourceKind, SourceRegistry};
use factdesk_core::registry::{self, SourceFields};
use factdesk_core::slug::SourceId;
use factdesk_core::text::{first_line, fit};

/// Why the fields do not make a source.
#[derive(Debug, thiserror::Error)]
pub enum FormError {
    /// The fields break a rule of the registry (`registry::new_source`).
    #[error(transparent)]
    Invalid(factdesk_core::error::Error),
    #[error("source {0:?} already exists")]
    Taken(String),
    #[error("source {0} is no longer in the registry")]
    Gone(SourceId),
    #[error("the source registry could not be read")]
    NoRegistry,
    /// The registry could not be written.
    #[error(transparent)]
    Save(factdesk_core::error::Error),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceForm {
    /// The text fields; the kind's slot is unused ([`SourceForm::kind`]).
    fields: [TextField; 5],
    kind: SourceKind,
    /// The letters typed on the kind field, to choose a kind by its name.
    kind_typed: String,
    focus: usize,
    /// The first field that can be edited: the id of a source being
    /// edited stays (links point at it).
    first: usize,
    error: Option<String>,
}

impl SourceForm {
    pub const LABELS: [&'static str; 5] = ["id", "name", "kind", "url", "outlet"];
    const KIND: usize = 2;
    const URL: usize = 3;

    /// A new source named `seed`, its id made of it.
    pub fn new(seed: &str) -> SourceForm {
        let mut f = SourceForm::default();
        f.fields[0].set(factdesk_core::slug::slugify(seed, 4));
        f.fields[1].set(seed);
        f.kind = SourceKind::Other;
        f
    }

    /// The form filled with `source`, to edit it; its id cannot change.
    pub fn edit(source: &Source) -> SourceForm {
        SourceForm {
            fields: [
                TextField::new(source.id.to_string()),
                TextField::new(source.name.clone()),
                TextField::default(),
                TextField::new(source.url.clone().unwrap_or_default()),
                TextField::new(source.outlet.clone().unwrap_or_default()),
            ],
            kind: source.kind,
            kind_typed: String::new(),
            focus: 1,
            first: 1,
            error: None,
        }
    }

    /// The label of the field with the keys.
    pub fn focused_label(&self) -> &'static str {
        Self::LABELS.get(self.focus).copied().unwrap_or("")
    }

    /// Why the form was not saved, while it is shown.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    pub fn set_error(&mut self, e: &FormError) {
        self.error = Some(first_line(&e.to_string()));
    }

    /// Tab: the next field that can be edited, round to the first.
    pub fn next_field(&mut self) {
        let n = Self::LABELS.len();
        self.kind_typed.clear();
        self.focus = (self.focus + 1) % n;
        if self.focus < self.first {
            self.focus = self.first;
        }
    }

    /// BackTab: the previous field, round to the last.
    pub fn prev_field(&mut self) {
        let n = Self::LABELS.len();
        self.kind_typed.clear();
        self.focus = if self.focus <= self.first {
            n - 1
        } else {
            self.focus - 1
        };
    }

    /// The kind chosen.
    pub fn kind(&self) -> SourceKind {
        self.kind
    }

    /// A key or a paste, for the field that has the cursor; whether it
    /// changed anything.
    pub fn take(&mut self, action: &Action) -> bool {
        if self.focus == Self::KIND {
            return self.choose_kind(action);
        }
        match self.fields.get_mut(self.focus) {
            Some(f) => f.take(action),
            None => false,
        }
    }

    /// The kind field: `→` `Space` the next kind, `←` the previous, round;
    /// letters choose the first kind their name starts with (`o` then `f`:
    /// official-statement), a letter that fits none starts again.
    fn choose_kind(&mut self, action: &Action) -> bool {
        let Action::Input(key) = action else {
            return false;
        };
        if key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            return false;
        }
        let all = SourceKind::ALL;
        let at = all.iter().position(|k| *k == self.kind).unwrap_or(0);
        let n = all.len();
        let before = self.kind;
        match key.code {
            KeyCode::Right | KeyCode::Char(' ') => {
                self.kind_typed.clear();
                self.kind = all[(at + 1) % n];
            }
            KeyCode::Left => {
                self.kind_typed.clear();
                self.kind = all[(at + n - 1) % n];
            }
            KeyCode::Backspace => self.kind_typed.clear(),
            KeyCode::Char(c) if c.is_alphanumeric() || c == '-' => {
                let c = c.to_ascii_lowercase();
                self.kind_typed.push(c);
                let starts = |typed: &str| all.into_iter().find(|k| k.as_str().starts_with(typed));
                match starts(&self.kind_typed) {
                    Some(k) => self.kind = k,
                    None => {
                        self.kind_typed = c.to_string();
                        match starts(&self.kind_typed) {
                            Some(k) => self.kind = k,
                            None => self.kind_typed.clear(),
                        }
                    }
                }
            }
            _ => {}
        }
        self.kind != before
    }

    /// The `https://` address the url field is taken for, when it was
    /// typed without a scheme.
    pub fn offered_url(&self) -> Option<String> {
        let typed = self.field(Self::URL);
        factdesk_core::urls::validate(typed)
            .is_err()
            .then(|| factdesk_core::urls::offered(typed))
            .flatten()
    }

    fn field(&self, i: usize) -> &str {
        self.fields.get(i).map_or("", TextField::text)
    }

    /// Check the fields and build a new source for `reg`.
    pub fn validate(&self, reg: &SourceRegistry) -> Result<Source, FormError> {
        // A taken id is said first: it is the field the editor must change.
        if let Ok(id) = SourceId::parse(self.field(0).trim())
            && reg.get(&id).is_some()
        {
            return Err(FormError::Taken(id.as_str().to_string()));
        }
        self.build(self.field(0))
    }

    /// Check the fields and build the edited `old` (its id and access
    /// date stay).
    pub fn validate_edit(&self, old: &Source) -> Result<Source, FormError> {
        let mut s = self.build(old.id.as_str())?;
        s.accessed = old.accessed;
        Ok(s)
    }

    /// The source the fields describe, by the registry's one rule.
    fn build(&self, id: &str) -> Result<Source, FormError> {
        let offered = self.offered_url();
        let fields = SourceFields {
            id,
            name: self.field(1),
            kind: self.kind.as_str(),
            url: offered.as_deref().unwrap_or(self.field(Self::URL)),
            outlet: self.field(4),
            accessed: None,
        };
        registry::new_source(&fields).map_err(FormError::Invalid)
    }

    /// The fields under `heading`, the focused one marked, and the error.
    pub fn draw(&self, frame: &mut Frame, area: Rect, heading: &str, theme: &Theme) {
        let mut lines = vec![Line::from(Span::styled(heading.to_string(), theme.dim()))];
        for (i, (label, field)) in Self::LABELS.iter().zip(&self.fields).enumerate() {
            let focused = i == self.focus;
            let mut spans = vec![Span::styled(
                format!("{}{:<5} ", if focused { "▶" } else { " " }, label),
                theme.accent(),
            )];
            if i == Self::KIND {
                spans.extend(self.kind_spans(focused, theme));
            } else {
                spans.extend(field.spans(focused, theme));
            }
            lines.push(Line::from(spans));
        }
        let offer = self.offered_url().map(|url| {
            Line::from(Span::styled(
                fit(
                    &format!("url saved as {url} (no scheme typed; Enter accepts)"),
                    area.width as usize,
                ),
                theme.accent(),
            ))
        });
        lines.extend(offer);
        let kinds: Vec<&str> = SourceKind::ALL.iter().map(|k| k.as_str()).collect();
        lines.push(Line::from(Span::styled(
            fit(&format!("kinds: {}", kinds.join(", ")), area.width as usize),
            theme.dim(),
        )));
        if let Some(e) = &self.error {
            lines.push(Line::from(Span::styled(
                fit(e, area.width as usize),
                theme.error(),
            )));
        }
        frame.render_widget(Paragraph::new(lines), area);
    }

    /// The kind as a choice: `◀ wire ▶`, and while it has the keys, how
    /// to choose.
    fn kind_spans(&self, focused: bool, theme: &Theme) -> Vec<Span<'static>> {
        let at = SourceKind::ALL
            .iter()
            .position(|k| *k == self.kind)
            .unwrap_or(0);
        let mut spans = vec![
            Span::raw("◀ "),
            Span::styled(
                self.kind.as_str().to_string(),
                if focused {
                    theme.selected()
                } else {
                    theme.accent()
                },
            ),
            Span::raw(" ▶"),
        ];
        if focused {
            spans.push(Span::styled(
                format!(
                    "  {}/{} · ← → or its first letters choose",
                    at + 1,
                    SourceKind::ALL.len()
                ),
                theme.dim(),
            ));
        }
        spans
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_validates_id_and_url() {
        let reg = SourceRegistry::default();
        let mut f = SourceForm::new("TASS");
        assert_eq!(f.field(0), "tass");
        f.fields[3].set("not a url");
        let err = f.validate(&reg).unwrap_err().to_string();
        assert!(err.starts_with("invalid URL"), "{err}");
        f.fields[3].set("https://tass.com/");
        f.fields[0].set("Bad Id");
        let err = f.validate(&reg).unwrap_err().to_string();
        assert!(err.contains("invalid source id"), "{err}");
        f.fields[0].set("tass");
        assert_eq!(f.validate(&reg).unwrap().id.as_str(), "tass");
    }

    #[test]
    fn an_edited_source_keeps_its_id_field() {
        let reg_source = SourceForm::new("AFP").validate(&SourceRegistry::default());
        let mut f = SourceForm::edit(&reg_source.unwrap());
        assert_eq!(f.focused_label(), "name");
        for want in ["kind", "url", "outlet", "name"] {
            f.next_field();
            assert_eq!(f.focused_label(), want);
        }
        f.prev_field();
        assert_eq!(f.focused_label(), "outlet");
    }

    fn key(code: KeyCode) -> Action {
        Action::Input(crossterm::event::KeyEvent::new(code, KeyModifiers::NONE))
    }

    #[test]
    fn the_kind_is_chosen_not_typed() {
        let mut f = SourceForm::new("Kremlin");
        f.next_field();
        f.next_field();
        assert_eq!(f.focused_label(), "kind");
        assert_eq!(f.kind(), SourceKind::Other);
        // Round from the last kind to the first, and back.
        assert!(f.take(&key(KeyCode::Right)));
        assert_eq!(f.kind(), SourceKind::Wire);
        assert!(f.take(&key(KeyCode::Left)));
        assert_eq!(f.kind(), SourceKind::Other);
        // Letters choose by name; a letter that fits none starts again.
        for (c, want) in [
            ('o', SourceKind::OfficialStatement),
            ('f', SourceKind::OfficialStatement),
            ('s', SourceKind::SocialPost),
            ('d', SourceKind::Document),
        ] {
            f.take(&key(KeyCode::Char(c)));
            assert_eq!(f.kind(), want, "{c}");
        }
        assert!(!f.take(&key(KeyCode::Char('!'))));
        assert!(!f.take(&Action::Paste("wire".into())), "no text goes in");
        let s = f.validate(&SourceRegistry::default()).unwrap();
        assert_eq!(s.kind, SourceKind::Document);
        // An edited source starts on its own kind.
        let mut e = SourceForm::edit(&s);
        e.next_field();
        assert_eq!(e.kind(), SourceKind::Document);
        assert!(e.take(&key(KeyCode::Char(' '))));
        assert_eq!(e.validate_edit(&s).unwrap().kind, SourceKind::Interview);
    }

    #[test]
    fn an_address_without_a_scheme_is_saved_as_https() {
        let mut f = SourceForm::new("AFP");
        f.fields[3].set("www.afp.com/en");
        assert_eq!(f.offered_url().as_deref(), Some("https://www.afp.com/en"));
        let s = f.validate(&SourceRegistry::default()).unwrap();
        assert_eq!(s.url.as_deref(), Some("https://www.afp.com/en"));
        f.fields[3].set("http://www.afp.com/");
        assert_eq!(f.offered_url(), None, "a scheme typed is kept");
        f.fields[3].set("afp");
        assert_eq!(f.offered_url(), None);
        assert!(f.validate(&SourceRegistry::default()).is_err());
    }
}
