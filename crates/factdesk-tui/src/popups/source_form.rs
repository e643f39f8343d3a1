//! The fields of a source (id, name, kind, url, outlet), checked into a
//! [`Source`]: the form the picker opens to add a source, and the one the
//! sources screen opens to add or edit one.

use crate::action::Action;
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
    fields: [TextField; 5],
    focus: usize,
    /// The first field that can be edited: the id of a source being
    /// edited stays (links point at it).
    first: usize,
    error: Option<String>,
}

impl SourceForm {
    pub const LABELS: [&'static str; 5] = ["id", "name", "kind", "url", "outlet"];

    /// A new source named `seed`, its id made of it.
    pub fn new(seed: &str) -> SourceForm {
        let mut f = SourceForm::default();
        f.fields[0].set(factdesk_core::slug::slugify(seed, 4));
        f.fields[1].set(seed);
        f.fields[2].set(SourceKind::Other.as_str());
        f
    }

    /// The form filled with `source`, to edit it; its id cannot change.
    pub fn edit(source: &Source) -> SourceForm {
        SourceForm {
            fields: [
                TextField::new(source.id.to_string()),
                TextField::new(source.name.clone()),
                TextField::new(source.kind.as_str()),
                TextField::new(source.url.clone().unwrap_or_default()),
                TextField::new(source.outlet.clone().unwrap_or_default()),
            ],
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
        self.focus = (self.focus + 1) % n;
        if self.focus < self.first {
            self.focus = self.first;
        }
    }

    /// BackTab: the previous field, round to the last.
    pub fn prev_field(&mut self) {
        let n = Self::LABELS.len();
        self.focus = if self.focus <= self.first {
            n - 1
        } else {
            self.focus - 1
        };
    }

    /// A key typed into the focused field; whether it changed.
    /// A key or a paste, for the field that has the cursor.
    pub fn take(&mut self, action: &Action) -> bool {
        match self.fields.get_mut(self.focus) {
            Some(f) => f.take(action),
            None => false,
        }
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
        let fields = SourceFields {
            id,
            name: self.field(1),
            kind: self.field(2),
            url: self.field(3),
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
            spans.extend(field.spans(focused, theme));
            lines.push(Line::from(spans));
        }
        lines.push(Line::from(Span::styled(
            "kinds: wire, official-statement, document, interview, social-post, other",
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
}
