//! NewsML-G2: a `<newsItem>` (alone, or several in a `<newsMessage>`)
//! with its metadata in `itemMeta` and `contentMeta` and its text in
//! `contentSet`, as NITF or XHTML in `<inlineXML>` or as plain text in
//! `<inlineData>`. One story per text item; pictures and video items are
//! passed over, and a `<packageItem>` only refers to items, so holds no
//! text of its own.

use chrono::NaiveDate;

use super::article::{Found, Parts};
use super::dates::{parse_date, split_dateline};
use super::decode::ArticleError;
use super::html_meta::clean_byline;
use super::nitf;
use super::xml::{Element, collapse, paragraphs};

/// The text items of a NewsML-G2 file, or `None` when it is not one.
pub fn read(root: &Element, text: &str, reference: NaiveDate) -> Option<Vec<Found>> {
    let mut items = Vec::new();
    root.find_all("newsItem", &mut items);
    if items.is_empty() {
        let mut packages = Vec::new();
        root.find_all("packageItem", &mut packages);
        if packages.is_empty() {
            return None;
        }
        let why = "a NewsML-G2 package refers to its items without their text: import the news items themselves";
        return Some(vec![Found::new(
            None,
            Err(ArticleError::NoArticle(why.into())),
        )]);
    }
    let texts: Vec<&Element> = items.into_iter().filter(|i| is_text(i)).collect();
    if texts.is_empty() {
        let why = "no text item (only pictures, video or other media)";
        return Some(vec![Found::new(
            None,
            Err(ArticleError::NoArticle(why.into())),
        )]);
    }
    Some(
        texts
            .into_iter()
            .map(|item| {
                let mut parts = parts(item, reference);
                parts.original = text.get(item.span.clone()).map(str::to_string);
                let id = parts.id.clone();
                if parts.paragraphs.is_empty() {
                    let why = ArticleError::NoArticle("no text in its contentSet".into());
                    return Found::new(id, Err(why));
                }
                Found::new(id, Ok(parts))
            })
            .collect(),
    )
}

/// A text item: its class says so, or (without a class) it carries text.
fn is_text(item: &Element) -> bool {
    match item
        .path(&["itemMeta", "itemClass"])
        .and_then(|c| c.attr("qcode"))
    {
        Some(qcode) => qcode.ends_with(":text") || qcode.ends_with(":composite"),
        None => item.child("contentSet").is_some(),
    }
}

fn parts(item: &Element, reference: NaiveDate) -> Parts {
    let item_meta = item.child("itemMeta");
    let content_meta = item.child("contentMeta");
    let meta_text = |name: &str| content_meta.and_then(|c| c.child_text(name));
    let content = item.child("contentSet").map(|set| body(set, reference));
    let (paragraphs, inner) = content.unwrap_or_default();

    let day = |e: Option<&Element>, name: &str| {
        e.and_then(|e| e.child_text(name))
            .and_then(|v| parse_date(&v, reference).ok())
    };
    let (dateline, dateline_date) = match meta_text("dateline") {
        Some(d) => {
            let (place, date) = split_dateline(&d, reference);
            (Some(place).filter(|p| !p.is_empty()), date)
        }
        None => (None, None),
    };
    let located = content_meta
        .and_then(|c| c.child("located"))
        .and_then(|l| l.child_text("name"));
    let provider = item_meta.and_then(|m| m.child("provider")).and_then(party);
    let holder = item
        .path(&["rightsInfo", "copyrightHolder"])
        .and_then(party);
    let info_source = content_meta.and_then(|c| {
        c.elements()
            .filter(|e| e.name == "infoSource")
            .find_map(party)
    });
    let byline = meta_text("by")
        .and_then(|b| clean_byline(&b))
        .or_else(|| {
            let names: Vec<String> = content_meta?
                .elements()
                .filter(|e| e.name == "creator")
                .filter_map(|c| c.child_text("name"))
                .collect();
            Some(names.join(", ")).filter(|n| !n.is_empty())
        })
        .or(inner.byline);

    Parts {
        headline: headline(content_meta).unwrap_or(inner.headline),
        date: day(item_meta, "versionCreated")
            .or_else(|| day(item_meta, "firstCreated"))
            .or_else(|| day(content_meta, "contentCreated"))
            .or(dateline_date)
            .or(inner.date),
        dateline: dateline.or(located).or(inner.dateline),
        outlet: provider.or(holder).or(info_source).or(inner.outlet),
        byline,
        url: None,
        paragraphs,
        id: item.attr("guid").map(collapse),
        original: None,
    }
}

/// The main headline: one without a role, or with the role `main`.
fn headline(content_meta: Option<&Element>) -> Option<String> {
    let headlines: Vec<&Element> = content_meta?
        .elements()
        .filter(|e| e.name == "headline")
        .collect();
    let main = headlines
        .iter()
        .find(|h| h.attr("role").is_none_or(|r| r.ends_with("main")))
        .or(headlines.first())?;
    Some(main.text()).filter(|t| !t.is_empty())
}

/// A party's name: its `<name>`, its `literal`, or the code after the
/// scheme (`nprov:REUTERS` → `REUTERS`).
fn party(e: &Element) -> Option<String> {
    e.child_text("name")
        .or_else(|| e.attr("literal").map(collapse))
        .or_else(|| {
            let qcode = e.attr("qcode")?;
            Some(qcode.rsplit(':').next().unwrap_or(qcode).to_string())
        })
        .filter(|n| !n.is_empty())
}

/// The paragraphs of a `contentSet`, and what an inline NITF document
/// says about itself (used where the item's metadata is silent).
fn body(set: &Element, reference: NaiveDate) -> (Vec<String>, Parts) {
    for content in set.elements() {
        match content.name.as_str() {
            "inlineXML" => {
                if let Some(nitf) = content.child("nitf") {
                    let mut inner = nitf::parts(nitf, reference);
                    let paragraphs = std::mem::take(&mut inner.paragraphs);
                    if !paragraphs.is_empty() {
                        return (paragraphs, inner);
                    }
                    continue;
                }
                let root = content.child("html").and_then(|h| h.child("body"));
                let paragraphs = paragraphs(root.unwrap_or(content));
                if !paragraphs.is_empty() {
                    return (paragraphs, Parts::default());
                }
            }
            "inlineData" => {
                let text = content
                    .children
                    .iter()
                    .filter_map(|n| match n {
                        super::xml::Node::Text(t) => Some(t.as_str()),
                        super::xml::Node::Element(_) => None,
                    })
                    .collect::<String>();
                let paragraphs: Vec<String> = text
                    .lines()
                    .map(collapse)
                    .filter(|l| !l.is_empty())
                    .collect();
                if !paragraphs.is_empty() {
                    return (paragraphs, Parts::default());
                }
            }
            _ => {}
        }
    }
    (Vec::new(), Parts::default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::xml::parse;

    fn reference() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 3, 19).unwrap()
    }

    #[test]
    fn a_message_with_a_package_a_picture_and_two_stories() {
        let text = r#"<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet>
            <packageItem guid="P"><groupSet root="G"><group id="G"><itemRef residref="A"/></group></groupSet></packageItem>
            <newsItem guid="PIC"><itemMeta><itemClass qcode="ninat:picture"/></itemMeta></newsItem>
            <newsItem guid="A"><itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:WIRE"/>
              <versionCreated>2025-03-14T23:30:00-05:00</versionCreated></itemMeta>
              <contentMeta><headline role="hlrole:short">Short</headline><headline>Main one</headline>
              <dateline>CAIRO, March 14</dateline><by>By Omar Said</by></contentMeta>
              <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml">
              <head><title>t</title></head><body><h1>Main one</h1><p>First.</p><p>Second.</p></body></html></inlineXML></contentSet></newsItem>
            <newsItem guid="B"><contentMeta><located><name>Lima</name></located></contentMeta>
              <contentSet><inlineXML><nitf><body><body.head><hedline><hl1>From NITF</hl1></hedline></body.head>
              <body.content><p>Text.</p></body.content></body></nitf></inlineXML></contentSet></newsItem>
            </itemSet></newsMessage>"#;
        let root = parse(text).unwrap();
        let items = read(&root, text, reference()).unwrap();
        assert_eq!(items.len(), 2);
        let a = items[0].parts.as_ref().unwrap();
        assert_eq!(a.headline, "Main one");
        assert_eq!(a.date, NaiveDate::from_ymd_opt(2025, 3, 14));
        assert_eq!(a.dateline.as_deref(), Some("CAIRO"));
        assert_eq!(a.outlet.as_deref(), Some("WIRE"));
        assert_eq!(a.byline.as_deref(), Some("Omar Said"));
        assert_eq!(a.paragraphs, ["Main one", "First.", "Second."]);
        assert!(
            a.original
                .as_deref()
                .is_some_and(|o| o.starts_with("<newsItem guid=\"A\">"))
        );
        let b = items[1].parts.as_ref().unwrap();
        assert_eq!(b.headline, "From NITF");
        assert_eq!(b.dateline.as_deref(), Some("Lima"));
        assert_eq!(b.paragraphs, ["Text."]);
    }

    #[test]
    fn a_package_alone_has_no_text() {
        let text = "<packageItem><groupSet/></packageItem>";
        let root = parse(text).unwrap();
        let items = read(&root, text, reference()).unwrap();
        assert!(matches!(
            items.as_slice(),
            [Found {
                parts: Err(ArticleError::NoArticle(_)),
                ..
            }]
        ));
    }
}
