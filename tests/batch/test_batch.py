"""``concord batch`` on a local Ray: every report of JSON Lines, Parquet and WARC shards stored
once, analysed and linked; bad inputs quarantined; a rerun skips what is stored; a run killed
with SIGKILL midway and run again loses and duplicates nothing."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from concord.api import Concord
from concord.batch import run
from concord.link.secondary import is_secondary
from concord.model import to_dict
from concord.pipeline import compare_reports, view_key
from concord.settings import Settings
from concord.store import EventFilter

from .conftest import build_shards, write_jsonl  # noqa: TID252 - the shards live next to their tests

SETTINGS = Settings()


def numbers_in(concord: Concord) -> list[int]:
    """The report numbers of every stored article (each must appear once)."""
    texts = [a.text for a in concord.store.iter_articles()]
    return sorted(int(n) for text in texts for n in set(re.findall(r"report number (\d+)", text)))


def test_batch_stores_analyses_and_links_every_report_and_a_rerun_skips_them(
    tmp_path: Path, local_ray: None
) -> None:
    shards = build_shards(tmp_path / "in")
    with Concord(tmp_path / "b.db", settings=SETTINGS) as concord:
        first = concord.batch(str(shards.root), workers=2)
        assert numbers_in(concord) == sorted(shards.numbers)
        assert concord.store.unanalysed() == [] and concord.store.unlinked() == []
        assert all(concord.store.get_analysis(a.id) is not None for a in concord.store.iter_articles())
        assert sorted(q["source"] for q in first.quarantined) == sorted(shards.bad)
        assert first.skipped == {"request": shards.skipped}
        assert len(first.ingested) == first.analysed == len(shards.numbers) and first.events
        assert first.to_json()["workers"] == 2 and first.reports_per_second > 0
        events = {e.id for e in concord.events(include_uncoded=True, limit=1000)}
        second = concord.batch(str(shards.root), workers=1)
        assert second.ingested == [] and second.analysed == 0
        assert len(second.duplicates) == len(shards.numbers)
        assert {e.id for e in concord.events(include_uncoded=True, limit=1000)} == events


def test_batch_analyses_articles_stored_but_not_analysed(tmp_path: Path, local_ray: None) -> None:
    root = tmp_path / "in"
    root.mkdir()
    write_jsonl(root / "a.jsonl", range(3))
    with Concord(tmp_path / "b.db", settings=SETTINGS.replace(analyze=False)) as concord:
        concord.ingest(str(root))
    with Concord(tmp_path / "b.db", settings=SETTINGS) as concord:
        report = concord.batch(str(root))
        assert report.analysed == 3 and len(report.duplicates) == 3
        assert concord.store.unanalysed() == [] and concord.store.unlinked() == []


def test_events_compared_on_the_workers_are_stored_as_the_driver_would_make_them(
    tmp_path: Path, local_ray: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(run, "SPREAD", 1)  # even a small run sends its comparisons to the workers
    shards = build_shards(tmp_path / "in")
    with Concord(tmp_path / "b.db", settings=SETTINGS) as concord:
        concord.batch(str(shards.root), workers=2)
        events = [e for e in concord.store.events(EventFilter(include_uncoded=True, limit=1000))
                  if len(e.sources) > 1 and not is_secondary(e)]
        assert events, "the shards make no event of two reports: nothing was compared"
        for event in events:
            stored = concord.store.event_view(event.id, view_key(event))
            assert stored is not None, f"{event.id}: no comparison stored"
            made, _ = compare_reports(event, concord.store.reports(event.id))
            assert stored == to_dict(made)
            originals = [r for r in concord.store.reports(event.id) if r.analysis and r.article.duplicate_of is None]
            assert all(c.vector for r in originals for c in r.analysis.claims or ()), "claim vectors not stored"


def _stored(db: Path) -> int:
    """Articles in the store now (read while the batch writes: WAL lets a reader in)."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


def _batch(db: Path, root: Path, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "concord.cli", "--db", str(db), "batch", str(root), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def _wait_for_more(run: subprocess.Popen[bytes], db: Path, than: int) -> int:
    """Wait until the store holds more than ``than`` articles (or the run ends); how many it holds."""
    deadline = time.monotonic() + 600
    while run.poll() is None and _stored(db) <= than and time.monotonic() < deadline:
        time.sleep(0.2)
    return _stored(db)


def _session(run: subprocess.Popen[bytes]) -> dict[int, str]:
    """Every process of a run (its session: the driver, the Ray it started and Ray's workers, which
    have process groups of their own) with its title."""
    found = {}
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and os.getsid(int(entry.name)) == run.pid:
                found[int(entry.name)] = (entry / "cmdline").read_bytes().decode(errors="replace")
        except (OSError, ValueError):
            continue
    return found


def _kill_run(run: subprocess.Popen[bytes]) -> None:
    """kill -9 of the whole run: every process of its session."""
    for pid in _session(run):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            continue
    run.wait()


def test_a_killed_worker_and_a_killed_run_lose_nothing_a_rerun_gives_every_report_once(tmp_path: Path) -> None:
    pytest.importorskip("ray")
    shards = build_shards(tmp_path / "in", jsonl_shards=8, per_shard=10)
    db = tmp_path / "k.db"
    run = _batch(db, shards.root, "--workers", "1")
    before = _wait_for_more(run, db, 0)
    actors = [pid for pid, title in _session(run).items() if "MapWorker" in title]
    assert run.poll() is None and len(actors) == 1, run.stderr.read().decode()[-3000:] if run.stderr else ""
    os.kill(actors[0], signal.SIGKILL)  # one worker: Ray restarts it and runs its batch again
    stored = _wait_for_more(run, db, before)
    assert run.poll() is None and stored > before, run.stderr.read().decode()[-3000:] if run.stderr else ""
    _kill_run(run)  # then the whole run: the driver and the Ray it started
    assert 0 < stored < len(shards.numbers)
    again = _batch(db, shards.root, "--workers", "2", "--json")
    out, err = again.communicate(timeout=900)
    assert "Traceback" not in err.decode(), err.decode()[-3000:]
    result = json.loads(out)
    assert again.returncode == 1 and sorted(q["source"] for q in result["quarantined"]) == sorted(shards.bad)
    assert re.search(r"batch: \d+ reports, [\d.]+ reports/s", err.decode())  # progress on stderr
    assert result["ingested"] + result["duplicates"] == len(shards.numbers) and result["duplicates"] >= stored
    with Concord(db, settings=SETTINGS) as concord:
        assert numbers_in(concord) == sorted(shards.numbers)
        assert concord.store.unanalysed() == [] and concord.store.unlinked() == []
