//! Alias linking within one text.
//!
//! A full name seen once ("Vladimir Putin", "Ahmed al-Sharaa") gives its short forms
//! ("Putin", "al-Sharaa", "Sharaa"); mentions with those forms get the full name as key,
//! and unclaimed capitalised words equal to a short form become mentions of the same
//! person. A short form is the person the text names in full with it, before or after,
//! and not the famous bearer the curated list knows ("Assad" after "Hafez al-Assad" is
//! Hafez); when two persons of the text bear it, the one named nearest before it in the
//! same paragraph, else nobody known (keyed as written). An acronym defined in the text ("Syrian Democratic Forces (SDF)") becomes an
//! alias of the long form, with its kind, everywhere in the text.

use std::collections::HashMap;

use super::east_asian;
use super::fold::{fold, fold_into};
use super::model::{EntityKind, Origin};
use super::pipeline::{Cand, Pass, WEAK};
use super::tokens::{ALL_CAPS, CAP};
use super::words::FastHash;

/// Short forms of a person's full name: the last word, and the last two when the first of
/// them is a particle ("al-Sharaa"), folded; the first word of a name written family name
/// first ("Kim" of "Kim Jong-il").
fn short_forms(key: &str) -> Vec<String> {
    let words: Vec<&str> = key.split_whitespace().collect();
    let mut out = Vec::new();
    if words.len() < 2 {
        return out;
    }
    // "Kim Il-sung" is Kim's: the family name comes first.
    if east_asian::family_name_first(key) {
        out.extend(words.first().map(|w| fold(w)));
        return out;
    }
    if let Some(last) = words.last() {
        out.push(fold(last));
        // "al-Sharaa" -> also "Sharaa"
        if let Some((particle, rest)) = last.split_once('-')
            && particle.chars().count() <= 3
            && !rest.is_empty()
        {
            out.push(fold(rest));
        }
    }
    out
}

/// Links aliases to full names and tags their unclaimed occurrences.
pub fn link(pass: &mut Pass) {
    // Acronyms defined in the text: "LONG FORM (ACR)".
    let mut aliases: HashMap<String, (EntityKind, String), FastHash> = HashMap::default();
    for i in 0..pass.tokens.len() {
        if pass.word(i) != "(" || !pass.is(i + 1, ALL_CAPS) || pass.word(i + 2) != ")" || i == 0 {
            continue;
        }
        let Some(long) = pass.owner(i - 1).cloned() else {
            continue;
        };
        let acr = pass.word(i + 1);
        if !initials_fit(acr, pass.text.get(long.start..long.end).unwrap_or("")) {
            continue;
        }
        aliases
            .entry(fold(acr))
            .or_insert((long.kind, long.key.clone()));
    }
    let names = FullNames::of(pass);
    if aliases.is_empty() && names.list.is_empty() {
        return;
    }
    // Relink existing mentions whose key is a short form of an acronym's long form.
    for c in pass.cands.iter_mut().filter(|c| !c.dead) {
        if let Some((kind, key)) = aliases.get(&fold(&c.key))
            && *kind == c.kind
            && c.key != *key
            && c.key.split_whitespace().count() < key.split_whitespace().count()
        {
            c.key = key.clone();
        }
    }
    // A person named by a short form ("Assad", "President Putin" keyed "Putin", or a
    // curated alias already keyed "Bashar al-Assad") is the one the text names in full.
    for c in 0..pass.cands.len() {
        let Some(cand) = pass.cands.get(c) else {
            continue;
        };
        if cand.dead || cand.kind != EntityKind::Person || cand.origin == Origin::User {
            continue;
        }
        let written = pass.text.get(cand.start..cand.end).unwrap_or("");
        if written.split_whitespace().count() != 1 {
            continue;
        }
        let key = match names.who(pass.text, &fold(written), cand.start) {
            Who::NotNamed => continue,
            Who::Named(key) => key.to_owned(),
            Who::Unknown => written.to_owned(),
        };
        if let Some(cand) = pass.cands.get_mut(c) {
            cand.key = key;
        }
    }
    let persons: HashMap<&str, (), FastHash> = names
        .list
        .iter()
        .flat_map(|n| n.forms.iter().map(|f| (f.as_str(), ())))
        .collect();
    // A person's short form outranks a small town of the same name ("Cook", "Dayton").
    for c in 0..pass.cands.len() {
        let Some(cand) = pass.cands.get(c) else {
            continue;
        };
        if cand.dead || cand.tags & WEAK == 0 {
            continue;
        }
        let folded = fold(pass.text.get(cand.start..cand.end).unwrap_or(""));
        if persons.contains_key(folded.as_str()) {
            pass.remove(c);
        }
    }
    // Tag free occurrences: single capitalised tokens and "al-X" forms.
    let mut form = String::new();
    let mut i = 0;
    while i < pass.tokens.len() {
        if !pass.is_free(i) || !(pass.is(i, CAP) || pass.word(i).eq_ignore_ascii_case("al")) {
            i += 1;
            continue;
        }
        let hyphenated = pass.word(i + 1) == "-" && pass.is_free(i + 2) && pass.is_free(i + 1);
        let end = if hyphenated { i + 3 } else { i + 1 };
        fold_into(pass.span_text(i..end), &mut form);
        let (Some(a), Some(b)) = (pass.tokens.get(i), pass.tokens.get(end - 1)) else {
            break;
        };
        let (start, stop) = (a.start, b.end);
        let found = match names.who(pass.text, &form, start) {
            Who::Named(key) => Some((EntityKind::Person, key.to_owned())),
            Who::Unknown => Some((EntityKind::Person, pass.span_text(i..end).to_owned())),
            Who::NotNamed => aliases.get(&form).cloned(),
        };
        if let Some((kind, key)) = found
            && (pass.is(i, CAP) || hyphenated)
        {
            let cand = Cand::new(start, stop, kind, key, Origin::Rule);
            if pass.try_add(cand) {
                i = end;
                continue;
            }
        }
        i += 1;
    }
}

/// A full name of a person as the text writes it: where, its key, its short forms.
struct FullName {
    start: usize,
    key: String,
    forms: Vec<String>,
}

/// The persons a text names in full, in text order.
struct FullNames {
    list: Vec<FullName>,
}

/// Who a short form stands for at one place of the text.
enum Who<'a> {
    /// No full name of the text has it (a curated alias may still say who).
    NotNamed,
    /// The person of this key.
    Named(&'a str),
    /// Two persons of the text have it, and none is named just before it: unknown.
    Unknown,
}

impl FullNames {
    fn of(pass: &Pass) -> Self {
        let mut list: Vec<FullName> = Vec::new();
        for c in pass
            .cands
            .iter()
            .filter(|c| !c.dead && c.kind == EntityKind::Person)
        {
            let written = pass.text.get(c.start..c.end).unwrap_or("");
            let written = written.split_whitespace().collect::<Vec<_>>().join(" ");
            // "Bashar Assad", keyed "Bashar al-Assad", is Assad's and al-Assad's.
            let mut forms = short_forms(&c.key);
            for f in short_forms(&written) {
                if !forms.contains(&f) {
                    forms.push(f);
                }
            }
            if !forms.is_empty() && written.contains(' ') {
                list.push(FullName {
                    start: c.start,
                    key: c.key.clone(),
                    forms,
                });
            }
        }
        list.sort_by_key(|n| n.start);
        Self { list }
    }

    /// Who the short form `form` (folded) written at byte `at` of `text` is: the one person
    /// of the text named in full with it, wherever; of two or more, the one named nearest
    /// before it in the same paragraph, else nobody known (never the famous one).
    fn who(&self, text: &str, form: &str, at: usize) -> Who<'_> {
        let mut bearers = self
            .list
            .iter()
            .filter(|n| n.forms.iter().any(|f| f == form));
        let Some(first) = bearers.next() else {
            return Who::NotNamed;
        };
        if self
            .list
            .iter()
            .filter(|n| n.forms.iter().any(|f| f == form))
            .all(|n| n.key == first.key)
        {
            return Who::Named(&first.key);
        }
        self.list
            .iter()
            .rev()
            .find(|n| n.start < at && n.forms.iter().any(|f| f == form))
            .filter(|n| same_paragraph(text, n.start, at))
            .map_or(Who::Unknown, |n| Who::Named(&n.key))
    }
}

/// Are bytes `a` and `b` of `text` in one paragraph (no blank line between them)?
fn same_paragraph(text: &str, a: usize, b: usize) -> bool {
    let between = text.get(a.min(b)..a.max(b)).unwrap_or("");
    let mut lines = between.split('\n');
    lines.next();
    // The lines wholly between the two (not the last, where `b` stands) must have text.
    let inner: Vec<&str> = lines.collect();
    let Some((_, whole)) = inner.split_last() else {
        return true;
    };
    whole.iter().all(|l| !l.trim().is_empty())
}

/// Gives the other occurrences of a name the model found the same kind: a name is one
/// entity throughout a text, and the model, which sees only a few words around each
/// occurrence, may have missed some ("Miramar" found once as a place, then alone at a
/// sentence start). Only capitalised occurrences on free tokens are taken.
pub fn propagate(pass: &mut Pass) {
    let mut names: HashMap<String, (EntityKind, String, usize), FastHash> = HashMap::default();
    // The names' first words, with the lengths (in tokens, bit n for n tokens, bit 63 for
    // 63 or more) of the names each starts: most capitalised words start none, and are
    // passed over after folding one word instead of every span up to the longest name.
    let mut firsts: HashMap<String, u64, FastHash> = HashMap::default();
    let length_bit = |len: usize| 1u64 << len.min(63);
    let mut longest = 0;
    for c in pass
        .cands
        .iter()
        .filter(|c| !c.dead && c.origin == Origin::Model)
    {
        let len = c.tokens().len();
        let form = fold(pass.text.get(c.start..c.end).unwrap_or(""));
        longest = longest.max(len);
        names.entry(form).or_insert((c.kind, c.key.clone(), len));
        *firsts.entry(fold(pass.word(c.tokens().start))).or_default() |= length_bit(len);
    }
    if names.is_empty() {
        return;
    }
    let mut form = String::new();
    let mut i = 0;
    while i < pass.tokens.len() {
        if !pass.is_free(i) || !pass.is(i, CAP) {
            i += 1;
            continue;
        }
        fold_into(pass.word(i), &mut form);
        let Some(&lengths) = firsts.get(&form) else {
            i += 1;
            continue;
        };
        let mut taken = None;
        for len in (1..=longest.min(pass.tokens.len() - i)).rev() {
            if lengths & length_bit(len) == 0 || !(i..i + len).all(|k| pass.is_free(k)) {
                continue;
            }
            fold_into(pass.span_text(i..i + len), &mut form);
            if let Some((kind, key, n)) = names.get(&form)
                && *n == len
            {
                taken = Some((len, *kind, key.clone()));
                break;
            }
        }
        match taken {
            Some((len, kind, key)) => {
                let (Some(a), Some(b)) = (pass.tokens.get(i), pass.tokens.get(i + len - 1)) else {
                    break;
                };
                pass.try_add(Cand::new(a.start, b.end, kind, key, Origin::Model));
                i += len;
            }
            None => i += 1,
        }
    }
}

/// Does `acr` plausibly abbreviate `long`: its first letter starts the long form (after an
/// article) and every letter of it appears in the long form, in order?
fn initials_fit(acr: &str, long: &str) -> bool {
    let long = fold(long);
    let long = long.strip_prefix("the ").unwrap_or(&long);
    let acr = fold(acr);
    let mut letters = acr.chars().filter(|c| c.is_alphabetic());
    let Some(first) = letters.next() else {
        return false;
    };
    if !long.starts_with(first) {
        return false;
    }
    let mut rest = long.chars().skip(1);
    letters.all(|l| rest.any(|c| c == l))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_forms_of_names() {
        assert_eq!(short_forms("Vladimir Putin"), ["putin"]);
        assert_eq!(short_forms("Ahmed al-Sharaa"), ["al-sharaa", "sharaa"]);
        assert!(short_forms("Putin").is_empty());
    }

    #[test]
    fn acronyms_must_fit_their_long_form() {
        assert!(initials_fit("SDF", "Syrian Democratic Forces"));
        assert!(initials_fit("ODE", "Office of Development Effectiveness"));
        assert!(!initials_fit("UN", "Syrian Democratic Forces"));
    }
}
