//! The state of one recognition pass: tokens, folded text and the candidate mentions each
//! stage adds, with the token "claims" that keep them from overlapping.
//!
//! Stages run in order of trust: user phrases, dates and gazetteer names first (longest
//! first), then title cues, capitalised sequences, then alias linking. A later stage only
//! fills tokens no earlier one claimed, except a title rule, which may absorb the names it
//! is built from ("Russian" + "President" + "Vladimir Putin" -> one PER).

use super::fold::Folded;
use super::gazetteer::{Gazetteer, Hit};
use super::model::{Detail, EntityKind, Mention, Origin};
use super::tokens::{Token, tokenize};

const FREE: u32 = u32::MAX;

/// A candidate mention in original byte offsets.
#[derive(Clone, Debug)]
pub struct Cand {
    pub start: usize,
    pub end: usize,
    pub kind: EntityKind,
    pub key: String,
    pub origin: Origin,
    /// What the gazetteer knows of it: [`COUNTRY`], [`DEMONYM`], [`WEAK`] bits.
    pub tags: u8,
    /// Removed by a later stage (kept in place so indices stay valid).
    pub dead: bool,
    /// A title, a date's value, a place's link, set by the last stages.
    pub detail: Option<Box<Detail>>,
    /// The tokens it covers, set when it is added (saves a search each time a stage asks).
    tokens: (usize, usize),
}

/// A country name (may act as a government: "France strongly condemns").
pub const COUNTRY: u8 = 1;
/// A nationality ("Syrian", "Iraqis").
pub const DEMONYM: u8 = 1 << 1;
/// A one-word city or region name, which a person's name in the same text outranks
/// ("Cook", "Dayton").
pub const WEAK: u8 = 1 << 2;

impl Cand {
    /// A candidate with no gazetteer tags.
    pub fn new(start: usize, end: usize, kind: EntityKind, key: String, origin: Origin) -> Self {
        Self {
            start,
            end,
            kind,
            key,
            origin,
            tags: 0,
            dead: false,
            detail: None,
            tokens: (0, 0),
        }
    }

    /// The tokens it covers (empty before it is added to a pass).
    pub fn tokens(&self) -> std::ops::Range<usize> {
        self.tokens.0..self.tokens.1
    }
}

/// One text being recognised.
pub struct Pass<'t> {
    pub text: &'t str,
    pub tokens: Vec<Token>,
    /// The folded text, made only when a stage needs it (the user's phrases).
    folded: std::cell::OnceCell<Folded>,
    pub hits: Vec<Hit>,
    pub cands: Vec<Cand>,
    /// `claims[i]` = index in `cands` of the candidate owning token `i`, or `FREE`.
    claims: Vec<u32>,
}

impl<'t> Pass<'t> {
    pub fn new(text: &'t str, gazetteer: &Gazetteer) -> Self {
        let tokens = tokenize(text);
        let mut hits = Vec::new();
        gazetteer.find(text, &mut hits);
        let claims = vec![FREE; tokens.len()];
        Self {
            text,
            tokens,
            folded: std::cell::OnceCell::new(),
            hits,
            cands: Vec::new(),
            claims,
        }
    }

    /// The case- and diacritic-folded text, made on first use.
    pub fn folded(&self) -> &Folded {
        self.folded.get_or_init(|| Folded::new(self.text))
    }

    /// Text of token `i` ("" past the end).
    pub fn word(&self, i: usize) -> &'t str {
        self.tokens.get(i).map_or("", |t| t.text(self.text))
    }

    /// Token `i` has `flag`.
    pub fn is(&self, i: usize, flag: u16) -> bool {
        self.tokens.get(i).is_some_and(|t| t.is(flag))
    }

    /// Tokens `first..last` (exclusive) covering the byte range `start..end`.
    pub fn token_range(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        let first = self.tokens.partition_point(|t| t.end <= start);
        let last = self.tokens.partition_point(|t| t.start < end);
        first..last.max(first)
    }

    /// Token ranges of byte spans given in text order, in one walk (no search per span).
    /// Spans out of order are still right, just found by search.
    pub fn token_ranges(
        &self,
        spans: impl Iterator<Item = (usize, usize)>,
    ) -> Vec<std::ops::Range<usize>> {
        let mut out = Vec::new();
        let mut cursor = 0;
        let mut last_start = 0;
        for (start, end) in spans {
            if start < last_start {
                cursor = self.tokens.partition_point(|t| t.end <= start);
            }
            last_start = start;
            while self.tokens.get(cursor).is_some_and(|t| t.end <= start) {
                cursor += 1;
            }
            let mut last = cursor;
            while self.tokens.get(last).is_some_and(|t| t.start < end) {
                last += 1;
            }
            out.push(cursor..last);
        }
        out
    }

    /// The candidate owning token `i`.
    pub fn owner(&self, i: usize) -> Option<&Cand> {
        let c = *self.claims.get(i)?;
        self.cands.get(c as usize).filter(|c| !c.dead)
    }

    /// Index of the candidate owning token `i`.
    pub fn owner_index(&self, i: usize) -> Option<usize> {
        let c = *self.claims.get(i)?;
        (c != FREE).then_some(c as usize)
    }

    pub fn is_free(&self, i: usize) -> bool {
        self.claims.get(i).is_some_and(|&c| c == FREE)
    }

    /// Adds a candidate if all its tokens are free; returns whether it was added.
    pub fn try_add(&mut self, cand: Cand) -> bool {
        let range = self.token_range(cand.start, cand.end);
        self.try_add_over(range, cand)
    }

    /// [`Pass::try_add`] when the caller already knows the token range.
    pub fn try_add_over(&mut self, range: std::ops::Range<usize>, cand: Cand) -> bool {
        if range.is_empty() || !range.clone().all(|i| self.is_free(i)) {
            return false;
        }
        self.claim(range, cand);
        true
    }

    /// Adds a candidate over tokens `range`, removing every candidate it overlaps; returns
    /// its index (`None` for an empty or out-of-range `range`).
    pub fn force_add(
        &mut self,
        range: std::ops::Range<usize>,
        kind: EntityKind,
        key: String,
        origin: Origin,
    ) -> Option<usize> {
        let (Some(first), Some(last)) = (
            self.tokens.get(range.start),
            range.end.checked_sub(1).and_then(|l| self.tokens.get(l)),
        ) else {
            return None;
        };
        if range.is_empty() {
            return None;
        }
        let (start, end) = (first.start, last.end);
        for i in range.clone() {
            if let Some(c) = self.owner_index(i) {
                self.remove(c);
            }
        }
        self.claim(range, Cand::new(start, end, kind, key, origin));
        Some(self.cands.len() - 1)
    }

    fn claim(&mut self, range: std::ops::Range<usize>, mut cand: Cand) {
        let index = u32::try_from(self.cands.len()).unwrap_or(FREE);
        cand.tokens = (range.start, range.end);
        self.cands.push(cand);
        for i in range {
            if let Some(c) = self.claims.get_mut(i) {
                *c = index;
            }
        }
    }

    /// Removes candidate `c` and frees its tokens.
    pub fn remove(&mut self, c: usize) {
        let Some(cand) = self.cands.get_mut(c) else {
            return;
        };
        cand.dead = true;
        let range = cand.tokens();
        for i in range {
            if self.claims.get(i) == Some(&(c as u32)) {
                self.claims[i] = FREE;
            }
        }
    }

    /// Byte range of tokens `range` as text.
    pub fn span_text(&self, range: std::ops::Range<usize>) -> &'t str {
        let (Some(a), Some(b)) = (
            self.tokens.get(range.start),
            range.end.checked_sub(1).and_then(|l| self.tokens.get(l)),
        ) else {
            return "";
        };
        self.text.get(a.start..b.end).unwrap_or("")
    }

    /// The live candidates as mentions in char offsets, sorted.
    pub fn into_mentions(self) -> Vec<Mention> {
        let mut live: Vec<Cand> = self
            .cands
            .into_iter()
            .filter(|c| !c.dead && c.start < c.end)
            .collect();
        live.sort_by_key(|c| (c.start, c.end));
        to_char_offsets(self.text, live)
    }
}

/// Converts sorted byte-offset candidates to char-offset mentions in one walk over the text,
/// dropping any that overlap an earlier one.
pub fn to_char_offsets(text: &str, cands: Vec<Cand>) -> Vec<Mention> {
    let ascii = text.is_ascii();
    let mut out: Vec<Mention> = Vec::with_capacity(cands.len());
    let (mut byte, mut chars) = (0usize, 0usize);
    let mut to_char = |b: usize| -> usize {
        if ascii {
            return b;
        }
        if b >= byte {
            chars += text.get(byte..b).map_or(0, |s| s.chars().count());
        } else {
            chars -= text.get(b..byte).map_or(0, |s| s.chars().count());
        }
        byte = b;
        chars
    };
    let mut last_end_byte = 0;
    for c in cands {
        if c.start < last_end_byte {
            continue;
        }
        last_end_byte = c.end;
        let start = to_char(c.start);
        let end = to_char(c.end);
        out.push(Mention {
            start,
            end,
            kind: c.kind,
            key: c.key,
            origin: c.origin,
            detail: c.detail,
        });
    }
    out
}
