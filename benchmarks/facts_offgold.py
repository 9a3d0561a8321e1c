"""Standing facts found where the gold says nothing: how many facts the fact stage finds in reports it
was not fitted on, each printed with its sentence so that a reader can judge it.

Inputs are JSON Lines of reports (``id``, ``text``, as ``concord ingest`` reads them) or a PLV-format
TSV (each ``sentence`` one report). Reports listed in ``--skip-gold`` (a facts gold) are left out.
Each report is built with ``build_article`` and analysed with ``analyze_many``; nothing is stored.

    python benchmarks/facts_offgold.py ../shared/clusters/multinews_sample.jsonl \\
        --skip-gold ../shared/facts/facts_dev.jsonl
    python benchmarks/facts_offgold.py ../shared/clusters/ecbplus.jsonl ../shared/plover/PLV_dev.tsv
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from concord.analyze import analyze_many
from concord.errors import InputError
from concord.ingest.build import build_article
from concord.ingest.readers import record_from_mapping
from concord.model import Article
from concord.settings import load_settings

#: Reports of these files carry no date; a fixed ingest time keeps runs identical.
NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def rows(path: Path) -> Iterator[dict[str, str]]:
    """The reports of a JSON Lines file, or the sentences of a PLV TSV, as ``{"id", "text"}`` rows."""
    if path.suffix == ".tsv":
        with path.open(encoding="utf-8", newline="") as handle:
            seen: set[str] = set()
            for rec in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                if rec["sentence"] not in seen:
                    seen.add(rec["sentence"])
                    yield {"id": f"{path.stem}-{rec.get('sentence_id') or len(seen)}", "text": rec["sentence"]}
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            yield json.loads(line)


def main() -> None:
    """Analyse each file's reports and print every fact found, then a count per file."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--skip-gold", type=Path, help="a facts gold whose reports are left out")
    args = parser.parse_args()
    settings = load_settings().replace(event_coder="rules")  # the event coder does not touch facts
    skip = set()
    if args.skip_gold:
        skip = {json.loads(line)["id"] for line in args.skip_gold.read_text(encoding="utf-8").splitlines() if line}
    for path in args.files:
        articles: list[Article] = []
        for row in rows(path):
            if row.get("id") in skip:
                continue
            try:
                articles.append(build_article(record_from_mapping(row, str(path)), settings, NOW))
            except InputError as exc:
                print(f"  skipped {row.get('id')}: {exc.reason}")
        started = time.perf_counter()
        kinds: Counter[str] = Counter()
        for article, analysis in zip(articles, analyze_many(articles, settings)):
            for fact in analysis.facts:
                kinds[fact.kind] += 1
                print(f"  {article.meta.get('id', article.id)}  {fact.kind}: {fact.name} | {fact.date} "
                      f"{','.join(fact.parties)} {fact.status} {fact.key} | {fact.citation.text[:90]}")
        seconds = time.perf_counter() - started
        print(f"{path.name}: {len(articles)} reports, {sum(kinds.values())} facts {dict(kinds)} "
              f"({seconds:.0f} s)")


if __name__ == "__main__":
    main()
