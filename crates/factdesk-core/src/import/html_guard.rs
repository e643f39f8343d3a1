//! Measuring a page before it is believed: how deep its elements nest, how
//! many there are, and which charset it declares.
//!
//! Building an HTML tree and scoring it for readability both take time in
//! proportion to the square of the nesting (10,000 nested `<div>`s take
//! minutes), so nesting is measured first, by html5ever's tokenizer alone,
//! which is linear. The model of implied end tags below is rough on
//! purpose: it may overcount a sloppy page, never by enough to refuse one a
//! person saved, and it undercounts no hostile one. The tree that is then
//! built is measured again, exactly, before extraction.

use std::cell::{Cell, RefCell};

use dom_query::{Document, NodeRef};
use html5ever::TokenizerResult;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer,
};

use super::decode::ArticleError;

/// Deepest nesting read. Real pages stay under a hundred; extraction at
/// this depth still takes well under a second.
pub const MAX_NESTING: usize = 512;

/// Most elements read. A long article page has a few thousand.
pub const MAX_ELEMENTS: usize = 100_000;

/// Most formatting elements (`<b>`, `<font>`…) left open at once. The tree
/// builder copies the open ones into each new paragraph, so many open at
/// once multiply the page; those copies count against [`MAX_ELEMENTS`].
const MAX_OPEN_FORMATTING: usize = 40;

/// What the tokenizer saw.
#[derive(Debug, Default)]
pub struct Scan {
    /// The charset a `<meta>` in the head declares, as written.
    pub charset: Option<String>,
}

/// Tokenize `html`, refusing it when it nests or counts beyond the limits.
pub fn scan(html: &str) -> Result<Scan, ArticleError> {
    let sink = Sink::default();
    let tokenizer = Tokenizer::new(sink, Default::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from(html));
    // The sink stops the tokenizer (as a script would) once past a limit.
    while let TokenizerResult::Script(()) = tokenizer.feed(&queue) {
        if tokenizer.sink.refused.borrow().is_some() {
            break;
        }
    }
    if tokenizer.sink.refused.borrow().is_none() {
        // The tokenizer may not be paused while it ends.
        tokenizer.sink.ending.set(true);
        tokenizer.end();
    }
    let sink = tokenizer.sink;
    if let Some(refusal) = sink.refused.into_inner() {
        return Err(refusal);
    }
    Ok(Scan {
        charset: sink.charset.into_inner(),
    })
}

/// The exact depth and size of a built tree, against the same limits.
pub fn check_tree(doc: &Document) -> Result<(), ArticleError> {
    let mut stack: Vec<(NodeRef<'_>, usize)> = vec![(doc.root(), 0)];
    let mut count = 0usize;
    while let Some((node, depth)) = stack.pop() {
        count += 1;
        if depth > MAX_NESTING {
            return Err(ArticleError::TooDeep { limit: MAX_NESTING });
        }
        if count > MAX_ELEMENTS * 4 {
            return Err(ArticleError::TooManyElements {
                limit: MAX_ELEMENTS,
            });
        }
        let mut child = node.first_child();
        while let Some(c) = child {
            child = c.next_sibling();
            stack.push((c, depth + 1));
        }
    }
    Ok(())
}

#[derive(Default)]
struct Sink {
    open: RefCell<Vec<html5ever::LocalName>>,
    elements: Cell<usize>,
    /// Elements the tree builder will make by reopening formatting ones.
    reopened: Cell<usize>,
    foreign: Cell<usize>,
    in_head: Cell<bool>,
    ending: Cell<bool>,
    charset: RefCell<Option<String>>,
    refused: RefCell<Option<ArticleError>>,
}

/// Elements that never have content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
    "source", "track", "wbr", "frame", "basefont", "bgsound",
];

/// Formatting elements, which the tree builder reopens in each new block.
const FORMATTING: &[&str] = &[
    "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
];

/// Block elements, which close an open `<p>`.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
];

/// For an element whose end tag may be left out: the open elements its
/// start closes when one of them is the innermost.
fn implied_closes(name: &str) -> &'static [&'static str] {
    match name {
        "li" => &["li"],
        "dt" | "dd" => &["dt", "dd"],
        "tr" => &["td", "th", "tr"],
        "td" | "th" => &["td", "th"],
        "tbody" | "thead" | "tfoot" => &["td", "th", "tr", "tbody", "thead", "tfoot"],
        "option" => &["option"],
        "optgroup" => &["option", "optgroup"],
        "rb" | "rt" | "rtc" | "rp" => &["rb", "rt", "rtc", "rp"],
        "a" => &["a"],
        "body" => &["head"],
        _ => &[],
    }
}

impl Sink {
    fn refuse(&self, why: ArticleError) -> TokenSinkResult<()> {
        *self.refused.borrow_mut() = Some(why);
        if self.ending.get() {
            TokenSinkResult::Continue
        } else {
            TokenSinkResult::Script(())
        }
    }

    fn start(&self, tag: Tag) -> TokenSinkResult<()> {
        let name: &str = &tag.name;
        self.elements.set(self.elements.get() + 1);
        if self.elements.get() > MAX_ELEMENTS {
            return self.refuse(ArticleError::TooManyElements {
                limit: MAX_ELEMENTS,
            });
        }
        if name == "head" {
            self.in_head.set(true);
        }
        if name == "meta" && self.in_head.get() && self.charset.borrow().is_none() {
            *self.charset.borrow_mut() = declared_charset(&tag);
        }
        if VOID.contains(&name) || (tag.self_closing && self.foreign.get() > 0) {
            return TokenSinkResult::Continue;
        }
        let mut open = self.open.borrow_mut();
        let closes = implied_closes(name);
        while open.last().is_some_and(|top| closes.contains(&&**top)) {
            open.pop();
        }
        if CLOSES_P.contains(&name) && open.last().is_some_and(|top| &**top == "p") {
            open.pop();
        }
        if matches!(name, "svg" | "math") {
            self.foreign.set(self.foreign.get() + 1);
        }
        open.push(tag.name.clone());
        if open.len() > MAX_NESTING {
            drop(open);
            return self.refuse(ArticleError::TooDeep { limit: MAX_NESTING });
        }
        let formatting = open.iter().filter(|n| FORMATTING.contains(&&***n)).count();
        if formatting > MAX_OPEN_FORMATTING {
            drop(open);
            return self.refuse(ArticleError::TooDeep { limit: MAX_NESTING });
        }
        if !FORMATTING.contains(&name) {
            self.reopened.set(self.reopened.get() + formatting);
        }
        if self.elements.get() + self.reopened.get() > MAX_ELEMENTS {
            drop(open);
            return self.refuse(ArticleError::TooManyElements {
                limit: MAX_ELEMENTS,
            });
        }
        drop(open);
        // Script and style bodies are text, whatever `<` they contain.
        match name {
            "script" => TokenSinkResult::RawData(RawKind::ScriptData),
            "style" | "xmp" | "iframe" | "noembed" | "noframes" => {
                TokenSinkResult::RawData(RawKind::Rawtext)
            }
            "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
            "plaintext" => TokenSinkResult::Plaintext,
            _ => TokenSinkResult::Continue,
        }
    }

    fn end(&self, tag: &Tag) {
        let name: &str = &tag.name;
        if name == "head" {
            self.in_head.set(false);
        }
        let mut open = self.open.borrow_mut();
        // An end tag closes its element and whatever was left open inside;
        // one with no open element is ignored, as the tree builder does.
        if let Some(at) = open.iter().rposition(|n| n == &tag.name) {
            for closed in open.drain(at..) {
                if matches!(&*closed, "svg" | "math") {
                    self.foreign.set(self.foreign.get().saturating_sub(1));
                }
            }
        }
    }
}

/// `<meta charset=…>` or `<meta http-equiv=Content-Type content="…; charset=…">`.
fn declared_charset(tag: &Tag) -> Option<String> {
    let attr = |name: &str| {
        tag.attrs
            .iter()
            .find(|a| (*a.name.local).eq_ignore_ascii_case(name))
            .map(|a| a.value.to_string())
    };
    if let Some(charset) = attr("charset") {
        return Some(charset.trim().to_string());
    }
    let equiv = attr("http-equiv")?;
    if !equiv.trim().eq_ignore_ascii_case("content-type") {
        return None;
    }
    let content = attr("content")?;
    let lower = content.to_ascii_lowercase();
    let at = lower.find("charset=")?;
    let value = content.get(at + "charset=".len()..)?;
    let value = value.trim_start().trim_start_matches(['"', '\'']);
    let end = value
        .find(|c: char| c == ';' || c == '"' || c == '\'' || c.is_whitespace())
        .unwrap_or(value.len());
    Some(value.get(..end)?.to_string()).filter(|v| !v.is_empty())
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        // Past a limit, nothing more is looked at; the tokenizer was told
        // to stop at the tag that crossed it.
        if self.refused.borrow().is_some() {
            return TokenSinkResult::Continue;
        }
        match token {
            Token::TagToken(tag) => match tag.kind {
                TagKind::StartTag => self.start(tag),
                TagKind::EndTag => {
                    self.end(&tag);
                    TokenSinkResult::Continue
                }
            },
            _ => TokenSinkResult::Continue,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_shapes_pass_and_find_the_charset() {
        let page = r#"<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">
            <script>if (a<b && c>d) { document.write("<div><div><div>"); }</script>
            <style>p > a { color: red }</style></head>
            <body><ul><li>one<li>two</ul><table><tr><td>a<td>b<tr><td>c</table>
            <p>para<p>para<div>block</div><p><b>bold <i>both</b> italic</i></p>
            <svg><path d="M0"/><circle r="1"/></svg></body></html>"#;
        let scan = scan(page).unwrap();
        assert_eq!(scan.charset.as_deref(), Some("ISO-8859-1"));
        let rows = format!("<table>{}</table>", "<tr><td>cell<td>cell".repeat(2000));
        assert!(super::scan(&rows).is_ok());
        let paras = format!("<body>{}</body>", "<p>unclosed paragraph".repeat(5000));
        assert!(super::scan(&paras).is_ok());
        assert_eq!(
            super::scan("<meta charset=\"windows-1251\"><p>x")
                .unwrap()
                .charset,
            None,
            "only a meta in the head declares"
        );
        assert_eq!(
            super::scan("<head><meta charset=' windows-1251 '></head>")
                .unwrap()
                .charset
                .as_deref(),
            Some("windows-1251")
        );
    }

    #[test]
    fn hostile_shapes_are_refused() {
        for html in [
            "<div>".repeat(10_000),
            "<p><b>".repeat(10_000),
            "<p><div>".repeat(10_000),
            "<div/>".repeat(10_000),
            format!("<svg>{}</svg>", "<g>".repeat(10_000)),
            "<b id=x>".repeat(100),
            format!(
                "<p>{}{}",
                (0..39).map(|i| format!("<b id={i}>")).collect::<String>(),
                "<p>t</p>".repeat(5000)
            ),
            "<br><span>".repeat(MAX_ELEMENTS),
        ] {
            assert!(scan(&html).is_err(), "{}", html.get(..40).unwrap_or(&html));
        }
        assert_eq!(
            scan(&"<div>".repeat(10_000)).unwrap_err().to_string(),
            "elements nested more than 512 deep: not a page or feed factdesk can read safely"
        );
    }

    #[test]
    fn the_built_tree_is_measured_too() {
        let ok = Document::from("<div><div><p>x</p></div></div>");
        assert!(check_tree(&ok).is_ok());
        let deep = Document::from(format!("{}x", "<div>".repeat(MAX_NESTING + 5)).as_str());
        assert!(check_tree(&deep).is_err());
    }
}
