//! Placeholder until the re-anchoring module lands.
use crate::model::Anchor;

pub fn reanchor(article: &str, anchor: &Anchor) -> Option<Anchor> {
    let start = article.find(anchor.quote.as_str())?;
    let mut a = anchor.clone();
    a.start = start;
    a.end = start + anchor.quote.len();
    Some(a)
}
