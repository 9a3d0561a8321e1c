"""Full-text search on SQLite: FTS5 (porter stemmer) with its snippets; the score is the negated
BM25 rank, so higher is better as the protocol says."""

from __future__ import annotations

from ..base import SearchHit
from ..sql.database import Database
from ..sql.search import END, START, highlight_spans, query_terms

__all__ = ["FtsSearch"]


class FtsSearch(Database):
    """:meth:`~concord.store.base.Store.search` over the ``articles_fts`` index."""

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Full-text search; every word of ``query`` must match (stemmed), best first."""
        terms = query_terms(query)
        if not terms:
            return []
        match = " ".join('"' + t.replace('"', '""') + '"' for t in terms)
        rows = self._rows(
            "SELECT a.id, a.title, snippet(articles_fts, 1, ?, ?, '…', 16) AS snip, bm25(articles_fts) AS rank"
            " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
            " WHERE articles_fts MATCH ? ORDER BY rank, a.id LIMIT ?",
            (START, END, match, limit),
        )
        return [SearchHit(r["id"], r["title"], *highlight_spans(r["snip"]), -float(r["rank"])) for r in rows]
