"""The SQLite store: idempotent writes, transactions, migrations, search, and a concurrent reader."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from concord.errors import NotFoundError, StoreError
from concord.model import Analysis, Article, Dateline, Sentence, article_id
from concord.store import ArticleFilter, SQLiteStore, Store
from concord.store.sqlite import MIGRATIONS, SCHEMA_VERSION


def make_article(text: str, day: int = 1, source: str = "Example Wire") -> Article:
    return Article(
        id=article_id(text),
        text=text,
        title=text.split(".")[0],
        source=source,
        date=dt.date(2025, 2, day),
        dateline=Dateline(raw="NEW DELHI -", place="New Delhi", country="IND"),
        ingested_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )


@pytest.fixture()
def store(tmp_path: Path) -> SQLiteStore:
    with SQLiteStore(tmp_path / "c.db") as s:
        yield s


def test_is_a_store(store: SQLiteStore) -> None:
    assert isinstance(store, Store)


def test_add_is_idempotent_and_round_trips(store: SQLiteStore) -> None:
    article = make_article("The ministers spoke by phone on Thursday.")
    assert store.add_article(article) is True
    assert store.add_article(article) is False
    assert store.stats()["articles"] == 1
    back = store.get_article(article.id)
    assert back == article
    assert back.dateline and back.dateline.country == "IND"


def test_get_by_prefix_and_missing(store: SQLiteStore) -> None:
    article = make_article("A short report about a summit.")
    store.add_article(article)
    assert store.get_article(article.id[:6]).id == article.id
    with pytest.raises(NotFoundError):
        store.get_article("ffffffffffffffff0")


def test_listing_is_ordered_filtered_and_paginated(store: SQLiteStore) -> None:
    for day in (3, 1, 2):
        store.add_article(make_article(f"Report number {day} on the talks.", day, f"Outlet {day % 2}"))
    dates = [a.date.day for a in store.articles()]
    assert dates == [1, 2, 3]
    first = store.articles(ArticleFilter(limit=2))
    rest = store.articles(ArticleFilter(after=first[-1].id))
    assert [a.date.day for a in first + rest] == [1, 2, 3]
    assert [a.date.day for a in store.articles(ArticleFilter(since="2025-02-02"))] == [2, 3]
    assert {a.source for a in store.articles(ArticleFilter(source="Outlet 1"))} == {"Outlet 1"}
    assert [a.date.day for a in store.iter_articles()] == [1, 2, 3]


def test_transaction_rolls_back_everything(store: SQLiteStore) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.add_article(make_article("First of two writes."))
        store.add_article(make_article("Second of two writes."))
        raise RuntimeError("crash in the middle")
    assert store.stats()["articles"] == 0


def test_quarantine_records_once_and_counts_attempts(store: SQLiteStore) -> None:
    store.quarantine("bad.bin", "unsupported", "binary file")
    store.quarantine("bad.bin", "unsupported", "binary file")
    store.quarantine("empty.txt", "empty", "no text")
    entries = store.quarantined()
    assert [(e.source, e.attempts) for e in entries] == [("bad.bin", 2), ("empty.txt", 1)]


def test_analysis_round_trip_and_pending(store: SQLiteStore) -> None:
    article = make_article("Talks were held. Both sides agreed.")
    store.add_article(article)
    assert [a.id for a in store.unanalysed()] == [article.id]
    analysis = Analysis(article.id, sentences=[Sentence(0, 0, 16, "Talks were held.")], producer="t")
    store.save_analysis(analysis)
    assert store.get_analysis(article.id) == analysis
    assert store.unanalysed() == []


def test_search_highlights_stemmed_words(store: SQLiteStore) -> None:
    store.add_article(make_article("The defence ministers discussed logistics and exercises."))
    store.add_article(make_article("A football club won the cup final."))
    hits = store.search("minister logistics")
    assert len(hits) == 1
    words = [hits[0].snippet[s:e] for s, e in hits[0].highlights]
    assert words == ["ministers", "logistics"]
    assert store.search('"; DROP TABLE articles; --') == []
    assert store.stats()["articles"] == 2


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
        with pytest.raises(sqlite3.Error):
            s.migrate((*MIGRATIONS, "CREATE TABLE ok_table (x);\nTHIS IS NOT SQL;"))
        assert s.schema_version == SCHEMA_VERSION
        tables = {r[0] for r in s._rows("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "ok_table" not in tables


READER = """
import json, sys, time
from concord.store import SQLiteStore
counts = []
with SQLiteStore(sys.argv[1]) as s:
    print("ready", flush=True)
    deadline = time.monotonic() + 60
    while (not counts or counts[-1] < int(sys.argv[2])) and time.monotonic() < deadline:
        counts.append(s.stats()["articles"])
        s.search("report")
print(json.dumps(counts))
"""


def test_second_process_reads_while_one_writes(tmp_path: Path) -> None:
    path = str(tmp_path / "busy.db")
    SQLiteStore(path).close()
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, path, "300"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert reader.stdout is not None and reader.stdout.readline().strip() == "ready"
    with SQLiteStore(path) as writer:
        for i in range(300):
            writer.add_article(make_article(f"Report {i} about the negotiations in Geneva."))
    out, err = reader.communicate(timeout=120)
    assert reader.returncode == 0, err
    counts = json.loads(out)
    assert counts[-1] == 300
    assert len(set(counts)) > 2  # the reader saw the store grow while it was being written
    assert counts == sorted(counts)  # and never saw articles disappear


def test_iter_analyses_streams_in_article_order(store: SQLiteStore) -> None:
    ids = []
    for day in range(1, 29):
        for n in range(10):
            article = make_article(f"Report {n} of day {day}.", day)
            store.add_article(article)
            store.save_analysis(Analysis(article.id, producer="t"))
            ids.append(article.id)
    streamed = [a.article_id for a in store.iter_analyses()]
    assert len(streamed) == 280
    assert streamed == [a.id for a in store.iter_articles()]


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
