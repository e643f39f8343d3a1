//! Turning a wire article into a story: decoding the file, reading the wire
//! header, splitting sentences, scoring how worth checking each one is and
//! suggesting the best as claims.
//!
//! Everything here works on byte offsets into the decoded text, because
//! those offsets end up in [`crate::model::Anchor`]s and must point at the
//! exact text that `article.txt` holds on disk.

mod cue_kind;
mod cue_words;
mod cues;
mod decode;
mod header;
mod score;
mod sentences;
mod suggest;
mod words;

pub use cues::{Analysed, CueKind, analyse};
pub use decode::{ArticleError, MAX_ARTICLE_BYTES, decode_article};
pub use header::{ArticleMeta, HEADLINE_CHARS, parse_header};
pub use score::{
    DEFAULT_WEIGHTS, WORD_CUE, Weights, WeightsError, score, score_sentences, user_weights_path,
};
pub use sentences::sentences;
pub use suggest::{DEFAULT_CAP, DEFAULT_THRESHOLD, Suggestion, pick, suggest_claims};

#[cfg(test)]
mod cues_tests;
#[cfg(test)]
mod score_tests;
#[cfg(test)]
mod seed_tests;
