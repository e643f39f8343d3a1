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
}

/// The largest article file imported: 2 MB, some hundred times a long
/// feature.
pub const MAX_ARTICLE_BYTES: usize = 2 * 1024 * 1024;

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
