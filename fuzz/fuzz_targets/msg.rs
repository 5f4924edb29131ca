#![no_main]
//! See `dossier::fuzzing::msg` and docs/fuzzing.md.

libfuzzer_sys::fuzz_target!(|data: &[u8]| dossier::fuzzing::msg(data));
