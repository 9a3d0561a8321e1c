"""Timeline deduplication and ordering on hand-built facts and events (no parsing)."""

from __future__ import annotations

import datetime as dt

import pytest

from concord.compare import build_timeline, timeline_to_markdown
from concord.errors import ConcordError
from concord.model import Actor, Article, Citation, Event, Fact


def _article(aid: str, day: int, source: str, duplicate_of: str | None = None) -> Article:
    return Article(aid, f"text {aid}", source=source, date=dt.date(2024, 5, day), duplicate_of=duplicate_of)


def _fact(aid: str, kind: str, name: str, date: str | None, acronym: str | None = None) -> Fact:
    return Fact(kind, name, Citation(aid, 1, 0, 10, "test", name), acronym, ["CHL", "ARG"], date)


A, B, C = _article("a", 2, "Andes Wire"), _article("b", 3, "Plata Herald"), _article("c", 2, "Copy", "a")


def test_facts_merge_by_acronym_name_and_compatible_date() -> None:
    facts = [
        (_fact("a", "agreement", "Treaty of Peace and Friendship", "1984", "TPF"), A),
        (_fact("b", "agreement", "Peace and Friendship Treaty", "1984-11-29", "TPF"), B),
        (_fact("c", "agreement", "Treaty of Peace and Friendship", "1984", "TPF"), C),
        (_fact("b", "agreement", "Maipu Integration Treaty", "2009"), B),
        (_fact("a", "agreement", "new Maipu Integration Treaty", "2010"), A),
        (_fact("a", "plan", "joint river management plan", "2025/2030"), A),
        (_fact("b", "plan", "river plan", "2025/2030"), B),
    ]
    timeline = build_timeline([], facts, ["chl", "ARG"])
    assert timeline.actors == ["ARG", "CHL"]
    rows = [(t.date, t.end_date, t.count, t.n_sources) for t in timeline.items]
    assert rows == [
        ("1984-11-29", None, 3, 2),
        ("2009", None, 1, 1),
        ("2010", None, 1, 1),
        ("2025", "2030", 2, 2),
    ]
    treaty = timeline.items[0]
    assert treaty.first_report == "a" and {c.article_id for c in treaty.citations} == {"a", "b", "c"}


def test_events_of_the_dyad_sort_before_a_coarse_date_of_their_year() -> None:
    event = Event("ev-1", "2025-03-03", "AGREE", actor=[Actor("Chile", country="CHL")],
                  recipient=[Actor("Argentina", country="ARG")], n_articles=2, n_sources=2,
                  sources=[{"article_id": "b", "date": "2024-05-03"}, {"article_id": "a", "date": "2024-05-02"}])
    other = Event("ev-2", "2025-01-01", "AGREE", actor=[Actor("Chile", country="CHL")])
    plan = (_fact("a", "plan", "joint river plan", "2025/2030"), A)
    timeline = build_timeline([other, event], [plan], ["CHL", "ARG"])
    assert [t.kind for t in timeline.items] == ["event", "plan"]
    assert timeline.items[0].first_report == "a" and timeline.items[0].event_id == "ev-1"
    assert "2025–2030" in timeline_to_markdown(timeline)


def test_a_timeline_needs_actors() -> None:
    with pytest.raises(ConcordError):
        build_timeline([], [], [" "])


def test_one_known_fact_under_many_names_is_one_item() -> None:
    def known(aid: str, name: str, date: str | None, key: str = "jcpoa") -> Fact:
        return Fact("agreement", name, Citation(aid, 0, 0, 9, "test", name), None, ["IRN", "USA"], date, key=key)

    a, b = _article("a", 2, "Andes Wire"), _article("b", 3, "Plata Herald")
    facts = [(known("a", "Iran nuclear deal", None), a), (known("b", "JCPOA", "2015"), b),
             (known("b", "the 2015 nuclear agreement", "2015"), b),
             (known("a", "Iran nuclear deal", "2018"), a),  # a date that cannot be the same fact
             (known("a", "nuclear deal", None, key="~deal-nuclear"), a)]
    items = build_timeline([], facts, ["USA", "IRN"]).items
    assert [(t.date, t.count) for t in items] == [("2015", 2), ("2018", 1), (None, 1)]
    assert len(items[0].citations) == 3 and items[0].first_report == "a"
