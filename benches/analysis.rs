//! The corpus views of issue 13 on the 10,000-document (~100 MB) benchmark corpus:
//!
//! * the core work behind them (dated statements and possible conflicts, places, the
//!   co-occurrence network), as the window's workers do it;
//! * the force layout of a 500-node network, from its start to settled;
//! * the window's frames with each view open (Timeline, Map, Network): a steady frame, and
//!   the first frame after switching to the view (its data already computed), both as the
//!   native window makes them (no accessibility tree, shapes tessellated: only the GPU's
//!   share is left out) and in the `egui_kittest` harness the UI tests use (which builds
//!   and diffs the accessibility tree every frame, so its figures are higher).
//!
//!     cargo bench --bench analysis
//!
//! Shares the corpus of `benches/search.rs` (generated once under `target/bench-corpus`).

#[path = "support/bare_window.rs"]
mod bare_window;
#[path = "support/corpus_gen.rs"]
mod corpus_gen;
#[path = "support/window.rs"]
mod window;

use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, criterion_group, criterion_main};
use dossier::analysis::force::ForceLayout;
use dossier::analysis::network::{NetworkFilter, build};
use dossier::analysis::{conflicts, places, timeline};
use dossier::app::{CentralView, DossierApp};
use dossier::corpus::{Corpus, LoadOptions};
use dossier::entities::{EntityDictionary, Recognizer, recognize_corpus};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// As the binary: the app's frames allocate as they do in the window.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn core(c: &mut Criterion) {
    let dir = corpus_gen::ensure_bench_corpus();
    let corpus = Corpus::load(&dir, &LoadOptions::default()).expect("bench corpus loads");
    let cancel = AtomicBool::new(false);
    let index = recognize_corpus(
        Recognizer::shared(),
        &corpus,
        &EntityDictionary::default(),
        &|_, _| {},
        &cancel,
    )
    .expect("not cancelled");

    let statements = timeline::statements(&index, &corpus);
    let dated = statements.iter().filter(|s| s.is_dated()).count();
    let found = conflicts::find(&statements).len();
    let linked = places::places(&index, None);
    let five_hundred = NetworkFilter {
        max_nodes: 500,
        ..NetworkFilter::default()
    };
    let network = build(&index, &corpus, &five_hundred);
    eprintln!(
        "{} documents: {} statements ({dated} dated), {found} possible conflicts, {} places \
         linked ({} unresolved), network of {} nodes and {} edges",
        corpus.documents.len(),
        statements.len(),
        linked.places.len(),
        linked.unresolved.len(),
        network.nodes.len(),
        network.edges.len(),
    );

    let mut group = c.benchmark_group("analysis-10k");
    group.sample_size(10);
    group.bench_function("dated statements", |b| {
        b.iter(|| timeline::statements(&index, &corpus))
    });
    group.bench_function("possible conflicts of the statements", |b| {
        b.iter(|| conflicts::find(&statements))
    });
    group.bench_function("places", |b| b.iter(|| places::places(&index, None)));
    group.bench_function("network, 500 nodes", |b| {
        b.iter(|| build(&index, &corpus, &five_hundred))
    });
    // The corpus's network (its size is whatever the generated text gives), and a network
    // of exactly 500 nodes: the corpus's is smaller, so the 500 are generated.
    let corpus_edges: Vec<(usize, usize, f32)> = network
        .edges
        .iter()
        .map(|e| (e.a, e.b, e.weight as f32))
        .collect();
    let layouts = [
        (
            format!("corpus network ({} nodes)", network.nodes.len()),
            network.nodes.len(),
            corpus_edges,
        ),
        (
            "generated network (500 nodes)".to_owned(),
            500,
            generated_network(500, 6),
        ),
    ];
    for (name, nodes, edges) in &layouts {
        let mut probe = ForceLayout::new(*nodes, edges.iter().copied());
        let steps = probe.run(1000);
        assert!(probe.settled(), "the layout settles in {steps} steps");
        eprintln!("{name}, {} edges: settled after {steps} steps", edges.len());
        group.bench_function(format!("force layout until settled, {name}"), |b| {
            b.iter(|| {
                let mut layout = ForceLayout::new(*nodes, edges.iter().copied());
                layout.run(1000)
            })
        });
    }
    group.finish();
}

/// A network of `nodes` nodes shaped like a co-occurrence network: each node links to
/// `links` earlier ones, chosen in proportion to the links they already have (a few hubs,
/// many nodes with one or two links), with weights from 1 to 20. Deterministic.
fn generated_network(nodes: usize, links: usize) -> Vec<(usize, usize, f32)> {
    let mut rng = corpus_gen::Rng(0x5eed);
    let mut ends: Vec<usize> = vec![0, 1];
    let mut edges = vec![(0, 1, 5.0)];
    for i in 2..nodes {
        for _ in 0..links.min(i) {
            let j = ends[rng.below(ends.len())];
            if j != i && !edges.iter().any(|&(a, b, _)| (a, b) == (j, i)) {
                edges.push((j, i, 1.0 + rng.below(20) as f32));
                ends.extend([i, j]);
            }
        }
    }
    edges
}

/// Steps frames until the view's worker has delivered: its "busy" line is gone and
/// `ready` is drawn.
fn step_until_ready(h: &mut Harness<'static, DossierApp>, busy: &str, ready: &str) {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(300) {
        h.step();
        let busy_shown = h.query_by_label_contains(busy).is_some();
        let ready_shown = h
            .query_all_by(|n| {
                n.label()
                    .or(n.value())
                    .is_some_and(|l| l.starts_with(ready))
            })
            .next()
            .is_some();
        if !busy_shown && ready_shown {
            // A few more frames: a view may copy its data or lay out text on the next.
            for _ in 0..10 {
                h.step();
            }
            eprintln!(
                "{ready}…: ready after {:.2} s",
                started.elapsed().as_secs_f64()
            );
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("the view never showed {ready}");
}

fn views(c: &mut Criterion) {
    let dir = corpus_gen::ensure_bench_corpus();
    let data = tempfile::tempdir().expect("tempdir");
    let mut h = window::opened(&dir, data.path());
    let views = [
        (
            CentralView::Timeline,
            Key::Num4,
            "Finding the dated statements",
            "Possible conflicts (",
        ),
        (CentralView::Map, Key::Num5, "Finding the places", "Place: "),
        (
            CentralView::Network,
            Key::Num6,
            "Laying out the network",
            "Entity: ",
        ),
    ];
    for (view, key, busy, ready) in views {
        h.key_press_modifiers(Modifiers::COMMAND, key);
        h.step();
        assert_eq!(h.state().central_view(), view);
        step_until_ready(&mut h, busy, ready);
    }

    let mut group = frame_group(c, "views-10k, kittest");
    for (view, key, _, _) in views {
        h.press(key);
        assert_eq!(h.state().central_view(), view);
        for _ in 0..5 {
            h.frame();
        }
        bench_frames(&mut group, &mut h, view, key);
    }
    group.finish();

    // The same frames as the native window makes them, the app opened again on the same
    // corpus (its entities from the cache the first opening wrote).
    let mut window = bare_window::BareWindow::opened(&dir, data.path());
    let mut group = frame_group(c, "views-10k, window");
    for (view, key, _, _) in views {
        window.press(key);
        assert_eq!(window.app.central_view(), view);
        // Until the view's worker has delivered, and a few frames more (a view may copy
        // its data or lay out text on the next).
        let started = Instant::now();
        while window.app.views_computing() && started.elapsed() < Duration::from_secs(120) {
            window.frame();
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(!window.app.views_computing(), "the {view:?} view computed");
        for _ in 0..10 {
            window.frame();
        }
        bench_frames(&mut group, &mut window, view, key);
    }
    group.finish();
}

/// A group of frame benches: 50 samples over 10 s.
fn frame_group<'c>(c: &'c mut Criterion, name: &str) -> BenchmarkGroup<'c, WallTime> {
    let mut group = c.benchmark_group(name);
    group
        .sample_size(50)
        .measurement_time(Duration::from_secs(10));
    group
}

/// A window the frame benches drive: the kittest harness or the bare window.
trait Frames {
    /// Ctrl (Cmd) + `key`, and the frame that takes it in.
    fn press(&mut self, key: Key);
    fn frame(&mut self);
}

impl Frames for Harness<'static, DossierApp> {
    fn press(&mut self, key: Key) {
        self.key_press_modifiers(Modifiers::COMMAND, key);
        self.step();
    }

    fn frame(&mut self) {
        self.step();
    }
}

impl Frames for bare_window::BareWindow {
    fn press(&mut self, key: Key) {
        self.key(Modifiers::COMMAND, key);
        self.step();
    }

    fn frame(&mut self) {
        self.step();
    }
}

/// A steady frame with `view` open (switched to with Ctrl + `key`), and the first frame
/// after switching to it from the reader (Ctrl+1).
fn bench_frames(
    group: &mut BenchmarkGroup<'_, WallTime>,
    window: &mut impl Frames,
    view: CentralView,
    key: Key,
) {
    group.bench_function(format!("{view:?}, steady frame"), |b| {
        b.iter(|| window.frame())
    });
    group.bench_function(format!("{view:?}, first frame after switching"), |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                window.press(Key::Num1);
                // Queuing the key press costs next to nothing: this is the frame.
                let start = Instant::now();
                window.press(key);
                total += start.elapsed();
            }
            total
        })
    });
}

criterion_group!(benches, core, views);
criterion_main!(benches);
