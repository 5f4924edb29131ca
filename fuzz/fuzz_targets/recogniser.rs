#![no_main]
//! See `dossier::fuzzing::recogniser` and docs/fuzzing.md.

libfuzzer_sys::fuzz_target!(|data: &[u8]| dossier::fuzzing::recogniser(data));
