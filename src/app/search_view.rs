//! Corpus search for the window: the query being typed, the search running on a worker
//! thread (a new query cancels the one before), and the results with their checkboxes.
//! Literal queries search as you type; regular expressions when you press Enter. Switching
//! a toggle (regex, case, whole word) searches again at once.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, channel};

use super::computed::Same;
use crate::corpus::Corpus;
use crate::project::{Project, TagId};
use crate::search::{CodedSpans, Query, QueryError, SearchOptions, SearchResults, search};

/// At most this many hits are listed (the count says when there were more).
pub const MAX_LISTED_HITS: usize = 20_000;

struct Job {
    cancel: Arc<AtomicBool>,
    rx: Receiver<SearchResults>,
}

#[derive(Default)]
pub struct SearchView {
    pub query: Query,
    /// The query of the shown results.
    searched: Option<Query>,
    pub results: Option<Arc<SearchResults>>,
    pub error: Option<QueryError>,
    job: Option<Job>,
    /// Search now even for a regular expression (Enter was pressed).
    pub run_requested: bool,
    /// Checked hits: (document position in the results, hit position in the document).
    pub checked: HashSet<(usize, usize)>,
    /// Focus the query field on the next frame.
    pub focus: bool,
    /// Annotate-all: the tag being typed and the note.
    pub tag_query: String,
    pub tag: Option<crate::app::panels::widgets::Picked>,
    pub note: String,
    /// Which corpus the results belong to (they are dropped for another one).
    corpus_root: Option<std::path::PathBuf>,
    /// The project's coded passages (any tag) for marking results, and the history state
    /// they were found for.
    coded: Option<(u64, Arc<CodedSpans>)>,
    /// How many chosen hits are already coded with the tag chosen for "annotate all", and
    /// what they were counted for.
    already: Option<(AlreadyKey, usize)>,
}

/// What the hits already coded with a tag were counted for.
#[derive(Clone, Debug, PartialEq)]
struct AlreadyKey {
    /// The state of the project's history.
    history_state: u64,
    tag: TagId,
    /// The results (held: new results are another key even at the same address).
    results: Same<SearchResults>,
    /// The number of hits checked.
    checked: usize,
}

impl SearchView {
    /// The query the current results were found for (the box may hold an edit since).
    pub fn searched(&self) -> Option<&Query> {
        self.searched.as_ref()
    }

    /// The project's coded passages, found again only after an edit.
    pub fn coded(&mut self, project: &Project, state: u64) -> Arc<CodedSpans> {
        match &self.coded {
            Some((at, spans)) if *at == state => spans.clone(),
            _ => {
                let spans = Arc::new(CodedSpans::of(project, None));
                self.coded = Some((state, spans.clone()));
                spans
            }
        }
    }

    /// How many of the hits "annotate all" would code lie inside a passage already coded
    /// with `tag` (they are skipped): counted again only when the project, the tag, the
    /// results or the checked hits change.
    pub fn already_coded(&mut self, project: &Project, state: u64, tag: TagId) -> usize {
        let key = AlreadyKey {
            history_state: state,
            tag,
            results: Same(self.results.clone()),
            checked: self.checked.len(),
        };
        if let Some((at, n)) = &self.already
            && *at == key
        {
            return *n;
        }
        let coded = CodedSpans::of(project, Some(tag));
        let n = self
            .chosen_hits()
            .iter()
            .filter(|(path, range)| coded.covers(path, range))
            .count();
        self.already = Some((key, n));
        n
    }

    /// Drops results, checks and a running search (another project or folder was opened;
    /// its documents may differ even at the same paths). The query stays, and a literal
    /// one runs again on the new corpus.
    pub fn forget_results(&mut self) {
        if let Some(job) = self.job.take() {
            job.cancel.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        self.searched = None;
        self.results = None;
        self.checked.clear();
        self.corpus_root = None;
        self.coded = None;
        self.already = None;
    }

    /// Starts a search when the query changed (literal) or Enter was pressed (regex);
    /// takes in finished results.
    pub fn update(&mut self, corpus: Option<&Corpus>, ctx: &egui::Context) {
        if let Some(job) = &self.job
            && let Ok(results) = job.rx.try_recv()
        {
            self.results = Some(Arc::new(results));
            self.checked.clear();
            self.job = None;
        }
        let Some(corpus) = corpus else {
            return;
        };
        if self.corpus_root.as_ref() != Some(&corpus.root) {
            self.corpus_root = Some(corpus.root.clone());
            self.searched = None;
            self.results = None;
        }
        let changed = self.searched.as_ref() != Some(&self.query);
        if !changed && !self.run_requested {
            return;
        }
        if self.query.regex && !self.run_requested {
            // Regular expressions run on Enter: half-typed ones are rarely valid.
            self.error = None;
            return;
        }
        self.run_requested = false;
        self.searched = Some(self.query.clone());
        self.cancel();
        if self.query.pattern.is_empty() {
            self.results = None;
            self.error = None;
            return;
        }
        let matcher = match self.query.compile() {
            Ok(m) => m,
            Err(err) => {
                self.error = Some(err);
                self.results = None;
                return;
            }
        };
        self.error = None;
        let (tx, rx) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        self.job = Some(Job {
            cancel: cancel.clone(),
            rx,
        });
        let corpus = corpus.clone();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let options = SearchOptions {
                max_hits: Some(MAX_LISTED_HITS),
                ..SearchOptions::default()
            };
            let results = search(&corpus, &matcher, &options, &cancel);
            if !cancel.load(Ordering::Relaxed) {
                let _ = tx.send(results);
                ctx.request_repaint();
            }
        });
    }

    fn cancel(&mut self) {
        if let Some(job) = self.job.take() {
            job.cancel.store(true, Ordering::Relaxed);
        }
    }

    /// True while a search runs.
    pub fn searching(&self) -> bool {
        self.job.is_some()
    }

    /// The hits to annotate: the checked ones, or all when none is checked.
    pub fn chosen_hits(&self) -> Vec<(String, std::ops::Range<usize>)> {
        let Some(results) = &self.results else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (d, doc) in results.documents.iter().enumerate() {
            for (h, hit) in doc.hits.iter().enumerate() {
                if self.checked.is_empty() || self.checked.contains(&(d, h)) {
                    out.push((doc.document.path.clone(), hit.range()));
                }
            }
        }
        out
    }
}
