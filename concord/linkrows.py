"""Row-level storage of the linking indexes: what the clusterer and the duplicate index read and
write, and what a store keeps in tables. Link and store both depend on this module and never on
each other (the store keeps rows; it does not know the clusterer; link stays pure)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any, Protocol

__all__ = ["Bucket", "ClusterRows", "DedupRows"]

#: A time bucket: day // bucket size, or None for undated events.
Bucket = int | None


class DedupRows(Protocol):
    """Row-level storage of a duplicate index (a store keeps it in tables); writes join the
    caller's transaction. Signatures are little-endian uint64 bytes; a band key is (band, bytes)."""

    def config(self) -> dict[str, Any] | None:
        """The stored config, or None for an empty index."""

    def write_config(self, data: dict[str, Any]) -> None:
        """Store the config."""

    def lookup(self, article_id: str) -> tuple[str | None] | None:
        """(original it copies or None) for an indexed article, None when it is not indexed."""

    def band_hits(self, bands: Sequence[tuple[int, bytes]]) -> list[str]:
        """Ids of the articles sharing at least one of these band keys."""

    def signatures(self, article_ids: Sequence[str]) -> dict[str, tuple[int, bytes, str | None]]:
        """Article id -> (insertion order, signature, original) for these (indexed) articles."""

    def insert(self, article_id: str, signature: bytes | None, bands: Sequence[tuple[int, bytes]], original: str | None) -> None:
        """Index an article after all others (without a signature: known, never a candidate)."""

    def count(self) -> int:
        """How many articles are indexed."""

    def all_rows(self) -> list[tuple[str, bytes | None, str | None]]:
        """(article id, signature, original) for every article in insertion order."""


class ClusterRows(Protocol):
    """Row-level storage of a clusterer index (a store keeps it in tables).

    Event rows are plain JSON-ready dicts; a bucket is an int or None. Writes happen inside
    the caller's transaction.
    """

    def load_events(self, event_ids: Sequence[str]) -> dict[str, tuple[int, dict[str, Any]]]:
        """Event id -> (sequence number, row) for those of ``event_ids`` that exist."""

    def write_events(self, rows: Sequence[tuple[str, int, dict[str, Any]]]) -> None:
        """Insert or replace (event id, sequence number, row) records."""

    def delete_events(self, event_ids: Sequence[str]) -> None:
        """Delete these events."""

    def event_order(self) -> list[str]:
        """Every stored event id by sequence number."""

    def max_event_seq(self) -> int:
        """The largest sequence number used so far (0 when there is none)."""

    def posting_hits(self, buckets: Sequence[Bucket], keys: Sequence[str]) -> Counter[str]:
        """Event id -> number of (bucket, key) pairs among these that list it."""

    def add_postings(self, rows: Sequence[tuple[Bucket, str, str]]) -> None:
        """Add (bucket, key, event id) postings (present ones are ignored)."""

    def remove_postings(self, rows: Sequence[tuple[Bucket, str, str]]) -> None:
        """Remove (bucket, key, event id) postings."""

    def load_memberships(self, article_id: str) -> list[str] | None:
        """The events an article joined, or None."""

    def write_memberships(self, article_id: str, event_ids: list[str]) -> None:
        """Insert or replace an article's events (a new article sorts after all others)."""

    def all_memberships(self) -> list[tuple[str, list[str]]]:
        """(article id, event ids) for every article, in order of first addition."""

    def count_memberships(self) -> int:
        """How many articles have memberships."""

    def doc_freqs(self, terms: Sequence[str]) -> dict[str, int]:
        """Term -> stored document frequency, for those of ``terms`` that have one."""

    def add_doc_freqs(self, increments: dict[str, int]) -> None:
        """Add these increments to the stored document frequencies."""

    def all_doc_freqs(self) -> dict[str, int]:
        """Every stored document frequency."""

    def meta(self) -> dict[str, Any]:
        """The stored scalar values (config, IDF counts, newest day)."""

    def write_meta(self, values: dict[str, Any]) -> None:
        """Insert or replace scalar values."""
