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
from concord.model import (
    Actor, Analysis, Article, Citation, Conflict, ConflictValue, Dateline, Event, Fact, Sentence, article_id,
    event_summary,
)
from concord.store import ArticleFilter, EventFilter, SQLiteStore, Store
from concord.store.sqlite import INDEX_TABLES, MIGRATIONS, SCHEMA_VERSION


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


def _event(event_id: str, kind: str, day: int, *countries: str, sources: int = 1) -> Event:
    return Event(
        id=event_id, date=f"2025-02-{day:02d}", event=kind, mode="phone",
        actor=[Actor(name=f"Minister of {c}", kind="person", country=c, sector=["GOV"]) for c in countries],
        n_articles=sources, n_sources=sources,
        sources=[{"article_id": f"a{event_id}{i}", "source": f"Outlet {i}"} for i in range(sources)],
        conflicts=[Conflict("date", [ConflictValue("2025-02-06"), ConflictValue("2025-02-07")])],
    )


def test_event_summaries_page_like_events_and_drop_provenance(store: SQLiteStore) -> None:
    store.save_links([(_event(f"ev-{i}", "CONSULT", 1 + i, "IND", "USA"), []) for i in range(5)], [], {})
    full = store.events(EventFilter(after="ev-1", limit=2))
    summaries = store.event_summaries(EventFilter(after="ev-1", limit=2))
    assert [s["id"] for s in summaries] == [e.id for e in full] == ["ev-2", "ev-3"]
    assert summaries[0] == event_summary(full[0])
    assert summaries[0]["conflicting_fields"] == ["date"] and "sources" not in summaries[0]
    assert summaries[0]["actor"][0] == {"id": None, "name": "Minister of IND", "code": None, "kind": "person",
                                        "country": "IND", "sector": ["GOV"], "role": None}


def test_type_counts_follow_filters_and_generation_follows_changes(store: SQLiteStore) -> None:
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


def test_event_view_is_kept_only_for_the_same_reports(store: SQLiteStore) -> None:
    store.save_links([(_event("ev-v", "CONSULT", 6, "IND"), [])], [], {})
    assert store.event_view("ev-v", "a,b") is None
    store.save_event_view("ev-v", "a,b", {"groups": [1, 2]})
    assert store.event_view("ev-v", "a,b") == {"groups": [1, 2]}
    assert store.event_view("ev-v", "a,b,c") is None  # the event gained a report: the view is stale
    store.save_links([(_event("ev-v", "CONSULT", 6, "IND"), [])], [], {})  # the event is re-merged
    assert store.event_view("ev-v", "a,b") is None
    store.save_event_view("ev-gone", "a", {"x": 1})  # no such event: nothing is kept
    assert store.event_view("ev-gone", "a") is None


def test_events_stored_before_summaries_still_list(tmp_path: Path) -> None:
    path = tmp_path / "v2.db"
    with SQLiteStore(path) as s:
        s.save_links([(_event("ev-old", "AGREE", 7, "USA"), [])], [], {})
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM event_summaries")
    with SQLiteStore(path) as s:
        assert s.event_summaries()[0] == event_summary(s.get_event("ev-old"))


def _with_facts(store: SQLiteStore, text: str, day: int, *parties: tuple[str, ...]) -> str:
    article = make_article(text, day)
    store.add_article(article)
    cite = Citation(article.id, 0, 0, 5, "t", text[:5])
    facts = [Fact("agreement", f"Pact {i}", cite, parties=list(p)) for i, p in enumerate(parties)]
    store.save_analysis(Analysis(article.id, facts=facts, producer="t"))
    return article.id


def test_analyses_are_found_by_the_countries_of_their_facts(store: SQLiteStore) -> None:
    both = _with_facts(store, "India and the United States signed a pact.", 1, ("IND", "USA"))
    split = _with_facts(store, "Two pacts: one with Japan, one with America.", 2, ("IND", "JPN"), ("USA",))
    none = _with_facts(store, "No agreement was reached.", 3)
    assert [a.article_id for a in store.iter_analyses()] == [both, split, none]
    assert [a.article_id for a in store.iter_analyses(("ind", "USA"))] == [both, split]  # a prefilter
    assert [a.article_id for a in store.iter_analyses(("JPN",))] == [split]
    store.save_analysis(Analysis(split, producer="t"))  # re-analysed without facts
    assert [a.article_id for a in store.iter_analyses(("JPN",))] == []


def _drop_cluster_tables(conn: sqlite3.Connection) -> None:
    """Undo migration v4 (the linking indexes' tables), as in a version-3 file."""
    for table in INDEX_TABLES:
        conn.execute(f"DROP TABLE {table}")
    conn.execute("PRAGMA user_version = 3")


def test_migration_indexes_the_facts_of_stored_analyses(tmp_path: Path) -> None:
    path = tmp_path / "facts.db"
    with SQLiteStore(path) as s:
        kept = _with_facts(s, "France and India renewed their roadmap.", 4, ("FRA", "IND"))
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


def test_absorbed_events_are_removed_with_their_summaries_and_views(store: SQLiteStore) -> None:
    store.save_links([(_event("ev-old", "CONSULT", 8, "IND"), []), (_event("ev-twin", "CONSULT", 8, "IND"), [])], [], {})
    store.save_event_view("ev-twin", "k", {"groups": []})
    store.save_links([(_event("ev-old", "CONSULT", 8, "IND", sources=2), [])], [], {}, removed=["ev-twin"])
    assert [e["id"] for e in store.event_summaries()] == ["ev-old"]
    assert store.event_view("ev-twin", "k") is None and store.event_type_counts() == {"CONSULT": 1}
    with pytest.raises(NotFoundError):
        store.get_event("ev-twin")
