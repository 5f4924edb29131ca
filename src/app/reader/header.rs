//! Above the text: the title block (title, date, source, length), the entity legend with
//! per-kind toggles, the find bar, and a note on right-to-left text.

use egui::{Color32, FontFamily, FontId, Key, RichText, Sense, Ui};

use super::{ReaderInput, ReaderState};
use crate::app::actions::{Action, UiCommand};
use crate::app::theme;

pub fn show(ui: &mut Ui, state: &mut ReaderState, input: &ReaderInput, actions: &mut Vec<Action>) {
    let doc = input.doc;
    let width = ui.available_width();
    let measure = (input.font_size * theme::READING_MEASURE)
        .min(width - theme::SPACE_L * 4.0)
        .max(120.0);
    let indent = ((width - measure) / 2.0).max(theme::SPACE_L * 2.0);
    ui.add_space(theme::SPACE_L);
    ui.horizontal(|ui| {
        ui.add_space(indent);
        ui.vertical(|ui| {
            ui.set_max_width(measure);
            let title_font = FontId::new(
                input.font_size * 1.5,
                FontFamily::Name(theme::READING_BOLD.into()),
            );
            let strong = ui.visuals().strong_text_color();
            ui.add(
                egui::Label::new(RichText::new(&doc.title).font(title_font).color(strong)).wrap(),
            );
            // Who published it and when, as the reports say it: a name once, dates in words.
            let mut meta = doc.meta.byline();
            meta.push(crate::text::counted(doc.word_count(), "word", "words"));
            meta.push(doc.path.clone());
            ui.label(RichText::new(meta.join("  ·  ")).color(theme::weak_text(ui)));
            if let Some(url) = doc.meta.link() {
                ui.hyperlink_to(RichText::new(url).small(), url);
            }
            also_in(ui, input);
            thread_links(ui, input, actions);
            coded(ui, input, actions);
            if doc.format.is_table() {
                table_view(ui, state);
            }
            if input.doc.layout.is_some() {
                text_or_pages(ui, state, actions);
            }
            ui.add_space(theme::SPACE_S);
            legend(ui, input, actions);
        });
    });
    if state.find.open {
        find_bar(ui, state, indent, actions);
    }
    ui.add_space(theme::SPACE_S);
    ui.separator();
}

/// The toggle between the text and the pages, for a document that has pages.
fn text_or_pages(ui: &mut Ui, state: &ReaderState, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        let command = UiCommand::TogglePageView;
        let tip = command.with_shortcut(ui.ctx(), command.description());
        for (pages, label) in [(false, "Text"), (true, "Pages")] {
            let chosen = state.pages.on == pages;
            if ui
                .selectable_label(chosen, label)
                .on_hover_text(&tip)
                .clicked()
                && !chosen
            {
                actions.push(Action::Ui(command));
            }
        }
        if state.pages.on {
            ui.separator();
            region_tool(ui, state, actions);
        }
    });
}

/// The page view's region tool: while on, a drag on a page draws a box to code (Shift and
/// a drag does it at any time).
fn region_tool(ui: &mut Ui, state: &ReaderState, actions: &mut Vec<Action>) {
    let command = UiCommand::RegionTool;
    let on = state.pages.region_tool;
    let tip = command.with_shortcut(ui.ctx(), command.description());
    if ui
        .selectable_label(on, "Region")
        .on_hover_text(tip)
        .clicked()
    {
        actions.push(Action::Ui(command));
    }
    let hint = if state.region.is_some() {
        "Region drawn: annotate it on the right"
    } else if on {
        "Drag a box on a page"
    } else {
        "Shift+drag draws a region"
    };
    ui.label(RichText::new(hint).small().color(theme::weak_text(ui)));
}

/// An email's previous and next message in its conversation, as links.
fn thread_links(ui: &mut Ui, input: &ReaderInput, actions: &mut Vec<Action>) {
    let [previous, next] = input.thread;
    if previous.is_none() && next.is_none() {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new("Conversation:")
                .small()
                .color(theme::weak_text(ui)),
        );
        if let Some((i, title)) = previous {
            let link = ui.link(RichText::new(format!("← {title}")).small());
            if link
                .on_hover_text("The previous message of this conversation")
                .clicked()
            {
                actions.push(Action::SelectDocument(*i));
            }
        }
        if let Some((i, title)) = next {
            let link = ui.link(RichText::new(format!("{title} →")).small());
            if link
                .on_hover_text("The next message of this conversation")
                .clicked()
            {
                actions.push(Action::SelectDocument(*i));
            }
        }
    });
}

/// "Also in: b/memo.txt, c/memo.txt": where else the corpus holds this very text (one
/// document, counted once; its annotations show in every place).
fn also_in(ui: &mut Ui, input: &ReaderInput) {
    const SHOWN: usize = 5;
    let count = input.copies.count_of(&input.doc.path);
    if count == 0 {
        return;
    }
    let mut places: Vec<&str> = input
        .copies
        .also_in(&input.doc.path)
        .take(SHOWN)
        .map(|p| p.id.as_str())
        .collect();
    let more = count.saturating_sub(SHOWN);
    let more = (more > 0).then(|| format!("and {more} more"));
    places.extend(more.as_deref());
    ui.label(
        RichText::new(format!("Also in: {}", places.join(", ")))
            .small()
            .color(theme::weak_text(ui)),
    )
    .on_hover_text(
        "The same text: one document, counted once; its annotations show in every place",
    );
}

/// Who marked the document coded, and the button to mark (or unmark) it.
fn coded(ui: &mut Ui, input: &ReaderInput, actions: &mut Vec<Action>) {
    use crate::app::panels::doc_list::{coded_by, mark_coded_button};
    ui.horizontal(|ui| {
        if let Some(text) = coded_by(input.project, &input.doc.path) {
            ui.label(RichText::new(text).small().color(theme::weak_text(ui)));
        }
        mark_coded_button(ui, input.project, input.coder, &input.doc.path, actions);
    });
}

/// A table shown as a grid or as its text (where a selection runs through the text as in
/// any document).
fn table_view(ui: &mut Ui, state: &mut ReaderState) {
    ui.horizontal(|ui| {
        ui.label(RichText::new("Show as").small().color(theme::weak_text(ui)));
        ui.selectable_value(&mut state.table_as_text, false, "Grid")
            .on_hover_text("Rows and columns, with row numbers and column letters");
        ui.selectable_value(&mut state.table_as_text, true, "Text")
            .on_hover_text("One row per line, a tab between cells");
    });
}

fn legend(ui: &mut Ui, input: &ReaderInput, actions: &mut Vec<Action>) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = theme::SPACE_S;
        if input.legend.is_empty() {
            let text = if input.entities_pending {
                "Recognising entities…"
            } else {
                "No entities recognised in this document"
            };
            ui.label(RichText::new(text).small().color(theme::weak_text(ui)));
            return;
        }
        for (kind, name, count, visible) in input.legend {
            let bg = if *visible {
                theme::entity_colour(*kind, input.dark)
            } else {
                Color32::TRANSPARENT
            };
            let fg = if *visible {
                theme::text_on(bg)
            } else {
                theme::weak_text(ui)
            };
            let text = RichText::new(format!("{name} {count}")).small().color(fg);
            let button = egui::Button::new(text)
                .fill(bg)
                .stroke(egui::Stroke::new(
                    1.0,
                    theme::entity_colour(*kind, input.dark),
                ))
                .corner_radius(theme::RADIUS);
            let tip = if *visible {
                format!("Hide {name} highlights")
            } else {
                format!("Show {name} highlights")
            };
            if ui.add(button).on_hover_text(tip).clicked() {
                actions.push(Action::ToggleEntityKind(*kind));
            }
        }
    });
}

fn find_bar(ui: &mut Ui, state: &mut ReaderState, indent: f32, actions: &mut Vec<Action>) {
    ui.add_space(theme::SPACE_S);
    ui.horizontal(|ui| {
        ui.add_space(indent);
        let edit = egui::TextEdit::singleline(&mut state.find.query)
            .hint_text("Find in document")
            .desired_width(220.0);
        let response = ui.add(edit);
        if state.find.focus {
            response.request_focus();
            state.find.focus = false;
        }
        let enter = response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
        if enter {
            let back = ui.input(|i| i.modifiers.shift);
            actions.push(Action::Ui(if back {
                UiCommand::FindPrevious
            } else {
                UiCommand::FindNext
            }));
            response.request_focus();
        }
        if response.has_focus() && ui.input(|i| i.key_pressed(Key::Escape)) {
            state.find.open = false;
        }
        ui.toggle_value(&mut state.find.case_sensitive, "Aa")
            .on_hover_text("Match case");
        let n = state.find.hits.len();
        let status = match (n, state.find.current) {
            (0, _) if state.find.query.is_empty() => String::new(),
            (0, _) => "No matches".to_owned(),
            (n, Some(i)) => format!("{} of {n}", i + 1),
            (n, None) => crate::text::counted(n, "match", "matches"),
        };
        ui.label(RichText::new(status).color(theme::weak_text(ui)));
        if ui
            .add_enabled(n > 0, egui::Button::new("▲"))
            .on_hover_text("Previous match (Shift+F3)")
            .clicked()
        {
            actions.push(Action::Ui(UiCommand::FindPrevious));
        }
        if ui
            .add_enabled(n > 0, egui::Button::new("▼"))
            .on_hover_text("Next match (F3)")
            .clicked()
        {
            actions.push(Action::Ui(UiCommand::FindNext));
        }
        let close = ui.add(egui::Button::new("×").frame(false).sense(Sense::click()));
        if close.on_hover_text("Close the find bar (Esc)").clicked() {
            state.find.open = false;
        }
    });
}
