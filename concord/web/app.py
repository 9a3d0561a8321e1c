"""The FastAPI application: REST API, HTML pages and static files over one :class:`Concord`.

Everything the app reads comes from the facade passed to :func:`create_app`; there is no
module-level state, so two apps over two stores can live in one process.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
from collections.abc import AsyncIterator
from http import HTTPStatus
from pathlib import Path

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..api import Concord
from ..errors import ConcordError, InputError, NotFoundError, TooLargeError, UnsupportedInputError, UsageError
from . import pages, rest
from .actors import ActorCache
from .paths import RoutePaths, url_for
from .queries import TypeCounts
from .relations import DyadList, RelationCache
from .titles import summary_headline
from .uploads import validation_message

__all__ = ["NAV", "create_app"]

HERE = Path(__file__).resolve().parent

#: Header links: (label, route name).
NAV: tuple[tuple[str, str], ...] = (
    ("Events", "events_page"),
    ("Timeline", "timeline_page"),
    ("Dyads", "dyads_page"),
    ("Actors", "actors_page"),
    ("Articles", "articles_page"),
    ("Search", "search_page"),
)

#: Headers on every response: no inline or foreign scripts, styles or frames; no sniffing.
SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
}

#: A stable, short ``error.type`` for each status code the app answers with.
ERROR_TYPES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_type",
    422: "invalid_input",
    500: "internal_error",
}

#: Host header values a loopback-bound server answers (besides the address it is bound to).
_LOOPBACK = ("127.0.0.1", "localhost", "[::1]")

log = logging.getLogger("concord.web")


def create_app(concord: Concord) -> FastAPI:
    """Build the web app over ``concord``: ``/api/...`` JSON, HTML pages, ``/static``, ``/openapi.json``."""
    app = FastAPI(
        lifespan=_knowledge_base_first,
        title="concord",
        version=__version__,
        description="News reports in, a corroborated, source-cited record of political events out.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.concord = concord
    app.state.templates = _templates()
    app.state.type_counts = TypeCounts(concord)
    app.state.relations = RelationCache(concord)
    app.state.dyads = DyadList(concord)
    app.state.actors = ActorCache(concord)
    app.include_router(rest.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.state.paths = RoutePaths([*app.routes, *rest.router.routes, *pages.router.routes])  # included unprefixed
    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(ConcordError, _concord_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unexpected_error)
    allowed = loopback_hosts(concord.settings.host)
    if allowed:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed)
    app.add_middleware(SecurityHeadersMiddleware)
    return app


@contextlib.asynccontextmanager
async def _knowledge_base_first(app: FastAPI) -> AsyncIterator[None]:
    """Load the actor knowledge base before the first request (a second or two), so the first
    actor page or actor filter does not wait for it; a file it cannot read (a bad ``actor_files``
    line) is logged here and reported by the pages that need it."""
    concord: Concord = app.state.concord
    try:
        await run_in_threadpool(concord.actors, None, 1)
    except ConcordError as exc:
        log.warning("the actor knowledge base did not load: %s", exc)
    yield


def loopback_hosts(host: str) -> list[str]:
    """The Host header values a server bound to a loopback ``host`` (127.0.0.0/8, ::1, localhost)
    answers, so a DNS-rebound name cannot reach it; empty for any other address."""
    name = host.strip().strip("[]").lower()
    if name != "localhost":
        try:
            if not ipaddress.ip_address(name).is_loopback:
                return []
        except ValueError:
            return []
    bound = f"[{name}]" if ":" in name else name
    return list(dict.fromkeys([*_LOOPBACK, bound]))


def _templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["nav"] = NAV
    env.globals["url_for"] = url_for
    env.globals["version"] = __version__
    env.globals["headline"] = summary_headline
    return Jinja2Templates(env=env)


class SecurityHeadersMiddleware:
    """Adds :data:`SECURITY_HEADERS` to every HTTP response (a plain ASGI middleware, so it is cheap)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def error_response(
    request: Request, status: int, message: str, headers: dict[str, str] | None = None
) -> Response:
    """An error as ``{"error": {"type", "message"}}`` for the API, or as an HTML page for a browser."""
    kind = ERROR_TYPES.get(status, HTTPStatus(status).phrase.lower().replace(" ", "_"))
    if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
        return JSONResponse({"error": {"type": kind, "message": message}}, status, headers=headers)
    context = {"status": status, "phrase": HTTPStatus(status).phrase, "message": message}
    return pages.render(request, "error.html", context, status)


async def _http_error(request: Request, exc: HTTPException) -> Response:
    return error_response(request, exc.status_code, str(exc.detail), exc.headers)


async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
    return error_response(request, 422, validation_message(exc.errors()))


async def _concord_error(request: Request, exc: ConcordError) -> Response:
    """The caller's fault is a 4xx with the reason; anything else a 500 whose details (store paths
    among them) go to the server log only."""
    if isinstance(exc, NotFoundError):
        return error_response(request, 404, str(exc))
    if isinstance(exc, UsageError):
        return error_response(request, 422, str(exc))
    if isinstance(exc, InputError):
        status = 413 if isinstance(exc, TooLargeError) else 415 if isinstance(exc, UnsupportedInputError) else 400
        return error_response(request, status, exc.reason)
    log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
    return error_response(request, 500, f"internal error ({type(exc).__name__}); the server log has the details")


async def _unexpected_error(request: Request, exc: Exception) -> Response:
    log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
    return error_response(request, 500, "internal error; the server log has the details")
