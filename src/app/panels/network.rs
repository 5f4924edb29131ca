//! The entity network: entities as nodes (sized by mentions, coloured by kind), links
//! weighted by the paragraphs that mention both, laid out by forces on a worker thread.
//! Drag a node to move it (the others follow), drag the background to pan, scroll to zoom;
//! a click shows the entity's mentions, and a mention opens the reader there.

use std::collections::BTreeSet;
use std::sync::Arc;

use egui::{Color32, FontId, Pos2, Rect, RichText, Sense, Stroke, Ui, Vec2, vec2};

use crate::analysis::force::ForceLayout;
use crate::analysis::network::{Network, NetworkFilter, build};
use crate::app::actions::{Action, UiCommand};
use crate::app::computed::Computed;
use crate::app::theme;
use crate::corpus::Corpus;
use crate::entities::{EntityIndex, EntityKind};
use crate::search::{ConcordanceLine, concordance};
use crate::text::counted;

/// What the shown network was built from: index generation, kinds, minimum weight, node
/// cap, document filter.
type Key = (u64, Vec<EntityKind>, usize, usize, String);

/// A network with its settled layout, as the worker gives it.
pub struct Plot {
    pub network: Network,
    pub layout: ForceLayout,
}

pub struct NetworkViewState {
    kinds: BTreeSet<EntityKind>,
    min_weight: usize,
    max_nodes: usize,
    /// Only documents whose title or path holds this.
    documents: String,
    computed: Computed<Key, Plot>,
    /// The layout being shown and dragged (a copy of the plot's), and which plot it is.
    layout: Option<ForceLayout>,
    layout_of: usize,
    zoom: f32,
    pan: Vec2,
    selected: Option<usize>,
    concordance: Vec<ConcordanceLine>,
    /// The entity the concordance is of.
    concordance_of: Option<crate::entities::EntityId>,
}

impl Default for NetworkViewState {
    fn default() -> Self {
        Self {
            kinds: NetworkFilter::default().kinds,
            min_weight: 2,
            max_nodes: 150,
            documents: String::new(),
            computed: Computed::default(),
            layout: None,
            layout_of: 0,
            zoom: 1.0,
            pan: Vec2::ZERO,
            selected: None,
            concordance: Vec::new(),
            concordance_of: None,
        }
    }
}

impl NetworkViewState {
    /// True while its data is computed on a worker.
    pub fn computing(&self) -> bool {
        self.computed.pending()
    }

    /// Forgets the network of another corpus.
    pub fn reset(&mut self) {
        *self = Self::default();
    }
}

/// Nodes whose names are always drawn (the most mentioned); others on hover.
const LABELLED: usize = 30;
/// At most this many links are drawn, the heaviest.
const DRAWN_EDGES: usize = 4000;

pub fn show(
    ui: &mut Ui,
    state: &mut NetworkViewState,
    index: Option<&Arc<EntityIndex>>,
    generation: u64,
    corpus: &Corpus,
    actions: &mut Vec<Action>,
) {
    let Some(index) = index else {
        ui.add_space(theme::SPACE_L);
        ui.label(
            RichText::new(
                "The network appears once the entities of every document are recognised.",
            )
            .color(theme::weak_text(ui)),
        );
        return;
    };
    let key: Key = (
        generation,
        state.kinds.iter().copied().collect(),
        state.min_weight,
        state.max_nodes,
        state.documents.trim().to_lowercase(),
    );
    let wanted = key.clone();
    let plot = state
        .computed
        .get(key, ui.ctx(), || {
            let (_, kinds, min_weight, max_nodes, needle) = wanted;
            let filter = NetworkFilter {
                kinds: kinds.into_iter().collect(),
                min_weight,
                max_nodes,
                documents: (!needle.is_empty()).then(|| {
                    corpus
                        .documents
                        .iter()
                        .filter(|d| {
                            d.title.to_lowercase().contains(&needle)
                                || d.path.to_lowercase().contains(&needle)
                        })
                        .map(|d| d.path.clone())
                        .collect()
                }),
                keep_isolated: false,
            };
            let (index, corpus) = (index.clone(), corpus.clone());
            move || {
                let network = build(&index, &corpus, &filter);
                let mut layout = ForceLayout::new(
                    network.nodes.len(),
                    network.edges.iter().map(|e| (e.a, e.b, e.weight as f32)),
                );
                layout.run(1000);
                Plot { network, layout }
            }
        })
        .cloned();
    egui::Panel::right("network-side")
        .resizable(false)
        .exact_size(300.0)
        .show(ui, |ui| {
            side(ui, state, plot.as_deref(), index, corpus, actions)
        });
    egui::CentralPanel::default().show(ui, |ui| match plot {
        Some(plot) => canvas(ui, state, &plot),
        None => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Laying out the network…");
            });
        }
    });
}

fn side(
    ui: &mut Ui,
    state: &mut NetworkViewState,
    plot: Option<&Plot>,
    index: &EntityIndex,
    corpus: &Corpus,
    actions: &mut Vec<Action>,
) {
    ui.add_space(theme::SPACE_M);
    ui.label(RichText::new("Entity network").strong());
    ui.label(
        RichText::new(
            "Entities that appear in the same paragraph; a thicker link, more paragraphs.",
        )
        .small()
        .color(theme::weak_text(ui)),
    );
    let dark = ui.visuals().dark_mode;
    ui.horizontal_wrapped(|ui| {
        for kind in [
            EntityKind::Person,
            EntityKind::Org,
            EntityKind::Loc,
            EntityKind::Norp,
        ] {
            let mut on = state.kinds.contains(&kind);
            let colour = theme::entity_colour(kind, dark);
            let text = RichText::new(kind.display_name()).small();
            if ui
                .toggle_value(&mut on, text)
                .on_hover_text(format!("Show or hide {} entities", kind.display_name()))
                .changed()
            {
                if on {
                    state.kinds.insert(kind);
                } else {
                    state.kinds.remove(&kind);
                }
            }
            let (swatch, _) = ui.allocate_exact_size(vec2(8.0, 8.0), Sense::hover());
            ui.painter().rect_filled(swatch, 2.0, colour);
        }
    });
    ui.horizontal(|ui| {
        let label = ui.label("Links of at least");
        ui.add(egui::DragValue::new(&mut state.min_weight).range(1..=1000))
            .labelled_by(label.id);
        ui.label("paragraphs");
    });
    ui.horizontal(|ui| {
        let label = ui.label("At most");
        ui.add(egui::DragValue::new(&mut state.max_nodes).range(10..=500))
            .labelled_by(label.id);
        ui.label("entities");
    });
    ui.add(
        egui::TextEdit::singleline(&mut state.documents)
            .hint_text("Only documents whose title has…")
            .desired_width(f32::INFINITY),
    );
    if let Some(plot) = plot {
        let line = format!(
            "{}, {}",
            counted(plot.network.nodes.len(), "entity", "entities"),
            counted(plot.network.edges.len(), "link", "links")
        );
        ui.horizontal(|ui| {
            ui.label(RichText::new(line).small().color(theme::weak_text(ui)));
            if state.computed.pending() {
                ui.spinner();
            }
        });
    }
    ui.separator();
    let Some((plot, i)) = plot.zip(state.selected) else {
        ui.label(
            RichText::new(
                "Click an entity to see where it is mentioned. Drag entities to arrange them.",
            )
            .color(theme::weak_text(ui)),
        );
        return;
    };
    let Some(node) = plot.network.nodes.get(i) else {
        return;
    };
    ui.heading(&node.id.key);
    ui.label(
        RichText::new(format!(
            "{} · {} in {}",
            node.id.kind.display_name(),
            counted(node.mentions, "mention", "mentions"),
            counted(node.documents, "document", "documents")
        ))
        .color(theme::weak_text(ui)),
    );
    if ui.button("Show in the entity index").clicked() {
        actions.push(Action::SelectEntity(Some(node.id.clone())));
        actions.push(Action::Ui(UiCommand::ShowEntityIndex));
    }
    if state.concordance_of.as_ref() != Some(&node.id) {
        state.concordance = concordance(index, corpus, &node.id);
        state.concordance_of = Some(node.id.clone());
    }
    let highlight = theme::entity_colour(node.id.kind, dark);
    super::widgets::concordance_list(
        ui,
        "network-concordance",
        &state.concordance,
        highlight,
        actions,
    );
}

fn canvas(ui: &mut Ui, state: &mut NetworkViewState, plot: &Arc<Plot>) {
    let address = Arc::as_ptr(plot) as usize;
    if state.layout.is_none() || state.layout_of != address {
        state.layout = Some(plot.layout.clone());
        state.layout_of = address;
        state.selected = None;
    }
    let Some(layout) = &mut state.layout else {
        return;
    };
    let (response, painter) = ui.allocate_painter(ui.available_size(), Sense::click_and_drag());
    let area = response.rect;
    // Pan with a drag of the background, zoom with the wheel around the pointer.
    if response.dragged() {
        state.pan += response.drag_delta();
    }
    if let Some(pointer) = response.hover_pos() {
        let scroll = ui.input(|i| i.smooth_scroll_delta.y);
        if scroll != 0.0 {
            let factor = (scroll * 0.002).exp();
            let centre = area.center() + state.pan;
            state.pan += (pointer - centre) * (1.0 - factor);
            state.zoom = (state.zoom * factor).clamp(0.2, 20.0);
        }
    }
    // The layout's extent fills the canvas (less a margin for labels), whatever spread the
    // forces gave it; zoom and pan apply on top.
    let (mut lo, mut hi) = ([f32::MAX; 2], [f32::MIN; 2]);
    for p in &layout.positions {
        for axis in 0..2 {
            lo[axis] = lo[axis].min(p[axis]);
            hi[axis] = hi[axis].max(p[axis]);
        }
    }
    let mid = if lo[0] <= hi[0] {
        [(lo[0] + hi[0]) / 2.0, (lo[1] + hi[1]) / 2.0]
    } else {
        [0.0, 0.0]
    };
    let extent = (hi[0] - lo[0]).max(hi[1] - lo[1]).max(1e-3);
    let fit = ((area.width() - 160.0).min(area.height() - 60.0)).max(100.0) / extent;
    let scale = fit * state.zoom;
    let centre = area.center() + state.pan;
    let to_screen = |p: [f32; 2]| centre + vec2(p[0] - mid[0], p[1] - mid[1]) * scale;
    let from_screen = |s: Pos2| {
        let v = (s - centre) / scale;
        [v.x + mid[0], v.y + mid[1]]
    };
    let dark = ui.visuals().dark_mode;
    let network = &plot.network;
    let max_weight = network.edges.first().map_or(1, |e| e.weight).max(1) as f32;
    let edge_colour = if dark {
        Color32::from_white_alpha(60)
    } else {
        Color32::from_black_alpha(50)
    };
    let edges = network.edges.iter().take(DRAWN_EDGES).map(|e| {
        let width = 0.6 + 3.0 * (e.weight as f32 / max_weight).sqrt();
        (
            to_screen(layout.positions[e.a]),
            to_screen(layout.positions[e.b]),
            width,
        )
    });
    let feather = 1.0 / ui.ctx().pixels_per_point();
    painter.add(egui::Shape::mesh(edge_mesh(edges, edge_colour, feather)));
    let max_mentions = network.nodes.first().map_or(1, |n| n.mentions).max(1) as f32;
    let text = ui.visuals().text_color();
    // Labels are placed most-mentioned first and skipped where they would cover one already
    // placed (the hovered or selected node is always named).
    let mut labels: Vec<(Rect, std::sync::Arc<egui::Galley>)> = Vec::new();
    let mut dragged_to: Option<(usize, [f32; 2])> = None;
    let mut released: Option<usize> = None;
    for (i, node) in network.nodes.iter().enumerate() {
        let at = to_screen(layout.positions[i]);
        if !area.expand(30.0).contains(at) {
            continue;
        }
        let radius = 4.0 + 14.0 * (node.mentions as f32 / max_mentions).sqrt();
        let rect = Rect::from_center_size(at, Vec2::splat(radius * 2.0 + 4.0));
        let id = ui.scope_id().with(("network-node", i));
        let hit = ui.interact(rect, id, Sense::click_and_drag());
        let label = format!(
            "Entity: {} ({}), {}",
            node.id.key,
            node.id.kind.display_name(),
            counted(node.mentions, "mention", "mentions")
        );
        hit.widget_info(|| {
            egui::WidgetInfo::selected(egui::Role::Button, true, state.selected == Some(i), &label)
        });
        let selected = state.selected == Some(i);
        let fill = theme::entity_colour(node.id.kind, dark);
        painter.circle(
            at,
            radius,
            fill,
            Stroke::new(
                if selected { 3.0 } else { 1.0 },
                if selected {
                    theme::accent(dark)
                } else {
                    fill.gamma_multiply(0.6)
                },
            ),
        );
        if i < LABELLED || selected || hit.hovered() {
            let galley =
                painter.layout_no_wrap(node.id.key.clone(), FontId::proportional(12.0), text);
            let rect = Rect::from_min_size(
                at + vec2(radius + 3.0, -galley.size().y / 2.0),
                galley.size(),
            );
            let free = !labels.iter().any(|(r, _)| r.expand(2.0).intersects(rect));
            if free || selected || hit.hovered() {
                labels.push((rect, galley));
            }
        }
        if hit.dragged()
            && let Some(p) = hit.interact_pointer_pos()
        {
            dragged_to = Some((i, from_screen(p)));
        }
        if hit.drag_stopped() {
            released = Some(i);
        }
        if hit.clicked() {
            state.selected = Some(i);
        }
        hit.on_hover_text(format!(
            "{} ({})\n{} in {}",
            node.id.key,
            node.id.kind.display_name(),
            counted(node.mentions, "mention", "mentions"),
            counted(node.documents, "document", "documents")
        ));
    }
    // Names above every node, on a faint backing so that links do not strike through them.
    let backing = ui.visuals().panel_fill.gamma_multiply(0.75);
    for (rect, galley) in labels {
        painter.rect_filled(rect.expand(1.0), 2.0, backing);
        painter.galley(rect.min, galley, text);
    }
    if let Some((i, at)) = dragged_to {
        layout.pin(i, at);
    }
    if let Some(i) = released {
        layout.unpin(i);
    }
    // After a drag the others settle around the moved node, a few steps a frame.
    if !layout.settled() {
        for _ in 0..4 {
            layout.step();
        }
        ui.ctx().request_repaint();
    }
}

/// Line segments (from, to, width) as one mesh of quads with anti-aliased edges (a
/// transparent fringe `feather` wide), as egui draws a line: thousands of separate line
/// shapes cost its tessellator more than the rest of the frame.
fn edge_mesh(
    segments: impl Iterator<Item = (Pos2, Pos2, f32)>,
    colour: Color32,
    feather: f32,
) -> egui::Mesh {
    let mut mesh = egui::Mesh::default();
    for (a, b, width) in segments {
        let along = b - a;
        let length = along.length();
        if !(length > 0.0 && length.is_finite()) {
            continue;
        }
        let normal = vec2(-along.y, along.x) / length;
        // A line thinner than the fringe fades rather than thins.
        let (half, colour) = if width < feather {
            (0.0, colour.gamma_multiply(width / feather))
        } else {
            ((width - feather) / 2.0, colour)
        };
        let (inner, outer) = (normal * half, normal * (half + feather));
        let Ok(first) = u32::try_from(mesh.vertices.len()) else {
            break;
        };
        for end in [a, b] {
            mesh.colored_vertex(end + outer, Color32::TRANSPARENT);
            mesh.colored_vertex(end + inner, colour);
            mesh.colored_vertex(end - inner, colour);
            mesh.colored_vertex(end - outer, Color32::TRANSPARENT);
        }
        // Three strips across the line: fringe, core, fringe.
        for k in 0..3 {
            let (a0, b0) = (first + k, first + 4 + k);
            mesh.add_triangle(a0, a0 + 1, b0);
            mesh.add_triangle(a0 + 1, b0 + 1, b0);
        }
    }
    mesh
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges_become_one_mesh_of_fringed_quads_and_a_point_is_no_edge() {
        let colour = Color32::from_white_alpha(60);
        let mesh = edge_mesh(
            [
                (Pos2::new(0.0, 0.0), Pos2::new(10.0, 0.0), 3.0),
                (Pos2::new(5.0, 5.0), Pos2::new(5.0, 5.0), 3.0),
                (Pos2::new(0.0, 0.0), Pos2::new(0.0, 10.0), 0.5),
            ]
            .into_iter(),
            colour,
            1.0,
        );
        // Two edges (the point is skipped): 8 vertices and 6 triangles each.
        assert_eq!(mesh.vertices.len(), 16);
        assert_eq!(mesh.indices.len(), 2 * 6 * 3);
        assert!(
            mesh.indices
                .iter()
                .all(|&i| (i as usize) < mesh.vertices.len())
        );
        // The first edge's core is 2 points wide (3 less the fringe), its fringe 1 more.
        let ys: Vec<f32> = mesh.vertices[..4].iter().map(|v| v.pos.y).collect();
        assert_eq!(ys, [2.0, 1.0, -1.0, -2.0]);
        assert_eq!(mesh.vertices[1].color, colour);
        assert_eq!(mesh.vertices[0].color, Color32::TRANSPARENT);
        // A line thinner than the fringe fades instead.
        assert!(mesh.vertices[9].color.a() < colour.a());
    }
}
