//! Test documents generated in code (no binary fixtures): news-style HTML pages, multi-page
//! PDFs with running headers and hyphenation, DOCX and ODT files with notes, and the bad
//! inputs (truncated, encrypted, image-only, zip bombs).
//!
//! Shared by the `formats_*` integration tests and by `benches/formats.rs` (through
//! `#[path]`), so each user compiles only what it calls.
#![allow(dead_code, reason = "each user compiles only the part it calls")]

pub mod html;
pub mod mail;
pub mod office;
pub mod outlook;
pub mod pdf;
pub mod scans;
pub mod tables;
