//! `factdesk seen`: earlier rulings of a story's claims elsewhere in the
//! desk, and where one is similar but different.

use std::io::Write;

use factdesk_core::seen::Earlier;
use factdesk_core::store::Desk;
use factdesk_core::text;

use super::error::{Result, report_all};
use super::output::{json_line, line};
use super::stories::load_story_arg;

pub fn seen(
    desk: &Desk,
    story: &str,
    claim: Option<u32>,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let doc = load_story_arg(desk, story)?;
    let (earlier, problems) = Earlier::load(desk);
    report_all(err, &problems);
    let matches = earlier.of_story(doc.story(), claim)?;
    if json {
        return Ok(json_line(&matches, out)?);
    }
    if matches.is_empty() {
        let _ = writeln!(err, "factdesk: no earlier ruling of a claim like these");
    }
    for m in &matches {
        line(
            out,
            format_args!(
                "#{}  {}#{}  {}  {}  {:.0}% similar  {}\n    “{}”",
                m.claim,
                m.story,
                m.earlier_claim,
                m.verdict.as_str().to_uppercase(),
                m.date
                    .map_or_else(|| "????-??-??".to_string(), |d| d.to_string()),
                m.score * 100.0,
                text::printable(&m.label()),
                text::printable(&text::clip(&m.text, 160)),
            ),
        )?;
    }
    Ok(())
}
