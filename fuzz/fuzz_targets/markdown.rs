#![no_main]
//! See `dossier::fuzzing::markdown` and docs/fuzzing.md.

libfuzzer_sys::fuzz_target!(|data: &[u8]| dossier::fuzzing::markdown(data));
