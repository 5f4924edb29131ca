//! Helpers shared by the integration tests: a small project over a temporary corpus.
#![allow(dead_code, reason = "each test binary uses a different part")]

#[cfg(feature = "gui")]
pub mod ui;

use std::fs;
use std::path::{Path, PathBuf};

use dossier::corpus::{Corpus, LoadOptions};
use dossier::project::{
    Anchor, Annotation, AnnotationId, Command, Project, Rgb, Tag, TagId, Workspace,
};

pub fn at(s: &str) -> jiff::Timestamp {
    s.parse().expect("timestamp literal")
}

pub fn write(dir: &Path, rel: &str, text: &str) -> PathBuf {
    let path = dir.join(rel);
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs::write(&path, text).expect("write");
    path
}

pub fn load(dir: &Path) -> Corpus {
    Corpus::load(dir, &LoadOptions::default()).expect("corpus loads")
}

/// The load report as (path, reason) pairs, for comparing with what a test expects.
pub fn skip_report(corpus: &Corpus) -> Vec<(&str, String)> {
    corpus
        .report
        .skipped
        .iter()
        .map(|s| (s.path.as_str(), s.reason.to_string()))
        .collect()
}

pub fn add_tag(ws: &mut Workspace, name: &str, parent: Option<TagId>) -> TagId {
    let id = ws.project.new_tag_id();
    let colour = ws.project.next_tag_colour();
    ws.execute(Command::AddTag(Tag {
        id,
        name: name.into(),
        colour,
        description: String::new(),
        parent,
    }))
    .expect("add tag");
    id
}

/// Annotates the first occurrence of `quote` in document `path`.
pub fn annotate(
    ws: &mut Workspace,
    corpus: &Corpus,
    path: &str,
    quote: &str,
    note: &str,
    tags: Vec<TagId>,
) -> AnnotationId {
    let doc = corpus.get(path).expect("document");
    let byte = doc.text.as_str().find(quote).expect("quote in document");
    let start = doc.text.char_of_byte(byte).expect("boundary");
    let anchor =
        Anchor::from_range(&doc.text, start, start + quote.chars().count()).expect("anchor");
    let id = ws.project.new_annotation_id();
    ws.execute(Command::AddAnnotation(Annotation {
        id,
        document: path.into(),
        anchor,
        note: note.into(),
        tags,
        created: at("2026-11-28T10:00:00Z"),
        modified: at("2026-11-28T10:00:00Z"),
        orphaned: false,
        history: Vec::new(),
        coder: None,
    }))
    .expect("add annotation");
    id
}

pub fn colour() -> Rgb {
    Rgb::PALETTE[3]
}

pub fn project(ws: &Workspace) -> &Project {
    &ws.project
}

/// Copies a folder tree (the sample data, into a temporary folder the test may change).
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}
