//! Gazetteers: the name lists in `assets/gazetteers/`, matched in one pass.
//!
//! Every alias of every list (curated domain names, countries, demonyms, cities, regions)
//! and every person title goes into one Aho-Corasick automaton over *folded* text (see
//! [`super::fold`]), leftmost-longest, so "Syrian Democratic Forces" wins over "Syrian".
//! A match counts only on word boundaries of the original text and when its case fits: an
//! alias written in capitals ("UN", "SDF") must be in capitals in the text, any other name
//! must start with a capital ("Mosul", not "mosul"); titles may be lower-case cues
//! ("leader"). First names are a hash set, looked up by the rule stage.
//!
//! The data files are embedded in the binary (`include_str!`), so nothing is read at run
//! time. When two lists give the same alias, the first list loaded wins (curated first).

use std::collections::{HashMap, HashSet};

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, MatchKind};

use super::fold::{fold, fold_char_into};
use super::model::EntityKind;
use super::words::{FastHash, PrehashedKeys};

const CURATED: &str = include_str!("../../assets/gazetteers/curated.tsv");
const COUNTRIES: &str = include_str!("../../assets/gazetteers/countries.tsv");
const DEMONYMS: &str = include_str!("../../assets/gazetteers/demonyms.tsv");
const CITIES: &str = include_str!("../../assets/gazetteers/cities.tsv");
const REGIONS: &str = include_str!("../../assets/gazetteers/regions.tsv");
const TITLES: &str = include_str!("../../assets/gazetteers/titles.txt");
const FIRST_NAMES: &str = include_str!("../../assets/gazetteers/first_names.txt");
const FIRST_NAMES_EXTRA: &str = include_str!("../../assets/gazetteers/first_names_extra.txt");
const STOPWORDS: &str = include_str!("../../assets/gazetteers/stopwords.txt");

/// Every embedded data file (for the recogniser's fingerprint, see `super::cache`).
pub(super) const DATA: [&str; 10] = [
    super::geo::GEONAMES,
    CURATED,
    COUNTRIES,
    DEMONYMS,
    CITIES,
    REGIONS,
    TITLES,
    FIRST_NAMES,
    FIRST_NAMES_EXTRA,
    STOPWORDS,
];

/// Which list an alias came from; earlier variants are more trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    Curated,
    Country,
    Demonym,
    City,
    Region,
}

/// What one automaton pattern stands for.
#[derive(Clone, Copy, Debug)]
pub struct Pattern {
    /// The entity it names: kind, index into the key table, list.
    pub entity: Option<(EntityKind, u32, Source)>,
    /// A person title ("President", "Lt. Gen.", "leader").
    pub title: bool,
    /// Written in capitals only: must be in capitals in the text.
    pub acronym: bool,
    /// A well-known place, also reported when written in lower case ("mexico"), as a hint
    /// for the model (never a mention by itself).
    pub lower_ok: bool,
}

/// A gazetteer match, in original byte offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub pattern: u32,
    /// The matched text starts with a capital letter (or a letter without case, as in
    /// Arabic).
    pub capitalised: bool,
    /// A well-known place written in lower case ("mexico"): a hint for the model only.
    pub lower: bool,
}

/// All name lists, compiled.
pub struct Gazetteer {
    nfa: Option<NFA>,
    /// The title patterns alone (small enough to stay in the cache), with the index of
    /// each in `patterns`.
    titles: Option<(NFA, Vec<u32>)>,
    /// The names of well-known places alone, looked up at lower-case words like titles.
    lower_names: Option<NFA>,
    /// `can_start[b]`: some pattern starts with the ASCII byte `b`.
    can_start: [bool; 128],
    /// Hashes of the patterns' first words ([`word_head`]): a capitalised word that starts
    /// no pattern (most of them) is passed over with one lookup instead of a walk of the
    /// large automaton, whose states are mostly not in the cache.
    heads: HashSet<u64, PrehashedKeys>,
    /// The same of the patterns that may be found at a lower-case word (titles and
    /// well-known places): a small set, which stays in the cache.
    lower_heads: HashSet<u64, PrehashedKeys>,
    /// Tests turn the first-word filter off, to hold it to a search without it.
    #[cfg(test)]
    unfiltered: bool,
    patterns: Vec<Pattern>,
    keys: Vec<Box<str>>,
    first_names: HashSet<Box<str>, FastHash>,
    stopwords: HashSet<Box<str>, FastHash>,
    /// One-word titles, folded, without a final full stop ("president", "gen").
    title_words: HashSet<Box<str>, FastHash>,
    /// Folded names of nationalities and groups ("syrian", "sunnis").
    groups: HashSet<Box<str>, FastHash>,
}

/// Cities at least this large are also reported when written in lower case.
const WELL_KNOWN_CITY: u64 = 100_000;

/// Arabic articles before a capital: "al-Qaida", "el-Sisi".
const PARTICLES: [&str; 6] = ["al-", "el-", "ad-", "as-", "ar-", "an-"];

/// Lines of a data file that are not blank and not `#` comments, without a trailing
/// comment column (`<TAB># source`).
fn data_lines(file: &str) -> impl Iterator<Item = &str> {
    file.lines()
        .map(|l| l.split_once("\t#").map_or(l, |(data, _)| data).trim_end())
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
}

fn is_acronym(alias: &str) -> bool {
    let letters = alias.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2 && !alias.chars().any(char::is_lowercase)
}

#[derive(Default)]
struct Builder {
    /// Folded aliases of nationalities and groups.
    groups: HashSet<Box<str>, FastHash>,
    folded: Vec<String>,
    patterns: Vec<Pattern>,
    index: HashMap<String, usize>,
    keys: Vec<Box<str>>,
}

impl Builder {
    fn add_entity(&mut self, kind: EntityKind, key: &str, aliases: &[&str], source: Source) {
        let key_index = u32::try_from(self.keys.len()).unwrap_or(u32::MAX);
        self.keys.push(key.into());
        for alias in aliases {
            let f = fold(alias.trim());
            if f.is_empty() {
                continue;
            }
            let acronym = is_acronym(alias);
            let entity = Some((kind, key_index, source));
            if kind == EntityKind::Norp {
                self.groups.insert(f.clone().into_boxed_str());
            }
            // Countries, regions, listed places and cities of 100,000 people or more.
            let well_known = kind == EntityKind::Loc
                && !acronym
                && f.chars().count() >= 4
                && match source {
                    Source::Country | Source::Region | Source::Curated => true,
                    Source::City => {
                        super::geo::Places::shared().largest_population(&f) >= WELL_KNOWN_CITY
                    }
                    Source::Demonym => false,
                };
            match self.index.get(&f) {
                Some(&i) => {
                    if let Some(p) = self.patterns.get_mut(i)
                        && p.entity.is_none()
                    {
                        p.entity = entity;
                        p.acronym = acronym;
                        p.lower_ok = well_known;
                    }
                }
                None => self.push(
                    f,
                    Pattern {
                        entity,
                        title: false,
                        acronym,
                        lower_ok: well_known,
                    },
                ),
            }
        }
    }

    fn add_title(&mut self, title: &str) {
        let f = fold(title.trim());
        match self.index.get(&f) {
            Some(&i) => {
                if let Some(p) = self.patterns.get_mut(i) {
                    p.title = true;
                }
            }
            None => self.push(
                f,
                Pattern {
                    entity: None,
                    title: true,
                    acronym: is_acronym(title) && title.len() <= 4,
                    lower_ok: false,
                },
            ),
        }
    }

    fn push(&mut self, folded: String, pattern: Pattern) {
        self.index.insert(folded.clone(), self.patterns.len());
        self.folded.push(folded);
        self.patterns.push(pattern);
    }

    /// A file of `KEY<TAB>ALIAS...` lines, all of one kind.
    fn add_list(&mut self, file: &str, kind: EntityKind, source: Source) {
        for line in data_lines(file) {
            let cols: Vec<&str> = line.split('\t').collect();
            if let Some(key) = cols.first() {
                self.add_entity(kind, key, &cols, source);
            }
        }
    }
}

impl Gazetteer {
    /// Compiles the embedded lists (~50 ms: build once, share).
    pub fn new() -> Self {
        let mut b = Builder::default();
        for line in data_lines(CURATED) {
            let cols: Vec<&str> = line.split('\t').collect();
            let (Some(kind), Some(key)) = (cols.first(), cols.get(1)) else {
                continue;
            };
            if let Ok(kind) = kind.parse::<EntityKind>() {
                b.add_entity(kind, key, &cols[1..], Source::Curated);
            }
        }
        b.add_list(COUNTRIES, EntityKind::Loc, Source::Country);
        b.add_list(DEMONYMS, EntityKind::Norp, Source::Demonym);
        b.add_list(CITIES, EntityKind::Loc, Source::City);
        b.add_list(REGIONS, EntityKind::Loc, Source::Region);
        for line in data_lines(TITLES) {
            b.add_title(line);
        }
        // The builder fails only past billions of states, never with the embedded lists;
        // without an automaton the recogniser still runs, on rules alone.
        let nfa = NFA::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&b.folded)
            .ok();
        let lower_names = NFA::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(
                b.patterns
                    .iter()
                    .zip(&b.folded)
                    .filter(|(p, _)| p.lower_ok)
                    .map(|(_, f)| f),
            )
            .ok();
        let (title_ids, title_patterns): (Vec<u32>, Vec<&String>) = b
            .patterns
            .iter()
            .zip(&b.folded)
            .enumerate()
            .filter(|(_, (p, _))| p.title)
            .map(|(i, (_, f))| (u32::try_from(i).unwrap_or(u32::MAX), f))
            .unzip();
        let titles = NFA::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(title_patterns)
            .ok()
            .map(|nfa| (nfa, title_ids));
        let mut can_start = [false; 128];
        for pattern in &b.folded {
            if let Some(&first) = pattern.as_bytes().first()
                && let Some(slot) = can_start.get_mut(usize::from(first))
            {
                *slot = true;
            }
        }
        let heads = b.folded.iter().map(|p| pattern_head(p)).collect();
        let lower_heads = b
            .patterns
            .iter()
            .zip(&b.folded)
            .filter(|(p, _)| p.title || p.lower_ok)
            .map(|(_, f)| pattern_head(f))
            .collect();
        let set = |file: &str| data_lines(file).map(|l| fold(l.trim()).into()).collect();
        Self {
            nfa,
            titles,
            lower_names,
            can_start,
            heads,
            lower_heads,
            #[cfg(test)]
            unfiltered: false,
            patterns: b.patterns,
            keys: b.keys,
            first_names: data_lines(FIRST_NAMES)
                .chain(data_lines(FIRST_NAMES_EXTRA))
                .map(|l| fold(l.trim()).into())
                .collect(),
            stopwords: set(STOPWORDS),
            groups: std::mem::take(&mut b.groups),
            title_words: data_lines(TITLES)
                .map(|l| fold(l.trim().trim_end_matches('.')))
                .filter(|t| !t.contains(' '))
                .map(String::into_boxed_str)
                .collect(),
        }
    }

    /// Is the folded name a nationality or group ("syrian", "sunnis")?
    pub fn is_group_name(&self, folded: &str) -> bool {
        self.groups.contains(folded)
    }

    /// Is the folded word (without a final full stop) a person's title ("president")?
    pub fn is_title_word(&self, folded: &str) -> bool {
        self.title_words.contains(folded)
    }

    /// What pattern `i` of a [`Hit`] stands for.
    pub fn pattern(&self, i: u32) -> Option<&Pattern> {
        self.patterns.get(i as usize)
    }

    /// The canonical name of key index `i`.
    pub fn key(&self, i: u32) -> &str {
        self.keys.get(i as usize).map_or("", |k| k)
    }

    /// Is the folded word a known first name?
    pub fn is_first_name(&self, folded: &str) -> bool {
        self.first_names.contains(folded)
    }

    /// Is the folded word a common English word ("will", "hope", "the")?
    pub fn is_stopword(&self, folded: &str) -> bool {
        self.stopwords.contains(folded)
    }

    /// Appends to `out` every match in `text` that sits on word boundaries and has the
    /// right case. Non-overlapping, in text order.
    ///
    /// The automaton is walked anchored, from each position that follows a char that is
    /// not a letter or digit, folding the text as it goes: a match anywhere else would be
    /// refused anyway, and most of the text is never folded or walked. The longest name
    /// at the leftmost such position wins, as in a leftmost-longest search of the folded
    /// text; when it is refused, the next position is tried.
    pub fn find(&self, text: &str, out: &mut Vec<Hit>) {
        let Some(nfa) = &self.nfa else {
            return;
        };
        let bytes = text.as_bytes();
        let mut scratch = String::new();
        let mut prev_alnum = false;
        let mut resume = 0;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            let (c, len) = char_at(text, i, b);
            if i >= resume
                && !prev_alnum
                && (b >= 0x80 || self.can_start[usize::from(b.to_ascii_lowercase())])
                && let Some((end, pattern)) = self.longest_at(nfa, text, i, c, &mut scratch)
                && let Some((capitalised, lower)) = self.accept(text, i, end, pattern)
            {
                out.push(Hit {
                    start: i,
                    end,
                    pattern,
                    capitalised,
                    lower,
                });
                resume = end;
            }
            prev_alnum = c.is_alphanumeric();
            i += len;
        }
    }

    /// The longest pattern at `start` (whose char is `c`), as [`longest_at`], but a word
    /// in lower case is first looked up among the titles alone: a name in lower case is
    /// refused anyway, so unless a title starts there the large automaton (which does not
    /// fit in the cache) is not walked. When one does, the large automaton must agree that
    /// it is the longest pattern there, as a search of all patterns would find.
    fn longest_at(
        &self,
        nfa: &NFA,
        text: &str,
        start: usize,
        c: char,
        scratch: &mut String,
    ) -> Option<(usize, u32)> {
        let particle = || {
            let head = text.get(start..start + 3).unwrap_or("");
            PARTICLES.contains(&head)
        };
        #[cfg(test)]
        let head = (!self.unfiltered)
            .then(|| word_head(text, start, scratch))
            .flatten();
        #[cfg(not(test))]
        let head = word_head(text, start, scratch);
        if !c.is_lowercase() || particle() {
            // No pattern starts with this word: nothing to walk.
            if head.is_some_and(|h| !self.heads.contains(&h)) {
                return None;
            }
            return longest_at(nfa, text, start, scratch);
        }
        // Only a title or a well-known place can be found here, and none starts with this
        // word (nearly every lower-case word).
        if head.is_some_and(|h| !self.lower_heads.contains(&h)) {
            return None;
        }
        let title = self
            .titles
            .as_ref()
            .and_then(|t| longest_at(&t.0, text, start, scratch));
        if title.is_none()
            && self
                .lower_names
                .as_ref()
                .and_then(|n| longest_at(n, text, start, scratch))
                .is_none()
        {
            return None;
        }
        let found = longest_at(nfa, text, start, scratch)?;
        self.pattern(found.1)
            .is_some_and(|p| p.title || p.lower_ok)
            .then_some(found)
    }

    /// `Some((capitalised, lower))` when the match `start..end` of `pattern` counts (see
    /// [`Hit`]).
    fn accept(&self, text: &str, start: usize, end: usize, pattern: u32) -> Option<(bool, bool)> {
        let s = text.get(start..end)?;
        let before = text.get(..start)?.chars().next_back();
        let after = text.get(end..)?.chars().next();
        if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric) {
            return None;
        }
        let p = self.pattern(pattern)?;
        // "al-Qaida", "el-Sisi": the capital comes after the particle.
        let head = PARTICLES
            .iter()
            .find_map(|prefix| s.strip_prefix(prefix))
            .unwrap_or(s);
        let first = head.chars().next()?;
        let caseless = first.is_alphabetic() && !first.is_lowercase() && !first.is_uppercase();
        let capitalised = first.is_uppercase() || first.is_ascii_digit() || caseless;
        if p.acronym {
            return (!s.chars().any(char::is_lowercase)).then_some((true, false));
        }
        // A short name written in capitals is an acronym, not the name ("ODE" is not the
        // town of Ode); longer ones are headlines ("BAGHDAD").
        let shouting = s.chars().filter(|c| c.is_alphabetic()).count() <= 4
            && !s.chars().any(char::is_lowercase);
        if p.entity.is_some() && capitalised && !shouting {
            return Some((true, false));
        }
        if p.title {
            return Some((capitalised, false));
        }
        (p.lower_ok && first.is_lowercase()).then_some((false, true))
    }
}

/// The char at byte `i` of `text` (whose byte there is `b`) and its length.
fn char_at(text: &str, i: usize, b: u8) -> (char, usize) {
    if b < 0x80 {
        return (char::from(b), 1);
    }
    text.get(i..)
        .and_then(|s| s.chars().next())
        .map_or(('\u{FFFD}', 1), |c| (c, c.len_utf8()))
}

/// FNV-1a offset basis and step, for the heads of words and patterns.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

fn fnv_step(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
}

/// Hash of a folded pattern's first word: its chars up to the first that is not a letter
/// or digit.
fn pattern_head(pattern: &str) -> u64 {
    let end = pattern
        .char_indices()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(pattern.len(), |(i, _)| i);
    pattern.as_bytes()[..end]
        .iter()
        .fold(FNV_OFFSET, |h, &b| fnv_step(h, b))
}

/// Hash of the folded first word of the text at byte `start`, comparable with
/// [`pattern_head`]: a pattern that matches there on word boundaries has the same head.
/// `None` (look for patterns anyway) when the word holds a char whose folding does not
/// keep it a letter or digit, or a non-letter, as it was: there the heads might differ.
fn word_head(text: &str, start: usize, scratch: &mut String) -> Option<u64> {
    let bytes = text.as_bytes();
    let mut h = FNV_OFFSET;
    let mut i = start;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            if !b.is_ascii_alphanumeric() {
                break;
            }
            h = fnv_step(h, b.to_ascii_lowercase());
            i += 1;
            continue;
        }
        let (c, len) = char_at(text, i, b);
        scratch.clear();
        fold_char_into(c, scratch);
        let chars = scratch.chars().count();
        let alnum = scratch.chars().filter(|f| f.is_alphanumeric()).count();
        match (chars, c.is_alphanumeric()) {
            // Folds to nothing ("ʿ", combining marks): no part of either head.
            (0, _) => {}
            (_, true) if alnum == chars => {
                h = scratch.bytes().fold(h, fnv_step);
            }
            (_, false) if alnum == 0 => break,
            _ => return None,
        }
        i += len;
    }
    Some(h)
}

/// The longest pattern that the folded text starting at byte `start` begins with: its end
/// in `text` and its index. The end follows the folded text's map back to the original:
/// chars that fold to nothing right after a match belong to it, and a match ending inside
/// the folding of one char ("s" of "ß" -> "ss") ends where that char starts.
fn longest_at(nfa: &NFA, text: &str, start: usize, scratch: &mut String) -> Option<(usize, u32)> {
    let mut sid = nfa.start_state(Anchored::Yes).ok()?;
    let bytes = text.as_bytes();
    let mut best = None;
    let mut consumed = 0;
    let mut i = start;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            // ASCII folds to itself in lower case, one byte.
            sid = nfa.next_state(Anchored::Yes, sid, b.to_ascii_lowercase());
            if nfa.is_dead(sid) {
                break;
            }
            consumed += 1;
            i += 1;
            if nfa.is_match(sid) {
                for m in 0..nfa.match_len(sid) {
                    let pid = nfa.match_pattern(sid, m);
                    if nfa.pattern_len(pid) == consumed {
                        best = Some((i, pid.as_u32()));
                    }
                }
            }
            continue;
        }
        let (c, len) = char_at(text, i, b);
        scratch.clear();
        fold_char_into(c, scratch);
        let folded = scratch.as_bytes();
        if i == start && folded.is_empty() {
            // A match cannot start with a char that folds to nothing.
            return None;
        }
        let last = folded.len().saturating_sub(1);
        for (k, &fb) in folded.iter().enumerate() {
            sid = nfa.next_state(Anchored::Yes, sid, fb);
            if nfa.is_dead(sid) {
                return best.map(|(end, pattern)| (absorb_empty(text, end), pattern));
            }
            consumed += 1;
            if nfa.is_match(sid) {
                // A match state can also carry shorter patterns (suffixes of the path);
                // the one starting at `start` is the one as long as the path.
                for m in 0..nfa.match_len(sid) {
                    let pid = nfa.match_pattern(sid, m);
                    if nfa.pattern_len(pid) == consumed {
                        let end = if k == last { i + len } else { i };
                        best = Some((end, pid.as_u32()));
                    }
                }
            }
        }
        i += len;
    }
    best.map(|(end, pattern)| (absorb_empty(text, end), pattern))
}

/// `end` moved past the chars right after it that fold to nothing ("ʿ", combining marks).
fn absorb_empty(text: &str, mut end: usize) -> usize {
    let mut scratch = String::new();
    while let Some(c) = text.get(end..).and_then(|s| s.chars().next()) {
        if c.is_ascii() {
            break;
        }
        scratch.clear();
        fold_char_into(c, &mut scratch);
        if !scratch.is_empty() {
            break;
        }
        end += c.len_utf8();
    }
    end
}

impl Default for Gazetteer {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(g: &Gazetteer, text: &str) -> Vec<(String, Option<EntityKind>, bool)> {
        let mut hits = Vec::new();
        g.find(text, &mut hits);
        hits.iter()
            .filter(|h| !h.lower)
            .map(|h| {
                let p = g.pattern(h.pattern).expect("pattern");
                (
                    text[h.start..h.end].to_owned(),
                    p.entity.map(|e| e.0),
                    p.title,
                )
            })
            .collect()
    }

    #[test]
    fn the_first_word_filter_finds_what_a_full_search_finds() {
        let filtered = Gazetteer::new();
        let mut full = Gazetteer::new();
        full.unfiltered = true;
        let mut texts: Vec<String> = vec![
            // Folding that changes lengths or drops chars, apostrophes, particles, case.
            "From Ţarţūs to TARTUS, Saʿid and Da’esh; al-Qaida, el-Sisi and AL-NUSRA.".into(),
            "Straße and Strasse; the Prime Minister met the president in mexico.".into(),
            "Syria™ and Iraq№, U.S.-led, Washington-based, 'Mosul' (Raqqa) [Homs]".into(),
            "ʿAyn al-ʿArab; Kobanî; Deir ez-Zor; Idlib’s; İstanbul; ΑΘΗΝΑ; Москва".into(),
            "دمشق وحلب والموصل؛ Dimashq; Ḥalab".into(),
        ];
        // And the sample documents.
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/sample_data");
        for entry in walkdir_texts(std::path::Path::new(dir)) {
            texts.push(entry);
        }
        assert!(texts.len() > 20, "the sample documents are read");
        for text in &texts {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            filtered.find(text, &mut a);
            full.find(text, &mut b);
            assert_eq!(a, b, "in {:?}", text.get(..80.min(text.len())));
        }
    }

    /// The text files under `dir` (Markdown and plain text), recursively.
    fn walkdir_texts(dir: &std::path::Path) -> Vec<String> {
        let mut out = Vec::new();
        let Ok(entries) = std::fs::read_dir(dir) else {
            return out;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                out.extend(walkdir_texts(&path));
            } else if path.extension().is_some_and(|e| e == "md" || e == "txt")
                && let Ok(text) = std::fs::read_to_string(&path)
            {
                out.push(text);
            }
        }
        out
    }

    #[test]
    fn diacritics_and_alternate_names_match() {
        let g = Gazetteer::new();
        let found = names(&g, "From Tartus to Ţarţūs and Damascus.");
        let texts: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(texts, ["Tartus", "Ţarţūs", "Damascus"]);
        assert!(found.iter().all(|f| f.1 == Some(EntityKind::Loc)));
    }

    #[test]
    fn longest_name_wins_and_words_must_be_whole() {
        let g = Gazetteer::new();
        let found = names(&g, "the Syrian Democratic Forces met Syrians in Assyria");
        assert_eq!(found[0].0, "Syrian Democratic Forces");
        assert_eq!(found[0].1, Some(EntityKind::Org));
        assert_eq!(found[1].0, "Syrians");
        assert_eq!(found[1].1, Some(EntityKind::Norp));
        assert!(found.iter().all(|f| f.0 != "Syria"), "{found:?}");
    }

    #[test]
    fn case_must_fit() {
        let g = Gazetteer::new();
        assert!(names(&g, "the un and mosul").is_empty());
        let found = names(&g, "the UN in Mosul, said the leader");
        let texts: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(texts, ["UN", "Mosul", "leader"]);
        assert!(found[2].2, "leader is a title cue");
    }

    #[test]
    fn marks_that_fold_to_nothing_belong_to_the_name() {
        let g = Gazetteer::new();
        // Transliteration marks (ayn, hamza) inside a name and right after it.
        let found = names(&g, "From Dama\u{02BF}scus\u{02BE} to Aleppo.");
        assert_eq!(found[0].0, "Dama\u{02BF}scus\u{02BE}");
        assert_eq!(found[1].0, "Aleppo");
        // A name cannot begin in the middle of a word ("Ra" + "qqa").
        assert!(names(&g, "Xraqqa and Raqqa").iter().all(|f| f.0 == "Raqqa"));
    }

    #[test]
    fn lower_case_titles_are_found_but_not_lower_case_names() {
        let g = Gazetteer::new();
        let found = names(&g, "the leader of damascus met the president");
        let texts: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(texts, ["leader", "president"]);
        assert!(found.iter().all(|f| f.2), "{found:?}");
    }

    #[test]
    fn first_names_and_stopwords_are_known() {
        let g = Gazetteer::new();
        assert!(g.is_first_name("tobias"));
        assert!(g.is_stopword("the"));
        assert!(!g.is_stopword("damascus"));
    }
}
