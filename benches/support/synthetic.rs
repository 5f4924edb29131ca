//! A deterministic generator of news-like documents, so that benchmarks measure the same
//! input on every machine without shipping megabytes of text.

use std::fs;
use std::path::Path;

use dossier::corpus::Corpus;
use dossier::project::{Anchor, Annotation, AnnotationId, Project, Rgb, Tag, TagId};

/// xorshift64*: small, fast, reproducible.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "for",
    "on",
    "with",
    "that",
    "said",
    "was",
    "by",
    "government",
    "forces",
    "officials",
    "talks",
    "security",
    "military",
    "coalition",
    "ministry",
    "support",
    "operation",
    "city",
    "region",
    "border",
    "statement",
    "week",
    "people",
    "international",
    "humanitarian",
    "aid",
    "meeting",
    "president",
    "minister",
    "agreement",
    "troops",
    "attack",
    "strikes",
    "village",
    "council",
    "report",
    "local",
    "province",
    "civilians",
    "refugees",
    "ceasefire",
    "negotiations",
    "opposition",
    "army",
];
const NAMES: &[&str] = &[
    "Damascus",
    "Aleppo",
    "Raqqa",
    "Mosul",
    "Baghdad",
    "Tartus",
    "Hmeimim",
    "Moscow",
    "Ankara",
    "Tehran",
    "Vladimir Putin",
    "Ahmed al-Sharaa",
    "Haider al-Abadi",
    "ISIL",
    "the Syrian Democratic Forces",
    "the United Nations",
    "the Kremlin",
    "Kurdish",
    "Syrian",
    "Russian",
    "Iraqi",
    "December 2014",
    "2015",
    "Jordan",
    "Lebanon",
    "Turkey",
    "Iran",
];

/// One document of roughly `bytes` bytes: a headline, then paragraphs of sentences.
pub fn document(rng: &mut Rng, bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 256);
    out.push_str(&format!(
        "{} {} in {}\n",
        rng.pick(NAMES),
        rng.pick(WORDS),
        rng.pick(NAMES)
    ));
    while out.len() < bytes {
        let sentences = 3 + rng.below(4);
        for _ in 0..sentences {
            let words = 8 + rng.below(18);
            let mut first = true;
            for _ in 0..words {
                let w = if rng.below(7) == 0 {
                    rng.pick(NAMES)
                } else {
                    rng.pick(WORDS)
                };
                if first {
                    let mut c = w.chars();
                    if let Some(h) = c.next() {
                        out.extend(h.to_uppercase());
                        out.push_str(c.as_str());
                    }
                    first = false;
                } else {
                    out.push(' ');
                    out.push_str(w);
                }
            }
            out.push_str(". ");
        }
        out.push('\n');
    }
    out
}

/// Writes `count` documents of about `bytes` bytes each under `dir`, 100 per folder.
/// Returns the total size written.
pub fn write_corpus(dir: &Path, count: usize, bytes: usize, seed: u64) -> usize {
    let mut rng = Rng::new(seed);
    let mut total = 0;
    for i in 0..count {
        let folder = dir.join(format!("batch-{:03}", i / 100));
        if i % 100 == 0 {
            fs::create_dir_all(&folder).expect("create folder");
        }
        let text = document(&mut rng, bytes);
        total += text.len();
        fs::write(folder.join(format!("doc-{i:05}.txt")), text).expect("write document");
    }
    total
}

/// A project over `corpus` with `per_document` annotations in every document, each on a
/// real passage with a note and one or two of 20 tags.
pub fn project(corpus: &Corpus, per_document: usize, seed: u64) -> Project {
    let mut rng = Rng::new(seed);
    let mut project = Project::new("benchmark");
    project.corpus_root = Some(corpus.root.clone());
    dossier::project::reconcile(&mut project, corpus);
    let tags: Vec<TagId> = (0..20)
        .map(|i| {
            let id = project.new_tag_id();
            project.tags.insert(
                id,
                Tag {
                    id,
                    name: format!("Theme {i}"),
                    colour: Rgb::PALETTE[i % Rgb::PALETTE.len()],
                    description: format!("What theme {i} covers"),
                    parent: (i >= 10).then(|| TagId(1 + (i as u64 % 10))),
                },
            );
            id
        })
        .collect();
    let at: jiff::Timestamp = "2026-11-28T10:00:00Z".parse().expect("time");
    for doc in &corpus.documents {
        let len = doc.text.char_len();
        for _ in 0..per_document {
            let span = 40 + rng.below(80);
            if len <= span {
                continue;
            }
            let start = rng.below(len - span);
            let Some(anchor) = Anchor::from_range(&doc.text, start, start + span) else {
                continue;
            };
            let id: AnnotationId = project.new_annotation_id();
            let mut chosen = vec![tags[rng.below(tags.len())]];
            if rng.below(3) == 0 {
                chosen.push(tags[rng.below(tags.len())]);
                chosen.dedup();
            }
            project.annotations.insert(
                id,
                Annotation {
                    id,
                    document: doc.path.clone(),
                    anchor,
                    note: format!(
                        "Note {} on this passage: compare with the earlier report.",
                        id.0
                    ),
                    tags: chosen,
                    created: at,
                    modified: at,
                    orphaned: false,
                },
            );
        }
    }
    project
}
