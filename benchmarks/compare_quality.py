"""Quality check of claim alignment on real outlets: compare every multi-outlet story of the
Multi-News sample in ``../shared/clusters/multinews_sample.jsonl`` (gold clusters, junk rows
left out) and print the share of claims per label, plus examples to check by reading.

Each gold cluster becomes one event (``merge_event``) over articles built with
``build_article`` and analysed with ``analyze``; nothing is stored and no text is written out.

    python benchmarks/compare_quality.py                 # all multi-outlet stories
    python benchmarks/compare_quality.py --limit 20 --examples 5 --seed 3
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import time
from collections import Counter, defaultdict
from pathlib import Path

from concord.analyze import analyze_many
from concord.analyze.claims import embed_claims
from concord.compare import LABELS, Comparison, compare_event
from concord.ingest.build import build_article
from concord.ingest.record import RawRecord
from concord.link.merge import merge_event
from concord.model import Article
from concord.settings import Settings

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CONCORD_SHARED", REPO.parent / "shared"))


def load_stories(path: Path) -> dict[str, list[dict]]:
    """Gold clusters with at least two non-junk reports."""
    stories: dict[str, list[dict]] = defaultdict(list)
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if not row.get("junk") and (row.get("text") or "").strip():
                stories[row["cluster"]].append(row)
    return {k: v for k, v in stories.items() if len(v) >= 2}


def to_articles(rows: list[dict], settings: Settings) -> list[Article]:
    now = dt.datetime.now(dt.timezone.utc)
    articles = []
    for row in rows:
        record = RawRecord(origin=row["id"], text=row["text"], title=row.get("title"), url=row.get("url"),
                           published=row.get("date"), source=row.get("source"))
        articles.append(build_article(record, settings, now))
    return list({a.id: a for a in articles}.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--file", type=Path, default=SHARED / "clusters" / "multinews_sample.jsonl")
    parser.add_argument("--limit", type=int, default=0, help="Compare only the first N stories.")
    parser.add_argument("--examples", type=int, default=5, help="Non-unique groups to print for reading.")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not args.file.is_file():
        raise SystemExit(f"not found: {args.file} (set CONCORD_SHARED)")
    settings = Settings()
    stories = load_stories(args.file)
    keys = sorted(stories)[: args.limit or None]
    started = time.perf_counter()
    comparisons: list[Comparison] = []
    for key in keys:
        articles = to_articles(stories[key], settings)
        if len(articles) < 2:
            continue
        analyses = {x.article_id: x for x in analyze_many(articles, settings)}
        for article in articles:
            embed_claims(article.text, analyses[article.id].claims)
        event = merge_event(f"ev-{key}", articles, analyses)
        comparisons.append(compare_event(event, articles, analyses))
    elapsed = time.perf_counter() - started

    claims: Counter[str] = Counter()
    groups: Counter[str] = Counter()
    background = 0
    for comparison in comparisons:
        for group in comparison.groups:
            claims[group.label] += len(group.claims)
            groups[group.label] += 1
            background += len(group.claims) if group.background else 0
    total = sum(claims.values())
    print(f"{len(comparisons)} stories, {sum(len(c.reports) for c in comparisons)} reports, "
          f"{total} claims, {sum(groups.values())} groups in {elapsed:.1f}s "
          f"(backend {comparisons[0].backend if comparisons else '-'})")
    for label in LABELS:
        print(f"  {label:<12} {claims[label]:>6} claims ({claims[label] / max(total, 1):6.1%})  {groups[label]:>6} groups")
    print(f"  {'background':<12} {background:>6} claims ({background / max(total, 1):6.1%})")

    aligned = [(c, g) for c in comparisons for g in c.groups if g.label != "unique"]
    for comparison, group in random.Random(args.seed).sample(aligned, min(args.examples, len(aligned))):
        print(f"\n[{comparison.event_id} {group.id}] {group.label}{' background' if group.background else ''}"
              f" sim={group.similarity}: {group.reason}")
        for claim in group.claims:
            print(f"   {claim.outlet[:24]:<24} s{claim.sentence:<3} {claim.text[:220]}")


if __name__ == "__main__":
    main()
