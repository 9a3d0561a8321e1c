"""What runs on the Ray workers of ``concord batch``: reading a shard into normalised articles,
analysing them in an actor that loads spaCy and the event coder once, and comparing the reports of
linked events. Plain functions and rows of pickled records: no store, no Ray API, so they are the
ingest, analyse and compare stages unchanged."""

from __future__ import annotations

import datetime as dt
import pickle
from dataclasses import dataclass
from typing import Any

from ..errors import InputError
from ..ingest import build_article, iter_records
from ..ingest.record import Skipped
from ..model import Analysis, Article
from ..pipeline import compare_reports, failure_of, raise_unless_one_article
from ..settings import Settings

__all__ = ["Analysed", "Analyser", "Held", "Known", "Row", "compare_job", "pack", "read_shard", "unpack"]

#: A row between the stages, as Ray Data moves it: one column holding one pickled record (an
#: Article, InputError or Skipped from the read stage; Analysed, Held or Known from the analysis).
Row = dict[str, bytes]


@dataclass(frozen=True)
class Analysed:
    """An article and its analysis, to be stored together."""

    article: Article
    analysis: Analysis


@dataclass(frozen=True)
class Held:
    """An article the analysis could not take, with the failure (kind, words) it is held for."""

    article: Article
    failure: tuple[str, str]


@dataclass(frozen=True)
class Known:
    """An article the store already holds analysed (or held): nothing to do but count it."""

    article_id: str


def pack(record: object) -> Row:
    """The row carrying ``record``."""
    return {"item": pickle.dumps(record)}


def unpack(item: bytes) -> Any:
    """The record of a row's ``item``."""
    return pickle.loads(item)


def read_shard(row: dict[str, str], settings: Settings, now: dt.datetime) -> list[Row]:
    """Every item of one input file (or URL), each record normalised into an article as ``concord
    ingest`` does; an input error or a skipped record passes on as a row of its own."""
    rows: list[Row] = []
    for item in iter_records([row["shard"]], settings):
        if isinstance(item, (InputError, Skipped)):
            rows.append(pack(item))
            continue
        try:
            rows.append(pack(build_article(item, settings, now)))
        except InputError as exc:
            rows.append(pack(exc))
    return rows


class Analyser:
    """A Ray actor: loads the pipeline once, then analyses batches of rows; an article already
    analysed (or held) in the store passes on as :class:`Known`, one the analysis cannot take as
    :class:`Held`, anything else unchanged."""

    def __init__(self, settings: Settings, done: frozenset[str]) -> None:
        from ..analyze.analysis import warm_up

        self.settings, self.done = settings, done
        warm_up(settings)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[bytes]]:
        out: list[object] = []
        articles: list[Article] = []
        for record in map(unpack, batch["item"]):
            if not isinstance(record, Article):
                out.append(record)
            elif record.id in self.done:
                out.append(Known(record.id))
            else:
                articles.append(record)
        out += self._analyse(articles)
        return {"item": [pack(record)["item"] for record in out]}

    def _analyse(self, articles: list[Article]) -> list[Analysed | Held]:
        """The analysis of each article, or why it is held."""
        from ..analyze import analyze, analyze_many

        try:
            return [Analysed(a, b) for a, b in zip(articles, analyze_many(articles, self.settings), strict=True)]
        except Exception as exc:  # noqa: BLE001 - one article's fault is found below, others re-raised
            raise_unless_one_article(exc)
        results: list[Analysed | Held] = []
        for article in articles:
            try:
                results.append(Analysed(article, analyze(article, self.settings)))
            except Exception as exc:  # noqa: BLE001
                raise_unless_one_article(exc)
                results.append(Held(article, failure_of(exc)))
        return results


def compare_job(job: bytes) -> bytes:
    """The comparison of one pickled (event, its stored reports), pickled with the analyses whose
    claims were embedded for it, for the driver to store."""
    event, reports = unpack(job)
    return pickle.dumps(compare_reports(event, reports))
