//! A deterministic generator of a large news-like corpus, for benchmarks.
//!
//! The documents read like the wire copy Dossier is made for: a headline, a dateline and
//! paragraphs of sentences about forces, bases, places, people and dates, drawn from fixed
//! word lists by a seeded SplitMix64, so the same spec always writes the same bytes on every
//! machine (no `rand` dependency whose streams could change between versions). Names carry
//! their real diacritics and some sentences quote Russian or Arabic, so most documents are
//! not pure ASCII and the char-offset paths of the search are exercised as in real use.
//!
//! Shared by `benches/search.rs` and `examples/dossier-gen.rs` through `#[path]`.

#![allow(dead_code, reason = "each includer uses a different part")]

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spec {
    pub documents: usize,
    /// Average document size in bytes (sizes vary from 0.3x to 1.7x of it).
    pub average_bytes: usize,
    pub seed: u64,
}

impl Spec {
    /// The benchmark corpus: 10,000 documents, about 100 MB.
    pub const BENCH: Spec = Spec {
        documents: 10_000,
        average_bytes: 10_000,
        seed: 0x0d05_51e2,
    };

    /// A one-line description, stored next to a generated corpus to detect a stale one.
    pub fn describe(&self) -> String {
        format!(
            "corpus_gen v1: {} documents, {} bytes average, seed {:#x}",
            self.documents, self.average_bytes, self.seed
        )
    }
}

/// What was written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub documents: usize,
    pub bytes: u64,
}

/// Writes the corpus of `spec` under `dir` (created if needed) as
/// `dNN/doc-NNNNN.txt`, 100 documents per folder. Existing files are overwritten.
pub fn generate(dir: &Path, spec: Spec) -> io::Result<Summary> {
    let mut rng = Rng(spec.seed);
    let mut summary = Summary::default();
    for i in 0..spec.documents {
        let folder = dir.join(format!("d{:03}", i / 100));
        if i % 100 == 0 {
            fs::create_dir_all(&folder)?;
        }
        let scale = 0.3 + 1.4 * rng.unit();
        let target = (spec.average_bytes as f64 * scale) as usize;
        let text = document(&mut rng, target);
        fs::write(folder.join(format!("doc-{i:05}.txt")), &text)?;
        summary.documents += 1;
        summary.bytes += text.len() as u64;
    }
    Ok(summary)
}

/// One document of about `target` bytes.
pub fn document(rng: &mut Rng, target: usize) -> String {
    let mut out = String::with_capacity(target + 512);
    // Headline (no full stop, so the loader takes it as the title) and dateline.
    let _ = writeln!(
        out,
        "{} {} {} in {}",
        capitalised(rng.pick(ORGS)),
        rng.pick(HEADLINE_VERBS),
        rng.pick(NOUNS),
        rng.pick(PLACES)
    );
    let _ = writeln!(
        out,
        "{}, {} ({})\n",
        rng.pick(PLACES),
        date(rng),
        rng.pick(SOURCES)
    );
    while out.len() < target {
        let sentences = 3 + rng.below(5);
        for s in 0..sentences {
            if s > 0 {
                out.push(' ');
            }
            sentence(rng, &mut out);
        }
        out.push_str("\n\n");
    }
    out
}

fn sentence(rng: &mut Rng, out: &mut String) {
    let _ = match rng.below(10) {
        0 => write!(
            out,
            "“{} {} {},” said {}, a spokesperson for {}.",
            capitalised(rng.pick(DETERMINERS)),
            rng.pick(NOUNS),
            rng.pick(CLAUSES),
            rng.pick(PEOPLE),
            rng.pick(ORGS)
        ),
        1 => write!(
            out,
            "On {}, {} {} {} {} near {}.",
            date(rng),
            rng.pick(ORGS),
            rng.pick(VERBS),
            1 + rng.below(400),
            rng.pick(PLURALS),
            rng.pick(PLACES)
        ),
        2 => write!(
            out,
            "According to {}, the {} {} {} the {} at {}.",
            rng.pick(SOURCES),
            rng.pick(ADJECTIVES),
            rng.pick(NOUNS),
            rng.pick(VERBS),
            rng.pick(NOUNS),
            rng.pick(PLACES)
        ),
        3 => write!(out, "{}", rng.pick(FOREIGN)),
        4 => write!(
            out,
            "{} and {} {} the {} of {} since {}.",
            rng.pick(PEOPLE),
            rng.pick(PEOPLE),
            rng.pick(VERBS),
            rng.pick(NOUNS),
            rng.pick(PLACES),
            1990 + rng.below(36)
        ),
        _ => write!(
            out,
            "{} {} {} {} the {} {} {} {}.",
            capitalised(rng.pick(DETERMINERS)),
            rng.pick(ADJECTIVES),
            rng.pick(NOUNS),
            rng.pick(VERBS),
            rng.pick(NOUNS),
            rng.pick(PREPOSITIONS),
            rng.pick(DETERMINERS),
            rng.pick(NOUNS)
        ),
    };
}

fn date(rng: &mut Rng) -> String {
    format!(
        "{} {} {}",
        1 + rng.below(28),
        rng.pick(&dossier::text::calendar::MONTHS),
        2011 + rng.below(15)
    )
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// SplitMix64: tiny, fast, and fixed forever.
#[derive(Clone, Debug)]
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }
}

const ORGS: &[&str] = &[
    "the SDF",
    "the Syrian Arab Army",
    "Hezbollah",
    "the YPG",
    "the Russian Ministry of Defence",
    "the Turkish army",
    "the coalition",
    "Hayat Tahrir al-Sham",
    "the Wagner Group",
    "the UN envoy",
    "the Kurdish administration",
    "the IRGC",
    "the Syrian National Army",
    "the Interior Ministry",
    "the General Security Service",
    "the transitional government",
];
const PLACES: &[&str] = &[
    "Hmeimim",
    "Ţarţūs",
    "Tartus",
    "Latakia",
    "Damascus",
    "Aleppo",
    "Idlib",
    "Raqqa",
    "Dayr az-Zawr",
    "Al-Ḩasakah",
    "Qāmishlī",
    "Kobanî",
    "Manbij",
    "Homs",
    "Hama",
    "Daraa",
    "As-Suwaydā’",
    "Palmyra",
    "Jableh",
    "Baniyas",
    "Afrin",
    "Al-Bab",
    "Tell Abyad",
    "Ra’s al-‘Ayn",
    "Abu Kamal",
    "Al-Tanf",
    "Quneitra",
    "Douma",
    "Jarabulus",
    "Ain Issa",
    "Moscow",
    "Ankara",
    "Tehran",
    "Beirut",
    "Amman",
    "Baghdad",
];
const PEOPLE: &[&str] = &[
    "Ahmed al-Sharaa",
    "Vladimir Putin",
    "Sergei Lavrov",
    "Recep Tayyip Erdoğan",
    "Mazloum Abdi",
    "Asaad al-Shaibani",
    "Hakan Fidan",
    "Geir Pedersen",
    "Maria Zakharova",
    "Abbas Araghchi",
    "Murhaf Abu Qasra",
    "Anas Khattab",
    "İlham Aliyev",
    "Dmitry Peskov",
    "Ilham Ahmed",
    "Ali Larijani",
    "Najib Mikati",
    "Joseph Aoun",
];
const SOURCES: &[&str] = &[
    "Reuters",
    "AFP",
    "SANA",
    "TASS",
    "Anadolu",
    "the Syrian Observatory for Human Rights",
    "Enab Baladi",
    "Al Jazeera",
    "RIA Novosti",
    "Hawar News",
    "local sources",
    "a military source",
    "satellite imagery",
];
const DETERMINERS: &[&str] = &[
    "the", "a", "this", "that", "every", "another", "one", "each",
];
const ADJECTIVES: &[&str] = &[
    "military",
    "naval",
    "new",
    "former",
    "local",
    "regional",
    "Russian",
    "Turkish",
    "Syrian",
    "Kurdish",
    "Iranian",
    "strategic",
    "diplomatic",
    "economic",
    "humanitarian",
    "remaining",
    "interim",
    "joint",
    "heavy",
    "northern",
    "eastern",
    "coastal",
    "rural",
    "armed",
];
const NOUNS: &[&str] = &[
    "base",
    "airbase",
    "port",
    "convoy",
    "delegation",
    "ceasefire",
    "agreement",
    "garrison",
    "checkpoint",
    "brigade",
    "division",
    "militia",
    "council",
    "border",
    "crossing",
    "road",
    "pipeline",
    "oil field",
    "supply line",
    "withdrawal",
    "offensive",
    "negotiation",
    "reconstruction",
    "election",
    "sanction",
    "embassy",
    "prison",
    "camp",
    "village",
    "town",
    "province",
    "command",
    "patrol",
    "helicopter",
    "drone",
    "warship",
    "airstrip",
    "corridor",
    "treaty",
    "ministry",
    "government",
    "army",
    "force",
    "mission",
    "report",
    "statement",
];
const PLURALS: &[&str] = &[
    "soldiers",
    "vehicles",
    "families",
    "detainees",
    "fighters",
    "tonnes of aid",
    "rockets",
    "drones",
    "trucks",
    "officers",
    "advisers",
    "refugees",
    "civilians",
    "tanks",
];
const VERBS: &[&str] = &[
    "secured",
    "withdrew from",
    "reinforced",
    "negotiated",
    "rejected",
    "inspected",
    "evacuated",
    "shelled",
    "captured",
    "handed over",
    "opened",
    "closed",
    "expanded",
    "monitored",
    "visited",
    "discussed",
    "dismantled",
    "rebuilt",
    "surrounded",
    "supplied",
    "moved",
    "confirmed",
    "denied",
    "announced",
];
const HEADLINE_VERBS: &[&str] = &[
    "reviews", "expands", "leaves", "contests", "restores", "defends", "reopens", "signs",
];
const PREPOSITIONS: &[&str] = &[
    "of", "near", "around", "beyond", "along", "inside", "behind", "across", "without",
];
const CLAUSES: &[&str] = &[
    "will remain under joint control",
    "is not open for discussion",
    "was agreed last week",
    "has been handed over in full",
    "cannot be guaranteed",
    "is developing positively",
    "remains our priority",
    "was never part of the deal",
];
/// Sentences quoted in the original language, as wire copy sometimes does.
const FOREIGN: &[&str] = &[
    "The ministry said in Russian: «Вопрос о базах в Хмеймиме и Тартусе остаётся открытым».",
    "Residents chanted «سوريا حرة» outside the governorate building in Ḩamāh.",
    "The statement, in Arabic, read: «الانسحاب من القاعدة تم بالكامل».",
    "Officials in Qāmishlī spoke of «Rojava» and of the Kobanî agreement.",
    "TASS quoted Zakharova: «Москва готова к диалогу с Дамаском».",
    "The sign at the gate still read «Авиабаза Хмеймим» on Wednesday.",
];

/// The cargo target folder (benchmark inputs and criterion output live there).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
}

/// The 10,000-document benchmark corpus (`Spec::BENCH`), generated unless a complete one is
/// already there: `target/bench-corpus/search-v1`, or `$DOSSIER_BENCH_CORPUS`.
pub fn ensure_bench_corpus() -> PathBuf {
    let dir = std::env::var_os("DOSSIER_BENCH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("bench-corpus").join("search-v1"));
    let spec = Spec::BENCH;
    // The marker sits beside the folder, not in it, so neither loader nor rg sees it.
    let marker = dir.with_extension("spec");
    if std::fs::read_to_string(&marker).ok().as_deref() == Some(spec.describe().as_str()) {
        return dir;
    }
    eprintln!("generating {} into {} ...", spec.describe(), dir.display());
    let _ = std::fs::remove_dir_all(&dir);
    let started = Instant::now();
    let summary = generate(&dir, spec).expect("bench corpus written");
    std::fs::write(&marker, spec.describe()).expect("marker written");
    eprintln!(
        "generated {} documents, {:.1} MB in {:.1} s",
        summary.documents,
        summary.bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    dir
}
