"""The build script's reading of the TABARI dictionary format, on small dictionaries written for this test."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from build_kb import GENERATED, build
from phoenix_agents import plural
from phoenix_dict import DictCode, parse_actor_dictionary, parse_agent_line, parse_code, parse_day
from phoenix_names import acronym_of, clean_alias, readable, unique_ids

from concord.kb import KnowledgeBase
from concord.kb.tables import DATA_DIR

COUNTRIES = """\
# written for concord's tests: an invented country and its people
FREEDONIA_ [USA]
+FREEDONIAN_
+SYLVANIA_CITY_
+THE_
RUFUS_T._FIREFLY_  # the leader
+PRESIDENT_FIREFLY_
\t[USAELI 800101-990630]
\t[USAGOV >20000101]
\t[USAELI]
MARY_MCCLOUD_
MCCLOUD_
\t[USAGOVMIL 150301-200228]
BAD_DATES_PERSON_
\t[USAGOV 2004017-20061201]
\t[USAGOVBUS 100101-110101]
NATIONAL_FREEDOM_FRONT_(NFF)_ [USAREB]

LONELY_NAME_
# a blank line above closes a block that has no code
"""
INTERNATIONAL = """\
THE_UNITED_PLANETS_ [IGOUPL]
UP_ [IGOUPL]
"""
MILITARY = "GREEN_HAND_BRIGADE_ [USAREB]\n+GREEN_HAND_\n"
AGENTS = "!PERSON! = MAN, MEN\nLAMPLIGHTER [~LAB]\nWATCH!PERSON! [~COP]\nTROOP {TROOPERS} [~MIL]\n"


def test_days_codes_and_two_digit_years() -> None:
    assert parse_day("250206") == dt.date(2025, 2, 6) and parse_day("310101") == dt.date(1931, 1, 1)
    assert parse_day("19820101") == dt.date(1982, 1, 1) and parse_day("2004017") is None
    assert parse_code("INDGOVAGR 030701-040531") == DictCode("INDGOVAGR", dt.date(2003, 7, 1), dt.date(2004, 5, 31))
    assert parse_code("USAGOV >090120") == DictCode("USAGOV", start=dt.date(2009, 1, 20))
    assert parse_code("USAGOV > 090120") == DictCode("USAGOV", start=dt.date(2009, 1, 20))
    assert parse_code("USAGOV <090120") == DictCode("USAGOV", end=dt.date(2009, 1, 20))
    assert parse_code("USAGOV 19820101") == DictCode("USAGOV", start=dt.date(1982, 1, 1))
    assert parse_code("USAGOV 100101-090101") is None                  # ends before it starts
    assert parse_code("~COP") == DictCode("~COP")


def test_blocks_groups_and_codes() -> None:
    entries = parse_actor_dictionary(COUNTRIES)
    heads = [[group[0] for group in e.groups] for e in entries]
    assert heads == [["FREEDONIA_"], ["RUFUS_T._FIREFLY_"], ["MARY_MCCLOUD_", "MCCLOUD_"], ["BAD_DATES_PERSON_"],
                     ["NATIONAL_FREEDOM_FRONT_(NFF)_"]]        # LONELY_NAME_ has no code: left out
    firefly = entries[1]
    assert firefly.groups == [["RUFUS_T._FIREFLY_", "PRESIDENT_FIREFLY_"]]
    assert [c.code for c in firefly.codes] == ["USAELI", "USAGOV", "USAELI"] and not firefly.codes[2].dated
    assert entries[3].codes == [DictCode("USAGOVBUS", dt.date(2010, 1, 1), dt.date(2011, 1, 1))]
    assert entries[3].rejected == ["USAGOV 2004017-20061201"]


def test_agent_lines() -> None:
    macros = {"!PERSON!": ["MAN", "MEN"]}
    assert parse_agent_line("LAMPLIGHTER [~LAB]", macros) == [("LAMPLIGHTER", None, "~LAB")]
    assert parse_agent_line("WATCH!PERSON! [~COP]", macros) == [("WATCHMAN", "", "~COP"), ("WATCHMEN", "", "~COP")]
    assert parse_agent_line("TROOP {TROOPERS} [~MIL]", macros) == [("TROOP", "TROOPERS", "~MIL")]
    assert parse_agent_line("!PERSON! = MAN, MEN", macros) == []
    assert [plural(n) for n in ("church", "militia", "army", "policeman", "chamber of commerce")] == [
        "churches", "militias", "armies", "policemen", "chambers of commerce"]


@pytest.mark.parametrize(("raw", "is_org", "expected"), [
    ("HILLARY_RODHAM_CLINTON_", False, "Hillary Rodham Clinton"),
    ("UNITED_STATES_SUPREME_COURT", True, "United States Supreme Court"),
    ("NATO_", True, "NATO"), ("FBI", True, "FBI"), ("JOHN_MCCAIN", False, "John McCain"),
    ("THE_EUROPEAN_UNION_", True, "European Union"), ("UNITED_NATIONS_CHILDREN'S_FUND_", True,
                                                      "United Nations Children's Fund"),
    ("BASHAR_AL-ASSAD", False, "Bashar al-Assad"), ("LIBERATION_FRONT_OF_THE_PKK", True, "Liberation Front of the PKK"),
])  # fmt: skip
def test_readable_names(raw: str, is_org: bool, expected: str) -> None:
    assert readable(raw, is_org) == expected


def test_aliases_acronyms_and_ids() -> None:
    assert acronym_of("NATIONAL_FREEDOM_FRONT_(NFF)_") == ("NATIONAL_FREEDOM_FRONT", "NFF")
    assert acronym_of("DIRECT_ACTION_(GREECE)_") == ("DIRECT_ACTION", None)
    assert clean_alias("X") is None and clean_alias("--") is None and clean_alias("The") is None
    assert clean_alias("Hamas") == "Hamas"
    assert unique_ids([("Ali Khan", "PAK"), ("Ali Khan", "AFG"), ("Ali Khan", "AFG"), ("Ali Khan", None)]) == [
        "ali-khan", "ali-khan-afg", "ali-khan-afg-2", "ali-khan-intl"]


def _source(tmp_path: Path) -> Path:
    source = tmp_path / "source"
    source.mkdir()
    for name, text in (("Phoenix.Countries.actors.txt", COUNTRIES), ("Phoenix.International.actors.txt", INTERNATIONAL),
                       ("Phoenix.MilNonState.actors.txt", MILITARY), ("Phoenix.agents.txt", AGENTS)):
        (source / name).write_text(text, encoding="utf-8")
    return source


def _data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    for name in ("places.tsv", "agents.tsv"):
        text = (data / name).read_text(encoding="utf-8")
        (data / name).write_text(text.split(GENERATED, 1)[0] + GENERATED, encoding="utf-8")
    return data


def test_build_converts_and_is_repeatable(tmp_path: Path) -> None:
    source, data = _source(tmp_path), _data(tmp_path)
    build(source, data)
    first = {name: (data / name).read_text(encoding="utf-8") for name in ("actors.tsv", "places.tsv", "agents.tsv")}
    build(source, data)
    assert first == {name: (data / name).read_text(encoding="utf-8") for name in first}
    kb = KnowledgeBase(data)
    firefly = kb.actors_named("President Firefly")[0]
    assert (firefly.id, firefly.name, firefly.country, firefly.code) == ("rufus-t-firefly", "Rufus T. Firefly", "USA", "USAELI")
    assert firefly.code_on(dt.date(2025, 1, 1)) == "USAGOV"
    mccloud = kb.actors_named("McCloud")[0]
    assert mccloud.id == "mary-mccloud" and mccloud.code_on(dt.date(2016, 1, 1)) == "USAGOVMIL"
    front = kb.actors_named("NFF")[0]
    assert (front.name, front.kind, front.sectors) == ("National Freedom Front", "group", ("REB",))
    assert kb.actors_named("UP")[0].name == "United Planets"           # the acronym merged into the long name
    assert kb.actors_named("Green Hand")[0].kind == "group"
    assert kb.place("Sylvania City").iso3 == "USA" and kb.place("The") is None
    assert kb.agent("watchmen").sectors == ("COP",) and kb.agent("lamplighters").name == "Lamplighter"
    assert kb.agent("troopers").sectors == ("MIL",) and kb.agent("troops").name == "Military"   # ours wins
