//! Small word lists of the rule stages ("forces", "ministry", "said"), looked up without
//! regard to ASCII case in one hash probe instead of a scan of the list.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

/// Longest word a [`WordSet`] holds; longer lists entries are refused when built.
const MAX_WORD: usize = 32;

/// Hashes short words fast (FNV-1a): for the recogniser's per-text maps and sets of words,
/// where SipHash's set-up dominates and the keys are not chosen by an attacker who gains
/// from collisions (a text can only slow its own recognition).
pub type FastHash = BuildHasherDefault<Fnv>;

/// A set of words compared ignoring ASCII case, like `str::eq_ignore_ascii_case`.
pub struct WordSet {
    words: HashSet<Box<[u8]>, FastHash>,
}

impl WordSet {
    /// The set of `words` (entries longer than 32 bytes are left out).
    pub fn new(words: &[&str]) -> Self {
        Self {
            words: words
                .iter()
                .filter(|w| w.len() <= MAX_WORD)
                .map(|w| w.to_ascii_lowercase().into_bytes().into_boxed_slice())
                .collect(),
        }
    }

    /// Does the set hold `word`, ignoring ASCII case?
    pub fn contains(&self, word: &str) -> bool {
        let bytes = word.as_bytes();
        let mut buf = [0u8; MAX_WORD];
        let Some(lower) = buf.get_mut(..bytes.len()) else {
            return false;
        };
        for (l, b) in lower.iter_mut().zip(bytes) {
            *l = b.to_ascii_lowercase();
        }
        self.words.contains(&*lower)
    }
}

/// A list of words to look a word up in, ignoring ASCII case: a [`WordSet`] for the long
/// lists, a literal array for two or three words.
pub trait Words {
    fn holds(&self, word: &str) -> bool;
}

impl Words for std::sync::LazyLock<WordSet> {
    fn holds(&self, word: &str) -> bool {
        self.contains(word)
    }
}

impl<const N: usize> Words for [&str; N] {
    fn holds(&self, word: &str) -> bool {
        self.iter().any(|w| w.eq_ignore_ascii_case(word))
    }
}

/// Is `word` in `list`, ignoring ASCII case?
pub fn lower_in(word: &str, list: &impl Words) -> bool {
    list.holds(word)
}

/// FNV-1a: the words are a few bytes long, where SipHash's set-up dominates.
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A hasher for keys that are already well-mixed 64-bit hashes: it keeps the key as the
/// hash (hashing a hash again with FNV costs eight multiplications a lookup).
#[derive(Default)]
pub struct Prehashed(u64);

/// Hash sets and maps keyed by 64-bit hashes.
pub type PrehashedKeys = BuildHasherDefault<Prehashed>;

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write_u64(&mut self, key: u64) {
        self.0 = key;
    }

    /// Other keys than `u64` (not used so): FNV-1a over their bytes.
    fn write(&mut self, bytes: &[u8]) {
        let mut fnv = Fnv(self.0);
        fnv.write(bytes);
        self.0 = fnv.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_ignore_ascii_case_only() {
        let set = WordSet::new(&["forces", "Ministry", "&"]);
        assert!(set.contains("Forces"));
        assert!(set.contains("FORCES"));
        assert!(set.contains("ministry"));
        assert!(set.contains("&"));
        assert!(!set.contains("force"));
        assert!(!set.contains(""));
        // Only ASCII letters fold, as with `eq_ignore_ascii_case`.
        let set = WordSet::new(&["états"]);
        assert!(set.contains("éTATS"));
        assert!(!set.contains("ÉTATS"));
        assert!(!set.contains(&"x".repeat(40)));
    }
}
