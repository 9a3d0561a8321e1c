"""Standing facts from sentences written for these tests: the patterns generalise beyond the seeds."""

from __future__ import annotations

import datetime as dt

from concord.model import Fact

REPORT = (
    "Nairobi, March 4: Kenya and Ethiopia signed the Border Security Cooperation Treaty in 2019. "
    "Brazil was designated as a Major Non-NATO Ally in 2019, officials said. "
    "The third round of the Strategic Dialogue took place in Cairo in May 2021.\n\n"
    "The two sides agreed on a five-year action plan for the period 2026-2030. "
    "Ghana and Togo inked the Maritime Boundary Agreement on 12 June 2018. "
    "Treaties that bind the region include the Lake Basin Water Charter (2004) and the "
    "Transit Corridor Agreement (TCA) of 2011. "
    "The Partnership will deepen, the Foreign Minister said on Tuesday."
)


def _facts(analyse) -> dict[str, Fact]:  # type: ignore[no-untyped-def]
    analysis = analyse(REPORT, dt.date(2025, 3, 4))
    for fact in analysis.facts:
        sentence = analysis.sentences[fact.citation.sentence]
        assert sentence.start <= fact.citation.start < fact.citation.end <= sentence.end
        assert REPORT[fact.citation.start:fact.citation.end] == fact.citation.text
    return {f.name: f for f in analysis.facts}


def test_signed_agreement_with_year(analyse) -> None:  # type: ignore[no-untyped-def]
    fact = _facts(analyse)["Border Security Cooperation Treaty"]
    assert (fact.kind, fact.date, fact.parties, fact.acronym) == ("agreement", "2019", ["ETH", "KEN"], "BSCT")
    assert "signed" not in fact.citation.text and "2019" in fact.citation.text


def test_designation_without_a_head_word(analyse) -> None:  # type: ignore[no-untyped-def]
    fact = _facts(analyse)["Major Non-NATO Ally"]
    assert (fact.kind, fact.date, fact.parties) == ("designation", "2019", ["BRA"])


def test_dialogue_round_place_and_month(analyse) -> None:  # type: ignore[no-untyped-def]
    fact = _facts(analyse)["Strategic Dialogue"]
    assert (fact.kind, fact.round, fact.place, fact.date) == ("dialogue", 3, "Cairo", "2021-05")
    assert fact.citation.text.startswith("third round")


def test_plan_with_a_range(analyse) -> None:  # type: ignore[no-untyped-def]
    fact = _facts(analyse)["five-year action plan"]
    assert (fact.kind, fact.date) == ("plan", "2026/2030")


def test_bracketed_years_and_acronyms_in_a_list(analyse) -> None:  # type: ignore[no-untyped-def]
    facts = _facts(analyse)
    maritime = facts["Maritime Boundary Agreement"]
    assert (maritime.date, maritime.parties) == ("2018-06-12", ["GHA", "TGO"])
    charter = facts["Lake Basin Water Charter"]
    assert (charter.kind, charter.date) == ("agreement", "2004")
    transit = facts["Transit Corridor Agreement"]
    assert (transit.acronym, transit.date) == ("TCA", "2011")
    assert transit.citation.text == "Transit Corridor Agreement (TCA) of 2011"


def test_no_fact_without_a_date_or_round(analyse) -> None:  # type: ignore[no-untyped-def]
    assert "Partnership" not in _facts(analyse)
