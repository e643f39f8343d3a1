//! Counts over the archive: what `factdesk stats` reports.

use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

use crate::archive::ClaimRow;
use crate::ids::StoryId;
use crate::model::{Stance, VerdictCounts};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    pub name: String,
    pub claims: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceCount {
    pub id: String,
    pub name: String,
    pub supports: usize,
    pub contradicts: usize,
    pub context: usize,
}

impl SourceCount {
    pub fn total(&self) -> usize {
        self.supports + self.contradicts + self.context
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EditorCount {
    pub editor: String,
    /// History entries made by this editor.
    pub changes: usize,
}

/// Time from a story's import to the last verdict given on any of its
/// claims, over the stories that have one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimeToVerdict {
    pub stories: usize,
    pub median_seconds: i64,
    pub max_seconds: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub stories: usize,
    pub claims: usize,
    pub verdicts: VerdictCounts,
    /// Most claims first, then by name. Missing values count as "(none)".
    pub outlets: Vec<Count>,
    pub speakers: Vec<Count>,
    /// Claims linking each source, by stance; most links first, then id.
    pub sources: Vec<SourceCount>,
    /// Most changes first, then by name.
    pub editors: Vec<EditorCount>,
    pub time_to_verdict: Option<TimeToVerdict>,
    /// Confirmed claims below the desk's `confirm_needs` rule (see
    /// [`crate::rules::below_rule`]); empty without a rule.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub below_rule: Vec<crate::rules::BelowRule>,
}

pub const NONE: &str = "(none)";

/// Count `rows` (already filtered).
pub fn compute<'a>(rows: impl IntoIterator<Item = &'a ClaimRow>) -> Stats {
    let mut verdicts = VerdictCounts::default();
    let mut claims = 0;
    let mut outlets: HashMap<String, usize> = HashMap::new();
    let mut speakers: HashMap<String, usize> = HashMap::new();
    let mut sources: BTreeMap<String, SourceCount> = BTreeMap::new();
    let mut editors: HashMap<String, usize> = HashMap::new();
    // story -> (imported_at, last verdict)
    let mut stories: BTreeMap<StoryId, (DateTime<Utc>, Option<DateTime<Utc>>)> = BTreeMap::new();
    for row in rows {
        claims += 1;
        verdicts.add(row.verdict);
        *outlets
            .entry(row.outlet.clone().unwrap_or_else(|| NONE.into()))
            .or_default() += 1;
        *speakers
            .entry(row.speaker.clone().unwrap_or_else(|| NONE.into()))
            .or_default() += 1;
        for ((id, stance), name) in row.sources.iter().zip(&row.source_names) {
            let entry = sources
                .entry(id.to_string())
                .or_insert_with(|| SourceCount {
                    id: id.to_string(),
                    name: name.clone(),
                    supports: 0,
                    contradicts: 0,
                    context: 0,
                });
            match stance {
                Stance::Supports => entry.supports += 1,
                Stance::Contradicts => entry.contradicts += 1,
                Stance::Context => entry.context += 1,
            }
        }
        for (editor, n) in &row.editors {
            *editors.entry(editor.clone()).or_default() += *n as usize;
        }
        let story = stories
            .entry(row.story.clone())
            .or_insert((row.imported_at, None));
        story.1 = story.1.max(row.last_ruled);
    }
    let mut durations: Vec<i64> = stories
        .values()
        .filter_map(|(imported, ruled)| ruled.map(|r| (r - *imported).num_seconds().max(0)))
        .collect();
    durations.sort_unstable();
    let time_to_verdict = (!durations.is_empty()).then(|| {
        let n = durations.len();
        let median = if n % 2 == 1 {
            durations[n / 2]
        } else {
            (durations[n / 2 - 1] + durations[n / 2]) / 2
        };
        TimeToVerdict {
            stories: n,
            median_seconds: median,
            max_seconds: durations[n - 1],
        }
    });
    let mut sources: Vec<SourceCount> = sources.into_values().collect();
    sources.sort_by(|a, b| b.total().cmp(&a.total()).then_with(|| a.id.cmp(&b.id)));
    let mut editors: Vec<EditorCount> = editors
        .into_iter()
        .map(|(editor, changes)| EditorCount { editor, changes })
        .collect();
    editors.sort_by(|a, b| {
        b.changes
            .cmp(&a.changes)
            .then_with(|| a.editor.cmp(&b.editor))
    });
    Stats {
        stories: stories.len(),
        claims,
        verdicts,
        outlets: ranked(outlets),
        speakers: ranked(speakers),
        sources,
        editors,
        time_to_verdict,
        below_rule: Vec::new(),
    }
}

fn ranked(map: HashMap<String, usize>) -> Vec<Count> {
    let mut v: Vec<Count> = map
        .into_iter()
        .map(|(name, claims)| Count { name, claims })
        .collect();
    v.sort_by(|a, b| b.claims.cmp(&a.claims).then_with(|| a.name.cmp(&b.name)));
    v
}

/// A duration for people: `42s`, `3m 05s`, `2h 07m`, `4d 03h`.
pub fn human_duration(seconds: i64) -> String {
    let s = seconds.max(0);
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m {:02}s", s / 60, s % 60),
        3600..86400 => format!("{}h {:02}m", s / 3600, s % 3600 / 60),
        _ => format!("{}d {:02}h", s / 86400, s % 86400 / 3600),
    }
}

/// The plain-text report of `factdesk stats`. Every name from the desk
/// passes through [`crate::text::printable`].
pub fn render(stats: &Stats) -> String {
    use std::fmt::Write as _;
    let p = crate::text::printable;
    let mut s = String::new();
    let v = &stats.verdicts;
    let _ = writeln!(s, "{} stories, {} claims", stats.stories, stats.claims);
    let _ = writeln!(s, "\nverdicts");
    for (name, n) in [
        ("pending", v.pending),
        ("confirmed", v.confirmed),
        ("unconfirmed", v.unconfirmed),
        ("disputed", v.disputed),
    ] {
        let _ = writeln!(s, "  {n:>5}  {name}");
    }
    for (title, list) in [("outlets", &stats.outlets), ("speakers", &stats.speakers)] {
        let _ = writeln!(s, "\n{title}");
        for c in list {
            let _ = writeln!(s, "  {:>5}  {}", c.claims, p(&c.name));
        }
    }
    let _ = writeln!(s, "\nsources (supports / contradicts / context)");
    for c in &stats.sources {
        let _ = writeln!(
            s,
            "  {:>5}  {:>3} / {:>3} / {:>3}  {}  {}",
            c.total(),
            c.supports,
            c.contradicts,
            c.context,
            c.id,
            p(&c.name)
        );
    }
    let _ = writeln!(s, "\neditors (changes)");
    for e in &stats.editors {
        let _ = writeln!(s, "  {:>5}  {}", e.changes, p(&e.editor));
    }
    let _ = writeln!(s);
    match &stats.time_to_verdict {
        Some(t) => {
            let _ = writeln!(
                s,
                "import to last verdict ({} {}): median {}, max {}",
                t.stories,
                if t.stories == 1 { "story" } else { "stories" },
                human_duration(t.median_seconds),
                human_duration(t.max_seconds)
            );
        }
        None => {
            let _ = writeln!(s, "import to last verdict: no story has a verdict yet");
        }
    }
    if let Some(first) = stats.below_rule.first() {
        let _ = writeln!(
            s,
            "\nconfirmed below the desk's rule ({} supporting sources)",
            first.needs
        );
        for b in &stats.below_rule {
            let _ = writeln!(s, "  {b}");
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(human_duration(6), "6s");
        assert_eq!(human_duration(185), "3m 05s");
        assert_eq!(human_duration(7620), "2h 07m");
        assert_eq!(human_duration(356_400), "4d 03h");
        assert_eq!(human_duration(-3), "0s");
    }

    #[test]
    fn sample_desk_counts() {
        let desk = crate::store::Desk::open(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../data"
        )))
        .unwrap();
        let (rows, _) = crate::archive::load(&desk);
        let st = compute(&rows);
        // The first story (11 claims) and its follow-up (6).
        assert_eq!(st.stories, 2);
        assert_eq!(st.claims, 17);
        assert_eq!(
            (
                st.verdicts.pending,
                st.verdicts.confirmed,
                st.verdicts.unconfirmed,
                st.verdicts.disputed
            ),
            (4, 4, 9, 0)
        );
        assert_eq!(
            st.outlets,
            vec![
                Count {
                    name: "CBS News/AP".into(),
                    claims: 11
                },
                Count {
                    name: "AP".into(),
                    claims: 6
                }
            ]
        );
        assert_eq!(st.speakers[0].name, "The ministry");
        assert_eq!(st.speakers[0].claims, 6);
        let t = st.time_to_verdict.unwrap();
        assert_eq!(t.stories, 2);
        assert!(t.median_seconds <= t.max_seconds);
    }
}
