//! From the bytes of a file (or of standard input, or of the clipboard) to
//! the articles in it: the one entry point of import, whatever the format.
//!
//! Plain wire text is kept exactly as it is, header and all. A page or a
//! feed item becomes the text a reader would see, one paragraph per line
//! with a blank line between (the headline first), and its original is
//! kept beside it.

use std::io::Read;

use chrono::NaiveDate;

use super::decode::{ArticleError, MAX_ARTICLE_BYTES, MAX_INPUT_BYTES, decode_article, utf8};
use super::detect::{Format, detect};
use super::header::{ArticleMeta, headline, parse_header_at, parse_lead};
use super::sentences::sentences;
use super::{charset, html, html_guard, newsml, ninjs, nitf, xml};

/// How to read an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOptions {
    /// The day relative dates are read against ("Friday"): the day of
    /// import, unless the copy says when it was filed.
    pub reference: NaiveDate,
    /// The lower-case extension of the file's name, when it has one; it
    /// only breaks ties between formats the content allows.
    pub ext: Option<String>,
}

impl ReadOptions {
    pub fn today() -> ReadOptions {
        ReadOptions {
            reference: chrono::Utc::now().date_naive(),
            ext: None,
        }
    }

    pub fn with_ext(mut self, path: &std::path::Path) -> ReadOptions {
        self.ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        self
    }
}

/// One article, ready to become a story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// What `article.txt` holds.
    pub text: String,
    pub meta: ArticleMeta,
    pub format: Format,
    /// The page or feed item it came from, kept in the story's folder.
    pub original: Option<Original>,
    /// Its id in the feed (a ninjs `uri`, a NewsML-G2 `guid`), for messages.
    pub id: Option<String>,
}

impl Article {
    /// Whether the article says when it was published; one that does not
    /// should be given a date before it is imported.
    pub fn needs_date(&self) -> bool {
        self.meta.date.is_none()
    }
}

/// The bytes an article was read from, and the name they are kept under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Original {
    pub name: &'static str,
    pub bytes: Vec<u8>,
}

/// Each article of an input, or why that one could not be read.
pub type Items = Vec<Result<Article, ArticleError>>;

/// What a page or feed reader finds in one item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Parts {
    pub headline: String,
    pub date: Option<NaiveDate>,
    pub dateline: Option<String>,
    pub outlet: Option<String>,
    pub byline: Option<String>,
    pub url: Option<String>,
    pub paragraphs: Vec<String>,
    pub id: Option<String>,
    /// The item's own text in a file of several.
    pub original: Option<String>,
}

/// An item a feed reader found: its id in the feed (for messages), and
/// what it holds or why it cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    pub id: Option<String>,
    pub parts: Result<Parts, ArticleError>,
}

impl Found {
    pub fn new(id: Option<String>, parts: Result<Parts, ArticleError>) -> Found {
        Found { id, parts }
    }
}

/// Read at most [`MAX_INPUT_BYTES`] and one more byte from `reader` (so
/// that a larger input is refused without being read whole).
pub fn read_bounded(reader: impl Read) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_INPUT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The articles in an input. `Err` refuses the whole input (nothing of it
/// is imported); an item that cannot be read is an `Err` in the list, and
/// the others are still imported.
pub fn read_articles(bytes: &[u8], opts: &ReadOptions) -> Result<Items, ArticleError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ArticleError::InputTooLarge);
    }
    match detect(bytes, opts.ext.as_deref()) {
        Format::Text => Ok(vec![Ok(text_article(bytes, opts)?)]),
        Format::Html => Ok(vec![Ok(html_article(bytes, opts)?)]),
        Format::Json => json_articles(bytes, opts),
        Format::Xml => xml_articles(bytes, opts),
    }
}

fn text_article(bytes: &[u8], opts: &ReadOptions) -> Result<Article, ArticleError> {
    let text = decode_article(bytes)?;
    let meta = parse_header_at(&text, opts.reference);
    Ok(Article {
        text,
        meta,
        format: Format::Text,
        original: None,
        id: None,
    })
}

fn html_article(bytes: &[u8], opts: &ReadOptions) -> Result<Article, ArticleError> {
    // The charset is declared inside the page: find it in an ASCII-safe
    // reading, then decode for real.
    let declared = html_guard::scan(&String::from_utf8_lossy(bytes))?.charset;
    let text = charset::decode(bytes, declared.as_deref())?;
    let parts = html::read_page(&text, opts.reference)?;
    from_parts(parts, Format::Html, bytes, opts.reference)
}

fn json_articles(bytes: &[u8], opts: &ReadOptions) -> Result<Items, ArticleError> {
    let named_json = opts.ext.as_deref() == Some("json");
    let text = match utf8(bytes) {
        Ok(text) => text,
        Err(e) if named_json => return Err(e),
        Err(_) => return Ok(vec![Ok(text_article(bytes, opts)?)]),
    };
    match ninjs::read(text, opts.reference) {
        Ok(Some(items)) => Ok(collect(items, Format::Json, bytes, opts.reference)),
        Ok(None) => Ok(vec![Ok(text_article(bytes, opts)?)]),
        Err(e) if named_json => Err(e),
        // Text that happens to start with a brace.
        Err(_) => Ok(vec![Ok(text_article(bytes, opts)?)]),
    }
}

fn xml_articles(bytes: &[u8], opts: &ReadOptions) -> Result<Items, ArticleError> {
    let declared = charset::xml_declared(bytes);
    let text = charset::decode(bytes, declared.as_deref())?;
    let root = xml::parse(&text)?;
    let found = newsml::read(&root, &text, opts.reference)
        .or_else(|| nitf::read(&root, &text, opts.reference));
    match found {
        Some(items) => Ok(collect(items, Format::Xml, bytes, opts.reference)),
        // XML in no news format: text, as any other file.
        None => Ok(vec![Ok(text_article(bytes, opts)?)]),
    }
}

/// The articles of a file's items: one item keeps the whole file as its
/// original, several keep their own part of it.
fn collect(items: Vec<Found>, format: Format, bytes: &[u8], reference: NaiveDate) -> Items {
    let of = items.len();
    items
        .into_iter()
        .enumerate()
        .map(|(i, found)| {
            let article = found.parts.and_then(|mut parts| {
                let own = parts.original.take();
                let original = match (of, &own) {
                    (2.., Some(own)) => own.as_bytes(),
                    _ => bytes,
                };
                if parts.id.is_none() {
                    parts.id.clone_from(&found.id);
                }
                from_parts(parts, format, original, reference)
            });
            match article {
                Err(e) if of > 1 => Err(ArticleError::Item {
                    n: i + 1,
                    of,
                    id: found.id,
                    why: e.to_string(),
                }),
                other => other,
            }
        })
        .collect()
}

/// The article text of a page or feed item: the headline, then one
/// paragraph per line, a blank line between.
pub(crate) fn from_parts(
    parts: Parts,
    format: Format,
    original: &[u8],
    reference: NaiveDate,
) -> Result<Article, ArticleError> {
    let title = clean(&parts.headline);
    let mut paragraphs: Vec<String> = parts
        .paragraphs
        .iter()
        .map(|p| clean(p))
        .filter(|p| !p.is_empty())
        .collect();
    // Bodies often repeat the headline as their first heading.
    if paragraphs.len() > 1 && paragraphs.first() == Some(&title) {
        paragraphs.remove(0);
    }
    if paragraphs.is_empty() {
        return Err(ArticleError::NoArticle("no article text".into()));
    }
    let mut text = String::new();
    if !title.is_empty() {
        text.push_str(&title);
        text.push_str("\n\n");
    }
    let first_paragraph = text.len();
    text.push_str(&paragraphs.join("\n\n"));
    text.push('\n');
    if text.len() > MAX_ARTICLE_BYTES {
        return Err(ArticleError::TooLarge { bytes: text.len() });
    }
    let date = parts.date;
    // Copy from a feed often still opens with its dateline: "GROSSETO,
    // Italy (AP) -- The trial…". Claims start after it, as for plain text.
    let lead = parse_lead(&text, first_paragraph, date.unwrap_or(reference));
    let body_start = lead.as_ref().map_or(first_paragraph, |l| l.body_start);
    let headline = if title.is_empty() {
        sentences(&text, body_start)
            .first()
            .and_then(|r| text.get(r.clone()))
            .map(headline)
            .unwrap_or_default()
    } else {
        headline(&title)
    };
    let meta = ArticleMeta {
        date: date.or(lead.as_ref().and_then(|l| l.date)),
        dateline: parts
            .dateline
            .map(|d| clean(&d))
            .filter(|d| !d.is_empty())
            .or_else(|| lead.as_ref().and_then(|l| l.dateline.clone())),
        outlet: parts
            .outlet
            .map(|o| clean(&o))
            .filter(|o| !o.is_empty())
            .or_else(|| lead.as_ref().and_then(|l| l.outlet.clone())),
        headline,
        body_start,
        byline: parts.byline.map(|b| clean(&b)).filter(|b| !b.is_empty()),
        url: parts.url,
    };
    Ok(Article {
        text,
        meta,
        format,
        original: format.original_name().map(|name| Original {
            name,
            bytes: original.to_vec(),
        }),
        id: parts.id,
    })
}

/// One line of text: whitespace collapsed, control characters dropped.
fn clean(s: &str) -> String {
    let kept: String = s
        .chars()
        .filter(|c| !c.is_control() || c.is_whitespace())
        .collect();
    xml::collapse(&kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> ReadOptions {
        ReadOptions {
            reference: NaiveDate::from_ymd_opt(2025, 3, 19).unwrap(),
            ext: None,
        }
    }

    #[test]
    fn parts_become_headline_then_paragraphs() {
        let parts = Parts {
            headline: "Dam\u{1b} holds ".into(),
            paragraphs: vec![
                "LYON, France (AFP) — The dam held on Friday, officials said.".into(),
                "  ".into(),
                "Water fell.".into(),
            ],
            ..Parts::default()
        };
        let a = from_parts(parts, Format::Json, b"{}", opts().reference).unwrap();
        assert_eq!(
            a.text,
            "Dam holds\n\nLYON, France (AFP) — The dam held on Friday, officials said.\n\nWater fell.\n"
        );
        assert_eq!(a.meta.headline, "Dam holds");
        assert_eq!(a.meta.dateline.as_deref(), Some("LYON, France"));
        assert_eq!(a.meta.outlet.as_deref(), Some("AFP"));
        assert_eq!(
            a.text.get(a.meta.body_start..),
            Some("The dam held on Friday, officials said.\n\nWater fell.\n")
        );
        assert!(a.needs_date());
        assert_eq!(a.original.map(|o| o.name), Some("original.json"));
    }

    #[test]
    fn text_is_read_as_before() {
        let items = read_articles(
            b"date 2017-06-16 MOSCOW (AP) \xE2\x80\x93 It said.",
            &opts(),
        )
        .unwrap();
        let a = items.into_iter().next().unwrap().unwrap();
        assert_eq!(a.format, Format::Text);
        assert_eq!(a.text, "date 2017-06-16 MOSCOW (AP) – It said.");
        assert_eq!(a.original, None);
        assert_eq!(a.meta.outlet.as_deref(), Some("AP"));
    }

    #[test]
    fn too_large_is_refused_before_reading_it() {
        let big = vec![b'x'; MAX_INPUT_BYTES + 1];
        assert_eq!(
            read_articles(&big, &opts()),
            Err(ArticleError::InputTooLarge)
        );
        let bounded = read_bounded(std::io::repeat(b'x')).unwrap();
        assert_eq!(bounded.len(), MAX_INPUT_BYTES + 1);
    }
}
