//! Fitting the weights: a regularised logistic regression over the cue
//! families and the lexicon words, on sentences labelled by the
//! transcripts' fact-checkers.
//!
//! Every feature is a named cue that fired or not, so each fitted weight
//! reads as "this cue adds so much". The families get a ridge penalty
//! (small weights unless the data insists); the words get a lasso penalty
//! as well, which leaves most of them at zero, so the lexicon that comes out
//! is short enough to read. Words are only candidates when they occur in
//! several transcripts, so that no debate's topic becomes a cue.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use factdesk_core::import::{CueKind, Weights};
use factdesk_core::model::Score;

use super::eval::Prepared;

/// How a fit is made. The defaults are what `assets/weights.ron` was
/// fitted with.
#[derive(Debug, Clone, PartialEq)]
pub struct FitOptions {
    /// Ridge penalty on every weight.
    pub l2: f64,
    /// Lasso penalty on the lexicon words.
    pub l1_words: f64,
    /// A word is a candidate when it occurs in at least this many training
    /// transcripts...
    pub min_transcripts: usize,
    /// ...and in at least this many sentences.
    pub min_sentences: usize,
    /// Weight of a worthy sentence against an unworthy one.
    pub positive_weight: f64,
    /// Give every transcript the same total weight, as the measure does.
    pub equal_transcripts: bool,
    pub iterations: usize,
    /// Who said it is no reason to check it: the attribution cue is kept
    /// within this much either way.
    pub attribution_cap: f64,
    /// Words whose fitted weight rounds below this are dropped.
    pub min_word_weight: f64,
    /// The least weight a hedge gets. Debates and speeches hardly ever
    /// hedge, so the data cannot say what a hedge is worth; a desk checks
    /// what its own article says is unconfirmed.
    pub hedge_floor: f64,
}

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions {
            l2: 1e-3,
            l1_words: 2e-4,
            min_transcripts: 5,
            min_sentences: 8,
            positive_weight: 1.0,
            equal_transcripts: true,
            iterations: 600,
            attribution_cap: 0.25,
            min_word_weight: 0.05,
            hedge_floor: 1.0,
        }
    }
}

/// What came out of a fit, besides the weights.
#[derive(Debug, Clone)]
pub struct Fitted {
    pub weights: Weights,
    /// The fitted intercept: the log-odds of a sentence with no cue.
    pub base: f64,
    pub candidates: usize,
}

struct Sample {
    features: Vec<u32>,
    worthy: bool,
    weight: f64,
}

/// Fit weights on the sentences of `train`.
pub fn fit(train: &[&Prepared], opts: &FitOptions) -> Fitted {
    let vocab = vocabulary(train, opts);
    let families = CueKind::ALL.len();
    let index: HashMap<&str, u32> = vocab
        .iter()
        .enumerate()
        .map(|(i, w)| (w.as_str(), (families + i) as u32))
        .collect();
    let samples = samples(train, &index, opts);
    let dims = families + vocab.len();
    let limits: Vec<(f64, f64)> = CueKind::ALL.iter().map(|&k| bounds(k, opts)).collect();
    let (w, base) = logistic(&samples, dims, &limits, opts);

    let mut weights = Weights::default();
    for (i, kind) in CueKind::ALL.into_iter().enumerate() {
        let (lo, hi) = bounds(kind, opts);
        let x = w.get(i).copied().unwrap_or(0.0).clamp(lo, hi);
        weights.set_cue(kind, Score::from_f64(x).unwrap_or_default());
    }
    for (i, word) in vocab.iter().enumerate() {
        let x = w.get(families + i).copied().unwrap_or(0.0);
        if x.abs() >= opts.min_word_weight {
            weights.set_word(word, Score::from_f64(x).unwrap_or_default());
        }
    }
    Fitted {
        weights,
        base,
        candidates: vocab.len(),
    }
}

fn vocabulary(train: &[&Prepared], opts: &FitOptions) -> Vec<String> {
    let mut transcripts: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    let mut sentences: HashMap<&str, usize> = HashMap::new();
    for p in train {
        for a in &p.sentences {
            for (key, _) in &a.words {
                transcripts.entry(key).or_default().insert(&p.name);
                *sentences.entry(key).or_default() += 1;
            }
        }
    }
    let mut vocab: Vec<String> = transcripts
        .into_iter()
        .filter(|(key, ts)| {
            ts.len() >= opts.min_transcripts
                && sentences.get(key).copied().unwrap_or(0) >= opts.min_sentences
        })
        .map(|(key, _)| key.to_string())
        .collect();
    vocab.sort();
    vocab
}

fn samples(train: &[&Prepared], index: &HashMap<&str, u32>, opts: &FitOptions) -> Vec<Sample> {
    let mut per_transcript: BTreeMap<&str, usize> = BTreeMap::new();
    for p in train {
        *per_transcript.entry(&p.name).or_default() += p.sentences.len();
    }
    let total: usize = per_transcript.values().sum();
    let mean = total as f64 / per_transcript.len().max(1) as f64;
    let mut out = Vec::with_capacity(total);
    for p in train {
        let share = if opts.equal_transcripts {
            mean / per_transcript
                .get(p.name.as_str())
                .copied()
                .unwrap_or(1)
                .max(1) as f64
        } else {
            1.0
        };
        for (s, a) in p.sentences.iter().enumerate() {
            let mut features: Vec<u32> = a.cues.iter().map(|(k, _)| family_index(*k)).collect();
            features.extend(
                a.words
                    .iter()
                    .filter_map(|(key, _)| index.get(key.as_str())),
            );
            let worthy = p.sentence_label(s);
            let weight = share * if worthy { opts.positive_weight } else { 1.0 };
            out.push(Sample {
                features,
                worthy,
                weight,
            });
        }
    }
    out
}

/// Where each family's weight may lie: the cues a checker counts for a
/// sentence never count against it and the other way round, so that every
/// weight reads the way its name does. Negation and great length may go
/// either way; attribution stays small.
pub fn bounds(kind: CueKind, opts: &FitOptions) -> (f64, f64) {
    use CueKind as K;
    let inf = f64::INFINITY;
    match kind {
        K::Attributed => (-opts.attribution_cap, opts.attribution_cap),
        K::Hedge => (opts.hedge_floor, inf),
        K::Negation | K::VeryLong => (-inf, inf),
        K::Short
        | K::Question
        | K::Courtesy
        | K::Procedure
        | K::Address
        | K::Opinion
        | K::ValueWord
        | K::Intention
        | K::Aside
        | K::Moderator => (-inf, 0.0),
        _ => (0.0, inf),
    }
}

fn family_index(kind: CueKind) -> u32 {
    CueKind::ALL.iter().position(|k| *k == kind).unwrap_or(0) as u32
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// Weights and intercept minimising the weighted logistic loss plus
/// `l2/2·|w|²` and `l1_words·|w_words|`, the families (the first
/// `limits.len()` features) kept within their limits, by accelerated
/// proximal gradient (FISTA) with a safe constant step.
fn logistic(
    samples: &[Sample],
    dims: usize,
    limits: &[(f64, f64)],
    opts: &FitOptions,
) -> (Vec<f64>, f64) {
    let first_word = limits.len();
    let n: f64 = samples.iter().map(|s| s.weight).sum::<f64>().max(1e-12);
    // Gershgorin bound on the curvature: no step can overshoot.
    let mut column = vec![0.0f64; dims + 1];
    for s in samples {
        let nnz = (s.features.len() + 1) as f64;
        for &j in &s.features {
            column[j as usize] += s.weight * nnz;
        }
        column[dims] += s.weight * nnz;
    }
    let lipschitz = column.iter().copied().fold(0.0, f64::max) / (4.0 * n) + opts.l2;
    let step = 1.0 / lipschitz;

    let mut w = vec![0.0f64; dims + 1];
    let mut y = w.clone();
    let mut t = 1.0f64;
    let mut grad = vec![0.0f64; dims + 1];
    for _ in 0..opts.iterations {
        grad.iter_mut().for_each(|g| *g = 0.0);
        for s in samples {
            let z = y[dims] + s.features.iter().map(|&j| y[j as usize]).sum::<f64>();
            let target = if s.worthy { 1.0 } else { 0.0 };
            let r = s.weight * (sigmoid(z) - target) / n;
            for &j in &s.features {
                grad[j as usize] += r;
            }
            grad[dims] += r;
        }
        let mut next = vec![0.0f64; dims + 1];
        for j in 0..=dims {
            let ridge = if j < dims { opts.l2 * y[j] } else { 0.0 };
            let v = y[j] - step * (grad[j] + ridge);
            next[j] = if let Some(&(lo, hi)) = limits.get(j) {
                v.clamp(lo, hi)
            } else if j >= first_word && j < dims {
                let k = step * opts.l1_words;
                v.signum() * (v.abs() - k).max(0.0)
            } else {
                v
            };
        }
        let t_next = (1.0 + (1.0 + 4.0 * t * t).sqrt()) / 2.0;
        let momentum = (t - 1.0) / t_next;
        for j in 0..=dims {
            y[j] = next[j] + momentum * (next[j] - w[j]);
        }
        w = next;
        t = t_next;
    }
    let base = w[dims];
    w.truncate(dims);
    (w, base)
}
