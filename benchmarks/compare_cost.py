"""What comparing costs against ingesting, on long real reports, in one run.

Takes the Multi-News stories of ``../shared/clusters/multinews_sample.jsonl`` (junk rows left out)
whose reports are longest on average, ingests each story into a fresh store the way ``concord
ingest`` does (normalise, store, analyse, link; linking makes and keeps each event's comparison),
and times comparing its primary event again from the stored analyses. Prints both times, the
ratio compare / ingest (goal <= 0.10) and, for reference, how long a second spaCy parse of the
same reports would take (what comparing cost before claims were stored at analysis time).
Then, the price of that at analysis time: the same reports analysed with and without claims (the
claims step, ``concord.analyze.analysis.extract_claims``, swapped for a no-op in this process only)
and the share of the analysis time that claims and their embeddings take.

    .venv/bin/python benchmarks/compare_cost.py [--stories 10] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
import time
from pathlib import Path

from concord.analyze import analysis as analysis_module
from concord.analyze import analyze_many
from concord.analyze.nlp import load_nlp
from concord.compare import compare_event
from concord.ingest.build import build_article
from concord.ingest.record import RawRecord
from concord.pipeline import analyse_pending, link_pending
from concord.settings import Settings
from concord.store import EventFilter, open_store

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CONCORD_SHARED", REPO.parent / "shared"))


def long_stories(path: Path, count: int) -> list[list[dict]]:
    """The ``count`` multi-report stories with the longest reports on average."""
    import json

    stories: dict[str, list[dict]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if not row.get("junk") and (row.get("text") or "").strip():
            stories.setdefault(row["cluster"], []).append(row)
    multi = [rows for rows in stories.values() if len(rows) >= 2]
    multi.sort(key=lambda rows: -sum(len(r["text"]) for r in rows) / len(rows))
    return multi[:count]


def ingest_story(rows: list[dict], settings: Settings, db: Path) -> tuple[float, float, float]:
    """Seconds to ingest the story, to compare its primary event again, and to parse its reports again."""
    store = open_store(str(db))
    try:
        started = time.perf_counter()
        now = dt.datetime.now(dt.UTC)
        for row in rows:
            store.add_article(build_article(RawRecord(origin=row["id"], text=row["text"]), settings, now))
        analyse_pending(store, settings)
        link_pending(store)
        ingest = time.perf_counter() - started
        events = [e for e in store.events(EventFilter(include_uncoded=True, limit=10_000)) if e.story is None]
        event = max(events, key=lambda e: len(e.sources))
        articles = [store.get_article(s["article_id"]) for s in event.sources]
        analyses = {a.id: store.get_analysis(a.id) for a in articles}
        started = time.perf_counter()
        compare_event(event, articles, analyses)
        compare = time.perf_counter() - started
        started = time.perf_counter()
        list(load_nlp(settings.spacy_models).pipe(a.text for a in articles))
        parse = time.perf_counter() - started
    finally:
        store.close()
    return ingest, compare, parse


def claims_share(stories: list[list[dict]], settings: Settings, repeat: int) -> tuple[float, float]:
    """Best-of-``repeat`` seconds to analyse the stories' reports with claims and without them."""
    now = dt.datetime.now(dt.UTC)
    articles = [build_article(RawRecord(origin=r["id"], text=r["text"]), settings, now) for rows in stories for r in rows]
    real = analysis_module.extract_claims

    def timed() -> float:
        started = time.perf_counter()
        list(analyze_many(articles, settings))
        return time.perf_counter() - started

    with_claims, without = [], []
    for _ in range(repeat):
        with_claims.append(timed())
        analysis_module.extract_claims = lambda *args, **kwargs: []  # type: ignore[assignment]
        try:
            without.append(timed())
        finally:
            analysis_module.extract_claims = real
    return min(with_claims), min(without)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--file", type=Path, default=SHARED / "clusters" / "multinews_sample.jsonl")
    parser.add_argument("--stories", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3, help="Runs; each figure is the best run.")
    args = parser.parse_args()
    if not args.file.is_file():
        raise SystemExit(f"not found: {args.file} (set CONCORD_SHARED)")
    settings = Settings()
    stories = long_stories(args.file, args.stories)
    load_nlp(settings.spacy_models)
    runs = []
    for run in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            totals = [ingest_story(rows, settings, Path(tmp) / f"s{k}.db") for k, rows in enumerate(stories)]
        runs.append(tuple(sum(t[i] for t in totals) for i in range(3)))
    ingest = min(r[0] for r in runs)
    compare = min(r[1] for r in runs)
    parse = min(r[2] for r in runs)
    reports = sum(len(rows) for rows in stories)
    chars = sum(len(r["text"]) for rows in stories for r in rows)
    print(f"{len(stories)} stories, {reports} reports, {chars / reports:,.0f} characters per report on average")
    print(f"ingest (normalise, analyse, link, compare) {ingest:.2f} s; compare again {compare:.3f} s; "
          f"ratio compare/ingest {compare / ingest:.3f} (goal <= 0.10)")
    print(f"a second spaCy parse of the same reports: {parse:.2f} s, ratio to ingest {parse / ingest:.3f}")
    with_claims, without = claims_share(stories, settings, args.repeat)
    print(f"analysis with claims {with_claims:.2f} s, without {without:.2f} s: claims take "
          f"{(with_claims - without) / with_claims:.1%} of the analysis")


if __name__ == "__main__":
    main()
