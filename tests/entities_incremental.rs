//! After a correction, only the documents holding its phrase are recognised again, and the
//! result is what recognising everything again would give. The same holds when the earlier
//! results come from the cache a previous session wrote.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use dossier::corpus::{Corpus, LoadOptions};
use dossier::entities::cache;
use dossier::entities::incremental::Found;
use dossier::entities::{
    EntityDictionary, EntityIndex, EntityKind, PreviousRecognition, Recognizer, recognize_corpus,
    recognize_corpus_again,
};

fn sample() -> Corpus {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data");
    Corpus::load(&dir, &LoadOptions::default()).expect("sample loads")
}

/// Recognises with `rules`, reusing `previous`; returns the index and what it found, as
/// the next run's `previous`.
fn run(
    corpus: &Corpus,
    rules: &EntityDictionary,
    previous: &PreviousRecognition,
) -> (EntityIndex, PreviousRecognition) {
    let rules_arc = Arc::new(rules.clone());
    let found = Mutex::new(HashMap::new());
    let index = recognize_corpus_again(
        Recognizer::shared(),
        corpus,
        rules,
        previous,
        &|i, mentions| {
            let doc = &corpus.documents[i];
            let entry = Found {
                hash: doc.hash.clone(),
                rules: rules_arc.clone(),
                mentions: mentions.clone(),
            };
            found.lock().expect("lock").insert(doc.path.clone(), entry);
        },
        &AtomicBool::new(false),
    )
    .expect("not cancelled");
    let documents = found.into_inner().expect("lock");
    (index, PreviousRecognition { documents })
}

fn full(corpus: &Corpus, rules: &EntityDictionary) -> EntityIndex {
    recognize_corpus(
        Recognizer::shared(),
        corpus,
        rules,
        &|_, _| {},
        &AtomicBool::new(false),
    )
    .expect("not cancelled")
}

/// Paths whose mentions are the very same allocation in both runs (reused, not redone).
fn reused(a: &PreviousRecognition, b: &PreviousRecognition) -> Vec<String> {
    let mut out: Vec<String> = b
        .documents
        .iter()
        .filter(|(path, f)| {
            a.documents
                .get(*path)
                .is_some_and(|g| Arc::ptr_eq(&g.mentions, &f.mentions))
        })
        .map(|(path, _)| path.clone())
        .collect();
    out.sort();
    out
}

fn assert_same(corpus: &Corpus, got: &EntityIndex, want: &EntityIndex) {
    for doc in &corpus.documents {
        assert_eq!(
            got.mentions_of(&doc.path),
            want.mentions_of(&doc.path),
            "{}",
            doc.path
        );
    }
    assert_eq!(got.entities(), want.entities());
}

#[test]
fn a_correction_redoes_only_the_documents_holding_its_phrase() {
    let corpus = sample();
    let mut rules = EntityDictionary::default();
    let (_, first) = run(&corpus, &rules, &PreviousRecognition::default());
    assert!(reused(&PreviousRecognition::default(), &first).is_empty());

    // "Hmeimim" occurs in few documents of the sample (the seed article, the analyst's memo).
    rules.never("Hmeimim");
    let (index, second) = run(&corpus, &rules, &first);
    assert_same(&corpus, &index, &full(&corpus, &rules));
    let holding: Vec<&str> = corpus
        .documents
        .iter()
        .filter(|d| d.text.as_str().contains("Hmeimim"))
        .map(|d| d.path.as_str())
        .collect();
    assert!(
        holding.contains(&"news/000_31e3b2518f2d233b.txt"),
        "{holding:?}"
    );
    assert!(holding.len() < corpus.documents.len() / 4, "{holding:?}");
    let kept = reused(&first, &second);
    assert_eq!(kept.len(), corpus.documents.len() - holding.len());
    assert!(!kept.iter().any(|p| holding.contains(&p.as_str())));

    // An alias and an "always" rule, folded ("ISIL" is in many documents).
    rules.set_alias("Daesh", "ISIL");
    rules.always("global coalition", EntityKind::Org);
    let (index, third) = run(&corpus, &rules, &second);
    assert_same(&corpus, &index, &full(&corpus, &rules));
    let redone = corpus.documents.len() - reused(&second, &third).len();
    let expected = corpus
        .documents
        .iter()
        .filter(|d| {
            let t = d.text.as_str().to_lowercase();
            t.contains("daesh") || t.contains("global coalition")
        })
        .count();
    assert_eq!(redone, expected);
    assert!(expected > 1 && expected < corpus.documents.len());

    // A change of spelling alone: mentions are keyed as the rule is written.
    rules.always("Hmeimim", EntityKind::Loc);
    let (_, fourth) = run(&corpus, &rules, &third);
    rules.always("HMEIMIM", EntityKind::Loc);
    let (index, fifth) = run(&corpus, &rules, &fourth);
    assert_same(&corpus, &index, &full(&corpus, &rules));

    // Undoing everything comes back to the first result.
    let (index, _) = run(&corpus, &EntityDictionary::default(), &fifth);
    assert_same(
        &corpus,
        &index,
        &full(&corpus, &EntityDictionary::default()),
    );
}

#[test]
fn mentions_of_a_changed_text_are_never_reused() {
    let corpus = sample();
    let rules = EntityDictionary::default();
    let (_, mut first) = run(&corpus, &rules, &PreviousRecognition::default());
    // Pretend the seed article had different text when it was recognised.
    let seed = "news/000_31e3b2518f2d233b.txt";
    if let Some(found) = first.documents.get_mut(seed) {
        found.hash = dossier::corpus::ContentHash::of_text("another text");
        found.mentions = Arc::new(Vec::new());
    }
    let (index, _) = run(&corpus, &rules, &first);
    assert_same(&corpus, &index, &full(&corpus, &rules));
}

#[test]
fn a_reopened_project_reuses_the_cache_and_redoes_only_what_changed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = sample();
    let file = cache::cache_file(dir.path(), &corpus.root);
    let mut rules = EntityDictionary::default();
    rules.never("Hmeimim");
    let first_time = PreviousRecognition::default();
    let (index, _) = run(&corpus, &rules, &first_time);
    assert!(cache::is_behind(&first_time, &rules, &corpus, &index));
    cache::save_index(&file, &rules, &corpus, &index).expect("cache saved");

    // Next session, same rules: every document comes from the cache, nothing is redone,
    // the index is the one a full recognition gives, and the cache needs no new write.
    let cached = cache::load(&file).expect("cache loads");
    assert_eq!(cached.documents.len(), corpus.documents.len());
    let (index, second) = run(&corpus, &rules, &cached);
    assert_eq!(reused(&cached, &second).len(), corpus.documents.len());
    assert_same(&corpus, &index, &full(&corpus, &rules));
    assert!(!cache::is_behind(&cached, &rules, &corpus, &index));

    // The rules changed since the cache was written (the correction was undone in another
    // copy of the project): only the documents holding the phrase are redone.
    let holding = corpus
        .documents
        .iter()
        .filter(|d| d.text.as_str().contains("Hmeimim"))
        .count();
    let cached = cache::load(&file).expect("cache loads");
    let (index, third) = run(&corpus, &EntityDictionary::default(), &cached);
    assert_eq!(
        reused(&cached, &third).len(),
        corpus.documents.len() - holding
    );
    assert_same(
        &corpus,
        &index,
        &full(&corpus, &EntityDictionary::default()),
    );

    // A document edited since: its text hash differs and it is recognised again.
    let mut cached = cache::load(&file).expect("cache loads");
    let seed = "news/000_31e3b2518f2d233b.txt";
    if let Some(found) = cached.documents.get_mut(seed) {
        found.hash = dossier::corpus::ContentHash::of_text("the text as it was");
        found.mentions = Arc::new(Vec::new());
    }
    let (index, fourth) = run(&corpus, &rules, &cached);
    assert!(!reused(&cached, &fourth).iter().any(|p| p == seed));
    assert_same(&corpus, &index, &full(&corpus, &rules));

    // A damaged cache is refused with a reason, and recognition starts from nothing.
    let mut bytes = std::fs::read(&file).expect("read");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xFF;
    std::fs::write(&file, bytes).expect("written");
    let err = cache::load(&file).expect_err("damaged");
    assert!(err.to_string().contains("damaged"), "{err}");
}

#[test]
fn the_index_reads_undecided_places_with_the_corpus_and_a_rerun_keeps_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let texts = [
        (
            "a.txt",
            "The storm hit Dallas and Houston, Texas, on Sunday.",
        ),
        ("b.txt", "Floods in Austin, Texas, closed the schools."),
        (
            "c.txt",
            "Officials in San Antonio, Texas, said the roads were open.",
        ),
        ("d.txt", "The council of Birmingham met on Monday."),
    ];
    for (name, text) in texts {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    let corpus = Corpus::load(dir.path(), &LoadOptions::default()).expect("loads");
    let rules = EntityDictionary::default();
    let (index, _) = run(&corpus, &rules, &PreviousRecognition::default());
    let alabama = index
        .summary(EntityKind::Loc, "Birmingham, Alabama")
        .expect("read with the corpus");
    assert_eq!(alabama.mentions, 1);
    // The window keeps the index's mentions as the next run's earlier results: read again
    // from them, nothing changes.
    let previous = PreviousRecognition {
        documents: index
            .documents_mentions()
            .map(|(path, mentions)| {
                let doc = corpus
                    .documents
                    .iter()
                    .find(|d| d.path == path)
                    .expect("document");
                let found = Found {
                    hash: doc.hash.clone(),
                    rules: Arc::new(rules.clone()),
                    mentions: mentions.clone(),
                };
                (path.to_owned(), found)
            })
            .collect(),
    };
    let (again, _) = run(&corpus, &rules, &previous);
    for (path, mentions) in index.documents_mentions() {
        assert_eq!(again.mentions_of(path), Some(mentions), "{path}");
    }
}

#[test]
fn an_order_for_slashed_dates_redoes_the_documents_holding_a_slash() {
    use dossier::corpus::Document;
    use dossier::entities::SlashOrder;
    let docs = [
        ("a.txt", "The convoy left Aleppo on 10/06/2014 at dawn."),
        ("b.txt", "Talks on 03/04/2015 and again on 25/12/2015."),
        ("c.txt", "Nothing dated here, only Damascus in 2014."),
    ];
    let corpus = Corpus {
        documents: docs
            .iter()
            .map(|(p, t)| Arc::new(Document::from_plain_text(p, *t)))
            .collect(),
        ..Default::default()
    };
    let mut rules = EntityDictionary::default();
    let (_, mut previous) = run(&corpus, &rules, &PreviousRecognition::default());
    for (document, order) in [
        (None, Some(SlashOrder::MonthFirst)),
        (Some("a.txt"), Some(SlashOrder::DayFirst)),
        (Some("b.txt"), Some(SlashOrder::MonthFirst)),
        (None, None),
        (Some("a.txt"), None),
    ] {
        rules.set_slash_order(document, order);
        let (index, found) = run(&corpus, &rules, &previous);
        assert_same(&corpus, &index, &full(&corpus, &rules));
        assert_eq!(reused(&previous, &found), vec!["c.txt".to_owned()]);
        previous = found;
    }
    // The rules did what they say: b.txt's own 25/12/2015 wins over the project's month
    // first, a.txt's rule over the project's.
    let day = |index: &EntityIndex, path: &str| -> Vec<Option<String>> {
        index
            .mentions_of(path)
            .expect("recognised")
            .iter()
            .filter_map(|m| m.date().map(|d| d.value.clone()))
            .collect()
    };
    let mut rules = EntityDictionary::default();
    rules.set_slash_order(None, Some(SlashOrder::MonthFirst));
    let index = full(&corpus, &rules);
    assert_eq!(day(&index, "a.txt"), vec![Some("2014-10-06".to_owned())]);
    assert_eq!(
        day(&index, "b.txt"),
        vec![Some("2015-04-03".to_owned()), Some("2015-12-25".to_owned())]
    );
    rules.set_slash_order(Some("a.txt"), Some(SlashOrder::DayFirst));
    rules.set_slash_order(Some("b.txt"), Some(SlashOrder::MonthFirst));
    let index = full(&corpus, &rules);
    assert_eq!(day(&index, "a.txt"), vec![Some("2014-06-10".to_owned())]);
    assert_eq!(
        day(&index, "b.txt"),
        vec![Some("2015-03-04".to_owned()), Some("2015-12-25".to_owned())],
        "the document's rule comes before its evidence"
    );
}

/// A rule for one gazetteer entry (made from a linked place of the index) is a change of
/// rules like any other: the documents it can touch are redone, and the result is what a
/// full recognition gives, as the rule is added, moved to another entry and removed.
#[test]
fn a_correction_for_one_place_entry_is_held_to_a_full_recognition() {
    use dossier::entities::PhraseRule;
    let corpus = sample();
    let mut rules = EntityDictionary::default();
    let (index, first) = run(&corpus, &rules, &PreviousRecognition::default());
    // The most mentioned linked place, and the forms it is written in.
    let (id, entry) = index
        .entities()
        .iter()
        .filter(|e| e.id.kind == EntityKind::Loc && e.mentions > 1)
        .find_map(|e| Some((e.id.clone(), index.linked_entry(&e.id)?)))
        .expect("a linked place");
    let forms = dossier::entities::surface_forms(&index, &corpus, &id);
    let loc = Some(EntityKind::Loc);
    for form in &forms {
        rules.set_alias_at(form, loc, Some(entry), "Renamed place");
    }
    let (index, second) = run(&corpus, &rules, &first);
    assert_same(&corpus, &index, &full(&corpus, &rules));
    let renamed = index
        .summary(EntityKind::Loc, "Renamed place")
        .map(|s| s.mentions);
    assert!(renamed.is_some() && renamed <= first_mentions(&first, &id));

    // The same rules moved to another entry: nothing is linked to it, nothing renamed.
    let mut moved = EntityDictionary::default();
    for form in &forms {
        moved.set_alias_at(form, loc, Some(entry.wrapping_add(1)), "Renamed place");
        moved.set_rule_at(form, loc, Some(entry.wrapping_add(1)), PhraseRule::Never);
    }
    let (index, third) = run(&corpus, &moved, &second);
    assert_same(&corpus, &index, &full(&corpus, &moved));
    assert!(index.summary(EntityKind::Loc, "Renamed place").is_none());

    // "Not an entity" for the entry itself.
    let mut never = EntityDictionary::default();
    for form in &forms {
        never.set_rule_at(form, loc, Some(entry), PhraseRule::Never);
    }
    let (index, fourth) = run(&corpus, &never, &third);
    assert_same(&corpus, &index, &full(&corpus, &never));
    assert!(index.summary(id.kind, &id.key).is_none());

    let (index, _) = run(&corpus, &EntityDictionary::default(), &fourth);
    assert_same(
        &corpus,
        &index,
        &full(&corpus, &EntityDictionary::default()),
    );
}

/// How many mentions entity `id` had in a run.
fn first_mentions(found: &PreviousRecognition, id: &dossier::entities::EntityId) -> Option<usize> {
    let n: usize = found
        .documents
        .values()
        .map(|f| {
            f.mentions
                .iter()
                .filter(|m| m.kind == id.kind && m.key == id.key)
                .count()
        })
        .sum();
    (n > 0).then_some(n)
}
