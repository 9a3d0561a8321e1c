"""Where the event clusterer keeps its index: in memory, or in a store a few rows at a time.

The index holds events by id (each with a foundation sequence number, so consolidation can
tell the older of two events without listing them all), posting lists by (time bucket,
blocking key), the events each article joined, the document frequencies of the online IDF
and a few scalar values. :class:`MemoryIndex` keeps it all in dicts (batch clustering,
evaluation). :class:`StoredIndex` reads only what one article needs from a
:class:`ClusterRows` backend (a store's tables), caches the events it loaded
for the batch and writes back only what changed, so the cost of adding an article does not
grow with the store.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Generic, Protocol, TypeVar

from ..errors import ConcordError
from ..linkrows import Bucket, ClusterRows
from .features import OnlineIdf

__all__ = ["ClusterIndex", "MemoryIndex", "StoredCounts", "StoredIndex"]

E = TypeVar("E")


class ClusterIndex(Protocol[E]):
    """What :class:`~concord.link.cluster.EventClusterer` reads and writes while it clusters."""

    idf: OnlineIdf
    max_day: int | None

    def event(self, event_id: str) -> E | None:
        """The event with this id, or None."""

    def prefetch(self, event_ids: Sequence[str]) -> None:
        """Hint that these events are about to be read (a store loads them in one query)."""

    def prefetch_terms(self, terms: Iterable[str]) -> None:
        """Hint that the IDF is about to read these terms' document frequencies."""

    def add_event(self, event_id: str, event: E) -> None:
        """Found a new event; it sorts after every event founded before it."""

    def replace_event(self, event_id: str, event: E) -> None:
        """Put another object in an event's place (a split event's kept part), keeping its order."""

    def changed(self, event_id: str) -> None:
        """Say that an event read from the index was modified in place."""

    def remove_event(self, event_id: str) -> None:
        """Drop an event (its postings are removed separately with :meth:`unpost`)."""

    def order(self, event_id: str) -> int:
        """The event's foundation sequence number (older events have smaller numbers)."""

    def event_ids(self) -> list[str]:
        """Every event id in foundation order (whole-index operation)."""

    def hits(self, buckets: Iterable[Bucket], keys: Iterable[str]) -> Counter[str]:
        """Event id -> number of (bucket, key) posting lists that hold it."""

    def post(self, event_id: str, keys: Iterable[str], buckets: Iterable[Bucket]) -> None:
        """Add the event to the posting list of every (bucket, key)."""

    def unpost(self, event_id: str, keys: Iterable[str], buckets: Iterable[Bucket]) -> None:
        """Remove the event from the posting list of every (bucket, key)."""

    def memberships(self, article_id: str) -> list[str] | None:
        """The events an article joined, or None when it was never added."""

    def set_memberships(self, article_id: str, event_ids: list[str]) -> None:
        """Record (or replace) the events an article belongs to."""

    def all_memberships(self) -> list[tuple[str, list[str]]]:
        """(article id, event ids) for every added article, in order of first addition."""

    def n_articles(self) -> int:
        """How many articles were added."""

    def idf_state(self) -> dict[str, Any]:
        """The whole online IDF as :meth:`OnlineIdf.state` data (whole-index operation)."""

    def flush(self) -> None:
        """Write back whatever is pending (before the store's transaction commits)."""


class MemoryIndex(Generic[E]):
    """The whole index in dicts: the default, as fast as plain dictionary lookups."""

    def __init__(self, idf: OnlineIdf | None = None) -> None:
        self.idf = idf or OnlineIdf()
        self.max_day: int | None = None
        self.events: dict[str, E] = {}
        self.postings: dict[tuple[Bucket, str], set[str]] = {}
        self.articles: dict[str, list[str]] = {}
        self._seq: dict[str, int] = {}
        self._next_seq = 1

    def event(self, event_id: str) -> E | None:
        """The event with this id, or None."""
        return self.events.get(event_id)

    def prefetch(self, event_ids: Sequence[str]) -> None:
        """Nothing to do: everything is in memory."""

    def prefetch_terms(self, terms: Iterable[str]) -> None:
        """Nothing to do: everything is in memory."""

    def add_event(self, event_id: str, event: E) -> None:
        """Found a new event after all others."""
        self._seq[event_id] = self._next_seq
        self._next_seq += 1
        self.events[event_id] = event

    def replace_event(self, event_id: str, event: E) -> None:
        """Put another object in an event's place, keeping its foundation order."""
        self.events[event_id] = event

    def changed(self, event_id: str) -> None:
        """Nothing to do: the event object is the stored one."""

    def remove_event(self, event_id: str) -> None:
        """Drop an event (its sequence number is never reused)."""
        del self.events[event_id]

    def order(self, event_id: str) -> int:
        """The event's foundation sequence number."""
        return self._seq[event_id]

    def event_ids(self) -> list[str]:
        """Every event id in foundation order (dicts keep insertion order)."""
        return list(self.events)

    def hits(self, buckets: Iterable[Bucket], keys: Iterable[str]) -> Counter[str]:
        """Event id -> number of (bucket, key) posting lists that hold it."""
        found: Counter[str] = Counter()
        postings = self.postings
        buckets = list(buckets)
        for key in keys:
            for bucket in buckets:
                for eid in postings.get((bucket, key), ()):
                    found[eid] += 1
        return found

    def post(self, event_id: str, keys: Iterable[str], buckets: Iterable[Bucket]) -> None:
        """Add the event to every (bucket, key) posting list."""
        keys = list(keys)
        for bucket in buckets:
            for key in keys:
                self.postings.setdefault((bucket, key), set()).add(event_id)

    def unpost(self, event_id: str, keys: Iterable[str], buckets: Iterable[Bucket]) -> None:
        """Remove the event from every (bucket, key) posting list."""
        keys = list(keys)
        for bucket in buckets:
            for key in keys:
                self.postings.get((bucket, key), set()).discard(event_id)

    def memberships(self, article_id: str) -> list[str] | None:
        """The events an article joined, or None."""
        return self.articles.get(article_id)

    def set_memberships(self, article_id: str, event_ids: list[str]) -> None:
        """Record the events an article belongs to."""
        self.articles[article_id] = event_ids

    def all_memberships(self) -> list[tuple[str, list[str]]]:
        """(article id, event ids) in order of first addition."""
        return [(aid, list(eids)) for aid, eids in self.articles.items()]

    def n_articles(self) -> int:
        """How many articles were added."""
        return len(self.articles)

    def idf_state(self) -> dict[str, Any]:
        """The online IDF as plain data."""
        return self.idf.state()

    def flush(self) -> None:
        """Nothing to do: nothing is pending."""


class StoredCounts(Counter[str]):
    """Document frequencies read from a backend on demand; increments are remembered for writing back."""

    def __init__(self, load: Callable[[Sequence[str]], dict[str, int]]) -> None:
        dict.__init__(self)  # not Counter.__init__, which would call the update below
        self._load = load
        self.increments: Counter[str] = Counter()

    def __missing__(self, term: str) -> int:
        value = self._load([term]).get(term, 0)
        self[term] = value
        return value

    def prefetch(self, terms: Iterable[str]) -> None:
        """Read the frequencies of every term not cached yet in one go."""
        missing = sorted({t for t in terms if t not in self})
        if missing:
            found = self._load(missing)
            for term in missing:
                dict.__setitem__(self, term, found.get(term, 0))

    def update(self, terms: Iterable[str] = (), /, **_: int) -> None:  # type: ignore[override]
        """Count one more document for each of ``terms`` (what :meth:`OnlineIdf.add` asks)."""
        for term in terms:
            self[term] += 1
            self.increments[term] += 1


#: Scalar values kept in the store's meta rows, besides the config.
_IDF_META = ("n_docs", "prior_docs", "doc_words")


class StoredIndex(Generic[E]):
    """An index read from :class:`ClusterRows` as needed and written back by :meth:`flush`.

    Events read during a batch stay cached (the same object is handed out each time); those
    marked changed, founded or removed are written at :meth:`flush`, together with the
    document-frequency increments and scalar values. Postings and memberships are written
    as they change. Use one instance per batch, inside the store's transaction.
    """

    def __init__(
        self,
        rows: ClusterRows,
        encode: Callable[[E], dict[str, Any]],
        decode: Callable[[dict[str, Any]], E],
    ) -> None:
        self.rows = rows
        self._encode, self._decode = encode, decode
        self.saved = rows.meta()
        defaults = OnlineIdf()
        self.idf = OnlineIdf(
            self.saved.get("prior_docs", defaults.prior_docs), self.saved.get("doc_words", defaults.doc_words)
        )
        self.idf.n_docs = self.saved.get("n_docs", 0)
        self._df = StoredCounts(rows.doc_freqs)
        self.idf.df = self._df
        self.max_day: int | None = self.saved.get("max_day")
        self._events: dict[str, E | None] = {}
        self._seq: dict[str, int] = {}
        self._next_seq = rows.max_event_seq() + 1
        self._dirty: set[str] = set()
        self._removed: set[str] = set()
        self._articles: dict[str, list[str] | None] = {}

    def event(self, event_id: str) -> E | None:
        """The event with this id (cached for the batch), or None."""
        if event_id not in self._events:
            self.prefetch([event_id])
        return self._events[event_id]

    def prefetch(self, event_ids: Sequence[str]) -> None:
        """Load every listed event not cached yet in one query."""
        missing = [e for e in event_ids if e not in self._events]
        if not missing:
            return
        found = self.rows.load_events(missing)
        for eid in missing:
            if eid in found:
                seq, row = found[eid]
                self._seq[eid] = seq
                self._events[eid] = self._decode(row)
            else:
                self._events[eid] = None

    def prefetch_terms(self, terms: Iterable[str]) -> None:
        """Load the document frequencies of these terms in one query."""
        self._df.prefetch(terms)

    def add_event(self, event_id: str, event: E) -> None:
        """Found a new event with the next sequence number."""
        self._events[event_id] = event
        self._seq[event_id] = self._next_seq
        self._next_seq += 1
        self._dirty.add(event_id)
        self._removed.discard(event_id)

    def replace_event(self, event_id: str, event: E) -> None:
        """Put another object in an event's place, keeping its foundation order; written at the next flush."""
        self._events[event_id] = event
        self._dirty.add(event_id)

    def changed(self, event_id: str) -> None:
        """Write this event back at the next flush."""
        self._dirty.add(event_id)

    def remove_event(self, event_id: str) -> None:
        """Drop the event now (for reads) and from the store at the next flush."""
        self._events[event_id] = None
        self._dirty.discard(event_id)
        self._removed.add(event_id)

    def order(self, event_id: str) -> int:
        """The event's foundation sequence number."""
        if event_id not in self._seq:
            self.prefetch([event_id])
        try:
            return self._seq[event_id]
        except KeyError as exc:
            raise ConcordError(f"no clustered event {event_id!r}") from exc

    def event_ids(self) -> list[str]:
        """Every event id in foundation order (flushes first; reads the whole event table)."""
        self.flush()
        return self.rows.event_order()

    def hits(self, buckets: Iterable[Bucket], keys: Iterable[str]) -> Counter[str]:
        """Event id -> number of (bucket, key) posting lists that hold it (one query)."""
        return self.rows.posting_hits(list(buckets), sorted(keys))

    def post(self, event_id: str, keys: Iterable[str], buckets: Iterable[Bucket]) -> None:
        """Add the event to every (bucket, key) posting list."""
        keys = list(keys)
        self.rows.add_postings([(bucket, key, event_id) for bucket in buckets for key in keys])

    def unpost(self, event_id: str, keys: Iterable[str], buckets: Iterable[Bucket]) -> None:
        """Remove the event from every (bucket, key) posting list."""
        keys = list(keys)
        self.rows.remove_postings([(bucket, key, event_id) for bucket in buckets for key in keys])

    def memberships(self, article_id: str) -> list[str] | None:
        """The events an article joined (cached for the batch), or None."""
        if article_id not in self._articles:
            self._articles[article_id] = self.rows.load_memberships(article_id)
        return self._articles[article_id]

    def set_memberships(self, article_id: str, event_ids: list[str]) -> None:
        """Record the events an article belongs to."""
        self._articles[article_id] = event_ids
        self.rows.write_memberships(article_id, event_ids)

    def all_memberships(self) -> list[tuple[str, list[str]]]:
        """(article id, event ids) for every article, in order of first addition."""
        return self.rows.all_memberships()

    def n_articles(self) -> int:
        """How many articles were added."""
        return self.rows.count_memberships()

    def idf_state(self) -> dict[str, Any]:
        """The whole online IDF as plain data (flushes first; reads every frequency)."""
        self.flush()
        full = OnlineIdf(self.idf.prior_docs, self.idf.doc_words)
        full.n_docs = self.idf.n_docs
        full.df = Counter(self.rows.all_doc_freqs())
        return full.state()

    def flush(self) -> None:
        """Write back changed and removed events, frequency increments and scalar values."""
        if self._removed:
            self.rows.delete_events(sorted(self._removed))
            self._removed.clear()
        dirty = sorted(self._dirty, key=self._seq.__getitem__)
        self.rows.write_events([(eid, self._seq[eid], self._encode(self._live(eid))) for eid in dirty])
        self._dirty.clear()
        if self._df.increments:
            self.rows.add_doc_freqs(dict(self._df.increments))
            self._df.increments.clear()
        values = {name: getattr(self.idf, name) for name in _IDF_META}
        values["max_day"] = self.max_day
        changed = {k: v for k, v in values.items() if self.saved.get(k, None) != v or k not in self.saved}
        if changed:
            self.rows.write_meta(changed)
            self.saved.update(changed)

    def remember(self, name: str, value: Any) -> None:
        """Store a scalar value now (the clusterer keeps its config this way)."""
        self.rows.write_meta({name: value})
        self.saved[name] = value

    def _live(self, event_id: str) -> E:
        event = self._events.get(event_id)
        if event is None:
            raise ConcordError(f"clustered event {event_id!r} vanished before it was saved")
        return event
