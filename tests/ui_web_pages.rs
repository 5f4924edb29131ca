//! A saved web page in the window: the reader's title block says who published it and when
//! as a person would (the name once, the date in words), driven as a person would
//! (egui_kittest).
#![cfg(feature = "gui")]

use crate::common;
use crate::support;

use common::ui::*;
use egui_kittest::kittest::{NodeT as _, Queryable};
use support::html::{BBC_STYLE_TITLE, bbc_style_page};

#[test]
fn a_web_page_shows_its_site_once_and_its_date_in_words() {
    let fx = fixture();
    let folder = fx.dir.path().join("pages");
    std::fs::create_dir_all(&folder).expect("mkdir");
    std::fs::write(folder.join("talks.html"), bbc_style_page()).expect("write page");
    let h = opened(&fx, folder);
    let current = h.state().current_document().expect("the page is open");
    assert_eq!(current.title, BBC_STYLE_TITLE);
    // The line under the title (a label's text is its accessibility value).
    let shown = |needle: &'static str| {
        h.query_all_by(move |n| n.value().is_some_and(|v| v.contains(needle)))
            .filter_map(|n| n.accesskit_node().value())
            .collect::<Vec<_>>()
    };
    let byline = shown("talks.html");
    assert!(!byline.is_empty(), "no byline under the title");
    for line in &byline {
        assert!(line.starts_with("BBC News  ·  24 July 2015  ·  "), "{line}");
        assert_eq!(line.matches("BBC News").count(), 1, "{line}");
    }
    assert!(shown("2015-07-24").is_empty(), "the raw date is shown");
}
