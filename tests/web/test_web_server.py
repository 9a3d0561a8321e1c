"""The helpers that run ``concord serve`` as a child process."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from concord.errors import ConcordError
from concord.web.server import free_port, stop_server, wait_until_listening


def test_a_server_that_exits_is_reported_not_waited_for() -> None:
    process = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    with pytest.raises(ConcordError, match="exited with code 3"):
        wait_until_listening(process, free_port(), timeout=20)


def test_a_listener_is_found_and_stopped() -> None:
    port = free_port()
    code = (
        "import socket, sys, time\n"
        "s = socket.socket(); s.bind(('127.0.0.1', int(sys.argv[1]))); s.listen()\n"
        "time.sleep(60)\n"
    )
    process = subprocess.Popen([sys.executable, "-c", code, str(port)])
    try:
        wait_until_listening(process, port, timeout=20)
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    finally:
        stop_server(process, grace=5)
    assert process.returncode is not None


def test_silence_times_out() -> None:
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        with pytest.raises(ConcordError, match="did not listen"):
            wait_until_listening(process, free_port(), timeout=0.5)
    finally:
        stop_server(process, grace=5)
