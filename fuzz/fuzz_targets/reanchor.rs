#![no_main]
//! See `dossier::fuzzing::reanchor` and docs/fuzzing.md.

libfuzzer_sys::fuzz_target!(|data: &[u8]| dossier::fuzzing::reanchor(data));
