"""The store's links from events to canonical actors: the actor-id filter, grouped counts per actor,
counterparts, stored names, and migration v7 over events stored before it."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from concord.model import Actor, Event
from concord.store import EventFilter, SQLiteStore
from concord.store.base import ActorCount, ActorFilter, ActorName, DyadCount, PeriodCount, actor_roles
from concord.store.sqlite import SCHEMA_VERSION

MODI = Actor("Narendra Modi", "person", "IND", ["GOV"], id="narendra-modi", code="INDGOV")
SINGH = Actor("Rajnath Singh", "person", "IND", ["GOV", "MIL"], id="rajnath-singh", code="INDGOVMIL")
HEGSETH = Actor("Pete Hegseth", "person", "USA", ["GOV", "MIL"], id="x:pete-hegseth-usa", code="USAGOVMIL")
USA = Actor("United States", "state", "USA", id="USA", code="USA")
PAK_ARMY = Actor("Pakistani army", "group", "PAK", ["MIL"], id="PAKMIL", code="PAKMIL")
OLD = Actor("Someone stored before ids", "person", "IND")  # no id: links nothing


def _event(event_id: str, date: str | None, kind: str, intensity: float | None,
           actors: list[Actor], recipients: list[Actor] = []) -> Event:  # noqa: B006 - never mutated
    return Event(id=event_id, date=date, event=kind, intensity=intensity, n_sources=len(actors), actor=actors,
                 recipient=recipients)


EVENTS = (
    _event("ev-1", "2025-02-06", "CONSULT", 2.0, [SINGH], [HEGSETH]),
    _event("ev-2", "2025-02-07", "AGREE", 4.0, [SINGH, HEGSETH], [USA]),
    _event("ev-3", "2025-03-01", "ASSAULT", -9.0, [PAK_ARMY], [SINGH, OLD]),
    _event("ev-4", "2025-03-02", "ACCUSE", -4.0, [SINGH, MODI], [PAK_ARMY]),
    _event("ev-5", "2025-03", "CONSULT", None, [MODI, USA], [USA, MODI]),  # both act and are acted on
    _event("ev-6", None, "SUPPORT", 3.0, [MODI], [SINGH]),
    _event("ev-7", "2025-01-01", "", None, [SINGH]),  # uncoded: never counted
)


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    """A store of events naming known, unknown, state and generic actors in both roles."""
    with SQLiteStore(tmp_path / "actors.db") as store:
        store.save_links([(e, []) for e in EVENTS], [], {})
        yield store


def _ids(store: SQLiteStore, where: EventFilter) -> list[str]:
    return [e.id for e in store.events(where)]


def test_actor_roles_merge_an_actor_that_also_receives() -> None:
    assert actor_roles(EVENTS[4]) == {"narendra-modi": "both", "USA": "both"}
    assert actor_roles(EVENTS[2]) == {"PAKMIL": "actor", "rajnath-singh": "recipient"}


def test_events_filtered_by_actor_id_in_either_role(store: SQLiteStore) -> None:
    assert _ids(store, EventFilter(actor_ids=("rajnath-singh",))) == ["ev-6", "ev-1", "ev-2", "ev-3", "ev-4"]  # undated first
    assert _ids(store, EventFilter(actor_ids=("rajnath-singh",), include_uncoded=True))[:2] == ["ev-6", "ev-7"]
    assert _ids(store, EventFilter(actor_ids=("rajnath-singh", "x:pete-hegseth-usa"))) == ["ev-1", "ev-2"]
    assert _ids(store, EventFilter(("PAK",), actor_ids=("rajnath-singh",))) == ["ev-3", "ev-4"]
    assert _ids(store, EventFilter(actor_ids=("rajnath-singh",), type="accuse")) == ["ev-4"]
    assert _ids(store, EventFilter(actor_ids=("rajnath-singh",), since="2025-02-07", until="2025-03-01")) == ["ev-2", "ev-3"]
    assert _ids(store, EventFilter(actor_ids=("rajnath-singh",), min_sources=2)) == ["ev-2", "ev-4"]
    assert _ids(store, EventFilter(actor_ids=("no-such-actor",))) == []


def test_actor_pages_continue_after_a_cursor(store: SQLiteStore) -> None:
    first = store.event_summaries(EventFilter(actor_ids=("rajnath-singh",), limit=2))
    assert [e["id"] for e in first] == ["ev-6", "ev-1"]
    rest = store.event_summaries(EventFilter(actor_ids=("rajnath-singh",), after="ev-1", limit=2))
    assert [e["id"] for e in rest] == ["ev-2", "ev-3"]


def test_newest_first_pages_walk_back_in_time(store: SQLiteStore) -> None:
    for where in (EventFilter(actor_ids=("rajnath-singh",)), EventFilter(("IND",)), EventFilter()):
        ordered = _ids(store, where)
        newest = dataclasses.replace(where, newest_first=True, limit=2)
        first = _ids(store, newest)
        rest = _ids(store, dataclasses.replace(newest, after=first[-1], limit=100))
        assert first + rest == ordered[::-1]


def test_counts_by_type_and_period_and_dyads_of_an_actor(store: SQLiteStore) -> None:
    singh = EventFilter(actor_ids=("rajnath-singh",))
    assert store.event_type_counts(singh) == {"ACCUSE": 1, "AGREE": 1, "ASSAULT": 1, "CONSULT": 1, "SUPPORT": 1}
    assert store.event_period_counts(singh, "month") == [
        PeriodCount(None, "SUPPORT", 1, 3.0, 1),
        PeriodCount("2025-02", "AGREE", 1, 4.0, 1),
        PeriodCount("2025-02", "CONSULT", 1, 2.0, 1),
        PeriodCount("2025-03", "ACCUSE", 1, -4.0, 1),
        PeriodCount("2025-03", "ASSAULT", 1, -9.0, 1),
    ]
    assert store.event_period_counts(EventFilter(("USA",), actor_ids=("rajnath-singh",)), "year") == [
        PeriodCount("2025", "AGREE", 1, 4.0, 1), PeriodCount("2025", "CONSULT", 1, 2.0, 1)]
    assert store.dyad_counts(singh) == [DyadCount("IND", "PAK", 2), DyadCount("IND", "USA", 2)]
    assert store.dyad_counts(EventFilter(("PAK",), actor_ids=("narendra-modi",))) == [DyadCount("IND", "PAK", 1)]


def test_the_most_present_actors_with_roles_and_names(store: SQLiteStore) -> None:
    counts = store.actor_counts()
    assert counts[0] == ActorCount("rajnath-singh", 5, 3, 2, "Rajnath Singh", "person", "IND", "INDGOVMIL")
    assert [(c.id, c.events) for c in counts] == [
        ("rajnath-singh", 5), ("narendra-modi", 3), ("PAKMIL", 2), ("USA", 2), ("x:pete-hegseth-usa", 2)]
    assert counts[1] == ActorCount("narendra-modi", 3, 3, 1, "Narendra Modi", "person", "IND", "INDGOV")
    page = store.actor_counts(ActorFilter(limit=2, offset=2))
    assert [c.id for c in page] == ["PAKMIL", "USA"]


def test_actor_counts_narrowed_to_ids_or_a_name(store: SQLiteStore) -> None:
    assert [c.id for c in store.actor_counts(ActorFilter(ids=("USA", "nobody")))] == ["USA"]
    assert [c.id for c in store.actor_counts(ActorFilter(name="hegs"))] == ["x:pete-hegseth-usa"]
    assert [c.id for c in store.actor_counts(ActorFilter(name="PAKISTANI"))] == ["PAKMIL"]  # case ignored
    assert [c.id for c in store.actor_counts(ActorFilter(ids=("USA",), name="modi"))] == ["narendra-modi", "USA"]
    assert store.actor_counts(ActorFilter(name="%")) == []  # a wildcard is a plain character
    assert [c.id for c in store.actor_counts(ActorFilter(name="x:pete"))] == ["x:pete-hegseth-usa"]  # the id matches too


def test_partners_of_an_actor_by_shared_events(store: SQLiteStore) -> None:
    partners = store.actor_counts(ActorFilter(partner_of="rajnath-singh"))
    assert [(c.id, c.events, c.as_actor, c.as_recipient) for c in partners] == [
        ("PAKMIL", 2, 1, 1), ("narendra-modi", 2, 2, 0), ("x:pete-hegseth-usa", 2, 1, 1), ("USA", 1, 0, 1)]
    assert store.actor_counts(ActorFilter(partner_of="nobody")) == []


def test_names_an_actor_goes_by(store: SQLiteStore) -> None:
    store.save_links([(_event("ev-8", "2025-04-01", "AID", 5.0, [Actor("US", "state", "USA", id="USA", code="USA")]), [])],
                     [], {})
    assert store.actor_names("USA") == [ActorName("United States", "state", "USA", "USA"), ActorName("US", "state", "USA", "USA")]
    assert store.actor_names("nobody") == []


def test_replaced_removed_and_cleared_events_leave_the_links(store: SQLiteStore) -> None:
    store.save_links([(_event("ev-1", "2025-04-01", "ACCUSE", -3.0, [HEGSETH], [USA]), [])], [], {}, removed=["ev-2"])
    assert _ids(store, EventFilter(actor_ids=("rajnath-singh",))) == ["ev-6", "ev-3", "ev-4"]
    assert [(c.id, c.events) for c in store.actor_counts(ActorFilter(ids=("x:pete-hegseth-usa",)))] == [
        ("x:pete-hegseth-usa", 1)]
    store.clear_links()
    assert store.actor_counts() == [] and store.actor_names("USA") == []
    assert _ids(store, EventFilter(actor_ids=("USA",))) == []


def test_migration_v7_links_the_actors_of_stored_events(store: SQLiteStore, tmp_path: Path) -> None:
    before = (store.actor_counts(), store.actor_names("USA"), _ids(store, EventFilter(actor_ids=("USA",))))
    store.close()
    with closing(sqlite3.connect(tmp_path / "actors.db")) as conn:  # as a version-6 file: no links yet
        conn.execute("DROP TABLE event_actors")
        conn.execute("DROP TABLE actor_names")
        conn.execute("DROP TABLE actor_pairs")
        conn.execute("PRAGMA user_version = 6")
        conn.commit()
    with SQLiteStore(tmp_path / "actors.db") as again:
        assert again.schema_version == SCHEMA_VERSION >= 8
        assert (again.actor_counts(), again.actor_names("USA"), _ids(again, EventFilter(actor_ids=("USA",)))) == before


def test_migration_v8_pairs_the_actors_of_stored_events(store: SQLiteStore, tmp_path: Path) -> None:
    before = store.actor_counts(ActorFilter(partner_of="rajnath-singh"))
    store.close()
    with closing(sqlite3.connect(tmp_path / "actors.db")) as conn:  # as a version-7 file: no actor pairs
        conn.execute("DROP TABLE actor_pairs")
        conn.execute("PRAGMA user_version = 7")
        conn.commit()
    with SQLiteStore(tmp_path / "actors.db") as again:
        assert again.schema_version == SCHEMA_VERSION >= 8
        assert again.actor_counts(ActorFilter(partner_of="rajnath-singh")) == before != []
