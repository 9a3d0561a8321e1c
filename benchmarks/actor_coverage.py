"""How many actor slots of the events concord makes from real reporting carry a country and a
canonical id, and which names are left without one (issue #17's "most US political actors get no
country").

Ingests the Multi-News sample of ``../shared/clusters/`` (real reports, many of them US politics) into
a fresh store through the normal pipeline and prints, over every actor and recipient of every event:
the share with a country, the share with a knowledge-base id (not an ``x:`` id), the name variants
per id, and the most frequent names without a country. ``--half a`` / ``--half b`` take one half of the
story clusters (split by a hash of the cluster id), so rules read off one half's misses can be checked on
the other; ``--misses`` lists every slot without a country with the sentence it came from.

    .venv/bin/python benchmarks/actor_coverage.py [--limit N] [--half a|b] [--misses]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import zlib
from collections import Counter, defaultdict
from pathlib import Path

from concord import Concord
from concord.model import Actor

SAMPLE = Path(__file__).resolve().parent.parent.parent / "shared" / "clusters" / "multinews_sample.jsonl"


def in_half(row: dict[str, object], half: str | None) -> bool:
    """Whether a report's story cluster falls in the chosen half (every report when none is chosen)."""
    if half is None:
        return True
    parity = zlib.crc32(str(row.get("cluster") or row.get("id")).encode()) % 2
    return parity == (0 if half == "a" else 1)


def print_misses(concord: Concord, slots: list[Actor]) -> None:
    """One line per slot without a country: name, kind, id, role, and the sentence of its first citation."""
    print("-- slots without a country: name | kind | id | role | sentence")
    for actor in slots:
        cite = actor.citations[0] if actor.citations else None
        context = ""
        if cite is not None:
            text = concord.article(cite.article_id).text
            lo, hi = text.rfind("\n", 0, cite.start) + 1, text.find("\n", cite.end)
            context = " ".join(text[max(lo, cite.start - 160):hi if hi > 0 else cite.end + 160][:320].split())
        print(f"{actor.name} | {actor.kind} | {actor.id} | {actor.role} | {context}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles (0: all)")
    parser.add_argument("--half", choices=("a", "b"), help="only the clusters of one half (a: even hash, b: odd)")
    parser.add_argument("--misses", action="store_true", help="list every slot without a country, with its sentence")
    args = parser.parse_args()
    if not SAMPLE.exists():
        print(f"skipped: {SAMPLE} is not there (the shared data sets sit beside the project)")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        rows = [json.loads(line) for line in SAMPLE.open(encoding="utf-8")]
        rows = [r for r in rows if not r.get("junk") and in_half(r, args.half)][: args.limit or None]
        feed = Path(tmp) / "sample.jsonl"
        feed.write_text("".join(json.dumps({k: r.get(k) for k in ("id", "title", "text", "date", "source", "url")})
                                + "\n" for r in rows), encoding="utf-8")
        with Concord(Path(tmp) / "coverage.db") as concord:
            concord.ingest([str(feed)])
            events = concord.events(limit=100_000)
            if args.misses:
                print_misses(concord, [a for e in events for a in (*e.actor, *e.recipient) if not a.country])
    slots = [a for e in events for a in (*e.actor, *e.recipient)]
    with_country = sum(1 for a in slots if a.country)
    known = sum(1 for a in slots if a.id and not a.id.startswith("x:"))
    names: dict[str, set[str]] = defaultdict(set)
    for a in slots:
        names[a.id or a.name].add(a.name)
    missing = Counter(a.name for a in slots if not a.country)
    print(f"reports: {len(rows)}, events: {len(events)}, actor slots: {len(slots)}")
    print(f"with a country: {with_country} ({with_country / max(len(slots), 1):.1%})")
    print(f"with a knowledge-base id: {known} ({known / max(len(slots), 1):.1%})")
    print(f"distinct actors: {len(names)}; ids named more than one way: {sum(len(v) > 1 for v in names.values())}")
    print("most frequent names without a country:", ", ".join(f"{n} ({c})" for n, c in missing.most_common(15)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
