"""The ingest run: read inputs, normalise, store once, quarantine failures, then analyse what is new.

Stages stay pure; this module is the I/O edge that moves their output into the store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import BinaryIO

from .errors import InputError
from .ingest import build_article, iter_records
from .model import Article
from .settings import Settings
from .store import Store

__all__ = ["IngestReport", "analyse_pending", "run_ingest"]

#: Called after each input with (origin, outcome) where outcome is "new", "duplicate" or "quarantined".
Progress = Callable[[str, str], None]


@dataclass
class IngestReport:
    """What one ingest run did; ``ok`` is False when any input was quarantined."""

    ingested: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    quarantined: list[dict[str, str]] = field(default_factory=list)
    analysed: int = 0

    @property
    def ok(self) -> bool:
        """True when every input was ingested (or was already there)."""
        return not self.quarantined

    def to_json(self) -> dict[str, object]:
        """The documented ``concord ingest --json`` shape."""
        return {
            "ingested": len(self.ingested),
            "duplicates": len(self.duplicates),
            "quarantined": self.quarantined,
            "analysed": self.analysed,
            "articles": self.ingested,
        }


def run_ingest(
    inputs: Iterable[str],
    store: Store,
    settings: Settings,
    *,
    stdin: BinaryIO | None = None,
    progress: Progress | None = None,
    now: dt.datetime | None = None,
) -> IngestReport:
    """Ingest every input into ``store``; a bad input is quarantined and the batch goes on."""
    now = now or dt.datetime.now(dt.UTC)
    report = IngestReport()
    for item in iter_records(inputs, settings, stdin=stdin):
        if isinstance(item, InputError):
            _quarantine(store, report, item)
            outcome, origin = "quarantined", item.source
        else:
            origin = item.origin
            try:
                article = build_article(item, settings, now)
            except InputError as exc:
                _quarantine(store, report, exc)
                outcome = "quarantined"
            else:
                outcome = _store_article(store, report, article)
        if progress:
            progress(origin, outcome)
    if settings.analyze:
        report.analysed = analyse_pending(store, settings)
    return report


def analyse_pending(store: Store, settings: Settings) -> int:
    """Analyse every stored article that has no analysis yet; returns how many were analysed."""
    from .analyze import analyze_many

    pending = store.unanalysed()
    count = 0
    for analysis in analyze_many(pending, settings, workers=settings.workers):
        store.save_analysis(analysis)
        count += 1
    return count


def _store_article(store: Store, report: IngestReport, article: Article) -> str:
    if store.add_article(article):
        report.ingested.append(article.id)
        return "new"
    report.duplicates.append(article.id)
    return "duplicate"


def _quarantine(store: Store, report: IngestReport, error: InputError) -> None:
    store.quarantine(error.source, error.kind, error.reason)
    report.quarantined.append({"source": error.source, "reason": error.reason})
