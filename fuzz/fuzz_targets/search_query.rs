#![no_main]
//! See `dossier::fuzzing::search_query` and docs/fuzzing.md.

libfuzzer_sys::fuzz_target!(|data: &[u8]| dossier::fuzzing::search_query(data));
