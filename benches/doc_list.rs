//! The document list's frame cost with 100,000 parts of one mailbox (80,000 messages,
//! 20,000 of them with an attachment), collapsed and expanded, measured as
//! `benches/reader.rs` measures the window: the real app in an egui_kittest harness (the
//! UI pass and tessellation, the accessibility tree built every frame, so on the high
//! side). It also times the copies pass (exact copies collapsed, near-copies grouped by
//! MinHash and LSH) over those 100,000 documents.
//!
//!     cargo bench --bench doc_list

#[path = "support/corpus_gen.rs"]
mod corpus_gen;
#[path = "support/window.rs"]
mod window;

use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use dossier::corpus::thread::Threads;
use dossier::corpus::{Copies, Corpus, Document, NearCopies};
use egui_kittest::kittest::Queryable;

/// The document list over 100,000 parts. No reader makes parts from a file on this
/// branch yet, so the window is given the corpus made in memory, as the loader makes it
/// (exact copies collapsed, near-copies grouped: that pass is timed here too).
fn parts_list(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("mail");
    std::fs::create_dir_all(&folder).expect("mkdir");
    std::fs::write(folder.join("about.txt"), "A folder with a mailbox.\n").expect("write");
    let mut rng = corpus_gen::Rng(0x9a27);
    let mut documents = vec![Arc::new(Document::from_plain_text(
        "about.txt",
        "A folder with a mailbox.\n",
    ))];
    for i in 0..80_000 {
        let id = format!("inbox.mbox#<{i:06}@example.org>");
        let mut message = Document::from_plain_text(&id, corpus_gen::document(&mut rng, 160));
        message.parent = Some("inbox.mbox".to_owned());
        message.title = format!("Message {i}");
        if i % 4 == 0 {
            let mut attachment = Document::from_plain_text(
                &format!("{id}/notes.txt"),
                corpus_gen::document(&mut rng, 160),
            );
            attachment.parent = Some(id.clone());
            documents.push(Arc::new(attachment));
        }
        documents.push(Arc::new(message));
    }
    documents.sort_by(|a, b| a.path.cmp(&b.path));
    let parts = documents.len() - 1;
    copies_pass_step_by_step(&documents);
    let started = Instant::now();
    let corpus = Corpus::of_documents(folder.clone(), documents, Default::default());
    eprintln!(
        "parts: {parts} parts; copies and near-copies found in {:.0} ms ({} near-copy groups)",
        started.elapsed().as_secs_f64() * 1000.0,
        corpus.near.groups().len()
    );
    let mut h = window::opened(&folder, &dir.path().join("data"));
    h.state_mut().replace_corpus(corpus);
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(600) {
        h.step();
        if !h.state().recognising_entities() && h.state().entity_index().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    h.run_ok();
    let mut group = c.benchmark_group("document-list-100k-parts");
    group
        .sample_size(50)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("collapsed, steady frame", |b| b.iter(|| h.step()));
    // An edit every frame (marked coded, then not): sorted by name, the list's rows
    // should not be built again, as nothing it shows changed.
    let mut coded = false;
    group.bench_function("collapsed, a frame after an edit", |b| {
        b.iter(|| {
            coded = !coded;
            h.state_mut()
                .edit_project(dossier::project::Command::MarkCoded {
                    path: "about.txt".to_owned(),
                    coder: "Bench".to_owned(),
                    coded,
                });
            h.step()
        })
    });
    h.get_by(|n| n.label().is_some_and(|l| l.starts_with("inbox.mbox, ")))
        .click();
    h.step();
    h.state_mut()
        .reveal("inbox.mbox#<040000@example.org>", 0..0);
    for _ in 0..5 {
        h.step();
    }
    group.bench_function("expanded, steady frame", |b| b.iter(|| h.step()));
    group.bench_function("expanded, next document (Ctrl+PageDown)", |b| {
        b.iter(|| {
            h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::PageDown);
            h.step()
        })
    });
    group.finish();
}

/// The steps of the copies pass (`Corpus::of_documents`), each timed once: exact copies
/// collapsed by their content hash, near-copies by MinHash and LSH, conversations.
fn copies_pass_step_by_step(documents: &[Arc<Document>]) {
    let ms = |started: Instant| started.elapsed().as_secs_f64() * 1000.0;
    let started = Instant::now();
    let (kept, copies) = Copies::collapse(documents.to_vec());
    let exact = ms(started);
    let started = Instant::now();
    let near = NearCopies::find(&kept);
    let near_ms = ms(started);
    let started = Instant::now();
    let threads = Threads::of(&kept);
    eprintln!(
        "copies pass: exact copies {exact:.1} ms ({} places), near-copies {near_ms:.1} ms \
         ({} groups), threads {:.1} ms ({} conversations)",
        copies.places().len(),
        near.groups().len(),
        ms(started),
        threads.conversations().count()
    );
}

criterion_group!(benches, parts_list);
criterion_main!(benches);
