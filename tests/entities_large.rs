//! A 50 MB text: recognised in bounded memory (chunk by chunk), with every mention found and
//! char offsets still right at the far end.

use dossier::entities::{EntityKind, Recognizer};

#[test]
fn a_50_mb_text_is_recognised_whole() {
    let unit =
        "Officials in Ţarţūs met Russian envoys on 8 December 2024, and the talks went on.\n";
    let n = 50_000_000 / unit.len() + 1;
    let text = unit.repeat(n);
    assert!(text.len() >= 50_000_000);
    let r = Recognizer::shared();
    let per_unit = r.recognize(unit);
    let kinds: Vec<EntityKind> = per_unit.iter().map(|m| m.kind).collect();
    assert_eq!(kinds, [EntityKind::Loc, EntityKind::Norp, EntityKind::Date]);
    let mentions = r.recognize(&text);
    assert_eq!(mentions.len(), n * per_unit.len());
    let unit_chars = unit.chars().count();
    let last = mentions.last().expect("mentions");
    let expected = per_unit.last().expect("a date");
    assert_eq!(last.start, (n - 1) * unit_chars + expected.start);
    assert_eq!(last.end, (n - 1) * unit_chars + expected.end);
    assert!(mentions.windows(2).all(|w| w[0].end <= w[1].start));
}
