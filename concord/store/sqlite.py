"""The embedded SQLite store: WAL, foreign keys, FTS5 over article text, versioned migrations."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import threading
import zlib
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

import orjson

from ..errors import NotFoundError, StoreError
from ..model import Analysis, Article, Event, event_summary, from_dict, to_dict
from .base import (
    GRAINS,
    ActorCount,
    ActorFilter,
    ActorName,
    ArticleFilter,
    DyadCount,
    EventFilter,
    PeriodCount,
    QuarantineEntry,
    SearchHit,
    actor_names_of,
    actor_roles,
)

__all__ = ["INDEX_TABLES", "SCHEMA_VERSION", "SQLiteClusterRows", "SQLiteDedupRows", "SQLiteStore"]

#: Each entry upgrades the schema by one version; never edit one that has shipped, append.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        title TEXT,
        text TEXT NOT NULL,
        source TEXT,
        url TEXT,
        date TEXT,
        language TEXT NOT NULL,
        ingested_at TEXT NOT NULL,
        duplicate_of TEXT REFERENCES articles(id),
        data TEXT NOT NULL
    );
    CREATE INDEX articles_order ON articles(coalesce(date, ''), id);
    CREATE INDEX articles_source ON articles(source);
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='rowid', tokenize='porter unicode61'
    );
    CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
    END;
    CREATE TABLE quarantine (
        source TEXT NOT NULL,
        kind TEXT NOT NULL,
        reason TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 1,
        PRIMARY KEY (source, reason)
    );
    CREATE TABLE analyses (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        producer TEXT NOT NULL,
        data TEXT NOT NULL
    );
    """,
    """
    CREATE TABLE events (
        id TEXT PRIMARY KEY,
        date TEXT,
        type TEXT NOT NULL,
        n_articles INTEGER NOT NULL,
        n_sources INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        data TEXT NOT NULL
    );
    CREATE INDEX events_order ON events(coalesce(date, ''), id);
    CREATE INDEX events_type ON events(type, date);
    CREATE TABLE event_articles (
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        PRIMARY KEY (event_id, article_id)
    );
    CREATE INDEX event_articles_article ON event_articles(article_id);
    CREATE TABLE event_countries (
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        country TEXT NOT NULL,
        PRIMARY KEY (event_id, country)
    );
    CREATE INDEX event_countries_country ON event_countries(country, event_id);
    CREATE TABLE linked (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL
    );
    CREATE TABLE link_state (
        name TEXT PRIMARY KEY,
        data TEXT NOT NULL
    );
    """,
    """
    CREATE TABLE event_summaries (
        event_id TEXT PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
        summary TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE event_views (
        event_id TEXT PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
        sources TEXT NOT NULL,
        data BLOB NOT NULL
    );
    CREATE TABLE fact_countries (
        article_id TEXT NOT NULL REFERENCES analyses(article_id) ON DELETE CASCADE,
        country TEXT NOT NULL,
        PRIMARY KEY (country, article_id)
    ) WITHOUT ROWID;
    INSERT OR IGNORE INTO fact_countries(article_id, country)
        SELECT n.article_id, p.value FROM analyses n, json_each(n.data, '$.facts') f,
            json_each(f.value, '$.parties') p;
    CREATE TABLE generation (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        n INTEGER NOT NULL
    );
    INSERT INTO generation(id, n) VALUES (1, 0);
    CREATE TRIGGER events_changed_ai AFTER INSERT ON events BEGIN
        UPDATE generation SET n = n + 1;
    END;
    CREATE TRIGGER events_changed_ad AFTER DELETE ON events BEGIN
        UPDATE generation SET n = n + 1;
    END;
    CREATE TRIGGER events_changed_au AFTER UPDATE ON events BEGIN
        UPDATE generation SET n = n + 1;
    END;
    """,
    # v4: the clusterer's and the duplicate index's data in tables (read an article's worth at a
    # time) instead of one JSON row each. An existing "clusterer" state is converted here
    # (version-1 states get their time buckets, bucket = day / max(1, window_days), as the
    # clusterer computes them) and its row deleted; a "dedup" state needs datasketch's band
    # layout, so the first link run moves it (DuplicateIndex.stored) and deletes its row.
    """
    CREATE TABLE dedup_articles (
        article_id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        signature BLOB,
        duplicate_of TEXT
    );
    CREATE UNIQUE INDEX dedup_articles_seq ON dedup_articles(seq);
    CREATE TABLE dedup_bands (
        hash BLOB NOT NULL,
        band INTEGER NOT NULL,
        article_id TEXT NOT NULL,
        PRIMARY KEY (hash, band, article_id)
    ) WITHOUT ROWID;
    CREATE TABLE dedup_meta (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE cluster_events (
        id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        data TEXT NOT NULL
    );
    CREATE UNIQUE INDEX cluster_events_seq ON cluster_events(seq);
    CREATE TABLE cluster_postings (
        key TEXT NOT NULL,
        bucket INTEGER NOT NULL,
        event_id TEXT NOT NULL,
        PRIMARY KEY (key, bucket, event_id)
    ) WITHOUT ROWID;
    CREATE TABLE cluster_articles (
        article_id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        events TEXT NOT NULL
    );
    CREATE UNIQUE INDEX cluster_articles_seq ON cluster_articles(seq);
    CREATE TABLE cluster_df (
        term TEXT PRIMARY KEY,
        n INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE cluster_meta (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    WITH RECURSIVE
        st(data, size) AS (
            SELECT data, max(1, json_extract(data, '$.config.window_days')) FROM link_state WHERE name = 'clusterer'
        ),
        ev(seq, row, size, first, last) AS (
            SELECT e.key + 1, e.value, st.size, json_extract(e.value, '$.first_day'), json_extract(e.value, '$.last_day')
            FROM st, json_each(st.data, '$.events') e
        ),
        span(seq, b, top) AS (
            SELECT seq, first / size, last / size FROM ev
            WHERE json_type(row, '$.buckets') IS NULL AND json_array_length(row, '$.keys') > 0
                AND first IS NOT NULL AND last IS NOT NULL
            UNION ALL SELECT seq, b + 1, top FROM span WHERE b < top
        )
    INSERT INTO cluster_events(id, seq, data)
        SELECT json_extract(row, '$.id'), seq, CASE
            WHEN json_type(row, '$.buckets') IS NOT NULL THEN row
            WHEN json_array_length(row, '$.keys') = 0 THEN json_set(row, '$.buckets', json('[]'))
            WHEN first IS NULL OR last IS NULL THEN json_set(row, '$.buckets', json('[null]'))
            ELSE json_set(row, '$.buckets', (SELECT json_group_array(b) FROM (SELECT b FROM span s WHERE s.seq = ev.seq ORDER BY b)))
        END FROM ev;
    INSERT OR IGNORE INTO cluster_postings(key, bucket, event_id)
        SELECT k.value, coalesce(b.value, -4611686018427387904), c.id
        FROM cluster_events c, json_each(c.data, '$.keys') k, json_each(c.data, '$.buckets') b;
    INSERT INTO cluster_articles(article_id, seq, events)
        SELECT json_extract(a.value, '$[0]'), a.key + 1, json_extract(a.value, '$[1]')
        FROM link_state s, json_each(s.data, '$.articles') a WHERE s.name = 'clusterer';
    INSERT INTO cluster_df(term, n)
        SELECT json_extract(d.value, '$[0]'), json_extract(d.value, '$[1]')
        FROM link_state s, json_each(s.data, '$.idf.df') d WHERE s.name = 'clusterer';
    INSERT INTO cluster_meta(name, value)
        SELECT m.name, CASE json_type(s.data, m.path) WHEN 'object' THEN json_extract(s.data, m.path)
            ELSE json_quote(json_extract(s.data, m.path)) END
        FROM link_state s, (
            SELECT 'config' AS name, '$.config' AS path UNION ALL SELECT 'max_day', '$.max_day'
            UNION ALL SELECT 'n_docs', '$.idf.n_docs' UNION ALL SELECT 'prior_docs', '$.idf.prior_docs'
            UNION ALL SELECT 'doc_words', '$.idf.doc_words'
        ) m WHERE s.name = 'clusterer';
    DELETE FROM link_state WHERE name = 'clusterer';
    """,
    # v5: each ordered pair of an event's countries (a country with itself included) with the
    # event's day, type, intensity and sources, so a country's or a dyad's events per period, its
    # type counts and a page of its events are one range of a covering key, not a lookup into the
    # large events rows for each of its events.
    """
    CREATE TABLE IF NOT EXISTS event_pairs (
        a TEXT NOT NULL,
        b TEXT NOT NULL,
        day TEXT NOT NULL,
        type TEXT NOT NULL,
        intensity REAL,
        n_sources INTEGER NOT NULL,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        PRIMARY KEY (a, b, day, type, event_id)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS event_pairs_event ON event_pairs(event_id);
    CREATE INDEX IF NOT EXISTS event_pairs_order ON event_pairs(a, b, day, event_id, n_sources);
    INSERT OR IGNORE INTO event_pairs(a, b, day, type, intensity, n_sources, event_id)
        SELECT x.country, y.country, coalesce(e.date, ''), e.type, json_extract(e.data, '$.intensity'),
            e.n_sources, e.id
        FROM events e JOIN event_countries x ON x.event_id = e.id JOIN event_countries y ON y.event_id = e.id;
    """,
    # v6: an article the analysis cannot take is quarantined with its id and held out of analysis
    # and linking until `concord quarantine retry` releases or `drop` deletes it.
    """
    CREATE TABLE IF NOT EXISTS held_articles (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        source TEXT NOT NULL,
        reason TEXT NOT NULL
    );
    """,
    # v7: each event's canonical actors (one row per actor id, its role "actor", "recipient" or
    # "both") with the event's day, type, intensity and sources, so an actor's events, its counts
    # per period and type, its counterparts and the most present actors are ranges of a key; and
    # the names each actor id goes by (first seen first), for the actor pages and their search.
    # Actors of events stored before actors had ids (no "id") link nothing until a relink.
    """
    CREATE TABLE IF NOT EXISTS event_actors (
        actor_id TEXT NOT NULL,
        day TEXT NOT NULL,
        type TEXT NOT NULL,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('actor', 'recipient', 'both')),
        intensity REAL,
        n_sources INTEGER NOT NULL,
        PRIMARY KEY (actor_id, day, type, event_id)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS event_actors_event ON event_actors(event_id, actor_id, role);
    CREATE INDEX IF NOT EXISTS event_actors_order ON event_actors(actor_id, day, event_id, n_sources);
    CREATE TABLE IF NOT EXISTS actor_names (
        actor_id TEXT NOT NULL,
        name TEXT NOT NULL,
        kind TEXT,
        country TEXT,
        code TEXT,
        PRIMARY KEY (actor_id, name)
    );
    INSERT OR IGNORE INTO event_actors(actor_id, day, type, event_id, role, intensity, n_sources)
        SELECT r.id, coalesce(e.date, ''), e.type, e.id, CASE WHEN min(r.role) = max(r.role) THEN min(r.role) ELSE 'both' END,
            json_extract(e.data, '$.intensity'), e.n_sources
        FROM events e JOIN (
            SELECT e2.id AS event_id, json_extract(a.value, '$.id') AS id, 'actor' AS role
                FROM events e2, json_each(e2.data, '$.actor') a
            UNION ALL SELECT e2.id, json_extract(a.value, '$.id'), 'recipient'
                FROM events e2, json_each(e2.data, '$.recipient') a
        ) r ON r.event_id = e.id
        WHERE r.id IS NOT NULL GROUP BY e.id, r.id;
    INSERT OR IGNORE INTO actor_names(actor_id, name, kind, country, code)
        SELECT json_extract(a.value, '$.id'), json_extract(a.value, '$.name'), json_extract(a.value, '$.kind'),
            json_extract(a.value, '$.country'), json_extract(a.value, '$.code')
        FROM events e, (SELECT 0 AS part, '$.actor' AS path UNION ALL SELECT 1, '$.recipient') p,
            json_each(e.data, p.path) a
        WHERE json_extract(a.value, '$.id') IS NOT NULL AND json_extract(a.value, '$.name') IS NOT NULL
        ORDER BY coalesce(e.date, ''), e.id, p.part, a.key;
    """,
    # v8: each ordered pair of two canonical actors of an event, with the event's type and the
    # second one's role, so an actor's counterparts are one range of a key (a join through
    # event_actors visited every event of a large actor: 0.4 s at 100,000 events).
    """
    CREATE TABLE IF NOT EXISTS actor_pairs (
        a TEXT NOT NULL,
        b TEXT NOT NULL,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        type TEXT NOT NULL,
        b_role TEXT NOT NULL,
        PRIMARY KEY (a, b, event_id)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS actor_pairs_event ON actor_pairs(event_id);
    INSERT OR IGNORE INTO actor_pairs(a, b, event_id, type, b_role)
        SELECT x.actor_id, y.actor_id, x.event_id, x.type, y.role
        FROM event_actors x JOIN event_actors y ON y.event_id = x.event_id AND y.actor_id != x.actor_id;
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)

_START, _END = "\x02", "\x03"
#: The SQL key of each grain's period, of a date ``{d}``; ``date()`` is NULL for a month or a
#: year, which keeps its own date as key.
_PERIOD_KEYS = {
    "day": "substr({d}, 1, 10)",
    "week": "coalesce(date({d}, '-6 days', 'weekday 1'), {d})",
    "month": "substr({d}, 1, 7)",
    "year": "substr({d}, 1, 4)",
}
#: Keyset condition "after (date, id)", written so SQLite walks the (coalesce(date, ''), id) index.
_AFTER = "coalesce(date, '') >= ? AND (coalesce(date, '') > ? OR id > ?)"
#: The same, newest first: "before (date, id)".
_BEFORE = "coalesce(date, '') <= ? AND (coalesce(date, '') < ? OR id < ?)"
_TERM = re.compile(r"\w+", re.UNICODE)
#: Leaves out articles held in the quarantine (alias ``a``).
_NOT_HELD = " AND NOT EXISTS (SELECT 1 FROM held_articles h WHERE h.article_id = a.id)"


class SQLiteStore:
    """A :class:`~concord.store.base.Store` in one SQLite file.

    Each thread gets its own connection, so readers (a web server's worker threads, another
    process) run in parallel under WAL while one writer commits; an in-memory database has a
    single connection shared behind a lock.
    """

    def __init__(self, path: str | Path = "concord.db", *, timeout: float = 30.0) -> None:
        self.path = str(path)
        self._timeout = timeout
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []
        self._guard = threading.Lock()
        self._closed = False
        shared = self.path == ":memory:"
        self._lock: AbstractContextManager[object] = threading.RLock() if shared else nullcontext()
        if not shared:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._single = self._connect() if shared else None
        self._conn  # noqa: B018 - open now so a bad path fails here, not on first use
        self.migrate()

    def _connect(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(
                self.path, timeout=self._timeout, isolation_level=None, check_same_thread=False
            )
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute(f"PRAGMA busy_timeout={int(self._timeout * 1000)}")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open database {self.path}: {exc}") from exc
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

    # -- plumbing ---------------------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        """The version the database file is at."""
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self, migrations: tuple[str, ...] = MIGRATIONS) -> None:
        """Bring the schema up to date, one transaction per step; refuse a newer database."""
        current = self.schema_version
        if current > len(migrations):
            raise StoreError(
                f"{self.path} has schema version {current}, newer than this concord "
                f"({len(migrations)}); upgrade concord"
            )
        for version in range(current, len(migrations)):
            with self.transaction():
                for statement in _statements(migrations[version]):
                    self._conn.execute(statement)
                self._conn.execute(f"PRAGMA user_version={version + 1}")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside land together or not at all; nests with savepoints (per thread)."""
        with self._lock:
            depth = getattr(self._local, "depth", 0)
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE" if depth == 0 else f"SAVEPOINT sp{depth}")
            self._local.depth = depth + 1
            try:
                yield
            except BaseException:
                conn.execute("ROLLBACK" if depth == 0 else f"ROLLBACK TO sp{depth}")
                raise
            else:
                conn.execute("COMMIT" if depth == 0 else f"RELEASE sp{depth}")
            finally:
                self._local.depth = depth

    def close(self) -> None:
        """Close every connection this store opened."""
        with self._guard:
            for conn in self._opened:
                conn.close()
            self._opened.clear()
        self._closed = True

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _rows(self, sql: str, params: tuple[object, ...] = ()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise StoreError(f"{self.path}: {exc}") from exc

    # -- articles ---------------------------------------------------------------------------

    def add_article(self, article: Article) -> bool:
        """Insert the article unless its id is stored already; True when it was new."""
        data = json.dumps(to_dict(article), ensure_ascii=False)
        with self.transaction():
            cursor = self._conn.execute(
                "INSERT OR IGNORE INTO articles"
                "(id, title, text, source, url, date, language, ingested_at, duplicate_of, data)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    article.id,
                    article.title,
                    article.text,
                    article.source,
                    article.url,
                    article.date.isoformat() if article.date else None,
                    article.language,
                    (article.ingested_at or dt.datetime.now(dt.UTC)).isoformat(),
                    article.duplicate_of,
                    data,
                ),
            )
            return cursor.rowcount == 1

    def has_article(self, article_id: str) -> bool:
        """Whether this exact id is stored."""
        return bool(self._rows("SELECT 1 FROM articles WHERE id = ?", (article_id,)))

    def get_article(self, article_id: str) -> Article:
        """The article with this id, or the only one whose id starts with it."""
        return _article(self._one("articles", "data, duplicate_of", article_id, "article"))

    def _one(self, table: str, columns: str, key: str, what: str) -> sqlite3.Row:
        """The row whose id is ``key``, else the only row whose id starts with it (index range scan)."""
        rows = self._rows(f"SELECT {columns} FROM {table} WHERE id = ?", (key,))
        if not rows and key:
            rows = self._rows(
                f"SELECT {columns} FROM {table} WHERE id >= ? AND id < ? ORDER BY id LIMIT 2",
                (key, key + "\U0010ffff"),
            )
            if len(rows) > 1:
                raise NotFoundError(f"{what} id prefix {key!r} is ambiguous")
        if not rows:
            raise NotFoundError(f"no {what} {key!r}")
        return rows[0]

    def articles(self, where: ArticleFilter = ArticleFilter()) -> list[Article]:
        """Articles in (date, id) order, filtered; ``where.after`` continues after that id."""
        rows = self._page(
            "articles",
            "data, duplicate_of",
            [],
            [
                ("source", "=", where.source),
                ("date", ">=", where.since),
                ("date", "<=", where.until),
                ("language", "=", where.language),
            ],
            where.after,
            where.limit,
        )
        return [_article(r) for r in rows]

    def _page(
        self,
        table: str,
        columns: str,
        clauses: list[tuple[str, object]],
        filters: list[tuple[str, str, object]],
        after: str | None,
        limit: int,
        source: str | None = None,
        newest_first: bool = False,
    ) -> list[sqlite3.Row]:
        """One keyset page of ``table`` in (date, id) order (or the reverse): raw ``clauses`` (SQL,
        parameter or None) and ``column op value`` filters whose value is not None; ``source``
        replaces the FROM clause (``table`` joined to what the columns need)."""
        where = [sql for sql, _ in clauses]
        params = [value for _, value in clauses if value is not None]
        for column, op, value in filters:
            if value is not None:
                where.append(f"{column} {op} ?")
                params.append(value)
        if after is not None:
            where.append(_BEFORE if newest_first else _AFTER)
            params.extend(self._cursor(table, after))
        sql = f"SELECT {columns} FROM {source or table}"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY coalesce(date, '') DESC, id DESC LIMIT ?" if newest_first else " ORDER BY coalesce(date, ''), id LIMIT ?"
        return self._rows(sql, (*params, limit))

    def _cursor(self, table: str, after: str) -> tuple[str, str, str]:
        """The sort key of the row a page continues after, by id or unique id prefix
        (NotFoundError for an unknown or ambiguous one)."""
        row = self._one(table, "coalesce(date, '') AS d, id", after, table.removesuffix("s"))
        return row["d"], row["d"], row["id"]

    def iter_articles(self) -> Iterator[Article]:
        """Every article in (date, id) order, in pages so memory stays flat."""
        after: str | None = None
        while True:
            page = self.articles(ArticleFilter(after=after, limit=500))
            yield from page
            if len(page) < 500:
                return
            after = page[-1].id

    def mark_duplicate(self, article_id: str, original_id: str) -> None:
        """Link a near-verbatim copy to the earlier article it copies."""
        with self.transaction():
            self._conn.execute(
                "UPDATE articles SET duplicate_of = ? WHERE id = ?", (original_id, article_id)
            )

    # -- quarantine -------------------------------------------------------------------------

    def quarantine(self, source: str, kind: str, reason: str, article_id: str | None = None) -> None:
        """Record a failed input (with ``article_id``, a stored article now held out of analysis and
        linking); the same failure again only bumps its count."""
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self.transaction():
            self._conn.execute(
                "INSERT INTO quarantine(source, kind, reason, first_seen, last_seen) VALUES (?,?,?,?,?)"
                " ON CONFLICT(source, reason) DO UPDATE SET last_seen = excluded.last_seen,"
                " attempts = attempts + 1",
                (source, kind, reason, now, now),
            )
            if article_id is not None:
                self._conn.execute("INSERT OR REPLACE INTO held_articles(article_id, source, reason)"
                                   " VALUES (?, ?, ?)", (article_id, source, reason))

    def quarantined(self) -> list[QuarantineEntry]:
        """Every quarantined input, oldest first."""
        rows = self._rows(
            "SELECT q.source, kind, q.reason, first_seen, last_seen, attempts, h.article_id FROM quarantine q"
            " LEFT JOIN held_articles h ON h.source = q.source AND h.reason = q.reason"
            " ORDER BY first_seen, q.source"
        )
        return [QuarantineEntry(**dict(r)) for r in rows]

    def forget_quarantined(self, source: str, reason: str) -> None:
        """Remove one quarantine entry (an article it held goes back to analysis)."""
        with self.transaction():
            for table in ("quarantine", "held_articles"):
                self._conn.execute(f"DELETE FROM {table} WHERE source = ? AND reason = ?", (source, reason))

    def delete_article(self, article_id: str) -> None:
        """Delete an article that no event holds, with its analysis and quarantine entries."""
        with self.transaction():
            if self._conn.execute("SELECT 1 FROM linked WHERE article_id = ?", (article_id,)).fetchone():
                raise StoreError(f"article {article_id} is part of an event; it cannot be deleted alone")
            self._conn.execute(
                "DELETE FROM quarantine WHERE (source, reason) IN"
                " (SELECT source, reason FROM held_articles WHERE article_id = ?)", (article_id,)
            )
            self._conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))

    # -- analyses ---------------------------------------------------------------------------

    def save_analysis(self, analysis: Analysis) -> None:
        """Store or replace the analysis of one article."""
        with self.transaction():
            self._conn.execute(
                "INSERT OR REPLACE INTO analyses(article_id, producer, data) VALUES (?, ?, ?)",
                (analysis.article_id, analysis.producer, json.dumps(to_dict(analysis))),
            )
            self._conn.execute("DELETE FROM fact_countries WHERE article_id = ?", (analysis.article_id,))
            self._conn.executemany(
                "INSERT INTO fact_countries(article_id, country) VALUES (?, ?)",
                [(analysis.article_id, c) for c in sorted({c for f in analysis.facts for c in f.parties})],
            )

    def get_analysis(self, article_id: str) -> Analysis | None:
        """The stored analysis of an article, or None when it has not been analysed."""
        rows = self._rows("SELECT data FROM analyses WHERE article_id = ?", (article_id,))
        return from_dict(Analysis, orjson.loads(rows[0]["data"])) if rows else None

    def iter_analyses(self, fact_countries: tuple[str, ...] = ()) -> Iterator[Analysis]:
        """Every stored analysis in article (date, id) order, a page at a time; with
        ``fact_countries``, only those whose standing facts name all of these countries as parties."""
        last: tuple[str, str] = ("", "")
        wanted = sorted({c.upper() for c in fact_countries})
        among = ""
        if wanted:
            among = (
                " AND n.article_id IN (SELECT article_id FROM fact_countries WHERE country IN ("
                + ", ".join("?" * len(wanted)) + ") GROUP BY article_id HAVING count(*) = ?)"
            )
        while True:
            rows = self._rows(
                "SELECT n.data, coalesce(a.date, '') AS d, a.id FROM analyses n"
                " JOIN articles a ON a.id = n.article_id"
                " WHERE (coalesce(a.date, ''), a.id) > (?, ?)" + among + " ORDER BY 2, 3 LIMIT 200",
                (*last, *wanted, *([len(wanted)] if wanted else [])),
            )
            for row in rows:
                yield from_dict(Analysis, orjson.loads(row["data"]))
            if len(rows) < 200:
                return
            last = (rows[-1]["d"], rows[-1]["id"])

    def unanalysed(self) -> list[Article]:
        """Articles without a stored analysis, in (date, id) order (resumes a crashed run)."""
        rows = self._rows(
            "SELECT data, duplicate_of FROM articles a"
            " WHERE NOT EXISTS (SELECT 1 FROM analyses n WHERE n.article_id = a.id)" + _NOT_HELD +
            " ORDER BY coalesce(date, ''), id"
        )
        return [_article(r) for r in rows]

    # -- events -----------------------------------------------------------------------------

    def unlinked(self) -> list[Article]:
        """Articles not yet placed in an event, by date and, within a day, in the order they arrived."""
        rows = self._rows(
            "SELECT data, duplicate_of FROM articles a"
            " WHERE NOT EXISTS (SELECT 1 FROM linked l WHERE l.article_id = a.id)" + _NOT_HELD +
            " ORDER BY coalesce(date, ''), rowid"
        )
        return [_article(r) for r in rows]

    def save_links(
        self,
        events: list[tuple[Event, list[str]]],
        linked: list[str],
        state: dict[str, object],
        removed: Sequence[str] = (),
    ) -> None:
        """Store merged events with their member articles, mark articles linked, keep link state,
        and drop the ``removed`` events (absorbed into others; their summaries and views go too)."""
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self.transaction():
            self._conn.executemany("DELETE FROM events WHERE id = ?", [(e,) for e in removed])
            seq = self._conn.execute("SELECT coalesce(max(seq), 0) FROM linked").fetchone()[0]
            for event, members in events:
                self._conn.execute("DELETE FROM events WHERE id = ?", (event.id,))
                self._conn.execute(
                    "INSERT INTO events(id, date, type, n_articles, n_sources, updated_at, data)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (event.id, event.date, event.event, event.n_articles, event.n_sources, now,
                     _json(to_dict(event))),
                )
                self._conn.execute(
                    "INSERT INTO event_summaries(event_id, summary) VALUES (?, ?)",
                    (event.id, _json(event_summary(event))),
                )
                self._conn.executemany(
                    "INSERT INTO event_articles(event_id, article_id) VALUES (?, ?)",
                    [(event.id, a) for a in dict.fromkeys(members)],
                )
                countries = {a.country for a in event.actor + event.recipient if a.country}
                self._conn.executemany(
                    "INSERT INTO event_countries(event_id, country) VALUES (?, ?)",
                    [(event.id, c) for c in sorted(countries)],
                )
                self._conn.executemany(
                    "INSERT INTO event_pairs(a, b, day, type, intensity, n_sources, event_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [(a, b, event.date or "", event.event, event.intensity, event.n_sources, event.id)
                     for a in countries for b in countries],
                )
                self._save_actors(event)
            for offset, article_id in enumerate(linked, start=seq + 1):
                self._conn.execute(
                    "INSERT OR IGNORE INTO linked(article_id, seq) VALUES (?, ?)", (article_id, offset)
                )
            for name, data in state.items():
                if data is None:  # kept in tables now
                    self._conn.execute("DELETE FROM link_state WHERE name = ?", (name,))
                    continue
                self._conn.execute(
                    "INSERT OR REPLACE INTO link_state(name, data) VALUES (?, ?)", (name, json.dumps(data))
                )

    def _save_actors(self, event: Event) -> None:
        """Link a just-inserted event to its canonical actors and their pairs, and keep the names
        they go by."""
        roles = actor_roles(event)
        self._conn.executemany(
            "INSERT INTO event_actors(actor_id, day, type, event_id, role, intensity, n_sources) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(actor_id, event.date or "", event.event, event.id, role, event.intensity, event.n_sources)
             for actor_id, role in roles.items()],
        )
        self._conn.executemany(
            "INSERT INTO actor_pairs(a, b, event_id, type, b_role) VALUES (?, ?, ?, ?, ?)",
            [(a, b, event.id, event.event, role) for a in roles for b, role in roles.items() if b != a],
        )
        self._conn.executemany(
            "INSERT OR IGNORE INTO actor_names(actor_id, name, kind, country, code) VALUES (?, ?, ?, ?, ?)",
            [(actor_id, n.name, n.kind, n.country, n.code) for actor_id, n in actor_names_of(event)],
        )

    def dedup_rows(self) -> SQLiteDedupRows:
        """The duplicate index in this store, for :meth:`DuplicateIndex.stored
        <concord.link.dedup.DuplicateIndex.stored>` (use inside a transaction)."""
        return SQLiteDedupRows(self)

    def cluster_rows(self) -> SQLiteClusterRows:
        """The clusterer's index in this store, for :meth:`EventClusterer.stored
        <concord.link.cluster.EventClusterer.stored>` (use inside a transaction)."""
        return SQLiteClusterRows(self)

    def link_state(self, name: str) -> dict[str, object] | None:
        """The saved state of a linking index (dedup, clusterer), if any."""
        rows = self._rows("SELECT data FROM link_state WHERE name = ?", (name,))
        return orjson.loads(rows[0]["data"]) if rows else None

    def clear_links(self) -> None:
        """Forget every event and link state, so a recluster starts from scratch."""
        with self.transaction():
            for table in ("event_pairs", "event_actors", "actor_pairs", "actor_names", "event_countries", "event_articles", "events",
                          "linked", "link_state", *INDEX_TABLES):
                self._conn.execute(f"DELETE FROM {table}")
            self._conn.execute("UPDATE articles SET duplicate_of = NULL")

    def get_event(self, event_id: str) -> Event:
        """The event with this id or unique id prefix."""
        return from_dict(Event, orjson.loads(self._one("events", "data", event_id, "event")["data"]))

    def events(self, where: EventFilter = EventFilter()) -> list[Event]:
        """Events in (date, id) order (newest first if asked), filtered by countries, actors, type, dates and sources."""
        return [from_dict(Event, orjson.loads(r["data"])) for r in self._event_page(where, "data")]

    def event_summaries(self, where: EventFilter = EventFilter()) -> list[dict[str, Any]]:
        """The same page as :meth:`events`, as :func:`~concord.model.event_summary` records (cheap to read)."""
        rows = self._event_page(
            where,
            "s.summary AS summary, CASE WHEN s.summary IS NULL THEN data END AS data",
            "events LEFT JOIN event_summaries s ON s.event_id = events.id",
        )
        # Summaries stored before a field existed read it as null ("story" came with secondary events).
        return [{"story": None, **orjson.loads(r["summary"])} if r["summary"] else _summary_of(r["data"]) for r in rows]

    def _event_page(self, where: EventFilter, columns: str, source: str = "events") -> list[sqlite3.Row]:
        keyed = _keyed(where)
        if keyed:
            return self._keyed_page(where, keyed, columns, source)
        clauses, filters = _event_filters(where)
        filters.append(("type", "=", where.type.upper() if where.type else None))
        return self._page("events", columns, clauses, filters, where.after, where.limit, source, where.newest_first)

    def _keyed_page(self, where: EventFilter, keyed: tuple[str, str, tuple[object, ...]], columns: str,
                    source: str) -> list[sqlite3.Row]:
        """A page of the events of an actor or of countries: walked in (date, id) order along the
        ``event_actors`` or ``event_pairs`` index and stopped at the page's end (a scan of ``events``
        would visit every event of the countries, tens of thousands for a large one, to keep fifty)."""
        table, sql, params = keyed
        if where.type:
            sql, params = f"{sql} AND type = ?", (*params, where.type.upper())
        later, order = ("<", " DESC") if where.newest_first else (">", "")
        if where.after is not None:
            sql = f"{sql} AND day {later}= ? AND (day {later} ? OR event_id {later} ?)"
            params = (*params, *self._cursor("events", where.after))
        page = f"SELECT day, event_id FROM {table}{sql} ORDER BY day{order}, event_id{order} LIMIT ?"
        return self._rows(
            f"SELECT {columns} FROM ({page}) p, {source} WHERE events.id = p.event_id"
            f" ORDER BY p.day{order}, p.event_id{order}",
            (*params, where.limit),
        )

    def event_type_counts(self, where: EventFilter = EventFilter()) -> dict[str, int]:
        """How many events of each type match ``where`` (its type, page and limit ignored), most first;
        an actor's or a country's along its ``event_actors`` or ``event_pairs`` key."""
        table, sql, params = _keyed(where) or ("events", *_event_where(where))
        rows = self._rows(f"SELECT type, count(*) FROM {table}{sql} GROUP BY type ORDER BY 2 DESC, 1", params)
        return {r[0]: r[1] for r in rows}

    def event_period_counts(self, where: EventFilter, grain: str) -> list[PeriodCount]:
        """Events matching ``where`` per period of ``grain`` and type, with their mean intensity:
        counted per day and type along the ``event_actors`` key of the first actor id asked for, else
        the ``event_pairs`` key of the first two countries (any others checked in their link tables;
        the events themselves when none is), then summed per period."""
        if grain not in GRAINS:
            raise StoreError(f"grain must be one of {', '.join(GRAINS)}, not {grain!r}")
        keyed = _keyed(where)
        if keyed:
            table, sql, params = keyed
            days = ("SELECT day, type, count(*) AS n, total(intensity) AS s, count(intensity) AS k"
                    f" FROM {table}{sql} GROUP BY day, type")
        else:
            sql, params = _event_where(where)
            score = "json_extract(data, '$.intensity')"
            days = (f"SELECT coalesce(date, '') AS day, type, count(*) AS n, total({score}) AS s, count({score}) AS k"
                    f" FROM events{sql} GROUP BY 1, 2")
        key = _PERIOD_KEYS[grain].format(d="nullif(day, '')")
        rows = self._rows(
            f"SELECT {key}, type, sum(n), sum(s) / sum(k), sum(k) FROM ({days}) GROUP BY 1, 2 ORDER BY 1, 2", params
        )
        return [PeriodCount(r[0], r[1], r[2], r[3], r[4]) for r in rows]

    def dyad_counts(self, where: EventFilter, limit: int = 50) -> list[DyadCount]:
        """Pairs of countries by the events matching ``where`` they share, most first, counted in
        ``event_pairs``: every pair, one country's pairs, or the one pair of two countries (of the
        events of ``where.actor_ids`` when it names any)."""
        wanted = [a.upper() for a in where.actors]
        if len(wanted) > 2:
            return []
        if not wanted:
            pair: list[tuple[str, object]] = [("a < b", None)]
        elif len(wanted) == 1:
            pair = [("a = ?", wanted[0]), ("b != a", None)]
        else:
            pair = [("a = ?", min(wanted)), ("b = ?", max(wanted))]
        sql, params = _pair_where(where, pair)
        sql += f" AND {_HAS_ACTOR}" * len(where.actor_ids)
        rows = self._rows(f"SELECT a, b, count(*) FROM event_pairs{sql} GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT ?",
                          (*params, *where.actor_ids, limit))
        return [DyadCount(min(r[0], r[1]), max(r[0], r[1]), r[2]) for r in rows]

    def actor_counts(self, where: ActorFilter = ActorFilter()) -> list[ActorCount]:
        """Canonical actors by the coded events they take part in, most first: the ``event_actors``
        rows of the wanted ids (all, or those asked for and those whose id or a name matches), or
        one actor's ``actor_pairs`` rows, grouped by actor id; then each page row's first stored name."""
        wanted, params = _wanted_actors(where)
        if where.partner_of is not None:
            counted = ("SELECT b AS id, count(*) AS n, sum(b_role != 'recipient') AS acts, sum(b_role != 'actor') AS receives"
                       " FROM actor_pairs WHERE a = ? AND type != '' GROUP BY b")
        else:
            among = f" AND actor_id IN ({wanted})" if wanted else ""
            counted = ("SELECT actor_id AS id, count(*) AS n, sum(role != 'recipient') AS acts, sum(role != 'actor') AS receives"
                       f" FROM event_actors WHERE type != ''{among} GROUP BY actor_id")
        rows = self._rows(
            f"SELECT c.id, c.n, c.acts, c.receives, coalesce(n.name, c.id), n.kind, n.country, n.code"
            f" FROM (SELECT * FROM ({counted}) ORDER BY n DESC, id LIMIT ? OFFSET ?) c"
            " LEFT JOIN actor_names n ON n.rowid = (SELECT min(rowid) FROM actor_names WHERE actor_id = c.id)"
            " ORDER BY c.n DESC, c.id",
            (*params, where.limit, where.offset),
        )
        return [ActorCount(*r) for r in rows]

    def actor_names(self, actor_id: str) -> list[ActorName]:
        """Every name the actor goes by in stored events, first seen first."""
        rows = self._rows("SELECT name, kind, country, code FROM actor_names WHERE actor_id = ? ORDER BY rowid",
                          (actor_id,))
        return [ActorName(*r) for r in rows]

    def generation(self) -> int:
        """A number that changes whenever any event is added, replaced or removed (cache key)."""
        return int(self._rows("SELECT n FROM generation")[0][0])

    def save_event_view(self, event_id: str, sources: str, data: dict[str, Any]) -> None:
        """Keep a derived view of an event (its comparison), valid while its ``sources`` key holds;
        stored compressed (views are several times the size of the event)."""
        with self.transaction():
            self._conn.execute(
                "INSERT OR REPLACE INTO event_views(event_id, sources, data)"
                " SELECT id, ?, ? FROM events WHERE id = ?",
                (sources, zlib.compress(_json(data).encode("utf-8"), 1), event_id),
            )

    def event_view(self, event_id: str, sources: str) -> dict[str, Any] | None:
        """The stored view of an event if it was made from the same ``sources``, else None."""
        rows = self._rows("SELECT sources, data FROM event_views WHERE event_id = ?", (event_id,))
        if not rows or rows[0]["sources"] != sources:
            return None
        view: dict[str, Any] = orjson.loads(zlib.decompress(rows[0]["data"]))
        return view

    def events_of_article(self, article_id: str) -> list[str]:
        """Ids of the events an article reports."""
        rows = self._rows("SELECT event_id FROM event_articles WHERE article_id = ? ORDER BY 1", (article_id,))
        return [r[0] for r in rows]

    # -- search and stats -------------------------------------------------------------------

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Full-text search; every word of ``query`` must match (stemmed), best first."""
        terms = _TERM.findall(query)
        if not terms:
            return []
        match = " ".join('"' + t.replace('"', '""') + '"' for t in terms)
        rows = self._rows(
            "SELECT a.id, a.title, snippet(articles_fts, 1, ?, ?, '…', 16) AS snip, bm25(articles_fts) AS rank"
            " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
            " WHERE articles_fts MATCH ? ORDER BY rank, a.id LIMIT ?",
            (_START, _END, match, limit),
        )
        return [SearchHit(r["id"], r["title"], *highlight_spans(r["snip"]), r["rank"]) for r in rows]

    def stats(self) -> dict[str, object]:
        """Counts of articles, duplicates, languages, analyses and quarantined inputs."""
        one = lambda sql: self._rows(sql)[0][0]  # noqa: E731
        languages = {r[0]: r[1] for r in self._rows("SELECT language, count(*) FROM articles GROUP BY 1")}
        return {
            "db": self.path,
            "schema_version": self.schema_version,
            "articles": one("SELECT count(*) FROM articles"),
            "duplicates": one("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL"),
            "sources": one("SELECT count(DISTINCT source) FROM articles"),
            "languages": languages,
            "analysed": one("SELECT count(*) FROM analyses"),
            "quarantined": one("SELECT count(*) FROM quarantine"),
            "events": one("SELECT count(*) FROM events WHERE type != ''"),
            "multi_source_events": one("SELECT count(*) FROM events WHERE type != '' AND n_sources > 1"),
            "first_date": one("SELECT min(date) FROM articles"),
            "last_date": one("SELECT max(date) FROM articles"),
        }


#: The tables of the linking indexes (schema v4): the clusterer's and the duplicate index's.
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

    def __init__(self, store: SQLiteStore) -> None:
        self._store = store

    def _write(self, sql: str, rows: Sequence[tuple[object, ...]]) -> None:
        if rows:
            with self._store.transaction():
                try:
                    self._store._conn.executemany(sql, rows)
                except sqlite3.Error as exc:
                    raise StoreError(f"{self._store.path}: {exc}") from exc

    def _in(self, sql: str, values: Sequence[object], params: Sequence[object] = ()) -> list[sqlite3.Row]:
        """Rows of ``sql`` whose ``{}`` placeholder becomes an IN list of ``values`` (in chunks)."""
        found: list[sqlite3.Row] = []
        for start in range(0, len(values), _CHUNK):
            chunk = values[start:start + _CHUNK]
            found += self._store._rows(sql.format(", ".join("?" * len(chunk))), (*chunk, *params))
        return found


class SQLiteDedupRows(_Rows):
    """The duplicate index as rows of the v4 tables (:class:`concord.link.dedup.DedupRows`)."""

    def config(self) -> dict[str, Any] | None:
        """The stored config, or None for an empty index."""
        rows = self._store._rows("SELECT value FROM dedup_meta WHERE name = 'config'")
        return orjson.loads(rows[0][0]) if rows else None

    def write_config(self, data: dict[str, Any]) -> None:
        """Store the config."""
        self._write("INSERT OR REPLACE INTO dedup_meta(name, value) VALUES ('config', ?)", [(_json(data),)])

    def lookup(self, article_id: str) -> tuple[str | None] | None:
        """(original or None) for an indexed article; None when it is not indexed."""
        rows = self._store._rows("SELECT duplicate_of FROM dedup_articles WHERE article_id = ?", (article_id,))
        return (rows[0][0],) if rows else None

    def band_hits(self, bands: Sequence[tuple[int, bytes]]) -> list[str]:
        """Articles sharing at least one band key (one query)."""
        wanted = set(bands)
        rows = self._in("SELECT band, hash, article_id FROM dedup_bands WHERE hash IN ({})", [h for _, h in bands])
        return sorted({r[2] for r in rows if (r[0], r[1]) in wanted})

    def signatures(self, article_ids: Sequence[str]) -> dict[str, tuple[int, bytes, str | None]]:
        """Article id -> (insertion order, signature, original) for these articles."""
        rows = self._in(
            "SELECT article_id, seq, signature, duplicate_of FROM dedup_articles"
            " WHERE signature IS NOT NULL AND article_id IN ({})", list(article_ids),
        )
        return {r[0]: (r[1], r[2], r[3]) for r in rows}

    def insert(self, article_id: str, signature: bytes | None, bands: Sequence[tuple[int, bytes]], original: str | None) -> None:
        """Index an article after all others, with its band keys."""
        self._write(
            "INSERT INTO dedup_articles(article_id, seq, signature, duplicate_of)"
            " VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM dedup_articles), ?, ?)",
            [(article_id, signature, original)],
        )
        self._write(
            "INSERT OR IGNORE INTO dedup_bands(hash, band, article_id) VALUES (?, ?, ?)",
            [(key, band, article_id) for band, key in bands],
        )

    def count(self) -> int:
        """How many articles are indexed."""
        return int(self._store._rows("SELECT count(*) FROM dedup_articles")[0][0])

    def all_rows(self) -> list[tuple[str, bytes | None, str | None]]:
        """(article id, signature, original) for every article in insertion order."""
        rows = self._store._rows("SELECT article_id, signature, duplicate_of FROM dedup_articles ORDER BY seq")
        return [(r[0], r[1], r[2]) for r in rows]


class SQLiteClusterRows(_Rows):
    """The clusterer's index as rows of the v4 tables (:class:`concord.link.index.ClusterRows`)."""

    def load_events(self, event_ids: Sequence[str]) -> dict[str, tuple[int, dict[str, Any]]]:
        """Event id -> (sequence number, row) for the stored ones among ``event_ids``."""
        rows = self._in("SELECT id, seq, data FROM cluster_events WHERE id IN ({})", list(event_ids))
        return {r["id"]: (r["seq"], orjson.loads(r["data"])) for r in rows}

    def write_events(self, rows: Sequence[tuple[str, int, dict[str, Any]]]) -> None:
        """Insert or replace events."""
        self._write(
            "INSERT OR REPLACE INTO cluster_events(id, seq, data) VALUES (?, ?, ?)",
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
        return Counter({r[0]: r[1] for r in rows})

    def add_postings(self, rows: Sequence[tuple[int | None, str, str]]) -> None:
        """Add (bucket, key, event id) postings."""
        self._write(
            "INSERT OR IGNORE INTO cluster_postings(key, bucket, event_id) VALUES (?, ?, ?)",
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
            "INSERT INTO cluster_df(term, n) VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET n = n + excluded.n",
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
            "INSERT OR REPLACE INTO cluster_meta(name, value) VALUES (?, ?)",
            [(name, orjson.dumps(value).decode()) for name, value in sorted(values.items())],
        )


def highlight_spans(snippet: str) -> tuple[str, list[tuple[int, int]]]:
    """Split a store snippet into plain text and the (start, end) spans of matched words."""
    plain, spans, start = [], [], None
    position = 0
    for char in snippet:
        if char == _START:
            start = position
        elif char == _END and start is not None:
            spans.append((start, position))
            start = None
        else:
            plain.append(char)
            position += 1
    return "".join(plain), spans


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False)


def _summary_of(data: str) -> dict[str, Any]:
    """The summary of a stored event written before summaries were stored (schema < 3)."""
    return event_summary(from_dict(Event, orjson.loads(data)))


def _event_filters(where: EventFilter) -> tuple[list[tuple[str, object]], list[tuple[str, str, object]]]:
    """SQL clauses and ``column op value`` filters of an event query, except its type."""
    clauses: list[tuple[str, object]] = [] if where.include_uncoded else [("type != ''", None)]
    clauses += [
        ("id IN (SELECT event_id FROM event_countries WHERE country = ?)", country.upper())
        for country in where.actors
    ]
    filters: list[tuple[str, str, object]] = [
        ("date", ">=", where.since),
        ("date", "<=", where.until),
        ("n_sources", ">=", where.min_sources),
    ]
    return clauses, filters


def _event_where(where: EventFilter) -> tuple[str, tuple[object, ...]]:
    """The WHERE clause (empty, or starting with a space) and parameters of an event query, type
    and page aside, over the ``events`` table's unqualified columns."""
    clauses, filters = _event_filters(where)
    sql = [c for c, _ in clauses] + [f"{column} {op} ?" for column, op, v in filters if v is not None]
    params = [v for _, v in clauses if v is not None] + [v for _, _, v in filters if v is not None]
    return (" WHERE " + " AND ".join(sql) if sql else ""), tuple(params)


def _pair_where(where: EventFilter, pair: list[tuple[str, object]]) -> tuple[str, tuple[object, ...]]:
    """The WHERE clause and parameters over ``event_pairs`` of the ``pair`` conditions (SQL,
    parameter or None) and the dates, sources and coding of ``where``."""
    clauses = [*pair, ("type != ''", None)] if not where.include_uncoded else list(pair)
    clauses += [(sql, value) for sql, value in (
        ("day >= ?", where.since), ("day <= ? AND day != ''", where.until), ("n_sources >= ?", where.min_sources),
    ) if value is not None]
    return " WHERE " + " AND ".join(sql for sql, _ in clauses), tuple(v for _, v in clauses if v is not None)


def _actor_pairs(where: EventFilter) -> tuple[str, tuple[object, ...]]:
    """The WHERE clause over ``event_pairs`` of the events ``where`` asks for: the range of its
    first two countries (a country with itself when it names one), any others checked in
    ``event_countries``."""
    first, *others = (a.upper() for a in where.actors)
    sql, params = _pair_where(where, [("a = ?", first), ("b = ?", others[0] if others else first)])
    sql += "".join(" AND event_id IN (SELECT event_id FROM event_countries WHERE country = ?)" for _ in others[1:])
    return sql, (*params, *others[1:])


#: An event holds this canonical actor (over a table with an ``event_id`` column).
_HAS_ACTOR = "event_id IN (SELECT event_id FROM event_actors WHERE actor_id = ?)"
#: An event holds this country.
_HAS_COUNTRY = "event_id IN (SELECT event_id FROM event_countries WHERE country = ?)"


def _keyed(where: EventFilter) -> tuple[str, str, tuple[object, ...]] | None:
    """The link table whose key range holds the events ``where`` asks for and the WHERE clause over
    it: the first actor id's rows of ``event_actors`` (other ids and the countries checked in their
    link tables), else the countries' rows of ``event_pairs``; None when it names neither."""
    if where.actor_ids:
        first, *others = where.actor_ids
        sql, params = _pair_where(where, [("actor_id = ?", first)])
        checks = [(_HAS_ACTOR, a) for a in others] + [(_HAS_COUNTRY, c.upper()) for c in where.actors]
        return "event_actors", sql + "".join(f" AND {c}" for c, _ in checks), (*params, *(v for _, v in checks))
    if where.actors:
        return ("event_pairs", *_actor_pairs(where))
    return None


def _wanted_actors(where: ActorFilter) -> tuple[str, tuple[object, ...]]:
    """A query of the actor ids ``where`` narrows to (empty for all of them) and its parameters;
    with ``partner_of``, just that actor's id as the parameter."""
    if where.partner_of is not None:
        return "", (where.partner_of,)
    parts, params = [], []
    if where.ids:
        parts.append("SELECT value AS id FROM json_each(?)")
        params.append(_json(list(where.ids)))
    if where.name:
        like = "%" + re.sub(r"([\\%_])", r"\\\1", where.name) + "%"
        parts.append("SELECT actor_id AS id FROM actor_names WHERE name LIKE ? ESCAPE '\\' OR actor_id LIKE ? ESCAPE '\\'")
        params += [like, like]
    return " UNION ".join(parts), tuple(params)


def _article(row: sqlite3.Row) -> Article:
    article = from_dict(Article, orjson.loads(row["data"]))
    article.duplicate_of = row["duplicate_of"]
    return article


def _statements(script: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies whole."""
    statements, buffer = [], []
    for line in script.strip().splitlines():
        buffer.append(line)
        joined = "\n".join(buffer)
        if line.rstrip().endswith(";") and sqlite3.complete_statement(joined):
            statements.append(joined.strip())
            buffer = []
    if "".join(buffer).strip():
        statements.append("\n".join(buffer).strip())
    return statements
