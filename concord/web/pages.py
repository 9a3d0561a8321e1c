"""Server-rendered HTML pages (Jinja2, autoescaped): article list, article with marked spans, search."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ..api import Concord
from .markup import analysis_spans, highlight, mark_spans
from .queries import MAX_LIMIT, ArticleQuery, article_page, article_query, facade, next_url

__all__ = ["DATE_METHODS", "render", "router"]

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

Facade = Annotated[Concord, Depends(facade)]

#: How an article's date was found, in words for the article page.
DATE_METHODS = {
    "metadata": "from the report's own metadata",
    "dateline": "from the dateline",
    "weekday": "from the dateline, its year inferred from the weekdays the report mentions",
    "ingest": "no date in the report: the day it was ingested",
}


def render(request: Request, template: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    """Render one of the app's templates with ``context``."""
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request, template, context, status_code=status
    )
    return response


@router.get("/")
def home(request: Request) -> RedirectResponse:
    """The start page: the article list (the events list takes this place once events exist)."""
    return RedirectResponse(request.url_for("articles_page"), status_code=307)


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
    context = {
        "article": article,
        "analysis": analysis,
        "marked": mark_spans(article.text, spans),
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
