"""The Store contract, actor side: the actor-id filter, grouped counts per actor, counterparts and
stored names, on every backend."""

from __future__ import annotations

import dataclasses

import pytest

from concord.model import Actor, Event
from concord.store import EventFilter, Store
from concord.store.base import ActorCount, ActorFilter, ActorName, DyadCount, PeriodCount, actor_roles

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
def actors(store: Store) -> Store:
    """A store of events naming known, unknown, state and generic actors in both roles."""
    store.save_links([(e, []) for e in EVENTS], [], {})
    return store


def _ids(store: Store, where: EventFilter) -> list[str]:
    return [e.id for e in store.events(where)]


def test_actor_roles_merge_an_actor_that_also_receives() -> None:
    assert actor_roles(EVENTS[4]) == {"narendra-modi": "both", "USA": "both"}
    assert actor_roles(EVENTS[2]) == {"PAKMIL": "actor", "rajnath-singh": "recipient"}


def test_events_filtered_by_actor_id_in_either_role(actors: Store) -> None:
    assert _ids(actors, EventFilter(actor_ids=("rajnath-singh",))) == ["ev-6", "ev-1", "ev-2", "ev-3", "ev-4"]  # undated first
    assert _ids(actors, EventFilter(actor_ids=("rajnath-singh",), include_uncoded=True))[:2] == ["ev-6", "ev-7"]
    assert _ids(actors, EventFilter(actor_ids=("rajnath-singh", "x:pete-hegseth-usa"))) == ["ev-1", "ev-2"]
    assert _ids(actors, EventFilter(("PAK",), actor_ids=("rajnath-singh",))) == ["ev-3", "ev-4"]
    assert _ids(actors, EventFilter(actor_ids=("rajnath-singh",), type="accuse")) == ["ev-4"]
    assert _ids(actors, EventFilter(actor_ids=("rajnath-singh",), since="2025-02-07", until="2025-03-01")) == ["ev-2", "ev-3"]
    assert _ids(actors, EventFilter(actor_ids=("rajnath-singh",), min_sources=2)) == ["ev-2", "ev-4"]
    assert _ids(actors, EventFilter(actor_ids=("no-such-actor",))) == []


def test_actor_pages_continue_after_a_cursor(actors: Store) -> None:
    first = actors.event_summaries(EventFilter(actor_ids=("rajnath-singh",), limit=2))
    assert [e["id"] for e in first] == ["ev-6", "ev-1"]
    rest = actors.event_summaries(EventFilter(actor_ids=("rajnath-singh",), after="ev-1", limit=2))
    assert [e["id"] for e in rest] == ["ev-2", "ev-3"]


def test_newest_first_pages_walk_back_in_time(actors: Store) -> None:
    for where in (EventFilter(actor_ids=("rajnath-singh",)), EventFilter(("IND",)), EventFilter()):
        ordered = _ids(actors, where)
        newest = dataclasses.replace(where, newest_first=True, limit=2)
        first = _ids(actors, newest)
        rest = _ids(actors, dataclasses.replace(newest, after=first[-1], limit=100))
        assert first + rest == ordered[::-1]


def test_counts_by_type_and_period_and_dyads_of_an_actor(actors: Store) -> None:
    singh = EventFilter(actor_ids=("rajnath-singh",))
    assert actors.event_type_counts(singh) == {"ACCUSE": 1, "AGREE": 1, "ASSAULT": 1, "CONSULT": 1, "SUPPORT": 1}
    assert actors.event_period_counts(singh, "month") == [
        PeriodCount(None, "SUPPORT", 1, 3.0, 1),
        PeriodCount("2025-02", "AGREE", 1, 4.0, 1),
        PeriodCount("2025-02", "CONSULT", 1, 2.0, 1),
        PeriodCount("2025-03", "ACCUSE", 1, -4.0, 1),
        PeriodCount("2025-03", "ASSAULT", 1, -9.0, 1),
    ]
    assert actors.event_period_counts(EventFilter(("USA",), actor_ids=("rajnath-singh",)), "year") == [
        PeriodCount("2025", "AGREE", 1, 4.0, 1), PeriodCount("2025", "CONSULT", 1, 2.0, 1)]
    assert actors.dyad_counts(singh) == [DyadCount("IND", "PAK", 2), DyadCount("IND", "USA", 2)]
    assert actors.dyad_counts(EventFilter(("PAK",), actor_ids=("narendra-modi",))) == [DyadCount("IND", "PAK", 1)]


def test_the_most_present_actors_with_roles_and_names(actors: Store) -> None:
    counts = actors.actor_counts()
    assert counts[0] == ActorCount("rajnath-singh", 5, 3, 2, "Rajnath Singh", "person", "IND", "INDGOVMIL")
    assert [(c.id, c.events) for c in counts] == [
        ("rajnath-singh", 5), ("narendra-modi", 3), ("PAKMIL", 2), ("USA", 2), ("x:pete-hegseth-usa", 2)]
    assert counts[1] == ActorCount("narendra-modi", 3, 3, 1, "Narendra Modi", "person", "IND", "INDGOV")
    page = actors.actor_counts(ActorFilter(limit=2, offset=2))
    assert [c.id for c in page] == ["PAKMIL", "USA"]


def test_actor_counts_narrowed_to_ids_or_a_name(actors: Store) -> None:
    assert [c.id for c in actors.actor_counts(ActorFilter(ids=("USA", "nobody")))] == ["USA"]
    assert [c.id for c in actors.actor_counts(ActorFilter(name="hegs"))] == ["x:pete-hegseth-usa"]
    assert [c.id for c in actors.actor_counts(ActorFilter(name="PAKISTANI"))] == ["PAKMIL"]  # case ignored
    assert [c.id for c in actors.actor_counts(ActorFilter(ids=("USA",), name="modi"))] == ["narendra-modi", "USA"]
    assert actors.actor_counts(ActorFilter(name="%")) == []  # a wildcard is a plain character
    assert [c.id for c in actors.actor_counts(ActorFilter(name="x:pete"))] == ["x:pete-hegseth-usa"]  # the id matches too


def test_partners_of_an_actor_by_shared_events(actors: Store) -> None:
    partners = actors.actor_counts(ActorFilter(partner_of="rajnath-singh"))
    assert [(c.id, c.events, c.as_actor, c.as_recipient) for c in partners] == [
        ("PAKMIL", 2, 1, 1), ("narendra-modi", 2, 2, 0), ("x:pete-hegseth-usa", 2, 1, 1), ("USA", 1, 0, 1)]
    assert actors.actor_counts(ActorFilter(partner_of="nobody")) == []


def test_names_an_actor_goes_by(actors: Store) -> None:
    actors.save_links([(_event("ev-8", "2025-04-01", "AID", 5.0, [Actor("US", "state", "USA", id="USA", code="USA")]), [])],
                     [], {})
    assert actors.actor_names("USA") == [ActorName("United States", "state", "USA", "USA"), ActorName("US", "state", "USA", "USA")]
    assert actors.actor_names("nobody") == []


def test_replaced_removed_and_cleared_events_leave_the_links(actors: Store) -> None:
    actors.save_links([(_event("ev-1", "2025-04-01", "ACCUSE", -3.0, [HEGSETH], [USA]), [])], [], {}, removed=["ev-2"])
    assert _ids(actors, EventFilter(actor_ids=("rajnath-singh",))) == ["ev-6", "ev-3", "ev-4"]
    assert [(c.id, c.events) for c in actors.actor_counts(ActorFilter(ids=("x:pete-hegseth-usa",)))] == [
        ("x:pete-hegseth-usa", 1)]
    actors.clear_links()
    assert actors.actor_counts() == [] and actors.actor_names("USA") == []
    assert _ids(actors, EventFilter(actor_ids=("USA",))) == []
