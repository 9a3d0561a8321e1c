"""Request parameters and keyset pagination shared by the REST API and the pages."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

from fastapi import HTTPException, Query, Request
from pydantic import BeforeValidator

from ..api import Concord
from ..errors import NotFoundError, UsageError
from ..settings import MAX_ACTORS, MAX_NUMBER
from ..store import ArticleFilter, EventFilter
from ..store.base import check_actor_ids
from ..model import Article, Event
from ..pipeline import comparison_of

if TYPE_CHECKING:
    from ..compare import Brief, Comparison

__all__ = [
    "ActorIdParam",
    "TypeCounts",
    "actor_ids",
    "article_page",
    "article_query",
    "compare_with_brief",
    "countries",
    "event_page",
    "event_query",
    "facade",
    "next_url",
]

T = TypeVar("T")

#: Most items one page of a listing may hold.
MAX_LIMIT = 500


async def facade(request: Request) -> Concord:
    """The app's :class:`Concord` (set by ``create_app``), as a FastAPI dependency (a coroutine, so
    FastAPI calls it on the event loop instead of handing it to a worker thread)."""
    concord: Concord = request.app.state.concord
    return concord


def _blank_is_none(value: object) -> object:
    """An empty form field (``?since=``) means "no filter", as a browser sends it."""
    return None if isinstance(value, str) and not value.strip() else value


BlankIsNone = BeforeValidator(_blank_is_none)


async def article_query(
    source: Annotated[str | None, Query(description="Only this outlet."), BlankIsNone] = None,
    since: Annotated[dt.date | None, Query(description="Earliest reference date (YYYY-MM-DD)."), BlankIsNone] = None,
    until: Annotated[dt.date | None, Query(description="Latest reference date (YYYY-MM-DD)."), BlankIsNone] = None,
    language: Annotated[str | None, Query(description="Only this language code."), BlankIsNone] = None,
    after: Annotated[str | None, Query(description="Cursor: continue after this article id."), BlankIsNone] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Most articles on one page.")] = 50,
) -> ArticleFilter:
    """Parse the query string of an article listing (FastAPI answers 422 on a bad value)."""
    return ArticleFilter(source, since.isoformat() if since else None, until.isoformat() if until else None,
                         language, after, limit)


def _listing(fetch: Callable[[], list[T]]) -> list[T]:
    """Run a page query; a cursor (``after``) that names no stored row is a 400, not an empty page."""
    try:
        return fetch()
    except NotFoundError as exc:
        raise HTTPException(400, f"bad cursor 'after': {exc}") from exc




def _split_page(items: list[T], limit: int, key: Callable[[T], str]) -> tuple[list[T], str | None]:
    """Cut one extra fetched item off a page; the last kept item's id is the next cursor."""
    if len(items) > limit:
        return items[:limit], key(items[limit - 1])
    return items, None


def article_page(concord: Concord, query: ArticleFilter) -> tuple[list[Article], str | None]:
    """One page of articles in (date, id) order and the cursor of the next page (None on the last).

    An ``after`` cursor that names no stored article is a 400, not an empty page.
    """
    items = _listing(lambda: concord.articles(dataclasses.replace(query, limit=query.limit + 1)))
    return _split_page(items, query.limit, lambda a: a.id)


def next_url(request: Request, cursor: str | None) -> str | None:
    """The URL of the next page: this request's URL with ``after`` set to ``cursor``."""
    return None if cursor is None else str(request.url.include_query_params(after=cursor))


ISO3 = re.compile(r"[A-Za-z]{3}")


def countries(values: list[str]) -> tuple[str, ...]:
    """Validated, upper-cased, de-duplicated ISO3 codes of repeated ``actor`` fields; blanks mean "any"."""
    given = [v.strip() for v in values if v.strip()]
    bad = [v for v in given if not ISO3.fullmatch(v)]
    if bad:
        raise HTTPException(422, f"actor: {bad[0][:40]!r} is not an ISO 3166 alpha-3 country code such as IND")
    wanted = tuple(dict.fromkeys(v.upper() for v in given))
    if len(wanted) > MAX_ACTORS:
        raise HTTPException(422, f"actor: at most {MAX_ACTORS} countries, not {len(wanted)}")
    return wanted


ActorParam = Annotated[
    list[str], Query(description="A country (ISO 3166 alpha-3) that takes part; repeatable, all must.")
]


def actor_ids(values: list[str]) -> tuple[str, ...]:
    """Validated, de-duplicated canonical actor ids of repeated ``actor_id`` fields; blanks mean "any"."""
    try:
        return check_actor_ids(values)
    except UsageError as exc:
        raise HTTPException(422, str(exc)) from exc


ActorIdParam = Annotated[
    list[str],
    Query(description="A canonical actor id (rajnath-singh, USA, x:pete-hegseth-usa) that takes part, as actor "
                      "or recipient; repeatable, all must."),
]


async def event_query(
    actor: ActorParam = [],  # noqa: B006 - FastAPI copies defaults per request
    actor_id: ActorIdParam = [],  # noqa: B006
    type: Annotated[str | None, Query(pattern=r"^[A-Za-z]+$", description="PLOVER event type."), BlankIsNone] = None,
    since: Annotated[dt.date | None, Query(description="Earliest event date (YYYY-MM-DD)."), BlankIsNone] = None,
    until: Annotated[dt.date | None, Query(description="Latest event date (YYYY-MM-DD)."), BlankIsNone] = None,
    min_sources: Annotated[
        int | None, Query(ge=1, le=MAX_NUMBER, description="At least this many outlets."), BlankIsNone
    ] = None,
    after: Annotated[str | None, Query(description="Cursor: continue after this event id."), BlankIsNone] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Most events on one page.")] = 50,
) -> EventFilter:
    """Parse the query string of an event listing (FastAPI answers 422 on a bad value)."""
    return EventFilter(
        countries(actor), type, since.isoformat() if since else None, until.isoformat() if until else None,
        min_sources, after=after, limit=limit, actor_ids=actor_ids(actor_id),
    )


def event_page(concord: Concord, query: EventFilter) -> tuple[list[dict[str, Any]], str | None]:
    """One page of event summaries in (date, id) order and the cursor of the next page (None on
    the last). An ``after`` cursor that names no stored event is a 400, not an empty page.
    """
    items = _listing(lambda: concord.event_summaries(dataclasses.replace(query, limit=query.limit + 1)))
    return _split_page(items, query.limit, lambda e: str(e["id"]))


class TypeCounts:
    """The type facet of event listings: counts per filter set, kept until the store's events
    change (recounting a large store on every page view would dominate the page's cost)."""

    def __init__(self, concord: Concord, size: int = 256) -> None:
        self._concord = concord
        self._count = functools.lru_cache(maxsize=size)(self._fresh)

    def __call__(self, query: EventFilter) -> dict[str, int]:
        """Events of each type matching the other filters of ``query``, most first."""
        facet = EventFilter(query.actors, None, query.since, query.until, query.min_sources, actor_ids=query.actor_ids)
        return dict(self._count(self._concord.store.generation(), facet))

    def _fresh(self, generation: int, facet: EventFilter) -> tuple[tuple[str, int], ...]:
        return tuple(self._concord.store.event_type_counts(facet).items())


def compare_with_brief(concord: Concord, event: Event) -> tuple[Comparison, Brief]:
    """The comparison of one event's reports (as stored) and the brief written from it (compared
    once, not twice)."""
    from ..compare import write_brief  # the compare stage loads spaCy: import it on first use only

    comparison = comparison_of(concord.store, event)
    return comparison, write_brief(comparison)
