"""The linking indexes in the SQLite store: same answers as in memory, migration v4 from JSON state rows, recluster."""

from __future__ import annotations

import copy
import json
import sqlite3
from pathlib import Path

from concord.link.cluster import EventClusterer
from concord.link.dedup import DuplicateIndex
from concord.model import Article
from concord.pipeline import link_pending, recluster
from concord.store import SQLiteStore
from concord.store.base import EventFilter
from concord.store.sqlite import INDEX_TABLES, SCHEMA_VERSION



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


def test_linking_keeps_the_index_in_tables_and_recluster_rebuilds_it(tmp_path: Path, reports: list[Article]) -> None:
    with SQLiteStore(tmp_path / "link.db") as store:
        for article in reports[:12]:
            store.add_article(article)
        first = link_pending(store)
        for article in reports[12:20]:
            store.add_article(article)
        link_pending(store)
        assert store.link_state("clusterer") is None
        before = EventClusterer.stored(store.cluster_rows()).state()
        events = {e.id for e in store.events(EventFilter(include_uncoded=True, limit=1000))}
        assert first and len(before["articles"]) == 20
        rebuilt = recluster(store)
        assert set(rebuilt) == events
        assert EventClusterer.stored(store.cluster_rows()).state() == before
        store.clear_links()
        for table in INDEX_TABLES:
            assert store._rows(f"SELECT count(*) FROM {table}")[0][0] == 0


def _with_copies(reports: list[Article]) -> list[Article]:
    """The reports with wire copies (a credit line added) of every seventh one, each after its original."""
    out = []
    for i, article in enumerate(reports):
        out.append(article)
        if i % 7 == 3:
            out.append(Article(id=f"{article.id}-w", text=article.text + " Reporting by the desk.", date=article.date))
    return out


def test_the_stored_duplicate_index_finds_what_the_memory_one_finds(tmp_path: Path, reports: list[Article]) -> None:
    stream = _with_copies(reports)
    memory = DuplicateIndex()
    expected = [memory.add(article) for article in stream]
    assert sum(e is not None for e in expected) >= 8
    found = []
    for start in range(0, len(stream), 25):  # reopened for every batch
        with SQLiteStore(tmp_path / "d.db") as store, store.transaction():
            stored = DuplicateIndex.stored(store.dedup_rows())
            found += [stored.add(article) for article in stream[start:start + 25]]
    assert found == expected
    with SQLiteStore(tmp_path / "d.db") as store:
        stored = DuplicateIndex.stored(store.dedup_rows())
        assert stored.state() == memory.state() and len(stored) == len(stream)
        copy = next(a.id for a in stream if a.id.endswith("-w"))
        assert copy in stored and stored.duplicate_of(copy) == memory.duplicate_of(copy) is not None
        assert stored.add(stream[4]) == expected[4]  # re-adding returns the first answer


def test_a_saved_duplicate_state_moves_into_the_tables_on_the_first_link(tmp_path: Path, reports: list[Article]) -> None:
    stream = _with_copies(reports)
    old = DuplicateIndex()
    for article in stream[:40]:
        old.add(article)
    legacy = json.loads(json.dumps(old.state()))
    with SQLiteStore(tmp_path / "d.db") as store:
        store.save_links([], [], {"dedup": legacy})
        for article in stream[40:]:
            store.add_article(article)
        with store.transaction():
            stored = DuplicateIndex.stored(store.dedup_rows(), store.link_state("dedup"))
            assert stored.state() == old.state()
            assert [stored.add(a) for a in stream[40:]] == [old.add(a) for a in stream[40:]]
        for article in stream[:40]:
            store.add_article(article)
        link_pending(store)
        assert store.link_state("dedup") is None
        assert DuplicateIndex.stored(store.dedup_rows()).state() == old.state()
