//! A big, realistic desk for benchmarks, written through factdesk's own
//! storage and edit code: the `gen_desk` example
//! and the benches all use this.
//!
//! Wire-style articles of 2–8 KB, about `claims` claims a story with
//! speakers, verdicts in realistic proportions, 1–3 source links and a few
//! history entries each, a registry of 500 sources, dates over five years.
//! `big` adds one story with a 5 MB article and 5,000 claims.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use std::path::Path;

use factdesk_core::edit::{Edit, Who, apply};
use factdesk_core::ids::SourceId;
use factdesk_core::model::{
    SCHEMA_VERSION, Source, SourceKind, SourceLink, SourceRegistry, Stance, Story, Verdict,
};
use factdesk_core::store::Desk;

/// Deterministic, dependency-free generator (xorshift64*), so the same
/// arguments always make the same desk.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const PLACES: &[&str] = &[
    "MOSCOW",
    "WASHINGTON",
    "BEIRUT",
    "KYIV",
    "LONDON",
    "PARIS",
    "BRUSSELS",
    "ANKARA",
    "BAGHDAD",
    "DAMASCUS",
    "CAIRO",
    "NEW YORK",
    "GENEVA",
    "BERLIN",
    "TOKYO",
    "NAIROBI",
];
const OUTLETS: &[&str] = &[
    "AP",
    "Reuters",
    "AFP",
    "CBS News/AP",
    "BBC",
    "Al Jazeera",
    "DPA",
    "Kyodo",
    "ANSA",
];
const SPEAKERS: &[&str] = &[
    "The Russian Defense Ministry",
    "The ministry",
    "The U.S.-led coalition",
    "A Pentagon spokesman",
    "The United Nations",
    "The foreign minister",
    "Police",
    "The health ministry",
    "Local officials",
    "The prime minister",
    "Two U.S. defense officials",
    "The state news agency",
    "Witnesses",
    "The army",
    "Rebel commanders",
];
const VERBS: &[&str] = &[
    "said",
    "told reporters",
    "added",
    "said in a statement",
    "announced",
];
const SUBJECTS: &[&str] = &[
    "the airstrike",
    "the convoy",
    "the talks",
    "the ceasefire",
    "the raid",
    "the election",
    "the outbreak",
    "the protest",
    "the shipment",
    "the blockade",
    "the summit",
    "the evacuation",
];
const OBJECTS: &[&str] = &[
    "killed about {n} fighters near the border",
    "had been planned for weeks before {month}",
    "would resume on {day} despite the warnings",
    "involved at least {n} vehicles and several drones",
    "cost more than ${n} million in the first quarter",
    "was believed to have reached {n} percent of the region",
    "could not be independently confirmed",
    "left {n} civilians without shelter",
    "was agreed after {n} hours of negotiations",
];
const BACKGROUND: &[&str] = &[
    "The region has seen repeated fighting since the spring.",
    "Officials have given conflicting accounts of the events in recent months.",
    "Independent observers have not been allowed into the area.",
    "There have been previous unconfirmed reports that proved incorrect.",
    "The government has faced growing criticism at home and abroad.",
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
const WORDS: &[&str] = &[
    "military",
    "officials",
    "regional",
    "security",
    "forces",
    "government",
    "capital",
    "operation",
    "commanders",
    "ministry",
    "statement",
    "agency",
    "reports",
    "northern",
    "southern",
    "leaders",
    "meeting",
    "village",
    "border",
    "information",
    "channels",
];

fn sentence(rng: &mut Rng) -> (String, String) {
    let speaker = rng.pick(SPEAKERS).to_string();
    let object = rng
        .pick(OBJECTS)
        .replace("{n}", &(rng.below(400) + 2).to_string())
        .replace("{month}", rng.pick(MONTHS))
        .replace("{day}", rng.pick(DAYS));
    let text = format!(
        "{} {} {} {} {} {}.",
        speaker,
        rng.pick(VERBS),
        rng.pick(DAYS),
        "that",
        rng.pick(SUBJECTS),
        object
    );
    (text, speaker)
}

fn filler(rng: &mut Rng) -> String {
    let n = 12 + rng.below(14);
    let mut words: Vec<&str> = (0..n).map(|_| rng.pick(WORDS)).collect();
    let first = words.remove(0);
    let mut s = String::from(first);
    if let Some(c) = s.get_mut(0..1) {
        c.make_ascii_uppercase();
    }
    for w in words {
        s.push(' ');
        s.push_str(w);
    }
    s.push('.');
    s
}

/// An article of about `target` bytes and the byte ranges of its checkable
/// sentences with their speakers.
fn article(
    rng: &mut Rng,
    date: NaiveDate,
    target: usize,
    claims: usize,
) -> (String, Vec<(usize, usize, String)>) {
    let mut text = format!(
        "date {date} {} ({}) – ",
        rng.pick(PLACES),
        rng.pick(OUTLETS)
    );
    let mut spans = Vec::new();
    let mut para_len = 0;
    while text.len() < target || spans.len() < claims {
        if spans.len() < claims && (rng.below(3) > 0 || text.len() >= target) {
            let (s, speaker) = sentence(rng);
            let start = text.len();
            text.push_str(&s);
            spans.push((start, text.len(), speaker));
        } else if rng.below(4) == 0 {
            text.push_str(rng.pick(BACKGROUND));
        } else {
            text.push_str(&filler(rng));
        }
        para_len += 1;
        if para_len > rng.below(3) {
            text.push_str("\n\n");
            para_len = 0;
        } else {
            text.push(' ');
        }
    }
    (text.trim_end().to_string(), spans)
}

fn verdict(rng: &mut Rng) -> Verdict {
    match rng.below(100) {
        0..=29 => Verdict::Pending,
        30..=69 => Verdict::Confirmed,
        70..=84 => Verdict::Unconfirmed,
        _ => Verdict::Disputed,
    }
}

fn make_story(
    desk: &Desk,
    rng: &mut Rng,
    sources: &[SourceId],
    date: NaiveDate,
    size: usize,
    claims: usize,
) -> factdesk_core::Result<()> {
    let (story, text) = build_story(rng, sources, date, size, claims, |date, headline| {
        desk.new_story_id(date, headline)
    })?;
    desk.add_story(story, &text)?;
    Ok(())
}

fn build_story(
    rng: &mut Rng,
    sources: &[SourceId],
    date: NaiveDate,
    size: usize,
    claims: usize,
    new_id: impl Fn(Option<NaiveDate>, &str) -> factdesk_core::ids::StoryId,
) -> factdesk_core::Result<(Story, String)> {
    let (text, spans) = article(rng, date, size, claims);
    let at: DateTime<Utc> = date.and_hms_opt(9, 0, 0).unwrap_or_default().and_utc();
    let imported = Who {
        editor: "wire-desk".into(),
        at,
    };
    let meta = factdesk_core::import::parse_header(&text);
    let mut story = Story {
        version: SCHEMA_VERSION,
        id: new_id(meta.date, &meta.headline),
        headline: meta.headline,
        date: meta.date,
        dateline: meta.dateline,
        outlet: meta.outlet,
        byline: None,
        url: None,
        imported_at: at,
        imported_by: "wire-desk".into(),
        article_len: text.len(),
        article_sha256: Some(factdesk_core::store::revision::article_sha256(&text)),
        next_claim: 1,
        assignment: None,
        history: Vec::new(),
        claims: Vec::new(),
        deleted_claims: Vec::new(),
    };
    let editors = ["ana", "ben", "chloe", "dev", "emre"];
    for (start, end, speaker) in spans {
        let Some(anchor) = factdesk_core::anchor::anchor_at(&text, start, end) else {
            continue;
        };
        let Some(applied) = apply(
            &mut story,
            Edit::AddClaim {
                text: anchor.quote.clone(),
                anchor,
                speaker: Some(speaker),
                score: None,
                cues: Vec::new(),
            },
            &imported,
        )?
        else {
            continue;
        };
        let who = Who {
            editor: editors[rng.below(editors.len())].to_string(),
            at: at + Duration::minutes(5 + rng.below(600) as i64),
        };
        for _ in 0..1 + rng.below(3) {
            let stance = Stance::ALL[rng.below(3)];
            let link = SourceLink {
                source: sources[rng.below(sources.len())].clone(),
                stance,
                note: None,
            };
            apply(
                &mut story,
                Edit::Link {
                    claim: applied.claim,
                    link,
                },
                &who,
            )?;
        }
        apply(
            &mut story,
            Edit::SetVerdict {
                claim: applied.claim,
                verdict: verdict(rng),
            },
            &who,
        )?;
        if rng.below(5) == 0 {
            apply(
                &mut story,
                Edit::SetNote {
                    claim: applied.claim,
                    note: filler(rng),
                },
                &who,
            )?;
        }
    }
    Ok((story, text))
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    pub stories: usize,
    pub claims: usize,
    /// Add the story with a 5 MB article and 5,000 claims.
    pub big: bool,
    /// Report progress on standard error.
    pub progress: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            stories: 100,
            claims: 20,
            big: false,
            progress: false,
        }
    }
}

/// A wire-style article of about `size` bytes with `claims` checkable
/// sentences, the same for the same `seed`.
pub fn article_text(seed: u64, size: usize, claims: usize) -> String {
    let mut rng = Rng(seed | 1);
    let date = NaiveDate::from_ymd_opt(2024, 3, 1).unwrap_or_default();
    article(&mut rng, date, size, claims).0
}

/// The id of the big story in a desk generated with `big`.
pub fn big_story_id(desk: &Desk) -> Option<factdesk_core::ids::StoryId> {
    let (ids, _) = desk.story_ids().ok()?;
    ids.into_iter().max_by_key(|id| {
        std::fs::metadata(desk.story_dir(id).join(factdesk_core::store::ARTICLE_FILE))
            .map(|m| m.len())
            .unwrap_or(0)
    })
}

/// Write a generated desk to `out` (created; an existing desk is added to).
fn registry() -> factdesk_core::Result<SourceRegistry> {
    let kinds = SourceKind::ALL;
    let mut registry = SourceRegistry::default();
    for i in 0..500 {
        let outlet = OUTLETS[i % OUTLETS.len()];
        registry.sources.push(Source {
            id: SourceId::parse(&format!("src-{i:03}"))?,
            name: format!("{} {} desk {i}", outlet, WORDS[i % WORDS.len()]),
            kind: kinds[i % kinds.len()],
            url: Some(format!("https://example.org/sources/{i}")),
            outlet: Some(outlet.to_string()),
            accessed: NaiveDate::from_ymd_opt(2021, 1, 1),
        });
    }
    Ok(registry)
}

/// `stories` generated stories with their registry, in memory only (ids
/// `story-N`): for benches that need many rows but no files.
pub fn stories_in_memory(
    stories: usize,
    claims: usize,
) -> factdesk_core::Result<(Vec<Story>, SourceRegistry)> {
    let registry = registry()?;
    let ids: Vec<SourceId> = registry.sources.iter().map(|s| s.id.clone()).collect();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let first = NaiveDate::from_ymd_opt(2021, 1, 1).unwrap_or_default();
    let mut out = Vec::with_capacity(stories);
    for i in 0..stories {
        let date = first + Duration::days((i * 5 * 365 / stories.max(1)) as i64);
        let size = 2000 + rng.below(6000);
        let (story, _) = build_story(&mut rng, &ids, date, size, claims, |_, _| {
            factdesk_core::ids::StoryId::parse(&format!("story-{i}")).expect("a valid id")
        })?;
        out.push(story);
    }
    Ok((out, registry))
}

pub fn generate(out: &Path, args: &Options) -> factdesk_core::Result<()> {
    let desk = Desk::create(out, "Generated desk")?;
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let registry = registry()?;
    let ids: Vec<SourceId> = registry.sources.iter().map(|s| s.id.clone()).collect();
    let mut stored = desk.load_sources()?;
    stored.value = registry;
    stored.save()?;

    let first = NaiveDate::from_ymd_opt(2021, 1, 1).unwrap_or_default();
    let started = std::time::Instant::now();
    for i in 0..args.stories {
        let date = first + Duration::days((i * 5 * 365 / args.stories.max(1)) as i64);
        let size = 2000 + rng.below(6000);
        make_story(&desk, &mut rng, &ids, date, size, args.claims)?;
        if args.progress && (i + 1) % 1000 == 0 {
            eprintln!("{} stories ({:.1?})", i + 1, started.elapsed());
        }
    }
    if args.big {
        let date = first + Duration::days(5 * 365);
        make_story(&desk, &mut rng, &ids, date, 5_000_000, 5_000)?;
    }
    if args.progress {
        eprintln!(
            "wrote {} stories to {} in {:.1?}",
            args.stories + usize::from(args.big),
            out.display(),
            started.elapsed()
        );
    }
    Ok(())
}
