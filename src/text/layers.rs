//! Overlapping spans over a text, flattened for drawing: the reader paints entity, search
//! and selection layers as backgrounds (one per char) and annotations as stacked underline
//! bars (one lane per overlapping annotation). Pure functions, tested here; the window
//! only turns their output into colours.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// Splits `range` at every span boundary. Each piece carries the highest-ranked key among
/// the spans covering it (keys compare with `Ord`: higher wins), or `None`.
pub fn flatten<K: Copy + Ord>(
    range: Range<usize>,
    spans: &[(Range<usize>, K)],
) -> Vec<(Range<usize>, Option<K>)> {
    let mut cuts: Vec<usize> = vec![range.start, range.end];
    for (r, _) in spans {
        for p in [r.start, r.end] {
            if p > range.start && p < range.end {
                cuts.push(p);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out: Vec<(Range<usize>, Option<K>)> = Vec::with_capacity(cuts.len());
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        if a >= b {
            continue;
        }
        let key = spans
            .iter()
            .filter(|(r, _)| r.start <= a && b <= r.end)
            .map(|(_, k)| *k)
            .max();
        match out.last_mut() {
            // Adjacent pieces with the same key are merged (fewer sections to lay out).
            Some((last, k)) if *k == key && last.end == a => last.end = b,
            _ => out.push((a..b, key)),
        }
    }
    out
}

/// Assigns each range a lane (0, 1, 2...) so that overlapping ranges never share one.
/// Ranges are taken in the given order (sort them by start for stable, compact lanes).
pub fn assign_lanes(ranges: &[Range<usize>]) -> Vec<usize> {
    let mut lane_ends: Vec<usize> = Vec::new();
    ranges
        .iter()
        .map(|r| match lane_ends.iter().position(|&end| end <= r.start) {
            Some(lane) => {
                lane_ends[lane] = r.end;
                lane
            }
            None => {
                lane_ends.push(r.end);
                lane_ends.len() - 1
            }
        })
        .collect()
}

/// The word around char `pos` of `text` (Unicode word boundaries), as a char range; the
/// single char at `pos` when it is not part of a word; empty at the end of the text.
pub fn word_at(text: &str, pos: usize) -> Range<usize> {
    let mut char_start = 0;
    for word in text.split_word_bounds() {
        let len = word.chars().count();
        if pos < char_start + len {
            return char_start..char_start + len;
        }
        char_start += len;
    }
    char_start..char_start
}

/// The start of the word before `pos` and the end of the word after it, for Ctrl+arrow
/// movement: (previous boundary, next boundary), skipping whitespace and punctuation.
pub fn word_boundaries(text: &str, pos: usize) -> (usize, usize) {
    let mut starts = Vec::new();
    let mut c = 0;
    for word in text.split_word_bounds() {
        let len = word.chars().count();
        if word.chars().any(char::is_alphanumeric) {
            starts.push((c, c + len));
        }
        c += len;
    }
    let prev = starts
        .iter()
        .rev()
        .find(|(s, _)| *s < pos)
        .map_or(0, |(s, _)| *s);
    let next = starts.iter().find(|(_, e)| *e > pos).map_or(c, |(_, e)| *e);
    (prev, next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flatten_takes_the_highest_key_per_piece() {
        let spans = [(2..8, 1), (4..6, 3), (7..12, 2)];
        let pieces = flatten(0..10, &spans);
        assert_eq!(
            pieces,
            vec![
                (0..2, None),
                (2..4, Some(1)),
                (4..6, Some(3)),
                (6..7, Some(1)),
                (7..10, Some(2)),
            ]
        );
        assert_eq!(
            flatten(0..3, &[] as &[(Range<usize>, u8)]),
            vec![(0..3, None)]
        );
    }

    #[test]
    fn overlapping_ranges_get_distinct_lanes() {
        let lanes = assign_lanes(&[0..10, 2..4, 5..12, 10..15, 13..14]);
        assert_eq!(lanes, vec![0, 1, 1, 0, 1]);
    }

    #[test]
    fn words_follow_unicode_boundaries() {
        let t = "Putin met al-Sharaa in Ţarţūs.";
        assert_eq!(word_at(t, 1), 0..5);
        assert_eq!(word_at(t, 12), 12..13); // the hyphen
        assert_eq!(word_at(t, 14), 13..19); // "Sharaa"
        let tartus = word_at(t, 25);
        let s: String = t.chars().skip(tartus.start).take(tartus.len()).collect();
        assert_eq!(s, "Ţarţūs");
        assert_eq!(word_at(t, 5), 5..6); // the space
        let n = t.chars().count();
        assert_eq!(word_at(t, n), n..n);
        assert_eq!(word_boundaries(t, 7), (6, 9));
    }
}
