//! The real app driven as the native window drives it, for frame benches: an
//! `egui::Context` with no accessibility tree (eframe builds one only when a screen reader
//! asks), one pass of the app's `ui` and the tessellation of its shapes per frame. Only the
//! GPU's share of a frame is left out.
//!
//! The kittest harness (`window.rs`) is what tests click through; it builds and diffs the
//! accessibility tree every frame, which a window without a screen reader never does.
//! Needs `window.rs` beside it (the app's settings and readiness).

use std::path::Path;
use std::time::{Duration, Instant};

use dossier::app::DossierApp;
use eframe::App as _;
use egui::{Event, Key, Modifiers, RawInput, Rect, pos2, vec2};

pub struct BareWindow {
    ctx: egui::Context,
    frame: eframe::Frame,
    pub app: DossierApp,
    events: Vec<Event>,
}

impl BareWindow {
    /// The app at 1280x800 with `open` loaded and its entities recognised (at most ten
    /// minutes), its settings in `data`.
    pub fn opened(open: &Path, data: &Path) -> Self {
        let config = super::window::config(open, data);
        let ctx = egui::Context::default();
        let app = DossierApp::new(&eframe::CreationContext::_new_kittest(ctx.clone()), config);
        let mut window = Self {
            ctx,
            frame: eframe::Frame::_new_kittest(),
            app,
            events: Vec::new(),
        };
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(600) {
            window.step();
            if super::window::ready(&window.app) {
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        assert!(window.app.entity_index().is_some(), "entities recognised");
        window
    }

    /// One frame: the app's pass over the input so far, and its shapes tessellated into
    /// triangles; returns how many meshes that made.
    pub fn step(&mut self) -> usize {
        let input = RawInput {
            screen_rect: Some(Rect::from_min_size(pos2(0.0, 0.0), vec2(1280.0, 800.0))),
            events: std::mem::take(&mut self.events),
            ..RawInput::default()
        };
        let (ctx, frame, app) = (&self.ctx, &mut self.frame, &mut self.app);
        let mut output = ctx.run_ui(input, |ui| app.ui(ui, frame));
        // No GPU takes the font atlas's updates; debug builds insist they are let go of.
        output.textures_delta.clear();
        ctx.tessellate(output.shapes, output.pixels_per_point).len()
    }

    /// Queues a key press with `modifiers` for the next frame.
    pub fn key(&mut self, modifiers: Modifiers, key: Key) {
        for pressed in [true, false] {
            self.events.push(Event::Key {
                key,
                physical_key: None,
                pressed,
                repeat: false,
                modifiers,
            });
        }
    }
}
