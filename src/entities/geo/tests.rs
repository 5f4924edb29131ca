//! Places linked in whole texts, through the recogniser.

use crate::entities::{EntityKind, Mention, Recognizer};

fn places(text: &str) -> Vec<Mention> {
    Recognizer::shared()
        .recognize(text)
        .into_iter()
        .filter(|m| m.kind == EntityKind::Loc)
        .collect()
}

fn place<'a>(found: &'a [Mention], text: &str, name: &str) -> &'a Mention {
    found
        .iter()
        .find(|m| {
            text.chars()
                .skip(m.start)
                .take(m.end - m.start)
                .collect::<String>()
                == name
        })
        .unwrap_or_else(|| panic!("{name} not found in {found:?}"))
}

#[test]
fn madaya_with_damascus_in_the_document_is_in_syria_and_says_why() {
    let text = "The siege of Madaya continued. Aid convoys left Damascus on Monday.";
    let found = places(text);
    let madaya = place(&found, text, "Madaya").place().expect("linked");
    assert_eq!(madaya.country, "SY");
    assert!((madaya.lat() - 33.69).abs() < 0.05 && (madaya.lon() - 36.10).abs() < 0.05);
    assert_eq!(madaya.reason, "the document names Damascus");
    // The Madaya of Myanmar is among the other candidates.
    assert!(
        madaya
            .alternatives
            .iter()
            .filter_map(|&id| super::label_of(id))
            .any(|l| l.ends_with("Myanmar"))
    );
}

#[test]
fn woodbridge_virginia_is_in_virginia_united_states() {
    let text = "She grew up in Woodbridge, Virginia, and moved to Richmond.";
    let found = places(text);
    let woodbridge = place(&found, text, "Woodbridge").place().expect("linked");
    assert_eq!(woodbridge.country, "US");
    assert_eq!(
        super::label_of(woodbridge.geonameid).as_deref(),
        Some("Woodbridge, Virginia, United States")
    );
    assert_eq!(woodbridge.reason, "the text says “Woodbridge, Virginia”");
    let virginia = place(&found, text, "Virginia").place().expect("linked");
    assert_eq!(virginia.country, "US");
}

#[test]
fn paris_texas_and_paris_france_get_two_keys() {
    let texas = "The storm hit Paris, Texas, on Sunday; Dallas sent help.";
    let france = "Talks resumed in Paris on Monday, France said.";
    let (t, f) = (places(texas), places(france));
    let in_texas = place(&t, texas, "Paris");
    let in_france = place(&f, france, "Paris");
    assert_eq!(in_texas.place().map(|p| p.country.as_str()), Some("US"));
    assert_eq!(in_france.place().map(|p| p.country.as_str()), Some("FR"));
    assert_eq!(in_texas.key, "Paris, Texas");
    assert_eq!(in_france.key, "Paris");
}

#[test]
fn an_arabic_common_word_is_not_a_place() {
    let text = "وصلت القوات إلى الساحل يوم الاثنين.";
    assert!(places(text).is_empty(), "{:?}", places(text));
}

#[test]
fn a_town_name_with_a_family_is_a_person_and_a_place_acting_stays_a_place() {
    let text = "Dayton's family said he was fine. Dayton left early.";
    let all = Recognizer::shared().recognize(text);
    assert!(all.iter().all(|m| m.kind != EntityKind::Loc), "{all:?}");
    assert!(
        all.iter()
            .any(|m| m.kind == EntityKind::Person && m.key == "Dayton")
    );
    let moscow = places("Moscow's priority is to keep its base.");
    assert_eq!(
        moscow
            .first()
            .and_then(|m| m.place())
            .map(|p| p.country.as_str()),
        Some("RU")
    );
}

/// The mention of `text` whose written text is `name` (the `nth` such, from 0), any kind.
fn nth_mention(text: &str, name: &str, nth: usize) -> Mention {
    Recognizer::shared()
        .recognize(text)
        .into_iter()
        .filter(|m| {
            text.chars()
                .skip(m.start)
                .take(m.end - m.start)
                .collect::<String>()
                == name
        })
        .nth(nth)
        .unwrap_or_else(|| panic!("{name} #{nth} not found"))
}

#[test]
fn a_name_with_an_appositive_person_phrase_is_a_person_not_a_place() {
    for (text, name) in [
        (
            "Carolina, a Spanish volunteer, said the camp near Madrid was full.",
            "Carolina",
        ),
        (
            "Chad, a logistician with MSF, said the convoy left Amman on Monday.",
            "Chad",
        ),
        (
            "Georgia, 34, a nurse, fled Aleppo in March with her children.",
            "Georgia",
        ),
        (
            "She crossed from Syria with Jordan, her brother, in 2015.",
            "Jordan",
        ),
    ] {
        let m = nth_mention(text, name, 0);
        assert!(m.place().is_none(), "{text}: {m:?}");
        assert_ne!(m.kind, EntityKind::Loc, "{text}: {m:?}");
    }
}

#[test]
fn a_name_after_a_person_cue_is_a_person_not_a_place() {
    for (text, name) in [
        (
            "The volunteer Carolina said the camp near Madrid was full.",
            "Carolina",
        ),
        ("My friend Chad drove the truck to Amman.", "Chad"),
    ] {
        let m = nth_mention(text, name, 0);
        assert!(m.place().is_none(), "{text}: {m:?}");
        assert_ne!(m.kind, EntityKind::Loc, "{text}: {m:?}");
    }
}

#[test]
fn a_person_cue_holds_for_its_mention_only_and_places_acting_stay_places() {
    // The country elsewhere in the same text stays the country.
    let text = "Chad, a logistician with MSF, said the convoy was stopped. MSF has worked \
                in Chad since 2004, and Jordan said it would close the border.";
    let person = nth_mention(text, "Chad", 0);
    assert!(person.place().is_none(), "{person:?}");
    let country = nth_mention(text, "Chad", 1);
    assert_eq!(country.kind, EntityKind::Loc);
    assert_eq!(country.place().map(|p| p.country.as_str()), Some("TD"));
    let jordan = nth_mention(text, "Jordan", 0);
    assert_eq!(jordan.place().map(|p| p.country.as_str()), Some("JO"));
    // A country with an appositive that is not a person stays the country.
    let text = "Georgia, a former Soviet republic, and Jordan, a close ally of Washington, \
                voted for the resolution.";
    for name in ["Georgia", "Jordan"] {
        let m = nth_mention(text, name, 0);
        assert_eq!(m.kind, EntityKind::Loc, "{name}: {m:?}");
        assert!(m.place().is_some(), "{name}: {m:?}");
    }
    // A place before a new clause is no apposition.
    for (text, name) in [
        ("In Jordan, a nurse said the camp was full.", "Jordan"),
        (
            "Before she left for Georgia, her mother did send money.",
            "Georgia",
        ),
    ] {
        let m = nth_mention(text, name, 0);
        assert_eq!(m.kind, EntityKind::Loc, "{m:?}");
        assert!(m.place().is_some(), "{m:?}");
    }
    let moscow = places("Moscow's priority is to keep its base.");
    assert_eq!(
        moscow
            .first()
            .and_then(|m| m.place())
            .map(|p| p.country.as_str()),
        Some("RU")
    );
}

#[test]
fn a_surname_of_a_person_named_in_full_is_the_person_where_nothing_says_place() {
    let text = "Manager Ian Holloway believes the side has turned a corner. Holloway has \
                altered his formation since the defeat in Bolton.";
    let alone = nth_mention(text, "Holloway", 0);
    assert!(alone.place().is_none(), "{alone:?}");
    assert_ne!(alone.kind, EntityKind::Loc, "{alone:?}");
    // After a preposition of place the name is the place.
    let bolton = nth_mention(text, "Bolton", 0);
    assert!(bolton.place().is_some(), "{bolton:?}");
    // A capital acting stays the capital.
    let text = "The actor Denzel Washington spoke. Washington imposed sanctions on Iran.";
    let capital = nth_mention(text, "Washington", 1);
    assert_eq!(capital.kind, EntityKind::Loc, "{capital:?}");
}

#[test]
fn a_street_or_square_named_like_a_town_takes_no_coordinates_of_the_town() {
    let text = "A car bomb exploded on Victoria Street in Baghdad on Sunday.";
    let found = Recognizer::shared().recognize(text);
    assert!(
        found
            .iter()
            .filter_map(Mention::place)
            .all(|p| p.country == "IQ"),
        "{found:?}"
    );
    // Nor is the town shown inside the street's name.
    assert!(
        found
            .iter()
            .flat_map(Mention::named_places)
            .all(|(.., p)| p.country == "IQ"),
        "{found:?}"
    );
    let text = "Protesters filled Tahrir Square and marched to Qasr al-Nil Bridge in Cairo.";
    let found = Recognizer::shared().recognize(text);
    assert!(
        found
            .iter()
            .filter_map(Mention::place)
            .all(|p| p.country == "EG"),
        "{found:?}"
    );
    // The town itself, written alone, is still the town.
    let text = "Police in Victoria, British Columbia, said the road was closed.";
    let victoria = nth_mention(text, "Victoria", 0);
    assert_eq!(victoria.place().map(|p| p.country.as_str()), Some("CA"));
}

#[test]
fn a_look_alike_spelling_of_another_country_is_not_read() {
    // "Bosra" (Syria) has the consonants of "Bisari", a spelling of Bsharri, Lebanon; the
    // document names Lebanese towns too.
    let text = "Rebels shelled Bosra in Daraa province, Syria. Beirut, Tripoli and Sidon in \
                Lebanon were calm.";
    let bosra = nth_mention(text, "Bosra", 0);
    assert!(bosra.place().is_none_or(|p| p.country == "SY"), "{bosra:?}");
}

#[test]
fn paris_texas_and_paris_france_in_two_documents_of_one_corpus_are_two_entities() {
    use crate::entities::EntityIndex;
    use std::sync::Arc;
    let docs = [
        (
            "texas.txt",
            "The storm hit Paris, Texas, on Sunday; Dallas sent help.",
        ),
        (
            "france.txt",
            "Talks resumed in Paris on Monday, France said.",
        ),
    ];
    let r = Recognizer::shared();
    let index = EntityIndex::build(
        docs.iter()
            .map(|(path, text)| ((*path).to_owned(), Arc::new(r.recognize(text)))),
    );
    let texas = index
        .summary(EntityKind::Loc, "Paris, Texas")
        .expect("Paris, Texas");
    let france = index.summary(EntityKind::Loc, "Paris").expect("Paris");
    assert_eq!((texas.mentions, france.mentions), (1, 1));
    let places = crate::analysis::places::places(&index, None);
    let parises: Vec<(&str, &str)> = places
        .places
        .iter()
        .filter(|p| p.name.starts_with("Paris"))
        .map(|p| (p.name.as_str(), p.country.as_str()))
        .collect();
    assert_eq!(parises.len(), 2, "{parises:?}");
    assert!(parises.contains(&("Paris", "FR")) && parises.contains(&("Paris, Texas", "US")));
}

#[test]
fn a_place_entry_of_the_dictionary_relinks_the_name_or_unlinks_it() {
    use crate::entities::EntityDictionary;
    let text = "The siege of Madaya continued. Aid convoys left Damascus on Monday.";
    let r = Recognizer::shared();
    let madaya = |dict: &EntityDictionary| {
        r.recognize_with(text, dict)
            .into_iter()
            .find(|m| m.kind == EntityKind::Loc && m.start == 13)
            .expect("Madaya")
    };
    let mut dict = EntityDictionary::default();
    let found = madaya(&dict);
    assert_eq!(found.key, "Madaya, Syria");
    // Linked by the user to the Madaya of Myanmar, under the name the index shows.
    dict.set_place("Madaya, Syria", Some(1_312_649));
    let relinked = madaya(&dict);
    let place = relinked.place().expect("linked");
    assert_eq!(
        (place.country.as_str(), place.reason.as_str()),
        ("MM", "linked by you")
    );
    assert_eq!(relinked.key, "Madaya");
    // Linked to no place: a place without coordinates.
    dict.set_place("Madaya, Syria", None);
    let unlinked = madaya(&dict);
    assert_eq!((unlinked.kind, unlinked.place()), (EntityKind::Loc, None));
}

#[test]
fn two_spellings_of_one_place_are_one_entity_where_the_document_supports_it() {
    let a = "Fighting in Deir ez-Zor continued.";
    let b = "Fighting in Dayr Az Zayr continued, Syria said.";
    let (pa, pb) = (places(a), places(b));
    let (da, db) = (place(&pa, a, "Deir ez-Zor"), place(&pb, b, "Dayr Az Zayr"));
    // One entity of the corpus (issue 20: keyed by the place), under the gazetteer's
    // spelling; the text's is in the reason.
    assert_eq!(da.key, db.key);
    assert_eq!(
        da.place().map(|p| p.geonameid),
        db.place().map(|p| p.geonameid)
    );
    assert!(db.place().is_some_and(|p| {
        p.reason
            .ends_with("(spelled “Deir ez-Zor” in the gazetteer)")
    }));
}

#[test]
fn places_named_inside_organisations_are_shown_on_them_and_resolved_in_the_document() {
    let text = "The Pakistan Army said so. Lahore police and the Washington Post agreed.";
    let found = Recognizer::shared().recognize(text);
    let chars = |s: usize, e: usize| text.chars().skip(s).take(e - s).collect::<String>();
    let inside: Vec<(String, String)> = found
        .iter()
        .flat_map(|m| m.named_places())
        .map(|(s, e, p)| (chars(s, e), p.country.clone()))
        .collect();
    assert!(
        inside.contains(&("Pakistan".to_owned(), "PK".to_owned())),
        "{found:?}"
    );
    assert!(
        inside.contains(&("Washington".to_owned(), "US".to_owned())),
        "{found:?}"
    );
    // The organisation stays an organisation, and says which place it names.
    let army = found
        .iter()
        .find(|m| chars(m.start, m.end) == "Pakistan Army")
        .expect("the army");
    assert_eq!(army.kind, EntityKind::Org);
    assert!(
        army.detail_text()
            .is_some_and(|t| t.starts_with("Names a place: Pakistan"))
    );
}

#[test]
fn latin_american_is_not_the_united_states() {
    let text = "Latin American leaders met American officials.";
    let found = Recognizer::shared().recognize(text);
    // Char offsets: the text is ASCII.
    let at = |start: usize| found.iter().find(|m| m.start <= start && start < m.end);
    let latin = text.find("American").expect("first");
    let plain = text.rfind("American").expect("second");
    assert!(at(latin).is_none_or(|m| m.place().is_none()), "{found:?}");
    let american = at(plain).and_then(|m| m.place()).expect("linked");
    assert_eq!(american.country, "US");
}

fn label(found: &[Mention], text: &str, name: &str) -> Option<String> {
    place(found, text, name)
        .place()
        .and_then(|p| super::label_of(p.geonameid))
}

#[test]
fn an_english_county_beside_english_places_is_the_county() {
    // Kent, Washington (130,000 people) is a town; Kent in England is a county, which the
    // table holds with the other counties of the United Kingdom.
    let text = "The series opens at Brands Hatch in Kent in April. It moves on to Donington \
                Park in Leicestershire and Rockingham in Northamptonshire.";
    let found = places(text);
    assert_eq!(
        label(&found, text, "Kent").as_deref(),
        Some("Kent, England, United Kingdom")
    );
}

#[test]
fn a_county_is_read_by_its_people_when_the_document_says_nothing_more() {
    // Cook County, Illinois (Chicago) before the counties of Georgia and Minnesota.
    let text = "Cook County prosecutors charged him on Monday.";
    let found = places(text);
    assert_eq!(
        label(&found, text, "Cook County").as_deref(),
        Some("Cook County, Illinois, United States")
    );
}

#[test]
fn a_town_near_the_other_places_of_the_document_is_the_one_meant() {
    // Oceanside, California is five times larger than Oceanside on Long Island, which is
    // 60 km from Fort Salonga.
    let text = "The family moved from Fort Salonga to Oceanside last year.";
    let found = places(text);
    let oceanside = place(&found, text, "Oceanside").place().expect("linked");
    assert_eq!(
        super::label_of(oceanside.geonameid).as_deref(),
        Some("Oceanside, New York, United States")
    );
    assert_eq!(oceanside.reason, "the document names Fort Salonga");
}

#[test]
fn a_state_abbreviated_after_a_town_is_the_state_and_qualifies_the_town() {
    let text = "The company is based in Bethesda, Md. It hired 40 people.";
    let found = places(text);
    let md = place(&found, text, "Md.");
    assert_eq!(md.key, "Maryland");
    let state = md.place().expect("linked");
    assert_eq!(
        super::label_of(state.geonameid).as_deref(),
        Some("Maryland, United States")
    );
    let bethesda = place(&found, text, "Bethesda").place().expect("linked");
    assert_eq!(bethesda.reason, "the text says “Bethesda, Md.”");
}

#[test]
fn a_continents_adjective_names_the_continent() {
    let text = "The plan would strengthen European airlines, the minister said.";
    let found = Recognizer::shared().recognize(text);
    let european = found
        .iter()
        .find(|m| m.key == "European")
        .and_then(Mention::place)
        .expect("linked");
    assert_eq!(
        super::label_of(european.geonameid).as_deref(),
        Some("Europe")
    );
    // "South African" stays South Africa's nationality, "North African" is no continent's.
    let text = "North African migrants crossed the sea.";
    let found = Recognizer::shared().recognize(text);
    assert!(
        found
            .iter()
            .filter_map(Mention::place)
            .all(|p| super::label_of(p.geonameid).as_deref() != Some("Africa")),
        "{found:?}"
    );
}

#[test]
fn a_place_keeps_the_name_the_text_gives_it() {
    // The gazetteer knows "Nawa" as a name of Naha (Japan) and "Qayyarah" as one of an
    // airfield: the entities are still "Nawa" and "Qayyarah", and Qayyarah is the town.
    let text = "Rebels in Daraa fought near Nawa and Inkhil. Iraqi forces retook Haditha, \
                Tuz Khurmatu and Qayyarah.";
    let found = places(text);
    let nawa = place(&found, text, "Nawa");
    assert!(nawa.key.starts_with("Nawa"), "{}", nawa.key);
    assert_eq!(nawa.place().map(|p| p.country.as_str()), Some("SY"));
    let qayyarah = place(&found, text, "Qayyarah");
    assert_eq!(qayyarah.key, "Qayyarah");
    assert_eq!(qayyarah.place().map(|p| p.geonameid), Some(99003));
}

#[test]
fn tripoli_beside_sidon_and_tyre_is_in_lebanon() {
    for text in [
        "Lebanese troops deployed in Tripoli, Sidon and Tyre after clashes.",
        "Troops deployed in Tripoli, Sidon and Tyre after clashes.",
    ] {
        let found = places(text);
        let tripoli = place(&found, text, "Tripoli").place().expect("linked");
        assert_eq!(tripoli.country, "LB", "{text}: {}", tripoli.reason);
    }
    // Beside Libya's towns it stays Libya's capital.
    let text = "Militias clashed in Misrata, Sirte, Benghazi and Tripoli.";
    let found = places(text);
    let tripoli = place(&found, text, "Tripoli").place().expect("linked");
    assert_eq!(tripoli.country, "LY");
}

/// The country of the place `name` of `text` is linked to, if any.
fn country_of(text: &str, name: &str) -> Option<String> {
    let found = places(text);
    let m = place(&found, text, name);
    m.place().map(|p| p.country.clone())
}

#[test]
fn yemeni_towns_of_the_war_are_places_in_yemen() {
    // GeoNames spells it Al Ḩudaydah; the news "Hodeidah", which the model read as a person.
    let text = "Coalition jets struck the port of Hodeidah on Tuesday. Houthi fighters \
                advanced on Marib, and airstrikes hit Saada and the Red Sea town of Mokha, \
                Yemen's government said.";
    for name in ["Hodeidah", "Marib", "Saada", "Mokha"] {
        assert_eq!(country_of(text, name).as_deref(), Some("YE"), "{name}");
    }
}

#[test]
fn a_place_opening_a_sentence_as_its_subject_is_a_place() {
    let text = "Derna flooded in 2023 when two dams burst. Libya declared three days of mourning.";
    assert_eq!(country_of(text, "Derna").as_deref(), Some("LY"));
}

#[test]
fn arabic_names_spelled_otherwise_are_read_where_the_document_names_their_country() {
    // GeoNames: "Tallkalakh" / "Tall Kalakh", "Izra‘", "Ra’s al ‘Ayn", "Al Qā’im"; the news
    // writes the article, the ayn, doubled letters and the ending otherwise.
    let text = "Syrian troops shelled Tel Kalakh near Homs and entered Izraa in Daraa \
                province. Turkish-backed fighters took Ras al-Ayn.";
    for name in ["Tel Kalakh", "Izraa", "Ras al-Ayn"] {
        assert_eq!(country_of(text, name).as_deref(), Some("SY"), "{name}");
    }
    let text = "Iraqi forces retook al Qa'im and Amerli; a base at Habbaniyah and the town \
                of Shirqat were cleared, Baghdad said.";
    for name in ["al Qa'im", "Amerli", "Habbaniyah", "Shirqat"] {
        assert_eq!(country_of(text, name).as_deref(), Some("IQ"), "{name}");
    }
}

#[test]
fn a_name_spelled_otherwise_is_not_read_without_its_country() {
    // Nothing in the document is in Syria: "Izraa" is no place of another country either.
    let text = "The festival in Izraa drew crowds from Lisbon and Porto.";
    let found = places(text);
    assert!(
        found
            .iter()
            .filter_map(Mention::place)
            .all(|p| p.country == "PT"),
        "{found:?}"
    );
}

#[test]
fn a_nationality_before_the_town_of_says_its_country() {
    // Salisbury is also a town of the United States, which the document names.
    let text = "The United States and Washington backed Britain after the attack in the \
                British city of Salisbury, which Russia denies.";
    let found = places(text);
    let salisbury = place(&found, text, "Salisbury").place().expect("linked");
    assert_eq!(salisbury.country, "GB", "{}", salisbury.reason);
    assert_eq!(
        salisbury.reason,
        "the text says “British city of Salisbury”"
    );
}

#[test]
fn a_name_before_airport_is_not_proposed_as_a_town() {
    // Heathrow, Florida is a town of the United States the document names; "Heathrow
    // airport" is London's.
    let text = "The United States said officers searched a plane at Heathrow airport.";
    let found = places(text);
    assert!(
        found
            .iter()
            .filter_map(Mention::place)
            .all(|p| p.country != "US" || p.reason.contains("country")),
        "{found:?}"
    );
}

#[test]
fn a_name_differing_in_its_vowels_is_no_english_or_american_place() {
    // "Anfield" (a stadium) is spelled like Enfield but for its vowels; the respelling is a
    // rule for names written from another script.
    let text = "Fans set off fireworks inside Anfield as the bus reached Liverpool and Manchester.";
    let found = places(text);
    assert!(
        found
            .iter()
            .filter_map(Mention::place)
            .all(|p| !super::label_of(p.geonameid).is_some_and(|l| l.contains("Enfield"))),
        "{found:?}"
    );
}

#[test]
fn a_person_listed_after_a_place_stays_the_person_with_their_name() {
    let text =
        "Pentagon Press Secretary Peter Cook spoke. A strike near Sarmada, Syria, Cook said.";
    let found = Recognizer::shared().recognize(text);
    let cook = found
        .iter()
        .find(|m| m.start == text.rfind("Cook").expect("Cook"))
        .expect("Cook found");
    assert_eq!(cook.kind, EntityKind::Person);
    assert_eq!(cook.key, "Peter Cook");
}

#[test]
fn a_town_inside_a_longer_name_or_a_common_word_is_not_read_from_its_context() {
    // Colchester is a town of England, which the document names; "Colchester General
    // Hospital" is a hospital. "Progress" is a town of the United States and a word.
    let text = "The soldier from England was taken to Colchester General Hospital. In the \
                United States, officials spoke of progress in Progress.";
    let found = places(text);
    for name in ["Colchester", "Progress"] {
        assert!(
            found.iter().all(|m| text
                .chars()
                .skip(m.start)
                .take(m.end - m.start)
                .collect::<String>()
                != name),
            "{name}: {found:?}"
        );
    }
}

#[test]
fn a_place_read_from_its_context_is_the_place_wherever_the_text_names_it() {
    let text = "Houthi fighters advanced on Marib, Yemen's officials said. Marib remains \
                besieged; tribes around Marib fought back.";
    let found = places(text);
    let marib: Vec<&Mention> = found
        .iter()
        .filter(|m| {
            text.chars()
                .skip(m.start)
                .take(m.end - m.start)
                .collect::<String>()
                == "Marib"
        })
        .collect();
    assert_eq!(marib.len(), 3, "{found:?}");
    assert!(
        marib
            .iter()
            .all(|m| m.place().is_some_and(|p| p.country == "YE"))
    );
}

#[test]
fn towns_of_the_war_are_places_without_a_cue_before_them() {
    // A name with an Arabic article or a town word, which the gazetteer holds in a country
    // the document names, is a place as the subject or after a verb of war.
    let text = "Jisr al-Shughur was retaken by the army. Rebels shelled Yabroud and Harasta \
                near Damascus. Fighting around Maarat al-Numan went on. Government forces \
                entered Salamiyah. Tal Tamr fell in February and clashes reached the \
                outskirts of Sanamayn, Syria's army said.";
    for name in [
        "Jisr al-Shughur",
        "Yabroud",
        "Harasta",
        "Maarat al-Numan",
        "Salamiyah",
        "Tal Tamr",
        "Sanamayn",
    ] {
        assert_eq!(country_of(text, name).as_deref(), Some("SY"), "{name}");
    }
    let text = "Peshmerga fighters stormed Zummar and took Gwer from the militants; militias \
                besieged Saadiya, officials in Iraq said.";
    for name in ["Zummar", "Gwer", "Saadiya"] {
        assert_eq!(country_of(text, name).as_deref(), Some("IQ"), "{name}");
    }
}

#[test]
fn a_town_shaped_name_of_no_place_the_document_supports_is_left_alone() {
    // "Abu Bakr" has a town word but is a person here: no place of that name in France.
    let text = "Abu Bakr al-Baghdadi was named. Paris and Lyon, France, reacted.";
    let all = Recognizer::shared().recognize(text);
    assert!(
        all.iter()
            .filter(|m| m.kind == EntityKind::Loc)
            .all(|m| m.place().is_some_and(|p| p.country == "FR")),
        "{all:?}"
    );
}

#[test]
fn towns_the_audit_found_without_coordinates_are_located() {
    let text = "Kurdish forces captured Al-Shaddadi in Hasakah, Syria. Peshmerga fighters \
                advanced on Bashiqa near Mosul, Iraq; troops retook Qaraqosh and Jalawla, \
                and entered Bakhdida.";
    assert_eq!(country_of(text, "Al-Shaddadi").as_deref(), Some("SY"));
    for name in ["Bashiqa", "Qaraqosh", "Jalawla", "Bakhdida"] {
        assert_eq!(country_of(text, name).as_deref(), Some("IQ"), "{name}");
    }
    // Qaraqosh is Bakhdida, GeoNames' Al-Hamdaniya (36.27 N, 43.38 E).
    let found = places(text);
    let q = place(&found, text, "Qaraqosh").place().expect("linked");
    let b = place(&found, text, "Bakhdida").place().expect("linked");
    assert_eq!(q.geonameid, b.geonameid);
    assert!((q.lat() - 36.27).abs() < 0.05 && (q.lon() - 43.38).abs() < 0.05);
    // GeoNames writes "‘Anah" with its ayn; a nationality supports it as it does any name.
    let text = "Iraqi forces retook the town of Anah on Saturday.";
    assert_eq!(country_of(text, "Anah").as_deref(), Some("IQ"));
}

#[test]
fn arabic_script_towns_are_read_with_a_conjunction_or_preposition_attached() {
    // "وحمص": "and Homs"; "بتلعفر": "in Tal Afar" (a town the recogniser's list lacks);
    // "معرة النعمان": Maarat al-Numan.
    let text = "قصفت الطائرات دمشق وحمص ومعرة النعمان في سوريا، وقتل مدنيون بتلعفر في العراق.";
    let found = places(text);
    for (name, country) in [("حمص", "SY"), ("معرة النعمان", "SY"), ("تلعفر", "IQ")]
    {
        assert_eq!(
            place(&found, text, name)
                .place()
                .map(|p| p.country.as_str()),
            Some(country),
            "{name}: {found:?}"
        );
    }
    // A common noun with a conjunction stays none: "والساحل", "and the coast"; "والثورة",
    // "and the revolution" (Ath Thawrah, a town of Syria).
    let text = "وصلت القوات إلى دمشق والساحل في سوريا والثورة مستمرة.";
    let found = places(text);
    let written: Vec<String> = found
        .iter()
        .map(|m| text.chars().skip(m.start).take(m.end - m.start).collect())
        .collect();
    assert_eq!(written, ["دمشق", "سوريا"], "{found:?}");
}

#[test]
fn arabic_names_of_governorates_are_their_regions() {
    let text = "قصفت الطائرات الأنبار ونينوى في العراق.";
    let found = places(text);
    for (name, id) in [("الأنبار", 99592), ("نينوى", 92877)] {
        assert_eq!(
            place(&found, text, name).place().map(|p| p.geonameid),
            Some(id),
            "{name}: {found:?}"
        );
    }
}

/// The text of a mention.
fn written(text: &str, m: &Mention) -> String {
    text.chars().skip(m.start).take(m.end - m.start).collect()
}

#[test]
fn an_ap_state_abbreviation_qualifies_the_town_and_is_no_place_of_its_own() {
    let text = "The storm hit Mobile, Ala., and Baton Rouge, La., before moving to Jackson, \
                Miss. Power was also lost in Gary, Ind., Dover, Del., and Hartford, Conn. \
                Crews from Portland, Me., and Seattle, Wash., were sent. Officials in Boston, \
                Mass., and Wheeling, W.Va., pledged help.";
    let all = Recognizer::shared().recognize(text);
    for (town, state) in [
        ("Mobile", "Alabama"),
        ("Jackson", "Mississippi"),
        ("Gary", "Indiana"),
        ("Dover", "Delaware"),
        ("Portland", "Maine"),
        ("Seattle", "Washington"),
        ("Boston", "Massachusetts"),
        ("Wheeling", "West Virginia"),
    ] {
        let m = all
            .iter()
            .find(|m| written(text, m) == town)
            .unwrap_or_else(|| panic!("{town} not found in {all:?}"));
        assert_eq!(m.kind, EntityKind::Loc, "{town}");
        let link = m.place().unwrap_or_else(|| panic!("{town} not linked"));
        assert_eq!(
            super::label_of(link.geonameid).as_deref(),
            Some(format!("{town}, {state}, United States").as_str()),
            "{town}"
        );
    }
    // The abbreviation is its state, never a place or a person named "Miss" or "Del".
    for m in &all {
        let w = written(text, m);
        assert!(
            !matches!(w.as_str(), "Miss" | "Mass" | "Ala" | "Del" | "Wash" | "Ind"),
            "{w} read alone as {:?}",
            m.kind
        );
    }
}

#[test]
fn a_state_abbreviation_without_its_period_is_read_too() {
    let text = "Officials in Jackson, Miss, said so. Miss Smith was calm.";
    let all = Recognizer::shared().recognize(text);
    let jackson = all
        .iter()
        .find(|m| written(text, m) == "Jackson")
        .and_then(|m| m.place())
        .expect("Jackson linked");
    assert_eq!(
        super::label_of(jackson.geonameid).as_deref(),
        Some("Jackson, Mississippi, United States")
    );
    // "Miss" is the state, not a place or a person of its own.
    let miss = all
        .iter()
        .find(|m| written(text, m) == "Miss")
        .expect("Miss read");
    assert_eq!(miss.key, "Mississippi");
}

#[test]
fn arabic_common_words_are_no_places() {
    // "ceasefire" (وقف إطلاق النار), "was" (كان), "Sunday" (الأحد), "crossing" (معبر).
    let text = "قصفت الطائرات خان يونس ورفح ليلة الأحد. وقالت القاهرة إن معبر رفح مغلق. \
                ودعا الملك إلى وقف إطلاق النار. الجزيرة نقلت أن البحر كان هادئا.";
    let found = places(text);
    for word in ["وقف", "كان", "الأحد", "معبر"] {
        assert!(
            !found.iter().any(|m| written(text, m) == word),
            "{word} is a place in {found:?}"
        );
    }
    // The places stay places.
    assert!(found.iter().any(|m| written(text, m) == "القاهرة"));
}

#[test]
fn leon_in_a_text_about_mexico_is_leon_mexico_and_former_names_have_coordinates() {
    let text = "Protesters marched in Puebla, Queretaro, Oaxaca and Leon on Sunday, Mexican \
                media said.";
    let found = places(text);
    let leon = place(&found, text, "Leon").place().expect("León linked");
    assert_eq!(leon.country, "MX");
    let text = "Floods hit Kolkata, India. In Calcutta the rain stopped.";
    let found = places(text);
    let calcutta = place(&found, text, "Calcutta")
        .place()
        .expect("Calcutta linked");
    assert_eq!(calcutta.country, "IN");
}

#[test]
fn an_arabic_name_of_two_words_is_matched_whole_before_its_part() {
    // Bint Jbeil (بنت جبيل), in south Lebanon, is not Byblos (جبيل).
    let text =
        "قصفت إسرائيل مدينة صور في جنوب لبنان، وقال الجيش إن الغارات طالت النبطية وبنت جبيل.";
    let found = places(text);
    assert!(
        !found.iter().any(|m| written(text, m) == "جبيل"),
        "{found:?}"
    );
    let bint = place(&found, text, "بنت جبيل")
        .place()
        .expect("Bint Jbeil linked");
    assert_eq!(bint.geonameid, 276_592);
}

#[test]
fn a_country_named_in_short_follows_the_documents_other_places() {
    // (text, short name, country it must be): the places beside it say which.
    for (text, name, country) in [
        (
            "Fighting near Goma has displaced thousands in eastern Congo, officials in \
             Kinshasa said.",
            "Congo",
            "CD",
        ),
        (
            "The river flooded Lubumbashi and parts of Congo on Monday.",
            "Congo",
            "CD",
        ),
        (
            "Officials in Brazzaville said Congo would vote.",
            "Congo",
            "CG",
        ),
        (
            "Korea said the talks would resume in Pyongyang.",
            "Korea",
            "KP",
        ),
        (
            "Officials in Seoul said Korea would respond.",
            "Korea",
            "KR",
        ),
        (
            "The president of Guinea spoke in Conakry on Monday.",
            "Guinea",
            "GN",
        ),
        (
            "Protesters in Bissau said Guinea's army had seized power.",
            "Guinea",
            "GW",
        ),
        (
            "The oil fields off Malabo made Guinea rich.",
            "Guinea",
            "GQ",
        ),
        (
            "Georgia's parliament in Tbilisi voted on Monday.",
            "Georgia",
            "GE",
        ),
        (
            "Storms hit Atlanta and Savannah, and Georgia declared an emergency.",
            "Georgia",
            "US",
        ),
    ] {
        let found = places(text);
        let link = place(&found, text, name)
            .place()
            .unwrap_or_else(|| panic!("{name} not linked in {text}"));
        assert_eq!(link.country, country, "{text}: {}", link.reason);
        // The reason names the places that decided it.
        assert!(
            link.reason.starts_with("the document names"),
            "{text}: {}",
            link.reason
        );
    }
}

#[test]
fn a_country_named_in_short_with_nothing_to_decide_says_so() {
    // Alone, "Korea" may be either; the reason says the choice is the default.
    let text = "Officials said Korea would respond.";
    let found = places(text);
    let korea = place(&found, text, "Korea").place().expect("Korea linked");
    assert!(
        korea.reason.contains("nothing in the document says which"),
        "{}",
        korea.reason
    );
    // "China" beside Taipei is China: the table's own name of a country sixty times the
    // size of the one it shortens ("Republic of China") is not given up for one town.
    let text = "Officials in Taipei said China had sent warships.";
    assert_eq!(country_of(text, "China").as_deref(), Some("CN"));
}

#[test]
fn washington_dc_is_in_the_district_of_columbia_and_says_why() {
    for text in [
        "The White House in Washington, D.C. said so.",
        "Washington, D.C., saw protests on Monday.",
        "Protests spread from Washington, D.C. to Baltimore.",
    ] {
        let found = places(text);
        let w = place(&found, text, "Washington")
            .place()
            .unwrap_or_else(|| panic!("Washington not linked in {text}"));
        assert_eq!(
            super::label_of(w.geonameid).as_deref(),
            Some("Washington, District of Columbia, United States"),
            "{text}"
        );
        assert_eq!(w.reason, "the text says “Washington, D.C.”", "{text}");
    }
    // "D.C." alone is the District, ending a sentence or not.
    for (text, shown) in [
        ("Officials in D.C. said so.", "D.C"),
        ("She moved to D.C. last year.", "D.C"),
    ] {
        let all = Recognizer::shared().recognize(text);
        let dc = all
            .iter()
            .filter(|m| m.kind == EntityKind::Loc)
            .find(|m| written(text, m).starts_with(shown))
            .and_then(|m| m.place())
            .unwrap_or_else(|| panic!("D.C. not linked in {text}: {all:?}"));
        assert_eq!(
            super::label_of(dc.geonameid).as_deref(),
            Some("District of Columbia, United States"),
            "{text}"
        );
    }
}

#[test]
fn a_surname_is_the_place_where_the_text_says_place_and_the_person_where_nothing_does() {
    // Something says place: a preposition, "the town of", a comma and a region, or the same
    // name written as a place elsewhere in the document.
    for (text, name, nth) in [
        (
            "Mayor Tom Sutton opened the fair in the town of Sutton. Sutton has 9,000 \
             residents.",
            "Sutton",
            1,
        ),
        (
            "Mayor Tom Sutton opened the fair. Sutton, Massachusetts, hosted it.",
            "Sutton",
            0,
        ),
        (
            "Mayor Tom Sutton opened the fair. Sutton, Mass., hosted it.",
            "Sutton",
            0,
        ),
        (
            "Coach Ian Holloway praised the fans. Holloway said the team would travel to \
             Bolton.",
            "Bolton",
            0,
        ),
    ] {
        let m = nth_mention(text, name, nth);
        assert_eq!(m.kind, EntityKind::Loc, "{text}: {m:?}");
    }
    // Nothing says place: the man.
    for (text, name, nth) in [
        (
            "Coach Ian Holloway praised the fans. Holloway said the team would travel to \
             Bolton.",
            "Holloway",
            0,
        ),
        (
            "Mayor Tom Sutton opened the fair. Sutton said it was a good day.",
            "Sutton",
            0,
        ),
        (
            "The words of Tom Sutton were read. The speech of Sutton moved many.",
            "Sutton",
            0,
        ),
    ] {
        let m = nth_mention(text, name, nth);
        assert_ne!(m.kind, EntityKind::Loc, "{text}: {m:?}");
    }
}

#[test]
fn tyre_beside_beirut_is_in_lebanon_and_a_short_arabic_word_is_a_place_only_where_placed() {
    // صور is Tyre (Lebanon) and Sur (Oman), and the word for "pictures".
    for text in [
        "قصفت إسرائيل مدينة صور وقالت الحكومة في بيروت إن الغارات مستمرة.",
        "وصل الوفد إلى صور بعد لقاء في بيروت.",
        "قالت مصادر في بيروت إن الغارات طالت صيدا وصور.",
    ] {
        assert_eq!(country_of(text, "صور").as_deref(), Some("LB"), "{text}");
    }
    // "The agency published pictures of the destruction in Beirut", "the army published
    // satellite pictures": the word, not a place.
    for text in [
        "نشرت الوكالة صور الدمار في بيروت.",
        "نشر الجيش صور الأقمار الصناعية.",
        "وتداول ناشطون صورا وصور فيديو للقصف.",
    ] {
        let found = places(text);
        assert!(
            !found.iter().any(|m| written(text, m).ends_with("صور")),
            "{text}: {found:?}"
        );
    }
    // A large city's short name needs no cue: "حلب", Aleppo.
    for text in [
        "حلب تحت الحصار منذ أشهر.",
        "قصفت الطائرات حلب وقالت مصر إن القتال يجب أن يتوقف.",
    ] {
        let found = places(text);
        assert!(
            found.iter().any(|m| written(text, m) == "حلب"),
            "{text}: {found:?}"
        );
    }
}

/// The label and reason of the `nth` mention written `name` in `text` (from 0).
fn nth_place(text: &str, name: &str, nth: usize) -> Option<(String, String)> {
    let m = nth_mention(text, name, nth);
    let p = m.place()?;
    Some((super::label_of(p.geonameid)?, p.reason.clone()))
}

#[test]
fn a_mentions_own_qualifier_decides_it_whatever_the_name_read_before() {
    let text = "The choir from Lebanon, Pennsylvania, sang in Beirut, Lebanon.";
    let (first, why) = nth_place(text, "Lebanon", 0).expect("Lebanon, Pennsylvania");
    assert_eq!(first, "Lebanon, Pennsylvania, United States");
    assert_eq!(why, "the text says “Lebanon, Pennsylvania”");
    let (second, why) = nth_place(text, "Lebanon", 1).expect("Lebanon");
    assert_eq!(second, "Lebanon");
    assert!(why.contains("Beirut, Lebanon"), "{why}");
    // Two towns of one name, each with its state, in either order.
    for text in [
        "Students in Athens, Georgia, held a vigil; students in Athens, Ohio, held another.",
        "Students in Athens, Ohio, held a vigil; students in Athens, Georgia, held another.",
    ] {
        let states: Vec<String> = (0..2)
            .filter_map(|n| nth_place(text, "Athens", n))
            .map(|(l, _)| l)
            .collect();
        let georgia_first = text.find("Georgia") < text.find("Ohio");
        let expected = [
            "Athens, Georgia, United States",
            "Athens, Ohio, United States",
        ];
        let expected: Vec<&str> = if georgia_first {
            expected.to_vec()
        } else {
            expected.iter().rev().copied().collect()
        };
        assert_eq!(states, expected, "{text}");
    }
    let text = "Officials in Springfield, Mass., and Springfield, Ill., said schools would reopen.";
    let (ill, why) = nth_place(text, "Springfield", 1).expect("Springfield, Ill.");
    assert_eq!(ill, "Springfield, Illinois, United States");
    assert_eq!(why, "the text says “Springfield, Ill.”");
}

#[test]
fn a_bare_mention_takes_the_qualified_reading_before_it_and_says_which() {
    let text = "He grew up in Springfield, Ill., and moved to Springfield, Mass. Springfield \
                has been his home since.";
    let (bare, why) = nth_place(text, "Springfield", 2).expect("the bare Springfield");
    assert_eq!(bare, "Springfield, Massachusetts, United States");
    assert_eq!(why, "the text says “Springfield, Mass.”");
    // One qualified reading carries to the mentions before it too.
    let text = "Lebanon votes. The council of Lebanon, Tenn., met on Monday.";
    let (bare, _) = nth_place(text, "Lebanon", 0).expect("Lebanon");
    assert_eq!(bare, "Lebanon, Tennessee, United States");
}

#[test]
fn a_place_written_as_a_qualifier_is_the_region_that_holds_the_town() {
    let text = "Protests spread from Tbilisi to Batumi. Students in Athens, Georgia, held a vigil.";
    let (state, why) = nth_place(text, "Georgia", 0).expect("Georgia");
    assert_eq!(state, "Georgia, United States");
    assert_eq!(why, "the text says “Athens, Georgia”");
}

#[test]
fn a_postal_code_after_a_town_of_its_state_qualifies_the_town() {
    let text =
        "Orders ship from Albany, GA and Jackson, MS. Our store in Paris, TN closes on Friday.";
    assert_eq!(
        nth_place(text, "Albany", 0).map(|p| p.0).as_deref(),
        Some("Albany, Georgia, United States")
    );
    assert_eq!(
        nth_place(text, "Jackson", 0).map(|p| p.0).as_deref(),
        Some("Jackson, Mississippi, United States")
    );
    let (paris, why) = nth_place(text, "Paris", 0).expect("Paris, TN");
    assert_eq!(paris, "Paris, Tennessee, United States");
    assert_eq!(why, "the text says “Paris, TN”");
    let (tn, why) = nth_place(text, "TN", 0).expect("TN");
    assert_eq!(tn, "Tennessee, United States");
    assert_eq!(why, "“TN” is the postal code of Tennessee");
}

#[test]
fn two_capitals_that_are_not_a_town_and_its_state_are_no_state() {
    // A degree after a person, and codes that are English words with nothing else of the US.
    let text = "The study was led by Jane Laurel, MD, of the clinic. It was hard, OK? We met in \
                Paris, OR in London.";
    let found = Recognizer::shared().recognize(text);
    for m in &found {
        let label = m.place().and_then(|p| super::label_of(p.geonameid));
        assert!(
            label
                .as_deref()
                .is_none_or(|l| !l.contains("United States")),
            "{m:?} {label:?}"
        );
    }
}

#[test]
fn a_town_name_inside_a_lake_river_or_gulf_is_the_feature_not_the_town() {
    for (text, feature) in [
        (
            "Ferries on Lake Victoria were halted near Entebbe.",
            "Lake Victoria",
        ),
        (
            "Farmers draw water from the Jordan River every summer.",
            "Jordan River",
        ),
        (
            "Storms in the Gulf of Mexico closed the rigs.",
            "Gulf of Mexico",
        ),
    ] {
        let m = nth_mention(text, feature, 0);
        let label = m.place().and_then(|p| super::label_of(p.geonameid));
        // The feature is not the town or country of the name inside it.
        assert!(label.is_none(), "{feature}: {label:?}");
    }
    // A town whose name starts so is the town.
    let text = "The games were held in Lake Placid, New York.";
    assert_eq!(
        nth_place(text, "Lake Placid", 0).map(|p| p.0).as_deref(),
        Some("Lake Placid, New York, United States")
    );
}

#[test]
fn a_place_named_in_the_next_sentence_decides_and_is_named_as_the_reason() {
    let text = "Gunmen clashed with soldiers in Tripoli on Friday. The government in Beirut \
                called for calm.";
    let (tripoli, why) = nth_place(text, "Tripoli", 0).expect("Tripoli");
    assert!(tripoli.ends_with("Lebanon"), "{tripoli}");
    assert_eq!(why, "the document names Beirut");
    // Alone, Tripoli is Libya's capital.
    let (alone, _) =
        nth_place("Gunmen clashed in Tripoli on Friday.", "Tripoli", 0).expect("Tripoli alone");
    assert!(alone.ends_with("Libya"), "{alone}");
}

#[test]
fn a_large_town_is_not_pulled_to_a_small_namesake_by_towns_of_another_paragraph() {
    let text = "Police were sent from Belfast on Monday.\n\nA march in Richmond drew crowds, and \
                the governor in Norfolk and Virginia Beach urged calm.";
    let (belfast, why) = nth_place(text, "Belfast", 0).expect("Belfast");
    assert!(belfast.ends_with("United Kingdom"), "{belfast}");
    // The reason says what the document named, not that it named nothing.
    assert!(!why.contains("nothing in the document"), "{why}");
    assert!(why.contains("Richmond"), "{why}");
}
