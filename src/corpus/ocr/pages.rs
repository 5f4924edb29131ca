//! The pages OCR reads, as grey pixels: a PDF page drawn by `hayro` at 300 dpi (within
//! [`OCR_MAX_PIXELS`]), an image decoded by `image`, or a frame of a multi-page TIFF
//! decoded by `tiff` (the crate `image` uses, which reads only the first frame).

use std::io::Cursor;
use std::sync::Arc;
use std::time::Duration;

use crate::corpus::SkipReason;
use crate::corpus::document::Format;
use crate::corpus::formats::guard;
use crate::corpus::layout::PageSize;
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
