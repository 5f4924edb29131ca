//! The coder: the name asked once (at the first annotation, which waits for it) and
//! changed from Edit > Coder Name…, kept in the preferences and recorded by the session on
//! every annotation; documents marked coded; the annotation panel's filter by coder.

use crate::app::DossierApp;
use crate::app::actions::Action;
use crate::app::state::{Modal, coder_name};
use crate::project::Command;

impl DossierApp {
    /// Asks the coder's name; `action` (an annotation, a mark) goes on once it is given.
    pub(super) fn ask_coder_first(&mut self, action: Action) {
        self.ui.modal = Some(Modal::CoderName {
            text: String::new(),
            then: Some(Box::new(action)),
        });
    }

    /// Edit > Coder Name…: the name as it is, to change.
    pub(super) fn ask_coder(&mut self) {
        self.ui.modal = Some(Modal::CoderName {
            text: self.prefs.coder.clone().unwrap_or_default(),
            then: None,
        });
    }

    pub(super) fn coder_action(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::EditCoderName(typed) => {
                if let Some(Modal::CoderName { text, .. }) = &mut self.ui.modal {
                    *text = typed;
                }
            }
            Action::SetCoderName { name, then } => {
                self.set_coder(&name);
                if let (Some(then), Some(_)) = (then, &self.prefs.coder) {
                    self.perform(ctx, *then);
                }
            }
            Action::MarkCoded { path, coded } => {
                if let Some(coder) = self.prefs.coder.clone() {
                    self.edit(Command::MarkCoded { path, coder, coded });
                }
            }
            Action::FilterByCoder(filter) => self.ui.coder_filter = filter,
            _ => {}
        }
    }

    /// Makes `typed` the coder's name (a blank name is refused: annotations would record
    /// nobody), kept in the preferences and recorded from now on by the open session.
    fn set_coder(&mut self, typed: &str) {
        let Some(name) = coder_name(typed) else {
            self.ui.toast("A coder needs a name");
            return;
        };
        self.prefs.coder = Some(name);
        self.sync_coder();
    }

    /// The open session records the coder of the preferences (after opening, and after
    /// the name changed).
    pub(super) fn sync_coder(&mut self) {
        if let Some(session) = &mut self.session {
            session.coder.clone_from(&self.prefs.coder);
        }
    }
}
