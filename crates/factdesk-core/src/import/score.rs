//! The check-worthiness score: a sentence's cues, weighed.
//!
//! A score is the sum of the weights of the cues that fired, so every point
//! of it can be read off the list of cues. The weights are data
//! (`assets/weights.ron`, built in), fitted on annotated debates and
//! speeches; a `weights.ron` of the same shape in the user's config folder
//! changes single entries, as the keymap does.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, OnceLock};

use serde::Deserialize;

use super::cues::{Analysed, CueKind, analyse};
use super::suggest::Suggestion;
use crate::model::{Cue, Score};

/// The built-in weights.
pub const DEFAULT_WEIGHTS: &str = include_str!("../../../../assets/weights.ron");

/// The name of the cue a lexicon word makes.
pub const WORD_CUE: &str = "word";

/// A weights file larger than this is refused rather than read.
const MAX_WEIGHTS_BYTES: u64 = 1 << 20;

/// How much each cue adds to a sentence's score.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Weights {
    cues: BTreeMap<CueKind, Score>,
    words: HashMap<String, Score>,
}

/// A weights file that could not be used, with where; the built-in
/// weights are used instead.
#[derive(Debug, thiserror::Error)]
pub enum WeightsError {
    #[error("{}: {source}; using the built-in weights", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}:{line}:{col}: {msg}; using the built-in weights", path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        col: usize,
        msg: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WeightsFile {
    #[serde(default)]
    cues: BTreeMap<String, Score>,
    #[serde(default)]
    words: BTreeMap<String, Score>,
}

static BUILTIN: LazyLock<Weights> = LazyLock::new(|| {
    let mut w = Weights::default();
    // A broken built-in file is caught by the tests; never by an editor.
    let _ = w.merge(DEFAULT_WEIGHTS, Path::new("assets/weights.ron"));
    w
});

static INSTALLED: OnceLock<Weights> = OnceLock::new();

impl Weights {
    /// The weights built into the program.
    pub fn builtin() -> &'static Weights {
        &BUILTIN
    }

    /// The weights import and `suggest` use: those given to [`install`]
    /// (the user's, read once at start), else the built-in ones.
    ///
    /// [`install`]: Weights::install
    pub fn current() -> &'static Weights {
        INSTALLED.get().unwrap_or(&BUILTIN)
    }

    /// Make `self` the weights [`Weights::current`] returns for the rest of
    /// the process. Only the first call counts; false for a later one.
    pub fn install(self) -> bool {
        INSTALLED.set(self).is_ok()
    }

    /// The built-in weights with the entries of `text` (the contents of
    /// `path`) put over them.
    pub fn with_overrides(text: &str, path: &Path) -> Result<Weights, WeightsError> {
        let mut w = Weights::builtin().clone();
        w.merge(text, path)?;
        Ok(w)
    }

    /// The weights of `text` alone, for a file that lists them all (what
    /// the fit writes).
    pub fn parse(text: &str, path: &Path) -> Result<Weights, WeightsError> {
        let mut w = Weights::default();
        w.merge(text, path)?;
        Ok(w)
    }

    /// The user's weights (`weights.ron` in the config folder) over the
    /// built-in ones; without that file, the built-in ones. A file that
    /// cannot be used is reported and left out.
    pub fn load_user() -> (Weights, Option<WeightsError>) {
        let builtin = || Weights::builtin().clone();
        let Some(path) = user_weights_path() else {
            return (builtin(), None);
        };
        match read_bounded(&path) {
            Ok(None) => (builtin(), None),
            Ok(Some(text)) => match Weights::with_overrides(&text, &path) {
                Ok(w) => (w, None),
                Err(e) => (builtin(), Some(e)),
            },
            Err(source) => (builtin(), Some(WeightsError::Io { path, source })),
        }
    }

    pub fn cue(&self, kind: CueKind) -> Score {
        self.cues.get(&kind).copied().unwrap_or_default()
    }

    pub fn word(&self, key: &str) -> Score {
        self.words.get(key).copied().unwrap_or_default()
    }

    /// Give cue family `kind` a weight; zero turns it off.
    pub fn set_cue(&mut self, kind: CueKind, weight: Score) {
        if weight == Score::ZERO {
            self.cues.remove(&kind);
        } else {
            self.cues.insert(kind, weight);
        }
    }

    /// Give lexicon word `key` (lower case) a weight; zero removes it.
    pub fn set_word(&mut self, key: &str, weight: Score) {
        if weight == Score::ZERO {
            self.words.remove(key);
        } else {
            self.words.insert(key.to_string(), weight);
        }
    }

    pub fn word_count(&self) -> usize {
        self.words.len()
    }

    fn merge(&mut self, text: &str, path: &Path) -> Result<(), WeightsError> {
        let file: WeightsFile = ron::from_str(text).map_err(|e| WeightsError::Parse {
            path: path.to_path_buf(),
            line: e.span.start.line,
            col: e.span.start.col,
            msg: e.code.to_string(),
        })?;
        for (name, weight) in file.cues {
            let Some(kind) = CueKind::from_name(&name) else {
                let at = text.find(&format!("\"{name}\"")).unwrap_or(0);
                let (line, col) = crate::store::ron_file::line_col(text, at);
                return Err(WeightsError::Parse {
                    path: path.to_path_buf(),
                    line,
                    col,
                    msg: format!("unknown cue {name:?}"),
                });
            };
            self.set_cue(kind, weight);
        }
        for (word, weight) in file.words {
            self.set_word(&word.to_lowercase(), weight);
        }
        Ok(())
    }

    /// The weights as a weights file, `comment` (lines without the `//`)
    /// on top, each cue family with what sets it off, the words strongest
    /// first.
    pub fn to_ron(&self, comment: &str) -> String {
        let mut out = String::new();
        for line in comment.lines() {
            out.push_str(format!("// {line}").trim_end());
            out.push('\n');
        }
        out.push_str("(\n    cues: {\n");
        for kind in CueKind::ALL {
            out.push_str(&format!("        // {}\n", kind.about()));
            out.push_str(&format!(
                "        {}: {},\n",
                quoted(kind.name()),
                self.cue(kind).as_f64()
            ));
        }
        out.push_str("    },\n    words: {\n");
        let mut words: Vec<(&String, &Score)> = self.words.iter().collect();
        words.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (word, weight) in words {
            out.push_str(&format!("        {}: {},\n", quoted(word), weight.as_f64()));
        }
        out.push_str("    },\n)\n");
        out
    }
}

fn quoted(s: &str) -> String {
    ron::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
}

/// `Ok(None)` when there is no such file.
fn read_bounded(path: &Path) -> std::io::Result<Option<String>> {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let mut text = String::new();
    file.take(MAX_WEIGHTS_BYTES + 1).read_to_string(&mut text)?;
    if text.len() as u64 > MAX_WEIGHTS_BYTES {
        return Err(std::io::Error::other("larger than 1 MB"));
    }
    Ok(Some(text))
}

/// Where the user's weights file goes: beside the keymap.
pub fn user_weights_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "factdesk").map(|d| d.config_dir().join("weights.ron"))
}

/// Every sentence of `text` from `body_start` on, scored, in article order.
pub fn score_sentences(text: &str, body_start: usize, weights: &Weights) -> Vec<Suggestion> {
    analyse(text, body_start)
        .iter()
        .map(|a| score(a, weights))
        .collect()
}

/// One analysed sentence, weighed. Cues of weight zero are left out; the
/// rest are listed from the most positive to the most negative.
pub fn score(a: &Analysed, weights: &Weights) -> Suggestion {
    let mut cues: Vec<Cue> = a
        .cues
        .iter()
        .map(|(kind, text)| (kind.name(), weights.cue(*kind), text))
        .chain(
            a.words
                .iter()
                .map(|(key, text)| (WORD_CUE, weights.word(key), text)),
        )
        .filter(|(_, weight, _)| *weight != Score::ZERO)
        .map(|(name, weight, text)| Cue {
            name: name.to_string(),
            weight,
            text: text.clone(),
        })
        .collect();
    cues.sort_by_key(|c| std::cmp::Reverse(c.weight));
    Suggestion {
        start: a.start,
        end: a.end,
        speaker: a.speaker.clone(),
        score: cues.iter().map(|c| c.weight).sum(),
        cues,
    }
}
