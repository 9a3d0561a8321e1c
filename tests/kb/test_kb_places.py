"""The gazetteer: the merged place table, read case-insensitively for places and exactly for running text."""

from __future__ import annotations

from pathlib import Path

import pytest

from concord.errors import LexiconError
from concord.kb import country_of, knowledge_base
from concord.kb.gazetteer import load_gazetteer, load_towns
from concord.kb.records import COUNTRY_TYPES
from concord.kb.tables import DATA_DIR


@pytest.mark.parametrize(
    ("name", "iso3"),
    [("India", "IND"), ("[US]", "USA"), ("U.S.", "USA"), ("New Delhi", "IND"), ("Washington D.C.", "USA"),
     ("KYIV", "UKR"), ("Ill.", "USA"), ("Türkiye", "TUR"), ("the Netherlands", "NLD"), ("Atlantis", None),
     ("SAN JUAN, Puerto Rico", None), ("Puerto Rico", "PRI"), ("Mazar-i-Sharif", "AFG"), ("N'Djamena", "TCD")],
)  # fmt: skip
def test_country_of(name: str, iso3: str | None) -> None:
    assert country_of(name) == iso3


def test_one_row_per_alias_and_every_running_text_alias_is_also_a_place() -> None:
    kb = knowledge_base()
    lines = [line.split("\t")[0] for line in (DATA_DIR / "places.tsv").read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")][1:]
    assert len(lines) == len(set(lines)) > 4000
    for alias, found in kb.country_aliases.items():
        assert found.type in COUNTRY_TYPES
        assert found.type == "demonym" or kb.place(alias).iso3 == found.iso3


def test_ambiguous_country_names_are_places_only() -> None:
    kb = knowledge_base()
    assert kb.place("Chad").iso3 == "TCD" and kb.country("Chad") is None
    assert kb.country("Chadian").iso3 == "TCD"


def test_a_place_folding_onto_another_country_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "places.tsv"
    path.write_text("alias\tiso3\ttype\nGeorgia\tGEO\tname\nGEORGIA\tUSA\tregion\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"places\.tsv:3: place 'GEORGIA' is listed twice"):
        load_gazetteer(path)
    path.write_text("alias\tiso3\ttype\nGeorgia\tGEO\tcountry\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"places\.tsv:2: type 'country' must be one of name"):
        load_gazetteer(path)


def test_towns_are_looked_up_apart_from_the_gazetteer() -> None:
    kb = knowledge_base()
    assert kb.town("Deerfield Beach") == "USA" and kb.town("COLLIN COUNTY") == "USA"
    assert kb.town("Prince George") == "CAN" and country_of("Deerfield Beach") is None
    assert kb.town("Obama") is None and kb.town("Reading") is None  # a person's name, a common word


def test_a_bad_town_row_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "towns.tsv"
    path.write_text("alias\tiso3\ttype\nPlano\tUSA\tcity\nSpringfield\tusa\tcity\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"towns\.tsv:3: iso3 'usa'"):
        load_towns(path)
