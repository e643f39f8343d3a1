//! NITF, the News Industry Text Format: `<nitf><head>…</head><body>
//! <body.head><hedline><hl1>…</hl1></hedline><byline>…</byline>
//! <dateline>…</dateline></body.head><body.content><p>…</p></body.content>
//! </body></nitf>`. One story per `<nitf>`, wherever it is in the file (a
//! collection holds several).

use chrono::NaiveDate;

use super::article::{Found, Parts};
use super::dates::{parse_date, split_dateline};
use super::decode::ArticleError;
use super::html_meta::clean_byline;
use super::xml::{Element, collapse, paragraphs};

/// Every `<nitf>` in the file, or `None` when there is none.
pub fn read(root: &Element, text: &str, reference: NaiveDate) -> Option<Vec<Found>> {
    let mut found = Vec::new();
    root.find_all("nitf", &mut found);
    if found.is_empty() {
        return None;
    }
    Some(
        found
            .into_iter()
            .map(|nitf| {
                let mut parts = parts(nitf, reference);
                parts.original = text.get(nitf.span.clone()).map(str::to_string);
                let id = parts.id.clone();
                if parts.paragraphs.is_empty() {
                    let why = ArticleError::NoArticle("no text in its body.content".into());
                    return Found::new(id, Err(why));
                }
                Found::new(id, Ok(parts))
            })
            .collect(),
    )
}

/// What one `<nitf>` says; fields it lacks stay empty.
pub fn parts(nitf: &Element, reference: NaiveDate) -> Parts {
    let head = nitf.child("head");
    let body = nitf.child("body");
    let body_head = body.and_then(|b| b.child("body.head"));
    let docdata = head.and_then(|h| h.child("docdata"));
    let pubdata = head.and_then(|h| h.child("pubdata"));
    let dateline_el = body_head.and_then(|b| b.child("dateline"));

    let headline = body_head
        .and_then(|b| b.path(&["hedline", "hl1"]))
        .map(Element::text)
        .filter(|t| !t.is_empty())
        .or_else(|| head.and_then(|h| h.child_text("title")))
        .unwrap_or_default();

    let (place, dateline_date) = dateline_el
        .map(|d| {
            let located = d.child_text("location");
            let (place, date) = split_dateline(&d.text(), reference);
            (located.or(Some(place).filter(|p| !p.is_empty())), date)
        })
        .unwrap_or_default();
    let norm = |e: Option<&Element>, attr: &str| {
        e.and_then(|e| e.attr(attr))
            .and_then(|v| parse_date(v, reference).ok())
    };
    let date = norm(docdata.and_then(|d| d.child("date.issue")), "norm")
        .or_else(|| norm(dateline_el.and_then(|d| d.child("story.date")), "norm"))
        .or_else(|| norm(pubdata, "date.publication"))
        .or(dateline_date)
        .or_else(|| norm(docdata.and_then(|d| d.child("date.release")), "norm"));

    let outlet = body_head
        .and_then(|b| b.child_text("distributor"))
        .or_else(|| pubdata.and_then(|p| p.attr("name")).map(collapse))
        .or_else(|| {
            docdata
                .and_then(|d| d.child("doc.copyright"))
                .and_then(|c| c.attr("holder"))
                .map(collapse)
        })
        .filter(|o| !o.is_empty());

    let byline = body_head.and_then(|b| b.child("byline")).and_then(byline);

    Parts {
        headline,
        date,
        dateline: place,
        outlet,
        byline,
        url: None,
        paragraphs: body
            .and_then(|b| b.child("body.content"))
            .map(paragraphs)
            .unwrap_or_default(),
        id: docdata
            .and_then(|d| d.child("doc-id"))
            .and_then(|d| d.attr("id-string"))
            .map(collapse),
        original: None,
    }
}

/// `<byline>By <person>Jane Doe</person>, <byttl>Staff</byttl></byline>`:
/// the person when named, else the text without the title.
fn byline(byline: &Element) -> Option<String> {
    if let Some(person) = byline.child_text("person") {
        return clean_byline(&person);
    }
    let mut without_title = byline.clone();
    without_title.children.retain(|n| match n {
        super::xml::Node::Element(e) => e.name != "byttl",
        super::xml::Node::Text(_) => true,
    });
    let text = without_title.text();
    clean_byline(text.trim_end_matches([',', ';', ' '])).or_else(|| byline.child_text("byttl"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::xml::parse;

    #[test]
    fn reads_head_and_body() {
        let text = r#"<nitf><head><title>Doc title</title>
            <docdata><doc-id id-string="AP-123"/><date.issue norm="20250314T074200Z"/></docdata>
            <pubdata name="Wire Service" date.publication="20250315"/></head>
            <body><body.head><hedline><hl1>Ferry runs again</hl1><hl2>Sub</hl2></hedline>
            <byline>By <person>Jan Berg</person>, <byttl>Staff</byttl></byline>
            <distributor>Nordic Wire</distributor>
            <dateline><location>OSLO</location>, <story.date>March 14</story.date></dateline>
            </body.head><body.content><p>OSLO (NW) — The ferry ran.</p><p>It sailed at 6.</p>
            </body.content></body></nitf>"#;
        let root = parse(text).unwrap();
        let items = read(&root, text, NaiveDate::from_ymd_opt(2025, 3, 19).unwrap()).unwrap();
        let p = items.into_iter().next().unwrap().parts.unwrap();
        assert_eq!(p.headline, "Ferry runs again");
        assert_eq!(p.date, NaiveDate::from_ymd_opt(2025, 3, 14));
        assert_eq!(p.dateline.as_deref(), Some("OSLO"));
        assert_eq!(p.outlet.as_deref(), Some("Nordic Wire"));
        assert_eq!(p.byline.as_deref(), Some("Jan Berg"));
        assert_eq!(p.id.as_deref(), Some("AP-123"));
        assert_eq!(
            p.paragraphs,
            ["OSLO (NW) — The ferry ran.", "It sailed at 6."]
        );
    }

    #[test]
    fn bylines_without_a_person() {
        let root =
            parse("<byline>By Meredith Jameson, <byttl>Staff Reporter</byttl></byline>").unwrap();
        assert_eq!(byline(&root).as_deref(), Some("Meredith Jameson"));
        let root = parse("<byline><byttl>Sports Network</byttl></byline>").unwrap();
        assert_eq!(byline(&root).as_deref(), Some("Sports Network"));
    }
}
