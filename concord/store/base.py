"""The one Store protocol every backend implements (SQLite, PostgreSQL), and its typed records.

Concurrency contract (every backend keeps it; the contract tests check it):

* **Readers are never blocked.** A listing, a search or a page view reads committed data while
  any writer works (SQLite: WAL; PostgreSQL: MVCC).
* **One linker at a time.** :meth:`Store.linking` is a transaction that holds the store's one
  linker lock (SQLite: ``BEGIN IMMEDIATE``, which serialises every writer; PostgreSQL:
  ``pg_advisory_xact_lock``); :func:`concord.pipeline.link_pending` reads the unlinked articles
  only once it holds it, so two processes never cluster the same article and the events are
  those one process makes for the same reports in the same order.
* **Writes are idempotent.** Adding an article another process added first is a no-op (it is
  counted as a duplicate); re-saving an analysis replaces it; quarantining again bumps a count.
* **A busy store waits, then says so.** A writer that finds the lock taken reports "waiting for
  another concord process to finish writing …" once, waits up to the ``store_timeout`` setting
  and then fails with :class:`~concord.errors.StoreBusyError` (one line, exit 1).
* **Creating a store is race-free.** Migrations run in a transaction that re-reads the schema
  version under the write lock, so two processes opening a new store apply each step once.

Ids compare bytewise on both backends (SQLite ``BINARY``, PostgreSQL ``COLLATE "C"``), so keyset
pages and id-prefix lookups give the same answers whatever the database's locale.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from ..errors import UsageError
from ..linkrows import ClusterRows, DedupRows
from ..model import Analysis, Article, Event
from ..settings import MAX_ACTORS, MAX_NUMBER

__all__ = [
    "ACTOR_ID",
    "ACTOR_ROLES",
    "GRAINS",
    "ActorCount",
    "ActorFilter",
    "ActorName",
    "ArticleFilter",
    "DyadCount",
    "EventFilter",
    "PeriodCount",
    "QuarantineEntry",
    "Report",
    "SearchHit",
    "Store",
    "actor_names_of",
    "actor_roles",
    "check_actor_ids",
    "check_number",
]


@dataclass(frozen=True)
class QuarantineEntry:
    """An input that could not be ingested, kept with the reason so nothing is lost silently.

    ``article_id`` names a stored article the analysis could not take, held out of analysis and
    linking; ``id`` is a short stable key of the entry (from its source and reason).
    """

    source: str
    kind: str
    reason: str
    first_seen: str
    last_seen: str
    attempts: int
    article_id: str | None = None
    id: str = field(init=False)

    def __post_init__(self) -> None:
        digest = hashlib.sha256(f"{self.source}\n{self.reason}".encode()).hexdigest()
        object.__setattr__(self, "id", "q-" + digest[:10])


@dataclass(frozen=True)
class SearchHit:
    """A full-text search match: a plain-text snippet, the spans of the matched words in it, and a
    relevance ``score`` (higher is better; comparable within one search, not across backends)."""

    article_id: str
    title: str | None
    snippet: str
    highlights: list[tuple[int, int]]
    score: float


@dataclass(frozen=True)
class Report:
    """One report of an event: the stored article and its analysis (None while not analysed)."""

    article: Article
    analysis: Analysis | None


def check_number(name: str, value: int | None) -> None:
    """Refuse a count or page size outside 1..:data:`MAX_NUMBER` (:class:`UsageError`)."""
    if value is not None and not 1 <= value <= MAX_NUMBER:
        raise UsageError(f"{name} must be between 1 and {MAX_NUMBER}, not {value}")


#: A canonical actor id: a knowledge-base id (``rajnath-singh``, ``USA``), a CAMEO code
#: (``SYRGOV``), or ``x:`` and a slug for an actor the knowledge base lacks (``x:pete-hegseth-usa``).
ACTOR_ID = re.compile(r"x:[A-Za-z0-9.-]*|[A-Za-z0-9][A-Za-z0-9.-]*")
#: The longest actor id a query may name.
MAX_ACTOR_ID = 200


def check_actor_ids(ids: Sequence[str]) -> tuple[str, ...]:
    """Canonical actor ids, stripped and de-duplicated (blanks dropped); :class:`UsageError` for
    one that cannot be an id or more than :data:`MAX_ACTORS` of them."""
    wanted = tuple(dict.fromkeys(i.strip() for i in ids if i.strip()))
    bad = next((i for i in wanted if len(i) > MAX_ACTOR_ID or not ACTOR_ID.fullmatch(i)), None)
    if bad is not None:
        raise UsageError(f"actor_id: {bad[:40]!r} is not an actor id such as rajnath-singh, USA or x:pete-hegseth-usa")
    if len(wanted) > MAX_ACTORS:
        raise UsageError(f"actor_id: at most {MAX_ACTORS} actor ids in one query, not {len(wanted)}")
    return wanted


@dataclass(frozen=True)
class ArticleFilter:
    """Which articles a listing returns; ``after`` is the keyset cursor (the last id seen)."""

    source: str | None = None
    since: str | None = None
    until: str | None = None
    language: str | None = None
    after: str | None = None
    limit: int = 100

    def __post_init__(self) -> None:
        check_number("limit", self.limit)


@dataclass(frozen=True)
class EventFilter:
    """Which events a listing returns (the one filter of every event query: API, web, CLI, store):
    every country in ``actors`` and every canonical actor id in ``actor_ids`` takes part (as actor
    or recipient); ``after`` is the keyset cursor; ``newest_first`` reverses the (date, id) order,
    ``after`` then continuing with older events.

    Countries are upper-cased and de-duplicated, actor ids checked (:func:`check_actor_ids`), the
    type upper-cased; :class:`UsageError` for more than :data:`MAX_ACTORS` countries or actor ids,
    a malformed actor id or a number outside 1..:data:`MAX_NUMBER`.
    """

    actors: tuple[str, ...] = ()
    type: str | None = None
    since: str | None = None
    until: str | None = None
    min_sources: int | None = None
    include_uncoded: bool = False
    after: str | None = None
    limit: int = 100
    actor_ids: tuple[str, ...] = ()
    newest_first: bool = False

    def __post_init__(self) -> None:
        wanted = tuple(dict.fromkeys(a.strip().upper() for a in self.actors if a.strip()))
        if len(wanted) > MAX_ACTORS:
            raise UsageError(f"at most {MAX_ACTORS} actor countries in one query, not {len(wanted)}")
        check_number("min_sources", self.min_sources)
        check_number("limit", self.limit)
        object.__setattr__(self, "actors", wanted)
        object.__setattr__(self, "actor_ids", check_actor_ids(self.actor_ids))
        object.__setattr__(self, "type", self.type.upper() if self.type else None)

    @property
    def filtered(self) -> bool:
        """Whether any filter (not the page) is set."""
        return bool(self.actors or self.actor_ids or self.type or self.since or self.until or self.min_sources)


#: The periods :meth:`Store.event_period_counts` groups by, finest first.
GRAINS = ("day", "week", "month", "year")


@dataclass(frozen=True)
class PeriodCount:
    """The events of one type in one period, and the mean intensity of those that have one.

    ``period`` is the key of the period: ``YYYY-MM-DD`` (a day, or a week by its Monday),
    ``YYYY-MM`` or ``YYYY``; an event dated less precisely than the grain keeps its own date as
    key (``2025-02`` in a day grouping), an undated one None.
    """

    period: str | None
    type: str
    count: int
    #: Mean conflict-cooperation score over the ``scored`` events that have one (None if none).
    intensity: float | None
    scored: int


@dataclass(frozen=True)
class DyadCount:
    """Two countries (``a`` before ``b`` alphabetically) and how many events both take part in."""

    a: str
    b: str
    count: int


#: How a canonical actor takes part in an event: it acts, it is acted on, or both.
ACTOR_ROLES = ("actor", "recipient", "both")


def actor_roles(event: Event) -> dict[str, str]:
    """Each canonical actor id of ``event`` and its role (one of :data:`ACTOR_ROLES`), in the order
    the event names them; an actor without an id (stored before actors had ids) is left out."""
    roles: dict[str, str] = {}
    for role, actors in (("actor", event.actor), ("recipient", event.recipient)):
        for actor in actors:
            if actor.id:
                roles[actor.id] = role if roles.get(actor.id, role) == role else "both"
    return roles


@dataclass(frozen=True)
class ActorName:
    """A name a canonical actor goes by in stored events, with the kind, country and code given with it."""

    name: str
    kind: str | None
    country: str | None
    code: str | None


def actor_names_of(event: Event) -> list[tuple[str, ActorName]]:
    """(actor id, name record) of every actor of ``event`` that has an id, actors first."""
    return [(a.id, ActorName(a.name, a.kind, a.country, a.code)) for a in event.actor + event.recipient if a.id]


@dataclass(frozen=True)
class ActorFilter:
    """Which actors :meth:`Store.actor_counts` counts, and the page.

    With ``ids`` or ``name``, only those ids and the actors whose id or a stored name contains
    ``name`` (case ignored for ASCII letters); with ``partner_of``, the other actors of that
    actor's events, counted over the events they share.
    """

    ids: tuple[str, ...] = ()
    name: str | None = None
    partner_of: str | None = None
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True)
class ActorCount:
    """A canonical actor and the coded events it takes part in: all, as actor, as recipient (an
    actor that is both counts in each); ``name``, ``kind``, ``country`` and ``code`` are those of
    the first stored event that named it."""

    id: str
    events: int
    as_actor: int
    as_recipient: int
    name: str
    kind: str | None
    country: str | None
    code: str | None


@runtime_checkable
class Store(Protocol):
    """Transactional, idempotent persistence for every stage's output (see the module's
    concurrency contract)."""

    def transaction(self) -> AbstractContextManager[None]:
        """Group writes: all of them land or none (nested calls make savepoints)."""
        ...

    def linking(self) -> AbstractContextManager[None]:
        """A transaction holding the store's one linker lock: waits (with a message, up to the
        store timeout) while another process links."""
        ...

    def session(self) -> AbstractContextManager[None]:
        """The calls this thread makes inside share one connection (PostgreSQL: one pool checkout
        instead of one per statement; SQLite: a thread has one already). Not a transaction."""
        ...

    def add_article(self, article: Article) -> bool:
        """Store an article unless its id is already there; True when it was new."""
        ...

    def get_article(self, article_id: str) -> Article:
        """The article with this id (or a unique id prefix); NotFoundError otherwise."""
        ...

    def has_article(self, article_id: str) -> bool:
        """Whether an article with exactly this id is stored."""
        ...

    def articles(self, where: ArticleFilter = ArticleFilter()) -> list[Article]:
        """Articles in (date, id) order, filtered and paginated."""
        ...

    def iter_articles(self) -> Iterator[Article]:
        """Every article in (date, id) order, streamed."""
        ...

    def mark_duplicate(self, article_id: str, original_id: str) -> None:
        """Record that an article is a near-verbatim copy of an earlier one."""
        ...

    def quarantine(self, source: str, kind: str, reason: str, article_id: str | None = None) -> None:
        """Record (or re-record) an input that failed, with why; with ``article_id``, that stored
        article is held: :meth:`unanalysed` and :meth:`unlinked` leave it out while the entry stays."""
        ...

    def forget_quarantined(self, source: str, reason: str) -> None:
        """Remove one quarantine entry (an article it held goes back to analysis)."""
        ...

    def delete_article(self, article_id: str) -> None:
        """Delete an article that no event holds, with its analysis and quarantine entries."""
        ...

    def quarantined(self) -> list[QuarantineEntry]:
        """Every quarantined input, oldest first."""
        ...

    def save_analysis(self, analysis: Analysis) -> None:
        """Store (or replace) the analysis of one article."""
        ...

    def get_analysis(self, article_id: str) -> Analysis | None:
        """The stored analysis of an article, if any."""
        ...

    def iter_analyses(self, fact_countries: tuple[str, ...] = ()) -> Iterator[Analysis]:
        """Every stored analysis, in article (date, id) order, streamed; with ``fact_countries``,
        only analyses whose standing facts name all of these countries (an index, not a scan)."""
        ...

    def unanalysed(self) -> list[Article]:
        """Articles that have no analysis yet and are not held in the quarantine, in (date, id) order."""
        ...

    def unlinked(self) -> list[Article]:
        """Analysed articles not yet placed in an event and not held in the quarantine, by date and
        then arrival order."""
        ...

    def save_links(
        self,
        events: list[tuple[Event, list[str]]],
        linked: list[str],
        state: dict[str, object],
        removed: Sequence[str] = (),
    ) -> None:
        """In one transaction: store merged events and members (with their countries and the
        :func:`actor_roles` of their canonical actors), mark articles linked, save index state
        (a None value deletes that state), drop the ``removed`` events (absorbed into others)."""
        ...

    def link_state(self, name: str) -> dict[str, object] | None:
        """The saved state of a linking index, if any."""
        ...

    def dedup_rows(self) -> DedupRows:
        """The near-duplicate index kept in this store, read and written a few rows at a time."""
        ...

    def cluster_rows(self) -> ClusterRows:
        """The clusterer's index kept in this store, read and written a few rows at a time."""
        ...

    def clear_links(self) -> None:
        """Forget all events and link state (before a recluster)."""
        ...

    def get_event(self, event_id: str) -> Event:
        """The event with this id or unique prefix; NotFoundError otherwise."""
        ...

    def events(self, where: EventFilter = EventFilter()) -> list[Event]:
        """Events in (date, id) order (or the reverse), filtered and paginated."""
        ...

    def event_summaries(self, where: EventFilter = EventFilter()) -> list[dict[str, Any]]:
        """The page :meth:`events` returns, as small summary records (for listings)."""
        ...

    def summaries_of(self, event_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """The summaries of those of ``event_ids`` (exact ids) that are stored, by id: one query."""
        ...

    def event_type_counts(self, where: EventFilter = EventFilter()) -> dict[str, int]:
        """Events per type matching ``where`` (type and page ignored), most first."""
        ...

    def event_period_counts(self, where: EventFilter, grain: str) -> list[PeriodCount]:
        """Events matching ``where`` (page ignored) per period of ``grain`` (one of :data:`GRAINS`)
        and type, with their mean intensity, in period order: one grouped query, no event loaded."""
        ...

    def dyad_counts(self, where: EventFilter, limit: int = 50) -> list[DyadCount]:
        """The ``limit`` pairs of countries that take part together in the most events matching
        ``where`` (page ignored), most first; with ``where.actors``, only pairs holding one of them
        (none for more than two); ``where.actor_ids`` narrows the events."""
        ...

    def actor_counts(self, where: ActorFilter = ActorFilter()) -> list[ActorCount]:
        """Canonical actors by the coded events they take part in, most first (then by id), paged by
        ``where.limit`` and ``where.offset``: one grouped query over the event-actor links."""
        ...

    def actor_names(self, actor_id: str) -> list[ActorName]:
        """Every name the actor goes by in stored events, first seen first (empty for an unknown id)."""
        ...

    def generation(self) -> int:
        """A number that changes whenever events change, for caches of derived views."""
        ...

    def save_event_view(self, event_id: str, sources: str, data: dict[str, Any]) -> None:
        """Keep a derived view of an event (its comparison), valid while its ``sources`` key holds."""
        ...

    def event_view(self, event_id: str, sources: str) -> dict[str, Any] | None:
        """The stored view of an event if made from the same ``sources``, else None."""
        ...

    def reports(self, event_id: str) -> list[Report]:
        """The reports of a stored event (by exact id), each article with its analysis, in the
        order of the event's sources: one query, not one per report."""
        ...

    def events_of_article(self, article_id: str) -> list[str]:
        """Ids of the events an article reports."""
        ...

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Full-text search over titles and texts: every word must match (stemmed), best first."""
        ...

    def stats(self) -> dict[str, object]:
        """Counts of what is stored, for ``concord stats``."""
        ...

    def close(self) -> None:
        """Release the connection."""
        ...
