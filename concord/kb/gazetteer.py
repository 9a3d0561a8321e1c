"""The gazetteer (``places.tsv``): one row per place name, with its country and type.

Two access modes over the one table: :meth:`Gazetteer.place` for datelines and place mentions
(case, accents, dots and brackets ignored; demonyms excluded), and ``countries`` for running text
(exact aliases of the types name, short, demonym and capital).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .names import place_key
from .records import COUNTRY_TYPES, PLACE_TYPES, CountryAlias, Place
from .tables import check_iso3, one_of, read_rows

__all__ = ["PLACE_COLUMNS", "Gazetteer", "load_gazetteer", "load_towns"]

PLACE_COLUMNS = ("alias", "iso3", "type")
#: Which row names a country best when it has no ``name`` row: most name-like first.
_LABEL_TYPES = ("name", "short", "place", "region", "capital", "city")


@dataclass
class Gazetteer:
    """The place table indexed both ways, plus each country's name, demonym and state aliases."""

    places: dict[str, Place] = field(default_factory=dict)
    countries: dict[str, CountryAlias] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)
    #: A name for each country code, from the best-ranked type (for codes without a name row).
    labels: dict[str, str] = field(default_factory=dict)
    _label_rank: dict[str, int] = field(default_factory=dict, repr=False)
    #: Names, short forms and capitals of each country: the aliases of its state actor.
    state_aliases: dict[str, list[str]] = field(default_factory=dict)

    def place(self, name: str) -> Place | None:
        """The place ``name`` names, if known ("WASHINGTON", "[US]", "Washington D.C.")."""
        return self.places.get(place_key(name))

    def add(self, alias: str, iso3: str, type_: str) -> None:
        """Index one row; raises ValueError on a repeated alias or one folding onto another country's."""
        if alias in self.countries or (type_ != "demonym" and self._clash(alias, iso3)):
            raise ValueError(f"place {alias!r} is listed twice")
        if type_ in COUNTRY_TYPES:
            self.countries[alias] = CountryAlias(iso3, type_)
        if type_ == "name":
            self.names.setdefault(iso3, alias)
        if type_ == "demonym":
            self.demonyms.setdefault(iso3, alias)
            return
        rank = _LABEL_TYPES.index(type_)
        if rank < self._label_rank.get(iso3, len(_LABEL_TYPES)):
            self.labels[iso3], self._label_rank[iso3] = alias, rank
        self.places.setdefault(place_key(alias), Place(iso3, type_))
        if type_ in ("name", "short", "capital"):
            self.state_aliases.setdefault(iso3, []).append(alias)

    def _clash(self, alias: str, iso3: str) -> bool:
        known = self.places.get(place_key(alias))
        return known is not None and known.iso3 != iso3


def load_gazetteer(path: Path) -> Gazetteer:
    """Read and index ``places.tsv``; raises LexiconError (file:line) on a bad or repeated row."""
    gazetteer = Gazetteer()

    def parse(cells: list[str]) -> None:
        alias, iso3, type_ = cells
        if not alias:
            raise ValueError("empty alias")
        gazetteer.add(alias, check_iso3(iso3, "iso3"), one_of(type_, PLACE_TYPES, "type"))

    for _ in read_rows(path, PLACE_COLUMNS, parse):
        pass
    return gazetteer


def load_towns(path: Path) -> dict[str, str]:
    """Read ``towns.tsv`` (same columns; types city and county) as place key -> ISO3; raises
    LexiconError (file:line) on a bad row. A repeated name keeps its first row (the largest town)."""
    towns: dict[str, str] = {}

    def parse(cells: list[str]) -> None:
        alias, iso3, type_ = cells
        if not alias:
            raise ValueError("empty alias")
        one_of(type_, ("city", "county"), "type")
        towns.setdefault(place_key(alias), check_iso3(iso3, "iso3"))

    for _ in read_rows(path, PLACE_COLUMNS, parse):
        pass
    return towns
