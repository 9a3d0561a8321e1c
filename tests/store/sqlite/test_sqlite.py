"""What only the SQLite store has: migrations of older files, threads on one file, ``:memory:``."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from concord.errors import StoreError
from concord.model import Actor, Analysis, Article, Citation, Event, Fact, article_id, event_summary
from concord.store.sqlite import SQLiteStore
from concord.store.sql.linkrows import INDEX_TABLES
from concord.store.sqlite.migrations import MIGRATIONS, SCHEMA_VERSION


def make_article(text: str, day: int = 1) -> Article:
    return Article(id=article_id(text), text=text, title=text.split(".")[0], date=dt.date(2025, 2, day))


def test_migrates_old_database_and_refuses_newer(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with SQLiteStore(path) as s:
        assert s.schema_version == SCHEMA_VERSION
        s.add_article(make_article("Kept across a migration."))
    extra = "CREATE TABLE later_feature (id INTEGER PRIMARY KEY);"
    with SQLiteStore(path) as s:
        s.migrate((*MIGRATIONS, extra))
        assert s.schema_version == SCHEMA_VERSION + 1
        assert s.stats()["articles"] == 1
    with pytest.raises(StoreError, match="newer than this concord"):
        SQLiteStore(path)


def test_failed_migration_leaves_version_unchanged(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "m.db") as s:
        with pytest.raises(StoreError):
            s.migrate((*MIGRATIONS, "CREATE TABLE ok_table (x);\nTHIS IS NOT SQL;"))
        assert s.schema_version == SCHEMA_VERSION
        tables = {r[0] for r in s._rows("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "ok_table" not in tables


def test_threads_read_in_parallel_while_one_writes(tmp_path: Path) -> None:
    import threading

    store = SQLiteStore(tmp_path / "threads.db")
    seen: list[int] = []
    errors: list[BaseException] = []

    def read() -> None:
        try:
            for _ in range(50):
                seen.append(store.stats()["articles"])
        except BaseException as exc:  # reported below
            errors.append(exc)

    readers = [threading.Thread(target=read) for _ in range(4)]
    for thread in readers:
        thread.start()
    for i in range(100):
        store.add_article(make_article(f"Threaded report {i} on the summit."))
    for thread in readers:
        thread.join()
    assert errors == []
    assert len(seen) == 200 and store.stats()["articles"] == 100
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.stats()


def test_in_memory_store_is_shared_across_threads() -> None:
    import threading

    store = SQLiteStore(":memory:")
    store.add_article(make_article("Kept in memory."))
    counts: list[int] = []
    thread = threading.Thread(target=lambda: counts.append(store.stats()["articles"]))
    thread.start()
    thread.join()
    assert counts == [1]


def _event(event_id: str, kind: str, day: int, country: str) -> Event:
    return Event(id=event_id, date=f"2025-02-{day:02d}", event=kind, actor=[Actor(f"Minister of {country}", "person", country)])


def test_events_stored_before_summaries_still_list(tmp_path: Path) -> None:
    path = tmp_path / "v2.db"
    with SQLiteStore(path) as s:
        s.save_links([(_event("ev-old", "AGREE", 7, "USA"), [])], [], {})
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM event_summaries")
    with SQLiteStore(path) as s:
        assert s.event_summaries()[0] == event_summary(s.get_event("ev-old"))


def _drop_cluster_tables(conn: sqlite3.Connection) -> None:
    """Undo migration v4 (the linking indexes' tables), as in a version-3 file."""
    for table in INDEX_TABLES:
        conn.execute(f"DROP TABLE {table}")
    conn.execute("PRAGMA user_version = 3")


def test_migration_indexes_the_facts_of_stored_analyses(tmp_path: Path) -> None:
    path = tmp_path / "facts.db"
    with SQLiteStore(path) as s:
        article = make_article("France and India renewed their roadmap.", 4)
        s.add_article(article)
        cite = Citation(article.id, 0, 0, 5, "t", "Franc")
        s.save_analysis(Analysis(article.id, facts=[Fact("agreement", "Roadmap", cite, parties=["FRA", "IND"])]))
        kept = article.id
    with sqlite3.connect(path) as conn:  # as a version-2 file: no fact index yet
        _drop_cluster_tables(conn)
        for table in ("fact_countries", "event_summaries", "event_views", "generation"):
            conn.execute(f"DROP TABLE {table}")
        for change in ("ai", "ad", "au"):
            conn.execute(f"DROP TRIGGER events_changed_{change}")
        conn.execute("PRAGMA user_version = 2")
    with SQLiteStore(path) as s:
        assert s.schema_version == SCHEMA_VERSION
        assert [a.article_id for a in s.iter_analyses(("FRA",))] == [kept]
