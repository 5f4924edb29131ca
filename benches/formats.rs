//! Import-format benchmarks (issue 6): `dossier text` on a 100-page PDF (target < 1 s),
//! `Corpus::load` of 1,000 saved news pages (target < 3 s on 2 cores), and a page with a
//! 50 MB inline script. Inputs are generated; the PDF is also written to
//! `target/bench-inputs/report-100.pdf` so the real command can be timed on it:
//!
//! ```text
//! cargo bench --bench formats
//! cargo build --release && hyperfine 'target/release/dossier text target/bench-inputs/report-100.pdf'
//! ```

#[path = "../tests/support/mod.rs"]
mod support;

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use dossier::corpus::formats::extract;
use dossier::corpus::{Corpus, Format, LoadOptions};

fn inputs_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-inputs");
    std::fs::create_dir_all(&dir).expect("bench input folder");
    dir
}

fn pdf_100_pages(c: &mut Criterion) {
    let report = support::pdf::long_report(100);
    let pages = report.pages().len();
    let bytes = report.to_pdf();
    std::fs::write(inputs_dir().join("report-100.pdf"), &bytes).expect("write pdf");
    let text = extract(Format::Pdf, &bytes).expect("pdf reads");
    eprintln!(
        "pdf: {pages} pages, {} KB, {} chars of text",
        bytes.len() / 1024,
        text.text.chars().count()
    );
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    group.bench_function("pdf_extract_100_pages", |b| {
        b.iter(|| extract(Format::Pdf, black_box(&bytes)).expect("pdf"))
    });
    group.finish();
}

fn html_corpus_1000(c: &mut Criterion) {
    let dir = inputs_dir().join("html-1000");
    std::fs::create_dir_all(&dir).expect("html folder");
    for n in 0..1000 {
        std::fs::write(
            dir.join(format!("page-{n:04}.html")),
            support::html::news_page(n),
        )
        .expect("write page");
    }
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    group.bench_function("corpus_load_1000_html_pages", |b| {
        b.iter(|| {
            let corpus = Corpus::load(black_box(&dir), &LoadOptions::default()).expect("load");
            assert_eq!(corpus.documents.len(), 1000);
            corpus
        })
    });
    let page = support::html::page_with_huge_script(50 * 1024 * 1024);
    group.bench_function("html_50mb_inline_script", |b| {
        b.iter(|| extract(Format::Html, black_box(page.as_bytes())).expect("html"))
    });
    group.finish();
}

criterion_group!(benches, pdf_100_pages, html_corpus_1000);
criterion_main!(benches);
