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
}

/// Loads `path` (a folder, or a `*.dossier.ron` project whose entity rules then apply) and
/// recognises the entities of every document. Skipped files are listed on stderr.
pub fn recognise(path: &Path) -> Result<Recognised, String> {
    let target = OpenTarget::of(path).map_err(|e| e.to_string())?;
    let (corpus, rules) = match target {
        OpenTarget::Folder(dir) => (
            Corpus::load(&dir, &LoadOptions::default()).map_err(|e| e.to_string())?,
            EntityDictionary::default(),
        ),
        target => {
            let session =
                Session::open(&target, &LoadOptions::default(), &()).map_err(|e| e.to_string())?;
            (session.corpus, session.workspace.project.entity_rules)
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
    Ok(Recognised { corpus, index })
}
