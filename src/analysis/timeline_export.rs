//! The timeline as files: CSV (one row per dated statement, for spreadsheets) and
//! TimelineJS JSON (Knight Lab's format: https://timeline.knightlab.com/docs/json-format.html),
//! so a timeline can be published or checked in another tool. Both carry how each date was
//! read where the window says it (a slashed date's order), so an export is cited as the
//! window shows it.

use std::collections::HashMap;

use serde::Serialize;

use super::conflicts::Conflict;
use super::timeline::Statement;
use crate::corpus::Corpus;
use crate::entities::Granularity;

/// The timeline's file formats (File > Export, `dossier timeline --format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum TimelineFormat {
    /// One row per statement.
    Csv,
    /// Knight Lab's TimelineJS JSON.
    #[value(name = "timelinejs")]
    TimelineJs,
}

impl TimelineFormat {
    /// Every format.
    pub const ALL: [TimelineFormat; 2] = [Self::Csv, Self::TimelineJs];

    /// The menu label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Csv => "Timeline as CSV",
            Self::TimelineJs => "Timeline as TimelineJS JSON",
        }
    }

    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::TimelineJs => "json",
        }
    }
}

/// Why the timeline could not be written as text.
#[derive(Debug, thiserror::Error)]
pub enum TimelineExportError {
    /// The CSV writer failed.
    #[error("cannot write the CSV: {0}")]
    Csv(#[from] csv::Error),
    /// The CSV's buffer could not be taken back.
    #[error("cannot write the CSV: {0}")]
    CsvBuffer(#[from] std::io::Error),
    /// The CSV written is not UTF-8 (never expected: every cell is a Rust string).
    #[error("the CSV is not UTF-8: {0}")]
    NotUtf8(#[from] std::string::FromUtf8Error),
    /// The JSON serialiser failed.
    #[error("cannot write the JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// The statements as text in `format`; `conflicts` mark the statements they hold.
pub fn write(
    format: TimelineFormat,
    statements: &[Statement],
    conflicts: &[Conflict],
    corpus: &Corpus,
) -> Result<String, TimelineExportError> {
    // Each flagged statement with why its group was flagged.
    let flagged: HashMap<usize, String> = conflicts
        .iter()
        .flat_map(|c| {
            let reason = c.reason(statements);
            c.statements.iter().map(move |&i| (i, reason.clone()))
        })
        .collect();
    let title = |path: &str| {
        corpus
            .get(path)
            .map_or_else(|| path.to_owned(), |d| d.title.clone())
    };
    match format {
        TimelineFormat::Csv => csv(statements, &flagged, &title),
        TimelineFormat::TimelineJs => timelinejs(statements, &flagged, &title),
    }
}

fn csv(
    statements: &[Statement],
    flagged: &HashMap<usize, String>,
    title: &dyn Fn(&str) -> String,
) -> Result<String, TimelineExportError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "document",
        "title",
        "start",
        "end",
        "date_text",
        "value",
        "granularity",
        "event",
        // After "event": the header's first columns are what marks the file as Dossier's
        // own (`corpus::own_export`), and files written before this column still match.
        "date_reading",
        "possible_conflict",
        "conflict_reason",
        "entities",
        "sentence",
    ])?;
    for (i, s) in statements.iter().enumerate() {
        let entities: Vec<&str> = s.entities.iter().map(|e| e.key.as_str()).collect();
        let row = [
            s.path.clone(),
            title(&s.path),
            s.start.to_string(),
            s.end.to_string(),
            s.date_text.clone(),
            s.value.clone().unwrap_or_default(),
            s.granularity
                .map(|g| g.name())
                .unwrap_or_default()
                .to_owned(),
            s.event.unwrap_or_default().to_owned(),
            s.reading_note().unwrap_or_default(),
            flagged.contains_key(&i).to_string(),
            flagged.get(&i).cloned().unwrap_or_default(),
            entities.join("; "),
            s.sentence.clone(),
        ];
        // Text that a spreadsheet would run as a formula is neutralised, as the
        // annotation CSV does.
        out.write_record(
            row.iter()
                .map(|cell| crate::interchange::inert(cell).into_owned()),
        )?;
    }
    let bytes = out.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8(bytes)?)
}

#[derive(Serialize)]
struct JsDate {
    year: i16,
    #[serde(skip_serializing_if = "Option::is_none")]
    month: Option<i8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    day: Option<i8>,
    display_date: String,
}

#[derive(Serialize)]
struct JsText {
    headline: String,
    text: String,
}

#[derive(Serialize)]
struct JsEvent {
    start_date: JsDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<JsDate>,
    text: JsText,
    group: String,
    unique_id: String,
}

#[derive(Serialize)]
struct JsTimeline {
    title: JsTitle,
    events: Vec<JsEvent>,
}

#[derive(Serialize)]
struct JsTitle {
    text: JsText,
}

fn timelinejs(
    statements: &[Statement],
    flagged: &HashMap<usize, String>,
    title: &dyn Fn(&str) -> String,
) -> Result<String, TimelineExportError> {
    let escape = |s: &str| html_escape::encode_text(s).into_owned();
    let events = statements
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let interval = s.interval?;
            let granularity = s.granularity.unwrap_or(Granularity::Day);
            let date = |d: jiff::civil::Date, shown: String| JsDate {
                year: d.year(),
                month: granularity.names_month().then_some(d.month()),
                day: granularity.names_day().then_some(d.day()),
                display_date: shown,
            };
            let last = interval.end.yesterday().unwrap_or(interval.end);
            let multi_day = interval.days() > 1;
            let mut text = escape(&s.sentence);
            // How the date was read (a slashed date's order), as the window says it.
            if let Some(note) = s.reading_note() {
                text.push_str(&format!(" <em>(date {})</em>", escape(&note)));
            }
            if let Some(reason) = flagged.get(&i) {
                text.push_str(&format!(
                    " <em>(possible conflict: {})</em>",
                    escape(reason)
                ));
            }
            Some(JsEvent {
                start_date: date(interval.start, s.date_text.clone()),
                end_date: multi_day.then(|| date(last, s.date_text.clone())),
                text: JsText {
                    headline: escape(&s.date_text),
                    text,
                },
                group: title(&s.path),
                unique_id: format!("s{i}"),
            })
        })
        .collect();
    let timeline = JsTimeline {
        title: JsTitle {
            text: JsText {
                headline: "Dated statements".to_owned(),
                text: "Exported from Dossier: every sentence of the corpus that dates something."
                    .to_owned(),
            },
        },
        events,
    };
    Ok(serde_json::to_string_pretty(&timeline)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::conflicts::find;
    use crate::analysis::conflicts::tests::statement;

    #[test]
    fn a_flagged_statement_says_why_in_the_csv_and_the_timelinejs_text() {
        let all = vec![
            statement("seed.txt", "2014-12", Some("fall"), &["Damascus"]),
            statement("memo.md", "2024-12-08", Some("fall"), &["Damascus"]),
            statement("other.md", "2016", Some("visited"), &["Aleppo"]),
        ];
        let conflicts = find(&all);
        let flagged: HashMap<usize, String> = conflicts
            .iter()
            .flat_map(|c| c.statements.iter().map(|&i| (i, c.reason(&all))))
            .collect();
        let title = |p: &str| p.to_owned();
        let text = csv(&all, &flagged, &title).expect("csv");
        // Saved inside the corpus, it is not read back as a table of sentences.
        assert!(crate::corpus::own_export::is_own_export(
            crate::corpus::Format::Csv,
            text.as_bytes()
        ));
        let mut rows = ::csv::Reader::from_reader(text.as_bytes());
        let header = rows.headers().expect("header").clone();
        let reason_at = header
            .iter()
            .position(|h| h == "conflict_reason")
            .expect("a reason column");
        let reasons: Vec<String> = rows
            .records()
            .map(|r| r.expect("row")[reason_at].to_owned())
            .collect();
        let why = "fall of Damascus: dated 2014-12 (seed.txt) and 2024-12-08 (memo.md), which \
                   share no day";
        assert_eq!(reasons, [why, why, ""]);
        let js = timelinejs(&all, &flagged, &title).expect("json");
        assert!(js.contains("possible conflict: fall of Damascus"), "{js}");
    }

    #[test]
    fn a_slashed_date_says_how_it_was_read_in_the_csv_and_the_timelinejs_text() {
        let mut slashed = statement("cable.txt", "2014-06-10", None, &["Homs"]);
        slashed.date_text = "10/06/2014".to_owned();
        slashed.order = Some("read day first: the document writes 25/12/2014".to_owned());
        let plain = statement("memo.md", "2024-12-08", None, &["Damascus"]);
        let all = vec![slashed, plain];
        let title = |p: &str| p.to_owned();
        let text = csv(&all, &HashMap::new(), &title).expect("csv");
        // Still marked as Dossier's own with the new column.
        assert!(crate::corpus::own_export::is_own_export(
            crate::corpus::Format::Csv,
            text.as_bytes()
        ));
        let mut rows = ::csv::Reader::from_reader(text.as_bytes());
        let header = rows.headers().expect("header").clone();
        let at = header
            .iter()
            .position(|h| h == "date_reading")
            .expect("a date_reading column");
        let notes: Vec<String> = rows
            .records()
            .map(|r| r.expect("row")[at].to_owned())
            .collect();
        assert_eq!(
            notes,
            ["read day first: the document writes 25/12/2014", ""]
        );
        let js: serde_json::Value =
            serde_json::from_str(&timelinejs(&all, &HashMap::new(), &title).expect("json"))
                .expect("JSON");
        let texts: Vec<&str> = js["events"]
            .as_array()
            .expect("events")
            .iter()
            .map(|e| e["text"]["text"].as_str().unwrap_or_default())
            .collect();
        assert!(
            texts[0].ends_with("<em>(date read day first: the document writes 25/12/2014)</em>"),
            "{texts:?}"
        );
        assert!(!texts[1].contains("<em>"), "{texts:?}");
    }
}
