//! Text from outside never reaches the terminal raw, and big articles draw
//! as fast as small ones.

mod common;

use common::*;
use factdesk_core::model::{Anchor, SCHEMA_VERSION, Story};
use factdesk_core::slug::StoryId;
use factdesk_core::store::Desk;
use std::time::{Duration, Instant};

fn is_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn add(desk: &Desk, id: &str, headline: &str, article: &str, claim: Option<&str>) {
    let mut story = Story {
        version: SCHEMA_VERSION,
        id: StoryId::parse(id).unwrap(),
        headline: headline.into(),
        date: None,
        dateline: None,
        outlet: Some("Evil\u{1b}]0;pwned\u{7}Outlet".into()),
        byline: None,
        url: None,
        imported_at: t0(),
        imported_by: "ana".into(),
        article_len: article.len(),
        article_sha256: None,
        next_claim: 1,
        assignment: None,
        history: vec![],
        claims: vec![],
        deleted_claims: vec![],
    };
    if let Some(q) = claim {
        let start = article.find(q).unwrap();
        factdesk_core::edit::apply(
            &mut story,
            factdesk_core::edit::Edit::AddClaim {
                text: format!("{q}\u{1b}[2J"),
                anchor: Anchor {
                    start,
                    end: start + q.len(),
                    quote: q.into(),
                    prefix: String::new(),
                    suffix: String::new(),
                },
                speaker: Some("Mr\u{9b}31m Speaker\u{2066}".into()),
                score: None,
                cues: Vec::new(),
            },
            &factdesk_core::edit::Who {
                editor: "ed\u{1b}[1m".into(),
                at: t0(),
            },
        )
        .unwrap();
    }
    desk.add_story(story, article).unwrap();
}

#[test]
fn control_characters_never_reach_the_screen() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::create(dir.path(), "Desk\u{1b}[31m").unwrap();
    let article = "Plain start. \u{1b}[31mRed text\u{1b}[0m and a bell\u{7} here.\n\
                   A NUL \u{0} and C1 \u{9b}2J and \u{85} next-line.\n\
                   Bidi \u{202e}reversed\u{202c} and \u{2067}isolate\u{2069}, DEL\u{7f}.\n\
                   Tabs\tbecome\tspaces.\r\n";
    add(
        &desk,
        "hostile",
        "Head\u{1b}[2Jline\u{7}",
        article,
        Some("\u{1b}[31mRed text"),
    );
    let mut app = app(dir.path());
    for (w, h) in [(120, 40), (80, 24)] {
        let buf = render_buffer(&mut app, w, h);
        for cell in buf.content() {
            assert!(
                !cell.symbol().chars().any(is_forbidden),
                "desk screen drew {:?}",
                cell.symbol()
            );
        }
    }
    press(&mut app, "Enter");
    press(&mut app, "e");
    let buf = render_buffer(&mut app, 120, 40);
    press(&mut app, "Esc ?");
    let help = render_buffer(&mut app, 120, 40);
    press(&mut app, "Esc Tab v j j");
    let selected = render_buffer(&mut app, 120, 40);
    for buf in [buf, help, selected] {
        let text: String = buf.content().iter().map(|c| c.symbol()).collect();
        assert!(!text.chars().any(is_forbidden), "story screen: {text:?}");
        // The placeholders are there instead.
        assert!(text.contains('␛'), "escape shown as a picture");
    }
    let text = render(&mut app, 120, 40);
    assert!(text.contains("␇"));
    assert!(text.contains("␀"));
    assert!(text.contains("Tabs become spaces."));

    // The review screens: history, archive (with a highlighted hit) and
    // sources.
    factdesk_core::store::add_source(
        &desk,
        factdesk_core::model::Source {
            id: factdesk_core::slug::SourceId::parse("evil").unwrap(),
            name: "Evil\u{1b}]0;pwned\u{7} wire".into(),
            kind: factdesk_core::model::SourceKind::Wire,
            url: None,
            outlet: Some("Out\u{202e}let".into()),
            accessed: None,
        },
    )
    .unwrap();
    press(&mut app, "Esc Tab h");
    let history = render_buffer(&mut app, 120, 40);
    press(&mut app, "Esc 2");
    // A word of the claim ("Red" follows the escape's "[31m", so the word
    // there is "31mRed").
    type_text(&mut app, "text");
    let archive = render_buffer(&mut app, 120, 40);
    press(&mut app, "Esc 3");
    let sources = render_buffer(&mut app, 120, 40);
    for (name, buf) in [
        ("history", history),
        ("archive", archive),
        ("sources", sources),
    ] {
        let text: String = buf.content().iter().map(|c| c.symbol()).collect();
        assert!(!text.chars().any(is_forbidden), "{name}: {text:?}");
        assert!(text.contains('␛'), "{name}: escape shown as a picture");
    }
}

#[test]
fn a_five_megabyte_article_draws_as_fast_as_a_small_one() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::create(dir.path(), "Big").unwrap();
    let para = "The ministry said the strike came as leaders gathered to discuss the withdrawal from the city, its de facto capital. ";
    let mut article = String::new();
    let mut n = 0;
    while article.len() < 5_000_000 {
        article.push_str(para);
        n += 1;
        if n % 7 == 0 {
            article.push_str("\n\n");
        }
    }
    add(&desk, "big", "Big", &article, Some("leaders gathered"));
    add(&desk, "small", "Small", para, Some("leaders gathered"));
    let time_frames = |id: &str| {
        let mut app = app(dir.path());
        open(&mut app, id);
        let mut t = terminal(120, 40);
        // The first frame wraps the article once.
        t.draw(|f| factdesk_tui::draw(f, &mut app)).unwrap();
        let start = Instant::now();
        for _ in 0..20 {
            press(&mut app, "Tab G");
            t.draw(|f| factdesk_tui::draw(f, &mut app)).unwrap();
            press(&mut app, "g Esc");
            t.draw(|f| factdesk_tui::draw(f, &mut app)).unwrap();
        }
        start.elapsed()
    };
    let small = time_frames("small");
    let big = time_frames("big");
    // Generous bounds: equal work per frame, whatever the article's size.
    assert!(
        big < small * 10 + Duration::from_millis(500),
        "big {big:?} vs small {small:?}"
    );
}

/// Clusters whose width terminals disagree on (emoji joined by ZWJ, flags,
/// jamo syllables, stacked marks) never reach a cell: each is one `�`, so
/// the panes' borders stay where the layout put them.
#[test]
fn clusters_of_uncertain_width_never_reach_the_screen() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::create(dir.path(), "Desk").unwrap();
    let article = "Family 👨\u{200d}👩\u{200d}👧 and flag 🇺🇦 here.\n\
                   Jamo \u{1112}\u{1161}\u{11ab} and zalgo z\u{301}\u{302}\u{303}\u{304}\u{305} end.\n\
                   Heart \u{2764}\u{fe0f} and thumbs 👍\u{1f3fd} too.\n";
    add(
        &desk,
        "clusters",
        "Flags 🇺🇦 and 👨\u{200d}👩\u{200d}👧",
        article,
        Some("Family 👨\u{200d}👩\u{200d}👧"),
    );
    let mut app = app(dir.path());
    let desk_screen = render_buffer(&mut app, 100, 30);
    press(&mut app, "Enter");
    let story_screen = render_buffer(&mut app, 100, 30);
    for buf in [desk_screen, story_screen] {
        for cell in buf.content() {
            assert!(
                !factdesk_core::text::uncertain_width(cell.symbol()),
                "drew {:?}",
                cell.symbol()
            );
        }
        let text: String = buf.content().iter().map(|c| c.symbol()).collect();
        assert!(text.contains('\u{fffd}'), "{text}");
    }
}
