#![no_main]
//! See `dossier::fuzzing::recovery_copy` and docs/fuzzing.md.

libfuzzer_sys::fuzz_target!(|data: &[u8]| dossier::fuzzing::recovery_copy(data));
