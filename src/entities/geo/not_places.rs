//! Names the gazetteer takes for places that are not places where they are written: a
//! person named like a town ("Dayton's family": a place has no family; "Moscow's priority"
//! stays Moscow, a place acting); a person named like a place and said to be one by the words
//! around that mention ("Carolina, a Spanish volunteer,", "Georgia, 34,", "Jordan, her
//! brother", "volunteer Carolina", "my friend Chad"); a street, square or bridge named after
//! a town ("Victoria Street" is not Victoria, Australia); and Arabic common nouns that are
//! also the Arabic name of some town ("الساحل", "the coast", is As Sahil in Egypt), and a
//! short Arabic word that is a town's name too ("صور", "pictures", and Tyre) where nothing
//! around it places it. A surname is the person only where nothing says place. The user's
//! own rules are left alone.

use std::collections::HashSet;

use super::super::fold::fold;
use super::super::gazetteer::Gazetteer;
use super::super::model::{EntityKind, Origin};
use super::super::pipeline::Pass;
use super::super::tokens::{CAP, DIGITS, LOWER, POSSESSIVE, WORD};
use super::resolve::default_reading;
use super::table::{Class, Table};

/// Nouns that, after a name and "'s", make the name a person's.
const PERSONAL: &[&str] = &[
    "family",
    "wife",
    "husband",
    "son",
    "sons",
    "daughter",
    "daughters",
    "mother",
    "father",
    "brother",
    "sister",
    "children",
    "parents",
    "widow",
    "fiancé",
    "fiancée",
    "girlfriend",
    "boyfriend",
    "lawyer",
    "attorney",
    "funeral",
    "relatives",
    "grandmother",
    "grandfather",
];

/// Arabic nouns with the article that name a kind of place, not a place: the coast, the
/// north, south, east, west, the city, the village, the countryside, the desert, the
/// mountain, the valley, the border, the capital, the port, the airport, the market.
pub(super) const ARABIC_COMMON: &[&str] = &[
    "الساحل",
    "الشمال",
    "الجنوب",
    "الشرق",
    "الغرب",
    "المدينة",
    "القرية",
    "الريف",
    "الصحراء",
    "الجبل",
    "الوادي",
    "الحدود",
    "العاصمة",
    "الميناء",
    "المطار",
    "السوق",
    // Words of every Arabic news text that GeoNames also gives some village as its name,
    // found by looking the commonest function words, verbs, weekdays and nouns of news up
    // in the place table: "was", "stop" (وقف إطلاق النار, "ceasefire"), "between",
    // "without", the days of the week, "crossing", "government", "university", "spring",
    // "mountain", "light", "freedom", "the new". Each one is far more often the word than
    // the village.
    "كان",
    "كانت",
    "وقف",
    "بين",
    "دون",
    "الأحد",
    "الاثنين",
    "الثلاثاء",
    "الأربعاء",
    "الخميس",
    "الجمعة",
    "السبت",
    "معبر",
    "الحكومة",
    "جامعة",
    "عين",
    "جبل",
    "نور",
    "الحرية",
    "الجديد",
];

/// Arabic words before a name that place it: in, to, from, near, toward, around, inside,
/// outside, at; city, town, village, port, governorate, area, district, camp; north, south,
/// east, west (of) and their adjectives; the countryside, outskirts, suburbs, residents,
/// people (of). Each may carry a clitic ("بمدينة", "in the city of").
const ARABIC_PLACE_CUES: &[&str] = &[
    "في",
    "إلى",
    "الى",
    "من",
    "قرب",
    "نحو",
    "حول",
    "داخل",
    "خارج",
    "عند",
    "مدينة",
    "بلدة",
    "قرية",
    "ميناء",
    "محافظة",
    "منطقة",
    "قضاء",
    "مخيم",
    "شمال",
    "جنوب",
    "شرق",
    "غرب",
    "شمالي",
    "جنوبي",
    "شرقي",
    "غربي",
    "ريف",
    "أطراف",
    "ضواحي",
    "سكان",
    "أهالي",
];

/// Letters Arabic writes onto the front of a word: "and", "so", "in/with", "to", "like".
const CLITICS: &[char] = &['و', 'ف', 'ب', 'ل', 'ك'];

/// The letters of an Arabic word, without the marks written over and under them.
fn arabic_letters(word: &str) -> impl Iterator<Item = char> + '_ {
    word.chars()
        .filter(|c| ('\u{0621}'..='\u{064A}').contains(c) || ('\u{0671}'..='\u{06D3}').contains(c))
}

/// `written` is one Arabic word of at most three letters but for a clitic before it ("صور",
/// "pictures" and Tyre; "وصور"): short Arabic words are common words far more often than
/// the towns of that name, unless the name is a country's, a region's, a capital's or a
/// city of a million's ("مصر", "قطر", "حلب", "حمص" are the places), as written or by the
/// `key` the recogniser gave it (its gazetteer's "Aleppo" for "حلب").
pub(super) fn short_arabic_word(written: &str, key: &str) -> bool {
    if written.contains(' ') || !written.chars().next().is_some_and(is_arabic) {
        return false;
    }
    let bare = written
        .strip_prefix(|c: char| CLITICS.contains(&c))
        .filter(|rest| arabic_letters(rest).count() >= 2)
        .unwrap_or(written);
    let forms = [written, bare, key];
    if arabic_letters(bare).count() > 3 {
        return false;
    }
    let table = Table::shared();
    !forms.iter().any(|f| {
        table
            .named(&fold(f))
            .iter()
            .filter_map(|&i| table.entry(i))
            .any(|e| {
                matches!(e.class, Class::Country | Class::Region | Class::Capital)
                    || e.population >= LARGE_CITY
            })
    })
}

fn is_arabic(c: char) -> bool {
    ('\u{0600}'..='\u{06FF}').contains(&c)
}

/// The Arabic word at token `i` is placed by the words around it: a cue of place before it
/// ("في صور", "مدينة صور", "بمدينة صور"), or a place listed beside it ("صيدا وصور", "صور
/// وصيدا", "صيدا، صور"); and it is not the first noun of a construct ("صور الدمار",
/// "pictures of the destruction").
pub(super) fn arabic_word_placed(pass: &Pass, i: usize) -> bool {
    let next = pass.word(i + 1);
    let construct = next.starts_with("ال")
        && !ARABIC_COMMON.contains(&next)
        && pass.owner(i + 1).is_none_or(|n| n.kind != EntityKind::Loc);
    if construct {
        return false;
    }
    let cue = i.checked_sub(1).is_some_and(|p| {
        let word = pass.word(p);
        let bare = word
            .strip_prefix(|c: char| CLITICS.contains(&c))
            .unwrap_or("");
        ARABIC_PLACE_CUES.contains(&word) || ARABIC_PLACE_CUES.contains(&bare)
    });
    cue || listed_with_a_place(pass, i)
}

/// A place ends right before token `i` (with a comma between, or "و" written onto the word)
/// or begins right after it (after a comma, or with "و" written onto it).
fn listed_with_a_place(pass: &Pass, i: usize) -> bool {
    let place = |t: usize| {
        pass.owner(t)
            .is_some_and(|o| !o.dead && o.kind == EntityKind::Loc)
    };
    let comma = |t: usize| matches!(pass.word(t), "،" | ",");
    let joined = pass.word(i).starts_with('و') && i > 0 && place(i - 1);
    let before = i >= 2 && comma(i - 1) && place(i - 2);
    let after =
        (comma(i + 1) && place(i + 2)) || (pass.word(i + 1).starts_with('و') && place(i + 1));
    joined || before || after
}

/// Nouns for a person by what they do or are, singular, each a noun of WordNet 3.1's
/// `noun.person` file, chosen for Dossier. Left out: the nouns news also gives a country or a
/// town ("ally", "host", "partner", "neighbour", "leader", "player", "donor", "backer",
/// "ruler", "mediator", "founder", "victim"): "Jordan, a close ally of Washington," stays the
/// country.
const PERSON_NOUNS: &[&str] = &[
    "volunteer",
    "nurse",
    "doctor",
    "physician",
    "surgeon",
    "paramedic",
    "medic",
    "midwife",
    "pharmacist",
    "dentist",
    "logistician",
    "engineer",
    "teacher",
    "student",
    "pupil",
    "schoolboy",
    "schoolgirl",
    "journalist",
    "reporter",
    "photographer",
    "photojournalist",
    "correspondent",
    "editor",
    "writer",
    "blogger",
    "activist",
    "lawyer",
    "farmer",
    "fisherman",
    "shepherd",
    "driver",
    "mechanic",
    "carpenter",
    "electrician",
    "plumber",
    "tailor",
    "labourer",
    "laborer",
    "worker",
    "shopkeeper",
    "merchant",
    "trader",
    "vendor",
    "baker",
    "butcher",
    "chef",
    "waiter",
    "waitress",
    "cleaner",
    "housewife",
    "homemaker",
    "retiree",
    "pensioner",
    "refugee",
    "migrant",
    "survivor",
    "villager",
    "civilian",
    "soldier",
    "fighter",
    "officer",
    "policeman",
    "policewoman",
    "translator",
    "interpreter",
    "researcher",
    "scientist",
    "professor",
    "lecturer",
    "economist",
    "artist",
    "musician",
    "singer",
    "actor",
    "actress",
    "poet",
    "novelist",
    "filmmaker",
    "footballer",
    "athlete",
    "priest",
    "imam",
    "nun",
    "monk",
    "pastor",
    "cleric",
    "clerk",
    "accountant",
    "banker",
    "businessman",
    "businesswoman",
    "entrepreneur",
    "employee",
    "staffer",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "diplomat",
    "coordinator",
    "manager",
    "veteran",
    "pilot",
    "sailor",
    "miner",
    "smuggler",
    "caregiver",
    "nanny",
    "programmer",
    "graduate",
];

/// Nouns for a person by age or sex ("Georgia, a mother of three,"), only in apposition:
/// "the man Moscow backs" is no cue.
const HUMAN_NOUNS: &[&str] = &[
    "man",
    "woman",
    "boy",
    "girl",
    "teenager",
    "child",
    "baby",
    "toddler",
    "infant",
    "mother",
    "father",
    "widow",
    "widower",
    "grandmother",
    "grandfather",
    "son",
    "daughter",
    "mom",
    "mum",
    "dad",
];

/// Relatives and friends (WordNet `noun.person` too), after a possessive determiner: "Jordan,
/// her brother", "my friend Chad".
const RELATIVES: &[&str] = &[
    "son",
    "daughter",
    "brother",
    "sister",
    "wife",
    "husband",
    "mother",
    "father",
    "cousin",
    "uncle",
    "aunt",
    "nephew",
    "niece",
    "grandson",
    "granddaughter",
    "grandmother",
    "grandfather",
    "fiance",
    "fiancee",
    "boyfriend",
    "girlfriend",
    "friend",
    "colleague",
    "child",
    "mom",
    "mum",
    "dad",
];

const POSSESSIVE_DETERMINERS: &[&str] = &["his", "her", "their", "my", "our", "your", "whose"];

/// Words that end the noun phrase of an apposition before its noun is found.
const PHRASE_ENDS: &[&str] = &[
    "of", "with", "from", "in", "for", "at", "on", "to", "by", "who", "which", "that", "and", "or",
    "but", "said", "says",
];

/// Words after a person's noun that go on with an apposition: "a logistician with MSF",
/// "a mother of three", "her brother who".
const APPOSITION_GOES_ON: &[&str] = &[
    "with", "from", "of", "at", "in", "for", "who", "whose", "based", "working", "living", "and",
];

/// Prepositions of place: "In Jordan, a nurse said ..." is a place and a new subject, no
/// apposition.
const BEFORE_A_FRONTED_PLACE: &[&str] = &[
    "in",
    "inside",
    "across",
    "throughout",
    "outside",
    "near",
    "within",
    "around",
    "at",
];

/// Nouns of a street, a square, a bridge, a gate after a name ("Victoria Street", "Damascus
/// Gate", "Tahrir Square"): the facility, not the town of that name.
const STREET_NOUNS: &[&str] = &[
    "Street",
    "St",
    "Road",
    "Rd",
    "Avenue",
    "Ave",
    "Boulevard",
    "Blvd",
    "Lane",
    "Square",
    "Bridge",
    "Highway",
    "Motorway",
    "Expressway",
    "Gate",
    "Crescent",
    "Terrace",
    "Plaza",
    "Drive",
    "Parkway",
    "Roundabout",
];

/// Turns place mentions that are persons into persons (by a possessive with a personal noun:
/// with every other mention of the same name in the text; by an apposition or a cue before
/// the name: that mention only), a name before a street's noun into the street, and drops
/// Arabic common nouns.
pub fn correct(pass: &mut Pass, gazetteer: &Gazetteer) {
    let mut persons: Vec<String> = Vec::new();
    let mut person_here: Vec<usize> = Vec::new();
    let mut streets: Vec<(usize, usize)> = Vec::new();
    let mut common: Vec<usize> = Vec::new();
    let mut surnames = surnames_in_full(pass, gazetteer);
    // A surname the document also writes as a place ("in Sutton") is the place's name too:
    // the rule says nothing there.
    let placed = placed_names(pass, &surnames);
    surnames.retain(|s| !placed.contains(s));
    for (c, cand) in pass.cands.iter().enumerate() {
        if cand.dead || cand.kind != EntityKind::Loc || cand.origin == Origin::User {
            continue;
        }
        let written = pass.text.get(cand.start..cand.end).unwrap_or("");
        let tokens = cand.tokens();
        if ARABIC_COMMON.contains(&written)
            || (tokens.len() == 1
                && short_arabic_word(written, &cand.key)
                && !arabic_word_placed(pass, tokens.start))
        {
            common.push(c);
        } else if followed_by_personal_noun(pass.text.get(cand.end..).unwrap_or(""))
            && cand.tags & super::super::pipeline::COUNTRY == 0
        {
            persons.push(cand.key.clone());
        } else if person_cue(pass, gazetteer, c) || surname_alone(pass, &surnames, c) {
            person_here.push(c);
        } else if let Some(noun) = street_noun_after(pass, cand.tokens().end) {
            streets.push((c, noun));
        }
    }
    // The other way: a surname the model read as the person ("Tom Sutton ... Sutton") where
    // this very mention is written as a place ("Sutton, Massachusetts", "in Sutton") and the
    // table has a place of that name is the place.
    let table = Table::shared();
    let placed_here: Vec<usize> = pass
        .cands
        .iter()
        .enumerate()
        .filter(|(_, cand)| {
            let tokens = cand.tokens();
            !cand.dead
                && cand.kind == EntityKind::Person
                && cand.origin == Origin::Model
                && cand.detail.is_none()
                && tokens.len() == 1
                && placed.contains(&fold(pass.word(tokens.start)))
                && says_place(pass, tokens.start, tokens.end)
                && !table.named(&fold(pass.word(tokens.start))).is_empty()
        })
        .map(|(c, _)| c)
        .collect();
    for c in placed_here {
        let Some(start) = pass.cands.get(c).map(|cand| cand.tokens().start) else {
            continue;
        };
        let written = pass.word(start).to_owned();
        if let Some(cand) = pass.cands.get_mut(c) {
            cand.kind = EntityKind::Loc;
            cand.key = written;
        }
    }
    for c in common {
        pass.remove(c);
    }
    for c in person_here {
        if let Some(cand) = pass.cands.get_mut(c) {
            cand.kind = EntityKind::Person;
        }
    }
    for (c, noun) in streets {
        let Some(cand) = pass.cands.get(c) else {
            continue;
        };
        let range = cand.tokens().start..noun + 1;
        let name = pass.span_text(range.clone()).to_owned();
        pass.force_add(range, EntityKind::Loc, name, Origin::Rule);
    }
    for cand in &mut pass.cands {
        if !cand.dead
            && cand.kind == EntityKind::Loc
            && cand.origin != Origin::User
            && persons.contains(&cand.key)
        {
            cand.kind = EntityKind::Person;
        }
    }
}

/// Mention `c` is a person by the words around it: an apposition after it ("Carolina, a
/// Spanish volunteer,", "Georgia, 34,", "Jordan, her brother") or a person's noun right
/// before it ("volunteer Carolina", "my friend Chad"). An apposition with an article, and a
/// noun before the name, count only for a first name ("Syria, a teacher from Homs said" is
/// no apposition); none counts after a preposition of place ("In Jordan, a nurse said").
pub(super) fn person_cue(pass: &Pass, gazetteer: &Gazetteer, c: usize) -> bool {
    let Some(cand) = pass.cands.get(c) else {
        return false;
    };
    let tokens = cand.tokens();
    let written = pass.text.get(cand.start..cand.end).unwrap_or("");
    let first_name = !written.contains(' ') && gazetteer.is_first_name(&fold(written));
    let before = |k: usize| {
        tokens
            .start
            .checked_sub(k)
            .map_or(String::new(), |t| pass.word(t).to_lowercase())
    };
    let cue_before = pass.is(tokens.start.wrapping_sub(1), LOWER)
        && (PERSON_NOUNS.contains(&before(1).as_str())
            || (RELATIVES.contains(&before(1).as_str())
                && POSSESSIVE_DETERMINERS.contains(&before(2).as_str())));
    if cue_before && first_name {
        return true;
    }
    if BEFORE_A_FRONTED_PLACE.contains(&before(1).as_str()) || pass.word(tokens.end) != "," {
        return false;
    }
    apposition_of_a_person(pass, tokens.end + 1, first_name)
}

/// The last words of the persons the document names in full, a first name first ("Sutton"
/// of "Ashley Sutton"; not "Dubai" of "Smart Dubai", a name the model misread), folded.
fn surnames_in_full(pass: &Pass, gazetteer: &Gazetteer) -> HashSet<String> {
    pass.cands
        .iter()
        .filter(|c| !c.dead && c.kind == EntityKind::Person)
        .filter_map(|c| {
            let written = pass.text.get(c.start..c.end)?;
            let (first, last) = written.split_once(' ')?;
            let last = last.rsplit(' ').next()?;
            gazetteer.is_first_name(&fold(first)).then(|| fold(last))
        })
        .collect()
}

/// Mention `c` is one word, the surname of a person the document names in full, and nothing
/// in its place says place (see [`says_place`]; the caller leaves out the names the
/// document writes as places elsewhere): not a country, a capital, a state or a city of a
/// million ("Ian Holloway ... Holloway believes" is the man; "the fans in Holloway" the
/// district; "Sutton, London" and "the town of Sutton" the place).
fn surname_alone(pass: &Pass, surnames: &HashSet<String>, c: usize) -> bool {
    let Some(cand) = pass.cands.get(c) else {
        return false;
    };
    let written = pass.text.get(cand.start..cand.end).unwrap_or("");
    if surnames.is_empty()
        || written.contains(' ')
        || cand.tags & super::super::pipeline::COUNTRY != 0
        || !surnames.contains(&fold(written))
    {
        return false;
    }
    let tokens = cand.tokens();
    if says_place(pass, tokens.start, tokens.end) {
        return false;
    }
    // A capital, a country's, a state's or a large city's name acting stays the place
    // ("George Washington" in a text where "Washington imposed sanctions").
    let table = Table::shared();
    let folded = fold(written);
    default_reading(table, std::slice::from_ref(&folded))
        .and_then(|e| table.entry(e))
        .is_none_or(|e| {
            !matches!(
                e.class,
                Class::Capital | Class::Country | Class::Continent | Class::Region
            ) && e.population < LARGE_CITY
        })
}

/// Nouns of a place before "of": "the town of Sutton", "the port of Derna".
const PLACE_NOUNS: &[&str] = &[
    "town",
    "city",
    "village",
    "port",
    "borough",
    "suburb",
    "district",
    "county",
    "province",
    "region",
    "outskirts",
    "streets",
    "residents",
    "mayor",
    "north",
    "south",
    "east",
    "west",
];

/// The words around tokens `first..end` (a name) say it is a place: a preposition of place
/// before it ("in Sutton", "to Bolton"), a place's noun and "of" ("the town of Sutton", "the
/// mayor of Reading"), or a comma and a region or country after it ("Reading, Berkshire",
/// "Sutton, Mass.", "Sutton, Massachusetts").
pub(super) fn says_place(pass: &Pass, first: usize, end: usize) -> bool {
    let before = |k: usize| {
        first
            .checked_sub(k)
            .map_or(String::new(), |t| pass.word(t).to_lowercase())
    };
    let preposition = pass.is(first.wrapping_sub(1), LOWER) && {
        let word = before(1);
        (word != "of" && PLACE_PREPOSITIONS.contains(&word.as_str()))
            || (word == "of" && PLACE_NOUNS.contains(&before(2).as_str()))
    };
    preposition || qualified_after(pass, end)
}

/// A comma after token `end - 1` and then a place, a region or country of the table, or
/// the abbreviation of a state or province ("Sutton, Mass.").
fn qualified_after(pass: &Pass, end: usize) -> bool {
    if pass.word(end) != "," || !pass.is(end + 1, CAP) {
        return false;
    }
    if pass
        .owner(end + 1)
        .is_some_and(|n| !n.dead && n.kind == EntityKind::Loc)
    {
        return true;
    }
    let next = pass.word(end + 1);
    if super::short_forms::is_abbreviation(next) {
        return true;
    }
    let table = Table::shared();
    table
        .named(&fold(next))
        .iter()
        .filter_map(|&i| table.entry(i))
        .any(|e| matches!(e.class, Class::Country | Class::Region | Class::County))
}

/// Of `names` (folded, one word each), those the text writes somewhere as a place (see
/// [`says_place`]). One walk over the tokens.
pub(super) fn placed_names(pass: &Pass, names: &HashSet<String>) -> HashSet<String> {
    if names.is_empty() {
        return HashSet::new();
    }
    (0..pass.tokens.len())
        .filter(|&i| pass.is(i, CAP))
        .filter_map(|i| {
            let folded = fold(pass.word(i));
            (names.contains(&folded) && says_place(pass, i, i + 1)).then_some(folded)
        })
        .collect()
}

/// A city this large named alone is the city, whoever shares its name.
const LARGE_CITY: u64 = 1_000_000;

/// Words before a name that make it a place ("in Sutton", "to Bolton").
const PLACE_PREPOSITIONS: &[&str] = &[
    "in", "to", "from", "at", "near", "into", "across", "outside", "inside", "toward", "towards",
    "via", "of",
];

/// The words from token `at` (after a name and its comma) are an apposition naming a person:
/// an age and a comma or bracket ("34,"), a possessive determiner and a relative ("her
/// brother", "his younger son"), or, with `article` allowed, "a", "an" or "the" and a
/// person's noun before the phrase ends ("a Spanish volunteer", "a logistician with MSF");
/// the noun ends the apposition or goes on with it, not with a verb ("In Jordan, a nurse
/// said").
fn apposition_of_a_person(pass: &Pass, at: usize, article: bool) -> bool {
    let word = pass.word(at);
    if pass.is(at, DIGITS) {
        return word.len() <= 3
            && word
                .parse::<u32>()
                .is_ok_and(|age| (1..=120).contains(&age))
            && matches!(pass.word(at + 1), "," | ")");
    }
    let first = word.to_lowercase();
    let relative = POSSESSIVE_DETERMINERS.contains(&first.as_str());
    let with_article = article && matches!(first.as_str(), "a" | "an" | "the");
    if !(relative || with_article) {
        return false;
    }
    // At most five words of the phrase: "a 34-year-old Syrian volunteer".
    let mut words = 0;
    for t in at + 1..pass.tokens.len() {
        let w = pass.word(t);
        if !pass.is(t, WORD) {
            if w == "-" {
                continue;
            }
            return false;
        }
        let lower = w.to_lowercase();
        if pass.is(t, POSSESSIVE) || PHRASE_ENDS.contains(&lower.as_str()) {
            return false;
        }
        let noun = lower.as_str();
        let found = if relative {
            RELATIVES.contains(&noun)
        } else {
            PERSON_NOUNS.contains(&noun) || HUMAN_NOUNS.contains(&noun)
        };
        if found {
            // An apposition ends, or goes on with what the person is or does ("a
            // logistician with MSF,"); a clause goes on with its verb ("... before leaving
            // for America, her mom did send").
            let next = pass.word(t + 1);
            return t + 1 >= pass.tokens.len()
                || !pass.is(t + 1, WORD) && next != "-"
                || APPOSITION_GOES_ON.contains(&next.to_lowercase().as_str());
        }
        words += 1;
        if words >= 5 {
            return false;
        }
    }
    false
}

/// Mention `c` is a street, a square or a bridge named after something ("Victoria Street"):
/// it ends in a street's noun after a name.
pub(super) fn names_a_street(pass: &Pass, c: usize) -> bool {
    pass.cands.get(c).is_some_and(|cand| {
        let tokens = cand.tokens();
        tokens.len() >= 2
            && STREET_NOUNS.contains(&pass.word(tokens.end - 1))
            && pass.is(tokens.end - 2, CAP)
    })
}

/// The token of a street's noun right after a name ending before token `end` ("Victoria
/// Street"), if it is free for the street to take.
fn street_noun_after(pass: &Pass, end: usize) -> Option<usize> {
    let gap = pass
        .tokens
        .get(end.checked_sub(1)?)
        .zip(pass.tokens.get(end))
        .and_then(|(a, b)| pass.text.get(a.end..b.start))?;
    (gap == " " && STREET_NOUNS.contains(&pass.word(end)) && pass.is_free(end)).then_some(end)
}

/// "'s family", "’s wife": a possessive followed by a personal noun.
fn followed_by_personal_noun(rest: &str) -> bool {
    let Some(after) = rest
        .strip_prefix("'s ")
        .or_else(|| rest.strip_prefix("’s "))
    else {
        return false;
    };
    let word: String = after
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    PERSONAL.contains(&word.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_possessive_with_a_personal_noun_makes_a_person() {
        assert!(followed_by_personal_noun("'s family said"));
        assert!(followed_by_personal_noun("’s Wife"));
        assert!(!followed_by_personal_noun("'s priority"));
        assert!(!followed_by_personal_noun(" family"));
    }

    /// The kinds and texts of the mentions after this stage, `name` first given as a place.
    fn after(text: &str, name: &str) -> Vec<(EntityKind, String)> {
        use super::super::super::pipeline::Cand;
        use crate::entities::Recognizer;
        let gaz = &Recognizer::shared().gazetteer;
        let mut pass = Pass::new(text, gaz);
        let start = text.find(name).expect("in the text");
        let cand = Cand::new(
            start,
            start + name.len(),
            EntityKind::Loc,
            name.to_owned(),
            Origin::Model,
        );
        assert!(pass.try_add(cand));
        correct(&mut pass, gaz);
        pass.cands
            .iter()
            .filter(|c| !c.dead)
            .map(|c| (c.kind, text[c.start..c.end].to_owned()))
            .collect()
    }

    #[test]
    fn an_apposition_or_a_cue_of_a_person_makes_that_mention_a_person() {
        use EntityKind::{Loc, Person};
        let kind = |text: &str, name: &str| after(text, name).first().map(|c| c.0);
        for (text, name) in [
            ("Carolina, a Spanish volunteer, said so.", "Carolina"),
            ("Chad, a logistician with MSF, said so.", "Chad"),
            ("Georgia, 34, fled.", "Georgia"),
            ("Georgia, a 34-year-old nurse, fled.", "Georgia"),
            ("She came with Jordan, her younger brother.", "Jordan"),
            ("The volunteer Carolina said so.", "Carolina"),
            ("My friend Chad said so.", "Chad"),
        ] {
            assert_eq!(kind(text, name), Some(Person), "{text}");
        }
        for (text, name) in [
            // Not a person's noun, not an apposition, not a first name, a new clause.
            ("Georgia, a former Soviet republic, voted.", "Georgia"),
            ("Jordan, a close ally of Washington, voted.", "Jordan"),
            ("In Jordan, a nurse said so.", "Jordan"),
            ("Syria, a teacher with MSF, said so.", "Syria"),
            ("Before leaving for Jordan, her mother did call.", "Jordan"),
            ("Jordan, 2015, was calm.", "Jordan"),
            ("The nurse Syria sent home.", "Syria"),
        ] {
            assert_eq!(kind(text, name), Some(Loc), "{text}");
        }
    }

    #[test]
    fn a_name_before_a_streets_noun_is_the_street() {
        assert_eq!(
            after("A bomb hit Victoria Street on Monday.", "Victoria"),
            vec![(EntityKind::Loc, "Victoria Street".to_owned())]
        );
        assert_eq!(
            after("Victoria said the street was closed.", "Victoria"),
            vec![(EntityKind::Loc, "Victoria".to_owned())]
        );
    }
}
