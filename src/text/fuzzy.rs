//! Approximate string matching for re-anchoring: find where a quote most probably went in
//! an edited text.
//!
//! [`find_approximate`] is Sellers' dynamic programme (edit distance with a free start in
//! the text) with Ukkonen's cut-off, which keeps it at O(k·n) for k allowed edits instead of
//! O(m·n). It runs only for the few annotations whose quote is no longer found verbatim.

/// One approximate occurrence: a char range of the text and its edit distance to the
/// pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApproxMatch {
    /// Char offset where the occurrence starts.
    pub start: usize,
    /// Char offset just past the occurrence.
    pub end: usize,
    /// Edits (insertions, deletions, substitutions) from the pattern to this text.
    pub distance: usize,
}

/// All approximate occurrences of `pattern` in `text` (both as char slices) with at most
/// `max_edits` edits, at most `limit` of them, best first. Overlapping occurrences are
/// reported once, by the best end position of each run.
pub fn find_approximate(
    pattern: &[char],
    text: &[char],
    max_edits: usize,
    limit: usize,
) -> Vec<ApproxMatch> {
    let m = pattern.len();
    if m == 0 || limit == 0 {
        return Vec::new();
    }
    let k = max_edits.min(m);
    // col[i]: edit distance between pattern[..i] and the best suffix of text[..j].
    let mut col: Vec<usize> = (0..=m).collect();
    // Last row whose value is <= k (Ukkonen's cut-off): rows below it cannot reach <= k
    // in the next column except by one more step.
    let mut last_active = k.min(m);
    let mut ends: Vec<(usize, usize)> = Vec::new(); // (end, distance)
    for (j, &tc) in text.iter().enumerate() {
        let mut diag = 0; // col[i-1] of the previous column; row 0 is always 0 (free start)
        let top = (last_active + 1).min(m);
        for i in 1..=top {
            let old = col[i];
            let cost = usize::from(pattern[i - 1] != tc);
            let v = (diag + cost).min(old + 1).min(col[i - 1] + 1);
            col[i] = v;
            diag = old;
        }
        // Rows past `top` were never computed in this column; they stay > k by invariant.
        if top < m {
            col[top + 1..].iter_mut().for_each(|c| *c = (*c).max(k + 1));
        }
        last_active = top;
        while last_active > 0 && col[last_active] > k {
            last_active -= 1;
        }
        if col[m] <= k {
            ends.push((j + 1, col[m]));
        }
    }
    // Keep the best end of each run of consecutive ends.
    let mut best_ends: Vec<(usize, usize)> = Vec::new();
    for (end, d) in ends {
        match best_ends.last_mut() {
            Some(last) if end <= last.0 + m.min(k + 1) => {
                if d < last.1 {
                    *last = (end, d);
                }
            }
            _ => best_ends.push((end, d)),
        }
    }
    best_ends.sort_by_key(|&(end, d)| (d, end));
    best_ends.truncate(limit);
    best_ends
        .into_iter()
        .map(|(end, d)| {
            let (start, distance) = best_start(pattern, text, end, k);
            ApproxMatch {
                start,
                end,
                distance: distance.min(d),
            }
        })
        .collect()
}

/// The start of the best alignment of `pattern` ending exactly at `end` (anchored end,
/// free length up to m + k), computed on the reversed strings.
fn best_start(pattern: &[char], text: &[char], end: usize, k: usize) -> (usize, usize) {
    let m = pattern.len();
    let window = (m + k).min(end);
    // prev[l]: distance between the last i pattern chars and the last l text chars before end.
    let mut prev: Vec<usize> = (0..=window).collect();
    let mut cur = vec![0; window + 1];
    for i in 1..=m {
        cur[0] = i;
        let pc = pattern[m - i];
        for l in 1..=window {
            let tc = text[end - l];
            cur[l] = (prev[l - 1] + usize::from(pc != tc))
                .min(prev[l] + 1)
                .min(cur[l - 1] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let (best_l, best_d) = prev
        .iter()
        .enumerate()
        .min_by_key(|&(l, &d)| (d, l.abs_diff(m)))
        .map(|(l, &d)| (l, d))
        .unwrap_or((0, m));
    (end - best_l, best_d)
}

/// Similarity of two strings in [0, 1]: 1 minus the char edit distance over the longer
/// length. Two empty strings are identical (1.0).
pub fn similarity(a: &str, b: &str) -> f64 {
    strsim::normalized_levenshtein(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn exact_occurrence_has_distance_zero() {
        let text = chars("bases in Hmeimim and Tartus remain");
        let found = find_approximate(&chars("Hmeimim and"), &text, 2, 5);
        assert_eq!(
            found[0],
            ApproxMatch {
                start: 9,
                end: 20,
                distance: 0
            }
        );
    }

    #[test]
    fn a_changed_word_is_found_with_its_edit_distance() {
        let text = chars("Russia keeps its military bases at Hmeimim and Tartus for now.");
        let pattern = chars("military bases in Hmeimim and Tartus");
        let found = find_approximate(&pattern, &text, 9, 3);
        let best = &found[0];
        let matched: String = text[best.start..best.end].iter().collect();
        assert_eq!(matched, "military bases at Hmeimim and Tartus");
        assert_eq!(best.distance, 2);
    }

    #[test]
    fn nothing_close_enough_gives_nothing() {
        let text = chars("an unrelated sentence about the weather");
        assert!(find_approximate(&chars("Hmeimim air base"), &text, 3, 5).is_empty());
    }

    #[test]
    fn several_occurrences_are_ranked_by_distance() {
        let text = chars("Tartos ... Tartus ... Tertos");
        let found = find_approximate(&chars("Tartus"), &text, 2, 5);
        assert_eq!(found.len(), 3);
        assert_eq!((found[0].start, found[0].distance), (11, 0));
        assert_eq!(found[1].distance, 1);
        assert_eq!(found[2].distance, 2);
    }

    #[test]
    fn similarity_bounds() {
        assert_eq!(similarity("", ""), 1.0);
        assert_eq!(similarity("abc", "abc"), 1.0);
        assert_eq!(similarity("abc", "xyz"), 0.0);
    }
}
