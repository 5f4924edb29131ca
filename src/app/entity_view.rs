//! Entity highlights for the window: the whole corpus is recognised on a worker thread
//! (with the project's entity rules), each document's mentions arriving as soon as they are
//! ready; recognition restarts when the rules change (a correction, or its undo). What was
//! found is cached between sessions (`entities::cache`): reopening a project reuses it
//! for every document whose text and rules still match.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};

use crate::entities::cache::{self, CacheError};
use crate::entities::incremental::Found;
use crate::entities::{
    EntityDictionary, EntityIndex, Mention, PreviousRecognition, Recognizer, recognize_corpus_again,
};
use crate::session::Session;

use super::panels::entities::EntitiesState;

enum Message {
    Document(String, Found),
    Done(Arc<EntityIndex>),
}

struct Job {
    cancel: Arc<AtomicBool>,
    done: Arc<AtomicUsize>,
    total: usize,
    rx: Receiver<Message>,
}

#[derive(Default)]
pub struct EntityView {
    /// Changes whenever the mentions change (for caches).
    pub generation: u64,
    /// Each document's mentions, with the text's hash and the rules they were found with.
    mentions: HashMap<String, Found>,
    /// Distinct entities per document (the document list's count).
    pub counts: HashMap<String, usize>,
    /// The corpus index, once every document is done.
    pub index: Option<Arc<EntityIndex>>,
    job: Option<Job>,
    /// The rules the results were computed with, and for which corpus (its root).
    computed_for: Option<(EntityDictionary, std::path::PathBuf, usize)>,
    pub tab: EntitiesState,
    /// Where recognised mentions are cached between sessions (`None`: not cached).
    pub cache_dir: Option<PathBuf>,
}

impl EntityView {
    /// A view whose results are cached between sessions in `cache_dir`.
    pub fn cached_in(cache_dir: Option<PathBuf>) -> Self {
        Self {
            cache_dir,
            ..Self::default()
        }
    }

    /// Forgets everything (a new session).
    pub fn reset(&mut self) {
        self.cancel();
        *self = Self {
            generation: self.generation + 1,
            cache_dir: self.cache_dir.take(),
            ..Self::default()
        };
    }

    /// Stops recognition; what is done stays, and it does not restart until the rules or
    /// the corpus change.
    pub fn stop(&mut self) {
        self.cancel();
    }

    fn cancel(&mut self) {
        if let Some(job) = self.job.take() {
            job.cancel.store(true, Ordering::Relaxed);
        }
    }

    /// Starts recognition when the session or its entity rules differ from what the
    /// results were computed for; takes in results that arrived.
    pub fn update(&mut self, session: Option<&Session>, ctx: &egui::Context) {
        self.poll();
        let Some(session) = session else {
            return;
        };
        let rules = &session.workspace.project.entity_rules;
        let corpus = &session.corpus;
        let up_to_date = self.computed_for.as_ref().is_some_and(|(r, root, n)| {
            r == rules && root == &corpus.root && *n == corpus.documents.len()
        });
        if up_to_date {
            return;
        }
        self.cancel();
        // What is known already is reused where the change cannot matter: documents that
        // arrived since, or that do not hold the phrase of the correction, are not redone.
        let previous = PreviousRecognition {
            documents: self.mentions.clone(),
        };
        self.computed_for = Some((rules.clone(), corpus.root.clone(), corpus.documents.len()));
        self.index = None;
        let (tx, rx) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let done = Arc::new(AtomicUsize::new(0));
        self.job = Some(Job {
            cancel: cancel.clone(),
            done: done.clone(),
            total: corpus.documents.len(),
            rx,
        });
        let corpus = corpus.clone();
        let rules = Arc::new(rules.clone());
        let ctx = ctx.clone();
        let cache_file = self
            .cache_dir
            .as_ref()
            .map(|dir| cache::cache_file(dir, &corpus.root));
        std::thread::spawn(move || {
            // A first recognition of this corpus in this session starts from the cache.
            let previous = match &cache_file {
                Some(file) if previous.documents.is_empty() => match cache::load(file) {
                    Ok(cached) => cached,
                    Err(CacheError::Missing) => previous,
                    Err(err) => {
                        eprintln!("dossier: {err}");
                        previous
                    }
                },
                _ => previous,
            };
            let tx = Mutex::new(tx);
            let on_document = |i: usize, mentions: &Arc<Vec<Mention>>| {
                done.fetch_add(1, Ordering::Relaxed);
                if let (Some(doc), Ok(tx)) = (corpus.documents.get(i), tx.lock()) {
                    let found = Found {
                        hash: doc.hash.clone(),
                        rules: rules.clone(),
                        mentions: mentions.clone(),
                    };
                    let _ = tx.send(Message::Document(doc.path.clone(), found));
                }
                ctx.request_repaint();
            };
            let index = recognize_corpus_again(
                Recognizer::shared(),
                &corpus,
                &rules,
                &previous,
                &on_document,
                &cancel,
            );
            let Some(index) = index.map(Arc::new) else {
                return;
            };
            if let Ok(tx) = tx.lock() {
                let _ = tx.send(Message::Done(index.clone()));
            }
            ctx.request_repaint();
            // A run overtaken by a newer one (cancelled after it finished) leaves the cache
            // to the newer run.
            if let Some(file) = cache_file
                && !cancel.load(Ordering::Relaxed)
                && cache::is_behind(&previous, &rules, &corpus, &index)
                && let Err(err) = cache::save_index(&file, &rules, &corpus, &index)
            {
                eprintln!("dossier: cannot write the entity cache: {err}");
            }
        });
    }

    fn poll(&mut self) {
        let Some(job) = &self.job else {
            return;
        };
        let mut changed = false;
        let mut finished = None;
        for message in job.rx.try_iter() {
            match message {
                Message::Document(path, found) => {
                    let mut keys: Vec<(crate::entities::EntityKind, &str)> = found
                        .mentions
                        .iter()
                        .map(|m| (m.kind, m.key.as_str()))
                        .collect();
                    keys.sort_unstable();
                    keys.dedup();
                    self.counts.insert(path.clone(), keys.len());
                    self.mentions.insert(path, found);
                    changed = true;
                }
                Message::Done(index) => finished = Some(index),
            }
        }
        if let Some(index) = finished {
            // Places the corpus's other places read again (`geo::corpus_prior`) are in the
            // index: the reader shows them as the index lists them.
            for (path, found) in &mut self.mentions {
                if let Some(mentions) = index.mentions_of(path)
                    && !Arc::ptr_eq(mentions, &found.mentions)
                {
                    found.mentions = Arc::clone(mentions);
                }
            }
            self.index = Some(index);
            self.job = None;
            changed = true;
        }
        if changed {
            self.generation += 1;
        }
    }

    /// The mentions of a document, once recognised.
    pub fn mentions(&self, path: &str) -> Option<&Arc<Vec<Mention>>> {
        self.mentions.get(path).map(|found| &found.mentions)
    }

    /// True while recognition runs.
    pub fn pending(&self) -> bool {
        self.job.is_some()
    }

    /// (documents done, documents in all) while recognition runs.
    pub fn progress(&self) -> Option<(usize, usize)> {
        self.job
            .as_ref()
            .map(|j| (j.done.load(Ordering::Relaxed), j.total))
    }
}
