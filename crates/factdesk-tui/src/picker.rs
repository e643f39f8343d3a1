//! The source picker (fuzzy over the registry, stance chosen in place) and
//! the small form that adds a source to the registry; also the fuzzy
//! ranking and one-line text editing shared by every prompt.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use factdesk_core::model::{Source, SourceKind, SourceRegistry, Stance};
use factdesk_core::slug::SourceId;

/// Indices of `items` matching `query`, best first (all, in order, for an
/// empty query).
pub fn fuzzy_rank<S: AsRef<str>>(query: &str, items: &[S]) -> Vec<usize> {
    if query.trim().is_empty() {
        return (0..items.len()).collect();
    }
    let mut matcher = Matcher::new(Config::DEFAULT);
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let mut buf = Vec::new();
    let mut scored: Vec<(u32, usize)> = items
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            pattern
                .score(Utf32Str::new(s.as_ref(), &mut buf), &mut matcher)
                .map(|score| (score, i))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, i)| i).collect()
}

/// Apply a key to a one-line text field. Returns whether it changed.
pub fn edit_line(text: &mut String, key: &KeyEvent) -> bool {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char('u') if ctrl => {
            text.clear();
            true
        }
        KeyCode::Char('w') if ctrl => {
            let t = text.trim_end();
            let cut = t.rfind(' ').map_or(0, |i| i + 1);
            text.truncate(cut);
            true
        }
        KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) => {
            text.push(c);
            true
        }
        KeyCode::Backspace => text.pop().is_some(),
        _ => false,
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    pub query: String,
    pub stance: Stance,
    /// Position in `matches`.
    pub selected: usize,
    /// Indices into the registry's sources, best match first.
    pub matches: Vec<usize>,
    pub form: Option<SourceForm>,
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
    pub fn new(reg: &SourceRegistry) -> Picker {
        let mut p = Picker {
            query: String::new(),
            stance: Stance::Supports,
            selected: 0,
            matches: vec![],
            form: None,
        };
        p.refilter(reg);
        p
    }

    pub fn refilter(&mut self, reg: &SourceRegistry) {
        let hay: Vec<String> = reg.sources.iter().map(haystack).collect();
        self.matches = fuzzy_rank(&self.query, &hay);
        self.selected = self.selected.min(self.matches.len().saturating_sub(1));
    }

    pub fn current<'r>(&self, reg: &'r SourceRegistry) -> Option<&'r Source> {
        reg.sources.get(*self.matches.get(self.selected)?)
    }

    pub fn move_by(&mut self, delta: isize) {
        if self.matches.is_empty() {
            return;
        }
        let n = self.matches.len() as isize;
        self.selected = (self.selected as isize + delta).rem_euclid(n) as usize;
    }

    pub fn cycle_stance(&mut self) {
        let i = Stance::ALL
            .iter()
            .position(|s| *s == self.stance)
            .unwrap_or(0);
        self.stance = Stance::ALL[(i + 1) % Stance::ALL.len()];
    }

    /// Select the source `id` (after it was created).
    pub fn select_id(&mut self, reg: &SourceRegistry, id: &SourceId) {
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
}

/// Fields of a source: id, name, kind, url, outlet.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceForm {
    pub fields: [String; 5],
    pub focus: usize,
    pub error: Option<String>,
}

impl SourceForm {
    pub const LABELS: [&'static str; 5] = ["id", "name", "kind", "url", "outlet"];

    pub fn new(seed: &str) -> SourceForm {
        let mut f = SourceForm::default();
        f.fields[0] = factdesk_core::slug::slugify(seed, 4);
        f.fields[1] = seed.to_string();
        f.fields[2] = SourceKind::Other.as_str().to_string();
        f
    }

    /// The form filled with `source`, to edit it.
    pub fn edit(source: &Source) -> SourceForm {
        SourceForm {
            fields: [
                source.id.to_string(),
                source.name.clone(),
                source.kind.as_str().to_string(),
                source.url.clone().unwrap_or_default(),
                source.outlet.clone().unwrap_or_default(),
            ],
            focus: 1,
            error: None,
        }
    }

    /// Check the fields and build a new source.
    pub fn validate(&self, reg: &SourceRegistry) -> Result<Source, String> {
        let id = SourceId::parse(self.fields[0].trim()).map_err(|e| e.to_string())?;
        if reg.get(&id).is_some() {
            return Err(format!("source {:?} already exists", id.as_str()));
        }
        self.build(id)
    }

    /// Check the fields and build the edited `old` (its id and access
    /// date stay).
    pub fn validate_edit(&self, old: &Source) -> Result<Source, String> {
        let mut s = self.build(old.id.clone())?;
        s.accessed = old.accessed;
        Ok(s)
    }

    fn build(&self, id: SourceId) -> Result<Source, String> {
        let name = self.fields[1].trim();
        if name.is_empty() {
            return Err("the name cannot be empty".into());
        }
        let kind = SourceKind::parse(&self.fields[2]).ok_or_else(|| {
            let all: Vec<&str> = SourceKind::ALL.iter().map(|k| k.as_str()).collect();
            format!("kind must be one of {}", all.join(", "))
        })?;
        let url = match self.fields[3].trim() {
            "" => None,
            u => Some(factdesk_core::urls::validate(u).map_err(|e| e.to_string())?),
        };
        Ok(Source {
            id,
            name: name.to_string(),
            kind,
            url,
            outlet: Some(self.fields[4].trim().to_string()).filter(|o| !o.is_empty()),
            accessed: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fuzzy_ranks_best_first() {
        let items = ["Reuters wire", "Russian Defense Ministry", "AFP"];
        assert_eq!(fuzzy_rank("rdm", &items), vec![1]);
        assert_eq!(fuzzy_rank("", &items), vec![0, 1, 2]);
        assert_eq!(fuzzy_rank("afp", &items)[0], 2);
    }

    #[test]
    fn form_validates_id_and_url() {
        let reg = SourceRegistry::default();
        let mut f = SourceForm::new("TASS");
        assert_eq!(f.fields[0], "tass");
        f.fields[3] = "not a url".into();
        assert!(f.validate(&reg).unwrap_err().starts_with("invalid URL"));
        f.fields[3] = "https://tass.com/".into();
        f.fields[0] = "Bad Id".into();
        assert!(f.validate(&reg).unwrap_err().contains("invalid source id"));
        f.fields[0] = "tass".into();
        assert_eq!(f.validate(&reg).unwrap().id.as_str(), "tass");
    }
}
