//! A saved web page as its article: the readable text, without the
//! navigation, scripts, advertisements, share bars and comments around it.
//!
//! The extraction is dom_smoothie's port of Mozilla's Readability (Firefox's
//! reader view). Before it runs, the page is measured ([`html_guard`]) and
//! the containers that name themselves advertising, sharing, newsletter or
//! paywall boxes are removed, which Readability keeps when they sit inside
//! the article; after it, the labels such boxes leave behind
//! ("Advertisement") are dropped.
//!
//! [`html_guard`]: super::html_guard

use chrono::NaiveDate;
use dom_query::{Document, NodeRef};
use dom_smoothie::{Config, Readability, TextMode};

use super::article::Parts;
use super::decode::ArticleError;
use super::html_guard::{MAX_ELEMENTS, check_tree, scan};
use super::html_meta::{self, clean_byline};
use super::xml::collapse;

/// Words in a class or id that mark a box as not part of the story.
const BOILERPLATE_WORDS: &[&str] = &[
    "ad",
    "ads",
    "adslot",
    "adunit",
    "advert",
    "adverts",
    "advertisement",
    "advertising",
    "dfp",
    "gpt",
    "sponsor",
    "sponsored",
    "promo",
    "newsletter",
    "subscribe",
    "subscription",
    "paywall",
    "share",
    "sharing",
    "sharebar",
    "social",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "outbrain",
    "taboola",
    "breadcrumb",
    "breadcrumbs",
    "comments",
    "disqus",
];

/// Elements never part of an article's text.
const NEVER_TEXT: &str = "script, style, noscript, template, iframe, svg, button, nav, aside, \
     dialog, [role=\"navigation\"], [role=\"banner\"], [role=\"contentinfo\"], \
     [role=\"dialog\"], [aria-hidden=\"true\"]";

/// Removed under the same share rule as named boxes: some sites wrap a
/// whole page in a `<form>`.
const FORMS: &str = "form";

/// A box is removed only when it holds less than this share of the page's
/// text: an article wrapper whose class happens to say "ad" stays.
const MAX_BOILERPLATE_SHARE_PERCENT: usize = 25;

/// Lines that advertising and sharing boxes leave behind, compared in lower
/// case without punctuation.
const LEFTOVER_LINES: &[&str] = &[
    "advertisement",
    "advertisements",
    "ad",
    "sponsored",
    "sponsored content",
    "skip advertisement",
    "continue reading the main story",
    "story continues below advertisement",
    "story continues below",
    "article continues below",
    "article continues below advertisement",
    "scroll to continue with content",
    "share this article",
    "share",
    "copy link",
    "read more",
];

/// The article of a page, with what the page says about it.
pub fn read_page(html: &str, reference: NaiveDate) -> Result<Parts, ArticleError> {
    scan(html)?;
    let doc = Document::from(html);
    check_tree(&doc)?;
    let meta = html_meta::read(&doc, reference);
    strip_boilerplate(&doc);
    let config = Config {
        text_mode: TextMode::Formatted,
        // JSON-LD is read in html_meta, including the @graph form.
        disable_json_ld: true,
        max_elements_to_parse: MAX_ELEMENTS,
        ..Config::default()
    };
    let mut readability = Readability::with_document(doc, None, Some(config))
        .map_err(|e| ArticleError::NoArticle(format!("no article found in the page ({e})")))?;
    let title = collapse(&readability.get_article_title());
    let tags = readability.get_article_metadata(None);
    let (text, found_byline) = match readability.parse() {
        Ok(article) => (article.text_content.to_string(), article.byline),
        // Too short or too flat for Readability (a pasted fragment, a
        // one-paragraph brief): the page's own text, boilerplate removed.
        Err(_) => (body_text(&readability.doc), None),
    };
    let headline = meta
        .headline
        .clone()
        .or_else(|| Some(title).filter(|t| !t.is_empty()))
        .unwrap_or_default();
    let mut byline = meta
        .byline
        .or_else(|| found_byline.and_then(|b| clean_byline(&b)))
        .or_else(|| tags.byline.and_then(|b| clean_byline(&b)));
    let date = meta.date.or_else(|| {
        tags.published_time
            .and_then(|t| super::dates::parse_date(&t, reference).ok())
    });
    let mut paragraphs = lines(&text);
    drop_repeats(&mut paragraphs, &headline, &mut byline);
    if paragraphs.is_empty() {
        return Err(ArticleError::NoArticle(
            "no article text found in the page".into(),
        ));
    }
    Ok(Parts {
        headline,
        date,
        outlet: meta.outlet.or(tags.site_name),
        byline,
        url: meta.url,
        paragraphs,
        ..Parts::default()
    })
}

/// The paragraphs of an HTML fragment (a feed item's `body_html`).
pub fn fragment_paragraphs(html: &str) -> Result<Vec<String>, ArticleError> {
    scan(html)?;
    let doc = Document::fragment(html);
    check_tree(&doc)?;
    doc.select(NEVER_TEXT).remove();
    Ok(lines(&doc.formatted_text()))
}

/// Remove the boxes that say they are advertising, sharing, newsletter
/// sign-ups and the like, and elements that never hold article text.
fn strip_boilerplate(doc: &Document) {
    doc.select(NEVER_TEXT).remove();
    let total = doc.select("body").text().len().max(1);
    let mut marked: Vec<NodeRef<'_>> = doc.select(FORMS).nodes().to_vec();
    marked.extend(doc.select("[class], [id]").nodes().iter().filter(|n| {
        let names = [n.attr("class"), n.attr("id")];
        names.iter().flatten().any(|v| is_boilerplate_name(v))
    }));
    for node in marked {
        if node.text().len() * 100 <= total * MAX_BOILERPLATE_SHARE_PERCENT {
            node.remove_from_parent();
        }
    }
}

/// `ad-slot ad-inline`, `social-share`, `paywall-nag`: a class or id
/// with a word of [`BOILERPLATE_WORDS`], split at spaces, `-` and `_`.
fn is_boilerplate_name(value: &str) -> bool {
    value
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .any(|w| BOILERPLATE_WORDS.contains(&w.to_ascii_lowercase().as_str()))
}

/// Text of `<body>`, for pages Readability gives up on.
fn body_text(doc: &Document) -> String {
    doc.select("header, footer").remove();
    let body = doc.select("body");
    if body.exists() {
        body.formatted_text().to_string()
    } else {
        doc.formatted_text().to_string()
    }
}

/// One paragraph per line of formatted text, whitespace collapsed,
/// leftovers of boilerplate dropped.
fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(collapse)
        .filter(|l| !l.is_empty() && !is_leftover(l))
        .collect()
}

fn is_leftover(line: &str) -> bool {
    let key: String = line
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    LEFTOVER_LINES.contains(&collapse(&key).as_str())
}

/// Drop the headline repeated as the first paragraph, and a byline line
/// ("By Tom Aldous · Thursday 7 November 2024") near the top, taking the
/// byline from it when the page gave none.
fn drop_repeats(paragraphs: &mut Vec<String>, headline: &str, byline: &mut Option<String>) {
    if paragraphs.first().is_some_and(|p| p == headline) {
        paragraphs.remove(0);
    }
    let near_top = paragraphs.len().min(3);
    let Some(at) = paragraphs
        .iter()
        .take(near_top)
        .position(|p| is_byline_line(p, byline.as_deref()))
    else {
        return;
    };
    let line = paragraphs.remove(at);
    if byline.is_none() {
        let name = line
            .split(['·', '|', '•', '—', '–'])
            .next()
            .unwrap_or_default();
        let name = name.split(',').next().unwrap_or_default();
        *byline = clean_byline(name);
    }
}

fn is_byline_line(p: &str, byline: Option<&str>) -> bool {
    let short = p.chars().count() <= 120;
    let by = p.get(..3).is_some_and(|s| s.eq_ignore_ascii_case("by "));
    short && (by || byline.is_some_and(|b| p == b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boilerplate_names() {
        for yes in [
            "ad-slot ad-inline",
            "social-share",
            "paywall-nag",
            "div-gpt-ad-top",
            "cookie_banner",
        ] {
            assert!(is_boilerplate_name(yes), "{yes}");
        }
        for no in [
            "headline",
            "story-body",
            "shadow",
            "loaded",
            "byline",
            "read",
        ] {
            assert!(!is_boilerplate_name(no), "{no}");
        }
    }

    #[test]
    fn fragments_become_paragraphs() {
        let html = "<section><p>One &amp; <b>two</b>.</p><script>x()</script><p>Three<br>four</p></section>";
        assert_eq!(
            fragment_paragraphs(html).unwrap(),
            ["One & two.", "Three", "four"]
        );
    }

    #[test]
    fn byline_lines_are_taken_and_dropped() {
        let mut paragraphs = vec![
            "Headline".to_string(),
            "By Tom Aldous · Thursday 7 November 2024".to_string(),
            "Body.".to_string(),
        ];
        let mut byline = None;
        drop_repeats(&mut paragraphs, "Headline", &mut byline);
        assert_eq!(paragraphs, ["Body."]);
        assert_eq!(byline.as_deref(), Some("Tom Aldous"));
    }
}
