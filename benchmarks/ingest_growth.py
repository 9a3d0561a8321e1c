"""Benchmark: the cost of linking a batch of new articles as the store grows (issue #4).

For each store size N, a stream of N generated articles (see ``benchmarks/cluster.py``: dev
stories from ``../shared/clusters`` recombined at run time) is linked in memory, and the
resulting indexes are put in place two ways:

- old design: the duplicate index and the clusterer as one JSON row each (what schema v3
  kept): every batch loads both rows whole (``from_state``), links, and saves both whole
  (``state()``), as ``concord ingest`` did;
- new design: a schema-v3 file holding those rows is opened, so migration v4 moves the
  clusterer into its tables and the first link moves the duplicate index; every batch then
  reads and writes only the rows its articles need (``EventClusterer.stored``,
  ``DuplicateIndex.stored``) in one transaction.

Both then link the same batches of new articles (near-duplicate check, clustering,
consolidation of the touched events, reading their members), and so do the in-memory indexes
themselves (the floor: linking with no storage at all); the script checks that all three give
the same events and prints the median seconds per batch and the growth from the smallest to
the largest store. Analysis is skipped (linking does not need it).

    python benchmarks/ingest_growth.py                       # N = 1000, 5000, 20000
    python benchmarks/ingest_growth.py --sizes 1000,5000 --batches 3
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import orjson

from cluster import generate, load_stories, shared_dir
from concord.link.cluster import EventClusterer, stream_order
from concord.link.dedup import DuplicateIndex
from concord.model import Article
from concord.store.sqlite import SQLiteStore
from concord.store.sql.linkrows import INDEX_TABLES

#: Linked: new article id -> its events, plus the touched events' members.
Outcome = tuple[dict[str, list[str]], dict[str, list[str]]]


def link_batch(dedup: DuplicateIndex, clusterer: EventClusterer, batch: list[Article]) -> Outcome:
    """What the pipeline's link step does with a batch: dedup, cluster, consolidate, read members."""
    touched: dict[str, None] = {}
    placed = {}
    for article in batch:
        placed[article.id] = clusterer.add(article, None, duplicate_of=dedup.add(article))
        touched.update(dict.fromkeys(placed[article.id]))
    for gone, kept in clusterer.consolidate(touched).items():
        touched.pop(gone, None)
        touched[kept] = None
    return {a: clusterer.events_of(a) for a in placed}, {e: clusterer.members(e) for e in touched}


def old_batch(conn: sqlite3.Connection, batch: list[Article]) -> Outcome:
    """One batch of the old design: both indexes loaded from and saved to one JSON row each."""
    rows = dict(conn.execute("SELECT name, data FROM link_state").fetchall())
    dedup = DuplicateIndex.from_state(orjson.loads(rows["dedup"]))
    clusterer = EventClusterer.from_state(orjson.loads(rows["clusterer"]))
    outcome = link_batch(dedup, clusterer, batch)
    with conn:
        for name, index in (("dedup", dedup), ("clusterer", clusterer)):
            conn.execute("INSERT OR REPLACE INTO link_state(name, data) VALUES (?, ?)", (name, json.dumps(index.state())))
    return outcome


def new_batch(path: Path, batch: list[Article]) -> Outcome:
    """One batch of the new design: a fresh store connection, rows read and written as needed."""
    with SQLiteStore(path) as store, store.transaction():
        dedup = DuplicateIndex.stored(store.dedup_rows())
        clusterer = EventClusterer.stored(store.cluster_rows())
        outcome = link_batch(dedup, clusterer, batch)
        clusterer.flush()
    return outcome


def build(stream: list[Article], n: int, folder: Path) -> tuple[Path, Path, float, Callable[[list[Article]], Outcome]]:
    """Link the first ``n`` articles in memory; write an old-design file and an upgraded new-design
    store holding them. Returns both paths, the seconds the one-time upgrade took, and a function
    linking a batch into the in-memory indexes (the floor: no storage at all)."""
    dedup, clusterer = DuplicateIndex(), EventClusterer()
    for article in stream[:n]:
        clusterer.add(article, None, duplicate_of=dedup.add(article))
    clusterer.consolidate()
    states = {"dedup": json.dumps(dedup.state()), "clusterer": json.dumps(clusterer.state())}
    old, new = folder / f"old-{n}.db", folder / f"new-{n}.db"
    for path in (old, new):
        SQLiteStore(path).close()
        with sqlite3.connect(path) as conn:  # a schema-v3 file: indexes as JSON rows
            for table in INDEX_TABLES:
                conn.execute(f"DROP TABLE {table}")
            conn.execute("PRAGMA user_version = 3")
            conn.executemany("INSERT INTO link_state(name, data) VALUES (?, ?)", list(states.items()))
    begin = time.perf_counter()
    with SQLiteStore(new) as store, store.transaction():  # migration v4, then the dedup row moves
        DuplicateIndex.stored(store.dedup_rows(), store.link_state("dedup"))
        store.save_links([], [], {"dedup": None})
    return old, new, time.perf_counter() - begin, lambda batch: link_batch(dedup, clusterer, batch)


def timed(run: Callable[[list[Article]], Outcome], batches: list[list[Article]]) -> tuple[list[float], list[Outcome]]:
    seconds, outcomes = [], []
    for batch in batches:
        begin = time.perf_counter()
        outcomes.append(run(batch))
        seconds.append(time.perf_counter() - begin)
    return seconds, outcomes


def run_size(stream: list[Article], n: int, batch: int, batches: int, folder: Path) -> dict[str, float]:
    """Per-batch seconds of both designs on a store of ``n`` linked articles."""
    old, new, upgrade, in_memory = build(stream, n, folder)
    work = [stream[n + i * batch:n + (i + 1) * batch] for i in range(batches)]
    memory_seconds, memory_outcomes = timed(in_memory, work)
    with sqlite3.connect(old) as conn:
        old_seconds, old_outcomes = timed(lambda b: old_batch(conn, b), work)
    new_seconds, new_outcomes = timed(lambda b: new_batch(new, b), work)
    if not old_outcomes == new_outcomes == memory_outcomes:
        raise SystemExit(f"N={n}: the two designs linked the batches differently")
    return {
        "n": n,
        "old_s": statistics.median(old_seconds),
        "new_s": statistics.median(new_seconds),
        "memory_s": statistics.median(memory_seconds),
        "upgrade_s": upgrade,
        "old_state_mb": sum(len(r[0]) for r in sqlite3.connect(old).execute("SELECT data FROM link_state")) / 1e6,
    }


def main(argv: list[str] | None = None) -> int:
    """Measure every size and print seconds per batch and growth ratios."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,5000,20000", help="comma-separated store sizes")
    parser.add_argument("--batch", type=int, default=20, help="new articles per batch")
    parser.add_argument("--batches", type=int, default=3, help="batches per size (median reported)")
    parser.add_argument("--per-day", type=int, default=50, help="articles per simulated day")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON too")
    args = parser.parse_args(argv)
    try:
        sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    except ValueError:
        parser.error(f"bad --sizes {args.sizes!r}")
    if not sizes or min(sizes) < 1 or args.batch < 1 or args.batches < 1:
        parser.error("sizes, --batch and --batches must be positive")
    total = max(sizes) + args.batch * args.batches
    items = generate(load_stories(shared_dir()), total, args.per_day)
    stream = stream_order([a for a, _ in items], lambda a: a.date)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            # the store holds the first n articles of the stream; the batches are the ones after them
            rows.append(run_size(stream, n, args.batch, args.batches, Path(tmp)))
            row = rows[-1]
            print(f"N={n}: old {row['old_s']:.3f} s/batch, new {row['new_s']:.3f} s/batch", file=sys.stderr)
    print(f"{'N':>7} {'state MB':>9} {'old s/batch':>12} {'new s/batch':>12} {'old/new':>8} "
          f"{'memory s/batch':>15} {'upgrade s':>10}")
    for row in rows:
        print(f"{row['n']:>7} {row['old_state_mb']:>9.1f} {row['old_s']:>12.3f} {row['new_s']:>12.3f} "
              f"{row['old_s'] / row['new_s']:>7.1f}x {row['memory_s']:>15.3f} {row['upgrade_s']:>10.1f}")
    first, last = rows[0], rows[-1]
    print(f"growth from N={first['n']} to N={last['n']} ({last['n'] / first['n']:.0f}x the articles): "
          f"old {last['old_s'] / first['old_s']:.1f}x, new {last['new_s'] / first['new_s']:.1f}x, "
          f"in memory {last['memory_s'] / first['memory_s']:.1f}x")
    if args.json:
        print(json.dumps(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
