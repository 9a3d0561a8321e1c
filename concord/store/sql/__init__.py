"""The store code both SQL backends share: statements in the SQL SQLite and PostgreSQL both speak,
over a :class:`~concord.store.sql.database.Database` that supplies connections and the dialect."""

from __future__ import annotations

from .articles import ArticleSQL
from .events import EventSQL
from .linkrows import SQLClusterRows, SQLDedupRows

__all__ = ["SQLStore"]


class SQLStore(ArticleSQL, EventSQL):
    """Every :class:`~concord.store.base.Store` operation but full-text search, which each
    backend writes in its own dialect."""

    def dedup_rows(self) -> SQLDedupRows:
        """The duplicate index in this store, for :meth:`DuplicateIndex.stored
        <concord.link.dedup.DuplicateIndex.stored>` (use inside :meth:`linking`)."""
        return SQLDedupRows(self)

    def cluster_rows(self) -> SQLClusterRows:
        """The clusterer's index in this store, for :meth:`EventClusterer.stored
        <concord.link.cluster.EventClusterer.stored>` (use inside :meth:`linking`)."""
        return SQLClusterRows(self)

    def stats(self) -> dict[str, object]:
        """Counts of articles, duplicates, languages, analyses and quarantined inputs."""
        one = lambda sql: self._rows(sql)[0][0]  # noqa: E731
        count = lambda sql: int(one(sql))  # noqa: E731
        languages = {r[0]: int(r[1]) for r in self._rows("SELECT language, count(*) FROM articles GROUP BY 1")}
        return {
            "db": self.location,
            "schema_version": self.schema_version,
            "articles": count("SELECT count(*) FROM articles"),
            "duplicates": count("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL"),
            "sources": count("SELECT count(DISTINCT source) FROM articles"),
            "languages": languages,
            "analysed": count("SELECT count(*) FROM analyses"),
            "quarantined": count("SELECT count(*) FROM quarantine"),
            "events": count("SELECT count(*) FROM events WHERE type != ''"),
            "multi_source_events": count("SELECT count(*) FROM events WHERE type != '' AND n_sources > 1"),
            "first_date": one("SELECT min(date) FROM articles"),
            "last_date": one("SELECT max(date) FROM articles"),
        }

    def __enter__(self) -> SQLStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
