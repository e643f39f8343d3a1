//! Turning a wire article into a story: telling the format (plain wire
//! text, a saved web page, ninjs, NITF, NewsML-G2), decoding it, reading
//! its header or metadata, splitting sentences, scoring how worth checking
//! each one is and suggesting the best as claims. [`read_articles`] is the
//! entry point.
//!
//! Everything here works on byte offsets into the decoded text, because
//! those offsets end up in [`crate::model::Anchor`]s and must point at the
//! exact text that `article.txt` holds on disk.

mod article;
mod charset;
mod cue_kind;
mod cue_words;
mod cues;
mod dates;
mod decode;
mod detect;
mod header;
mod html;
mod html_guard;
mod html_meta;
mod newsml;
mod ninjs;
mod nitf;
mod score;
mod sentences;
mod suggest;
mod words;
mod xml;

pub use article::{Article, Items, Original, ReadOptions, read_articles, read_bounded};
pub use cues::{Analysed, CueKind, analyse};
pub use dates::{DateError, date_prefix, parse_date, split_dateline};
pub use decode::{ArticleError, MAX_ARTICLE_BYTES, MAX_INPUT_BYTES, decode_article};
pub use detect::{Format, ORIGINAL_FILES, detect};
pub use header::{ArticleMeta, HEADLINE_CHARS, parse_header, parse_header_at};
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
