//! Key bindings: `assets/keymap.ron`, overridden binding by binding by a
//! user `keymap.ron` in the config folder.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub const DEFAULT_KEYMAP: &str = include_str!("../../../assets/keymap.ron");

/// What a key does. The names are the action names of `keymap.ron`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Command {
    Down,
    Up,
    NextPending,
    PrevPending,
    WordNext,
    WordPrev,
    SentenceNext,
    SentencePrev,
    Top,
    Bottom,
    Open,
    Filter,
    Import,
    /// Import an article pasted into the terminal.
    Paste,
    Confirmed,
    Unconfirmed,
    Disputed,
    Pending,
    LinkSource,
    EditText,
    EditNote,
    Delete,
    FocusArticle,
    Select,
    AddClaim,
    Find,
    FindNext,
    FindPrev,
    Undo,
    Redo,
    Save,
    CycleStance,
    NewSource,
    NextField,
    PrevField,
    Complete,
    Accept,
    Yes,
    No,
    Cancel,
    Back,
    Help,
    Quit,
    /// Go to the desk screen.
    DeskScreen,
    /// Go to the archive screen.
    ArchiveScreen,
    /// Go to the sources screen.
    SourcesScreen,
    /// Cycle the archive's verdict filter.
    CycleVerdict,
    /// Open the claim ruled on before that the selected claim repeats.
    SeenBefore,
    /// Show the selected claim's whole history.
    History,
    /// Edit the selected source.
    EditSource,
    /// Mark the selected source to be merged (then pick the one to keep).
    Merge,
    /// Sync the desk with its shared repository, in the background.
    Sync,
    /// Settle the selected claim's conflict by picking a side.
    Resolve,
    /// Assign the story to the editor at the keys (again: clear it).
    Assign,
    /// Clear a claim's review flag: the editor looked at it again.
    Reviewed,
    /// Rule a claim as the same claim was ruled before, with its sources.
    TakeEarlier,
    /// List the story's deleted claims (to restore one).
    DeletedClaims,
    /// Restore the deleted claim selected.
    Restore,
    /// Take a corrected version of a story's article from a file.
    Revise,
    /// List the story's claims by score, or in article order.
    ClaimOrder,
    /// Show or hide the candidates (sentences worth a look that are not
    /// claims) in the article.
    Candidates,
    NextCandidate,
    PrevCandidate,
    /// Set, change or clear the selected claim's speaker.
    Speaker,
    /// Move into the selected claim's source links (to unlink one, change
    /// its stance or its note).
    Links,
    /// Remove the selected source link.
    Unlink,
    /// Edit the story's details: headline, date, dateline, outlet, URL.
    StoryDetails,
    /// Scroll the claim's detail down (up) a page.
    DetailDown,
    DetailUp,
    /// Copy the selected claim's quote (the article's selection, in the
    /// article) to the clipboard.
    Copy,
    /// Copy a source's address: the selected one, or the claim's next
    /// linked source with one.
    CopyLink,
    /// Open a source's address in the browser, chosen as for `CopyLink`.
    OpenLink,
    /// Removes a default binding.
    None,
}

/// Where keys are looked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Context {
    Desk,
    Filter,
    Import,
    /// What an import will make, asking the date the articles lack.
    ImportPreview,
    Story,
    Article,
    Find,
    Picker,
    Form,
    EditText,
    EditNote,
    Confirm,
    Help,
    Archive,
    ArchiveSearch,
    Sources,
    History,
    Resolve,
    Deleted,
    /// The speaker field, with the desk's speakers to complete from.
    Speaker,
    /// The selected claim's source links, in the detail.
    Links,
    /// The note on one source link.
    LinkNote,
    /// The story details form.
    Details,
}

impl Context {
    pub const ALL: [Context; 23] = [
        Context::Desk,
        Context::Filter,
        Context::Import,
        Context::ImportPreview,
        Context::Story,
        Context::Article,
        Context::Find,
        Context::Picker,
        Context::Form,
        Context::EditText,
        Context::EditNote,
        Context::Confirm,
        Context::Help,
        Context::Archive,
        Context::ArchiveSearch,
        Context::Sources,
        Context::History,
        Context::Resolve,
        Context::Deleted,
        Context::Speaker,
        Context::Links,
        Context::LinkNote,
        Context::Details,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Context::Desk => "desk",
            Context::Filter => "filter",
            Context::Import => "import",
            Context::ImportPreview => "import_preview",
            Context::Story => "story",
            Context::Article => "article",
            Context::Find => "find",
            Context::Picker => "picker",
            Context::Form => "form",
            Context::EditText => "edit_text",
            Context::EditNote => "edit_note",
            Context::Confirm => "confirm",
            Context::Help => "help",
            Context::Archive => "archive",
            Context::ArchiveSearch => "archive_search",
            Context::Sources => "sources",
            Context::History => "history",
            Context::Resolve => "resolve",
            Context::Deleted => "deleted",
            Context::Speaker => "speaker",
            Context::Links => "links",
            Context::LinkNote => "link_note",
            Context::Details => "details",
        }
    }

    fn from_name(s: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.name() == s)
    }

    /// Contexts where unbound keys are typed into a text field.
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            Context::Filter
                | Context::Import
                | Context::ImportPreview
                | Context::Find
                | Context::Picker
                | Context::Form
                | Context::EditText
                | Context::EditNote
                | Context::ArchiveSearch
                | Context::Speaker
                | Context::LinkNote
                | Context::Details
        )
    }
}

/// A key as written in `keymap.ron`, normalised so that it compares equal
/// to the event a terminal sends for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    code: KeyCodeOrd,
    ctrl: bool,
    alt: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum KeyCodeOrd {
    Char(char),
    F(u8),
    Named(u8),
}

const NAMED: [(&str, KeyCode); 14] = [
    ("Enter", KeyCode::Enter),
    ("Esc", KeyCode::Esc),
    ("Tab", KeyCode::Tab),
    ("BackTab", KeyCode::BackTab),
    ("Up", KeyCode::Up),
    ("Down", KeyCode::Down),
    ("Left", KeyCode::Left),
    ("Right", KeyCode::Right),
    ("PageUp", KeyCode::PageUp),
    ("PageDown", KeyCode::PageDown),
    ("Home", KeyCode::Home),
    ("End", KeyCode::End),
    ("Backspace", KeyCode::Backspace),
    ("Delete", KeyCode::Delete),
];

/// A key name `keymap.ron` does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown key {0:?}")]
pub struct UnknownKey(pub String);

impl Key {
    pub fn parse(s: &str) -> Result<Key, UnknownKey> {
        let mut rest = s;
        let (mut ctrl, mut alt) = (false, false);
        loop {
            if let Some(r) = rest.strip_prefix("Ctrl-").filter(|r| !r.is_empty()) {
                ctrl = true;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("Alt-").filter(|r| !r.is_empty()) {
                alt = true;
                rest = r;
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCodeOrd::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
            _ if rest == "Space" => KeyCodeOrd::Char(' '),
            _ => {
                if let Some(i) = NAMED.iter().position(|(n, _)| *n == rest) {
                    KeyCodeOrd::Named(i as u8)
                } else if let Some(n) = rest
                    .strip_prefix('F')
                    .and_then(|n| n.parse::<u8>().ok())
                    .filter(|n| (1..=12).contains(n))
                {
                    KeyCodeOrd::F(n)
                } else {
                    return Err(UnknownKey(s.to_string()));
                }
            }
        };
        Ok(Key { code, ctrl, alt })
    }

    pub fn from_event(ev: &KeyEvent) -> Option<Key> {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let alt = ev.modifiers.contains(KeyModifiers::ALT);
        let code = match ev.code {
            KeyCode::Char(c) => KeyCodeOrd::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
            KeyCode::F(n) => KeyCodeOrd::F(n),
            other => KeyCodeOrd::Named(NAMED.iter().position(|(_, k)| *k == other)? as u8),
        };
        Some(Key { code, ctrl, alt })
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCodeOrd::Char(' ') => f.write_str("Space"),
            KeyCodeOrd::Char(c) => write!(f, "{c}"),
            KeyCodeOrd::F(n) => write!(f, "F{n}"),
            KeyCodeOrd::Named(i) => f.write_str(NAMED[i as usize].0),
        }
    }
}

type RawMap = BTreeMap<String, BTreeMap<String, (Command, String)>>;

#[derive(Debug, Clone, Default)]
pub struct Keymap {
    contexts: BTreeMap<Context, BTreeMap<Key, (Command, String)>>,
}

/// A keymap file that could not be used, with where; the defaults are
/// used instead, and the message says so.
#[derive(Debug, Clone, thiserror::Error)]
pub enum KeymapError {
    #[error("{}: {source}; using the default keys", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: Arc<std::io::Error>,
    },
    /// Not RON of the keymap's shape (or an unknown action).
    #[error("{}:{line}:{col}: {msg}; using the default keys", path.display())]
    Syntax {
        path: PathBuf,
        line: usize,
        col: usize,
        msg: String,
    },
    #[error("{}:{line}:{col}: unknown screen {name:?}; using the default keys", path.display())]
    UnknownScreen {
        path: PathBuf,
        line: usize,
        col: usize,
        name: String,
    },
    #[error("{}:{line}:{col}: {source}; using the default keys", path.display())]
    UnknownKey {
        path: PathBuf,
        line: usize,
        col: usize,
        #[source]
        source: UnknownKey,
    },
}

fn line_col_of(text: &str, needle: &str) -> (usize, usize) {
    let off = text.find(needle).unwrap_or(0);
    let before = &text[..off];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

impl Keymap {
    /// The built-in bindings.
    pub fn default_keymap() -> Keymap {
        let mut k = Keymap::default();
        k.merge(DEFAULT_KEYMAP, Path::new("assets/keymap.ron"))
            .expect("assets/keymap.ron is valid");
        k
    }

    /// Defaults, overridden by `text` (the contents of `path`). On error the
    /// defaults are returned with the error.
    pub fn with_overrides(text: &str, path: &Path) -> (Keymap, Option<KeymapError>) {
        let k = Keymap::default_keymap();
        let mut trial = k.clone();
        match trial.merge(text, path) {
            Ok(()) => (trial, None),
            Err(e) => (k, Some(e)),
        }
    }

    /// The user's keymap from the config folder, if there is one.
    pub fn load_user() -> (Keymap, Option<KeymapError>) {
        let Some(path) = user_keymap_path() else {
            return (Keymap::default_keymap(), None);
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => Keymap::with_overrides(&text, &path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Keymap::default_keymap(), None),
            Err(e) => (
                Keymap::default_keymap(),
                Some(KeymapError::Read {
                    path,
                    source: Arc::new(e),
                }),
            ),
        }
    }

    fn merge(&mut self, text: &str, path: &Path) -> Result<(), KeymapError> {
        let raw: RawMap = ron::from_str(text).map_err(|e| {
            // RON lists every possible action after "expected"; too long
            // for a status line, and the help lists them anyway.
            let msg = e.code.to_string();
            let msg = msg.split(", expected").next().unwrap_or(&msg).to_string();
            let msg = msg
                .replace("Unexpected variant named", "unknown action")
                .replace(" in enum `Command`", "");
            KeymapError::Syntax {
                path: path.to_path_buf(),
                line: e.span.start.line,
                col: e.span.start.col,
                msg,
            }
        })?;
        for (ctx_name, bindings) in raw {
            let Some(ctx) = Context::from_name(&ctx_name) else {
                let (line, col) = line_col_of(text, &format!("\"{ctx_name}\""));
                return Err(KeymapError::UnknownScreen {
                    path: path.to_path_buf(),
                    line,
                    col,
                    name: ctx_name,
                });
            };
            let map = self.contexts.entry(ctx).or_default();
            for (key_name, (command, help)) in bindings {
                let key = Key::parse(&key_name).map_err(|source| {
                    let (line, col) = line_col_of(text, &format!("\"{key_name}\""));
                    KeymapError::UnknownKey {
                        path: path.to_path_buf(),
                        line,
                        col,
                        source,
                    }
                })?;
                if command == Command::None {
                    map.remove(&key);
                } else {
                    map.insert(key, (command, help));
                }
            }
        }
        Ok(())
    }

    pub fn lookup(&self, ctx: Context, ev: &KeyEvent) -> Option<Command> {
        let key = Key::from_event(ev)?;
        self.contexts.get(&ctx)?.get(&key).map(|(c, _)| *c)
    }

    /// The bindings of `ctx` for the help screen: one row per action, in
    /// action order, with all its keys.
    pub fn describe(&self, ctx: Context) -> Vec<(String, String)> {
        let mut by_cmd: BTreeMap<Command, (Vec<Key>, String)> = BTreeMap::new();
        if let Some(map) = self.contexts.get(&ctx) {
            for (key, (cmd, help)) in map {
                let e = by_cmd.entry(*cmd).or_insert_with(|| (vec![], help.clone()));
                e.0.push(*key);
            }
        }
        by_cmd
            .into_values()
            .map(|(keys, help)| {
                let keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
                (keys.join(" "), help)
            })
            .collect()
    }

    /// The first key bound to `cmd` in `ctx`, for hints.
    pub fn key_for(&self, ctx: Context, cmd: Command) -> Option<String> {
        let map = self.contexts.get(&ctx)?;
        // Prefer a key without modifiers, then a character key, as that is
        // what a hint should show.
        let mut keys: Vec<&Key> = map
            .iter()
            .filter(|(_, (c, _))| *c == cmd)
            .map(|(k, _)| k)
            .collect();
        keys.sort_by_key(|k| (k.ctrl || k.alt, !matches!(k.code, KeyCodeOrd::Char(_))));
        keys.first().map(|k| k.to_string())
    }
}

pub fn user_keymap_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "factdesk").map(|d| d.config_dir().join("keymap.ron"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEventKind;

    fn ev(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent {
            code,
            modifiers: m,
            kind: KeyEventKind::Press,
            state: crossterm::event::KeyEventState::NONE,
        }
    }

    #[test]
    fn default_keys_resolve() {
        let k = Keymap::default_keymap();
        let none = KeyModifiers::NONE;
        assert_eq!(
            k.lookup(Context::Story, &ev(KeyCode::Char(']'), none)),
            Some(Command::NextPending)
        );
        assert_eq!(
            k.lookup(Context::Story, &ev(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Command::Bottom)
        );
        assert_eq!(
            k.lookup(
                Context::Story,
                &ev(KeyCode::Char('z'), KeyModifiers::CONTROL)
            ),
            Some(Command::Undo)
        );
        assert_eq!(
            k.lookup(Context::Desk, &ev(KeyCode::Enter, none)),
            Some(Command::Open)
        );
    }

    #[test]
    fn user_file_overrides_single_bindings() {
        let text = r#"{ "story": { "J": (next_pending, "next pending"), "c": (none, "") } }"#;
        let (k, err) = Keymap::with_overrides(text, Path::new("keymap.ron"));
        assert!(err.is_none());
        let none = KeyModifiers::NONE;
        assert_eq!(
            k.lookup(Context::Story, &ev(KeyCode::Char('J'), none)),
            Some(Command::NextPending)
        );
        assert_eq!(
            k.lookup(Context::Story, &ev(KeyCode::Char('c'), none)),
            None
        );
        assert_eq!(
            k.lookup(Context::Story, &ev(KeyCode::Char('d'), none)),
            Some(Command::Disputed)
        );
    }

    #[test]
    fn broken_user_file_names_file_line_col_and_keeps_defaults() {
        let text = "{\n  \"story\": {\n    \"c\": (confirm_it, \"x\"),\n  }\n}\n";
        let (k, err) = Keymap::with_overrides(text, Path::new("/cfg/keymap.ron"));
        let msg = err.unwrap().to_string();
        assert!(msg.starts_with("/cfg/keymap.ron:3:"), "{msg}");
        assert_eq!(
            k.lookup(Context::Story, &ev(KeyCode::Char('c'), KeyModifiers::NONE)),
            Some(Command::Confirmed)
        );
        let text = "{ \"story\": { \"Hyper-x\": (quit, \"q\") } }";
        let (_, err) = Keymap::with_overrides(text, Path::new("k.ron"));
        let err = err.unwrap();
        assert!(matches!(err, KeymapError::UnknownKey { .. }), "{err}");
        let msg = err.to_string();
        assert!(msg.starts_with("k.ron:1:14: unknown key"), "{msg}");
        let text = "{ \"stroy\": { \"j\": (down, \"d\") } }";
        let (_, err) = Keymap::with_overrides(text, Path::new("k.ron"));
        let msg = err.unwrap().to_string();
        assert_eq!(
            msg,
            "k.ron:1:3: unknown screen \"stroy\"; using the default keys"
        );
    }
}
