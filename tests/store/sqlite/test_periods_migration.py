"""SQLite migration v5: the country pairs of events stored before it."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from concord.model import Actor, Event
from concord.store import EventFilter
from concord.store.base import DyadCount
from concord.store.sqlite import SCHEMA_VERSION, SQLiteStore


def _event(event_id: str, date: str, *countries: str) -> Event:
    return Event(id=event_id, date=date, event="CONSULT", intensity=1.0,
                 actor=[Actor(f"Minister of {c}", "person", c) for c in countries])


def test_migration_v5_pairs_the_countries_of_stored_events(tmp_path: Path) -> None:
    path = tmp_path / "periods.db"
    with SQLiteStore(path) as store:
        store.save_links([(_event("ev-1", "2025-02-03", "IND", "USA"), []), (_event("ev-2", "2025-02-04", "USA"), [])], [], {})
        before = store.event_period_counts(EventFilter(("USA",)), "day")
    with closing(sqlite3.connect(path)) as conn:  # as a version-4 file: no pairs yet
        conn.execute("DROP TABLE event_pairs")
        conn.execute("PRAGMA user_version = 4")
        conn.commit()
    with SQLiteStore(path) as again:
        assert again.schema_version == SCHEMA_VERSION >= 5
        assert again.event_period_counts(EventFilter(("USA",)), "day") == before
        assert again.dyad_counts(EventFilter())[0] == DyadCount("IND", "USA", 1)
