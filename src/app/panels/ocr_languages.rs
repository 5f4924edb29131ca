//! Project > OCR Languages…: the languages Tesseract reads the project's scans in, ticked
//! among those installed, or the default. Answers with actions: each tick edits the
//! dialog's choice, OK sends it as one undoable `Command::SetOcrLanguages`, after which
//! the window reads the scans again in them.

use egui::RichText;

use crate::app::actions::Action;
use crate::app::theme;
use crate::corpus::ocr::languages;
use crate::project::Command;

/// What the dialog shows.
pub struct LanguagesDialog<'a> {
    /// The choice being made (`None`: the default).
    pub chosen: &'a Option<Vec<String>>,
    /// Tesseract's languages (`None` while it is asked; `Err`: why there is none).
    pub installed: &'a Option<Result<Vec<String>, String>>,
    /// The project's languages now.
    pub current: Option<&'a Vec<String>>,
}

/// Draws the dialog; `open` turns false when it closes.
pub fn show(
    ui: &mut egui::Ui,
    dialog: &LanguagesDialog<'_>,
    escape: bool,
    actions: &mut Vec<Action>,
    open: &mut bool,
) {
    ui.heading("OCR Languages");
    ui.label(
        "The languages Tesseract reads this project's scanned pages in. \
         Scans are read again when they change.",
    );
    ui.add_space(theme::SPACE_M);
    let installed: &[String] = match dialog.installed {
        None => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Looking for Tesseract…");
            });
            &[]
        }
        Some(Err(why)) => {
            ui.label(RichText::new(format!(
                "Tesseract cannot be used: {why}. The languages chosen are kept with the \
                 project and used once it can."
            )));
            ui.add_space(theme::SPACE_S);
            &[]
        }
        Some(Ok(list)) => list,
    };
    choices(ui, dialog.chosen, installed, actions);
    ui.add_space(theme::SPACE_M);
    let ready = dialog.chosen.as_ref().is_none_or(|c| !c.is_empty());
    ui.horizontal(|ui| {
        let ok = ui.add_enabled(ready, egui::Button::new(RichText::new("OK").strong()));
        if ok.clicked() {
            if dialog.chosen.as_ref() != dialog.current {
                actions.push(Action::edit(Command::SetOcrLanguages(
                    dialog.chosen.clone(),
                )));
            }
            *open = false;
        }
        if ui.button("Cancel").clicked() || escape {
            *open = false;
        }
    });
}

/// The default, or the languages ticked (those chosen but not installed here are listed
/// too, so that a project from another machine shows what it asks for).
fn choices(
    ui: &mut egui::Ui,
    chosen: &Option<Vec<String>>,
    installed: &[String],
    actions: &mut Vec<Action>,
) {
    if ui
        .radio(
            chosen.is_none(),
            "Default: English, and the installed languages of the script each page shows",
        )
        .clicked()
    {
        actions.push(Action::ChooseOcrLanguages(None));
    }
    if ui
        .radio(chosen.is_some(), "Only these languages, in this order:")
        .clicked()
        && chosen.is_none()
    {
        let first = installed
            .iter()
            .find(|l| *l == "eng")
            .or(installed.first())
            .cloned();
        actions.push(Action::ChooseOcrLanguages(Some(
            first.into_iter().collect(),
        )));
    }
    let ticked: &[String] = chosen.as_deref().unwrap_or(&[]);
    let missing = ticked.iter().filter(|c| !installed.contains(c));
    let listed: Vec<&String> = installed.iter().chain(missing).collect();
    ui.indent("ocr-languages", |ui| {
        egui::ScrollArea::vertical()
            .max_height(240.0)
            .show(ui, |ui| {
                for code in listed {
                    let mut on = ticked.contains(code);
                    let mut text = languages::label(code);
                    if !installed.contains(code) {
                        text.push_str(" — not installed here");
                    }
                    let checkbox = egui::Checkbox::new(&mut on, text);
                    if ui.add_enabled(chosen.is_some(), checkbox).changed() {
                        let mut list = ticked.to_vec();
                        if on {
                            list.push(code.clone());
                        } else {
                            list.retain(|c| c != code);
                        }
                        actions.push(Action::ChooseOcrLanguages(Some(list)));
                    }
                }
            });
    });
    if ticked.len() > 1 {
        ui.label(RichText::new(format!("Read as {}", ticked.join("+"))).weak());
    }
}
