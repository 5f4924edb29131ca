#![no_main]
//! See `dossier::fuzzing::table` and docs/fuzzing.md.

libfuzzer_sys::fuzz_target!(|data: &[u8]| dossier::fuzzing::table(data));
