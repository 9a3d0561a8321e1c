"""The clusterer's index in memory and in the SQLite store: same clusters, only what an article needs read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from concord.errors import ConcordError
from concord.link.cluster import ClusterConfig, EventClusterer
from concord.link.index import MemoryIndex
from concord.model import Article
from concord.store.sqlite import SQLiteStore

BATCHES = (0, 9, 23, 41, 60)
CONFIGS = (ClusterConfig(), ClusterConfig(threshold=1.0, merge_threshold=0.2))


def _feed(clusterer: EventClusterer, batch: list[Article]) -> dict[str, str]:
    """Add a batch as the ingest pipeline does (the copy names its original), then consolidate what it touched."""
    touched: dict[str, None] = {}
    for article in batch:
        duplicate_of = "r000" if article.id == "copy" else None
        touched.update(dict.fromkeys(clusterer.add(article, duplicate_of=duplicate_of)))
    return clusterer.consolidate(touched)


def _batches(reports: list[Article]) -> list[list[Article]]:
    return [reports[a:b] for a, b in zip(BATCHES, BATCHES[1:])]


def _stored_run(path: Path, reports: list[Article], config: ClusterConfig) -> tuple[list[dict[str, str]], EventClusterer]:
    """Cluster batch by batch into a store reopened for every batch; the last clusterer stays readable."""
    merges = []
    for batch in _batches(reports):
        with SQLiteStore(path) as store, store.transaction():
            clusterer = EventClusterer.stored(store.cluster_rows(), config)
            merges.append(_feed(clusterer, batch))
            clusterer.flush()
    store = SQLiteStore(path)
    return merges, EventClusterer.stored(store.cluster_rows())


@pytest.mark.parametrize("config", CONFIGS, ids=["default", "strict"])
def test_the_stored_index_clusters_as_the_memory_one(tmp_path: Path, reports: list[Article], config: ClusterConfig) -> None:
    memory = EventClusterer(config)
    memory_merges = [_feed(memory, batch) for batch in _batches(reports)]
    reloaded = EventClusterer(config)  # the former design: the whole state saved and loaded per batch
    for batch in _batches(reports):
        reloaded = EventClusterer.from_state(json.loads(json.dumps(reloaded.state())))
        _feed(reloaded, batch)
    merges, stored = _stored_run(tmp_path / "c.db", reports, config)
    assert stored.config == config
    assert merges == memory_merges
    assert stored.clusters() == memory.clusters() == reloaded.clusters()
    assert len(stored.clusters()) > 10 and any(len(m) > 3 for m in stored.clusters().values())
    assert stored.state() == reloaded.state()
    assert len(stored) == len(memory) == len(reports)
    for article in reports:
        assert stored.events_of(article.id) == memory.events_of(article.id)
    assert stored.unclusterable() == memory.unclusterable() == ["junk"]
    for eid, members in memory.clusters().items():
        assert stored.members(eid) == members


def test_strict_config_really_consolidates(tmp_path: Path, reports: list[Article]) -> None:
    """The strict run founds events twice and merges them across batches, so merges are exercised."""
    merges, _ = _stored_run(tmp_path / "c.db", reports, CONFIGS[1])
    assert sum(len(m) for m in merges) >= 5


class _Counting:
    """Wraps the store's rows and counts what each call reads."""

    def __init__(self, rows: object) -> None:
        self.rows, self.calls = rows, []

    def __getattr__(self, name: str) -> object:
        method = getattr(self.rows, name)

        def call(*args: object) -> object:
            self.calls.append((name, len(args[0]) if args and hasattr(args[0], "__len__") else None))
            return method(*args)

        return call


def test_an_added_article_reads_only_its_rows(tmp_path: Path, reports: list[Article]) -> None:
    _stored_run(tmp_path / "c.db", reports[:50], ClusterConfig())
    with SQLiteStore(tmp_path / "c.db") as store, store.transaction():
        rows = _Counting(store.cluster_rows())
        clusterer = EventClusterer.stored(rows)  # type: ignore[arg-type]
        rows.calls.clear()
        clusterer.add(reports[50])
        names = [name for name, _ in rows.calls]
        assert "event_order" not in names and "all_doc_freqs" not in names and "all_memberships" not in names
        assert names.count("posting_hits") == 1 and names.count("doc_freqs") == 1
        assert names.count("load_events") <= 2
        assert all(n is None or n <= 40 for name, n in rows.calls if name == "load_events")
        assert all(name != "write_events" for name in names)  # events are written at flush
        clusterer.flush()
        assert [n for name, n in rows.calls if name == "write_events"] == [1]


def test_recluster_clears_the_stored_index(tmp_path: Path, reports: list[Article]) -> None:
    _stored_run(tmp_path / "c.db", reports, ClusterConfig())
    with SQLiteStore(tmp_path / "c.db") as store:
        store.clear_links()
        clusterer = EventClusterer.stored(store.cluster_rows())
        assert clusterer.clusters() == {} and len(clusterer) == 0
        assert clusterer.state() == EventClusterer().state()


def test_memory_index_keeps_foundation_order_when_an_id_comes_back() -> None:
    index: MemoryIndex[str] = MemoryIndex()
    for eid in ("a", "b", "c"):
        index.add_event(eid, eid)
    index.remove_event("a")
    index.add_event("a", "a")
    assert index.event_ids() == ["b", "c", "a"]
    assert index.order("b") < index.order("c") < index.order("a")


def test_a_missing_event_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConcordError):
        EventClusterer().members("ev-none")
    with SQLiteStore(tmp_path / "c.db") as store:
        with pytest.raises(ConcordError):
            EventClusterer.stored(store.cluster_rows()).members("ev-none")
