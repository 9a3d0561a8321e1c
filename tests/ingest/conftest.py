"""Shared fixtures for the ingestion tests: the seeds directory and a real local HTTP server."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def shared_dir() -> Path:
    """``../shared`` next to the repository (or ``$CONCORD_SHARED``)."""
    return Path(os.environ.get("CONCORD_SHARED") or REPO / ".." / "shared").resolve()


@pytest.fixture(scope="session")
def seeds() -> Path:
    """The seed reports directory; skips when /work/shared is not there."""
    path = shared_dir() / "seeds"
    if not path.is_dir():
        pytest.skip(f"shared seeds not found at {path} (set CONCORD_SHARED)")
    return path


@pytest.fixture(scope="session")
def seed_000(seeds: Path) -> Path:
    """Seed 000: the Washington DC report (no year in its dateline, "On Thursday")."""
    (found,) = sorted(seeds.glob("000_*.txt"))
    return found


@pytest.fixture(scope="session")
def seed_001(seeds: Path) -> Path:
    """Seed 001: the New Delhi report (inline ``date`` header, glued words)."""
    (found,) = sorted(seeds.glob("001_*.txt"))
    return found


@dataclass
class Route:
    """What the test server answers on one path."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    #: Send a Content-Length header (off: the body ends when the connection closes).
    send_length: bool = True


@dataclass
class LocalServer:
    """A real HTTP server on 127.0.0.1 with routes the test sets."""

    base: str
    routes: dict[str, Route]
    #: The paths of the requests the server received, in order.
    requests: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path

    def serve(self, path: str, body: bytes, content_type: str, *, send_length: bool = True) -> str:
        """Answer ``path`` with ``body``; returns its full URL."""
        self.routes[path] = Route(200, {"Content-Type": content_type}, body, send_length)
        return self.url(path)

    def redirect(self, path: str, location: str) -> str:
        """Answer ``path`` with a 302 to ``location``; returns its full URL."""
        self.routes[path] = Route(302, {"Location": location})
        return self.url(path)


@pytest.fixture()
def http_server() -> Iterator[LocalServer]:
    """Start an HTTP server on a free local port in a thread; routes are filled in by the test."""
    routes: dict[str, Route] = {}
    received: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server API)
            received.append(self.path)
            route = routes.get(self.path, Route(404, {"Content-Type": "text/plain"}, b"not found"))
            self.send_response(route.status)
            for key, value in route.headers.items():
                self.send_header(key, value)
            if route.send_length and "Content-Length" not in route.headers:
                self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            self.wfile.write(route.body)

        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield LocalServer(f"http://127.0.0.1:{server.server_address[1]}", routes, received)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
