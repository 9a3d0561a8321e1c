"""Concurrent writers on one store, with real processes, on every backend: two ``concord ingest``
runs, and an ingest while ``concord serve`` answers (the store's concurrency contract)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from concord import Concord

CORPUS = Path(__file__).resolve().parents[1] / "concord" / "examples" / "corpus"


@pytest.fixture()
def reports(tmp_path: Path) -> str:
    """A folder of the example corpus's reports of three stories (the seed call with its rewrite
    and wire copy among them): enough to cluster, small enough to analyse three times."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for path in sorted(CORPUS.glob("[abc]*")):
        shutil.copy(path, folder / path.name)
    return str(folder)


def concord_process(db: str, *args: str) -> subprocess.Popen[str]:
    """``concord --db DB ARGS…`` as a separate process (stdout and stderr captured)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONCORD_")}
    return subprocess.Popen([sys.executable, "-m", "concord.cli", "--db", db, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def finish(process: subprocess.Popen[str], timeout: float = 600) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=timeout)
    assert "Traceback" not in err, err
    return process.returncode, out, err


def stories(db: str) -> list[tuple[str, tuple[str, ...]]]:
    """Every event of a store as (type, its reports), sorted: what must not depend on who linked."""
    with Concord(db) as concord:
        events = concord.events(include_uncoded=True, limit=10_000)
        return sorted((e.event, tuple(sorted(s["article_id"] for s in e.sources))) for e in events)


def test_two_ingests_at_once_store_each_report_once_and_make_the_same_events(
    new_store_url: Callable[[], str], reports: str
) -> None:
    shared, alone = new_store_url(), new_store_url()
    runs = [concord_process(shared, "ingest", "--json", reports) for _ in range(2)]
    results = [finish(run) for run in runs]
    assert [code for code, _, _ in results] == [0, 0], [err for _, _, err in results]
    first, second = (json.loads(out) for _, out, _ in results)
    code, out, err = finish(concord_process(alone, "ingest", "--json", reports))
    assert code == 0, err
    single = json.loads(out)
    # Each report is stored by one of the two runs and is a duplicate for the other: none twice, none lost.
    assert first["ingested"] + second["ingested"] == single["ingested"] > 0
    assert first["duplicates"] + second["duplicates"] == single["duplicates"] + single["ingested"] + single["duplicates"]
    assert first["quarantined"] == second["quarantined"] == single["quarantined"]
    with Concord(shared) as concord, Concord(alone) as reference:
        assert concord.stats()["articles"] == reference.stats()["articles"] == single["ingested"]
        assert concord.stats()["analysed"] == reference.stats()["analysed"]
    assert stories(shared) == stories(alone)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_ingest_while_serving_answers_every_request(new_store_url: Callable[[], str], reports: str) -> None:
    db, port = new_store_url(), _free_port()
    server = concord_process(db, "serve", "--port", str(port))
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/api/stats", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.3)
        ingest = concord_process(db, "ingest", "--json", reports)
        statuses: list[int] = []
        while ingest.poll() is None:
            for path in ("/api/events", "/", "/api/search?q=minister", "/api/stats"):
                statuses.append(httpx.get(base + path, timeout=30).status_code)
        code, out, err = finish(ingest)
        assert code == 0, err
        assert statuses and set(statuses) == {200}
        stored = httpx.get(f"{base}/api/stats", timeout=30).json()
        assert stored["articles"] == json.loads(out)["ingested"] and stored["events"] > 0
        assert httpx.get(f"{base}/api/events", timeout=30).json()["items"]
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    assert "Traceback" not in err, err
