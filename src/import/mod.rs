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

/// The import fuzz target's body (also replayed by `cargo test` on the
/// committed corpus): everything an article file goes through on import.
/// Panics only when an invariant breaks.
#[doc(hidden)]
pub fn fuzz_import(data: &[u8]) {
    let Ok(article) = decode_article(data) else {
        return;
    };
    assert!(!article.contains('\r'), "line endings not normalised");
    let meta = parse_header(&article);
    assert!(
        article.is_char_boundary(meta.body_start.min(article.len())),
        "body start off a character boundary"
    );
    for r in sentences(&article, meta.body_start) {
        assert!(
            article.get(r.clone()).is_some(),
            "sentence {r:?} off the text"
        );
    }
    for s in suggest_claims(&article, meta.body_start) {
        if let Some(anchor) = crate::anchor::anchor_at(&article, s.start, s.end) {
            assert_eq!(
                article.get(anchor.start..anchor.end),
                Some(&anchor.quote[..])
            );
        }
    }
}
