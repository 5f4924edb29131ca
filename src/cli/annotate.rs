//! `dossier annotate PROJECT DOC (--find TEXT [--nth N] | --region PAGE:X,Y,W,H) --tag TAG
//! [--note TEXT] [--coder NAME]`
//!
//! Adds one annotation to a project from a script: the passage is found by its exact text
//! in the document (as Dossier reads it), coded with the tag (created when the codebook has
//! no tag of that name), and the project is saved atomically (the previous file kept as
//! `.bak`). A text not found, or found more than once without `--nth`, is an error: exit 2,
//! and the file is not touched.
//!
//! `--region` codes a region of a page instead (a photograph, a stamp): the page from 1,
//! the box's top-left corner, width and height in the page view's units (PDF points from
//! the page's top-left corner, image pixels). The document must have pages (a PDF, a
//! scan read by OCR); the words inside the box are its quote, none for a photograph.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::corpus::LoadOptions;
use crate::project::{Anchor, Annotation, Command, PageRegion};
use crate::session::{OpenTarget, Session};
use crate::text::{counted, find_literal, shorten};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project file (`*.dossier.ron`).
    pub project: PathBuf,
    /// The document, by its path relative to the corpus folder.
    pub document: String,
    /// The exact text of the passage (case and accents as in the document).
    #[arg(long, required_unless_present = "region", conflicts_with = "region")]
    pub find: Option<String>,
    /// A region of a page instead of a passage: `PAGE:X,Y,W,H`, the page from 1, the box
    /// in PDF points (image pixels) from the page's top-left corner.
    #[arg(long, value_parser = parse_region, conflicts_with = "nth")]
    pub region: Option<PageRegion>,
    /// Which occurrence to code when the text occurs more than once (from 1).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    pub nth: Option<u32>,
    /// The tag (its name; created when the codebook has none of that name).
    #[arg(long)]
    pub tag: String,
    /// A note on the passage.
    #[arg(long, default_value = "")]
    pub note: String,
    /// Who coded it (recorded on the annotation).
    #[arg(long)]
    pub coder: Option<String>,
}

const ERROR: u8 = 2;

pub fn run(args: Args) -> ExitCode {
    match annotate(args) {
        Ok(message) => {
            eprintln!("{message}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("dossier annotate: {err}");
            ExitCode::from(ERROR)
        }
    }
}

fn annotate(args: Args) -> Result<String, String> {
    if args.tag.trim().is_empty() {
        return Err("--tag needs a name".into());
    }
    let target = OpenTarget::Project(args.project.clone());
    let mut session =
        Session::open(&target, &LoadOptions::cached(), &()).map_err(|e| e.to_string())?;
    session.coder = args
        .coder
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned);
    // A copy's path names the one document its text is (see `corpus::copies`).
    let corpus = &session.corpus;
    let index = corpus
        .index_of(&args.document)
        .or_else(|| corpus.index_of(corpus.copies.canonical_of(&args.document)?))
        .ok_or_else(|| {
            format!(
                "the corpus has no document {:?} (give its path relative to the corpus folder)",
                args.document
            )
        })?;
    let now = jiff::Timestamp::now();
    let existing = session
        .workspace
        .project
        .tag_by_name(&args.tag)
        .map(|t| t.id);
    let (tag, add_tag) = match existing {
        Some(id) => (id, None),
        None => {
            let (id, command) = session.new_tag_command(&args.tag, None);
            (id, Some(command))
        }
    };
    let (annotation, what) = match (args.region, args.find.as_deref()) {
        (Some(region), _) => (
            region_annotation(&mut session, index, region, &args, tag, now)?,
            format!("the region {}", region.describe()),
        ),
        (None, Some(find)) => {
            let range = passage(&session, index, find, &args)?;
            let annotation = session
                .annotate_command(index, range, args.note.clone(), vec![tag], now)
                .ok_or_else(|| format!("{find:?} holds nothing to code but spaces"))?;
            (annotation, format!("“{}”", shorten(find, 60)))
        }
        (None, None) => return Err("say what to code: --find TEXT or --region".into()),
    };
    let command = match add_tag {
        Some(add) => Command::Batch {
            label: "Add annotation".into(),
            commands: vec![add, annotation],
        },
        None => annotation,
    };
    session
        .workspace
        .execute(command)
        .map_err(|e| e.to_string())?;
    session.workspace.save().map_err(|e| e.to_string())?;
    if session.reconcile.changed_annotations {
        // As the window does on opening: said, not hidden (the .bak keeps the file before).
        eprintln!(
            "dossier annotate: documents changed since the project was saved; its annotations \
             were re-anchored and saved with the new one ({})",
            session.reconcile.summary()
        );
    }
    let created = if existing.is_none() { " (new tag)" } else { "" };
    let canonical = &session.corpus.documents[index].path;
    let copy = if *canonical == args.document {
        String::new()
    } else {
        format!(" (an exact copy of {canonical}, where the annotation is kept)")
    };
    Ok(format!(
        "annotated {what} in {}{copy} with {}{created}",
        args.document,
        args.tag.trim()
    ))
}

/// The chars of the passage `find` in document `index` (the `--nth` one when it occurs
/// more than once).
fn passage(
    session: &Session,
    index: usize,
    find: &str,
    args: &Args,
) -> Result<std::ops::Range<usize>, String> {
    let found = find_literal(&session.corpus.documents[index].text, find, true);
    let range = match (found.len(), args.nth) {
        (0, _) => return Err(format!("{find:?} is not in {}", args.document)),
        (1, None) => found[0].clone(),
        (n, None) => {
            return Err(format!(
                "{:?} is in {} {}: say which with --nth 1..{n}",
                args.find,
                args.document,
                counted(n, "time", "times")
            ));
        }
        (n, Some(nth)) => found.get(nth as usize - 1).cloned().ok_or_else(|| {
            format!(
                "--nth {nth}: {find:?} is in {} only {n} times",
                args.document
            )
        })?,
    };
    Ok(range)
}

/// The annotation of `region` on document `index`, which must have pages.
fn region_annotation(
    session: &mut Session,
    index: usize,
    region: PageRegion,
    args: &Args,
    tag: crate::project::TagId,
    now: jiff::Timestamp,
) -> Result<Command, String> {
    let document = session.corpus.documents[index].clone();
    let layout = document.layout.as_deref().ok_or_else(|| {
        format!(
            "{} has no pages to code a region on (a PDF or a scan read by OCR has)",
            args.document
        )
    })?;
    if let Some(size) = layout.pages.get(region.page as usize) {
        // Half a point of slack: a box drawn to the page's edge, rounded.
        let fits = region.x >= 0.0
            && region.y >= 0.0
            && region.x + region.w <= size.width + 0.5
            && region.y + region.h <= size.height + 0.5;
        if !fits {
            return Err(format!(
                "the box ({}) is not inside the page of {}, which is {} x {} (width x \
                 height, from its top-left corner): X + W must be at most {} and Y + H at most {}",
                region.describe(),
                args.document,
                size.width,
                size.height,
                size.width,
                size.height
            ));
        }
    }
    let anchor = Anchor::for_region(&document.text, layout, region).ok_or_else(|| {
        format!(
            "{} has no page {} (it has {})",
            args.document,
            region.page_number(),
            counted(layout.pages.len(), "page", "pages")
        )
    })?;
    Ok(Command::AddAnnotation(Annotation {
        id: session.workspace.project.new_annotation_id(),
        document: document.path.clone(),
        anchor,
        note: args.note.clone(),
        tags: vec![tag],
        created: now,
        modified: now,
        orphaned: false,
        history: Vec::new(),
        coder: session.coder.clone(),
    }))
}

/// `PAGE:X,Y,W,H`: the page from 1, then the box, with a width and height above 0.
fn parse_region(text: &str) -> Result<PageRegion, String> {
    let usage = "expected PAGE:X,Y,W,H (the page from 1, the box in points from the page's top-left corner)";
    let (page, numbers) = text.split_once(':').ok_or(usage)?;
    let page: u32 = page.trim().parse().map_err(|_| usage)?;
    let numbers: Vec<f32> = numbers
        .split(',')
        .map(|n| n.trim().parse::<f32>())
        .collect::<Result<_, _>>()
        .map_err(|_| usage)?;
    let [x, y, w, h] = numbers[..] else {
        return Err(usage.into());
    };
    let rect = crate::corpus::layout::PageRect { x, y, w, h };
    page.checked_sub(1)
        .and_then(|page| PageRegion::new(page, rect))
        .ok_or_else(|| {
            format!("{usage}; the page counts from 1 and the box needs a width and height")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_region_is_read_as_page_from_one_and_box() {
        let region = parse_region("3:10,20.5,100,50").expect("a region");
        assert_eq!(
            (region.page, region.x, region.y, region.w, region.h),
            (2, 10.0, 20.5, 100.0, 50.0)
        );
        for bad in [
            "0:1,1,1,1",
            "1:1,1,0,1",
            "1:1,1,1",
            "x:1,1,1,1",
            "1,1,1,1",
            "1:a,1,1,1",
        ] {
            assert!(parse_region(bad).is_err(), "{bad}");
        }
    }
}
