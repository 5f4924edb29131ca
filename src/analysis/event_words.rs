//! The words [`super::events`] reads: what reports a one-time event (its triggers, with
//! where the entity it happens to stands), and the cues that make a sentence say
//! something other than "this happened then" (a recurrence, an anniversary, a prediction,
//! a condition, a denial). Lower case; a trigger of several words is matched word by word.

use crate::entities::EntityKind;

/// A kind of event that happens once to the same person, place or organisation.
pub struct OnceKind {
    /// Its name as shown ("fall", "death").
    pub name: &'static str,
    /// The kind of entity it most often happens to: the kind given to a name the
    /// recogniser did not list.
    pub usual: EntityKind,
    /// The kinds of entity it cannot happen to (a place does not die): a name of such a
    /// kind where its subject should be is not its subject ("In Aleppo, ... were killed").
    pub never: &'static [EntityKind],
}

const NOT_A_PERSON: &[EntityKind] = &[EntityKind::Loc, EntityKind::Norp];

const fn kind(name: &'static str, usual: EntityKind, never: &'static [EntityKind]) -> OnceKind {
    OnceKind { name, usual, never }
}

const FALL: OnceKind = kind("fall", EntityKind::Loc, &[EntityKind::Norp]);
const DEATH: OnceKind = kind("death", EntityKind::Person, NOT_A_PERSON);
const BIRTH: OnceKind = kind("birth", EntityKind::Person, NOT_A_PERSON);
const FOUNDING: OnceKind = kind("founding", EntityKind::Org, &[]);
const INDEPENDENCE: OnceKind = kind("independence", EntityKind::Loc, &[EntityKind::Person]);
const TOOK_POWER: OnceKind = kind("taking power", EntityKind::Person, NOT_A_PERSON);
const EXECUTION: OnceKind = kind("execution", EntityKind::Person, NOT_A_PERSON);
const RESIGNATION: OnceKind = kind("resignation", EntityKind::Person, NOT_A_PERSON);
const LIBERATION: OnceKind = kind("liberation", EntityKind::Loc, &[EntityKind::Norp]);

/// Every kind of one-time event.
pub const ONCE_KINDS: &[&OnceKind] = &[
    &FALL,
    &DEATH,
    &BIRTH,
    &FOUNDING,
    &INDEPENDENCE,
    &TOOK_POWER,
    &EXECUTION,
    &RESIGNATION,
    &LIBERATION,
];

/// Where the entity an event happens to stands relative to the trigger.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Before it: the subject of an intransitive verb ("Mosul fell", "Prigozhin died").
    Before,
    /// After it: the object of a transitive verb ("ISIL overran Mosul").
    After,
    /// After it, through "to" ("brought an end to the rule of the Assad family").
    AfterTo,
    /// A verb that is passive ("Mosul was captured", "captured by ISIL": before) or active
    /// ("ISIL captured Mosul": after).
    Voice,
    /// After it when an entity follows, else before ("ended the Assad family's rule",
    /// "Assad's rule ended").
    Either,
    /// A noun: "the fall of X", "X's fall".
    Noun,
    /// A noun or an intransitive verb ("the fall of X", "X's fall", "X will fall").
    NounOrBefore,
    /// A second time ("recaptured", "retook"): the date is not the one-time event's.
    Again,
}

/// A word or phrase reporting an event.
pub struct Trigger {
    /// The words, lower case.
    pub words: &'static [&'static str],
    /// The kind of event (`None` for [`Role::Again`]).
    pub kind: Option<&'static OnceKind>,
    /// Where the entity it happens to stands.
    pub role: Role,
}

const fn t(words: &'static [&'static str], kind: &'static OnceKind, role: Role) -> Trigger {
    Trigger {
        words,
        kind: Some(kind),
        role,
    }
}

const fn again(words: &'static [&'static str]) -> Trigger {
    Trigger {
        words,
        kind: None,
        role: Role::Again,
    }
}

/// Every trigger. Where several start at one word, the longest is read.
pub const TRIGGERS: &[Trigger] = &[
    // Fall or capture.
    t(&["fell"], &FALL, Role::Before),
    t(&["falls"], &FALL, Role::Before),
    t(&["fallen"], &FALL, Role::Before),
    t(&["fall"], &FALL, Role::NounOrBefore),
    t(&["downfall"], &FALL, Role::Noun),
    t(&["collapse"], &FALL, Role::NounOrBefore),
    t(&["collapsed"], &FALL, Role::Before),
    t(&["capture"], &FALL, Role::Noun),
    t(&["captured"], &FALL, Role::Voice),
    t(&["taken"], &FALL, Role::Voice),
    t(&["seized"], &FALL, Role::Voice),
    t(&["seizure"], &FALL, Role::Noun),
    t(&["overran"], &FALL, Role::After),
    t(&["overrun"], &FALL, Role::Before),
    t(&["surrendered"], &FALL, Role::Before),
    t(&["toppled"], &FALL, Role::Voice),
    t(&["ousted"], &FALL, Role::Voice),
    t(&["ouster"], &FALL, Role::Noun),
    t(&["overthrown"], &FALL, Role::Before),
    t(&["overthrew"], &FALL, Role::After),
    t(&["overthrow"], &FALL, Role::Noun),
    t(&["brought", "an", "end"], &FALL, Role::AfterTo),
    t(&["put", "an", "end"], &FALL, Role::AfterTo),
    t(&["ending"], &FALL, Role::After),
    t(&["ended"], &FALL, Role::Either),
    t(&["took", "control"], &FALL, Role::Noun),
    t(&["takeover"], &FALL, Role::Noun),
    // Death.
    t(&["died"], &DEATH, Role::Before),
    t(&["dies"], &DEATH, Role::Before),
    t(&["passed", "away"], &DEATH, Role::Before),
    t(&["death"], &DEATH, Role::Noun),
    t(&["deaths"], &DEATH, Role::Noun),
    t(&["killed", "himself"], &DEATH, Role::Before),
    t(&["killed", "herself"], &DEATH, Role::Before),
    t(&["killed"], &DEATH, Role::Voice),
    t(&["killing"], &DEATH, Role::Noun),
    t(&["killings"], &DEATH, Role::Noun),
    t(&["perished"], &DEATH, Role::Before),
    t(&["shot", "dead"], &DEATH, Role::Before),
    t(&["assassinated"], &DEATH, Role::Voice),
    t(&["assassination"], &DEATH, Role::Noun),
    t(&["assassinations"], &DEATH, Role::Noun),
    t(&["murdered"], &DEATH, Role::Voice),
    t(&["murder"], &DEATH, Role::Noun),
    t(&["found", "dead"], &DEATH, Role::Before),
    t(&["demise"], &DEATH, Role::Noun),
    // Birth.
    t(&["born"], &BIRTH, Role::Before),
    t(&["birth"], &BIRTH, Role::Noun),
    // Founding.
    t(&["founded"], &FOUNDING, Role::Voice),
    t(&["founding"], &FOUNDING, Role::Noun),
    t(&["foundation"], &FOUNDING, Role::Noun),
    t(&["established"], &FOUNDING, Role::Voice),
    t(&["establishment"], &FOUNDING, Role::Noun),
    t(&["formed"], &FOUNDING, Role::Voice),
    t(&["formation"], &FOUNDING, Role::Noun),
    t(&["created"], &FOUNDING, Role::Voice),
    t(&["creation"], &FOUNDING, Role::Noun),
    t(&["set", "up"], &FOUNDING, Role::Voice),
    // Independence.
    t(&["declared", "independence"], &INDEPENDENCE, Role::Before),
    t(&["gained", "independence"], &INDEPENDENCE, Role::Before),
    t(&["won", "independence"], &INDEPENDENCE, Role::Before),
    t(&["became", "independent"], &INDEPENDENCE, Role::Before),
    t(&["proclaimed", "independence"], &INDEPENDENCE, Role::Before),
    t(
        &["declaration", "of", "independence"],
        &INDEPENDENCE,
        Role::Noun,
    ),
    t(&["independence"], &INDEPENDENCE, Role::NounOrBefore),
    // Taking power.
    t(&["took", "power"], &TOOK_POWER, Role::Before),
    t(&["seized", "power"], &TOOK_POWER, Role::Before),
    t(&["came", "to", "power"], &TOOK_POWER, Role::Before),
    t(&["assumed", "power"], &TOOK_POWER, Role::Before),
    t(&["took", "office"], &TOOK_POWER, Role::Before),
    t(&["assumed", "office"], &TOOK_POWER, Role::Before),
    t(&["sworn", "in"], &TOOK_POWER, Role::Before),
    t(&["inaugurated"], &TOOK_POWER, Role::Before),
    t(&["rise", "to", "power"], &TOOK_POWER, Role::Noun),
    t(&["inauguration"], &TOOK_POWER, Role::Noun),
    t(&["rose", "to", "power"], &TOOK_POWER, Role::Before),
    t(&["seizure", "of", "power"], &TOOK_POWER, Role::Noun),
    t(&["coup"], &TOOK_POWER, Role::Noun),
    t(&["became", "president"], &TOOK_POWER, Role::Before),
    t(&["became", "prime", "minister"], &TOOK_POWER, Role::Before),
    // Execution.
    t(&["executed"], &EXECUTION, Role::Voice),
    t(&["execution"], &EXECUTION, Role::Noun),
    t(&["executions"], &EXECUTION, Role::Noun),
    t(&["hanged"], &EXECUTION, Role::Before),
    t(&["put", "to", "death"], &EXECUTION, Role::Before),
    t(&["beheaded"], &EXECUTION, Role::Voice),
    t(&["beheading"], &EXECUTION, Role::Noun),
    t(&["hanging"], &EXECUTION, Role::Noun),
    // Resignation.
    t(&["resigned"], &RESIGNATION, Role::Before),
    t(&["resigns"], &RESIGNATION, Role::Before),
    t(&["stepped", "down"], &RESIGNATION, Role::Before),
    t(&["resignation"], &RESIGNATION, Role::Noun),
    t(&["stepped", "aside"], &RESIGNATION, Role::Before),
    // Liberation.
    t(&["liberated"], &LIBERATION, Role::Voice),
    t(&["liberation"], &LIBERATION, Role::Noun),
    t(&["freed"], &LIBERATION, Role::Voice),
    // A second time.
    again(&["taken", "back"]),
    again(&["took", "back"]),
    again(&["recaptured"]),
    again(&["recapture"]),
    again(&["retook"]),
    again(&["retaken"]),
    again(&["retake"]),
    again(&["reconquered"]),
    again(&["regained"]),
    again(&["re", "established"]),
    again(&["reestablished"]),
    again(&["refounded"]),
    again(&["re", "founded"]),
    again(&["reborn"]),
    again(&["re", "elected"]),
    again(&["reelected"]),
    again(&["reinstated"]),
    t(&["took"], &FALL, Role::After),
];

/// Words that make the event a recurrence ("fell again", "for the second time").
pub const RECURRENCE: &[&[&str]] = &[
    &["again"],
    &["anew"],
    &["once", "more"],
    &["second", "time"],
    &["third", "time"],
    &["another", "time"],
    // A term of office after the first ("took office for a second term").
    &["second", "term"],
    &["third", "term"],
    &["fourth", "term"],
    &["another", "term"],
    &["new", "term"],
    &["second", "stint"],
    &["returned", "to", "power"],
    &["return", "to", "power"],
];

/// Words that make the date an anniversary or a commemoration of the event, or a time
/// measured from it ("ten years after the fall").
pub const ANNIVERSARY: &[&[&str]] = &[
    &["anniversary"],
    &["anniversaries"],
    &["commemorate"],
    &["commemorated"],
    &["commemorates"],
    &["commemorating"],
    &["commemoration"],
    &["commemorations"],
    &["memorial"],
    &["remembrance"],
    &["remembered"],
    &["jubilee"],
    &["centenary"],
    &["centennial"],
    &["independence", "day"],
    &["years", "after"],
    &["years", "since"],
    &["years", "on"],
    &["months", "after"],
    &["months", "since"],
    &["decades", "after"],
    &["decade", "after"],
    &["year", "after"],
];

/// Words that make the date a celebration of the event when they come before it
/// ("celebrated the birth of", but not "the liberation of Kobani was celebrated").
pub const CELEBRATION: &[&[&str]] = &[
    &["celebrated"],
    &["celebrates"],
    &["celebrate"],
    &["celebrating"],
    &["celebration"],
    &["celebrations"],
    &["celebration", "of"],
];

/// Words that make the event expected, feared, planned or possible rather than reported.
pub const PREDICTION: &[&[&str]] = &[
    &["would"],
    &["will"],
    &["could"],
    &["might"],
    &["shall"],
    &["should"],
    &["expected"],
    &["expect"],
    &["expects"],
    &["expecting"],
    &["predicted"],
    &["predict"],
    &["predicts"],
    &["prediction"],
    &["forecast"],
    &["forecasts"],
    &["likely"],
    &["unlikely"],
    &["probably"],
    &["possible"],
    &["possibly"],
    &["plan"],
    &["plans"],
    &["planned"],
    &["planning"],
    &["threatened"],
    &["threatens"],
    &["threaten"],
    &["aims"],
    &["aimed"],
    &["intends"],
    &["intended"],
    &["feared"],
    &["fears"],
    &["fear"],
    &["warned"],
    &["warns"],
    &["projected"],
    &["poised"],
    &["imminent"],
    &["hoped"],
    &["hopes"],
    &["vowed"],
    &["vows"],
    &["promised"],
    &["promises"],
    &["going", "to"],
    &["about", "to"],
    &["set", "to"],
    &["scheduled"],
    &["due", "to", "be"],
];

/// Words that make the sentence a condition ("if Mosul falls").
pub const CONDITION: &[&[&str]] = &[
    &["if"],
    &["unless"],
    &["whether"],
    &["in", "case"],
    &["provided", "that"],
];

/// Words that deny the event or make it an attempt, near the trigger ("did not fall").
pub const NEGATION: &[&[&str]] = &[
    &["not"],
    &["never"],
    &["no"],
    &["nor"],
    &["neither"],
    &["without"],
    &["failed"],
    &["fails"],
    &["attempt"],
    &["attempted"],
    &["attempts"],
    &["tried"],
    &["plot"],
    &["survived"],
];

/// Words that deny or doubt the report anywhere in the sentence ("reports that he died in
/// 2019 were false").
pub const DENIAL: &[&[&str]] = &[
    &["denied"],
    &["denies"],
    &["deny"],
    &["false"],
    &["falsely"],
    &["rumour"],
    &["rumours"],
    &["rumoured"],
    &["rumor"],
    &["rumors"],
    &["rumored"],
    &["hoax"],
    &["erroneously"],
    &["wrongly"],
    &["incorrectly"],
];

/// Words between an event and a later date that make the date another event's ("fell
/// two weeks after the elections of 30 April").
pub const OTHER_TIME: &[&str] = &[
    "after",
    "before",
    "since",
    "until",
    "following",
    "prior",
    "when",
    "while",
    "which",
    "who",
];

/// Words a clause starts with; the subject of a verb is not looked for beyond them.
pub const CLAUSE_START: &[&str] = &[
    "and", "but", "while", "after", "before", "when", "because", "as", "since", "then", "than",
    "whereas", "although", "though",
];

/// Words the object of a verb is not looked for beyond (a preposition that starts another
/// phrase: "established relations with Syria", "killed ten soldiers in Mosul").
pub const OBJECT_STOP: &[&str] = &[
    "with", "in", "at", "to", "from", "by", "on", "for", "against", "after", "before", "during",
    "into", "near", "and", "but", "as", "while", "when", "which", "who",
];

/// Verbs of saying: between a date and an event's trigger they make the date the saying's
/// ("In a report published on 2 May 2020, the UN said Mosul fell in June 2014"). Words
/// that are as often nouns ("reports", "claims", "states", "notes") are left out.
pub const REPORTING: &[&str] = &[
    "said",
    "says",
    "told",
    "tells",
    "recalled",
    "recalls",
    "remembered",
    "remembers",
    "described",
    "describes",
    "wrote",
    "writes",
    "reported",
    "noted",
    "explained",
    "explains",
    "stated",
    "argued",
    "argues",
    "recounted",
    "recounts",
    "testified",
    "insisted",
    "insists",
    "acknowledged",
    "admitted",
    "recalling",
    "describing",
    "explaining",
    "writing",
];

/// Words that say a clause before a comma is only the date's frame ("On 10 June 2014,",
/// "Early in the morning of 8 December 2024,"): any other word makes the clause about
/// something else ("Speaking on 12 March 2019,", "In his 2018 book,").
pub const DATE_FRAME: &[&str] = &[
    "on",
    "in",
    "at",
    "by",
    "during",
    "of",
    "the",
    "early",
    "late",
    "mid",
    "around",
    "about",
    "then",
    "morning",
    "afternoon",
    "evening",
    "night",
    "day",
    "end",
    "start",
    "beginning",
    "middle",
    "until",
    "and",
    "or",
    "just",
    "shortly",
    "sometime",
    "exactly",
    "precisely",
];

/// Nouns of a person's relatives and people in their service: after a possessive ("Ahmed
/// Karimi's daughter", "Soleimani's deputy") or before "of" ("the son of Hosni Mubarak")
/// they make the clause's event that person's, not the named one's.
pub const RELATIVES: &[&str] = &[
    "son",
    "sons",
    "daughter",
    "daughters",
    "child",
    "children",
    "wife",
    "wives",
    "husband",
    "widow",
    "widower",
    "father",
    "mother",
    "parents",
    "brother",
    "brothers",
    "sister",
    "sisters",
    "grandson",
    "granddaughter",
    "grandchild",
    "grandfather",
    "grandmother",
    "nephew",
    "niece",
    "uncle",
    "aunt",
    "cousin",
    "fiance",
    "fiancé",
    "fiancée",
    "in-law",
    "deputy",
    "deputies",
    "aide",
    "aides",
    "bodyguard",
    "bodyguards",
    "driver",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "adviser",
    "advisor",
    "successor",
    "predecessor",
    "lieutenant",
    "envoy",
    "secretary",
    "assistant",
    "associate",
    "partner",
    "friend",
    "relative",
    "relatives",
    "heir",
    "stepson",
    "stepdaughter",
    "son-in-law",
];

/// Auxiliaries before a passive participle ("was captured").
pub const PASSIVE_AUX: &[&str] = &["was", "were", "been", "being", "is", "are", "be", "got"];
