//! Reading the raw bytes of an article file.
//!
//! The desk stores articles as UTF-8 and anchors claims by byte offset, so a
//! file that is not UTF-8 is refused outright instead of being guessed at:
//! a wrong guess would silently corrupt every quote taken from it.

use thiserror::Error;

/// Why a file cannot be imported as an article. Each renders as one short
/// phrase so the caller can prefix it with the file name.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ArticleError {
    #[error("empty file")]
    Empty,

    /// Wire copy is a few kilobytes; megabytes are a wrong file (a dump, a
    /// log) and would make a story of tens of thousands of claims.
    #[error("too large for an article ({} KB; the limit is {} KB)", .bytes / 1024, MAX_ARTICLE_BYTES / 1024)]
    TooLarge { bytes: usize },

    #[error("binary file ({why})")]
    Binary { why: &'static str },

    #[error("UTF-16 text, not UTF-8 (save it as UTF-8 and import again)")]
    Utf16,

    /// `line` and `column` are 1-based; the column counts characters, as an
    /// editor's status bar does.
    #[error("not UTF-8 text (invalid byte 0x{byte:02X} at line {line}, column {column})")]
    NotUtf8 {
        byte: u8,
        line: usize,
        column: usize,
    },

    /// Pages and feeds are allowed more than plain copy (inline scripts,
    /// styles, a feed of many items), but not without end: the read stops
    /// at the limit.
    #[error("larger than {} MB, the most factdesk reads of one article, page or feed", MAX_INPUT_BYTES / (1024 * 1024))]
    InputTooLarge,

    #[error(
        "declares the charset {label:?}, which factdesk cannot decode (save it as UTF-8 and import again)"
    )]
    UnknownCharset { label: String },

    #[error(
        "not valid {encoding} text, the charset it declares (bad byte sequence at line {line}, column {column})"
    )]
    BadCharset {
        encoding: &'static str,
        line: usize,
        column: usize,
    },

    /// Parsers and extraction take time in proportion to the square of the
    /// nesting; no page a person saved comes near the limit.
    #[error("elements nested more than {limit} deep: not a page or feed factdesk can read safely")]
    TooDeep { limit: usize },

    #[error("more than {limit} elements: not a page or feed factdesk can read safely")]
    TooManyElements { limit: usize },

    /// Entity expansion is how an XML file of a few kilobytes becomes
    /// gigabytes in memory ("billion laughs"), so it is never done.
    #[error("its DOCTYPE declares entities, which factdesk does not expand")]
    XmlEntities,

    #[error("not well-formed XML (line {line}, column {column}: {msg})")]
    Xml {
        line: usize,
        column: usize,
        msg: String,
    },

    #[error("not valid JSON (line {line}, column {column}: {msg})")]
    Json {
        line: usize,
        column: usize,
        msg: String,
    },

    /// A page or feed in which no article text was found.
    #[error("{0}")]
    NoArticle(String),

    /// One item of a file that holds several; the others are imported.
    #[error("item {n} of {of}{}: {why}", .id.as_deref().map(|id| format!(" ({id})")).unwrap_or_default())]
    Item {
        n: usize,
        of: usize,
        id: Option<String>,
        why: String,
    },
}

/// The largest article file imported: 2 MB, some hundred times a long
/// feature. The text taken from a page or feed item is held to it too.
pub const MAX_ARTICLE_BYTES: usize = 2 * 1024 * 1024;

/// The most read of any one input: a saved page with its inline scripts
/// and styles, or a feed of many items. A page saved with its pictures
/// inlined can be larger, and is refused.
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;

/// Share of control characters above which a file is treated as binary.
/// Wire copy sometimes carries a stray escape or form feed, which must not
/// make an article unimportable; a real binary file has far more.
const MAX_CONTROL_SHARE_PERCENT: usize = 5;

/// Decodes an article file: refuses anything that is not UTF-8 text, strips
/// a BOM and normalises line endings to `\n`. Nothing else is changed, since
/// claims quote the article verbatim.
pub fn decode_article(bytes: &[u8]) -> Result<String, ArticleError> {
    if bytes.len() > MAX_ARTICLE_BYTES {
        return Err(ArticleError::TooLarge { bytes: bytes.len() });
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ArticleError::Utf16);
    }
    if bytes.contains(&0) {
        return Err(ArticleError::Binary {
            why: "contains NUL bytes",
        });
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => return Err(not_utf8(bytes, e.valid_up_to())),
    };
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ArticleError::Empty);
    }

    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars() {
        total += 1;
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0C}') {
            control += 1;
        }
    }
    if control * 100 > total * MAX_CONTROL_SHARE_PERCENT {
        return Err(ArticleError::Binary {
            why: "mostly control characters",
        });
    }

    Ok(normalise_line_endings(text))
}

/// `bytes` as UTF-8, without a BOM; the first bad byte is named by line
/// and column. For pages and feeds, which are decoded before they are read.
pub(crate) fn utf8(bytes: &[u8]) -> Result<&str, ArticleError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ArticleError::Utf16);
    }
    let text = std::str::from_utf8(bytes).map_err(|e| not_utf8(bytes, e.valid_up_to()))?;
    Ok(text.strip_prefix('\u{FEFF}').unwrap_or(text))
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = text.get(..offset).unwrap_or_default();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (before.matches('\n').count() + 1, column)
}

fn not_utf8(bytes: &[u8], valid_up_to: usize) -> ArticleError {
    let valid = bytes.get(..valid_up_to).unwrap_or_default();
    // The prefix up to `valid_up_to` is valid UTF-8 by definition, so
    // counting characters in it is exact.
    let valid = std::str::from_utf8(valid).unwrap_or_default();
    let line_start = valid.rfind('\n').map_or(0, |i| i + 1);
    let line = valid.matches('\n').count() + 1;
    let column = valid.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    ArticleError::NotUtf8 {
        byte: bytes.get(valid_up_to).copied().unwrap_or_default(),
        line,
        column,
    }
}

fn normalise_line_endings(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_text_verbatim() {
        let text = "  MOSCOW – “Quoted,” it said.\n\nNo final newline";
        assert_eq!(decode_article(text.as_bytes()).as_deref(), Ok(text));
    }

    #[test]
    fn normalises_crlf_and_lone_cr() {
        assert_eq!(
            decode_article(b"one\r\ntwo\rthree\r\n\r\nfour").as_deref(),
            Ok("one\ntwo\nthree\n\nfour")
        );
    }

    #[test]
    fn strips_bom() {
        assert_eq!(
            decode_article("\u{FEFF}Text.".as_bytes()).as_deref(),
            Ok("Text.")
        );
    }

    #[test]
    fn refuses_latin1_with_position() {
        let err = decode_article(b"First line\nSecond\nThe caf\xE9 said").unwrap_err();
        assert_eq!(
            err,
            ArticleError::NotUtf8 {
                byte: 0xE9,
                line: 3,
                column: 8
            }
        );
        assert_eq!(
            err.to_string(),
            "not UTF-8 text (invalid byte 0xE9 at line 3, column 8)"
        );
    }

    #[test]
    fn column_counts_characters_not_bytes() {
        let err = decode_article("é–x\u{0}".as_bytes()).unwrap_err();
        assert_eq!(err.to_string(), "binary file (contains NUL bytes)");
        let mut bytes = "é–x".as_bytes().to_vec();
        bytes.push(0xFF);
        assert_eq!(
            decode_article(&bytes),
            Err(ArticleError::NotUtf8 {
                byte: 0xFF,
                line: 1,
                column: 4
            })
        );
    }

    #[test]
    fn refuses_binary_and_empty() {
        assert_eq!(
            decode_article(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
                .unwrap_err()
                .to_string(),
            "binary file (contains NUL bytes)"
        );
        assert_eq!(
            decode_article(b"\x01\x02\x03\x04text")
                .unwrap_err()
                .to_string(),
            "binary file (mostly control characters)"
        );
        assert_eq!(decode_article(b""), Err(ArticleError::Empty));
        assert_eq!(decode_article(b" \n\t\n"), Err(ArticleError::Empty));
        assert_eq!(
            decode_article("\u{FEFF}".as_bytes()),
            Err(ArticleError::Empty)
        );
        assert_eq!(decode_article(b"\xFF\xFEh\0i\0"), Err(ArticleError::Utf16));
    }

    #[test]
    fn tolerates_a_stray_control_character() {
        let text = format!("{}\u{1b}", "A long enough wire story line. ".repeat(3));
        assert_eq!(decode_article(text.as_bytes()), Ok(text.clone()));
    }
}
