"""The Store contract, grouped queries behind the relation views: events per period and type, and
dyads, on every backend."""

from __future__ import annotations

import pytest

from concord.errors import StoreError
from concord.model import Actor, Event
from concord.store import EventFilter, Store
from concord.store.base import DyadCount, PeriodCount


def _event(event_id: str, date: str | None, kind: str, intensity: float | None, *countries: str) -> Event:
    return Event(id=event_id, date=date, event=kind, intensity=intensity,
                 actor=[Actor(f"Minister of {c}", "person", c) for c in countries])


@pytest.fixture()
def events(store: Store) -> Store:
    """A store of events of several precisions, types and dyads."""
    store.save_links([(e, []) for e in EVENTS], [], {})
    return store


EVENTS = (
    _event("ev-1", "2025-02-03", "CONSULT", 2.0, "IND", "USA"),  # a Monday
    _event("ev-2", "2025-02-09", "CONSULT", 4.0, "IND", "USA"),  # the Sunday of the same week
    _event("ev-3", "2025-02-10", "ASSAULT", -9.0, "IND", "PAK"),
    _event("ev-4", "2025-03-01", "AGREE", None, "IND", "USA", "JPN"),
    _event("ev-5", "2025-02", "AGREE", 2.5, "USA", "JPN"),  # known to the month only
    _event("ev-6", None, "AID", 10.0, "USA"),
    _event("ev-7", "2024-12-31", "", None, "USA"),  # uncoded: never counted
)


def test_counts_per_period_and_type_with_mean_intensity(events: Store) -> None:
    assert events.event_period_counts(EventFilter(("USA",)), "week") == [
        PeriodCount(None, "AID", 1, 10.0, 1),
        PeriodCount("2025-02", "AGREE", 1, 2.5, 1),  # less precise than a week: its own key
        PeriodCount("2025-02-03", "CONSULT", 2, 3.0, 2),  # Monday and Sunday: one week, keyed by its Monday
        PeriodCount("2025-02-24", "AGREE", 1, None, 0),  # no intensity: not in the mean
    ]
    months = events.event_period_counts(EventFilter(), "month")
    assert [(c.period, c.type, c.count) for c in months] == [
        (None, "AID", 1), ("2025-02", "AGREE", 1), ("2025-02", "ASSAULT", 1), ("2025-02", "CONSULT", 2), ("2025-03", "AGREE", 1)]
    assert [(c.period, c.count) for c in events.event_period_counts(EventFilter(since="2025-02-04"), "year")] == [
        ("2025", 1), ("2025", 1), ("2025", 1)]
    days = events.event_period_counts(EventFilter(("IND", "USA"), until="2025-02-28"), "day")
    assert [(c.period, c.count) for c in days] == [("2025-02-03", 1), ("2025-02-09", 1)]
    with pytest.raises(StoreError):
        events.event_period_counts(EventFilter(), "fortnight")


def test_dyads_by_shared_events_and_a_countrys_counterparts(events: Store) -> None:
    assert events.dyad_counts(EventFilter()) == [
        DyadCount("IND", "USA", 3), DyadCount("JPN", "USA", 2), DyadCount("IND", "JPN", 1), DyadCount("IND", "PAK", 1)]
    assert events.dyad_counts(EventFilter(("PAK",))) == [DyadCount("IND", "PAK", 1)]
    assert events.dyad_counts(EventFilter(since="2025-03-01"), limit=2) == [DyadCount("IND", "JPN", 1), DyadCount("IND", "USA", 1)]


def test_three_countries_and_one_pair(events: Store) -> None:
    assert [(c.period, c.type) for c in events.event_period_counts(EventFilter(("USA", "JPN", "IND")), "month")] == [
        ("2025-03", "AGREE")]
    assert events.dyad_counts(EventFilter(("USA", "IND"))) == [DyadCount("IND", "USA", 3)]
    assert events.dyad_counts(EventFilter(("USA", "IND", "PAK"))) == []


def test_replaced_and_removed_events_leave_the_counts(events: Store) -> None:
    events.save_links([(_event("ev-1", "2025-04-01", "ACCUSE", -3.0, "IND", "USA"), [])], [], {}, removed=["ev-2"])
    months = events.event_period_counts(EventFilter(("IND", "USA")), "month")
    assert [(c.period, c.type, c.count) for c in months] == [("2025-03", "AGREE", 1), ("2025-04", "ACCUSE", 1)]
    events.clear_links()
    assert events.event_period_counts(EventFilter(("USA",)), "year") == [] and events.dyad_counts(EventFilter()) == []
