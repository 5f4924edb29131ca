#![no_main]
//! See `dossier::fuzzing::mention_cache` and docs/fuzzing.md.

libfuzzer_sys::fuzz_target!(|data: &[u8]| dossier::fuzzing::mention_cache(data));
