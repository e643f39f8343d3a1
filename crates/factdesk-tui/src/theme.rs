//! Colours and text styles, from `assets/theme.ron`, overridden colour by
//! colour by a user `theme.ron` in the config folder; `NO_COLOR` turns
//! every colour off and leaves only modifiers.

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;

use factdesk_core::model::Verdict;

pub const DEFAULT_THEME: &str = include_str!("../../../assets/theme.ron");

/// A theme file that could not be used, with where; the default colours
/// are used instead, and the message says so.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ThemeError {
    #[error("{}: {source}; using the default colours", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: Arc<std::io::Error>,
    },
    /// Not RON of the theme's shape (or a colour it does not have).
    #[error("{}:{line}:{col}: {msg}; using the default colours", path.display())]
    Syntax {
        path: PathBuf,
        line: usize,
        col: usize,
        msg: String,
    },
    #[error("{}:{line}:{col}: unknown colour {name:?}; using the default colours", path.display())]
    UnknownColour {
        path: PathBuf,
        line: usize,
        col: usize,
        name: String,
    },
}

/// `theme.ron`: every colour may be left out of a user's file (the
/// default's is kept).
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct ThemeFile {
    pending: Option<String>,
    confirmed: Option<String>,
    unconfirmed: Option<String>,
    disputed: Option<String>,
    accent: Option<String>,
    dim: Option<String>,
    status_fg: Option<String>,
    status_bg: Option<String>,
    error: Option<String>,
    selection: Option<String>,
    search: Option<String>,
}

impl ThemeFile {
    /// `self`, with what it leaves out taken from `under`.
    fn over(self, under: ThemeFile) -> ThemeFile {
        ThemeFile {
            pending: self.pending.or(under.pending),
            confirmed: self.confirmed.or(under.confirmed),
            unconfirmed: self.unconfirmed.or(under.unconfirmed),
            disputed: self.disputed.or(under.disputed),
            accent: self.accent.or(under.accent),
            dim: self.dim.or(under.dim),
            status_fg: self.status_fg.or(under.status_fg),
            status_bg: self.status_bg.or(under.status_bg),
            error: self.error.or(under.error),
            selection: self.selection.or(under.selection),
            search: self.search.or(under.search),
        }
    }
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

/// Line and column (from 1) of the first `needle` in `text`.
fn line_col_of(text: &str, needle: &str) -> (usize, usize) {
    let before = text
        .find(needle)
        .and_then(|off| text.get(..off))
        .unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn parse(text: &str, path: &Path) -> Result<ThemeFile, ThemeError> {
    // A colour is written as itself ("red"), not as `Some("red")`.
    let ron =
        ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    ron.from_str(text).map_err(|e| {
        // RON lists every field after "expected": too long for the status
        // line, and the default theme.ron names them all.
        let msg = e.code.to_string();
        let msg = msg.split(", expected").next().unwrap_or(&msg).to_string();
        ThemeError::Syntax {
            path: path.to_path_buf(),
            line: e.span.start.line,
            col: e.span.start.col,
            msg,
        }
    })
}

/// The colours of a complete theme file; `text` is what `path` holds, for
/// where an unknown colour is.
fn colours(f: &ThemeFile, text: &str, path: &Path) -> Result<Theme, ThemeError> {
    let c = |s: &Option<String>| match s {
        None => Ok(None),
        Some(name) => Color::from_str(name).map(Some).map_err(|_| {
            let (line, col) = line_col_of(text, &format!("\"{name}\""));
            ThemeError::UnknownColour {
                path: path.to_path_buf(),
                line,
                col,
                name: name.clone(),
            }
        }),
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

impl Theme {
    /// A theme file on its own (every colour it leaves out is none).
    pub fn from_ron(text: &str) -> Result<Theme, ThemeError> {
        let path = Path::new("theme.ron");
        colours(&parse(text, path)?, text, path)
    }

    /// The built-in theme.
    pub fn default_theme() -> Theme {
        Theme::from_ron(DEFAULT_THEME).expect("assets/theme.ron is valid")
    }

    /// The defaults, each colour `text` (the contents of `path`) names
    /// put in its place. On error the defaults are returned with the error.
    pub fn with_overrides(text: &str, path: &Path) -> (Theme, Option<ThemeError>) {
        let theme = parse(text, path).and_then(|user| {
            let defaults = parse(DEFAULT_THEME, Path::new("assets/theme.ron"))?;
            colours(&user.over(defaults), text, path)
        });
        match theme {
            Ok(t) => (t, None),
            Err(e) => (Theme::default_theme(), Some(e)),
        }
    }

    /// No colours at all.
    pub fn no_color() -> Theme {
        Theme::default()
    }

    /// The theme to start with: no colours when `NO_COLOR` is set
    /// (non-empty), else the user's `theme.ron` from the config folder over
    /// the built-in one.
    pub fn load_user() -> (Theme, Option<ThemeError>) {
        if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            return (Theme::no_color(), None);
        }
        match user_theme_path() {
            Some(path) => Theme::from_file(&path),
            None => (Theme::default_theme(), None),
        }
    }

    /// The theme of the file at `path` over the built-in one; no file, the
    /// built-in theme.
    pub fn from_file(path: &Path) -> (Theme, Option<ThemeError>) {
        // A theme is a dozen lines; whatever is past this is not one.
        const MAX_THEME_BYTES: u64 = 64 * 1024;
        use std::io::Read;
        let read = std::fs::File::open(path).and_then(|f| {
            let mut text = String::new();
            f.take(MAX_THEME_BYTES).read_to_string(&mut text)?;
            Ok(text)
        });
        match read {
            Ok(text) => Theme::with_overrides(&text, path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Theme::default_theme(), None),
            Err(e) => (
                Theme::default_theme(),
                Some(ThemeError::Read {
                    path: path.to_path_buf(),
                    source: Arc::new(e),
                }),
            ),
        }
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

/// `theme.ron` in the config folder, beside `keymap.ron`.
pub fn user_theme_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "factdesk").map(|d| d.config_dir().join("theme.ron"))
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
    fn a_user_theme_changes_only_the_colours_it_names() {
        let text = "// mine\n(disputed: \"#ff8800\", dim: \"gray\")\n";
        let (t, err) = Theme::with_overrides(text, Path::new("/cfg/theme.ron"));
        assert!(err.is_none(), "{err:?}");
        assert_eq!(t.disputed, Some(Color::Rgb(0xff, 0x88, 0x00)));
        assert_eq!(t.dim, Some(Color::Gray));
        assert_eq!(t.confirmed, Theme::default_theme().confirmed);
    }

    #[test]
    fn a_bad_theme_names_file_line_and_column_and_keeps_the_defaults() {
        let path = Path::new("/cfg/theme.ron");
        let (t, err) =
            Theme::with_overrides("(\n  pending: \"cyan\",\n  dsiputed: \"red\",\n)", path);
        let msg = err.unwrap().to_string();
        assert!(msg.starts_with("/cfg/theme.ron:3:"), "{msg}");
        assert!(msg.ends_with("; using the default colours"), "{msg}");
        assert!(msg.contains("dsiputed"), "{msg}");
        assert_eq!(t, Theme::default_theme());
        let (_, err) = Theme::with_overrides("(pending: ", path);
        assert!(
            matches!(err, Some(ThemeError::Syntax { line: 1, .. })),
            "{err:?}"
        );
        let (_, err) = Theme::with_overrides("(\n  accent: \"blood\",\n)", path);
        assert_eq!(
            err.unwrap().to_string(),
            "/cfg/theme.ron:2:11: unknown colour \"blood\"; using the default colours"
        );
    }

    #[test]
    fn a_missing_file_is_the_default_and_an_unreadable_one_is_said() {
        let dir = std::env::temp_dir().join(format!("factdesk-theme-{}", std::process::id()));
        let (t, err) = Theme::from_file(&dir.join("none.ron"));
        assert!(err.is_none());
        assert_eq!(t, Theme::default_theme());
        std::fs::create_dir_all(&dir).unwrap();
        // A folder where the file should be cannot be read as one.
        let (t, err) = Theme::from_file(&dir);
        assert!(matches!(err, Some(ThemeError::Read { .. })), "{err:?}");
        assert_eq!(t, Theme::default_theme());
        let _ = std::fs::remove_dir(&dir);
    }
}
