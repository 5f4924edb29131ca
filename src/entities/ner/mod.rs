//! The trained sequence model: people, organisations and places, decided token by token
//! from hashed features of the words, their shapes and neighbours, and of what the
//! gazetteers and the rule stages found (so the lists and rules inform the model rather
//! than compete with it).
//!
//! - [`features`]: the hashed features of a token; [`observe`]: what the model is shown of
//!   a text and which tokens it looks at;
//! - [`tags`]: BILOU tags; [`model`]: weights and the Viterbi decoder;
//! - [`weights`]: the weights file (`assets/ner/model.bin`, embedded in the binary);
//! - `train`: the averaged structured perceptron that makes it, from the data that
//!   `sources` reads (GUM, UNER English-EWT dev, re3d, brought to one convention); these
//!   three (with `gum`) are built only with the `training` feature, off in the shipped
//!   binary.
//!
//! The weights are loaded once per process ([`NerModel::shipped`]); a damaged or
//! out-of-date file is refused with a reason, and recognition then runs on the rules
//! alone.

pub mod features;
#[cfg(feature = "training")]
mod gum;
pub mod model;
mod observe;
#[cfg(feature = "training")]
pub mod sources;
pub mod tags;
#[cfg(feature = "training")]
pub mod train;
pub mod weights;

use std::ops::Range;
use std::sync::OnceLock;

use super::EntityKind;
use super::fold::fold_into;
use super::gazetteer::{Gazetteer, Source};
use super::model::{Detail, Origin};
use super::pipeline::Pass;
use super::tokens::SENT_START;
use model::{Scores, Weights, viterbi};
use observe::{observe, segments};
pub use weights::{ModelInfo, WeightsError};

/// The shipped weights, embedded in the binary.
const SHIPPED: &[u8] = include_bytes!("../../../assets/ner/model.bin");

/// A trained model, ready to tag.
#[derive(Clone, Debug)]
pub struct NerModel {
    weights: Weights,
    info: ModelInfo,
}

impl NerModel {
    /// The model shipped in `assets/ner/model.bin`, loaded on first use; the error says why
    /// it cannot be used.
    pub fn shipped() -> Result<&'static NerModel, &'static WeightsError> {
        static SHIPPED_MODEL: OnceLock<Result<NerModel, WeightsError>> = OnceLock::new();
        SHIPPED_MODEL
            .get_or_init(|| NerModel::from_bytes(SHIPPED))
            .as_ref()
    }

    /// A model from the bytes of a weights file.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, WeightsError> {
        let (weights, info) = weights::decode(bytes, feature_fingerprint())?;
        Ok(Self { weights, info })
    }

    #[cfg(feature = "training")]
    pub(crate) fn from_parts(weights: Weights, info: ModelInfo) -> Self {
        Self { weights, info }
    }

    /// What the weights file says about the model (training data, held-out scores).
    pub fn info(&self) -> &ModelInfo {
        &self.info
    }

    /// The bytes of the shipped weights file (part of the recogniser's fingerprint).
    pub fn shipped_bytes() -> &'static [u8] {
        SHIPPED
    }
}

/// What identifies the features: the code that computes them and the data they look up.
/// Weights trained for another fingerprint are refused, so a change to a word list or a
/// rule never silently meets weights that were trained without it. The code is hashed
/// without its comments, whitespace and unit tests ([`code_of`]): formatting, a comment or
/// a new test changes no feature and keeps the weights.
pub fn feature_fingerprint() -> &'static str {
    static FINGERPRINT: OnceLock<String> = OnceLock::new();
    FINGERPRINT.get_or_init(|| {
        let mut hasher = blake3::Hasher::new();
        let code = [
            include_str!("features.rs"),
            include_str!("observe.rs"),
            include_str!("tags.rs"),
            include_str!("../tokens.rs"),
            include_str!("../gazetteer.rs"),
            include_str!("../rules.rs"),
            include_str!("../dates.rs"),
            include_str!("../pipeline.rs"),
            include_str!("../fold.rs"),
            include_str!("../fold_table.rs"),
            include_str!("../words.rs"),
        ];
        let code = code.map(code_of);
        let parts = code
            .iter()
            .map(String::as_str)
            .chain(super::gazetteer::DATA.iter().copied());
        for part in parts {
            hasher.update(&(part.len() as u64).to_le_bytes());
            hasher.update(part.as_bytes());
        }
        hasher.finalize().to_hex()[..32].to_owned()
    })
}

/// Rust source as far as its behaviour goes: without the unit tests at its end (from
/// `#[cfg(test)] mod tests`), without `//` comments, and without whitespace outside string
/// and char literals (so rustfmt's line breaks do not count, while a space inside a word
/// list or a `b' '` does). Strings, raw strings and char literals are copied whole.
fn code_of(source: &str) -> String {
    let code = source
        .find("\n#[cfg(test)]\nmod tests")
        .map_or(source, |end| &source[..end]);
    let mut out = String::with_capacity(code.len());
    let mut chars = code.chars().peekable();
    // The source char before `c` (an identifier char before `r"` makes no raw string).
    let mut prev = ' ';
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                out.push(c);
                copy_literal(&mut chars, &mut out, '"');
            }
            'r' if matches!(chars.peek(), Some('"' | '#'))
                && !(prev.is_alphanumeric() || prev == '_') =>
            {
                out.push(c);
                let mut hashes = 0;
                while chars.peek() == Some(&'#') {
                    out.extend(chars.next());
                    hashes += 1;
                }
                // `r#name` (a raw identifier) has no quote.
                if chars.peek() == Some(&'"') {
                    out.extend(chars.next());
                    while let Some(c) = chars.next() {
                        out.push(c);
                        if c == '"' {
                            let mut closing = 0;
                            while closing < hashes && chars.peek() == Some(&'#') {
                                out.extend(chars.next());
                                closing += 1;
                            }
                            if closing == hashes {
                                break;
                            }
                        }
                    }
                }
            }
            // A char literal ('x', ' ', '"', '\n', '\u{a0}'); a lifetime ('a) is none.
            '\'' => {
                out.push(c);
                let mut ahead = chars.clone();
                match (ahead.next(), ahead.next()) {
                    (Some('\\'), _) => copy_literal(&mut chars, &mut out, '\''),
                    (Some(_), Some('\'')) => out.extend(chars.by_ref().take(2)),
                    _ => {}
                }
            }
            '/' if chars.peek() == Some(&'/') => {
                for rest in chars.by_ref() {
                    if rest == '\n' {
                        break;
                    }
                }
            }
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
        prev = c;
    }
    out
}

/// Copies the rest of a string or char literal, up to and including its `close`, an
/// escaped char ("\\\"") with its backslash.
fn copy_literal(chars: &mut std::iter::Peekable<std::str::Chars>, out: &mut String, close: char) {
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '\\' {
            out.extend(chars.next());
        } else if c == close {
            break;
        }
    }
}

/// The names the model finds among the tokens of `pass` (token ranges and kinds).
pub(crate) fn tag(
    pass: &Pass,
    gaz: &Gazetteer,
    model: &NerModel,
) -> Vec<(Range<usize>, EntityKind)> {
    let seen = observe(pass, gaz);
    let mut names = Vec::new();
    let mut emissions: Vec<Scores> = Vec::new();
    let (mut back, mut tags_out) = (Vec::new(), Vec::new());
    let mut scratch = String::new();
    let mut hashes = Vec::with_capacity(64);
    for segment in segments(&seen.candidate) {
        emissions.clear();
        for i in segment.clone() {
            seen.features.token(
                pass.text,
                &pass.tokens,
                &seen.info,
                i,
                &mut scratch,
                &mut hashes,
            );
            emissions.push(model.weights.sum(&hashes));
        }
        let w = &model.weights;
        viterbi(
            &emissions,
            &w.transitions,
            &w.start,
            &w.end,
            &mut back,
            &mut tags_out,
        );
        for (range, kind) in tags::decode(&tags_out) {
            names.push((segment.start + range.start..segment.start + range.end, kind));
        }
    }
    names
}

/// Replaces the people, organisations and places that the gazetteer and rule stages put in
/// `pass` by the model's names. Dates, the user's phrases and nationalities stay (a name
/// the model finds over a nationality wins: "American Airlines"); so do gazetteer names
/// written in a script without case (Arabic, Hebrew), which the model has not learnt.
pub(crate) fn apply(pass: &mut Pass, gaz: &Gazetteer, model: &NerModel) {
    let names = tag(pass, gaz, model);
    // Person spans of the title rules, for the titles of the model's people (live
    // candidates do not overlap, so sorted by start they are sorted by end too).
    let mut titled: Vec<Range<usize>> = pass
        .cands
        .iter()
        .filter(|c| !c.dead && c.kind == EntityKind::Person && c.origin == Origin::Rule)
        .map(|c| c.tokens())
        .collect();
    titled.sort_by_key(|r| r.start);
    for c in 0..pass.cands.len() {
        let Some(cand) = pass.cands.get(c) else {
            continue;
        };
        let replaced = !cand.dead
            && matches!(cand.origin, Origin::Gazetteer | Origin::Rule)
            && matches!(
                cand.kind,
                EntityKind::Person | EntityKind::Org | EntityKind::Loc
            )
            && !caseless(pass.text.get(cand.start..cand.end).unwrap_or(""));
        if replaced {
            pass.remove(c);
        }
    }
    // Gazetteer names by their tokens (sorted: matches do not overlap), searched by
    // halving (a linear scan per name made long texts quadratic).
    let listed: Vec<Listed> = pass
        .token_ranges(pass.hits.iter().map(|h| (h.start, h.end)))
        .into_iter()
        .zip(&pass.hits)
        .filter_map(|(r, h)| Some((r, gaz.pattern(h.pattern)?.entity?)))
        .collect();
    for (range, kind) in names {
        add_name(pass, gaz, &listed, range, kind, &titled);
    }
}

/// A gazetteer name by its tokens: its kind, key and list.
type Listed = (Range<usize>, (EntityKind, u32, Source));

/// Adds one of the model's names, keyed and typed by the gazetteer when it knows the name
/// ("U.S." is "United States", a place), with the title the rules saw before a person.
fn add_name(
    pass: &mut Pass,
    gaz: &Gazetteer,
    listed: &[Listed],
    range: Range<usize>,
    mut kind: EntityKind,
    titled: &[Range<usize>],
) {
    let kept = |pass: &Pass, i: usize| {
        pass.owner(i)
            .is_some_and(|o| matches!(o.origin, Origin::User | Origin::Pattern))
    };
    if range.clone().any(|i| kept(pass, i)) {
        return;
    }
    let mut range = range;
    // "The U.S." at a sentence start: an article is no part of a name (unless a list has
    // it in the name, as in "The Hague").
    // Likewise a common word that starts a sentence ("Later al-Sharaa spoke"), as the rules
    // have it.
    let mut folded = String::new();
    let listed_at = |start: usize| {
        let at = listed.partition_point(|(r, _)| r.start < start);
        listed.get(at).is_some_and(|(r, _)| r.start == start)
    };
    while range.len() > 1 && !listed_at(range.start) {
        let word = pass.word(range.start);
        fold_into(word, &mut folded);
        let common = pass.is(range.start, SENT_START) && gaz.is_stopword(&folded);
        if !(word.eq_ignore_ascii_case("the") || common) {
            break;
        }
        range.start += 1;
    }
    let mut key = None;
    let at = listed.partition_point(|(r, _)| r.start < range.start);
    if let Some((hr, (hit_kind, key_index, source))) = listed.get(at) {
        // The same tokens, or those and a final full stop ("U.S" + ".").
        let same = *hr == range
            || (hr.start == range.start
                && hr.end == range.end + 1
                && pass.word(range.end) == "."
                && !kept(pass, range.end));
        // A name the curated list knows as an organisation or a group is not a place or a
        // person, whatever its context suggests ("ISIL-held buildings", "ISIL targets";
        // "Māori land").
        let listed_group = *source == Source::Curated
            && matches!(hit_kind, EntityKind::Org | EntityKind::Norp)
            && matches!(kind, EntityKind::Loc | EntityKind::Person);
        if same && (*hit_kind == kind || *source == Source::Country || listed_group) {
            key = Some(gaz.key(*key_index).to_owned());
            range = hr.clone();
            // A country is a place whatever it does in the sentence.
            if *source == Source::Country {
                kind = EntityKind::Loc;
            }
            if listed_group {
                kind = *hit_kind;
            }
        }
    }
    let key = key.unwrap_or_else(|| key_of(pass.span_text(range.clone())));
    let title = (kind == EntityKind::Person)
        .then(|| {
            // The last title span starting before the name is the only one that can
            // hold it.
            let before = titled.partition_point(|t| t.start < range.start);
            before
                .checked_sub(1)
                .and_then(|i| titled.get(i))
                .filter(|t| t.end >= range.end)
                .map(|t| title_text(pass.span_text(t.start..range.start)))
        })
        .flatten()
        .filter(|t| !t.is_empty());
    if let Some(c) = pass.force_add(range, kind, key, Origin::Model)
        && let Some(title) = title
        && let Some(cand) = pass.cands.get_mut(c)
    {
        cand.detail = Some(Box::new(Detail::Title(title)));
    }
}

/// A title as shown: without a leading article and trailing punctuation ("the Prime
/// Minister-designate," -> "Prime Minister-designate").
pub(crate) fn title_text(s: &str) -> String {
    let s = s.trim().trim_end_matches([',', ':', '-', ' ']);
    let s = s
        .strip_prefix("the ")
        .or_else(|| s.strip_prefix("The "))
        .unwrap_or(s);
    key_of(s)
}

/// Key text of a name: its text, with runs of whitespace made single spaces.
fn key_of(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Is `s` written in letters that have no case (Arabic, Hebrew, CJK)?
fn caseless(s: &str) -> bool {
    let mut letters = s.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.all(|c| !c.is_uppercase() && !c.is_lowercase())
}

#[cfg(test)]
mod tests {
    use super::code_of;

    #[test]
    fn the_code_fingerprint_ignores_comments_layout_and_tests_but_not_code_or_strings() {
        let code = "/// Doc.\nfn f(x: &str) -> bool {\n    // why\n    x == \"a b\" || x == \"//\" || x.starts_with('\"')\n}\n";
        let reformatted = "/// Another doc.\nfn f(x: &str) -> bool { x == \"a b\"\n  || x == \"//\" || x.starts_with('\"') }\n\n#[cfg(test)]\nmod tests {\n    fn t() {}\n}\n";
        assert_eq!(code_of(code), code_of(reformatted));
        assert_eq!(
            code_of(code),
            "fnf(x:&str)->bool{x==\"a b\"||x==\"//\"||x.starts_with('\"')}"
        );
        // A space inside a string, or a changed expression, is a change.
        assert_ne!(code_of(code), code_of(&code.replace("\"a b\"", "\"ab\"")));
        assert_ne!(code_of(code), code_of(&code.replace("||", "&&")));
        // Char literals and raw strings keep what is inside them; lifetimes are no
        // literals and do not disturb what follows.
        let chars = "fn g<'t>(b: u8, s: &'t str) -> bool { b == b' ' || s == \"x y\" || s == r#\"a \"b\" // c\"# || b == b'\\'' }";
        assert_eq!(
            code_of(chars),
            "fng<'t>(b:u8,s:&'tstr)->bool{b==b' '||s==\"x y\"||s==r#\"a \"b\" // c\"#||b==b'\\''}"
        );
        assert_ne!(code_of(chars), code_of(&chars.replace("b' '", "b'\\t'")));
        assert_ne!(
            code_of(chars),
            code_of(&chars.replace("\"b\" // c", "\"b\" //  c"))
        );
    }
}
