//! A small element tree of an XML feed, read safely.
//!
//! quick-xml is a pull parser that expands no entity by itself; here the
//! five predefined ones, character references and the HTML names that NITF
//! copy uses (`&mdash;`, from the NITF DTD, which is never loaded) are
//! resolved, and a DOCTYPE that declares entities is refused outright. The
//! tree is built without recursion and bounded in depth and size, so the
//! readers after it can walk it recursively.

use std::ops::Range;

use quick_xml::Reader;
use quick_xml::escape::{resolve_html5_entity, resolve_predefined_entity};
use quick_xml::events::{BytesStart, Event};

use super::decode::{ArticleError, line_column};
use super::html_guard::{MAX_ELEMENTS, MAX_NESTING};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Element(Element),
    Text(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Element {
    /// Local name: `nitf`, `newsItem` (prefixes and namespaces dropped,
    /// since feeds differ in how they declare them).
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
    /// Where the element is in the text it was read from, tags included.
    pub span: Range<usize>,
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child element named `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// The element at the end of a path of child names.
    pub fn path(&self, names: &[&str]) -> Option<&Element> {
        names.iter().try_fold(self, |e, name| e.child(name))
    }

    /// Every element named `name` at or below this one, outermost first,
    /// not looking inside a match.
    pub fn find_all<'a>(&'a self, name: &str, out: &mut Vec<&'a Element>) {
        if self.name == name {
            out.push(self);
            return;
        }
        for e in self.elements() {
            e.find_all(name, out);
        }
    }

    /// All the text inside, whitespace collapsed.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.collect_text(&mut out);
        collapse(&out)
    }

    fn collect_text(&self, out: &mut String) {
        for n in &self.children {
            match n {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) if is_inline(&e.name) => e.collect_text(out),
                Node::Element(e) => {
                    // `<br/>` and block children separate words.
                    out.push(' ');
                    e.collect_text(out);
                    out.push(' ');
                }
            }
        }
    }

    /// Text of the child `name`, when it has any.
    pub fn child_text(&self, name: &str) -> Option<String> {
        self.child(name)
            .map(Element::text)
            .filter(|t| !t.is_empty())
    }
}

/// Whitespace runs as one space, trimmed.
pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Read `text` into its root element.
pub fn parse(text: &str) -> Result<Element, ArticleError> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let error_at = |offset: u64, msg: String| {
        let (line, column) = line_column(text, usize::try_from(offset).unwrap_or(usize::MAX));
        ArticleError::Xml { line, column, msg }
    };
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let mut count = 0usize;
    loop {
        let start = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| error_at(reader.error_position(), e.to_string()))?;
        let end = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let start = usize::try_from(start).unwrap_or(usize::MAX);
        let text_node = |s: String, stack: &mut Vec<Element>| {
            if let Some(parent) = stack.last_mut() {
                if let Some(Node::Text(prev)) = parent.children.last_mut() {
                    prev.push_str(&s);
                } else {
                    parent.children.push(Node::Text(s));
                }
            }
        };
        match event {
            Event::DocType(doctype) => {
                let lower = doctype.to_ascii_lowercase();
                if lower.contains("<!entity") {
                    return Err(ArticleError::XmlEntities);
                }
            }
            Event::Start(_) | Event::Empty(_) if root.is_some() => {
                return Err(error_at(
                    start as u64,
                    "content after the root element".into(),
                ));
            }
            Event::Start(tag) => {
                count += 1;
                if stack.len() >= MAX_NESTING {
                    return Err(ArticleError::TooDeep { limit: MAX_NESTING });
                }
                if count > MAX_ELEMENTS * 2 {
                    return Err(ArticleError::TooManyElements {
                        limit: MAX_ELEMENTS * 2,
                    });
                }
                stack.push(element(&tag, start..start).map_err(|m| error_at(start as u64, m))?);
            }
            Event::Empty(tag) => {
                count += 1;
                let e = element(&tag, start..end).map_err(|m| error_at(start as u64, m))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(e)),
                    None => root = Some(e),
                }
            }
            Event::End(_) => {
                let Some(mut done) = stack.pop() else {
                    return Err(error_at(start as u64, "unexpected closing tag".into()));
                };
                done.span.end = end;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(done)),
                    None => root = Some(done),
                }
            }
            Event::Text(t) => text_node(t.xml10_content().into_owned(), &mut stack),
            Event::CData(t) => text_node(t.xml10_content().into_owned(), &mut stack),
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => resolve_predefined_entity(&r)
                        .or_else(|| resolve_html5_entity(&r))
                        .map(str::to_string)
                        .ok_or_else(|| {
                            error_at(start as u64, format!("undefined entity &{};", &*r))
                        })?,
                    Err(e) => return Err(error_at(start as u64, e.to_string())),
                };
                text_node(resolved, &mut stack);
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(error_at(
            text.len() as u64,
            format!("<{}> is never closed", open.name),
        ));
    }
    root.ok_or_else(|| error_at(0, "no root element".into()))
}

fn element(tag: &BytesStart<'_>, span: Range<usize>) -> Result<Element, String> {
    let name = tag.local_name().as_ref().to_string();
    let mut attrs = Vec::new();
    for attr in tag.attributes() {
        let attr = attr.map_err(|e| e.to_string())?;
        let key = attr.key.local_name().as_ref().to_string();
        let value = attr
            .normalized_value_with(quick_xml::XmlVersion::Implicit1_0, 4, |e| {
                resolve_predefined_entity(e).or_else(|| resolve_html5_entity(e))
            })
            .map_err(|e| e.to_string())?;
        attrs.push((key, value.into_owned()));
    }
    Ok(Element {
        name,
        attrs,
        children: Vec::new(),
        span,
    })
}

/// The paragraphs of a body (`body.content`, an XHTML `<body>`): each
/// block element's text, whitespace collapsed, in order; pictures and
/// their captions left out.
pub fn paragraphs(body: &Element) -> Vec<String> {
    let mut out = Vec::new();
    let mut loose = String::new();
    blocks(body, &mut out, &mut loose);
    push_paragraph(&mut out, &loose);
    out
}

/// Elements whose text is one paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "hl1",
    "hl2",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "dt",
    "dd",
    "pre",
    "tr",
    "caption",
    "address",
    "figcaption-text",
];

/// Elements whose content is not part of the story's text.
const SKIPPED: &[&str] = &[
    "media",
    "media-reference",
    "media-caption",
    "media-producer",
    "media-metadata",
    "img",
    "figure",
    "script",
    "style",
    "object",
    "iframe",
    "head",
    "title",
    "noscript",
];

fn blocks(e: &Element, out: &mut Vec<String>, loose: &mut String) {
    for n in &e.children {
        match n {
            Node::Text(t) => loose.push_str(t),
            Node::Element(c) if SKIPPED.contains(&c.name.as_str()) => {}
            Node::Element(c) if BLOCKS.contains(&c.name.as_str()) => {
                push_paragraph(out, &std::mem::take(loose));
                push_paragraph(out, &c.text());
            }
            Node::Element(c) if c.name == "br" => loose.push(' '),
            Node::Element(c) if is_inline(&c.name) => c.collect_text(loose),
            Node::Element(c) => {
                push_paragraph(out, &std::mem::take(loose));
                blocks(c, out, loose);
                push_paragraph(out, &std::mem::take(loose));
            }
        }
    }
}

/// Inline markup of NITF and XHTML, part of the sentence around it.
fn is_inline(name: &str) -> bool {
    matches!(
        name,
        "a" | "em"
            | "strong"
            | "b"
            | "i"
            | "u"
            | "q"
            | "span"
            | "sub"
            | "sup"
            | "abbr"
            | "cite"
            | "code"
            | "small"
            | "mark"
            | "time"
            | "person"
            | "org"
            | "location"
            | "city"
            | "country"
            | "state"
            | "region"
            | "money"
            | "num"
            | "chron"
            | "event"
            | "function"
            | "object.title"
            | "classifier"
            | "copyrite"
            | "virtloc"
            | "postaddr"
            | "lang"
            | "pronounce"
            | "alt-code"
            | "frac"
            | "frac-num"
            | "frac-den"
            | "sublocation"
            | "story.date"
            | "byttl"
    )
}

fn push_paragraph(out: &mut Vec<String>, text: &str) {
    let p = collapse(text);
    if !p.is_empty() {
        out.push(p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_a_tree_with_entities_resolved() {
        let root = parse(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE nitf SYSTEM \"nitf-3-6.dtd\">\n\
             <ns:nitf xmlns:ns=\"x\"><body><body.content>\
             <p>Fish &amp; chips &mdash; &#x2019;tis <em>so</em>.</p><p/>\
             <media><media-caption>no</media-caption></media><p>Two<br/>lines</p>\
             </body.content></body></ns:nitf>",
        )
        .unwrap();
        assert_eq!(root.name, "nitf");
        let body = root.path(&["body", "body.content"]).unwrap();
        assert_eq!(paragraphs(body), ["Fish & chips — ’tis so.", "Two lines"]);
    }

    #[test]
    fn refuses_entities_and_bad_xml() {
        let laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n \
                      <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n]>\n\
                      <lolz>&lol2;</lolz>";
        assert_eq!(parse(laughs), Err(ArticleError::XmlEntities));
        let external = "<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><x>&xxe;</x>";
        assert_eq!(parse(external), Err(ArticleError::XmlEntities));
        assert_eq!(
            parse("<x>&nope;</x>").unwrap_err().to_string(),
            "not well-formed XML (line 1, column 4: undefined entity &nope;)"
        );
        assert!(matches!(
            parse("<a>\n<b></a>"),
            Err(ArticleError::Xml { line: 2, .. })
        ));
        assert!(matches!(parse("<a>"), Err(ArticleError::Xml { .. })));
        assert!(matches!(parse(""), Err(ArticleError::Xml { .. })));
        let deep = format!("{}{}", "<d>".repeat(10_000), "</d>".repeat(10_000));
        assert_eq!(
            parse(&deep),
            Err(ArticleError::TooDeep { limit: MAX_NESTING })
        );
    }

    #[test]
    fn spans_cover_the_element() {
        let text = "<set><item id=\"1\">a</item><item id=\"2\"/></set>";
        let root = parse(text).unwrap();
        let spans: Vec<_> = root
            .elements()
            .map(|e| text.get(e.span.clone()).unwrap())
            .collect();
        assert_eq!(spans, ["<item id=\"1\">a</item>", "<item id=\"2\"/>"]);
    }
}
