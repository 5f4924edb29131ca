//! The passages where coders differ on a tag, for reading them side by side.

use std::ops::Range;

use super::gather::{Span, Units};
use super::sweep::{Segment, segments};

/// A passage where the coders differ: a stretch of text that at least one coder coded
/// with the tag throughout (bounded by text no coder coded), in which some coder did not
/// code some part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Disagreement {
    /// The document's path.
    pub document: String,
    /// The whole passage, in chars.
    pub range: Range<usize>,
    /// What each coder coded in it (by coder index; empty: nothing).
    pub coded: Vec<Vec<Range<usize>>>,
    /// The stretches where the coders differ, each with the coders who coded it (the
    /// others did not).
    pub differing: Vec<(Range<usize>, Vec<usize>)>,
}

/// The disagreements in one tag's spans, in document and text order.
pub(super) fn find(units: &Units, spans: &[Span]) -> Vec<Disagreement> {
    let coders = units.coders.len();
    let mut out = Vec::new();
    let mut open: Option<(usize, Disagreement)> = None;
    segments(coders, spans, |segment: Segment<'_>| {
        let continues = open.as_ref().is_some_and(|(document, d)| {
            *document == segment.document && d.range.end == segment.range.start
        });
        if !continues {
            close(&mut open, &mut out);
            let Some(document) = units.documents.get(segment.document) else {
                return;
            };
            open = Some((
                segment.document,
                Disagreement {
                    document: document.path.clone(),
                    range: segment.range.clone(),
                    coded: vec![Vec::new(); coders],
                    differing: Vec::new(),
                },
            ));
        }
        let Some((_, d)) = open.as_mut() else {
            return;
        };
        d.range.end = segment.range.end;
        for (coder, ranges) in d.coded.iter_mut().enumerate() {
            if segment.on[coder] {
                extend(ranges, &segment.range);
            }
        }
        if segment.ones < coders {
            let who: Vec<usize> = (0..coders).filter(|c| segment.on[*c]).collect();
            match d.differing.last_mut() {
                Some((range, last)) if range.end == segment.range.start && *last == who => {
                    range.end = segment.range.end;
                }
                _ => d.differing.push((segment.range.clone(), who)),
            }
        }
    });
    close(&mut open, &mut out);
    out
}

/// Adds the passage being built to `out` if the coders differ in it.
fn close(open: &mut Option<(usize, Disagreement)>, out: &mut Vec<Disagreement>) {
    if let Some((_, d)) = open.take()
        && !d.differing.is_empty()
    {
        out.push(d);
    }
}

/// Appends `range` to sorted `ranges`, joining it to the last one when they touch.
fn extend(ranges: &mut Vec<Range<usize>>, range: &Range<usize>) {
    match ranges.last_mut() {
        Some(last) if last.end == range.start => last.end = range.end,
        _ => ranges.push(range.clone()),
    }
}
