#![no_main]
//! See `dossier::fuzzing::legacy_encoding` and docs/fuzzing.md.

libfuzzer_sys::fuzz_target!(|data: &[u8]| dossier::fuzzing::legacy_encoding(data));
