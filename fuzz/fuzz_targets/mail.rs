#![no_main]
//! See `dossier::fuzzing::mail` and docs/fuzzing.md.

libfuzzer_sys::fuzz_target!(|data: &[u8]| dossier::fuzzing::mail(data));
