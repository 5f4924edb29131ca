//! A small project over a temporary corpus, shared by the tests of every export format and
//! of the import: tags in a hierarchy, tagged, untagged, multi-tagged and orphaned
//! annotations, non-ASCII text (so that char and byte offsets differ), and text made to
//! break naive escaping in every format.

use std::path::Path;

use crate::corpus::{Corpus, LoadOptions};
use crate::project::{Anchor, Annotation, AnnotationId, Command, Project, Rgb, Tag, TagId};

pub const BASES: &str = "syria/bases.txt";
pub const BASES_TEXT: &str = "Ţarţūs harbour\n\
    Russia has kept its military bases in Hmeimim and Tartus since 2015, and Moscow wants to \
    keep them.\n\
    Talks in Damascus continue; “progress”, said an aide.\n";
pub const TRICKY: &str = "tricky <one>.md";
pub const TRICKY_TEXT: &str = "# Escapes & co\n\nThe page said <script>alert(\"x\")</script> & \
    then, \"quoted\", 'single', a,b;c and | pipes *stars* [link](http://x).\n\n\
    = 1+1 starts a formula.\n";
/// The front matter of `tricky <one>.md`: a link, and a byline that repeats itself.
pub const TRICKY_FRONT_MATTER: &str = "---\nsource: \"BBC News\"\nauthor: \"BBC News\"\n\
    date: \"2024-12-08T00:00:00Z\"\nurl: \"https://www.bbc.co.uk/news/articles/c4g0000(1)\"\n---\n";
pub const UNANNOTATED: &str = "empty-handed.txt";

/// A fixed time, so that exports are deterministic.
pub fn at(seconds: i64) -> jiff::Timestamp {
    jiff::Timestamp::from_second(1_765_000_000 + seconds).expect("valid time")
}

/// The corpus files, written below `root`.
pub fn write_corpus(root: &Path) {
    std::fs::create_dir_all(root.join("syria")).expect("mkdir");
    std::fs::write(root.join(BASES), BASES_TEXT).expect("write");
    std::fs::write(
        root.join(TRICKY),
        format!("{TRICKY_FRONT_MATTER}{TRICKY_TEXT}"),
    )
    .expect("write");
    std::fs::write(
        root.join(UNANNOTATED),
        "Nothing here was coded.\nSecond line.\n",
    )
    .expect("write");
}

pub struct Fixture {
    /// Holds the corpus files for as long as the fixture lives.
    _dir: tempfile::TempDir,
    pub project: Project,
    pub corpus: Corpus,
}

pub fn tag(project: &mut Project, name: &str, parent: Option<TagId>, colour: Rgb) -> TagId {
    let id = project.new_tag_id();
    let description = format!("About {name}.");
    Command::AddTag(Tag {
        id,
        name: name.to_owned(),
        colour,
        description,
        parent,
    })
    .apply(project)
    .expect("add tag");
    id
}

/// Adds an annotation on the first occurrence of `quote` in `document`.
pub fn annotate(
    project: &mut Project,
    corpus: &Corpus,
    document: &str,
    quote: &str,
    tags: &[TagId],
    note: &str,
) -> AnnotationId {
    let doc = corpus.get(document).expect("document in corpus");
    let byte = doc.text.as_str().find(quote).expect("quote in document");
    let start = doc.text.char_of_byte(byte).expect("char boundary");
    let anchor =
        Anchor::from_range(&doc.text, start, start + quote.chars().count()).expect("anchor");
    // Creation times one minute apart in the order things were made (tags included), as
    // numbered ids once gave them.
    let n = (project.tags.len() + project.annotations.len() + 1) as i64;
    let id = project.new_annotation_id();
    Command::AddAnnotation(Annotation {
        id,
        document: document.to_owned(),
        anchor,
        note: note.to_owned(),
        tags: tags.to_vec(),
        created: at(n * 60),
        modified: at(n * 60 + 30),
        orphaned: false,
        history: Vec::new(),
        coder: None,
    })
    .apply(project)
    .expect("add annotation");
    id
}

/// The project:
/// * tags `Actors`, `Russia` > `Bases` > `Air`, `Russia` > `Diplomacy`, and
///   `Odd <b>"tag"</b> & co`;
/// * on `syria/bases.txt`: "military bases in Hmeimim and Tartus" (Bases, with a two-line
///   note), "Ţarţūs" (Russia and Actors), "Talks in Damascus" (untagged, with a note);
/// * on `tricky <one>.md`: the `<script>` passage (the odd tag), and "= 1+1" (untagged);
/// * an orphan in a document that is gone (Diplomacy, with a note);
/// * the first annotation coded by "Ana", the second by `Bob "B." <Lee>`, the others by
///   nobody recorded.
pub fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    write_corpus(dir.path());
    let corpus = Corpus::load(dir.path(), &LoadOptions::default()).expect("corpus");
    let mut p = Project::new("Syria bases");
    p.corpus_root = Some(dir.path().to_owned());
    let russia = tag(&mut p, "Russia", None, Rgb(0xe6, 0x4a, 0x19));
    let bases = tag(&mut p, "Bases", Some(russia), Rgb(0x1e, 0x88, 0xe5));
    let _air = tag(&mut p, "Air", Some(bases), Rgb(0x43, 0xa0, 0x47));
    let diplomacy = tag(&mut p, "Diplomacy", Some(russia), Rgb(0x8e, 0x24, 0xaa));
    let actors = tag(&mut p, "Actors", None, Rgb(0xf9, 0xa8, 0x25));
    let odd = tag(
        &mut p,
        "Odd <b>\"tag\"</b> & co",
        None,
        Rgb(0x00, 0x89, 0x7b),
    );

    annotate(
        &mut p,
        &corpus,
        BASES,
        "military bases in Hmeimim and Tartus",
        &[bases],
        "Key claim; \"since 2015\" per the source.\nCheck against the 2017 treaty.",
    );
    annotate(&mut p, &corpus, BASES, "Ţarţūs", &[russia, actors], "");
    annotate(
        &mut p,
        &corpus,
        BASES,
        "Talks in Damascus",
        &[],
        "Follow up, <b>not</b> bold.",
    );
    annotate(
        &mut p,
        &corpus,
        TRICKY,
        "<script>alert(\"x\")</script> & then",
        &[odd],
        "a,b;c \"and\" 'quotes'",
    );
    annotate(&mut p, &corpus, TRICKY, "= 1+1 starts", &[], "");

    // Two coders, and annotations made before coders were recorded.
    let coded: Vec<_> = p.annotations.keys().copied().take(2).collect();
    for (id, coder) in coded.into_iter().zip(["Ana", "Bob \"B.\" <Lee>"]) {
        if let Some(a) = p.annotations.get_mut(&id) {
            a.coder = Some(coder.to_owned());
        }
    }

    let orphan = p.new_annotation_id();
    Command::AddAnnotation(Annotation {
        id: orphan,
        document: "gone.txt".to_owned(),
        anchor: Anchor {
            start: 10,
            end: 22,
            quote: "lost passage".to_owned(),
            prefix: String::new(),
            suffix: String::new(),
            current_quote: None,
            region: None,
        },
        note: "Kept although the file is gone.".to_owned(),
        tags: vec![diplomacy],
        created: at(1000),
        modified: at(1000),
        orphaned: true,
        history: Vec::new(),
        coder: None,
    })
    .apply(&mut p)
    .expect("orphan");
    Fixture {
        _dir: dir,
        project: p,
        corpus,
    }
}

/// The PDF of the region fixture: a text PDF whose words have boxes.
pub const REPORT_PDF: &str = "scans/report.pdf";
/// The image of the region fixture: a photograph without text, 300×200 pixels.
pub const PHOTO: &str = "scans/photo.png";

/// [`fixture`] with a region on each page kind: on `scans/report.pdf` a box around the
/// first three words of its page 1 (tag Bases, note "Letterhead"), on `scans/photo.png`
/// a box without words (tag Actors, note "The delegation"), coded by "Ana".
pub fn with_regions() -> Fixture {
    use std::sync::Arc;

    use crate::corpus::layout::{PageLayout, PageRect, PageSize};
    use crate::corpus::{Document, Format};
    use crate::project::PageRegion;

    let mut f = fixture();
    let root = f._dir.path().to_owned();
    std::fs::create_dir_all(root.join("scans")).expect("mkdir");
    let pdf = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/seeds/pdf/report.pdf");
    std::fs::copy(pdf, root.join(REPORT_PDF)).expect("copy the PDF");
    let photo = image::RgbImage::from_fn(300, 200, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 0x80])
    });
    photo.save(root.join(PHOTO)).expect("write the photo");
    let corpus = Corpus::load(&root, &LoadOptions::default()).expect("corpus");
    let mut documents = corpus.documents.clone();
    // A photograph has no words for OCR to find: its document is its one page.
    let mut image = Document::from_plain_text(PHOTO, " ");
    image.format = Format::Image;
    image.pages = vec![0];
    image.layout = Some(Arc::new(PageLayout {
        pages: vec![PageSize {
            width: 300.0,
            height: 200.0,
        }],
        words: Vec::new(),
    }));
    documents.push(Arc::new(image));
    documents.sort_by(|a, b| a.path.cmp(&b.path));
    let corpus = Corpus::of_documents(root, documents, corpus.report.clone());

    let tag_named = |name: &str| {
        f.project
            .tags
            .values()
            .find(|t| t.name == name)
            .map(|t| t.id)
            .expect("tag")
    };
    let (bases, actors) = (tag_named("Bases"), tag_named("Actors"));
    let pdf = corpus.get(REPORT_PDF).expect("the PDF is read");
    let layout = pdf.layout.as_deref().expect("the PDF's words are placed");
    let words = &layout.words[layout.words_on(0)];
    let (first, third) = (words[0].rect, words[2].rect);
    let top = first.y.min(third.y);
    let around = PageRect {
        x: first.x - 1.0,
        y: top - 1.0,
        w: third.x + third.w - first.x + 2.0,
        h: (first.y + first.h).max(third.y + third.h) - top + 2.0,
    };
    let letterhead = PageRegion::new(0, around).expect("a box");
    let image_box = PageRect {
        x: 20.0,
        y: 30.0,
        w: 120.0,
        h: 90.0,
    };
    let people = PageRegion::new(0, image_box).expect("a box");
    for (document, region, tag, note) in [
        (REPORT_PDF, letterhead, bases, "Letterhead"),
        (PHOTO, people, actors, "The delegation"),
    ] {
        let doc = corpus.get(document).expect("document");
        let layout = doc.layout.as_deref().expect("layout");
        let anchor = Anchor::for_region(&doc.text, layout, region).expect("on the page");
        let n = (f.project.tags.len() + f.project.annotations.len() + 1) as i64;
        let id = f.project.new_annotation_id();
        Command::AddAnnotation(Annotation {
            id,
            document: document.to_owned(),
            anchor,
            note: note.to_owned(),
            tags: vec![tag],
            created: at(n * 60),
            modified: at(n * 60 + 30),
            orphaned: false,
            history: Vec::new(),
            coder: Some("Ana".to_owned()),
        })
        .apply(&mut f.project)
        .expect("region annotation");
    }
    f.corpus = corpus;
    f
}

#[test]
fn the_region_fixture_codes_words_on_the_pdf_and_none_on_the_photo() {
    let f = with_regions();
    let regions: Vec<_> = f
        .project
        .annotations
        .values()
        .filter(|a| a.anchor.region.is_some())
        .map(|a| (a.document.as_str(), a.anchor.quote.is_empty()))
        .collect();
    assert_eq!(regions.len(), 2);
    assert!(regions.contains(&(REPORT_PDF, false)), "{regions:?}");
    assert!(regions.contains(&(PHOTO, true)), "{regions:?}");
}
