"""Full-text search on PostgreSQL: the generated ``tsvector`` (English stemming) matched by
``plainto_tsquery`` (every word), ranked by ``ts_rank_cd`` (higher is better), with
``ts_headline`` snippets marked like SQLite's."""

from __future__ import annotations

from ..base import SearchHit
from ..sql.database import Database
from ..sql.search import END, START, highlight_spans, query_terms

__all__ = ["TsSearch"]

_HEADLINE = f"StartSel={START}, StopSel={END}, MaxWords=24, MinWords=10, MaxFragments=1, FragmentDelimiter=…"


class TsSearch(Database):
    """:meth:`~concord.store.base.Store.search` over the ``articles.fts`` index."""

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Full-text search; every word of ``query`` must match (stemmed), best first; snippets are
        made for the page of hits only."""
        terms = query_terms(query)
        if not terms:
            return []
        rows = self._rows(
            "SELECT h.id, h.title, ts_headline('english', h.text, h.q, ?) AS snip, h.score FROM ("
            " SELECT a.id, a.title, a.text, q, ts_rank_cd(a.fts, q) AS score"
            " FROM articles a, plainto_tsquery('english', ?) q WHERE a.fts @@ q ORDER BY score DESC, a.id LIMIT ?"
            ") h ORDER BY h.score DESC, h.id",
            (_HEADLINE, " ".join(terms), limit),
        )
        return [SearchHit(r["id"], r["title"], *highlight_spans(r["snip"]), float(r["score"])) for r in rows]
