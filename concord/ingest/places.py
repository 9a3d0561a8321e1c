"""Place names to ISO 3166-1 alpha-3 country codes, from ``data/places.tsv``."""

from __future__ import annotations

import functools
import re

from ..errors import LexiconError
from .datafiles import data_lines

__all__ = ["PLACE_KINDS", "country_of", "place_table"]

PLACE_KINDS = frozenset({"country", "city", "region"})
_ISO3 = re.compile(r"[A-Z]{3}")


def _key(name: str) -> str:
    return " ".join(name.replace(".", "").replace("\u2019", "'").lower().split())


@functools.lru_cache(maxsize=1)
def place_table() -> dict[str, tuple[str, str]]:
    """``{normalised name: (ISO3, kind)}``; raises :class:`LexiconError` (file:line) on a bad row."""
    table: dict[str, tuple[str, str]] = {}
    for path, number, line in data_lines("places.tsv"):
        cols = line.split("\t")
        if len(cols) != 3:
            raise LexiconError(path, number, f"expected 3 tab-separated columns, got {len(cols)}")
        name, iso3, kind = (c.strip() for c in cols)
        if not _ISO3.fullmatch(iso3):
            raise LexiconError(path, number, f"bad ISO3 code {iso3!r}")
        if kind not in PLACE_KINDS:
            raise LexiconError(path, number, f"bad kind {kind!r} (one of {', '.join(sorted(PLACE_KINDS))})")
        if _key(name) in table:
            raise LexiconError(path, number, f"duplicate place {name!r}")
        table[_key(name)] = (iso3, kind)
    return table


def country_of(name: str) -> str | None:
    """The ISO3 country of a place or country name ("New Delhi", "[US]", "D.C."), if known."""
    found = place_table().get(_key(name.strip("[]() ,")))
    return found[0] if found else None
