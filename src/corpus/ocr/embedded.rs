//! A scanned PDF page handed to Tesseract as its scan, not drawn: a page whose content is
//! exactly one image drawn over (nearly) the whole page, found with `lopdf`.
//!
//! - a JPEG (`/DCTDecode`) drawn upright: its bytes piped as they are (Tesseract decodes
//!   them, as it does a `.jpg` a user hands it);
//! - 8-bit grey or RGB pixels (`/FlateDecode`, no predictor), or a JPEG drawn turned (a
//!   quarter turn of its own or the page's `/Rotate`, or mirrored): the pixels turned the
//!   right way up here, grey, as a fast PNG;
//! - anything else (CCITT, JBIG2, JPX, a mask, a palette, a clip, a second drawing, an image
//!   askew, below 100 dpi or over [`OCR_MAX_PIXELS`]): `None`, and the page is drawn by
//!   hayro as before.
//!
//! Tesseract's word boxes are then in the image's pixels: [`OcrImage::frame`] says where
//! those pixels lie on the page as shown (the crop box, turned by `/Rotate`, the units of a
//! drawn page), so that the page view and regions land on the words as on a drawn page.
//! This saves hayro's drawing (about 94 ms a Letter page at 300 dpi in release) and the
//! greying of its RGBA (`BENCHMARKS.md`, OCR speed).

use std::cell::RefCell;
use std::io::Read;
use std::sync::Arc;

use image::ImageDecoder;
use lopdf::{Dictionary, Document as PdfDocument, Object, ObjectId, Stream};

use super::pages::{OcrImage, grey_png};
use crate::corpus::formats::guard;
use crate::corpus::formats::pdf::shown::{Shown, shown_with_media};
use crate::corpus::layout::PageRect;
use crate::corpus::raster::OCR_MAX_PIXELS;

/// An image covering less of the page's area than this is not the page's scan.
const MIN_COVER: f32 = 0.9;
/// Below this resolution the page is drawn at 300 dpi instead (Tesseract reads small text
/// better enlarged).
const MIN_DPI: f32 = 100.0;
/// A scanned page's content stream is a line; one larger than this is not one.
const MAX_CONTENT_BYTES: usize = 64 * 1024;

/// A PDF opened, with the bytes it was opened from (kept so that a pointer seen again is
/// the same file).
type Opened = (Arc<Vec<u8>>, Arc<PdfDocument>);

thread_local! {
    /// The PDF last opened on this thread: the pages of one file come in order.
    static LAST: RefCell<Option<Opened>> = const { RefCell::new(None) };
}

/// Page `index` of the PDF `bytes` as its own scan, or `None` when it must be drawn.
pub fn page_image(bytes: &Arc<Vec<u8>>, index: usize) -> Option<OcrImage> {
    guard::shielded("PDF", || Ok(find(bytes, index)))
        .ok()
        .flatten()
}

fn document(bytes: &Arc<Vec<u8>>) -> Option<Arc<PdfDocument>> {
    let known = LAST.with(|last| {
        last.borrow()
            .as_ref()
            .filter(|(b, _)| Arc::ptr_eq(b, bytes))
            .map(|(_, doc)| Arc::clone(doc))
    });
    if known.is_some() {
        return known;
    }
    let doc = Arc::new(PdfDocument::load_mem(bytes).ok()?);
    LAST.with(|last| *last.borrow_mut() = Some((Arc::clone(bytes), Arc::clone(&doc))));
    Some(doc)
}

/// A PDF matrix `[a b c d e f]`: `x' = a x + c y + e`, `y' = b x + d y + f`.
type Matrix = [f32; 6];

/// `m` applied first, then `n`.
fn then(m: Matrix, n: Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

fn find(bytes: &Arc<Vec<u8>>, index: usize) -> Option<OcrImage> {
    let doc = document(bytes)?;
    if doc.trailer.get(b"Encrypt").is_ok() {
        return None;
    }
    let page_id = *doc.get_pages().get(&(u32::try_from(index).ok()? + 1))?;
    let page = doc.get_dictionary(page_id).ok()?;
    let (name, ctm) = the_one_drawing(&doc, page_id)?;
    let image = xobject(&doc, page_id, &name)?;
    let (shown, media) = shown_with_media(&doc, page)?;
    let placed = Placed::new(ctm, &shown, media)?;
    let dict = &image.dict;
    let width = u32::try_from(dict.get(b"Width").ok()?.as_i64().ok()?).ok()?;
    let height = u32::try_from(dict.get(b"Height").ok()?.as_i64().ok()?).ok()?;
    if width == 0 || height == 0 || u64::from(width) * u64::from(height) > OCR_MAX_PIXELS {
        return None;
    }
    let plain = name_is(dict, b"Subtype", b"Image")
        && dict.get(b"BitsPerComponent").ok()?.as_i64().ok()? == 8
        && !dict
            .get(b"ImageMask")
            .and_then(Object::as_bool)
            .unwrap_or(false)
        && dict.get(b"SMask").is_err()
        && dict.get(b"Mask").is_err()
        && dict.get(b"Decode").is_err();
    if !plain {
        return None;
    }
    let channels = channels(&doc, dict.get(b"ColorSpace").ok()?)?;
    let (out_w, out_h) = placed.turned_size(width, height);
    let dpi = out_w as f32 * 72.0 / placed.frame.w;
    if dpi < MIN_DPI {
        return None;
    }
    let filters = image.filters().ok()?;
    let (file, as_is) = match filters.as_slice() {
        [b"DCTDecode"] => {
            let jpeg = &image.content;
            let decoder = image::codecs::jpeg::JpegDecoder::new(std::io::Cursor::new(jpeg)).ok()?;
            let same_size = decoder.dimensions() == (width, height);
            let same_colours = decoder.color_type().channel_count() == channels;
            if !same_size || !same_colours {
                return None;
            }
            if placed.upright() {
                (Arc::new(jpeg.clone()), true)
            } else {
                let luma = image::load_from_memory_with_format(jpeg, image::ImageFormat::Jpeg)
                    .ok()?
                    .into_luma8()
                    .into_raw();
                let turned = placed.turn(&luma, width, height);
                (Arc::new(grey_png(&turned, out_w, out_h).ok()?), false)
            }
        }
        [b"FlateDecode"] if dict.get(b"DecodeParms").is_err() => {
            let n = width as usize * height as usize * usize::from(channels);
            let raw = inflate(&image.content, n)?;
            if raw.len() != n {
                return None;
            }
            let luma = if channels == 1 {
                raw
            } else {
                raw.chunks_exact(3)
                    .map(|p| {
                        ((299 * u32::from(p[0]) + 587 * u32::from(p[1]) + 114 * u32::from(p[2]))
                            / 1000) as u8
                    })
                    .collect()
            };
            let turned = placed.turn(&luma, width, height);
            (Arc::new(grey_png(&turned, out_w, out_h).ok()?), false)
        }
        _ => return None,
    };
    Some(OcrImage {
        size: shown.size(),
        width: out_w,
        height: out_h,
        dpi: Some(dpi),
        file,
        as_is,
        frame: Some(placed.frame),
    })
}

/// The name of the one image the page's content draws and the matrix it is drawn with,
/// when its content is nothing but that (`q`, `cm`, `Do`, `Q`).
fn the_one_drawing(doc: &PdfDocument, page_id: ObjectId) -> Option<(Vec<u8>, Matrix)> {
    let mut content = Vec::new();
    for id in doc.get_page_contents(page_id) {
        let stream = doc.get_object(id).ok()?.as_stream().ok()?;
        if stream.content.len() > MAX_CONTENT_BYTES {
            return None;
        }
        let filters = match stream.dict.get(b"Filter") {
            Ok(_) => stream.filters().ok()?,
            Err(_) => Vec::new(),
        };
        match filters.as_slice() {
            [] => content.extend_from_slice(&stream.content),
            [b"FlateDecode"] if stream.dict.get(b"DecodeParms").is_err() => {
                content.extend(inflate(&stream.content, MAX_CONTENT_BYTES)?);
            }
            _ => return None,
        }
        content.push(b'\n');
    }
    let ops = lopdf::content::Content::decode(&content).ok()?.operations;
    let mut ctm: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
    let mut saved = Vec::new();
    let mut drawn = None;
    for op in ops {
        match op.operator.as_str() {
            "q" if saved.len() < 64 => saved.push(ctm),
            "Q" => ctm = saved.pop()?,
            "cm" => {
                let mut m = [0.0; 6];
                if op.operands.len() != 6 {
                    return None;
                }
                for (slot, value) in m.iter_mut().zip(&op.operands) {
                    *slot = value.as_float().ok()?;
                }
                ctm = then(m, ctm);
            }
            "Do" if drawn.is_none() => {
                let name = op.operands.first()?.as_name().ok()?.to_vec();
                drawn = Some((name, ctm));
            }
            _ => return None,
        }
    }
    drawn.filter(|(_, m)| m.iter().all(|v| v.is_finite()))
}

/// The image XObject `name` of the page's resources.
fn xobject<'a>(doc: &'a PdfDocument, page_id: ObjectId, name: &[u8]) -> Option<&'a Stream> {
    let (own, inherited) = doc.get_page_resources(page_id).ok()?;
    let dicts = own.into_iter().chain(
        inherited
            .iter()
            .filter_map(|id| doc.get_dictionary(*id).ok()),
    );
    for resources in dicts {
        let Some(xobjects) = resources
            .get(b"XObject")
            .ok()
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_dict().ok())
        else {
            continue;
        };
        if let Ok(entry) = xobjects.get(name) {
            return doc.dereference(entry).ok()?.1.as_stream().ok();
        }
    }
    None
}

fn name_is(dict: &Dictionary, key: &[u8], value: &[u8]) -> bool {
    dict.get(key)
        .and_then(Object::as_name)
        .is_ok_and(|n| n == value)
}

/// Channels of an 8-bit grey or RGB colour space (ICC-based or calibrated ones read as
/// their plain kin, as OCR needs); `None` for any other.
fn channels(doc: &PdfDocument, space: &Object) -> Option<u8> {
    let (_, space) = doc.dereference(space).ok()?;
    match space {
        Object::Name(n) if n == b"DeviceGray" || n == b"CalGray" => Some(1),
        Object::Name(n) if n == b"DeviceRGB" || n == b"CalRGB" => Some(3),
        Object::Array(items) => {
            let kind = items.first()?.as_name().ok()?;
            match kind {
                b"CalGray" => Some(1),
                b"CalRGB" => Some(3),
                b"ICCBased" => {
                    let (_, profile) = doc.dereference(items.get(1)?).ok()?;
                    match profile
                        .as_stream()
                        .ok()?
                        .dict
                        .get(b"N")
                        .ok()?
                        .as_i64()
                        .ok()?
                    {
                        1 => Some(1),
                        3 => Some(3),
                        _ => None,
                    }
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// A zlib stream inflated, `None` past `limit` bytes (a bomb) or when damaged.
fn inflate(data: &[u8], limit: usize) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(limit.min(64 << 20));
    flate2::read::ZlibDecoder::new(data)
        .take(limit as u64 + 1)
        .read_to_end(&mut out)
        .ok()?;
    (out.len() <= limit).then_some(out)
}

/// Where an image's pixels are on the page as shown: its frame, and which way its rows
/// and columns run there.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Placed {
    /// The image's box on the page shown, points from its top-left corner.
    frame: PageRect,
    /// The image's columns run along the page's rows (a quarter turn) rather than its
    /// columns.
    swapped: bool,
    /// Its first column is on the page's right (or, swapped, at its bottom).
    u_back: bool,
    /// Its first row is at the page's bottom (or, swapped, on its right).
    v_back: bool,
}

impl Placed {
    /// The image drawn with `ctm` on the page `shown` (media box `media` in user space),
    /// when it is drawn square to the page, over at least [`MIN_COVER`] of it and not
    /// beyond it.
    fn new(ctm: Matrix, shown: &Shown, media: [f64; 4]) -> Option<Self> {
        let [a, b, c, d, e, f] = ctm;
        // The media box's top-left corner is the origin, y down.
        let to_page = |x: f32, y: f32| (x - media[0] as f32, media[3] as f32 - y);
        // The unit square's corners in user space, then on the media box.
        let corners = [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)]
            .map(|(x, y)| to_page(a * x + c * y + e, b * x + d * y + f));
        let (x0, x1) = corners.iter().fold((f32::MAX, f32::MIN), |(lo, hi), p| {
            (lo.min(p.0), hi.max(p.0))
        });
        let (y0, y1) = corners.iter().fold((f32::MAX, f32::MIN), |(lo, hi), p| {
            (lo.min(p.1), hi.max(p.1))
        });
        let frame = shown.rect(PageRect {
            x: x0,
            y: y0,
            w: x1 - x0,
            h: y1 - y0,
        });
        // The image's columns run along (a, b) in user space, its rows from the top of the
        // unit square down, along (-c, -d); on the media box y is turned down.
        let along_u = shown.direction((a, -b));
        let along_v = shown.direction((-c, d));
        let square = |(x, y): (f32, f32)| {
            let (big, small) = (x.abs().max(y.abs()), x.abs().min(y.abs()));
            big > 0.0 && small <= big * 1e-3
        };
        if !square(along_u) || !square(along_v) {
            return None;
        }
        let swapped = along_u.1.abs() > along_u.0.abs();
        if swapped == (along_v.1.abs() > along_v.0.abs()) {
            return None;
        }
        let (u_back, v_back) = if swapped {
            (along_u.1 < 0.0, along_v.0 < 0.0)
        } else {
            (along_u.0 < 0.0, along_v.1 < 0.0)
        };
        let page = shown.size();
        let slack_x = 1.0 + page.width * 0.01;
        let slack_y = 1.0 + page.height * 0.01;
        let inside = frame.x >= -slack_x
            && frame.y >= -slack_y
            && frame.x + frame.w <= page.width + slack_x
            && frame.y + frame.h <= page.height + slack_y;
        let covers = frame.w * frame.h >= MIN_COVER * page.width * page.height;
        (inside && covers && frame.w > 0.0 && frame.h > 0.0).then_some(Self {
            frame,
            swapped,
            u_back,
            v_back,
        })
    }

    /// True when the image's pixels run as the page's: handed as they are.
    fn upright(&self) -> bool {
        !self.swapped && !self.u_back && !self.v_back
    }

    /// The size of an image of `width` x `height` pixels turned the page's way up.
    fn turned_size(&self, width: u32, height: u32) -> (u32, u32) {
        if self.swapped {
            (height, width)
        } else {
            (width, height)
        }
    }

    /// Grey pixels of an image of `width` x `height` turned the page's way up.
    fn turn(&self, luma: &[u8], width: u32, height: u32) -> Vec<u8> {
        if self.upright() {
            return luma.to_vec();
        }
        let (w, h) = (width as usize, height as usize);
        let (out_w, out_h) = if self.swapped { (h, w) } else { (w, h) };
        let mut out = vec![255; out_w * out_h];
        for (y, row) in out.chunks_exact_mut(out_w).enumerate() {
            for (x, pixel) in row.iter_mut().enumerate() {
                // The page's column x and row y: which image column u and row v.
                let (u, v) = if self.swapped { (y, x) } else { (x, y) };
                let u = if self.u_back { w - 1 - u } else { u };
                let v = if self.v_back { h - 1 - v } else { v };
                if let Some(&p) = luma.get(v * w + u) {
                    *pixel = p;
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    fn letter(rotate: i64) -> (Shown, [f64; 4]) {
        let mut doc = PdfDocument::with_version("1.5");
        let page = dictionary! {
            "Type" => "Page",
            "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
            "Rotate" => rotate,
        };
        let id = doc.add_object(page);
        let page = doc.get_dictionary(id).expect("page");
        shown_with_media(&doc, page).expect("shown")
    }

    #[test]
    fn an_image_over_the_page_is_placed_on_the_page_as_shown_and_turned_its_way_up() {
        // Upright over the whole page: its pixels as they are, its frame the page.
        let (shown, media) = letter(0);
        let placed =
            Placed::new([612.0, 0.0, 0.0, 792.0, 0.0, 0.0], &shown, media).expect("placed");
        assert!(placed.upright());
        assert_eq!(
            placed.frame,
            PageRect {
                x: 0.0,
                y: 0.0,
                w: 612.0,
                h: 792.0
            }
        );
        // A clockwise quarter turn by /Rotate 90: the page shown is landscape, the image's
        // first row on its right, its columns running down.
        let (shown, media) = letter(90);
        let placed =
            Placed::new([612.0, 0.0, 0.0, 792.0, 0.0, 0.0], &shown, media).expect("placed");
        assert!(placed.swapped && !placed.u_back && placed.v_back);
        assert_eq!((placed.frame.w, placed.frame.h), (792.0, 612.0));
        // A 3 x 2 image: columns a b c over rows 1 2. Turned clockwise, the page's first
        // row reads the image's first column from its bottom up.
        let image = [1, 2, 3, 4, 5, 6];
        assert_eq!(placed.turned_size(3, 2), (2, 3));
        assert_eq!(placed.turn(&image, 3, 2), vec![4, 1, 5, 2, 6, 3]);
        // The same turn undone by the image's own matrix: upright again.
        // (A landscape image drawn a quarter turn anticlockwise over the media box.)
        let m = [0.0, 792.0, -612.0, 0.0, 612.0, 0.0];
        let placed = Placed::new(m, &shown, media).expect("placed");
        assert!(placed.upright());
        assert_eq!((placed.frame.w, placed.frame.h), (792.0, 612.0));
        // Half the page, or askew, or off the page: drawn instead.
        let (shown, media) = letter(0);
        assert!(Placed::new([306.0, 0.0, 0.0, 792.0, 0.0, 0.0], &shown, media).is_none());
        assert!(Placed::new([612.0, 10.0, 0.0, 792.0, 0.0, 0.0], &shown, media).is_none());
        assert!(Placed::new([612.0, 0.0, 0.0, 792.0, 100.0, 0.0], &shown, media).is_none());
        // Upside down (a y flip): turned.
        let placed =
            Placed::new([612.0, 0.0, 0.0, -792.0, 0.0, 792.0], &shown, media).expect("placed");
        assert!(!placed.swapped && !placed.u_back && placed.v_back);
        assert_eq!(placed.turn(&image, 3, 2), vec![4, 5, 6, 1, 2, 3]);
    }

    #[test]
    fn a_bomb_is_not_inflated_past_its_bound() {
        use std::io::Write;
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(&vec![0u8; 1 << 20]).expect("write");
        let packed = z.finish().expect("finish");
        assert!(inflate(&packed, 1000).is_none());
        assert_eq!(inflate(&packed, 1 << 20).map(|v| v.len()), Some(1 << 20));
    }
}
