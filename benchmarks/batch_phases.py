"""Where a ``concord batch`` run's time goes, 1 worker and then 2: when each analysis actor starts,
its warm-up and every call it makes (wall and CPU seconds, timed inside the actor), the driver's
store writes, linking and comparing (wall and CPU), and each comparison a Ray worker makes (CPU,
timed inside it), on the Multi-News reports of ``batch.py``.

    .venv/bin/python benchmarks/batch_phases.py --reports 100 --shard-size 10

CPU seconds do not stretch when other jobs hold the cores; the wall-clock ratio does. The
"critical path" line adds, per run, the longest actor's warm-up and analysis CPU, the linking CPU
and the comparing CPU (the driver's, plus the busiest comparing worker's): the run's length on
otherwise idle cores.
"""

from __future__ import annotations

import argparse
import functools
import os
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import concord.batch.run as run
from batch import SAMPLE, write_shards  # the sibling benchmark (this folder is on sys.path)
from concord.api import Concord
from concord.batch.work import Analyser, compare_job
from concord.settings import load_settings

#: Where the actors append their timings (one line per warm-up or call).
LOG = Path(tempfile.gettempdir()) / f"concord-batch-phases-{os.getpid()}.log"


class TimedAnalyser(Analyser):
    """The analysis actor, appending ``pid kind start wall cpu`` to :data:`LOG` for its warm-up and each call."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        began, cpu = time.time(), time.process_time()
        super().__init__(*args, **kwargs)
        _log(f"{os.getpid()} init {began:.2f} {time.time() - began:.2f} {time.process_time() - cpu:.2f}")

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[bytes]]:
        began, cpu = time.time(), time.process_time()
        out = super().__call__(batch)
        _log(f"{os.getpid()} call {began:.2f} {time.time() - began:.2f} {time.process_time() - cpu:.2f}")
        return out


def timed_compare_job(job: bytes) -> bytes:
    """The comparison job of the Ray workers, appending ``pid compare start wall cpu`` to :data:`LOG`."""
    began, cpu = time.time(), time.process_time()
    out = compare_job(job)
    _log(f"{os.getpid()} compare {began:.2f} {time.time() - began:.2f} {time.process_time() - cpu:.2f}")
    return out


def _log(line: str) -> None:
    with LOG.open("a", encoding="utf-8") as out:
        out.write(line + "\n")


def timed(phases: dict[str, tuple[float, float]], name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function``, recording its wall and CPU seconds under ``name`` in ``phases``."""
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        began, cpu = time.monotonic(), time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            phases[name] = (time.monotonic() - began, time.process_time() - cpu)
    return wrapper


def actor_figures(start: float) -> tuple[list[str], float, float]:
    """Per actor: start, warm-up and analysis (wall, CPU) since ``start``, and per comparing worker
    its comparisons; the longest actor's warm-up plus analysis CPU, and the busiest comparing
    worker's CPU."""
    actors: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for line in LOG.read_text(encoding="utf-8").splitlines():
        pid, kind, began, wall, cpu = line.split()
        actors[pid][kind].append(float(began) - start)
        actors[pid][kind + " wall"].append(float(wall))
        actors[pid][kind + " cpu"].append(float(cpu))
    lines, longest, comparing = [], 0.0, 0.0
    for pid, seen in actors.items():
        if seen["compare"]:
            comparing = max(comparing, sum(seen["compare cpu"]))
            lines.append(f"    comparing worker {pid}: {len(seen['compare'])} events, {sum(seen['compare wall']):.1f} s "
                         f"({sum(seen['compare cpu']):.1f} s CPU)")
            continue
        busy = sum(seen["init cpu"]) + sum(seen["call cpu"])
        longest = max(longest, busy)
        lines.append(f"    actor {pid}: started {min(seen['init'], default=0):.1f} s into the run, warm-up "
                     f"{sum(seen['init wall']):.1f} s ({sum(seen['init cpu']):.1f} s CPU), {len(seen['call'])} calls "
                     f"{sum(seen['call wall']):.1f} s ({sum(seen['call cpu']):.1f} s CPU), last one done at "
                     f"{max((b + w for b, w in zip(seen['call'], seen['call wall'], strict=True)), default=0.0):.1f} s")
    return lines, longest, comparing


def one_run(shards: list[str], folder: Path, workers: int) -> float:
    """One batch run into a fresh store, its figures printed; returns its critical-path CPU seconds."""
    phases: dict[str, tuple[float, float]] = {}
    run._write = timed(phases, "store writes (driver, during the analysis)", run._write)  # type: ignore[attr-defined]
    run.link_pending = timed(phases, "linking (driver, after the analysis)", run.link_pending)  # type: ignore[attr-defined]
    run._compare = timed(phases, "comparing (driver: its own comparisons or storing the workers')", run._compare)  # type: ignore[attr-defined]
    LOG.write_text("", encoding="utf-8")
    start = time.time()
    with Concord(folder / f"phases{workers}.db", settings=load_settings()) as concord:
        report = concord.batch(shards, workers=workers)
    wall = time.time() - start
    done = len(report.ingested) + len(report.duplicates)
    print(f"{workers} worker(s): {done} reports in {wall:.1f} s, {done / wall:.3f} reports/s, load average "
          f"{os.getloadavg()[0]:.1f}", flush=True)
    lines, longest, comparing = actor_figures(start)
    print("\n".join(lines))
    for name, (seconds, cpu) in phases.items():
        print(f"    {name}: {seconds:.1f} s ({cpu:.1f} s CPU)")
    path = (longest + phases["linking (driver, after the analysis)"][1]
            + phases["comparing (driver: its own comparisons or storing the workers')"][1] + comparing)
    print(f"    critical path: {path:.1f} s CPU", flush=True)
    run._write, run.link_pending = run._write.__wrapped__, run.link_pending.__wrapped__  # type: ignore[attr-defined]
    run._compare = run._compare.__wrapped__  # type: ignore[attr-defined]
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--shard-size", type=int, default=10)
    args = parser.parse_args()
    if not SAMPLE.is_file():
        raise SystemExit(f"skipped: the Multi-News sample is not at {SAMPLE}")
    import ray

    run.Analyser = TimedAnalyser  # type: ignore[attr-defined]
    run.compare_job = timed_compare_job  # type: ignore[attr-defined]
    with tempfile.TemporaryDirectory() as tmp:
        shards = write_shards(Path(tmp) / "shards", args.reports, args.shard_size)
        ray.init(num_cpus=3, include_dashboard=False, log_to_driver=False, _node_ip_address="127.0.0.1")
        paths = {workers: one_run(shards, Path(tmp), workers) for workers in (1, 2)}
        ray.shutdown()
    LOG.unlink(missing_ok=True)
    print(f"critical path, 1 worker / 2 workers: {paths[1] / paths[2]:.2f}x")


if __name__ == "__main__":
    main()
