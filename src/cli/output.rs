//! What the command line prints: story summaries, a story with its claims,
//! search hits as lines and as JSON, any value as JSON. Every text from the
//! desk passes through [`text::printable`] (or, in JSON,
//! [`text::json_safe`]) on the way out.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::io::Write;

use factdesk_core::archive::{ClaimRow, Hit};
use factdesk_core::error::Error;
use factdesk_core::ids::{ClaimId, SourceId, StoryId};
use factdesk_core::model::{Claim, SourceRegistry, Stance, Story};
use factdesk_core::store::StorySummary;
use factdesk_core::text;

/// A failed write to standard output (a closed pipe, a full disk).
pub fn stdout_error(e: std::io::Error) -> Error {
    Error::io("<stdout>", e)
}

/// `value` as pretty JSON on one write, made safe for a terminal.
pub fn json_line<T: Serialize>(value: &T, out: &mut dyn Write) -> Result<(), Error> {
    let text = serde_json::to_string_pretty(value).map_err(|e| stdout_error(e.into()))?;
    writeln!(out, "{}", text::json_safe(&text)).map_err(stdout_error)
}

/// `line` and a newline.
pub fn line(out: &mut dyn Write, line: impl std::fmt::Display) -> Result<(), Error> {
    writeln!(out, "{line}").map_err(stdout_error)
}

/// Many lines, written in large pieces: standard output writes a line at
/// a time, and on 40,000 stories those writes cost more than the lines.
pub fn lines<L: std::fmt::Display>(
    out: &mut dyn Write,
    lines: impl IntoIterator<Item = L>,
) -> Result<(), Error> {
    let mut buffered = std::io::BufWriter::with_capacity(64 * 1024, out);
    for l in lines {
        writeln!(buffered, "{l}").map_err(stdout_error)?;
    }
    buffered.flush().map_err(stdout_error)
}

/// A hit's `story-id#claim`, the first column of `factdesk search`.
/// Said on standard error when a page leaves some out, so that a script
/// reading the lines reads only them: "100 of 9612 claims shown; …".
pub fn more_note(err: &mut dyn Write, shown: usize, total: usize, what: &str) {
    if shown < total {
        let _ = writeln!(
            err,
            "factdesk: {shown} of {total} {what} shown; a larger --limit for more"
        );
    }
}

pub fn hit_id(row: &ClaimRow) -> String {
    format!("{}#{}", row.story, row.claim)
}

/// How `factdesk search` prints a hit:
/// `story-id#claim  VERDICT      date        speaker  quote`, the id padded
/// to `id_width` columns (the widest id among the hits), the speaker cut
/// to 24 columns and the quote to 80, widths measured as the terminal
/// draws them ([`text::width`]), so that wide names keep the columns.
pub fn hit_line(row: &ClaimRow, id_width: usize) -> String {
    let id = hit_id(row);
    let id_pad = id_width.saturating_sub(text::width(&id));
    format!(
        "{}{}  {:<11}  {}  {}  {}",
        text::printable(&id),
        " ".repeat(id_pad),
        row.verdict.as_str().to_uppercase(),
        row.date.map_or_else(
            || "????-??-??".to_string(),
            |d| d.format("%Y-%m-%d").to_string()
        ),
        text::pad(row.speaker.as_deref().unwrap_or("-"), 24),
        text::fit(&row.text, 80),
    )
}

/// A source of a hit, in `factdesk search --json`.
#[derive(Debug, Clone, Serialize)]
pub struct HitSource<'a> {
    pub id: &'a SourceId,
    pub name: &'a str,
    pub stance: Stance,
}

/// A hit in `factdesk search --json`; the field set and order are stable.
#[derive(Debug, Clone, Serialize)]
pub struct HitJson<'a> {
    pub story: &'a StoryId,
    pub claim: ClaimId,
    pub date: Option<NaiveDate>,
    pub outlet: Option<&'a str>,
    pub headline: &'a str,
    pub speaker: Option<&'a str>,
    pub verdict: &'static str,
    pub text: &'a str,
    pub note: &'a str,
    pub sources: Vec<HitSource<'a>>,
    pub last_ruled: Option<DateTime<Utc>>,
    pub score: u32,
    /// Matched character positions in `text`.
    pub matched: &'a [u32],
}

impl<'a> HitJson<'a> {
    pub fn new(row: &'a ClaimRow, hit: &'a Hit) -> HitJson<'a> {
        HitJson {
            story: &row.story,
            claim: row.claim,
            date: row.date,
            outlet: row.outlet.as_deref(),
            headline: &row.headline,
            speaker: row.speaker.as_deref(),
            verdict: row.verdict.as_str(),
            text: &row.text,
            note: &row.note,
            sources: row
                .sources
                .iter()
                .zip(&row.source_names)
                .map(|((id, stance), name)| HitSource {
                    id,
                    name,
                    stance: *stance,
                })
                .collect(),
            last_ruled: row.last_ruled,
            score: hit.score,
            matched: &hit.indices,
        }
    }
}

/// A story as `factdesk list` prints it, its id padded to `id_width`
/// columns so that the headlines line up.
pub fn summary_line(s: &StorySummary, id_width: usize) -> String {
    let c = &s.counts;
    let mut line = format!(
        "{}  {:<12}  P{:<3} C{:<3} U{:<3} D{:<3}  {}  {}",
        s.date.map_or("????-??-??".to_string(), |d| d.to_string()),
        text::clip(s.outlet.as_deref().unwrap_or("-"), 12),
        c.pending,
        c.confirmed,
        c.unconfirmed,
        c.disputed,
        text::pad(s.id.as_str(), id_width),
        text::printable(&s.headline),
    );
    if s.review > 0 {
        line.push_str(&format!("  ({} to review)", s.review));
    }
    if let Some(a) = &s.assigned {
        line.push_str(&format!("  [assigned: {}]", text::clip(a, 40)));
    }
    if s.conflicts > 0 {
        line.push_str(&format!(
            "  [{} {}]",
            s.conflicts,
            if s.conflicts == 1 {
                "conflict"
            } else {
                "conflicts"
            }
        ));
    }
    line
}

/// The plain-text report of a story used by `show`.
pub fn render_story(story: &Story, registry: &SourceRegistry) -> String {
    use std::fmt::Write as _;
    let p = text::printable;
    let mut s = String::new();
    let c = story.counts();
    let _ = writeln!(s, "{}", story.id);
    let _ = writeln!(s, "{}", p(&story.headline));
    let meta: Vec<String> = [
        story.date.map(|d| d.to_string()),
        story.dateline.as_deref().map(p),
        story.outlet.as_deref().map(p),
        story.byline.as_deref().map(|b| format!("by {}", p(b))),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !meta.is_empty() {
        let _ = writeln!(s, "{}", meta.join(" · "));
    }
    if let Some(url) = &story.url {
        let _ = writeln!(s, "{}", p(url));
    }
    if let Some(a) = &story.assignment
        && let Some(to) = &a.editor
    {
        let _ = writeln!(
            s,
            "assigned to {} (by {}, {})",
            p(to),
            p(&a.by),
            a.at.format("%Y-%m-%d %H:%M UTC")
        );
    }
    let open = story.conflict_count();
    if open > 0 {
        let _ = writeln!(
            s,
            "{open} {} to settle (`factdesk resolve`, see below)",
            if open == 1 { "conflict" } else { "conflicts" }
        );
    }
    let _ = writeln!(
        s,
        "{} claims: {} pending, {} confirmed, {} unconfirmed, {} disputed",
        c.total(),
        c.pending,
        c.confirmed,
        c.unconfirmed,
        c.disputed
    );
    let review = story.needing_review();
    if review > 0 {
        let _ = writeln!(s, "{review} need review: the article changed under them");
    }
    if let Some(last) = story.history.last() {
        let _ = writeln!(
            s,
            "last change to the story: {}",
            p(&last.change.to_string())
        );
    }
    for claim in &story.claims {
        let _ = writeln!(s);
        write_claim(&mut s, story, claim, registry);
    }
    s
}

/// One claim as `show` lists it: verdict, quote, review flag, speaker,
/// sources, note and conflicts.
fn write_claim(s: &mut String, story: &Story, claim: &Claim, registry: &SourceRegistry) {
    use std::fmt::Write as _;
    let p = text::printable;
    let orphan = if claim.orphaned {
        "  (orphaned: no longer in the article)"
    } else {
        ""
    };
    let conflicted = if claim.conflicts.is_empty() {
        ""
    } else {
        "  (in conflict)"
    };
    let _ = writeln!(
        s,
        "#{} {}{}{}",
        claim.id,
        claim.verdict.as_str().to_uppercase(),
        orphan,
        conflicted
    );
    let _ = writeln!(s, "   “{}”", p(&claim.text));
    if claim.needs_review {
        let why = claim
            .review
            .as_ref()
            .map_or_else(|| "flagged".to_string(), ToString::to_string);
        let _ = writeln!(s, "   NEEDS REVIEW: {}", p(&why));
    }
    if let Some(sp) = &claim.speaker {
        let _ = writeln!(s, "   speaker: {}", p(sp));
    }
    for link in &claim.sources {
        let name = registry
            .get(&link.source)
            .map_or("(not in registry)".to_string(), |src| p(&src.name));
        let note = link
            .note
            .as_deref()
            .map(|n| format!(" — {}", p(n)))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "   source: {} {} ({}){}",
            link.source, name, link.stance, note
        );
    }
    if !claim.note.is_empty() {
        let _ = writeln!(s, "   note: {}", p(&claim.note));
    }
    for c in &claim.conflicts {
        let _ = writeln!(s, "   CONFLICT on {}:", c.field);
        for (i, side) in c.sides.iter().enumerate() {
            let _ = writeln!(s, "     {}) {side}", i + 1);
        }
        let _ = writeln!(
            s,
            "     settle: factdesk resolve {} {} {} N",
            story.id,
            claim.id,
            c.field.name()
        );
    }
}

/// One claim as `show STORY CLAIM` prints it: what `show` lists, and its
/// place in the article, its score and cues, whether it is deleted; its
/// history follows (see `stories::show_claim`).
pub fn render_claim(story: &Story, claim: &Claim, registry: &SourceRegistry) -> String {
    use std::fmt::Write as _;
    let p = text::printable;
    let mut s = String::new();
    let _ = writeln!(s, "{}  {}", story.id, p(&story.headline));
    let _ = writeln!(s);
    write_claim(&mut s, story, claim, registry);
    if let Some((entry, note)) = story.deleted_claim(claim.id).and_then(|c| c.deletion()) {
        let why = note.map(|n| format!(": “{}”", p(n))).unwrap_or_default();
        let _ = writeln!(
            s,
            "   DELETED by {} on {}{why}; `factdesk claim restore {} {}` brings it back",
            p(&entry.editor),
            entry.at.format("%Y-%m-%d %H:%M UTC"),
            story.id,
            claim.id
        );
    }
    let a = &claim.anchor;
    let _ = writeln!(
        s,
        "   in the article: bytes {}–{}{}",
        a.start,
        a.end,
        if claim.orphaned {
            " (its text is gone)"
        } else {
            ""
        }
    );
    if claim.text != a.quote && !a.quote.is_empty() {
        let _ = writeln!(s, "   the article says: “{}”", p(&a.quote));
    }
    if let Some(score) = claim.score {
        let cues: Vec<String> = claim
            .cues
            .iter()
            .map(|c| format!("{} {:+}", p(&c.name), c.weight.as_f64()))
            .collect();
        let cues = if cues.is_empty() {
            String::new()
        } else {
            format!(" ({})", cues.join(", "))
        };
        let _ = writeln!(s, "   check-worthiness: {score}{cues}");
    }
    s
}

/// The deleted claims of a story, as `show --deleted` lists them.
pub fn render_deleted(story: &Story) -> String {
    use std::fmt::Write as _;
    let p = text::printable;
    let mut s = String::new();
    if story.deleted_claims.is_empty() {
        let _ = writeln!(s, "\nno deleted claims");
        return s;
    }
    let _ = writeln!(s, "\ndeleted claims");
    for claim in &story.deleted_claims {
        let (by, note) = match claim.deletion() {
            Some((entry, note)) => (
                format!(
                    "{} on {}",
                    p(&entry.editor),
                    entry.at.format("%Y-%m-%d %H:%M UTC")
                ),
                note.map(|n| format!(": “{}”", p(n))).unwrap_or_default(),
            ),
            None => ("?".to_string(), String::new()),
        };
        let _ = writeln!(
            s,
            "#{} {} (deleted by {by}{note})",
            claim.id,
            claim.verdict.as_str().to_uppercase()
        );
        let _ = writeln!(s, "   “{}”", p(&claim.text));
    }
    s
}
