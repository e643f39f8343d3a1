//! How well the check-worthiness score ranks what fact-checkers chose, on
//! the CheckThat! 2019 task 1 training transcripts: average precision per
//! transcript and MAP under leave-one-transcript-out (fit on 18, rank the
//! 19th), for the score and for the rules import used before it, in each
//! rendering, with the share of worthy lines in each top 10.
//!
//! cargo bench --bench checkworthy
//!
//! Not a test: the transcripts are not part of the project. They are read
//! from `CHECKTHAT_DIR`, else `../shared/checkthat2019/training` (or one
//! folder further up); without them the bench says so and stops. With
//! `CHECKTHAT_EVAL_DIR` set, the built-in weights also rank the transcripts
//! there, which they were not fitted on. Figures and method:
//! docs/checkworthiness.md.

use std::path::Path;
use std::time::Instant;

use factdesk_core::import::Weights;
use factdesk_dev::checkworthy::{self, data, eval, fit::FitOptions, render::Rendering};

fn main() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"));
    let Some(dir) = checkworthy::default_dir(workspace) else {
        println!(
            "checkworthy: skipped, no transcripts at ../shared/checkthat2019/training \
             (set CHECKTHAT_DIR to their folder)"
        );
        return;
    };
    let transcripts = match data::load_dir(&dir) {
        Ok(t) => t,
        Err(e) => {
            println!("checkworthy: skipped, {e}");
            return;
        }
    };
    let started = Instant::now();
    let prepared = checkworthy::prepare_all(&transcripts);
    println!(
        "{} transcripts from {}, leave-one-out, {:?}\n",
        transcripts.len(),
        dir.display(),
        FitOptions::default()
    );
    println!(
        "old = the rules before the score (attributed, hedged, figure or date; article order; first 300)"
    );
    println!(
        "AP = average precision of the score, fitted without the transcript; top10 = worthy share of its first 10\n"
    );
    let rows = checkworthy::leave_one_out(&transcripts, &prepared, &FitOptions::default());
    print!("{}", checkworthy::table(&rows));

    let in_order: Vec<String> = Rendering::ALL
        .iter()
        .enumerate()
        .map(|(k, r)| {
            let map = prepared
                .iter()
                .filter_map(|ps| ps.get(k))
                .map(|p| eval::measure(p, &vec![0.0; p.sentences.len()]).ap)
                .sum::<f64>()
                / prepared.len().max(1) as f64;
            format!("{} {map:.3}", r.name())
        })
        .collect();
    println!(
        "\nno ranking at all (line order), MAP: {}",
        in_order.join(", ")
    );
    let builtin = checkworthy::evaluate(&transcripts, &prepared, Weights::builtin());
    let fitted_here: Vec<String> = Rendering::ALL
        .iter()
        .enumerate()
        .map(|(k, r)| {
            let map = checkworthy::mean(&builtin, |row| row.scored.get(k).map_or(0.0, |m| m.ap));
            format!("{} {map:.3}", r.name())
        })
        .collect();
    println!(
        "built-in weights, which were fitted on these same transcripts (not a fair measure), MAP: {}",
        fitted_here.join(", ")
    );

    if let Some(other) = std::env::var_os("CHECKTHAT_EVAL_DIR") {
        match data::load_dir(Path::new(&other)) {
            Ok(unseen) => {
                let prepared = checkworthy::prepare_all(&unseen);
                println!("\nbuilt-in weights on {}:", Path::new(&other).display());
                print!(
                    "{}",
                    checkworthy::table(&checkworthy::evaluate(
                        &unseen,
                        &prepared,
                        Weights::builtin()
                    ))
                );
            }
            Err(e) => println!("\nCHECKTHAT_EVAL_DIR: {e}"),
        }
    }
    println!("\n({:.1} s)", started.elapsed().as_secs_f64());
}
