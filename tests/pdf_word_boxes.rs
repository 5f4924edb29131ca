//! A PDF's word boxes (from its text layer) are where hayro draws the words: the page
//! view draws highlights and takes selections at these boxes.

use std::sync::Arc;

use dossier::corpus::Format;
use dossier::corpus::formats::extract;
use dossier::corpus::layout::WordBox;
use dossier::corpus::raster::{OCR_MAX_PIXELS, PdfPages, Pixels};

const REPORT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/seeds/pdf/report.pdf");

/// The dark pixels of `drawn` (at `scale` pixels per point) in the columns of `word`'s box,
/// from `margin` points above it to `margin` below: how many, how many inside the box, and
/// the leftmost and rightmost of them inside it (in points).
fn dark_near(drawn: &Pixels, scale: f32, word: &WordBox, margin: f32) -> (usize, usize, f32, f32) {
    let r = word.rect;
    let luma = drawn.to_luma();
    let (mut near, mut inside) = (0, 0);
    let (mut left, mut right) = (f32::INFINITY, f32::NEG_INFINITY);
    let px = |v: f32| (v * scale).round().max(0.0) as u32;
    for y in px(r.y - margin)..px(r.y + r.h + margin).min(drawn.height) {
        for x in px(r.x)..px(r.x + r.w).min(drawn.width) {
            if luma[(y * drawn.width + x) as usize] >= 128 {
                continue;
            }
            near += 1;
            let (fx, fy) = (x as f32 / scale, y as f32 / scale);
            if fy >= r.y - 0.5 && fy <= r.y + r.h + 0.5 {
                inside += 1;
                left = left.min(fx);
                right = right.max(fx);
            }
        }
    }
    (near, inside, left, right)
}

#[test]
fn a_words_box_on_the_page_is_where_hayro_draws_the_word() {
    let bytes = std::fs::read(REPORT).expect("the seed PDF");
    let extracted = extract(Format::Pdf, &bytes).expect("read");
    let layout = extracted
        .layout
        .expect("a PDF with a text layer has a layout");
    let pages = PdfPages::open(Arc::new(bytes)).expect("opens");
    assert_eq!(layout.pages.len(), pages.count());
    let size = pages.size(0).expect("page 1");
    assert!((layout.pages[0].width - size.width).abs() < 0.5);
    assert!((layout.pages[0].height - size.height).abs() < 0.5);

    let chars: Vec<char> = extracted.text.chars().collect();
    let word_text =
        |w: &WordBox| -> String { chars[w.start as usize..w.end as usize].iter().collect() };
    // Boxes in text order, each one word of the text.
    assert!(layout.words.windows(2).all(|p| p[0].end <= p[1].start));
    assert!(
        layout
            .words
            .iter()
            .all(|w| !word_text(w).contains(char::is_whitespace))
    );

    let scale = 3.0;
    let drawn = pages
        .render(0, 72.0 * scale, OCR_MAX_PIXELS)
        .expect("drawn");
    let on_page_1: Vec<&WordBox> = layout.words.iter().filter(|w| w.page == 0).collect();
    assert!(on_page_1.len() > 10, "{} words on page 1", on_page_1.len());
    for word in on_page_1.iter().take(40) {
        let (text, r) = (word_text(word), word.rect);
        let (near, inside, left, right) = dark_near(&drawn, scale, word, 3.0);
        assert!(inside > 0, "{text:?} at {r:?}: nothing drawn in its box");
        // Above and below the box: nothing of the word (its ascenders, descenders).
        assert!(
            inside * 100 >= near * 97,
            "{text:?} at {r:?}: {inside} of {near} dark pixels above and below are in its box"
        );
        // Its ink starts at its left edge and ends at its right edge (glyph side bearings
        // leave up to a point or so of white; a lone digit's can be wider).
        if text.chars().count() < 3 {
            continue;
        }
        assert!(left - r.x < 1.5, "{text:?} at {r:?}: ink starts at {left}");
        assert!(
            r.x + r.w - right < 1.5,
            "{text:?} at {r:?}: ink ends at {right}"
        );
    }
}

use crate::support;

#[test]
fn a_word_hyphenated_at_a_line_end_has_a_box_for_each_half_and_pages_follow_the_text() {
    let report = support::pdf::long_report(3);
    let bytes = report.to_pdf();
    let extracted = extract(Format::Pdf, &bytes).expect("read");
    let layout = extracted.layout.expect("a layout");
    assert_eq!(layout.pages.len(), 3);
    let chars: Vec<char> = extracted.text.chars().collect();
    let text_of =
        |w: &WordBox| -> String { chars[w.start as usize..w.end as usize].iter().collect() };
    // Words are on pages in order, and every page has some.
    assert!(layout.words.windows(2).all(|p| p[0].page <= p[1].page));
    for page in 0..3 {
        assert!(
            !layout.words_on(page).is_empty(),
            "page {page} has no words"
        );
    }
    // Two boxes touching in the text, on two lines: one word cut by a hyphen whose hyphen
    // is gone from the text.
    let halves = layout
        .words
        .windows(2)
        .find(|p| p[0].end == p[1].start && p[1].rect.y > p[0].rect.y + 5.0)
        .expect("a word hyphenated at a line end");
    let whole = text_of(&halves[0]) + &text_of(&halves[1]);
    assert!(whole.chars().all(char::is_alphabetic), "{whole:?}");
    assert!(
        halves[1].rect.x < halves[0].rect.x,
        "the second half starts the next line"
    );
    // The running header and page numbers are not in the text, so they have no boxes: no
    // box is above the body's first line or below its last.
    assert!(layout.words.iter().all(|w| w.rect.y > 842.0 - 770.0 - 15.0));
}
