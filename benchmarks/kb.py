"""Actor knowledge base: load time and lookup cost.

Usage: python benchmarks/kb.py [--repeat 3] [--lookups 20000] [--json]

Prints the time to load the small tables (places, agents, organisations, sectors) and the actor
table (wall and CPU seconds, best of ``--repeat`` fresh loads in this process), then lookups per
second of ``actors_named``, ``place`` and ``country`` on a mix of names from the tables and names
they do not hold, each with its ratio to a plain dict lookup of the same keys (the baseline,
measured in the same run), and the lookup cost per article: every run of capitalised words in the
example corpus looked up as an actor and as a place.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from concord.kb import KnowledgeBase

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"
_NAMES = re.compile(r"\b[A-Z][\w'-]+(?:\s+(?:of\s+|the\s+)?[A-Z][\w'-]+)*")


def _timed(work: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """Best wall and CPU seconds of ``repeat`` runs of ``work``."""
    best_wall, best_cpu = float("inf"), float("inf")
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        best_wall, best_cpu = min(best_wall, time.perf_counter() - wall), min(best_cpu, time.process_time() - cpu)
    return best_wall, best_cpu


def _rate(lookup: Callable[[str], Any], keys: list[str]) -> float:
    """Lookups per second over ``keys``."""
    start = time.perf_counter()
    for key in keys:
        lookup(key)
    return len(keys) / (time.perf_counter() - start)


def _keys(kb: KnowledgeBase, n: int) -> dict[str, list[str]]:
    """Lookup keys: names the tables hold (half) and names they do not (half), shuffled."""
    rng = random.Random(7)
    table = kb.actor_table
    actor_names = [row.actor.name for row in rng.sample(list(table.rows.values()), min(n, len(table.rows)))]
    misses = [f"Unknown Person {i}" for i in range(len(actor_names))]
    places = list(kb.country_aliases) * (n // max(len(kb.country_aliases), 1) + 1)
    mixed = {"actors_named": actor_names[: n // 2] + misses[: n // 2], "place": places[: n // 2] + misses[: n // 2],
             "country": places[: n // 2] + misses[: n // 2]}
    for keys in mixed.values():
        rng.shuffle(keys)
    return mixed


def _per_article(kb: KnowledgeBase) -> dict[str, float]:
    """Lookup cost per article of the example corpus: each run of capitalised words as an actor and a place."""
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(CORPUS.iterdir()) if p.is_file()]
    names = [[m.group(0) for m in _NAMES.finditer(text)] for text in texts]
    start = time.perf_counter()
    for found in names:
        for name in found:
            kb.actors_named(name)
            kb.place(name)
    seconds = time.perf_counter() - start
    total = sum(map(len, names))
    return {"articles": len(texts), "names_per_article": round(total / len(texts), 1),
            "ms_per_article": round(1000 * seconds / len(texts), 3)}


def run(repeat: int, lookups: int) -> dict[str, Any]:
    """Every figure of the benchmark."""
    small_wall, small_cpu = _timed(KnowledgeBase, repeat)
    actors_wall, actors_cpu = _timed(lambda: len(KnowledgeBase()), repeat)
    kb = KnowledgeBase()
    figures: dict[str, Any] = {
        "actors": len(kb), "place_rows": len(kb.gazetteer.places), "country_aliases": len(kb.country_aliases),
        "load_small_tables_s": {"wall": round(small_wall, 3), "cpu": round(small_cpu, 3)},
        "load_with_actors_s": {"wall": round(actors_wall, 3), "cpu": round(actors_cpu, 3)},
    }
    baseline_table = {key: key for keys in _keys(kb, lookups).values() for key in keys}
    for name, keys in _keys(kb, lookups).items():
        rate = _rate(getattr(kb, name), keys)
        baseline = _rate(baseline_table.get, keys)
        figures[f"{name}_per_s"] = {"rate": round(rate), "dict_get_per_s": round(baseline),
                                    "ratio_to_dict_get": round(rate / baseline, 4)}
    figures["per_article"] = _per_article(kb)
    return figures


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--lookups", type=int, default=20000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    figures = run(args.repeat, args.lookups)
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    for key, value in figures.items():
        print(f"{key:>28}: {value}")


if __name__ == "__main__":
    main()
