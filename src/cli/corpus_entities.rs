//! What the corpus-wide subcommands (`network`, and the timeline and places to come) start
//! from: a folder or a project, loaded as the window loads it, with its entities
//! recognised under the project's own corrections.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use crate::corpus::{Corpus, LoadOptions};
use crate::entities::{EntityDictionary, EntityIndex, Recognizer, recognize_corpus};
use crate::session::{OpenTarget, Session};

/// A loaded corpus and its entity index.
pub struct Recognised {
    pub corpus: Corpus,
    pub index: EntityIndex,
    /// The possible date conflicts the project dismissed (none for a folder).
    pub dismissed_conflicts: std::collections::BTreeSet<String>,
}

/// Loads `path` (a folder, or a `*.dossier.ron` project whose entity rules then apply) and
/// recognises the entities of every document. Skipped files are listed on stderr.
pub fn recognise(path: &Path) -> Result<Recognised, String> {
    let target = OpenTarget::of(path).map_err(|e| e.to_string())?;
    let (corpus, rules, dismissed_conflicts) = match target {
        OpenTarget::Folder(dir) => (
            // Scans as read in the OCR languages of a project holding the folder, if any.
            Corpus::load(
                &dir,
                &super::ocr_languages::cached_options(&dir, &Default::default())?,
            )
            .map_err(|e| e.to_string())?,
            EntityDictionary::default(),
            Default::default(),
        ),
        target => {
            let session =
                Session::open(&target, &LoadOptions::cached(), &()).map_err(|e| e.to_string())?;
            let project = session.workspace.project;
            (
                session.corpus,
                project.entity_rules,
                project.dismissed_conflicts,
            )
        }
    };
    for s in &corpus.report.skipped {
        eprintln!("  skipped  {}: {}", s.path, s.reason);
    }
    let index = recognize_corpus(
        Recognizer::shared(),
        &corpus,
        &rules,
        &|_, _| {},
        &AtomicBool::new(false),
    )
    .ok_or("entity recognition was cancelled")?;
    Ok(Recognised {
        corpus,
        index,
        dismissed_conflicts,
    })
}
