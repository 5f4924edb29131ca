//! One sweep over a document's sorted span boundaries: the stretches of text on which the
//! set of coders who coded it stays the same, without a value per char.

use std::ops::Range;

use super::gather::{Span, Units};

/// A stretch of one document coded by at least one coder, the same ones throughout.
pub(super) struct Segment<'a> {
    pub document: usize,
    pub range: Range<usize>,
    /// Which coders coded it, by coder index.
    pub on: &'a [bool],
    /// How many did.
    pub ones: usize,
}

/// Calls `visit` with every segment, in document and text order. `spans` are sorted by
/// document, coder and start (as `Units` holds them); a coder's overlapping ranges count
/// once.
pub(super) fn segments(coders: usize, spans: &[Span], mut visit: impl FnMut(Segment<'_>)) {
    // (position, +1 opens / -1 closes, coder), reused between documents.
    let mut events: Vec<(usize, i8, usize)> = Vec::new();
    let mut on = vec![false; coders];
    for document_spans in spans.chunk_by(|a, b| a.document == b.document) {
        events.clear();
        for coder_spans in document_spans.chunk_by(|a, b| a.coder == b.coder) {
            for merged in merge(coder_spans) {
                events.push((merged.start, 1, coder_spans[0].coder));
                events.push((merged.end, -1, coder_spans[0].coder));
            }
        }
        events.sort_unstable();
        let document = document_spans[0].document;
        let mut ones = 0usize;
        let mut from = 0;
        for at_position in events.chunk_by(|a, b| a.0 == b.0) {
            let position = at_position[0].0;
            if ones > 0 && from < position {
                visit(Segment {
                    document,
                    range: from..position,
                    on: &on,
                    ones,
                });
            }
            for &(_, change, coder) in at_position {
                on[coder] = change > 0;
                if change > 0 {
                    ones += 1;
                } else {
                    ones -= 1;
                }
            }
            from = position;
        }
    }
}

/// One coder's ranges in one document (sorted by start), overlapping or touching ones
/// merged.
fn merge(spans: &[Span]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for span in spans {
        match out.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => out.push(span.start..span.end),
        }
    }
    out
}

/// How the units of one tag are spread over the coders.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Counts {
    /// All units (chars of the documents compared).
    pub total: usize,
    /// `by_ones[k]`: units that exactly `k` coders coded.
    pub by_ones: Vec<usize>,
    /// Units each coder coded.
    pub per_coder: Vec<usize>,
}

impl Counts {
    /// Units at least one coder coded.
    pub fn coded_by_any(&self) -> usize {
        self.total - self.by_ones[0]
    }
}

/// The counts of one tag's spans over `units`.
pub(super) fn count(units: &Units, spans: &[Span]) -> Counts {
    let coders = units.coders.len();
    let total = units.characters();
    let mut by_ones = vec![0; coders + 1];
    by_ones[0] = total;
    let mut per_coder = vec![0; coders];
    segments(coders, spans, |segment| {
        let len = segment.range.len();
        by_ones[segment.ones] += len;
        by_ones[0] -= len;
        for (coder, on) in segment.on.iter().enumerate() {
            if *on {
                per_coder[coder] += len;
            }
        }
    });
    Counts {
        total,
        by_ones,
        per_coder,
    }
}
