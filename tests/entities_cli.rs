//! The entity commands end to end: `dossier entities --jsonl`, `dossier entities PATH`,
//! `dossier eval`.

use std::io::Write;
use std::process::{Command, Stdio};

fn dossier() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
}

#[test]
fn jsonl_batch_keeps_order_ids_and_code_point_offsets() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in.jsonl");
    let output = dir.path().join("out.jsonl");
    let lines = [
        r#"{"id": "a", "text": "Ţarţūs is in Syria.", "extra": 1}"#,
        r#"{"id": 2, "text": ""}"#,
        r#"{"id": "c", "text": "Officials met in Damascus on 8 December 2024."}"#,
    ];
    std::fs::write(&input, lines.join("\n")).expect("write input");
    let status = dossier()
        .args(["entities", "--jsonl"])
        .arg(&input)
        .arg("-o")
        .arg(&output)
        .status()
        .expect("run dossier");
    assert!(status.success());
    let out = std::fs::read_to_string(&output).expect("output written");
    let rows: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object a line"))
        .collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["id"], "a");
    assert_eq!(rows[1]["id"], 2);
    assert_eq!(rows[2]["id"], "c");
    // "Ţarţūs" is 6 code points (more bytes): offsets count code points.
    let first = &rows[0]["entities"][0];
    assert_eq!(
        (first["start"].as_u64(), first["end"].as_u64()),
        (Some(0), Some(6))
    );
    assert_eq!(first["label"], "LOC");
    assert_eq!(rows[0]["entities"][1]["start"], 13);
    assert_eq!(rows[1]["entities"].as_array().map(Vec::len), Some(0));
    let labels: Vec<&str> = rows[2]["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .filter_map(|e| e["label"].as_str())
        .collect();
    assert_eq!(labels, ["LOC", "DATE"]);
}

#[test]
fn jsonl_reads_stdin_and_writes_stdout() {
    let mut child = dossier()
        .args(["entities", "--jsonl", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run dossier");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"{\"id\": 1, \"text\": \"Moscow\"}\n")
        .expect("write stdin");
    let out = child.wait_with_output().expect("finish");
    assert!(out.status.success());
    let line = String::from_utf8(out.stdout).expect("utf-8");
    let json: serde_json::Value = serde_json::from_str(line.trim()).expect("one JSON line");
    assert_eq!(json["id"], 1);
    let span = &json["entities"][0];
    assert_eq!(
        (&span["start"], &span["end"], &span["label"]),
        (&0.into(), &6.into(), &"LOC".into())
    );
    // A place span carries its entry, as the geoparsing scorers read it.
    assert_eq!(span["place"]["geonameid"], 524901);
    assert_eq!(span["place"]["country"], "RU");
    assert!((span["place"]["lat"].as_f64().unwrap_or(0.0) - 55.75).abs() < 0.01);
}

#[test]
fn jsonl_gives_a_place_named_inside_an_organisation_its_own_span() {
    let mut child = dossier()
        .args(["entities", "--jsonl", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run dossier");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"{\"id\": 1, \"text\": \"The Pakistan Army said so.\"}\n")
        .expect("write stdin");
    let out = child.wait_with_output().expect("finish");
    assert!(out.status.success());
    let line = String::from_utf8(out.stdout).expect("utf-8");
    let json: serde_json::Value = serde_json::from_str(line.trim()).expect("one JSON line");
    let spans = json["entities"].as_array().expect("spans");
    // "Pakistan Army" (chars 4..17) stays the organisation; "Pakistan" (4..12) follows it.
    let org = spans.iter().find(|s| s["start"] == 4 && s["end"] == 17);
    assert_eq!(org.map(|s| &s["label"]), Some(&"ORG".into()), "{line}");
    let inside = spans
        .iter()
        .find(|s| s["start"] == 4 && s["end"] == 12)
        .expect("the place inside");
    assert_eq!(
        (
            &inside["label"],
            &inside["within"],
            &inside["place"]["country"]
        ),
        (&"LOC".into(), &"ORG".into(), &"PK".into())
    );
}

#[test]
fn a_malformed_line_is_reported_with_its_number() {
    let mut child = dossier()
        .args(["entities", "--jsonl", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run dossier");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"{\"id\": 1, \"text\": \"x\"}\n{not json\n")
        .expect("write stdin");
    let out = child.wait_with_output().expect("finish");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 2"), "{err}");
}

#[test]
fn entities_of_a_folder_are_grouped_by_entity() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("a.txt"), "Putin met officials in Moscow.\n").expect("write");
    std::fs::write(dir.path().join("b.txt"), "Moscow and Damascus talked.\n").expect("write");
    let out = dossier()
        .args(["entities", "--json"])
        .arg(dir.path())
        .output()
        .expect("run dossier");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["documents"], 2);
    let moscow = v["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .find(|e| e["key"] == "Moscow")
        .expect("Moscow grouped");
    assert_eq!(moscow["label"], "LOC");
    assert_eq!(moscow["count"], 2);
    assert_eq!(moscow["documents"], 2);
    assert_eq!(moscow["mentions"].as_array().map(Vec::len), Some(2));
}

#[test]
fn eval_scores_a_crafted_gold_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let gold = dir.path().join("gold.jsonl");
    // Gold: Damascus LOC (found), "Acme" ORG (not found), 2015 DATE (found).
    std::fs::write(
        &gold,
        r#"{"id": "1", "text": "In Damascus, acme staff met in 2015.", "entities": [{"start": 3, "end": 11, "label": "LOC"}, {"start": 13, "end": 17, "label": "ORG"}, {"start": 31, "end": 35, "label": "DATE"}]}"#,
    )
    .expect("write gold");
    let out = dossier()
        .args(["eval", "--json"])
        .arg(&gold)
        .output()
        .expect("run dossier");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["documents"], 1);
    assert_eq!(v["strict"]["overall"]["tp"], 2);
    assert_eq!(v["strict"]["overall"]["fp"], 0);
    assert_eq!(v["strict"]["overall"]["fn"], 1);
    assert_eq!(v["strict"]["labels"]["ORG"]["fn"], 1);
    // With --labels LOC only the place counts: P = R = 100.
    let out = dossier()
        .args(["eval", "--json", "--labels", "LOC"])
        .arg(&gold)
        .output()
        .expect("run dossier");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["overlap"]["overall"]["tp"], 1);
    assert_eq!(v["overlap"]["overall"]["fn"], 0);
    assert_eq!(v["overlap"]["overall"]["fp"], 0);
}

#[test]
fn eval_reports_a_missing_file() {
    let out = dossier()
        .args(["eval", "/nonexistent/gold.jsonl"])
        .output()
        .expect("run dossier");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("gold.jsonl"));
}

#[test]
fn network_command_writes_the_sample_for_gephi_and_scripts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/sample_data");
    let gexf = dir.path().join("sample.gexf");
    let json = dir.path().join("sample.json");
    for (format, out) in [("gexf", &gexf), ("json", &json)] {
        let status = dossier()
            .args(["network", sample, "--format", format, "-o"])
            .arg(out)
            .stderr(Stdio::null())
            .status()
            .expect("run dossier");
        assert!(status.success(), "{format}");
    }
    let text = std::fs::read_to_string(&gexf).expect("gexf written");
    let doc = roxmltree::Document::parse(&text).expect("well-formed GEXF");
    let labels: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("node"))
        .filter_map(|n| n.attribute("label"))
        .collect();
    let edges = doc.descendants().filter(|n| n.has_tag_name("edge")).count();
    // One node per entity (a country once), links between entities that share paragraphs.
    assert!(
        labels.contains(&"Syria") && labels.contains(&"ISIL"),
        "{labels:?}"
    );
    assert_eq!(
        labels.iter().filter(|l| **l == "United States").count(),
        1,
        "one country, one node"
    );
    assert!(
        edges > labels.len() / 2,
        "{edges} edges for {} nodes",
        labels.len()
    );

    // The JSON form holds the same graph.
    let graph: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("json")).expect("valid JSON");
    let nodes = graph["nodes"].as_array().expect("nodes");
    assert_eq!(nodes.len(), labels.len());
    assert_eq!(graph["edges"].as_array().expect("edges").len(), edges);
}

fn json_lines(args: &[&str]) -> Vec<serde_json::Value> {
    let out = dossier()
        .args(args)
        .stderr(Stdio::null())
        .output()
        .expect("run dossier");
    assert!(out.status.success(), "{args:?}");
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect()
}

#[test]
fn timeline_command_lists_dated_statements_and_flags_the_seed_against_the_memo() {
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/sample_data");
    let statements = json_lines(&["timeline", sample, "--json"]);
    let seed = statements
        .iter()
        .find(|s| s["path"] == "news/000_31e3b2518f2d233b.txt" && s["date_text"] == "December 2014")
        .expect("the seed's date of the fall of Assad");
    assert_eq!(seed["value"], "2014-12");
    assert_eq!(seed["granularity"], "month");
    assert!(
        seed["sentence"]
            .as_str()
            .is_some_and(|s| s.contains("Damascus"))
    );
    assert!(
        seed["entities"]
            .as_array()
            .is_some_and(|e| e.iter().any(|n| n == "Damascus"))
    );
    for s in &statements {
        for key in [
            "path",
            "start",
            "end",
            "date_text",
            "value",
            "granularity",
            "sentence",
            "entities",
        ] {
            assert!(s.get(key).is_some(), "{key} missing in {s}");
        }
    }

    // One possible conflict: the fall dated December 2014 by the seed, 8 December 2024 by
    // the analyst's memo; the other dates of the sample raise none.
    let conflicts = json_lines(&["timeline", sample, "--conflicts", "--json"]);
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    let c = &conflicts[0];
    assert_eq!(c["event"], "fall");
    let values: Vec<&str> = c["statements"]
        .as_array()
        .expect("statements")
        .iter()
        .filter_map(|s| s["value"].as_str())
        .collect();
    assert_eq!(values, ["2014-12", "2024-12-08"]);
}

#[test]
fn places_command_gives_coordinates_from_geonames() {
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/sample_data");
    let out = json_lines(&["places", sample, "--json"]);
    let places = out[0]["places"].as_array().expect("places");
    let find = |name: &str| {
        places
            .iter()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("{name} among the places"))
    };
    for (name, lat, lon, country) in [
        ("Damascus", 33.51, 36.29, "SY"),
        ("Mosul", 36.34, 43.12, "IQ"),
        ("Tartus", 34.89, 35.89, "SY"),
    ] {
        let p = find(name);
        let (got_lat, got_lon) = (
            p["lat"].as_f64().expect("lat"),
            p["lon"].as_f64().expect("lon"),
        );
        assert!(
            (got_lat - lat).abs() < 0.1 && (got_lon - lon).abs() < 0.1,
            "{p}"
        );
        assert_eq!(p["country"], country);
        assert!(p["geonameid"].as_u64().is_some_and(|id| id > 0));
        assert!(p["mentions"].as_u64().is_some_and(|m| m > 0));
    }
    assert!(out[0]["unresolved"].is_array());
}

#[test]
fn timeline_command_writes_csv_and_timelinejs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/sample_data");
    let csv_path = dir.path().join("timeline.csv");
    let js_path = dir.path().join("timeline.json");
    for (format, out) in [("csv", &csv_path), ("timelinejs", &js_path)] {
        let status = dossier()
            .args(["timeline", sample, "--format", format, "-o"])
            .arg(out)
            .stderr(Stdio::null())
            .status()
            .expect("run dossier");
        assert!(status.success(), "{format}");
    }
    let csv = std::fs::read_to_string(&csv_path).expect("csv written");
    assert!(
        csv.contains("December 2014") && csv.contains("2014-12"),
        "{csv}"
    );
    let js: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&js_path).expect("json")).expect("JSON");
    let events = js["events"].as_array().expect("TimelineJS events");
    assert!(
        events
            .iter()
            .any(|e| e["start_date"]["year"] == 2024 && e["start_date"]["month"] == 12),
        "the memo's 8 December 2024"
    );
}

/// Three documents about Texas and one that says nothing of which Birmingham it means.
const TEXAS_AND_BIRMINGHAM: [(&str, &str); 4] = [
    (
        "a.txt",
        "The storm hit Dallas and Houston, Texas, on Sunday.",
    ),
    ("b.txt", "Floods in Austin, Texas, closed the schools."),
    (
        "c.txt",
        "Officials in San Antonio, Texas, said the roads were open.",
    ),
    ("d.txt", "The council of Birmingham met on Monday."),
];

#[test]
fn a_place_its_document_leaves_undecided_takes_the_country_the_corpus_names() {
    // A folder, as `entities DIR --json` and the window's index read it.
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in TEXAS_AND_BIRMINGHAM {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    let out = dossier()
        .args(["entities", "--json"])
        .arg(dir.path())
        .output()
        .expect("run dossier");
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let birmingham = json["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .find(|e| {
            e["key"]
                .as_str()
                .is_some_and(|k| k.starts_with("Birmingham"))
        })
        .expect("Birmingham");
    assert_eq!(birmingham["key"], "Birmingham, Alabama");
    let reason = birmingham["place"]["reason"].as_str().expect("reason");
    assert!(
        reason.contains("the rest of the corpus names United States often"),
        "{reason}"
    );
    // The lines of a batch are one corpus too.
    let input: String = TEXAS_AND_BIRMINGHAM
        .iter()
        .map(|(id, text)| format!("{{\"id\": \"{id}\", \"text\": \"{text}\"}}\n"))
        .collect();
    let path = dir.path().join("in.jsonl");
    std::fs::write(&path, input).expect("write input");
    let out = dossier()
        .args(["entities", "--jsonl"])
        .arg(&path)
        .output()
        .expect("run dossier");
    assert!(out.status.success());
    let last = String::from_utf8(out.stdout).expect("utf-8");
    let last: serde_json::Value =
        serde_json::from_str(last.lines().last().expect("four lines")).expect("JSON line");
    assert_eq!(last["entities"][0]["place"]["country"], "US");
}

fn entities_json(path: &std::path::Path) -> serde_json::Value {
    let out = dossier()
        .args(["entities", "--json"])
        .arg(path)
        .output()
        .expect("run dossier");
    assert!(
        out.status.success(),
        "{}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn keys(v: &serde_json::Value) -> Vec<String> {
    let mut keys: Vec<String> = v["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .filter_map(|e| e["key"].as_str().map(str::to_owned))
        .collect();
    keys.sort();
    keys
}

/// `entities` takes what `places`, `timeline` and `network` take: a container's parts, one
/// part by its id, a project.
#[test]
fn entities_reads_a_mailbox_a_workbook_sheet_and_a_project() {
    use crate::support::{mail, tables};
    let dir = tempfile::tempdir().expect("temp dir");
    let mbox = format!(
        "{}{}",
        mail::message(
            "From: a@example.org\nSubject: Visit\nMessage-ID: <1@example.org>",
            "The delegation arrived in Damascus on Monday.",
            &[]
        ),
        mail::message(
            "From: b@example.org\nSubject: Return\nMessage-ID: <2@example.org>",
            "They flew on to Baghdad.",
            &[]
        ),
    );
    std::fs::write(dir.path().join("inbox.mbox"), mbox).expect("write");
    let v = entities_json(&dir.path().join("inbox.mbox"));
    assert_eq!(v["documents"], 2);
    let found = keys(&v);
    assert!(
        found.contains(&"Damascus".to_owned()) && found.contains(&"Baghdad".to_owned()),
        "{found:?}"
    );

    let v = entities_json(&dir.path().join("inbox.mbox#2@example.org"));
    assert_eq!(v["documents"], 1);
    assert!(!keys(&v).contains(&"Damascus".to_owned()));

    let book = tables::xlsx(&[
        ("Payments", &[&["Payee", "City"], &["Acme", "Mosul"]]),
        ("Notes", &[&["Note"], &["Met in Erbil"]]),
    ]);
    std::fs::write(dir.path().join("figures.xlsx"), book).expect("write");
    let v = entities_json(&dir.path().join("figures.xlsx#Payments"));
    assert_eq!(v["documents"], 1);
    let found = keys(&v);
    assert!(found.contains(&"Mosul".to_owned()), "{found:?}");
    assert!(!found.contains(&"Erbil".to_owned()), "{found:?}");
    assert_eq!(
        entities_json(&dir.path().join("figures.xlsx"))["documents"],
        2
    );

    let project = dir.path().join("study.dossier.ron");
    let ron = r#"(format: "dossier-project", version: 1, name: "study", corpus: ".", next_id: 1)"#;
    std::fs::write(&project, ron).expect("project written");
    assert_eq!(entities_json(&project)["documents"], 4);

    let out = dossier()
        .args(["entities"])
        .arg(dir.path().join("figures.xlsx#Nowhere"))
        .output()
        .expect("run dossier");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no part"), "{err}");
}

#[test]
fn timeline_command_says_what_a_slashed_date_may_be_and_how_it_was_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("a.txt"),
        "The convoy left Homs on 10/06/2014.\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("b.txt"),
        "Aid arrived on 10/06/2014 and again on 25/12/2014.\n",
    )
    .expect("write");
    let folder = dir.path().to_str().expect("utf-8 path");
    let statements = json_lines(&["timeline", folder, "--json"]);
    let of = |path: &str| {
        statements
            .iter()
            .find(|s| s["path"] == path && s["date_text"] == "10/06/2014")
            .unwrap_or_else(|| panic!("the date of {path}"))
    };
    let a = of("a.txt");
    assert!(a["value"].is_null());
    assert_eq!(
        a["reading"],
        "10 June or 6 October 2014 (day and month order unknown)"
    );
    let b = of("b.txt");
    assert_eq!(b["value"], "2014-06-10");
    assert!(b.get("reading").is_none());
    assert_eq!(b["order"], "read day first: the document writes 25/12/2014");
    // The plain listing prints the reading where there is no value.
    let out = dossier()
        .args(["timeline", folder])
        .stderr(Stdio::null())
        .output()
        .expect("run dossier");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let line = text
        .lines()
        .find(|l| l.contains("a.txt"))
        .expect("a.txt's line");
    assert!(
        line.starts_with("10 June or 6 October 2014 (day and month order unknown)"),
        "{line}"
    );
    // A slashed date read day first says so after the date, as the window does.
    let line = text
        .lines()
        .find(|l| l.contains("b.txt") && l.starts_with("2014-06-10"))
        .expect("b.txt's 10/06/2014");
    assert!(
        line.contains("10/06/2014 (read day first: the document writes 25/12/2014)"),
        "{line}"
    );
    let line = text
        .lines()
        .find(|l| l.contains("b.txt") && l.starts_with("2014-12-25"))
        .expect("b.txt's 25/12/2014");
    assert!(!line.contains("read day first"), "{line}");
}

#[test]
fn timeline_exports_say_how_a_slashed_date_was_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let docs = dir.path().join("docs");
    std::fs::create_dir_all(&docs).expect("folder");
    std::fs::write(
        docs.join("b.txt"),
        "Aid arrived on 10/06/2014 and again on 25/12/2014.\n",
    )
    .expect("write");
    let csv_path = dir.path().join("timeline.csv");
    let js_path = dir.path().join("timeline.json");
    for (format, out) in [("csv", &csv_path), ("timelinejs", &js_path)] {
        let status = dossier()
            .args(["timeline", "--format", format, "-o"])
            .arg(out)
            .arg(&docs)
            .stderr(Stdio::null())
            .status()
            .expect("run dossier");
        assert!(status.success(), "{format}");
    }
    let csv = std::fs::read_to_string(&csv_path).expect("csv written");
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let header = rows.headers().expect("header").clone();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no {name} column"))
    };
    let (text_at, note_at) = (column("date_text"), column("date_reading"));
    let notes: Vec<(String, String)> = rows
        .records()
        .map(|r| {
            let r = r.expect("row");
            (r[text_at].to_owned(), r[note_at].to_owned())
        })
        .collect();
    assert_eq!(
        notes,
        [
            (
                "10/06/2014".to_owned(),
                "read day first: the document writes 25/12/2014".to_owned()
            ),
            ("25/12/2014".to_owned(), String::new()),
        ]
    );
    let js: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&js_path).expect("json")).expect("JSON");
    let june = js["events"]
        .as_array()
        .expect("events")
        .iter()
        .find(|e| e["start_date"]["month"] == 6)
        .expect("the June event");
    let text = june["text"]["text"].as_str().expect("its text");
    assert!(
        text.contains("read day first: the document writes 25/12/2014"),
        "{text}"
    );
}

/// `entities --json PROJECT` applies the project's corrections, as `places` does: a rule
/// for the name alone, and a rename of one Paris (its gazetteer entry named) that leaves
/// the other alone.
#[test]
fn entities_of_a_project_apply_its_corrections() {
    let dir = tempfile::tempdir().expect("temp dir");
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).expect("mkdir");
    std::fs::write(
        docs.join("fr.txt"),
        "Strikes in France\n\nUnions marched in Paris on Tuesday. In Paris, the metro was \
         shut, and Lyon and Marseille also saw protests in France.\n",
    )
    .expect("write");
    std::fs::write(
        docs.join("tx.txt"),
        "Storm in Texas\n\nA tornado hit Paris, Texas, on Monday. Residents of Paris said \
         the courthouse was damaged, and Dallas sent crews.\n",
    )
    .expect("write");
    let folder = keys(&entities_json(&docs));
    assert!(folder.contains(&"Lyon".to_owned()), "{folder:?}");
    assert!(folder.contains(&"Paris".to_owned()), "{folder:?}");
    let texas: Vec<&String> = folder.iter().filter(|k| k.starts_with("Paris,")).collect();
    assert_eq!(texas.len(), 1, "{folder:?}");

    // 2988507: Paris, France on geonames.org.
    let project = dir.path().join("study.dossier.ron");
    let ron = r#"(format: "dossier-project", version: 5, name: "study", corpus: "docs",
        entity_rules: (
            phrases: [(phrase: "Lyon", rule: Never)],
            aliases: [(alias: "Paris", canonical: "Paris (capital)", of: Some(LOC), place: Some(2988507))],
        ))"#;
    std::fs::write(&project, ron).expect("project written");
    let corrected = keys(&entities_json(&project));
    assert!(!corrected.contains(&"Lyon".to_owned()), "{corrected:?}");
    assert!(!corrected.contains(&"Paris".to_owned()), "{corrected:?}");
    assert!(
        corrected.contains(&"Paris (capital)".to_owned()),
        "{corrected:?}"
    );
    assert!(corrected.contains(texas[0]), "{corrected:?}");
    assert!(
        !corrected.iter().any(|k| k.starts_with("Paris (capital),")),
        "{corrected:?}"
    );
}
