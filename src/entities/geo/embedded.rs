//! Places named inside longer names: "Pakistan" in "Pakistan Army", "Washington" in
//! "Washington Post", "Canadian" in "Canadian Press", "Canada" in "Kidney Foundation of
//! Canada". The mention stays what it is (the organisation, in the entity index and on the
//! reader's highlight) and carries the places it names as its [`Detail::Names`]: the reader
//! shows them on hover and `dossier entities --jsonl` gives each its own span, as toponym
//! resolution is scored (GeoWebNews annotates such "embedded" toponyms, with their point).
//!
//! Which words inside an organisation's name are a place: a country or a nationality
//! anywhere in it ("Air Zimbabwe", "Syrian Observatory for Human Rights"); a continent, a
//! region, a capital, a county, a curated site or a town of 100,000 people at the name's
//! start or after "of" or "in" ("Toronto Police Services Board", "University of
//! California"), the places organisations are named after; and any place name the same
//! document writes as a place elsewhere ("Allendale" in "Allendale Woman" when the article
//! is about Allendale). Inside a place's name that the table does not know, only a list of
//! places is ("Maiduguri Borno State"; not "Latin America", "Nile Delta"). Common words
//! (`stopwords.txt`) never are. The names are resolved with the document's other
//! places ([`super::resolve`]), so "Paris Police" in a document about Texas is in Texas.
//!
//! [`Detail::Names`]: super::super::model::Detail::Names

use std::collections::HashSet;

use super::super::fold::fold;
use super::super::gazetteer::Gazetteer;
use super::super::model::EntityKind;
use super::super::pipeline::Pass;
use super::super::tokens::{ALL_CAPS, CAP, LOWER, WORD};
use super::resolve;
use super::table::{Class, Table};

/// A place name inside mention `cand`, by its bytes in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Embedded {
    /// Index of the mention in the pass's candidates.
    pub cand: usize,
    pub start: usize,
    pub end: usize,
    /// The folded name.
    pub folded: String,
    /// The name as written.
    pub display: String,
    /// A nationality ("Canadian"): it names its country.
    pub demonym: bool,
}

/// The longest place name tried inside a mention, in tokens ("Trinidad and Tobago").
const MAX_TOKENS: usize = 4;
/// A town this large gives its name to organisations ("Toronto Police").
const NAMESAKE_TOWN: u64 = 100_000;

/// The place names inside the document's organisations and inside the places the table
/// cannot read as a whole ("Maiduguri Borno State"), in text order.
pub fn find(pass: &Pass, table: &Table, gazetteer: &Gazetteer) -> Vec<Embedded> {
    let mut found = Vec::new();
    if !pass
        .cands
        .iter()
        .any(|c| !c.dead && matches!(c.kind, EntityKind::Org | EntityKind::Loc))
    {
        return found;
    }
    // The names the document writes as places, folded once (a long text has thousands).
    let written: HashSet<String> = pass
        .cands
        .iter()
        .filter(|o| !o.dead && o.kind == EntityKind::Loc)
        .filter_map(|o| pass.text.get(o.start..o.end).map(fold))
        .collect();
    let ctx = Context {
        pass,
        table,
        gazetteer,
        written: &written,
    };
    for (c, cand) in pass.cands.iter().enumerate() {
        if cand.dead || cand.detail.is_some() {
            continue;
        }
        let whole = fold(pass.text.get(cand.start..cand.end).unwrap_or(""));
        let wanted = match cand.kind {
            EntityKind::Org => true,
            // A place the table knows is linked as a whole; a street named after a town
            // names no town ("Victoria Street").
            EntityKind::Loc => {
                !super::not_places::names_a_street(pass, c)
                    && !resolve::has_candidates(table, &[fold(&cand.key), whole])
            }
            _ => false,
        };
        if wanted {
            find_in(&ctx, c, &mut found);
        }
    }
    found
}

/// What the search inside each mention reads.
struct Context<'a, 't> {
    pass: &'a Pass<'t>,
    table: &'a Table,
    gazetteer: &'a Gazetteer,
    /// The folded texts of the document's place mentions.
    written: &'a HashSet<String>,
}

/// The place names inside candidate `c`, longest first from left to right.
fn find_in(ctx: &Context, c: usize, out: &mut Vec<Embedded>) {
    let Some(cand) = ctx.pass.cands.get(c) else {
        return;
    };
    let range = cand.tokens();
    let mut i = range.start;
    while i < range.end {
        let mut next = i + 1;
        let longest = (i + MAX_TOKENS).min(range.end);
        for j in (i + 1..=longest).rev() {
            if i == range.start && j == range.end {
                continue; // the whole mention: not a name inside it
            }
            if let Some(e) = place_at(ctx, c, i..j, out) {
                out.push(e);
                next = j;
                break;
            }
        }
        i = next;
    }
}

/// Tokens `span` of candidate `c` as a place name inside it, if they are one.
fn place_at(
    ctx: &Context,
    c: usize,
    span: std::ops::Range<usize>,
    out: &[Embedded],
) -> Option<Embedded> {
    let (pass, table) = (ctx.pass, ctx.table);
    let cand = pass.cands.get(c)?;
    let (first, last) = (pass.tokens.get(span.start)?, pass.tokens.get(span.end - 1)?);
    if !first.is(CAP) && !first.is(ALL_CAPS) || !last.is(WORD) {
        return None;
    }
    let display = pass.text.get(first.start..last.end)?;
    let folded = fold(display);
    if span.len() == 1 && ctx.gazetteer.is_stopword(&folded) {
        return None;
    }
    let embedded = |demonym: bool| Embedded {
        cand: c,
        start: first.start,
        end: last.end,
        folded: folded.clone(),
        display: display.to_owned(),
        demonym,
    };
    if table.demonym(&folded).is_some() {
        // Not inside a place's name ("French Quarter"), nor after "Latin" or "North".
        let inside_a_place = cand.kind == EntityKind::Loc;
        return (!inside_a_place && !super::after_a_qualifier(pass, span.start))
            .then(|| embedded(true));
    }
    let entries: Vec<_> = table
        .named(&folded)
        .iter()
        .filter_map(|&i| table.entry(i))
        .collect();
    if entries.is_empty() {
        return None;
    }
    let at_start = span.start == cand.tokens().start;
    let namesake = entries.iter().any(|e| {
        matches!(
            e.class,
            Class::Country
                | Class::Continent
                | Class::Region
                | Class::County
                | Class::Capital
                | Class::Site
        ) || e.population >= NAMESAKE_TOWN
    });
    // Another mention of the document writes the name as a place (the mention itself,
    // an organisation or an unread place, never is one of them).
    let written = ctx.written.contains(&folded);
    let known = namesake || written;
    if cand.kind == EntityKind::Loc {
        // Inside a place's name, only a list of places ("Maiduguri Borno State"): "Latin
        // America", "Northern Europe" and "Nile Delta" do not name America, Europe or Delta.
        let listed = at_start || out_ends_at(out, c, pass, span.start);
        return (listed && known).then(|| embedded(false));
    }
    if entries.iter().any(|e| e.class == Class::Country) {
        return Some(embedded(false));
    }
    let before = span.start.checked_sub(1).map(|b| pass.word(b));
    let namesake_position = at_start
        || before.is_some_and(|w| matches!(w, "of" | "in")) && pass.is(span.start - 1, LOWER);
    if namesake_position && namesake || written {
        return Some(embedded(false));
    }
    None
}

/// The last place found inside candidate `c` ends right before token `token` (with only
/// spaces or a comma between).
fn out_ends_at(out: &[Embedded], c: usize, pass: &Pass, token: usize) -> bool {
    let (Some(last), Some(t)) = (out.last().filter(|e| e.cand == c), pass.tokens.get(token)) else {
        return false;
    };
    pass.text
        .get(last.end..t.start)
        .is_some_and(|gap| gap.chars().all(|ch| ch == ' ' || ch == ','))
}

#[cfg(test)]
mod tests {
    use super::super::super::pipeline::Cand;
    use super::super::super::{Origin, Recognizer};
    use super::*;

    /// The place names found inside the named spans of `text`, given the kinds said.
    fn inside(text: &str, said: &[(&str, EntityKind)]) -> Vec<String> {
        let gaz = &Recognizer::shared().gazetteer;
        let mut pass = Pass::new(text, gaz);
        let mut from = 0;
        for &(name, kind) in said {
            let start = from + text[from..].find(name).expect("in the text, in order");
            from = start + name.len();
            let cand = Cand::new(
                start,
                start + name.len(),
                kind,
                name.to_owned(),
                Origin::Model,
            );
            assert!(pass.try_add(cand), "{name}");
        }
        find(&pass, Table::shared(), gaz)
            .into_iter()
            .map(|e| e.display)
            .collect()
    }

    use EntityKind::{Loc, Org, Person};

    #[test]
    fn countries_nationalities_and_namesake_towns_inside_organisations_are_places() {
        let said = [
            ("Pakistan Army", Org),
            ("Washington Post", Org),
            ("Canadian Press", Org),
            ("Kidney Foundation of Canada", Org),
            ("University of California", Org),
            ("Air Zimbabwe", Org),
        ];
        let text = "The Pakistan Army told the Washington Post and the Canadian Press; the \
                    Kidney Foundation of Canada, the University of California and Air Zimbabwe.";
        assert_eq!(
            inside(text, &said),
            [
                "Pakistan",
                "Washington",
                "Canadian",
                "Canada",
                "California",
                "Zimbabwe"
            ]
        );
    }

    #[test]
    fn small_towns_and_common_words_inside_names_are_not_places_unless_the_text_says_so() {
        // "Federal" and "General" are towns somewhere; "Allendale" a small one.
        let said = [
            ("Federal Reserve", Org),
            ("General Motors", Org),
            ("Allendale Woman", Org),
        ];
        let text = "The Federal Reserve and General Motors thanked Allendale Woman.";
        assert!(inside(text, &said).is_empty());
        let text = "Allendale Woman met in Allendale.";
        let said = [("Allendale Woman", Org), ("Allendale", Loc)];
        assert_eq!(inside(text, &said), ["Allendale"]);
    }

    #[test]
    fn persons_and_places_the_table_knows_whole_are_left_alone() {
        let said = [
            ("New South Wales", Loc),
            ("Jodi Mahler of Bellmore", Person),
        ];
        let text = "In New South Wales, said Jodi Mahler of Bellmore.";
        assert!(inside(text, &said).is_empty());
        // A place the table cannot read as a whole holds the places it names.
        let said = [("Maiduguri Borno State", Loc)];
        assert_eq!(
            inside("In Maiduguri Borno State.", &said),
            ["Maiduguri", "Borno"]
        );
    }
}
