//! A table (a CSV, a sheet of a workbook) in the reader as a grid: column letters and row
//! numbers that stay in view, cells clipped to their columns, only the rows and columns
//! on screen painted (a sheet of a million rows costs what a screenful costs). Rows are
//! numbered as the sheet numbers them, past the runs of empty rows the reader left out.
//!
//! The grid is a view of the same text the text view shows (`corpus::grid`): a click on a
//! cell selects that cell's text, a drag or a shift-click from one cell to another selects
//! the text from the first to the last in reading order, so annotating, the context menu
//! and every other use of the selection work as in the text.

use std::ops::Range;

use egui::{Align2, CursorIcon, FontId, Pos2, Rect, ScrollArea, Sense, Stroke, Ui, vec2};

use super::{ReaderInput, ReaderState, Selection};
use crate::app::actions::Action;
use crate::app::theme;
use crate::corpus::Document;
use crate::corpus::grid::{CellAt, TableGrid, column_name};

/// Rows measured for the columns' widths (the first ones: a header and a sample).
const ROWS_MEASURED: usize = 200;

/// The grid of the document shown, built once per document.
#[derive(Default)]
pub struct GridState {
    /// The document and font size the grid and widths were made for.
    key: Option<(String, u32)>,
    grid: TableGrid,
    /// The x where each column starts (one more than the columns: the last is the end).
    column_x: Vec<f32>,
    /// The cell a drag or a shift-click extends from.
    anchor: Option<CellAt>,
}

impl GridState {
    fn ensure(&mut self, doc: &Document, font_size: f32) {
        let key = (doc.path.clone(), font_size.to_bits());
        if self.key.as_ref() == Some(&key) {
            return;
        }
        self.grid = TableGrid::numbered(doc.text.as_str(), &doc.marks.rows_left_out);
        self.column_x = column_edges(&self.grid, doc.text.as_str(), font_size);
        self.anchor = None;
        self.key = Some(key);
    }

    /// The columns on screen.
    fn visible_columns(&self, frame: &Frame) -> Range<usize> {
        if self.grid.columns() == 0 {
            return 0..0;
        }
        let first = self.column_at(frame.viewport.min.x - frame.gutter);
        let last = self.column_at(frame.viewport.max.x - frame.gutter);
        first..last + 1
    }

    /// The column at x (content coordinates, after the row numbers).
    fn column_at(&self, x: f32) -> usize {
        self.column_x
            .partition_point(|&edge| edge <= x)
            .saturating_sub(1)
            .min(self.grid.columns().saturating_sub(1))
    }
}

/// Where each column starts: widths from the longest cell of the first rows, within
/// bounds that keep a column readable and a wide one from filling the screen.
fn column_edges(grid: &TableGrid, text: &str, font_size: f32) -> Vec<f32> {
    let char_width = font_size * 0.55;
    let mut widths = vec![0usize; grid.columns()];
    for row in 0..grid.rows().min(ROWS_MEASURED) {
        for (column, bytes) in grid.cells(text, row).into_iter().enumerate() {
            if let Some(w) = widths.get_mut(column) {
                *w = (*w).max(text[bytes].chars().count());
            }
        }
    }
    let mut edges = Vec::with_capacity(widths.len() + 1);
    let mut x = 0.0;
    edges.push(x);
    for chars in widths {
        x += (chars as f32 * char_width + theme::SPACE_M * 2.0)
            .clamp(font_size * 4.0, font_size * 18.0);
        edges.push(x);
    }
    edges
}

/// The geometry of one frame of the grid.
struct Frame {
    /// The content's top left on screen.
    origin: Pos2,
    /// The visible part of the content, in content coordinates.
    viewport: Rect,
    row_height: f32,
    /// The row numbers' column width (the header row's height is `row_height`).
    gutter: f32,
}

impl Frame {
    /// The cell under a point on screen (clamped to the grid).
    fn cell_at(&self, state: &GridState, pos: Pos2) -> CellAt {
        let y = pos.y - self.origin.y - self.row_height;
        let row = (y / self.row_height).max(0.0) as usize;
        let row = row.min(state.grid.rows().saturating_sub(1));
        let column = state.column_at(pos.x - self.origin.x - self.gutter);
        (row, column)
    }
}

/// Draws the document as a grid; what the user asks for goes to `actions`.
pub fn show(ui: &mut Ui, state: &mut ReaderState, input: &ReaderInput, actions: &mut Vec<Action>) {
    let doc = input.doc;
    state.grid.ensure(doc, input.font_size);
    let row_height = (input.font_size * 1.7).round();
    let last_number = state
        .grid
        .grid
        .row_number(state.grid.grid.rows().saturating_sub(1));
    let digits = last_number.to_string().len() as f32;
    let gutter = digits * input.font_size * 0.6 + theme::SPACE_M * 2.0;
    let width = gutter + state.grid.column_x.last().copied().unwrap_or(0.0);
    let height = row_height * (state.grid.grid.rows() as f32 + 1.0);
    let mut area = ScrollArea::both()
        .id_salt(("grid", doc.path.as_str()))
        .auto_shrink(false);
    if let Some(pos) = state.scroll_to.take() {
        let row = state.grid.grid.row_at(&doc.text, pos) as f32;
        area = area.vertical_scroll_offset((row * row_height - row_height * 4.0).max(0.0));
    }
    area.show_viewport(ui, |ui, viewport| {
        let (content, _) = ui.allocate_exact_size(vec2(width, height), Sense::hover());
        let frame = Frame {
            origin: content.min,
            viewport,
            row_height,
            gutter,
        };
        let visible = visible_rows(&frame, state.grid.grid.rows());
        let id = ui.scope_id().with("grid-cells");
        let screen = viewport.translate(content.min.to_vec2());
        let response = ui.interact(screen, id, Sense::click_and_drag());
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Table, true, format!("Table {}", doc.title))
        });
        if response.hovered() {
            ui.ctx().set_cursor_icon(CursorIcon::Cell);
        }
        select(ui, &response, &frame, state, doc);
        let selection = state.selection.map(|s| s.range()).filter(|r| !r.is_empty());
        paint_cells(
            ui,
            &frame,
            visible.clone(),
            &state.grid,
            input,
            selection.as_ref(),
        );
        paint_headers(ui, &frame, visible, &state.grid, input);
        super::context_menu(&response, state, doc, input, actions);
    });
}

/// The rows on screen.
fn visible_rows(frame: &Frame, rows: usize) -> Range<usize> {
    let first = ((frame.viewport.min.y / frame.row_height) - 1.0).max(0.0) as usize;
    let last = (frame.viewport.max.y / frame.row_height).ceil() as usize;
    first.min(rows)..last.min(rows)
}

/// A click selects a cell's text; a drag, or a click with Shift, the text from the cell
/// it started on to the one under the pointer.
fn select(
    ui: &Ui,
    response: &egui::Response,
    frame: &Frame,
    state: &mut ReaderState,
    doc: &Document,
) {
    if state.grid.grid.rows() == 0 {
        return;
    }
    // Shift held now, or with the press (a press and release within one frame).
    let shift = ui.input(|i| {
        i.modifiers.shift
            || i.events.iter().any(|e| {
                matches!(e, egui::Event::PointerButton { pressed: true, modifiers, .. } if modifiers.shift)
            })
    });
    let extend = shift && state.grid.anchor.is_some();
    if response.drag_started()
        && !extend
        && let Some(origin) = ui.input(|i| i.pointer.press_origin())
    {
        state.grid.anchor = Some(frame.cell_at(&state.grid, origin));
    }
    if !(response.clicked() || response.dragged()) {
        return;
    }
    let Some(pos) = response.interact_pointer_pos() else {
        return;
    };
    let cell = frame.cell_at(&state.grid, pos);
    if response.clicked() && !extend {
        state.grid.anchor = Some(cell);
    }
    let span = state
        .grid
        .grid
        .span(&doc.text, state.grid.anchor.unwrap_or(cell), cell);
    state.selection = Some(Selection {
        anchor: span.start,
        head: span.end,
    });
    if !span.is_empty() {
        state.kept = Some(span);
    }
    response.request_focus();
}

/// Paints the visible cells, with the selection and coded passages behind their text;
/// each cell is an accessible node named by its text.
fn paint_cells(
    ui: &mut Ui,
    frame: &Frame,
    rows: Range<usize>,
    state: &GridState,
    input: &ReaderInput,
    selection: Option<&Range<usize>>,
) {
    let doc = input.doc;
    let text = doc.text.as_str();
    let painter = ui.painter_at(ui.clip_rect());
    let font = FontId::proportional(input.font_size * 0.95);
    let rule = Stroke::new(1.0, ui.visuals().widgets.noninteractive.bg_stroke.color);
    let selected = theme::accent(input.dark).gamma_multiply(if input.dark { 0.45 } else { 0.3 });
    let columns = state.visible_columns(frame);
    let id = ui.scope_id().with("grid-cell");
    for row in rows {
        let y = frame.origin.y + frame.row_height * (row as f32 + 1.0);
        let cells = state.grid.cells(text, row);
        // The table's own header row stands out, as a spreadsheet's frozen first row does.
        let colour = if row == 0 {
            ui.visuals().strong_text_color()
        } else {
            ui.visuals().text_color()
        };
        for column in columns.clone() {
            let rect = Rect::from_x_y_ranges(
                frame.origin.x + frame.gutter + state.column_x[column]
                    ..=frame.origin.x + frame.gutter + state.column_x[column + 1],
                y..=y + frame.row_height,
            );
            painter.rect_stroke(rect, 0.0, rule, egui::StrokeKind::Inside);
            let Some(bytes) = cells.get(column) else {
                continue;
            };
            let chars = doc.text.char_range(bytes.clone()).unwrap_or(0..0);
            let coded = input
                .annotations
                .iter()
                .find(|a| overlaps(&a.range, &chars));
            if let Some(mark) = coded {
                painter.rect_filled(rect.shrink(1.0), 0.0, mark.colour.gamma_multiply(0.35));
            }
            if selection.is_some_and(|s| overlaps(s, &chars)) {
                painter.rect_filled(rect.shrink(1.0), 0.0, selected);
            }
            let value = &text[bytes.clone()];
            painter
                .with_clip_rect(rect.shrink(2.0).intersect(painter.clip_rect()))
                .text(
                    Pos2::new(rect.left() + theme::SPACE_M, rect.center().y),
                    Align2::LEFT_CENTER,
                    value,
                    font.clone(),
                    colour,
                );
            if !value.is_empty() {
                let node = ui.interact(rect, id.with((row, column)), Sense::hover());
                node.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Cell, true, value));
            }
        }
    }
}

/// True when two char ranges share a char (an empty cell shares none).
fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Paints the column letters along the top and the row numbers down the left, over the
/// cells, where they stay as the grid scrolls; each header is an accessible node.
fn paint_headers(
    ui: &mut Ui,
    frame: &Frame,
    rows: Range<usize>,
    state: &GridState,
    input: &ReaderInput,
) {
    let painter = ui.painter_at(ui.clip_rect());
    let fill = ui.visuals().faint_bg_color;
    let weak = theme::weak_text(ui);
    let font = FontId::proportional(input.font_size * 0.8);
    let rule = Stroke::new(1.0, ui.visuals().widgets.noninteractive.bg_stroke.color);
    let top = frame.origin.y + frame.viewport.min.y;
    let left = frame.origin.x + frame.viewport.min.x;
    for row in rows {
        let y = frame.origin.y + frame.row_height * (row as f32 + 1.0);
        let rect = Rect::from_min_size(Pos2::new(left, y), vec2(frame.gutter, frame.row_height));
        painter.rect_filled(rect, 0.0, fill);
        painter.rect_stroke(rect, 0.0, rule, egui::StrokeKind::Inside);
        // The sheet's number: rows after a run of empty rows left out keep theirs.
        let label = state.grid.row_number(row).to_string();
        painter.text(
            rect.right_center() - vec2(theme::SPACE_M, 0.0),
            Align2::RIGHT_CENTER,
            &label,
            font.clone(),
            weak,
        );
        header_node(ui, rect, egui::Role::RowHeader, label);
    }
    for column in state.visible_columns(frame) {
        let x0 = frame.origin.x + frame.gutter + state.column_x[column];
        let x1 = frame.origin.x + frame.gutter + state.column_x[column + 1];
        let rect = Rect::from_min_max(Pos2::new(x0, top), Pos2::new(x1, top + frame.row_height));
        painter.rect_filled(rect, 0.0, fill);
        painter.rect_stroke(rect, 0.0, rule, egui::StrokeKind::Inside);
        let label = column_name(column);
        painter.text(
            rect.center(),
            Align2::CENTER_CENTER,
            &label,
            font.clone(),
            weak,
        );
        header_node(ui, rect, egui::Role::ColumnHeader, label);
    }
    let corner = Rect::from_min_size(Pos2::new(left, top), vec2(frame.gutter, frame.row_height));
    painter.rect_filled(corner, 0.0, fill);
    painter.rect_stroke(corner, 0.0, rule, egui::StrokeKind::Inside);
}

/// A header as a node of its own, so that assistive tools (and UI tests) find it.
fn header_node(ui: &mut Ui, rect: Rect, role: egui::Role, label: String) {
    let id = ui
        .scope_id()
        .with(("grid-header", role as u32, label.as_str()));
    let node = ui.interact(rect, id, Sense::hover());
    node.widget_info(|| egui::WidgetInfo::labeled(role, true, label.clone()));
}
