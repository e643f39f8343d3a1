//! Which format a file is in, told by its first bytes rather than its name:
//! a page saved as `story.txt` is still a page, and a wire file called
//! `feed` still XML. The extension only breaks ties, for content that
//! could be either.

/// What the start of a file says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain wire text: read as today, header and all.
    Text,
    /// A web page, or a fragment of one pasted from a CMS.
    Html,
    /// A JSON document: ninjs, or (when it is not) plain text.
    Json,
    /// An XML document: NITF, NewsML-G2, or XHTML.
    Xml,
}

/// Every name an original is kept under in a story's folder.
pub const ORIGINAL_FILES: [&str; 3] = ["original.html", "original.json", "original.xml"];

impl Format {
    /// The name the original is kept under in the story's folder.
    pub fn original_name(self) -> Option<&'static str> {
        let [html, json, xml] = ORIGINAL_FILES;
        match self {
            Format::Text => None,
            Format::Html => Some(html),
            Format::Json => Some(json),
            Format::Xml => Some(xml),
        }
    }
}

/// How far into a file detection looks: past a long licence comment or
/// DOCTYPE, not through a whole feed.
const SNIFF_BYTES: usize = 64 * 1024;

/// Elements that start an HTML document or fragment. A file starting with
/// another tag is taken as XML.
const HTML_STARTS: &[&str] = &[
    "html",
    "head",
    "body",
    "meta",
    "title",
    "link",
    "script",
    "style",
    "base",
    "div",
    "p",
    "article",
    "section",
    "main",
    "header",
    "nav",
    "h1",
    "h2",
    "h3",
    "span",
    "a",
    "b",
    "i",
    "em",
    "strong",
    "table",
    "ul",
    "ol",
    "figure",
    "img",
    "br",
    "blockquote",
    "noscript",
];

/// The format of a file's bytes; `ext` is the lower-case extension of its
/// name, when it has one.
pub fn detect(bytes: &[u8], ext: Option<&str>) -> Format {
    let head = bytes.get(..SNIFF_BYTES).unwrap_or(bytes);
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let ext = ext.unwrap_or_default();
    let markup_ext = matches!(ext, "html" | "htm" | "xhtml" | "shtml");
    let mut rest = trim_start(head);
    match rest.first() {
        Some(b'{' | b'[') => return Format::Json,
        Some(b'<') => {}
        _ if markup_ext && contains_ci(head, b"<html") => return Format::Html,
        _ => return Format::Text,
    }
    let mut xml_declared = false;
    // The prologue: declaration, comments, processing instructions, DOCTYPE.
    loop {
        rest = trim_start(rest);
        if rest.starts_with(b"<?") {
            xml_declared |= starts_with_ci(rest, b"<?xml");
            rest = after(rest, b"?>");
        } else if rest.starts_with(b"<!--") {
            rest = after(rest, b"-->");
        } else if starts_with_ci(rest, b"<!doctype") {
            let name = tag_name(rest.get(9..).map(trim_start).unwrap_or_default());
            return if name.eq_ignore_ascii_case(b"html") {
                Format::Html
            } else {
                Format::Xml
            };
        } else {
            break;
        }
    }
    let name = tag_name(rest.strip_prefix(b"<").unwrap_or_default());
    let local = name.rsplit(|&b| b == b':').next().unwrap_or(name);
    if local.eq_ignore_ascii_case(b"html") {
        return Format::Html;
    }
    if xml_declared || ext == "xml" {
        return Format::Xml;
    }
    if HTML_STARTS
        .iter()
        .any(|t| local.eq_ignore_ascii_case(t.as_bytes()))
        || markup_ext
    {
        return Format::Html;
    }
    if local.first().is_some_and(u8::is_ascii_alphabetic) {
        Format::Xml
    } else {
        Format::Text
    }
}

fn trim_start(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|b| b.is_ascii_whitespace()).count();
    s.get(n..).unwrap_or_default()
}

/// What follows the first `end` in `s` (nothing when there is none).
fn after<'a>(s: &'a [u8], end: &[u8]) -> &'a [u8] {
    s.windows(end.len())
        .position(|w| w == end)
        .and_then(|i| s.get(i + end.len()..))
        .unwrap_or_default()
}

fn tag_name(s: &[u8]) -> &[u8] {
    let n = s
        .iter()
        .take_while(|&&b| b.is_ascii_alphanumeric() || matches!(b, b':' | b'-' | b'_' | b'.'))
        .count();
    s.get(..n).unwrap_or_default()
}

fn starts_with_ci(s: &[u8], prefix: &[u8]) -> bool {
    s.get(..prefix.len())
        .is_some_and(|h| h.eq_ignore_ascii_case(prefix))
}

fn contains_ci(s: &[u8], needle: &[u8]) -> bool {
    s.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_content() {
        let cases: &[(&str, Option<&str>, Format)] = &[
            ("<!DOCTYPE html><html><p>x", None, Format::Html),
            (
                "\u{FEFF}  <!-- saved from url=(0044) -->\n<html lang=en>",
                Some("txt"),
                Format::Html,
            ),
            ("<div class=story><p>Pasted", None, Format::Html),
            (
                "<?xml version=\"1.0\"?>\n<nitf><head/>",
                Some("txt"),
                Format::Xml,
            ),
            (
                "<!DOCTYPE nitf SYSTEM \"nitf.dtd\">\n<nitf>",
                None,
                Format::Xml,
            ),
            (
                "<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\">",
                None,
                Format::Xml,
            ),
            (
                "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\">",
                None,
                Format::Html,
            ),
            ("<ns0:nitf xmlns:ns0=\"x\">", None, Format::Xml),
            ("  {\"uri\": \"x\"}", Some("txt"), Format::Json),
            ("[{\"headline\": \"x\"}]", None, Format::Json),
            (
                "date 2017-06-16 MOSCOW (AP) – Body.",
                Some("html"),
                Format::Text,
            ),
            ("Body text <b>not</b> markup first.", None, Format::Text),
            ("<3 the city council said.", None, Format::Text),
            ("saved junk\n<html><body>", Some("htm"), Format::Html),
            ("", None, Format::Text),
        ];
        for (text, ext, want) in cases {
            assert_eq!(detect(text.as_bytes(), *ext), *want, "{text:?}");
        }
    }
}
