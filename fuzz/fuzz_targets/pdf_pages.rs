#![no_main]
//! See `dossier::fuzzing::pdf_pages` and docs/fuzzing.md.

libfuzzer_sys::fuzz_target!(|data: &[u8]| dossier::fuzzing::pdf_pages(data));
