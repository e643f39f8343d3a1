//! The weights file and the sum it makes.

use std::path::Path;

use super::cues::{Analysed, CueKind};
use super::score::{DEFAULT_WEIGHTS, WORD_CUE, Weights, score, score_sentences};
use crate::model::{Cue, Score};

fn path() -> &'static Path {
    Path::new("/home/ana/.config/factdesk/weights.ron")
}

#[test]
fn the_built_in_weights_are_whole() {
    let w = Weights::parse(DEFAULT_WEIGHTS, Path::new("assets/weights.ron")).unwrap();
    assert_eq!(&w, Weights::builtin());
    assert!(w.word_count() > 20, "the fitted lexicon is missing");
    // Every family is listed, and each on the side its name says.
    for kind in CueKind::ALL {
        assert!(
            DEFAULT_WEIGHTS.contains(&format!("\"{}\":", kind.name())),
            "{} missing",
            kind.name()
        );
    }
    assert!(w.cue(CueKind::Percent) > Score::ZERO);
    assert!(w.cue(CueKind::Hedge) >= Score::from_hundredths(100));
    assert!(w.cue(CueKind::Question) < Score::ZERO);
    assert!(w.cue(CueKind::Courtesy) < Score::ZERO);
    assert!(w.cue(CueKind::Attributed).hundredths().abs() <= 25);
}

#[test]
fn a_user_file_changes_single_entries() {
    let text = "// mine\n(cues: {\"question\": -3.0}, words: {\"Premiums\": 2, \"jobs\": 0})";
    let w = Weights::with_overrides(text, path()).unwrap();
    let builtin = Weights::builtin();
    assert_eq!(w.cue(CueKind::Question), Score::from_hundredths(-300));
    assert_eq!(w.cue(CueKind::Figure), builtin.cue(CueKind::Figure));
    assert_eq!(w.word("premiums"), Score::from_hundredths(200));
    // Zero takes a word out.
    assert_eq!(w.word("jobs"), Score::ZERO);
    assert!(Weights::with_overrides("()", path()).is_ok());
}

#[test]
fn a_bad_user_file_names_the_file_line_and_column() {
    let text = "(\n  cues: {\n    \"figgure\": 1.0,\n  },\n)";
    let e = Weights::with_overrides(text, path()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "/home/ana/.config/factdesk/weights.ron:3:5: unknown cue \"figgure\"; \
         using the built-in weights"
    );
    let e = Weights::with_overrides("(cues: {\"figure\": one})", path()).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("/home/ana/.config/factdesk/weights.ron:1:")
    );
    let e = Weights::with_overrides("(cues: {}, colour: 1)", path()).unwrap_err();
    assert!(e.to_string().contains("colour"), "{e}");
}

#[test]
fn the_file_the_fit_writes_reads_back_the_same() {
    let mut w = Weights::default();
    w.set_cue(CueKind::Figure, Score::from_hundredths(121));
    w.set_cue(CueKind::Question, Score::from_hundredths(-47));
    w.set_word("jobs", Score::from_hundredths(75));
    w.set_word("say \"what\"", Score::from_hundredths(-5));
    let text = w.to_ron("fitted\non two lines");
    assert!(text.starts_with("// fitted\n// on two lines\n("), "{text}");
    assert!(text.contains("        \"figure\": 1.21,\n"), "{text}");
    assert_eq!(Weights::parse(&text, path()).unwrap(), w);
}

#[test]
fn a_score_is_the_sum_of_its_cues_strongest_first() {
    let mut w = Weights::default();
    w.set_cue(CueKind::Figure, Score::from_hundredths(120));
    w.set_cue(CueKind::Superlative, Score::from_hundredths(80));
    w.set_cue(CueKind::Question, Score::from_hundredths(-100));
    w.set_word("jobs", Score::from_hundredths(30));
    let a = Analysed {
        start: 4,
        end: 40,
        speaker: Some("Kelly".into()),
        cues: vec![
            (CueKind::Figure, "30".into()),
            (CueKind::Superlative, "most".into()),
            (CueKind::Date, "May".into()),
            (CueKind::Question, "?".into()),
        ],
        words: vec![
            ("jobs".into(), "Jobs".into()),
            ("town".into(), "town".into()),
        ],
    };
    let s = score(&a, &w);
    assert_eq!(s.score, Score::from_hundredths(130));
    let cue = |name: &str, h: i32, text: &str| Cue {
        name: name.into(),
        weight: Score::from_hundredths(h),
        text: text.into(),
    };
    // A cue of weight zero ("date" here) is left out.
    assert_eq!(
        s.cues,
        [
            cue("figure", 120, "30"),
            cue("superlative", 80, "most"),
            cue(WORD_CUE, 30, "Jobs"),
            cue("question", -100, "?"),
        ]
    );
    assert_eq!(
        (s.start, s.end, s.speaker.as_deref()),
        (4, 40, Some("Kelly"))
    );
}

#[test]
fn scores_are_the_same_every_time() {
    let text = "The ministry said 30 people died on May 28. Why now? Thank you.";
    let a = score_sentences(text, 0, Weights::builtin());
    let b = score_sentences(text, 0, Weights::builtin());
    assert_eq!(a, b);
    assert_eq!(a.len(), 3);
    assert!(a[0].score > a[1].score && a[0].score > a[2].score, "{a:?}");
}

#[test]
fn scores_read_and_write_as_plain_numbers() {
    let s = Score::from_hundredths(125);
    assert_eq!(ron::to_string(&s).unwrap(), "1.25");
    assert_eq!(serde_json::to_string(&s).unwrap(), "1.25");
    assert_eq!(
        ron::from_str::<Score>("1").unwrap(),
        Score::from_hundredths(100)
    );
    assert_eq!(
        ron::from_str::<Score>("-0.333").unwrap(),
        Score::from_hundredths(-33)
    );
    assert!(ron::from_str::<Score>("1e300").is_err());
    assert_eq!(Score::from_hundredths(-85).signed(), "−0.85");
    assert_eq!(Score::from_hundredths(120).signed(), "+1.20");
    assert_eq!(format!("{:>6}", Score::from_hundredths(-5)), " -0.05");
    assert_eq!(Score::from_f64(f64::NAN), None);
}
