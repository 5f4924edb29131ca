//! The three figures from the counts of one tag: percent agreement, Cohen's kappa and
//! Krippendorff's alpha (nominal, binary values: coded or not).
//!
//! With `m` coders, `N` units and `c_k` units coded by exactly `k` coders:
//! - a unit with `k` ones has `C(k,2) + C(m-k,2)` agreeing pairs of `C(m,2)`; percent
//!   agreement is their mean over all units, times 100;
//! - Cohen's kappa (m = 2): `po = (c_0 + c_2) / N`, `pe = pa pb + (1-pa)(1-pb)` with `pa`,
//!   `pb` each coder's share of coded units, `kappa = (po - pe) / (1 - pe)`;
//! - Krippendorff's alpha: with `n = N m` values and `n_1` ones, `n_0` zeros,
//!   `D_o = (1/n) Σ_u 2 k (m-k) / (m-1)` and `D_e = 2 n_1 n_0 / (n (n-1))`, so
//!   `alpha = 1 - (n-1) Σ_k c_k k (m-k) / ((m-1) n_1 n_0)`.

use super::sweep::Counts;

/// A figure, or why it cannot be given.
pub type Figure = Result<f64, Undefined>;

/// Why a figure cannot be given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Undefined {
    /// Fewer than two coders are compared.
    TooFewCoders,
    /// Cohen's kappa compares exactly two coders.
    NotTwoCoders,
    /// No document was coded by every coder compared.
    NoDocuments,
    /// No coder used the tag in the documents compared: nothing to agree on.
    NeverCoded,
    /// Every char was coded with the tag by every coder: no variation to measure.
    AlwaysCoded,
}

impl std::fmt::Display for Undefined {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::TooFewCoders => "agreement needs at least two coders",
            Self::NotTwoCoders => "Cohen's kappa compares two coders",
            Self::NoDocuments => "no document was coded by every coder",
            Self::NeverCoded => "too little coding: no coder used this tag in these documents",
            Self::AlwaysCoded => "every character is coded with this tag by every coder",
        })
    }
}

/// The figures of one tag.
pub(super) struct Figures {
    pub percent: Figure,
    pub kappa: Figure,
    pub alpha: Figure,
}

impl Figures {
    /// The figures of `counts` over `m` coders.
    pub fn of(counts: &Counts, m: usize) -> Self {
        let undefined = |why| Self {
            percent: Err(why),
            kappa: Err(if m == 2 { why } else { Undefined::NotTwoCoders }),
            alpha: Err(why),
        };
        if m < 2 {
            return undefined(Undefined::TooFewCoders);
        }
        if counts.total == 0 {
            return undefined(Undefined::NoDocuments);
        }
        let n_units = counts.total as f64;
        let pairs = (m * (m - 1) / 2) as f64;
        let choose2 = |k: usize| (k * k.saturating_sub(1) / 2) as f64;
        let agreeing: f64 = (0..=m)
            .map(|k| counts.by_ones[k] as f64 * (choose2(k) + choose2(m - k)))
            .sum();
        let percent = Ok(100.0 * agreeing / pairs / n_units);
        let ones: usize = counts.per_coder.iter().sum();
        let values = counts.total * m;
        let varies = match ones {
            0 => Err(Undefined::NeverCoded),
            o if o == values => Err(Undefined::AlwaysCoded),
            _ => Ok(()),
        };
        let kappa = if m == 2 {
            varies.map(|()| cohen_kappa(counts))
        } else {
            Err(Undefined::NotTwoCoders)
        };
        let alpha = varies.map(|()| {
            let (n, n1) = (values as f64, ones as f64);
            let n0 = n - n1;
            let within: f64 = (0..=m)
                .map(|k| counts.by_ones[k] as f64 * (k * (m - k)) as f64)
                .sum::<f64>()
                / (m - 1) as f64;
            1.0 - (n - 1.0) * within / (n1 * n0)
        });
        Self {
            percent,
            kappa,
            alpha,
        }
    }
}

/// Cohen's kappa of two coders whose values vary (so `pe < 1`: with both coders' values
/// all equal `pe` would be 1, and `varies` rules that out unless one coder coded
/// everything and the other nothing, where `pe` is 0).
fn cohen_kappa(counts: &Counts) -> f64 {
    let n = counts.total as f64;
    let po = (counts.by_ones[0] + counts.by_ones[2]) as f64 / n;
    let pa = counts.per_coder[0] as f64 / n;
    let pb = counts.per_coder[1] as f64 / n;
    let pe = pa * pb + (1.0 - pa) * (1.0 - pb);
    (po - pe) / (1.0 - pe)
}
