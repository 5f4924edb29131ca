//! Drawn pages as textures, within a memory bound: the least recently shown page goes
//! first when a new one would pass [`TEXTURE_BUDGET_BYTES`].

use std::collections::HashMap;

use egui::TextureHandle;

/// The most texture memory the page view keeps (RGBA, 4 bytes a pixel): about 24 Letter
/// pages at twice their size in points, enough for a screenful on a high-density display.
pub const TEXTURE_BUDGET_BYTES: usize = 192 << 20;

/// One page's texture and the scale it was drawn at.
pub struct PageTexture {
    pub texture: TextureHandle,
    pub scale: f32,
    bytes: usize,
    last_used: u64,
}

/// The textures of the document shown, by page.
pub struct TextureCache {
    pages: HashMap<usize, PageTexture>,
    bytes: usize,
    budget: usize,
    clock: u64,
}

impl Default for TextureCache {
    fn default() -> Self {
        Self::with_budget(TEXTURE_BUDGET_BYTES)
    }
}

impl TextureCache {
    /// A cache that keeps at most `budget` bytes of textures (but always the newest page).
    pub fn with_budget(budget: usize) -> Self {
        Self {
            pages: HashMap::new(),
            bytes: 0,
            budget,
            clock: 0,
        }
    }

    /// Forgets every page (another document, another file).
    pub fn clear(&mut self) {
        self.pages.clear();
        self.bytes = 0;
    }

    /// The texture of `page`, marked as used now.
    pub fn get(&mut self, page: usize) -> Option<&PageTexture> {
        self.clock += 1;
        let now = self.clock;
        let entry = self.pages.get_mut(&page)?;
        entry.last_used = now;
        Some(entry)
    }

    /// Keeps `texture` for `page` (replacing an older scale), then drops the least recently
    /// used pages other than this one until the total is within the budget.
    pub fn insert(&mut self, page: usize, texture: TextureHandle, scale: f32) {
        let [w, h] = texture.size();
        let bytes = w * h * 4;
        self.clock += 1;
        if let Some(old) = self.pages.insert(
            page,
            PageTexture {
                texture,
                scale,
                bytes,
                last_used: self.clock,
            },
        ) {
            self.bytes -= old.bytes;
        }
        self.bytes += bytes;
        while self.bytes > self.budget {
            let Some(oldest) = self
                .pages
                .iter()
                .filter(|&(&p, _)| p != page)
                .min_by_key(|(_, t)| t.last_used)
                .map(|(&p, _)| p)
            else {
                break;
            };
            if let Some(gone) = self.pages.remove(&oldest) {
                self.bytes -= gone.bytes;
            }
        }
    }

    /// How many pages are held.
    pub fn len(&self) -> usize {
        self.pages.len()
    }

    /// Texture memory held, in bytes.
    #[cfg(test)]
    fn bytes(&self) -> usize {
        self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texture(ctx: &egui::Context, side: usize) -> TextureHandle {
        let image = egui::ColorImage::filled([side, side], egui::Color32::WHITE);
        ctx.load_texture("page", image, egui::TextureOptions::LINEAR)
    }

    #[test]
    fn the_least_recently_shown_pages_go_first_past_the_budget() {
        let ctx = egui::Context::default();
        // A quarter of the budget a page: four fit, a fifth pushes one out.
        let side = 64;
        let budget = 4 * side * side * 4;
        let mut cache = TextureCache::with_budget(budget);
        for page in 0..4 {
            cache.insert(page, texture(&ctx, side), 1.0);
        }
        assert!(cache.get(0).is_some()); // page 0 shown again: page 1 is now the oldest
        cache.insert(4, texture(&ctx, side), 1.0);
        assert!(cache.bytes() <= budget);
        assert!(cache.get(1).is_none());
        for page in [0, 2, 3, 4] {
            assert!(cache.get(page).is_some(), "page {page}");
        }
        // A page drawn again at another scale replaces its older texture.
        cache.insert(4, texture(&ctx, side / 2), 2.0);
        assert_eq!(cache.get(4).map(|t| t.scale), Some(2.0));
        assert!(cache.bytes() < budget);
    }
}
