//! The entity network: entities as nodes (sized by mentions, coloured by kind), links
//! weighted by the paragraphs that mention both, laid out by forces on a worker thread.
//! Drag a node to move it (the others follow), drag the background to pan, scroll to zoom
//! (as on the map: `pan_zoom`); names are drawn for every node whose name fits without
//! covering another, so zooming in names a crowded centre; a search box finds a node by
//! name. A click shows the entity's mentions, and a mention opens the reader there.

use std::collections::BTreeSet;
use std::sync::Arc;

use egui::{Color32, FontId, Pos2, Rect, RichText, Sense, Stroke, Ui, Vec2, vec2};

use crate::analysis::force::ForceLayout;
use crate::analysis::network::{Network, NetworkFilter, build};
use crate::app::actions::{Action, UiCommand};
use crate::app::computed::{Computed, Same};
use crate::app::panels::pan_zoom::PanZoom;
use crate::app::theme;
use crate::corpus::Corpus;
use crate::entities::{EntityIndex, EntityKind};
use crate::search::{ConcordanceLine, concordance};
use crate::text::{counted, mentions_in_documents};

/// What the shown network was built from.
#[derive(Clone, Debug, PartialEq)]
struct Key {
    /// The entity index's generation.
    generation: u64,
    kinds: Vec<EntityKind>,
    min_weight: usize,
    max_nodes: usize,
    /// The document filter, trimmed and lower-cased.
    documents: String,
}

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
    /// The layout being shown and dragged (a copy of the plot's), and which plot it is
    /// (held, so that the next plot cannot take its address and pass for it).
    layout: Option<ForceLayout>,
    layout_of: Same<Plot>,
    /// The view, and the one that frames the whole layout (zoom is bounded around it);
    /// both set again for a new layout.
    view: Option<PanZoom>,
    home: Option<PanZoom>,
    selected: Option<usize>,
    /// The name typed in the search box, and a node found by it that the view should move
    /// to on the next frame.
    find: String,
    find_missing: bool,
    centre_on: Option<usize>,
    /// The names drawn in the last frame, for screen readers (and tests).
    named: Vec<usize>,
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
            layout_of: Same(None),
            view: None,
            home: None,
            selected: None,
            find: String::new(),
            find_missing: false,
            centre_on: None,
            named: Vec::new(),
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

/// Zoom bounds around the view that frames the layout: this many times closer, farther.
const ZOOM_IN: f32 = 40.0;
const ZOOM_OUT: f32 = 5.0;
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
    let key = Key {
        generation,
        kinds: state.kinds.iter().copied().collect(),
        min_weight: state.min_weight,
        max_nodes: state.max_nodes,
        documents: state.documents.trim().to_lowercase(),
    };
    let wanted = key.clone();
    let plot = state
        .computed
        .get(key, ui.ctx(), || {
            let Key {
                kinds,
                min_weight,
                max_nodes,
                documents: needle,
                ..
            } = wanted;
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

/// Draws the side panel: the filters, the search box and counts, and the selected
/// entity's mentions.
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
    filters(ui, state);
    if let Some(plot) = plot {
        find_box(ui, state, plot);
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
    selected_entity(ui, state, plot, index, corpus, actions);
}

/// Draws the filters: which kinds of entity, the lightest link, the most entities, and
/// the documents whose title holds some text.
fn filters(ui: &mut Ui, state: &mut NetworkViewState) {
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
}

/// Draws the selected entity: its name, kind and counts, a link to the entity index and
/// its mentions (each opens the reader there); else a hint to click one.
fn selected_entity(
    ui: &mut Ui,
    state: &mut NetworkViewState,
    plot: Option<&Plot>,
    index: &EntityIndex,
    corpus: &Corpus,
    actions: &mut Vec<Action>,
) {
    let dark = ui.visuals().dark_mode;
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
            "{} · {}",
            node.id.kind.display_name(),
            mentions_in_documents(node.mentions, node.documents)
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

/// "Find an entity": typing a name selects the node it means and moves the view to it.
fn find_box(ui: &mut Ui, state: &mut NetworkViewState, plot: &Plot) {
    let response = ui.add(
        egui::TextEdit::singleline(&mut state.find)
            .hint_text("Find an entity by name")
            .desired_width(f32::INFINITY),
    );
    let enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    if !(response.changed() || enter) {
        if state.find_missing {
            ui.label(
                RichText::new("No entity of the network has that name.")
                    .small()
                    .color(theme::weak_text(ui)),
            );
        }
        return;
    }
    let found = plot.network.find(&state.find);
    state.find_missing = found.is_none() && !state.find.trim().is_empty();
    if let Some(i) = found {
        state.selected = Some(i);
        state.centre_on = Some(i);
    }
}

/// Draws the network: the links, the nodes with the names that fit, and answers dragging,
/// panning, zooming and clicks; the layout settles again after a node is moved.
fn canvas(ui: &mut Ui, state: &mut NetworkViewState, plot: &Arc<Plot>) {
    adopt_layout(state, plot);
    if state.layout.is_none() {
        return;
    }
    let (response, painter) = ui.allocate_painter(ui.available_size(), Sense::click_and_drag());
    let area = response.rect;
    let Some(view) = frame_view(ui, &response, state, area) else {
        return;
    };
    let network = &plot.network;
    if let Some(layout) = &state.layout {
        draw_links(ui, &painter, network, &layout.positions, view, area);
    }
    let nodes = draw_nodes(ui, &painter, state, network, view, area);
    draw_names(ui, &painter, state, nodes.names);
    // The canvas says which names it shows (built only when a screen reader or a test
    // asks for the tree).
    response.widget_info(|| {
        let mut info = egui::WidgetInfo::labeled(egui::Role::Image, true, "Network drawing");
        let names: Vec<&str> = state
            .named
            .iter()
            .filter_map(|&i| network.nodes.get(i))
            .map(|n| n.id.key.as_str())
            .collect();
        info.current_text_value = Some(format!("Names shown: {}", names.join(", ")));
        info
    });
    let Some(layout) = &mut state.layout else {
        return;
    };
    if let Some((i, at)) = nodes.dragged_to {
        layout.pin(i, at);
    }
    if let Some(i) = nodes.released {
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

/// Decides whether `plot` is a new layout: if so, shows a copy of it and forgets the
/// selection and the view of the last one.
fn adopt_layout(state: &mut NetworkViewState, plot: &Arc<Plot>) {
    let shown = Same(Some(plot.clone()));
    if state.layout.is_none() || state.layout_of != shown {
        state.layout = Some(plot.layout.clone());
        state.layout_of = shown;
        state.selected = None;
        state.view = None;
        state.home = None;
    }
}

/// The view for this frame: the last one (or one framing the layout), moved to the node
/// the search found, then panned and zoomed by the pointer within bounds.
fn frame_view(
    ui: &Ui,
    response: &egui::Response,
    state: &mut NetworkViewState,
    area: Rect,
) -> Option<PanZoom> {
    let layout = state.layout.as_ref()?;
    // The first view frames the layout (less a margin for names), whatever spread the
    // forces gave it; it is computed once per layout, not every frame.
    let home = *state
        .home
        .get_or_insert_with(|| framing(&layout.positions, area));
    let mut view = state.view.unwrap_or(home);
    if let Some(i) = state.centre_on.take()
        && let Some(p) = layout.positions.get(i)
    {
        view.centre = *p;
        view.per_point = view.per_point.min(home.per_point / 2.0);
    }
    view.interact(
        ui,
        response,
        [home.per_point / ZOOM_IN, home.per_point * ZOOM_OUT],
    );
    state.view = Some(view);
    Some(view)
}

/// Draws the heaviest links as one mesh, thicker for more shared paragraphs.
fn draw_links(
    ui: &Ui,
    painter: &egui::Painter,
    network: &Network,
    positions: &[[f32; 2]],
    view: PanZoom,
    area: Rect,
) {
    let to_screen = |p: [f32; 2]| view.to_screen(area, p);
    let dark = ui.visuals().dark_mode;
    let max_weight = network.edges.first().map_or(1, |e| e.weight).max(1) as f32;
    let edge_colour = if dark {
        Color32::from_white_alpha(60)
    } else {
        Color32::from_black_alpha(50)
    };
    let edges = network.edges.iter().take(DRAWN_EDGES).map(|e| {
        let width = 0.6 + 3.0 * (e.weight as f32 / max_weight).sqrt();
        (to_screen(positions[e.a]), to_screen(positions[e.b]), width)
    });
    let feather = 1.0 / ui.ctx().pixels_per_point();
    painter.add(egui::Shape::mesh(edge_mesh(edges, edge_colour, feather)));
}

/// What the nodes drawn in a frame gave: the names that fit, and a node dragged (to where,
/// in drawing coordinates) or let go.
struct DrawnNodes {
    names: Names,
    dragged_to: Option<(usize, [f32; 2])>,
    released: Option<usize>,
}

/// Draws the nodes on the canvas (sized by mentions, coloured by kind, the selected one
/// outlined), each an accessible button; a click selects one. Names are placed
/// most-mentioned first wherever one fits without covering a name already placed (the
/// hovered or selected node is always named): zoomed out the best-known are named,
/// zoomed in the crowd opens up and more names fit.
fn draw_nodes(
    ui: &Ui,
    painter: &egui::Painter,
    state: &mut NetworkViewState,
    network: &Network,
    view: PanZoom,
    area: Rect,
) -> DrawnNodes {
    let mut drawn = DrawnNodes {
        names: Names::default(),
        dragged_to: None,
        released: None,
    };
    let Some(layout) = &state.layout else {
        return drawn;
    };
    let dark = ui.visuals().dark_mode;
    let max_mentions = network.nodes.first().map_or(1, |n| n.mentions).max(1) as f32;
    let text = ui.visuals().text_color();
    for (i, node) in network.nodes.iter().enumerate() {
        let at = view.to_screen(area, layout.positions[i]);
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
        if area.contains(at) || selected || hit.hovered() {
            let galley =
                painter.layout_no_wrap(node.id.key.clone(), FontId::proportional(12.0), text);
            let size = galley.size();
            // Right of the node, or left of it at the canvas's right edge (never cut off).
            let mut rect = Rect::from_min_size(at + vec2(radius + 3.0, -size.y / 2.0), size);
            if rect.right() > area.right() {
                rect = rect.translate(vec2(-(2.0 * radius + 6.0 + size.x), 0.0));
            }
            drawn
                .names
                .place(i, rect, galley, selected || hit.hovered());
        }
        if hit.dragged()
            && let Some(p) = hit.interact_pointer_pos()
        {
            drawn.dragged_to = Some((i, view.to_drawing(area, p)));
        }
        if hit.drag_stopped() {
            drawn.released = Some(i);
        }
        if hit.clicked() {
            state.selected = Some(i);
        }
        hit.on_hover_text(format!(
            "{} ({})\n{}",
            node.id.key,
            node.id.kind.display_name(),
            mentions_in_documents(node.mentions, node.documents)
        ));
    }
    drawn
}

/// Draws the placed names above every node, on a faint backing so that links do not
/// strike through them, and remembers which are shown.
fn draw_names(ui: &Ui, painter: &egui::Painter, state: &mut NetworkViewState, names: Names) {
    let text = ui.visuals().text_color();
    let backing = ui.visuals().panel_fill.gamma_multiply(0.75);
    state.named.clear();
    for (i, rect, galley) in names.placed {
        painter.rect_filled(rect.expand(1.0), 2.0, backing);
        painter.galley(rect.min, galley, text);
        state.named.push(i);
    }
}

/// At most this many names are drawn: the frame's cost stays bounded however far one
/// zooms into a large network.
const MAX_NAMES: usize = 200;

/// The names placed so far in a frame, none covering another.
#[derive(Default)]
struct Names {
    placed: Vec<(usize, Rect, Arc<egui::Galley>)>,
}

impl Names {
    /// Places node `i`'s name at `rect` if it covers no name placed before (or `always`).
    fn place(&mut self, i: usize, rect: Rect, galley: Arc<egui::Galley>, always: bool) {
        let free = || {
            self.placed.len() < MAX_NAMES
                && !self
                    .placed
                    .iter()
                    // A word's width apart side by side: two names on one line at 2
                    // points read as one name ("Syria United Nations").
                    .any(|(_, r, _)| r.expand2(egui::vec2(8.0, 2.0)).intersects(rect))
        };
        if always || free() {
            self.placed.push((i, rect, galley));
        }
    }
}

/// The view that frames every position in `area`, less a margin for the names.
fn framing(positions: &[[f32; 2]], area: Rect) -> PanZoom {
    let (mut lo, mut hi) = ([f32::MAX; 2], [f32::MIN; 2]);
    for p in positions {
        for axis in 0..2 {
            lo[axis] = lo[axis].min(p[axis]);
            hi[axis] = hi[axis].max(p[axis]);
        }
    }
    let centre = if lo[0] <= hi[0] {
        [(lo[0] + hi[0]) / 2.0, (lo[1] + hi[1]) / 2.0]
    } else {
        [0.0, 0.0]
    };
    let extent = (hi[0] - lo[0]).max(hi[1] - lo[1]).max(1e-3);
    let room = (area.width() - 160.0).min(area.height() - 60.0).max(100.0);
    PanZoom {
        centre,
        per_point: extent / room,
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
