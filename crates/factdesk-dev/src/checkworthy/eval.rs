//! Ranking a transcript's lines and measuring the ranking: average
//! precision per transcript and its mean over transcripts (MAP), the
//! measure of the CheckThat! lab.

use factdesk_core::import::{Analysed, CueKind, Weights, analyse, parse_header, score};

use super::data::Transcript;
use super::render::{Rendering, render};

/// A transcript rendered and analysed once, for every fit and ranking.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub name: String,
    pub rendering: Rendering,
    /// Per transcript line: chosen by fact-checkers.
    pub labels: Vec<bool>,
    pub sentences: Vec<Analysed>,
    /// Per sentence: the lines it overlaps.
    pub lines_of: Vec<Vec<usize>>,
}

impl Prepared {
    /// A sentence is worth checking when a line it covers is.
    pub fn sentence_label(&self, s: usize) -> bool {
        self.lines_of.get(s).is_some_and(|ls| {
            ls.iter()
                .any(|&l| self.labels.get(l).copied().unwrap_or(false))
        })
    }
}

/// Render `t` as an article and read it the way import does: the header,
/// the sentences from the body on, their cues.
pub fn prepare(t: &Transcript, how: Rendering) -> Prepared {
    let article = render(t, how);
    let meta = parse_header(&article.text);
    let sentences = analyse(&article.text, meta.body_start);
    let lines_of = sentences
        .iter()
        .map(|s| {
            article
                .lines
                .iter()
                .enumerate()
                .skip_while(|(_, r)| r.end <= s.start)
                .take_while(|(_, r)| r.start < s.end)
                .map(|(i, _)| i)
                .collect()
        })
        .collect();
    Prepared {
        name: t.name.clone(),
        rendering: how,
        labels: t.lines.iter().map(|l| l.worthy).collect(),
        sentences,
        lines_of,
    }
}

/// Each line's score: the best of the sentences over it; a line no
/// sentence covers ranks last.
pub fn line_scores(p: &Prepared, sentence_scores: &[f64]) -> Vec<f64> {
    let mut out = vec![f64::NEG_INFINITY; p.labels.len()];
    for (s, lines) in p.lines_of.iter().enumerate() {
        let score = sentence_scores.get(s).copied().unwrap_or(f64::NEG_INFINITY);
        for &l in lines {
            if let Some(o) = out.get_mut(l) {
                *o = o.max(score);
            }
        }
    }
    out
}

/// Line indices best first; equal scores in line order, as a reader
/// going down the list would take them.
pub fn ranking(scores: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    order
}

/// The mean, over the worthy lines, of the precision at each one's rank.
pub fn average_precision(scores: &[f64], labels: &[bool]) -> f64 {
    let total = labels.iter().filter(|&&l| l).count();
    if total == 0 {
        return 0.0;
    }
    let mut hits = 0usize;
    let mut sum = 0.0;
    for (rank, &line) in ranking(scores).iter().enumerate() {
        if labels.get(line).copied().unwrap_or(false) {
            hits += 1;
            sum += hits as f64 / (rank + 1) as f64;
        }
    }
    sum / total as f64
}

/// The share of worthy lines among the first `k` of the ranking.
pub fn precision_at(scores: &[f64], labels: &[bool], k: usize) -> f64 {
    let hits = ranking(scores)
        .iter()
        .take(k)
        .filter(|&&l| labels.get(l).copied().unwrap_or(false))
        .count();
    hits as f64 / k.min(labels.len()).max(1) as f64
}

/// Sentence scores from `weights`, through the scorer import uses.
pub fn scores_with(p: &Prepared, weights: &Weights) -> Vec<f64> {
    p.sentences
        .iter()
        .map(|a| score(a, weights).score.as_f64())
        .collect()
}

/// How import chose claims before there was a score: a sentence was
/// suggested when it was attributed, hedged, or had a figure or a date; in
/// article order, the first 300. Those first, then the rest in order.
pub fn baseline_scores(p: &Prepared) -> Vec<f64> {
    const OLD_RULES: [CueKind; 8] = [
        CueKind::Attributed,
        CueKind::Hedge,
        CueKind::Figure,
        CueKind::BigNumber,
        CueKind::Money,
        CueKind::Percent,
        CueKind::Date,
        CueKind::Day,
    ];
    let mut taken = 0usize;
    p.sentences
        .iter()
        .map(|a| {
            let suggested = a.cues.iter().any(|(k, _)| OLD_RULES.contains(k));
            if suggested && taken < factdesk_core::import::DEFAULT_CAP {
                taken += 1;
                1.0
            } else {
                0.0
            }
        })
        .collect()
}

/// What one ranking of one transcript scored.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measured {
    pub ap: f64,
    pub top10: f64,
}

pub fn measure(p: &Prepared, sentence_scores: &[f64]) -> Measured {
    let lines = line_scores(p, sentence_scores);
    Measured {
        ap: average_precision(&lines, &p.labels),
        top10: precision_at(&lines, &p.labels, 10),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn average_precision_by_hand() {
        // Worthy lines at ranks 1 and 4: (1/1 + 2/4) / 2.
        let ap = average_precision(&[0.9, 0.5, 0.7, 0.1], &[true, false, false, true]);
        assert!((ap - (1.0 + 2.0 / 4.0) / 2.0).abs() < 1e-9, "{ap}");
        // Ties go in line order.
        let ap = average_precision(&[1.0, 1.0], &[false, true]);
        assert!((ap - 0.5).abs() < 1e-9);
        assert_eq!(precision_at(&[3.0, 2.0, 1.0], &[true, false, true], 2), 0.5);
    }
}
