"""Server-rendered HTML pages (Jinja2, autoescaped): events with facets, an event with its reports side
by side, the relations timeline, the article list, an article with marked spans, and search."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ..api import Concord
from ..compare.records import LABELS, TimelineItem
from ..errors import NotFoundError
from ..model import Citation, event_summary
from ..store import ArticleFilter, EventFilter
from .chart import QUAD_NAMES, QUADS, quad_class, quad_counts
from .columns import report_columns
from .markup import analysis_spans, cite_links, highlight, mark_spans
from .paths import RoutePaths
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
from .relations import RelationQuery, relation_chart, relation_events, relation_query
from .titles import event_title, summary_title

__all__ = ["BRIEF_ITEMS", "DATE_METHODS", "render", "route_path", "router", "sentence_href"]

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

Facade = Annotated[Concord, Depends(facade)]

#: Brief items shown before "show all".
BRIEF_ITEMS = 15

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
    request: Request, concord: Facade, query: Annotated[EventFilter, Depends(event_query)]
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
        "event_title": summary_title,
        "next_url": next_url(request, cursor),
        "first_url": first,
        "quad_class": quad_class,
    }
    return render(request, "events.html", context)


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

    outlets = {s["article_id"]: s.get("source") or s["article_id"][:8] for s in event.sources}
    items = [(item, cite_links(item.text, brief.citations, href)) for item in brief.items]
    context = {
        "event": event,
        "related": [_related(concord, rid) for rid in event.related],
        "quad": quad_class(event.event),
        "title": event_title(event.actor, event.recipient, set(outlets.values())),
        "brief": items[:BRIEF_ITEMS],
        "brief_rest": items[BRIEF_ITEMS:],
        "comparison": comparison,
        "columns": report_columns(comparison),
        "outlets": outlets,
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
    return {"id": event_id, "event": summary["event"], "date": summary["date"], "title": summary_title(summary)}


#: Pairs of countries the dyad picker lists.
DYADS = 40


def _item_link(request: Request, item: TimelineItem) -> str:
    """An event's page, or for a standing fact the sentence of its first report that states it."""
    if item.event_id:
        return route_path(request, "event_page", event_id=item.event_id)
    cited = next((c for c in item.citations if c.article_id == item.first_report), None)
    cited = cited or (item.citations[0] if item.citations else None)
    return sentence_href(request, cited) if cited else ""


RelationParams = Annotated[RelationQuery, Depends(relation_query)]


def _relation_page(
    request: Request, concord: Concord, actors: tuple[str, ...], query: RelationQuery, intensity: bool
) -> dict[str, Any]:
    """What the timeline and dyad pages share: the relation's chart with its table, the links
    that change its range, and the chosen period's page of events."""
    relation = request.app.state.relations(actors, *query.range)
    here = request.url.remove_query_params(["period", "after"])
    history = here.remove_query_params(["since", "until"])

    base = str(here) + ("&" if here.query else "?") + "period="

    def period_href(key: str) -> str:  # by hand: Starlette's URL building costs ~0.4 ms a link
        return f"{base}{quote(key)}#events"

    def span_url(since: str | None, until: str | None) -> str:
        return str(history.include_query_params(since=since, until=until))

    events, cursor = relation_events(concord, actors, query)
    facts = [f for b in relation.periods for f in b.facts] + relation.off_axis_facts
    chosen = query.period
    shown = (relation.first, relation.last)
    spans = {"events_only_url": (relation.events_since, relation.events_until),
             "history_url": (relation.history_since, relation.history_until)}
    return {
        **{name: span_url(*span) if span[0] and span != shown else None for name, span in spans.items()},
        "actors": actors,
        "relation": relation,
        "query": query,
        "chart": relation_chart(relation, period_href, chosen.key if chosen else None, intensity),
        "quad_names": QUAD_NAMES,
        "quad_counts": quad_counts,
        "period_href": period_href,
        "events": events,
        "next_url": f"{next_url(request, cursor)}#events" if cursor else None,
        "first_url": f"{request.url.remove_query_params('after')}#events" if query.after else None,
        "all_periods_url": f"{here}#events",
        "zoom_url": span_url(chosen.first_day, chosen.until) if chosen and chosen.grain != "day" else None,
        "facts": [(f, _item_link(request, f)) for f in sorted(facts, key=lambda f: (f.date is None, f.date or ""))],
        "event_title": summary_title,
        "quad_class": quad_class,
    }


@router.get("/timeline", name="timeline_page")
async def timeline_page(request: Request, concord: Facade, query: RelationParams, actor: ActorParam = []) -> HTMLResponse:  # noqa: B006
    """A set of countries over time: events per period stacked by quad class, standing facts as
    markers; a period's link lists its events under the chart."""
    wanted = countries(actor)
    context = await run_in_threadpool(_relation_page, request, concord, wanted, query, False) if wanted else {}
    return render(request, "timeline.html", {"actors": wanted, "query": query, **context})


@router.get("/dyads", name="dyads_page")
async def dyads_page(request: Request, actor: ActorParam = []) -> Response:  # noqa: B006
    """The dyad picker: two countries to compare, and the pairs that share the most events."""
    wanted = countries(actor)
    if len(wanted) == 2:
        return RedirectResponse(route_path(request, "dyad_page", a=wanted[0], b=wanted[1]), 303)
    dyads = await run_in_threadpool(request.app.state.dyads, wanted[:1], DYADS)
    return render(request, "dyads.html", {"actors": wanted, "dyads": dyads})


@router.get("/dyads/{a}/{b}", name="dyad_page")
async def dyad_page(request: Request, a: str, b: str, concord: Facade, query: RelationParams) -> HTMLResponse:
    """Two countries' relation over time: counts by quad class and mean intensity per period, the
    standing facts on the same axis and in a table, and the events of the chosen period."""
    pair = countries([a, b])
    if len(pair) != 2:
        raise HTTPException(422, "a dyad needs two different countries")
    context = await run_in_threadpool(_relation_page, request, concord, pair, query, True)
    return render(request, "dyad.html", context)


@router.get("/articles", name="articles_page")
def articles_page(
    request: Request, concord: Facade, query: Annotated[ArticleFilter, Depends(article_query)]
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
