"""Persistence behind one protocol; SQLite is the embedded default."""

from .base import ArticleFilter, EventFilter, QuarantineEntry, SearchHit, Store
from .sqlite import SQLiteStore

__all__ = ["ArticleFilter", "EventFilter", "QuarantineEntry", "SQLiteStore", "SearchHit", "Store", "open_store"]


def open_store(path: str) -> Store:
    """Open the store at ``path`` (a SQLite file; server URLs are reserved for later backends)."""
    return SQLiteStore(path)
