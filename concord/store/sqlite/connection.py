"""SQLite connections: one per thread under WAL (readers never wait), ``BEGIN IMMEDIATE`` for every
write transaction (one writer, hence one linker, at a time), a busy store waited for with a
message, race-free migrations, and every SQLite error turned into a one-line :class:`StoreError`."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path

from ...errors import StoreBusyError, StoreError
from ..sql.database import Database, Row, WaitNotice, print_wait
from .migrations import MIGRATIONS, statements

__all__ = ["SQLiteDatabase"]

#: The SQL key of each grain's period, of a date ``{d}``; ``date()`` is NULL for a month or a
#: year, which keeps its own date as key.
_PERIOD_KEYS = {
    "day": "substr({d}, 1, 10)",
    "week": "coalesce(date({d}, '-6 days', 'weekday 1'), {d})",
    "month": "substr({d}, 1, 7)",
    "year": "substr({d}, 1, 4)",
}
#: How long a writer tries before it says it is waiting (seconds).
_QUIET_WAIT = 0.1


class SQLiteDatabase(Database):
    """Connections to one SQLite file (or ``:memory:``, one connection shared behind a lock)."""

    ARRIVAL = "rowid"
    LINK_ARTICLE = ("INSERT INTO linked(article_id, seq) VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM linked))"
                    " ON CONFLICT DO NOTHING")

    def __init__(self, path: str | Path = "concord.db", *, timeout: float = 30.0, on_wait: WaitNotice = print_wait) -> None:
        self.path = self.location = str(path)
        self._timeout = timeout
        self._on_wait = on_wait
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []
        self._guard = threading.Lock()
        self._closed = False
        shared = self.path == ":memory:"
        self._lock: AbstractContextManager[object] = threading.RLock() if shared else nullcontext()
        if not shared:
            _check_path(Path(self.path))
        self._single = self._connect() if shared else None
        self._conn  # noqa: B018 - open now so a bad path fails here, not on first use
        self.migrate()

    def _connect(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(self.path, timeout=self._timeout, isolation_level=None, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            self._patiently(conn, "PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.Error as exc:
            raise self._error(exc, "cannot open the store") from exc
        with self._guard:
            self._opened.append(conn)
        return conn

    @property
    def _conn(self) -> sqlite3.Connection:
        """This thread's connection (opened on first use)."""
        if self._closed:
            raise StoreError(f"{self.path}: the store is closed")
        if self._single is not None:
            return self._single
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self._connect()
        return conn

    def _patiently(self, conn: sqlite3.Connection, sql: str) -> None:
        """Run a statement that takes the write lock: quietly for a moment, then, if another
        process still holds it, saying so once and waiting up to the timeout."""
        full = f"PRAGMA busy_timeout={int(self._timeout * 1000)}"
        conn.execute(f"PRAGMA busy_timeout={int(min(_QUIET_WAIT, self._timeout) * 1000)}")
        try:
            try:
                conn.execute(sql)
                return
            except sqlite3.OperationalError as exc:
                if not _busy(exc) or self._timeout <= _QUIET_WAIT:
                    raise
            self._on_wait(f"waiting for another concord process to finish writing {self.location}"
                          f" (up to {self._timeout:g} s, the store_timeout setting)")
            conn.execute(full)
            conn.execute(sql)
        finally:
            conn.execute(full)

    def _error(self, exc: sqlite3.Error, doing: str = "") -> StoreError:
        """A one-line :class:`StoreError` for an SQLite error, saying what to do where it can."""
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        where = self.location
        if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            return StoreBusyError(f"{where} is busy: another concord process held its write lock for more than "
                                  f"{self._timeout:g} s (raise the store_timeout setting to wait longer)")
        if code == sqlite3.SQLITE_READONLY:
            return StoreError(f"{where} is read-only: concord needs to write to its store and the folder it is in")
        if code == sqlite3.SQLITE_IOERR:
            return StoreError(f"cannot use {where} as a store: disk I/O error (it must be a file on a writable disk)")
        if code == sqlite3.SQLITE_NOTADB:
            return StoreError(f"{where} is not a concord store (not an SQLite database)")
        return StoreError(f"{doing + ' ' if doing else ''}{where}: {exc}")

    # -- statements -------------------------------------------------------------------------

    def _rows(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise self._error(exc) from exc

    def _execute(self, sql: str, params: Sequence[object] = ()) -> int:
        with self._lock:
            try:
                return self._conn.execute(sql, params).rowcount
            except sqlite3.Error as exc:
                raise self._error(exc) from exc

    def _executemany(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        if rows:
            with self._lock:
                try:
                    self._conn.executemany(sql, rows)
                except sqlite3.Error as exc:
                    raise self._error(exc) from exc

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside land together or not at all; nests with savepoints (per thread). The
        outermost takes the write lock (``BEGIN IMMEDIATE``), waiting with a message when busy."""
        with self._lock:
            depth = getattr(self._local, "depth", 0)
            conn = self._conn
            try:
                self._patiently(conn, "BEGIN IMMEDIATE") if depth == 0 else conn.execute(f"SAVEPOINT sp{depth}")
            except sqlite3.Error as exc:
                raise self._error(exc) from exc
            self._local.depth = depth + 1
            try:
                yield
                conn.execute("COMMIT" if depth == 0 else f"RELEASE sp{depth}")
            except BaseException as exc:
                _quietly(conn, "ROLLBACK" if depth == 0 else f"ROLLBACK TO sp{depth}")
                if isinstance(exc, sqlite3.Error):
                    raise self._error(exc) from exc
                raise
            finally:
                self._local.depth = depth

    def linking(self) -> AbstractContextManager[None]:
        """A write transaction: ``BEGIN IMMEDIATE`` admits one writer, so one linker, at a time."""
        return self.transaction()

    def session(self) -> AbstractContextManager[None]:
        """Nothing to do: each thread keeps its own connection."""
        return nullcontext()

    def close(self) -> None:
        """Close every connection this store opened."""
        with self._guard:
            for conn in self._opened:
                conn.close()
            self._opened.clear()
        self._closed = True

    # -- schema and dialect -----------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        """The version the database file is at."""
        return int(self._rows("PRAGMA user_version")[0][0])

    def migrate(self, migrations: tuple[str, ...] = MIGRATIONS) -> None:
        """Bring the schema up to date, one transaction per step that re-reads the version under
        the write lock (two processes creating one store apply each step once); refuse a newer one."""
        while self.schema_version < len(migrations):
            with self.transaction():
                current = self.schema_version
                if current < len(migrations):
                    for statement in statements(migrations[current]):
                        self._execute(statement)
                    self._execute(f"PRAGMA user_version={current + 1}")
        if self.schema_version > len(migrations):
            raise StoreError(
                f"{self.path} has schema version {self.schema_version}, newer than this concord "
                f"({len(migrations)}); upgrade concord"
            )

    def json_number(self, column: str, field: str) -> str:
        """``json_extract`` of a number field."""
        return f"json_extract({column}, '$.{field}')"

    def period_key(self, grain: str, day: str) -> str:
        """SQLite's date functions give the Monday of a week."""
        return _PERIOD_KEYS[grain].format(d=day)


def _check_path(path: Path) -> None:
    """Refuse a path that cannot hold a store (a device, a folder) before SQLite gives a vaguer error."""
    if path.exists() and not path.is_file():
        raise StoreError(f"{path} is not a regular file; give --db a file path (or a postgresql:// URL)")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the folder of the store {path}: {exc.strerror}") from exc


def _busy(exc: sqlite3.Error) -> bool:
    """Whether SQLite gave up because another connection holds the lock."""
    return getattr(exc, "sqlite_errorcode", 0) & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def _quietly(conn: sqlite3.Connection, sql: str) -> None:
    """Roll back; a failure to do so says less than the error being raised."""
    try:
        conn.execute(sql)
    except sqlite3.Error:
        pass
