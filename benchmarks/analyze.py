"""concord's ingest against bare spaCy on the same texts, with the same number of processes, in one run.

Two corpora: the longest real reports of the Multi-News sample (``../shared/clusters/multinews_sample.jsonl``,
junk rows left out) and the example corpus shipped with concord. Each is first stored without
analysis (reading and normalising; timed) to get the texts concord analyses; then, for 1 and 2
processes, back to back:

* bare ``nlp.pipe`` of those texts (``n_process`` = processes) with the spaCy pipeline concord loads as a
  user would run it: ``spacy.load`` of the same package, without the components concord adds or swaps;
* concord's analysis and linking of the stored reports (``analyse_pending`` with ``workers`` =
  processes, then ``link_pending``, which also compares the reports of every event with two or more,
  embedding their claims first).

Prints wall and CPU seconds (CPU: this process and its reaped workers; the machine may be shared, so
CPU time and the ratios of pairs timed back to back mean more than wall time), the ratios bare /
concord (goal >= 1.0 with 2 processes, >= 0.8 with 1) and the peak resident memory of the process
doing the analysis (VmHWM, reset before the run; for 2 processes the largest worker's, sampled while
it runs; a worker forked from this process counts the pages it shares with it). Each figure is the best of ``--repeat`` runs. Usage:

    .venv/bin/python benchmarks/analyze.py [--articles 60] [--repeat 2] [--coder model] [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import spacy
from spacy.language import Language

from concord.analyze.nlp import load_nlp
from concord.api import EXAMPLES_DIR
from concord.model import Article
from concord.pipeline import analyse_pending, link_pending, run_ingest
from concord.settings import Settings
from concord.store import open_store

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CONCORD_SHARED", REPO.parent / "shared"))
NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)


def multinews_file(path: Path, count: int, folder: Path) -> Path:
    """The ``count`` longest non-junk Multi-News reports as a JSON Lines file to ingest."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if not r.get("junk") and (r.get("text") or "").strip()]
    rows.sort(key=lambda r: -len(r["text"]))
    out = folder / "multinews_longest.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for row in rows[:count]:
            fh.write(json.dumps({"id": row["id"], "title": row.get("title"), "text": row["text"],
                                 "date": row.get("date"), "source": row.get("source")}) + "\n")
    return out


def cpu_seconds() -> float:
    """User + system CPU of this process and of every worker it has reaped."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed(run: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds of one call."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    run()
    return time.perf_counter() - wall, cpu_seconds() - cpu


def peak_rss_mib(pid: int | str = "self") -> float:
    """A process's peak resident memory (VmHWM) in MiB; 0 when it has gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    return next((int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM:")), 0.0)


def reset_peak_rss() -> None:
    """Start this process's peak resident memory afresh (Linux: ``5`` to ``/proc/self/clear_refs``)."""
    Path("/proc/self/clear_refs").write_text("5")


class WorkerPeaks(threading.Thread):
    """Samples the peak resident memory of this process's child processes until stopped."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peaks: dict[int, float] = {}
        self.done = threading.Event()

    def run(self) -> None:
        me = os.getpid()
        while not self.done.wait(0.2):
            for entry in Path("/proc").iterdir():
                try:
                    if entry.name.isdigit() and int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == me:
                        self.peaks[int(entry.name)] = max(self.peaks.get(int(entry.name), 0.0), peak_rss_mib(entry.name))
                except (OSError, IndexError, ValueError):
                    continue

    def largest(self) -> float:
        self.done.set()
        self.join()
        return max(self.peaks.values(), default=0.0)


def stored(source: Path, settings: Settings, db: Path) -> tuple[list[Article], float]:
    """Ingest ``source`` without analysis into ``db``; the stored articles and the CPU seconds it took."""
    store = open_store(str(db))
    try:
        cpu = cpu_seconds()
        run_ingest([str(source)], store, settings.replace(analyze=False), now=NOW)
        cpu = cpu_seconds() - cpu
        return store.unanalysed(), cpu
    finally:
        store.close()


def plain_nlp(settings: Settings) -> Language:
    """The spaCy package concord loads, as ``spacy.load`` gives it (none of concord's components)."""
    meta = load_nlp(settings.spacy_models).meta
    return spacy.load(f"{meta['lang']}_{meta['name']}")


def concord_run(db: Path, settings: Settings) -> None:
    """Analyse and link every stored report of ``db`` (what ``concord ingest`` does after storing)."""
    store = open_store(str(db))
    try:
        analyse_pending(store, settings)
        link_pending(store)
    finally:
        store.close()


def measure(source: Path, processes: int, args: argparse.Namespace, work: Path) -> dict[str, float]:
    """Best-of-repeat bare and concord figures for one corpus and process count."""
    settings = Settings(event_coder=args.coder, workers=processes)
    nlp = plain_nlp(settings)
    best: dict[str, float] = {}
    for run in range(args.repeat):
        db = work / f"{source.stem}-{processes}-{run}.db"
        articles, store_cpu = stored(source, settings, db)
        texts = [a.text for a in articles if a.language == "en"]
        if processes == 1:
            reset_peak_rss()
            concord = timed(lambda: concord_run(db, settings))
            rss = peak_rss_mib()
        else:
            sampler = WorkerPeaks()
            sampler.start()
            concord = timed(lambda: concord_run(db, settings))
            rss = sampler.largest()
        bare = timed(lambda: list(nlp.pipe(texts, batch_size=32, n_process=processes)))
        figures = {"bare_wall": bare[0], "bare_cpu": bare[1], "concord_wall": concord[0], "concord_cpu": concord[1],
                   "store_cpu": store_cpu, "peak_rss_mib": rss}
        for key, value in figures.items():
            best[key] = value if key == "peak_rss_mib" else min(best.get(key, value), value)
        best["reports"], best["english"] = len(articles), len(texts)
        best["words"] = sum(len(t.split()) for t in texts) / max(len(texts), 1)
    best["ratio_wall"] = best["bare_wall"] / best["concord_wall"]
    best["ratio_cpu"] = best["bare_cpu"] / best["concord_cpu"]
    return best


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--file", type=Path, default=SHARED / "clusters" / "multinews_sample.jsonl")
    parser.add_argument("--articles", type=int, default=60, help="longest Multi-News reports to take")
    parser.add_argument("--repeat", type=int, default=2, help="runs per figure; the best counts")
    parser.add_argument("--coder", default="model", help="event_coder setting (model, features, rules)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        corpora = {"examples": EXAMPLES_DIR}
        if args.file.is_file():
            corpora = {"multinews": multinews_file(args.file, args.articles, work), **corpora}
        else:
            print(f"skipping Multi-News: {args.file} not found (set CONCORD_SHARED)")
        warm = work / "warm.db"  # lexicons, knowledge base, coder and encoders loaded before timing
        stored(corpora["examples"], Settings(), warm)
        concord_run(warm, Settings(event_coder=args.coder, workers=1))
        for processes in (1, 2):
            for name, source in corpora.items():
                results[f"{name}/{processes}_process"] = measure(source, processes, args, work)
    if args.json:
        print(json.dumps({key: {k: round(v, 3) for k, v in row.items()} for key, row in results.items()}))
        return
    for key, row in results.items():
        print(f"{key:24s} {row['reports']:.0f} reports, {row['words']:.0f} words each: "
              f"bare nlp.pipe {row['bare_wall']:6.1f} s wall {row['bare_cpu']:6.1f} s CPU | "
              f"concord analyse+link {row['concord_wall']:6.1f} s wall {row['concord_cpu']:6.1f} s CPU "
              f"(storing {row['store_cpu']:.1f} s CPU) | ratio bare/concord wall {row['ratio_wall']:.2f} "
              f"CPU {row['ratio_cpu']:.2f} | peak RSS {row['peak_rss_mib']:.0f} MiB")


if __name__ == "__main__":
    main()
