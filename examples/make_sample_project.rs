//! Builds `sample_data/sample.dossier.ron` with Dossier's own API: a codebook and annotated
//! passages over the sample documents.
//!
//!     cargo run --example make_sample_project [-- OUT_FILE]
//!
//! Deterministic (fixed timestamps), so that running it again gives the same bytes.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use dossier::corpus::{Corpus, LoadOptions};
use dossier::project::{Anchor, Annotation, Command, Rgb, Tag, TagId, Workspace, reconcile};

/// (name, parent name, colour index, description)
const TAGS: &[(&str, Option<&str>, usize, &str)] = &[
    (
        "Russia in Syria",
        None,
        0,
        "Russia's military and political role in Syria.",
    ),
    (
        "Military bases",
        Some("Russia in Syria"),
        7,
        "Hmeimim air base, Tartus naval facility and their future.",
    ),
    (
        "Diplomacy",
        None,
        1,
        "Meetings, statements and negotiations between governments.",
    ),
    (
        "Humanitarian access",
        None,
        2,
        "Sieges, aid convoys and access for relief.",
    ),
    (
        "Coalition operations",
        None,
        8,
        "Operations of the Global Coalition against ISIL.",
    ),
    (
        "Airstrikes",
        Some("Coalition operations"),
        4,
        "Reported strikes, targets and munitions.",
    ),
    (
        "Civilian harm",
        None,
        6,
        "Civilian casualties, attacks on civilians and protected sites.",
    ),
    (
        "Reconstruction",
        None,
        5,
        "Economic cooperation and rebuilding.",
    ),
];

/// (document, quote, tags, note)
const ANNOTATIONS: &[(&str, &str, &[&str], &str)] = &[
    (
        "news/000_31e3b2518f2d233b.txt",
        "Russian President Vladimir Putin received Syrian leader Ahmed al-Sharaa at the Kremlin",
        &["Diplomacy", "Russia in Syria"],
        "First meeting at this level since the change of power in Damascus.",
    ),
    (
        "news/000_31e3b2518f2d233b.txt",
        "Since its military intervention in 2015, Russia has been the Assad regime's most prominent ally",
        &["Russia in Syria"],
        "The article's framing of the intervention; check the date of the intervention (September 2015).",
    ),
    (
        "news/000_31e3b2518f2d233b.txt",
        "its military bases in Hmeimim and Tartus",
        &["Military bases"],
        "Compare with the 2017 agreement extending the Tartus lease by 49 years.",
    ),
    (
        "news/000_31e3b2518f2d233b.txt",
        "the readiness of Russian construction companies to actively participate in the reconstruction of Syria",
        &["Reconstruction", "Russia in Syria"],
        "Economic offer as leverage for keeping the bases?",
    ),
    (
        "news/000_31e3b2518f2d233b.txt",
        "such as Turkey and Iran",
        &["Diplomacy"],
        "Regional powers named as the audience of the message.",
    ),
    (
        "syria/foreign-secretary-condemns-further-syrian-barrel-bomb-use.md",
        "Syrian regime aircrew dropping barrel bombs out of helicopters",
        &["Civilian harm"],
        "Video evidence cited; find the report it refers to.",
    ),
    (
        "diplomacy/minister-for-the-middle-east-tobias-ellwood-comments-on-delivery-of-ai.md",
        "pressure the Asad regime to lift sieges in place across Syria and sustain humanitarian access",
        &["Humanitarian access"],
        "UK position: sieges as the main obstacle to aid.",
    ),
    (
        "syria/da-esh-attacks-in-jabla-and-tartus-and-regime-offensive-actions-in-syr.md",
        "its besiegement of towns and obstruction of humanitarian access",
        &["Humanitarian access", "Civilian harm"],
        "Same wording as the UK statements: coordinated messaging?",
    ),
    (
        "iraq/liberation-of-sinjar-from-isil-terrorists.md",
        "minimising civilian casualties",
        &["Civilian harm", "Coalition operations"],
        "Claim of care for civilians; compare with the Mosul hospital strike.",
    ),
    (
        "military-operations/sdf-initiate-next-phase-of-raqqah-isolation.md",
        "the Coalition conducted more than 300 strikes delivering more than 850 munitions",
        &["Airstrikes"],
        "Figures for the first phase of the Raqqah isolation.",
    ),
    (
        "military-operations/death-of-abu-jandal-al-kuwaiti.md",
        "was struck and killed by a coalition airstrike near Tabqa Dam, Syria",
        &["Airstrikes"],
        "Targeted strike on a named ISIL leader.",
    ),
    (
        "military-operations/january-9-military-airstrikes-continue-against-isil-terrorists-in-syri.md",
        "Near Ar Raqqah, 15 strikes engaged five ISIL tactical units",
        &["Airstrikes"],
        "Daily strike report: the largest Raqqah figure of the three January reports.",
    ),
];

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data");
    let out = std::env::args()
        .nth(1)
        .map_or_else(|| root.join("sample.dossier.ron"), PathBuf::from);
    match build(&root, &out) {
        Ok(n) => {
            println!("wrote {} ({n} annotations)", out.display());
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("make_sample_project: {err}");
            ExitCode::FAILURE
        }
    }
}

fn build(root: &Path, out: &Path) -> Result<usize, String> {
    let corpus = Corpus::load(root, &LoadOptions::default()).map_err(|e| e.to_string())?;
    let mut ws = Workspace::for_folder(root);
    ws.project.name = "Sample: Syria and Iraq, 2011-2024".into();
    reconcile(&mut ws.project, &corpus);
    let base: jiff::Timestamp = "2026-11-27T09:00:00Z".parse().map_err(|e| format!("{e}"))?;
    let minutes = |i: usize| base + jiff::SignedDuration::from_mins(i as i64);

    for (name, parent, colour, description) in TAGS {
        let parent = match parent {
            Some(p) => Some(tag_id(&ws, p)?),
            None => None,
        };
        let id = ws.project.new_tag_id();
        let tag = Tag {
            id,
            name: (*name).into(),
            colour: Rgb::PALETTE[*colour],
            description: (*description).into(),
            parent,
        };
        ws.execute(Command::AddTag(tag))
            .map_err(|e| e.to_string())?;
    }
    for (i, (path, quote, tags, note)) in ANNOTATIONS.iter().enumerate() {
        let doc = corpus
            .get(path)
            .ok_or_else(|| format!("no document {path}"))?;
        let byte = doc
            .text
            .as_str()
            .find(quote)
            .ok_or_else(|| format!("{path}: quote not found: {quote}"))?;
        let start = doc.text.char_of_byte(byte).ok_or("not a char boundary")?;
        let anchor = Anchor::from_range(&doc.text, start, start + quote.chars().count())
            .ok_or("empty quote")?;
        let tags = tags
            .iter()
            .map(|t| tag_id(&ws, t))
            .collect::<Result<Vec<_>, _>>()?;
        let at = minutes(i);
        let annotation = Annotation {
            id: ws.project.new_annotation_id(),
            document: (*path).into(),
            anchor,
            note: (*note).into(),
            tags,
            created: at,
            modified: at,
            orphaned: false,
            history: Vec::new(),
            coder: None,
        };
        ws.execute(Command::AddAnnotation(annotation))
            .map_err(|e| e.to_string())?;
    }
    // The seed article is a plain text file with no title line, named by a hash: the
    // project gives it a title of its own (the file stays as it came).
    ws.execute(Command::RenameDocument {
        path: "news/000_31e3b2518f2d233b.txt".into(),
        title: Some("Putin receives Syrian leader al-Sharaa at the Kremlin".into()),
    })
    .map_err(|e| e.to_string())?;
    ws.save_as(out).map_err(|e| e.to_string())?;
    Ok(ws.project.annotations.len())
}

fn tag_id(ws: &Workspace, name: &str) -> Result<TagId, String> {
    ws.project
        .tag_by_name(name)
        .map(|t| t.id)
        .ok_or_else(|| format!("no tag {name}"))
}
