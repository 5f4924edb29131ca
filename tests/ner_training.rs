//! The entity model's training: deterministic, and the shipped weights are what the
//! training command makes for the code as it is.

use std::path::Path;

use dossier::entities::ner::sources;
use dossier::entities::ner::train::{TrainConfig, evaluate, train};
use dossier::entities::ner::weights;
use dossier::entities::{NerModel, Recognizer, WeightsError};

const SLICE: &str = "tests/fixtures/ner";

fn small_config() -> TrainConfig {
    TrainConfig {
        bits: 14,
        epochs: 4,
        ..TrainConfig::default()
    }
}

#[test]
fn training_twice_gives_the_same_bytes() {
    let recognizer = Recognizer::rules_only();
    let data = sources::load(Path::new(SLICE), &recognizer).expect("the slice loads");
    assert_eq!(data.sources.len(), 3);
    assert!(data.docs.len() > 30);
    let config = small_config();
    let (w1, i1, r1) = train(&data, &recognizer, &config, "test");
    let (w2, i2, _) = train(&data, &recognizer, &config, "test");
    assert_eq!(weights::encode(&w1, &i1), weights::encode(&w2, &i2));
    assert!(r1.names > 100 && r1.candidates > 0, "{r1:?}");
    // Another seed visits the examples in another order: other weights.
    let other = TrainConfig {
        seed: 7,
        ..small_config()
    };
    let (w3, _, _) = train(&data, &recognizer, &other, "test");
    assert_ne!(w1, w3);
}

#[test]
fn a_trained_model_learns_the_names_of_its_training_documents() {
    let recognizer = Recognizer::rules_only();
    let data = sources::load(Path::new(SLICE), &recognizer).expect("the slice loads");
    let (w, info, _) = train(&data, &recognizer, &small_config(), "test");
    let model = NerModel::from_bytes(&weights::encode(&w, &info)).expect("loads");
    let docs: Vec<_> = data.docs.iter().map(|d| &d.gold).collect();
    let labels = ["PER", "ORG", "LOC"];
    let trained = evaluate(&docs, &recognizer.with_model(model), &labels);
    let rules = evaluate(&docs, &recognizer, &labels);
    assert!(
        trained.overlap.overall.f1() > rules.overlap.overall.f1() + 10.0,
        "trained {:.1}, rules {:.1}",
        trained.overlap.overall.f1(),
        rules.overlap.overall.f1()
    );
}

#[test]
fn the_shipped_weights_were_trained_for_this_code_on_the_three_sources() {
    let model = NerModel::shipped().expect("the shipped weights load");
    let info = model.info();
    let names: Vec<&str> = info.sources.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        ["gum/*.conllu", "uner/uner-ewt-dev.jsonl", "re3d-open.jsonl"]
    );
    assert!(
        info.sources
            .iter()
            .all(|s| s.blake3.len() == 64 && s.documents > 0)
    );
    let held_out = info.held_out.as_ref().expect("held-out scores recorded");
    assert!(held_out.overlap_f1 > 60.0, "{held_out:?}");
    assert!(info.command.starts_with("dossier train-ner"));
    assert!(Recognizer::shared().model().is_some());
}

#[test]
fn damaged_weights_fall_back_to_the_rules_with_a_reason() {
    let mut bytes = NerModel::shipped_bytes().to_vec();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xFF;
    let r = Recognizer::shared().with_weights(&bytes);
    assert!(r.model().is_none());
    assert!(matches!(r.model_error(), Some(WeightsError::Damaged(_))));
    let message = r.model_error().map(ToString::to_string).unwrap_or_default();
    assert!(message.contains("damaged"), "{message}");
    // Recognition still works, on the rules alone.
    let mentions = r.recognize("Officials in Damascus met Vladimir Putin.");
    assert!(mentions.iter().any(|m| m.key == "Damascus"), "{mentions:?}");
    let empty = Recognizer::shared().with_weights(b"");
    assert!(empty.model().is_none() && empty.model_error().is_some());
}
