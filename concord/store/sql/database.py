"""What the shared SQL of the store needs from a backend: statements in the common SQL subset
(``?`` placeholders), transactions that nest, the linker lock, and the few dialect differences."""

from __future__ import annotations

import json
import sys
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

__all__ = ["Database", "Row", "WaitNotice", "json_text", "print_wait"]

#: Called once when a writer starts waiting for another process's lock, with what it waits for.
WaitNotice = Callable[[str], None]


def json_text(data: object) -> str:
    """JSON text of a record as the stores keep it (non-ASCII kept)."""
    return json.dumps(data, ensure_ascii=False)


def print_wait(message: str) -> None:
    """The default :data:`WaitNotice`: one line on stderr."""
    print(message, file=sys.stderr, flush=True)


class Row(Protocol):
    """A result row, read by position or by column name (``sqlite3.Row`` and the PostgreSQL rows)."""

    def __getitem__(self, key: int | str) -> Any: ...


class Database(ABC):
    """A connection to one store: the statements the shared store code runs, and its dialect.

    Statements use ``?`` placeholders and the SQL both backends speak (``ON CONFLICT`` upserts,
    row values, ``coalesce``); what differs is a hook here.
    """

    #: The column that orders articles by arrival (never part of the protocol).
    ARRIVAL: str = ""
    #: How ``linked`` rows are inserted (one ``?``: the article id).
    LINK_ARTICLE: str = ""

    #: Where the store is, for messages and ``stats`` (no password).
    location: str

    @abstractmethod
    def _rows(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        """Every row of one statement."""

    @abstractmethod
    def _execute(self, sql: str, params: Sequence[object] = ()) -> int:
        """Run one statement; the number of rows it changed."""

    @abstractmethod
    def _executemany(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        """Run one statement for each parameter row."""

    @abstractmethod
    def transaction(self) -> AbstractContextManager[None]:
        """All writes inside land together or not at all; nests with savepoints."""

    @abstractmethod
    def linking(self) -> AbstractContextManager[None]:
        """A transaction holding the store's one linker lock."""

    @abstractmethod
    def session(self) -> AbstractContextManager[None]:
        """This thread's statements inside share one connection (not a transaction)."""

    @abstractmethod
    def json_number(self, column: str, field: str) -> str:
        """SQL of a number field of a JSON column (NULL when absent)."""

    @abstractmethod
    def period_key(self, grain: str, day: str) -> str:
        """SQL of the period key of ``grain`` of the date expression ``day`` (NULL stays NULL; a
        date less precise than the grain keeps itself)."""

    @property
    @abstractmethod
    def schema_version(self) -> int:
        """The schema version the store is at."""

    @abstractmethod
    def close(self) -> None:
        """Release every connection."""
