//! The timeline: every dated statement of the corpus (the sentence around a date) on a time
//! axis, one lane per document or per entity, zoomable from centuries to days; possible
//! conflicts (one event dated differently by different statements) flagged on the axis and
//! listed side by side; undated and unresolved dates listed apart. A statement opens the
//! reader at its date, or becomes the selection to annotate.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use egui::{Align2, FontId, Pos2, Rect, RichText, Sense, Stroke, Ui, vec2};
use jiff::civil::Date;

use crate::analysis::conflicts::{Conflict, find};
use crate::analysis::timeline::{Statement, statements};
use crate::app::actions::{Action, UiCommand};
use crate::app::computed::Computed;
use crate::app::theme;
use crate::corpus::Corpus;
use crate::entities::EntityIndex;
use crate::project::{Command, Project, TagId};
use crate::text::counted;

/// The statements of a corpus and their possible conflicts, as the worker gives them.
pub struct TimelineData {
    pub statements: Vec<Statement>,
    pub conflicts: Vec<Conflict>,
    /// For each statement on the calendar: its first and last day as day numbers.
    days: Vec<Option<(f64, f64)>>,
    /// How many statements are not on the calendar (counted once: a frame should not walk
    /// hundreds of thousands of statements).
    undated: usize,
}

impl TimelineData {
    pub fn build(index: &EntityIndex, corpus: &Corpus) -> Self {
        let statements = statements(index, corpus);
        let conflicts = find(&statements);
        // A relative date resolved only against the file's date ("today" in a copy made
        // in 2026 of a 2014 article) would sit on the axis where the copy was made: it is
        // listed with the undated ones instead.
        let days: Vec<Option<(f64, f64)>> = statements
            .iter()
            .map(|s| {
                s.interval
                    .filter(|_| !s.from_file_date)
                    .map(|i| (day_number(i.start), day_number(i.end)))
            })
            .collect();
        let undated = days.iter().filter(|d| d.is_none()).count();
        Self {
            statements,
            conflicts,
            days,
            undated,
        }
    }
}

/// Days since 1 January 1970 (negative before).
fn day_number(date: Date) -> f64 {
    let epoch = Date::constant(1970, 1, 1);
    epoch
        .until((jiff::Unit::Day, date))
        .map_or(0.0, |span| f64::from(span.get_days()))
}

fn date_of(day: f64) -> Option<Date> {
    let epoch = Date::constant(1970, 1, 1);
    epoch
        .checked_add(jiff::Span::new().try_days(day.floor() as i64).ok()?)
        .ok()
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum GroupBy {
    #[default]
    Document,
    Entity,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tab {
    #[default]
    Axis,
    Conflicts,
    Undated,
}

/// One row of the axis: its title and its statements, earliest first.
struct Lane {
    title: String,
    statements: Vec<usize>,
}

/// What the lanes were built from: data address, grouping, entity filter, tag, document
/// filter, dismissed conflicts, history state.
type LanesKey = (usize, GroupBy, String, Option<TagId>, String, u64);

#[derive(Default)]
pub struct TimelineState {
    pub tab: Tab,
    group_by: GroupBy,
    entity_filter: String,
    tag: Option<TagId>,
    document_filter: String,
    computed: Computed<u64, TimelineData>,
    lanes: Vec<Lane>,
    lanes_key: Option<LanesKey>,
    /// Statements in a conflict that is not dismissed.
    flagged: HashSet<usize>,
    /// The first visible day and days per point.
    view: Option<(f64, f64)>,
    pub selected: Option<usize>,
}

impl TimelineState {
    /// True while its data is computed on a worker.
    pub fn computing(&self) -> bool {
        self.computed.pending()
    }
}

const LANE_HEIGHT: f32 = 26.0;
const GUTTER: f32 = 190.0;

/// What the timeline needs besides its own state.
pub struct TimelineInput<'a> {
    pub index: Option<&'a Arc<EntityIndex>>,
    pub generation: u64,
    pub corpus: &'a Corpus,
    pub project: &'a Project,
    pub history_state: u64,
}

pub fn show(
    ui: &mut Ui,
    state: &mut TimelineState,
    input: &TimelineInput,
    actions: &mut Vec<Action>,
) {
    let Some(index) = input.index else {
        ui.add_space(theme::SPACE_L);
        ui.label(
            RichText::new(
                "The timeline appears once the entities of every document are recognised.",
            )
            .color(theme::weak_text(ui)),
        );
        return;
    };
    let data = state
        .computed
        .get(input.generation, ui.ctx(), || {
            let (index, corpus) = (index.clone(), input.corpus.clone());
            move || TimelineData::build(&index, &corpus)
        })
        .cloned();
    let Some(data) = data else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("Finding the dated statements…");
        });
        return;
    };
    refresh_lanes(state, &data, input);
    controls(ui, state, &data, input);
    ui.separator();
    if let Some(i) = state.selected
        && let Some(s) = data.statements.get(i)
    {
        egui::Panel::bottom("timeline-statement")
            .resizable(false)
            .show(ui, |ui| statement_card(ui, s, input, actions));
    }
    match state.tab {
        Tab::Axis => axis(ui, state, &data),
        Tab::Conflicts => conflicts(ui, state, &data, input, actions),
        Tab::Undated => undated(ui, state, &data, input),
    }
}

fn refresh_lanes(state: &mut TimelineState, data: &Arc<TimelineData>, input: &TimelineInput) {
    let key: LanesKey = (
        Arc::as_ptr(data) as usize,
        state.group_by,
        state.entity_filter.trim().to_lowercase(),
        state.tag,
        state.document_filter.trim().to_lowercase(),
        input.history_state,
    );
    if state.lanes_key.as_ref() == Some(&key) {
        return;
    }
    let project = input.project;
    let entity_needle = crate::entities::fold::fold(&key.2);
    let document_needle = &key.4;
    // A tag keeps the statements inside passages coded with it (or its sub-tags).
    let coded = state.tag.map(|t| project.coded_passages(t));
    let title = |path: &str| {
        input
            .corpus
            .get(path)
            .map_or_else(|| path.to_owned(), |d| d.title.clone())
    };
    let mut lanes: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, s) in data.statements.iter().enumerate() {
        if data.days[i].is_none() {
            continue;
        }
        if !entity_needle.is_empty()
            && !s
                .entities
                .iter()
                .any(|e| crate::entities::fold::fold(&e.key).contains(&entity_needle))
        {
            continue;
        }
        if !document_needle.is_empty()
            && !title(&s.path)
                .to_lowercase()
                .contains(document_needle.as_str())
            && !s.path.to_lowercase().contains(document_needle.as_str())
        {
            continue;
        }
        if let Some(coded) = &coded
            && !coded
                .get(s.path.as_str())
                .is_some_and(|spans| spans.iter().any(|r| r.start <= s.start && s.end <= r.end))
        {
            continue;
        }
        match state.group_by {
            GroupBy::Document => lanes.entry(title(&s.path)).or_default().push(i),
            GroupBy::Entity => {
                for e in &s.entities {
                    if entity_needle.is_empty()
                        || crate::entities::fold::fold(&e.key).contains(&entity_needle)
                    {
                        lanes.entry(e.key.clone()).or_default().push(i);
                    }
                }
            }
        }
    }
    let mut lanes: Vec<Lane> = lanes
        .into_iter()
        .map(|(title, mut statements)| {
            statements.sort_by(|&a, &b| {
                let (x, y) = (data.days[a], data.days[b]);
                x.map(|d| d.0)
                    .partial_cmp(&y.map(|d| d.0))
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
            Lane { title, statements }
        })
        .collect();
    // Busy lanes first when grouping by entity (hundreds of entities); documents by title.
    if state.group_by == GroupBy::Entity {
        lanes.sort_by_key(|l| std::cmp::Reverse(l.statements.len()));
    }
    state.lanes = lanes;
    state.flagged = data
        .conflicts
        .iter()
        .filter(|c| !project.dismissed_conflicts.contains(&c.key))
        .flat_map(|c| c.statements.iter().copied())
        .collect();
    state.lanes_key = Some(key);
}

fn controls(ui: &mut Ui, state: &mut TimelineState, data: &TimelineData, input: &TimelineInput) {
    let open_conflicts = data
        .conflicts
        .iter()
        .filter(|c| !input.project.dismissed_conflicts.contains(&c.key))
        .count();
    let undated = data.undated;
    ui.horizontal_wrapped(|ui| {
        ui.selectable_value(&mut state.tab, Tab::Axis, "Timeline");
        let conflicts = RichText::new(format!("Possible conflicts ({open_conflicts})"));
        let conflicts = if open_conflicts > 0 {
            conflicts.color(theme::warning(ui.visuals().dark_mode))
        } else {
            conflicts
        };
        ui.selectable_value(&mut state.tab, Tab::Conflicts, conflicts);
        ui.selectable_value(&mut state.tab, Tab::Undated, format!("Undated ({undated})"));
        ui.separator();
        let label = ui.label("Lanes:");
        egui::ComboBox::from_id_salt("timeline-group")
            .selected_text(match state.group_by {
                GroupBy::Document => "by document",
                GroupBy::Entity => "by entity",
            })
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut state.group_by, GroupBy::Document, "by document");
                ui.selectable_value(&mut state.group_by, GroupBy::Entity, "by entity");
            })
            .response
            .labelled_by(label.id);
        ui.add(
            egui::TextEdit::singleline(&mut state.entity_filter)
                .hint_text("Entity…")
                .desired_width(120.0),
        );
        ui.add(
            egui::TextEdit::singleline(&mut state.document_filter)
                .hint_text("Document…")
                .desired_width(120.0),
        );
        let tag_text = state
            .tag
            .and_then(|t| input.project.tags.get(&t))
            .map_or_else(
                || "any passage".to_owned(),
                |t| format!("coded “{}”", t.name),
            );
        let label = ui.label("In");
        egui::ComboBox::from_id_salt("timeline-tag")
            .selected_text(tag_text)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut state.tag, None, "any passage");
                for (_, tag) in input.project.tag_tree() {
                    ui.selectable_value(
                        &mut state.tag,
                        Some(tag.id),
                        format!("coded “{}”", tag.name),
                    );
                }
            })
            .response
            .labelled_by(label.id);
    });
}

fn axis(ui: &mut Ui, state: &mut TimelineState, data: &TimelineData) {
    let shown: usize = state.lanes.iter().map(|l| l.statements.len()).sum();
    if shown == 0 {
        ui.label(RichText::new("No dated statement matches.").color(theme::weak_text(ui)));
        return;
    }
    let width = (ui.available_width() - GUTTER).max(100.0);
    let (mut first_day, mut per_point) = state.view.unwrap_or_else(|| fit(state, data, width));
    ui.horizontal(|ui| {
        if ui.button("−").on_hover_text("Zoom out").clicked() {
            zoom(&mut first_day, &mut per_point, width / 2.0, 1.6);
        }
        if ui.button("+").on_hover_text("Zoom in").clicked() {
            zoom(&mut first_day, &mut per_point, width / 2.0, 1.0 / 1.6);
        }
        if ui
            .button("Fit")
            .on_hover_text("Show every statement")
            .clicked()
        {
            (first_day, per_point) = fit(state, data, width);
        }
        ui.label(
            RichText::new(format!(
                "{} in {} · drag to move in time, Ctrl+wheel to zoom",
                counted(shown, "statement", "statements"),
                counted(state.lanes.len(), "lane", "lanes")
            ))
            .small()
            .color(theme::weak_text(ui)),
        );
    });
    // The axis with its ticks.
    let (axis_rect, axis_response) =
        ui.allocate_exact_size(vec2(ui.available_width(), 22.0), Sense::click_and_drag());
    let painter = ui.painter_at(axis_rect);
    let left = axis_rect.left() + GUTTER;
    let weak = theme::weak_text(ui);
    for (day, label) in ticks(first_day, per_point, width) {
        let x = left + ((day - first_day) / per_point) as f32;
        painter.line_segment(
            [
                Pos2::new(x, axis_rect.bottom() - 6.0),
                Pos2::new(x, axis_rect.bottom()),
            ],
            Stroke::new(1.0, weak),
        );
        painter.text(
            Pos2::new(x + 2.0, axis_rect.top() + 2.0),
            Align2::LEFT_TOP,
            label,
            FontId::proportional(11.0),
            weak,
        );
    }
    let mut drag = axis_response.drag_delta().x;
    let dark = ui.visuals().dark_mode;
    let flagged = &state.flagged;
    let selected = state.selected;
    let mut clicked: Option<usize> = None;
    let lanes = &state.lanes;
    let output = egui::ScrollArea::vertical()
        .id_salt("timeline-lanes")
        .auto_shrink(false)
        .show_rows(ui, LANE_HEIGHT, lanes.len(), |ui, range| {
            // A lane's marks to draw (index, rect, flagged, selected), then those on top;
            // emptied by each lane.
            let (mut marks, mut on_top) = (Vec::new(), Vec::new());
            for lane in &lanes[range] {
                // One interactive row per lane: its marks are painted and hit-tested here
                // (hundreds of marks a frame, each its own widget, cost more than the
                // frame budget).
                let (row, response) = ui.allocate_exact_size(
                    vec2(ui.available_width(), LANE_HEIGHT),
                    Sense::click_and_drag(),
                );
                drag += response.drag_delta().x;
                response
                    .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Row, true, &lane.title));
                // Only a screen reader (or a UI test) asks for the tree: then each mark
                // also gets a node of its own.
                let accessible = ui.ctx().has_accesskit_node(response.id);
                let pointer = response.hover_pos();
                let painter = ui.painter_at(row);
                painter.line_segment(
                    [row.left_bottom(), row.right_bottom()],
                    Stroke::new(0.5, weak.gamma_multiply(0.4)),
                );
                let mut title = egui::text::LayoutJob::single_section(
                    lane.title.clone(),
                    egui::TextFormat {
                        font_id: FontId::proportional(12.0),
                        color: ui.visuals().text_color(),
                        ..Default::default()
                    },
                );
                title.wrap = egui::text::TextWrapping::truncate_at_width(GUTTER - 12.0);
                let galley = ui.fonts_mut(|f| f.layout_job(title));
                painter.galley(
                    Pos2::new(row.left() + 4.0, row.center().y - galley.size().y / 2.0),
                    galley,
                    ui.visuals().text_color(),
                );
                let left = row.left() + GUTTER;
                let plot = Rect::from_min_max(Pos2::new(left, row.top()), row.max);
                let painter = ui.painter_at(plot);
                // The mark under the pointer: the last drawn wins, as it is on top.
                let mut hovered: Option<usize> = None;
                // Statements before the view are skipped by binary search; after it, the
                // loop stops; a mark drawn where the last one was (within a point at both
                // ends) is skipped, unless it is flagged or selected.
                let last_day = first_day + f64::from(plot.width()) * per_point;
                let from = lane.statements.partition_point(|&i| {
                    data.days[i].is_some_and(|(_, end)| end < first_day - 366.0 * 10.0)
                });
                let mut last = (f32::NEG_INFINITY, f32::NEG_INFINITY);
                for &i in &lane.statements[from..] {
                    let Some((start, end)) = data.days[i] else {
                        continue;
                    };
                    if start > last_day {
                        break;
                    }
                    if end < first_day {
                        continue;
                    }
                    let x0 = left + ((start - first_day) / per_point) as f32;
                    let x1 = left + ((end - first_day) / per_point) as f32;
                    let is_selected = selected == Some(i);
                    let conflict = flagged.contains(&i);
                    if (x0 - last.0).abs() < 1.0
                        && (x1 - last.1).abs() < 1.0
                        && !is_selected
                        && !conflict
                    {
                        continue;
                    }
                    last = (x0, x1);
                    let mark = mark_rect(x0, x1, row.center().y);
                    // Flagged and selected marks go on top of their neighbours.
                    if conflict || is_selected {
                        on_top.push((i, mark, conflict, is_selected));
                    } else {
                        marks.push((i, mark, conflict, is_selected));
                    }
                }
                for (i, mark, conflict, is_selected) in marks.drain(..).chain(on_top.drain(..)) {
                    paint_mark(&painter, mark, conflict, is_selected, dark);
                    let target = mark.expand(3.0).intersect(plot);
                    // The last drawn under the pointer is the one on top.
                    if pointer.is_some_and(|p| target.contains(p)) {
                        hovered = Some(i);
                    }
                    if accessible {
                        let id = response.id.with(i);
                        // Hover only: a click goes to the row, which finds the mark itself.
                        let node = ui.interact(target, id, Sense::hover());
                        // Named only when asked: hundreds of marks are drawn a frame.
                        node.widget_info(|| {
                            egui::WidgetInfo::labeled(
                                egui::Role::Button,
                                true,
                                mark_label(&data.statements[i], conflict),
                            )
                        });
                        // A screen reader can press it (egui offers the action only to
                        // widgets that sense clicks).
                        ui.ctx().accesskit_node_builder(id, |node| {
                            node.add_action(egui::accesskit::Action::Click);
                        });
                        if ui.input(|input| {
                            input.has_accesskit_action_request(id, egui::accesskit::Action::Click)
                        }) {
                            clicked = Some(i);
                        }
                    }
                }
                let Some(i) = hovered else {
                    continue;
                };
                // A drag moves in time: no hand over the marks it passes.
                if !response.dragged() {
                    ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
                }
                if response.clicked() {
                    clicked = Some(i);
                }
                let s = &data.statements[i];
                let conflict = flagged.contains(&i);
                response.on_hover_ui_at_pointer(|ui| {
                    ui.set_max_width(360.0);
                    ui.strong(format!(
                        "{} · {}",
                        s.date_text,
                        s.value.as_deref().unwrap_or("no value")
                    ));
                    ui.label(crate::text::shorten(&s.sentence, 240));
                    if conflict {
                        ui.label(
                            RichText::new("Possible conflict: see the Possible conflicts tab")
                                .color(theme::error(dark)),
                        );
                    }
                });
            }
        });
    // Ctrl+wheel over the lanes zooms around the pointer.
    let area = output.inner_rect;
    if let Some(pointer) = ui.input(|i| i.pointer.hover_pos())
        && area.contains(pointer)
    {
        // egui turns Ctrl+wheel (and a pinch) into a zoom factor.
        let factor = ui.input(|i| i.zoom_delta());
        if factor != 1.0 && factor.is_finite() && factor > 0.0 {
            let at = (pointer.x - area.left() - GUTTER).max(0.0);
            zoom(&mut first_day, &mut per_point, at, 1.0 / factor);
        }
    }
    first_day -= f64::from(drag) * per_point;
    state.view = Some((first_day, per_point));
    if let Some(i) = clicked {
        state.selected = Some(i);
    }
}

/// A statement's mark on a lane centred at `y`: its span, or a dot when shorter than 6
/// points.
fn mark_rect(x0: f32, x1: f32, y: f32) -> Rect {
    if x1 - x0 < 6.0 {
        Rect::from_center_size(Pos2::new((x0 + x1) / 2.0, y), vec2(8.0, 8.0))
    } else {
        Rect::from_min_max(Pos2::new(x0, y - 4.0), Pos2::new(x1, y + 4.0))
    }
}

/// Paints a mark in the date colour, or the error colour when it is in a possible
/// conflict, outlined when it is selected or in a conflict.
fn paint_mark(painter: &egui::Painter, mark: Rect, conflict: bool, selected: bool, dark: bool) {
    let colour = if conflict {
        theme::error(dark)
    } else {
        theme::entity_colour("DATE", dark).gamma_multiply(if dark { 1.0 } else { 0.9 })
    };
    painter.rect_filled(mark, 3.0, colour);
    if conflict || selected {
        let outline = if selected {
            theme::accent(dark)
        } else {
            colour
        };
        painter.rect_stroke(
            mark.expand(2.0),
            3.0,
            Stroke::new(1.5, outline),
            egui::StrokeKind::Outside,
        );
    }
}

/// A mark's accessible name.
fn mark_label(s: &Statement, conflict: bool) -> String {
    format!(
        "Statement: {} ({}){}",
        s.date_text,
        s.value.as_deref().unwrap_or("no value"),
        if conflict { ", possible conflict" } else { "" }
    )
}

/// Zooms by `factor` (< 1 in) keeping the day at `at` points from the left still.
fn zoom(first_day: &mut f64, per_point: &mut f64, at: f32, factor: f32) {
    let anchor = *first_day + f64::from(at) * *per_point;
    *per_point = (*per_point * f64::from(factor)).clamp(1.0 / 48.0, 3650.0);
    *first_day = anchor - f64::from(at) * *per_point;
}

/// A view showing every statement of the lanes, with a margin.
fn fit(state: &TimelineState, data: &TimelineData, width: f32) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for lane in &state.lanes {
        for &i in &lane.statements {
            if let Some((s, e)) = data.days[i] {
                lo = lo.min(s);
                hi = hi.max(e);
            }
        }
    }
    if !lo.is_finite() {
        return (0.0, 30.0);
    }
    let span = (hi - lo).max(30.0) * 1.08;
    (lo - span * 0.04, span / f64::from(width.max(1.0)))
}

/// Tick marks for the visible days: decades, years, months or days as the zoom allows.
fn ticks(first_day: f64, per_point: f64, width: f32) -> Vec<(f64, String)> {
    let last_day = first_day + f64::from(width) * per_point;
    let (Some(first), Some(last)) = (date_of(first_day), date_of(last_day)) else {
        return Vec::new();
    };
    let min_gap_days = per_point * 70.0;
    let mut out = Vec::new();
    if min_gap_days > 366.0 * 4.0 {
        let step = if min_gap_days > 366.0 * 40.0 { 100 } else { 10 };
        let mut y = (first.year() / step) * step;
        while y <= last.year() {
            if let Ok(d) = Date::new(y, 1, 1) {
                out.push((day_number(d), format!("{y}s")));
            }
            y += step;
        }
    } else if min_gap_days > 31.0 {
        let step = (min_gap_days / 365.0).ceil().max(1.0) as i16;
        let mut y = first.year();
        while y <= last.year() {
            if let Ok(d) = Date::new(y, 1, 1) {
                out.push((day_number(d), y.to_string()));
            }
            y += step;
        }
    } else if min_gap_days > 1.5 {
        let step = (min_gap_days / 30.0).ceil().max(1.0) as i32;
        let mut d = Date::new(first.year(), first.month(), 1).unwrap_or(first);
        while d <= last {
            out.push((day_number(d), d.strftime("%b %Y").to_string()));
            d = d
                .checked_add(jiff::Span::new().months(step))
                .unwrap_or(last.tomorrow().unwrap_or(last));
            if out.len() > 200 {
                break;
            }
        }
    } else {
        let mut d = first;
        while d <= last && out.len() < 200 {
            out.push((day_number(d), d.strftime("%-d %b %Y").to_string()));
            d = d.tomorrow().unwrap_or(last);
            if d == last {
                break;
            }
        }
    }
    out
}

fn statement_card(ui: &mut Ui, s: &Statement, input: &TimelineInput, actions: &mut Vec<Action>) {
    ui.add_space(theme::SPACE_S);
    let title = input
        .corpus
        .get(&s.path)
        .map_or(s.path.as_str(), |d| d.title.as_str());
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(&s.date_text).strong());
        ui.label(
            RichText::new(format!(
                "{}{}",
                s.value.as_deref().unwrap_or("no value"),
                s.granularity
                    .as_deref()
                    .map(|g| format!(" ({g})"))
                    .unwrap_or_default()
            ))
            .monospace()
            .color(theme::weak_text(ui)),
        );
        ui.label(RichText::new(format!("· {title}")).color(theme::weak_text(ui)));
    });
    if s.from_file_date {
        ui.label(
            RichText::new(
                "Resolved against the file's date only: the document gives no date of its own.",
            )
            .small()
            .color(theme::weak_text(ui)),
        );
    }
    ui.add(egui::Label::new(RichText::new(&s.sentence).italics()).wrap());
    ui.horizontal(|ui| {
        if ui.button("Open in the reader").clicked() {
            actions.push(Action::Reveal {
                document: s.path.clone(),
                range: s.start..s.end,
            });
            actions.push(Action::Ui(UiCommand::ShowReader));
        }
        if ui
            .button("Annotate this statement…")
            .on_hover_text("Open the reader with the sentence selected, ready to annotate")
            .clicked()
        {
            actions.push(Action::Reveal {
                document: s.path.clone(),
                range: s.sentence_range.clone(),
            });
            actions.push(Action::Ui(UiCommand::ShowReader));
            actions.push(Action::Ui(UiCommand::AnnotateSelection));
        }
    });
    ui.add_space(theme::SPACE_S);
}

fn conflicts(
    ui: &mut Ui,
    state: &mut TimelineState,
    data: &TimelineData,
    input: &TimelineInput,
    actions: &mut Vec<Action>,
) {
    ui.label(
        RichText::new(
            "Possible conflicts: statements about the same one-time event (a fall, a death, a \
             coming to power…) naming the same people, places or organisations, whose dates \
             cannot both hold. A heuristic: read them side by side and judge.",
        )
        .small()
        .color(theme::weak_text(ui)),
    );
    let dark = ui.visuals().dark_mode;
    egui::ScrollArea::vertical()
        .id_salt("timeline-conflicts")
        .auto_shrink(false)
        .show(ui, |ui| {
            if data.conflicts.is_empty() {
                ui.label(RichText::new("No possible conflict found.").color(theme::weak_text(ui)));
            }
            for c in &data.conflicts {
                let dismissed = input.project.dismissed_conflicts.contains(&c.key);
                egui::Frame::group(ui.style())
                    .stroke(Stroke::new(
                        1.0,
                        if dismissed {
                            theme::weak_text(ui)
                        } else {
                            theme::error(dark)
                        },
                    ))
                    .show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.horizontal(|ui| {
                            let heading = format!(
                                "{} {}",
                                if dismissed {
                                    "Dismissed:"
                                } else {
                                    "⚠ Possible conflict:"
                                },
                                c.key
                            );
                            ui.label(RichText::new(heading).strong());
                            let (label, hint) = if dismissed {
                                ("Flag again", "Show this group as a possible conflict again")
                            } else {
                                ("Dismiss", "Not a conflict: stop flagging this group")
                            };
                            if ui
                                .button(label)
                                .on_hover_text(super::widgets::undo_hint(ui.ctx(), hint))
                                .clicked()
                            {
                                actions.push(Action::Edit(Command::DismissConflict {
                                    key: c.key.clone(),
                                    dismissed: !dismissed,
                                }));
                            }
                        });
                        if dismissed {
                            return;
                        }
                        ui.columns(c.statements.len().clamp(1, 3), |columns| {
                            for (n, &i) in c.statements.iter().enumerate() {
                                let ui = &mut columns[n % columns.len()];
                                let Some(s) = data.statements.get(i) else {
                                    continue;
                                };
                                let title = input
                                    .corpus
                                    .get(&s.path)
                                    .map_or(s.path.as_str(), |d| d.title.as_str());
                                ui.label(
                                    RichText::new(s.value.as_deref().unwrap_or("?"))
                                        .strong()
                                        .size(16.0),
                                );
                                ui.label(
                                    RichText::new(format!("“{}” in {title}", s.date_text))
                                        .small()
                                        .color(theme::weak_text(ui)),
                                );
                                ui.add(
                                    egui::Label::new(RichText::new(&s.sentence).italics()).wrap(),
                                );
                                if ui.link("Open in the reader").clicked() {
                                    state.selected = Some(i);
                                    actions.push(Action::Reveal {
                                        document: s.path.clone(),
                                        range: s.start..s.end,
                                    });
                                    actions.push(Action::Ui(UiCommand::ShowReader));
                                }
                            }
                        });
                    });
                ui.add_space(theme::SPACE_S);
            }
        });
}

fn undated(ui: &mut Ui, state: &mut TimelineState, data: &TimelineData, input: &TimelineInput) {
    ui.label(
        RichText::new(
            "Dates without a place on the calendar: relative dates with no document date to \
             resolve them against (never guessed, and not placed by the file's date, which \
             says when the copy was made), durations and times of day.",
        )
        .small()
        .color(theme::weak_text(ui)),
    );
    let undated: Vec<usize> = (0..data.statements.len())
        .filter(|&i| data.days[i].is_none())
        .collect();
    egui::ScrollArea::vertical()
        .id_salt("timeline-undated")
        .auto_shrink(false)
        .show_rows(ui, 40.0, undated.len(), |ui, range| {
            for &i in &undated[range] {
                let s = &data.statements[i];
                let title = input
                    .corpus
                    .get(&s.path)
                    .map_or(s.path.as_str(), |d| d.title.as_str());
                let response = ui
                    .vertical(|ui| {
                        ui.spacing_mut().item_spacing.y = 0.0;
                        ui.label(
                            RichText::new(format!("“{}” · {title}", s.date_text))
                                .small()
                                .color(theme::weak_text(ui)),
                        );
                        ui.add(egui::Label::new(crate::text::shorten(&s.sentence, 160)).truncate());
                    })
                    .response
                    .interact(Sense::click());
                if response.clicked() {
                    state.selected = Some(i);
                }
            }
        });
}
