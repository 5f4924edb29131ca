//! Scans made in code, with their known text: lines drawn with the fonts of `assets/fonts/`
//! (shaped by `harfrust`, the shaper egui uses, so that Arabic letters join as printed;
//! drawn glyph by glyph with `ab_glyph`), at a given resolution, optionally rotated a few
//! degrees like a page fed askew, written as PNG, TIFF (several pages) or an image-only
//! PDF (the page as a JPEG, as scanners write them).

use std::io::Cursor;

use ab_glyph::{Font, FontRef, GlyphId, PxScale, point};
use image::{GrayImage, Luma};
use lopdf::{Document, Object, Stream, dictionary};

const SERIF: &[u8] = include_bytes!("../../assets/fonts/NotoSerif-Regular.ttf");
const ARABIC: &[u8] = include_bytes!("../../assets/fonts/NotoSansArabic-Regular.ttf");

/// English text of a news report (the known truth).
pub const ENGLISH: &str = "The ministry of finance published the annual budget on Monday.
Officials said the report covers spending on schools, hospitals and roads.
The opposition asked for an inquiry into the missing contracts.
A spokesman for the port authority declined to comment on the delays.
Records show that twelve companies bid for the bridge repairs in March.
The committee will meet again next week to review the accounts.";

/// Arabic text of the same kind.
pub const ARABIC_TEXT: &str = "نشرت وزارة المالية الميزانية السنوية يوم الاثنين
وقال المسؤولون إن التقرير يغطي الإنفاق على المدارس والمستشفيات
وطالبت المعارضة بالتحقيق في العقود المفقودة
وسجلت اللجنة أسماء الشركات التي قدمت عروضها في شهر مارس";

/// Which script a page is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Script {
    Latin,
    Arabic,
}

/// A page of `text` (one line per line) drawn at `dpi` on a US Letter page (a narrower
/// strip: only the text's height), rotated `degrees`.
pub fn page(text: &str, script: Script, dpi: f32, degrees: f32) -> GrayImage {
    let font_bytes = match script {
        Script::Latin => SERIF,
        Script::Arabic => ARABIC,
    };
    let font = FontRef::try_from_slice(font_bytes).expect("the font parses");
    let shaper_font = harfrust::FontRef::new(font_bytes).expect("the font parses");
    let data = harfrust::ShaperData::new(&shaper_font);
    let shaper = data.shaper(&shaper_font).build();
    let px_per_pt = dpi / 72.0;
    let size_px = 12.0 * px_per_pt; // 12 pt type
    let units = font.units_per_em().unwrap_or(1000.0);
    let scale = size_px / units;
    // ab_glyph's scale is the font's height (ascent - descent), not its em.
    let glyph_scale = PxScale::from(size_px * font.height_unscaled() / units);
    let width = (8.5 * dpi) as u32;
    let margin = dpi; // one inch
    let line_height = size_px * 1.6;
    let lines: Vec<&str> = text.lines().collect();
    let height = (2.0 * margin + line_height * lines.len() as f32) as u32;
    let mut img = GrayImage::from_pixel(width, height, Luma([255]));
    for (n, line) in lines.iter().enumerate() {
        let mut buffer = harfrust::UnicodeBuffer::new();
        buffer.push_str(line);
        buffer.guess_segment_properties();
        let shaped = shaper.shape(buffer, harfrust::ShapeOptions::new());
        let advance: f32 = shaped
            .glyph_positions()
            .iter()
            .map(|p| p.x_advance as f32 * scale)
            .sum();
        let baseline = margin + line_height * (n as f32 + 1.0);
        // Arabic is set flush right, as printed; harfrust gives its glyphs left to right.
        let mut x = match script {
            Script::Latin => margin,
            Script::Arabic => width as f32 - margin - advance,
        };
        for (info, pos) in shaped.glyph_infos().iter().zip(shaped.glyph_positions()) {
            let glyph = GlyphId(info.glyph_id as u16).with_scale_and_position(
                glyph_scale,
                point(
                    x + pos.x_offset as f32 * scale,
                    baseline - pos.y_offset as f32 * scale,
                ),
            );
            if let Some(outline) = font.outline_glyph(glyph) {
                let bounds = outline.px_bounds();
                outline.draw(|gx, gy, cover| {
                    let px = bounds.min.x as i64 + i64::from(gx);
                    let py = bounds.min.y as i64 + i64::from(gy);
                    if px >= 0 && py >= 0 && (px as u32) < width && (py as u32) < height {
                        let p = img.get_pixel_mut(px as u32, py as u32);
                        let ink = (cover.clamp(0.0, 1.0) * 255.0) as u8;
                        p.0[0] = p.0[0].min(255 - ink);
                    }
                });
            }
            x += pos.x_advance as f32 * scale;
        }
    }
    if degrees != 0.0 {
        rotate(&img, degrees)
    } else {
        img
    }
}

/// `img` turned `degrees` about its centre (bilinear, white outside), as a page fed askew.
fn rotate(img: &GrayImage, degrees: f32) -> GrayImage {
    let (w, h) = img.dimensions();
    let (sin, cos) = degrees.to_radians().sin_cos();
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    let at = |x: i64, y: i64| -> f32 {
        if x >= 0 && y >= 0 && (x as u32) < w && (y as u32) < h {
            f32::from(img.get_pixel(x as u32, y as u32).0[0])
        } else {
            255.0
        }
    };
    GrayImage::from_fn(w, h, |x, y| {
        let (dx, dy) = (x as f32 - cx, y as f32 - cy);
        let sx = cos * dx + sin * dy + cx;
        let sy = -sin * dx + cos * dy + cy;
        let (x0, y0) = (sx.floor(), sy.floor());
        let (fx, fy) = (sx - x0, sy - y0);
        let (x0, y0) = (x0 as i64, y0 as i64);
        let top = at(x0, y0) * (1.0 - fx) + at(x0 + 1, y0) * fx;
        let bottom = at(x0, y0 + 1) * (1.0 - fx) + at(x0 + 1, y0 + 1) * fx;
        Luma([(top * (1.0 - fy) + bottom * fy).round() as u8])
    })
}

/// `img` as a PNG file.
pub fn png(img: &GrayImage) -> Vec<u8> {
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
        .expect("png encodes");
    out
}

/// `img` as a JPEG file (what a camera or scanner writes).
pub fn jpeg(img: &GrayImage) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 92);
    encoder.encode_image(img).expect("jpeg encodes");
    out
}

/// `pages` as one multi-page TIFF.
pub fn tiff(pages: &[GrayImage]) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    let mut encoder = tiff::encoder::TiffEncoder::new(&mut out).expect("tiff encoder");
    for page in pages {
        encoder
            .write_image::<tiff::encoder::colortype::Gray8>(
                page.width(),
                page.height(),
                page.as_raw(),
            )
            .expect("tiff page");
    }
    out.into_inner()
}

/// An image-only PDF: each image a page at `dpi`, drawn full page, no text layer.
pub fn image_pdf(pages: &[GrayImage], dpi: f32) -> Vec<u8> {
    image_pdf_as(pages, dpi, Embedded::Jpeg, 0)
}

/// How an image-only PDF holds its page's scan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Embedded {
    /// A JPEG (`/DCTDecode`), as most scanners write.
    Jpeg,
    /// Grey pixels deflated (`/FlateDecode`).
    Flate,
}

/// An image-only PDF, each image a page at `dpi` held as `embedded`; with `rotate` (90 or
/// 270) the image is stored turned the other way and the page has that `/Rotate`, so that
/// it is shown upright (a scan saved sideways and fixed in the viewer).
pub fn image_pdf_as(pages: &[GrayImage], dpi: f32, embedded: Embedded, rotate: i64) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let mut kids = Vec::new();
    for upright in pages {
        let img = match rotate {
            90 => image::imageops::rotate270(upright),
            270 => image::imageops::rotate90(upright),
            _ => upright.clone(),
        };
        let (w_pt, h_pt) = (
            img.width() as f32 * 72.0 / dpi,
            img.height() as f32 * 72.0 / dpi,
        );
        let (filter, data) = match embedded {
            Embedded::Jpeg => ("DCTDecode", jpeg(&img)),
            Embedded::Flate => {
                use std::io::Write;
                let mut z =
                    flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
                z.write_all(img.as_raw()).expect("deflate");
                ("FlateDecode", z.finish().expect("deflate"))
            }
        };
        let image_id = doc.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Image",
                "Width" => i64::from(img.width()), "Height" => i64::from(img.height()),
                "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8, "Filter" => filter,
            },
            data,
        ));
        let content = format!("q {w_pt} 0 0 {h_pt} 0 0 cm /Im1 Do Q");
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
            "MediaBox" => vec![0.into(), 0.into(), w_pt.into(), h_pt.into()],
            "Rotate" => rotate,
            "Resources" => dictionary! { "XObject" => dictionary! { "Im1" => image_id } },
        });
        kids.push(Object::Reference(page_id));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("pdf saves");
    out
}

/// Word accuracy of `read` against `truth`: the share of the truth's words found in order
/// (longest common subsequence of words, punctuation kept).
pub fn word_accuracy(truth: &str, read: &str) -> f64 {
    let a: Vec<&str> = truth.split_whitespace().collect();
    let b: Vec<&str> = read.split_whitespace().collect();
    if a.is_empty() {
        return 1.0;
    }
    let mut row = vec![0usize; b.len() + 1];
    for x in &a {
        let mut diag = 0;
        for (j, y) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = if x == y { diag + 1 } else { up.max(row[j]) };
            diag = up;
        }
    }
    row[b.len()] as f64 / a.len() as f64
}

/// The words of the scanned register and of the photographed minutes of [`scans_folder`].
pub const REGISTER_TEXT: &str = "The harbour master signed the shipping register in April.";
pub const MINUTES_TEXT: &str = "Minutes of the council meeting held in the town hall.";

/// A folder `scans` in `dir` with a scanned PDF of one page (`register.pdf`, 150 dpi) and
/// a photographed page (`minutes.jpg`, 2 degrees askew).
pub fn scans_folder(dir: &std::path::Path) -> std::path::PathBuf {
    let folder = dir.join("scans");
    std::fs::create_dir_all(&folder).expect("mkdir");
    let scan = page(REGISTER_TEXT, Script::Latin, 150.0, 0.0);
    std::fs::write(folder.join("register.pdf"), image_pdf(&[scan], 150.0)).expect("pdf");
    let photo = page(MINUTES_TEXT, Script::Latin, 150.0, 2.0);
    std::fs::write(folder.join("minutes.jpg"), jpeg(&photo)).expect("jpg");
    folder
}

/// Tesseract with the languages `needed`; else says why and is false, or fails when
/// `DOSSIER_REQUIRE_TESSERACT=1` (CI sets it).
pub fn tesseract_with(needed: &[&str]) -> bool {
    let found = dossier::corpus::ocr::Tesseract::find(None).and_then(|t| {
        match needed.iter().find(|l| !t.languages.iter().any(|i| i == *l)) {
            Some(missing) => Err(format!("tesseract lacks {missing}")),
            None => Ok(()),
        }
    });
    match found {
        Ok(()) => true,
        Err(why) => {
            if std::env::var("DOSSIER_REQUIRE_TESSERACT").as_deref() == Ok("1") {
                panic!("DOSSIER_REQUIRE_TESSERACT=1 but {why}");
            }
            eprintln!("skipped: {why}");
            false
        }
    }
}
