//! What the corpus-wide subcommands (`network`, `timeline`, `places`) start from: a folder
//! or a project, loaded as the window loads it, with its entities recognised under the
//! project's own corrections; or a file with parts, or one part, by its id.

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
    let target = match OpenTarget::of(path) {
        Ok(target) => target,
        // A file with parts (a mailbox, a workbook, an archive, a message) or one part by
        // its id ("inbox.mbox#<id>"): its documents, as `dossier entities` takes them.
        Err(_) if !path.is_dir() => {
            let (documents, rules) = super::entities::documents(path)?;
            let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
            let corpus = Corpus::of_documents(root, documents, Default::default());
            return recognised(corpus, rules, Default::default());
        }
        Err(e) => return Err(e.to_string()),
    };
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
    recognised(corpus, rules, dismissed_conflicts)
}

/// `corpus` with its entities recognised under `rules`.
fn recognised(
    corpus: Corpus,
    rules: EntityDictionary,
    dismissed_conflicts: std::collections::BTreeSet<String>,
) -> Result<Recognised, String> {
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
