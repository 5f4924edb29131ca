//! The convention of `docs/entities.md` on crafted sentences: names without titles or
//! articles, a country always a place, aliases linked; dates with values; places with
//! coordinates; and what is not an entity.

use dossier::entities::{
    DateBasis, DateContext, EntityDictionary, EntityKind, Granularity, Mention, Recognizer,
};
use jiff::civil::Date;

fn text_of(text: &str, m: &Mention) -> String {
    text.chars().skip(m.start).take(m.end - m.start).collect()
}

fn found(text: &str) -> Vec<(String, EntityKind, String)> {
    Recognizer::shared()
        .recognize(text)
        .iter()
        .map(|m| (text_of(text, m), m.kind, m.key.clone()))
        .collect()
}

fn mention<'a>(text: &str, mentions: &'a [Mention], span: &str) -> Option<&'a Mention> {
    mentions.iter().find(|m| text_of(text, m) == span)
}

#[test]
fn titles_stay_out_of_names_and_become_the_mentions_title() {
    let text = "Russian President Vladimir Putin met Lt. Gen. Stephen Townsend in Moscow.";
    let mentions = Recognizer::shared().recognize(text);
    let putin = mention(text, &mentions, "Vladimir Putin").expect("Putin, no title");
    assert_eq!(putin.kind, EntityKind::Person);
    assert_eq!(putin.title(), Some("Russian President"));
    let townsend = mention(text, &mentions, "Stephen Townsend").expect("Townsend, no rank");
    assert_eq!(townsend.title(), Some("Lt. Gen."));
    let spans: Vec<String> = mentions.iter().map(|m| text_of(text, m)).collect();
    assert!(!spans.iter().any(|s| s.contains("President")), "{spans:?}");
}

#[test]
fn articles_stay_out_of_names() {
    let f = found("A spokesman said the Kremlin and the SDF rejected the plan.");
    assert!(f.iter().any(|(s, _, _)| s == "Kremlin"), "{f:?}");
    assert!(
        f.iter()
            .any(|(s, k, _)| s == "SDF" && *k == EntityKind::Org),
        "{f:?}"
    );
    assert!(!f.iter().any(|(s, _, _)| s.starts_with("the ")), "{f:?}");
}

#[test]
fn a_country_is_a_place_whatever_it_does() {
    let text = "France strongly condemns the attack. Russia has sent troops to Syria, \
                and Turkey said it would respond. Fighting in France is unlikely.";
    let f = found(text);
    for country in ["France", "Russia", "Syria", "Turkey"] {
        let kinds: Vec<EntityKind> = f
            .iter()
            .filter(|(s, _, _)| s == country)
            .map(|(_, k, _)| *k)
            .collect();
        assert!(!kinds.is_empty(), "{country}: {f:?}");
        assert!(
            kinds.iter().all(|k| *k == EntityKind::Loc),
            "{country}: {f:?}"
        );
    }
}

#[test]
fn aliases_of_a_country_are_one_entity() {
    let text = "The U.S. and the United States are one country; the US said so too.";
    let f = found(text);
    let us: Vec<&(String, EntityKind, String)> = f
        .iter()
        .filter(|(s, _, _)| s.starts_with("U") && s != "United")
        .collect();
    assert!(us.len() >= 3, "{f:?}");
    assert!(
        us.iter()
            .all(|(_, k, key)| *k == EntityKind::Loc && key == "United States"),
        "{f:?}"
    );
}

#[test]
fn nationalities_are_groups_and_companies_named_after_places_organisations() {
    let f = found("Syrian and Kurdish fighters flew Air France to Paris.");
    assert!(
        f.contains(&("Syrian".into(), EntityKind::Norp, "Syrian".into())),
        "{f:?}"
    );
    assert!(
        f.iter()
            .any(|(s, k, _)| s == "Kurdish" && *k == EntityKind::Norp),
        "{f:?}"
    );
    assert!(
        f.iter()
            .any(|(s, k, _)| s == "Paris" && *k == EntityKind::Loc),
        "{f:?}"
    );
    assert!(
        !f.iter()
            .any(|(s, k, _)| s == "France" && *k == EntityKind::Loc),
        "{f:?}"
    );
}

fn dated(text: &str, date: Option<Date>, basis: DateBasis) -> Vec<Mention> {
    let context = date.map(|date| DateContext { date, basis });
    Recognizer::shared().recognize_dated(text, &EntityDictionary::default(), context.as_ref())
}

#[test]
fn dates_carry_values_resolved_against_the_document_date() {
    let text = "The talks began yesterday, after a meeting on 8 December 2024. \
                Last week the ministers met, and this year will be decisive.";
    let day = Date::new(2024, 12, 9).expect("a date");
    let mentions = dated(text, Some(day), DateBasis::DocumentDate);
    let value = |span: &str| {
        let m = mention(text, &mentions, span).unwrap_or_else(|| panic!("{span}: {mentions:?}"));
        let d = m.date().expect("a date value");
        (d.value.clone(), d.granularity, d.basis, m.key.clone())
    };
    assert_eq!(
        value("yesterday"),
        (
            Some("2024-12-08".into()),
            Granularity::Day,
            DateBasis::DocumentDate,
            "8 December 2024".into()
        )
    );
    // Written in full: its own value, the same entity as "yesterday".
    assert_eq!(
        value("8 December 2024"),
        (
            Some("2024-12-08".into()),
            Granularity::Day,
            DateBasis::Written,
            "8 December 2024".into()
        )
    );
    assert_eq!(value("Last week").0.as_deref(), Some("2024-W49"));
    assert_eq!(value("this year").0.as_deref(), Some("2024"));
    // Only the file's date known: the value says so.
    let from_file = dated(text, Some(day), DateBasis::FileDate);
    let y = mention(text, &from_file, "yesterday").and_then(Mention::date);
    assert_eq!(y.map(|d| d.basis), Some(DateBasis::FileDate));
    // Highlighted with that value, but not an entity of the index: a file's date says when
    // the copy was made, not when the text was written.
    let y = mention(text, &from_file, "yesterday").expect("highlighted");
    assert!(!y.is_listed());
    let full = mention(text, &from_file, "8 December 2024").expect("a written date");
    assert!(full.is_listed());
}

#[test]
fn without_a_document_date_relative_dates_stay_unresolved_and_unlisted() {
    let text = "The talks began yesterday. They resume on 8 December 2024.";
    let mentions = dated(text, None, DateBasis::DocumentDate);
    let yesterday = mention(text, &mentions, "yesterday").expect("still highlighted");
    let d = yesterday.date().expect("a date value");
    assert_eq!((d.value.clone(), d.basis), (None, DateBasis::Unresolved));
    assert!(!yesterday.is_listed(), "not an entity of the index");
    let full = mention(text, &mentions, "8 December 2024").expect("a full date");
    assert!(full.is_listed());
    assert_eq!(
        full.date().and_then(|d| d.value.as_deref()),
        Some("2024-12-08")
    );
}

#[test]
fn places_carry_coordinates_in_every_script() {
    let text = "Aid reached Damascus, Mosul and Tartus; in Arabic دمشق is Damascus.";
    let mentions = Recognizer::shared().recognize(text);
    let at = |span: &str| {
        let m = mention(text, &mentions, span).unwrap_or_else(|| panic!("{span}: {mentions:?}"));
        assert_eq!(m.kind, EntityKind::Loc, "{span}");
        let p = m
            .place()
            .unwrap_or_else(|| panic!("{span} has no coordinates"));
        (p.geonameid, p.country.clone(), p.lat(), p.lon())
    };
    let near = |(_, _, lat, lon): (u32, String, f64, f64), want: (f64, f64)| {
        (lat - want.0).abs() < 0.05 && (lon - want.1).abs() < 0.05
    };
    assert!(near(at("Damascus"), (33.51, 36.29)));
    assert!(near(at("Mosul"), (36.34, 43.12)));
    assert!(near(at("Tartus"), (34.89, 35.89)));
    let arabic = at("دمشق");
    assert_eq!((arabic.0, arabic.1.as_str()), (170654, "SY"));
}

#[test]
fn a_name_of_several_places_is_read_in_the_documents_context() {
    let syria = "Government forces left Damascus for Homs in Syria.";
    let maryland = "Damascus is a town in Montgomery County in the United States, near Washington.";
    let link = |text: &str| {
        let mentions = Recognizer::shared().recognize(text);
        mention(text, &mentions, "Damascus").and_then(|m| m.place().map(|p| p.country.clone()))
    };
    assert_eq!(link(syria).as_deref(), Some("SY"));
    assert_eq!(link(maryland).as_deref(), Some("US"));
}

#[test]
fn a_place_no_list_knows_stays_a_place_without_coordinates() {
    let text = "The convoy reached the village of Khirbet Umm Zahrat near Aleppo.";
    let mentions = Recognizer::shared().recognize(text);
    let aleppo = mention(text, &mentions, "Aleppo").expect("Aleppo");
    assert!(aleppo.place().is_some());
    for m in mentions.iter().filter(|m| m.kind == EntityKind::Loc) {
        if m.place().is_none() {
            assert!(text_of(text, m).contains("Khirbet"), "{m:?}");
        }
    }
}

#[test]
fn single_letters_headers_and_common_nouns_are_not_entities() {
    let f = found("Worker A met Worker B. The Government and the Committee will decide.");
    assert!(
        !f.iter()
            .any(|(s, _, _)| s.len() == 1 || s == "Government" || s == "Committee"),
        "{f:?}"
    );
    let table = "Date\tLocation\tEvent\n12 May 2016\tAleppo\tShelling\n";
    let f = found(table);
    assert!(
        !f.iter().any(|(s, _, _)| s == "Date" || s == "Location"),
        "{f:?}"
    );
    assert!(
        f.iter()
            .any(|(s, k, _)| s == "Aleppo" && *k == EntityKind::Loc),
        "{f:?}"
    );
}

#[test]
fn a_title_before_an_organisation_word_makes_no_person() {
    let f = found("Shares of the General Company for Ports fell.");
    assert!(!f.iter().any(|(_, k, _)| *k == EntityKind::Person), "{f:?}");
}

#[test]
fn a_technical_term_repeated_everywhere_is_not_an_organisation() {
    let mut spec = String::new();
    for i in 0..40 {
        spec.push_str(&format!(
            "Section {i}. A MIME entity carries MIME headers; MIME-Version comes first and \
             the MIME type names the format.\n"
        ));
    }
    let f = found(&spec);
    assert!(
        !f.iter().any(|(s, _, _)| s == "MIME"),
        "{:?}",
        &f[..f.len().min(10)]
    );
    // An acronym named as an actor stays an organisation, however often it is repeated.
    let mut news = String::new();
    for _ in 0..30 {
        news.push_str("NATO said its members would meet. NATO's forces stood ready.\n");
    }
    let f = found(&news);
    assert!(
        f.iter()
            .any(|(s, k, _)| s == "NATO" && *k == EntityKind::Org),
        "{f:?}"
    );
}
