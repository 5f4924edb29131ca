//! The trained weights and the decoder: a linear-chain model whose score for a tag sequence
//! is the sum of each token's feature weights for its tag plus a weight for each pair of
//! neighbouring tags; the best sequence is found exactly (Viterbi), only among sequences
//! that make well-formed names.

use std::sync::LazyLock;

use super::tags::{OUTSIDE, TAGS, allowed};

/// A weight row: one weight per tag, padded to 16 so a row is 16 bytes (a quarter of a
/// cache line) and the sum of rows vectorises. Weights are 8-bit: cross-validation
/// scores are the same as with 16 bits, and the table is half the size, which is what
/// recognition's speed depends on (the rows are fetched from memory).
pub const ROW: usize = 16;

/// Scores of the tags for one token.
pub type Scores = [i32; ROW];

/// Weights of a trained model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Weights {
    /// log2 of the number of rows: a feature hash picks its row by its top bits.
    pub bits: u32,
    /// The weight rows, picked by a feature hash's top bits.
    pub rows: Vec<[i8; ROW]>,
    /// `transitions[a][b]`: tag `a` followed by tag `b`.
    pub transitions: [[i32; TAGS]; TAGS],
    /// Tag at the start and at the end of a segment.
    pub start: [i32; TAGS],
    /// Tag at the end of a segment.
    pub end: [i32; TAGS],
}

/// A score that rules a tag out.
const NEVER: i32 = i32::MIN / 4;

/// [`allowed`] as tables, looked up in the decoder's inner loop: pairs, then the first
/// and the last tag of a segment.
static ALLOWED: LazyLock<Allowed> = LazyLock::new(|| {
    let mut before = Before {
        tags: [[0; TAGS]; TAGS],
        len: [0; TAGS],
    };
    let (mut first, mut last) = ([false; TAGS], [false; TAGS]);
    for b in 0..TAGS {
        for a in 0..TAGS {
            if allowed(Some(a as u8), Some(b as u8)) {
                before.tags[b][usize::from(before.len[b])] = a as u8;
                before.len[b] += 1;
            }
        }
        first[b] = allowed(None, Some(b as u8));
        last[b] = allowed(Some(b as u8), None);
    }
    (before, first, last)
});

/// For each tag, the tags that may come before it, in increasing order (about 5 of the
/// 13: the decoder looks at these only).
struct Before {
    tags: [[u8; TAGS]; TAGS],
    len: [u8; TAGS],
}

impl Before {
    fn of(&self, b: usize) -> &[u8] {
        let len = self.len.get(b).map_or(0, |&l| usize::from(l));
        self.tags.get(b).map_or(&[][..], |t| &t[..len])
    }
}

/// Which tags may come before which, which may start and which may end a segment.
type Allowed = (Before, [bool; TAGS], [bool; TAGS]);

impl Weights {
    /// All-zero weights with `2^bits` rows.
    pub fn zero(bits: u32) -> Self {
        Self {
            bits,
            rows: vec![[0; ROW]; 1 << bits],
            transitions: [[0; TAGS]; TAGS],
            start: [0; TAGS],
            end: [0; TAGS],
        }
    }

    /// The row of a feature hash.
    #[inline]
    pub fn row_of(&self, hash: u64) -> usize {
        (hash >> (64 - self.bits)) as usize
    }

    /// The sum of the rows of the features `hashes`: each tag's score for one token. The
    /// rows are independent loads and the sum stays in registers, so the processor
    /// fetches many rows at once (the table does not fit in its caches).
    #[inline]
    pub fn sum(&self, hashes: &[u64]) -> Scores {
        let mut acc = [0i32; ROW];
        let shift = 64 - self.bits;
        for &h in hashes {
            if let Some(row) = self.rows.get((h >> shift) as usize) {
                for (a, &w) in acc.iter_mut().zip(row) {
                    *a += i32::from(w);
                }
            }
        }
        acc
    }
}

/// The best well-formed tag sequence for tokens with `emissions`, written to `out`.
/// `back` is scratch space (kept by the caller to avoid allocating per segment).
pub fn viterbi(
    emissions: &[Scores],
    transitions: &[[i32; TAGS]; TAGS],
    start: &[i32; TAGS],
    end: &[i32; TAGS],
    back: &mut Vec<[u8; TAGS]>,
    out: &mut Vec<u8>,
) {
    out.clear();
    back.clear();
    let Some(first) = emissions.first() else {
        return;
    };
    let (before, firsts, lasts) = &*ALLOWED;
    let mut score = [NEVER; TAGS];
    for t in 0..TAGS {
        if firsts[t] {
            score[t] = first[t] + start[t];
        }
    }
    back.push([0; TAGS]);
    for e in emissions.iter().skip(1) {
        let mut next = [NEVER; TAGS];
        let mut from = [0u8; TAGS];
        for (b, slot) in next.iter_mut().enumerate() {
            let mut best = NEVER;
            let mut arg = OUTSIDE;
            for &a in before.of(b) {
                let a = usize::from(a);
                let s = score[a];
                if s <= NEVER {
                    continue;
                }
                let v = s + transitions[a][b];
                if v > best {
                    best = v;
                    arg = a as u8;
                }
            }
            if best > NEVER {
                *slot = best + e[b];
                from[b] = arg;
            }
        }
        score = next;
        back.push(from);
    }
    let mut best = NEVER;
    let mut last = OUTSIDE;
    for (t, &s) in score.iter().enumerate() {
        if s > NEVER && lasts[t] && s + end[t] > best {
            best = s + end[t];
            last = t as u8;
        }
    }
    out.resize(emissions.len(), OUTSIDE);
    let mut tag = last;
    for i in (0..emissions.len()).rev() {
        out[i] = tag;
        tag = back[i][usize::from(tag)];
    }
}

#[cfg(test)]
mod tests {
    use super::super::tags::{Part, decode, tag};
    use super::*;
    use crate::entities::EntityKind;

    fn scores(pairs: &[(u8, i32)]) -> Scores {
        let mut s = [0; ROW];
        for &(t, v) in pairs {
            s[usize::from(t)] = v;
        }
        s
    }

    #[test]
    fn the_decoder_only_gives_well_formed_names() {
        let b_org = tag(EntityKind::Org, Part::Begin);
        let b_per = tag(EntityKind::Person, Part::Begin);
        let l_per = tag(EntityKind::Person, Part::Last);
        let u_loc = tag(EntityKind::Loc, Part::Unit);
        // Token scores alone would give B-ORG then L-PER, which is no name. Of the
        // well-formed sequences, B-ORG L-ORG scores 10, B-PER L-PER 5, O U-LOC 6.
        let e = [
            scores(&[(b_org, 10), (b_per, -5)]),
            scores(&[(l_per, 10), (u_loc, 6)]),
        ];
        let (mut back, mut out) = (Vec::new(), Vec::new());
        let zero = [[0; TAGS]; TAGS];
        viterbi(&e, &zero, &[0; TAGS], &[0; TAGS], &mut back, &mut out);
        assert_eq!(decode(&out), [(0..2, EntityKind::Org)]);
        let mut prev = None;
        for &t in &out {
            assert!(allowed(prev, Some(t)));
            prev = Some(t);
        }
        assert!(allowed(prev, None));
    }

    #[test]
    fn transitions_can_change_the_best_sequence() {
        let u_per = tag(EntityKind::Person, Part::Unit);
        let e = [scores(&[(u_per, 5)]), scores(&[(u_per, 5)])];
        let mut t = [[0; TAGS]; TAGS];
        t[usize::from(u_per)][usize::from(u_per)] = -100;
        let (mut back, mut out) = (Vec::new(), Vec::new());
        viterbi(&e, &t, &[0; TAGS], &[0; TAGS], &mut back, &mut out);
        assert_eq!(out.iter().filter(|&&x| x == u_per).count(), 1, "{out:?}");
    }

    #[test]
    fn empty_input_gives_no_tags() {
        let (mut back, mut out) = (Vec::new(), vec![1]);
        let zero = [[0; TAGS]; TAGS];
        viterbi(&[], &zero, &[0; TAGS], &[0; TAGS], &mut back, &mut out);
        assert!(out.is_empty());
    }
}
