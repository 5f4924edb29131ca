#![no_main]
//! See `dossier::fuzzing::image` and docs/fuzzing.md.

libfuzzer_sys::fuzz_target!(|data: &[u8]| dossier::fuzzing::image(data));
