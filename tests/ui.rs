//! The window's tests (egui_kittest: clicking and typing as a person does), one test binary
//! for all of them so that the tests link once (each file below is a module; `cargo test
//! --test ui ui_reader::` runs one file's tests).
#![cfg(feature = "gui")]

mod common;
mod support;

mod ui_agreement;
mod ui_coders;
mod ui_evidence;
mod ui_mail;
mod ui_merge;
mod ui_ocr;
mod ui_page_parts;
mod ui_pages;
mod ui_parts;
mod ui_pictures;
mod ui_places;
mod ui_reader;
mod ui_regions;
mod ui_tables;
mod ui_trust;
mod ui_views;
mod ui_web_pages;
mod ui_workbench;
