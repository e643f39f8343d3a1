//! Fitting and measuring the check-worthiness score on the CheckThat! 2019
//! task 1 transcripts (debates and speeches whose lines fact-checkers
//! marked as worth checking). The transcripts are read from where they
//! lie; nothing of them is kept in the project.
//!
//! Every transcript goes through the same path as an imported article: it
//! is written out as an article ([`render`]), its sentences are split and
//! analysed by the importer, and each line is ranked by the best score of
//! the sentences over it.

pub mod data;
pub mod eval;
pub mod fit;
pub mod render;

use std::path::{Path, PathBuf};

use data::Transcript;
use eval::{Measured, Prepared, baseline_scores, measure, prepare, scores_with};
use fit::{FitOptions, fit};
use render::Rendering;

/// Where the training transcripts are looked for when no folder is given:
/// `CHECKTHAT_DIR`, else `shared/checkthat2019/training` beside the
/// workspace or one folder further up.
pub fn default_dir(workspace: &Path) -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("CHECKTHAT_DIR") {
        return Some(PathBuf::from(dir));
    }
    [
        workspace.join("../shared/checkthat2019/training"),
        workspace.join("../../shared/checkthat2019/training"),
    ]
    .into_iter()
    .find(|d| d.is_dir())
}

/// One transcript's figures under leave-one-out.
#[derive(Debug, Clone)]
pub struct Row {
    pub name: String,
    pub lines: usize,
    pub worthy: usize,
    /// Per rendering, in [`Rendering::ALL`] order: the old rules, the score.
    pub baseline: Vec<Measured>,
    pub scored: Vec<Measured>,
}

/// Every transcript in every rendering, analysed once.
pub fn prepare_all(transcripts: &[Transcript]) -> Vec<Vec<Prepared>> {
    transcripts
        .iter()
        .map(|t| Rendering::ALL.iter().map(|&r| prepare(t, r)).collect())
        .collect()
}

/// The prepared renderings the fit learns from.
pub const FIT_ON: [Rendering; 2] = [Rendering::Raw, Rendering::Wire];

fn training(prepared: &[Vec<Prepared>], leave_out: Option<usize>) -> Vec<&Prepared> {
    prepared
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != leave_out)
        .flat_map(|(_, ps)| ps.iter().filter(|p| FIT_ON.contains(&p.rendering)))
        .collect()
}

/// Leave-one-transcript-out: for each transcript, fit on all the others
/// and rank its lines.
pub fn leave_one_out(
    transcripts: &[Transcript],
    prepared: &[Vec<Prepared>],
    opts: &FitOptions,
) -> Vec<Row> {
    transcripts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let fitted = fit(&training(prepared, Some(i)), opts);
            let ps = prepared.get(i).map(Vec::as_slice).unwrap_or_default();
            Row {
                name: t.name.clone(),
                lines: t.lines.len(),
                worthy: t.positives(),
                baseline: ps.iter().map(|p| measure(p, &baseline_scores(p))).collect(),
                scored: ps
                    .iter()
                    .map(|p| measure(p, &scores_with(p, &fitted.weights)))
                    .collect(),
            }
        })
        .collect()
}

/// Each transcript ranked with fixed `weights` (no fit): how weights
/// fitted elsewhere do on transcripts they never saw.
pub fn evaluate(
    transcripts: &[Transcript],
    prepared: &[Vec<Prepared>],
    weights: &factdesk_core::import::Weights,
) -> Vec<Row> {
    transcripts
        .iter()
        .zip(prepared)
        .map(|(t, ps)| Row {
            name: t.name.clone(),
            lines: t.lines.len(),
            worthy: t.positives(),
            baseline: ps.iter().map(|p| measure(p, &baseline_scores(p))).collect(),
            scored: ps
                .iter()
                .map(|p| measure(p, &scores_with(p, weights)))
                .collect(),
        })
        .collect()
}

/// The fit on every transcript: what goes into `assets/weights.ron`.
pub fn fit_all(prepared: &[Vec<Prepared>], opts: &FitOptions) -> fit::Fitted {
    fit(&training(prepared, None), opts)
}

/// The mean of a column of the rows.
pub fn mean(rows: &[Row], f: impl Fn(&Row) -> f64) -> f64 {
    rows.iter().map(&f).sum::<f64>() / rows.len().max(1) as f64
}

/// The table the bench and the fit print.
pub fn table(rows: &[Row]) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = write!(out, "{:<28} {:>5} {:>4}", "transcript", "lines", "pos");
    for r in Rendering::ALL {
        let _ = write!(
            out,
            " | {:>9} {:>6} {:>6}",
            format!("{} old", r.name()),
            "AP",
            "top10"
        );
    }
    out.push('\n');
    for row in rows {
        let _ = write!(out, "{:<28} {:>5} {:>4}", row.name, row.lines, row.worthy);
        for (b, s) in row.baseline.iter().zip(&row.scored) {
            let _ = write!(out, " | {:>9.3} {:>6.3} {:>6.2}", b.ap, s.ap, s.top10);
        }
        out.push('\n');
    }
    let _ = write!(out, "{:<28} {:>5} {:>4}", "MAP", "", "");
    for k in 0..Rendering::ALL.len() {
        let b = mean(rows, |r| r.baseline.get(k).map_or(0.0, |m| m.ap));
        let s = mean(rows, |r| r.scored.get(k).map_or(0.0, |m| m.ap));
        let t = mean(rows, |r| r.scored.get(k).map_or(0.0, |m| m.top10));
        let _ = write!(out, " | {b:>9.3} {s:>6.3} {t:>6.2}");
    }
    out.push('\n');
    out
}

/// How often each cue family fires in the raw rendering, and how many of
/// those sentences fact-checkers chose: the evidence behind each weight.
pub fn family_stats(
    prepared: &[Vec<Prepared>],
    weights: &factdesk_core::import::Weights,
) -> String {
    use factdesk_core::import::CueKind;
    use std::fmt::Write;
    let raw: Vec<&Prepared> = prepared
        .iter()
        .flat_map(|ps| ps.iter().filter(|p| p.rendering == Rendering::Raw))
        .collect();
    let total: usize = raw.iter().map(|p| p.sentences.len()).sum();
    let worthy: usize = raw
        .iter()
        .map(|p| {
            (0..p.sentences.len())
                .filter(|&s| p.sentence_label(s))
                .count()
        })
        .sum();
    let mut out = format!(
        "{total} sentences, {worthy} worthy ({:.1} %)\n{:<16} {:>7} {:>7} {:>8} {:>7}\n",
        100.0 * worthy as f64 / total.max(1) as f64,
        "cue",
        "fired",
        "worthy",
        "share %",
        "weight"
    );
    for kind in CueKind::ALL {
        let (mut fired, mut hits) = (0usize, 0usize);
        for p in &raw {
            for (s, a) in p.sentences.iter().enumerate() {
                if a.cues.iter().any(|(k, _)| *k == kind) {
                    fired += 1;
                    hits += usize::from(p.sentence_label(s));
                }
            }
        }
        let _ = writeln!(
            out,
            "{:<16} {fired:>7} {hits:>7} {:>8.1} {:>7}",
            kind.name(),
            100.0 * hits as f64 / fired.max(1) as f64,
            weights.cue(kind).signed()
        );
    }
    out
}

/// For a few thresholds: the share of sentences scoring at least that
/// much, and the share of worthy sentences among them, in the raw
/// rendering with `weights`: what a desk's `suggest_threshold` keeps.
pub fn threshold_stats(
    prepared: &[Vec<Prepared>],
    weights: &factdesk_core::import::Weights,
) -> String {
    use std::fmt::Write;
    let mut scored: Vec<(f64, bool)> = Vec::new();
    for p in prepared
        .iter()
        .flat_map(|ps| ps.iter().filter(|p| p.rendering == Rendering::Raw))
    {
        for (s, score) in scores_with(p, weights).into_iter().enumerate() {
            scored.push((score, p.sentence_label(s)));
        }
    }
    let worthy = scored.iter().filter(|(_, w)| *w).count().max(1);
    let mut out = format!(
        "{:>9} {:>10} {:>14} {:>10}\n",
        "threshold", "kept %", "worthy kept %", "precision"
    );
    for t in [0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0] {
        let kept: Vec<&(f64, bool)> = scored.iter().filter(|(s, _)| *s >= t).collect();
        let hits = kept.iter().filter(|(_, w)| *w).count();
        let _ = writeln!(
            out,
            "{t:>9.2} {:>10.1} {:>14.1} {:>9.1}%",
            100.0 * kept.len() as f64 / scored.len().max(1) as f64,
            100.0 * hits as f64 / worthy as f64,
            100.0 * hits as f64 / kept.len().max(1) as f64,
        );
    }
    out
}
