//! The pages OCR reads, as grey pixels: a PDF page drawn by `hayro` at 300 dpi (within
//! [`OCR_MAX_PIXELS`]), an image decoded by `image`, or a frame of a multi-page TIFF
//! decoded by `tiff` (the crate `image` uses, which reads only the first frame).
//!
//! What Tesseract is handed ([`for_ocr_within`]) is an image file: a plain PNG or JPEG
//! scan as it is (Tesseract decodes it, as it does when a user runs it on the file), any
//! other page drawn grey here and written as a PNG. Not the raw grey pixels (PGM): Tesseract
//! reads its standard input a byte at a time, which cost it 0.13 to 0.16 s of CPU a Letter
//! page at 300 dpi (8.4 MB), more than decoding a PNG (`BENCHMARKS.md`, OCR speed).

use std::io::Cursor;
use std::sync::Arc;
use std::time::Duration;

use crate::corpus::SkipReason;
use crate::corpus::document::Format;
use crate::corpus::formats::guard;
use crate::corpus::layout::{PageRect, PageSize};
use crate::corpus::raster::{self, OCR_MAX_PIXELS, PdfPages, Pixels};

/// A multi-page TIFF with more frames is read up to this many.
const MAX_IMAGE_PAGES: usize = 20_000;

/// The resolution PDF pages are drawn at for OCR: Tesseract's documented sweet spot.
pub const OCR_DPI: f32 = 300.0;

/// A page ready for Tesseract.
pub struct PageImage {
    /// The page's size in points (an image's page: its pixels, 1 px = 1 pt).
    pub size: PageSize,
    /// Grey pixels, one byte each.
    pub luma: Vec<u8>,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// The resolution drawn at (PDF pages); `None` for an image, whose own is unknown here.
    pub dpi: Option<f32>,
}

/// The pages of an image file: one, or a multi-page TIFF's frames, with their sizes.
pub fn image_page_sizes(bytes: &[u8]) -> Result<Vec<PageSize>, SkipReason> {
    if is_tiff(bytes) {
        return guard::shielded("TIFF image", || {
            let mut decoder = tiff_decoder(bytes)?;
            let mut sizes = Vec::new();
            loop {
                let (w, h) = decoder.dimensions().map_err(damaged)?;
                sizes.push(PageSize {
                    width: w as f32,
                    height: h as f32,
                });
                if !decoder.more_images() || sizes.len() >= MAX_IMAGE_PAGES {
                    break;
                }
                decoder.next_image().map_err(damaged)?;
            }
            Ok(sizes)
        });
    }
    // The size as drawn: a photo's EXIF orientation applied, as `decode_image` does.
    let (w, h) = raster::image_dimensions(bytes)?;
    Ok(vec![PageSize {
        width: w as f32,
        height: h as f32,
    }])
}

/// Page `index` of a file of `format` drawn for OCR.
pub fn draw(format: Format, bytes: &Arc<Vec<u8>>, index: usize) -> Result<PageImage, SkipReason> {
    draw_within(format, bytes, index, None)
}

/// Page `index` of a file of `format` drawn for OCR, a PDF page given up on after
/// `budget` (the time one file may take to read: hayro cannot be stopped, so a hostile
/// page is drawn on a thread of its own, abandoned then: see `PdfPages::render_within`).
/// An image's pixels are bounded before they are decoded, and need no budget.
pub fn draw_within(
    format: Format,
    bytes: &Arc<Vec<u8>>,
    index: usize,
    budget: Option<Duration>,
) -> Result<PageImage, SkipReason> {
    match format {
        Format::Pdf => {
            let pages = PdfPages::open(Arc::clone(bytes))?;
            let size = pages
                .size(index)
                .ok_or_else(|| SkipReason::Damaged(format!("no page {}", index + 1)))?;
            let pixels = match budget {
                Some(limit) => pages.render_within(index, OCR_DPI, OCR_MAX_PIXELS, limit)?,
                None => pages.render(index, OCR_DPI, OCR_MAX_PIXELS)?,
            };
            let dpi = OCR_DPI * pixels.width as f32 / (size.width * OCR_DPI / 72.0).max(1.0);
            Ok(grey(pixels, size, Some(dpi)))
        }
        _ if index > 0 && is_tiff(bytes) => tiff_frame(bytes, index),
        _ => {
            let pixels = raster::decode_image(bytes, OCR_MAX_PIXELS)?;
            let size = PageSize {
                width: pixels.width as f32,
                height: pixels.height as f32,
            };
            Ok(grey(pixels, size, None))
        }
    }
}

/// A page as Tesseract is handed it: an image file, which it decodes itself.
pub struct OcrImage {
    /// The page's size in points (an image's page: its pixels, 1 px = 1 pt).
    pub size: PageSize,
    /// Width in pixels of the image in `file` (Tesseract's word boxes are in them).
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// The resolution drawn at (PDF pages); `None` for an image (Tesseract reads the one
    /// the file declares, else estimates it).
    pub dpi: Option<f32>,
    /// The image file: the scan's own bytes, or the page drawn grey as a PNG.
    pub file: Arc<Vec<u8>>,
    /// True when `file` is the scan's own bytes (should Tesseract fail on them, the page
    /// is drawn here and read again: [`drawn_for_ocr`]).
    pub as_is: bool,
    /// Where the image's pixels lie on the page, in points, when they are not the whole
    /// page drawn: a PDF page's own scan ([`super::embedded`]); `None`: the whole page.
    pub frame: Option<PageRect>,
}

/// Page `index` of a file of `format` as Tesseract is handed it: a PNG or JPEG that any
/// reader shows as Dossier does (no alpha, no EXIF orientation: see
/// [`raster::plain_image_size`]) as it is, without decoding it here; a PDF page that is one
/// scan over the page, that scan ([`super::embedded`]: a JPEG as it is, other pixels as a
/// PNG, not drawn); any other page drawn as [`draw_within`] does and written as a PNG
/// ([`drawn_for_ocr`]).
pub fn for_ocr_within(
    format: Format,
    bytes: &Arc<Vec<u8>>,
    index: usize,
    budget: Option<Duration>,
) -> Result<OcrImage, SkipReason> {
    if format == Format::Image
        && index == 0
        && let Some((width, height)) = raster::plain_image_size(bytes, OCR_MAX_PIXELS)
    {
        return Ok(OcrImage {
            size: PageSize {
                width: width as f32,
                height: height as f32,
            },
            width,
            height,
            dpi: None,
            file: Arc::clone(bytes),
            as_is: true,
            frame: None,
        });
    }
    if format == Format::Pdf
        && let Some(scan) = super::embedded::page_image(bytes, index)
    {
        return Ok(scan);
    }
    drawn_for_ocr(format, bytes, index, budget)
}

/// Page `index` drawn grey as [`draw_within`] does, written as a PNG for Tesseract (the
/// fastest compression: a page of text comes to about a seventh of its grey pixels, which
/// Tesseract reads from its standard input a byte at a time).
pub fn drawn_for_ocr(
    format: Format,
    bytes: &Arc<Vec<u8>>,
    index: usize,
    budget: Option<Duration>,
) -> Result<OcrImage, SkipReason> {
    let page = draw_within(format, bytes, index, budget)?;
    let file = grey_png(&page.luma, page.width, page.height)?;
    Ok(OcrImage {
        size: page.size,
        width: page.width,
        height: page.height,
        dpi: page.dpi,
        file: Arc::new(file),
        as_is: false,
        frame: None,
    })
}

/// Grey pixels as a PNG file, compressed the fastest way.
pub fn grey_png(luma: &[u8], width: u32, height: u32) -> Result<Vec<u8>, SkipReason> {
    use image::ImageEncoder;
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    let mut file = Vec::with_capacity(luma.len() / 8);
    PngEncoder::new_with_quality(&mut file, CompressionType::Fast, FilterType::Sub)
        .write_image(luma, width, height, image::ExtendedColorType::L8)
        .map_err(|e| SkipReason::Damaged(format!("the page could not be prepared for OCR: {e}")))?;
    Ok(file)
}

fn grey(pixels: Pixels, size: PageSize, dpi: Option<f32>) -> PageImage {
    PageImage {
        size,
        luma: pixels.to_luma(),
        width: pixels.width,
        height: pixels.height,
        dpi,
    }
}

fn is_tiff(bytes: &[u8]) -> bool {
    bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*")
}

fn damaged(e: tiff::TiffError) -> SkipReason {
    SkipReason::Damaged(format!("damaged TIFF image: {e}"))
}

fn tiff_decoder(bytes: &[u8]) -> Result<tiff::decoder::Decoder<Cursor<&[u8]>>, SkipReason> {
    let mut limits = tiff::decoder::Limits::default();
    limits.decoding_buffer_size = (OCR_MAX_PIXELS * 4) as usize;
    Ok(tiff::decoder::Decoder::new(Cursor::new(bytes))
        .map_err(damaged)?
        .with_limits(limits))
}

/// Frame `index` of a multi-page TIFF as grey pixels (8-bit and 1-bit grey, RGB, RGBA).
fn tiff_frame(bytes: &[u8], index: usize) -> Result<PageImage, SkipReason> {
    use tiff::ColorType;
    use tiff::decoder::DecodingResult;
    guard::shielded("TIFF image", || {
        let mut decoder = tiff_decoder(bytes)?;
        decoder.seek_to_image(index).map_err(damaged)?;
        let (w, h) = decoder.dimensions().map_err(damaged)?;
        let pixels = u64::from(w) * u64::from(h);
        if pixels > OCR_MAX_PIXELS {
            return Err(SkipReason::Damaged(format!(
                "image too large to read ({w} x {h} pixels)"
            )));
        }
        let color = decoder.colortype().map_err(damaged)?;
        let DecodingResult::U8(data) = decoder.read_image().map_err(damaged)? else {
            return Err(SkipReason::Damaged(format!(
                "TIFF page {} has pixels OCR does not read ({color:?})",
                index + 1
            )));
        };
        let n = pixels as usize;
        let luma: Vec<u8> = match color {
            ColorType::Gray(8) if data.len() >= n => data[..n].to_vec(),
            ColorType::Gray(1) => {
                let stride = (w as usize).div_ceil(8);
                if data.len() == n {
                    data.iter().map(|&v| if v > 0 { 255 } else { 0 }).collect()
                } else if data.len() >= stride * h as usize {
                    (0..n)
                        .map(|i| {
                            let (y, x) = (i / w as usize, i % w as usize);
                            let bit = data[y * stride + x / 8] >> (7 - x % 8) & 1;
                            if bit == 1 { 255 } else { 0 }
                        })
                        .collect()
                } else {
                    return Err(SkipReason::Damaged("damaged TIFF image".to_owned()));
                }
            }
            ColorType::RGB(8) | ColorType::RGBA(8) => {
                let step = if matches!(color, ColorType::RGB(8)) {
                    3
                } else {
                    4
                };
                if data.len() < n * step {
                    return Err(SkipReason::Damaged("damaged TIFF image".to_owned()));
                }
                data.chunks_exact(step)
                    .take(n)
                    .map(|p| {
                        ((299 * u32::from(p[0]) + 587 * u32::from(p[1]) + 114 * u32::from(p[2]))
                            / 1000) as u8
                    })
                    .collect()
            }
            other => {
                return Err(SkipReason::Damaged(format!(
                    "TIFF page {} has pixels OCR does not read ({other:?})",
                    index + 1
                )));
            }
        };
        Ok(PageImage {
            size: PageSize {
                width: w as f32,
                height: h as f32,
            },
            luma,
            width: w,
            height: h,
            dpi: None,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grey_of(png: &[u8]) -> (u32, u32, Vec<u8>) {
        let img = image::load_from_memory(png).expect("a PNG").into_luma8();
        (img.width(), img.height(), img.into_raw())
    }

    #[test]
    fn a_plain_scan_goes_as_it_is_any_other_page_as_its_grey_pixels_in_a_png() {
        // A grey PNG: handed on without being decoded here.
        let mut png = Vec::new();
        image::GrayImage::from_fn(30, 20, |x, _| image::Luma([if x < 10 { 0 } else { 255 }]))
            .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
            .expect("encode");
        let png = Arc::new(png);
        let page = for_ocr_within(Format::Image, &png, 0, None).expect("prepared");
        assert!(page.as_is && Arc::ptr_eq(&page.file, &png));
        assert_eq!((page.width, page.height, page.dpi), (30, 20, None));
        assert_eq!((page.size.width, page.size.height), (30.0, 20.0));

        // Half-transparent red: drawn on white here, so written grey as this reader sees it.
        let mut rgba = Vec::new();
        image::RgbaImage::from_pixel(30, 20, image::Rgba([255, 0, 0, 128]))
            .write_to(&mut Cursor::new(&mut rgba), image::ImageFormat::Png)
            .expect("encode");
        let rgba = Arc::new(rgba);
        let page = for_ocr_within(Format::Image, &rgba, 0, None).expect("prepared");
        assert!(!page.as_is);
        let drawn = draw(Format::Image, &rgba, 0).expect("drawn");
        assert_eq!(grey_of(&page.file), (30, 20, drawn.luma));

        // A PDF page: drawn at 300 dpi, the same pixels, the dpi passed on.
        let pdf = Arc::new(crate::corpus::raster::tests::slow_to_draw(2, 2));
        let page = for_ocr_within(Format::Pdf, &pdf, 0, None).expect("prepared");
        let drawn = draw(Format::Pdf, &pdf, 0).expect("drawn");
        assert!(!page.as_is);
        assert_eq!((page.width, page.height), (drawn.width, drawn.height));
        assert_eq!(page.dpi, drawn.dpi);
        assert_eq!(grey_of(&page.file), (drawn.width, drawn.height, drawn.luma));
    }
}
