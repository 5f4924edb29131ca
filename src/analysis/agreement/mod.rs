//! Inter-coder agreement, per tag, with the character as the unit (as QualCoder and NVivo
//! measure it).
//!
//! **Units.** The documents compared are those that *every* compared coder coded: made at
//! least one annotation in (one still anchored in the text), or marked coded
//! (`DocumentRecord::coded_by`). Documents not in the corpus are left out (their length is
//! unknown). Every char of those documents is a unit; for a tag, each coder gives every
//! unit the value 1 ("coded with this tag") or 0.
//!
//! **Sub-tags.** A char counts as coded with a tag when the coder's annotation over it
//! carries the tag *or one of its sub-tags*, as in the coded-passages view with "a tag
//! includes its sub-tags" (`Project::coded_passages`). A parent's row therefore measures
//! agreement on the broader category: two coders who put one passage under two different
//! children of "Economy" agree on "Economy" and disagree on each child.
//!
//! **Figures.** Percent agreement is the share of (unit, pair of coders) on which the pair
//! agree, the mean over pairs of coders (for two coders: the share of chars they agree
//! on; it is also Krippendorff's observed agreement). Cohen's kappa is given for exactly
//! two coders. Krippendorff's alpha is nominal and takes any number of coders; every unit
//! has a value from every coder, so no unit is left out. A figure that cannot be computed
//! says why ([`Undefined`]).
//!
//! **Speed.** Nothing is per char: each document's coded ranges are merged per coder and
//! swept once over their sorted boundaries (`sweep`), so the cost follows the number of
//! annotations, not the length of the corpus.
//!
//! Annotations without a coder (made before Dossier recorded coders) belong to no coder
//! and are not compared.

mod figures;
mod gather;
mod passages;
mod sweep;

pub use figures::{Figure, Undefined};
pub use gather::{Units, coders_of, document_lengths};
pub use passages::Disagreement;

use crate::project::{Project, TagId};

/// Which coders and tags to compare; `None` takes them all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// The coders compared, in this order (all the project's coders when `None`).
    pub coders: Option<Vec<String>>,
    /// The tags measured (every tag of the codebook, in codebook order, when `None`).
    pub tags: Option<Vec<TagId>>,
}

/// The agreement of some coders over the documents they all coded.
#[derive(Clone, Debug, PartialEq)]
pub struct Agreement {
    /// The coders compared.
    pub coders: Vec<String>,
    /// The documents compared (coded by every coder), by path.
    pub documents: Vec<String>,
    /// The units: chars of those documents.
    pub characters: usize,
    /// One row per tag, in codebook order.
    pub tags: Vec<TagAgreement>,
}

/// The agreement on one tag.
#[derive(Clone, Debug, PartialEq)]
pub struct TagAgreement {
    /// The tag.
    pub tag: TagId,
    /// Its name.
    pub name: String,
    /// Its depth in the codebook (0: a top-level tag).
    pub depth: usize,
    /// Chars that at least one coder coded with the tag (or a sub-tag).
    pub characters: usize,
    /// Chars each coder coded with it, in the order of [`Agreement::coders`].
    pub coded: Vec<usize>,
    /// Mean pairwise percent agreement, 0 to 100.
    pub percent_agreement: Figure,
    /// Cohen's kappa (two coders only).
    pub cohen_kappa: Figure,
    /// Krippendorff's alpha, nominal.
    pub krippendorff_alpha: Figure,
}

impl TagAgreement {
    /// Why the figures say little or nothing, for people: the first reason one is missing,
    /// or that only one coder used the tag.
    pub fn remark(&self, coders: &[String]) -> Option<String> {
        let missing = [
            &self.krippendorff_alpha,
            &self.cohen_kappa,
            &self.percent_agreement,
        ]
        .into_iter()
        .find_map(|f| f.as_ref().err())
        .filter(|why| **why != Undefined::NotTwoCoders);
        if let Some(why) = missing {
            return Some(why.to_string());
        }
        let users: Vec<&String> = coders
            .iter()
            .zip(&self.coded)
            .filter(|(_, n)| **n > 0)
            .map(|(c, _)| c)
            .collect();
        match users.as_slice() {
            [only] if coders.len() > 1 => Some(format!("only {only} used this tag")),
            _ => None,
        }
    }
}

/// Measures the agreement of the selected coders on the selected tags. `lengths` gives
/// the length in chars of each document of the corpus (see [`document_lengths`]).
pub fn measure(
    project: &Project,
    lengths: &std::collections::HashMap<&str, usize>,
    selection: &Selection,
) -> Agreement {
    Units::gather(project, lengths, selection).measure()
}

impl Units {
    /// The figures of every tag.
    pub fn measure(&self) -> Agreement {
        let m = self.coders.len();
        let tags = self
            .tags
            .iter()
            .map(|row| {
                let counts = sweep::count(self, &row.spans);
                let figures = figures::Figures::of(&counts, m);
                TagAgreement {
                    tag: row.tag,
                    name: row.name.clone(),
                    depth: row.depth,
                    characters: counts.coded_by_any(),
                    coded: counts.per_coder.clone(),
                    percent_agreement: figures.percent,
                    cohen_kappa: figures.kappa,
                    krippendorff_alpha: figures.alpha,
                }
            })
            .collect();
        Agreement {
            coders: self.coders.clone(),
            documents: self.documents.iter().map(|d| d.path.clone()).collect(),
            characters: self.characters(),
            tags,
        }
    }

    /// The passages where the coders differ on `tag` (a row of these units), in document
    /// and text order; empty for a tag not measured.
    pub fn disagreements(&self, tag: TagId) -> Vec<Disagreement> {
        self.tags
            .iter()
            .find(|row| row.tag == tag)
            .map(|row| passages::find(self, &row.spans))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests;
