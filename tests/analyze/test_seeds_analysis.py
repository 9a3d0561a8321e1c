"""The two seed reports of the 6 February 2025 Singh-Hegseth call, read from ../shared/seeds."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from concord.analyze import analyze
from concord.model import Actor, Analysis, Article, Citation, Fact

#: Publication dates of the two reports (report 000 is datelined Washington, 7 February).
DATES = {"000": dt.date(2025, 2, 7), "001": dt.date(2025, 2, 6)}


@pytest.fixture(scope="module")
def analyses(seeds: list[Path]) -> dict[str, Analysis]:
    out = {}
    for path in seeds:
        key = path.name[:3]
        text = path.read_text(encoding="utf-8")
        out[key] = analyze(Article(id=path.stem, text=text, date=DATES[key]))
    return out


def _cited(citation: Citation, analysis: Analysis, *words: str) -> None:
    sentence = analysis.sentences[citation.sentence]
    assert sentence.start <= citation.start < citation.end <= sentence.end
    for word in words:
        assert word.lower() in citation.text.lower(), (word, citation.text)


def _person(analysis: Analysis, surname: str) -> Actor:
    (actor,) = [a for a in analysis.actors if a.kind == "person" and a.name.endswith(surname)]
    return actor


@pytest.mark.parametrize("key", ["000", "001"])
def test_ministers_resolved_with_role_country_sector(analyses: dict[str, Analysis], key: str) -> None:
    analysis = analyses[key]
    hegseth, singh = _person(analysis, "Hegseth"), _person(analysis, "Singh")
    assert (hegseth.country, hegseth.role, set(hegseth.sector)) == ("USA", "Secretary of Defense", {"GOV", "MIL"})
    assert (singh.country, singh.role, set(singh.sector)) == ("IND", "Defence Minister", {"GOV", "MIL"})
    for actor in (hegseth, singh):
        assert len(actor.citations) >= 3
        for citation in actor.citations:
            assert citation.article_id == analysis.article_id
            assert analysis.sentences[citation.sentence].start <= citation.start


def test_later_mentions_link_to_the_same_person(analyses: dict[str, Analysis]) -> None:
    hegseth = _person(analyses["001"], "Hegseth")
    texts = [c.text for c in hegseth.citations]
    assert "Secreatry Hegseth" in texts
    assert any(t.lower() == "the two ministers" for t in texts)
    singh = _person(analyses["001"], "Singh")
    assert "Defence Minister" in [c.text for c in singh.citations]


@pytest.mark.parametrize("key", ["000", "001"])
def test_call_date_resolves_to_6_february(analyses: dict[str, Analysis], key: str) -> None:
    analysis = analyses[key]
    first = [t for t in analysis.times if t.citation.sentence == 0]
    assert "2025-02-06" in {t.value for t in first}
    assert all(t.value != "2" for t in analysis.times)


def _fact(analysis: Analysis, kind: str, *words: str) -> Fact:
    found = [f for f in analysis.facts if f.kind == kind and all(w.lower() in f.name.lower() for w in words)]
    assert found, (kind, words, [(f.kind, f.name) for f in analysis.facts])
    return found[0]


AGREEMENTS = [
    ("LEMOA", "2016", ("Logistics", "Agreement")),
    ("COMCASA", "2018", ("Compatibility", "Security")),
    ("ISA", "2019", ("Industrial Security",)),
    ("BECA", "2020", ("Basic Exchange",)),
    (None, "2018", ("Memorandum of Intent", "Innovation")),
]


@pytest.mark.parametrize("key", ["000", "001"])
@pytest.mark.parametrize(("acronym", "year", "words"), AGREEMENTS)
def test_agreements_with_years(analyses: dict[str, Analysis], key: str, acronym: str | None, year: str,
                               words: tuple[str, ...]) -> None:
    analysis = analyses[key]
    fact = _fact(analysis, "agreement", *words)
    assert fact.date == year
    if acronym:
        assert fact.acronym == acronym
    assert fact.parties == ["IND", "USA"]
    _cited(fact.citation, analysis, *words, f"({year})")


@pytest.mark.parametrize("key", ["000", "001"])
def test_designations_and_framework(analyses: dict[str, Analysis], key: str) -> None:
    analysis = analyses[key]
    mdp = _fact(analysis, "designation", "Major Defence Partnership")
    assert (mdp.acronym, mdp.date) == ("MDP", "2016")
    _cited(mdp.citation, analysis, "2016", "designated", "Major Defence Partnership")
    sta = _fact(analysis, "designation", "Strategic Trade Authorization", "Tier-1")
    assert sta.date == ("2018-07-30" if key == "001" else "2018")
    _cited(sta.citation, analysis, "2018", "Strategic Trade Authorization")
    framework = _fact(analysis, "framework", "Framework", "Defence Cooperation")
    assert framework.date == "2015"
    _cited(framework.citation, analysis, "renewed", "2015")


@pytest.mark.parametrize("key", ["000", "001"])
def test_two_plus_two_dialogue_of_november_2023(analyses: dict[str, Analysis], key: str) -> None:
    analysis = analyses[key]
    fact = _fact(analysis, "dialogue", "2+2 Ministerial Dialogue")
    assert (fact.date, fact.place) == ("2023-11", "New Delhi")
    assert fact.round == (5 if key == "001" else None)
    _cited(fact.citation, analysis, "took place", "November 2023", "New Delhi")


def test_plan_for_2025_2035(analyses: dict[str, Analysis]) -> None:
    analysis = analyses["001"]
    plan = _fact(analysis, "plan", "framework")
    assert plan.date == "2025/2035"
    _cited(plan.citation, analysis, "framework", "2025-2035")


def test_no_fact_or_time_from_the_dateline_agency(analyses: dict[str, Analysis]) -> None:
    for analysis in analyses.values():
        assert not [t for t in analysis.times if re.fullmatch(r"\W*(2\+2|We)\W*", t.text)]


def test_events_get_the_sentence_actors_and_times(analyses: dict[str, Analysis]) -> None:
    """The orchestrator hands the coder each sentence's mentions and times (the type is the coder's job)."""
    try:
        import concord.analyze.events  # noqa: F401
    except ImportError:
        pytest.skip("events coder not available")
    for analysis in analyses.values():
        first = [e for e in analysis.events if e.citation.sentence == 0]
        assert first, [(e.type, e.citation.sentence) for e in analysis.events]
        assert {e.date for e in first} == {"2025-02-06"}
        countries = {a.country for e in first for a in [*e.actors, *e.recipients]}
        assert {"USA", "IND"} <= countries
        for event in analysis.events:
            sentence = analysis.sentences[event.citation.sentence]
            assert sentence.start <= event.citation.start < event.citation.end <= sentence.end
