"""The knowledge base on the shipped data: dated roles, one id per person, codes, places, agents."""

from __future__ import annotations

import datetime as dt

import pytest

from concord.errors import NotFoundError
from concord.kb import CountryAlias, Place, knowledge_base, split_code


@pytest.fixture(scope="module")
def kb():
    return knowledge_base()


def test_rajnath_singh_role_depends_on_the_day(kb) -> None:
    singh = kb.actors_named("Rajnath Singh")[0]
    assert singh.id == "rajnath-singh" and singh.country == "IND"
    assert singh.code_on(dt.date(2004, 1, 1)) == "INDGOVAGR"          # the dictionary's 2003-04 role
    assert singh.code_on(dt.date(2025, 2, 6)) == "INDGOVMIL"          # our table: defence minister since 2019
    assert singh.sectors_on(dt.date(2025, 2, 6)) == ("GOV", "MIL")
    assert singh.role_on(dt.date(2016, 6, 1)).code == "INDGOVCOP"     # home minister 2014-2019


def test_hegseth_is_the_us_defence_secretary_in_2025(kb) -> None:
    [hegseth] = kb.actors_named("Pete Hegseth")
    role = hegseth.role_on(dt.date(2025, 2, 6))
    assert role.code == "USAGOVMIL" and role.country == "USA" and role.start == dt.date(2025, 1, 25)
    assert hegseth.role_on(dt.date(2010, 1, 1)) is None and hegseth.code_on(dt.date(2010, 1, 1)) == "USAELI"


def test_trump_has_two_terms_with_elite_government_roles(kb) -> None:
    trump = kb.get("donald-trump")
    assert trump.country == "USA"
    assert {"GOV", "ELI"} <= set(trump.sectors_on(dt.date(2018, 6, 1)))
    assert {"GOV", "ELI"} <= set(trump.sectors_on(dt.date(2025, 6, 1)))
    assert trump.role_on(dt.date(2022, 6, 1)) is None
    assert trump.role_on(None).start == dt.date(2025, 1, 20)         # no day: the latest role
    assert [a.id for a in kb.actors_named("Donald J. Trump")] == ["donald-trump"]


def test_our_rows_end_the_dictionarys_stale_open_roles(kb) -> None:
    komorowski = kb.get("bronislaw-komorowski")                       # president 2010-2015, open in 2014's data
    assert komorowski.code_on(dt.date(2025, 1, 1)) == "POLELI" and komorowski.code_on(dt.date(2012, 1, 1))
    xi = kb.get("xi-jinping")
    assert xi.code_on(dt.date(2025, 1, 1)) == "CHNGOVELI"             # same start: our row, listed later, wins
    assert len(kb) > 26000 and sum(1 for _ in open(kb.data_dir / "people.tsv", encoding="utf-8")) > 500


@pytest.mark.parametrize("name", ["Hillary Clinton", "Hillary Rodham Clinton", "HILLARY RODHAM CLINTON",
                                  "Hillary Rodham-Clinton"])
def test_name_variants_fold_to_one_id(kb, name: str) -> None:
    assert kb.actors_named(name)[0].id == "hillary-clinton"


def test_dictionary_roles_and_ours_merge_into_one_actor(kb) -> None:
    clinton = kb.get("hillary-clinton")
    starts = [r.start for r in clinton.roles]
    assert starts == sorted(starts, key=lambda d: d or dt.date.min)
    assert clinton.role_on(dt.date(2010, 1, 1)).code == "USAGOV"      # Secretary of State (in both tables)
    assert clinton.role_on(dt.date(2005, 1, 1)).code == "USAGOVLEG"   # Senator (ours only)
    assert len([r for r in clinton.roles if r.start == dt.date(2009, 1, 21)]) == 1


@pytest.mark.parametrize(("name", "code", "kind"), [
    ("NATO", "IGOWSTNAT", "igo"), ("North Atlantic Treaty Organization", "IGOWSTNAT", "igo"),
    ("UN", "IGOUNO", "igo"), ("U.N.", "IGOUNO", "igo"), ("United Nations", "IGOUNO", "igo"),
])  # fmt: skip
def test_international_organisations_carry_cameo_codes(kb, name: str, code: str, kind: str) -> None:
    found = kb.actors_named(name)[0]
    assert (found.code, found.kind, found.country) == (code, kind, None)
    assert found.sectors == ("IGO",)


def test_every_country_is_a_state_actor(kb) -> None:
    usa = kb.get("USA")
    assert (usa.kind, usa.code, usa.country, usa.name) == ("state", "USA", "USA", "United States")
    assert "U.S." in usa.aliases and kb.actors_named("United States of America")[0].id == "USA"
    assert kb.get("SUN").name == "Soviet Union"                       # a former state, from the dictionary


def test_unknown_id_is_not_found(kb) -> None:
    with pytest.raises(NotFoundError, match="no-such-actor"):
        kb.get("no-such-actor")


def test_places_and_countries_are_two_access_modes(kb) -> None:
    assert kb.place("WASHINGTON") == Place("USA", "capital")
    assert kb.place("Washington, D.C.") == Place("USA", "capital")
    assert kb.place("[US]") == Place("USA", "short")
    assert kb.place("Kandahar").iso3 == "AFG"                         # a dictionary place row
    assert kb.place("Indian") is None                                  # demonyms are not places
    assert kb.country("U.S.") == CountryAlias("USA", "short")
    assert kb.country("u.s.") is None                                  # running text is case-sensitive
    assert kb.country("Kandahar") is None                              # place rows never name a country in text
    assert kb.country_aliases["Indian"] == CountryAlias("IND", "demonym")
    assert kb.country_name("USA") == "United States" and kb.country_name("TCD") == "Chad"
    assert kb.demonym("SYR") == "Syrian"


def test_generic_agents_singular_and_plural(kb) -> None:
    police = kb.agent("police")
    assert police.sectors == ("COP",) and police.country_from_context
    assert kb.agent("Farmers") == kb.agent("farmer")
    assert kb.agent("troops").sectors == ("MIL",) and "troops" in kb.text_agents
    assert "farmer" not in kb.text_agents                              # dictionary agents are lookups only
    assert kb.agent("dragon") is None
    assert kb.agent("attack helicopters") is None and kb.agent("warplanes") is None   # machines, not actors


def test_us_agencies_answer_to_their_acronyms(kb) -> None:
    by_alias = {o.alias: o for o in kb.organisations}
    assert by_alias["DHS"].name == by_alias["Homeland Security Department"].name
    assert (by_alias["ICE"].country, by_alias["USAID"].country) == ("USA", "USA")
    assert by_alias["SADC"].name == "Southern African Development Community"


def test_curated_organisations_keep_cues(kb) -> None:
    icc = [o for o in kb.organisations if o.alias == "ICC"]
    assert [o.name for o in icc] == ["International Criminal Court", "International Cricket Council"]
    assert "cricket" in icc[1].cues
    assert any(o.alias == "Ministry of Defense" and o.country == "@" for o in kb.organisations)


def test_split_code() -> None:
    assert split_code("USAGOVMIL") == ("USA", ("GOV", "MIL"))
    assert split_code("IGOUNO") == (None, ("IGO",))
    assert split_code("IGOUNOHLHWHO") == (None, ("IGO", "HLH"))
    assert split_code("MUSGOV") == ("MUS", ("GOV",))                  # Mauritius first; MUS later is a sector
    assert split_code("AFGREBMUS") == ("AFG", ("REB", "MUS"))


def test_search_ranks_whole_names_first(kb) -> None:
    found = [a.id for a in kb.search("clinton", limit=50)]
    assert "hillary-clinton" in found and "bill-clinton" in found
    assert len(kb.search("clinton", limit=3)) == 3
    assert kb.search("NATO", limit=5)[0].id == "nato"


def test_our_people_table_is_consistent(kb) -> None:
    """Each of our people has a country, sectors read from the code, and national roles in that country
    (one exception: a Canadian who governed the Bank of England)."""
    from concord.kb.actor_table import read_actor_file

    rows = read_actor_file(kb.data_dir / "people.tsv", kb.sector_codes)
    assert len(rows) > 500 and len({r.id for r in rows}) == len(rows)
    for row in rows:
        actor = kb.get(row.id)
        assert actor.kind == "person" and actor.country, row.id
        assert actor.sectors == split_code(actor.code)[1], row.id
        foreign = {r.country for r in actor.roles if r.country and r.country != actor.country}
        assert not foreign or row.id == "mark-carney", (row.id, foreign)
