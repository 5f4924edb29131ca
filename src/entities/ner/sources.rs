//! The training data: the files of `../shared/ner/` (see its README) read as gold
//! documents of one convention, the project's (`docs/entities.md`).
//!
//! - `gum/*.conllu`: GUM, converted by [`super::gum`];
//! - `uner/uner-ewt-dev.jsonl`: UNER English-EWT development set, whose convention is ours
//!   for PER, ORG and LOC already;
//! - `re3d-open.jsonl`: re3d, whose convention differs and is brought to ours
//!   ([`normalise_re3d`]): titles and articles leave the spans, a country or a city is a
//!   place even where it acts as a government, a nationality before a group noun ("Syrian
//!   government forces") is a nationality, and a description that is no name is dropped:
//!   "Coalition military forces" without its common words is "Coalition", a capitalised
//!   common noun like "the Government" (no name, `noise` drops it at recognition too).
//!
//! The UNER test files are never read: they are for reporting scores only.

use std::path::Path;

use super::weights::SourceInfo;
use crate::entities::convention::{has_common_word, person_name, trim};
use crate::entities::eval::{GoldDoc, Span, read_gold};
use crate::entities::gazetteer::{Gazetteer, Source};
use crate::entities::pipeline::Pass;
use crate::entities::{EntityKind, Recognizer};

/// One training document and the file it came from (index into [`TrainingData::sources`]).
pub struct TrainingDoc {
    /// Index into [`TrainingData::sources`].
    pub source: usize,
    /// The text with its labelled names.
    pub gold: GoldDoc,
}

/// Every training document, in a fixed order (files sorted by name, documents in file
/// order).
pub struct TrainingData {
    /// The documents.
    pub docs: Vec<TrainingDoc>,
    /// The files they came from.
    pub sources: Vec<SourceInfo>,
}

/// Reads the training files under `dir`, with `recognizer`'s lists for the re3d spans.
pub fn load(dir: &Path, recognizer: &Recognizer) -> Result<TrainingData, String> {
    let gaz: &Gazetteer = &recognizer.gazetteer;
    let mut data = TrainingData {
        docs: Vec::new(),
        sources: Vec::new(),
    };
    // GUM: every .conllu file, as one source.
    let gum_dir = dir.join("gum");
    let mut gum_files: Vec<_> = std::fs::read_dir(&gum_dir)
        .map_err(|e| format!("{}: {e}", gum_dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "conllu"))
        .collect();
    gum_files.sort();
    let mut hasher = blake3::Hasher::new();
    let mut gum_docs = Vec::new();
    let is_title = |w: &str| gaz.is_title_word(w);
    let is_group = |w: &str| gaz.is_group_name(w);
    let lexicon = super::gum::Lexicon {
        is_title: &is_title,
        is_group: &is_group,
    };
    for path in &gum_files {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        hasher.update(text.as_bytes());
        gum_docs.extend(super::gum::read(&text, &lexicon));
    }
    push(
        &mut data,
        "gum/*.conllu",
        hasher.finalize().to_hex().to_string(),
        gum_docs,
    );
    // UNER EWT dev, as it is.
    let (hash, docs) = read_jsonl(&dir.join("uner/uner-ewt-dev.jsonl"))?;
    push(&mut data, "uner/uner-ewt-dev.jsonl", hash, docs);
    // re3d, brought to the convention.
    let (hash, docs) = read_jsonl(&dir.join("re3d-open.jsonl"))?;
    let docs = docs.into_iter().map(|d| normalise_re3d(d, gaz)).collect();
    push(&mut data, "re3d-open.jsonl", hash, docs);
    Ok(data)
}

fn push(data: &mut TrainingData, name: &str, blake3: String, docs: Vec<GoldDoc>) {
    let source = data.sources.len();
    data.sources.push(SourceInfo {
        name: name.to_owned(),
        blake3,
        documents: docs.len(),
        names: docs
            .iter()
            .map(|d| {
                d.entities
                    .iter()
                    .filter(|s| matches!(s.label.as_str(), "PER" | "ORG" | "LOC"))
                    .count()
            })
            .sum(),
    });
    data.docs
        .extend(docs.into_iter().map(|gold| TrainingDoc { source, gold }));
}

fn read_jsonl(path: &Path) -> Result<(String, Vec<GoldDoc>), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let hash = blake3::hash(&bytes).to_hex().to_string();
    let docs = read_gold(bytes.as_slice()).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok((hash, docs))
}

/// A re3d document with its spans brought to the project's convention (see the module's
/// comment). Dates are kept as they are.
pub fn normalise_re3d(doc: GoldDoc, gaz: &Gazetteer) -> GoldDoc {
    let pass = Pass::new(&doc.text, gaz);
    let bytes = char_to_byte(&doc.text);
    let to_byte = |c: usize| bytes.get(c).copied().unwrap_or(doc.text.len());
    let mut spans = Vec::new();
    for span in &doc.entities {
        let range = pass.token_range(to_byte(span.start), to_byte(span.end));
        let kind = span.label.parse::<EntityKind>().ok();
        let parts: Vec<(std::ops::Range<usize>, String)> = match kind {
            Some(EntityKind::Person) => person_name(&pass, gaz, range)
                .filter(|r| !has_common_word(&pass, r.clone()))
                .map(|r| (r, "PER".to_owned()))
                .into_iter()
                .collect(),
            Some(EntityKind::Org | EntityKind::Loc) => split_at_commas(&pass, range)
                .into_iter()
                .filter_map(|r| {
                    let r = trim(&pass, r);
                    if r.is_empty() {
                        return None;
                    }
                    let label = match listed_as(&pass, gaz, r.clone()) {
                        Some(EntityKind::Loc) => "LOC".to_owned(),
                        Some(EntityKind::Norp) => "NORP".to_owned(),
                        // "the Assad regime": the name is a person's.
                        Some(EntityKind::Person) => "PER".to_owned(),
                        _ if has_common_word(&pass, r.clone()) => return None,
                        // "the Government", "the Committee": a description.
                        _ if is_common_noun(&pass, gaz, r.clone()) => return None,
                        _ => span.label.clone(),
                    };
                    Some((r, label))
                })
                .collect(),
            _ => {
                spans.push(span.clone());
                continue;
            }
        };
        for (r, label) in parts {
            let (Some(a), Some(b)) = (pass.tokens.get(r.start), pass.tokens.get(r.end - 1)) else {
                continue;
            };
            spans.push(Span {
                start: doc.text[..a.start].chars().count(),
                end: doc.text[..b.end].chars().count(),
                label,
            });
        }
    }
    spans.sort_by_key(|s| (s.start, s.end));
    GoldDoc {
        id: doc.id,
        text: doc.text,
        entities: spans,
    }
}

/// Is `range` one capitalised common noun ("Government", "Committee")?
fn is_common_noun(pass: &Pass, gaz: &Gazetteer, range: std::ops::Range<usize>) -> bool {
    let word = pass.span_text(range.clone());
    range.len() == 1 && crate::entities::noise::is_common_word(gaz, word)
}

/// "Palmyra, Syria" is two places.
fn split_at_commas(pass: &Pass, range: std::ops::Range<usize>) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = range.start;
    for i in range.clone() {
        if pass.word(i) == "," {
            out.push(start..i);
            start = i + 1;
        }
    }
    out.push(start..range.end);
    out
}

/// The kind a gazetteer gives tokens `range` when it names exactly them: a place for a
/// country, city, region or listed place; a nationality for a demonym.
fn listed_as(pass: &Pass, gaz: &Gazetteer, range: std::ops::Range<usize>) -> Option<EntityKind> {
    let ranges = pass.token_ranges(pass.hits.iter().map(|h| (h.start, h.end)));
    pass.hits.iter().zip(ranges).find_map(|(hit, hr)| {
        let (kind, _, source) = gaz.pattern(hit.pattern)?.entity?;
        let same = hr == range || (hr.start == range.start && hr.end == range.end + 1);
        if !same {
            return None;
        }
        match source {
            Source::Country | Source::City | Source::Region => Some(EntityKind::Loc),
            Source::Demonym => Some(EntityKind::Norp),
            Source::Curated
                if matches!(
                    kind,
                    EntityKind::Loc | EntityKind::Norp | EntityKind::Person
                ) =>
            {
                Some(kind)
            }
            Source::Curated => None,
        }
    })
}

/// The byte offset of every char of `text`, and of its end.
fn char_to_byte(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(doc: &GoldDoc) -> Vec<(String, &str)> {
        let chars: Vec<char> = doc.text.chars().collect();
        doc.entities
            .iter()
            .map(|s| (chars[s.start..s.end].iter().collect(), s.label.as_str()))
            .collect()
    }

    fn gold(text: &str, spans: &[(&str, &str)]) -> GoldDoc {
        let entities = spans
            .iter()
            .map(|(s, label)| {
                let at = text.find(s).expect("in text");
                Span {
                    start: text[..at].chars().count(),
                    end: text[..at].chars().count() + s.chars().count(),
                    label: (*label).to_owned(),
                }
            })
            .collect();
        GoldDoc {
            id: "t".into(),
            text: text.into(),
            entities,
        }
    }

    #[test]
    fn re3d_spans_follow_the_project_convention() {
        let gaz = &crate::entities::Recognizer::shared().gazetteer;
        let doc = gold(
            "Iraqi President Fuad Masum said France strongly condemns the SDF attack on \
             Palmyra, Syria, with Syrian government forces and Coalition military forces; \
             the Government agreed.",
            &[
                ("Iraqi President Fuad Masum", "PER"),
                ("France", "ORG"),
                ("the SDF", "ORG"),
                ("Palmyra, Syria", "LOC"),
                ("Syrian government forces", "ORG"),
                ("Coalition military forces", "ORG"),
                ("the Government", "ORG"),
            ],
        );
        let out = normalise_re3d(doc, gaz);
        assert_eq!(
            spans(&out),
            [
                ("Fuad Masum".to_owned(), "PER"),
                ("France".to_owned(), "LOC"),
                ("SDF".to_owned(), "ORG"),
                ("Palmyra".to_owned(), "LOC"),
                ("Syria".to_owned(), "LOC"),
                ("Syrian".to_owned(), "NORP"),
            ]
        );
    }
}
