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

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Input, MatchKind};

use super::fold::{Folded, fold};
use super::model::EntityKind;

const CURATED: &str = include_str!("../../assets/gazetteers/curated.tsv");
const COUNTRIES: &str = include_str!("../../assets/gazetteers/countries.tsv");
const DEMONYMS: &str = include_str!("../../assets/gazetteers/demonyms.tsv");
const CITIES: &str = include_str!("../../assets/gazetteers/cities.tsv");
const REGIONS: &str = include_str!("../../assets/gazetteers/regions.tsv");
const TITLES: &str = include_str!("../../assets/gazetteers/titles.txt");
const FIRST_NAMES: &str = include_str!("../../assets/gazetteers/first_names.txt");
const FIRST_NAMES_EXTRA: &str = include_str!("../../assets/gazetteers/first_names_extra.txt");
const STOPWORDS: &str = include_str!("../../assets/gazetteers/stopwords.txt");

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
}

/// A gazetteer match, in original byte offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub pattern: u32,
    /// The matched text starts with a capital letter.
    pub capitalised: bool,
}

/// All name lists, compiled.
pub struct Gazetteer {
    ac: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
    keys: Vec<Box<str>>,
    first_names: HashSet<Box<str>>,
    stopwords: HashSet<Box<str>>,
}

/// Lines of a data file that are not blank and not `#` comments.
fn data_lines(file: &str) -> impl Iterator<Item = &str> {
    file.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
}

fn is_acronym(alias: &str) -> bool {
    let letters = alias.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2 && !alias.chars().any(char::is_lowercase)
}

#[derive(Default)]
struct Builder {
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
            match self.index.get(&f) {
                Some(&i) => {
                    if let Some(p) = self.patterns.get_mut(i)
                        && p.entity.is_none()
                    {
                        p.entity = entity;
                        p.acronym = acronym;
                    }
                }
                None => self.push(
                    f,
                    Pattern {
                        entity,
                        title: false,
                        acronym,
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
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&b.folded)
            .ok();
        let set = |file: &str| data_lines(file).map(|l| fold(l.trim()).into()).collect();
        Self {
            ac,
            patterns: b.patterns,
            keys: b.keys,
            first_names: data_lines(FIRST_NAMES)
                .chain(data_lines(FIRST_NAMES_EXTRA))
                .map(|l| fold(l.trim()).into())
                .collect(),
            stopwords: set(STOPWORDS),
        }
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

    /// Appends to `out` every match in `text` (whose folded form is `folded`) that sits on
    /// word boundaries and has the right case. Non-overlapping, in text order.
    pub fn find(&self, text: &str, folded: &Folded, out: &mut Vec<Hit>) {
        let Some(ac) = &self.ac else {
            return;
        };
        let hay = folded.as_str();
        let mut at = 0;
        while at < hay.len() {
            let Some(m) = ac.find(Input::new(hay).range(at..)) else {
                break;
            };
            let (start, end) = (folded.original(m.start()), folded.original(m.end()));
            let pattern = m.pattern().as_u32();
            match self.accept(text, start, end, pattern) {
                Some(capitalised) => {
                    out.push(Hit {
                        start,
                        end,
                        pattern,
                        capitalised,
                    });
                    at = m.end().max(m.start() + 1);
                }
                None => {
                    // Not a word here: look again one char later, so a name starting
                    // inside the rejected match is still found.
                    let step = hay
                        .get(m.start()..)
                        .and_then(|s| s.chars().next())
                        .map_or(1, char::len_utf8);
                    at = m.start() + step;
                }
            }
        }
    }

    /// `Some(capitalised)` when the match `start..end` of `pattern` counts.
    fn accept(&self, text: &str, start: usize, end: usize, pattern: u32) -> Option<bool> {
        let s = text.get(start..end)?;
        let before = text.get(..start)?.chars().next_back();
        let after = text.get(end..)?.chars().next();
        if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric) {
            return None;
        }
        let p = self.pattern(pattern)?;
        // "al-Qaida", "el-Sisi": the capital comes after the particle.
        let head = ["al-", "el-", "ad-", "as-", "ar-", "an-"]
            .iter()
            .find_map(|prefix| s.strip_prefix(prefix))
            .unwrap_or(s);
        let first = head.chars().next()?;
        let capitalised = first.is_uppercase() || first.is_ascii_digit();
        if p.acronym {
            return (!s.chars().any(char::is_lowercase)).then_some(true);
        }
        // A short name written in capitals is an acronym, not the name ("ODE" is not the
        // town of Ode); longer ones are headlines ("BAGHDAD").
        let shouting = s.chars().filter(|c| c.is_alphabetic()).count() <= 4
            && !s.chars().any(char::is_lowercase);
        if p.entity.is_some() && capitalised && !shouting {
            return Some(true);
        }
        p.title.then_some(capitalised)
    }
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
        g.find(text, &Folded::new(text), &mut hits);
        hits.iter()
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
    fn first_names_and_stopwords_are_known() {
        let g = Gazetteer::new();
        assert!(g.is_first_name("tobias"));
        assert!(g.is_stopword("the"));
        assert!(!g.is_stopword("damascus"));
    }
}
