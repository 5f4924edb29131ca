//! The library's tests without a window: formats, entities, projects, merging, OCR, one
//! test binary for all of them so that the tests link once (`cargo test --test headless
//! mail::` runs one file's tests).

mod common;
mod support;

mod agreement_reference;
mod archives_tables;
mod commands;
mod conflicts_battery;
mod document_titles;
mod edit_model_soak;
mod entities_convention;
mod entities_incremental;
mod entities_large;
mod entities_seed;
mod entity_corrections;
mod formats_html;
mod formats_office;
mod formats_pdf;
mod fuzz_corpus;
mod identity;
mod layers;
mod mail;
mod mail_scale;
mod ner_training;
mod ocr;
mod outlook;
mod page_rotation;
mod pdf_word_boxes;
mod pictures;
mod project_files;
mod read_budget;
mod reanchoring;
mod relative_dates;
mod suites;
