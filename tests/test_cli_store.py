"""A store the CLI cannot use right now or at all (issue #12 F4): a busy store is waited for with a
message and then given up on in one line; creating a store is race-free; a read-only file,
/dev/null and a folder are one-line errors; never a traceback."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from concord.store import open_store

WAITING = "waiting for another concord process to finish writing"


def cli(db: str, *args: str, timeout: float | None = None, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    """``concord --db DB ARGS…`` in a process of its own, with ``store_timeout`` set if given."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONCORD_")}
    if timeout is not None:
        env["CONCORD_STORE_TIMEOUT"] = str(timeout)
    command = [*prefix, sys.executable, "-m", "concord.cli", "--db", db, *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def test_a_busy_store_is_waited_for_then_given_up_in_one_line(new_store_url: Callable[[], str]) -> None:
    db = new_store_url()
    holder = open_store(db)
    with holder.linking():  # another process holds the linker's (SQLite: the writer's) lock
        started = time.monotonic()
        done = cli(db, "recluster", "--json", timeout=1)
        waited = time.monotonic() - started
    holder.close()
    assert done.returncode == 1 and "Traceback" not in done.stderr
    first, last = lines(done.stderr)
    assert first.startswith(WAITING) and "store_timeout" in first
    assert "is busy" in last and "store_timeout" in last
    assert waited >= 1


def test_a_busy_store_that_frees_up_in_time_goes_ahead(new_store_url: Callable[[], str]) -> None:
    db = new_store_url()
    holder = open_store(db)
    with holder.linking():
        process = subprocess.Popen([sys.executable, "-m", "concord.cli", "--db", db, "recluster", "--json"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(3)
    holder.close()
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert lines(err) == [lines(err)[0]] and lines(err)[0].startswith(WAITING) and out.strip()


STARTER = """
import sys, time
from concord.cli import main
start = float(sys.argv[1])
sys.argv = ["concord", "--db", sys.argv[2], "stats", "--json"]
time.sleep(max(0.0, start - time.time()))
main()
"""


def test_processes_creating_one_new_store_at_once_all_succeed(new_store_url: Callable[[], str]) -> None:
    db = new_store_url()
    start = time.time() + 4  # after every process has imported concord
    runs = [subprocess.Popen([sys.executable, "-c", STARTER, str(start), db], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(6)]
    results = [(run.wait(timeout=120), *run.communicate()) for run in runs]
    assert [code for code, _, _ in results] == [0] * 6, [err for _, _, err in results]
    assert all("already exists" not in err and "Traceback" not in err for _, _, err in results)
    assert {out.count('"schema_version"') for _, out, _ in results} == {1}


def test_dev_null_and_a_folder_are_not_stores(tmp_path: Path) -> None:
    for db in ("/dev/null", str(tmp_path)):
        done = cli(db, "stats")
        assert done.returncode == 1 and lines(done.stderr) == [f"error: {db} is not a regular file; give --db a file"
                                                               " path (or a postgresql:// URL)"]


def test_a_read_only_store_is_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    db = str(folder / "ro.db")
    open_store(db).close()
    report = tmp_path / "r.txt"
    report.write_text("PARIS, May 1 - France and Spain held talks.")
    os.chmod(db, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    os.chmod(folder, stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP)
    prefix: tuple[str, ...] = ()
    if os.geteuid() == 0:  # root writes anyway: drop the capability that lets it
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: a read-only file cannot be made")
        prefix = (setpriv, "--bounding-set=-dac_override,-dac_read_search")
    try:
        for args in (("stats",), ("ingest", "--no-analyze", str(report))):
            done = cli(db, *args, prefix=prefix)
            assert done.returncode == 1 and lines(done.stderr) == [
                f"error: {db} is read-only: concord needs to write to its store and the folder it is in"]
    finally:
        os.chmod(folder, stat.S_IRWXU)
