"""Who an event is done to: groups of people of no country, things of a named place; on sentences
written for these tests (not from any corpus)."""

from __future__ import annotations

import datetime as dt

import pytest

from concord.analyze.analysis import analyze_doc
from concord.link.secondary import merge_story
from concord.model import Actor, Article, Event, article_id


def _event(nlp, text: str) -> Event:  # type: ignore[no-untyped-def]
    """The event a one-sentence article written for the test gives."""
    article = Article(id=article_id(text), text=text, date=dt.date(2025, 2, 7))
    analysis = analyze_doc(article, nlp(text))
    return merge_story("ev-t", [article], {article.id: analysis})[0]


def _recipients(nlp, text: str) -> list[Actor]:  # type: ignore[no-untyped-def]
    """The recipients of the event a one-sentence article written for the test gives."""
    return _event(nlp, text).recipient


@pytest.mark.parametrize(("text", "name"), [
    ("Guards beat the prisoners at a remote camp last week.", "Prisoners"),
    ("Detectives arrested two suspects after the warehouse robbery.", "Suspects"),
    ("Riot police fired tear gas at protesters outside the stadium.", "Protesters"),
    ("Guards beat hundreds of political prisoners at the camp.", "Political Prisoner"),  # what a number is of
])
def test_a_group_of_people_of_no_country_is_kept_when_acted_on(nlp, text: str, name: str) -> None:  # type: ignore[no-untyped-def]
    assert name in [r.name for r in _recipients(nlp, text)]


@pytest.mark.parametrize(("text", "iso3"), [
    ("Investigators from Canada examined the Lagos port terminal.", "NGA"),
    ("Auditors from Sweden inspected the Nairobi rail depot.", "KEN"),
    ("Soldiers shelled parts of Idlib overnight.", "SYR"),  # what a part is of
    # whose it is: its "by", "made by" or "from" phrase
    ("The court dismissed an appeal filed by the Tanzanian opposition party.", "TZA"),
    ("The regulator rejected a bid made by the Brazilian airline Azul.", "BRA"),
    ("The governor turned down a request from the Ghanaian finance minister to cut the budget.", "GHA"),
])
def test_a_thing_acted_on_names_the_state_of_its_place_or_its_owner(nlp, text: str, iso3: str) -> None:  # type: ignore[no-untyped-def]
    assert iso3 in [r.country for r in _recipients(nlp, text)]


def test_a_place_where_a_thing_was_signed_is_not_whose_it_is(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Ethiopia's premier and his Ugandan counterpart signed nine agreements and memorandums of "
            "understanding in the Hall of the Republic in the Kenyan capital.")
    assert [r.country for r in _recipients(nlp, text)] == ["UGA"]


@pytest.mark.parametrize("text", [
    "Three officials of NC were freed from detention on Friday.",  # a party as often as North Carolina
    "The president rejected a request from the interior minister to fire the police chief.",  # whose minister?
])
def test_an_ambiguous_acronym_or_a_bare_title_names_no_country_or_nobody(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert all(r.country != "USA" and r.name != "Minister" for r in _recipients(nlp, text))


def test_a_generic_body_named_by_its_organisation_is_the_organisations(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The Maduro government agreed to admit UN workers into the prisons."
    names = [r.name for r in _recipients(nlp, text)]
    assert "United Nations" in names and "Venezuelan workers" not in names


def test_an_acronym_the_tagger_takes_for_a_noun_names_its_organisation(nlp) -> None:  # type: ignore[no-untyped-def]
    event = _event(nlp, "SADC refused the Malawi government a delay.")
    assert [a.name for a in event.actor] == ["Southern African Development Community"]


@pytest.mark.parametrize(("text", "sector"), [
    ("Coast guards intercepted 40 asylum seekers off the island.", "REF"),
    ("The electoral board barred a former presidential candidate of Peru from the race.", "PTY"),
])
def test_a_person_noun_the_knowledge_base_lists_with_its_modifier_is_an_actor(nlp, text: str, sector: str) -> None:  # type: ignore[no-untyped-def]
    assert any(sector in r.sector for r in _recipients(nlp, text))


def test_a_group_of_states_is_no_one_countrys(nlp) -> None:  # type: ignore[no-untyped-def]
    recipients = _recipients(nlp, "The minister criticised Washington's European allies for their silence.")
    assert [(r.name, r.country) for r in recipients] == [("Allies", None)]


def test_a_place_the_gazetteer_lacks_acted_on_stands_for_the_sentences_country(nlp) -> None:  # type: ignore[no-untyped-def]
    recipients = _recipients(nlp, "Israeli troops sealed off Wadi Nisnas District after the clashes.")
    assert [r.country for r in recipients] == ["ISR"]
