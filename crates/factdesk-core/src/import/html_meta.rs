//! What a saved page says about its article: headline, date, outlet,
//! address and author, from the tags publishers write for search engines
//! and social networks (OpenGraph, `article:`, JSON-LD `NewsArticle`) and,
//! failing those, from the page itself (`<h1>`, `<time datetime>`).

use chrono::NaiveDate;
use dom_query::Document;
use serde_json::Value;

use super::dates::parse_date;
use super::xml::collapse;

/// Longest byline kept; more is a paragraph caught by mistake.
const MAX_BYLINE_CHARS: usize = 120;

/// Dates tried before giving up on a page.
const MAX_DATE_CANDIDATES: usize = 20;

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PageMeta {
    pub headline: Option<String>,
    pub date: Option<NaiveDate>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub byline: Option<String>,
}

/// JSON-LD types that describe an article.
const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "BackgroundNewsArticle",
    "OpinionNewsArticle",
    "ReviewNewsArticle",
    "Article",
    "BlogPosting",
    "LiveBlogPosting",
    "Report",
];

/// The first value of `attr` among elements matching `selector`, trimmed.
fn first_attr(doc: &Document, selector: &str, attr: &str) -> Option<String> {
    doc.select(selector)
        .nodes()
        .iter()
        .filter_map(|n| n.attr(attr))
        .map(|v| collapse(&v))
        .find(|v| !v.is_empty())
}

fn all_attrs(doc: &Document, selector: &str, attr: &str) -> Vec<String> {
    doc.select(selector)
        .nodes()
        .iter()
        .filter_map(|n| n.attr(attr))
        .map(|v| collapse(&v))
        .filter(|v| !v.is_empty())
        .take(MAX_DATE_CANDIDATES)
        .collect()
}

fn meta_property(doc: &Document, property: &str) -> Option<String> {
    first_attr(doc, &format!("meta[property=\"{property}\"]"), "content")
        .or_else(|| first_attr(doc, &format!("meta[name=\"{property}\"]"), "content"))
}

fn first_text(doc: &Document, selector: &str) -> Option<String> {
    doc.select(selector)
        .nodes()
        .iter()
        .map(|n| collapse(&n.text()))
        .find(|t| !t.is_empty())
}

/// Read the page's own metadata; what it lacks stays `None`.
pub fn read(doc: &Document, reference: NaiveDate) -> PageMeta {
    let ld = json_ld(doc);
    let headline = meta_property(doc, "og:title")
        .or_else(|| ld.headline.clone())
        .or_else(|| meta_property(doc, "twitter:title"))
        .or_else(|| first_text(doc, "article h1"))
        .or_else(|| first_text(doc, "h1"));
    // A page may carry several <time>s (published, updated, related
    // stories); the first that reads as a date, in this order of trust.
    let date = meta_property(doc, "article:published_time")
        .into_iter()
        .chain(ld.date.clone())
        .chain(all_attrs(doc, "article time[datetime]", "datetime"))
        .chain(all_attrs(doc, "time[datetime]", "datetime"))
        .chain(all_attrs(doc, "[itemprop=\"datePublished\"]", "content"))
        .chain(all_attrs(doc, "[itemprop=\"datePublished\"]", "datetime"))
        .take(MAX_DATE_CANDIDATES)
        .find_map(|d| parse_date(&d, reference).ok());
    let outlet = meta_property(doc, "og:site_name").or_else(|| ld.publisher.clone());
    let url_candidates = [
        first_attr(doc, "link[rel=\"canonical\"]", "href"),
        ld.url.clone(),
        meta_property(doc, "og:url"),
    ];
    let url = url_candidates
        .into_iter()
        .flatten()
        .find_map(|u| crate::urls::validate(&u).ok());
    let byline = ld
        .author
        .clone()
        .or_else(|| meta_property(doc, "author"))
        .and_then(|b| clean_byline(&b));
    PageMeta {
        headline,
        date,
        outlet,
        url,
        byline,
    }
}

/// `By Maria Lindqvist` → `Maria Lindqvist`; an address or a paragraph is
/// no byline.
pub fn clean_byline(raw: &str) -> Option<String> {
    let flat = collapse(raw);
    let lower = flat.to_lowercase();
    let body = if lower.starts_with("by ") {
        flat.get(3..).unwrap_or_default().trim()
    } else {
        flat.as_str()
    };
    let is_address = body.starts_with("http://") || body.starts_with("https://");
    if body.is_empty() || is_address || body.chars().count() > MAX_BYLINE_CHARS {
        return None;
    }
    Some(body.to_string())
}

#[derive(Debug, Default)]
struct LdArticle {
    headline: Option<String>,
    date: Option<String>,
    author: Option<String>,
    publisher: Option<String>,
    url: Option<String>,
}

/// The first article described in the page's JSON-LD blocks: a bare
/// object, an array of them, or an `@graph` (as most publishing systems
/// write it).
fn json_ld(doc: &Document) -> LdArticle {
    for script in doc.select("script[type=\"application/ld+json\"]").nodes() {
        let text = script.text();
        let Ok(value) = serde_json::from_str::<Value>(text.trim()) else {
            continue;
        };
        let mut objects = Vec::new();
        gather(&value, &mut objects, 0);
        if let Some(article) = objects.into_iter().find(|o| is_article(o)) {
            return LdArticle {
                headline: string(article.get("headline")).or_else(|| string(article.get("name"))),
                date: string(article.get("datePublished")),
                author: names(article.get("author")),
                publisher: names(article.get("publisher")),
                url: string(article.get("url")).or_else(|| {
                    let page = article.get("mainEntityOfPage")?;
                    string(Some(page)).or_else(|| string(page.get("@id")))
                }),
            };
        }
    }
    LdArticle::default()
}

fn gather<'a>(value: &'a Value, out: &mut Vec<&'a Value>, depth: usize) {
    if depth > 3 {
        return;
    }
    match value {
        Value::Array(items) => items.iter().for_each(|v| gather(v, out, depth + 1)),
        Value::Object(map) => {
            out.push(value);
            if let Some(graph) = map.get("@graph") {
                gather(graph, out, depth + 1);
            }
        }
        _ => {}
    }
}

fn is_article(object: &Value) -> bool {
    let is = |t: &Value| t.as_str().is_some_and(|t| ARTICLE_TYPES.contains(&t));
    match object.get("@type") {
        Some(Value::Array(types)) => types.iter().any(is),
        Some(t) => is(t),
        None => false,
    }
}

fn string(value: Option<&Value>) -> Option<String> {
    value
        .and_then(Value::as_str)
        .map(collapse)
        .filter(|s| !s.is_empty())
}

/// A person or organisation's name, or several joined: `"author": [{"name":
/// "A"}, {"name": "B"}]` → `A, B`.
fn names(value: Option<&Value>) -> Option<String> {
    let one = |v: &Value| string(Some(v)).or_else(|| string(v.get("name")));
    let joined = match value? {
        Value::Array(items) => items.iter().filter_map(one).collect::<Vec<_>>().join(", "),
        v => one(v)?,
    };
    Some(joined).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn reads_json_ld_in_a_graph() {
        let doc = Document::from(
            r#"<html><head><script type="application/ld+json">
            {"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Site"},
             {"@type":["NewsArticle"],"headline":"Dam holds","datePublished":"2024-05-02T23:10:00-07:00",
              "author":[{"@type":"Person","name":"A. One"},{"name":"B. Two"}],
              "publisher":{"@type":"Organization","name":"The Gazette"},
              "mainEntityOfPage":{"@id":"https://gazette.example/dam"}}]}
            </script></head><body><h1>Other</h1></body></html>"#,
        );
        let meta = read(&doc, day(2024, 6, 1));
        assert_eq!(meta.headline.as_deref(), Some("Dam holds"));
        assert_eq!(meta.date, Some(day(2024, 5, 2)));
        assert_eq!(meta.outlet.as_deref(), Some("The Gazette"));
        assert_eq!(meta.byline.as_deref(), Some("A. One, B. Two"));
        assert_eq!(meta.url.as_deref(), Some("https://gazette.example/dam"));
    }

    #[test]
    fn falls_back_to_the_page() {
        let doc = Document::from(
            r#"<title>Site - Thing</title><link rel="canonical" href="javascript:alert(1)">
            <h1> The  thing </h1><time datetime="not a date">x</time>
            <p><time datetime="2023-01-09">Jan 9</time></p>"#,
        );
        let meta = read(&doc, day(2024, 6, 1));
        assert_eq!(meta.headline.as_deref(), Some("The thing"));
        assert_eq!(meta.date, Some(day(2023, 1, 9)));
        assert_eq!(meta.url, None);
        assert_eq!(meta.outlet, None);
    }

    #[test]
    fn bylines() {
        assert_eq!(clean_byline(" By  Jane Doe ").as_deref(), Some("Jane Doe"));
        assert_eq!(clean_byline("https://x.example/jane"), None);
        assert_eq!(clean_byline(&"word ".repeat(40)), None);
    }
}
