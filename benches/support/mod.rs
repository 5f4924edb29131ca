//! Support shared by the benchmarks: deterministic synthetic corpora and projects.
#![allow(dead_code, reason = "each bench uses part of it")]

pub mod corpus_gen;
pub mod synthetic;
