//! The bodies of the fuzz targets in `fuzz/`, one function a target, also
//! replayed by `cargo test` on the committed corpora (`tests/fuzz_corpus.rs`).
//! Each panics only when an invariant of the desk breaks.

use std::path::Path;

use factdesk_core::edit::{self, Who};
use factdesk_core::import::{decode_article, parse_header, sentences, suggest_claims};
use factdesk_core::model::Anchor;
use factdesk_core::{anchor, query, store};

/// The story-loading fuzz target's body (also replayed by `cargo test` on
/// the committed corpus). Input: `story.ron text 0xFF article`. Panics only
/// when an invariant breaks.
pub fn load_story(data: &[u8]) {
    let (ron_bytes, article) = match data.iter().position(|&b| b == 0xFF) {
        Some(i) => (&data[..i], String::from_utf8_lossy(&data[i + 1..])),
        None => (data, "".into()),
    };
    let path = Path::new("story.ron");
    let Ok(text) = store::ron_text(ron_bytes, path) else {
        return;
    };
    match store::parse_story(text, path, None) {
        Ok((mut story, _)) => {
            // Put right as loading does, through the edit path.
            let who = Who {
                editor: store::SYSTEM_EDITOR.into(),
                at: chrono::DateTime::UNIX_EPOCH,
            };
            for e in anchor::corrections(&story, &article) {
                edit::apply(&mut story, e, &who).expect("a correction applies");
            }
            for c in story.claims.iter().filter(|c| !c.orphaned) {
                assert_eq!(
                    article.get(c.anchor.start..c.anchor.end),
                    Some(&c.anchor.quote[..]),
                    "claim #{} anchored off its quote",
                    c.id
                );
            }
            assert!(story.claims.iter().all(|c| c.id < story.next_claim));
            // What we would save reads back as the same story.
            let saved = store::ron_file::to_string(&story, path).expect("serialise");
            let (again, _) = store::parse_story(&saved, path, None).expect("re-read");
            assert_eq!(again, story);
        }
        Err(e) => {
            let msg = e.to_string();
            assert!(!msg.contains('\n'), "multi-line error: {msg}");
        }
    }
}

/// The query fuzz target's body (also replayed by `cargo test` on the
/// committed corpus): parsing never panics, and a parsed query written back
/// parses to the same query.
pub fn query(data: &[u8]) {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(q) = query::parse(input) {
        let written = q.to_string();
        assert_eq!(
            query::parse(&written).as_ref(),
            Ok(&q),
            "{input:?} written as {written:?}"
        );
    }
}

/// The import fuzz target's body (also replayed by `cargo test` on the
/// committed corpus): everything an article file goes through on import.
/// Panics only when an invariant breaks.
pub fn import_article(data: &[u8]) {
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
        if let Some(anchor) = anchor::anchor_at(&article, s.start, s.end) {
            assert_eq!(
                article.get(anchor.start..anchor.end),
                Some(&anchor.quote[..])
            );
        }
    }
}

/// The re-anchoring fuzz target's body (also replayed by `cargo test` on the
/// committed corpus). Input: `old article 0xFF new article 0xFF spans`,
/// where spans are pairs of little-endian u16 byte offsets into the old
/// article. Claims anchored in the old text are looked for in the new one,
/// raw (possibly invalid) anchors included. Panics only when an invariant
/// breaks: a found anchor must point exactly at its quote.
pub fn reanchor(data: &[u8]) {
    let mut parts = data.splitn(3, |&b| b == 0xFF);
    let old = String::from_utf8_lossy(parts.next().unwrap_or_default());
    let new = String::from_utf8_lossy(parts.next().unwrap_or_default());
    let spans = parts.next().unwrap_or_default();
    let check = |a: &Anchor| {
        assert!(a.start < a.end, "empty anchor {a:?}");
        assert_eq!(
            new.get(a.start..a.end),
            Some(&a.quote[..]),
            "anchor off its quote"
        );
    };
    for pair in spans.chunks_exact(4).take(16) {
        let start = usize::from(u16::from_le_bytes([pair[0], pair[1]]));
        let end = usize::from(u16::from_le_bytes([pair[2], pair[3]]));
        let anchor = anchor::anchor_at(&old, start, end).unwrap_or_else(|| Anchor {
            // A hand-edited story.ron can hold any span: it must not panic.
            start,
            end,
            quote: old
                .get(start.min(old.len())..)
                .unwrap_or("")
                .chars()
                .take(40)
                .collect(),
            prefix: String::new(),
            suffix: old.chars().take(8).collect(),
        });
        if let Some(found) = anchor::reanchor(&new, &anchor) {
            check(&found);
        }
    }
}
