//! Pages as pixels (`corpus::raster`): an image decoded and a PDF's first page drawn, as
//! the page view and OCR do, behind the same panic guard. What a fuzzer can find here is
//! what the guard cannot catch (a crash, a hang, a runaway allocation) or pixels that do
//! not match the size the page says it has.

use std::sync::Arc;

use crate::corpus::raster::{self, PdfPages};

/// The pixel bound of the targets: the application's path (a size checked before pixels
/// are allocated, a page drawn smaller to fit), at a bound small enough for a fuzzer to
/// try many inputs a second (the application's is [`raster::OCR_MAX_PIXELS`]).
pub const FUZZ_MAX_PIXELS: u64 = 1 << 20;

/// An image file: decoded within the pixel bound, its pixels as many as its size says,
/// and that size the one its header gives (OCR's page is sized from the header, its words
/// placed on the decoded pixels).
pub fn image(data: &[u8]) {
    let header = raster::image_dimensions(data);
    let Ok(pixels) = raster::decode_image(data, FUZZ_MAX_PIXELS) else {
        return;
    };
    let area = u64::from(pixels.width) * u64::from(pixels.height);
    assert!(area <= FUZZ_MAX_PIXELS, "{pixels:?} over the bound");
    assert_eq!(pixels.rgba.len() as u64, area * 4, "{pixels:?}");
    if let Ok(size) = header {
        assert_eq!(
            size,
            (pixels.width, pixels.height),
            "header and pixels differ"
        );
    }
}

/// A PDF opened for drawing and its first page drawn at half its size in points (36 dpi):
/// the page's size is finite and positive, and the pixels fit the bound and the size.
pub fn pdf_pages(data: &[u8]) {
    let Ok(pages) = PdfPages::open(Arc::new(data.to_vec())) else {
        return;
    };
    let Some(size) = pages.size(0) else {
        assert_eq!(pages.count(), 0, "a first page without a size");
        return;
    };
    assert!(
        size.width.is_finite() && size.height.is_finite() && size.width > 0.0 && size.height > 0.0,
        "page 1 is {size:?}"
    );
    let Ok(drawn) = pages.render(0, 36.0, FUZZ_MAX_PIXELS) else {
        return;
    };
    let area = u64::from(drawn.width) * u64::from(drawn.height);
    // The scale is lowered to fit the bound; rounding each side up may add a row and a
    // column.
    let slack = u64::from(drawn.width) + u64::from(drawn.height) + 1;
    assert!(area <= FUZZ_MAX_PIXELS + slack, "{drawn:?} over the bound");
    assert_eq!(drawn.rgba.len() as u64, area * 4, "{drawn:?}");
}
