//! `factdesk suggest FILE`: every sentence of an article with its
//! check-worthiness score and the cues that made it, best first, without
//! importing anything.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use factdesk_core::error::Error;
use factdesk_core::import::{self, ArticleError, Suggestion, Weights};
use factdesk_core::model::{Cue, DeskSettings};
use factdesk_core::store::{Input, read_input};
use factdesk_core::text;

use super::error::Result;
use super::output::{json_line, stdout_error};

/// One sentence in `factdesk suggest --json`; the field set and order are
/// stable. `start..end` is the sentence's byte range in the article as
/// import stores it (UTF-8, line endings normalised, no byte-order mark).
#[derive(Debug, Clone, Serialize)]
pub struct SentenceJson<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    pub score: f64,
    pub cues: &'a [Cue],
    pub speaker: Option<&'a str>,
    /// Whether import into this desk would suggest it.
    pub suggested: bool,
}

/// Sentences shown per line of the text form before clipping.
const TEXT_CHARS: usize = 160;

pub fn suggest(
    settings: &DeskSettings,
    path: &Path,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let read = first_article(path)?;
    let article = read.text.as_str();
    let scored = import::score_sentences(article, read.meta.body_start, Weights::current());
    let chosen: Vec<usize> = import::pick(
        scored.clone(),
        settings.suggest_threshold,
        settings.suggest_cap,
    )
    .iter()
    .map(|s| s.start)
    .collect();
    let ranked = ranked(scored);
    let io = stdout_error;
    if json {
        let items: Vec<SentenceJson<'_>> = ranked
            .iter()
            .map(|s| SentenceJson {
                start: s.start,
                end: s.end,
                text: article.get(s.start..s.end).unwrap_or_default(),
                score: s.score.as_f64(),
                cues: &s.cues,
                speaker: s.speaker.as_deref(),
                suggested: chosen.binary_search(&s.start).is_ok(),
            })
            .collect();
        return Ok(json_line(&items, out)?);
    }
    for (rank, s) in ranked.iter().enumerate() {
        if rank == chosen.len() && rank > 0 {
            writeln!(
                out,
                "── not suggested on import (below {} or past the first {}) ──",
                settings.suggest_threshold, settings.suggest_cap
            )
            .map_err(io)?;
        }
        let sentence = article.get(s.start..s.end).unwrap_or_default();
        writeln!(out, "{:>6}  {}", s.score, text::clip(sentence, TEXT_CHARS)).map_err(io)?;
        let mut why: Vec<String> = Vec::new();
        if let Some(speaker) = &s.speaker {
            why.push(format!("speaker {}", text::clip(speaker, 40)));
        }
        why.extend(s.cues.iter().map(cue_text));
        if !why.is_empty() {
            writeln!(out, "        {}", why.join(", ")).map_err(io)?;
        }
    }
    writeln!(
        out,
        "{} of {} sentences suggested on import (score at least {}, at most {})",
        chosen.len(),
        ranked.len(),
        settings.suggest_threshold,
        settings.suggest_cap
    )
    .map_err(io)?;
    Ok(())
}

/// The article import would make first from `path` (a feed's first item),
/// read exactly as import reads it, so its offsets are the story's.
fn first_article(path: &Path) -> factdesk_core::error::Result<import::Article> {
    let input = Input::File(path.to_path_buf());
    let items = read_input(&input, chrono::Local::now().date_naive())?;
    let bad = |e: ArticleError| Error::BadArticle {
        path: path.to_path_buf(),
        why: e.to_string(),
    };
    match items.into_iter().next() {
        Some(Ok(article)) => Ok(article),
        Some(Err(e)) => Err(bad(e)),
        None => Err(bad(ArticleError::NoArticle("no article in it".into()))),
    }
}

/// Best first; equal scores in article order.
fn ranked(mut scored: Vec<Suggestion>) -> Vec<Suggestion> {
    scored.sort_by(|a, b| b.score.cmp(&a.score).then(a.start.cmp(&b.start)));
    scored
}

/// `figure “30” +0.63`, `word “jobs” +0.41`.
pub fn cue_text(c: &Cue) -> String {
    format!(
        "{} “{}” {}",
        c.name,
        text::clip(&c.text, 40),
        c.weight.signed()
    )
}
