//! The map of places: every place of the corpus (or of one document, or of a tag's
//! passages) linked to a gazetteer entry, as a point sized by its mentions on an offline
//! world map (Natural Earth outlines shipped in `assets/map/`). Drag to pan, scroll to
//! zoom; hover a point for its name and numbers, click it for its mentions, and a mention
//! opens the reader there.

use std::sync::Arc;

use egui::{Color32, FontId, Pos2, Rect, RichText, Sense, Shape, Stroke, Ui, Vec2, vec2};

use crate::analysis::places::{Places, Within, places};
use crate::analysis::world::countries;
use crate::app::actions::{Action, UiCommand};
use crate::app::computed::{Computed, Same};
use crate::app::panels::pan_zoom::PanZoom;
use crate::app::theme;
use crate::corpus::Corpus;
use crate::entities::{EntityId, EntityIndex, EntityKind};
use crate::project::{Project, TagId};
use crate::search::{ConcordanceLine, SearchResults, concordance};
use crate::text::counted;

/// Which documents' places are shown.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum Scope {
    #[default]
    Corpus,
    /// The document shown in the reader.
    Document,
    /// The passages coded with a tag (or one of its sub-tags).
    Tag(TagId),
    /// The documents the current search finds.
    Search,
}

/// Where the mentions that count are, by what it is made from (cheap to compare every
/// frame; the mentions' [`Within`] is made only when this changes).
#[derive(Clone, Debug, PartialEq)]
enum Wanted {
    Corpus,
    /// The document in the reader (none open: no places).
    Document(Option<String>),
    /// A tag's passages, as of a state of the project's history.
    Tag(TagId, u64),
    /// The documents of these search results (none before a search).
    Search(Same<SearchResults>),
}

/// What the places were found for.
#[derive(Clone, Debug, PartialEq)]
struct Key {
    /// The entity index's generation.
    generation: u64,
    /// Where the mentions count.
    wanted: Wanted,
}

#[derive(Default)]
pub struct MapState {
    scope: Scope,
    computed: Computed<Key, Places>,
    /// The map's centre (longitude, minus latitude: north is up) and degrees per point.
    view: Option<PanZoom>,
    selected: Option<usize>,
    /// The mentions of the selected place within the scope.
    concordance: Vec<ConcordanceLine>,
    concordance_of: Option<EntityId>,
    /// Where the mentions count, for the scope's key (`None` inside: the whole corpus).
    within: Option<(Key, Option<Arc<Within>>)>,
}

impl MapState {
    /// True while its data is computed on a worker.
    pub fn computing(&self) -> bool {
        self.computed.pending()
    }
}

/// What the map needs besides the index.
pub struct MapInput<'a> {
    pub index: Option<&'a Arc<EntityIndex>>,
    pub generation: u64,
    pub corpus: &'a Corpus,
    pub project: &'a Project,
    /// The document shown in the reader.
    pub current: Option<&'a str>,
    /// The state of the project's history (a tag's passages change with it).
    pub history_state: u64,
    /// The current search, with its results once it has run.
    pub search: Option<(&'a str, &'a Arc<SearchResults>)>,
}

pub fn show(ui: &mut Ui, state: &mut MapState, input: &MapInput, actions: &mut Vec<Action>) {
    let Some(index) = input.index else {
        ui.add_space(theme::SPACE_L);
        ui.label(
            RichText::new("The map appears once the entities of every document are recognised.")
                .color(theme::weak_text(ui)),
        );
        return;
    };
    let wanted: Wanted = match &state.scope {
        Scope::Corpus => Wanted::Corpus,
        Scope::Document => Wanted::Document(input.current.map(str::to_owned)),
        Scope::Tag(tag) => Wanted::Tag(*tag, input.history_state),
        Scope::Search => Wanted::Search(Same(input.search.map(|(_, r)| Arc::clone(r)))),
    };
    let key = Key {
        generation: input.generation,
        wanted,
    };
    if state.within.as_ref().is_none_or(|(k, _)| *k != key) {
        let within = match &key.wanted {
            Wanted::Corpus => None,
            Wanted::Document(path) => Some(Within::Documents(path.iter().cloned().collect())),
            Wanted::Tag(tag, _) => Some(Within::Passages(input.project.coded_passages(*tag))),
            Wanted::Search(_) => Some(Within::Documents(
                input
                    .search
                    .iter()
                    .flat_map(|(_, results)| &results.documents)
                    .map(|d| d.document.path.clone())
                    .collect(),
            )),
        };
        state.within = Some((key.clone(), within.map(Arc::new)));
        state.concordance_of = None;
    }
    let within = state.within.as_ref().and_then(|(_, w)| w.clone());
    let found = state
        .computed
        .get(key, ui.ctx(), || {
            let (index, within) = (index.clone(), within.clone());
            move || places(&index, within.as_deref())
        })
        .cloned();
    egui::Panel::right("map-side")
        .resizable(false)
        .exact_size(300.0)
        .show(ui, |ui| {
            side(ui, state, found.as_deref(), index, input, actions)
        });
    egui::CentralPanel::default()
        .frame(egui::Frame::NONE)
        .show(ui, |ui| canvas(ui, state, found.as_deref()));
}

/// Draws the side panel: the scope chooser, the counts, and the selected place's
/// mentions, or the places without coordinates.
fn side(
    ui: &mut Ui,
    state: &mut MapState,
    found: Option<&Places>,
    index: &EntityIndex,
    input: &MapInput,
    actions: &mut Vec<Action>,
) {
    ui.add_space(theme::SPACE_M);
    ui.label(RichText::new("Places").strong());
    scope_chooser(ui, state, input);
    let Some(found) = found else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("Finding the places…");
        });
        return;
    };
    ui.label(
        RichText::new(format!(
            "{} on the map; {} without coordinates",
            counted(found.places.len(), "place", "places"),
            found.unresolved.len()
        ))
        .small()
        .color(theme::weak_text(ui)),
    );
    ui.separator();
    match state.selected.and_then(|i| found.places.get(i)) {
        Some(place) => selected_place(ui, state, place, index, input, actions),
        None => {
            ui.label(
                RichText::new("Click a place to see where it is mentioned.")
                    .color(theme::weak_text(ui)),
            );
            unresolved(ui, found);
        }
    }
}

/// Draws the chooser of whose places are shown: every document, the reader's, the
/// search's or a tag's passages.
fn scope_chooser(ui: &mut Ui, state: &mut MapState, input: &MapInput) {
    let scope_text = match &state.scope {
        Scope::Corpus => "Every document".to_owned(),
        Scope::Document => "The document in the reader".to_owned(),
        Scope::Tag(t) => format!(
            "Passages coded “{}”",
            input.project.tags.get(t).map_or("?", |t| t.name.as_str())
        ),
        Scope::Search => match input.search {
            Some((query, results)) if results.truncated || results.cancelled => {
                format!("Documents found by “{query}” (search stopped early)")
            }
            Some((query, _)) => format!("Documents found by “{query}”"),
            None => "Documents found by the search".to_owned(),
        },
    };
    let label = ui.label("Show the places of");
    egui::ComboBox::from_id_salt("map-scope")
        .selected_text(scope_text)
        .width(ui.available_width())
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut state.scope, Scope::Corpus, "Every document");
            ui.add_enabled_ui(input.current.is_some(), |ui| {
                ui.selectable_value(
                    &mut state.scope,
                    Scope::Document,
                    "The document in the reader",
                );
            });
            ui.add_enabled_ui(input.search.is_some(), |ui| {
                let hint =
                    UiCommand::SearchCorpus.with_shortcut(ui.ctx(), "Search the corpus first");
                ui.selectable_value(
                    &mut state.scope,
                    Scope::Search,
                    "Documents found by the search",
                )
                .on_disabled_hover_text(hint);
            });
            for (_, tag) in input.project.tag_tree() {
                ui.selectable_value(
                    &mut state.scope,
                    Scope::Tag(tag.id),
                    format!("Passages coded “{}”", tag.name),
                );
            }
        })
        .response
        .labelled_by(label.id);
}

/// Draws the selected place: its name, coordinates and counts, its GeoNames link, a link
/// to the entity index and its mentions within the scope (each opens the reader there).
fn selected_place(
    ui: &mut Ui,
    state: &mut MapState,
    place: &crate::analysis::places::Place,
    index: &EntityIndex,
    input: &MapInput,
    actions: &mut Vec<Action>,
) {
    let dark = ui.visuals().dark_mode;
    ui.heading(&place.name);
    ui.label(
        RichText::new(format!(
            "{:.3}, {:.3} · {} · {} in {}",
            place.lat,
            place.lon,
            place.country,
            counted(place.mentions, "mention", "mentions"),
            counted(place.documents, "document", "documents")
        ))
        .small()
        .color(theme::weak_text(ui)),
    );
    ui.label(RichText::new(format!("{}: {}", place.label, place.reason)).small());
    if let Some(url) = &place.url {
        ui.hyperlink_to(
            RichText::new(format!("GeoNames {}", place.geonameid)).small(),
            url,
        );
    }
    if ui.button("Show in the entity index").clicked() {
        actions.push(Action::SelectEntity(Some(place.entity())));
        actions.push(Action::Ui(UiCommand::ShowEntityIndex));
    }
    let id = place.entity();
    if state.concordance_of.as_ref() != Some(&id) {
        let within = state.within.as_ref().and_then(|(_, w)| w.as_deref());
        state.concordance = concordance(index, input.corpus, &id)
            .into_iter()
            .filter(|line| within.is_none_or(|w| w.holds(&line.document, &line.range)))
            .collect();
        state.concordance_of = Some(id);
    }
    let highlight = theme::entity_colour(EntityKind::Loc, dark);
    super::widgets::concordance_list(
        ui,
        "map-concordance",
        &state.concordance,
        highlight,
        actions,
    );
}

/// Lists the places found without coordinates (at most 200), with their mentions.
fn unresolved(ui: &mut Ui, found: &Places) {
    if !found.unresolved.is_empty() {
        ui.add_space(theme::SPACE_M);
        ui.label(RichText::new("Without coordinates").strong());
        egui::ScrollArea::vertical()
            .id_salt("unresolved")
            .show(ui, |ui| {
                for u in found.unresolved.iter().take(200) {
                    ui.label(
                        RichText::new(format!("{} ({})", u.name, u.mentions))
                            .small()
                            .color(theme::weak_text(ui)),
                    );
                }
            });
    }
}

/// Draws the map: the sea, the countries' outlines and the places found, and answers
/// panning, zooming and clicks. Points per degree at zoom 1 is chosen so the whole world
/// fits.
fn canvas(ui: &mut Ui, state: &mut MapState, found: Option<&Places>) {
    let (response, painter) = ui.allocate_painter(ui.available_size(), Sense::click_and_drag());
    let area = response.rect;
    let dark = ui.visuals().dark_mode;
    painter.rect_filled(
        area,
        0.0,
        if dark {
            Color32::from_rgb(0x1b, 0x24, 0x2e)
        } else {
            Color32::from_rgb(0xe8, 0xf0, 0xf6)
        },
    );
    // The first view frames the places found (or the world).
    let mut view = state.view.unwrap_or_else(|| initial_view(found, area));
    view.interact(ui, &response, [0.0005, 1.0]);
    view.centre[1] = view.centre[1].clamp(-85.0, 85.0);
    state.view = Some(view);
    draw_countries(&painter, view, area, dark);
    if let Some(found) = found {
        draw_places(ui, &painter, state, found, view, area);
    }
}

/// Draws the countries' outlines that are in view.
fn draw_countries(painter: &egui::Painter, view: PanZoom, area: Rect, dark: bool) {
    let project = |lon: f32, lat: f32| -> Pos2 { view.to_screen(area, [lon, -lat]) };
    let land = if dark {
        Color32::from_rgb(0x5a, 0x66, 0x72)
    } else {
        Color32::from_rgb(0x9a, 0xa8, 0xb5)
    };
    let stroke = Stroke::new(1.0, land);
    let visible = area.expand(50.0);
    for country in countries() {
        for ring in &country.rings {
            let points: Vec<Pos2> = ring.iter().map(|p| project(p[0], p[1])).collect();
            let bounds = Rect::from_points(&points);
            if !bounds.intersects(visible) || bounds.width() < 0.5 {
                continue;
            }
            // Outlines are drawn as open runs broken where a ring jumps across the map (a
            // country over the antimeridian, Antarctica's edge at the pole), which a closed
            // line would draw as a stroke across the world.
            let mut run: Vec<Pos2> = Vec::new();
            let closing = ring.first().copied();
            let mut previous: Option<[f32; 2]> = None;
            for p in ring.iter().copied().chain(closing) {
                if let Some(q) = previous
                    && ((p[0] - q[0]).abs() > 90.0 || (p[1] - q[1]).abs() > 45.0)
                {
                    if run.len() > 1 {
                        painter.add(Shape::line(std::mem::take(&mut run), stroke));
                    }
                    run.clear();
                }
                run.push(project(p[0], p[1]));
                previous = Some(p);
            }
            if run.len() > 1 {
                painter.add(Shape::line(run, stroke));
            }
        }
    }
}

/// Draws the places in view as circles sized by their mentions (each an accessible
/// button; a click selects the place nearest the pointer), then their names where they
/// fit.
fn draw_places(
    ui: &Ui,
    painter: &egui::Painter,
    state: &mut MapState,
    found: &Places,
    view: PanZoom,
    area: Rect,
) {
    let project = |lon: f32, lat: f32| -> Pos2 { view.to_screen(area, [lon, -lat]) };
    let dark = ui.visuals().dark_mode;
    let max = found.places.first().map_or(1, |p| p.mentions).max(1) as f32;
    let fill = theme::entity_colour(EntityKind::Loc, dark);
    let text = ui.visuals().text_color();
    // Most mentioned first, so that the smaller places are drawn (and take clicks) on top:
    // a country does not hide the cities in it.
    // Names are placed after every circle is drawn: the selected or hovered place's
    // first, then most mentioned first, none over another name or another place's circle.
    let mut requests: Vec<LabelRequest> = Vec::new();
    let mut galleys: Vec<std::sync::Arc<egui::Galley>> = Vec::new();
    let mut circles: Vec<(Pos2, f32)> = Vec::new();
    for (i, place) in found.places.iter().enumerate() {
        let at = project(place.lon as f32, place.lat as f32);
        if !area.contains(at) {
            continue;
        }
        let radius = 3.0 + 15.0 * (place.mentions as f32 / max).sqrt();
        let selected = state.selected == Some(i);
        painter.circle(
            at,
            radius,
            fill.gamma_multiply(0.85),
            Stroke::new(
                if selected { 2.5 } else { 1.0 },
                if selected {
                    theme::accent(dark)
                } else {
                    fill.gamma_multiply(0.5)
                },
            ),
        );
        let rect = Rect::from_center_size(at, Vec2::splat(radius * 2.0 + 2.0));
        let hit = ui.interact(rect, ui.scope_id().with(("place", i)), Sense::click());
        let label = format!(
            "Place: {}, {}",
            place.name,
            counted(place.mentions, "mention", "mentions")
        );
        hit.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, &label));
        circles.push((at, radius));
        if i < 25 || selected || hit.hovered() {
            let galley =
                painter.layout_no_wrap(place.name.clone(), FontId::proportional(12.0), text);
            requests.push(LabelRequest {
                at,
                radius,
                size: galley.size(),
                first: selected || hit.hovered(),
            });
            galleys.push(galley);
        }
        if hit.clicked() {
            // Circles overlap where places are close (Mosul and Bayji at world scale): the
            // click goes to the place whose centre is nearest the pointer, not to the
            // circle drawn last.
            let pointer = hit.interact_pointer_pos().unwrap_or(at);
            let nearest = found
                .places
                .iter()
                .enumerate()
                .map(|(j, p)| (j, project(p.lon as f32, p.lat as f32).distance(pointer)))
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .map_or(i, |(j, _)| j);
            state.selected = Some(nearest);
        }
        hit.on_hover_text(format!(
            "{} ({})\n{} in {}",
            place.name,
            place.country,
            counted(place.mentions, "mention", "mentions"),
            counted(place.documents, "document", "documents")
        ));
    }
    let backing = ui.visuals().extreme_bg_color.gamma_multiply(0.7);
    for (rect, galley) in place_labels(&requests, &circles).into_iter().zip(galleys) {
        if let Some(rect) = rect {
            painter.rect_filled(rect.expand(1.0), 2.0, backing);
            painter.galley(rect.min, galley, text);
        }
    }
}

/// A place's name to place beside its circle.
#[derive(Clone, Copy, Debug)]
struct LabelRequest {
    at: Pos2,
    radius: f32,
    size: Vec2,
    /// Placed before the others (the selected or hovered place).
    first: bool,
}

/// Where each name goes (`None`: nowhere free): right of its circle, else left, above or
/// below, the first spot that covers no name already placed and no other place's circle
/// (`circles`: every place drawn). Requests come most mentioned first; the ones marked
/// `first` are placed before all others.
fn place_labels(requests: &[LabelRequest], circles: &[(Pos2, f32)]) -> Vec<Option<Rect>> {
    let mut order: Vec<usize> = (0..requests.len()).collect();
    order.sort_by_key(|&i| !requests[i].first);
    let mut placed: Vec<Option<Rect>> = vec![None; requests.len()];
    let mut taken: Vec<Rect> = Vec::new();
    for i in order {
        let LabelRequest {
            at, radius, size, ..
        } = requests[i];
        let spots = [
            at + vec2(radius + 3.0, -size.y / 2.0),
            at + vec2(-radius - 3.0 - size.x, -size.y / 2.0),
            at + vec2(-size.x / 2.0, -radius - 2.0 - size.y),
            at + vec2(-size.x / 2.0, radius + 2.0),
        ]
        .map(|min| Rect::from_min_size(min, size));
        let clear_of_names = |rect: &Rect| !taken.iter().any(|r| r.intersects(rect.expand(2.0)));
        let clear_of_places = |rect: &Rect| {
            !circles
                .iter()
                .any(|&(c, r)| c != at && rect.expand(2.0).distance_to_pos(c) < r.min(6.0))
        };
        // Best a spot that hides neither a name nor a place; in a dense cluster (the
        // towns around Damascus) a spot over small places still names the country, but
        // never over another name.
        let spot = spots
            .iter()
            .find(|r| clear_of_names(r) && clear_of_places(r))
            .or_else(|| spots.iter().find(|r| clear_of_names(r)))
            .copied();
        if let Some(rect) = spot {
            taken.push(rect);
            placed[i] = Some(rect);
        }
    }
    placed
}

/// The view that frames every place (with a margin), or the whole world.
fn initial_view(found: Option<&Places>, area: Rect) -> PanZoom {
    let world = PanZoom {
        centre: [15.0, -20.0],
        per_point: 360.0 / area.width().max(1.0),
    };
    let Some(found) = found.filter(|f| !f.places.is_empty()) else {
        return world;
    };
    let (mut lon0, mut lon1, mut lat0, mut lat1) = (180f32, -180f32, 90f32, -90f32);
    for p in found.places.iter().take(200) {
        lon0 = lon0.min(p.lon as f32);
        lon1 = lon1.max(p.lon as f32);
        lat0 = lat0.min(p.lat as f32);
        lat1 = lat1.max(p.lat as f32);
    }
    let span = ((lon1 - lon0) / area.width().max(1.0)).max((lat1 - lat0) / area.height().max(1.0));
    PanZoom {
        centre: [(lon0 + lon1) / 2.0, -(lat0 + lat1) / 2.0],
        per_point: (span * 1.3).clamp(0.005, world.per_point),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(x: f32, y: f32, width: f32) -> LabelRequest {
        LabelRequest {
            at: Pos2::new(x, y),
            radius: 5.0,
            size: vec2(width, 14.0),
            first: false,
        }
    }

    #[test]
    fn no_name_is_placed_over_another_or_over_another_place() {
        // Damascus (most mentioned), then Lebanon just west of it, Beirut west of that.
        let requests = [
            request(100.0, 100.0, 60.0),
            request(80.0, 96.0, 50.0),
            request(60.0, 100.0, 45.0),
        ];
        let circles: Vec<(Pos2, f32)> = requests.iter().map(|r| (r.at, r.radius)).collect();
        let placed = place_labels(&requests, &circles);
        assert!(placed[0].is_some(), "the most mentioned place is named");
        assert!(placed.iter().filter(|p| p.is_some()).count() >= 2);
        for (i, a) in placed.iter().enumerate() {
            let Some(a) = a else { continue };
            for (j, b) in placed.iter().enumerate().skip(i + 1) {
                if let Some(b) = b {
                    assert!(!a.intersects(*b), "name {i} {a:?} overlaps name {j} {b:?}");
                }
            }
            for (j, other) in requests.iter().enumerate().filter(|(j, _)| *j != i) {
                assert!(
                    a.distance_to_pos(other.at) > 2.0,
                    "name {i} {a:?} covers place {j}"
                );
            }
        }
    }

    #[test]
    fn a_place_inside_a_dense_cluster_is_still_named() {
        // Syria (most mentioned) among small places on every side of it: its name covers
        // some of them rather than going missing, and still covers no other name.
        let mut requests = vec![request(100.0, 100.0, 40.0)];
        for (dx, dy) in [(30.0, 0.0), (-30.0, 0.0), (0.0, -20.0), (0.0, 20.0)] {
            requests.push(request(100.0 + dx, 100.0 + dy, 30.0));
        }
        let circles: Vec<(Pos2, f32)> = requests.iter().map(|r| (r.at, r.radius)).collect();
        let placed = place_labels(&requests, &circles);
        assert!(placed[0].is_some(), "the most mentioned place is named");
        for (i, a) in placed.iter().enumerate() {
            for b in placed.iter().skip(i + 1) {
                if let (Some(a), Some(b)) = (a, b) {
                    assert!(!a.intersects(*b), "{a:?} overlaps {b:?}");
                }
            }
        }
    }

    #[test]
    fn the_selected_place_is_named_first() {
        let mut requests = [request(100.0, 100.0, 60.0), request(100.0, 100.0, 60.0)];
        requests[1].first = true;
        let placed = place_labels(&requests, &[]);
        // Both at one point: the selected name takes the spot on the right.
        assert_eq!(placed[1].map(|r| r.min.x), Some(108.0));
        assert_ne!(placed[0], placed[1]);
    }
}
