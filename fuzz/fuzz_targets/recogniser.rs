#![no_main]
//! See `dossier::fuzzing::recogniser` and docs/fuzzing.md.

libfuzzer_sys::fuzz_target!(
    // The recogniser is built once per process (a second or two): outside the inputs'
    // time limit, which is for the recognition of one text.
    init: {
        dossier::entities::Recognizer::shared();
    },
    |data: &[u8]| dossier::fuzzing::recogniser(data)
);
