#![no_main]
//! See `dossier::fuzzing::docx` and docs/fuzzing.md.

libfuzzer_sys::fuzz_target!(|data: &[u8]| dossier::fuzzing::docx(data));
