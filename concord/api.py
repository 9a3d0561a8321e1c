"""The Python facade: ``Concord`` offers every operation the CLI has, one method per command."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TypeVar

from .errors import ConcordError, NotFoundError, UsageError
from .model import Analysis, Article, Event, Fact
from .pipeline import (
    IngestReport,
    Progress,
    analyse_pending,
    comparison_of,
    drop_quarantined,
    find_quarantined,
    link_pending,
    recluster,
    retry_quarantined,
    run_ingest,
)
from .settings import Settings, load_settings
from .store import ArticleFilter, EventFilter, QuarantineEntry, SearchHit, Store, open_store
from .store.base import DyadCount, check_actor_ids, check_number

if TYPE_CHECKING:
    from .actors import ActorIndex, ActorProfile
    from .batch import BatchProgress, BatchReport
    from .compare import Brief, Comparison, Timeline, TimelineItem
    from .compare.periods import Relation
    from .kb import KbActor

__all__ = ["Concord"]

#: The example corpus of ``concord demo``, shipped inside the package.
EXAMPLES_DIR = Path(__file__).resolve().parent / "examples" / "corpus"


class Concord:
    """One store and one settings object, and the operations on them.

    >>> c = Concord("news.db")          # doctest: +SKIP
    >>> c.ingest(["reports/"]).ok       # doctest: +SKIP
    """

    def __init__(
        self,
        db: str | Path | None = None,
        *,
        settings: Settings | None = None,
        store: Store | None = None,
        **overrides: Any,
    ) -> None:
        base = settings or load_settings()
        self.settings = base.replace(db=str(db) if db is not None else None, **overrides)
        self.store = store or open_store(
            self.settings.db, timeout=self.settings.store_timeout, pool_size=self.settings.store_pool_size
        )

    def close(self) -> None:
        """Close the store."""
        self.store.close()

    def __enter__(self) -> Concord:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- ingest -----------------------------------------------------------------------------

    def ingest(
        self,
        inputs: str | Sequence[str],
        *,
        stdin: BinaryIO | None = None,
        progress: Progress | None = None,
        now: dt.datetime | None = None,
    ) -> IngestReport:
        """Ingest files, directories, URLs or ``-`` (stdin): normalise, store once, analyse."""
        items = [inputs] if isinstance(inputs, str) else list(inputs)
        return run_ingest(items, self.store, self.settings, stdin=stdin, progress=progress, now=now)

    def batch(
        self,
        inputs: str | Sequence[str],
        *,
        workers: int | None = None,
        ray_address: str | None = None,
        progress: BatchProgress | None = None,
        now: dt.datetime | None = None,
    ) -> BatchReport:
        """Ingest files, folders (JSON Lines, Parquet, WARC shards...) or URLs on Ray Data: read and
        analyse with ``workers`` actors (default: the ``workers`` setting; 0: one per available core)
        on the cluster at ``ray_address`` (default: the ``ray_address`` setting; empty: a local Ray),
        store in batches, then link in date order here. Resumable: a rerun skips what is stored and
        analysed."""
        from .analyze.analysis import available_cores
        from .batch import run_batch

        items = [inputs] if isinstance(inputs, str) else list(inputs)
        count = self.settings.workers if workers is None else workers
        return run_batch(items, self.store, self.settings,
                         workers=available_cores() if count == 0 else count,
                         ray_address=ray_address or self.settings.ray_address or None,
                         progress=progress, now=now)

    def analyse(self, report: IngestReport | None = None) -> int:
        """Analyse stored articles that have no analysis yet, then place them in events; an article
        the analysis cannot take is quarantined and held (and added to ``report`` when given)."""
        count = analyse_pending(self.store, self.settings, report)
        link_pending(self.store)
        return count

    def recluster(self) -> list[str]:
        """Rebuild every event from scratch: near-duplicates, clustering and merging, in date order."""
        return recluster(self.store)

    # -- events -----------------------------------------------------------------------------

    def events(self, where: EventFilter | None = None, /, **fields: Any) -> list[Event]:
        """Merged events in date order, filtered by ``where`` or by the fields of an
        :class:`~concord.store.EventFilter` given as keywords (``actors=["IND"], type="CONSULT"``);
        every country in ``actors`` and every canonical actor id in ``actor_ids`` must take part."""
        return self.store.events(_filter(EventFilter, where, fields))

    def event_summaries(self, where: EventFilter | None = None, /, **fields: Any) -> list[dict[str, Any]]:
        """The page :meth:`events` returns, as small summary records (PLOVER fields and counts, no
        per-report provenance): what listings show."""
        return self.store.event_summaries(_filter(EventFilter, where, fields))

    def event_type_counts(
        self,
        *,
        actors: Sequence[str] = (),
        since: str | None = None,
        until: str | None = None,
        min_sources: int | None = None,
        actor_ids: Sequence[str] = (),
    ) -> dict[str, int]:
        """How many coded events of each type match the filters, most first (the type facet)."""
        return self.store.event_type_counts(EventFilter(tuple(actors), None, since, until, min_sources, actor_ids=tuple(actor_ids)))

    def event(self, event_id: str) -> Event:
        """One merged event with its citations, sources and conflicts."""
        return self.store.get_event(event_id)

    def facts(self, actors: Sequence[str] = ()) -> list[Fact]:
        """Standing facts (agreements, designations, dialogues, frameworks, plans) whose parties
        include every country in ``actors``, in article order, each with its citation."""
        return [fact for fact, _ in self._facts_of(actors)]

    def standing_facts(self, actors: Sequence[str] = ()) -> list[TimelineItem]:
        """Each standing fact once, however many reports state it and by whatever name ("the Iran nuclear
        deal", "the JCPOA"), with every citation, the count of reports and the first one; ``actors``
        as for :meth:`facts`."""
        from .compare.timeline import merge_facts

        return merge_facts(self._fact_articles(actors))

    def _fact_articles(self, actors: Sequence[str]) -> list[tuple[Fact, Article]]:
        """Facts whose parties include every country in ``actors``, with their article."""
        pairs = self._facts_of(actors)
        articles = {aid: self.store.get_article(aid) for aid in dict.fromkeys(a for _, a in pairs)}
        return [(fact, articles[aid]) for fact, aid in pairs]

    def _facts_of(self, actors: Sequence[str]) -> list[tuple[Fact, str]]:
        """Facts whose parties include every country in ``actors``, with the id of their article."""
        wanted = set(EventFilter(tuple(actors)).actors)
        return [
            (fact, analysis.article_id)
            for analysis in self.store.iter_analyses(tuple(wanted))
            for fact in analysis.facts
            if wanted <= set(fact.parties)
        ]

    # -- articles ---------------------------------------------------------------------------

    def articles(self, where: ArticleFilter | None = None, /, **fields: Any) -> list[Article]:
        """Stored articles in date order, filtered by ``where`` or by the fields of an
        :class:`~concord.store.ArticleFilter` given as keywords (``since="2025-02-01"``); ``after``
        is the last id of the previous page."""
        return self.store.articles(_filter(ArticleFilter, where, fields))

    def article(self, article_id: str) -> Article:
        """One article by id or unique id prefix."""
        return self.store.get_article(article_id)

    def analysis(self, article_id: str) -> Analysis:
        """Everything extracted from one article, with citations (analysed now if it was not yet)."""
        article = self.store.get_article(article_id)
        stored = self.store.get_analysis(article.id)
        if stored is not None:
            return stored
        from .analyze import analyze

        result = analyze(article, self.settings)
        self.store.save_analysis(result)
        return result

    def stored_analysis(self, article_id: str) -> Analysis | None:
        """The stored analysis of one article, or None; never analyses (cheap enough for a web page)."""
        return self.store.get_analysis(self.store.get_article(article_id).id)

    def quarantine(self) -> list[QuarantineEntry]:
        """Inputs that could not be ingested, with the reason."""
        return self.store.quarantined()

    def retry_quarantined(self, entry_id: str) -> IngestReport:
        """Try one quarantined input again (by id or unique prefix): a held article is analysed, any
        other input read again from its path or URL; the entry goes if the failure does not recur."""
        return retry_quarantined(self.store, self.settings, find_quarantined(self.store, entry_id))

    def drop_quarantined(self, entry_id: str) -> QuarantineEntry:
        """Remove one quarantine entry (by id or unique prefix) for good, deleting the article it
        held if any; returns the entry removed."""
        entry = find_quarantined(self.store, entry_id)
        drop_quarantined(self.store, entry)
        return entry

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Full-text search over titles and texts."""
        check_number("limit", limit)
        return self.store.search(query, limit)

    def stats(self) -> dict[str, object]:
        """Counts of what the store holds."""
        return self.store.stats()

    # -- compare ----------------------------------------------------------------------------

    def compare(self, event_id: str) -> Comparison:
        """The reports of one event side by side: claims grouped, labelled shared / elaborated /
        updated / conflicting / unique, background flagged, every claim cited (read from the
        stored analyses; kept in the store until the event's reports change)."""
        return comparison_of(self.store, self.store.get_event(event_id))

    def brief(self, event_id: str, *, limit: int | None = None) -> Brief:
        """The brief of one event ranked by salience: what happened, facts several outlets share,
        what each outlet adds, every contested detail with both sides cited, background collapsed;
        at most ``limit`` items (default 15; 0: no limit)."""
        from .compare import write_brief

        return write_brief(self.compare(event_id), limit=limit)

    def timeline(self, actors: Sequence[str], *, actor_ids: Sequence[str] = ()) -> Timeline:
        """Events and standing facts of the countries in ``actors`` (ISO3) in date order (only the
        events of the canonical actors in ``actor_ids`` too, when given); facts deduplicated across
        all articles that repeat them, with their count and first report; :class:`UsageError`
        without a country."""
        from .compare import build_timeline

        where = EventFilter(tuple(actors), actor_ids=tuple(actor_ids), limit=500)
        if not where.actors:
            raise UsageError("a timeline needs at least one country (ISO 3166 alpha-3 code such as IND); actor ids only narrow it")
        events: list[Event] = []
        while page := self.store.events(where):
            events.extend(page)
            where = dataclasses.replace(where, after=page[-1].id)
        return build_timeline(events, self._fact_articles(where.actors), where.actors)

    def relation(self, actors: Sequence[str], *, actor_ids: Sequence[str] = (), since: str | None = None,
                 until: str | None = None) -> Relation:
        """The countries in ``actors`` (ISO3) over time, in at most 60 periods of the finest grain
        that fits: events per PLOVER type and their mean intensity (grouped in the store, no event
        loaded) and the deduplicated standing facts at their dates; ``since``/``until`` narrow it;
        ``actor_ids`` keeps the events of those canonical actors (and, without countries, no facts)."""
        from .compare import build_timeline
        from .compare.periods import Relation, build_relation, check_range, relation_span

        check_range(since, until)
        wanted = tuple(dict.fromkeys(a.strip().upper() for a in actors if a.strip()))
        where = EventFilter(wanted, since=since, until=until, actor_ids=tuple(actor_ids))
        facts = build_timeline([], self._fact_articles(wanted), wanted).items if wanted else []
        closed = relation_span([], [], since, until) if since and until else None  # its grain is known
        grain = closed.grain if closed and closed.grain in ("day", "week") else "month"
        counts = self.store.event_period_counts(where, grain)
        span = closed or relation_span(counts, facts, since, until)
        if span is None:
            total = sum(c.count for c in counts)
            return Relation(list(wanted), grain, since, until, total=total, off_axis=total, off_axis_facts=facts)
        if span.grain in ("day", "week") and grain == "month":  # the events span a few weeks
            counts = self.store.event_period_counts(where, span.grain)
        return build_relation(wanted, span, counts, facts, (since, until))

    def dyads(self, *, actors: Sequence[str] = (), limit: int = 50) -> list[DyadCount]:
        """The pairs of countries that share the most coded events (those of ``actors``: their
        counterparts), most first."""
        return self.store.dyad_counts(EventFilter(tuple(actors)), limit)

    def dyad(self, a: str, b: str, *, since: str | None = None, until: str | None = None) -> Relation:
        """Two countries' relation over time (:meth:`relation` of ``[a, b]``): counts, intensity, facts."""
        if a.strip().upper() == b.strip().upper():
            raise ConcordError(f"a dyad needs two different countries, not {a} twice")
        return self.relation([a, b], since=since, until=until)

    # -- actor knowledge base ---------------------------------------------------------------

    def actors(self, query: str | None = None, limit: int = 20) -> list[KbActor]:
        """Actors of the knowledge base (with the ``actor_files`` setting's files) whose name or an
        alias contains ``query``, whole names first; no query: the first ``limit`` actors."""
        from .kb import knowledge_base

        return knowledge_base(tuple(self.settings.actor_files)).search(query or "", limit)

    def actor(self, actor_id: str) -> KbActor:
        """One actor of the knowledge base by id: name, kind, country, CAMEO code, sectors, aliases,
        dated roles; raises :class:`NotFoundError`."""
        from .kb import knowledge_base

        return knowledge_base(tuple(self.settings.actor_files)).get(actor_id)

    def actor_index(self, query: str | None = None, *, limit: int = 50, offset: int = 0) -> ActorIndex:
        """The actors that take part in the most stored coded events, with their counts (a page of
        ``limit`` from ``offset``); with ``query``, those whose knowledge-base name or alias, name in
        the events or id contains it, and on the first page the knowledge base's matches that no
        stored event names."""
        from .actors import actor_index
        from .kb import knowledge_base

        check_number("limit", limit)
        if offset < 0:
            raise UsageError(f"offset must not be negative, not {offset}")
        return actor_index(self.store, knowledge_base(tuple(self.settings.actor_files)), query, limit, offset)

    def actor_name(self, actor_id: str) -> str:
        """The name to show for a canonical actor id: the knowledge base's, else the first one stored
        events give it, else the id."""
        from .actors import actor_name
        from .kb import knowledge_base

        return actor_name(self.store, knowledge_base(tuple(self.settings.actor_files)), actor_id)

    def actor_profile(self, actor_id: str, *, partners: int = 10) -> ActorProfile:
        """One actor by canonical id, as the knowledge base and the stored events know it: its entry
        (if listed), the names events give it, its coded events as actor and as recipient and per
        type, and the ``partners`` actors it shares the most events with; :class:`NotFoundError`
        when neither knows it."""
        from .actors import actor_profile
        from .kb import knowledge_base

        wanted = check_actor_ids([actor_id])
        if len(wanted) != 1:
            raise UsageError("actor_id: an actor id is needed")
        check_number("partners", partners)
        return actor_profile(self.store, knowledge_base(tuple(self.settings.actor_files)), wanted[0], partners)

    # -- evaluation -------------------------------------------------------------------------

    def eval_events(self, path: str | Path, coder: str | None = None) -> dict[str, Any]:
        """Score PLOVER event-type coding on a PLV-format TSV (accuracy, macro-F1, per class) with
        ``coder`` (default: the ``event_coder`` setting)."""
        from .eval.events import evaluate_events

        return evaluate_events(path, coder=coder or self.settings.event_coder)

    def eval_dyads(self, path: str | Path, coder: str | None = None) -> dict[str, Any]:
        """Score who did what to whom end to end on a PLV-format TSV: each sentence one report through
        the pipeline; type accuracy, no-event count, actor/recipient precision and recall, dyad recall."""
        from .eval.dyads import evaluate_dyads

        return evaluate_dyads(path, self.settings.replace(event_coder=coder))

    def eval_clusters(self, path: str | Path) -> dict[str, Any]:
        """Score same-event clustering on a JSON Lines gold file (pairwise and BCubed P/R/F1)."""
        from .eval.clusters import evaluate_clusters

        return evaluate_clusters(path)

    def eval_compare(self, gold: str | Path, articles: str | Path) -> dict[str, Any]:
        """Score the comparison of real stories against a gold of shared facts and conflicts
        (shared recall, conflict recall, false conflicts per story, unique share, per story)."""
        from .eval.compare import evaluate_compare

        return evaluate_compare(gold, articles, self.settings)

    def eval_facts(self, gold: str | Path, articles: str | Path) -> dict[str, Any]:
        """Score standing facts on a hand-marked gold (precision, recall, year and parties right)."""
        from .eval.facts import evaluate_facts

        return evaluate_facts(gold, articles, self.settings)

    # -- export -----------------------------------------------------------------------------

    def export(self, format: str, out: str | Path) -> int:
        """Write every coded event to ``out`` in ``format`` (plover-jsonl, csv, parquet, gdelt-tsv or
        mentions-tsv; see :mod:`concord.export`), replacing it atomically; returns rows written."""
        from .export import export_store

        return export_store(self.store, format, out)

    # -- demo -------------------------------------------------------------------------------

    def demo(self, progress: Progress | None = None) -> IngestReport:
        """Ingest the example corpus shipped in the package (``concord/examples/corpus``) into this store."""
        if not EXAMPLES_DIR.is_dir():
            raise NotFoundError(f"example corpus not found at {EXAMPLES_DIR}")
        return self.ingest([str(EXAMPLES_DIR)], progress=progress)


F = TypeVar("F", ArticleFilter, EventFilter)


def _filter(kind: type[F], where: F | None, fields: dict[str, Any]) -> F:
    """``where``, or the filter of type ``kind`` the keyword ``fields`` describe (:class:`UsageError`
    for both, or for a field the filter does not have)."""
    if where is not None:
        if fields:
            raise UsageError(f"give a {kind.__name__} or its fields as keywords, not both")
        return where
    try:
        return kind(**fields)
    except TypeError as exc:
        raise UsageError(f"bad {kind.__name__} field: {exc}") from exc
