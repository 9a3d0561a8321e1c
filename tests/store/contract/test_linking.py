"""The Store contract, linking side: the clusterer's and the duplicate index's rows give the same
answers as the in-memory indexes, survive reopening, and recluster rebuilds them, on every backend."""

from __future__ import annotations

import json

from concord.link.cluster import EventClusterer
from concord.link.dedup import DuplicateIndex
from concord.model import Analysis, Article
from concord.pipeline import link_pending, recluster
from concord.store import EventFilter, Store
from concord.store.sql.linkrows import INDEX_TABLES


def _add_analysed(store: Store, article: Article) -> None:
    """Store an article with an empty analysis (the linker takes analysed articles only)."""
    store.add_article(article)
    store.save_analysis(Analysis(article.id))


def test_linking_keeps_the_index_in_tables_and_recluster_rebuilds_it(store: Store, reports: list[Article]) -> None:
    for article in reports[:12]:
        _add_analysed(store, article)
    first = link_pending(store)
    for article in reports[12:20]:
        _add_analysed(store, article)
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


def test_the_stored_duplicate_index_finds_what_the_memory_one_finds(store: Store, reports: list[Article]) -> None:
    stream = _with_copies(reports)
    memory = DuplicateIndex()
    expected = [memory.add(article) for article in stream]
    assert sum(e is not None for e in expected) >= 8
    found = []
    for start in range(0, len(stream), 25):  # a new index read from the tables for every batch
        with store.linking():
            stored = DuplicateIndex.stored(store.dedup_rows())
            found += [stored.add(article) for article in stream[start:start + 25]]
    assert found == expected
    stored = DuplicateIndex.stored(store.dedup_rows())
    assert stored.state() == memory.state() and len(stored) == len(stream)
    copy = next(a.id for a in stream if a.id.endswith("-w"))
    assert copy in stored and stored.duplicate_of(copy) == memory.duplicate_of(copy) is not None
    assert stored.add(stream[4]) == expected[4]  # re-adding returns the first answer


def test_a_saved_duplicate_state_moves_into_the_tables_on_the_first_link(store: Store, reports: list[Article]) -> None:
    stream = _with_copies(reports)
    old = DuplicateIndex()
    for article in stream[:40]:
        old.add(article)
    legacy = json.loads(json.dumps(old.state()))
    store.save_links([], [], {"dedup": legacy})
    for article in stream[40:]:
        store.add_article(article)
    with store.transaction():
        stored = DuplicateIndex.stored(store.dedup_rows(), store.link_state("dedup"))
        assert stored.state() == old.state()
        assert [stored.add(a) for a in stream[40:]] == [old.add(a) for a in stream[40:]]
    for article in stream[:40]:
        _add_analysed(store, article)
    link_pending(store)
    assert store.link_state("dedup") is None
    assert DuplicateIndex.stored(store.dedup_rows()).state() == old.state()
