"""The hostile-input corpus through ``concord ingest``, as a user runs it: exit code 1, one stderr
line per quarantined input with its reason, every good record kept once, no traceback, bounded
time and memory (issue 12)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import LIMITS, Corpus  # noqa: TID252 - the corpus lives next to its tests

#: Bounds of the corpus run, generous for a shared 2-core CI machine (measured: ~5 CPU s, ~190 MiB;
#: wall time follows the machine's load, so it only guards against a hang).
MAX_SECONDS = 240
MAX_CPU_SECONDS = 60
MAX_MIB = 700
ROOT_READS_ALL = pytest.mark.skipif(os.geteuid() == 0, reason="root reads files and folders whatever their mode")


@dataclass(frozen=True)
class Run:
    """A finished ``concord`` process: exit code, output, wall and CPU time, and peak memory."""

    code: int
    out: str
    err: str
    seconds: float
    cpu_seconds: float
    peak_mib: float


def concord(*args: str, env: dict[str, str] | None = None, stdin: bytes = b"", timeout: float = MAX_SECONDS) -> Run:
    """Run the CLI in a child process and measure its CPU time (``os.wait4``) and peak memory."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as given:
        given.write(stdin)
        given.seek(0)
        start = time.monotonic()
        child = subprocess.Popen([sys.executable, "-m", "concord.cli", *args], stdin=given, stdout=out,
                                 stderr=err, env={**os.environ, **(env or {})})
        timer = threading.Timer(timeout, os.kill, (child.pid, signal.SIGKILL))
        timer.start()
        peak = _PeakMemory(child.pid)
        peak.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            timer.cancel()
            peak.stop.set()
            peak.join()
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        seconds = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        cpu = usage.ru_utime + usage.ru_stime
        return Run(child.returncode, out.read().decode(), err.read().decode(), seconds, cpu, peak.mib)


class _PeakMemory(threading.Thread):
    """The child's own peak RSS, read from /proc while it runs: ``ru_maxrss`` would report the test
    process's peak instead, because Linux keeps it across fork and exec."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.mib, self.stop = pid, 0.0, threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                status = Path(f"/proc/{self.pid}/status").read_text()
            except OSError:
                return
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    self.mib = max(self.mib, int(line.split()[1]) / 1024)
            self.stop.wait(0.05)


@pytest.fixture(scope="module")
def ingested(hostile_corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> tuple[Run, Path]:
    """The corpus ingested once (no analysis: reading is the point) into a fresh store."""
    db = tmp_path_factory.mktemp("hostile-db") / "h.db"
    return concord("--db", str(db), "ingest", "--no-analyze", str(hostile_corpus.root), env=LIMITS), db


def test_the_run_ends_with_exit_code_1_and_no_traceback_in_bounded_time_and_memory(
    ingested: tuple[Run, Path]
) -> None:
    run, _ = ingested
    assert "Traceback" not in run.err + run.out
    assert run.code == 1, run.err[-2000:]
    assert run.cpu_seconds < MAX_CPU_SECONDS and run.peak_mib < MAX_MIB, (run.cpu_seconds, run.peak_mib)
    assert run.seconds < MAX_SECONDS


def test_one_stderr_line_per_quarantined_input_with_its_reason(hostile_corpus: Corpus, ingested: tuple[Run, Path]) -> None:
    run, _ = ingested
    lines = run.err.splitlines()
    assert all(line.startswith("  quarantined ") for line in lines), [x for x in lines if "quarantined" not in x]
    found = dict(re.fullmatch(r"  quarantined (.+?): (.+)", line).groups() for line in lines)  # type: ignore[union-attr]
    assert len(lines) == len(found) == len(hostile_corpus.bad)
    assert set(found) == set(hostile_corpus.bad)
    wrong = {source: found[source] for source, word in hostile_corpus.bad.items() if word not in found[source]}
    assert not wrong, wrong
    summary = f"{len(hostile_corpus.good)} ingested, 0 already stored, {len(hostile_corpus.bad)} quarantined"
    assert run.out.startswith(summary), run.out


def test_the_quarantine_holds_each_bad_input_once(hostile_corpus: Corpus, ingested: tuple[Run, Path]) -> None:
    _, db = ingested
    entries = json.loads(concord("--db", str(db), "quarantine", "--json").out)
    assert sorted(e["source"] for e in entries) == sorted(hostile_corpus.bad)
    assert all(e["reason"] and e["attempts"] == 1 for e in entries)


def test_every_good_record_is_kept_exactly_once(hostile_corpus: Corpus, ingested: tuple[Run, Path]) -> None:
    _, db = ingested
    listed = concord("--db", str(db), "articles", "--json", "--limit", "100000")
    numbers = [int(n) for a in json.loads(listed.out) for n in re.findall(r"report number (\d+)", a["text"])]
    assert sorted(numbers) == sorted(hostile_corpus.good)


def test_standard_input_keeps_its_good_lines(tmp_path: Path) -> None:
    stdin = b'{"text":"OSLO - a."}\n{"text":"broken\n{"text":"a NUL \x00"}\n{"text":"HELSINKI - b."}\n'
    run = concord("--db", str(tmp_path / "s.db"), "ingest", "--no-analyze", "--json", "-", stdin=stdin)
    report = json.loads(run.out)
    assert run.code == 1 and "Traceback" not in run.err
    assert report["ingested"] == 2 and [q["source"] for q in report["quarantined"]] == ["-:2", "-:3"]


def test_binary_standard_input_is_one_quarantine_line(tmp_path: Path) -> None:
    run = concord("--db", str(tmp_path / "s.db"), "ingest", "--no-analyze", "-", stdin=bytes(range(256)) * 4)
    assert run.code == 1 and run.err.splitlines() == ["  quarantined -: binary input: contains NUL bytes"]


@ROOT_READS_ALL
def test_unreadable_file_and_folder_are_quarantined(tmp_path: Path) -> None:
    root = tmp_path / "in"
    (root / "locked").mkdir(parents=True)
    (root / "locked" / "a.txt").write_text("PARIS - France held talks.")
    (root / "secret.txt").write_text("ROME - Italy held talks.")
    (root / "open.txt").write_text("MADRID - Spain held talks.")
    (root / "locked").chmod(0)
    (root / "secret.txt").chmod(0)
    try:
        run = concord("--db", str(tmp_path / "p.db"), "ingest", "--no-analyze", "--json", str(root))
    finally:
        (root / "locked").chmod(0o755)
    report = json.loads(run.out)
    assert run.code == 1 and report["ingested"] == 1
    assert {q["source"]: q["reason"] for q in report["quarantined"]} == {
        str(root / "locked"): "cannot read folder: Permission denied",
        str(root / "secret.txt"): "cannot read: Permission denied",
    }
