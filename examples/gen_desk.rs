//! Generate a big, realistic desk for benchmarks (see `factdesk_dev::gen_desk`).
//!
//! cargo run --release --example gen_desk -- --stories 10000 --claims 20 --out DIR [--big]
//!
//! The generator itself is `factdesk_dev::gen_desk`.

use std::path::PathBuf;

fn main() {
    let mut opts = factdesk_dev::gen_desk::Options {
        progress: true,
        ..Default::default()
    };
    let mut out = PathBuf::from("big-desk");
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || {
            it.next().unwrap_or_else(|| {
                eprintln!("gen_desk: {a} needs a value");
                std::process::exit(2)
            })
        };
        let number = |v: String| {
            v.parse().unwrap_or_else(|e| {
                eprintln!("gen_desk: {v}: {e}");
                std::process::exit(2)
            })
        };
        match a.as_str() {
            "--stories" => opts.stories = number(value()),
            "--claims" => opts.claims = number(value()),
            "--out" => out = PathBuf::from(value()),
            "--big" => opts.big = true,
            other => {
                eprintln!("gen_desk: unknown argument {other}");
                std::process::exit(2);
            }
        }
    }
    if let Err(e) = factdesk_dev::gen_desk::generate(&out, &opts) {
        eprintln!("gen_desk: {e}");
        std::process::exit(1);
    }
}
