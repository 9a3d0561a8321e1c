"""The JSON REST API under ``/api``: one endpoint per facade operation, listings as ``{items, next}``."""

from __future__ import annotations

import dataclasses
import os
import tempfile
from typing import TYPE_CHECKING, Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.responses import FileResponse
from starlette.responses import JSONResponse as StarletteJSON

from ..api import Concord
from ..model import to_dict
from ..store import ArticleFilter, EventFilter
from .auth import require_token
from .actors import IndexQuery, index_query, one_actor
from .queries import (
    MAX_LIMIT,
    ActorIdParam,
    ActorParam,
    article_page,
    actor_ids,
    article_query,
    compare_with_brief,
    countries,
    event_page,
    event_query,
    facade,
    next_url,
)
from .relations import RelationQuery, relation_events, relation_json, relation_query
from .uploads import ALLOWED_SUFFIXES, IngestText, ingest_upload, upload_from_request

if TYPE_CHECKING:
    from ..compare import Brief, Comparison

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["api"])


class JSONResponse(StarletteJSON):
    """A JSON response encoded by orjson (several times faster than the standard library's)."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


Facade = Annotated[Concord, Depends(facade)]

_INGEST_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": IngestText.model_json_schema()},
            "text/plain": {"schema": {"type": "string"}},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "One file: " + ", ".join(ALLOWED_SUFFIXES),
                        }
                    },
                }
            },
        },
    }
}


@router.get("/articles", response_model=dict[str, Any])
def list_articles(
    request: Request, concord: Facade, query: Annotated[ArticleFilter, Depends(article_query)]
) -> JSONResponse:
    """Stored articles in (date, id) order, filtered; ``next`` is the URL of the following page."""
    items, cursor = article_page(concord, query)
    return JSONResponse({"items": to_dict(items), "next": next_url(request, cursor)})


@router.get("/articles/{article_id}", response_model=dict[str, Any])
def get_article(article_id: str, concord: Facade) -> JSONResponse:
    """One article (by id or unique id prefix) and its stored analysis, or null when not analysed."""
    with concord.store.session():
        article = concord.article(article_id)
        analysis = concord.store.get_analysis(article.id)
    return JSONResponse({"article": to_dict(article), "analysis": to_dict(analysis)})


@router.get("/events", response_model=dict[str, Any])
def list_events(
    request: Request, concord: Facade, query: Annotated[EventFilter, Depends(event_query)]
) -> JSONResponse:
    """Event summaries in (date, id) order, filtered as ``concord events``: PLOVER fields and counts,
    without per-report provenance (``/api/events/{id}`` has it); ``next`` is the following page."""
    items, cursor = event_page(concord, query)
    return JSONResponse({"items": items, "next": next_url(request, cursor)})


@router.get("/events/{event_id}", response_model=dict[str, Any])
def get_event(event_id: str, concord: Facade) -> JSONResponse:
    """One merged event (by id or unique id prefix): the record, its sources, citations and conflicts."""
    return JSONResponse(to_dict(concord.event(event_id)))


@router.get("/events/{event_id}/compare", response_model=dict[str, Any])
async def compare_event(event_id: str, concord: Facade, full: bool = False) -> JSONResponse:
    """The cited brief of one event and its comparison: reports and label counts, and with
    ``full=1`` every labelled claim group (the full claim table)."""
    comparison, brief = await run_in_threadpool(_compare, concord, event_id)
    shown = comparison if full else dataclasses.replace(comparison, groups=[])
    return JSONResponse({"brief": to_dict(brief), "comparison": to_dict(shown)})


def _compare(concord: Concord, event_id: str) -> tuple[Comparison, Brief]:
    """An event's comparison and brief, its statements on one store connection."""
    with concord.store.session():
        return compare_with_brief(concord, concord.event(event_id))


@router.get("/timeline")
async def timeline(concord: Facade, actor: ActorParam = [], actor_id: ActorIdParam = []) -> dict[str, Any]:  # noqa: B006
    """Events and standing facts of the countries in ``actor`` in date order (facts deduplicated);
    with ``actor_id``, only the events of those canonical actors (and facts only with countries)."""
    wanted, ids = countries(actor), actor_ids(actor_id)
    result: dict[str, Any] = to_dict(await run_in_threadpool(lambda: concord.timeline(wanted, actor_ids=ids)))
    return result


@router.get("/facts")
async def facts(concord: Facade, actor: ActorParam = []) -> dict[str, Any]:  # noqa: B006
    """Standing facts whose parties include every country in ``actor``, each with its citation.

    All of them are returned, so ``next`` is always null.
    """
    wanted = countries(actor)
    return {"items": to_dict(await run_in_threadpool(concord.facts, wanted)), "next": None}


@router.get("/dyads")
async def dyads(
    request: Request,
    actor: ActorParam = [],  # noqa: B006
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
) -> dict[str, Any]:
    """Pairs of countries by the coded events both take part in, most first; with ``actor``, that
    country's counterparts. Only the first ``limit`` pairs: ``next`` is always null."""
    pairs = await run_in_threadpool(request.app.state.dyads, countries(actor)[:1], limit)
    return {"items": to_dict(pairs), "next": None}


@router.get("/dyads/{a}/{b}")
async def dyad(
    request: Request, a: str, b: str, concord: Facade, query: Annotated[RelationQuery, Depends(relation_query)]
) -> JSONResponse:
    """Two countries over time: events per period and PLOVER type with their mean intensity, the
    standing facts in each period, and ``events`` (the chosen ``period``'s, or the range's) as
    ``{items, next}``; the same data as the dyad page."""
    pair = countries([a, b])
    if len(pair) != 2:
        raise HTTPException(422, "a dyad needs two different countries")
    relation = await run_in_threadpool(request.app.state.relations, pair, *query.range)
    events, cursor = await run_in_threadpool(relation_events, concord, pair, query)
    return JSONResponse(relation_json(relation, events, next_url(request, cursor)))


@router.get("/actors")
async def list_actors(request: Request, query: Annotated[IndexQuery, Depends(index_query)]) -> JSONResponse:
    """Canonical actors by the coded events they take part in (all, as actor, as recipient), most
    first; with ``q``, those whose knowledge-base name or alias, name in the events or id contains
    it, and (first page) ``knowledge_only``: the knowledge base's matches no stored event names.
    ``next`` is the URL of the following page."""
    index = await run_in_threadpool(request.app.state.actors.index, query)
    more = len(index.items) > query.limit
    following = str(request.url.include_query_params(offset=query.offset + query.limit)) if more else None
    return JSONResponse({"items": to_dict(index.items[:query.limit]), "knowledge_only": to_dict(index.knowledge_only),
                         "next": following})


@router.get("/actors/{actor_id}")
async def get_actor(
    request: Request, actor_id: str, concord: Facade, query: Annotated[RelationQuery, Depends(relation_query)]
) -> JSONResponse:
    """One actor (the data of its page): ``actor`` (knowledge-base entry or null, names in the
    events, events as actor and recipient and per type, counterparts), its events per period and
    type with their mean intensity, and ``events``: the chosen ``period``'s, else the latest first."""
    ident = one_actor(actor_id)
    profile = await run_in_threadpool(request.app.state.actors.profile, ident)
    relation = await run_in_threadpool(request.app.state.relations, (), *query.range, (ident,))
    events, cursor = await run_in_threadpool(relation_events, concord, (), query, (ident,), query.period is None)
    return JSONResponse({"actor": to_dict(profile), **relation_json(relation, events, next_url(request, cursor))})


#: Export format -> (file suffix, media type) of the download.
_DOWNLOADS = {
    "plover-jsonl": (".jsonl", "application/x-ndjson"),
    "csv": (".csv", "text/csv"),
    "parquet": (".parquet", "application/vnd.apache.parquet"),
    "gdelt-tsv": (".tsv", "text/tab-separated-values"),
    "mentions-tsv": (".tsv", "text/tab-separated-values"),
}


@router.get("/export")
async def export(
    concord: Facade,
    format: Annotated[
        Literal["plover-jsonl", "csv", "parquet", "gdelt-tsv", "mentions-tsv"],
        Query(description="File format, as `concord export --format`."),
    ],
) -> FileResponse:
    """Every coded event as a file download in one of the export formats (see ``concord export``)."""
    suffix, media_type = _DOWNLOADS[format]
    handle, path = tempfile.mkstemp(prefix="concord-export-", suffix=suffix)
    os.close(handle)
    try:
        await run_in_threadpool(concord.export, format, path)
    except BaseException:
        os.unlink(path)
        raise
    return FileResponse(
        path,
        media_type=media_type,
        filename=f"concord-events-{format}{suffix}",
        background=BackgroundTask(os.unlink, path),
    )


@router.get("/search")
def search(
    concord: Facade,
    q: Annotated[str, Query(min_length=1, max_length=500, description="Words to find; all must match.")],
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
) -> dict[str, Any]:
    """Full-text hits, best first, each with a plain-text snippet and the spans of the matched words.

    Only the best ``limit`` hits are returned, so ``next`` is always null.
    """
    return {"items": to_dict(concord.search(q, limit)), "next": None}


@router.get("/stats")
def stats(concord: Facade) -> dict[str, Any]:
    """Counts of what the store holds (without the store's location, which is the server's business)."""
    return {key: value for key, value in concord.stats().items() if key != "db"}


@router.get("/quarantine")
def quarantine(concord: Facade) -> dict[str, Any]:
    """Inputs that could not be ingested, oldest first, with the reason (all of them: ``next`` is null)."""
    return {"items": to_dict(concord.quarantine()), "next": None}


@router.post("/ingest", dependencies=[Depends(require_token)], openapi_extra=_INGEST_BODY)
async def ingest(request: Request, concord: Facade) -> dict[str, Any]:
    """Ingest one report (JSON or plain text) or one uploaded file; needs ``Authorization: Bearer``.

    Returns the ingest report (the shape of ``concord ingest --json``).
    """
    name, data = await upload_from_request(request, concord.settings.max_bytes)
    return await run_in_threadpool(ingest_upload, concord, name, data)
