//! Training: an averaged structured perceptron (Collins 2002) over the model's hashed
//! features, decoding each segment with the same Viterbi as recognition.
//!
//! Deterministic: examples are made in document order (in parallel, collected in order),
//! visited in an order shuffled by a fixed-seed generator, and every weight is an integer
//! until the final averaged weights are scaled to 8 bits. The same data and code give the
//! same bytes on any machine.

use std::ops::Range;

use rayon::prelude::*;

use super::model::{ROW, Scores, Weights, viterbi};
use super::observe::{observe, segments};
use super::sources::TrainingData;
use super::tags::{self, TAGS};
use super::weights::{HeldOut, ModelInfo};
use super::{NerModel, feature_fingerprint};
use crate::entities::eval::{Evaluation, GoldDoc};
use crate::entities::{EntityKind, Recognizer};

/// How to train.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrainConfig {
    /// log2 of the weight table's rows.
    pub bits: u32,
    /// Passes over the training data.
    pub epochs: u32,
    /// Seed of the order the documents are visited in.
    pub seed: u64,
    /// Hold out every n-th document of each source, train on the rest and score the held
    /// out ones (`None`: train on everything).
    pub hold_out_every: Option<usize>,
    /// Which of the n documents is held out (0 for the first, `n - 1`, the default, for
    /// the last): cross-validation runs each.
    pub hold_out_fold: Option<usize>,
}

impl Default for TrainConfig {
    fn default() -> Self {
        Self {
            bits: 17,
            epochs: 10,
            seed: 0x00D0_551E_4000_0012,
            hold_out_every: None,
            hold_out_fold: None,
        }
    }
}

/// What training saw, for the report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrainReport {
    /// Training documents.
    pub documents: usize,
    /// Tokens in them.
    pub tokens: usize,
    /// Tokens the model looks at.
    pub candidates: usize,
    /// Segments decoded (see `observe::segments`).
    pub segments: usize,
    /// Names (PER, ORG, LOC) in the training documents.
    pub names: usize,
    /// Names with no token the model looks at (all lower case: "tampa bay").
    pub unreachable: usize,
}

/// One segment: the weight rows of each token's features and the gold tags.
struct Example {
    rows: Vec<u32>,
    /// `rows[offsets[i]..offsets[i + 1]]` are token `i`'s.
    offsets: Vec<u32>,
    gold: Vec<u8>,
}

/// Trains on `data` with `recognizer`'s gazetteer and rules (its model, if any, is not
/// used). Returns the weights, what to write beside them, and the report.
pub fn train(
    data: &TrainingData,
    recognizer: &Recognizer,
    config: &TrainConfig,
    command: &str,
) -> (Weights, ModelInfo, TrainReport) {
    let held_out = |index_in_source: usize| {
        config.hold_out_every.is_some_and(|n| {
            n > 0 && index_in_source % n == config.hold_out_fold.unwrap_or(n - 1) % n
        })
    };
    // Each document's place in its source, to hold out every n-th one of each.
    let mut seen_per_source = vec![0usize; data.sources.len()];
    let mut split: Vec<bool> = Vec::with_capacity(data.docs.len());
    for doc in &data.docs {
        let k = seen_per_source.get(doc.source).copied().unwrap_or(0);
        split.push(held_out(k));
        if let Some(slot) = seen_per_source.get_mut(doc.source) {
            *slot += 1;
        }
    }
    let train_docs: Vec<&GoldDoc> = data
        .docs
        .iter()
        .zip(&split)
        .filter(|(_, out)| !**out)
        .map(|(d, _)| &d.gold)
        .collect();
    let per_doc: Vec<(Vec<Example>, TrainReport)> = train_docs
        .par_iter()
        .map(|doc| examples(doc, recognizer, config.bits))
        .collect();
    let mut report = TrainReport::default();
    let mut all = Vec::new();
    for (examples, r) in per_doc {
        report.documents += r.documents;
        report.tokens += r.tokens;
        report.candidates += r.candidates;
        report.segments += r.segments;
        report.names += r.names;
        report.unreachable += r.unreachable;
        all.extend(examples);
    }
    let weights = perceptron(&all, config);
    let mut info = ModelInfo {
        features: feature_fingerprint().to_owned(),
        epochs: config.epochs,
        seed: config.seed,
        sources: data.sources.clone(),
        held_out: None,
        command: command.to_owned(),
    };
    if config.hold_out_every.is_some() {
        let model = NerModel::from_parts(weights.clone(), info.clone());
        let with_model = recognizer.with_model(model);
        let held = |source: Option<usize>| -> Vec<&GoldDoc> {
            data.docs
                .iter()
                .zip(&split)
                .filter(|(d, out)| **out && source.is_none_or(|s| s == d.source))
                .map(|(d, _)| &d.gold)
                .collect()
        };
        let mut h = score(&held(None), &with_model);
        for (i, s) in data.sources.iter().enumerate() {
            let part = score(&held(Some(i)), &with_model);
            h.by_source
                .push((s.name.clone(), part.strict_f1, part.overlap_f1));
        }
        info.held_out = Some(h);
    }
    (weights, info, report)
}

/// Strict and overlap F1 on PER, ORG and LOC of `recognizer` on `docs`.
pub fn score(docs: &[&GoldDoc], recognizer: &Recognizer) -> HeldOut {
    let eval = evaluate(docs, recognizer, &["PER", "ORG", "LOC"]);
    HeldOut {
        documents: docs.len(),
        strict_f1: (eval.strict.overall.f1() * 10.0).round() / 10.0,
        overlap_f1: (eval.overlap.overall.f1() * 10.0).round() / 10.0,
        by_source: Vec::new(),
    }
}

/// The evaluation of `recognizer` on `docs`, on `labels`.
pub fn evaluate(docs: &[&GoldDoc], recognizer: &Recognizer, labels: &[&str]) -> Evaluation {
    let labels: Vec<String> = labels.iter().map(|l| (*l).to_owned()).collect();
    crate::entities::eval::evaluate(docs, recognizer, Some(&labels))
}

/// The segments of one document as examples.
fn examples(doc: &GoldDoc, recognizer: &Recognizer, bits: u32) -> (Vec<Example>, TrainReport) {
    let pass = recognizer.prepare(&doc.text);
    let seen = observe(&pass, &recognizer.gazetteer);
    let byte_of: Vec<usize> = doc
        .text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(doc.text.len()))
        .collect();
    // Gold names as token ranges.
    let gold: Vec<(Range<usize>, EntityKind)> = doc
        .entities
        .iter()
        .filter_map(|s| {
            let kind = s.label.parse::<EntityKind>().ok()?;
            if !tags::KINDS.contains(&kind) {
                return None;
            }
            let (a, b) = (*byte_of.get(s.start)?, *byte_of.get(s.end)?);
            let r = pass.token_range(a, b);
            (!r.is_empty()).then_some((r, kind))
        })
        .collect();
    let mut report = TrainReport {
        documents: 1,
        tokens: pass.tokens.len(),
        candidates: seen.candidate.iter().filter(|&&c| c).count(),
        names: gold.len(),
        unreachable: gold
            .iter()
            .filter(|(r, _)| !r.clone().any(|i| seen.candidate.get(i) == Some(&true)))
            .count(),
        ..TrainReport::default()
    };
    let mut out = Vec::new();
    let mut scratch = String::new();
    let mut hashes = Vec::with_capacity(64);
    let shift = 64 - bits;
    for segment in segments(&seen.candidate) {
        let mut ex = Example {
            rows: Vec::new(),
            offsets: vec![0],
            gold: Vec::new(),
        };
        for i in segment.clone() {
            seen.features.token(
                pass.text,
                &pass.tokens,
                &seen.info,
                i,
                &mut scratch,
                &mut hashes,
            );
            ex.rows.extend(hashes.iter().map(|h| (h >> shift) as u32));
            ex.offsets.push(ex.rows.len() as u32);
        }
        // The gold names' parts inside the segment.
        let inside: Vec<(Range<usize>, EntityKind)> = gold
            .iter()
            .filter_map(|(r, k)| {
                let s = r.start.max(segment.start);
                let e = r.end.min(segment.end);
                (s < e).then(|| (s - segment.start..e - segment.start, *k))
            })
            .collect();
        tags::encode(segment.len(), &inside, &mut ex.gold);
        report.segments += 1;
        out.push(ex);
    }
    (out, report)
}

/// The perceptron's state: current weights and their running sums for averaging.
struct Perceptron {
    w: Vec<i32>,
    /// Sum of `step * change` of each weight, so that the average is `w - u / steps`.
    u: Vec<i64>,
    trans_w: Vec<i32>,
    trans_u: Vec<i64>,
    step: i64,
}

/// Index of the start and end transitions in `trans_w`: after the TAGS x TAGS pairs.
const START: usize = TAGS * TAGS;
const END: usize = TAGS * TAGS + TAGS;

impl Perceptron {
    fn update(&mut self, example: &Example, predicted: &[u8]) {
        let step = self.step;
        for (i, (&g, &p)) in example.gold.iter().zip(predicted).enumerate() {
            if g == p {
                continue;
            }
            let (a, b) = (example.offsets[i] as usize, example.offsets[i + 1] as usize);
            for &row in &example.rows[a..b] {
                let base = row as usize * TAGS;
                for (tag, delta) in [(g, 1i32), (p, -1)] {
                    let k = base + usize::from(tag);
                    self.w[k] += delta;
                    self.u[k] += step * i64::from(delta);
                }
            }
        }
        let pairs = |tags: &[u8]| -> Vec<usize> {
            let mut out = Vec::with_capacity(tags.len() + 1);
            if let Some(&first) = tags.first() {
                out.push(START + usize::from(first));
            }
            for w in tags.windows(2) {
                out.push(usize::from(w[0]) * TAGS + usize::from(w[1]));
            }
            if let Some(&last) = tags.last() {
                out.push(END + usize::from(last));
            }
            out
        };
        for (k, delta) in pairs(&example.gold)
            .into_iter()
            .map(|k| (k, 1i32))
            .chain(pairs(predicted).into_iter().map(|k| (k, -1)))
        {
            self.trans_w[k] += delta;
            self.trans_u[k] += step * i64::from(delta);
        }
    }

    fn emissions(&self, example: &Example, out: &mut Vec<Scores>) {
        out.clear();
        for w in example.offsets.windows(2) {
            let mut s = [0; ROW];
            for &row in &example.rows[w[0] as usize..w[1] as usize] {
                let base = row as usize * TAGS;
                for (t, slot) in s.iter_mut().take(TAGS).enumerate() {
                    *slot += self.w[base + t];
                }
            }
            out.push(s);
        }
    }

    fn transitions(&self) -> ([[i32; TAGS]; TAGS], [i32; TAGS], [i32; TAGS]) {
        let mut t = [[0; TAGS]; TAGS];
        let (mut start, mut end) = ([0; TAGS], [0; TAGS]);
        for (a, row) in t.iter_mut().enumerate() {
            for (b, cell) in row.iter_mut().enumerate() {
                *cell = self.trans_w[a * TAGS + b];
            }
            start[a] = self.trans_w[START + a];
            end[a] = self.trans_w[END + a];
        }
        (t, start, end)
    }
}

/// A small deterministic generator (xorshift64*) for the order of examples.
struct Order(u64);

impl Order {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

fn perceptron(examples: &[Example], config: &TrainConfig) -> Weights {
    let rows = 1usize << config.bits;
    let mut p = Perceptron {
        w: vec![0; rows * TAGS],
        u: vec![0; rows * TAGS],
        trans_w: vec![0; TAGS * TAGS + 2 * TAGS],
        trans_u: vec![0; TAGS * TAGS + 2 * TAGS],
        step: 1,
    };
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = Order(config.seed | 1);
    let (mut emissions, mut back, mut predicted) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..config.epochs {
        rng.shuffle(&mut order);
        for &k in &order {
            let Some(example) = examples.get(k) else {
                continue;
            };
            p.emissions(example, &mut emissions);
            let (t, start, end) = p.transitions();
            viterbi(&emissions, &t, &start, &end, &mut back, &mut predicted);
            if predicted != example.gold {
                p.update(example, &predicted);
            }
            p.step += 1;
        }
    }
    average(&p, config.bits)
}

/// The averaged weights, scaled so the largest is `i8::MAX`.
fn average(p: &Perceptron, bits: u32) -> Weights {
    let steps = p.step;
    // The average of a weight is (w * steps - u) / steps; keep the numerator, scale later.
    let numerator = |w: i32, u: i64| i128::from(w) * i128::from(steps) - i128::from(u);
    let max =
        p.w.iter()
            .zip(&p.u)
            .chain(p.trans_w.iter().zip(&p.trans_u))
            .map(|(&w, &u)| numerator(w, u).abs())
            .max()
            .unwrap_or(0)
            .max(1);
    let scale = |w: i32, u: i64| -> i32 {
        let n = numerator(w, u) * i128::from(i8::MAX);
        // Rounded to nearest, halves away from zero: integer arithmetic, same everywhere.
        let q = (n.abs() + max / 2) / max;
        (if n < 0 { -q } else { q }) as i32
    };
    let mut weights = Weights::zero(bits);
    for (r, row) in weights.rows.iter_mut().enumerate() {
        for (t, slot) in row.iter_mut().take(TAGS).enumerate() {
            let k = r * TAGS + t;
            *slot = scale(p.w[k], p.u[k]) as i8;
        }
    }
    for a in 0..TAGS {
        for b in 0..TAGS {
            let k = a * TAGS + b;
            weights.transitions[a][b] = scale(p.trans_w[k], p.trans_u[k]);
        }
        weights.start[a] = scale(p.trans_w[START + a], p.trans_u[START + a]);
        weights.end[a] = scale(p.trans_w[END + a], p.trans_u[END + a]);
    }
    weights
}
