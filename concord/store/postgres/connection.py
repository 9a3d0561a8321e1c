"""PostgreSQL connections: a psycopg pool shared by a process's threads (a transaction keeps one
connection for its thread), the linker lock as ``pg_advisory_xact_lock``, a busy lock waited for
with a message up to the timeout (``lock_timeout``), migrations under their own advisory lock,
and every database error turned into a one-line :class:`StoreError`."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import errors as pg_errors
from psycopg.types.string import TextLoader
from psycopg_pool import ConnectionPool, PoolTimeout

from ...errors import StoreBusyError, StoreError
from ..open import store_location
from ..sql.database import Database, Row, WaitNotice, print_wait
from .migrations import MIGRATIONS

__all__ = ["PostgresDatabase"]

_WEEK = ("CASE WHEN length({d}) = 10 THEN to_char(date_trunc('week', to_date({d}, 'YYYY-MM-DD')), 'YYYY-MM-DD')"
         " ELSE {d} END")
_PERIOD_KEYS = {"day": "substr({d}, 1, 10)", "week": _WEEK, "month": "substr({d}, 1, 7)", "year": "substr({d}, 1, 4)"}
#: The advisory lock of an operation in the current schema (stores in other schemas do not wait).
_LOCK_KEY = "hashtext(current_schema() || ?)"


class _Row(tuple[Any, ...]):
    """A result row read by position or by column name."""

    _index: dict[str, int] = {}

    def __getitem__(self, key: Any) -> Any:
        return tuple.__getitem__(self, self._index[key] if isinstance(key, str) else key)


@functools.lru_cache(maxsize=512)
def _row_class(names: tuple[str, ...]) -> type[_Row]:
    """The row class of one set of column names (made once per query shape)."""
    return type("Row", (_Row,), {"_index": {n: i for i, n in enumerate(names)}})


def _row_factory(cursor: Any) -> Any:
    """psycopg's row factory: rows read by position or by column name."""
    if cursor.description is None:
        return tuple
    cls = _row_class(tuple(c.name for c in cursor.description))
    return lambda values: cls(values)


@functools.lru_cache(maxsize=1024)
def _pg(sql: str) -> str:
    """The shared SQL's ``?`` placeholders as psycopg's ``%s`` (a literal ``%`` escaped)."""
    return sql.replace("%", "%%").replace("?", "%s")


class PostgresDatabase(Database):
    """Connections to one PostgreSQL database (the schema its URL's ``search_path`` names)."""

    ARRIVAL = "arrival"
    LINK_ARTICLE = "INSERT INTO linked(article_id) VALUES (?) ON CONFLICT DO NOTHING"

    def __init__(self, url: str, *, timeout: float = 30.0, on_wait: WaitNotice = print_wait, pool_size: int = 10) -> None:
        self.url = url
        self.location = store_location(url)
        self._timeout = timeout
        self._on_wait = on_wait
        self._local = threading.local()
        self._check_server()
        self._pool = ConnectionPool(
            url, min_size=1, max_size=pool_size, kwargs={"autocommit": True}, configure=self._configure,
            timeout=max(timeout, 1.0), open=True, name="concord",
        )
        self.migrate()
        self._refresh_statistics()

    def _check_server(self) -> None:
        """Connect once so an unreachable server or a missing schema is a clear one-line error."""
        try:
            with psycopg.connect(self.url, autocommit=True, connect_timeout=max(1, int(min(self._timeout, 10)))) as conn:
                schema = conn.execute("SELECT current_schema()").fetchone()
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to the store {self.location}: {_first_line(exc)}") from exc
        if schema is None or schema[0] is None:
            raise StoreError(f"{self.location}: no schema of its search_path exists (create it: CREATE SCHEMA …)")

    def _configure(self, conn: psycopg.Connection[Any]) -> None:
        """Each pooled connection: JSONB read as text (parsed by orjson), rows by name, and a
        writer waiting for a lock gives up after the timeout."""
        conn.adapters.register_loader("jsonb", TextLoader)
        conn.row_factory = _row_factory
        conn.execute(f"SET lock_timeout = {int(self._timeout * 1000)}")

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection[Any]]:
        """This thread's session or transaction connection, else one borrowed from the pool for a
        statement."""
        pinned = getattr(self._local, "conn", None)
        if pinned is not None:
            yield pinned
            return
        try:
            with self._pool.connection() as conn:
                yield conn
        except PoolTimeout as exc:
            raise StoreBusyError(f"{self.location}: no free connection within {self._timeout:g} s"
                                 " (raise the store_pool_size or store_timeout setting)") from exc

    def _error(self, exc: psycopg.Error) -> StoreError:
        """A one-line :class:`StoreError` for a database error."""
        if isinstance(exc, pg_errors.LockNotAvailable):
            return StoreBusyError(f"{self.location} is busy: another concord process held a lock for more than "
                                  f"{self._timeout:g} s (raise the store_timeout setting to wait longer)")
        if isinstance(exc, psycopg.OperationalError):
            return StoreError(f"lost the store {self.location}: {_first_line(exc)}")
        return StoreError(f"{self.location}: {_first_line(exc)}")

    # -- statements -------------------------------------------------------------------------

    def _rows(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        with self._connection() as conn:
            try:
                cursor = conn.execute(_pg(sql), params)
                return cursor.fetchall() if cursor.description is not None else []
            except psycopg.Error as exc:
                raise self._error(exc) from exc

    def _execute(self, sql: str, params: Sequence[object] = ()) -> int:
        with self._connection() as conn:
            try:
                return conn.execute(_pg(sql), params).rowcount
            except psycopg.Error as exc:
                raise self._error(exc) from exc

    def _executemany(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        if rows:
            with self._connection() as conn:
                try:
                    conn.cursor().executemany(_pg(sql), rows)
                except psycopg.Error as exc:
                    raise self._error(exc) from exc

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside land together or not at all; nests with savepoints (per thread)."""
        depth = getattr(self._local, "depth", 0)
        if depth:
            with self._step(self._local.conn, f"SAVEPOINT sp{depth}", f"RELEASE sp{depth}", f"ROLLBACK TO sp{depth}"):
                yield
            return
        with self._pinned() as conn, self._step(conn, "BEGIN", "COMMIT", "ROLLBACK"):
            yield

    @contextmanager
    def session(self) -> Iterator[None]:
        """This thread's statements inside share one pooled connection (autocommit: each sees
        what is committed when it runs), so a page of several statements checks out once."""
        with self._pinned():
            yield

    @contextmanager
    def _pinned(self) -> Iterator[psycopg.Connection[Any]]:
        """This thread's connection for the block: the one it holds already, else one from the pool."""
        held = getattr(self._local, "conn", None)
        with self._connection() as conn:
            self._local.conn = conn
            try:
                yield conn
            finally:
                self._local.conn = held

    @contextmanager
    def _step(self, conn: psycopg.Connection[Any], begin: str, commit: str, rollback: str) -> Iterator[None]:
        depth = getattr(self._local, "depth", 0)
        try:
            conn.execute(begin)
        except psycopg.Error as exc:
            raise self._error(exc) from exc
        self._local.depth = depth + 1
        try:
            yield
            conn.execute(commit)
        except BaseException as exc:
            _quietly(conn, rollback)
            if isinstance(exc, psycopg.Error):
                raise self._error(exc) from exc
            raise
        finally:
            self._local.depth = depth

    @contextmanager
    def linking(self) -> Iterator[None]:
        """A transaction holding this schema's linker advisory lock until it ends."""
        with self.transaction():
            self._advisory_lock(":linker")
            yield

    def _advisory_lock(self, name: str) -> None:
        """Take a transaction-scoped advisory lock; if another process holds it, say so once and
        wait up to the timeout (then :class:`StoreBusyError`)."""
        if self._rows(f"SELECT pg_try_advisory_xact_lock({_LOCK_KEY})", (name,))[0][0]:
            return
        self._on_wait(f"waiting for another concord process to finish writing {self.location}"
                      f" (up to {self._timeout:g} s, the store_timeout setting)")
        self._rows(f"SELECT pg_advisory_xact_lock({_LOCK_KEY})", (name,))

    def close(self) -> None:
        """Close the pool and its connections."""
        self._pool.close()

    # -- schema and dialect -----------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        """The version the schema is at (0 before the first migration)."""
        if not self._rows("SELECT to_regclass('concord_schema')")[0][0]:
            return 0
        rows = self._rows("SELECT version FROM concord_schema")
        return int(rows[0][0]) if rows else 0

    def migrate(self, migrations: tuple[str, ...] = MIGRATIONS) -> None:
        """Bring the schema up to date, one transaction per step under the migration advisory lock,
        re-reading the version once it holds it; refuse a newer schema."""
        while self.schema_version < len(migrations):
            with self.transaction():
                self._advisory_lock(":migrate")
                self._script("CREATE TABLE IF NOT EXISTS concord_schema (version integer NOT NULL)")
                current = self.schema_version
                if current < len(migrations):
                    self._script(migrations[current])
                    self._execute("DELETE FROM concord_schema")
                    self._execute("INSERT INTO concord_schema(version) VALUES (?)", (current + 1,))
        if self.schema_version > len(migrations):
            raise StoreError(f"{self.location} has schema version {self.schema_version}, newer than this concord "
                             f"({len(migrations)}); upgrade concord")

    def _refresh_statistics(self) -> None:
        """VACUUM and ANALYZE the tables that changed by more than a tenth since they last were: a
        server without autovacuum would otherwise plan a 100k-event store as if it were empty (a
        country's page took 200 ms instead of 0.6) and never mark pages all-visible, so no count
        could be an index-only scan (the type facet of 100k events: 170 ms of heap instead of
        9 ms of index). A table another process vacuums is skipped."""
        stale = self._rows(
            "SELECT relname FROM pg_stat_user_tables WHERE schemaname = current_schema() AND"
            " greatest(n_mod_since_analyze, n_ins_since_vacuum, n_dead_tup) > greatest(1000, 0.1 * n_live_tup)"
        )
        for row in stale:
            self._execute(f'VACUUM (ANALYZE, SKIP_LOCKED) "{row[0]}"')

    def _script(self, script: str) -> None:
        """Run a migration script (several statements, no parameters) in this thread's transaction."""
        try:
            self._local.conn.execute(script.encode())
        except psycopg.Error as exc:
            raise self._error(exc) from exc

    def json_number(self, column: str, field: str) -> str:
        """A JSONB number field as ``float8``."""
        return f"({column}->>'{field}')::float8"

    def period_key(self, grain: str, day: str) -> str:
        """``date_trunc('week')`` gives the Monday of a full date."""
        return _PERIOD_KEYS[grain].format(d=day)


def _first_line(exc: BaseException) -> str:
    """The first line of an error's message (psycopg adds context lines)."""
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _quietly(conn: psycopg.Connection[Any], sql: str) -> None:
    """Roll back; a failure to do so says less than the error being raised."""
    try:
        conn.execute(sql)
    except psycopg.Error:
        pass
