"""Who an event is done to: groups of people of no country, things of a named place; on sentences
written for these tests (not from any corpus)."""

from __future__ import annotations

import datetime as dt

import pytest

from concord.analyze.analysis import analyze_doc
from concord.link.secondary import merge_story
from concord.model import Actor, Article, article_id


def _recipients(nlp, text: str) -> list[Actor]:  # type: ignore[no-untyped-def]
    """The recipients of the event a one-sentence article written for the test gives."""
    article = Article(id=article_id(text), text=text, date=dt.date(2025, 2, 7))
    analysis = analyze_doc(article, nlp(text))
    event = merge_story("ev-t", [article], {article.id: analysis})[0]
    return event.recipient


@pytest.mark.parametrize(("text", "name"), [
    ("Guards beat the prisoners at a remote camp last week.", "Prisoners"),
    ("Detectives arrested two suspects after the warehouse robbery.", "Suspects"),
    ("Riot police fired tear gas at protesters outside the stadium.", "Protesters"),
])
def test_a_group_of_people_of_no_country_is_kept_when_acted_on(nlp, text: str, name: str) -> None:  # type: ignore[no-untyped-def]
    assert name in [r.name for r in _recipients(nlp, text)]


@pytest.mark.parametrize(("text", "iso3"), [
    ("Investigators from Canada examined the Lagos port terminal.", "NGA"),
    ("Auditors from Sweden inspected the Nairobi rail depot.", "KEN"),
])
def test_a_thing_acted_on_names_the_state_of_its_place(nlp, text: str, iso3: str) -> None:  # type: ignore[no-untyped-def]
    assert iso3 in [r.country for r in _recipients(nlp, text)]
