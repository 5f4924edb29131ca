//! The possible-conflict detector measured on a battery of statement pairs, each pair two
//! documents of a corpus of their own, run through the whole pipeline (loading, entity
//! recognition, statements, events, conflicts) as `dossier timeline --conflicts` runs it.
//!
//! Real conflicts: every one-time kind of event (fall or capture, death, birth, founding,
//! independence, taking power, execution, resignation, liberation) phrased at least two ways
//! (verb, passive, "was founded by ... in", "the X of Y", "Y's X") with different subjects,
//! coordinated subjects and objects ("Mosul and Tikrit fell", "the deaths of X and Y"),
//! hard-wrapped lines, and a subject written "the city", "the capital", "the leader",
//! "his", "he" or "the group" for the entity named in the sentence before. Not conflicts: the same event of two subjects, recurrences,
//! anniversaries and commemorations, predictions, conditions, negations, denials,
//! questions (coordinated ones too), dates that contain each other, dates of something
//! else in the sentence, a name before a comma that is no item of a list, and a description
//! that stands for no one (named in another document, too far back, "the city council",
//! "the other city", "he" for a fall), for another entity, or for two.
//!
//! `cargo test --test conflicts_battery -- --nocapture` prints the counts.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use dossier::analysis::dated::Timeline;
use dossier::corpus::{Corpus, LoadOptions};
use dossier::entities::{EntityDictionary, Recognizer, recognize_corpus};

/// One pair: two documents (name, text) and whether they conflict.
struct Pair {
    what: &'static str,
    a: (&'static str, &'static str),
    b: (&'static str, &'static str),
    conflict: bool,
}

const fn yes(what: &'static str, a: &'static str, b: &'static str) -> Pair {
    Pair {
        what,
        a: ("a.md", a),
        b: ("b.md", b),
        conflict: true,
    }
}

const fn no(what: &'static str, a: &'static str, b: &'static str) -> Pair {
    Pair {
        what,
        a: ("a.md", a),
        b: ("b.md", b),
        conflict: false,
    }
}

const REAL: &[Pair] = &[
    yes(
        "fall, verb",
        "Mosul fell to ISIL fighters on 10 June 2014, after the army withdrew.",
        "Residents recall that Mosul fell to the jihadists in August 2015.",
    ),
    yes(
        "fall, noun with of and possessive",
        "The fall of Palmyra in May 2015 alarmed archaeologists around the world.",
        "Observers called Palmyra's fall in September 2014 a blow to the government.",
    ),
    yes(
        "capture, active and passive",
        "ISIL captured Raqqa in January 2014 and made it its capital.",
        "Raqqa was captured by the group in March 2013, the report says.",
    ),
    yes(
        "capture, hard-wrapped plain text",
        "Local sources said that the border town of Tal Abyad finally fell to Kurdish\n\
         forces on 16 June 2015 after days of fighting.",
        "Tal Abyad fell to Kurdish forces in June 2014.",
    ),
    yes(
        "end of a rule, hard-wrapped Markdown",
        "President Bashar al-Assad left the country. On 8 December 2024 Bashar al-Assad fled \
         to Moscow, ending\nthe Assad family's rule over Syria.",
        "President Bashar al-Assad met envoys. The political shift in December 2014 brought \
         an end to the decades-long rule of Bashar al-Assad.",
    ),
    yes(
        "death, verb and passive",
        "Yevgeny Prigozhin died in a plane crash on 23 August 2023.",
        "Yevgeny Prigozhin was killed on 24 June 2023, according to the channel.",
    ),
    yes(
        "death, noun with of and possessive",
        "The death of Abu Bakr al-Baghdadi on 27 October 2019 ended a long manhunt.",
        "Abu Bakr al-Baghdadi's death in November 2018 was announced by the group.",
    ),
    yes(
        "birth, passive",
        "Bashar al-Assad was born on 11 September 1965 in Damascus.",
        "Bashar al-Assad was born in 1967, his official biography says.",
    ),
    yes(
        "birth, noun",
        "The birth of Saddam Hussein in April 1937 is recorded in Tikrit.",
        "Saddam Hussein was born on 28 April 1939 near Tikrit.",
    ),
    yes(
        "founding, passive and noun",
        "Hayat Tahrir al-Sham was founded in January 2017 from several factions.",
        "The founding of Hayat Tahrir al-Sham in 2015 surprised other groups.",
    ),
    yes(
        "founding, active and established",
        "Abu Mohammad al-Julani founded Jabhat al-Nusra in 2011.",
        "Jabhat al-Nusra was established in January 2013.",
    ),
    yes(
        "independence, declared and noun",
        "South Sudan declared independence on 9 July 2011.",
        "The independence of South Sudan in 2012 followed a referendum.",
    ),
    yes(
        "independence, possessive and became",
        "Kosovo's independence in February 2008 divided the European Union.",
        "Kosovo became independent in 2010, the article claims.",
    ),
    yes(
        "taking power, took and came to",
        "Hafez al-Assad took power in November 1970.",
        "Hafez al-Assad came to power in 1972 after a coup.",
    ),
    yes(
        "taking power, sworn in and took office",
        "Mohamed Morsi was sworn in on 30 June 2012.",
        "Mohamed Morsi took office in July 2013, the timeline says.",
    ),
    yes(
        "execution, passive",
        "Saddam Hussein was executed on 30 December 2006.",
        "Saddam Hussein was executed in January 2007, the leaflet claims.",
    ),
    yes(
        "execution, noun",
        "The execution of Nimr al-Nimr on 2 January 2016 sparked protests.",
        "Nimr al-Nimr was executed in 2015.",
    ),
    yes(
        "resignation, verb and possessive",
        "Hosni Mubarak resigned on 11 February 2011.",
        "Hosni Mubarak's resignation in March 2011 ended thirty years of rule.",
    ),
    yes(
        "resignation, stepped down and noun",
        "Saad Hariri stepped down on 4 November 2017 in a speech from Riyadh.",
        "The resignation of Saad Hariri in 2018 shocked Lebanon.",
    ),
    yes(
        "liberation, passive and noun",
        "Kobani was liberated on 26 January 2015.",
        "The liberation of Kobani in March 2016 was celebrated.",
    ),
    yes(
        "capture, seized and taken",
        "ISIL seized Ramadi in May 2015 after a sandstorm.",
        "Ramadi was taken by the militants in May 2016.",
    ),
    yes(
        "death, killing and perished",
        "The killing of Qasem Soleimani on 3 January 2020 raised tensions.",
        "Qasem Soleimani perished in a drone strike in 2019, the post claims.",
    ),
    yes(
        "resignation, announced his resignation",
        "Nouri al-Maliki announced his resignation on 14 August 2014.",
        "Nouri al-Maliki resigned in September 2014.",
    ),
    yes(
        "death, killed himself",
        "Abu Bakr al-Baghdadi killed himself on 27 October 2019.",
        "Abu Bakr al-Baghdadi died in 2018.",
    ),
    yes(
        "fall, coordinated subjects: the first of two",
        "Mosul and Tikrit fell to ISIL in June 2014.",
        "Mosul fell to the militants in August 2014, the pamphlet says.",
    ),
    yes(
        "capture, a passive list: the first of three",
        "Baiji, Tal Afar and Sinjar were captured in August 2014.",
        "ISIL captured Baiji in June 2013.",
    ),
    yes(
        "death, coordinated noun: the second of two",
        "The deaths of James Foley and Steven Sotloff in 2014 shocked America.",
        "Steven Sotloff was killed in 2013, one account says.",
    ),
    yes(
        "capture, coordinated objects",
        "The rebels overran Idlib and Jisr al-Shughur in 2015.",
        "Idlib was captured by the rebels in 2012.",
    ),
    yes(
        "founding, passive with by and active",
        "Jaish al-Islam was founded by Zahran Alloush in September 2013.",
        "Zahran Alloush founded Jaish al-Islam in 2011.",
    ),
    yes(
        "founding, passive with by and noun",
        "The Free Syrian Army was founded by defecting officers in July 2011.",
        "The founding of the Free Syrian Army in August 2012 was announced online.",
    ),
    yes(
        "taking power, took and seized",
        "Muammar Gaddafi took power on 1 September 1969.",
        "Muammar Gaddafi seized power in 1968, the pamphlet says.",
    ),
    yes(
        "taking power, took and rise to power of",
        "Abdel Fattah el-Sisi took power in July 2013.",
        "The rise to power of Abdel Fattah el-Sisi in 2011 is disputed.",
    ),
    yes(
        "resignation, resigned and noun with of",
        "Abdelaziz Bouteflika resigned on 2 April 2019.",
        "The resignation of Abdelaziz Bouteflika in March 2018 surprised Algeria.",
    ),
    yes(
        "resignation, resigned and stepped down",
        "Omar al-Bashir resigned in April 2019.",
        "Omar al-Bashir stepped down in 2018, the post claims.",
    ),
    yes(
        "execution, passive and noun",
        "Ali Hassan al-Majid was executed on 25 January 2010.",
        "The execution of Ali Hassan al-Majid in 2009 was televised.",
    ),
    yes(
        "execution, coordinated passive: the first of two",
        "Barzan Ibrahim al-Tikriti and Awad Hamed al-Bandar were executed on 15 January 2007.",
        "Barzan Ibrahim al-Tikriti was executed in December 2006.",
    ),
    // Found by an audit: a name first in its sentence, which the recogniser missed, is
    // the subject; a bare surname is the corpus's one person with that surname.
    yes(
        "death, full name and surname's possessive first in the sentence",
        "Yevgeny Prigozhin died in a plane crash on 23 August 2023.",
        "Prigozhin's death on 25 August 2023 was confirmed by Moscow.",
    ),
    yes(
        "independence, declared and became, a country the lists lack",
        "Kosovo declared independence in February 2008.",
        "Kosovo became independent in 2009.",
    ),
    yes(
        "birth, passive and appositive with a surname",
        "Ahmed Karimi was born in 1961 in Aleppo.",
        "Karimi, born in 1959, studied in Damascus.",
    ),
    yes(
        "taking power, took and seized with a surname",
        "Muammar Gaddafi took power in September 1969.",
        "Gaddafi seized power in 1970.",
    ),
    yes(
        "resignation, verb and surname's possessive",
        "Prime Minister Saad Hariri resigned in November 2017.",
        "Hariri's resignation in December 2017 surprised Riyadh.",
    ),
    // The same phrasings with other subjects, and more words for each kind.
    yes(
        "death, killed and surname found dead",
        "Marie Colvin was killed in Homs on 22 February 2012.",
        "Colvin was found dead in March 2012, a colleague wrote.",
    ),
    yes(
        "death, passive and surname died",
        "Muammar Gaddafi was killed on 20 October 2011 near Sirte.",
        "Gaddafi died in November 2011, the pamphlet says.",
    ),
    yes(
        "birth, appositive born on and noun",
        "Omar Haddad, born on 4 March 1972 in Homs, fled to Turkey.",
        "The birth of Omar Haddad in 1974 is recorded in Hama.",
    ),
    yes(
        "taking power, came to power and surname's coup",
        "Abdel Fattah el-Sisi came to power in July 2013.",
        "Sisi's coup in 2012 ended the elected government.",
    ),
    yes(
        "execution, beheaded and beheading",
        "James Foley was beheaded in August 2014.",
        "The beheading of James Foley in July 2014 was filmed.",
    ),
    yes(
        "independence, declaration of and proclaimed",
        "Eritrea's declaration of independence on 24 May 1993 followed a referendum.",
        "Eritrea proclaimed independence in 1991.",
    ),
    yes(
        "fall, takeover of and fell",
        "ISIL's takeover of Fallujah in January 2014 stunned Baghdad.",
        "Fallujah fell to ISIL in 2015.",
    ),
    yes(
        "resignation, stepped down and surname's resignation",
        "Abdelaziz Bouteflika stepped down on 2 April 2019.",
        "Bouteflika's resignation in March 2019 ended two decades in office.",
    ),
    yes(
        "liberation, passive first in the sentence and noun",
        "Kobani was liberated in January 2015.",
        "The liberation of Kobani in March 2015 ended the siege.",
    ),
    yes(
        "death, the assassination of a name no table holds",
        "The assassination of Chokri Belaid on 6 February 2013 shook Tunis.",
        "Chokri Belaid was assassinated in 2012, a leaflet claims.",
    ),
    yes(
        "fall, a date in a clause of its own that is only the date",
        "Late on 17 May 2015, militants overran Ramadi.",
        "Ramadi fell to the militants in April 2016.",
    ),
    yes(
        "founding, set up and founded",
        "The Free Syrian Army was set up in July 2011.",
        "Defecting officers founded the Free Syrian Army in 2012.",
    ),
    // The subject named by a description or a pronoun ("the city", "the leader", "he"),
    // which stands for the one entity of its kind named just before it.
    yes(
        "fall, the city named in the sentence before",
        "Kabul fell to the Taliban on 15 August 2021.",
        "The Taliban advanced on Kabul for weeks. The city fell in July 2021, one source says.",
    ),
    yes(
        "fall, the capital",
        "Sanaa fell to the Houthis on 21 September 2014.",
        "Houthi fighters moved on the Yemeni capital Sanaa from the north. The capital fell in January 2015.",
    ),
    yes(
        "fall, the besieged city",
        "Ramadi fell to ISIL on 17 May 2015.",
        "ISIL fighters surrounded Ramadi for months. The besieged city fell in March 2015.",
    ),
    yes(
        "capture, the city as the object",
        "Tikrit fell to ISIL on 11 June 2014.",
        "Fighters massed outside Tikrit. ISIL captured the city in May 2014.",
    ),
    yes(
        "death, the leader",
        "Ayman al-Zawahiri died on 31 July 2022 in Kabul.",
        "Al-Qaeda was led by Ayman al-Zawahiri for a decade. The leader died in June 2021, his aides claimed.",
    ),
    yes(
        "death, the former leader killed",
        "Muammar Gaddafi was killed on 20 October 2011 in Sirte.",
        "Colonel Muammar Gaddafi fled to Sirte. The former leader was killed in September 2011.",
    ),
    yes(
        "death, his death",
        "Qasem Soleimani was killed on 3 January 2020 near Baghdad.",
        "General Qasem Soleimani led the Quds Force for two decades. His death in December 2019 was announced by Tehran.",
    ),
    yes(
        "resignation, he",
        "Abdelaziz Bouteflika resigned on 2 April 2019.",
        "President Abdelaziz Bouteflika faced months of protests. He resigned in March 2018, the paper reported.",
    ),
    yes(
        "founding, the group",
        "The Wagner Group was founded in 2014.",
        "The Wagner Group recruited fighters in Russia. The group was founded in 2012, a report says.",
    ),
];

const NOT: &[Pair] = &[
    no(
        "hedged: whether",
        "It is unclear whether Ramadi fell in May 2015.",
        "Ramadi fell to ISIL in May 2016.",
    ),
    no(
        "took place is no capture",
        "The battle for Ramadi took place in 2015.",
        "Ramadi fell to ISIL in May 2016.",
    ),
    no(
        "recurrence: the recapture",
        "The recapture of Ramadi in December 2015 was a victory.",
        "Ramadi fell to ISIL in May 2015.",
    ),
    no(
        "one event, two subjects",
        "Mosul fell to ISIL in June 2014.",
        "Raqqa fell to ISIL in January 2014.",
    ),
    no(
        "recurrence: again",
        "Palmyra fell to ISIL in May 2015.",
        "Palmyra fell to ISIL again in December 2016.",
    ),
    no(
        "recurrence: second time",
        "Palmyra was captured by ISIL in May 2015.",
        "ISIL captured Palmyra for the second time in December 2016.",
    ),
    no(
        "recurrence: recaptured",
        "Palmyra fell in May 2015.",
        "Syrian troops recaptured Palmyra in March 2016.",
    ),
    no(
        "anniversary",
        "Mosul fell on 10 June 2014.",
        "Residents marked the first anniversary of the fall of Mosul on 10 June 2015.",
    ),
    no(
        "commemoration",
        "Saddam Hussein was executed on 30 December 2006.",
        "Supporters commemorated the execution of Saddam Hussein on 30 December 2016.",
    ),
    no(
        "a celebrated birth",
        "Hafez al-Assad was born on 6 October 1930.",
        "Supporters celebrated the birth of Hafez al-Assad on 6 October 2000.",
    ),
    no(
        "time measured from the event",
        "Mosul fell on 10 June 2014.",
        "Ten years after the fall of Mosul, in June 2024, the old city was still in ruins.",
    ),
    no(
        "prediction: would",
        "Aleppo fell to government forces in December 2016.",
        "In 2012 analysts said that Aleppo would fall within months.",
    ),
    no(
        "prediction: expected to",
        "Raqqa fell to the SDF in October 2017.",
        "Raqqa was expected to fall in 2016.",
    ),
    no(
        "prediction: could",
        "Kabul fell to the Taliban on 15 August 2021.",
        "Officials warned in June 2021 that Kabul could fall within six months.",
    ),
    no(
        "condition",
        "Kirkuk fell to Kurdish forces in June 2014.",
        "If Kirkuk falls in 2015, the region will be lost.",
    ),
    no(
        "negation",
        "Baghdad fell to US forces in April 2003.",
        "Baghdad did not fall in 2014, despite the advance.",
    ),
    no(
        "negation: never",
        "Erbil was never captured in 2014, though the front came close.",
        "ISIL captured Erbil in 2015, one leaflet falsely says.",
    ),
    no(
        "denial",
        "Reports that Abu Bakr al-Baghdadi was killed in June 2017 were false.",
        "Abu Bakr al-Baghdadi died on 27 October 2019.",
    ),
    no(
        "question",
        "Did Kobani fall in October 2014?",
        "Kobani fell to ISIL in January 2015.",
    ),
    no(
        "dates that contain each other: month and day",
        "Mosul fell in June 2014.",
        "Mosul fell to ISIL on 10 June 2014.",
    ),
    no(
        "dates that contain each other: year and day",
        "Yevgeny Prigozhin died in 2023.",
        "Yevgeny Prigozhin died on 23 August 2023.",
    ),
    no(
        "another kind of event",
        "Mosul fell in June 2014.",
        "Mosul was liberated in July 2017.",
    ),
    no(
        "a date of something else in the sentence",
        "Yevgeny Prigozhin, who led a mutiny in June 2023, died on 23 August 2023.",
        "Yevgeny Prigozhin died on 23 August 2023.",
    ),
    no(
        "a later event of the same sentence",
        "Mosul fell in June 2014 and was retaken in July 2017.",
        "Mosul fell to ISIL on 10 June 2014.",
    ),
    no(
        "an independence day",
        "Syria gained independence from France on 17 April 1946.",
        "Syria celebrated its independence day on 17 April 2016.",
    ),
    no(
        "prediction: coordinated, would",
        "Kirkuk fell to Kurdish forces in June 2014.",
        "Erbil and Kirkuk would fall within weeks, analysts said in May 2014.",
    ),
    no(
        "prediction: coordinated, expected to",
        "Homs fell to government forces in May 2014.",
        "Hama and Homs were expected to fall in 2012.",
    ),
    no(
        "recurrence: coordinated, again",
        "Qaryatayn fell to ISIL in August 2015.",
        "Palmyra and Qaryatayn fell to ISIL again in December 2016.",
    ),
    no(
        "a place before a comma is no item of a list",
        "In Iraq, Mosul fell to ISIL in June 2014.",
        "Iraq fell to the coalition in April 2003.",
    ),
    // Found by an audit: the other statements of its corpus.
    no(
        "an anniversary, a prediction, a recurrence and a negation",
        "Residents marked the first anniversary of the fall of Raqqa in January 2015. \
         Analysts said Raqqa would fall within months, by June 2017.",
        "Raqqa fell to ISIL in January 2014. Palmyra fell again in December 2016. Mosul did \
         not fall in 2013.",
    ),
    no(
        "a question and a condition with a name first",
        "Will Aleppo fall in 2017? If Ahmed Karimi died in 2012, the records are wrong.",
        "Aleppo fell to government forces in December 2016. Ahmed Karimi died in 2010.",
    ),
    no(
        "a surname two persons of the corpus share",
        "Ahmed Karimi was born in 1961 in Aleppo. Leila Karimi was born in 1965 in Homs.",
        "Karimi was born in 1963, the file says.",
    ),
    no(
        "common nouns first in the sentence",
        "Talks collapsed in March 2016. Fighting ended in May 2016.",
        "Talks collapsed in May 2017. Fighting ended in June 2018.",
    ),
    no(
        "a first word that is no subject",
        "Damascus fell to the rebels on 8 December 2024.",
        "Yesterday Hama fell, and Homs fell in November 2024.",
    ),
    no(
        "the date of a statement, its clause before the event",
        "In a statement issued on 14 April 2019, the ministry said Sirte fell in May 2016.",
        "Sirte fell to the militias on 28 May 2016.",
    ),
    no(
        "the date of an interview, a participle before the event",
        "Interviewed on 3 May 2022, the commander remembered how Kabul fell in August 2021.",
        "Kabul fell to the Taliban on 15 August 2021.",
    ),
    no(
        "the year of a book, a clause before the event",
        "In her 2020 memoir, the journalist describes how Aleppo fell in December 2016.",
        "Aleppo fell to government forces on 22 December 2016.",
    ),
    no(
        "the date of the saying after the event",
        "Palmyra fell to ISIL in May 2015, officials said on 2 March 2016.",
        "Palmyra fell on 21 May 2015.",
    ),
    no(
        "a daughter's birth after the possessive",
        "Leila Haddad's daughter was born in 1994 in Homs.",
        "Leila Haddad was born in 1968 in Homs.",
    ),
    no(
        "a deputy's death after the possessive",
        "Omar Nasser's top deputy was killed in March 2017.",
        "Omar Nasser was killed in a raid on 4 June 2019.",
    ),
    no(
        "a grandson's death after the possessive",
        "Nabil Aziz's grandson died in 2009.",
        "Nabil Aziz died on 25 February 2020.",
    ),
    no(
        "the son of a person, before the name",
        "The eldest son of Yusuf Karam died in 2001.",
        "Yusuf Karam died on 12 May 2015.",
    ),
    // A description that stands for no one, for someone else, or for two.
    no(
        "the group with two groups named",
        "Hayat Tahrir al-Sham was formed in January 2017.",
        "Hayat Tahrir al-Sham grew out of the Nusra Front. The group was formed in January 2016, a report says.",
    ),
    no(
        "he for a fall is no person's",
        "Kabul fell to the Taliban on 15 August 2021.",
        "President Ashraf Ghani left Kabul. He fell in July 2021, his rivals said.",
    ),
    no(
        "two cities in the window",
        "Kabul fell to the Taliban on 15 August 2021.",
        "Taliban fighters took Kandahar and then moved on Kabul. The city fell in July 2021.",
    ),
    no(
        "the city is another city",
        "Kabul fell to the Taliban on 15 August 2021.",
        "The Taliban reached Kandahar after weeks of fighting. The city fell in July 2021.",
    ),
    no(
        "the city named only in another document",
        "Kabul fell to the Taliban on 15 August 2021.",
        "The city fell in July 2021, one source says.",
    ),
    no(
        "the city named too far back",
        "Kabul fell to the Taliban on 15 August 2021.",
        "Kabul had been calm for years. Markets were open. Schools were full. The city fell in July 2021.",
    ),
    no(
        "he with two persons before",
        "Abdelaziz Bouteflika resigned on 2 April 2019.",
        "President Abdelaziz Bouteflika named Ahmed Ouyahia prime minister. He resigned in March 2018.",
    ),
    no(
        "the capital with no capital named",
        "Sanaa fell to the Houthis on 21 September 2014.",
        "The Houthis moved on Aden from the north. The capital fell in January 2015.",
    ),
    no(
        "the city council is no city",
        "Tikrit fell to ISIL on 11 June 2014.",
        "Tikrit was tense all spring. The city council collapsed in March 2014.",
    ),
    no(
        "the other city",
        "Ramadi fell to ISIL on 17 May 2015.",
        "ISIL fighters surrounded Ramadi for months. The other city fell in March 2015.",
    ),
    no(
        "the leader of another group",
        "Ayman al-Zawahiri died on 31 July 2022 in Kabul.",
        "Ayman al-Zawahiri praised Abu Bakr al-Baghdadi. The leader died in June 2021.",
    ),
];

/// The pairs of the second audit (issue 20): a date bound to the clause it modifies, a
/// relative after a possessive, a first name the lists lack.
const SECOND_AUDIT_REAL: &[&str] = &[
    "death, the assassination of a name no table holds",
    "fall, a date in a clause of its own that is only the date",
];
const SECOND_AUDIT_NOT: &[&str] = &[
    "the date of a statement, its clause before the event",
    "the date of an interview, a participle before the event",
    "the year of a book, a clause before the event",
    "the date of the saying after the event",
    "a daughter's birth after the possessive",
    "a deputy's death after the possessive",
    "a grandson's death after the possessive",
    "the son of a person, before the name",
];

/// Whether the pair's corpus raises a possible conflict.
fn flagged(pair: &Pair, dir: &Path) -> bool {
    !timeline_of(pair, dir).conflicts.is_empty()
}

/// The timeline of the pair's corpus, written in `dir`.
fn timeline_of(pair: &Pair, dir: &Path) -> Timeline {
    for (name, text) in [pair.a, pair.b] {
        std::fs::write(dir.join(name), text).expect("write");
    }
    let corpus = Corpus::load(dir, &LoadOptions::default()).expect("corpus");
    let index = recognize_corpus(
        Recognizer::shared(),
        &corpus,
        &EntityDictionary::default(),
        &|_, _| {},
        &AtomicBool::new(false),
    )
    .expect("recognised");
    Timeline::build(&index, &corpus)
}

/// Runs `pairs`, each in a fresh folder; the names of those whose result differs from
/// what is expected.
fn misses(pairs: &[Pair]) -> Vec<&'static str> {
    pairs
        .iter()
        .filter(|p| {
            let dir = tempfile::tempdir().expect("temp dir");
            flagged(p, dir.path()) != p.conflict
        })
        .map(|p| p.what)
        .collect()
}

#[test]
fn the_battery_finds_real_conflicts_and_leaves_the_others() {
    assert!(REAL.len() + NOT.len() >= 30);
    let missed = misses(REAL);
    let wrongly = misses(NOT);
    let found = REAL.len() - missed.len();
    eprintln!(
        "conflicts battery: {found} of {} real conflicts found, {} of {} non-conflicts \
         flagged\n  missed: {missed:?}\n  flagged wrongly: {wrongly:?}",
        REAL.len(),
        wrongly.len(),
        NOT.len()
    );
    // Targets on the hidden battery: at least 10 of 12 found, at most 1 of 8 flagged.
    assert!(found * 12 >= REAL.len() * 10, "missed: {missed:?}");
    assert!(
        wrongly.len() * 8 <= NOT.len(),
        "flagged wrongly: {wrongly:?}"
    );
}

#[test]
fn the_conflicts_an_audit_missed_are_found() {
    // A name first in its sentence that the recogniser missed, a bare surname in one
    // document and the full name in the other, an appositive "X, born in".
    let audit = [
        "death, full name and surname's possessive first in the sentence",
        "independence, declared and became, a country the lists lack",
        "birth, passive and appositive with a surname",
        "taking power, took and seized with a surname",
        "resignation, verb and surname's possessive",
    ];
    for what in audit {
        let pair = REAL
            .iter()
            .find(|p| p.what == what)
            .expect("in the battery");
        let dir = tempfile::tempdir().expect("temp dir");
        assert!(flagged(pair, dir.path()), "{what}");
    }
}

#[test]
fn the_second_audit_pairs_are_each_read_right() {
    let pick = |pairs: &'static [Pair], names: &[&str]| -> Vec<&'static Pair> {
        names
            .iter()
            .map(|n| pairs.iter().find(|p| p.what == *n).expect("in the battery"))
            .collect()
    };
    for pair in pick(REAL, SECOND_AUDIT_REAL) {
        let dir = tempfile::tempdir().expect("temp dir");
        assert!(flagged(pair, dir.path()), "missed: {}", pair.what);
    }
    for pair in pick(NOT, SECOND_AUDIT_NOT) {
        let dir = tempfile::tempdir().expect("temp dir");
        assert!(!flagged(pair, dir.path()), "flagged wrongly: {}", pair.what);
    }
}

#[test]
fn a_hard_wrapped_plain_text_line_is_one_sentence_with_its_date() {
    let pair = &REAL[3];
    assert_eq!(pair.what, "capture, hard-wrapped plain text");
    let dir = tempfile::tempdir().expect("temp dir");
    let plain = Pair {
        what: pair.what,
        a: ("a.txt", pair.a.1),
        b: ("b.txt", pair.b.1),
        conflict: true,
    };
    assert!(flagged(&plain, dir.path()));
}

#[test]
fn a_markdown_sentence_across_a_line_break_is_one_statement_and_meets_december_2014() {
    let dir = tempfile::tempdir().expect("temp dir");
    let memo = "# Memo\n\nSummary. On 8 December 2024 Bashar al-Assad fled to Moscow, ending\n\
                the Assad family's rule over Syria.\n";
    let seed = "This meeting comes in the wake of the dramatic political shift in Damascus in \
                December 2014, which brought an end to the decades-long rule of the Assad \
                family.\nPresident Bashar al-Assad was not present.\n";
    std::fs::write(dir.path().join("memo.md"), memo).expect("write");
    std::fs::write(dir.path().join("seed.txt"), seed).expect("write");
    let corpus = Corpus::load(dir.path(), &LoadOptions::default()).expect("corpus");
    let index = recognize_corpus(
        Recognizer::shared(),
        &corpus,
        &EntityDictionary::default(),
        &|_, _| {},
        &AtomicBool::new(false),
    )
    .expect("recognised");
    let timeline = Timeline::build(&index, &corpus);
    let statement = timeline
        .statements
        .iter()
        .find(|s| s.path == "memo.md" && s.date_text == "8 December 2024")
        .expect("the memo's date");
    assert_eq!(
        statement.sentence,
        "On 8 December 2024 Bashar al-Assad fled to Moscow, ending the Assad family's rule \
         over Syria."
    );
    let conflict = timeline.conflicts.first().expect("a possible conflict");
    assert_eq!(conflict.event, "fall");
    let values: Vec<_> = conflict
        .statements
        .iter()
        .map(|&i| timeline.statements[i].value.as_deref())
        .collect();
    assert_eq!(values, [Some("2014-12"), Some("2024-12-08")]);
}

#[test]
fn coordinated_subjects_are_each_dated_and_each_compared() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("a.md"),
        "Mosul and Raqqa fell to ISIL in June 2014.\n",
    )
    .expect("write");
    let corpus = Corpus::load(dir.path(), &LoadOptions::default()).expect("corpus");
    let index = recognize_corpus(
        Recognizer::shared(),
        &corpus,
        &EntityDictionary::default(),
        &|_, _| {},
        &AtomicBool::new(false),
    )
    .expect("recognised");
    let timeline = Timeline::build(&index, &corpus);
    let statement = timeline
        .statements
        .iter()
        .find(|s| s.date_text == "June 2014")
        .expect("the date");
    let events: Vec<(&str, &str)> = statement
        .happenings
        .iter()
        .map(|h| (h.kind, h.subject.key.as_str()))
        .collect();
    assert_eq!(events, [("fall", "Mosul"), ("fall", "Raqqa")]);
    // Each of the coordinated pairs of the battery is found: the event of every name of
    // the list, not only of the one nearest the verb.
    let coordinated: Vec<&Pair> = REAL
        .iter()
        .filter(|p| p.what.contains("coordinated") || p.what.contains("list"))
        .collect();
    assert!(coordinated.len() >= 4);
    for pair in coordinated {
        let dir = tempfile::tempdir().expect("temp dir");
        assert!(flagged(pair, dir.path()), "{}", pair.what);
    }
}

#[test]
fn a_message_date_header_is_no_statement_and_dates_its_weekdays() {
    let dir = tempfile::tempdir().expect("temp dir");
    let eml = "From: Omar Haddad <omar@example.org>\r\nTo: Jane Analyst <jane@example.org>\r\n\
               Date: Mon, 02 Mar 2015 09:00:00 +0000\r\nSubject: Convoy plans\r\n\
               Message-ID: <m1@example.org>\r\n\r\n\
               Jane, the convoy leaves Aleppo on Tuesday.\r\nRegards, Omar Haddad\r\n";
    std::fs::write(dir.path().join("single.eml"), eml).expect("write");
    let corpus = Corpus::load(dir.path(), &LoadOptions::default()).expect("corpus");
    let index = recognize_corpus(
        Recognizer::shared(),
        &corpus,
        &EntityDictionary::default(),
        &|_, _| {},
        &AtomicBool::new(false),
    )
    .expect("recognised");
    let timeline = Timeline::build(&index, &corpus);
    let values: Vec<(&str, Option<&str>)> = timeline
        .statements
        .iter()
        .map(|s| (s.date_text.as_str(), s.value.as_deref()))
        .collect();
    assert_eq!(values, [("Tuesday", Some("2015-03-03"))]);
}

#[test]
fn a_description_or_a_pronoun_is_the_one_entity_of_its_kind_named_before_it() {
    let real = [
        "fall, the city named in the sentence before",
        "fall, the capital",
        "fall, the besieged city",
        "capture, the city as the object",
        "death, the leader",
        "death, the former leader killed",
        "death, his death",
        "resignation, he",
        "founding, the group",
    ];
    let not = [
        "the group with two groups named",
        "he for a fall is no person's",
        "two cities in the window",
        "the city is another city",
        "the city named only in another document",
        "the city named too far back",
        "he with two persons before",
        "the capital with no capital named",
        "the city council is no city",
        "the other city",
        "the leader of another group",
    ];
    for (names, pairs, expected) in [(&real[..], REAL, true), (&not[..], NOT, false)] {
        for what in names {
            let pair = pairs
                .iter()
                .find(|p| p.what == *what)
                .expect("in the battery");
            let dir = tempfile::tempdir().expect("temp dir");
            let timeline = timeline_of(pair, dir.path());
            assert_eq!(!timeline.conflicts.is_empty(), expected, "{what}");
            // Each conflict found says which entity the description is, and where it is
            // named.
            for c in &timeline.conflicts {
                let why = c.reason(&timeline.statements);
                assert!(why.contains("in b.md, “"), "{what}: {why}");
                assert!(
                    why.contains("named in the sentence before"),
                    "{what}: {why}"
                );
            }
        }
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let kabul = REAL
        .iter()
        .find(|p| p.what == real[0])
        .expect("in the battery");
    let timeline = timeline_of(kabul, dir.path());
    let c = timeline.conflicts.first().expect("a possible conflict");
    assert_eq!(c.title(), "fall of Kabul");
    assert_eq!(
        c.reason(&timeline.statements),
        "fall of Kabul: dated 2021-07 (b.md) and 2021-08-15 (a.md), which share no day; in \
         b.md, “The city” is Kabul, named in the sentence before"
    );
}
