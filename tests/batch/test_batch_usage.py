"""What ``concord batch`` refuses before starting Ray (no workers, standard input), and a run
with nothing to read: its bad names quarantined, no Ray started."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from concord.api import Concord
from concord.cli import app
from concord.errors import UsageError
from concord.settings import Settings


def test_negative_workers_and_standard_input_are_usage_errors(tmp_path: Path) -> None:
    with Concord(tmp_path / "u.db", settings=Settings()) as concord:
        with pytest.raises(UsageError, match="workers"):
            concord.batch(str(tmp_path), workers=-1)
        with pytest.raises(UsageError, match="standard input"):
            concord.batch("-")
    done = CliRunner().invoke(app, ["--db", str(tmp_path / "u.db"), "batch", "--workers", "0", str(tmp_path)])
    assert done.exit_code == 2


def test_inputs_that_name_nothing_are_quarantined_without_a_ray_run(tmp_path: Path) -> None:
    done = CliRunner().invoke(app, ["--db", str(tmp_path / "u.db"), "batch", "--json", " "])
    assert done.exit_code == 1
    with Concord(tmp_path / "u.db", settings=Settings()) as concord:
        assert [(e.source, e.reason) for e in concord.quarantine()] == [(" ", "an empty name is no file, folder or URL")]


def test_a_ray_address_nothing_listens_on_fails_at_once(tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_text('{"text": "OSLO, May 2 - Norway and Sweden held talks on fishing rights."}\n')
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens on it
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = time.monotonic()
    done = CliRunner().invoke(app, ["--db", str(tmp_path / "u.db"), "batch", "--ray-address", f"127.0.0.1:{port}",
                                    str(tmp_path / "in.jsonl")])
    assert done.exit_code == 1 and time.monotonic() - started < 60
    assert f"no Ray cluster answers at 127.0.0.1:{port}" in done.output and "Traceback" not in done.output
