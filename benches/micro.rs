//! Micro benchmarks: `cargo bench --bench micro`.
//!
//! Each group makes its own data in a temporary folder (through
//! `factdesk_dev::gen_desk`), once per process. The desk-wide timings (whole
//! processes on a 10,000-story desk) are in `benches/desk.sh`.

use std::path::Path;
use std::sync::OnceLock;

use factdesk_core::archive::{ClaimRow, Searcher};
use factdesk_core::edit::{Edit, Who, apply};
use factdesk_core::ids::StoryId;
use factdesk_core::model::Verdict;
use factdesk_core::store::{Desk, StoryDoc};
use factdesk_tui::keymap::Keymap;
use factdesk_tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn main() {
    divan::main();
}

/// A desk holding the sample story and the generated 5 MB / 5,000-claim
/// story, made once; the folder lives as long as the process.
struct Desks {
    _dir: tempfile::TempDir,
    root: std::path::PathBuf,
    big: StoryId,
    sample: StoryId,
}

fn desks() -> &'static Desks {
    static DESKS: OnceLock<Desks> = OnceLock::new();
    DESKS.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("desk");
        let desk = factdesk_core::sample::seed(&root).expect("sample desk");
        let (ids, _) = desk.story_ids().expect("ids");
        let sample = ids[0].clone();
        let opts = factdesk_dev::gen_desk::Options {
            stories: 0,
            big: true,
            ..Default::default()
        };
        factdesk_dev::gen_desk::generate(&root, &opts).expect("big story");
        let big = factdesk_dev::gen_desk::big_story_id(&desk).expect("big story id");
        Desks {
            _dir: dir,
            root,
            big,
            sample,
        }
    })
}

fn story_app(id: &StoryId) -> factdesk_tui::App {
    let desk = Desk::open(&desks().root).expect("desk");
    let mut app = factdesk_tui::App::new(
        desk,
        "bench".into(),
        Keymap::default_keymap(),
        Theme::default_theme(),
    );
    app.dispatch(factdesk_tui::Action::open_story(id.clone()));
    assert!(app.story_screen().is_some(), "story {id} opened");
    app
}

/// One frame of the story screen at 200×60.
mod frame {
    use super::*;

    fn bench_story(bencher: divan::Bencher, id: &StoryId) {
        let mut app = story_app(id);
        let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
        // The first frame builds the article's line index; time the
        // frames after it, as while scrolling or tagging.
        terminal
            .draw(|f| factdesk_tui::draw(f, &mut app))
            .expect("draw");
        bencher.bench_local(|| {
            terminal
                .draw(|f| factdesk_tui::draw(f, &mut app))
                .expect("draw");
        });
    }

    #[divan::bench]
    fn story_screen_sample(bencher: divan::Bencher) {
        bench_story(bencher, &desks().sample);
    }

    #[divan::bench]
    fn story_screen_5000_claims(bencher: divan::Bencher) {
        bench_story(bencher, &desks().big);
    }
}

/// Sentence splitting and claim suggestions of an import.
mod import {
    use super::*;

    fn article(size: usize) -> &'static str {
        static SMALL: OnceLock<String> = OnceLock::new();
        static BIG: OnceLock<String> = OnceLock::new();
        if size < 100_000 {
            SMALL.get_or_init(|| factdesk_dev::gen_desk::article_text(7, 5_000, 12))
        } else {
            BIG.get_or_init(|| factdesk_dev::gen_desk::article_text(7, 5_000_000, 5_000))
        }
    }

    #[divan::bench(args = [5_000, 5_000_000])]
    fn sentences(size: usize) -> usize {
        let text = article(size);
        factdesk_core::import::sentences(divan::black_box(text), 0).len()
    }

    #[divan::bench(args = [5_000, 5_000_000])]
    fn suggest_claims(size: usize) -> usize {
        let text = article(size);
        let meta = factdesk_core::import::parse_header(text);
        factdesk_core::import::suggest_claims(divan::black_box(text), meta.body_start).len()
    }
}

/// The archive search over 200,000 claims, one keystroke at a time.
mod archive {
    use super::*;

    fn rows() -> &'static [ClaimRow] {
        static ROWS: OnceLock<Vec<ClaimRow>> = OnceLock::new();
        ROWS.get_or_init(|| {
            let (mut stories, registry) =
                factdesk_dev::gen_desk::stories_in_memory(10_000, 20).expect("stories");
            factdesk_core::archive::sort_newest_first(&mut stories);
            let rows = factdesk_core::archive::rows(&stories, &registry);
            assert!(rows.len() >= 200_000, "{} rows", rows.len());
            rows
        })
    }

    /// A searcher as the archive screen keeps it: its rows indexed once
    /// when they are loaded.
    fn prepared(rows: &[ClaimRow]) -> Searcher {
        let mut s = Searcher::new();
        s.prepare(rows);
        s
    }

    /// Indexing the 200,000 rows (once, when the archive is loaded).
    #[divan::bench(sample_count = 10)]
    fn prepare_index(bencher: divan::Bencher) {
        let rows = rows();
        bencher.bench_local(|| {
            let mut s = Searcher::new();
            s.prepare(rows);
            s
        });
    }

    /// What a screen shows: highlight positions are made for these hits.
    const SHOWN: usize = 60;

    /// One search from scratch (no earlier search to narrow), with the
    /// query typed so far of "convoy verdict:disputed": the worst case of
    /// a keystroke.
    #[divan::bench(args = [1, 2, 3, 6, 23])]
    fn keystroke_cold(bencher: divan::Bencher, typed: usize) {
        let rows = rows();
        let q = factdesk_core::query::parse(&TYPED[..typed]).unwrap_or_default();
        bencher
            .with_inputs(|| prepared(rows))
            .bench_local_values(|mut searcher| searcher.search_top(rows, &q, SHOWN).len());
    }

    const TYPED: &str = "convoy verdict:disputed";

    /// "convoy" typed one letter at a time into the archive search (six
    /// searches, each narrowing the one before): divide by six for a
    /// keystroke.
    #[divan::bench]
    fn word_typed_6_keys(bencher: divan::Bencher) {
        let rows = rows();
        let queries: Vec<_> = (1..="convoy".len())
            .map(|n| factdesk_core::query::parse(&"convoy"[..n]).unwrap_or_default())
            .collect();
        bencher
            .with_inputs(|| prepared(rows))
            .bench_local_values(|mut searcher| {
                queries
                    .iter()
                    .map(|q| searcher.search_top(rows, q, SHOWN).len())
                    .sum::<usize>()
            });
    }
}

/// Tagging one claim of the 5,000-claim story and saving it (RON, temp
/// file, fsync, backup link, rename, folder fsync).
mod tag {
    use super::*;

    fn load(root: &Path, id: &StoryId) -> StoryDoc {
        let desk = Desk::open(root).expect("desk");
        let mut doc = desk.load_story(id).expect("story");
        if doc.needs_save() {
            doc.save().expect("save");
        }
        doc
    }

    /// Tag claim 1 back and forth and save, on the story `id`.
    fn tag_and_save(bencher: divan::Bencher, root: &Path, id: &StoryId) {
        let mut doc = load(root, id);
        let who = Who::now("bench");
        let mut n = 0u32;
        bencher.bench_local(|| {
            n += 1;
            let verdict = if n.is_multiple_of(2) {
                Verdict::Confirmed
            } else {
                Verdict::Disputed
            };
            apply(
                doc.story_mut(),
                Edit::SetVerdict { claim: 1, verdict },
                &who,
            )
            .expect("edit");
            doc.save().expect("save");
        });
    }

    #[divan::bench(sample_count = 30, sample_size = 1)]
    fn tag_and_save_5000_claims(bencher: divan::Bencher) {
        let d = desks();
        tag_and_save(bencher, &d.root, &d.big);
    }

    /// The RON text of the 5,000-claim story alone (the part of a save
    /// that is not the disk's).
    #[divan::bench(sample_count = 30, sample_size = 1)]
    fn serialise_5000_claims(bencher: divan::Bencher) {
        let d = desks();
        let doc = load(&d.root, &d.big);
        let path = d.root.join("x.ron");
        bencher.bench_local(|| {
            factdesk_core::store::ron_file::to_string_sized(doc.story(), &path, 9_000_000)
                .expect("ron")
                .len()
        });
    }

    #[divan::bench(sample_count = 30, sample_size = 1)]
    fn tag_and_save_sample(bencher: divan::Bencher) {
        let d = desks();
        tag_and_save(bencher, &d.root, &d.sample);
    }
}
