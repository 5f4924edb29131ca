//! The timeline: every dated statement of the corpus (the sentence around a date) on a time
//! axis, one lane per document or per entity, zoomable from centuries to days; possible
//! conflicts (one event dated differently by different statements) flagged on the axis and
//! listed side by side; undated and unresolved dates listed apart. A statement opens the
//! reader at its date, or becomes the selection to annotate.

use std::collections::HashSet;
use std::sync::Arc;

use egui::{Align2, Color32, FontId, Pos2, Rect, Response, RichText, Sense, Stroke, Ui, vec2};

use crate::analysis::conflicts::Conflict;
use crate::analysis::dated::Timeline;
use crate::analysis::lanes::{GroupBy, Lane, LaneFilter, days_of, lanes, moved_days};
use crate::analysis::time_axis::{AxisView, DaySpan, date_of, ticks};
use crate::analysis::timeline::Statement;
use crate::app::actions::{Action, UiCommand};
use crate::app::computed::Computed;
use crate::app::theme;
use crate::corpus::Corpus;
use crate::entities::{EntityIndex, EntityKind};
use crate::project::{Command, Project, TagId};
use crate::text::counted;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tab {
    #[default]
    Axis,
    Conflicts,
    Undated,
}

/// What the lanes were built from: a change of any of it builds them again.
#[derive(Clone, Debug, PartialEq, Eq)]
struct LanesKey {
    /// The entity index generation the timeline was computed for.
    generation: u64,
    filter: LaneFilter,
    tag: Option<TagId>,
    /// The project's history state (tags, coded passages and dismissed conflicts).
    history_state: u64,
}

#[derive(Default)]
pub struct TimelineState {
    pub tab: Tab,
    group_by: GroupBy,
    entity_filter: String,
    tag: Option<TagId>,
    document_filter: String,
    /// The timeline, computed for an entity index generation.
    computed: Computed<u64, Timeline>,
    lanes: Vec<Lane>,
    lanes_key: Option<LanesKey>,
    /// Statements in a conflict that is not dismissed.
    flagged: HashSet<usize>,
    view: Option<AxisView>,
    /// The user zoomed or moved the view since it was last fitted: it is theirs, and is
    /// kept while it shows what a new reading of the dates moved (see [`AxisView::follow`]).
    chosen: bool,
    /// The timeline the lanes were built from, to see which statements a new one moved.
    drawn: Option<Arc<Timeline>>,
    /// Days that moved on the calendar since the axis was last drawn (a slashed date read
    /// the other way from the Undated tab): the axis brings them into view when next drawn.
    follow: Option<DaySpan>,
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
            move || Timeline::build(&index, &corpus)
        })
        .cloned();
    let (Some(data), Some(&generation)) = (data, state.computed.key()) else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("Finding the dated statements…");
        });
        return;
    };
    refresh_lanes(state, &data, generation, input);
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
        Tab::Undated => undated(ui, state, &data, input, actions),
    }
}

/// Builds the lanes and the flagged statements again when what they depend on changed.
fn refresh_lanes(
    state: &mut TimelineState,
    data: &Arc<Timeline>,
    generation: u64,
    input: &TimelineInput,
) {
    let key = LanesKey {
        generation,
        filter: LaneFilter::new(state.group_by, &state.entity_filter, &state.document_filter),
        tag: state.tag,
        history_state: input.history_state,
    };
    if state.lanes_key.as_ref() == Some(&key) {
        return;
    }
    let project = input.project;
    // A tag keeps the statements inside passages coded with it (or its sub-tags).
    let coded = key.tag.map(|t| project.coded_passages(t));
    state.lanes = lanes(data, &key.filter, coded.as_ref(), |path| {
        input
            .corpus
            .get(path)
            .map_or_else(|| path.to_owned(), |d| d.title.clone())
    });
    state.flagged = data.flagged(&project.dismissed_conflicts);
    state.lanes_key = Some(key);
    // Recognised again (a slashed date read the other way, a correction): what moved on
    // the calendar is brought into view the next time the axis is drawn, even when the
    // order was chosen from the Undated tab or a statement's card.
    if let Some(before) = state.drawn.as_ref().filter(|b| !Arc::ptr_eq(b, data))
        && let Some(moved) = moved_days(before, data, &state.lanes)
    {
        state.follow = Some(state.follow.map_or(moved, |f| f.union(moved)));
    }
    state.drawn = Some(data.clone());
}

fn controls(ui: &mut Ui, state: &mut TimelineState, data: &Timeline, input: &TimelineInput) {
    let open_conflicts = data
        .open_conflicts(&input.project.dismissed_conflicts)
        .count();
    let undated = data.undated_count();
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

fn axis(ui: &mut Ui, state: &mut TimelineState, data: &Timeline) {
    let shown: usize = state.lanes.iter().map(|l| l.statements.len()).sum();
    if shown == 0 {
        ui.label(RichText::new("No dated statement matches.").color(theme::weak_text(ui)));
        return;
    }
    let width = (ui.available_width() - GUTTER).max(100.0);
    let fitted = || AxisView::fit(days_of(data, &state.lanes), width);
    let follow = state.follow.take();
    let mut view = match state.view {
        Some(view) => view.follow(width, days_of(data, &state.lanes), follow, state.chosen),
        None => fitted(),
    };
    let before = view;
    let mut fit = false;
    ui.horizontal(|ui| {
        if ui.button("−").on_hover_text("Zoom out").clicked() {
            view = view.zoomed(width / 2.0, 1.6);
        }
        if ui.button("+").on_hover_text("Zoom in").clicked() {
            view = view.zoomed(width / 2.0, 1.0 / 1.6);
        }
        if ui
            .button("Fit")
            .on_hover_text("Show every statement")
            .clicked()
        {
            view = fitted();
            fit = true;
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
    let axis_drag = tick_row(ui, view, width);
    let marks = Marks {
        data,
        flagged: &state.flagged,
        selected: state.selected,
        view,
        dark: ui.visuals().dark_mode,
        weak: theme::weak_text(ui),
    };
    let mut moved = Moved {
        drag: axis_drag,
        clicked: None,
    };
    let lanes = &state.lanes;
    let output = egui::ScrollArea::vertical()
        .id_salt("timeline-lanes")
        .auto_shrink(false)
        .show_rows(ui, LANE_HEIGHT, lanes.len(), |ui, range| {
            for lane in &lanes[range] {
                lane_row(ui, lane, &marks, &mut moved);
            }
        });
    view = wheel_zoom(ui, output.inner_rect, view).dragged(moved.drag);
    // Zoomed or moved by the user: their view from now on, until Fit.
    if fit {
        state.chosen = false;
    } else if view != before {
        state.chosen = true;
    }
    state.view = Some(view);
    if let Some(i) = moved.clicked {
        state.selected = Some(i);
    }
}

/// The axis with its ticks; returns how far it was dragged.
fn tick_row(ui: &mut Ui, view: AxisView, width: f32) -> f32 {
    let (rect, response) =
        ui.allocate_exact_size(vec2(ui.available_width(), 22.0), Sense::click_and_drag());
    // What the ticks show, in words, for a screen reader (and the UI tests).
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Group, true, axis_label(view, width))
    });
    let painter = ui.painter_at(rect);
    let left = rect.left() + GUTTER;
    let weak = theme::weak_text(ui);
    for tick in ticks(view, width) {
        let x = left + view.x_of(tick.day);
        painter.line_segment(
            [
                Pos2::new(x, rect.bottom() - 6.0),
                Pos2::new(x, rect.bottom()),
            ],
            Stroke::new(1.0, weak),
        );
        painter.text(
            Pos2::new(x + 2.0, rect.top() + 2.0),
            Align2::LEFT_TOP,
            tick.label,
            FontId::proportional(11.0),
            weak,
        );
    }
    response.drag_delta().x
}

/// "Time axis from 2 May 2014 to 30 January 2025": the days a view shows.
fn axis_label(view: AxisView, width: f32) -> String {
    let day = |d: f64| {
        date_of(d).map_or_else(
            || "beyond the calendar".to_owned(),
            |d| d.strftime("%-d %B %Y").to_string(),
        )
    };
    format!(
        "Time axis from {} to {}",
        day(view.first_day),
        day(view.day_at(width))
    )
}

/// Ctrl+wheel (or a pinch) over the lanes zooms around the pointer.
fn wheel_zoom(ui: &Ui, area: Rect, view: AxisView) -> AxisView {
    let Some(pointer) = ui
        .input(|i| i.pointer.hover_pos())
        .filter(|p| area.contains(*p))
    else {
        return view;
    };
    // egui turns Ctrl+wheel (and a pinch) into a zoom factor.
    let factor = ui.input(|i| i.zoom_delta());
    if factor != 1.0 && factor.is_finite() && factor > 0.0 {
        let at = (pointer.x - area.left() - GUTTER).max(0.0);
        view.zoomed(at, 1.0 / factor)
    } else {
        view
    }
}

/// What every lane's marks are drawn with in a frame.
struct Marks<'a> {
    data: &'a Timeline,
    flagged: &'a HashSet<usize>,
    selected: Option<usize>,
    view: AxisView,
    dark: bool,
    weak: Color32,
}

/// What the pointer did over the axis and lanes this frame.
struct Moved {
    /// Points dragged (to the right: back in time).
    drag: f32,
    /// The statement whose mark was clicked.
    clicked: Option<usize>,
}

/// A mark to draw: its statement, where, and how.
#[derive(Clone, Copy)]
struct Mark {
    statement: usize,
    rect: Rect,
    conflict: bool,
    selected: bool,
}

/// One lane: its title in the gutter and its marks, painted and hit-tested on one
/// interactive row (hundreds of marks a frame, each its own widget, cost more than the
/// frame budget).
fn lane_row(ui: &mut Ui, lane: &Lane, marks: &Marks, moved: &mut Moved) {
    let (row, response) = ui.allocate_exact_size(
        vec2(ui.available_width(), LANE_HEIGHT),
        Sense::click_and_drag(),
    );
    moved.drag += response.drag_delta().x;
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Row, true, &lane.title));
    let painter = ui.painter_at(row);
    painter.line_segment(
        [row.left_bottom(), row.right_bottom()],
        Stroke::new(0.5, marks.weak.gamma_multiply(0.4)),
    );
    lane_title(ui, &painter, row, &lane.title);
    let plot = Rect::from_min_max(Pos2::new(row.left() + GUTTER, row.top()), row.max);
    let visible = visible_marks(lane, marks, plot);
    let painter = ui.painter_at(plot);
    // Only a screen reader (or a UI test) asks for the tree: then each mark also gets a
    // node of its own.
    let accessible = ui.ctx().has_accesskit_node(response.id);
    let pointer = response.hover_pos();
    // The mark under the pointer: the last drawn wins, as it is on top.
    let mut hovered: Option<usize> = None;
    for mark in visible {
        paint_mark(
            &painter,
            mark.rect,
            mark.conflict,
            mark.selected,
            marks.dark,
        );
        let target = mark.rect.expand(3.0).intersect(plot);
        if pointer.is_some_and(|p| target.contains(p)) {
            hovered = Some(mark.statement);
        }
        if accessible && mark_node(ui, &response, target, marks.data, mark) {
            moved.clicked = Some(mark.statement);
        }
    }
    if let Some(i) = hovered {
        hover_mark(ui, response, marks, i, moved);
    }
}

/// A lane's title, cut to the gutter.
fn lane_title(ui: &Ui, painter: &egui::Painter, row: Rect, title: &str) {
    let mut job = egui::text::LayoutJob::single_section(
        title.to_owned(),
        egui::TextFormat {
            font_id: FontId::proportional(12.0),
            color: ui.visuals().text_color(),
            ..Default::default()
        },
    );
    job.wrap = egui::text::TextWrapping::truncate_at_width(GUTTER - 12.0);
    let galley = ui.fonts_mut(|f| f.layout_job(job));
    painter.galley(
        Pos2::new(row.left() + 4.0, row.center().y - galley.size().y / 2.0),
        galley,
        ui.visuals().text_color(),
    );
}

/// The marks of a lane inside `plot`, in drawing order: flagged and selected ones last, on
/// top of their neighbours. Statements before the view are skipped by binary search; after
/// it, the walk stops; a mark where the last one was (within a point at both ends) is
/// skipped, unless it is flagged or selected.
fn visible_marks(lane: &Lane, marks: &Marks, plot: Rect) -> Vec<Mark> {
    let view = marks.view;
    let last_day = view.day_at(plot.width());
    let from = lane.statements.partition_point(|&i| {
        marks
            .data
            .days(i)
            .is_some_and(|d| d.end < view.first_day - 366.0 * 10.0)
    });
    let (mut below, mut on_top) = (Vec::new(), Vec::new());
    let mut last = (f32::NEG_INFINITY, f32::NEG_INFINITY);
    for &i in &lane.statements[from..] {
        let Some(days) = marks.data.days(i) else {
            continue;
        };
        if days.start > last_day {
            break;
        }
        if days.end < view.first_day {
            continue;
        }
        let x0 = plot.left() + view.x_of(days.start);
        let x1 = plot.left() + view.x_of(days.end);
        let selected = marks.selected == Some(i);
        let conflict = marks.flagged.contains(&i);
        if (x0 - last.0).abs() < 1.0 && (x1 - last.1).abs() < 1.0 && !selected && !conflict {
            continue;
        }
        last = (x0, x1);
        let mark = Mark {
            statement: i,
            rect: mark_rect(x0, x1, plot.center().y),
            conflict,
            selected,
        };
        if conflict || selected {
            on_top.push(mark);
        } else {
            below.push(mark);
        }
    }
    below.extend(on_top);
    below
}

/// Gives a mark an accessible node of its own, which a screen reader can press; returns
/// true when it was pressed.
fn mark_node(ui: &Ui, row: &Response, target: Rect, data: &Timeline, mark: Mark) -> bool {
    let id = row.id.with(mark.statement);
    // Hover only: a click goes to the row, which finds the mark itself.
    let node = ui.interact(target, id, Sense::hover());
    // Named only when asked: hundreds of marks are drawn a frame.
    node.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::Button,
            true,
            mark_label(&data.statements[mark.statement], mark.conflict),
        )
    });
    // A screen reader can press it (egui offers the action only to widgets that sense
    // clicks).
    ui.ctx().accesskit_node_builder(id, |node| {
        node.add_action(egui::accesskit::Action::Click);
    });
    ui.input(|input| input.has_accesskit_action_request(id, egui::accesskit::Action::Click))
}

/// The pointer is over statement `i`'s mark: a hand (unless a drag moves the view), a
/// click selects it, a tooltip shows it.
fn hover_mark(ui: &Ui, response: Response, marks: &Marks, i: usize, moved: &mut Moved) {
    // A drag moves in time: no hand over the marks it passes.
    if !response.dragged() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
    }
    if response.clicked() {
        moved.clicked = Some(i);
    }
    let s = &marks.data.statements[i];
    let conflict = marks.flagged.contains(&i);
    let dark = marks.dark;
    response.on_hover_ui_at_pointer(|ui| {
        ui.set_max_width(360.0);
        ui.strong(format!(
            "{} · {}",
            s.date_text,
            s.value.as_deref().unwrap_or("no value")
        ));
        ui.label(crate::text::shorten(&s.sentence, 240));
        for note in [&s.order, &s.anchored].into_iter().flatten() {
            ui.label(RichText::new(note).small().color(theme::weak_text(ui)));
        }
        if conflict {
            ui.label(
                RichText::new("Possible conflict: see the Possible conflicts tab")
                    .color(theme::error(dark)),
            );
        }
    });
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
        theme::entity_colour(EntityKind::Date, dark).gamma_multiply(if dark { 1.0 } else { 0.9 })
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
                    .map(|g| format!(" ({})", g.name()))
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
    if let Some(reading) = &s.reading {
        ui.label(RichText::new(reading).small().color(theme::weak_text(ui)));
    }
    for note in [&s.order, &s.anchored].into_iter().flatten() {
        ui.label(RichText::new(note).small().color(theme::weak_text(ui)));
    }
    if s.readings.is_some() {
        ui.horizontal_wrapped(|ui| order_choices(ui, s, title, actions, false));
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
    data: &Timeline,
    input: &TimelineInput,
    actions: &mut Vec<Action>,
) {
    ui.label(
        RichText::new(
            "Possible conflicts: statements dating the same one-time event (a fall or capture, \
             a death, a birth, a founding, independence, taking power, an execution, a \
             resignation) of the same person, place or organisation to dates that cannot both \
             hold. A heuristic read from the words of each sentence (recurrences, \
             anniversaries, predictions, conditions and negations are left out, and it can \
             still be wrong): read them side by side and judge.",
        )
        .small()
        .color(theme::weak_text(ui)),
    );
    egui::ScrollArea::vertical()
        .id_salt("timeline-conflicts")
        .auto_shrink(false)
        .show(ui, |ui| {
            if data.conflicts.is_empty() {
                ui.label(RichText::new("No possible conflict found.").color(theme::weak_text(ui)));
            }
            for c in &data.conflicts {
                conflict_card(ui, state, c, data, input, actions);
                ui.add_space(theme::SPACE_S);
            }
        });
}

/// One possible conflict: its heading with Dismiss (or Flag again), and unless dismissed
/// its statements side by side.
fn conflict_card(
    ui: &mut Ui,
    state: &mut TimelineState,
    c: &Conflict,
    data: &Timeline,
    input: &TimelineInput,
    actions: &mut Vec<Action>,
) {
    // The entry that dismisses the group: its key, or one from before a rename.
    let dismissal = c.dismissed_by(&input.project.dismissed_conflicts);
    let dismissed = dismissal.is_some();
    let stroke = if dismissed {
        theme::weak_text(ui)
    } else {
        theme::error(ui.visuals().dark_mode)
    };
    egui::Frame::group(ui.style())
        .stroke(Stroke::new(1.0, stroke))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| conflict_heading(ui, c, dismissal, actions));
            if dismissed {
                return;
            }
            ui.label(
                RichText::new(format!("Why: {}", c.reason(&data.statements)))
                    .small()
                    .color(theme::weak_text(ui)),
            );
            ui.columns(c.statements.len().clamp(1, 3), |columns| {
                for (n, &i) in c.statements.iter().enumerate() {
                    let ui = &mut columns[n % columns.len()];
                    if let Some(s) = data.statements.get(i)
                        && conflict_statement(ui, s, input)
                    {
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
}

/// A conflict's event and subject, and the button that dismisses it or flags it again
/// (undoably; flagging again removes the entry that dismissed it, `dismissal`).
fn conflict_heading(
    ui: &mut Ui,
    c: &Conflict,
    dismissal: Option<&String>,
    actions: &mut Vec<Action>,
) {
    let heading = match dismissal {
        Some(_) => format!("Dismissed: {}", c.title()),
        None => format!("⚠ Possible conflict: {}", c.title()),
    };
    ui.label(RichText::new(heading).strong());
    let (label, hint) = if dismissal.is_some() {
        ("Flag again", "Show this group as a possible conflict again")
    } else {
        ("Dismiss", "Not a conflict: stop flagging this group")
    };
    if ui
        .button(label)
        .on_hover_text(super::widgets::undo_hint(ui.ctx(), hint))
        .clicked()
    {
        actions.push(Action::edit(Command::DismissConflict {
            key: dismissal.unwrap_or(&c.key).clone(),
            dismissed: dismissal.is_none(),
        }));
    }
}

/// One statement of a conflict: its value large, where it is written, the sentence; true
/// when "Open in the reader" was clicked.
fn conflict_statement(ui: &mut Ui, s: &Statement, input: &TimelineInput) -> bool {
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
    ui.add(egui::Label::new(RichText::new(&s.sentence).italics()).wrap());
    ui.link("Open in the reader").clicked()
}

/// The choices of order for a slashed date whose parts do not show it: day or month
/// first in this document (buttons), or in every document (a menu). Each emits one
/// [`Command::SlashOrder`]. `right_to_left`: added in a right-to-left layout (the menu
/// first, so that it ends up last).
fn order_choices(
    ui: &mut Ui,
    s: &Statement,
    title: &str,
    actions: &mut Vec<Action>,
    right_to_left: bool,
) {
    use crate::entities::SlashOrder;
    let Some([day, month]) = &s.readings else {
        return;
    };
    let choices = [
        (SlashOrder::DayFirst, format!("Day first ({day})")),
        (SlashOrder::MonthFirst, format!("Month first ({month})")),
    ];
    let mut buttons = |ui: &mut Ui| {
        let order = if right_to_left { [1, 0] } else { [0, 1] };
        for (order, label) in order.iter().filter_map(|&i| choices.get(i)) {
            let hint = format!("Read the slashed dates of “{title}” {}", order.name());
            if ui
                .small_button(label)
                .on_hover_text(super::widgets::undo_hint(ui.ctx(), &hint))
                .clicked()
            {
                actions.push(Action::edit(Command::SlashOrder {
                    document: Some(s.path.clone()),
                    order: Some(*order),
                }));
            }
        }
    };
    if !right_to_left {
        buttons(ui);
    }
    let mut menu_choice = None;
    ui.menu_button("In every document…", |ui| {
        ui.label(
            RichText::new("Where a document's own dates do not show the order")
                .small()
                .color(theme::weak_text(ui)),
        );
        for (order, label) in &choices {
            if ui.button(label).clicked() {
                menu_choice = Some(*order);
                ui.close();
            }
        }
    });
    if right_to_left {
        buttons(ui);
    }
    if let Some(order) = menu_choice {
        actions.push(Action::edit(Command::SlashOrder {
            document: None,
            order: Some(order),
        }));
    }
}

fn undated(
    ui: &mut Ui,
    state: &mut TimelineState,
    data: &Timeline,
    input: &TimelineInput,
    actions: &mut Vec<Action>,
) {
    ui.label(
        RichText::new(
            "Dates without a place on the calendar: relative dates with no document date to \
             resolve them against (never guessed, and not placed by the file's date, which \
             says when the copy was made), slashed dates whose day and month order the \
             document does not show (“10/06/2014”: choose the order for the document or for \
             every document), durations and times of day.",
        )
        .small()
        .color(theme::weak_text(ui)),
    );
    let undated = data.undated();
    egui::ScrollArea::vertical()
        .id_salt("timeline-undated")
        .auto_shrink(false)
        .show_rows(ui, 44.0, undated.len(), |ui, range| {
            for &i in &undated[range] {
                let s = &data.statements[i];
                let title = input
                    .corpus
                    .get(&s.path)
                    .map_or(s.path.as_str(), |d| d.title.as_str());
                ui.vertical(|ui| {
                    ui.spacing_mut().item_spacing.y = 0.0;
                    // The choices at the right, the date's reading truncated before them.
                    let layout = egui::Layout::right_to_left(egui::Align::Center);
                    ui.allocate_ui_with_layout(vec2(ui.available_width(), 20.0), layout, |ui| {
                        order_choices(ui, s, title, actions, true);
                        let what = match &s.reading {
                            Some(reading) => format!("“{}” · {reading} · {title}", s.date_text),
                            None => format!("“{}” · {title}", s.date_text),
                        };
                        let what = RichText::new(what).small().color(theme::weak_text(ui));
                        ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                            ui.add(egui::Label::new(what).truncate());
                        });
                    });
                    let sentence = egui::Label::new(crate::text::shorten(&s.sentence, 160))
                        .truncate()
                        .sense(Sense::click());
                    if ui.add(sentence).clicked() {
                        state.selected = Some(i);
                    }
                });
            }
        });
}
