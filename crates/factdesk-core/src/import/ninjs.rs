//! IPTC ninjs, news in JSON, in both its shapes: 1.x (`headline`,
//! `body_text`, `body_html`, `byline`) and 2.x (`headlines`, `bodies`,
//! `by`), with `versioncreated`, `located` and `uri` in both. A file may
//! hold one item or an array of them; an item without a body of its own
//! whose associations are text items (a ninjs package) gives those.

use chrono::NaiveDate;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::article::{Found, Parts};
use super::dates::parse_date;
use super::decode::ArticleError;
use super::html::fragment_paragraphs;
use super::html_meta::clean_byline;
use super::xml::collapse;

/// Fields of a ninjs body, in either version.
const BODY_FIELDS: &[&str] = &["body_text", "body_html", "body_xhtml", "bodies", "body"];

/// Fields that, with a body or a headline, say a JSON object is ninjs.
const ITEM_FIELDS: &[&str] = &[
    "uri",
    "versioncreated",
    "firstcreated",
    "headline",
    "headlines",
    "$standard",
    "standard",
];

/// Most items read from one file.
const MAX_ITEMS: usize = 10_000;

/// The items of a ninjs file; `Ok(None)` when the JSON is not ninjs.
pub fn read(text: &str, reference: NaiveDate) -> Result<Option<Vec<Found>>, ArticleError> {
    let json_error = |e: serde_json::Error| ArticleError::Json {
        line: e.line(),
        column: e.column(),
        msg: e
            .to_string()
            .split(" at line ")
            .next()
            .unwrap_or_default()
            .to_string(),
    };
    // Each item's own bytes are kept for the record, so the array is read
    // as raw values first.
    let raw: Vec<&RawValue> = match text.trim_start().starts_with('[') {
        true => serde_json::from_str(text).map_err(json_error)?,
        false => vec![serde_json::from_str(text).map_err(json_error)?],
    };
    let mut items = Vec::new();
    for raw in raw.into_iter().take(MAX_ITEMS) {
        let value: Value = serde_json::from_str(raw.get()).map_err(json_error)?;
        let Value::Object(object) = value else {
            continue;
        };
        if !is_item(&object) {
            continue;
        }
        let associated = associated_texts(&object);
        if body(&object).is_none() && !associated.is_empty() {
            for a in associated {
                items.push(Found::new(uri(a), item(a, None, reference)));
            }
        } else if is_text(&object) {
            items.push(Found::new(
                uri(&object),
                item(&object, Some(raw.get()), reference),
            ));
        }
    }
    Ok(Some(items).filter(|i| !i.is_empty()))
}

fn uri(object: &Map<String, Value>) -> Option<String> {
    object.get("uri").and_then(Value::as_str).map(collapse)
}

/// Pictures, audio and video items of a feed carry no article; an item
/// without a type is taken as text.
fn is_text(object: &Map<String, Value>) -> bool {
    object
        .get("type")
        .and_then(Value::as_str)
        .is_none_or(|t| matches!(t, "text" | "composite"))
}

fn is_item(object: &Map<String, Value>) -> bool {
    let has = |fields: &[&str]| fields.iter().any(|f| object.contains_key(*f));
    (has(BODY_FIELDS) && has(ITEM_FIELDS))
        || (object.contains_key("uri") && has(&["headline", "headlines"]))
        || (has(&["associations"]) && has(ITEM_FIELDS))
}

/// Associated items that are text with a body (1.x: an object of named
/// items; 2.x: an array).
fn associated_texts(object: &Map<String, Value>) -> Vec<&Map<String, Value>> {
    let items: Vec<&Value> = match object.get("associations") {
        Some(Value::Object(named)) => named.values().collect(),
        Some(Value::Array(list)) => list.iter().collect(),
        _ => return Vec::new(),
    };
    items
        .into_iter()
        .filter_map(Value::as_object)
        .filter(|a| {
            a.get("type")
                .and_then(Value::as_str)
                .is_none_or(|t| t == "text")
        })
        .filter(|a| body(a).is_some())
        .collect()
}

fn item(
    object: &Map<String, Value>,
    raw: Option<&str>,
    reference: NaiveDate,
) -> Result<Parts, ArticleError> {
    let string = |name: &str| {
        object
            .get(name)
            .and_then(Value::as_str)
            .map(collapse)
            .filter(|s| !s.is_empty())
    };
    let date = ["versioncreated", "firstcreated", "contentcreated"]
        .iter()
        .filter_map(|f| string(f))
        .find_map(|d| parse_date(&d, reference).ok());
    let paragraphs = match body(object) {
        Some(Body::Html(html)) => fragment_paragraphs(html)?,
        Some(Body::Text(text)) => text_paragraphs(text),
        None => Vec::new(),
    };
    if paragraphs.is_empty() {
        return Err(ArticleError::NoArticle("no body text".into()));
    }
    let outlet = string("copyrightholder").or_else(|| {
        ["infosources", "infosource"]
            .iter()
            .filter_map(|f| object.get(*f).and_then(Value::as_array))
            .flatten()
            .find_map(|s| s.get("name").and_then(Value::as_str).map(collapse))
    });
    Ok(Parts {
        headline: headline(object).unwrap_or_default(),
        date,
        dateline: string("located"),
        outlet,
        byline: string("byline")
            .or_else(|| string("by"))
            .and_then(|b| clean_byline(&b)),
        url: string("uri").and_then(|u| crate::urls::validate(&u).ok()),
        paragraphs,
        id: string("uri"),
        original: raw.map(str::to_string),
    })
}

/// `headline` (1.x), `headlines[{role: main, value}]` (2.x), or the 2.0
/// drafts' `headline[{name, text}]`.
fn headline(object: &Map<String, Value>) -> Option<String> {
    match object.get("headline").or_else(|| object.get("headlines"))? {
        Value::String(s) => Some(collapse(s)),
        Value::Array(list) => {
            let text = |h: &Value| {
                h.get("value")
                    .or_else(|| h.get("text"))
                    .and_then(Value::as_str)
                    .map(collapse)
            };
            fn role(h: &Value) -> Option<&str> {
                h.get("role")
                    .or_else(|| h.get("name"))
                    .and_then(Value::as_str)
            }
            list.iter()
                .find(|h| role(h).is_none_or(|r| r == "main"))
                .or(list.first())
                .and_then(text)
        }
        _ => None,
    }
    .filter(|h| !h.is_empty())
}

enum Body<'a> {
    Html(&'a str),
    Text(&'a str),
}

/// The body to read: markup when there is some (it keeps the paragraph
/// breaks), else plain text.
fn body(object: &Map<String, Value>) -> Option<Body<'_>> {
    let s = |name: &str| {
        object
            .get(name)
            .and_then(Value::as_str)
            .filter(|s| !s.trim().is_empty())
    };
    if let Some(html) = s("body_html").or_else(|| s("body_xhtml")) {
        return Some(Body::Html(html));
    }
    if let Some(text) = s("body_text") {
        return Some(Body::Text(text));
    }
    let list = object
        .get("bodies")
        .or_else(|| object.get("body"))?
        .as_array()?;
    fn value(b: &Value) -> Option<&str> {
        b.get("value")
            .and_then(Value::as_str)
            .filter(|s| !s.trim().is_empty())
    }
    let kind = |b: &Value| {
        let t = b
            .get("contenttype")
            .or_else(|| b.get("name"))
            .or_else(|| b.get("role"));
        t.and_then(Value::as_str)
            .unwrap_or_default()
            .to_ascii_lowercase()
    };
    let is_markup = |b: &&Value| {
        let k = kind(b);
        k.contains("html") || k.contains("xhtml")
    };
    if let Some(html) = list.iter().find(is_markup).and_then(value) {
        return Some(Body::Html(html));
    }
    list.iter().find_map(value).map(Body::Text)
}

/// Plain text paragraphs: blank lines between them, or one per line when
/// there are none.
fn text_paragraphs(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n");
    let blocks: Vec<&str> = if text.contains("\n\n") {
        text.split("\n\n").collect()
    } else {
        text.lines().collect()
    };
    blocks
        .into_iter()
        .map(collapse)
        .filter(|p| !p.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 3, 19).unwrap()
    }

    fn one(text: &str) -> Parts {
        let items = read(text, reference()).unwrap().unwrap();
        items.into_iter().next().unwrap().parts.unwrap()
    }

    #[test]
    fn version_one_and_two() {
        let v1 = one(
            r#"{"uri":"https://wire.example/a1","type":"text","versioncreated":"2025-03-14T06:00:00Z",
            "headline":"Strike halts trains","byline":"By Ana Ruiz","located":"MADRID",
            "copyrightholder":"Iberia Wire","body_text":"First line.\n\nSecond line."}"#,
        );
        assert_eq!(v1.headline, "Strike halts trains");
        assert_eq!(v1.date, NaiveDate::from_ymd_opt(2025, 3, 14));
        assert_eq!(v1.byline.as_deref(), Some("Ana Ruiz"));
        assert_eq!(v1.dateline.as_deref(), Some("MADRID"));
        assert_eq!(v1.outlet.as_deref(), Some("Iberia Wire"));
        assert_eq!(v1.url.as_deref(), Some("https://wire.example/a1"));
        assert_eq!(v1.paragraphs, ["First line.", "Second line."]);

        let v2 = one(
            r#"{"uri":"urn:newsml:wire:1","versioncreated":"2019-05-10T16:02:28+02:00",
            "headlines":[{"role":"sub","value":"Sub"},{"role":"main","value":"Main"}],
            "bodies":[{"role":"main","contenttype":"text/plain","value":"plain"},
                      {"role":"main","contenttype":"text/html","value":"<p>One.</p><p>Two.</p>"}],
            "by":"Von Anna Berg, dpa"}"#,
        );
        assert_eq!(v2.headline, "Main");
        assert_eq!(v2.paragraphs, ["One.", "Two."]);
        assert_eq!(v2.url, None, "a URN is not a web address");
        assert_eq!(v2.id.as_deref(), Some("urn:newsml:wire:1"));
    }

    #[test]
    fn arrays_packages_and_strangers() {
        let items = read(
            r#"[{"uri":"a","headline":"A","body_text":"a."},{"uri":"b","headline":"B"},{"x":1},
                {"uri":"c","type":"picture","headline":"C","body_text":"caption"}]"#,
            reference(),
        )
        .unwrap()
        .unwrap();
        assert_eq!(items.len(), 2, "not the stranger, not the picture");
        assert!(items[0].parts.is_ok());
        assert!(items[1].parts.is_err(), "an item without a body");
        assert_eq!(items[1].id.as_deref(), Some("b"));
        assert_eq!(
            items[0].parts.as_ref().unwrap().original.as_deref(),
            Some(r#"{"uri":"a","headline":"A","body_text":"a."}"#)
        );
        let package = read(
            r#"{"uri":"p","type":"composite","associations":{"story":{"uri":"s","type":"text",
              "headline":"S","body_text":"s."},"pic":{"uri":"i","type":"picture"}}}"#,
            reference(),
        )
        .unwrap()
        .unwrap();
        assert_eq!(package.len(), 1);
        assert_eq!(package[0].parts.as_ref().unwrap().headline, "S");
        assert_eq!(
            read(r#"{"name":"config","debug":true}"#, reference()).unwrap(),
            None
        );
        assert!(matches!(
            read("{\"uri\": ", reference()),
            Err(ArticleError::Json { line: 1, .. })
        ));
    }
}
