"""Throughput of ``concord batch`` with 1 and 2 Ray workers against plain ``concord ingest`` in the
same process, on real reports: the Multi-News sample (``../shared/clusters/multinews_sample.jsonl``,
its junk rows left out), repeated to the size asked for with each copy's text varied by a line.

    .venv/bin/python benchmarks/batch.py                 # 2,000 reports (long: hours on a loaded machine)
    .venv/bin/python benchmarks/batch.py --reports 200   # a quick look

Every run reads the same JSON Lines shards into a fresh SQLite store and ends with the reports
analysed and linked. Ray starts once before the timed runs (its start-up is not counted; each
run's actor warm-up is). Prints reports per second of each run and the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from concord.api import Concord
from concord.settings import load_settings

SAMPLE = Path(__file__).resolve().parents[1] / ".." / "shared" / "clusters" / "multinews_sample.jsonl"
FIELDS = ("title", "text", "date", "source", "url")


def write_shards(root: Path, reports: int, shard_size: int) -> list[str]:
    """The sample's real reports, repeated to ``reports`` (copy k gains a last line), as shards."""
    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    real = [{k: r[k] for k in FIELDS if r.get(k)} for r in rows if not r.get("junk")]
    out = []
    for n in range(reports):
        row = dict(real[n % len(real)])
        copy = n // len(real)
        if copy:
            row["text"] += f"\n\nThis report was filed again as archive copy {copy}."
        out.append(json.dumps(row) + "\n")
    root.mkdir(parents=True, exist_ok=True)
    shards = []
    for i in range(0, reports, shard_size):
        path = root / f"part-{i // shard_size:04d}.jsonl"
        path.write_text("".join(out[i: i + shard_size]), encoding="utf-8")
        shards.append(str(path))
    return shards


def timed(label: str, run: object) -> tuple[float, float]:
    """Run ``run`` (a callable returning a report), print its figures (a batch run also its rate
    before linking, which runs in one process); returns reports per second overall and before linking."""
    start = time.perf_counter()
    report = run()  # type: ignore[operator]
    seconds = time.perf_counter() - start
    done = len(report.ingested) + len(report.duplicates)
    rate = done / seconds
    linking = getattr(report, "link_seconds", 0.0)
    stage = f"; before linking {done / (seconds - linking):.2f} reports/s, linking {linking:.1f} s" if linking else ""
    print(f"{label:<28} {done:>6} reports  {seconds:>8.1f} s  {rate:>7.2f} reports/s{stage}  "
          f"(analysed {report.analysed}, quarantined {len(report.quarantined)})", flush=True)
    return rate, done / (seconds - linking)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--shard-size", type=int, default=50)
    parser.add_argument("--skip-ingest", action="store_true", help="leave out the plain-ingest baseline")
    args = parser.parse_args()
    if not SAMPLE.is_file():
        sys.exit(f"skipped: the Multi-News sample is not at {SAMPLE}")
    import ray

    settings = load_settings()
    with tempfile.TemporaryDirectory() as tmp:
        shards = write_shards(Path(tmp) / "shards", args.reports, args.shard_size)
        print(f"{args.reports} reports in {len(shards)} shards; load average {os.getloadavg()[0]:.1f} on "
              f"{os.cpu_count()} cores (a shared machine: only the ratios mean anything)", flush=True)
        ray.init(num_cpus=3, include_dashboard=False, log_to_driver=False, _node_ip_address="127.0.0.1")
        rates: dict[int, float] = {}
        stages: dict[int, float] = {}
        for workers in (1, 2):
            with Concord(Path(tmp) / f"batch{workers}.db", settings=settings) as concord:
                rates[workers], stages[workers] = timed(f"concord batch --workers {workers}",
                                                        lambda c=concord, w=workers: c.batch(shards, workers=w))
        if not args.skip_ingest:
            with Concord(Path(tmp) / "ingest.db", settings=settings) as concord:
                rates[0], _ = timed("concord ingest (baseline)", lambda c=concord: c.ingest(shards))
        ray.shutdown()
    print(f"2 workers / 1 worker: {rates[2] / rates[1]:.2f}x (goal >= 1.7); before linking "
          f"{stages[2] / stages[1]:.2f}x")
    if 0 in rates:
        print(f"batch 1 worker / ingest: {rates[1] / rates[0]:.2f}x; batch 2 workers / ingest: {rates[2] / rates[0]:.2f}x")


if __name__ == "__main__":
    main()
