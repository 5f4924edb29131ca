//! Names the gazetteer takes for places that are not places where they are written: a
//! person named like a town ("Dayton's family": a place has no family; "Moscow's priority"
//! stays Moscow, a place acting), and Arabic common nouns that are also the Arabic name of
//! some town ("الساحل", "the coast", is As Sahil in Egypt). The user's own rules are left
//! alone.

use super::super::model::{EntityKind, Origin};
use super::super::pipeline::Pass;

/// Nouns that, after a name and "'s", make the name a person's.
const PERSONAL: &[&str] = &[
    "family",
    "wife",
    "husband",
    "son",
    "sons",
    "daughter",
    "daughters",
    "mother",
    "father",
    "brother",
    "sister",
    "children",
    "parents",
    "widow",
    "fiancé",
    "fiancée",
    "girlfriend",
    "boyfriend",
    "lawyer",
    "attorney",
    "funeral",
    "relatives",
    "grandmother",
    "grandfather",
];

/// Arabic nouns with the article that name a kind of place, not a place: the coast, the
/// north, south, east, west, the city, the village, the countryside, the desert, the
/// mountain, the valley, the border, the capital, the port, the airport, the market.
pub(super) const ARABIC_COMMON: &[&str] = &[
    "الساحل",
    "الشمال",
    "الجنوب",
    "الشرق",
    "الغرب",
    "المدينة",
    "القرية",
    "الريف",
    "الصحراء",
    "الجبل",
    "الوادي",
    "الحدود",
    "العاصمة",
    "الميناء",
    "المطار",
    "السوق",
];

/// Turns place mentions that are persons into persons (with every other mention of the
/// same name in the text) and drops Arabic common nouns.
pub fn correct(pass: &mut Pass) {
    let mut persons: Vec<String> = Vec::new();
    let mut common: Vec<usize> = Vec::new();
    for (c, cand) in pass.cands.iter().enumerate() {
        if cand.dead || cand.kind != EntityKind::Loc || cand.origin == Origin::User {
            continue;
        }
        let written = pass.text.get(cand.start..cand.end).unwrap_or("");
        if ARABIC_COMMON.contains(&written) {
            common.push(c);
        } else if followed_by_personal_noun(pass.text.get(cand.end..).unwrap_or(""))
            && cand.tags & super::super::pipeline::COUNTRY == 0
        {
            persons.push(cand.key.clone());
        }
    }
    for c in common {
        pass.remove(c);
    }
    for cand in &mut pass.cands {
        if !cand.dead
            && cand.kind == EntityKind::Loc
            && cand.origin != Origin::User
            && persons.contains(&cand.key)
        {
            cand.kind = EntityKind::Person;
        }
    }
}

/// "'s family", "’s wife": a possessive followed by a personal noun.
fn followed_by_personal_noun(rest: &str) -> bool {
    let Some(after) = rest
        .strip_prefix("'s ")
        .or_else(|| rest.strip_prefix("’s "))
    else {
        return false;
    };
    let word: String = after
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    PERSONAL.contains(&word.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_possessive_with_a_personal_noun_makes_a_person() {
        assert!(followed_by_personal_noun("'s family said"));
        assert!(followed_by_personal_noun("’s Wife"));
        assert!(!followed_by_personal_noun("'s priority"));
        assert!(!followed_by_personal_noun(" family"));
    }
}
