//! A PDF page turned by `/Rotate` (a scan saved sideways, then fixed in a viewer) or cut
//! by a crop box is shown as a viewer shows it, and its words' boxes are where the words
//! are drawn: each box is checked against the page as `hayro` draws it for the page view.

use crate::support;

use std::sync::Arc;

use dossier::corpus::raster::{OCR_MAX_PIXELS, PdfPages, Pixels};
use dossier::corpus::{Format, PageLayout, formats};
use lopdf::Object;
use support::pdf;

/// One page of body text, its page dictionary given `extra` entries (`Rotate`, `CropBox`).
fn page_with(extra: &[(&str, Object)]) -> Vec<u8> {
    let lines = pdf::body_lines(
        "The delegation from Damascus arrived at the Kremlin on Tuesday for talks. \
         Officials described the negotiations as constructive, although questions \
         about the naval facility at Tartus remain unresolved.",
        700.0,
    );
    let mut doc = pdf::build(&[lines], &[]);
    let page = doc.get_pages().into_values().next().expect("a page");
    let dict = doc.get_dictionary_mut(page).expect("the page");
    for (key, value) in extra {
        dict.set(*key, value.clone());
    }
    pdf::save(&mut doc)
}

/// The share of the page's ink that falls inside some word box, and the share of the
/// words with ink inside their box, on the page drawn at twice its size.
fn ink_in_boxes(bytes: Vec<u8>) -> (f64, f64, PageLayout, Pixels) {
    let layout = formats::extract(Format::Pdf, &bytes)
        .expect("the PDF reads")
        .layout
        .expect("a layout");
    let pages = PdfPages::open(Arc::new(bytes)).expect("opens");
    let drawn = pages.render(0, 144.0, OCR_MAX_PIXELS).expect("drawn");
    let luma = drawn.to_luma();
    let scale = drawn.width as f32 / layout.pages[0].width;
    let inside = |x: u32, y: u32| {
        let (px, py) = (x as f32 / scale, y as f32 / scale);
        layout.words.iter().any(|w| {
            px >= w.rect.x - 1.0
                && px <= w.rect.x + w.rect.w + 1.0
                && py >= w.rect.y - 1.0
                && py <= w.rect.y + w.rect.h + 1.0
        })
    };
    let (mut ink, mut covered) = (0usize, 0usize);
    for y in 0..drawn.height {
        for x in 0..drawn.width {
            if luma[(y * drawn.width + x) as usize] < 128 {
                ink += 1;
                covered += usize::from(inside(x, y));
            }
        }
    }
    let inked_words = layout
        .words
        .iter()
        .filter(|w| {
            let (x0, y0) = ((w.rect.x * scale) as u32, (w.rect.y * scale) as u32);
            let (x1, y1) = (
                ((w.rect.x + w.rect.w) * scale) as u32,
                ((w.rect.y + w.rect.h) * scale) as u32,
            );
            (y0..y1.min(drawn.height)).any(|y| {
                (x0..x1.min(drawn.width)).any(|x| luma[(y * drawn.width + x) as usize] < 128)
            })
        })
        .count();
    assert!(ink > 1000, "the page has text drawn ({ink} dark pixels)");
    (
        covered as f64 / ink as f64,
        inked_words as f64 / layout.words.len().max(1) as f64,
        layout,
        drawn,
    )
}

#[test]
fn the_words_of_a_turned_page_are_boxed_where_they_are_drawn() {
    for rotate in [0, 90, 180, 270, -90] {
        let (ink, words, layout, drawn) = ink_in_boxes(page_with(&[("Rotate", rotate.into())]));
        assert!(layout.words.len() > 20, "{} words", layout.words.len());
        assert!(
            ink > 0.9,
            "/Rotate {rotate}: {ink:.2} of the ink is inside word boxes"
        );
        assert!(
            words > 0.95,
            "/Rotate {rotate}: {words:.2} of the words have ink"
        );
        // The page's size is the shown one: a quarter turn makes it landscape.
        let page = layout.pages[0];
        let landscape = rotate % 180 != 0;
        assert_eq!(page.width > page.height, landscape, "/Rotate {rotate}");
        assert_eq!(drawn.width > drawn.height, landscape, "/Rotate {rotate}");
        assert!((drawn.width as f32 / page.width - 2.0).abs() < 0.01);
    }
}

#[test]
fn the_words_of_a_cropped_page_are_boxed_inside_the_crop() {
    let crop: Object = vec![40.into(), 300.into(), 560.into(), 760.into()].into();
    for rotate in [0, 90] {
        let (ink, words, layout, _) = ink_in_boxes(page_with(&[
            ("CropBox", crop.clone()),
            ("Rotate", rotate.into()),
        ]));
        assert!(ink > 0.9, "/Rotate {rotate}: {ink:.2} of the ink in boxes");
        assert!(
            words > 0.95,
            "/Rotate {rotate}: {words:.2} of the words have ink"
        );
        let page = layout.pages[0];
        let (w, h) = if rotate == 0 {
            (520.0, 460.0)
        } else {
            (460.0, 520.0)
        };
        assert_eq!((page.width, page.height), (w, h));
    }
}
