"""The PostgreSQL store (psycopg 3 with a connection pool): for a team past one machine, behind the
same protocol and contract tests as SQLite."""

from __future__ import annotations

from ..sql import SQLStore
from .connection import PostgresDatabase
from .migrations import SCHEMA_VERSION
from .search import TsSearch

__all__ = ["SCHEMA_VERSION", "PostgresStore"]


class PostgresStore(PostgresDatabase, TsSearch, SQLStore):
    """A :class:`~concord.store.base.Store` in a PostgreSQL schema (``postgresql://`` URL; the
    schema is the first of the URL's ``search_path``, ``public`` by default).

    Readers take a pooled connection per statement and never wait for writers (MVCC); a
    transaction keeps one connection for its thread.
    """
