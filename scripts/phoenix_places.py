"""Country headers of the actor dictionary (``AFGHANISTAN_ [AFG]`` and its aliases) turned into place
rows for ``places.tsv`` and state actors for ``actors.tsv``, for ``scripts/build_kb.py``.

A header alias becomes a ``place`` row when our curated rows do not list it, it stands under one
country only, and it is not a common English word (a single word with a Zipf frequency of 3 or more:
"Chapel", "Lubavitch" stays). Former states (the Soviet Union, East Germany ...) become state actors
but no places.
"""

from __future__ import annotations

from phoenix_actors import FORMER_STATES, Context
from phoenix_dict import DictEntry
from phoenix_names import clean_alias, readable
from wordfreq import zipf_frequency

from concord.kb.names import place_key

__all__ = ["header_places", "state_rows"]

#: A single-word alias this frequent in English is a common word, not a place name.
COMMON_WORD_ZIPF = 3.0


def _aliases(entry: DictEntry) -> list[str]:
    return [a for group in entry.groups for raw in group if (a := clean_alias(readable(raw)))]


def header_places(headers: list[tuple[str, DictEntry]], ctx: Context) -> list[str]:
    """The generated ``alias<TAB>iso3<TAB>place`` rows, in header order."""
    curated = set(ctx.gazetteer.places) | {place_key(a) for a in ctx.gazetteer.countries}
    countries_of: dict[str, set[str]] = {}
    first: dict[str, tuple[str, str]] = {}
    for iso3, entry in headers:
        if iso3 in FORMER_STATES:
            continue
        for alias in _aliases(entry):
            key = place_key(alias)
            countries_of.setdefault(key, set()).add(iso3)
            first.setdefault(key, (alias, iso3))
    rows = []
    for key, (alias, iso3) in first.items():
        if key in curated:
            continue
        if len(countries_of[key]) > 1:
            ctx.report["header aliases under two countries left out"] += 1
        elif " " not in key and zipf_frequency(key, "en") >= COMMON_WORD_ZIPF:
            ctx.report["header aliases that are common words left out"] += 1
        else:
            rows.append(f"{alias}\t{iso3}\tplace")
    ctx.report["place rows from the country headers"] = len(rows)
    return rows


def state_rows(headers: list[tuple[str, DictEntry]], ctx: Context) -> list[str]:
    """A state actor per country of our gazetteer, and per former state with a header; name from
    our gazetteer, else the header's; code the ISO3 (former states: their aliases from the header)."""
    names = {iso3: ctx.gazetteer.names.get(iso3, label) for iso3, label in ctx.gazetteer.labels.items()}
    aliases: dict[str, list[str]] = {}
    for iso3, entry in headers:
        if iso3 in FORMER_STATES:
            found = _aliases(entry)
            names.setdefault(iso3, found[0])
            aliases.setdefault(iso3, []).extend(a for a in found[1:] if a not in aliases.get(iso3, []))
    ordered = sorted(names)
    ctx.report["state actors"] = len(ordered)
    return [f"{iso3}\t{names[iso3]}\tstate\t{iso3}\t{iso3}\t\t"
            f"{'|'.join(aliases.get(iso3, []))}\t" for iso3 in ordered]
