#![no_main]
//! See `dossier::fuzzing::odt` and docs/fuzzing.md.

libfuzzer_sys::fuzz_target!(|data: &[u8]| dossier::fuzzing::odt(data));
