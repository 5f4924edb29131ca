//! Places linked to GeoNames: each place name of a document gets the entry it most likely
//! names there ([`resolve`]), with its coordinates, its GeoNames id, the reason it was
//! chosen and the other entries the name may stand for.
//!
//! The table ([`table`]: continents, countries, first-level regions, every place of at least
//! 1,000 people, and a curated list of bases, dams, camps and crossings) is parsed on first
//! use. A place the table does not know, or none of whose entries the document supports,
//! stays a place without coordinates. A name read otherwise than on its own ("Paris" in a
//! document about Texas) gets a key that says where ("Paris, Texas"), so that two places of
//! one name are two entities of the corpus.

mod actors;
pub mod corpus_prior;
mod embedded;
pub mod facts;
mod features;
mod in_context;
mod not_places;
mod postal;
mod qualifiers;
mod resolve;
mod short_forms;
pub mod table;
mod uncued;
mod variants;
mod well_known;

pub(super) use well_known::{GEONAMES, Places};

use super::dictionary::EntityDictionary;
use super::fold::fold;
use super::gazetteer::Gazetteer;
use super::model::{Detail, EntityKind, NamedPlace, PlaceLink};
use super::pipeline::Pass;
use resolve::Toponym;
use table::{Class, Entry, Table};

/// The data linking rests on (for the recogniser's cache fingerprint).
pub(super) const DATA: [&str; 2] = table::DATA;

/// Places proposed from where they are written, kept by [`link`] when the document
/// supports them.
pub struct Proposed(Vec<in_context::Proposed>);

/// The kinds the place stages settle before the user's rules on the name act: places the
/// model took for actors are places again, names of places that are persons or common words
/// are not places, and places written where a place is are proposed.
pub fn settle_kinds(pass: &mut Pass, dict: &EntityDictionary, gazetteer: &Gazetteer) -> Proposed {
    actors::add_opening_subjects(pass, gazetteer, dict);
    actors::correct(pass, gazetteer, dict);
    not_places::correct(pass, gazetteer);
    features::widen(pass);
    short_forms::add(pass);
    postal::add(pass);
    // Names with no cue first: a town they find lists the names after it as places.
    let mut proposed = uncued::propose(pass, gazetteer, dict);
    proposed.extend(in_context::propose(pass, gazetteer, dict));
    Proposed(proposed)
}

/// Links the places of `pass` to their entries; the user's place entries of `dict` win, and
/// a name the user's rule for the entry it was read as removes (or makes another kind) is
/// no evidence for the others.
pub fn link(pass: &mut Pass, dict: &EntityDictionary, gazetteer: &Gazetteer, proposed: &Proposed) {
    let proposed = &proposed.0;
    // Organisations too: they may be named after a place ("Pakistan Army").
    let places = |c: &super::pipeline::Cand| {
        !c.dead && matches!(c.kind, EntityKind::Loc | EntityKind::Norp | EntityKind::Org)
    };
    if !pass.cands.iter().any(places) {
        // The table is parsed when the first place is linked, not before.
        return;
    }
    let table = Table::shared();
    let breaks = paragraph_breaks(pass.text);
    // One toponym per folded key, with the mentions that carry it.
    let mut toponyms: Vec<Toponym> = Vec::new();
    let mut mentions: Vec<Vec<usize>> = Vec::new();
    // Each toponym's key as the recogniser gave it: a gazetteer's alias gives the key of
    // the place the gazetteer knows by it, which may be another place of the name.
    let mut keys: Vec<String> = Vec::new();
    // Each toponym's group among the groups of its name (see [`qualifiers`]).
    let mut groups: Vec<String> = Vec::new();
    let readings = qualifiers::readings(pass, table, |c| {
        qualifier_after(pass, c)
            .map(|(n, q)| (Some(n), q))
            .or_else(|| nationality_before(pass, table, c).map(|q| (None, q)))
    });
    for reading in readings {
        let c = reading.cand;
        let Some(cand) = pass.cands.get(c) else {
            continue;
        };
        let key = fold(&cand.key);
        let text = fold(pass.text.get(cand.start..cand.end).unwrap_or(""));
        let paragraph = breaks.partition_point(|&b| b < cand.start);
        let found = toponyms
            .iter()
            .zip(&groups)
            .position(|(t, g)| t.names.first() == Some(&key) && *g == reading.group);
        let t = match found {
            Some(t) => t,
            None => {
                let written = pass.text.get(cand.start..cand.end).unwrap_or("");
                // A name the user gave (a rename in the entity dictionary) is kept as given.
                let users = dict.canonical_of(written, EntityKind::Loc).is_some();
                toponyms.push(Toponym {
                    display: if users {
                        cand.key.clone()
                    } else {
                        text_name(table, &key, written)
                            .unwrap_or(&cand.key)
                            .to_owned()
                    },
                    names: vec![key],
                    qualifier: reading.qualifier.clone(),
                    within: reading.within.clone(),
                    ..Toponym::default()
                });
                mentions.push(Vec::new());
                keys.push(cand.key.clone());
                groups.push(reading.group.clone());
                toponyms.len() - 1
            }
        };
        let (Some(toponym), Some(list)) = (toponyms.get_mut(t), mentions.get_mut(t)) else {
            continue;
        };
        if !toponym.names.contains(&text) {
            toponym.names.push(text);
        }
        toponym.paragraphs.push(paragraph);
        list.push(c);
    }
    // The toponym a name stands for read on its own, for the places named inside longer
    // names and the nationalities.
    let plain = |toponyms: &[Toponym], groups: &[String], name: &str| {
        toponyms
            .iter()
            .zip(groups)
            .position(|(t, g)| t.names.first().map(String::as_str) == Some(name) && g.is_empty())
    };
    // Places named inside longer names are resolved with the document's other places.
    let inside = embedded::find(pass, table, gazetteer);
    let mut inside_toponym: Vec<Option<usize>> = Vec::with_capacity(inside.len());
    for e in &inside {
        if e.demonym {
            inside_toponym.push(None);
            continue;
        }
        let paragraph = breaks.partition_point(|&b| b < e.start);
        let t = match plain(&toponyms, &groups, &e.folded) {
            Some(t) => t,
            None => {
                toponyms.push(Toponym {
                    names: vec![e.folded.clone()],
                    display: e.display.clone(),
                    ..Toponym::default()
                });
                mentions.push(Vec::new());
                keys.push(e.display.clone());
                groups.push(String::new());
                toponyms.len() - 1
            }
        };
        if let Some(toponym) = toponyms.get_mut(t) {
            toponym.paragraphs.push(paragraph);
        }
        inside_toponym.push(Some(t));
    }
    link_nationalities(pass, table);
    for (name, display, paragraph) in nationalities(pass, table, &breaks) {
        if let Some(t) = plain(&toponyms, &groups, &name).and_then(|t| toponyms.get_mut(t)) {
            t.paragraphs.push(paragraph);
            continue;
        }
        toponyms.push(Toponym {
            names: vec![name],
            display,
            paragraphs: vec![paragraph],
            nationality: true,
            ..Toponym::default()
        });
        mentions.push(Vec::new());
        keys.push(String::new());
        groups.push(String::new());
    }
    let resolutions = resolve_without_removed(table, dict, &toponyms);
    let mut links: Vec<Option<PlaceLink>> = vec![None; toponyms.len()];
    for ((((t, r), list), link_of), given) in toponyms
        .iter()
        .zip(resolutions)
        .zip(mentions)
        .zip(&mut links)
        .zip(&keys)
    {
        let chosen = r.and_then(|r| {
            let e = table.entry(r.entry)?;
            // A respelling (taken only where the document names the place's country) is
            // the gazetteer's spelling, so that "Dayr Az Zayr" and "Deir ez-Zor" are one
            // place of the corpus; otherwise the entity keeps the text's name, and the name
            // a gazetteer alias gave it only when that is a name of the place chosen
            // ("Nawa" in Syria is not renamed Naha, Japan's "Nawa").
            let name = if r.respelled {
                &*e.name
            } else {
                own_name(table, t, given, r.entry)
            };
            let key = match (r.default_reading, name != given) {
                (true, false) => None,
                (true, true) => Some(name.to_owned()),
                (false, _) => Some(qualified_key(table, name, e)),
            };
            Some((e, r.reason, r.alternatives, key))
        });
        let shown = chosen
            .as_ref()
            .and_then(|c| c.3.clone())
            .unwrap_or_else(|| t.display.clone());
        // The user's entry for the name the user gave the place chosen (a rename for its
        // entry: what the entity index shows), else for the name as shown ("Paris,
        // Texas"), else for the entity's name as the recogniser keyed it (what the entity
        // index shows and the user re-linked), else for the text's name.
        let renamed = chosen.as_ref().and_then(|c| {
            dict.aliases
                .iter()
                .filter(|a| a.place == Some(c.0.geonameid))
                .filter(|a| a.of.is_none_or(|k| k == EntityKind::Loc))
                .find(|a| t.names.contains(&fold(a.alias.trim())))
                .and_then(|a| Some((a.canonical.as_str(), dict.place(&a.canonical)?)))
        });
        let rule = renamed
            .map(|r| r.1)
            .or_else(|| dict.place(&shown))
            .or_else(|| dict.place(given))
            .or_else(|| dict.place(&t.display));
        let (entry, key, link) = match (rule, chosen) {
            // Re-linked under the name the user gave it, it keeps that name.
            (Some(None), _) => (None, renamed.map(|r| r.0.to_owned()), None),
            (Some(Some(id)), chosen) => {
                let Some(e) = table.by_id(id) else { continue };
                let was = chosen.as_ref().map(|c| c.0.geonameid);
                let mut alternatives: Vec<u32> = chosen.map(|c| c.2).unwrap_or_default();
                alternatives.retain(|&a| a != id);
                alternatives.extend(was.filter(|&w| w != id));
                let default = resolve::default_reading(table, &t.names)
                    .and_then(|i| table.entry(i))
                    .is_some_and(|d| d.geonameid == id);
                let key = match renamed {
                    Some((name, _)) if default => Some(name.to_owned()),
                    Some((name, _)) => Some(qualified_key(table, name, e)),
                    None => (!default).then(|| qualified_key(table, given, e)),
                };
                (
                    Some(e),
                    key,
                    Some(("linked by you".to_owned(), alternatives)),
                )
            }
            (None, Some((e, reason, alternatives, key))) => {
                (Some(e), key, Some((reason, alternatives)))
            }
            (None, None) => {
                // Unlinked, it keeps the text's name all the same.
                for &c in list.iter().filter(|_| t.display != *given) {
                    if let Some(cand) = pass.cands.get_mut(c) {
                        cand.key.clone_from(&t.display);
                    }
                }
                continue;
            }
        };
        let detail = entry.zip(link).map(|(e, (reason, alternatives))| {
            Box::new(Detail::Place(PlaceLink {
                geonameid: e.geonameid,
                lat_e5: e.lat_e5,
                lon_e5: e.lon_e5,
                country: e.country_code().to_owned(),
                reason,
                alternatives,
            }))
        });
        if let Some(Detail::Place(p)) = detail.as_deref() {
            *link_of = Some(p.clone());
        }
        for &c in &list {
            if let Some(cand) = pass.cands.get_mut(c) {
                cand.detail.clone_from(&detail);
                if let Some(key) = &key {
                    cand.key.clone_from(key);
                }
            }
        }
    }
    attach_inside(pass, table, &inside, &inside_toponym, &links);
    in_context::keep_supported(pass, proposed);
}

/// [`resolve::resolve`], then again without the names that the user's rules for the entry
/// each was read as remove or make another kind ("not an entity" on Georgia, the country,
/// read where the document names Georgia the person): what the user said is no place is no
/// evidence for the document's other places. Those names keep their first reading, which
/// the rules then act on; at most a few rounds (a name read otherwise without them may meet
/// a rule of its own).
fn resolve_without_removed(
    table: &Table,
    dict: &EntityDictionary,
    toponyms: &[Toponym],
) -> Vec<Option<resolve::Resolution>> {
    let mut resolutions = resolve::resolve(table, toponyms);
    if !dict.has_place_scoped() {
        return resolutions;
    }
    let first = resolutions.clone();
    let mut removed = vec![false; toponyms.len()];
    for _ in 0..3 {
        let mut more = false;
        for ((t, r), gone) in toponyms.iter().zip(&resolutions).zip(&mut removed) {
            let id = r
                .as_ref()
                .and_then(|r| table.entry(r.entry))
                .map(|e| e.geonameid);
            if !*gone && !t.nationality && id.is_some_and(|id| removed_at(dict, t, id)) {
                *gone = true;
                more = true;
            }
        }
        if !more {
            break;
        }
        let kept: Vec<Toponym> = toponyms
            .iter()
            .zip(&removed)
            .filter(|(_, gone)| !**gone)
            .map(|(t, _)| t.clone())
            .collect();
        let mut again = resolve::resolve(table, &kept).into_iter();
        for (slot, gone) in resolutions.iter_mut().zip(&removed) {
            if !*gone {
                *slot = again.next().flatten();
            }
        }
    }
    // A reading the removal changed says so.
    let names: Vec<&str> = toponyms
        .iter()
        .zip(&removed)
        .filter(|(_, gone)| **gone)
        .map(|(t, _)| t.display.as_str())
        .collect();
    if !names.is_empty() {
        let note = format!(
            "; not counting {}, no place by your rule",
            names
                .iter()
                .map(|n| format!("“{n}”"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        for ((slot, was), gone) in resolutions.iter_mut().zip(&first).zip(&removed) {
            if let Some(r) = slot
                .as_mut()
                .filter(|r| !*gone && Some(&**r) != was.as_ref())
            {
                r.reason.push_str(&note);
            }
        }
    }
    resolutions
}

/// A rule of the user's for the entry `id`, spelled as one of the toponym's names, removes
/// its mentions or makes them another kind than a place.
fn removed_at(dict: &EntityDictionary, t: &Toponym, id: u32) -> bool {
    use super::dictionary::PhraseRule;
    dict.phrases.iter().any(|e| {
        e.place == Some(id)
            && e.of.is_none_or(|k| k == EntityKind::Loc)
            && (matches!(e.rule, PhraseRule::Never)
                || matches!(e.rule, PhraseRule::Always(k) if k != EntityKind::Loc))
            && t.names
                .contains(&super::corrections::spelled(e.phrase.trim()))
    })
}

/// Gives each mention the places named inside it, with the links their names got.
fn attach_inside(
    pass: &mut Pass,
    table: &Table,
    inside: &[embedded::Embedded],
    toponym_of: &[Option<usize>],
    links: &[Option<PlaceLink>],
) {
    for (e, t) in inside.iter().zip(toponym_of) {
        let link = match t {
            None => nationality_link(table, &e.folded),
            Some(t) => links.get(*t).cloned().flatten(),
        };
        let (Some(link), Some(cand)) = (link, pass.cands.get(e.cand)) else {
            continue;
        };
        let Some(before) = pass.text.get(cand.start..e.start) else {
            continue;
        };
        let named = NamedPlace {
            offset: before.chars().count(),
            len: e.display.chars().count(),
            place: link,
        };
        let Some(cand) = pass.cands.get_mut(e.cand) else {
            continue;
        };
        match cand.detail.as_deref_mut() {
            None => cand.detail = Some(Box::new(Detail::Names(vec![named]))),
            Some(Detail::Names(list)) => list.push(named),
            // A mention linked as a whole keeps its link.
            Some(_) => {}
        }
    }
}

/// A nationality ("Syrian", "Russians") is linked to its country: the place it says.
fn link_nationalities(pass: &mut Pass, table: &Table) {
    for c in 0..pass.cands.len() {
        let Some(cand) = pass.cands.get(c) else {
            continue;
        };
        if cand.dead || cand.kind != EntityKind::Norp || cand.detail.is_some() {
            continue;
        }
        let first = cand.tokens().start;
        if after_a_qualifier(pass, first) {
            continue;
        }
        let link = nationality_link(table, &fold(&cand.key));
        if let (Some(link), Some(cand)) = (link, pass.cands.get_mut(c)) {
            cand.detail = Some(Box::new(Detail::Place(link)));
        }
    }
}

/// The text as written, when the recogniser keyed it otherwise (a gazetteer alias: "Nawa"
/// keyed "Naha", "Qayyarah" keyed "Qayyarah Airfield West") and it is a place's name of
/// its own in the table.
fn text_name<'w>(table: &Table, key: &str, written: &'w str) -> Option<&'w str> {
    let folded = fold(written);
    (folded != key && !table.named(&folded).is_empty()).then_some(written)
}

/// The name a place entity keeps: the key it came with when that is a name of the place
/// chosen (two spellings of one place stay one entity), else the text's name.
fn own_name<'t>(table: &Table, t: &'t Toponym, given: &'t str, entry: u32) -> &'t str {
    if table.named(&fold(given)).contains(&entry) {
        given
    } else {
        &t.display
    }
}

/// The countries the document's nationalities name ("Lebanese troops"), as toponyms'
/// folded names with the nationality as written and its paragraph: they support the towns
/// of those countries as the countries' names would.
fn nationalities(pass: &Pass, table: &Table, breaks: &[usize]) -> Vec<(String, String, usize)> {
    pass.cands
        .iter()
        .filter(|c| !c.dead && c.kind == EntityKind::Norp)
        .filter(|c| !after_a_qualifier(pass, c.tokens().start))
        .filter_map(|c| {
            let country = table.demonym(&fold(&c.key)).and_then(|i| table.entry(i))?;
            let paragraph = breaks.partition_point(|&b| b < c.start);
            Some((fold(&country.name), c.key.clone(), paragraph))
        })
        .collect()
}

/// Words that make a nationality a continent's or a region's: "Latin American", "Central
/// Americans", "North American" are not the United States'.
const REGION_QUALIFIERS: &[&str] = &[
    "North",
    "South",
    "East",
    "West",
    "Central",
    "Latin",
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "Pan",
    "Meso",
    "Sub-Saharan",
];

/// Token `i` follows a region qualifier ("Latin" in "Latin American"), one space between.
fn after_a_qualifier(pass: &Pass, i: usize) -> bool {
    let (Some(before), Some(token)) = (i.checked_sub(1), pass.tokens.get(i)) else {
        return false;
    };
    let Some(prev) = pass.tokens.get(before) else {
        return false;
    };
    pass.text.get(prev.end..token.start) == Some(" ")
        && REGION_QUALIFIERS.contains(&pass.word(before))
}

/// The country a folded nationality names, as a link.
fn nationality_link(table: &Table, folded: &str) -> Option<PlaceLink> {
    let e = table.demonym(folded).and_then(|i| table.entry(i))?;
    Some(PlaceLink {
        geonameid: e.geonameid,
        lat_e5: e.lat_e5,
        lon_e5: e.lon_e5,
        country: e.country_code().to_owned(),
        reason: format!("the nationality of {}", e.name),
        alternatives: Vec::new(),
    })
}

/// "Paris, Texas", "Damascus, Maryland", "Madaya, Syria": a name with where it is, for a
/// place the name does not stand for on its own. News qualifies a US town by its state, any
/// other by its country.
fn qualified_key(table: &Table, name: &str, e: &Entry) -> String {
    match within(table, e) {
        Some(w) if !name.ends_with(w) => format!("{name}, {w}"),
        _ => name.to_owned(),
    }
}

/// The name of where an entry is, as a qualified key writes it: a US town's state, any
/// other place's country.
fn within<'t>(table: &'t Table, e: &Entry) -> Option<&'t str> {
    match (table.region_of(e), table.country_of(e)) {
        (Some(r), _) if e.country == *b"US" => Some(&r.name),
        (_, Some(c)) if e.class != Class::Country => Some(&c.name),
        _ => None,
    }
}

/// The name a [`qualified_key`] was made from: "Paris" for "Paris, Texas" read as `e`.
fn unqualified_key<'k>(table: &Table, key: &'k str, e: &Entry) -> &'k str {
    within(table, e)
        .and_then(|w| key.strip_suffix(w)?.strip_suffix(", "))
        .unwrap_or(key)
}

/// Byte offsets of the blank lines that end paragraphs.
fn paragraph_breaks(text: &str) -> Vec<usize> {
    text.match_indices("\n\n").map(|(i, _)| i).collect()
}

/// The place named right after mention `c` with a comma between ("Woodbridge, Virginia"):
/// its mention's index, its folded name and the written text.
fn qualifier_after(pass: &Pass, c: usize) -> Option<(usize, (String, String))> {
    let cand = pass.cands.get(c)?;
    let rest = pass.text.get(cand.end..)?;
    let gap = rest.len() - rest.strip_prefix(',')?.trim_start_matches(' ').len();
    let start = cand.end + gap;
    let (n, next) = pass
        .cands
        .iter()
        .enumerate()
        .find(|(_, n)| !n.dead && n.start == start && n.kind == EntityKind::Loc)?;
    let written = pass.text.get(cand.start..next.end)?;
    Some((n, (fold(&next.key), written.to_owned())))
}

/// Nouns of a town that a nationality qualifies: "the Syrian town of Madaya".
const TOWN_NOUNS: &[&str] = &[
    "town",
    "city",
    "village",
    "port",
    "enclave",
    "suburb",
    "district",
    "province",
    "governorate",
    "stronghold",
    "hamlet",
];

/// "the Syrian town of Madaya", "the English city of Salisbury", "the Iraqi border town of
/// Qaim": a nationality before a town's noun and "of" says which country the place is in. As
/// a qualifier: the country's folded name and the text as written.
fn nationality_before(pass: &Pass, table: &Table, c: usize) -> Option<(String, String)> {
    let cand = pass.cands.get(c)?;
    let of = cand.tokens().start.checked_sub(1)?;
    let noun = of.checked_sub(1)?;
    if pass.word(of) != "of" || !TOWN_NOUNS.contains(&pass.word(noun).to_lowercase().as_str()) {
        return None;
    }
    // At most two words between: "the Syrian border town of", "the Iraqi northern city of".
    for back in 1..=3 {
        let t = noun.checked_sub(back)?;
        if let Some(n) = pass.owner(t) {
            if n.kind != EntityKind::Norp || n.tokens().end != t + 1 {
                return None;
            }
            let country = table.demonym(&fold(&n.key)).and_then(|i| table.entry(i))?;
            let written = pass.text.get(n.start..cand.end)?;
            return Some((fold(&country.name), written.to_owned()));
        }
        // A nationality the recogniser left alone ("English" is a language too).
        if pass.is(t, super::tokens::CAP) {
            let country = table
                .demonym(&fold(pass.word(t)))
                .and_then(|i| table.entry(i))?;
            let start = pass.tokens.get(t)?.start;
            let written = pass.text.get(start..cand.end)?;
            return Some((fold(&country.name), written.to_owned()));
        }
        if !pass.is(t, super::tokens::LOWER) {
            return None;
        }
    }
    None
}

/// What people read of a place link: "Madaya, Rif-dimashq, Syria (33.69° N, 36.10° E)".
pub fn describe(link: &PlaceLink) -> String {
    let table = Table::shared();
    let (lat, lon) = (link.lat(), link.lon());
    let at = format!(
        "{:.2}° {}, {:.2}° {}",
        lat.abs(),
        if lat >= 0.0 { 'N' } else { 'S' },
        lon.abs(),
        if lon >= 0.0 { 'E' } else { 'W' },
    );
    match table.by_id(link.geonameid) {
        Some(e) => format!("{} ({at})", table.label(e)),
        None => at,
    }
}

/// "Madaya, Mandalay, Myanmar": the name of a candidate, by its id.
pub fn label_of(geonameid: u32) -> Option<String> {
    let table = Table::shared();
    table.by_id(geonameid).map(|e| table.label(e))
}

/// What kind of place an id is (a country, a region, a capital, a town...): what "the
/// city" or "the country" may stand for (`analysis::coref`).
pub fn class_of(geonameid: u32) -> Option<Class> {
    Table::shared().by_id(geonameid).map(|e| e.class)
}

#[cfg(test)]
mod tests;
