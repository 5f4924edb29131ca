//! Who a short name is: a bare surname ("Assad", "Kim") is the person its document names in
//! full with it, nearest before it when two share it, and never the famous one by default;
//! Korean names keep their hyphenated given names ("Kim Jong-il"). Then the timeline: a
//! bare name two persons share dates no event across documents.

use std::sync::atomic::AtomicBool;

use dossier::analysis::dated::Timeline;
use dossier::corpus::{Corpus, LoadOptions};
use dossier::entities::{EntityDictionary, EntityKind, Recognizer, recognize_corpus};

/// The key of each person mention of `text` written `written`, in text order.
fn keys_of(text: &str, written: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    Recognizer::shared()
        .recognize(text)
        .into_iter()
        .filter(|m| m.kind == EntityKind::Person)
        .filter(|m| chars[m.start..m.end].iter().collect::<String>() == written)
        .map(|m| m.key)
        .collect()
}

#[test]
fn a_surname_is_the_one_full_name_of_its_document_not_the_famous_one() {
    for text in [
        "Hafez al-Assad ruled Syria for three decades. Assad took power in November 1970.",
        "In 1970 Hafez al-Assad seized power. Assad ruled until his death.",
        // Named in full after the surname: still the document's one Assad.
        "Assad, who ruled for three decades, died in June 2000. Hafez al-Assad was 69.",
    ] {
        assert_eq!(keys_of(text, "Assad"), ["Hafez al-Assad"], "{text}");
    }
    // The document names no Assad in full: the curated list says who.
    assert_eq!(
        keys_of("Assad visited Moscow in 2015.", "Assad"),
        ["Bashar al-Assad"]
    );
    // Any person, not only a listed one.
    assert_eq!(
        keys_of(
            "Layla Haddad runs the clinic. Haddad said it was full.",
            "Haddad"
        ),
        ["Layla Haddad"]
    );
}

#[test]
fn of_two_bearers_the_nearest_before_in_the_paragraph_else_nobody() {
    let text = "Hafez al-Assad ruled Syria for three decades. Bashar al-Assad succeeded him \
                in 2000. Assad said the war would end.\n\nAssad visited Moscow in 2015.";
    assert_eq!(keys_of(text, "Assad"), ["Bashar al-Assad", "Assad"]);
    let text = "Bashar al-Assad spoke first. Then Hafez al-Assad was remembered. Assad \
                had ruled since 1971.";
    assert_eq!(keys_of(text, "Assad"), ["Hafez al-Assad"]);
    let text = "Joe Biden met Hunter Biden in Delaware. Biden said little.\n\nBiden left.";
    assert_eq!(keys_of(text, "Biden"), ["Hunter Biden", "Biden"]);
}

#[test]
fn korean_names_keep_their_given_name_and_shorten_to_the_family_name() {
    let text = "Kim Jong-il died in 2011 and was succeeded by Kim Jong-un.";
    assert_eq!(keys_of(text, "Kim Jong-il"), ["Kim Jong-il"]);
    assert_eq!(keys_of(text, "Kim Jong-un"), ["Kim Jong-un"]);
    let text = "Kim Il-sung founded the state. His son Kim Jong-il took over. Kim died in \
                2011.\n\nKim was buried in Pyongyang.";
    assert_eq!(keys_of(text, "Kim"), ["Kim Jong-il", "Kim"]);
    assert_eq!(
        keys_of(
            "Kim Il-sung founded North Korea. Kim died in July 1994.",
            "Kim"
        ),
        ["Kim Il-sung"]
    );
    // The model took "Jae" alone ("Moon" is a common word): the family name joins it.
    let text = "Kim was later buried in Pyongyang. Moon Jae-in visited in 2018.";
    assert_eq!(keys_of(text, "Moon Jae-in"), ["Moon Jae-in"]);
    let text = "Kim Jong-un met Moon Jae-in at Panmunjom. Kim Yo-jong, his sister, spoke.";
    assert_eq!(keys_of(text, "Kim Yo-jong"), ["Kim Yo-jong"]);
    // An English word after a hyphen is no given name.
    let text = "The Putin-led talks and the Biden-era rules.";
    assert_eq!(keys_of(text, "Putin"), ["Vladimir Putin"]);
    assert!(keys_of(text, "Putin-led").is_empty());
}

/// The titles of the possible conflicts of a corpus of `docs` (name, text).
fn conflicts(docs: &[(&str, &str)]) -> Vec<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in docs {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    let corpus = Corpus::load(dir.path(), &LoadOptions::default()).expect("corpus");
    let index = recognize_corpus(
        Recognizer::shared(),
        &corpus,
        &EntityDictionary::default(),
        &|_, _| {},
        &AtomicBool::new(false),
    )
    .expect("recognised");
    let timeline = Timeline::build(&index, &corpus);
    timeline.conflicts.iter().map(|c| c.title()).collect()
}

#[test]
fn two_men_of_one_surname_are_no_conflict_and_one_man_still_is() {
    let assad = [
        (
            "a.md",
            "Hafez al-Assad ruled Syria for three decades. Assad took power in November 1970 in a bloodless coup.",
        ),
        (
            "b.md",
            "Bashar al-Assad trained as an eye doctor in London. Assad took power in July 2000 after his father died.",
        ),
    ];
    assert!(conflicts(&assad).is_empty(), "{:?}", conflicts(&assad));
    let kim = [
        (
            "c.md",
            "Kim Il-sung founded North Korea. Kim died in July 1994.",
        ),
        (
            "d.md",
            "Kim Jong-il ruled until 2011. Kim died in December 2011.",
        ),
    ];
    assert!(conflicts(&kim).is_empty(), "{:?}", conflicts(&kim));
    // Bare "Kim" in both, with two Kims named in the corpus: no guess which.
    let bare = [
        ("c.md", "Kim died in July 1994."),
        ("d.md", "Kim died in December 2011."),
        (
            "e.md",
            "In 1948 Kim Il-sung took power. In 1994 Kim Jong-il took power.",
        ),
    ];
    assert!(conflicts(&bare).is_empty(), "{:?}", conflicts(&bare));
    // One man dated twice is still a conflict, by his surname too.
    let one = [
        (
            "a.md",
            "Hafez al-Assad ruled Syria. Assad died in June 2000.",
        ),
        ("b.md", "Hafez al-Assad died in June 2003, one source says."),
    ];
    assert_eq!(conflicts(&one).len(), 1, "{:?}", conflicts(&one));
}
