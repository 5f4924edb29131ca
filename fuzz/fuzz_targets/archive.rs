#![no_main]
//! See `dossier::fuzzing::archive` and docs/fuzzing.md.

libfuzzer_sys::fuzz_target!(|data: &[u8]| dossier::fuzzing::archive(data));
