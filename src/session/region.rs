//! Coding a region of a page (a photograph, a stamp, a signature): the anchor a box drawn
//! on a page makes, and the command that annotates it, as a text selection is annotated.

use super::Session;
use crate::project::{Anchor, Command, PageRegion, TagId};

impl Session {
    /// The anchor of `region` on document `doc`'s pages: the words whose centre is inside
    /// the box, or an empty span at the page when it holds none. `None` when the document
    /// has no pages or not that page.
    pub fn region_anchor(&self, doc: usize, region: PageRegion) -> Option<Anchor> {
        let document = self.corpus.documents.get(doc)?;
        Anchor::for_region(&document.text, document.layout.as_ref()?, region)
    }

    /// The command that annotates `region` of document `doc` (see [`Self::region_anchor`]):
    /// a region without words is allowed.
    pub fn annotate_region_command(
        &mut self,
        doc: usize,
        region: PageRegion,
        note: String,
        tags: Vec<TagId>,
        now: jiff::Timestamp,
    ) -> Option<Command> {
        let anchor = self.region_anchor(doc, region)?;
        let document = self.corpus.documents.get(doc)?.path.clone();
        Some(self.add_annotation_command(document, anchor, note, tags, now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::layout::PageRect;
    use crate::session::OpenTarget;

    const REPORT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/seeds/pdf/report.pdf");

    fn report_session() -> (tempfile::TempDir, Session) {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::copy(REPORT, dir.path().join("report.pdf")).expect("copy");
        let session = Session::open(
            &OpenTarget::Folder(dir.path().to_path_buf()),
            &Default::default(),
            &(),
        )
        .expect("open");
        (dir, session)
    }

    fn region(page: u32, x: f32, y: f32, w: f32, h: f32) -> PageRegion {
        PageRegion::new(page, PageRect { x, y, w, h }).expect("a box")
    }

    #[test]
    fn a_region_is_annotated_with_its_box_and_the_words_inside() {
        let (_dir, mut session) = report_session();
        let doc = &session.corpus.documents[0];
        let layout = doc.layout.clone().expect("a PDF has a page layout");
        let chars: Vec<char> = doc.text.as_str().chars().collect();
        let word = layout.words[0];
        let text: String = chars[word.start as usize..word.end as usize]
            .iter()
            .collect();
        let r = word.rect;
        let boxed = region(0, r.x - 1.0, r.y - 1.0, r.w + 2.0, r.h + 2.0);
        let now = jiff::Timestamp::UNIX_EPOCH;
        let command = session
            .annotate_region_command(0, boxed, "The heading".into(), Vec::new(), now)
            .expect("a command");
        let Command::AddAnnotation(a) = command else {
            panic!("not an annotation: {command:?}");
        };
        assert_eq!(a.anchor.region, Some(boxed));
        assert_eq!(a.anchor.quote, text);
        assert_eq!(a.note, "The heading");
        assert_eq!(a.document, "report.pdf");
    }

    #[test]
    fn a_region_without_words_is_annotated_and_a_page_not_there_is_not() {
        let (_dir, mut session) = report_session();
        let now = jiff::Timestamp::UNIX_EPOCH;
        // A corner of the page with no text on it: a photograph, a stamp.
        let corner = region(0, 0.0, 0.0, 4.0, 4.0);
        let Some(Command::AddAnnotation(a)) =
            session.annotate_region_command(0, corner, String::new(), Vec::new(), now)
        else {
            panic!("a region without words is an annotation");
        };
        assert_eq!(
            (a.anchor.quote.as_str(), a.anchor.region),
            ("", Some(corner))
        );
        // The project takes it, and undo takes it away.
        session
            .workspace
            .execute(Command::AddAnnotation(a.clone()))
            .expect("a region without words is a valid annotation");
        assert!(session.workspace.project.annotations.contains_key(&a.id));
        session.workspace.undo().expect("undo");
        assert!(session.workspace.project.annotations.is_empty());
        let beyond = region(99, 0.0, 0.0, 10.0, 10.0);
        assert!(
            session
                .annotate_region_command(0, beyond, String::new(), Vec::new(), now)
                .is_none()
        );
    }
}
