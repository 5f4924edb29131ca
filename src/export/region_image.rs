//! A coded region of a page as a small picture, for the HTML report: the page drawn by
//! `corpus::raster` (a PDF) or decoded (an image), the box cut out, at most
//! [`MAX_SIDE`] pixels on its longer side, encoded as PNG and written into the page as a
//! `data:` URI so that the report stays one self-contained file.

use std::path::Path;
use std::sync::Arc;

use crate::corpus::raster::{OCR_MAX_PIXELS, PdfPages, Pixels, decode_image};
use crate::corpus::{Document, Format};
use crate::project::PageRegion;

/// The longer side of a region's picture, in pixels: a thumbnail that reads, not a scan.
pub const MAX_SIDE: u32 = 480;
/// Files larger than this are not opened for a picture (the report is still written).
const MAX_FILE_BYTES: u64 = 64 << 20;

/// The region of `document` (a file below `root`) as a PNG `data:` URI; `None` when the
/// file cannot be read or drawn now, or the region is not on it (the report then says
/// where the region is in words only).
pub(super) fn data_uri(root: &Path, document: &Document, region: PageRegion) -> Option<String> {
    let png = png(root, document, region)?;
    Some(format!("data:image/png;base64,{}", base64(&png)))
}

fn png(root: &Path, document: &Document, region: PageRegion) -> Option<Vec<u8>> {
    // A part of a file (an attachment, an archive member) has no file of its own to draw.
    if document.parent.is_some() {
        return None;
    }
    let path = root.join(&document.path);
    if std::fs::metadata(&path).ok()?.len() > MAX_FILE_BYTES {
        return None;
    }
    let bytes = std::fs::read(&path).ok()?;
    // Layout units per pixel of the picture: the whole page is drawn at this scale, then cut.
    let scale = (MAX_SIDE as f32 / region.w.max(region.h)).min(2.0);
    let (page, pixels_per_unit) = match document.format {
        Format::Pdf => {
            let pages = PdfPages::open(Arc::new(bytes)).ok()?;
            let drawn = pages
                .render(region.page as usize, 72.0 * scale, OCR_MAX_PIXELS)
                .ok()?;
            let size = pages.size(region.page as usize)?;
            let per_unit = drawn.width as f32 / size.width.max(1.0);
            (drawn, per_unit)
        }
        // An image's layout is its pixels (the first page of a TIFF: later pages are not
        // decoded here).
        Format::Image if region.page == 0 => (decode_image(&bytes, OCR_MAX_PIXELS).ok()?, 1.0),
        _ => return None,
    };
    let cut = crop(&page, region, pixels_per_unit)?;
    let longer = cut.width().max(cut.height());
    let cut = if longer > MAX_SIDE {
        let ratio = MAX_SIDE as f32 / longer as f32;
        let (w, h) = (
            ((cut.width() as f32 * ratio) as u32).max(1),
            ((cut.height() as f32 * ratio) as u32).max(1),
        );
        image::imageops::resize(&cut, w, h, image::imageops::FilterType::Triangle)
    } else {
        cut
    };
    let mut out = Vec::new();
    cut.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .ok()?;
    Some(out)
}

/// The box of `region` cut out of `page`, drawn at `per_unit` pixels per layout unit;
/// `None` when the box is outside the page.
fn crop(page: &Pixels, region: PageRegion, per_unit: f32) -> Option<image::RgbaImage> {
    let image = image::RgbaImage::from_raw(page.width, page.height, page.rgba.clone())?;
    let px = |v: f32, max: u32| ((v * per_unit).round().max(0.0) as u32).min(max);
    let (x0, y0) = (px(region.x, page.width), px(region.y, page.height));
    let (x1, y1) = (
        px(region.x + region.w, page.width),
        px(region.y + region.h, page.height),
    );
    (x1 > x0 && y1 > y0)
        .then(|| image::imageops::crop_imm(&image, x0, y0, x1 - x0, y1 - y0).to_image())
}

/// Standard base64 (RFC 4648, with padding): the one encoding a `data:` URI needs, a few
/// lines rather than a crate.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc_vectors() {
        let vectors = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in vectors {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }

    #[test]
    fn a_region_of_a_photograph_is_cut_at_its_box() {
        let f = crate::export::fixture::with_regions();
        let doc = f.corpus.get(crate::export::fixture::PHOTO).expect("photo");
        let rect = crate::corpus::layout::PageRect {
            x: 20.0,
            y: 30.0,
            w: 120.0,
            h: 90.0,
        };
        let region = PageRegion::new(0, rect).expect("a box");
        let picture = png(&f.corpus.root, doc, region).expect("a picture");
        let cut = image::load_from_memory(&picture).expect("a PNG").to_rgb8();
        assert_eq!(cut.dimensions(), (120, 90));
        // The photograph's red channel is its x: the cut starts at x 20.
        assert_eq!(cut.get_pixel(0, 0).0[..2], [20, 30]);
        let outside = PageRegion::new(0, crate::corpus::layout::PageRect { x: 900.0, ..rect });
        assert!(png(&f.corpus.root, doc, outside.expect("a box")).is_none());
    }
}
