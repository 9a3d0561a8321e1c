"""Actors: one span resolved on its own, and every mention of an invented report linked up."""

from __future__ import annotations

import pytest

from concord.analyze.actors import resolve_actor_text
from concord.errors import ConcordError


@pytest.mark.parametrize(
    ("text", "name", "kind", "country", "sector", "role"),
    [
        ("US Secretary of Defence Pete Hegseth", "Pete Hegseth", "person", "USA", {"GOV", "MIL"},
         "Secretary of Defense"),
        ("Indian Defence Minister Rajnath Singh", "Rajnath Singh", "person", "IND", {"GOV", "MIL"},
         "Defence Minister"),
        ("Chinese Foreign Minister Wang Yi", "Wang Yi", "person", "CHN", {"GOV"}, "Foreign Minister"),
        ("the Pentagon", "Department of Defense", "organisation", "USA", {"GOV", "MIL"}, None),
        ("NATO", "NATO", "organisation", None, {"IGO", "MIL"}, None),
        ("Hamas", "Hamas", "group", "PSE", {"REB"}, None),
        ("Kenyan police", "Police", "group", "KEN", {"COP"}, None),
        ("France", "France", "state", "FRA", set(), None),
        ("Justin Trudeau", "Justin Trudeau", "person", None, set(), None),
    ],
)
def test_resolve_actor_text(text: str, name: str, kind: str, country: str | None, sector: set[str],
                            role: str | None) -> None:
    actor = resolve_actor_text(text)
    assert (actor.name, actor.kind, actor.country, set(actor.sector), actor.role) == (
        name, kind, country, sector, role)


def test_institution_takes_the_article_country() -> None:
    assert resolve_actor_text("Ministry of Defence", "GBR").country == "GBR"
    assert resolve_actor_text("India's Ministry of Defense", "GBR").country == "IND"


def test_typo_in_title_is_tolerated() -> None:
    actor = resolve_actor_text("Defense Minster Kim Yong-hyun", "KOR")
    assert (actor.role, actor.name) == ("Defence Minister", "Kim Yong-hyun")


def test_empty_span_is_an_error() -> None:
    with pytest.raises(ConcordError):
        resolve_actor_text("  the ")


REPORT = (
    "Canberra, March 3 (AAP): Australian Defence Minister Richard Marles spoke with Japanese Defense "
    "Minister Gen Nakatani by phone on Monday. Marles said the talks covered submarine cooperation.\n\n"
    "The two ministers agreed to meet again in Tokyo. Nakatani's office later confirmed the plan, "
    "and the Defense Minster thanked his counterpart. Protesters gathered outside the Department of "
    "Defence in Canberra."
)


def test_report_mentions_link_to_one_actor_each(analyse) -> None:  # type: ignore[no-untyped-def]
    analysis = analyse(REPORT)
    persons = {a.name: a for a in analysis.actors if a.kind == "person"}
    marles, nakatani = persons["Richard Marles"], persons["Gen Nakatani"]
    assert (marles.country, marles.role, nakatani.country, nakatani.role) == (
        "AUS", "Defence Minister", "JPN", "Defence Minister")
    assert [c.text for c in marles.citations][:2] == ["Australian Defence Minister Richard Marles", "Marles"]
    assert "The two ministers" in [c.text for c in nakatani.citations]
    assert "Nakatani" in [c.text for c in nakatani.citations]
    protesters = next(a for a in analysis.actors if a.name == "Protesters")
    assert (protesters.country, protesters.sector) == ("AUS", ["CVL"])
    for actor in analysis.actors:
        for citation in actor.citations:
            sentence = analysis.sentences[citation.sentence]
            assert sentence.start <= citation.start < citation.end <= sentence.end
            assert REPORT[citation.start:citation.end] == citation.text


def test_capital_is_an_actor_only_as_a_subject(analyse) -> None:  # type: ignore[no-untyped-def]
    analysis = analyse("Beijing rejected the claim. The envoy flew to Beijing on Friday.")
    (china,) = [a for a in analysis.actors if a.country == "CHN"]
    assert [c.sentence for c in china.citations] == [0]
