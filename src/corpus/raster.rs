//! Pages as pixels: PDF pages rendered by `hayro` (a pure-Rust rasteriser) and images
//! decoded by `image`, for OCR (300 dpi) and for the reader's page view (the screen's
//! scale). Both parsers see hostile bytes: every call runs behind [`guard::shielded`], and
//! the size of a page is known before it is drawn, so no page is ever rendered above the
//! pixel bound the caller gives (the scale is lowered instead).

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

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

/// A PDF opened for drawing its pages. Cheap to share: the document is reference-counted
/// and nothing is drawn until asked.
#[derive(Clone)]
pub struct PdfPages {
    pdf: Arc<Pdf>,
}

/// Why a page was not drawn within `limit`: hayro has no way to be stopped (0.9: no
/// cancellation, no limit on the work of a page), so a page that draws for longer is
/// given up on, its thread abandoned (see [`PdfPages::start_drawing`]).
pub fn too_slow_to_draw(limit: Duration) -> SkipReason {
    let secs = limit.as_secs_f64();
    let secs = if secs.fract() == 0.0 {
        format!("{secs:.0}")
    } else {
        format!("{secs:.2}")
    };
    SkipReason::Damaged(format!(
        "drawing it took longer than {secs} s; likely a damaged or hostile page"
    ))
}

/// A page being drawn on a thread of its own: waited for a while, given up on at will.
/// Dropping it abandons the drawing (its result, when it comes, is dropped).
pub struct Drawing {
    result: Receiver<Result<Pixels, SkipReason>>,
    started: Instant,
}

impl Drawing {
    /// The page, if it is drawn within `wait` (or was already).
    pub fn wait(&self, wait: Duration) -> Option<Result<Pixels, SkipReason>> {
        match self.result.recv_timeout(wait) {
            Ok(result) => Some(result),
            Err(RecvTimeoutError::Timeout) => None,
            // `render` catches a panic: a drawing thread ends by sending.
            Err(RecvTimeoutError::Disconnected) => Some(Err(SkipReason::Damaged(
                "damaged PDF: the page's drawing stopped unexpectedly".to_owned(),
            ))),
        }
    }

    /// How long since it started.
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }
}

impl PdfPages {
    /// Opens `bytes` as a PDF; `Err` says why it cannot be drawn (damaged, encrypted).
    pub fn open(bytes: Arc<Vec<u8>>) -> Result<Self, SkipReason> {
        guard::shielded("PDF", || match Pdf::new(bytes) {
            Ok(pdf) => Ok(Self { pdf: Arc::new(pdf) }),
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

    /// Page `index` drawn as [`Self::render`] does, on a thread of its own, so that the
    /// caller can give up on a page that takes too long (hayro cannot be stopped: the
    /// thread draws on until the page is done, then ends). If no thread can be started, the
    /// page is drawn on the calling thread.
    pub fn start_drawing(&self, index: usize, dpi: f32, max_pixels: u64) -> Drawing {
        let (sender, result) = mpsc::sync_channel(1);
        let pages = self.clone();
        let drawer = sender.clone();
        let spawned = std::thread::Builder::new()
            .name("dossier-draw-page".to_owned())
            .spawn(move || {
                // Nobody may be waiting any more: then the page is dropped.
                let _ = drawer.send(pages.render(index, dpi, max_pixels));
            });
        if spawned.is_err() {
            let _ = sender.send(self.render(index, dpi, max_pixels));
        }
        Drawing {
            result,
            started: Instant::now(),
        }
    }

    /// Page `index` drawn as [`Self::render`] does, given up on after `limit` (the time
    /// one file may take to read: a hostile page must not hold a worker).
    pub fn render_within(
        &self,
        index: usize,
        dpi: f32,
        max_pixels: u64,
        limit: Duration,
    ) -> Result<Pixels, SkipReason> {
        self.start_drawing(index, dpi, max_pixels)
            .wait(limit)
            .unwrap_or_else(|| Err(too_slow_to_draw(limit)))
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

/// Decodes an image file (PNG, JPEG, TIFF, WebP, BMP, GIF) of at most `max_pixels` pixels, the
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

/// The size of a PNG or JPEG file that any image reader shows as [`decode_image`] does, so
/// that it can be handed to another program (Tesseract) as it is: no alpha channel (drawn
/// here on white), no EXIF orientation (applied here), at most `max_pixels` pixels; read
/// from the header alone. `None` for any other image, or a header that does not read.
pub fn plain_image_size(bytes: &[u8], max_pixels: u64) -> Option<(u32, u32)> {
    use image::metadata::Orientation;
    use image::{ColorType, ImageDecoder, ImageFormat};
    let format = image::guess_format(bytes).ok()?;
    if !matches!(format, ImageFormat::Png | ImageFormat::Jpeg) {
        return None;
    }
    let plain = guard::shielded("image", || {
        let mut decoder = image_decoder(bytes, max_pixels)?;
        let (width, height) = decoder.dimensions();
        let within = width > 0 && height > 0 && u64::from(width) * u64::from(height) <= max_pixels;
        let opaque = matches!(
            decoder.color_type(),
            ColorType::L8 | ColorType::L16 | ColorType::Rgb8 | ColorType::Rgb16
        );
        let upright = matches!(decoder.orientation(), Ok(Orientation::NoTransforms));
        Ok((within && opaque && upright).then_some((width, height)))
    });
    plain.ok().flatten()
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
pub(crate) mod tests {
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

    #[test]
    fn only_an_opaque_upright_png_or_jpeg_is_plain() {
        let encode = |img: image::DynamicImage, format| {
            let mut out = Vec::new();
            img.write_to(&mut std::io::Cursor::new(&mut out), format)
                .expect("encode");
            out
        };
        let grey = image::DynamicImage::ImageLuma8(image::GrayImage::new(30, 20));
        let png = encode(grey.clone(), image::ImageFormat::Png);
        assert_eq!(plain_image_size(&png, OCR_MAX_PIXELS), Some((30, 20)));
        // Over the pixel bound: not handed on.
        assert_eq!(plain_image_size(&png, 500), None);
        let rgba = image::DynamicImage::ImageRgba8(image::RgbaImage::new(30, 20));
        assert_eq!(
            plain_image_size(&encode(rgba, image::ImageFormat::Png), OCR_MAX_PIXELS),
            None,
            "transparent pixels are drawn on white here, black elsewhere"
        );
        let bmp = encode(grey, image::ImageFormat::Bmp);
        assert_eq!(plain_image_size(&bmp, OCR_MAX_PIXELS), None);
        assert_eq!(
            plain_image_size(&jpeg_with_orientation(1), OCR_MAX_PIXELS),
            Some((40, 20))
        );
        assert_eq!(
            plain_image_size(&jpeg_with_orientation(6), OCR_MAX_PIXELS),
            None
        );
        assert_eq!(
            plain_image_size(b"\x89PNG\r\n\x1a\n garbage", OCR_MAX_PIXELS),
            None
        );
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

    /// A one-page PDF whose page draws form 1, each form drawing the next `fan` times, the
    /// last filling the page: `fan^depth` fills of the whole page, in a few hundred bytes.
    pub(crate) fn slow_to_draw(depth: usize, fan: usize) -> Vec<u8> {
        let mut objects = vec![
            "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] \
             /Resources << /XObject << /F 5 0 R >> >> /Contents 4 0 R >>"
                .to_owned(),
        ];
        let stream = |dict: &str, body: &str| {
            format!(
                "<< {dict} /Length {} >>\nstream\n{body}\nendstream",
                body.len()
            )
        };
        objects.push(stream("", "/F Do"));
        for level in 0..depth {
            let (resources, body) = if level + 1 < depth {
                (
                    format!("/Resources << /XObject << /F {} 0 R >> >>", 6 + level),
                    "q /F Do Q ".repeat(fan),
                )
            } else {
                (String::new(), "0.5 g 0 0 612 792 re f".to_owned())
            };
            let dict = format!("/Type /XObject /Subtype /Form /BBox [0 0 612 792] {resources}");
            objects.push(stream(&dict, &body));
        }
        let mut pdf = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (n, object) in objects.iter().enumerate() {
            offsets.push(pdf.len());
            pdf.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", n + 1).as_bytes());
        }
        let xref = pdf.len();
        pdf.extend_from_slice(
            format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
        );
        for offset in offsets {
            pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
        }
        pdf.extend_from_slice(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .as_bytes(),
        );
        pdf
    }

    #[test]
    fn a_page_slower_to_draw_than_the_budget_is_given_up_with_the_reason() {
        // A few fills: drawn, grey.
        let quick = PdfPages::open(Arc::new(slow_to_draw(2, 2))).expect("opens");
        let drawn = quick
            .render_within(0, 36.0, OCR_MAX_PIXELS, Duration::from_secs(600))
            .expect("drawn in time");
        let middle = drawn.to_luma()[drawn.rgba.len() / 8];
        assert!((120..=135).contains(&middle), "{middle}");
        // 4^7 = 16,384 fills of the page: seconds of work, given up at 50 ms.
        let hostile = PdfPages::open(Arc::new(slow_to_draw(7, 4))).expect("opens");
        let started = Instant::now();
        let given_up = hostile.render_within(0, 36.0, OCR_MAX_PIXELS, Duration::from_millis(50));
        let waited = started.elapsed();
        let Err(SkipReason::Damaged(why)) = given_up else {
            panic!("{given_up:?}")
        };
        assert!(why.contains("longer than 0.05 s"), "{why}");
        assert!(waited < Duration::from_secs(5), "waited {waited:?}");
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
