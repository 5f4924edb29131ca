//! What the window needs from the outside world, behind traits so that UI tests can script
//! it: native file dialogs and the clock.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// A file dialog the app asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DialogRequest {
    PickFolder,
    OpenProject,
    SaveProject {
        suggested_name: String,
    },
    SaveExport {
        format: crate::export::ExportFormat,
        suggested_name: String,
    },
    OpenQdpx,
    /// The folder that receives an imported project's texts.
    PickImportFolder,
}

/// Native dialogs. `ask` blocks until the user answers: the app calls it on a worker thread.
pub trait Dialogs: Send + Sync {
    fn ask(&self, request: &DialogRequest) -> Option<PathBuf>;
    /// Dialogs that answer at once (scripted ones) are asked on the UI thread, so that
    /// tests need not wait for a thread.
    fn answers_immediately(&self) -> bool {
        false
    }
}

/// The operating system's dialogs, through `rfd` (xdg portal or zenity on Linux).
pub struct NativeDialogs;

impl Dialogs for NativeDialogs {
    fn ask(&self, request: &DialogRequest) -> Option<PathBuf> {
        match request {
            DialogRequest::PickFolder => rfd::FileDialog::new()
                .set_title("Open a folder of documents")
                .pick_folder(),
            DialogRequest::OpenProject => rfd::FileDialog::new()
                .set_title("Open a Dossier project")
                .add_filter("Dossier project", &["ron"])
                .pick_file(),
            DialogRequest::SaveProject { suggested_name } => {
                let path = rfd::FileDialog::new()
                    .set_title("Save the project")
                    .add_filter("Dossier project", &["ron"])
                    .set_file_name(format!("{suggested_name}.dossier.ron"))
                    .save_file()?;
                Some(with_project_extension(path))
            }
            DialogRequest::SaveExport {
                format,
                suggested_name,
            } => rfd::FileDialog::new()
                .set_title(format!("Export as {}", format.label()))
                .add_filter(format.label(), &[format.extension()])
                .set_file_name(format!("{suggested_name}.{}", format.extension()))
                .save_file(),
            DialogRequest::OpenQdpx => rfd::FileDialog::new()
                .set_title("Import a REFI-QDA project")
                .add_filter("REFI-QDA project", &["qdpx"])
                .pick_file(),
            DialogRequest::PickImportFolder => rfd::FileDialog::new()
                .set_title("Choose an empty folder for the imported documents")
                .pick_folder(),
        }
    }
}

/// Makes sure a chosen file name ends with `.dossier.ron`.
pub fn with_project_extension(path: PathBuf) -> PathBuf {
    let name = path.to_string_lossy();
    if name.ends_with(crate::project::file::EXTENSION) {
        return path;
    }
    let base = name.strip_suffix(".ron").unwrap_or(&name);
    PathBuf::from(format!("{base}{}", crate::project::file::EXTENSION))
}

type ScriptedAnswer = (DialogKind, Option<PathBuf>);

/// Dialogs that give pre-arranged answers, for UI tests. Each request takes the next
/// answer queued for its kind; with none queued, the dialog is "cancelled".
#[derive(Clone, Default)]
pub struct ScriptedDialogs {
    answers: Arc<Mutex<Vec<ScriptedAnswer>>>,
    asked: Arc<Mutex<Vec<DialogRequest>>>,
}

/// The kinds of dialog, for [`ScriptedDialogs::answer`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialogKind {
    PickFolder,
    OpenProject,
    SaveProject,
    SaveExport,
    OpenQdpx,
    PickImportFolder,
}

impl ScriptedDialogs {
    /// Queues the answer to the next dialog of `kind` (`None`: the user cancels).
    pub fn answer(&self, kind: DialogKind, path: Option<PathBuf>) {
        if let Ok(mut answers) = self.answers.lock() {
            answers.push((kind, path));
        }
    }

    /// The dialogs asked so far.
    pub fn asked(&self) -> Vec<DialogRequest> {
        self.asked.lock().map(|a| a.clone()).unwrap_or_default()
    }
}

impl Dialogs for ScriptedDialogs {
    fn ask(&self, request: &DialogRequest) -> Option<PathBuf> {
        if let Ok(mut asked) = self.asked.lock() {
            asked.push(request.clone());
        }
        let kind = match request {
            DialogRequest::PickFolder => DialogKind::PickFolder,
            DialogRequest::OpenProject => DialogKind::OpenProject,
            DialogRequest::SaveProject { .. } => DialogKind::SaveProject,
            DialogRequest::SaveExport { .. } => DialogKind::SaveExport,
            DialogRequest::OpenQdpx => DialogKind::OpenQdpx,
            DialogRequest::PickImportFolder => DialogKind::PickImportFolder,
        };
        let mut answers = self.answers.lock().ok()?;
        let i = answers.iter().position(|(k, _)| *k == kind)?;
        answers.remove(i).1
    }

    fn answers_immediately(&self) -> bool {
        true
    }
}

/// The current time, injectable for tests.
pub trait Clock: Send + Sync {
    fn now(&self) -> jiff::Timestamp;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> jiff::Timestamp {
        let now = jiff::Timestamp::now();
        // Seconds are enough for a research log and keep project files tidy.
        jiff::Timestamp::from_second(now.as_second()).unwrap_or(now)
    }
}

/// A clock stopped at one instant.
pub struct FixedClock(pub jiff::Timestamp);

impl Clock for FixedClock {
    fn now(&self) -> jiff::Timestamp {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_extension_is_added_once() {
        assert_eq!(
            with_project_extension("a/b".into()),
            PathBuf::from("a/b.dossier.ron")
        );
        assert_eq!(
            with_project_extension("a/b.ron".into()),
            PathBuf::from("a/b.dossier.ron")
        );
        assert_eq!(
            with_project_extension("a/b.dossier.ron".into()),
            PathBuf::from("a/b.dossier.ron")
        );
    }

    #[test]
    fn scripted_answers_go_to_their_kind_in_order() {
        let d = ScriptedDialogs::default();
        d.answer(DialogKind::SaveProject, Some("x.dossier.ron".into()));
        d.answer(DialogKind::PickFolder, Some("corpus".into()));
        assert_eq!(d.ask(&DialogRequest::PickFolder), Some("corpus".into()));
        assert_eq!(d.ask(&DialogRequest::PickFolder), None);
        let save = DialogRequest::SaveProject {
            suggested_name: "x".into(),
        };
        assert_eq!(d.ask(&save), Some("x.dossier.ron".into()));
        assert_eq!(d.asked().len(), 3);
    }
}
