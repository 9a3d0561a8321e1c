"""Open the store a ``--db`` value names: a file path or ``sqlite:///path`` (SQLite), or a
``postgresql://`` URL (PostgreSQL)."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import StoreError
from .base import Store
from .sql.database import WaitNotice, print_wait

__all__ = ["open_store", "store_location"]

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def open_store(
    url: str | Path, *, timeout: float = 30.0, on_wait: WaitNotice = print_wait, pool_size: int = 10
) -> Store:
    """The store at ``url``, opened and migrated. ``timeout`` is how long a writer waits for
    another process's lock (``on_wait`` is told once when it starts waiting); ``pool_size`` bounds
    a PostgreSQL store's connections."""
    target = str(url)
    scheme = _SCHEME.match(target)
    if scheme is None or len(scheme[1]) == 1:  # a path (a Windows drive letter is not a scheme)
        from .sqlite import SQLiteStore

        return SQLiteStore(target, timeout=timeout, on_wait=on_wait)
    kind = scheme[1].lower()
    if kind == "sqlite":
        from .sqlite import SQLiteStore

        path = target[len(scheme[0]):]
        if not path.startswith("/"):
            raise StoreError(f"a SQLite URL is sqlite:///relative/path or sqlite:////absolute/path, not {target!r}")
        return SQLiteStore(path[1:] or ":memory:", timeout=timeout, on_wait=on_wait)
    if kind in ("postgresql", "postgres"):
        from .postgres import PostgresStore

        return PostgresStore(target, timeout=timeout, on_wait=on_wait, pool_size=pool_size)
    raise StoreError(f"unsupported store {store_location(target)!r}: give a file path, sqlite:///… or postgresql://…")


def store_location(url: str) -> str:
    """``url`` without a password, for messages."""
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)
