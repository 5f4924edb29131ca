//! Images (PNG, JPEG, TIFF with all its pages, WebP, BMP, GIF: its first frame): no text of
//! their own; every page is left for OCR (`corpus::ocr`), which the loader reads from its cache or runs.

use super::Extracted;
use crate::corpus::SkipReason;
use crate::corpus::layout::PageLayout;
use crate::corpus::ocr::pages::image_page_sizes;
use crate::text::ParagraphStyle;

pub fn extract(bytes: &[u8]) -> Result<Extracted, SkipReason> {
    let sizes = image_page_sizes(bytes)?;
    Ok(Extracted {
        encoding: "image".to_owned(),
        style: ParagraphStyle::Blocks,
        pages: vec![0; sizes.len()],
        ocr_pages: (0..sizes.len()).collect(),
        layout: Some(PageLayout {
            pages: sizes,
            words: Vec::new(),
        }),
        ..Default::default()
    })
}
