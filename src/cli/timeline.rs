//! `dossier timeline PATH [--json] [--conflicts]`: the dated statements of a folder or a
//! project (one JSON object per line with `--json`), or the groups of statements that
//! date one event differently (`--conflicts`), each with why it was flagged.

use std::process::ExitCode;

use serde::Serialize;

use super::output::outln;
use crate::analysis::dated::Timeline;
use crate::analysis::timeline_export::{TimelineFormat, write};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A folder of documents or a `*.dossier.ron` project (its entity corrections apply,
    /// and the conflicts it dismissed are left out).
    pub path: std::path::PathBuf,
    /// One JSON object per line.
    #[arg(long)]
    pub json: bool,
    /// The possible conflicts instead of the statements.
    #[arg(long)]
    pub conflicts: bool,
    /// Write the timeline as a file instead (`csv`, or `timelinejs` for Knight Lab's
    /// TimelineJS), to `-o OUT`.
    #[arg(long, value_enum, requires = "out")]
    pub format: Option<TimelineFormat>,
    /// The file `--format` writes.
    #[arg(short = 'o', long = "out")]
    pub out: Option<std::path::PathBuf>,
}

#[derive(Serialize)]
struct StatementLine<'a> {
    path: &'a str,
    start: usize,
    end: usize,
    date_text: &'a str,
    value: Option<&'a str>,
    granularity: Option<&'a str>,
    /// What a date without a value reads as, when not its text ("10 June or 6 October 2014
    /// (day and month order unknown)").
    #[serde(skip_serializing_if = "Option::is_none")]
    reading: Option<&'a str>,
    /// How a slashed date was ordered ("read day first: the document writes 25/12/2014").
    #[serde(skip_serializing_if = "Option::is_none")]
    order: Option<&'a str>,
    /// How a relative or yearless date was read from another date of the text ("two days
    /// after 5 December 2024, named in the sentence before").
    #[serde(skip_serializing_if = "Option::is_none")]
    anchored: Option<&'a str>,
    sentence: &'a str,
    entities: Vec<&'a str>,
    /// The one-time event the date is the date of, and whom it happened to.
    #[serde(skip_serializing_if = "Option::is_none")]
    event: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    subject: Option<&'a str>,
    /// Every entity the event happened to, when the sentence names several ("Mosul and
    /// Raqqa fell"); `subject` is the first.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    subjects: Vec<&'a str>,
}

#[derive(Serialize)]
struct ConflictStatement<'a> {
    path: &'a str,
    start: usize,
    end: usize,
    value: Option<&'a str>,
    sentence: &'a str,
}

#[derive(Serialize)]
struct ConflictLine<'a> {
    /// The key a dismissal is kept under.
    key: &'a str,
    /// The entity the event happened to (kept as a list, its shape before events had a
    /// subject).
    entities: Vec<&'a str>,
    event: &'a str,
    /// The entity the event happened to, and its kind.
    subject: &'a str,
    subject_kind: &'a str,
    /// Why the group is flagged: the event, its subject and two dates that cannot both hold.
    reason: String,
    /// Those two dates.
    dates: [Option<&'a str>; 2],
    statements: Vec<ConflictStatement<'a>>,
}

pub fn run(args: Args) -> ExitCode {
    let found = match super::corpus_entities::recognise(&args.path) {
        Ok(found) => found,
        Err(message) => {
            eprintln!("dossier timeline: {message}");
            return ExitCode::FAILURE;
        }
    };
    let timeline = Timeline::build(&found.index, &found.corpus);
    // The possible conflicts the project has not dismissed.
    let conflicts: Vec<_> = timeline
        .open_conflicts(&found.dismissed_conflicts)
        .collect();
    let all = &timeline.statements;
    if let (Some(format), Some(out)) = (args.format, &args.out) {
        let conflicts: Vec<_> = conflicts.into_iter().cloned().collect();
        let written = write(format, all, &conflicts, &found.corpus)
            .map_err(|e| e.to_string())
            .and_then(|text| {
                crate::fs::write_atomically(out, text.as_bytes(), false)
                    .map_err(|e| format!("cannot write {}: {e}", out.display()))
            });
        return match written {
            Ok(()) => {
                eprintln!(
                    "{} dated statements written to {}",
                    all.len(),
                    out.display()
                );
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("dossier timeline: {message}");
                ExitCode::FAILURE
            }
        };
    }
    if args.conflicts {
        for c in &conflicts {
            let value = |i: usize| all.get(i).and_then(|s| s.value.as_deref());
            let line = ConflictLine {
                key: &c.key,
                entities: vec![c.subject.key.as_str()],
                event: c.event,
                subject: &c.subject.key,
                subject_kind: c.subject.kind.label(),
                reason: c.reason(all),
                dates: [value(c.pair.0), value(c.pair.1)],
                statements: c
                    .statements
                    .iter()
                    .map(|&i| {
                        let s = &all[i];
                        ConflictStatement {
                            path: &s.path,
                            start: s.start,
                            end: s.end,
                            value: s.value.as_deref(),
                            sentence: &s.sentence,
                        }
                    })
                    .collect(),
            };
            if args.json {
                print_line(&line);
            } else {
                outln!("possible conflict: {}", line.reason);
                for s in &line.statements {
                    outln!(
                        "  {:<12} {}  “{}”",
                        s.value.unwrap_or("?"),
                        s.path,
                        crate::text::shorten(s.sentence, 100)
                    );
                }
            }
        }
        eprintln!(
            "{} possible conflicts (a heuristic: statements that seem to date one event \
             differently; check the sources)",
            conflicts.len()
        );
        return ExitCode::SUCCESS;
    }
    for s in all {
        if args.json {
            print_line(&StatementLine {
                path: &s.path,
                start: s.start,
                end: s.end,
                date_text: &s.date_text,
                value: s.value.as_deref(),
                granularity: s.granularity.map(|g| g.name()),
                reading: s.reading.as_deref(),
                order: s.order.as_deref(),
                anchored: s.anchored.as_deref(),
                sentence: &s.sentence,
                entities: s.entities.iter().map(|e| e.key.as_str()).collect(),
                event: s.happenings.first().map(|h| h.kind),
                subject: s.happenings.first().map(|h| h.subject.key.as_str()),
                subjects: match s.happenings.as_slice() {
                    [_, _, ..] => s
                        .happenings
                        .iter()
                        .map(|h| h.subject.key.as_str())
                        .collect(),
                    _ => Vec::new(),
                },
            });
        } else {
            // How a slashed date was ordered, after the date it orders (a date without a
            // value already leads with what it may be).
            let order = s
                .order
                .as_deref()
                .map(|o| format!(" ({o})"))
                .unwrap_or_default();
            outln!(
                "{:<12} {}  {}{}  “{}”",
                s.value.as_deref().or(s.reading.as_deref()).unwrap_or("-"),
                s.path,
                // A date written over a line break ("15 August\n2021") on one line.
                crate::text::shorten(&s.date_text, 60),
                order,
                crate::text::shorten(&s.sentence, 100)
            );
        }
    }
    eprintln!("{} dated statements", all.len());
    ExitCode::SUCCESS
}

fn print_line<T: Serialize>(value: &T) {
    match serde_json::to_string(value) {
        Ok(line) => outln!("{line}"),
        Err(err) => eprintln!("dossier timeline: cannot write JSON: {err}"),
    }
}
