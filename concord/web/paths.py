"""Paths of the app's named routes by string formatting: Starlette's ``url_for`` tries every route
on each call, which on an event page with hundreds of citation links cost more than the page."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

import jinja2
from starlette.routing import BaseRoute, Mount, Route

__all__ = ["RoutePaths", "url_for"]

_PARAM = re.compile(r"\{(\w+)(?::(\w+))?\}")


class RoutePaths:
    """Path templates of named routes (``/articles/{article_id}``), filled in by :meth:`path`."""

    def __init__(self, routes: list[BaseRoute]) -> None:
        self._formats: dict[str, tuple[str, dict[str, str]]] = {}
        for route in routes:
            if isinstance(route, Route):
                self._add(route.name, route.path)
            elif isinstance(route, Mount) and route.name:
                self._add(route.name, route.path + "/{path:path}")

    def _add(self, name: str, template: str) -> None:
        """Keep ``template`` as a format string and the characters each parameter may keep unquoted."""
        safe = {m.group(1): "/" if m.group(2) == "path" else "" for m in _PARAM.finditer(template)}
        self._formats.setdefault(name, (_PARAM.sub(r"{\1}", template), safe))

    def path(self, root: str, name: str, /, **params: Any) -> str:
        """The path of route ``name`` under ``root`` (the app's root path) with ``params`` quoted in."""
        try:
            template, safe = self._formats[name]
        except KeyError:
            raise ValueError(f"no route named {name!r}") from None
        if params.keys() != safe.keys():
            raise ValueError(f"route {name!r} takes {sorted(safe)}, not {sorted(params)}")
        return root + template.format(**{k: quote(str(v), safe=safe[k]) for k, v in params.items()})


@jinja2.pass_context
def url_for(context: Any, name: str, /, **params: Any) -> str:
    """The templates' ``url_for``: the root-relative path of a named route of the request's app."""
    request = context["request"]
    paths: RoutePaths = request.app.state.paths
    return paths.path(request.scope.get("root_path", ""), name, **params)
