#![no_main]
//! See `dossier::fuzzing::project_file` and docs/fuzzing.md.

libfuzzer_sys::fuzz_target!(|data: &[u8]| dossier::fuzzing::project_file(data));
