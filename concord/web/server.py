"""``concord serve``: run the web app under uvicorn on the configured address (127.0.0.1:8000),
and the helpers that run it as a child process (browser tests, benchmarks).
"""

from __future__ import annotations

import dataclasses
import json
import os
import socket
import subprocess
import time
from typing import TYPE_CHECKING, Any

from ..api import Concord
from ..errors import ConcordError
from ..settings import Settings
from ..store.open import store_location

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = [
    "SETTINGS_ENV",
    "app_from_environment",
    "check_bindable",
    "free_port",
    "serve",
    "stop_server",
    "wait_until_listening",
]

#: The environment variable that hands resolved settings to the worker processes of ``serve``.
SETTINGS_ENV = "CONCORD_SERVE_SETTINGS"


def serve(settings: Settings, *, host: str | None = None, port: int | None = None, workers: int = 1) -> None:
    """Serve the REST API and the pages over the store of ``settings`` until interrupted.

    ``host`` and ``port`` override the settings' ``host`` and ``port``; ``workers`` > 1 runs that
    many server processes on the one port (each request is Python-bound, so processes add cores).
    """
    import uvicorn

    from .app import create_app

    if workers < 1:
        raise ConcordError(f"workers must be at least 1, not {workers}")
    settings = settings.replace(host=host, port=port)
    check_bindable(settings.host, settings.port)
    options: dict[str, Any] = {"host": settings.host, "port": settings.port, "server_header": False,
                               "log_level": "info"}
    with Concord(settings=settings) as concord:  # opens (and migrates) the store before any worker starts
        url = f"http://{_url_host(settings.host)}:{settings.port}/"
        print(f"concord: serving {store_location(settings.db)} at {url} with {workers} process(es) (Ctrl-C stops)", flush=True)
        if workers == 1:
            uvicorn.run(create_app(concord), **options)
            return
    os.environ[SETTINGS_ENV] = json.dumps(dataclasses.asdict(settings))
    uvicorn.run(f"{__name__}:app_from_environment", factory=True, workers=workers, **options)


def check_bindable(host: str, port: int) -> None:
    """Refuse, in one line, an address the server could not listen on (an unknown host, a port in
    use or not ours), before uvicorn starts and logs its way out."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        family, kind, proto, _, address = infos[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except (OSError, UnicodeError) as exc:
        raise ConcordError(f"cannot listen on {_url_host(host)}:{port}: {getattr(exc, 'strerror', None) or exc}") from None


def app_from_environment() -> FastAPI:
    """The app of one worker process of a multi-process ``concord serve`` (settings come in
    :data:`SETTINGS_ENV`, as the parent process resolved them)."""
    from .app import create_app

    try:
        settings = Settings(**json.loads(os.environ[SETTINGS_ENV]))
    except (KeyError, ValueError, TypeError) as exc:
        raise ConcordError(f"{SETTINGS_ENV} does not hold the settings of a concord serve: {exc}") from exc
    return create_app(Concord(settings=settings))


def _url_host(host: str) -> str:
    """``host`` as it goes in a URL (IPv6 literals in brackets)."""
    return f"[{host}]" if ":" in host else host


def free_port(host: str = "127.0.0.1") -> int:
    """A port nothing listens on right now (another process may take it before it is used)."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def wait_until_listening(
    process: subprocess.Popen[bytes], port: int, host: str = "127.0.0.1", timeout: float = 30.0
) -> None:
    """Return once a server child process accepts connections; ConcordError if it exits or times out."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise ConcordError(f"server process exited with code {process.returncode}")
        try:
            socket.create_connection((host, port), timeout=0.2).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise ConcordError(f"server did not listen on {host}:{port} within {timeout:g} s") from None
            time.sleep(0.1)


def stop_server(process: subprocess.Popen[bytes], grace: float = 30.0) -> None:
    """Stop a server child process: SIGTERM, and SIGKILL if its graceful shutdown takes over ``grace`` s
    (it waits for requests still queued in the thread pool).
    """
    process.terminate()
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
