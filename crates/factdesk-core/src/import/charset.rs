//! Pages and feeds in the charset they declare.
//!
//! Plain wire text must be UTF-8 (a guess would corrupt quotes); a page or
//! feed says what it is in, in a `<meta>` or its XML declaration, and is
//! decoded from that by encoding_rs, the WHATWG Encoding Standard's
//! decoders. Bytes that are not valid in the declared charset are refused
//! with their position, never replaced.

use std::borrow::Cow;

use encoding_rs::{DecoderResult, Encoding, UTF_8};

use super::decode::{ArticleError, line_column, utf8};

/// `bytes` as text, decoded from `declared` (a charset label as the file
/// wrote it) or, without one, as UTF-8.
pub fn decode<'a>(bytes: &'a [u8], declared: Option<&str>) -> Result<Cow<'a, str>, ArticleError> {
    // A byte order mark outranks any declaration (as in browsers).
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        return utf8(bytes).map(Cow::Borrowed);
    }
    let Some(label) = declared else {
        return utf8(bytes).map(Cow::Borrowed);
    };
    let encoding = Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
        ArticleError::UnknownCharset {
            label: label.chars().take(40).collect(),
        }
    })?;
    // The WHATWG rules: a page cannot declare itself UTF-16 in a <meta>
    // written in ASCII, so such a declaration means UTF-8.
    let encoding = encoding.output_encoding();
    if encoding == UTF_8 {
        return utf8(bytes).map(Cow::Borrowed);
    }
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .ok_or(ArticleError::InputTooLarge)?;
    let mut text = String::with_capacity(capacity);
    let (result, _read) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
    match result {
        DecoderResult::InputEmpty => Ok(Cow::Owned(text)),
        DecoderResult::Malformed(..) | DecoderResult::OutputFull => {
            let (line, column) = line_column(&text, text.len());
            Err(ArticleError::BadCharset {
                encoding: encoding.name(),
                line,
                column,
            })
        }
    }
}

/// The encoding an XML declaration names: `<?xml version="1.0"
/// encoding="ISO-8859-1"?>`.
pub fn xml_declared(bytes: &[u8]) -> Option<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let head = bytes.get(..bytes.len().min(512))?;
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let mut reader = quick_xml::Reader::from_reader(head);
    let mut buf = Vec::new();
    match reader.read_event_into(&mut buf) {
        Ok(quick_xml::events::Event::Decl(decl)) => {
            let encoding = decl.encoding()?.ok()?;
            Some(encoding.into_owned())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_declared_charset() {
        assert_eq!(
            decode(b"caf\xE9 cr\xE8me", Some("ISO-8859-1")).unwrap(),
            "café crème"
        );
        assert_eq!(
            decode(b"\xCF\xF0\xE8\xE2\xE5\xF2", Some("windows-1251")).unwrap(),
            "Привет"
        );
        assert_eq!(decode("été".as_bytes(), Some("utf-8")).unwrap(), "été");
        assert_eq!(decode("été".as_bytes(), Some("UTF-16LE")).unwrap(), "été");
        assert_eq!(decode("été".as_bytes(), None).unwrap(), "été");
        assert_eq!(
            decode("\u{FEFF}été".as_bytes(), Some("windows-1252")).unwrap(),
            "été"
        );
    }

    #[test]
    fn refuses_what_it_cannot_decode() {
        assert_eq!(
            decode(b"x", Some("klingon-8")).unwrap_err().to_string(),
            "declares the charset \"klingon-8\", which factdesk cannot decode (save it as UTF-8 and import again)"
        );
        // A lone lead byte is not Shift_JIS.
        assert_eq!(
            decode(b"line one\nab\x81", Some("shift_jis"))
                .unwrap_err()
                .to_string(),
            "not valid Shift_JIS text, the charset it declares (bad byte sequence at line 2, column 3)"
        );
        assert!(matches!(
            decode(b"caf\xE9", Some("utf-8")),
            Err(ArticleError::NotUtf8 { .. })
        ));
        assert!(matches!(
            decode(b"caf\xE9", None),
            Err(ArticleError::NotUtf8 { .. })
        ));
    }

    #[test]
    fn reads_the_xml_declaration() {
        assert_eq!(
            xml_declared(b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><nitf/>").as_deref(),
            Some("ISO-8859-1")
        );
        assert_eq!(xml_declared(b"<?xml version=\"1.0\"?><nitf/>"), None);
        assert_eq!(xml_declared(b"<nitf/>"), None);
    }
}
