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
from ..model import Citation
from ..store import ArticleFilter, EventFilter
from .actors import IndexQuery, index_query, one_actor
from .chart import QUAD_NAMES, QUADS, quad_class, quad_counts
from .columns import report_columns
from .markup import analysis_spans, cite_links, highlight, mark_spans
from .paths import RoutePaths
from .queries import (
    MAX_LIMIT,
    ActorIdParam,
    ActorParam,
    actor_ids,
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
    with concord.store.session():  # the page, its type counts and actor names: one connection
        items, cursor = event_page(concord, query)
        counts = request.app.state.type_counts(query)
        names = [(i, concord.actor_name(i)) for i in query.actor_ids]
    first = str(request.url.remove_query_params("after")) if query.after else None

    def type_url(kind: str | None) -> str:
        url = request.url.remove_query_params(["after", "type"])
        return str(url.include_query_params(type=kind) if kind else url)

    context = {
        "items": items,
        "query": query,
        "actor_names": names,
        "without_actors_url": str(request.url.remove_query_params(["actor_id", "after"])),
        "counts": counts,
        "quads": QUADS,
        "type_url": type_url,
        "next_url": next_url(request, cursor),
        "first_url": first,
        "quad_class": quad_class,
    }
    return render(request, "events.html", context)


def sentence_href(request: Request, citation: Citation) -> str:
    """Where a citation points: its article's page, at the cited sentence."""
    return f"{route_path(request, 'article_page', article_id=citation.article_id)}#s{citation.sentence}"


@router.get("/events/{event_id}", name="event_page")
def event_page_view(request: Request, event_id: str, concord: Facade) -> HTMLResponse:
    """One event: the merged record, the cited brief, and its reports side by side with labelled claims."""
    with concord.store.session():  # the event, its comparison and its related events: one connection
        event = concord.event(event_id)
        comparison, brief = compare_with_brief(concord, event)
        related = concord.store.summaries_of(event.related)

    def href(citation: Citation) -> str:
        return sentence_href(request, citation)

    outlets = {s["article_id"]: s.get("source") or s["article_id"][:8] for s in event.sources}
    items = [(item, cite_links(item.text, brief.citations, href)) for item in brief.items]
    context = {
        "event": event,
        "related": [_related(rid, related.get(rid)) for rid in event.related],
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


def _related(event_id: str, summary: dict[str, Any] | None) -> dict[str, Any]:
    """A related event as the page lists it: id, type, date and headline (id only if it is gone)."""
    if summary is None:  # removed since this event was merged; the link then says so
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
    request: Request, concord: Concord, actors: tuple[str, ...], query: RelationQuery, intensity: bool,
    ids: tuple[str, ...] = (), newest_first: bool = False,
) -> dict[str, Any]:
    """What the timeline, dyad and actor pages share: the relation's chart with its table, the
    links that change its range, and the chosen period's page of events (of the countries
    ``actors`` and the canonical actors ``ids``; without a period, the newest first if asked)."""
    relation = request.app.state.relations(actors, *query.range, ids)
    here = request.url.remove_query_params(["period", "after"])
    history = here.remove_query_params(["since", "until"])

    base = str(here) + ("&" if here.query else "?") + "period="

    def period_href(key: str) -> str:  # by hand: Starlette's URL building costs ~0.4 ms a link
        return f"{base}{quote(key)}#events"

    def span_url(since: str | None, until: str | None) -> str:
        return str(history.include_query_params(since=since, until=until))

    events, cursor = relation_events(concord, actors, query, ids, newest_first and query.period is None)
    facts = [f for b in relation.periods for f in b.facts] + relation.off_axis_facts
    chosen = query.period
    shown = (relation.first, relation.last)
    spans = {"events_only_url": (relation.events_since, relation.events_until),
             "history_url": (relation.history_since, relation.history_until)}
    return {
        **{name: span_url(*span) if span[0] and span != shown else None for name, span in spans.items()},
        "actors": actors,
        "who": list(actors),
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
        "quad_class": quad_class,
    }


@router.get("/timeline", name="timeline_page")
async def timeline_page(
    request: Request, concord: Facade, query: RelationParams, actor: ActorParam = [],  # noqa: B006
    actor_id: ActorIdParam = [],  # noqa: B006
) -> HTMLResponse:
    """A set of countries (or canonical actors) over time: events per period stacked by quad class,
    standing facts as markers; a period's link lists its events under the chart."""
    wanted, ids = countries(actor), actor_ids(actor_id)
    context = await run_in_threadpool(_relation_page, request, concord, wanted, query, False, ids) if wanted or ids else {}
    who = [*wanted, *(await run_in_threadpool(lambda: [concord.actor_name(i) for i in ids]))]
    return render(request, "timeline.html", {"actors": wanted, "actor_ids": ids, "query": query, **context, "who": who,
                                              "all_actors_url": str(request.url.remove_query_params(["actor_id", "after", "period"]))})


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


@router.get("/actors", name="actors_page")
async def actors_page(request: Request, query: Annotated[IndexQuery, Depends(index_query)]) -> HTMLResponse:
    """The actors most present in stored events, with their counts, kind, country and code; a search
    by name or alias (the knowledge base's and the events') and pages of ``limit``."""
    index = await run_in_threadpool(request.app.state.actors.index, query)
    here = request.url.remove_query_params("offset")

    def offset_url(offset: int) -> str:
        return str(here.include_query_params(offset=offset) if offset else here)

    more = len(index.items) > query.limit
    context = {
        "query": query,
        "index": index,
        "items": index.items[:query.limit],
        "next_url": offset_url(query.offset + query.limit) if more else None,
        "previous_url": offset_url(max(0, query.offset - query.limit)) if query.offset else None,
    }
    return render(request, "actors.html", context)


@router.get("/actors/{actor_id}", name="actor_page")
async def actor_page(request: Request, actor_id: str, concord: Facade, query: RelationParams) -> HTMLResponse:
    """One actor: its knowledge-base entry (aliases, codes, roles with their dates) or what the stored
    events say of it, its events by type over time, its latest events and its counterparts."""
    ident = one_actor(actor_id)
    profile = await run_in_threadpool(request.app.state.actors.profile, ident)
    context = await run_in_threadpool(_relation_page, request, concord, (), query, True, (ident,), True)
    return render(request, "actor.html", {**context, "who": [profile.name], "actor": profile})


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
    with concord.store.session():
        article = concord.article(article_id)
        analysis = concord.store.get_analysis(article.id)
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
