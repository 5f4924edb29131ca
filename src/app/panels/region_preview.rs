//! A coded region as the annotation cards and the coded passages show it: a thumbnail of
//! the box cropped from its page, "Region, page N", and the words inside it, if any.

use std::path::Path;

use egui::{RichText, Ui, vec2};

use crate::app::reader::RegionThumbs;
use crate::app::theme;
use crate::corpus::Document;
use crate::project::PageRegion;

/// The thumbnail (when the document is there to draw it from) and what the region holds.
pub fn show(
    ui: &mut Ui,
    thumbs: &mut RegionThumbs,
    doc: Option<&Document>,
    root: &Path,
    region: PageRegion,
    quote: &str,
) {
    ui.vertical(|ui| {
        if let Some(doc) = doc {
            let max = vec2(ui.available_width().min(220.0), 120.0);
            thumbs.show(ui, doc, root, region, max);
        }
        let mut what = format!("Region, page {}", region.page + 1);
        if quote.is_empty() {
            what.push_str(" (no words)");
        }
        ui.label(
            RichText::new(what)
                .small()
                .strong()
                .color(theme::weak_text(ui)),
        );
        if !quote.is_empty() {
            ui.label(
                RichText::new(format!("“{}”", crate::text::shorten(quote, 140)))
                    .small()
                    .italics(),
            );
        }
    });
}
