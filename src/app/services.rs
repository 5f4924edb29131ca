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
        /// The folder the dialog opens in (the project's, else the corpus's).
        start_in: Option<PathBuf>,
    },
    SaveExport {
        /// What is exported ("CSV", "Timeline as CSV"): the dialog's title and filter.
        what: &'static str,
        extension: &'static str,
        suggested_name: String,
        /// The folder the dialog opens in (the project's, else the corpus's).
        start_in: Option<PathBuf>,
    },
    OpenQdpx,
    /// The folder that receives an imported project's texts.
    PickImportFolder,
    /// A colleague's copy of the open project, to merge into it.
    MergeProject {
        /// The folder the dialog opens in (the project's, else the corpus's).
        start_in: Option<PathBuf>,
    },
}

impl DialogRequest {
    /// What the dialog asks for, in words ("Save the project as").
    pub fn title(&self) -> String {
        match self {
            Self::PickFolder => "Open a folder of documents".to_owned(),
            Self::OpenProject => "Open a Dossier project".to_owned(),
            Self::SaveProject { .. } => "Save the project".to_owned(),
            Self::SaveExport { what, .. } => format!("Export as {what}"),
            Self::OpenQdpx => "Import a REFI-QDA project".to_owned(),
            Self::PickImportFolder => {
                "Choose an empty folder for the imported documents".to_owned()
            }
            Self::MergeProject { .. } => {
                "Merge a colleague's copy of this project into yours".to_owned()
            }
        }
    }

    /// The path a typed-in answer starts from: the start folder joined with the suggested
    /// file name, when there are such.
    pub fn suggested_path(&self) -> Option<PathBuf> {
        match self {
            Self::SaveProject {
                suggested_name,
                start_in,
            } => Some(
                start_in
                    .clone()
                    .unwrap_or_default()
                    .join(format!("{suggested_name}.dossier.ron")),
            ),
            Self::SaveExport {
                extension,
                suggested_name,
                start_in,
                ..
            } => Some(
                start_in
                    .clone()
                    .unwrap_or_default()
                    .join(format!("{suggested_name}.{extension}")),
            ),
            _ => None,
        }
    }
}

/// How a dialog ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DialogAnswer {
    Chosen(PathBuf),
    Cancelled,
    /// No dialog could be shown (no desktop portal and no zenity on Linux): the window
    /// asks for a typed path instead.
    Unavailable,
}

impl From<Option<PathBuf>> for DialogAnswer {
    fn from(answer: Option<PathBuf>) -> Self {
        answer.map_or(Self::Cancelled, Self::Chosen)
    }
}

/// Native dialogs. `ask` blocks until the user answers: the app calls it on a worker thread.
pub trait Dialogs: Send + Sync {
    fn ask(&self, request: &DialogRequest) -> DialogAnswer;
    /// Dialogs that answer at once (scripted ones) are asked on the UI thread, so that
    /// tests need not wait for a thread.
    fn answers_immediately(&self) -> bool {
        false
    }
}

/// The operating system's dialogs, through `rfd` (xdg portal or zenity on Linux).
pub struct NativeDialogs;

impl Dialogs for NativeDialogs {
    fn ask(&self, request: &DialogRequest) -> DialogAnswer {
        let asked = std::time::Instant::now();
        let dialog = |start_in: &Option<PathBuf>| {
            let d = rfd::FileDialog::new().set_title(request.title());
            match start_in {
                Some(dir) if dir.is_dir() => d.set_directory(dir),
                _ => d,
            }
        };
        let answer = match request {
            DialogRequest::PickFolder | DialogRequest::PickImportFolder => {
                dialog(&None).pick_folder()
            }
            DialogRequest::OpenProject => dialog(&None)
                .add_filter("Dossier project", &["ron"])
                .pick_file(),
            DialogRequest::SaveProject {
                suggested_name,
                start_in,
            } => dialog(start_in)
                .add_filter("Dossier project", &["ron"])
                .set_file_name(format!("{suggested_name}.dossier.ron"))
                .save_file()
                .map(with_project_extension),
            DialogRequest::SaveExport {
                what,
                extension,
                suggested_name,
                start_in,
            } => {
                // The dialog opens in the suggested folder (the corpus's `exports/`), so it
                // must exist while it is shown; made here, on the dialog's thread, and
                // removed again if it is still empty when the user chose nothing.
                let made = start_in
                    .as_ref()
                    .filter(|folder| !folder.exists())
                    .filter(|folder| std::fs::create_dir_all(folder).is_ok());
                let chosen = dialog(start_in)
                    .add_filter(*what, &[*extension])
                    .set_file_name(format!("{suggested_name}.{extension}"))
                    .save_file();
                if let (None, Some(folder)) = (&chosen, made) {
                    let _ = std::fs::remove_dir(folder);
                }
                chosen
            }
            DialogRequest::OpenQdpx => dialog(&None)
                .add_filter("REFI-QDA project", &["qdpx"])
                .pick_file(),
            DialogRequest::MergeProject { start_in } => dialog(start_in)
                .add_filter("Dossier project", &["ron"])
                .pick_file(),
        };
        match answer {
            Some(path) => DialogAnswer::Chosen(path),
            // Nobody cancels a dialog within a fifth of a second: rfd found no way to show
            // one (on Linux: no desktop portal, no zenity) and gave up at once.
            None if asked.elapsed() < NO_DIALOG_WITHIN => DialogAnswer::Unavailable,
            None => DialogAnswer::Cancelled,
        }
    }
}

/// A dialog that "answers" faster than this was never shown.
const NO_DIALOG_WITHIN: std::time::Duration = std::time::Duration::from_millis(200);

/// Makes sure a chosen file name ends with `.dossier.ron`.
pub fn with_project_extension(path: PathBuf) -> PathBuf {
    let name = path.to_string_lossy();
    if name.ends_with(crate::project::file::EXTENSION) {
        return path;
    }
    let base = name.strip_suffix(".ron").unwrap_or(&name);
    PathBuf::from(format!("{base}{}", crate::project::file::EXTENSION))
}

type ScriptedAnswer = (DialogKind, DialogAnswer);

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
    MergeProject,
}

impl ScriptedDialogs {
    /// Queues the answer to the next dialog of `kind` (`None`: the user cancels).
    pub fn answer(&self, kind: DialogKind, path: Option<PathBuf>) {
        self.answer_with(kind, path.into());
    }

    /// Queues how the next dialog of `kind` ends (e.g. [`DialogAnswer::Unavailable`]).
    pub fn answer_with(&self, kind: DialogKind, answer: DialogAnswer) {
        if let Ok(mut answers) = self.answers.lock() {
            answers.push((kind, answer));
        }
    }

    /// The dialogs asked so far.
    pub fn asked(&self) -> Vec<DialogRequest> {
        self.asked.lock().map(|a| a.clone()).unwrap_or_default()
    }
}

impl Dialogs for ScriptedDialogs {
    fn ask(&self, request: &DialogRequest) -> DialogAnswer {
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
            DialogRequest::MergeProject { .. } => DialogKind::MergeProject,
        };
        let Ok(mut answers) = self.answers.lock() else {
            return DialogAnswer::Cancelled;
        };
        match answers.iter().position(|(k, _)| *k == kind) {
            Some(i) => answers.remove(i).1,
            None => DialogAnswer::Cancelled,
        }
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
        let chosen = |p: &str| DialogAnswer::Chosen(p.into());
        assert_eq!(d.ask(&DialogRequest::PickFolder), chosen("corpus"));
        assert_eq!(d.ask(&DialogRequest::PickFolder), DialogAnswer::Cancelled);
        let save = DialogRequest::SaveProject {
            suggested_name: "x".into(),
            start_in: Some("projects".into()),
        };
        assert_eq!(d.ask(&save), chosen("x.dossier.ron"));
        assert_eq!(d.asked().len(), 3);
        assert_eq!(
            save.suggested_path(),
            Some(PathBuf::from("projects/x.dossier.ron"))
        );
    }
}
