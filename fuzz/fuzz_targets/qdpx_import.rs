#![no_main]
//! See `dossier::fuzzing::qdpx_import` and docs/fuzzing.md.

libfuzzer_sys::fuzz_target!(|data: &[u8]| dossier::fuzzing::qdpx_import(data));
