"""The JSON REST API under ``/api``: one endpoint per facade operation, listings as ``{items, next}``."""

from __future__ import annotations

import dataclasses
import os
import tempfile
from typing import Annotated, Any, Literal

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
from .queries import (
    MAX_LIMIT,
    ActorParam,
    article_page,
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
    article = concord.article(article_id)
    return JSONResponse({"article": to_dict(article), "analysis": to_dict(concord.stored_analysis(article.id))})


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
    comparison, brief = await run_in_threadpool(compare_with_brief, concord, event_id)
    shown = comparison if full else dataclasses.replace(comparison, groups=[])
    return JSONResponse({"brief": to_dict(brief), "comparison": to_dict(shown)})


@router.get("/timeline")
async def timeline(concord: Facade, actor: ActorParam = []) -> dict[str, Any]:  # noqa: B006
    """Events and standing facts of the countries in ``actor`` in date order (facts deduplicated)."""
    wanted = countries(actor)
    result: dict[str, Any] = to_dict(await run_in_threadpool(concord.timeline, wanted))
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
