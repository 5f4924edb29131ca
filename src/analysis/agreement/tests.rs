//! Figures computed by hand (the arithmetic is in each test). The same kind of cases are
//! checked against the `krippendorff` Python package and scikit-learn in
//! `tests/agreement_reference.rs`.

use std::collections::HashMap;

use super::*;
use crate::project::{Anchor, Annotation, Rgb, Tag};

/// A project with `documents` (path, length in chars, whose text is that many "x").
struct Build {
    project: Project,
    lengths: Vec<(String, usize)>,
}

impl Build {
    fn new(documents: &[(&str, usize)]) -> Self {
        Self {
            project: Project::new("agreement"),
            lengths: documents
                .iter()
                .map(|(p, n)| ((*p).to_owned(), *n))
                .collect(),
        }
    }

    fn tag(&mut self, name: &str, parent: Option<TagId>) -> TagId {
        let id = self.project.new_tag_id();
        self.project.tags.insert(
            id,
            Tag {
                id,
                name: name.to_owned(),
                colour: Rgb::PALETTE[0],
                description: String::new(),
                parent,
            },
        );
        id
    }

    fn code(&mut self, coder: &str, document: &str, range: std::ops::Range<usize>, tag: TagId) {
        let id = self.project.new_annotation_id();
        let at: jiff::Timestamp = "2026-12-01T10:00:00Z".parse().expect("time");
        self.project.annotations.insert(
            id,
            Annotation {
                id,
                document: document.to_owned(),
                anchor: Anchor {
                    start: range.start,
                    end: range.end,
                    quote: "x".repeat(range.len()),
                    prefix: String::new(),
                    suffix: String::new(),
                    current_quote: None,
                    region: None,
                },
                note: String::new(),
                tags: vec![tag],
                created: at,
                modified: at,
                orphaned: false,
                history: Vec::new(),
                coder: Some(coder.to_owned()),
            },
        );
    }

    fn measure(&self, selection: &Selection) -> Agreement {
        measure(&self.project, &self.lengths(), selection)
    }

    fn lengths(&self) -> HashMap<&str, usize> {
        self.lengths.iter().map(|(p, n)| (p.as_str(), *n)).collect()
    }
}

fn close(figure: Figure, expected: f64) {
    let value = figure.expect("a figure");
    assert!((value - expected).abs() < 1e-12, "{value} != {expected}");
}

#[test]
fn two_coders_overlapping_by_half() {
    // One document of 20 chars. Ana codes 0..10, Ben 5..15.
    // Both: 5..10 (5); Ana only: 0..5 (5); Ben only: 10..15 (5); neither: 15..20 (5).
    // po = (5 + 5) / 20 = 0.5; pa = pb = 10/20 = 0.5; pe = 0.25 + 0.25 = 0.5;
    // kappa = (0.5 - 0.5) / 0.5 = 0.
    // alpha: n = 40 values, n1 = 20, n0 = 20; units with one 1: 10, each k(m-k)/(m-1) = 1;
    // alpha = 1 - 39 * 10 / (20 * 20) = 1 - 390/400 = 0.025.
    let mut b = Build::new(&[("a.txt", 20)]);
    let t = b.tag("Trade", None);
    b.code("Ana", "a.txt", 0..10, t);
    b.code("Ben", "a.txt", 5..15, t);
    let result = b.measure(&Selection::default());
    assert_eq!(result.coders, ["Ana", "Ben"]);
    assert_eq!(result.documents, ["a.txt"]);
    assert_eq!(result.characters, 20);
    let row = &result.tags[0];
    assert_eq!(row.characters, 15);
    assert_eq!(row.coded, [10, 10]);
    close(row.percent_agreement, 50.0);
    close(row.cohen_kappa, 0.0);
    close(row.krippendorff_alpha, 0.025);
}

#[test]
fn two_coders_one_inside_the_other() {
    // 20 chars; Ana 0..10, Ben 0..8: both 8, Ana only 2, neither 10.
    // po = 18/20 = 0.9; pa = 0.5, pb = 0.4; pe = 0.2 + 0.3 = 0.5; kappa = 0.4/0.5 = 0.8.
    // alpha: n = 40, n1 = 18, n0 = 22, two units with one 1:
    // alpha = 1 - 39 * 2 / (18 * 22) = 1 - 78/396 = 0.803030...
    let mut b = Build::new(&[("a.txt", 20)]);
    let t = b.tag("Trade", None);
    b.code("Ana", "a.txt", 0..6, t);
    // Ana's second, overlapping annotation counts once: her chars are 0..10.
    b.code("Ana", "a.txt", 4..10, t);
    b.code("Ben", "a.txt", 0..8, t);
    let row = &b.measure(&Selection::default()).tags[0];
    assert_eq!(row.coded, [10, 8]);
    close(row.percent_agreement, 90.0);
    close(row.cohen_kappa, 0.8);
    close(row.krippendorff_alpha, 1.0 - 78.0 / 396.0);
}

#[test]
fn three_coders() {
    // 10 chars; Ana 0..6, Ben 2..6, Cleo 4..8.
    // 0..2 Ana (k=1), 2..4 Ana+Ben (k=2), 4..6 all (k=3), 6..8 Cleo (k=1), 8..10 none.
    // c0 = 2, c1 = 4, c2 = 2, c3 = 2. Agreeing pairs of 3 per unit: k=0: 3, k=1: 1,
    // k=2: 1, k=3: 3; percent = (2*3 + 4*1 + 2*1 + 2*3) / 3 / 10 = 18/30 = 60 %.
    // alpha: n = 30, n1 = 6 + 4 + 4 = 14, n0 = 16; Σ c_k k(3-k)/2 = (4*2 + 2*2)/2 = 6;
    // alpha = 1 - 29 * 6 / (14 * 16) = 1 - 174/224 = 0.2232142857...
    let mut b = Build::new(&[("a.txt", 10)]);
    let t = b.tag("Trade", None);
    b.code("Ana", "a.txt", 0..6, t);
    b.code("Ben", "a.txt", 2..6, t);
    b.code("Cleo", "a.txt", 4..8, t);
    let row = &b.measure(&Selection::default()).tags[0];
    close(row.percent_agreement, 60.0);
    assert_eq!(row.cohen_kappa, Err(Undefined::NotTwoCoders));
    close(row.krippendorff_alpha, 1.0 - 174.0 / 224.0);
    // Two of them: Ana and Cleo. Both 4..6 (2), Ana only 0..4 (4), Cleo only 6..8 (2),
    // neither 2. po = 4/10; pa = 0.6, pb = 0.4; pe = 0.24 + 0.24 = 0.48;
    // kappa = (0.4 - 0.48) / 0.52 = -0.153846...
    let pair = Selection {
        coders: Some(vec!["Ana".into(), "Cleo".into()]),
        tags: None,
    };
    let row = &b.measure(&pair).tags[0];
    close(row.percent_agreement, 40.0);
    close(row.cohen_kappa, -0.08 / 0.52);
}

#[test]
fn a_parent_tag_counts_its_sub_tags() {
    // 20 chars; Ana codes 0..10 "Economy / Trade", Ben the same chars "Economy / Tax".
    // Economy: both coded 0..10 -> po = 1, pe = 0.5, kappa = 1; no unit split, alpha = 1.
    // Trade: Ana only, 10 chars: po = 0.5, pa = 0.5, pb = 0, pe = 0 + 0.5 = 0.5, kappa 0;
    // alpha = 1 - 39 * 10 / (10 * 30) = -0.3.
    let mut b = Build::new(&[("a.txt", 20)]);
    let economy = b.tag("Economy", None);
    let tax = b.tag("Tax", Some(economy));
    let trade = b.tag("Trade", Some(economy));
    b.code("Ana", "a.txt", 0..10, trade);
    b.code("Ben", "a.txt", 0..10, tax);
    let result = b.measure(&Selection::default());
    let names: Vec<(&str, usize)> = result
        .tags
        .iter()
        .map(|r| (r.name.as_str(), r.depth))
        .collect();
    assert_eq!(names, [("Economy", 0), ("Tax", 1), ("Trade", 1)]);
    close(result.tags[0].cohen_kappa, 1.0);
    close(result.tags[0].krippendorff_alpha, 1.0);
    close(result.tags[2].cohen_kappa, 0.0);
    close(result.tags[2].krippendorff_alpha, -0.3);
    assert_eq!(
        result.tags[2].remark(&result.coders).as_deref(),
        Some("only Ana used this tag")
    );
}

#[test]
fn only_documents_every_coder_coded_are_units() {
    // a.txt: both coded. b.txt: only Ana made an annotation: left out. c.txt: Ana made an
    // annotation (another tag), Ben marked it coded: in, all zeros for "Trade".
    let mut b = Build::new(&[("a.txt", 20), ("b.txt", 50), ("c.txt", 30)]);
    let t = b.tag("Trade", None);
    let other = b.tag("War", None);
    b.code("Ana", "a.txt", 0..10, t);
    b.code("Ben", "a.txt", 5..15, t);
    b.code("Ana", "b.txt", 0..50, t);
    b.code("Ana", "c.txt", 0..5, other);
    b.project.documents.insert(
        "c.txt".into(),
        crate::project::DocumentRecord {
            path: "c.txt".into(),
            hash: crate::corpus::ContentHash::of_text(""),
            title: String::new(),
            renamed: None,
            coded_by: ["Ben".to_owned()].into(),
        },
    );
    let result = b.measure(&Selection {
        coders: None,
        tags: Some(vec![t]),
    });
    assert_eq!(result.documents, ["a.txt", "c.txt"]);
    assert_eq!(result.characters, 50);
    assert_eq!(result.tags.len(), 1, "only the tag asked for");
    // As the first test, plus 30 units nobody coded: po = 40/50 = 0.8, pa = pb = 0.2,
    // pe = 0.04 + 0.64 = 0.68, kappa = 0.12/0.32 = 0.375.
    close(result.tags[0].cohen_kappa, 0.375);
}

#[test]
fn a_tag_with_too_little_coding_says_so() {
    let mut b = Build::new(&[("a.txt", 20)]);
    let t = b.tag("Trade", None);
    let unused = b.tag("Unused", None);
    b.code("Ana", "a.txt", 0..10, t);
    b.code("Ben", "a.txt", 0..10, t);
    let result = b.measure(&Selection::default());
    let row = result.tags.iter().find(|r| r.tag == unused).expect("row");
    assert_eq!(row.cohen_kappa, Err(Undefined::NeverCoded));
    assert_eq!(row.krippendorff_alpha, Err(Undefined::NeverCoded));
    close(row.percent_agreement, 100.0);
    assert!(
        row.remark(&result.coders)
            .is_some_and(|r| r.contains("too little coding"))
    );
    // Everything coded by both: no variation either.
    let mut all = Build::new(&[("a.txt", 20)]);
    let t = all.tag("Trade", None);
    all.code("Ana", "a.txt", 0..20, t);
    all.code("Ben", "a.txt", 0..20, t);
    let row = &all.measure(&Selection::default()).tags[0];
    assert_eq!(row.cohen_kappa, Err(Undefined::AlwaysCoded));
    // One coder: nothing to compare.
    let one = Selection {
        coders: Some(vec!["Ana".into()]),
        tags: None,
    };
    let row = &all.measure(&one).tags[0];
    assert_eq!(row.percent_agreement, Err(Undefined::TooFewCoders));
    // A coder who coded nothing: no document in common.
    let ghost = Selection {
        coders: Some(vec!["Ana".into(), "Zoe".into()]),
        tags: None,
    };
    let result = all.measure(&ghost);
    assert!(result.documents.is_empty());
    assert_eq!(
        result.tags[0].krippendorff_alpha,
        Err(Undefined::NoDocuments)
    );
}

#[test]
fn spans_past_the_end_are_cut_and_orphans_and_anonymous_annotations_left_out() {
    let mut b = Build::new(&[("a.txt", 20)]);
    let t = b.tag("Trade", None);
    b.code("Ana", "a.txt", 10..40, t);
    b.code("Ben", "a.txt", 10..20, t);
    b.code("Ben", "a.txt", 0..5, t);
    let orphan = *b.project.annotations.keys().next_back().expect("one");
    b.project
        .annotations
        .get_mut(&orphan)
        .expect("there")
        .orphaned = true;
    b.code("Ana", "a.txt", 0..10, t);
    let anonymous = *b.project.annotations.keys().next_back().expect("one");
    b.project
        .annotations
        .get_mut(&anonymous)
        .expect("there")
        .coder = None;
    let row = &b.measure(&Selection::default()).tags[0];
    assert_eq!(row.coded, [10, 10]);
    close(row.cohen_kappa, 1.0);
}

#[test]
fn disagreements_show_each_coders_ranges_and_where_they_differ() {
    // Ana 0..10 and 30..35, Ben 5..15 and 30..35 (agreed: no disagreement there),
    // Ben 50..55 alone.
    let mut b = Build::new(&[("a.txt", 60)]);
    let t = b.tag("Trade", None);
    b.code("Ana", "a.txt", 0..10, t);
    b.code("Ben", "a.txt", 5..15, t);
    b.code("Ana", "a.txt", 30..35, t);
    b.code("Ben", "a.txt", 30..35, t);
    b.code("Ben", "a.txt", 50..55, t);
    let units = Units::gather(&b.project, &b.lengths(), &Selection::default());
    let found = units.disagreements(t);
    assert_eq!(
        found,
        [
            Disagreement {
                document: "a.txt".into(),
                range: 0..15,
                coded: vec![vec![0..10], vec![5..15]],
                differing: vec![(0..5, vec![0]), (10..15, vec![1])],
            },
            Disagreement {
                document: "a.txt".into(),
                range: 50..55,
                coded: vec![vec![], vec![50..55]],
                differing: vec![(50..55, vec![1])],
            },
        ]
    );
}
