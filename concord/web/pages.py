"""Server-rendered HTML pages (Jinja2, autoescaped): events with facets, an event with its reports side
by side, the relations timeline, the article list, an article with marked spans, and search."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from ..api import Concord
from ..compare.records import LABELS, TimelineItem
from ..errors import NotFoundError
from ..model import Citation, event_summary
from .chart import QUADS, RADIUS, quad_class, timeline_chart
from .columns import report_columns
from .markup import analysis_spans, cite_links, highlight, mark_spans
from .paths import RoutePaths
from .queries import (
    MAX_LIMIT,
    ActorParam,
    ArticleQuery,
    EventQuery,
    article_page,
    article_query,
    compare_with_brief,
    countries,
    event_page,
    event_query,
    facade,
    next_url,
)

__all__ = ["DATE_METHODS", "event_title", "render", "route_path", "router", "sentence_href"]

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

Facade = Annotated[Concord, Depends(facade)]

#: How an article's date was found, in words for the article page.
DATE_METHODS = {
    "metadata": "from the report's own metadata",
    "dateline": "from the dateline",
    "weekday": "from the dateline, its year inferred from the weekdays the report mentions",
    "ingest": "no date in the report: the day it was ingested",
}


def route_path(request: Request, name: str, /, **params: Any) -> str:
    """The root-relative path of one of the app's named routes (fast: see :mod:`.paths`)."""
    paths: RoutePaths = request.app.state.paths
    return paths.path(request.scope.get("root_path", ""), name, **params)


def render(request: Request, template: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    """Render one of the app's templates with ``context``."""
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request, template, context, status_code=status
    )
    return response


@router.get("/", name="events_page")
def events_page(
    request: Request, concord: Facade, query: Annotated[EventQuery, Depends(event_query)]
) -> HTMLResponse:
    """The start page: merged events in date order, with facets (type counts, country, dates, sources)."""
    items, cursor = event_page(concord, query)
    first = str(request.url.remove_query_params("after")) if query.after else None
    def type_url(kind: str | None) -> str:
        url = request.url.remove_query_params(["after", "type"])
        return str(url.include_query_params(type=kind) if kind else url)

    context = {
        "items": items,
        "query": query,
        "counts": request.app.state.type_counts(query),
        "quads": QUADS,
        "type_url": type_url,
        "event_title": event_title,
        "next_url": next_url(request, cursor),
        "first_url": first,
        "quad_class": quad_class,
    }
    return render(request, "events.html", context)


def _names(actors: list[dict[str, Any]], most: int = 4) -> str:
    names = list(dict.fromkeys(str(a["name"]) for a in actors))
    extra = f" and {len(names) - most} more" if len(names) > most else ""
    return ", ".join(names[:most]) + extra


def event_title(summary: dict[str, Any]) -> str:
    """A one-line headline for an event (given as its :func:`~concord.model.event_summary`): who
    acted, and towards whom."""
    who = _names(summary["actor"]) or "unknown actors"
    return f"{who} → {_names(summary['recipient'])}" if summary["recipient"] else who


def sentence_href(request: Request, citation: Citation) -> str:
    """Where a citation points: its article's page, at the cited sentence."""
    return f"{route_path(request, 'article_page', article_id=citation.article_id)}#s{citation.sentence}"


@router.get("/events/{event_id}", name="event_page")
async def event_page_view(request: Request, event_id: str, concord: Facade) -> HTMLResponse:
    """One event: the merged record, the cited brief, and its reports side by side with labelled claims."""
    event = concord.event(event_id)
    comparison, brief = await run_in_threadpool(compare_with_brief, concord, event.id)

    def href(citation: Citation) -> str:
        return sentence_href(request, citation)

    context = {
        "event": event,
        "related": [_related(concord, rid) for rid in event.related],
        "quad": quad_class(event.event),
        "title": event_title(event_summary(event)),
        "brief": [(item, cite_links(item.text, brief.citations, href)) for item in brief.items],
        "comparison": comparison,
        "columns": report_columns(comparison),
        "outlets": {s["article_id"]: s.get("source") or s["article_id"][:8] for s in event.sources},
        "labels": LABELS,
        "href": href,
    }
    return render(request, "event.html", context)


def _related(concord: Concord, event_id: str) -> dict[str, Any]:
    """A related event as the page lists it: id, type, date and headline (id only if it is gone)."""
    try:
        summary = event_summary(concord.event(event_id))
    except NotFoundError:  # removed since this event was merged; the link then says so
        return {"id": event_id, "event": None, "date": None, "title": "no longer stored"}
    return {"id": event_id, "event": summary["event"], "date": summary["date"], "title": event_title(summary)}


def _item_link(request: Request, item: TimelineItem) -> str:
    """An event's page, or for a standing fact the sentence of its first report that states it."""
    if item.event_id:
        return route_path(request, "event_page", event_id=item.event_id)
    cited = next((c for c in item.citations if c.article_id == item.first_report), None)
    cited = cited or (item.citations[0] if item.citations else None)
    return sentence_href(request, cited) if cited else ""


@router.get("/timeline", name="timeline_page")
async def timeline_page(request: Request, concord: Facade, actor: ActorParam = []) -> HTMLResponse:  # noqa: B006
    """The relations timeline of a set of countries: an SVG time axis of events and facts, then a list."""
    wanted = countries(actor)
    timeline = await run_in_threadpool(concord.timeline, wanted) if wanted else None
    rows = []
    for item in timeline.items if timeline else []:
        css = quad_class(item.event_type) if item.kind == "event" else "fact"
        rows.append((item, css, _item_link(request, item)))
    chart = timeline_chart(
        [(item.date, item.end_date, css, href, f"{item.date or 'undated'} · {item.title}") for item, css, href in rows]
    )
    context = {"actors": wanted, "rows": rows, "chart": chart, "quads": QUADS, "radius": RADIUS}
    return render(request, "timeline.html", context)


@router.get("/articles", name="articles_page")
def articles_page(
    request: Request, concord: Facade, query: Annotated[ArticleQuery, Depends(article_query)]
) -> HTMLResponse:
    """Stored articles in date order with their filters and a link to the next page."""
    items, cursor = article_page(concord, query)
    first = str(request.url.remove_query_params("after")) if query.after else None
    return render(
        request,
        "articles.html",
        {"items": items, "query": query, "next_url": next_url(request, cursor), "first_url": first},
    )


@router.get("/articles/{article_id}", name="article_page")
def article_page_view(request: Request, article_id: str, concord: Facade) -> HTMLResponse:
    """One article: metadata, how its date was found, and its text with the extracted spans marked."""
    article = concord.article(article_id)
    analysis = concord.stored_analysis(article.id)
    spans, misfits = analysis_spans(article.text, analysis) if analysis else ([], [])
    anchors = {s.start: f"s{s.index}" for s in analysis.sentences} if analysis else None
    context = {
        "article": article,
        "analysis": analysis,
        "marked": mark_spans(article.text, spans, anchors),
        "misfits": misfits,
        "date_method": DATE_METHODS.get(article.date_method, article.date_method),
        "link": article.url if article.url and urlsplit(article.url).scheme in ("http", "https") else None,
    }
    return render(request, "article.html", context)


@router.get("/search", name="search_page")
def search_page(
    request: Request,
    concord: Facade,
    q: Annotated[str, Query(max_length=500)] = "",
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
) -> HTMLResponse:
    """The search form and, for a query, the hits with the matched words highlighted."""
    hits = concord.search(q, limit) if q.strip() else []
    results = [(hit, highlight(hit.snippet, hit.highlights)) for hit in hits]
    return render(request, "search.html", {"q": q, "results": results})
