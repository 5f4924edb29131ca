//! The must-show: every named entity of the seed article, with its kind, and the
//! later short names linked to the full ones.

use dossier::entities::{EntityKind, Mention, Recognizer};

const SEED: &str = include_str!("../sample_data/news/000_31e3b2518f2d233b.txt");

fn text_of(m: &Mention) -> String {
    SEED.chars().skip(m.start).take(m.end - m.start).collect()
}

/// Some mention of one of `kinds` whose text contains `name` as a whole word run.
fn found(mentions: &[Mention], name: &str, kinds: &[EntityKind]) -> bool {
    mentions.iter().any(|m| {
        let t = text_of(m);
        kinds.contains(&m.kind)
            && t.match_indices(name).any(|(i, _)| {
                let before = t[..i].chars().next_back();
                let after = t[i + name.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            })
    })
}

#[test]
fn the_seed_article_has_its_entities_with_their_kinds() {
    let mentions = Recognizer::shared().recognize(SEED);
    let expected: &[(&str, &[EntityKind])] = &[
        ("Vladimir Putin", &[EntityKind::Person]),
        ("Ahmed al-Sharaa", &[EntityKind::Person]),
        ("Assad", &[EntityKind::Person]),
        ("Kremlin", &[EntityKind::Org, EntityKind::Loc]),
        ("Syria", &[EntityKind::Loc]),
        ("Damascus", &[EntityKind::Loc]),
        ("Hmeimim", &[EntityKind::Loc]),
        ("Tartus", &[EntityKind::Loc]),
        ("Russia", &[EntityKind::Loc]),
        ("Moscow", &[EntityKind::Loc]),
        ("Middle East", &[EntityKind::Loc]),
        ("Turkey", &[EntityKind::Loc]),
        ("Iran", &[EntityKind::Loc]),
        ("Russian", &[EntityKind::Norp]),
        ("Syrian", &[EntityKind::Norp]),
        ("December 2014", &[EntityKind::Date]),
        ("2015", &[EntityKind::Date]),
    ];
    let missing: Vec<&str> = expected
        .iter()
        .filter(|(name, kinds)| !found(&mentions, name, kinds))
        .map(|(name, _)| *name)
        .collect();
    let got: Vec<(String, EntityKind)> = mentions.iter().map(|m| (text_of(m), m.kind)).collect();
    assert!(missing.is_empty(), "missing {missing:?}; found {got:?}");
}

#[test]
fn later_short_names_link_to_the_full_names() {
    let mentions = Recognizer::shared().recognize(SEED);
    let later_putin = SEED.find("President Putin affirmed").expect("in the seed");
    let later_sharaa = SEED.find("For his part, Ahmed").expect("in the seed");
    let at = |byte: usize| SEED[..byte].chars().count();
    let (putin_at, sharaa_at) = (at(later_putin), at(later_sharaa));
    let putin = mentions
        .iter()
        .find(|m| m.start >= putin_at && text_of(m).contains("Putin"))
        .expect("the later Putin is found");
    assert_eq!(putin.kind, EntityKind::Person);
    assert_eq!(putin.key, "Vladimir Putin");
    let sharaa = mentions
        .iter()
        .find(|m| m.start >= sharaa_at && text_of(m).contains("al-Sharaa"))
        .expect("the later al-Sharaa is found");
    assert_eq!(sharaa.key, "Ahmed al-Sharaa");
    // Every mention of the two people carries the full name as key.
    for m in mentions.iter().filter(|m| m.kind == EntityKind::Person) {
        let t = text_of(m);
        if t.contains("Putin") {
            assert_eq!(m.key, "Vladimir Putin", "{t}");
        }
        if t.contains("Sharaa") {
            assert_eq!(m.key, "Ahmed al-Sharaa", "{t}");
        }
    }
}
