//! A readable Markdown report of one story, or of several (one section
//! each).

use std::fmt::Write as _;

use crate::model::{DeskSettings, SourceRegistry, Story, Verdict};

/// Desk text as Markdown-safe, terminal-safe text: control characters
/// become visible stand-ins and `<` is written as `&lt;` so the text can
/// never open an HTML tag in a renderer.
fn md(s: &str) -> String {
    crate::text::printable(s).replace('<', "&lt;")
}

fn verdict_word(v: Verdict) -> &'static str {
    match v {
        Verdict::Pending => "Pending",
        Verdict::Confirmed => "Confirmed",
        Verdict::Unconfirmed => "Unconfirmed",
        Verdict::Disputed => "Disputed",
    }
}

/// One story; headings start at `level` (1 = `#`).
pub fn story(out: &mut String, story: &Story, registry: &SourceRegistry, level: usize) {
    let h = "#".repeat(level);
    let _ = writeln!(out, "{h} {}\n", md(&story.headline));
    let meta: Vec<String> = [
        story.date.map(|d| d.format("%Y-%m-%d").to_string()),
        story.dateline.as_deref().map(md),
        story.outlet.as_deref().map(md),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !meta.is_empty() {
        let _ = writeln!(out, "{}  ", meta.join(" · "));
    }
    let _ = writeln!(out, "Story `{}`", story.id);
    if let Some(url) = super::web_url(story.url.as_deref()) {
        let _ = writeln!(out, "<{url}>");
    }
    let c = story.counts();
    let _ = writeln!(
        out,
        "\n{} claims: {} confirmed, {} unconfirmed, {} disputed, {} pending.",
        c.total(),
        c.confirmed,
        c.unconfirmed,
        c.disputed,
        c.pending
    );
    for claim in &story.claims {
        let orphan = if claim.orphaned {
            " (no longer in the article)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "\n{h}# Claim {}: {}{orphan}\n",
            claim.id,
            verdict_word(claim.verdict)
        );
        let _ = writeln!(out, "> {}\n", md(&claim.text));
        if let Some(sp) = &claim.speaker {
            let _ = writeln!(out, "- Speaker: {}", md(sp));
        }
        if claim.sources.is_empty() {
            let _ = writeln!(out, "- Sources: none");
        } else {
            let _ = writeln!(out, "- Sources:");
            for link in &claim.sources {
                let src = registry.get(&link.source);
                let name = src.map_or_else(|| link.source.to_string(), |s| md(&s.name));
                let url = super::web_url(src.and_then(|s| s.url.as_deref()))
                    .map(|u| format!(" <{u}>"))
                    .unwrap_or_default();
                let note = link
                    .note
                    .as_deref()
                    .map(|n| format!(" ({})", md(n)))
                    .unwrap_or_default();
                let _ = writeln!(out, "  - {name}, {}{note}{url}", link.stance);
            }
        }
        if !claim.note.is_empty() {
            let _ = writeln!(out, "- Note: {}", md(&claim.note));
        }
    }
}

/// The report: one story alone, or a desk title and a section per story.
pub fn render(stories: &[Story], registry: &SourceRegistry, settings: &DeskSettings) -> String {
    let mut out = String::new();
    if let [one] = stories {
        story(&mut out, one, registry, 1);
        return out;
    }
    let by = settings
        .organisation
        .as_deref()
        .filter(|o| !o.trim().is_empty())
        .unwrap_or(&settings.name);
    let _ = writeln!(out, "# Fact-check report: {}\n", md(by));
    let _ = writeln!(out, "{} stories.", stories.len());
    for s in stories {
        out.push('\n');
        story(&mut out, s, registry, 2);
    }
    out
}
