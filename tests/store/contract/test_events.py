"""The Store contract, events side: pages of summaries, type counts and the generation, derived
views, absorbed events, and an event's reports, on every backend."""

from __future__ import annotations

import datetime as dt

import pytest

from concord.errors import NotFoundError
from concord.model import Actor, Conflict, ConflictValue, Event, event_summary
from concord.store import EventFilter, Store


def _event(event_id: str, kind: str, day: int, *countries: str, sources: int = 1) -> Event:
    return Event(
        id=event_id, date=f"2025-02-{day:02d}", event=kind, mode="phone",
        actor=[Actor(name=f"Minister of {c}", kind="person", country=c, sector=["GOV"]) for c in countries],
        n_articles=sources, n_sources=sources,
        sources=[{"article_id": f"a{event_id}{i}", "source": f"Outlet {i}"} for i in range(sources)],
        conflicts=[Conflict("date", [ConflictValue("2025-02-06"), ConflictValue("2025-02-07")])],
    )


def test_event_summaries_page_like_events_and_drop_provenance(store: Store) -> None:
    store.save_links([(_event(f"ev-{i}", "CONSULT", 1 + i, "IND", "USA"), []) for i in range(5)], [], {})
    full = store.events(EventFilter(after="ev-1", limit=2))
    summaries = store.event_summaries(EventFilter(after="ev-1", limit=2))
    assert [s["id"] for s in summaries] == [e.id for e in full] == ["ev-2", "ev-3"]
    assert summaries[0] == event_summary(full[0])
    assert summaries[0]["conflicting_fields"] == ["date"] and "sources" not in summaries[0]
    assert summaries[0]["actor"][0] == {"id": None, "name": "Minister of IND", "code": None, "kind": "person",
                                        "country": "IND", "sector": ["GOV"], "role": None}


def test_type_counts_follow_filters_and_generation_follows_changes(store: Store) -> None:
    before = store.generation()
    store.save_links([
        (_event("ev-a", "CONSULT", 3, "IND", "USA", sources=2), []),
        (_event("ev-b", "CONSULT", 4, "IND", "CHN"), []),
        (_event("ev-c", "AGREE", 5, "IND", "USA"), []),
        (_event("ev-d", "", 5, "IND"), []),  # uncoded: never counted
    ], [], {})
    assert store.generation() != before
    assert store.event_type_counts() == {"CONSULT": 2, "AGREE": 1}
    assert store.event_type_counts(EventFilter(actors=("USA",))) == {"AGREE": 1, "CONSULT": 1}
    assert store.event_type_counts(EventFilter(since="2025-02-04", type="AGREE")) == {"AGREE": 1, "CONSULT": 1}
    assert store.event_type_counts(EventFilter(min_sources=2)) == {"CONSULT": 1}
    unchanged = store.generation()
    store.event_type_counts()
    assert store.generation() == unchanged


def test_event_view_is_kept_only_for_the_same_reports(store: Store) -> None:
    store.save_links([(_event("ev-v", "CONSULT", 6, "IND"), [])], [], {})
    assert store.event_view("ev-v", "a,b") is None
    store.save_event_view("ev-v", "a,b", {"groups": [1, 2]})
    assert store.event_view("ev-v", "a,b") == {"groups": [1, 2]}
    assert store.event_view("ev-v", "a,b,c") is None  # the event gained a report: the view is stale
    store.save_links([(_event("ev-v", "CONSULT", 6, "IND"), [])], [], {})  # the event is re-merged
    assert store.event_view("ev-v", "a,b") is None
    store.save_event_view("ev-gone", "a", {"x": 1})  # no such event: nothing is kept
    assert store.event_view("ev-gone", "a") is None


def test_absorbed_events_are_removed_with_their_summaries_and_views(store: Store) -> None:
    store.save_links([(_event("ev-old", "CONSULT", 8, "IND"), []), (_event("ev-twin", "CONSULT", 8, "IND"), [])], [], {})
    store.save_event_view("ev-twin", "k", {"groups": []})
    store.save_links([(_event("ev-old", "CONSULT", 8, "IND", sources=2), [])], [], {}, removed=["ev-twin"])
    assert [e["id"] for e in store.event_summaries()] == ["ev-old"]
    assert store.event_view("ev-twin", "k") is None and store.event_type_counts() == {"CONSULT": 1}
    with pytest.raises(NotFoundError):
        store.get_event("ev-twin")


def test_reports_come_in_one_query_in_source_order(store: Store) -> None:
    from concord.model import Analysis, Article

    articles = [Article(id=f"r{n}", text=f"Report {n}.", date=None if n == 0 else dt.date(2025, 2, 10 - n))
                for n in range(3)]
    for article in articles:
        store.add_article(article)
    store.save_analysis(Analysis("r1", producer="t"))
    store.save_links([(_event("ev-r", "CONSULT", 6, "IND"), ["r0", "r1", "r2"])], [a.id for a in articles], {})
    reports = store.reports("ev-r")
    assert [r.article.id for r in reports] == ["r2", "r1", "r0"]  # by date, the undated last
    assert [r.analysis is not None for r in reports] == [False, True, False]
    assert store.reports("ev-none") == []


def test_event_pages_by_country_type_and_cursor(store: Store) -> None:
    store.save_links([
        (_event("ev-1", "CONSULT", 1, "IND", "USA"), []), (_event("ev-2", "AGREE", 2, "IND"), []),
        (_event("ev-3", "CONSULT", 3, "USA", "IND"), []), (_event("ev-4", "CONSULT", 4, "CHN"), []),
    ], [], {})
    assert [e.id for e in store.events(EventFilter(("ind", "USA")))] == ["ev-1", "ev-3"]
    assert [e.id for e in store.events(EventFilter(("IND",), type="consult", after="ev-1"))] == ["ev-3"]
    assert [e.id for e in store.events(EventFilter(after="ev-2", limit=1))] == ["ev-3"]
    assert [e["id"] for e in store.event_summaries(EventFilter(("IND",), limit=2))] == ["ev-1", "ev-2"]
    with pytest.raises(NotFoundError):
        store.events(EventFilter(after="ev-9"))



def test_a_cursor_is_read_in_the_page_statement_and_checked_when_the_page_is_empty(store: Store) -> None:
    store.save_links([(_event(i, "CONSULT", 1 + int(i[-1]), "IND"), []) for i in ("a-0", "ev-0", "ev-1", "ev-2")], [], {})
    assert [e["id"] for e in store.event_summaries(EventFilter(after="ev-0"))] == ["ev-1", "ev-2"]
    assert [e.id for e in store.events(EventFilter(after="a-"))] == ["ev-0", "ev-1", "ev-2"]  # a unique prefix
    assert [e.id for e in store.events(EventFilter(("IND",), after="a-", limit=1))] == ["ev-0"]
    assert [e.id for e in store.events(EventFilter(after="ev-2", newest_first=True))] == ["ev-1", "ev-0", "a-0"]
    assert store.events(EventFilter(after="ev-2")) == []  # the last event: an empty page, not an error
    assert [e.id for e in store.events(EventFilter(("IND",), after="ev-0", limit=1))] == ["ev-1"]
    for missing in ("ev-9", ""):
        with pytest.raises(NotFoundError):
            store.event_summaries(EventFilter(after=missing))
        with pytest.raises(NotFoundError):
            store.events(EventFilter(("IND",), after=missing))
    with pytest.raises(NotFoundError, match="ambiguous"):
        store.events(EventFilter(after="ev-"))


def test_summaries_of_ids_come_in_one_query_and_a_session_shares_a_connection(store: Store) -> None:
    store.save_links([(_event(f"ev-{i}", "CONSULT", 1 + i, "IND"), []) for i in range(3)], [], {})
    with store.session():
        got = store.summaries_of(["ev-2", "ev-gone", "ev-0"])
        with store.transaction():  # a transaction inside a session, then the session goes on
            store.save_links([(_event("ev-3", "AGREE", 9, "USA"), [])], [], {})
        assert store.summaries_of(["ev-3"])["ev-3"]["event"] == "AGREE"
    assert sorted(got) == ["ev-0", "ev-2"] and got["ev-2"] == event_summary(store.get_event("ev-2"))
    assert store.summaries_of([]) == {}
