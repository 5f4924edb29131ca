//! Scoring recognised mentions against gold annotations.
//!
//! Two matchings, as NER evaluations usually report them:
//! - **strict**: same start, end and label;
//! - **overlap**: same label and the spans share at least one char.
//!
//! Both are one to one (a gold span is matched by at most one prediction and vice versa),
//! so splitting one gold name into two predictions earns one true positive and one false
//! positive. Labels are compared as strings, so gold files may carry labels the recogniser
//! does not produce (they count as misses). Precision, recall and F1 are given overall and
//! per label, in percent.

use std::collections::BTreeMap;
use std::io::BufRead;

use serde::{Deserialize, Serialize};

/// A labelled span in char offsets, end-exclusive.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// Char offset of the first char.
    pub start: usize,
    /// Char offset one past the last char.
    pub end: usize,
    /// The entity label ("PER", "ORG", "LOC", ...).
    pub label: String,
}

/// One line of a gold JSONL file: `{"id", "text", "entities": [{"start","end","label"}]}`;
/// other fields are ignored.
#[derive(Clone, Debug, Deserialize)]
pub struct GoldDoc {
    /// The document's id (a number is read as its digits).
    #[serde(default, deserialize_with = "id_as_string")]
    pub id: String,
    /// The document's text.
    pub text: String,
    /// The labelled spans.
    #[serde(default)]
    pub entities: Vec<Span>,
}

/// Accepts string or number ids.
fn id_as_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let v = serde_json::Value::deserialize(d)?;
    Ok(match v {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    })
}

/// Why a gold file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum GoldError {
    /// The file could not be read.
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    /// A line is malformed.
    #[error("line {line}: {message}")]
    Line {
        /// The line's number, from 1.
        line: usize,
        /// What is wrong with it.
        message: String,
    },
}

/// Reads a gold JSONL stream. Blank lines are skipped; a malformed line is an error naming
/// its line number; spans outside the text or reversed are an error too.
pub fn read_gold(reader: impl BufRead) -> Result<Vec<GoldDoc>, GoldError> {
    let mut docs = Vec::new();
    for (n, line) in reader.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let doc: GoldDoc = serde_json::from_str(&line).map_err(|e| GoldError::Line {
            line: n + 1,
            message: e.to_string(),
        })?;
        let len = doc.text.chars().count();
        if let Some(bad) = doc.entities.iter().find(|s| s.start > s.end || s.end > len) {
            return Err(GoldError::Line {
                line: n + 1,
                message: format!(
                    "span {}..{} is outside the text ({len} chars)",
                    bad.start, bad.end
                ),
            });
        }
        docs.push(doc);
    }
    Ok(docs)
}

/// True positives, false positives and false negatives.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// True positives: spans found that the gold has.
    pub tp: usize,
    /// False positives: spans found that the gold has not.
    pub fp: usize,
    /// False negatives: gold spans not found.
    #[serde(rename = "fn")]
    pub fn_: usize,
}

impl Counts {
    /// Precision in percent (0 when nothing was predicted).
    pub fn precision(&self) -> f64 {
        percent(self.tp, self.tp + self.fp)
    }

    /// Recall in percent (0 when there is no gold span).
    pub fn recall(&self) -> f64 {
        percent(self.tp, self.tp + self.fn_)
    }

    /// F1 in percent (0 when precision and recall are both 0).
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    fn add(&mut self, other: Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }
}

fn percent(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

/// Counts overall and per label for one matching.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Score {
    /// Every label together.
    pub overall: Counts,
    /// Each label alone.
    pub labels: BTreeMap<String, Counts>,
}

impl Score {
    fn add(&mut self, label: &str, c: Counts) {
        self.overall.add(c);
        self.labels.entry(label.to_owned()).or_default().add(c);
    }
}

/// Strict and overlap scores over a set of documents.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Evaluation {
    /// Documents scored.
    pub documents: usize,
    /// A span counts when its bounds and label match exactly.
    pub strict: Score,
    /// A span counts when it overlaps a gold span of the same label.
    pub overlap: Score,
}

impl Evaluation {
    /// Adds one document's gold and predicted spans. With `labels`, spans of other labels
    /// are left out on both sides.
    pub fn add(&mut self, gold: &[Span], predicted: &[Span], labels: Option<&[String]>) {
        let keep = |s: &&Span| labels.is_none_or(|l| l.contains(&s.label));
        let mut gold: Vec<&Span> = gold.iter().filter(keep).collect();
        let mut pred: Vec<&Span> = predicted.iter().filter(keep).collect();
        gold.sort_by_key(|s| (s.start, s.end));
        pred.sort_by_key(|s| (s.start, s.end));
        self.documents += 1;
        match_spans(
            &gold,
            &pred,
            |g, p| g.start == p.start && g.end == p.end,
            &mut self.strict,
        );
        match_spans(
            &gold,
            &pred,
            |g, p| g.start < p.end && p.start < g.end,
            &mut self.overlap,
        );
    }
}

/// One-to-one matching of same-label spans under `fits`, gold in text order taking the
/// first free prediction that fits (optimal for flat, sorted span lists).
fn match_spans(
    gold: &[&Span],
    pred: &[&Span],
    fits: impl Fn(&Span, &Span) -> bool,
    score: &mut Score,
) {
    let mut used = vec![false; pred.len()];
    for g in gold {
        let found = pred
            .iter()
            .enumerate()
            .find(|(i, p)| {
                !used.get(*i).copied().unwrap_or(true) && p.label == g.label && fits(g, p)
            })
            .map(|(i, _)| i);
        match found {
            Some(i) => {
                if let Some(u) = used.get_mut(i) {
                    *u = true;
                }
                score.add(
                    &g.label,
                    Counts {
                        tp: 1,
                        ..Counts::default()
                    },
                );
            }
            None => score.add(
                &g.label,
                Counts {
                    fn_: 1,
                    ..Counts::default()
                },
            ),
        }
    }
    for (p, u) in pred.iter().zip(&used) {
        if !u {
            score.add(
                &p.label,
                Counts {
                    fp: 1,
                    ..Counts::default()
                },
            );
        }
    }
}

/// Scores `recognizer` on `docs` (recognised in parallel), on `labels` or, with `None`, on
/// every label: what `dossier eval` prints and what training reports on held-out documents.
pub fn evaluate<D>(
    docs: &[D],
    recognizer: &super::Recognizer,
    labels: Option<&[String]>,
) -> Evaluation
where
    D: std::borrow::Borrow<GoldDoc> + Sync,
{
    use rayon::prelude::*;
    let predicted: Vec<Vec<Span>> = docs
        .par_iter()
        .map(|d| {
            recognizer
                .recognize(&d.borrow().text)
                .into_iter()
                .map(|m| Span {
                    start: m.start,
                    end: m.end,
                    label: m.kind.label().to_owned(),
                })
                .collect()
        })
        .collect();
    let mut eval = Evaluation::default();
    for (doc, pred) in docs.iter().zip(&predicted) {
        eval.add(&doc.borrow().entities, pred, labels);
    }
    eval
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(start: usize, end: usize, label: &str) -> Span {
        Span {
            start,
            end,
            label: label.into(),
        }
    }

    #[test]
    fn strict_and_overlap_differ_on_boundaries() {
        let gold = [s(0, 10, "PER"), s(20, 25, "LOC"), s(30, 35, "ORG")];
        let pred = [
            s(0, 10, "PER"),
            s(18, 25, "LOC"),
            s(30, 35, "LOC"),
            s(40, 44, "DATE"),
        ];
        let mut e = Evaluation::default();
        e.add(&gold, &pred, None);
        // strict: PER only. overlap: PER and LOC.
        assert_eq!(
            e.strict.overall,
            Counts {
                tp: 1,
                fp: 3,
                fn_: 2
            }
        );
        assert_eq!(
            e.overlap.overall,
            Counts {
                tp: 2,
                fp: 2,
                fn_: 1
            }
        );
        assert!((e.strict.overall.precision() - 25.0).abs() < 1e-9);
        assert!((e.overlap.overall.recall() - 200.0 / 3.0).abs() < 1e-9);
        assert!(
            (e.overlap.overall.f1() - 2.0 * 50.0 * (200.0 / 3.0) / (50.0 + 200.0 / 3.0)).abs()
                < 1e-9
        );
        assert_eq!(
            e.overlap.labels["ORG"],
            Counts {
                tp: 0,
                fp: 0,
                fn_: 1
            }
        );
    }

    #[test]
    fn overlap_matching_is_one_to_one() {
        let gold = [s(0, 20, "ORG")];
        let pred = [s(0, 5, "ORG"), s(6, 20, "ORG")];
        let mut e = Evaluation::default();
        e.add(&gold, &pred, None);
        assert_eq!(
            e.overlap.overall,
            Counts {
                tp: 1,
                fp: 1,
                fn_: 0
            }
        );
        assert_eq!(
            e.strict.overall,
            Counts {
                tp: 0,
                fp: 2,
                fn_: 1
            }
        );
    }

    #[test]
    fn label_filter_drops_other_labels_on_both_sides() {
        let gold = [s(0, 3, "PER"), s(5, 8, "MISC")];
        let pred = [s(0, 3, "PER"), s(10, 12, "DATE")];
        let mut e = Evaluation::default();
        e.add(&gold, &pred, Some(&["PER".to_owned()]));
        assert_eq!(
            e.strict.overall,
            Counts {
                tp: 1,
                fp: 0,
                fn_: 0
            }
        );
        assert!((e.strict.overall.f1() - 100.0).abs() < 1e-9);
    }

    #[test]
    fn empty_inputs_score_zero_without_dividing_by_zero() {
        let mut e = Evaluation::default();
        e.add(&[], &[], None);
        assert_eq!(e.strict.overall.f1(), 0.0);
        assert_eq!(e.documents, 1);
    }

    #[test]
    fn gold_lines_are_checked() {
        let ok = "{\"id\": 7, \"text\": \"Hi Bob\", \"entities\": [{\"start\": 3, \"end\": 6, \"label\": \"PER\"}], \"meta\": {}}\n\n";
        let docs = read_gold(ok.as_bytes()).expect("valid");
        assert_eq!(docs[0].id, "7");
        let bad = "{\"id\": \"a\", \"text\": \"Hi\", \"entities\": [{\"start\": 1, \"end\": 9, \"label\": \"PER\"}]}";
        let err = read_gold(bad.as_bytes()).expect_err("span past the end");
        assert!(err.to_string().contains("line 1"), "{err}");
        assert!(read_gold("not json".as_bytes()).is_err());
    }
}
