#![no_main]
//! See `dossier::fuzzing::pdf` and docs/fuzzing.md.

libfuzzer_sys::fuzz_target!(|data: &[u8]| dossier::fuzzing::pdf(data));
