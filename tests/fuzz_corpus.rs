//! The fuzzers' committed corpora and every crash they found, replayed
//! through the same harness functions on each `cargo test` (no fuzzer
//! needed). Inputs live in `fuzz/corpus/<target>/` (minimised) and
//! `fuzz/regressions/<target>/` (crashes, kept forever).

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut n = 0;
    for dir in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
            continue;
        };
        let mut files: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
        files.sort();
        for file in files {
            let data = std::fs::read(&file).unwrap();
            if let Err(e) = std::panic::catch_unwind(|| run(&data)) {
                let msg = e
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                panic!("{}: {msg}", file.display());
            }
            n += 1;
        }
    }
    assert!(n > 0, "no inputs for {target}");
}

#[test]
fn load_story_inputs() {
    replay("load_story", factdesk_dev::fuzz::load_story);
}

#[test]
fn import_article_inputs() {
    replay("import_article", factdesk_dev::fuzz::import_article);
}

#[test]
fn reanchor_inputs() {
    replay("reanchor", factdesk_dev::fuzz::reanchor);
}

#[test]
fn query_inputs() {
    replay("query", factdesk_dev::fuzz::query);
}
