"""The linking indexes (the clusterer's and the duplicate index's) as rows of tables, in SQL both
backends run: :class:`~concord.linkrows.DedupRows` and :class:`~concord.linkrows.ClusterRows`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import orjson

from .database import Database, Row, json_text

__all__ = ["INDEX_TABLES", "SQLClusterRows", "SQLDedupRows"]


INDEX_TABLES = (
    "cluster_events", "cluster_postings", "cluster_articles", "cluster_df", "cluster_meta",
    "dedup_articles", "dedup_bands", "dedup_meta",
)
#: How an undated time bucket (None) is stored: far below any day ordinal's bucket.
_UNDATED = -(2**62)
#: Most values bound in one IN (...) list.
_CHUNK = 500


class _Rows:
    """Shared plumbing of the linking indexes' row access: writes join the caller's transaction
    (or make their own savepoint); reads touch only the rows asked for."""

    def __init__(self, store: Database) -> None:
        self._store = store

    def _write(self, sql: str, rows: Sequence[tuple[object, ...]]) -> None:
        if rows:
            with self._store.transaction():
                self._store._executemany(sql, rows)

    def _in(self, sql: str, values: Sequence[object], params: Sequence[object] = ()) -> list[Row]:
        """Rows of ``sql`` whose ``{}`` placeholder becomes an IN list of ``values`` (in chunks)."""
        found: list[Row] = []
        for start in range(0, len(values), _CHUNK):
            chunk = values[start:start + _CHUNK]
            found += self._store._rows(sql.format(", ".join("?" * len(chunk))), (*chunk, *params))
        return found


class SQLDedupRows(_Rows):
    """The duplicate index as rows of the v4 tables (:class:`concord.link.dedup.DedupRows`)."""

    def config(self) -> dict[str, Any] | None:
        """The stored config, or None for an empty index."""
        rows = self._store._rows("SELECT value FROM dedup_meta WHERE name = 'config'")
        return orjson.loads(rows[0][0]) if rows else None

    def write_config(self, data: dict[str, Any]) -> None:
        """Store the config."""
        self._write("INSERT INTO dedup_meta(name, value) VALUES ('config', ?)"
                    " ON CONFLICT(name) DO UPDATE SET value = excluded.value", [(json_text(data),)])

    def lookup(self, article_id: str) -> tuple[str | None] | None:
        """(original or None) for an indexed article; None when it is not indexed."""
        rows = self._store._rows("SELECT duplicate_of FROM dedup_articles WHERE article_id = ?", (article_id,))
        return (rows[0][0],) if rows else None

    def band_hits(self, bands: Sequence[tuple[int, bytes]]) -> list[str]:
        """Articles sharing at least one band key (one query)."""
        wanted = set(bands)
        rows = self._in("SELECT band, hash, article_id FROM dedup_bands WHERE hash IN ({})", [h for _, h in bands])
        return sorted({r[2] for r in rows if (r[0], bytes(r[1])) in wanted})

    def signatures(self, article_ids: Sequence[str]) -> dict[str, tuple[int, bytes, str | None]]:
        """Article id -> (insertion order, signature, original) for these articles."""
        rows = self._in(
            "SELECT article_id, seq, signature, duplicate_of FROM dedup_articles"
            " WHERE signature IS NOT NULL AND article_id IN ({})", list(article_ids),
        )
        return {r[0]: (int(r[1]), bytes(r[2]), r[3]) for r in rows}

    def insert(self, article_id: str, signature: bytes | None, bands: Sequence[tuple[int, bytes]], original: str | None) -> None:
        """Index an article after all others, with its band keys."""
        self._write(
            "INSERT INTO dedup_articles(article_id, seq, signature, duplicate_of)"
            " VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM dedup_articles), ?, ?)",
            [(article_id, signature, original)],
        )
        self._write(
            "INSERT INTO dedup_bands(hash, band, article_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            [(key, band, article_id) for band, key in bands],
        )

    def count(self) -> int:
        """How many articles are indexed."""
        return int(self._store._rows("SELECT count(*) FROM dedup_articles")[0][0])

    def all_rows(self) -> list[tuple[str, bytes | None, str | None]]:
        """(article id, signature, original) for every article in insertion order."""
        rows = self._store._rows("SELECT article_id, signature, duplicate_of FROM dedup_articles ORDER BY seq")
        return [(r[0], None if r[1] is None else bytes(r[1]), r[2]) for r in rows]


class SQLClusterRows(_Rows):
    """The clusterer's index as rows of the v4 tables (:class:`concord.link.index.ClusterRows`)."""

    def load_events(self, event_ids: Sequence[str]) -> dict[str, tuple[int, dict[str, Any]]]:
        """Event id -> (sequence number, row) for the stored ones among ``event_ids``."""
        rows = self._in("SELECT id, seq, data FROM cluster_events WHERE id IN ({})", list(event_ids))
        return {r["id"]: (r["seq"], orjson.loads(r["data"])) for r in rows}

    def write_events(self, rows: Sequence[tuple[str, int, dict[str, Any]]]) -> None:
        """Insert or replace events."""
        self._write(
            "INSERT INTO cluster_events(id, seq, data) VALUES (?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, data = excluded.data",
            [(eid, seq, orjson.dumps(row).decode()) for eid, seq, row in rows],
        )

    def delete_events(self, event_ids: Sequence[str]) -> None:
        """Delete these events."""
        self._write("DELETE FROM cluster_events WHERE id = ?", [(e,) for e in event_ids])

    def event_order(self) -> list[str]:
        """Every event id by sequence number."""
        return [r[0] for r in self._store._rows("SELECT id FROM cluster_events ORDER BY seq")]

    def max_event_seq(self) -> int:
        """The largest event sequence number so far (0 when there is none)."""
        return int(self._store._rows("SELECT coalesce(max(seq), 0) FROM cluster_events")[0][0])

    def posting_hits(self, buckets: Sequence[int | None], keys: Sequence[str]) -> Counter[str]:
        """Event id -> how many of the (bucket, key) posting lists hold it, in one query."""
        stored = sorted({_UNDATED if b is None else b for b in buckets})
        if not stored or not keys:
            return Counter()
        rows = self._store._rows(
            "SELECT event_id, count(*) FROM cluster_postings WHERE key IN ({}) AND bucket IN ({})"
            " GROUP BY event_id".format(", ".join("?" * len(keys)), ", ".join("?" * len(stored))),
            (*keys, *stored),
        )
        return Counter({r[0]: int(r[1]) for r in rows})

    def add_postings(self, rows: Sequence[tuple[int | None, str, str]]) -> None:
        """Add (bucket, key, event id) postings."""
        self._write(
            "INSERT INTO cluster_postings(key, bucket, event_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            [(key, _UNDATED if b is None else b, eid) for b, key, eid in rows],
        )

    def remove_postings(self, rows: Sequence[tuple[int | None, str, str]]) -> None:
        """Remove (bucket, key, event id) postings."""
        self._write(
            "DELETE FROM cluster_postings WHERE key = ? AND bucket = ? AND event_id = ?",
            [(key, _UNDATED if b is None else b, eid) for b, key, eid in rows],
        )

    def load_memberships(self, article_id: str) -> list[str] | None:
        """The events an article joined, or None."""
        rows = self._store._rows("SELECT events FROM cluster_articles WHERE article_id = ?", (article_id,))
        return list(orjson.loads(rows[0][0])) if rows else None

    def write_memberships(self, article_id: str, event_ids: list[str]) -> None:
        """Insert an article's events after all others, or replace them in place."""
        self._write(
            "INSERT INTO cluster_articles(article_id, seq, events)"
            " VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM cluster_articles), ?)"
            " ON CONFLICT(article_id) DO UPDATE SET events = excluded.events",
            [(article_id, orjson.dumps(event_ids).decode())],
        )

    def all_memberships(self) -> list[tuple[str, list[str]]]:
        """(article id, event ids) for every article in order of first addition."""
        rows = self._store._rows("SELECT article_id, events FROM cluster_articles ORDER BY seq")
        return [(r[0], list(orjson.loads(r[1]))) for r in rows]

    def count_memberships(self) -> int:
        """How many articles were clustered."""
        return int(self._store._rows("SELECT count(*) FROM cluster_articles")[0][0])

    def doc_freqs(self, terms: Sequence[str]) -> dict[str, int]:
        """Term -> document frequency for the stored ones among ``terms``."""
        return {r[0]: r[1] for r in self._in("SELECT term, n FROM cluster_df WHERE term IN ({})", list(terms))}

    def add_doc_freqs(self, increments: dict[str, int]) -> None:
        """Add to the stored document frequencies."""
        self._write(
            "INSERT INTO cluster_df(term, n) VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET n = cluster_df.n + excluded.n",
            sorted(increments.items()),
        )

    def all_doc_freqs(self) -> dict[str, int]:
        """Every stored document frequency."""
        return {r[0]: r[1] for r in self._store._rows("SELECT term, n FROM cluster_df")}

    def meta(self) -> dict[str, Any]:
        """The stored scalar values."""
        return {r[0]: orjson.loads(r[1]) for r in self._store._rows("SELECT name, value FROM cluster_meta")}

    def write_meta(self, values: dict[str, Any]) -> None:
        """Insert or replace scalar values."""
        self._write(
            "INSERT INTO cluster_meta(name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
            [(name, orjson.dumps(value).decode()) for name, value in sorted(values.items())],
        )
