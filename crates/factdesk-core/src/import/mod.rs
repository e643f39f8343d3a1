//! Turning a wire article into a story: decoding the file, reading the wire
//! header, splitting sentences and suggesting which ones to check.
//!
//! Everything here works on byte offsets into the decoded text, because
//! those offsets end up in [`crate::model::Anchor`]s and must point at the
//! exact text that `article.txt` holds on disk.

mod decode;
mod header;
mod sentences;
mod suggest;
mod words;

pub use decode::{ArticleError, MAX_ARTICLE_BYTES, decode_article};
pub use header::{ArticleMeta, HEADLINE_CHARS, parse_header};
pub use sentences::sentences;
pub use suggest::{
    REASON_ATTRIBUTED, REASON_DATE, REASON_FIGURE, REASON_HEDGED, Suggestion, suggest_claims,
};

#[cfg(test)]
mod seed_tests;
