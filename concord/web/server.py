"""``concord serve``: run the web app under uvicorn on the configured address (127.0.0.1:8000),
and the helpers that run it as a child process (browser tests, benchmarks).
"""

from __future__ import annotations

import socket
import subprocess
import time

from ..api import Concord
from ..errors import ConcordError
from ..settings import Settings

__all__ = ["free_port", "serve", "stop_server", "wait_until_listening"]


def serve(settings: Settings, *, host: str | None = None, port: int | None = None) -> None:
    """Serve the REST API and the pages over the store of ``settings`` until interrupted.

    ``host`` and ``port`` override the settings' ``host`` and ``port``.
    """
    import uvicorn

    from .app import create_app

    settings = settings.replace(host=host, port=port)
    with Concord(settings=settings) as concord:
        app = create_app(concord)
        url = f"http://{_url_host(settings.host)}:{settings.port}/"
        print(f"concord: serving {settings.db} at {url} (Ctrl-C stops)", flush=True)
        uvicorn.run(app, host=settings.host, port=settings.port, server_header=False, log_level="info")


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
