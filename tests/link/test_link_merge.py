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
