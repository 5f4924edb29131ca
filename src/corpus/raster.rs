//! Pages as pixels: PDF pages rendered by `hayro` (a pure-Rust rasteriser) and images
//! decoded by `image`, for OCR (300 dpi) and for the reader's page view (the screen's
//! scale). Both parsers see hostile bytes: every call runs behind [`guard::shielded`], and
//! the size of a page is known before it is drawn, so no page is ever rendered above the
//! pixel bound the caller gives (the scale is lowered instead).

use std::sync::Arc;

use hayro::hayro_interpret::InterpreterSettings;
use hayro::hayro_syntax::Pdf;
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::{PixmapSettings, RenderCache, RenderSettings};

use super::SkipReason;
use super::formats::guard;
use super::layout::PageSize;

/// The most pixels a page is rendered with for OCR: a US Letter page at 300 dpi is 8.4
/// million; this allows A3 at 300 dpi (17.4 million) with room, at 4 bytes a pixel.
pub const OCR_MAX_PIXELS: u64 = 20_000_000;

/// An image in memory: 8-bit RGBA, rows top to bottom.
#[derive(Clone, PartialEq, Eq)]
pub struct Pixels {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `width * height * 4` bytes.
    pub rgba: Vec<u8>,
}

impl std::fmt::Debug for Pixels {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Pixels({}x{})", self.width, self.height)
    }
}

impl Pixels {
    /// The image as 8-bit grey (what OCR reads), one byte a pixel.
    pub fn to_luma(&self) -> Vec<u8> {
        self.rgba
            .chunks_exact(4)
            .map(|p| {
                // ITU-R BT.601 luma, on a white background for transparent pixels.
                let a = u32::from(p[3]);
                let blend = |c: u8| (u32::from(c) * a + 255 * (255 - a)) / 255;
                ((299 * blend(p[0]) + 587 * blend(p[1]) + 114 * blend(p[2])) / 1000) as u8
            })
            .collect()
    }
}

/// The scale (pixels per point) at which a page of `size` points is drawn at `dpi`,
/// lowered so that it has at most `max_pixels` pixels and neither side exceeds the
/// renderer's 65,535.
pub fn bounded_scale(size: PageSize, dpi: f32, max_pixels: u64) -> f32 {
    let mut scale = (dpi / 72.0).max(0.01);
    let area = f64::from(size.width.max(1.0)) * f64::from(size.height.max(1.0));
    let pixels = area * f64::from(scale) * f64::from(scale);
    if pixels > max_pixels as f64 {
        scale *= (max_pixels as f64 / pixels).sqrt() as f32;
    }
    let side = size.width.max(size.height).max(1.0);
    scale.min(65_000.0 / side)
}

/// A PDF opened for drawing its pages. Cheap to share: the bytes are reference-counted
/// and nothing is drawn until asked.
pub struct PdfPages {
    pdf: Pdf,
}

impl PdfPages {
    /// Opens `bytes` as a PDF; `Err` says why it cannot be drawn (damaged, encrypted).
    pub fn open(bytes: Arc<Vec<u8>>) -> Result<Self, SkipReason> {
        guard::shielded("PDF", || match Pdf::new(bytes) {
            Ok(pdf) => Ok(Self { pdf }),
            Err(hayro::hayro_syntax::LoadPdfError::Decryption(_)) => Err(SkipReason::Encrypted),
            Err(_) => Err(SkipReason::Damaged(
                "damaged PDF: its pages cannot be drawn".to_owned(),
            )),
        })
    }

    /// The number of pages.
    pub fn count(&self) -> usize {
        self.pdf.pages().len()
    }

    /// The size of page `index` (from 0) as it is shown (rotation applied), in points.
    pub fn size(&self, index: usize) -> Option<PageSize> {
        let page = self.pdf.pages().get(index)?;
        let (width, height) = page.render_dimensions();
        Some(PageSize { width, height })
    }

    /// Page `index` drawn at `dpi` on white, with at most `max_pixels` pixels (the scale is
    /// lowered for a larger page: see [`bounded_scale`]).
    pub fn render(&self, index: usize, dpi: f32, max_pixels: u64) -> Result<Pixels, SkipReason> {
        let size = self
            .size(index)
            .ok_or_else(|| SkipReason::Damaged(format!("the PDF has no page {}", index + 1)))?;
        let scale = bounded_scale(size, dpi, max_pixels);
        guard::shielded("PDF", || {
            let page =
                self.pdf.pages().get(index).ok_or_else(|| {
                    SkipReason::Damaged(format!("the PDF has no page {}", index + 1))
                })?;
            let cache = RenderCache::new();
            let pixmap = hayro::render(
                page,
                &cache,
                &InterpreterSettings::default(),
                &RenderSettings::default(),
                &PixmapSettings {
                    x_scale: scale,
                    y_scale: scale,
                    bg_color: WHITE,
                },
            );
            Ok(Pixels {
                width: u32::from(pixmap.width()),
                height: u32::from(pixmap.height()),
                rgba: pixmap.data_as_u8_slice().to_vec(),
            })
        })
    }
}

/// Decodes an image file (PNG, JPEG, TIFF, WebP, BMP) of at most `max_pixels` pixels, the
/// right way up: a photograph's EXIF orientation (a phone held sideways) is applied, so
/// that OCR reads upright lines and the page view shows what the photographer saw. A
/// larger image is refused before its pixels are allocated.
pub fn decode_image(bytes: &[u8], max_pixels: u64) -> Result<Pixels, SkipReason> {
    use image::ImageDecoder;
    guard::shielded("image", || {
        let mut decoder = image_decoder(bytes, max_pixels)?;
        let (width, height) = decoder.dimensions();
        if u64::from(width) * u64::from(height) > max_pixels {
            return Err(SkipReason::Damaged(format!(
                "image too large to read ({width} x {height} pixels; the limit is {max_pixels})"
            )));
        }
        // A broken EXIF block is no reason to refuse the pixels: shown as stored.
        let orientation = decoder
            .orientation()
            .unwrap_or(image::metadata::Orientation::NoTransforms);
        let decoded = image::DynamicImage::from_decoder(decoder).map_err(damaged_image)?;
        let mut rgba = image::DynamicImage::ImageRgba8(decoded.into_rgba8());
        rgba.apply_orientation(orientation);
        let rgba = rgba.into_rgba8();
        Ok(Pixels {
            width: rgba.width(),
            height: rgba.height(),
            rgba: rgba.into_raw(),
        })
    })
}

/// The size of an image as [`decode_image`] gives it (EXIF orientation applied: a photo
/// taken sideways is taller than it is stored), read from its header alone.
pub fn image_dimensions(bytes: &[u8]) -> Result<(u32, u32), SkipReason> {
    use image::ImageDecoder;
    use image::metadata::Orientation;
    guard::shielded("image", || {
        let mut decoder = image_decoder(bytes, u64::MAX >> 8)?;
        let (width, height) = decoder.dimensions();
        Ok(
            match decoder.orientation().unwrap_or(Orientation::NoTransforms) {
                Orientation::Rotate90
                | Orientation::Rotate270
                | Orientation::Rotate90FlipH
                | Orientation::Rotate270FlipH => (height, width),
                _ => (width, height),
            },
        )
    })
}

/// A decoder for `bytes` (its format guessed from them) with the allocation limit of an
/// image of at most `max_pixels` pixels.
fn image_decoder(
    bytes: &[u8],
    max_pixels: u64,
) -> Result<impl image::ImageDecoder + '_, SkipReason> {
    let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| SkipReason::Damaged(format!("damaged image: {e}")))?;
    reader.limits(limits_for(max_pixels));
    reader.into_decoder().map_err(damaged_image)
}

fn damaged_image(e: image::ImageError) -> SkipReason {
    SkipReason::Damaged(format!("damaged image: {e}"))
}

/// The decoder's allocation limit for an image of at most `max_pixels` pixels.
fn limits_for(max_pixels: u64) -> image::Limits {
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(max_pixels.saturating_mul(8).saturating_add(1 << 20));
    limits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_too_large_for_the_bound_is_drawn_smaller() {
        let letter = PageSize {
            width: 612.0,
            height: 792.0,
        };
        let at_300 = bounded_scale(letter, 300.0, OCR_MAX_PIXELS);
        assert!((at_300 - 300.0 / 72.0).abs() < 1e-4);
        let poster = PageSize {
            width: 612.0 * 10.0,
            height: 792.0 * 10.0,
        };
        let scale = bounded_scale(poster, 300.0, OCR_MAX_PIXELS);
        let pixels = f64::from(poster.width * scale) * f64::from(poster.height * scale);
        assert!(pixels <= OCR_MAX_PIXELS as f64 * 1.001, "{pixels}");
        let ribbon = PageSize {
            width: 14_400.0,
            height: 10.0,
        };
        assert!(ribbon.width * bounded_scale(ribbon, 300.0, u64::MAX) <= 65_000.0);
    }

    #[test]
    fn damaged_bytes_are_a_reason_not_a_panic() {
        assert!(PdfPages::open(Arc::new(b"%PDF-1.4 nothing else".to_vec())).is_err());
        assert!(decode_image(b"\x89PNG\r\n\x1a\n garbage", OCR_MAX_PIXELS).is_err());
    }

    #[test]
    fn an_image_over_the_pixel_bound_is_refused_before_decoding() {
        let mut png = Vec::new();
        let img = image::RgbaImage::from_pixel(300, 200, image::Rgba([255, 0, 0, 255]));
        img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .expect("encode");
        let read = decode_image(&png, 100_000).expect("within the bound");
        assert_eq!((read.width, read.height), (300, 200));
        assert_eq!(&read.rgba[..4], &[255, 0, 0, 255]);
        assert_eq!(read.to_luma()[0], 76);
        assert!(decode_image(&png, 50_000).is_err());
    }

    /// A 40 x 20 JPEG whose left quarter is black, its EXIF orientation tag `tag` (1 to 8).
    pub(crate) fn jpeg_with_orientation(tag: u16) -> Vec<u8> {
        let img = image::RgbImage::from_fn(40, 20, |x, _| {
            if x < 10 {
                image::Rgb([0, 0, 0])
            } else {
                image::Rgb([255, 255, 255])
            }
        });
        let mut jpeg = Vec::new();
        img.write_to(
            &mut std::io::Cursor::new(&mut jpeg),
            image::ImageFormat::Jpeg,
        )
        .expect("encode");
        // An APP1 segment right after the start-of-image marker: "Exif", a big-endian TIFF
        // header and one IFD entry, Orientation (0x0112), a SHORT.
        let mut exif = b"Exif\0\0MM\0*\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01".to_vec();
        exif.extend_from_slice(&tag.to_be_bytes());
        exif.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
        let mut app1 = vec![0xFF, 0xE1];
        app1.extend_from_slice(&(exif.len() as u16 + 2).to_be_bytes());
        app1.extend_from_slice(&exif);
        jpeg.splice(2..2, app1);
        jpeg
    }

    fn dark(p: &Pixels, x: u32, y: u32) -> bool {
        let i = ((y * p.width + x) * 4) as usize;
        p.rgba[i] < 100
    }

    #[test]
    fn a_photo_is_turned_the_way_its_exif_orientation_says() {
        // Stored as it is: the black band on the left.
        let upright = decode_image(&jpeg_with_orientation(1), OCR_MAX_PIXELS).expect("decodes");
        assert_eq!((upright.width, upright.height), (40, 20));
        assert!(dark(&upright, 2, 10) && !dark(&upright, 37, 10));
        // 6: turned 90 degrees clockwise to be seen upright: the left edge is now the top.
        let bytes = jpeg_with_orientation(6);
        let turned = decode_image(&bytes, OCR_MAX_PIXELS).expect("decodes");
        assert_eq!((turned.width, turned.height), (20, 40));
        assert_eq!(image_dimensions(&bytes).expect("header"), (20, 40));
        assert!(dark(&turned, 10, 2) && !dark(&turned, 10, 37));
        // The image reader's page, where OCR's word boxes go, is the upright one.
        let read = crate::corpus::formats::extract(crate::corpus::Format::Image, &bytes)
            .expect("an image");
        let page = read.layout.expect("a page layout").pages[0];
        assert_eq!((page.width, page.height), (20.0, 40.0));
        // 3: upside down, the band on the right; 8: turned anticlockwise, at the bottom.
        let flipped = decode_image(&jpeg_with_orientation(3), OCR_MAX_PIXELS).expect("decodes");
        assert!(dark(&flipped, 37, 10) && !dark(&flipped, 2, 10));
        let bytes = jpeg_with_orientation(8);
        let back = decode_image(&bytes, OCR_MAX_PIXELS).expect("decodes");
        assert_eq!(image_dimensions(&bytes).expect("header"), (20, 40));
        assert!(dark(&back, 10, 37) && !dark(&back, 10, 2));
    }

    #[test]
    fn a_pdf_page_is_drawn_at_the_scale_asked_with_its_text_dark_on_white() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/seeds/pdf/report.pdf");
        let bytes = std::fs::read(path).expect("the seed PDF");
        let pages = PdfPages::open(Arc::new(bytes)).expect("opens");
        assert!(pages.count() >= 1);
        let size = pages.size(0).expect("page 1");
        let drawn = pages.render(0, 144.0, OCR_MAX_PIXELS).expect("drawn");
        assert_eq!(drawn.width, (size.width * 2.0) as u32);
        assert_eq!(drawn.height, (size.height * 2.0) as u32);
        let luma = drawn.to_luma();
        let dark = luma.iter().filter(|&&l| l < 128).count();
        let white = luma.iter().filter(|&&l| l > 250).count();
        assert!(dark > 100, "some text is drawn ({dark} dark pixels)");
        assert!(white > luma.len() / 2, "on a white page");
        assert!(pages.render(pages.count(), 72.0, OCR_MAX_PIXELS).is_err());
    }
}
