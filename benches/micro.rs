//! Micro benchmarks: `cargo bench --bench micro`.
//!
//! Each group makes its own data in a temporary folder (through
//! `factdesk_dev::gen_desk`), once per process. The desk-wide timings (whole
//! processes on a 10,000-story desk) are in `benches/desk.sh`.

use std::path::Path;
use std::sync::OnceLock;

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

/// The archive search on the index of a generated desk (2,000 stories,
/// 40,000 claims), one keystroke at a time: what the screen asks for (the
/// first page of hits).
mod archive {
    use factdesk_core::archive::Archive;
    use std::sync::{Mutex, OnceLock};

    fn archive() -> &'static Mutex<Archive> {
        static ARCHIVE: OnceLock<(tempfile::TempDir, Mutex<Archive>)> = OnceLock::new();
        &ARCHIVE
            .get_or_init(|| {
                let tmp = tempfile::tempdir().expect("a temporary folder");
                let root = tmp.path().join("desk");
                let opts = factdesk_dev::gen_desk::Options {
                    stories: 2_000,
                    claims: 20,
                    ..Default::default()
                };
                factdesk_dev::gen_desk::generate(&root, &opts).expect("a desk");
                let desk = factdesk_core::store::Desk::open(&root).expect("the desk");
                let archive = Archive::open(&desk).expect("its archive");
                (tmp, Mutex::new(archive))
            })
            .1
    }

    const TYPED: &str = "convoy verdict:disputed";
    /// The hits a screen loads at first.
    const PAGE: usize = 200;

    #[divan::bench(args = [1, 2, 3, 6, 23])]
    fn keystroke(bencher: divan::Bencher, typed: usize) {
        let q = factdesk_core::query::parse(&TYPED[..typed]).unwrap_or_default();
        let mut a = archive().lock().expect("the archive");
        bencher.bench_local(|| a.search(&q, PAGE, 60).map(|f| f.total).unwrap_or(0));
    }

    /// "Seen before" of one claim's wording.
    #[divan::bench]
    fn seen_before(bencher: divan::Bencher) {
        let a = archive().lock().expect("the archive");
        let story = factdesk_core::slug::StoryId::parse("x-none").expect("an id");
        let text = "The ministry said the convoy was hit near the border on Tuesday";
        bencher.bench_local(|| {
            a.similar(&story, text, factdesk_core::similar::THRESHOLD, 5)
                .map(|m| m.len())
                .unwrap_or(0)
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
