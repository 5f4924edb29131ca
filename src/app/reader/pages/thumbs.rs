//! Thumbnails of coded regions for the annotation cards and the coded passages: the
//! region's page drawn small on a worker of its own (the page view's `Renderer`), the box
//! cropped from it and kept as a small texture; at most [`MAX_THUMBS`] of at most
//! [`THUMB_SIDE`] pixels a side (16 MiB), least recently shown first out. A placeholder is
//! drawn until the thumbnail is ready.

use std::collections::HashMap;
use std::path::Path;

use egui::{Color32, Rect, Response, Sense, Stroke, StrokeKind, TextureHandle, Ui, pos2, vec2};

use super::render::{PagesOf, Renderer, Request, Source};
use crate::app::theme;
use crate::corpus::Document;
use crate::corpus::layout::PageSize;
use crate::corpus::raster::Pixels;
use crate::project::PageRegion;

/// Thumbnails kept at most.
pub const MAX_THUMBS: usize = 64;
/// The longest side of a thumbnail, in pixels.
pub const THUMB_SIDE: f32 = 256.0;
/// The most pixels a page is drawn with to crop a thumbnail from.
const PAGE_PIXELS: f32 = 4_000_000.0;

/// A region of a document's page.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Key {
    of: PagesOf,
    page: u32,
    /// The box's numbers' bits.
    region: [u32; 4],
}

struct Thumb {
    /// `None`: the page could not be drawn.
    texture: Option<TextureHandle>,
    /// The frame it was last shown in.
    shown: u64,
}

/// What a thumbnail waits for: its page drawn at `scale`, of this size in page units.
struct Asked {
    scale: f32,
    size: PageSize,
    region: PageRegion,
}

/// The thumbnails, their worker, and what the frame asked for.
#[derive(Default)]
pub struct RegionThumbs {
    renderer: Option<Renderer>,
    thumbs: HashMap<Key, Thumb>,
    asked: HashMap<Key, Asked>,
    wanted: Vec<Request>,
}

impl RegionThumbs {
    /// Draws the thumbnail of `region` of `doc` (of the corpus folder `root`), at most
    /// `max` points: the box cropped from its page, or a placeholder while it is drawn (or
    /// when it cannot be).
    pub fn show(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        root: &Path,
        region: PageRegion,
        max: egui::Vec2,
    ) -> Response {
        self.receive(ui.ctx());
        let fit = (max.x / region.w.max(1.0)).min(max.y / region.h.max(1.0));
        let size = vec2(region.w * fit, region.h * fit).max(vec2(8.0, 8.0));
        let (rect, response) = ui.allocate_exact_size(size, Sense::hover());
        let (of, source) = super::source_of(doc, root);
        let page_size = doc
            .layout
            .as_ref()
            .and_then(|l| l.pages.get(region.page as usize).copied());
        let Some(page_size) = page_size else {
            placeholder(ui, rect);
            return response;
        };
        let key = Key {
            of,
            page: region.page,
            region: [region.x, region.y, region.w, region.h].map(f32::to_bits),
        };
        let frame = ui.ctx().cumulative_frame_nr();
        match self.thumbs.get_mut(&key) {
            Some(thumb) => {
                thumb.shown = frame;
                match &thumb.texture {
                    Some(t) => {
                        let uv = Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0));
                        ui.painter().image(t.id(), rect, uv, Color32::WHITE);
                        let stroke = Stroke::new(1.0, theme::weak_text(ui).gamma_multiply(0.5));
                        ui.painter()
                            .rect_stroke(rect, 0.0, stroke, StrokeKind::Outside);
                    }
                    None => placeholder(ui, rect),
                }
            }
            None => {
                placeholder(ui, rect);
                self.ask(key, source, page_size, region);
            }
        }
        response
    }

    /// Sends what this frame's thumbnails asked for to the worker (once a frame, after the
    /// panels are drawn: the worker's queue is replaced by each request).
    pub fn end_frame(&mut self, ctx: &egui::Context) {
        if self.wanted.is_empty() {
            return;
        }
        let wake = ctx.clone();
        let renderer = self
            .renderer
            .get_or_insert_with(|| Renderer::start(move || wake.request_repaint()));
        renderer.want(std::mem::take(&mut self.wanted));
    }

    /// How many thumbnails are held.
    pub fn len(&self) -> usize {
        self.thumbs.len()
    }

    /// Whether none is held.
    pub fn is_empty(&self) -> bool {
        self.thumbs.is_empty()
    }

    /// Asks for the page of a thumbnail, drawn at a scale that makes the box at most
    /// `THUMB_SIDE` pixels and the page at most `PAGE_PIXELS`.
    fn ask(&mut self, key: Key, source: Source, size: PageSize, region: PageRegion) {
        let longest = region.w.max(region.h).max(1.0);
        let page_area = (size.width * size.height).max(1.0);
        let scale = (THUMB_SIDE / longest)
            .min((PAGE_PIXELS / page_area).sqrt())
            .min(4.0);
        let scale = ((scale * 8.0).floor() / 8.0).max(0.125);
        let page = region.page as usize;
        let pending = self
            .renderer
            .as_ref()
            .is_some_and(|r| r.is_pending(page, scale));
        if !pending {
            self.wanted.push(Request {
                of: key.of.clone(),
                source,
                page,
                scale,
            });
        }
        self.asked.insert(
            key,
            Asked {
                scale,
                size,
                region,
            },
        );
    }

    /// Crops the pages the worker drew into the thumbnails that asked for them.
    fn receive(&mut self, ctx: &egui::Context) {
        let Some(renderer) = &mut self.renderer else {
            return;
        };
        let frame = ctx.cumulative_frame_nr();
        for drawn in renderer.drain() {
            let done: Vec<Key> = self
                .asked
                .iter()
                .filter(|(k, a)| {
                    k.of == drawn.of
                        && k.page as usize == drawn.page
                        && (drawn.pixels.is_err() || a.scale.to_bits() == drawn.scale.to_bits())
                })
                .map(|(k, _)| k.clone())
                .collect();
            for key in done {
                let Some(asked) = self.asked.remove(&key) else {
                    continue;
                };
                let texture = drawn
                    .pixels
                    .as_ref()
                    .ok()
                    .and_then(|p| crop(p, asked.size, asked.region))
                    .map(|image| ctx.load_texture("region-thumb", image, Default::default()));
                self.thumbs.insert(
                    key,
                    Thumb {
                        texture,
                        shown: frame,
                    },
                );
            }
        }
        while self.thumbs.len() > MAX_THUMBS {
            let oldest = self
                .thumbs
                .iter()
                .min_by_key(|(_, t)| t.shown)
                .map(|(k, _)| k.clone());
            match oldest {
                Some(k) => self.thumbs.remove(&k),
                None => break,
            };
        }
    }
}

/// A grey box: the thumbnail is not drawn yet (or cannot be).
fn placeholder(ui: &Ui, rect: Rect) {
    let weak = theme::weak_text(ui);
    ui.painter()
        .rect_filled(rect, 2.0, weak.gamma_multiply(0.15));
    ui.painter().rect_stroke(
        rect,
        2.0,
        Stroke::new(1.0, weak.gamma_multiply(0.4)),
        StrokeKind::Inside,
    );
}

/// The pixels of `region` of a page of `size` (page units) drawn as `page`; `None` when
/// the box holds no pixel.
fn crop(page: &Pixels, size: PageSize, region: PageRegion) -> Option<egui::ColorImage> {
    let (w, h) = (page.width as f32, page.height as f32);
    let sx = w / size.width.max(1.0);
    let sy = h / size.height.max(1.0);
    let x0 = (region.x * sx).floor().clamp(0.0, w) as usize;
    let y0 = (region.y * sy).floor().clamp(0.0, h) as usize;
    let x1 = ((region.x + region.w) * sx).ceil().clamp(0.0, w) as usize;
    let y1 = ((region.y + region.h) * sy).ceil().clamp(0.0, h) as usize;
    if x1 <= x0 || y1 <= y0 {
        return None;
    }
    let stride = page.width as usize * 4;
    let mut rgba = Vec::with_capacity((x1 - x0) * (y1 - y0) * 4);
    for y in y0..y1 {
        let row = page.rgba.get(y * stride + x0 * 4..y * stride + x1 * 4)?;
        rgba.extend_from_slice(row);
    }
    Some(egui::ColorImage::from_rgba_unmultiplied(
        [x1 - x0, y1 - y0],
        &rgba,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crop_takes_the_box_in_page_units_from_a_page_drawn_at_any_scale() {
        // A 4x2 page drawn at 2 pixels a unit (8x4 pixels), each pixel's red its column.
        let rgba: Vec<u8> = (0..4)
            .flat_map(|_| (0..8u8).flat_map(|x| [x, 0, 0, 255]))
            .collect();
        let page = Pixels {
            width: 8,
            height: 4,
            rgba,
        };
        let size = PageSize {
            width: 4.0,
            height: 2.0,
        };
        let region = PageRegion::new(
            0,
            crate::corpus::layout::PageRect {
                x: 1.0,
                y: 1.0,
                w: 2.0,
                h: 1.0,
            },
        )
        .expect("a box");
        let image = crop(&page, size, region).expect("pixels");
        assert_eq!(image.size, [4, 2]);
        assert_eq!(image.pixels[0].r(), 2);
        assert_eq!(image.pixels[3].r(), 5);
        let outside = PageRegion::new(
            0,
            crate::corpus::layout::PageRect {
                x: 9.0,
                y: 9.0,
                w: 2.0,
                h: 1.0,
            },
        )
        .expect("a box");
        assert!(crop(&page, size, outside).is_none());
    }
}
