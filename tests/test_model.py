"""Records round-trip through JSON unchanged, and article ids ignore only case and spacing."""

from __future__ import annotations

import datetime as dt
import json
import pickle

from concord.model import (
    Actor,
    Analysis,
    Article,
    Citation,
    Conflict,
    ConflictValue,
    Dateline,
    Event,
    EventMention,
    Fact,
    Sentence,
    TimeExpression,
    article_id,
    from_dict,
    to_dict,
)


def _cite(sentence: int = 0) -> Citation:
    return Citation("abc", sentence, 0, 10, "test-rule", "held a call")


def _analysis() -> Analysis:
    singh = Actor("Rajnath Singh", "person", "IND", ["GOV", "MIL"], "Defence Minister", [_cite()])
    return Analysis(
        article_id="abc",
        sentences=[Sentence(0, 0, 30, "The two ministers held a call.")],
        actors=[singh],
        times=[TimeExpression("2025-2035", "2025", "range", _cite(), end_value="2035")],
        events=[EventMention("CONSULT", _cite(), mode="phone", actors=[singh], cameo="04", intensity=1.0)],
        facts=[Fact("agreement", "Industrial Security Agreement", _cite(1), acronym="ISA", date="2019")],
        producer="test",
    )


def test_article_round_trip_through_json() -> None:
    article = Article(
        id="abc",
        text="Body.",
        published=dt.date(2025, 2, 6),
        dateline=Dateline("NEW DELHI -", "New Delhi", "IND", dt.date(2025, 2, 6), "ANI", True),
        ingested_at=dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.UTC),
        meta={"author": "desk"},
    )
    data = json.loads(json.dumps(to_dict(article)))
    assert data["dateline"]["date"] == "2025-02-06"
    assert from_dict(Article, data) == article


def test_analysis_and_event_round_trip_and_pickle() -> None:
    analysis = _analysis()
    assert from_dict(Analysis, json.loads(json.dumps(to_dict(analysis)))) == analysis
    assert pickle.loads(pickle.dumps(analysis)) == analysis
    event = Event(
        id="e1",
        date="2025-02-06",
        event="CONSULT",
        actor=analysis.actors,
        citations={"date": [_cite()]},
        conflicts=[Conflict("date", [ConflictValue("2025-02-06", [_cite()]), ConflictValue("2025-02-07")])],
    )
    assert from_dict(Event, json.loads(json.dumps(to_dict(event)))) == event


def test_unknown_keys_are_ignored_for_forward_compatibility() -> None:
    assert from_dict(Sentence, {"index": 1, "start": 0, "end": 3, "text": "Hi.", "new": 1}) == Sentence(
        1, 0, 3, "Hi."
    )


def test_article_id_is_stable_under_spacing_and_case_only() -> None:
    base = article_id("Singh and Hegseth held a call.")
    assert base == article_id("  singh and   HEGSETH held\na call. ")
    assert base != article_id("Singh and Hegseth held a meeting.")
    assert len(base) == 16
