"""The ingest run: read inputs, normalise, store once, quarantine failures, then analyse what is new.

Stages stay pure; this module is the I/O edge that moves their output into the store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, BinaryIO

from .errors import ConcordError, InputError, NotFoundError
from .ingest import build_article, iter_records
from .ingest.record import Skipped, input_of
from .model import Analysis, Article, Event, from_dict, to_dict
from .settings import Settings
from .store import QuarantineEntry, Report, Store

if TYPE_CHECKING:
    from .compare import Comparison

__all__ = [
    "IngestReport",
    "analyse_pending",
    "compare_reports",
    "comparison_of",
    "drop_quarantined",
    "embed_reports",
    "failure_of",
    "find_quarantined",
    "hold_article",
    "keep_comparison",
    "link_pending",
    "quarantine_input",
    "raise_unless_one_article",
    "recluster",
    "retry_quarantined",
    "run_ingest",
    "to_compare",
    "view_key",
]

#: Called after each input with (origin, outcome) where outcome is "new", "duplicate", "quarantined"
#: or "skipped", then after each analysed article with (article id, "analysed").
Progress = Callable[[str, str], None]


@dataclass
class IngestReport:
    """What one ingest run did; ``ok`` is False when any input was quarantined."""

    ingested: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    quarantined: list[dict[str, str]] = field(default_factory=list)
    #: Records that hold no report (a web archive's requests, non-HTML responses...), counted by kind.
    skipped: dict[str, int] = field(default_factory=dict)
    analysed: int = 0
    events: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every input was ingested (or was already there)."""
        return not self.quarantined

    def skip(self, item: Skipped) -> None:
        """Count a record that holds no report."""
        self.skipped[item.why] = self.skipped.get(item.why, 0) + 1

    def has_quarantined(self, source: str, reason: str) -> bool:
        """Whether this run quarantined ``source`` for ``reason``."""
        return {"source": source, "reason": reason} in self.quarantined

    def to_json(self) -> dict[str, object]:
        """The documented ``concord ingest --json`` shape."""
        return {
            "ingested": len(self.ingested),
            "duplicates": len(self.duplicates),
            "quarantined": self.quarantined,
            "skipped": self.skipped,
            "analysed": self.analysed,
            "events": self.events,
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
            quarantine_input(store, report, item)
            outcome, origin = "quarantined", item.source
        elif isinstance(item, Skipped):
            report.skip(item)
            outcome, origin = "skipped", item.source
        else:
            origin = item.origin
            try:
                article = build_article(item, settings, now)
            except InputError as exc:
                quarantine_input(store, report, exc)
                outcome = "quarantined"
            else:
                outcome = _store_article(store, report, article)
        if progress:
            progress(origin, outcome)
    if settings.analyze:
        report.analysed = analyse_pending(store, settings, report, progress)
        report.events = link_pending(store)
    return report


#: Articles analysed one at a time after a batch failed, to find the one that failed it.
_ALONE = 32


def analyse_pending(store: Store, settings: Settings, report: IngestReport | None = None,
                    progress: Progress | None = None) -> int:
    """Analyse every stored article that has no analysis yet; returns how many were analysed.

    An article the analysis cannot take (too long, or an error inside the analysis) is quarantined
    and held out of analysis and linking, and the rest go on (added to ``report`` when given).
    Errors that are not about one article (a missing model) propagate.
    """
    from .analyze import analyze, analyze_many

    pending = store.unanalysed()
    count = 0
    while pending:
        saved = 0
        try:
            for analysis in analyze_many(pending, settings, workers=settings.workers):
                store.save_analysis(analysis)
                saved += 1
                if progress:
                    progress(analysis.article_id, "analysed")
            return count + saved
        except Exception as exc:  # noqa: BLE001 - one article's fault is handled below, others re-raised
            raise_unless_one_article(exc)
        count += saved
        for article in pending[saved: saved + _ALONE]:  # the batch that failed is among these
            try:
                store.save_analysis(analyze(article, settings))
                count += 1
                if progress:
                    progress(article.id, "analysed")
            except Exception as exc:  # noqa: BLE001
                raise_unless_one_article(exc)
                hold_article(store, report, article, failure_of(exc))
        pending = pending[saved + _ALONE:]
    return count


def raise_unless_one_article(exc: Exception) -> None:
    """Re-raise a concord error that is not about one input (a missing model, a broken store)."""
    if isinstance(exc, ConcordError) and not isinstance(exc, InputError):
        raise exc


def failure_of(exc: Exception) -> tuple[str, str]:
    """The quarantine kind and the words of an analysis failure (plain data: it crosses processes)."""
    if isinstance(exc, InputError):
        return exc.kind, exc.reason
    return "analysis", f"analysis failed: {type(exc).__name__}: {exc}"


def hold_article(store: Store, report: IngestReport | None, article: Article, failure: tuple[str, str]) -> str:
    """Quarantine a stored article the analysis failed on (``failure``: see :func:`failure_of`),
    returning the reason; the store then holds it out of analysis and linking until
    ``concord quarantine retry`` or ``drop``."""
    kind, why = failure
    source = article.origin or article.id
    reason = f"article {article.id} held: {why}"
    store.quarantine(source, kind, reason, article_id=article.id)
    if report is not None:
        report.quarantined.append({"source": source, "reason": reason})
    return reason


def find_quarantined(store: Store, entry_id: str) -> QuarantineEntry:
    """The quarantine entry with this id (``q-`` and hex digits) or a unique prefix of it."""
    key = entry_id.strip().removeprefix("q-")
    found = [e for e in store.quarantined() if key and e.id.removeprefix("q-").startswith(key)]
    if len(found) > 1:
        raise NotFoundError(f"quarantine id prefix {entry_id!r} is ambiguous")
    if not found:
        raise NotFoundError(f"no quarantine entry {entry_id!r}")
    return found[0]


def retry_quarantined(store: Store, settings: Settings, entry: QuarantineEntry) -> IngestReport:
    """Try a quarantined input again: a held article is analysed (and linked); any other input is
    read again from its path or URL (the whole file for one of its lines). The entry goes when its
    failure does not recur; a recurring one counts another attempt."""
    if entry.article_id is not None:
        return _retry_held(store, settings, entry)
    report = run_ingest([input_of(entry.source)], store, settings)
    if not report.has_quarantined(entry.source, entry.reason):
        store.forget_quarantined(entry.source, entry.reason)
    return report


def _retry_held(store: Store, settings: Settings, entry: QuarantineEntry) -> IngestReport:
    """Analyse a held article again; on success store the analysis, release it and link it."""
    from .analyze import analyze

    article = store.get_article(str(entry.article_id))
    report = IngestReport()
    try:
        analysis = analyze(article, settings)
    except Exception as exc:  # noqa: BLE001 - one article's fault is recorded, others re-raised
        raise_unless_one_article(exc)
        if hold_article(store, report, article, failure_of(exc)) != entry.reason:
            store.forget_quarantined(entry.source, entry.reason)
        return report
    with store.transaction():
        store.save_analysis(analysis)
        store.forget_quarantined(entry.source, entry.reason)
    report.analysed = 1
    report.events = link_pending(store)
    return report


def drop_quarantined(store: Store, entry: QuarantineEntry) -> None:
    """Remove a quarantine entry for good; a held article is deleted with it."""
    if entry.article_id is not None:
        store.delete_article(entry.article_id)
    else:
        store.forget_quarantined(entry.source, entry.reason)


def link_pending(store: Store, *, compare: bool = True) -> list[str]:
    """Place every unlinked article in an event (marking wire copies), split touched events that
    hold two clearly separate groups, and re-merge touched events; then, unless ``compare`` is
    False (the caller compares them itself, see :func:`to_compare`), compare the touched events.

    A touched story is merged into its primary event and its secondary events (what its reports
    also say happened, see :mod:`concord.link.secondary`); secondary events the story no longer
    gives, and those of absorbed stories, are dropped. Articles are taken in date order; the dedup and
    clustering indexes read and write only the store rows each article needs, and everything a run
    changes lands in one transaction.
    """
    from .link.cluster import EventClusterer
    from .link.dedup import DuplicateIndex
    from .link.secondary import merge_story

    with store.linking():  # one linker at a time; the unlinked articles are read under its lock
        touched = _link(store, store.unlinked(), EventClusterer, DuplicateIndex, merge_story)
    if compare:
        for event in to_compare(store, touched):
            comparison_of(store, event)
    return touched


def to_compare(store: Store, touched: Iterable[str]) -> list[Event]:
    """The touched events whose comparison linking makes: primary events of two reports or more that
    have none for their current reports (a secondary event's comparison, and a one-report event's,
    is made when first asked for)."""
    from .link.secondary import is_secondary

    events = []
    for event_id in touched:
        try:
            event = store.get_event(event_id)
        except NotFoundError:  # absorbed into another event in the same run
            continue
        if not is_secondary(event) and len(event.sources) > 1 and store.event_view(event.id, view_key(event)) is None:
            events.append(event)
    return events


def view_key(event: Event) -> str:
    """The key a stored comparison is kept under: the ids of the event's reports (a change of
    reports makes it stale)."""
    return ",".join(sorted(str(s["article_id"]) for s in event.sources))


def comparison_of(store: Store, event: Event) -> Comparison:
    """The comparison of an event's reports: kept in the store once made, and made again only when
    the event's reports change (so an event page reads it instead of parsing text)."""
    from .compare import Comparison

    kept = store.event_view(event.id, view_key(event))
    if kept is not None:
        return from_dict(Comparison, kept)
    comparison, embedded = compare_reports(event, store.reports(event.id))
    keep_comparison(store, event, comparison, embedded)
    return comparison


def compare_reports(event: Event, reports: list[Report]) -> tuple[Comparison, list[Analysis]]:
    """An event's comparison made from its stored reports, and the analyses whose claims were
    embedded for it (to be stored, so each article is embedded once)."""
    from .compare import compare_event

    embedded = embed_reports(reports)
    comparison = compare_event(event, [r.article for r in reports], {r.article.id: r.analysis for r in reports})
    return comparison, embedded


def keep_comparison(store: Store, event: Event, comparison: Comparison, embedded: Iterable[Analysis]) -> None:
    """Store an event's comparison with the claim vectors made for it, together."""
    with store.transaction():
        for analysis in embedded:
            store.save_analysis(analysis)
        store.save_event_view(event.id, view_key(event), to_dict(comparison))


def embed_reports(reports: list[Report]) -> list[Analysis]:
    """Embed the claims of an event's reports that have none yet (a wire copy of another of them is
    compared by its words alone), in place; the analyses that changed."""
    from .analyze.claims import embed_claims

    ids = {r.article.id for r in reports}
    changed = []
    for report in reports:
        if report.analysis is None or report.analysis.claims is None or report.article.duplicate_of in ids:
            continue  # no analysis, or one made before claims were stored
        if embed_claims(report.article.text, report.analysis.claims):
            changed.append(report.analysis)
    return changed


def _link(store: Store, pending: list[Article], clusterer_cls: Any, dedup_cls: Any, merge: Any) -> list[str]:
    if not pending:
        return []
    dedup = dedup_cls.stored(store.dedup_rows(), store.link_state("dedup"))
    clusterer = clusterer_cls.stored(store.cluster_rows())
    touched: dict[str, None] = {}
    for article in pending:
        original = dedup.add(article)
        if original is not None:
            store.mark_duplicate(article.id, original)
            article.duplicate_of = original
        for event_id in clusterer.add(article, store.get_analysis(article.id), duplicate_of=original):
            touched[event_id] = None
    for parts in clusterer.refine(lambda aid: (store.get_article(aid), store.get_analysis(aid)), touched).values():
        touched.update(dict.fromkeys(parts))  # events split off a touched one (which keeps its id)
    absorbed = clusterer.consolidate(touched)  # events founded twice before their bridging reports came
    for gone, kept in absorbed.items():
        touched.pop(gone, None)
        touched[kept] = None
    stale = _secondaries_of(store, [*touched, *absorbed])
    merged = []
    for story_id in touched:
        articles = [store.get_article(a) for a in clusterer.members(story_id)]
        analyses = {a.id: store.get_analysis(a.id) for a in articles}
        for event in merge(story_id, articles, analyses):
            merged.append((event, [s["article_id"] for s in event.sources]))
    saved = [event.id for event, _ in merged]
    clusterer.flush()
    # the indexes live in their own tables; drop a state row left by an older version
    store.save_links(merged, [a.id for a in pending], {"dedup": None},
                     removed=[*absorbed, *sorted(set(stale) - set(saved))])
    return saved


def _secondaries_of(store: Store, story_ids: list[str]) -> list[str]:
    """The stored secondary events of these stories (each primary lists them in ``related``)."""
    found: list[str] = []
    for story_id in story_ids:
        try:
            found += store.get_event(story_id).related
        except NotFoundError:  # a story founded in this run
            continue
    return found


def recluster(store: Store) -> list[str]:
    """Forget all events and cluster every stored article again from scratch, in date order."""
    with store.linking():
        store.clear_links()
        return link_pending(store)


def _store_article(store: Store, report: IngestReport, article: Article) -> str:
    if store.add_article(article):
        report.ingested.append(article.id)
        return "new"
    report.duplicates.append(article.id)
    return "duplicate"


def quarantine_input(store: Store, report: IngestReport, error: InputError) -> None:
    """Record an input (or entry) that could not be read, in the store and in ``report``."""
    store.quarantine(error.source, error.kind, error.reason)
    report.quarantined.append({"source": error.source, "reason": error.reason})
