"""Ingestion throughput: generated plain-text reports through iter_records + build_article.

Usage: python benchmarks/ingest.py [--n 1000] [--seed 7] [--json]

Prints articles/s on one core, the ratio to a baseline measured in the same run (only reading
and decoding the same files), peak Python heap (tracemalloc, a separate pass so it does not
slow the timed one) and peak RSS. With concord.store.sqlite available, also times ingest into
a temporary SQLite database. The goal is >= 200 articles/s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from concord.ingest import RawRecord, build_article, iter_records
from concord.ingest.decode import decode_bytes
from concord.settings import Settings

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.timezone.utc)

PLACES = [("New Delhi", "India"), ("Washington", "US"), ("Tokyo", "Japan"), ("Nairobi", "Kenya"),
          ("Brasilia", "Brazil"), ("Canberra", "Australia"), ("Berlin", "Germany"), ("Jakarta", "Indonesia"),
          ("Ottawa", "Canada"), ("Seoul", "South Korea"), ("Cairo", "Egypt"), ("Warsaw", "Poland")]  # fmt: skip
AGENCIES = ["ANI", "Reuters", "AFP", "AP", "Xinhua", "IANS", "Kyodo", "Yonhap"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]  # fmt: skip
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ROLES = ["foreign minister", "defence minister", "trade secretary", "prime minister", "finance minister",
         "national security adviser", "energy minister", "interior minister"]  # fmt: skip
NAMES = ["Asha Verma", "Tomas Lindqvist", "Keiko Arai", "Daniel Mwangi", "Lucia Ferreira", "Omar Haddad",
         "Grace Okafor", "Piotr Nowak", "Mei Lin", "Rafael Ortiz", "Ingrid Solberg", "Hamid Karimi"]  # fmt: skip
TOPICS = ["maritime security", "grain exports", "semiconductor supply chains", "climate finance",
          "border management", "civil aviation", "vaccine production", "critical minerals",
          "counter-terrorism cooperation", "space research", "rail infrastructure", "cyber defence"]  # fmt: skip
ACTIONS = ["held talks on", "signed a memorandum on", "agreed to expand cooperation on",
           "announced a joint working group on", "discussed ways to deepen ties in", "reviewed progress on"]  # fmt: skip
OPENERS = [
    "{who}, the {role} of {c1}, {action} {topic} with a visiting delegation from {c2}.",
    "Officials from {c1} and {c2} {action} {topic} during a meeting that lasted several hours.",
    "The {role} of {c1}, {who}, said on {day} that talks with {c2} on {topic} had gone well.",
    "{c1} and {c2} {action} {topic}, according to a statement released after the meeting.",
]
MIDDLES = [
    "Both sides described the discussion as frank and said further rounds would follow before the end of the year.",
    "A joint statement listed {n} areas where the two governments intend to work more closely.",
    "The talks come after {c2} raised concerns last month about delays in earlier projects.",
    "Analysts said the meeting signalled a shift in priorities for {c1} after a period of tension.",
    "{who} told reporters that the agreement would be reviewed by an expert committee in {month}.",
    "The delegation also visited a research centre and met business leaders in the capital.",
    "Earlier rounds of the dialogue took place in {year_a} and {year_b}, officials recalled.",
    "Opposition lawmakers in {c1} questioned the cost of the plan and asked for more detail.",
    "The ministry said {n} officials took part, including senior diplomats from both countries.",
    "Neither side gave a timeline, but a follow-up meeting is expected within {n} months.",
]
CLOSERS = [
    "The next round of talks is scheduled to take place in {c2}.",
    "Officials declined to comment on the financial terms of the arrangement.",
    "Further details are expected to be published by the foreign ministry next week.",
]


def make_article(rng: random.Random, i: int) -> str:
    """One generated report: optional metadata header, a dateline in one of several styles, 3-6 paragraphs."""
    (place, country), (_, c2) = rng.sample(PLACES, 2)
    month_i, day = rng.randrange(12), rng.randint(1, 28)
    fill = {
        "who": rng.choice(NAMES), "role": rng.choice(ROLES), "c1": country, "c2": c2, "topic": rng.choice(TOPICS),
        "action": rng.choice(ACTIONS), "day": rng.choice(WEEKDAYS), "n": rng.randint(2, 12),
        "month": rng.choice(MONTHS), "year_a": rng.randint(2005, 2015), "year_b": rng.randint(2016, 2024),
    }  # fmt: skip
    agency = rng.choice(AGENCIES)
    style = i % 4
    if style == 0:
        dateline = f"{place} [{country}], {MONTHS[month_i]} {day} ({agency}):"
    elif style == 1:
        dateline = f"{place.upper()} ({agency}) -"
    elif style == 2:
        dateline = f"{place.upper()}, {MONTHS[month_i][:3]} {day} ({agency}) -"
    else:
        dateline = f"{place}, {day} {MONTHS[month_i]}:"
    paragraphs = [f"{dateline} {rng.choice(OPENERS).format(**fill)}"]
    for _ in range(rng.randint(2, 5)):
        sentences = rng.sample(MIDDLES, rng.randint(2, 4))
        paragraphs.append(" ".join(s.format(**fill) for s in sentences))
    paragraphs.append(rng.choice(CLOSERS).format(**fill))
    header = f"title: Talks on {fill['topic']} (report {i})\ndate: 2024-{month_i + 1:02d}-{day:02d}\n\n" if i % 3 == 0 else ""
    return header + "\n\n".join(paragraphs) + f"\n\nReport number {i}.\n"


def write_corpus(root: Path, n: int, seed: int) -> int:
    """Write ``n`` generated reports under ``root``; returns the total bytes written."""
    rng = random.Random(seed)
    total = 0
    for i in range(n):
        data = make_article(rng, i).encode("utf-8")
        (root / f"{i // 100:02d}").mkdir(exist_ok=True)
        (root / f"{i // 100:02d}" / f"report_{i:05d}.txt").write_bytes(data)
        total += len(data)
    return total


def baseline(root: Path) -> int:
    """Only read and decode every file (the floor any ingestion pays)."""
    count = 0
    for path in sorted(root.rglob("*.txt")):
        decode_bytes(path.read_bytes(), str(path))
        count += 1
    return count


def ingest(root: Path, settings: Settings, sink: Callable[[Any], object] | None = None) -> int:
    """iter_records + build_article over ``root``; each article goes to ``sink`` if given."""
    count = 0
    for record in iter_records([str(root)], settings):
        if not isinstance(record, RawRecord):
            raise SystemExit(f"benchmark corpus produced an input error: {record}")
        article = build_article(record, settings, NOW)
        if sink is not None:
            sink(article)
        count += 1
    return count


def timed(fn: Callable[[], int]) -> tuple[int, float]:
    start = time.perf_counter()
    count = fn()
    return count, time.perf_counter() - start


def store_figure(root: Path, settings: Settings) -> dict[str, Any]:
    """Articles/s into a temporary SQLite store, if the store module exists yet."""
    try:
        from concord.store.sqlite import SQLiteStore  # type: ignore[import-not-found]
    except ImportError as exc:
        return {"skipped": f"concord.store.sqlite.SQLiteStore not importable yet ({exc})"}
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(str(Path(tmp) / "bench.db"))
        count, seconds = timed(lambda: ingest(root, settings, store.add_article))
        close = getattr(store, "close", None)
        if callable(close):
            close()
    return {"articles": count, "seconds": round(seconds, 3), "articles_per_s": round(count / seconds, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="articles to generate (default 1000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    settings = Settings()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "corpus"
        root.mkdir()
        size = write_corpus(root, args.n, args.seed)
        warm = root.parent / "warm"
        warm.mkdir()
        write_corpus(warm, 5, args.seed + 1)
        _, warmup_s = timed(lambda: ingest(warm, settings))  # lazy loads: word list, langdetect, ...
        base_n, base_s = timed(lambda: baseline(root))
        count, seconds = timed(lambda: ingest(root, settings))
        tracemalloc.start()
        ingest(root, settings)
        _, peak_heap = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        stored = store_figure(root, settings)
    rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = {
        "articles": count,
        "corpus_bytes": size,
        "cpu_cores": 1,
        "warmup_s": round(warmup_s, 3),
        "ingest_s": round(seconds, 3),
        "articles_per_s": round(count / seconds, 1),
        "baseline_articles_per_s": round(base_n / base_s, 1),
        "ratio_to_baseline": round((base_s / base_n) / (seconds / count), 4),
        "peak_heap_kib": round(peak_heap / 1024, 1),
        "peak_rss_mib": round(rss_kib / 1024, 1),
        "goal_articles_per_s": 200,
        "store": stored,
    }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>24}: {value}")
    return 0 if result["articles_per_s"] >= 200 else 1


if __name__ == "__main__":
    sys.exit(main())
