//! The record a story keeps beyond its claims' verdicts: why a claim needs
//! review after a correction, and what happened to the story as a whole
//! (revisions of its article, deletion, restore). Part of the model: these
//! types are stored in `story.ron` as they are.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

use crate::model::ClaimId;

/// Why a claim needs review, and which of its quoted words changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub reason: String,
    /// The quote's words that changed, in article order: `30 → 40`.
    #[serde(default)]
    pub changed: Vec<WordChange>,
}

impl Review {
    /// `30 → 40; “said” → “denied”`, at most `max` changes listed.
    pub fn changes(&self, max: usize) -> String {
        let mut parts: Vec<String> = self
            .changed
            .iter()
            .take(max)
            .map(ToString::to_string)
            .collect();
        if self.changed.len() > max {
            parts.push("…".into());
        }
        parts.join("; ")
    }
}

impl fmt::Display for Review {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)?;
        if !self.changed.is_empty() {
            write!(f, " ({})", self.changes(4))?;
        }
        Ok(())
    }
}

/// Words of a quote before and after a correction; either side may be
/// empty (words added or cut).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WordChange {
    pub from: String,
    pub to: String,
}

impl fmt::Display for WordChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let side = |s: &str| {
            if s.is_empty() {
                "∅".to_string()
            } else {
                s.to_string()
            }
        };
        write!(f, "{} → {}", side(&self.from), side(&self.to))
    }
}

/// One change to a story as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryEntry {
    pub at: DateTime<Utc>,
    pub editor: String,
    pub change: StoryChange,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoryChange {
    /// A corrected article arrived. `kept` is the file in the story's
    /// folder that holds the text it replaced (`revisions/1.txt`); `None`
    /// when `article.txt` was edited by hand and the earlier text was never
    /// given to factdesk to keep.
    Revised {
        revision: u32,
        #[serde(default)]
        kept: Option<String>,
        from_len: usize,
        to_len: usize,
        /// Checksum of the new text (see `Story::article_sha256`).
        #[serde(default)]
        sha256: Option<String>,
        /// Claims whose quoted words changed, moved, or whose text is gone.
        #[serde(default)]
        review: Vec<ClaimId>,
        #[serde(default)]
        moved: Vec<ClaimId>,
        #[serde(default)]
        orphaned: Vec<ClaimId>,
    },
    /// Put in the desk's trash.
    Deleted {
        #[serde(default)]
        note: Option<String>,
    },
    Restored,
    /// A detail of the story (headline, date, dateline, outlet, URL)
    /// changed by an editor.
    Detail(crate::details::DetailChange),
}

fn ids(list: &[ClaimId]) -> String {
    list.iter()
        .map(|c| format!("#{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for StoryChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoryChange::Revised {
                revision,
                kept,
                from_len,
                to_len,
                sha256: _,
                review,
                moved,
                orphaned,
            } => {
                write!(f, "article revised ({from_len} → {to_len} bytes); ")?;
                match kept {
                    Some(path) => write!(f, "earlier text kept as {path}")?,
                    None => write!(
                        f,
                        "article.txt was edited by hand: the earlier text (revision {revision}) was not kept"
                    )?,
                }
                for (what, list) in [
                    ("need review", review),
                    ("moved", moved),
                    ("orphaned", orphaned),
                ] {
                    if !list.is_empty() {
                        write!(f, "; {what}: {}", ids(list))?;
                    }
                }
                Ok(())
            }
            StoryChange::Deleted { note: None } => write!(f, "story deleted (in the trash)"),
            StoryChange::Deleted { note: Some(n) } => {
                write!(f, "story deleted (in the trash): “{n}”")
            }
            StoryChange::Restored => write!(f, "story restored from the trash"),
            StoryChange::Detail(change) => write!(f, "{change}"),
        }
    }
}
