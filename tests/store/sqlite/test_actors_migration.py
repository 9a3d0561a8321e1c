"""SQLite migrations v7 and v8: the actor links, names and pairs of events stored before them."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from concord.model import Actor, Event
from concord.store import EventFilter
from concord.store.base import ActorFilter
from concord.store.sqlite import SCHEMA_VERSION, SQLiteStore

USA = Actor("United States", "state", "USA", id="USA", code="USA")
SINGH = Actor("Rajnath Singh", "person", "IND", ["GOV", "MIL"], id="rajnath-singh", code="INDGOVMIL")


def _ids(store: SQLiteStore, where: EventFilter) -> list[str]:
    return [e.id for e in store.events(where)]


def test_migration_v7_links_the_actors_of_stored_events(tmp_path: Path) -> None:
    path = tmp_path / "actors.db"
    with SQLiteStore(path) as store:
        store.save_links([(Event(id="ev-1", date="2025-02-06", event="CONSULT", actor=[SINGH], recipient=[USA]), []),
                          (Event(id="ev-2", date="2025-02-07", event="AGREE", actor=[USA, SINGH]), [])], [], {})
        before = (store.actor_counts(), store.actor_names("USA"), _ids(store, EventFilter(actor_ids=("USA",))))
    with closing(sqlite3.connect(path)) as conn:  # as a version-6 file: no links yet
        conn.execute("DROP TABLE event_actors")
        conn.execute("DROP TABLE actor_names")
        conn.execute("DROP TABLE actor_pairs")
        conn.execute("PRAGMA user_version = 6")
        conn.commit()
    with SQLiteStore(path) as again:
        assert again.schema_version == SCHEMA_VERSION >= 8
        assert (again.actor_counts(), again.actor_names("USA"), _ids(again, EventFilter(actor_ids=("USA",)))) == before
        assert before[0][0].events == 2


def test_migration_v8_pairs_the_actors_of_stored_events(tmp_path: Path) -> None:
    path = tmp_path / "pairs.db"
    with SQLiteStore(path) as store:
        store.save_links([(Event(id="ev-1", date="2025-02-06", event="CONSULT", actor=[SINGH], recipient=[USA]), [])],
                         [], {})
        before = store.actor_counts(ActorFilter(partner_of="rajnath-singh"))
    with closing(sqlite3.connect(path)) as conn:  # as a version-7 file: no actor pairs
        conn.execute("DROP TABLE actor_pairs")
        conn.execute("PRAGMA user_version = 7")
        conn.commit()
    with SQLiteStore(path) as again:
        assert again.schema_version == SCHEMA_VERSION >= 8
        assert again.actor_counts(ActorFilter(partner_of="rajnath-singh")) == before != []
