//! The corpus views and the window's chrome driven as a person would (egui_kittest): the
//! search toggles, the network's zoom, labels and node search, the View menu and the tab
//! bar of the central area.
#![cfg(feature = "gui")]

mod common;

use common::ui::*;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

#[test]
fn switching_the_search_to_a_regular_expression_searches_again() {
    let fx = fixture();
    let mut h = opened(&fx, fx.sample.clone());
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    h.run();
    // Typed as words, the expression finds nothing.
    field(&h, "Search all documents").type_text(r"As+ad\b");
    wait_until(&mut h, "the literal search", |a| a.search_hits() == Some(0));
    assert!(h.query_by_label("No matches").is_some());
    // One click on ".*", no Enter: it runs as a regular expression.
    h.get_by_label(".*").click();
    wait_until(&mut h, "the regular expression's matches", |a| {
        a.search_hits().is_some_and(|n| n > 0)
    });
    assert!(h.query_by_label("No matches").is_none());
    // And back: the literal query runs again too.
    h.get_by_label(".*").click();
    wait_until(&mut h, "the literal search again", |a| {
        a.search_hits() == Some(0)
    });
}
