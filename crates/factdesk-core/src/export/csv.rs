//! One row a claim, RFC 4180 (quoted where needed, CRLF line ends), with a
//! header row.

use crate::error::{Error, Result};
use crate::model::Story;

pub const HEADER: [&str; 9] = [
    "story", "claim", "date", "outlet", "speaker", "verdict", "quote", "sources", "note",
];

/// Desk text for a cell: control characters become visible stand-ins, line
/// breaks stay (quoted by the writer).
fn cell(s: &str) -> String {
    crate::text::printable_lines(&s.replace("\r\n", "\n"))
}

/// `id (stance); id (stance)`, in link order.
fn sources(links: &[crate::model::SourceLink]) -> String {
    links
        .iter()
        .map(|l| format!("{} ({})", l.source, l.stance))
        .collect::<Vec<_>>()
        .join("; ")
}

pub fn render(stories: &[Story]) -> Result<Vec<u8>> {
    let fail = |e: ::csv::Error| Error::Csv(e.to_string());
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(HEADER).map_err(fail)?;
    for story in stories {
        for c in &story.claims {
            w.write_record([
                story.id.to_string(),
                c.id.to_string(),
                story
                    .date
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
                cell(story.outlet.as_deref().unwrap_or("")),
                cell(c.speaker.as_deref().unwrap_or("")),
                c.verdict.as_str().to_string(),
                cell(&c.text),
                sources(&c.sources),
                cell(&c.note),
            ])
            .map_err(fail)?;
        }
    }
    w.into_inner()
        .map_err(|e| Error::Csv(e.error().to_string()))
}
