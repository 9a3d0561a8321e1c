"""The embedded SQLite store: one file, WAL, FTS5 over article text, versioned migrations."""

from __future__ import annotations

from ..sql import SQLStore
from .connection import SQLiteDatabase
from .migrations import SCHEMA_VERSION
from .search import FtsSearch

__all__ = ["SCHEMA_VERSION", "SQLiteStore"]


class SQLiteStore(SQLiteDatabase, FtsSearch, SQLStore):
    """A :class:`~concord.store.base.Store` in one SQLite file.

    Each thread gets its own connection, so readers (a web server's worker threads, another
    process) run in parallel under WAL while one writer commits; an in-memory database has a
    single connection shared behind a lock.
    """
