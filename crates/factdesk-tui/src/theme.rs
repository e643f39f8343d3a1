//! Colours and text styles, from `assets/theme.ron`; `NO_COLOR` turns every
//! colour off and leaves only modifiers.

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use std::str::FromStr;

use factdesk_core::model::Verdict;

pub const DEFAULT_THEME: &str = include_str!("../../../assets/theme.ron");

/// Why a theme file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    #[error("{}: {}", .0.span, .0.code)]
    Syntax(#[from] ron::error::SpannedError),
    #[error("unknown colour {0:?}")]
    UnknownColour(String),
}

#[derive(Debug, Deserialize)]
struct ThemeFile {
    pending: String,
    confirmed: String,
    unconfirmed: String,
    disputed: String,
    accent: String,
    dim: String,
    status_fg: String,
    status_bg: String,
    error: String,
    selection: String,
    search: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Theme {
    pub pending: Option<Color>,
    pub confirmed: Option<Color>,
    pub unconfirmed: Option<Color>,
    pub disputed: Option<Color>,
    pub accent: Option<Color>,
    pub dim: Option<Color>,
    pub status_fg: Option<Color>,
    pub status_bg: Option<Color>,
    pub error: Option<Color>,
    pub selection: Option<Color>,
    pub search: Option<Color>,
}

fn fg(c: Option<Color>) -> Style {
    c.map_or_else(Style::new, |c| Style::new().fg(c))
}

impl Theme {
    pub fn from_ron(text: &str) -> Result<Theme, ThemeError> {
        let f: ThemeFile = ron::from_str(text)?;
        let c = |s: &str| {
            Color::from_str(s)
                .map(Some)
                .map_err(|_| ThemeError::UnknownColour(s.to_string()))
        };
        Ok(Theme {
            pending: c(&f.pending)?,
            confirmed: c(&f.confirmed)?,
            unconfirmed: c(&f.unconfirmed)?,
            disputed: c(&f.disputed)?,
            accent: c(&f.accent)?,
            dim: c(&f.dim)?,
            status_fg: c(&f.status_fg)?,
            status_bg: c(&f.status_bg)?,
            error: c(&f.error)?,
            selection: c(&f.selection)?,
            search: c(&f.search)?,
        })
    }

    /// The built-in theme.
    pub fn default_theme() -> Theme {
        Theme::from_ron(DEFAULT_THEME).expect("assets/theme.ron is valid")
    }

    /// No colours at all.
    pub fn no_color() -> Theme {
        Theme::default()
    }

    /// The built-in theme, or no colours when `NO_COLOR` is set (non-empty).
    pub fn from_env() -> Theme {
        Theme::for_no_color(std::env::var_os("NO_COLOR").as_deref())
    }

    /// The theme for a given value of `NO_COLOR`: any non-empty value
    /// means no colours (<https://no-color.org>).
    pub fn for_no_color(value: Option<&std::ffi::OsStr>) -> Theme {
        match value {
            Some(v) if !v.is_empty() => Theme::no_color(),
            _ => Theme::default_theme(),
        }
    }

    pub fn is_colourless(&self) -> bool {
        *self == Theme::default()
    }

    pub fn verdict(&self, v: Verdict) -> Style {
        let s = fg(match v {
            Verdict::Pending => self.pending,
            Verdict::Confirmed => self.confirmed,
            Verdict::Unconfirmed => self.unconfirmed,
            Verdict::Disputed => self.disputed,
        });
        if self.is_colourless() && v != Verdict::Pending {
            s.add_modifier(Modifier::UNDERLINED)
        } else {
            s
        }
    }

    /// Claim text in the article: its verdict colour; a pending claim, the
    /// work still to do, is underlined as well, so that it stands out from
    /// the text around it in colour and without.
    pub fn claim_text(&self, v: Verdict) -> Style {
        let s = fg(match v {
            Verdict::Pending => self.pending.or(self.accent),
            other => self.verdict(other).fg,
        });
        if v == Verdict::Pending || self.is_colourless() {
            s.add_modifier(Modifier::UNDERLINED)
        } else {
            s
        }
    }

    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    pub fn selection(&self) -> Style {
        match self.selection {
            Some(c) => Style::new().bg(c),
            None => Style::new().add_modifier(Modifier::REVERSED),
        }
    }

    pub fn search_match(&self) -> Style {
        match self.search {
            Some(c) => Style::new().bg(c),
            None => Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
        }
    }

    pub fn cursor(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn accent(&self) -> Style {
        fg(self.accent).add_modifier(Modifier::BOLD)
    }

    pub fn dim(&self) -> Style {
        fg(self.dim)
    }

    /// A candidate sentence in the article: faint, and italic so that it
    /// still shows where a terminal has no faint.
    pub fn candidate(&self) -> Style {
        self.dim().add_modifier(Modifier::DIM | Modifier::ITALIC)
    }

    pub fn status(&self) -> Style {
        let mut s = fg(self.status_fg);
        if let Some(bg) = self.status_bg {
            s = s.bg(bg);
        } else {
            s = s.add_modifier(Modifier::REVERSED);
        }
        s
    }

    pub fn error(&self) -> Style {
        match self.error {
            Some(c) => Style::new()
                .fg(Color::White)
                .bg(c)
                .add_modifier(Modifier::BOLD),
            None => Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        }
    }

    /// The mode badge at the start of the status bar; a field that takes
    /// typing is shown in the error colour's place so that typing mode is
    /// never mistaken for command mode.
    pub fn badge(&self, typing: bool) -> Style {
        let colour = if typing { self.search } else { self.accent };
        match colour {
            Some(c) => Style::new()
                .bg(c)
                .fg(Color::Black)
                .add_modifier(Modifier::BOLD),
            // The bar itself is reversed without colours: the badge is not.
            None => Style::new()
                .add_modifier(Modifier::BOLD)
                .remove_modifier(Modifier::REVERSED),
        }
    }

    pub fn border(&self, focused: bool) -> Style {
        if focused { self.accent() } else { self.dim() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_theme_parses_and_no_color_has_none() {
        let t = Theme::default_theme();
        assert_eq!(t.disputed, Some(Color::Red));
        let n = Theme::no_color();
        assert!(n.is_colourless());
        assert_eq!(n.verdict(Verdict::Disputed).fg, None);
        use std::ffi::OsStr;
        assert!(Theme::for_no_color(Some(OsStr::new("1"))).is_colourless());
        assert!(!Theme::for_no_color(Some(OsStr::new(""))).is_colourless());
        assert!(!Theme::for_no_color(None).is_colourless());
    }

    #[test]
    fn a_bad_theme_says_where_and_what() {
        let e = Theme::from_ron("(pending: ").unwrap_err();
        assert!(matches!(e, ThemeError::Syntax(_)), "{e}");
        assert!(e.to_string().starts_with("1:"), "{e}");
        let text = DEFAULT_THEME.replace("\"red\"", "\"blood\"");
        let e = Theme::from_ron(&text).unwrap_err();
        assert_eq!(e.to_string(), "unknown colour \"blood\"");
    }
}
