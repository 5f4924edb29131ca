//! The window (egui). Reads core state, draws it, and turns what the user does into
//! commands; no business logic lives here.

use std::path::PathBuf;

/// Opens the native window on `path` (a folder or a project file), or on the welcome
/// screen.
pub fn run_native(path: Option<PathBuf>) -> Result<(), eframe::Error> {
    let options = eframe::NativeOptions::default();
    eframe::run_native(
        "Dossier",
        options,
        Box::new(move |_cc| Ok(Box::new(Placeholder { path }))),
    )
}

struct Placeholder {
    path: Option<PathBuf>,
}

impl eframe::App for Placeholder {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        ui.label(format!("{:?}", self.path));
    }
}
