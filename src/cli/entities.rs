//! `dossier entities PATH [--json]` and `dossier entities --jsonl IN.jsonl [-o OUT.jsonl]`

use super::output::outln;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::corpus::{Corpus, Document, LoadOptions, load_file};
use crate::entities::{EntityDictionary, EntityKind, Granularity, Mention, PlaceLink, Recognizer};
use crate::session::{OpenTarget, Session};

#[derive(Debug, clap::Args)]
#[command(group = clap::ArgGroup::new("input").required(true).args(["path", "jsonl"]))]
pub struct Args {
    /// A document, a folder of documents, a `*.dossier.ron` project, a file of parts (a
    /// mailbox, an archive, a workbook) or one part by its id ("inbox.mbox#<Message-ID>",
    /// "figures.xlsx#Payments").
    pub path: Option<PathBuf>,
    /// Print one JSON object: {"documents": N, "entities": [...]}; places carry their
    /// entry ("place": {"lat", "lon", "geonameid", "country", "name", "reason",
    /// "alternatives"}), the entity and each of its mentions, dates their value ("date":
    /// {"value", "granularity"}).
    #[arg(long, conflicts_with = "jsonl")]
    pub json: bool,
    /// Batch mode: one {"id", "text"} object a line in, one {"id", "entities"} line out
    /// (each {"start", "end", "label"}, a linked place with its "place"; a place named
    /// inside a longer name, "Pakistan" in "Pakistan Army", follows it as a span of its own
    /// with "within": the longer name's label),
    /// in input order; `-` is standard input. The lines are one corpus: a place a line
    /// leaves undecided may take a country the other lines name often.
    #[arg(long, value_name = "IN.jsonl")]
    pub jsonl: Option<String>,
    /// Where batch mode writes (`-`, the default, is standard output).
    #[arg(short, long, value_name = "OUT.jsonl", requires = "jsonl")]
    pub output: Option<String>,
    /// Use this weights file (from `dossier train-ner`) instead of the shipped model.
    #[arg(long, value_name = "FILE")]
    pub weights: Option<PathBuf>,
    /// Recognise without the trained model (gazetteers, patterns and rules only).
    #[arg(long, conflicts_with = "weights")]
    pub rules_only: bool,
}

pub fn run(args: Args) -> ExitCode {
    let recognizer = match super::recognizer(args.weights.as_deref(), args.rules_only) {
        Ok(r) => r,
        Err(message) => {
            eprintln!("dossier entities: {message}");
            return ExitCode::FAILURE;
        }
    };
    let result = match (&args.jsonl, &args.path) {
        (Some(input), _) => batch(&recognizer, input, args.output.as_deref().unwrap_or("-")),
        (None, Some(path)) => report(&recognizer, path, args.json),
        (None, None) => Err("give a PATH or --jsonl IN.jsonl".to_owned()),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("dossier entities: {message}");
            ExitCode::FAILURE
        }
    }
}

#[derive(Deserialize)]
struct InLine {
    #[serde(default)]
    id: serde_json::Value,
    text: String,
}

#[derive(Serialize)]
struct OutSpan<'a> {
    start: usize,
    end: usize,
    label: &'static str,
    /// A place's GeoNames entry, when it was linked to one.
    #[serde(skip_serializing_if = "Option::is_none")]
    place: Option<Coordinates<'a>>,
    /// For a place named inside a longer mention, that mention's label ("ORG").
    #[serde(skip_serializing_if = "Option::is_none")]
    within: Option<&'static str>,
}

#[derive(Serialize)]
struct OutLine<'a> {
    id: &'a serde_json::Value,
    entities: Vec<OutSpan<'a>>,
}

/// Lines recognised together: enough to keep both cores busy, few enough to stream.
const BATCH_LINES: usize = 256;

fn batch(recognizer: &Recognizer, input: &str, output: &str) -> Result<ExitCode, String> {
    let reader: Box<dyn BufRead> = if input == "-" {
        Box::new(BufReader::new(io::stdin()))
    } else {
        let f = File::open(input).map_err(|e| format!("cannot open {input}: {e}"))?;
        Box::new(BufReader::new(f))
    };
    let writer: Box<dyn Write> = if output == "-" {
        Box::new(io::stdout().lock())
    } else {
        let f = File::create(output).map_err(|e| format!("cannot create {output}: {e}"))?;
        Box::new(f)
    };
    let mut writer = BufWriter::new(writer);
    let mut lines = reader.lines().enumerate();
    // Every line is recognised before any is written: the lines are one corpus, whose
    // places are a prior for the names a line leaves undecided (`geo::corpus_prior`).
    let mut ids: Vec<serde_json::Value> = Vec::new();
    let mut found: Vec<(String, Arc<Vec<Mention>>)> = Vec::new();
    let mut texts: Vec<String> = Vec::new();
    loop {
        let mut chunk: Vec<(usize, InLine)> = Vec::with_capacity(BATCH_LINES);
        for (n, line) in lines.by_ref() {
            let line = line.map_err(|e| format!("{input}: cannot read line {}: {e}", n + 1))?;
            if line.trim().is_empty() {
                continue;
            }
            let parsed: InLine =
                serde_json::from_str(&line).map_err(|e| format!("{input}: line {}: {e}", n + 1))?;
            chunk.push((n, parsed));
            if chunk.len() == BATCH_LINES {
                break;
            }
        }
        if chunk.is_empty() {
            break;
        }
        let results: Vec<Vec<Mention>> = chunk
            .par_iter()
            .map(|(_, l)| recognizer.recognize(&l.text))
            .collect();
        for ((n, line), mentions) in chunk.into_iter().zip(results) {
            ids.push(line.id);
            texts.push(line.text);
            found.push((format!("line {}", n + 1), Arc::new(mentions)));
        }
    }
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    crate::entities::apply_corpus_prior(&mut found, &texts, &EntityDictionary::default());
    for (id, (_, mentions)) in ids.iter().zip(&found) {
        let out = OutLine {
            id,
            entities: mentions.iter().flat_map(spans_of).collect(),
        };
        serde_json::to_writer(&mut writer, &out).map_err(|e| write_failed(e.into()))?;
        writer.write_all(b"\n").map_err(write_failed)?;
    }
    writer.flush().map_err(write_failed)?;
    Ok(ExitCode::SUCCESS)
}

/// A mention's span, then the places named inside it ("Pakistan" in "Pakistan Army"), each
/// a `LOC` span of its own `within` the mention's label, as toponym resolution is scored.
fn spans_of(m: &Mention) -> impl Iterator<Item = OutSpan<'_>> {
    let own = OutSpan {
        start: m.start,
        end: m.end,
        label: m.kind.label(),
        place: m.place().map(Coordinates::of),
        within: None,
    };
    let inside = m.named_places().map(|(start, end, link)| OutSpan {
        start,
        end,
        label: EntityKind::Loc.label(),
        place: Some(Coordinates::of(link)),
        within: Some(m.kind.label()),
    });
    std::iter::once(own).chain(inside)
}

/// A write error as a message; a closed pipe (`| head`) ends the process quietly.
fn write_failed(err: io::Error) -> String {
    if err.kind() == io::ErrorKind::BrokenPipe {
        super::output::failed(err);
    }
    format!("cannot write: {err}")
}

/// Where an entity is mentioned.
#[derive(Serialize)]
struct Occurrence<'a> {
    path: &'a str,
    start: usize,
    end: usize,
    /// A person's title written before the name ("Russian President").
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    /// A place's entry, with the reason it was chosen in this document.
    #[serde(skip_serializing_if = "Option::is_none")]
    place: Option<Coordinates<'a>>,
    #[serde(skip)]
    mention: &'a Mention,
}

/// A place's GeoNames entry, why it was chosen and the other candidates.
#[derive(Serialize)]
struct Coordinates<'a> {
    lat: f64,
    lon: f64,
    geonameid: u32,
    country: &'a str,
    /// "Madaya, Rif-dimashq, Syria".
    name: String,
    /// "the document names Syria and Damascus".
    reason: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    alternatives: Vec<Alternative>,
}

/// Another entry the name may stand for.
#[derive(Serialize)]
struct Alternative {
    geonameid: u32,
    name: String,
}

impl<'a> Coordinates<'a> {
    fn of(link: &'a PlaceLink) -> Self {
        Coordinates {
            lat: link.lat(),
            lon: link.lon(),
            geonameid: link.geonameid,
            country: &link.country,
            name: crate::entities::place_label(link.geonameid).unwrap_or_default(),
            reason: &link.reason,
            alternatives: link
                .alternatives
                .iter()
                .filter_map(|&geonameid| {
                    Some(Alternative {
                        geonameid,
                        name: crate::entities::place_label(geonameid)?,
                    })
                })
                .collect(),
        }
    }
}

/// A date's value.
#[derive(Serialize)]
struct Value<'a> {
    value: &'a str,
    granularity: Granularity,
}

#[derive(Serialize)]
struct Entity<'a> {
    key: &'a str,
    label: &'static str,
    kind: &'static str,
    count: usize,
    documents: usize,
    /// A place's entry (the one most of its mentions are linked to: mentions of one name
    /// linked to two places are two entities).
    #[serde(skip_serializing_if = "Option::is_none")]
    place: Option<Coordinates<'a>>,
    /// A date's value and granularity.
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<Value<'a>>,
    mentions: Vec<Occurrence<'a>>,
}

impl<'a> Entity<'a> {
    fn new(kind: EntityKind, key: &'a str, mentions: Vec<Occurrence<'a>>) -> Self {
        let mut paths: Vec<&str> = mentions.iter().map(|p| p.path).collect();
        paths.dedup();
        let mut links: Vec<&PlaceLink> =
            mentions.iter().filter_map(|o| o.mention.place()).collect();
        links.sort_by_key(|l| l.geonameid);
        // The most frequent link (ties: the smallest id, for stable output).
        let place = links
            .chunk_by(|a, b| a.geonameid == b.geonameid)
            .max_by(|a, b| {
                a.len()
                    .cmp(&b.len())
                    .then(b[0].geonameid.cmp(&a[0].geonameid))
            })
            .and_then(|run| run.first())
            .map(|l| Coordinates::of(l));
        let date = mentions
            .iter()
            .filter_map(|o| o.mention.date())
            .find_map(|d| {
                Some(Value {
                    value: d.value.as_deref()?,
                    granularity: d.granularity,
                })
            });
        Entity {
            key,
            label: kind.label(),
            kind: kind.display_name(),
            count: mentions.len(),
            documents: paths.len(),
            place,
            date,
            mentions,
        }
    }
}

/// The documents `path` names, as `places`, `timeline` and `network` take them: a folder,
/// a project (its corpus), a file with its parts (a mailbox's messages, a workbook's
/// sheets, an archive's members) or one part by its id ("inbox.mbox#<id>"), with the
/// project's entity corrections (none but for a project).
pub(super) fn documents(path: &Path) -> Result<(Vec<Arc<Document>>, EntityDictionary), String> {
    let (file, part) = super::text::file_and_part(path);
    if !file.exists() {
        return Err(format!("{}: no such file or folder", path.display()));
    }
    if part.is_none()
        && let Ok(target @ (OpenTarget::Project(_) | OpenTarget::Backup(_))) = OpenTarget::of(&file)
    {
        let session =
            Session::open(&target, &LoadOptions::cached(), &()).map_err(|e| e.to_string())?;
        for s in &session.corpus.report.skipped {
            eprintln!("  skipped  {}: {}", s.path, s.reason);
        }
        return Ok((
            session.corpus.documents,
            session.workspace.project.entity_rules,
        ));
    }
    // Scans as read in the OCR languages of the project that holds `path`, if any.
    let options = super::ocr_languages::cached_options(&file, &Default::default())?;
    if file.is_dir() {
        let corpus = Corpus::load(&file, &options).map_err(|e| e.to_string())?;
        for s in &corpus.report.skipped {
            eprintln!("  skipped  {}: {}", s.path, s.reason);
        }
        return Ok((corpus.documents, EntityDictionary::default()));
    }
    let name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let loaded =
        load_file(&file, &name, &options).map_err(|e| format!("{}: {e}", path.display()))?;
    let Some(part) = part else {
        for s in &loaded.skipped {
            eprintln!("  skipped  {}: {}", s.path, s.reason);
        }
        let mut docs = loaded.documents;
        docs.sort_by(|a, b| a.path.cmp(&b.path));
        return Ok((docs, EntityDictionary::default()));
    };
    // The part and the parts within it (an archive attached to a message).
    // The id as the header writes it ("#<id@host>") is the part it names.
    let id = format!(
        "{name}{}",
        crate::corpus::formats::mail::part_as_written(&part)
    );
    let within = |p: &str| {
        p.strip_prefix(id.as_str())
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '#']))
    };
    let (mut docs, others): (Vec<Arc<Document>>, Vec<Arc<Document>>) =
        loaded.documents.into_iter().partition(|d| within(&d.path));
    if docs.is_empty() {
        return Err(match loaded.skipped.iter().find(|s| s.path == id) {
            Some(skipped) => format!("{}: skipped: {}", path.display(), skipped.reason),
            None => format!(
                "{}: no part {part:?}; its parts are: {}",
                path.display(),
                super::text::ids(&others)
            ),
        });
    }
    docs.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((docs, EntityDictionary::default()))
}

#[derive(Serialize)]
struct Report<'a> {
    documents: usize,
    entities: Vec<Entity<'a>>,
}

fn report(recognizer: &Recognizer, path: &Path, json: bool) -> Result<ExitCode, String> {
    // A project's corrections apply, as in `places`, `timeline` and `network`.
    let (docs, rules) = documents(path)?;
    let mut found: Vec<(String, Arc<Vec<Mention>>)> = docs
        .par_iter()
        .map(|d| {
            let mentions = recognizer.recognize_document(d, &rules);
            (d.path.clone(), Arc::new(mentions))
        })
        .collect();
    let texts: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
    crate::entities::apply_corpus_prior(&mut found, &texts, &rules);
    // Group by (kind, key, place), in order of first appearance for stable output.
    type Group<'a> = (EntityKind, &'a str, Option<u32>);
    let mut groups: BTreeMap<Group, Vec<Occurrence>> = BTreeMap::new();
    for (doc, (_, mentions)) in docs.iter().zip(&found) {
        for m in mentions.iter().filter(|m| m.is_listed()) {
            let place = m.place().map(|p| p.geonameid);
            groups
                .entry((m.kind, m.key.as_str(), place))
                .or_default()
                .push(Occurrence {
                    path: &doc.path,
                    start: m.start,
                    end: m.end,
                    title: m.title(),
                    place: m.place().map(Coordinates::of),
                    mention: m,
                });
        }
    }
    let mut entities: Vec<Entity> = groups
        .into_iter()
        .map(|((kind, key, _), mentions)| Entity::new(kind, key, mentions))
        .collect();
    entities.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(a.label.cmp(b.label))
            .then(a.key.cmp(b.key))
    });
    if json {
        return Ok(super::print_json(&Report {
            documents: docs.len(),
            entities,
        }));
    }
    for e in &entities {
        let first: Vec<String> = e
            .mentions
            .iter()
            .take(3)
            .map(|p| format!("{}:{}-{}", p.path, p.start, p.end))
            .collect();
        let more = if e.count > 3 { " ..." } else { "" };
        outln!(
            "{:>6}  {:<4}  {}  ({}{more})",
            e.count,
            e.label,
            e.key,
            first.join(", ")
        );
    }
    eprintln!(
        "{} in {}",
        crate::text::counted(entities.len(), "entity", "entities"),
        crate::text::counted(docs.len(), "document", "documents")
    );
    Ok(ExitCode::SUCCESS)
}
