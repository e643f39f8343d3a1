//! Fit the check-worthiness weights and write `assets/weights.ron`.
//!
//! cargo run --release --example fit_weights -- DIR [--out FILE] [--cv]
//! cargo run --release --example fit_weights -- DIR --eval WEIGHTS
//!     [--l2 X] [--l1 X] [--min-transcripts N] [--min-sentences N]
//!     [--positive-weight X] [--iterations N] [--unequal] [--stats]
//!     [--hedge-floor X] [--attribution-cap X]
//!
//! DIR holds the CheckThat! 2019 task 1 training transcripts (`*.tsv`). The
//! fit is `factdesk_dev::checkworthy::fit` (method in
//! docs/checkworthiness.md); `--cv` also prints the leave-one-transcript-out
//! table before fitting on all of them.

use std::path::PathBuf;

use factdesk_dev::checkworthy::{self, data, fit::FitOptions};

fn fail(msg: &str) -> ! {
    eprintln!("fit_weights: {msg}");
    std::process::exit(2)
}

fn main() {
    let mut opts = FitOptions::default();
    let mut dir: Option<PathBuf> = None;
    let mut out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/weights.ron");
    let mut cv = false;
    let mut stats = false;
    let mut eval: Option<PathBuf> = None;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || {
            it.next()
                .unwrap_or_else(|| fail(&format!("{a} needs a value")))
        };
        fn number<T: std::str::FromStr>(v: String) -> T {
            v.parse()
                .unwrap_or_else(|_| fail(&format!("{v}: not a number")))
        }
        match a.as_str() {
            "--out" => out = PathBuf::from(value()),
            "--cv" => cv = true,
            "--stats" => stats = true,
            "--eval" => eval = Some(PathBuf::from(value())),
            "--hedge-floor" => opts.hedge_floor = number(value()),
            "--attribution-cap" => opts.attribution_cap = number(value()),
            "--l2" => opts.l2 = number(value()),
            "--l1" => opts.l1_words = number(value()),
            "--min-transcripts" => opts.min_transcripts = number(value()),
            "--min-sentences" => opts.min_sentences = number(value()),
            "--positive-weight" => opts.positive_weight = number(value()),
            "--iterations" => opts.iterations = number(value()),
            "--unequal" => opts.equal_transcripts = false,
            other if other.starts_with("--") => fail(&format!("unknown argument {other}")),
            other => dir = Some(PathBuf::from(other)),
        }
    }
    if let Some(weights_file) = eval {
        // Rank DIR's transcripts with a weights file as it is, fitting nothing.
        let dir = dir.unwrap_or_else(|| fail("give the folder of the transcripts to rank"));
        let text = std::fs::read_to_string(&weights_file)
            .unwrap_or_else(|e| fail(&format!("{}: {e}", weights_file.display())));
        let weights = factdesk_core::import::Weights::parse(&text, &weights_file)
            .unwrap_or_else(|e| fail(&e.to_string()));
        let transcripts = data::load_dir(&dir).unwrap_or_else(|e| fail(&e));
        let prepared = checkworthy::prepare_all(&transcripts);
        print!(
            "{}",
            checkworthy::table(&checkworthy::evaluate(&transcripts, &prepared, &weights))
        );
        return;
    }
    let dir = dir.unwrap_or_else(|| fail("give the folder of the training transcripts"));
    let transcripts = data::load_dir(&dir).unwrap_or_else(|e| fail(&e));
    let prepared = checkworthy::prepare_all(&transcripts);
    if cv {
        let rows = checkworthy::leave_one_out(&transcripts, &prepared, &opts);
        print!("{}", checkworthy::table(&rows));
    }
    let fitted = checkworthy::fit_all(&prepared, &opts);
    if stats {
        print!("{}", checkworthy::family_stats(&prepared, &fitted.weights));
        print!(
            "{}",
            checkworthy::threshold_stats(&prepared, &fitted.weights)
        );
    }
    let comment = format!(
        "factdesk check-worthiness weights: what each cue adds to a sentence's score.\n\
         Put a weights.ron of the same shape in the config folder to change single\n\
         entries (0 turns one off). Fitted with\n\
         `cargo run --release --example fit_weights -- DIR` on the {} CheckThat! 2019\n\
         training transcripts: logistic regression, {:?};\n\
         {} candidate words, {} kept; intercept {:.2}. See docs/checkworthiness.md.",
        transcripts.len(),
        opts,
        fitted.candidates,
        fitted.weights.word_count(),
        fitted.base,
    );
    let text = fitted.weights.to_ron(&comment);
    if let Err(e) = std::fs::write(&out, text) {
        fail(&format!("{}: {e}", out.display()));
    }
    println!("{}: {} words", out.display(), fitted.weights.word_count());
}
