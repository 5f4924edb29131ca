//! The document list: filter, sort, folders as group headings, one calm row per document
//! with its annotation badge; a file's parts under it (collapsed, their count on the
//! file), an exact copy's other places pointing at the one document, a near-copy group's
//! versions under its first (`doc_tree`). Rows are virtualised (`show_rows`), so 100,000
//! parts scroll as smoothly as ten.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use egui::text::{LayoutJob, TextFormat, TextWrapping};
use egui::{Align2, Color32, FontId, Key, RichText, Sense, Ui, pos2, vec2};

use super::doc_tree::{NodeKind, Order, Row, Tree, TreeInput};
use crate::app::actions::{Action, UiCommand};
use crate::app::state::DerivedKey;
use crate::app::theme;
use crate::corpus::thread::Threads;
use crate::corpus::{Copies, Document, NearCopies, human_date};
use crate::text::counted;

/// How the list is ordered (inside each folder).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SortBy {
    #[default]
    Name,
    Date,
    Annotations,
}

impl SortBy {
    fn label(self) -> &'static str {
        match self {
            Self::Name => "Name",
            Self::Date => "Date",
            Self::Annotations => "Annotations",
        }
    }
}

impl SortBy {
    fn order(self) -> Order {
        match self {
            Self::Name => Order::Name,
            Self::Date => Order::Date,
            Self::Annotations => Order::Annotations,
        }
    }
}

/// What the rows depend on.
#[derive(Clone, Debug, PartialEq)]
struct RowsKey {
    filter: String,
    sort: SortBy,
    documents: usize,
    /// The titles shown (a rename changes the order by name and what the filter matches).
    titles: u64,
    /// The project's annotation counts, only when sorted by them: no other order, nor
    /// the filter, depends on the edits that change them, so an edit does not rebuild the
    /// tree of 100,000 parts.
    counts: Option<DerivedKey>,
    missing: usize,
    copies: usize,
    by_conversation: bool,
}

#[derive(Default)]
pub struct DocListState {
    pub filter: String,
    pub sort: SortBy,
    collapsed: HashSet<String>,
    /// The files and documents whose parts are shown (ids).
    expanded: HashSet<String>,
    /// Bumped when a folder or a file is opened or closed: the rows are flattened again.
    openings: u64,
    /// What `rows` was flattened from: the tree's key and `openings`.
    rows_key: Option<u64>,
    /// The document whose parents were last opened to show it.
    expanded_for: Option<usize>,
    /// The row of each document shown, by its index (`None` when hidden).
    doc_rows: Vec<Option<usize>>,
    tree: Tree,
    rows: Vec<Row>,
    /// How many documents match the filter, shown or inside a collapsed folder.
    matching: usize,
    /// What `rows` was built from.
    key: Option<RowsKey>,
    /// How many times the tree was built (it should be only when what it shows changed).
    builds: u64,
    /// The corpus has conversations of more than one message: the list offers to group
    /// by them.
    has_conversations: bool,
    /// Focus the filter box on the next frame.
    pub focus_filter: bool,
    /// The document whose rename menu is open, and the title being typed.
    renaming: Option<(String, String)>,
    /// Give keyboard focus to the current row on the next frame (after arrow keys).
    focus_current: bool,
    /// Scroll the current row into view on the next frame.
    scroll_to_current: bool,
    visible_rows: std::ops::Range<usize>,
}

/// What the list shows this frame.
pub struct DocListInput<'a> {
    pub documents: &'a [Arc<Document>],
    /// The other places of exact copies (each opens the one document).
    pub copies: &'a Copies,
    /// The near-copy groups.
    pub near: &'a NearCopies,
    pub current: Option<usize>,
    /// Annotations per document, orphans included (as the annotation panel counts them).
    pub annotation_counts: &'a HashMap<String, usize>,
    /// Orphaned annotations per document.
    pub orphan_counts: &'a HashMap<String, usize>,
    pub entity_counts: &'a HashMap<String, usize>,
    pub counts_key: Option<DerivedKey>,
    /// Changes when a document's title shown changes (`Session::titles_revision`).
    pub titles_revision: u64,
    /// The project (which documents carry a title of the user's own).
    pub project: &'a crate::project::Project,
    /// Documents with annotations whose file is gone: listed greyed, "file missing".
    pub missing: &'a [crate::session::MissingDocument],
    /// The missing document shown (instead of a document of the corpus).
    pub current_missing: Option<&'a str>,
    /// The coder's name (the preferences'): "Mark Coded" marks for them.
    pub coder: Option<&'a str>,
    /// The corpus's conversations (mail threads).
    pub threads: &'a Threads,
    /// A mailbox's messages grouped by conversation rather than listed by file (the
    /// preference `UiCommand::GroupByConversation` toggles).
    pub by_conversation: bool,
}

const ROW_HEIGHT: f32 = 38.0;

pub fn show(
    ui: &mut Ui,
    state: &mut DocListState,
    input: &DocListInput,
    actions: &mut Vec<Action>,
) {
    ui.add_space(theme::SPACE_M);
    let hint = crate::app::actions::UiCommand::FocusDocumentFilter
        .with_shortcut(ui.ctx(), "Filter documents");
    let filter = egui::TextEdit::singleline(&mut state.filter)
        .hint_text(hint)
        .desired_width(f32::INFINITY);
    let filter_response = ui.add(filter);
    if state.focus_filter {
        filter_response.request_focus();
        state.focus_filter = false;
    }
    // The text box gives up focus on Escape in the same frame, so ask for either.
    let focused = filter_response.has_focus() || filter_response.lost_focus();
    if focused && ui.input(|i| i.key_pressed(Key::Escape)) {
        state.filter.clear();
    }
    rebuild_rows(state, input);
    order_and_count(ui, state, input, actions);
    ui.separator();

    keyboard(ui, state, input, actions);

    let mut area = egui::ScrollArea::vertical()
        .id_salt("doc-list")
        .auto_shrink(false);
    if state.scroll_to_current
        && let Some(pos) = current_row(state, input.current)
    {
        state.scroll_to_current = false;
        let row_h = ROW_HEIGHT + ui.spacing().item_spacing.y;
        if !state.visible_rows.contains(&pos) || state.visible_rows.len() < 2 {
            let offset = (pos as f32 * row_h - row_h * 2.0).max(0.0);
            area = area.vertical_scroll_offset(offset);
        }
    }
    // Taken, not cloned: 100,000 rows would cost a copy every frame.
    let rows = std::mem::take(&mut state.rows);
    area.show_rows(ui, ROW_HEIGHT, rows.len(), |ui, range| {
        state.visible_rows = range.clone();
        for row in &rows[range] {
            match row {
                Row::Folder {
                    name,
                    count,
                    collapsed,
                } => {
                    folder_row(ui, state, name, *count, *collapsed);
                }
                &Row::Node {
                    node,
                    depth,
                    expanded,
                } => node_row(ui, state, input, node, depth, expanded, actions),
            }
        }
        if rows.is_empty() {
            let text = if state.filter.is_empty() {
                "This folder has no documents Dossier can read."
            } else {
                "No document matches the filter."
            };
            ui.label(RichText::new(text).color(theme::weak_text(ui)));
        }
    });
    state.rows = rows;
}

/// The sort and grouping choices and how many documents are listed.
fn order_and_count(
    ui: &mut Ui,
    state: &mut DocListState,
    input: &DocListInput,
    actions: &mut Vec<Action>,
) {
    let matching = state.matching;
    ui.horizontal(|ui| {
        let label = ui.label("Sort");
        egui::ComboBox::from_id_salt("doc-sort")
            .selected_text(state.sort.label())
            .show_ui(ui, |ui| {
                for s in [SortBy::Name, SortBy::Date, SortBy::Annotations] {
                    ui.selectable_value(&mut state.sort, s, s.label());
                }
            })
            .response
            .labelled_by(label.id);
        let total = input.documents.len() + input.missing.len();
        let mut count = if matching == total {
            counted(total, "document", "documents")
        } else {
            format!("{matching} of {total}")
        };
        if !input.missing.is_empty() {
            count.push_str(&format!(" · {} missing", input.missing.len()));
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.label(RichText::new(count).small().color(theme::weak_text(ui)));
        });
    });
    // Offered only where there is mail to group, on a line of its own: the panel is
    // narrow.
    if state.has_conversations || input.by_conversation {
        ui.horizontal(|ui| group_choice(ui, input, actions));
    }
}

/// "Group: by file / by conversation".
fn group_choice(ui: &mut Ui, input: &DocListInput, actions: &mut Vec<Action>) {
    let label = ui.label("Group");
    let mut by_conversation = input.by_conversation;
    let name = |by: bool| if by { "by conversation" } else { "by file" };
    egui::ComboBox::from_id_salt("doc-group")
        .selected_text(name(by_conversation))
        .show_ui(ui, |ui| {
            for by in [false, true] {
                ui.selectable_value(&mut by_conversation, by, name(by));
            }
        })
        .response
        .on_hover_text(UiCommand::GroupByConversation.description())
        .labelled_by(label.id);
    if by_conversation != input.by_conversation {
        actions.push(Action::Ui(UiCommand::GroupByConversation));
    }
}

/// One node's row: what it is decides how it is drawn and what a click does.
fn node_row(
    ui: &mut Ui,
    state: &mut DocListState,
    input: &DocListInput,
    node: usize,
    depth: usize,
    expanded: bool,
    actions: &mut Vec<Action>,
) {
    let Some(n) = state.tree.nodes.get(node) else {
        return;
    };
    let tree = TreeRow {
        indent: depth as f32 * INDENT,
        parts: (!n.children.is_empty()).then_some((n.id.clone(), n.parts, expanded)),
        near: n.near,
    };
    match n.kind {
        NodeKind::Doc(i) => doc_row(ui, state, input, i, &tree, actions),
        NodeKind::Missing(i) => missing_row(ui, input, i, &tree, actions),
        NodeKind::Container => {
            let (id, title) = (n.id.clone(), n.title.clone());
            container_row(ui, state, &id, &title, &tree);
        }
        NodeKind::Conversation { .. } => conversation_row(ui, state, input, node, &tree),
        NodeKind::Copy { place, of } => copy_row(ui, state, input, place, of, &tree, actions),
        NodeKind::Near { doc, similarity } => {
            near_row(ui, input, doc, similarity, &tree, actions);
        }
    }
}

/// Where a row sits in the tree: its indent, and for a node with parts below it, its id,
/// their count and whether they are shown.
struct TreeRow {
    indent: f32,
    parts: Option<(String, usize, bool)>,
    /// Of the rows below, the near-copies.
    near: usize,
}

const INDENT: f32 = 14.0;

fn current_row(state: &DocListState, current: Option<usize>) -> Option<usize> {
    state.row_of(current?)
}

fn rebuild_rows(state: &mut DocListState, input: &DocListInput) {
    let key = RowsKey {
        filter: state.filter.clone(),
        sort: state.sort,
        documents: input.documents.len(),
        titles: input.titles_revision,
        counts: input
            .counts_key
            .filter(|_| state.sort == SortBy::Annotations),
        missing: input.missing.len(),
        copies: input.copies.places().len(),
        by_conversation: input.by_conversation,
    };
    if state.key.as_ref() != Some(&key) {
        let needle = state.filter.trim().to_lowercase();
        state.tree = Tree::build(&TreeInput {
            documents: input.documents,
            copies: input.copies.places(),
            near: input.near,
            missing: input.missing,
            needle: &needle,
            order: state.sort.order(),
            annotation_counts: input.annotation_counts,
            threads: input.by_conversation.then_some(input.threads),
        });
        state.builds += 1;
        state.has_conversations = input.threads.conversations().next().is_some();
        state.matching = state.tree.matching;
        state.key = Some(key);
        state.rows_key = None;
    }
    if state.scroll_to_current
        && let Some(current) = input.current
        && state.expanded_for != Some(current)
        && current_row(state, Some(current)).is_none()
    {
        // A part the reader opened (a search hit, the next document) or the open
        // message after the grouping changed: its file, conversation or folder may be
        // closed. Opened once per reveal: the search for its ancestors walks every node.
        state.expanded_for = Some(current);
        let (folder, closed) = state.tree.ancestors_of(current);
        if closed.iter().any(|id| !state.expanded.contains(id)) {
            state.expanded.extend(closed);
            state.openings += 1;
        }
        if folder.is_some_and(|f| state.collapsed.remove(&f)) {
            state.openings += 1;
        }
    }
    if state.rows_key != Some(state.openings) {
        let filtering = !state.filter.trim().is_empty();
        state.rows = state
            .tree
            .rows(&state.collapsed, &state.expanded, filtering);
        state.index_rows(input.documents.len());
        state.rows_key = Some(state.openings);
    }
}

fn folder_row(ui: &mut Ui, state: &mut DocListState, name: &str, count: usize, collapsed: bool) {
    let (rect, response) =
        ui.allocate_exact_size(vec2(ui.available_width(), ROW_HEIGHT), Sense::click());
    let label = format!("{name}/");
    response
        .widget_info(|| egui::WidgetInfo::selected(egui::Role::TreeItem, true, !collapsed, &label));
    let painter = ui.painter_at(rect);
    let weak = theme::weak_text(ui);
    let arrow = if collapsed { "▶" } else { "▼" };
    painter.text(
        pos2(rect.left() + 6.0, rect.bottom() - 11.0),
        Align2::LEFT_BOTTOM,
        arrow,
        FontId::proportional(8.0),
        weak,
    );
    painter.text(
        pos2(rect.left() + 18.0, rect.bottom() - 10.0),
        Align2::LEFT_BOTTOM,
        &label,
        FontId::new(12.5, egui::FontFamily::Name(theme::UI_BOLD.into())),
        weak,
    );
    painter.text(
        pos2(rect.right() - 6.0, rect.bottom() - 10.0),
        Align2::RIGHT_BOTTOM,
        count.to_string(),
        FontId::proportional(11.5),
        weak,
    );
    if response.clicked() {
        if collapsed {
            state.collapsed.remove(name);
        } else {
            state.collapsed.insert(name.to_owned());
        }
        state.openings += 1;
    }
}

/// Shows or hides the parts below the node `id`.
fn toggle(state: &mut DocListState, id: &str) {
    if !state.expanded.remove(id) {
        state.expanded.insert(id.to_owned());
    }
    state.openings += 1;
}

/// The ▶/▼ in the left margin of a row with parts below it, a button of its own ("Show 3
/// parts"). Returns where the row's indented text area starts (its text is 10 points in,
/// with or without the toggle, so that siblings line up).
fn parts_toggle(ui: &mut Ui, state: &mut DocListState, rect: egui::Rect, tree: &TreeRow) -> f32 {
    let left = rect.left() + tree.indent;
    let Some((id, parts, expanded)) = &tree.parts else {
        return left;
    };
    let area = egui::Rect::from_min_size(pos2(left - 3.0, rect.top()), vec2(13.0, rect.height()));
    let response = ui.interact(area, ui.scope_id().with(("parts", id)), Sense::click());
    let what = match (*parts, tree.near) {
        (p, 0) => counted(p, "part", "parts"),
        (0, n) => counted(n, "near-copy", "near-copies"),
        (p, n) => format!(
            "{} and {}",
            counted(p, "part", "parts"),
            counted(n, "near-copy", "near-copies")
        ),
    };
    let label = if *expanded {
        format!("Hide {what}")
    } else {
        format!("Show {what}")
    };
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
    let weak = theme::weak_text(ui);
    ui.painter().text(
        area.center(),
        Align2::CENTER_CENTER,
        if *expanded { "▼" } else { "▶" },
        FontId::proportional(8.0),
        if response.hovered() {
            ui.visuals().strong_text_color()
        } else {
            weak
        },
    );
    if response.clicked() {
        let id = id.clone();
        toggle(state, &id);
    }
    left
}

/// A file with no text of its own (a mailbox, a zip): its name and its parts' count; a
/// click shows or hides them.
fn container_row(ui: &mut Ui, state: &mut DocListState, id: &str, title: &str, tree: &TreeRow) {
    let parts = tree.parts.as_ref().map_or(0, |p| p.1);
    let count = counted(parts, "part", "parts");
    let sub = format!("{count} · {id}");
    let response = group_row(ui, state, id, title, (&count, &sub), tree);
    response.on_hover_text(id);
}

/// A conversation of a mailbox (grouped by conversation): its subject, its messages'
/// count and the dates of the first and the last; a click shows or hides them.
fn conversation_row(
    ui: &mut Ui,
    state: &mut DocListState,
    input: &DocListInput,
    node: usize,
    tree: &TreeRow,
) {
    let Some(n) = state.tree.nodes.get(node) else {
        return;
    };
    let (id, title) = (n.id.clone(), n.title.clone());
    let count = counted(n.children.len(), "message", "messages");
    let mut sub = count.clone();
    if let Some((first, last)) = state.tree.conversation_dates(node, input.documents) {
        let (first, last) = (human_date(first), human_date(last));
        if first == last {
            sub.push_str(&format!(" · {first}"));
        } else {
            sub.push_str(&format!(" · {first} – {last}"));
        }
    }
    group_row(ui, state, &id, &title, (&count, &sub), tree);
}

/// A row that stands for what is below it (a file's parts, a conversation's messages):
/// its title over a line of counts, `what` (count, line); a click shows or hides them.
fn group_row(
    ui: &mut Ui,
    state: &mut DocListState,
    id: &str,
    title: &str,
    (count, sub): (&str, &str),
    tree: &TreeRow,
) -> egui::Response {
    let (rect, _) = ui.allocate_exact_size(vec2(ui.available_width(), ROW_HEIGHT), Sense::hover());
    let expanded = tree.parts.as_ref().is_some_and(|p| p.2);
    let response = ui.interact(rect, ui.scope_id().with(("file", id)), Sense::click());
    let label = format!("{title}, {count}");
    response
        .widget_info(|| egui::WidgetInfo::selected(egui::Role::TreeItem, true, expanded, &label));
    if response.hovered() {
        ui.painter().rect_filled(
            rect,
            theme::RADIUS,
            ui.visuals().widgets.hovered.weak_bg_fill,
        );
    }
    let weak = theme::weak_text(ui);
    let left = rect.left() + tree.indent;
    ui.painter().text(
        pos2(left + 9.0, rect.center().y),
        Align2::CENTER_CENTER,
        if expanded { "▼" } else { "▶" },
        FontId::proportional(8.0),
        weak,
    );
    let width = (rect.right() - left - 60.0).max(20.0);
    let name = one_line(
        title,
        FontId::proportional(13.5),
        ui.visuals().text_color(),
        width,
    );
    let galley = ui.fonts_mut(|f| f.layout_job(name));
    ui.painter()
        .galley(pos2(left + 18.0, rect.top() + 3.0), galley, weak);
    let sub = one_line(sub, FontId::proportional(11.0), weak, width);
    let galley = ui.fonts_mut(|f| f.layout_job(sub));
    ui.painter()
        .galley(pos2(left + 18.0, rect.top() + 21.0), galley, weak);
    if response.clicked() {
        toggle(state, id);
    }
    response
}

fn doc_row(
    ui: &mut Ui,
    state: &mut DocListState,
    input: &DocListInput,
    index: usize,
    tree: &TreeRow,
    actions: &mut Vec<Action>,
) {
    let Some(doc) = input.documents.get(index) else {
        return;
    };
    let selected = input.current == Some(index);
    let id = ui.scope_id().with(("doc-row", index));
    let (rect, _) = ui.allocate_exact_size(vec2(ui.available_width(), ROW_HEIGHT), Sense::hover());
    let response = ui.interact(rect, id, Sense::click());
    response.widget_info(|| {
        egui::WidgetInfo::selected(egui::Role::ListBoxOption, true, selected, &doc.title)
    });
    if selected && state.focus_current {
        response.request_focus();
        state.focus_current = false;
    }
    if response.clicked() {
        response.request_focus();
        actions.push(Action::SelectDocument(index));
    }
    // The places of its copies, written out only while the pointer is over the row.
    let response = response.on_hover_ui(|ui| {
        ui.label(&doc.path);
        let mut places = input.copies.also_in(&doc.path).peekable();
        if places.peek().is_some() {
            ui.label(RichText::new("The same text is also in:").strong());
            for place in places {
                ui.label(&place.id);
            }
        }
    });
    response.context_menu(|ui| rename_menu(ui, state, input, doc, actions));
    let text_left = parts_toggle(ui, state, rect, tree) + 10.0;
    let visuals = ui.visuals();
    let dark = visuals.dark_mode;
    let painter = ui.painter_at(rect);
    if selected {
        painter.rect_filled(
            rect,
            theme::RADIUS,
            theme::accent(dark).gamma_multiply(0.22),
        );
        painter.rect_filled(
            egui::Rect::from_min_size(rect.min, vec2(3.0, rect.height())),
            1.5,
            theme::accent(dark),
        );
    } else if response.hovered() {
        painter.rect_filled(rect, theme::RADIUS, visuals.widgets.hovered.weak_bg_fill);
    }
    let annotations = input.annotation_counts.get(&doc.path).copied().unwrap_or(0);
    let badge_width = if annotations > 0 { 30.0 } else { 0.0 };
    let text_width = (rect.right() - text_left - 6.0 - badge_width).max(20.0);
    let strong = visuals.strong_text_color();
    let weak = theme::weak_text(ui);
    let title = one_line(
        &doc.title,
        FontId::proportional(13.5),
        if selected {
            strong
        } else {
            visuals.text_color()
        },
        text_width,
    );
    let galley = ui.fonts_mut(|f| f.layout_job(title));
    painter.galley(pos2(text_left, rect.top() + 3.0), galley, strong);
    let mut second = doc.file_name().to_owned();
    if let Some((_, parts, _)) = &tree.parts
        && *parts > 0
    {
        second.push_str(&format!("  ·  {}", counted(*parts, "part", "parts")));
    }
    let copies = input.copies.count_of(&doc.path);
    if copies > 0 {
        second.push_str(&format!(
            "  ·  also in {}",
            counted(copies, "other place", "other places")
        ));
    }
    if let Some(group) = input.near.group_of(&doc.path) {
        let others = group.members.len() - 1;
        second.push_str(&format!(
            "  ·  ≈ {}",
            counted(others, "near-copy", "near-copies")
        ));
    }
    if let Some(n) = input.entity_counts.get(&doc.path) {
        second.push_str(&format!("  ·  {}", counted(*n, "entity", "entities")));
    }
    if let Some(coded) = coded_by(input.project, &doc.path) {
        second.push_str(&format!("  ·  {coded}"));
    }
    let sub = one_line(&second, FontId::proportional(11.0), weak, text_width);
    let galley = ui.fonts_mut(|f| f.layout_job(sub));
    painter.galley(pos2(text_left, rect.top() + 21.0), galley, weak);
    if annotations > 0 {
        // Orphans among them: a warning ring, so the count still agrees with the panel.
        let ring = input
            .orphan_counts
            .get(&doc.path)
            .is_some_and(|&n| n > 0)
            .then(|| {
                (
                    egui::Stroke::new(1.5, theme::warning(dark)),
                    egui::StrokeKind::Outside,
                )
            });
        let fill = theme::accent(dark).gamma_multiply(if dark { 0.55 } else { 0.85 });
        count_badge(
            &painter,
            rect,
            annotations,
            Some(fill),
            ring,
            Color32::WHITE,
        );
    }
}

/// A row's annotation count, in a pill at its right end: filled and/or ringed.
fn count_badge(
    painter: &egui::Painter,
    row: egui::Rect,
    count: usize,
    fill: Option<Color32>,
    ring: Option<(egui::Stroke, egui::StrokeKind)>,
    text: Color32,
) {
    let centre = pos2(row.right() - 18.0, row.center().y);
    let badge = egui::Rect::from_center_size(centre, vec2(24.0, 17.0));
    if let Some(fill) = fill {
        painter.rect_filled(badge, 8.5, fill);
    }
    if let Some((stroke, kind)) = ring {
        painter.rect_stroke(badge, 8.5, stroke, kind);
    }
    painter.text(
        centre,
        Align2::CENTER_CENTER,
        count.to_string(),
        FontId::proportional(11.0),
        text,
    );
}

/// Another place of an exact copy: its own name, "copy of" the one document, which a click
/// opens (an annotation on it shows in every place).
fn copy_row(
    ui: &mut Ui,
    state: &mut DocListState,
    input: &DocListInput,
    place: usize,
    of: usize,
    tree: &TreeRow,
    actions: &mut Vec<Action>,
) {
    let (Some(place), Some(doc)) = (input.copies.places().get(place), input.documents.get(of))
    else {
        return;
    };
    let selected = input.current == Some(of);
    let (rect, _) = ui.allocate_exact_size(vec2(ui.available_width(), ROW_HEIGHT), Sense::hover());
    let response = ui.interact(
        rect,
        ui.scope_id().with(("copy-row", &place.id)),
        Sense::click(),
    );
    let label = format!("{} (copy of {})", place.title, doc.path);
    response.widget_info(|| {
        egui::WidgetInfo::selected(egui::Role::ListBoxOption, true, selected, &label)
    });
    if response.clicked() {
        actions.push(Action::SelectDocument(of));
    }
    let response = response.on_hover_text(format!(
        "{}\nThe same text as {}: one document, counted once; its annotations show here too.",
        place.id, doc.path
    ));
    let visuals = ui.visuals();
    if selected {
        ui.painter().rect_filled(
            rect,
            theme::RADIUS,
            theme::accent(visuals.dark_mode).gamma_multiply(0.12),
        );
    } else if response.hovered() {
        ui.painter()
            .rect_filled(rect, theme::RADIUS, visuals.widgets.hovered.weak_bg_fill);
    }
    let weak = theme::weak_text(ui);
    let text_color = visuals.text_color();
    let left = parts_toggle(ui, state, rect, tree) + 10.0;
    let width = (rect.right() - left - 36.0).max(20.0);
    let title = one_line(&place.title, FontId::proportional(13.5), text_color, width);
    let galley = ui.fonts_mut(|f| f.layout_job(title));
    ui.painter()
        .galley(pos2(left, rect.top() + 3.0), galley, weak);
    let sub = format!("copy of {}", doc.path);
    let galley =
        ui.fonts_mut(|f| f.layout_job(one_line(&sub, FontId::proportional(11.0), weak, width)));
    ui.painter()
        .galley(pos2(left, rect.top() + 21.0), galley, weak);
    let annotations = input.annotation_counts.get(&doc.path).copied().unwrap_or(0);
    if annotations > 0 {
        count_badge(&ui.painter_at(rect), rect, annotations, None, None, weak);
    }
}

/// Another version of the document above it: its title and similarity; a click opens it,
/// "Compare" shows the two side by side with their differences.
fn near_row(
    ui: &mut Ui,
    input: &DocListInput,
    doc: usize,
    similarity: f32,
    tree: &TreeRow,
    actions: &mut Vec<Action>,
) {
    let Some(d) = input.documents.get(doc) else {
        return;
    };
    let first = input
        .near
        .group_of(&d.path)
        .and_then(|g| g.members.first())
        .and_then(|(id, _)| {
            input
                .documents
                .binary_search_by(|x| x.path.as_str().cmp(id))
                .ok()
        });
    let (rect, _) = ui.allocate_exact_size(vec2(ui.available_width(), ROW_HEIGHT), Sense::hover());
    let percent = format!("{:.0} % similar", similarity * 100.0);
    let compare = egui::Rect::from_min_size(
        pos2(rect.right() - 70.0, rect.top() + 9.0),
        vec2(64.0, 20.0),
    );
    let open_rect = egui::Rect::from_min_max(rect.min, pos2(compare.left() - 4.0, rect.bottom()));
    let response = ui.interact(
        open_rect,
        ui.scope_id().with(("near-row", doc)),
        Sense::click(),
    );
    let label = format!("{} (near-copy, {percent})", d.title);
    response.widget_info(|| {
        egui::WidgetInfo::selected(
            egui::Role::ListBoxOption,
            true,
            input.current == Some(doc),
            &label,
        )
    });
    if response.clicked() {
        actions.push(Action::SelectDocument(doc));
    }
    let response = response.on_hover_text(format!(
        "{}\nA near-copy: {percent} in its word sequences.",
        d.path
    ));
    if response.hovered() {
        ui.painter().rect_filled(
            rect,
            theme::RADIUS,
            ui.visuals().widgets.hovered.weak_bg_fill,
        );
    }
    let weak = theme::weak_text(ui);
    let left = rect.left() + tree.indent + 10.0;
    let width = (compare.left() - left - 6.0).max(20.0);
    let title = one_line(
        &d.title,
        FontId::proportional(13.5),
        ui.visuals().text_color(),
        width,
    );
    let galley = ui.fonts_mut(|f| f.layout_job(title));
    ui.painter()
        .galley(pos2(left, rect.top() + 3.0), galley, weak);
    let sub = format!("≈ near-copy · {percent} · {}", d.file_name());
    let galley =
        ui.fonts_mut(|f| f.layout_job(one_line(&sub, FontId::proportional(11.0), weak, width)));
    ui.painter()
        .galley(pos2(left, rect.top() + 21.0), galley, weak);
    if let Some(first) = first
        && ui
            .put(
                compare,
                egui::Button::new(RichText::new("Compare").small())
                    .wrap_mode(egui::TextWrapMode::Extend),
            )
            .on_hover_text("Show the two versions side by side, with their differences marked")
            .clicked()
    {
        actions.push(Action::CompareVersions {
            left: first,
            right: doc,
        });
    }
}

/// A document whose file is gone: greyed, "file missing", with its annotations' count.
fn missing_row(
    ui: &mut Ui,
    input: &DocListInput,
    index: usize,
    tree: &TreeRow,
    actions: &mut Vec<Action>,
) {
    let Some(doc) = input.missing.get(index) else {
        return;
    };
    let selected = input.current_missing == Some(doc.path.as_str());
    let id = ui.scope_id().with(("missing-row", index));
    let (rect, _) = ui.allocate_exact_size(vec2(ui.available_width(), ROW_HEIGHT), Sense::hover());
    let response = ui.interact(rect, id, Sense::click());
    let label = format!("{} (file missing)", doc.title);
    response.widget_info(|| {
        egui::WidgetInfo::selected(egui::Role::ListBoxOption, true, selected, &label)
    });
    if response.clicked() {
        response.request_focus();
        actions.push(Action::SelectMissingDocument(doc.path.clone()));
    }
    let response = response.on_hover_text(format!(
        "{}\nThe file is no longer in the corpus folder. Its {} kept.",
        doc.path,
        counted(doc.annotations, "annotation is", "annotations are")
    ));
    let visuals = ui.visuals();
    let dark = visuals.dark_mode;
    let painter = ui.painter_at(rect);
    if selected {
        painter.rect_filled(
            rect,
            theme::RADIUS,
            theme::accent(dark).gamma_multiply(0.22),
        );
    } else if response.hovered() {
        painter.rect_filled(rect, theme::RADIUS, visuals.widgets.hovered.weak_bg_fill);
    }
    let weak = theme::weak_text(ui);
    let badge_width = if doc.annotations > 0 { 30.0 } else { 0.0 };
    let text_left = rect.left() + tree.indent + 10.0;
    let text_width = (rect.right() - text_left - 6.0 - badge_width).max(20.0);
    let title = one_line(&doc.title, FontId::proportional(13.5), weak, text_width);
    let galley = ui.fonts_mut(|f| f.layout_job(title));
    painter.galley(pos2(text_left, rect.top() + 3.0), galley, weak);
    let sub = one_line(
        &format!(
            "⚠ file missing · {}",
            doc.path.rsplit('/').next().unwrap_or(&doc.path)
        ),
        FontId::proportional(11.0),
        theme::warning(dark),
        text_width,
    );
    let galley = ui.fonts_mut(|f| f.layout_job(sub));
    painter.galley(pos2(text_left, rect.top() + 21.0), galley, weak);
    if doc.annotations > 0 {
        let ring = (
            egui::Stroke::new(1.0, theme::warning(dark)),
            egui::StrokeKind::Inside,
        );
        count_badge(
            &painter,
            rect,
            doc.annotations,
            None,
            Some(ring),
            theme::warning(dark),
        );
    }
}

/// "Rename": a title of the user's own for the document, kept in the project (the file is
/// not touched), or back to the document's own title.
fn rename_menu(
    ui: &mut Ui,
    state: &mut DocListState,
    input: &DocListInput,
    doc: &Document,
    actions: &mut Vec<Action>,
) {
    if state
        .renaming
        .as_ref()
        .is_none_or(|(path, _)| *path != doc.path)
    {
        state.renaming = Some((doc.path.clone(), doc.title.clone()));
    }
    let Some((_, buffer)) = &mut state.renaming else {
        return;
    };
    ui.label(RichText::new("Title in this project").strong());
    let field = ui.add(
        egui::TextEdit::singleline(buffer)
            .hint_text("Document title")
            .desired_width(260.0),
    );
    super::widgets::focus_once(ui, &field, egui::Id::unique("rename-document-field"));
    let enter = field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
    let title = buffer.trim().to_owned();
    let changed = !title.is_empty() && title != doc.title;
    if ui
        .add_enabled(changed, egui::Button::new("Rename"))
        .clicked()
        || (enter && changed)
    {
        actions.push(Action::edit(crate::project::Command::RenameDocument {
            path: doc.path.clone(),
            title: Some(title),
        }));
        state.renaming = None;
        ui.close();
    }
    ui.separator();
    if mark_coded_button(ui, input.project, input.coder, &doc.path, actions) {
        state.renaming = None;
        ui.close();
    }
    let renamed = input
        .project
        .documents
        .get(&doc.path)
        .is_some_and(|r| r.renamed.is_some());
    if renamed && ui.button("Use the document's own title").clicked() {
        actions.push(Action::edit(crate::project::Command::RenameDocument {
            path: doc.path.clone(),
            title: None,
        }));
        state.renaming = None;
        ui.close();
    }
}

/// "✓ coded by Ana, Bob" (or "by 3 coders") when coders marked the document coded.
pub fn coded_by(project: &crate::project::Project, path: &str) -> Option<String> {
    let coders = &project.documents.get(path)?.coded_by;
    match coders.len() {
        0 => None,
        1 | 2 => Some(format!(
            "✓ coded by {}",
            coders
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        )),
        n => Some(format!("✓ coded by {n} coders")),
    }
}

/// "Mark Coded" for the coder (asks their name first when it is not set), or "Unmark
/// Coded" when they marked the document already. True when clicked.
pub fn mark_coded_button(
    ui: &mut Ui,
    project: &crate::project::Project,
    coder: Option<&str>,
    path: &str,
    actions: &mut Vec<Action>,
) -> bool {
    let Some(record) = project.documents.get(path) else {
        return false;
    };
    let marked = coder.is_some_and(|c| record.coded_by.contains(c));
    let (label, hint) = if marked {
        (
            "Unmark Coded",
            "Take back your mark that this document is coded",
        )
    } else {
        (
            "Mark Coded",
            "Mark this document as coded by you: the documents agreement is computed over",
        )
    };
    let clicked = ui
        .add(egui::Button::new(RichText::new(label).small()))
        .on_hover_text(hint)
        .clicked();
    if clicked {
        actions.push(Action::MarkCoded {
            path: path.to_owned(),
            coded: !marked,
        });
    }
    clicked
}

/// A single line of text cut with an ellipsis at `width`.
fn one_line(text: &str, font: FontId, colour: Color32, width: f32) -> LayoutJob {
    let mut job = LayoutJob::single_section(
        text.to_owned(),
        TextFormat {
            font_id: font,
            color: colour,
            ..TextFormat::default()
        },
    );
    job.wrap = TextWrapping::truncate_at_width(width);
    job
}

/// Up/Down move the selection while a row has the keyboard focus.
fn keyboard(ui: &Ui, state: &mut DocListState, input: &DocListInput, actions: &mut Vec<Action>) {
    let Some(current) = input.current else {
        return;
    };
    let row_id = ui.scope_id().with(("doc-row", current));
    let focused = ui.memory(|m| m.has_focus(row_id));
    if !focused {
        return;
    }
    ui.memory_mut(|m| {
        m.set_focus_lock_filter(
            row_id,
            egui::EventFilter {
                vertical_arrows: true,
                ..Default::default()
            },
        )
    });
    let (up, down) = ui.input(|i| (i.key_pressed(Key::ArrowUp), i.key_pressed(Key::ArrowDown)));
    if !(up || down) {
        return;
    }
    if state.row_of(current).is_some()
        && let Some(doc) = state.neighbour(Some(current), down)
    {
        actions.push(Action::SelectDocument(doc));
        state.focus_current = true;
        state.scroll_to_current = true;
    }
}

impl DocListState {
    /// The document of row `row`, if it is a document's own row.
    fn doc_at(&self, row: usize) -> Option<usize> {
        match self.rows.get(row)? {
            Row::Node { node, .. } => match self.tree.nodes.get(*node)?.kind {
                NodeKind::Doc(i) => Some(i),
                _ => None,
            },
            Row::Folder { .. } => None,
        }
    }

    /// The row of document `doc`, when it is shown.
    fn row_of(&self, doc: usize) -> Option<usize> {
        self.doc_rows.get(doc).copied().flatten()
    }

    /// The documents' rows (by document index), after the rows change.
    fn index_rows(&mut self, documents: usize) {
        self.doc_rows.clear();
        self.doc_rows.resize(documents, None);
        for row in 0..self.rows.len() {
            if let Some(doc) = self.doc_at(row)
                && let Some(slot) = self.doc_rows.get_mut(doc)
            {
                *slot = Some(row);
            }
        }
    }

    /// The document after (or before) `current` in the list's order, from its row: the
    /// first document when `current` is not shown. Walks only the rows between the two.
    pub fn neighbour(&self, current: Option<usize>, forward: bool) -> Option<usize> {
        let Some(at) = current.and_then(|c| self.row_of(c)) else {
            return (0..self.rows.len()).find_map(|r| self.doc_at(r));
        };
        if forward {
            (at + 1..self.rows.len()).find_map(|r| self.doc_at(r))
        } else {
            (0..at).rev().find_map(|r| self.doc_at(r))
        }
    }

    /// Shows the current document's row on the next frame: its closed parents opened
    /// (again, if the user closed them since), the list scrolled to it.
    pub fn reveal_current(&mut self) {
        self.scroll_to_current = true;
        self.expanded_for = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tree_is_built_again_only_when_what_it_shows_changes() {
        let documents = vec![
            Arc::new(Document::from_plain_text("a.txt", "Alpha.")),
            Arc::new(Document::from_plain_text("b.txt", "Beta.")),
        ];
        let (copies, near, threads) = Default::default();
        let project = crate::project::Project::new("test");
        let counts = HashMap::new();
        let input = |history_state: u64, titles_revision: u64| DocListInput {
            documents: &documents,
            copies: &copies,
            near: &near,
            current: None,
            annotation_counts: &counts,
            orphan_counts: &counts,
            entity_counts: &counts,
            counts_key: Some(DerivedKey {
                history_state,
                documents: 2,
            }),
            titles_revision,
            project: &project,
            missing: &[],
            current_missing: None,
            coder: None,
            threads: &threads,
            by_conversation: false,
        };
        let mut state = DocListState::default();
        rebuild_rows(&mut state, &input(1, 0));
        assert_eq!(state.builds, 1);
        // An edit (an annotation made, a tag renamed) under the order by name or date:
        // nothing the list shows changed.
        rebuild_rows(&mut state, &input(2, 0));
        state.sort = SortBy::Date;
        rebuild_rows(&mut state, &input(2, 0));
        assert_eq!(state.builds, 2, "the sort changed, the edit did not count");
        rebuild_rows(&mut state, &input(3, 0));
        assert_eq!(state.builds, 2);
        // A rename changes the titles the order and the filter read.
        rebuild_rows(&mut state, &input(3, 1));
        assert_eq!(state.builds, 3);
        // Sorted by annotations, an edit may change the order.
        state.sort = SortBy::Annotations;
        rebuild_rows(&mut state, &input(3, 1));
        rebuild_rows(&mut state, &input(4, 1));
        assert_eq!(state.builds, 5);
    }
}
