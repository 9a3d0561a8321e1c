"""Benchmark: time and peak memory of near-duplicate detection plus same-event clustering.

The clustering is timed as :func:`concord.link.cluster.cluster_articles` runs it: every
article added in stream order, then the refinement pass splitting events that hold two, then one
consolidation pass merging events founded twice.

Streams of 1k, 10k and 100k articles are generated at run time by recombining the dev texts
in ``../shared/clusters`` (never copied into the repo): each synthetic event reuses one dev
story's reports with a random 70% of their sentences, shuffled, a shifted date and invented outlet names, at a
steady rate of events per day. Each size runs in a fresh process so peak RSS is its own.

    python benchmarks/cluster.py                     # 1000,10000,100000
    python benchmarks/cluster.py --sizes 1000,10000  # quicker
"""

from __future__ import annotations

import argparse
import math
import datetime as dt
import json
import os
import random
import re
import resource
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

from concord.errors import ConcordError
from concord.eval.clusters import pairwise_scores
from concord.link.cluster import ClusterConfig, EventClusterer, stream_order
from concord.link.dedup import DedupConfig, DuplicateIndex
from concord.model import Article

DEV_SETS = ("ecbplus.jsonl", "multinews_sample.jsonl")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def shared_dir() -> Path:
    """``CONCORD_SHARED`` or ``../shared`` next to the repository root."""
    env = os.environ.get("CONCORD_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[1] / ".." / "shared"


def load_stories(root: Path) -> list[list[str]]:
    """Dev stories (lists of report texts) with at least two non-junk reports, in file order."""
    stories: dict[str, list[str]] = defaultdict(list)
    for name in DEV_SETS:
        path = root / "clusters" / name
        if not path.is_file():
            raise ConcordError(f"dev set not found: {path} (set CONCORD_SHARED)")
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if not row.get("junk"):
                stories[row["cluster"]].append(row["text"])
    return [texts for texts in stories.values() if len(texts) >= 2]


def generate(stories: list[list[str]], n: int, per_day: int, seed: int = 7) -> list[tuple[Article, str]]:
    """``n`` (article, gold event) pairs: story reports re-dated, re-sourced, sentence-sampled and shuffled."""
    rng = random.Random(seed)
    start = dt.date(2020, 1, 1)
    out: list[tuple[Article, str]] = []
    event = 0
    while len(out) < n:
        texts = stories[event % len(stories)]
        day = start + dt.timedelta(days=len(out) // per_day)
        for k, text in enumerate(texts):
            if len(out) == n:
                break
            sentences = [s for s in _SENTENCE.split(text) if rng.random() < 0.7] or [text]
            rng.shuffle(sentences)
            aid = f"syn-{len(out)}"
            article = Article(
                id=aid,
                text=" ".join(sentences),
                source=f"outlet-{rng.randrange(200)}",
                date=day + dt.timedelta(days=rng.choice((0, 0, 1, 2)) if k else 0),
            )
            out.append((article, f"ev{event}"))
        event += 1
    return out


def run_one(n: int, per_day: int) -> dict[str, float]:
    """Cluster one generated stream of ``n`` articles; return timing, peak RSS and accuracy."""
    items = generate(load_stories(shared_dir()), n, per_day)
    ordered = stream_order(items, lambda item: item[0].date)
    dedup = DuplicateIndex(DedupConfig())
    config = ClusterConfig()
    clusterer = EventClusterer(config)
    begin, cpu_begin = time.perf_counter(), time.process_time()
    for article, _ in ordered:
        clusterer.add(article, None, duplicate_of=dedup.add(article))
    if config.refine:  # as cluster_articles does: split events that hold two, then merge the founded-twice
        by_id = {article.id: (article, None) for article, _ in ordered}
        clusterer.refine(by_id.__getitem__)
    if config.consolidate:
        clusterer.consolidate()
    seconds = time.perf_counter() - begin
    cpu = time.process_time() - cpu_begin
    predicted = {aid: eid for eid, members in clusterer.clusters().items() for aid in members}
    gold = {article.id: label for article, label in items}
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "n": n,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "per_article_ms": 1000 * seconds / n,
        "peak_rss_mib": peak_kib / 1024,
        "events": len(set(predicted.values())),
        "pairwise_f1": pairwise_scores(gold, predicted)["f1"],
    }


def main(argv: list[str] | None = None) -> int:
    """Run every size in its own process and print a table with CPU-time growth ratios per 10x."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated stream sizes")
    parser.add_argument("--per-day", type=int, default=60, help="articles per simulated day")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one, args.per_day)))
        return 0
    try:
        sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    except ValueError:
        parser.error(f"bad --sizes {args.sizes!r}")
    if not sizes or min(sizes) < 10:
        parser.error("sizes must be integers >= 10")
    rows = []
    for n in sizes:
        done = subprocess.run(
            [sys.executable, __file__, "--one", str(n), "--per-day", str(args.per_day)],
            capture_output=True, text=True, check=False,
        )
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            return 1
        rows.append(json.loads(done.stdout))
    print(f"{'articles':>9} {'seconds':>9} {'cpu s':>9} {'ms/art':>7} {'peak MiB':>9} {'events':>7} {'pair F1':>7} {'x cpu per 10x':>15}")
    for i, row in enumerate(rows):
        growth = ""
        if i:
            prev = rows[i - 1]
            factor = (row["cpu_seconds"] / prev["cpu_seconds"]) ** (1 / math.log10(row["n"] / prev["n"]))
            growth = f"{factor:.1f}x"
        print(
            f"{row['n']:>9} {row['seconds']:>9.1f} {row['cpu_seconds']:>9.1f} {row['per_article_ms']:>7.2f} {row['peak_rss_mib']:>9.0f} "
            f"{row['events']:>7} {row['pairwise_f1']:>7.3f} {growth:>15}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
