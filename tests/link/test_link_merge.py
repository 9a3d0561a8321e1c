"""Merging a cluster's reports into one cited event, and flagging real conflicts only."""

from __future__ import annotations

import datetime as dt

import pytest

from concord.errors import ConcordError
from concord.link.cluster import event_id
from concord.link.merge import merge_event, source_name
from concord.model import Actor, Analysis, Article, Citation, Dateline, EventMention


def _mention(aid: str, sentence: int, day: str, mode: str = "phone", etype: str = "CONSULT") -> EventMention:
    cite = Citation(aid, sentence, 0, 40, "test", text=f"sentence {sentence} of {aid}")
    return EventMention(
        type=etype,
        citation=cite,
        mode=mode,
        actors=[Actor(name="Defence Secretary", kind="person", country="USA", citations=[cite])],
        recipients=[Actor(name="Defence Minister", kind="person", country="IND", citations=[cite])],
        date=day,
        date_precision="day",
        confidence=0.9 - sentence / 10,
        cameo="040",
        intensity=1.0,
    )


def _reports() -> tuple[list[Article], dict[str, Analysis]]:
    delhi = Article(
        id="r-delhi", text="(report text)", source="Agency One", date=dt.date(2025, 2, 6),
        dateline=Dateline(raw="New Delhi, Feb 6", date=dt.date(2025, 2, 6)),
        ingested_at=dt.datetime(2025, 2, 6, 12, 0),
    )
    washington = Article(
        id="r-dc", text="(report text)", source="Agency Two", url="https://example.org/a",
        date=dt.date(2025, 2, 7),
        dateline=Dateline(raw="Washington, Feb 7", date=dt.date(2025, 2, 7)),
        ingested_at=dt.datetime(2025, 2, 7, 9, 30),
    )
    analyses = {
        "r-delhi": Analysis("r-delhi", events=[_mention("r-delhi", 0, "2025-02-06")]),
        # Datelined the 7th but the call happened "on Thursday", the 6th.
        "r-dc": Analysis("r-dc", events=[_mention("r-dc", 0, "2025-02-06"), _mention("r-dc", 2, "2025-02-06")]),
    }
    return [delhi, washington], analyses


def test_two_reports_make_one_cited_event_without_a_date_conflict() -> None:
    articles, analyses = _reports()
    event = merge_event(event_id("r-delhi"), articles, analyses)
    assert (event.event, event.mode, event.date) == ("CONSULT", "phone", "2025-02-06")
    assert (event.n_articles, event.n_sources) == (2, 2)
    assert [a.country for a in event.actor] == ["USA"] and [a.country for a in event.recipient] == ["IND"]
    assert event.conflicts == []
    assert {c.article_id for c in event.citations["date"]} == {"r-delhi", "r-dc"}
    assert event.first_seen == dt.datetime(2025, 2, 6, 12, 0)
    assert event.last_seen == dt.datetime(2025, 2, 7, 9, 30)
    assert [s["article_id"] for s in event.sources] == ["r-delhi", "r-dc"]
    assert event.event_text in {"sentence 0 of r-dc", "sentence 0 of r-delhi"}
    assert event.id == event_id("r-delhi")


def test_disagreeing_reports_give_conflicts_with_citations() -> None:
    articles, analyses = _reports()
    analyses["r-dc"] = Analysis("r-dc", events=[_mention("r-dc", 0, "2025-02-05", mode="video")])
    event = merge_event("ev-x", articles, analyses)
    fields = {c.field: c for c in event.conflicts}
    assert set(fields) == {"date", "mode"}
    values = {v.value: {c.article_id for c in v.citations} for v in fields["date"].values}
    assert values == {"2025-02-05": {"r-dc"}, "2025-02-06": {"r-delhi"}}


def test_cluster_without_analysis_still_merges() -> None:
    articles, _ = _reports()
    event = merge_event("ev-y", articles)
    assert event.event == "" and event.date == "2025-02-06" and event.n_sources == 2
    with pytest.raises(ConcordError):
        merge_event("ev-z", [])


def test_source_name_falls_back_to_agency_and_host() -> None:
    assert source_name(Article(id="a", text="x", source=" Wire ")) == "wire"
    assert source_name(Article(id="b", text="x", dateline=Dateline(raw="", agency="ANI"))) == "ani"
    assert source_name(Article(id="c", text="x", url="https://www.example.com/x")) == "example.com"
    assert source_name(Article(id="d", text="x")) is None


def _state(name: str, country: str | None, kind: str = "state") -> Actor:
    return Actor(name=name, kind=kind, country=country)


def _m(
    aid: str,
    sentence: int,
    etype: str,
    day: str | None = None,
    actors: tuple[Actor, ...] = (),
    recipients: tuple[Actor, ...] = (),
    text: str = "",
    negated: bool = False,
    mode: str | None = None,
) -> EventMention:
    cite = Citation(aid, sentence, 0, 40, "test", text=text or f"sentence {sentence} of {aid}")
    return EventMention(
        type=etype, citation=cite, actors=list(actors), recipients=list(recipients), mode=mode,
        date=day, date_precision="day" if day else None, negated=negated,
    )


def _articles(*ids: str, copy_of: dict[str, str] | None = None) -> list[Article]:
    copy_of = copy_of or {}
    return [
        Article(id=i, text="(text)", source=f"outlet-{i}", date=dt.date(2025, 5, 7), duplicate_of=copy_of.get(i))
        for i in ids
    ]


USA, IND, PAK, CHN = (_state(n, c) for n, c in (("US", "USA"), ("India", "IND"), ("Pakistan", "PAK"), ("China", "CHN")))


def test_the_type_is_what_reports_lead_with_not_what_they_repeat() -> None:
    analyses = {
        "r1": Analysis("r1", events=[_m("r1", 0, "CONSULT", "2025-02-06", mode="phone"),
                                     *(_m("r1", s, "AGREE") for s in (2, 3, 4, 5))]),
        # Leads with a congratulation; the call itself only comes up in the background.
        "r2": Analysis("r2", events=[_m("r2", 0, "SUPPORT"), _m("r2", 1, "AGREE"), _m("r2", 9, "CONSULT")]),
    }
    event = merge_event("ev", _articles("r1", "r2"), analyses)
    assert (event.event, event.mode, event.date) == ("CONSULT", "phone", "2025-02-06")
    assert event.conflicts == []


def test_a_background_date_is_not_the_event_date_and_a_lone_report_has_no_conflict() -> None:
    analyses = {"r1": Analysis("r1", events=[
        _m("r1", 0, "ASSAULT", "2025-05-07", (IND,), (PAK,)),
        _m("r1", 6, "ASSAULT", "2025-04-22"),
        _m("r1", 7, "ACCUSE", None, (IND,), (PAK,)),
    ])}
    event = merge_event("ev", _articles("r1"), analyses)
    assert (event.event, event.date) == ("ASSAULT", "2025-05-07")
    assert event.conflicts == []


def test_actors_are_the_real_actors_of_the_events_own_mentions() -> None:
    noise = (_state("Military", None, "group"),)
    person = Actor(name="Narendra Modi", kind="person", country=None)
    analyses = {
        "r1": Analysis("r1", actors=[Actor(name="Narendra Modi", kind="person", country="IND")], events=[
            _m("r1", 0, "CONSULT", "2025-02-13", (USA, person, *noise)),
            _m("r1", 8, "CONSULT", None, (CHN,)),  # a later, background meeting of the same kind
        ]),
    }
    event = merge_event("ev", _articles("r1"), analyses)
    # Modi, unresolved in the mention, is resolved elsewhere in the report; a group of no known
    # country is noise; China only acts in a background meeting.
    assert [(a.name, a.country) for a in event.actor] == [("Narendra Modi", "IND"), ("US", "USA")]


def test_an_unknown_acronym_acts_but_a_group_of_nowhere_does_not() -> None:
    bureau = Actor(name="QRB", kind="organisation", country=None)
    analyses = {"r1": Analysis("r1", events=[
        _m("r1", 0, "ACCUSE", "2025-02-13", (bureau, _state("Teachers", None, "group")), (IND,))])}
    event = merge_event("ev", _articles("r1"), analyses)
    assert [(a.name, a.country) for a in event.actor] == [("QRB", None)]


def test_reports_that_swap_who_acted_conflict_on_actors_but_extra_actors_do_not() -> None:
    same = {
        "r1": Analysis("r1", events=[_m("r1", 0, "ASSAULT", "2025-05-07", (IND,), (PAK,))]),
        "r2": Analysis("r2", events=[_m("r2", 0, "ASSAULT", "2025-05-07", (IND, USA), (PAK,))]),
    }
    assert merge_event("ev", _articles("r1", "r2"), same).conflicts == []
    swapped = dict(same, r2=Analysis("r2", events=[_m("r2", 0, "ASSAULT", "2025-05-07", (PAK,), (IND,))]))
    conflicts = {c.field: c for c in merge_event("ev", _articles("r1", "r2"), swapped).conflicts}
    assert set(conflicts) == {"actor"}
    backers = [{c.article_id for c in v.citations} for v in conflicts["actor"].values]
    assert sorted(map(sorted, backers)) == [["r1"], ["r2"]]


def test_casualty_figures_that_differ_are_a_conflict_with_citations() -> None:
    analyses = {
        "r1": Analysis("r1", events=[_m("r1", 0, "ASSAULT", "2025-03-15", text="Air strikes killed 31 people and 101 were wounded.")]),
        "r2": Analysis("r2", events=[_m("r2", 1, "ASSAULT", "2025-03-15", text="The toll from the strikes rose to 53.")]),
        "r3": Analysis("r3", events=[_m("r3", 0, "ASSAULT", "2025-03-15", text="The raids killed 31, officials said.")]),
    }
    event = merge_event("ev", _articles("r1", "r2", "r3"), analyses)
    conflicts = {c.field: c for c in event.conflicts}
    assert set(conflicts) == {"figures.killed"}
    values = {v.value: {c.article_id for c in v.citations} for v in conflicts["figures.killed"].values}
    assert values == {31: {"r1", "r3"}, 53: {"r2"}}


def test_a_wire_copy_neither_votes_nor_adds_a_source() -> None:
    analyses = {
        "orig": Analysis("orig", events=[_m("orig", 0, "CONSULT", "2025-02-06")]),
        "copy": Analysis("copy", events=[_m("copy", 0, "CONSULT", "2025-02-05")]),
        "other": Analysis("other", events=[_m("other", 0, "CONSULT", "2025-02-06")]),
    }
    event = merge_event("ev", _articles("orig", "copy", "other", copy_of={"copy": "orig"}), analyses)
    assert (event.date, event.n_articles, event.n_sources) == ("2025-02-06", 3, 2)
    assert event.conflicts == []


def test_a_report_denying_in_its_lead_what_others_affirm_is_a_conflict() -> None:
    analyses = {
        "r1": Analysis("r1", events=[_m("r1", 0, "ASSAULT", "2024-06-17", (CHN,), (_state("Philippines", "PHL"),))]),
        "r2": Analysis("r2", events=[_m("r2", 0, "ASSAULT", None, (CHN,), negated=True)]),
    }
    conflicts = {c.field: c for c in merge_event("ev", _articles("r1", "r2"), analyses).conflicts}
    assert set(conflicts) == {"negated"}
    assert {v.value for v in conflicts["negated"].values} == {True, False}


def test_a_country_is_named_by_its_person_in_talks_and_by_its_name_in_strikes() -> None:
    ministry = Actor(name="Department of Defense", kind="organisation", country="USA", sector=["GOV", "MIL"])
    minister = Actor(name="Pete Hegseth", kind="person", country="USA", sector=["GOV"], role="Secretary of Defense")
    talks = {aid: Analysis(aid, events=[_m(aid, 0, "CONSULT", "2025-02-06", (ministry, IND))]) for aid in ("r1", "r2")}
    talks["r3"] = Analysis("r3", events=[_m("r3", 0, "CONSULT", "2025-02-06", (minister, IND))])
    event = merge_event("ev", _articles("r1", "r2", "r3"), talks)
    us = next(a for a in event.actor if a.country == "USA")
    assert (us.name, us.kind, us.role, us.sector) == ("Pete Hegseth", "person", "Secretary of Defense", ["GOV", "MIL"])
    spokesman = Actor(name="Ahmed Sharif Chaudhry", kind="person", country="PAK", role="spokesman")
    strikes = {"r1": Analysis("r1", events=[_m("r1", 0, "ASSAULT", "2025-05-07", (IND, spokesman, PAK))]),
               "r2": Analysis("r2", events=[_m("r2", 0, "ASSAULT", "2025-05-07", (IND, PAK))])}
    event = merge_event("ev", _articles("r1", "r2"), strikes)
    assert [a.name for a in event.actor] == ["India", "Pakistan"]
