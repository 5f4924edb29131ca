#![no_main]
//! See `dossier::fuzzing::html` and docs/fuzzing.md.

libfuzzer_sys::fuzz_target!(|data: &[u8]| dossier::fuzzing::html(data));
