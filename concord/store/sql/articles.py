"""Articles, their analyses and the quarantine, in SQL both backends run."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import orjson

from ...errors import StoreError
from ...model import Analysis, Article, from_dict, to_dict
from ..base import ArticleFilter, QuarantineEntry, Report
from .database import Row, json_text
from .pages import PagedSQL

__all__ = ["ArticleSQL", "article_of"]

#: Leaves out articles held in the quarantine (alias ``a``).
_NOT_HELD = " AND NOT EXISTS (SELECT 1 FROM held_articles h WHERE h.article_id = a.id)"


def article_of(row: Row) -> Article:
    """The article of a row holding its ``data`` and ``duplicate_of`` columns."""
    article = from_dict(Article, orjson.loads(row["data"]))
    article.duplicate_of = row["duplicate_of"]
    return article


class ArticleSQL(PagedSQL):
    """Articles, analyses and quarantine entries of a :class:`~concord.store.base.Store`."""

    def add_article(self, article: Article) -> bool:
        """Insert the article unless its id is stored already; True when it was new."""
        data = json_text(to_dict(article))
        with self.transaction():
            return self._execute(
                "INSERT INTO articles(id, title, text, source, url, date, language, ingested_at, duplicate_of, data)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING",
                (
                    article.id, article.title, article.text, article.source, article.url,
                    article.date.isoformat() if article.date else None, article.language,
                    (article.ingested_at or dt.datetime.now(dt.UTC)).isoformat(), article.duplicate_of, data,
                ),
            ) == 1

    def has_article(self, article_id: str) -> bool:
        """Whether this exact id is stored."""
        return bool(self._rows("SELECT 1 FROM articles WHERE id = ?", (article_id,)))

    def get_article(self, article_id: str) -> Article:
        """The article with this id, or the only one whose id starts with it."""
        return article_of(self._one("articles", "data, duplicate_of", article_id, "article"))

    def articles(self, where: ArticleFilter = ArticleFilter()) -> list[Article]:
        """Articles in (date, id) order, filtered; ``where.after`` continues after that id."""
        filters = [("source", "=", where.source), ("date", ">=", where.since), ("date", "<=", where.until),
                   ("language", "=", where.language)]
        rows = self._page("articles", "data, duplicate_of", [], filters, where.after, where.limit)
        return [article_of(r) for r in rows]

    def iter_articles(self) -> Iterator[Article]:
        """Every article in (date, id) order, in pages so memory stays flat."""
        after: str | None = None
        while page := self.articles(ArticleFilter(after=after, limit=500)):
            yield from page
            after = page[-1].id

    def mark_duplicate(self, article_id: str, original_id: str) -> None:
        """Link a near-verbatim copy to the earlier article it copies."""
        with self.transaction():
            self._execute("UPDATE articles SET duplicate_of = ? WHERE id = ?", (original_id, article_id))

    # -- quarantine -------------------------------------------------------------------------

    def quarantine(self, source: str, kind: str, reason: str, article_id: str | None = None) -> None:
        """Record a failed input (with ``article_id``, a stored article now held out of analysis and
        linking); the same failure again only bumps its count."""
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self.transaction():
            self._execute(
                "INSERT INTO quarantine(source, kind, reason, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT(source, reason) DO UPDATE SET last_seen = excluded.last_seen,"
                " attempts = quarantine.attempts + 1",
                (source, kind, reason, now, now),
            )
            if article_id is not None:
                self._execute(
                    "INSERT INTO held_articles(article_id, source, reason) VALUES (?, ?, ?) ON CONFLICT(article_id)"
                    " DO UPDATE SET source = excluded.source, reason = excluded.reason", (article_id, source, reason),
                )

    def quarantined(self) -> list[QuarantineEntry]:
        """Every quarantined input, oldest first."""
        rows = self._rows(
            "SELECT q.source, kind, q.reason, first_seen, last_seen, attempts, h.article_id FROM quarantine q"
            " LEFT JOIN held_articles h ON h.source = q.source AND h.reason = q.reason"
            " ORDER BY first_seen, q.source"
        )
        return [QuarantineEntry(r[0], r[1], r[2], r[3], r[4], int(r[5]), r[6]) for r in rows]

    def forget_quarantined(self, source: str, reason: str) -> None:
        """Remove one quarantine entry (an article it held goes back to analysis)."""
        with self.transaction():
            for table in ("quarantine", "held_articles"):
                self._execute(f"DELETE FROM {table} WHERE source = ? AND reason = ?", (source, reason))

    def delete_article(self, article_id: str) -> None:
        """Delete an article that no event holds, with its analysis and quarantine entries."""
        with self.transaction():
            if self._rows("SELECT 1 FROM linked WHERE article_id = ?", (article_id,)):
                raise StoreError(f"article {article_id} is part of an event; it cannot be deleted alone")
            self._execute(
                "DELETE FROM quarantine WHERE (source, reason) IN"
                " (SELECT source, reason FROM held_articles WHERE article_id = ?)", (article_id,)
            )
            self._execute("DELETE FROM articles WHERE id = ?", (article_id,))

    # -- analyses ---------------------------------------------------------------------------

    def save_analysis(self, analysis: Analysis) -> None:
        """Store or replace the analysis of one article (another process saving the same one at
        the same time is harmless: the rows are upserts)."""
        with self.transaction():
            self._execute(
                "INSERT INTO analyses(article_id, producer, data) VALUES (?, ?, ?) ON CONFLICT(article_id)"
                " DO UPDATE SET producer = excluded.producer, data = excluded.data",
                (analysis.article_id, analysis.producer, json.dumps(to_dict(analysis))),
            )
            self._execute("DELETE FROM fact_countries WHERE article_id = ?", (analysis.article_id,))
            self._executemany(
                "INSERT INTO fact_countries(article_id, country) VALUES (?, ?) ON CONFLICT DO NOTHING",
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
        return [article_of(r) for r in rows]

    def unlinked(self) -> list[Article]:
        """Analysed articles not yet placed in an event, by date and, within a day, in the order they
        arrived (an article another process stored but has not analysed yet waits for its analysis)."""
        rows = self._rows(
            "SELECT data, duplicate_of FROM articles a"
            " WHERE NOT EXISTS (SELECT 1 FROM linked l WHERE l.article_id = a.id)"
            " AND EXISTS (SELECT 1 FROM analyses n WHERE n.article_id = a.id)" + _NOT_HELD +
            f" ORDER BY coalesce(date, ''), a.{self.ARRIVAL}"
        )
        return [article_of(r) for r in rows]

    def reports(self, event_id: str) -> list[Report]:
        """The reports of a stored event with their analyses, in the order of its sources (by date,
        undated last, then id), in one query."""
        rows = self._rows(
            "SELECT a.data, a.duplicate_of, n.data AS analysis FROM event_articles m"
            " JOIN articles a ON a.id = m.article_id LEFT JOIN analyses n ON n.article_id = a.id"
            " WHERE m.event_id = ? ORDER BY (a.date IS NULL), a.date, a.id", (event_id,),
        )
        return [
            Report(article_of(r), from_dict(Analysis, orjson.loads(r["analysis"])) if r["analysis"] else None)
            for r in rows
        ]

    def events_of_article(self, article_id: str) -> list[str]:
        """Ids of the events an article reports."""
        rows = self._rows("SELECT event_id FROM event_articles WHERE article_id = ? ORDER BY 1", (article_id,))
        return [r[0] for r in rows]
