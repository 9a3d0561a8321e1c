"""SQLite migration v4: the clusterer's JSON state row moved into the index tables."""

from __future__ import annotations

import copy
import json
import sqlite3
from pathlib import Path

from concord.link.cluster import EventClusterer
from concord.model import Article
from concord.store.sql.linkrows import INDEX_TABLES
from concord.store.sqlite import SCHEMA_VERSION, SQLiteStore


def _as_version_3_with_state(path: Path, state: dict[str, object]) -> None:
    """Make ``path`` a schema-v3 file whose clusterer index is one JSON row, as v3 saved it."""
    SQLiteStore(path).close()
    with sqlite3.connect(path) as conn:
        for table in INDEX_TABLES:
            conn.execute(f"DROP TABLE {table}")
        conn.execute("INSERT INTO link_state(name, data) VALUES ('clusterer', ?)", (json.dumps(state),))
        conn.execute("PRAGMA user_version = 3")


def _version_1(state: dict[str, object]) -> dict[str, object]:
    """The same state as the first format wrote it: no time buckets, no centroid counts."""
    old = copy.deepcopy(state)
    old["version"] = 1
    for row in old["events"]:  # type: ignore[attr-defined]
        del row["buckets"]
        for channel in ("body", "entities", "title"):
            del row[channel]["count"]
    return old


def _half(reports: list[Article]) -> EventClusterer:
    clusterer = EventClusterer()
    for article in reports[:35]:
        clusterer.add(article)
    return clusterer


def test_migration_v4_moves_the_clusterer_state_into_tables(tmp_path: Path, reports: list[Article]) -> None:
    memory = _half(reports)
    state = json.loads(json.dumps(memory.state()))
    _as_version_3_with_state(tmp_path / "v3.db", state)
    with SQLiteStore(tmp_path / "v3.db") as store:
        assert store.schema_version == SCHEMA_VERSION and store.link_state("clusterer") is None
        with store.transaction():
            stored = EventClusterer.stored(store.cluster_rows())
            assert json.loads(json.dumps(stored.state())) == state
            for article in reports[35:]:
                assert stored.add(article) == memory.add(article)
            stored.flush()
        assert stored.clusters() == memory.clusters()


def test_migration_v4_gives_a_version_1_state_its_time_buckets(tmp_path: Path, reports: list[Article]) -> None:
    old = _version_1(_half(reports).state())
    _as_version_3_with_state(tmp_path / "v1.db", old)
    expected = EventClusterer.from_state(old)
    with SQLiteStore(tmp_path / "v1.db") as store, store.transaction():
        stored = EventClusterer.stored(store.cluster_rows())
        assert stored.state() == expected.state()
        for article in reports[35:]:
            assert stored.add(article) == expected.add(article)


def test_migration_v4_without_a_state_leaves_empty_tables(tmp_path: Path) -> None:
    SQLiteStore(tmp_path / "empty.db").close()
    with sqlite3.connect(tmp_path / "empty.db") as conn:
        for table in INDEX_TABLES:
            conn.execute(f"DROP TABLE {table}")
        conn.execute("PRAGMA user_version = 3")
    with SQLiteStore(tmp_path / "empty.db") as store:
        assert EventClusterer.stored(store.cluster_rows()).state() == EventClusterer().state()
