"""Request parameters and keyset pagination shared by the REST API and the pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

from fastapi import HTTPException, Query, Request
from pydantic import BeforeValidator

from ..api import Concord
from ..errors import NotFoundError
from ..model import Article

__all__ = ["ArticleQuery", "article_page", "article_query", "facade", "next_url"]

#: Most items one page of a listing may hold.
MAX_LIMIT = 500


def facade(request: Request) -> Concord:
    """The app's :class:`Concord` (set by ``create_app``), as a FastAPI dependency."""
    concord: Concord = request.app.state.concord
    return concord


@dataclass(frozen=True)
class ArticleQuery:
    """The filters and page of an article listing, validated."""

    source: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    language: str | None = None
    after: str | None = None
    limit: int = 50


def _blank_is_none(value: object) -> object:
    """An empty form field (``?since=``) means "no filter", as a browser sends it."""
    return None if isinstance(value, str) and not value.strip() else value


BlankIsNone = BeforeValidator(_blank_is_none)


def article_query(
    source: Annotated[str | None, Query(description="Only this outlet."), BlankIsNone] = None,
    since: Annotated[dt.date | None, Query(description="Earliest reference date (YYYY-MM-DD)."), BlankIsNone] = None,
    until: Annotated[dt.date | None, Query(description="Latest reference date (YYYY-MM-DD)."), BlankIsNone] = None,
    language: Annotated[str | None, Query(description="Only this language code."), BlankIsNone] = None,
    after: Annotated[str | None, Query(description="Cursor: continue after this article id."), BlankIsNone] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Most articles on one page.")] = 50,
) -> ArticleQuery:
    """Parse the query string of an article listing (FastAPI answers 422 on a bad value)."""
    return ArticleQuery(source, since, until, language, after, limit)


def article_page(concord: Concord, query: ArticleQuery) -> tuple[list[Article], str | None]:
    """One page of articles in (date, id) order and the cursor of the next page (None on the last).

    An ``after`` cursor that names no stored article is a 400, not an empty page.
    """
    after = None
    if query.after is not None:
        try:
            after = concord.article(query.after).id
        except NotFoundError as exc:
            raise HTTPException(400, f"bad cursor 'after': {exc}") from exc
    items = concord.articles(
        source=query.source,
        since=query.since.isoformat() if query.since else None,
        until=query.until.isoformat() if query.until else None,
        language=query.language,
        after=after,
        limit=query.limit + 1,
    )
    if len(items) > query.limit:
        return items[: query.limit], items[query.limit - 1].id
    return items, None


def next_url(request: Request, cursor: str | None) -> str | None:
    """The URL of the next page: this request's URL with ``after`` set to ``cursor``."""
    return None if cursor is None else str(request.url.include_query_params(after=cursor))
