"""Route paths by string formatting: the same paths Starlette's url_for gives, quoted, and clear errors."""

from __future__ import annotations

import pytest
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from concord.web.paths import RoutePaths


def _endpoint() -> None:  # pragma: no cover - never called
    return None


ROUTES = [
    Route("/articles/{article_id}", _endpoint, name="article_page"),
    Route("/", _endpoint, name="events_page"),
    Mount("/static", app=StaticFiles(directory="."), name="static"),
]


def test_paths_match_starlette_and_quote_parameters() -> None:
    paths = RoutePaths(ROUTES)
    assert paths.path("", "article_page", article_id="abc123") == "/articles/abc123"
    assert paths.path("/concord", "events_page") == "/concord/"
    assert paths.path("", "static", path="css/concord.css") == "/static/css/concord.css"
    assert paths.path("", "article_page", article_id="a/b c") == "/articles/a%2Fb%20c"
    assert ROUTES[0].url_path_for("article_page", article_id="abc123") == "/articles/abc123"


def test_unknown_route_or_wrong_parameters_are_errors() -> None:
    paths = RoutePaths(ROUTES)
    with pytest.raises(ValueError, match="no route named 'nowhere'"):
        paths.path("", "nowhere")
    with pytest.raises(ValueError, match=r"takes \['article_id'\]"):
        paths.path("", "article_page", id="abc")
