//! Placeholder until the re-anchoring module lands.
use crate::model::Anchor;

pub fn reanchor(article: &str, anchor: &Anchor) -> Option<Anchor> {
    let start = article.find(anchor.quote.as_str())?;
    let mut a = anchor.clone();
    a.start = start;
    a.end = start + anchor.quote.len();
    Some(a)
}

pub fn anchor_at(article: &str, start: usize, end: usize) -> Option<Anchor> {
    let quote = article.get(start..end)?.to_string();
    if quote.is_empty() {
        return None;
    }
    Some(Anchor {
        start,
        end,
        quote,
        prefix: String::new(),
        suffix: String::new(),
    })
}
