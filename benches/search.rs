//! Corpus-wide search on 10,000 documents (about 100 MB), against ripgrep on the same files.
//!
//! Run with `scripts/bench-search.sh` (or `cargo bench --bench search`). The corpus is
//! generated once, deterministically (`benches/support/corpus_gen.rs`), under
//! `target/bench-corpus/search-v1` (or `$DOSSIER_BENCH_CORPUS`). The benchmark then
//!
//! * times `Corpus::load` of the whole folder;
//! * for each query, checks that Dossier's in-memory search and `rg --count-matches` find the
//!   same number of matches, then times both: Dossier returning every hit (char offsets,
//!   line, snippet) from the loaded corpus, and a full `rg` process over the files;
//! * prints the median times and their ratio (rg / Dossier) from criterion's estimates;
//! * then, on the command line (issue 22), times whole processes: `dossier search FOLDER
//!   PATTERN` with a warm text cache (a data folder of its own, filled by one run first,
//!   whose time is printed too) against `rg --line-number` over the same folder, both
//!   printing every match to /dev/null, and prints Dossier's time over ripgrep's (the
//!   issue's bar: at most 2x).
//!
//! Without `rg` on the PATH, the ripgrep side is skipped with a note.

#[path = "support/corpus_gen.rs"]
mod corpus_gen;

use std::hint::black_box;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant, SystemTime};

use criterion::{Criterion, Throughput};
use dossier::corpus::{Corpus, LoadOptions};
use dossier::search::{Query, SearchOptions, search};

const GROUP: &str = "search-100mb";
const CLI_GROUP: &str = "search-cli-10k";

/// A query, and the same query in ripgrep's words.
struct Case {
    name: &'static str,
    query: Query,
    rg_flags: &'static [&'static str],
    /// The same query in `dossier search`'s words.
    cli_flags: &'static [&'static str],
}

fn cases() -> Vec<Case> {
    let months =
        "January|February|March|April|May|June|July|August|September|October|November|December";
    vec![
        Case {
            name: "literal",
            query: Query::literal("Hmeimim"),
            rg_flags: &["--fixed-strings"],
            cli_flags: &[],
        },
        Case {
            name: "regex",
            query: Query::regex(format!(r"\d{{1,2}} (?:{months}) 20\d\d")),
            rg_flags: &[],
            cli_flags: &["--regex"],
        },
        Case {
            name: "word-ignore-case",
            query: Query::literal("sdf").ignoring_case().whole_words(),
            rg_flags: &["--fixed-strings", "--ignore-case", "--word-regexp"],
            cli_flags: &["--ignore-case", "--word"],
        },
    ]
}

fn rg_available() -> bool {
    Command::new("rg")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Total matches `rg --count-matches` reports for `case` over `dir`.
fn rg_count(case: &Case, dir: &Path) -> usize {
    let output = Command::new("rg")
        .args(["--no-config", "--no-ignore", "--count-matches"])
        .args(case.rg_flags)
        .arg("--regexp")
        .arg(&case.query.pattern)
        .arg(dir)
        .output()
        .expect("rg runs");
    // rg exits 1 when nothing matched: still a count (of zero).
    assert!(
        output.status.code().is_some_and(|c| c <= 1),
        "rg failed: {output:?}"
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|l| {
            l.rsplit_once(':')
                .and_then(|(_, n)| n.parse::<usize>().ok())
        })
        .sum()
}

fn main() {
    let dir = corpus_gen::ensure_bench_corpus();
    let options = LoadOptions::default();
    let started = Instant::now();
    let corpus = Corpus::load(&dir, &options).expect("bench corpus loads");
    let bytes: usize = corpus.documents.iter().map(|d| d.text.as_str().len()).sum();
    eprintln!(
        "loaded {} documents, {:.1} MB of text, in {:.2} s (first load)",
        corpus.documents.len(),
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    let rg = rg_available();
    if !rg {
        eprintln!("rg not found: install ripgrep (apt-get install -y ripgrep) to compare");
    }

    let bench_started = SystemTime::now();
    let criterion_dir = corpus_gen::target_dir().join("criterion");
    let mut c = Criterion::default()
        .configure_from_args()
        .output_directory(&criterion_dir);
    let mut group = c.benchmark_group(GROUP);
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(6));
    group.throughput(Throughput::Bytes(bytes as u64));

    group.bench_function("load", |b| {
        b.iter_with_large_drop(|| Corpus::load(&dir, &options).expect("loads"))
    });

    let cancel = AtomicBool::new(false);
    let search_options = SearchOptions::default();
    let cases = cases();
    for case in &cases {
        let matcher = case.query.compile().expect("bench query compiles");
        let hits = search(&corpus, &matcher, &search_options, &cancel).total_hits;
        eprintln!("{}: {:?} -> {hits} hits", case.name, case.query.pattern);
        if rg {
            let rg_hits = rg_count(case, &dir);
            assert_eq!(
                hits, rg_hits,
                "{}: Dossier and rg disagree on the count",
                case.name
            );
        }
        group.bench_function(format!("{}-dossier", case.name), |b| {
            b.iter_with_large_drop(|| search(&corpus, &matcher, &search_options, &cancel))
        });
        if rg {
            group.bench_function(format!("{}-rg", case.name), |b| {
                b.iter(|| black_box(rg_count(case, &dir)))
            });
        }
    }
    group.finish();
    drop(corpus);
    if rg {
        bench_command_lines(&mut c, &dir, &cases);
    }
    c.final_summary();
    print_ratios(&criterion_dir, bench_started, &cases);
}

/// `dossier search` as a user runs it, reading the corpus in `dir` through a warm text
/// cache, against `rg` printing the same matches.
fn bench_command_lines(c: &mut Criterion, dir: &Path, cases: &[Case]) {
    let data = corpus_gen::target_dir().join("bench-data");
    let dossier = |case: &Case| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_dossier"));
        command
            .arg("search")
            .args(case.cli_flags)
            .arg(dir)
            .arg(&case.query.pattern)
            .env("XDG_DATA_HOME", &data)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        command
    };
    let rg = |case: &Case| {
        let mut command = Command::new("rg");
        command
            .args(["--no-config", "--no-ignore", "--line-number"])
            .args(case.rg_flags)
            .arg("--regexp")
            .arg(&case.query.pattern)
            .arg(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        command
    };
    let run = |mut command: Command| {
        let status = command.status().expect("runs");
        // grep's codes: 0 matched, 1 did not.
        assert!(
            status.code().is_some_and(|c| c <= 1),
            "{command:?}: {status}"
        );
    };
    let first = cases.first().expect("a case");
    let started = Instant::now();
    run(dossier(first));
    eprintln!(
        "dossier search, first run (fills the text cache in {}): {:.2} s",
        data.display(),
        started.elapsed().as_secs_f64()
    );
    let mut group = c.benchmark_group(CLI_GROUP);
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(8));
    for case in cases {
        group.bench_function(format!("{}-dossier", case.name), |b| {
            b.iter(|| run(dossier(case)))
        });
        group.bench_function(format!("{}-rg", case.name), |b| b.iter(|| run(rg(case))));
    }
    group.finish();
}

/// Median of one benchmark of this run from criterion's estimates, in nanoseconds.
fn median_ns(criterion_dir: &Path, id: &str, since: SystemTime) -> Option<f64> {
    median_in(criterion_dir, GROUP, id, since)
}

fn median_in(criterion_dir: &Path, group: &str, id: &str, since: SystemTime) -> Option<f64> {
    let path = criterion_dir
        .join(group)
        .join(id)
        .join("new")
        .join("estimates.json");
    let fresh = std::fs::metadata(&path).and_then(|m| m.modified()).ok()? >= since;
    if !fresh {
        return None; // filtered out of this run: an older figure would mislead
    }
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).ok()?).ok()?;
    json["median"]["point_estimate"].as_f64()
}

fn print_ratios(criterion_dir: &Path, since: SystemTime, cases: &[Case]) {
    let ms = |ns: f64| format!("{:.1} ms", ns / 1e6);
    println!("\nmedians ({GROUP})");
    if let Some(load) = median_ns(criterion_dir, "load", since) {
        println!("  load                   {:>10}", ms(load));
    }
    println!(
        "  {:<20} {:>10} {:>10} {:>12}",
        "query", "dossier", "rg", "rg/dossier"
    );
    for case in cases {
        let d = median_ns(criterion_dir, &format!("{}-dossier", case.name), since);
        let r = median_ns(criterion_dir, &format!("{}-rg", case.name), since);
        if let (Some(d), Some(r)) = (d, r) {
            println!(
                "  {:<20} {:>10} {:>10} {:>11.1}x",
                case.name,
                ms(d),
                ms(r),
                r / d
            );
        } else if let Some(d) = d {
            println!("  {:<20} {:>10} {:>10} {:>12}", case.name, ms(d), "-", "-");
        }
    }
    println!("\nwhole processes, warm text cache ({CLI_GROUP})");
    println!(
        "  {:<20} {:>16} {:>10} {:>12}",
        "query", "dossier search", "rg", "dossier/rg"
    );
    for case in cases {
        let d = median_in(
            criterion_dir,
            CLI_GROUP,
            &format!("{}-dossier", case.name),
            since,
        );
        let r = median_in(
            criterion_dir,
            CLI_GROUP,
            &format!("{}-rg", case.name),
            since,
        );
        if let (Some(d), Some(r)) = (d, r) {
            println!(
                "  {:<20} {:>16} {:>10} {:>11.1}x",
                case.name,
                ms(d),
                ms(r),
                d / r
            );
        }
    }
}
