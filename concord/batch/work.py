"""What runs on the Ray workers of ``concord batch``: reading a shard into normalised articles, and
analysing them in an actor that loads spaCy and the event coder once. Plain functions and rows of
pickled records: no store, no Ray API, so they are the ingest and analyse stages unchanged."""

from __future__ import annotations

import datetime as dt
import pickle
from typing import Any

from ..errors import InputError
from ..ingest import build_article, iter_records
from ..ingest.record import Skipped
from ..model import Analysis, Article
from ..pipeline import failure_of, raise_unless_one_article
from ..settings import Settings

__all__ = ["Analyser", "Row", "read_shard"]

#: A row between the stages: what it is ("article", "error", "skipped", "analysed", "held",
#: "known") and the pickled record(s).
Row = dict[str, Any]


def read_shard(row: Row, settings: Settings, now: dt.datetime) -> list[Row]:
    """Every item of one input file (or URL), each record normalised into an article as ``concord
    ingest`` does; an input error or a skipped record passes on as a row of its own."""
    rows: list[Row] = []
    for item in iter_records([row["shard"]], settings):
        if isinstance(item, (InputError, Skipped)):
            rows.append(_row("error" if isinstance(item, InputError) else "skipped", item))
            continue
        try:
            rows.append(_row("article", build_article(item, settings, now)))
        except InputError as exc:
            rows.append(_row("error", exc))
    return rows


def _row(kind: str, record: object) -> Row:
    return {"kind": kind, "blob": pickle.dumps(record)}


def unpack(row: Row) -> Any:
    """The record(s) a row carries."""
    return pickle.loads(row["blob"])


class Analyser:
    """A Ray actor: loads the pipeline once, then analyses batches of article rows; an article already
    analysed (or held) in the store passes on as "known", one the analysis cannot take as "held"."""

    def __init__(self, settings: Settings, done: frozenset[str]) -> None:
        from ..analyze.analysis import warm_up

        self.settings, self.done = settings, done
        warm_up(settings)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        rows = [{"kind": k, "blob": b} for k, b in zip(batch["kind"], batch["blob"], strict=True)]
        out: list[Row] = []
        articles: list[Article] = []
        for row in rows:
            if row["kind"] != "article":
                out.append(row)
                continue
            article = unpack(row)
            if article.id in self.done:
                out.append(_row("known", article.id))
            else:
                articles.append(article)
        out += [_row(*result) for result in self._analyse(articles)]
        return {"kind": [r["kind"] for r in out], "blob": [r["blob"] for r in out]}

    def _analyse(self, articles: list[Article]) -> list[tuple[str, object]]:
        """("analysed", (article, analysis)) for each article, or ("held", (article, failure))."""
        from ..analyze import analyze, analyze_many

        try:
            analyses = list(analyze_many(articles, self.settings))
            return [("analysed", pair) for pair in zip(articles, analyses, strict=True)]
        except Exception as exc:  # noqa: BLE001 - one article's fault is found below, others re-raised
            raise_unless_one_article(exc)
        results: list[tuple[str, object]] = []
        for article in articles:
            try:
                analysis: Analysis = analyze(article, self.settings)
                results.append(("analysed", (article, analysis)))
            except Exception as exc:  # noqa: BLE001
                raise_unless_one_article(exc)
                results.append(("held", (article, failure_of(exc))))
        return results
