"""Incremental same-event clustering (after Miranda et al. 2018, "Multilingual clustering of streaming news").

Each new article is compared with the centroids of candidate events only. Candidates come
from blocking: an inverted index over each event's most distinctive terms, named tokens and
the actor dyads of analysed event mentions, bucketed by time so that a lookup only touches
events within the date window. Reports may arrive in any order (a late-ingested report of an
old event still finds it), and the cost per article stays flat as the store grows. The score
is a weighted mean of TF-IDF cosines (body, named tokens, title) with a Gaussian time penalty
and an event-mention agreement term; the article joins the best event scoring at least
``threshold``, otherwise it founds a new one. A short excerpt's text similarity is scaled up
first, since its cosines with full reports run low. A stream can found one event twice before
the reports that bridge the two arrive; :meth:`EventClusterer.consolidate` (run at the end of
:func:`cluster_articles`) then merges events whose reports are close on average (average
linkage over the centroids). Greedy joins can also let the first report of a second event of
the same kind slip into the first while both are small, the rest of it following;
:meth:`EventClusterer.refine` (run before consolidating) splits an event again when its reports
fall into two clearly separate groups. Everything is deterministic (ties break on ids) and the whole
state round-trips through plain data.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
from collections import Counter, deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np

from ..errors import ConcordError, NotFoundError
from ..model import Analysis, Article
from .dedup import DedupConfig, DuplicateIndex
from .features import ArticleFeatures, OnlineIdf, article_day, extract_features
from ..linkrows import ClusterRows
from .index import ClusterIndex, MemoryIndex, StoredIndex
from .refine import bisect, cosine_matrix, separation

__all__ = [
    "ClusterConfig",
    "EventClusterer",
    "cluster_articles",
    "event_id",
    "stream_order",
]

STATE_VERSION = 3
#: Older states this version still reads (time buckets and centroid counts are rebuilt).
_READABLE_VERSIONS = (1, 2, 3)
T = TypeVar("T")
#: Gives back an added article and its analysis by id (see :meth:`EventClusterer.refine`).
Source = Callable[[str], tuple[Article, Analysis | None]]


@dataclass(frozen=True)
class ClusterConfig:
    """Thresholds, weights and blocking limits of the clusterer (defaults tuned on both dev sets).

    The similarity is ``(w_body*cos_body + w_entities*cos_entities + w_title*cos_title) /
    (sum of the weights of channels present on both sides)``, minus
    ``w_time * (1 - exp(-d^2 / (2 sigma^2)))`` for a day distance ``d`` to the event's date
    range, plus ``w_event_match`` when article and event share a PLOVER type and actor dyad,
    minus ``w_event_date`` for each day (at most ``event_date_cap_days``) by which their
    resolved lead event days lie more than a day apart. When both sides have lead event days,
    ``d`` and that gap are measured to the event's core days (see :func:`_core_days`), not to
    the whole date range, so one stray member cannot stretch what an event will absorb.

    For an article with fewer than ``short_terms`` distinct content words (an excerpt), the
    weighted mean of cosines is divided by ``max(short_floor, sqrt(terms / short_terms))``
    before the other terms apply: its cosine with a centroid of full reports shrinks about
    with the square root of the share of their vocabulary an excerpt can show. :meth:`EventClusterer.consolidate` merges two events when the same weighted mean,
    taken over average-linkage similarities (the mean cosine over all pairs of their reports)
    and with the time and event terms between the two, reaches ``merge_threshold``;
    ``consolidate`` says whether :func:`cluster_articles` runs that pass.

    :meth:`EventClusterer.refine` (run by :func:`cluster_articles` when ``refine`` is set,
    before consolidation) looks at events of ``split_min_members`` to ``split_max_members``
    reports, recomputes their reports' vectors and bisects them (see
    :func:`concord.link.refine.bisect`, at least ``split_min_group`` reports per part). It
    splits when the between-part average link is at most ``split_ratio`` times the weaker
    within-part one, both in the channel mix and in the body alone (relative: reports of one
    event can be far apart in absolute terms), and the parts' event similarity stays below
    ``split_link`` and ``merge_threshold``.
    """

    threshold: float = 0.14
    w_body: float = 1.0
    w_entities: float = 1.0
    w_title: float = 0.5
    time_sigma_days: float = 3.0
    w_time: float = 0.3
    window_days: int = 10
    w_event_match: float = 0.1
    w_event_date: float = 0.15
    event_date_cap_days: int = 3
    w_size: float = 0.12
    block_terms: int = 12
    block_entities: int = 8
    max_candidates: int = 40
    centroid_terms: int = 400
    isolate_boilerplate: bool = True
    dedup: bool = True
    dedup_threshold: float = 0.7
    short_terms: int = 40
    short_floor: float = 0.5
    merge_threshold: float = 0.3
    consolidate: bool = True
    refine: bool = True
    split_ratio: float = 0.7
    split_link: float = 0.27
    split_min_members: int = 4
    split_min_group: int = 2
    split_max_members: int = 1000

    def __post_init__(self) -> None:
        problems = [
            name
            for name in ("w_body", "w_entities", "w_title", "time_sigma_days", "w_time",
                         "w_event_match", "w_event_date", "w_size")
            if getattr(self, name) < 0
        ]
        if problems:
            raise ConcordError(f"cluster config: negative {', '.join(problems)}")
        if self.w_body + self.w_entities + self.w_title <= 0:
            raise ConcordError("cluster config: at least one similarity weight must be positive")
        if (self.window_days < 0 or self.event_date_cap_days < 1 or self.block_terms < 1
                or self.max_candidates < 1 or self.centroid_terms < 10):
            raise ConcordError("cluster config: bad window or blocking limits")
        if self.short_terms < 0 or not 0.0 < self.short_floor <= 1.0:
            raise ConcordError("cluster config: short_terms must be >= 0 and short_floor in (0, 1]")
        if (self.split_ratio < 0 or self.split_min_group < 1
                or not 2 * self.split_min_group <= self.split_min_members <= self.split_max_members):
            raise ConcordError("cluster config: bad split limits")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ClusterConfig:
        """Build a config from a plain dict, rejecting unknown keys with a clear error."""
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ConcordError(f"cluster config: unknown keys {unknown}")
        return cls(**data)


def event_id(founder_id: str, index: int = 0) -> str:
    """Stable event id derived from the founding article id (and which of its events it is)."""
    digest = hashlib.sha256(f"{founder_id}#{index}".encode()).hexdigest()[:16]
    return f"ev-{digest}"


def stream_order(items: Sequence[T], day_of: Any) -> list[T]:
    """Order a batch as a stream: dated items by day (stable), undated ones keep their slots.

    ``day_of(item)`` returns a sortable day or None.
    """
    slots = [i for i, item in enumerate(items) if day_of(item) is not None]
    dated = sorted((items[i] for i in slots), key=day_of)
    ordered = list(items)
    for slot, item in zip(slots, dated):
        ordered[slot] = item
    return ordered


@dataclass
class _Centroid:
    """A sum of ``count`` unit vectors with its squared norm kept up to date."""

    weights: dict[str, float] = field(default_factory=dict)
    sq_norm: float = 0.0
    count: int = 0

    def cosine(self, vec: dict[str, float]) -> float:
        if not vec or self.sq_norm <= 0.0:
            return 0.0
        get = self.weights.get
        return sum(v * get(t, 0.0) for t, v in vec.items()) / math.sqrt(self.sq_norm)

    def add(self, vec: dict[str, float], cap: int) -> None:
        if vec:
            self.count += 1
        weights = self.weights
        dot = sum(v * weights.get(t, 0.0) for t, v in vec.items())
        self.sq_norm += 2.0 * dot + sum(v * v for v in vec.values())
        for t, v in vec.items():
            weights[t] = weights.get(t, 0.0) + v
        self._prune(cap)

    def _prune(self, cap: int) -> None:
        if len(self.weights) > 2 * cap:
            kept = sorted(self.weights.items(), key=lambda kv: (-kv[1], kv[0]))[:cap]
            self.weights = dict(kept)
            self.sq_norm = sum(v * v for _, v in kept)

    def dot(self, other: _Centroid) -> float:
        """Dot product of the two sums (the summed cosines over all cross pairs of vectors)."""
        small, large = sorted((self.weights, other.weights), key=len)
        get = large.get
        return sum(v * get(t, 0.0) for t, v in small.items())

    def average_link(self, other: _Centroid) -> float:
        """Mean cosine over all pairs of vectors, one from each side (0.0 when either is empty)."""
        if not self.count or not other.count:
            return 0.0
        return self.dot(other) / (self.count * other.count)

    def absorb(self, other: _Centroid, cap: int) -> None:
        """Add another sum of vectors into this one (merging two events)."""
        self.sq_norm += 2.0 * self.dot(other) + other.sq_norm
        self.count += other.count
        for t, v in other.weights.items():
            self.weights[t] = self.weights.get(t, 0.0) + v
        self._prune(cap)

    def row(self) -> dict[str, Any]:
        return {"weights": sorted(self.weights.items()), "sq_norm": self.sq_norm, "count": self.count}

    @classmethod
    def from_row(cls, row: dict[str, Any], count: int) -> _Centroid:
        """Inverse of :meth:`row`; ``count`` stands in for states written before counts were kept."""
        weights = dict((t, w) for t, w in row["weights"])
        return cls(weights, row["sq_norm"], row.get("count", count if weights else 0))


@dataclass
class _Event:
    """One growing cluster: members, centroids per channel, date range, event signatures."""

    id: str
    members: list[str] = field(default_factory=list)
    body: _Centroid = field(default_factory=_Centroid)
    entities: _Centroid = field(default_factory=_Centroid)
    title: _Centroid = field(default_factory=_Centroid)
    first_day: int | None = None
    last_day: int | None = None
    signatures: Counter[str] = field(default_factory=Counter)
    event_days: Counter[int] = field(default_factory=Counter)
    keys: set[str] = field(default_factory=set)
    buckets: set[int | None] = field(default_factory=set)
    closed: bool = False

    def row(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "members": list(self.members),
            "body": self.body.row(),
            "entities": self.entities.row(),
            "title": self.title.row(),
            "first_day": self.first_day,
            "last_day": self.last_day,
            "signatures": sorted(self.signatures.items()),
            "event_days": sorted(self.event_days.items()),
            "keys": sorted(self.keys),
            "buckets": sorted(self.buckets, key=lambda b: (b is not None, b or 0)),
            "closed": self.closed,
        }

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> _Event:
        return cls(
            id=row["id"],
            members=list(row["members"]),
            body=_Centroid.from_row(row["body"], len(row["members"])),
            entities=_Centroid.from_row(row["entities"], len(row["members"])),
            title=_Centroid.from_row(row["title"], len(row["members"])),
            first_day=row["first_day"],
            last_day=row["last_day"],
            signatures=Counter(dict((s, n) for s, n in row["signatures"])),
            event_days=Counter(dict((d, n) for d, n in row["event_days"])),
            keys=set(row["keys"]),
            buckets=set(row.get("buckets", ())),
            closed=row["closed"],
        )


@dataclass
class _Vectors:
    """An article's weighted vectors and blocking keys, computed once per add."""

    body: dict[str, float]
    entities: dict[str, float]
    title: dict[str, float]
    keys: set[str]


def _top(vec: dict[str, float], n: int, prefix: str) -> list[str]:
    return [prefix + t for t, _ in sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


class EventClusterer:
    """Incremental, deterministic same-event clusterer (see the module docstring).

    Its index lives in memory by default; :meth:`stored` puts it in a store instead (see
    :mod:`concord.link.index`).
    """

    def __init__(self, config: ClusterConfig | None = None, index: ClusterIndex[_Event] | None = None) -> None:
        self.config = config or ClusterConfig()
        self._index: ClusterIndex[_Event] = index if index is not None else MemoryIndex()
        self._idf = self._index.idf

    @classmethod
    def stored(cls, rows: ClusterRows, config: ClusterConfig | None = None) -> EventClusterer:
        """A clusterer whose index lives in ``rows`` (a store), read and written an article at a time.

        The config saved with the index wins over ``config``; a new index saves the one given.
        Call :meth:`flush` before the store's transaction commits.
        """
        index: StoredIndex[_Event] = StoredIndex(rows, _Event.row, _Event.from_row)
        saved = index.saved.get("config")
        if saved is None:
            config = config or ClusterConfig()
            index.remember("config", dataclasses.asdict(config))
        else:
            config = ClusterConfig.from_dict(saved)
        return cls(config, index)

    def flush(self) -> None:
        """Write what changed back to a stored index (nothing to do in memory)."""
        self._index.flush()

    # -- public API -------------------------------------------------------------------

    def __len__(self) -> int:
        return self._index.n_articles()

    def add(
        self,
        article: Article,
        analysis: Analysis | None = None,
        duplicate_of: str | None = None,
    ) -> list[str]:
        """Place ``article`` and return the ids of the events it joins (usually one).

        A known ``duplicate_of`` article passes its events on directly. Scraper residue
        (see :func:`concord.link.text.is_boilerplate`) becomes a closed singleton that
        nothing else can join. Re-adding a known article id returns its events unchanged.
        """
        if not isinstance(article, Article):
            raise ConcordError(f"EventClusterer.add expects an Article, got {type(article).__name__}")
        known = self._index.memberships(article.id)
        if known is not None:
            return list(known)
        feats = extract_features(article, analysis)
        if feats.boilerplate and self.config.isolate_boilerplate:
            event = self._new_event(feats.id)
            event.members.append(feats.id)
            event.closed = True
            self._index.set_memberships(feats.id, [event.id])
            return [event.id]
        self._index.prefetch_terms([*feats.body, *feats.entities, *feats.title])
        self._idf.add(feats.body)
        vecs = self._vectors(feats)
        self._advance(feats.day)
        targets = []
        original = self._index.memberships(duplicate_of) if duplicate_of is not None else None
        if original is not None:
            events = [self._event(e) for e in original]
            targets = [e for e in events if not e.closed and self._in_window(feats.day, e)]
        if not targets:
            best = self._best_event(feats, vecs)
            targets = [best] if best is not None else [self._new_event(feats.id)]
        for event in targets:
            self._join(event, feats, vecs)
        self._index.set_memberships(feats.id, [e.id for e in targets])
        return [e.id for e in targets]

    def events_of(self, article_id: str) -> list[str]:
        """The events an added article belongs to."""
        known = self._index.memberships(article_id)
        if known is None:
            raise ConcordError(f"article {article_id!r} was never added")
        return list(known)

    def members(self, event_id: str) -> list[str]:
        """The member article ids of one event, in order of arrival (reads that event only)."""
        return list(self._event(event_id).members)

    def clusters(self) -> dict[str, list[str]]:
        """Event id -> member article ids, in order of foundation and arrival (reads every event)."""
        return {e.id: list(e.members) for e in self._all_events()}

    def unclusterable(self) -> list[str]:
        """Ids of articles isolated as scraper residue (reads every event)."""
        return [e.members[0] for e in self._all_events() if e.closed]

    def _event(self, event_id: str) -> _Event:
        event = self._index.event(event_id)
        if event is None:
            raise ConcordError(f"no clustered event {event_id!r}")
        return event

    def _all_events(self) -> list[_Event]:
        ids = self._index.event_ids()
        self._index.prefetch(ids)
        return [self._event(eid) for eid in ids]

    # -- scoring ----------------------------------------------------------------------

    def _vectors(self, feats: ArticleFeatures) -> _Vectors:
        cfg = self.config
        body = self._idf.weigh(feats.body)
        entities = self._idf.weigh(feats.entities)
        title = self._idf.weigh(feats.title)
        keys = set(_top(body, cfg.block_terms, "b:")) | set(_top(entities, cfg.block_entities, "e:"))
        keys |= {"s:" + s for s in sorted(_signature_keys(feats)) if s.split("|", 1)[1]}
        return _Vectors(body, entities, title, keys)

    def _candidates(self, feats: ArticleFeatures, vecs: _Vectors) -> list[_Event]:
        hits = self._index.hits(self._query_buckets(feats.day), vecs.keys)
        ranked = sorted(hits, key=lambda eid: (-hits[eid], eid))
        self._index.prefetch(ranked[:self.config.max_candidates])
        chosen = []
        for eid in ranked:
            event = self._event(eid)
            if not self._in_window(feats.day, event):
                continue
            chosen.append(event)
            if len(chosen) == self.config.max_candidates:
                break
        return chosen

    def _bucket_size(self) -> int:
        return max(1, self.config.window_days)

    def _query_buckets(self, first: int | None, last: int | None = None) -> set[int | None]:
        """Time buckets to look up for a day (or day range): those within the window, plus undated events.

        Something undated looks around the newest day seen (news arrives roughly in order).
        """
        if first is None:
            first = last = self._index.max_day
        if first is None:
            return {None}
        last = first if last is None else last
        size, window = self._bucket_size(), self.config.window_days
        return {*range((first - window) // size, (last + window) // size + 1), None}

    def _event_buckets(self, event: _Event) -> set[int | None]:
        """The buckets covering an event's date range (None while it has no date)."""
        if event.first_day is None or event.last_day is None:
            return {None}
        size = self._bucket_size()
        return set(range(event.first_day // size, event.last_day // size + 1))

    def _post(self, event: _Event, keys: Iterable[str], buckets: Iterable[int | None]) -> None:
        self._index.post(event.id, keys, buckets)

    def _in_window(self, day: int | None, event: _Event) -> bool:
        """False when both have dates and the day lies more than ``window_days`` outside the event's range."""
        gap = _range_gap(day, day, event.first_day, event.last_day)
        return gap is None or gap <= self.config.window_days

    def _mix(self, channels: Iterable[tuple[float, float | None]]) -> float:
        """Weighted mean of channel similarities over the channels present on both sides (None: absent)."""
        pairs = [(w, sim) for w, sim in channels if sim is not None]
        weight = sum(w for w, _ in pairs)
        return sum(w * sim for w, sim in pairs) / weight if weight else 0.0

    def _adjust(self, lead_gap: int | None, range_gap: int | None, same_signature: bool) -> float:
        """The time and event terms: Gaussian time penalty, event-match bonus, lead-day penalty."""
        cfg = self.config
        gap = lead_gap if lead_gap is not None else range_gap
        score = 0.0
        if gap is not None:
            score -= cfg.w_time * -math.expm1(-(gap * gap) / (2.0 * cfg.time_sigma_days**2))
        if same_signature:
            score += cfg.w_event_match
        if lead_gap is not None and lead_gap > 1:
            score -= cfg.w_event_date * min(lead_gap - 1, cfg.event_date_cap_days)
        return score

    def _score(self, feats: ArticleFeatures, vecs: _Vectors, event: _Event) -> float:
        cfg = self.config
        similarity = self._mix((
            (cfg.w_body, event.body.cosine(vecs.body)),
            (cfg.w_entities, event.entities.cosine(vecs.entities) if vecs.entities and event.entities.sq_norm > 0 else None),
            (cfg.w_title, event.title.cosine(vecs.title) if vecs.title and event.title.sq_norm > 0 else None),
        ))
        sigs = _signature_keys(feats)
        return similarity / self._excerpt_scale(vecs) - cfg.w_size * math.log(len(event.members)) + self._adjust(
            _lead_day_gap(feats.event_days, event.event_days),
            _range_gap(feats.day, feats.day, event.first_day, event.last_day),
            bool(sigs & set(event.signatures)),
        )

    def _excerpt_scale(self, vecs: _Vectors) -> float:
        """How far an excerpt's cosines run below a full report's: sqrt of its share of ``short_terms`` words, floored."""
        cfg = self.config
        if cfg.short_terms and len(vecs.body) < cfg.short_terms:
            return max(cfg.short_floor, math.sqrt(len(vecs.body) / cfg.short_terms))
        return 1.0

    def _best_event(self, feats: ArticleFeatures, vecs: _Vectors) -> _Event | None:
        best: tuple[float, str] | None = None
        for event in self._candidates(feats, vecs):
            score = self._score(feats, vecs, event)
            if score >= self.config.threshold and (best is None or (-score, event.id) < (-best[0], best[1])):
                best = (score, event.id)
        return self._event(best[1]) if best is not None else None

    def _pair_score(self, one: _Event, two: _Event) -> float:
        """Similarity of two events: the channel mix of average-linkage similarities plus the time and event terms."""
        cfg = self.config

        def link(x: _Centroid, y: _Centroid) -> float | None:
            return x.average_link(y) if x.count and y.count else None

        similarity = self._mix((
            (cfg.w_body, one.body.average_link(two.body)),
            (cfg.w_entities, link(one.entities, two.entities)),
            (cfg.w_title, link(one.title, two.title)),
        ))
        core = set(_core_days(one.event_days)) if one.event_days else set()
        return similarity + self._adjust(
            _lead_day_gap(core, two.event_days),
            _range_gap(one.first_day, one.last_day, two.first_day, two.last_day),
            bool(set(one.signatures) & set(two.signatures)),
        )

    def _event_candidates(self, event: _Event) -> list[_Event]:
        """Open events within the date window sharing the most blocking keys with ``event`` (at most ``max_candidates``)."""
        hits = self._index.hits(self._query_buckets(event.first_day, event.last_day), event.keys)
        del hits[event.id]
        ranked = sorted(hits, key=lambda eid: (-hits[eid], eid))
        self._index.prefetch(ranked[:self.config.max_candidates])
        chosen = []
        for eid in ranked:
            other = self._event(eid)
            gap = _range_gap(event.first_day, event.last_day, other.first_day, other.last_day)
            if not other.closed and (gap is None or gap <= self.config.window_days):
                chosen.append(other)
                if len(chosen) == self.config.max_candidates:
                    break
        return chosen

    def consolidate(self, events: Iterable[str] | None = None) -> dict[str, str]:
        """Merge events that turn out to report one event (average linkage over their reports).

        A stream can found the same event twice before the reports that bridge them arrive;
        this pass joins such pairs, the younger into the older, in one sweep in foundation order
        (the score is symmetric, so an unchanged event only needs comparing with younger ones;
        an event that absorbed another is compared with all again). ``events`` limits the sweep
        to the events a batch founded or grew (each compared with all its candidates): the rest
        were consolidated before. Returns absorbed id -> survivor id.
        """
        order = self._index.order
        grown: set[str] = set() if events is None else {e for e in events if self._index.event(e) is not None}
        merged: dict[str, str] = {}
        for eid in self._index.event_ids() if events is None else sorted(grown, key=order):
            event = self._index.event(eid)
            while event is not None and not event.closed:
                best: tuple[float, str] | None = None
                for other in self._event_candidates(event):
                    if event.id not in grown and other.id not in grown and order(other.id) < order(event.id):
                        continue
                    score = self._pair_score(event, other)
                    if score >= self.config.merge_threshold and (best is None or (-score, other.id) < (-best[0], best[1])):
                        best = (score, other.id)
                if best is None:
                    break
                keep, gone = sorted((event, self._event(best[1])), key=lambda e: order(e.id))
                self._merge(keep, gone)
                grown.add(keep.id)
                merged[gone.id] = keep.id
                event = keep
        for gone, keep in list(merged.items()):
            while keep in merged:
                keep = merged[keep]
            merged[gone] = keep
        return merged

    def _merge(self, keep: _Event, gone: _Event) -> None:
        """Move ``gone``'s reports, centroids, dates and index entries into ``keep`` and drop ``gone``."""
        cap = self.config.centroid_terms
        self._index.unpost(gone.id, gone.keys, gone.buckets)
        keep.members.extend(gone.members)
        keep.body.absorb(gone.body, cap)
        keep.entities.absorb(gone.entities, cap)
        keep.title.absorb(gone.title, cap)
        days = [d for d in (keep.first_day, keep.last_day, gone.first_day, gone.last_day) if d is not None]
        keep.first_day, keep.last_day = (min(days), max(days)) if days else (None, None)
        keep.signatures.update(gone.signatures)
        keep.event_days.update(gone.event_days)
        buckets = keep.buckets | gone.buckets | self._event_buckets(keep)
        keys = keep.keys | gone.keys
        self._post(keep, keys, buckets)
        keep.keys, keep.buckets = keys, buckets
        for aid in gone.members:
            joined = self._index.memberships(aid) or []
            self._index.set_memberships(aid, list(dict.fromkeys(keep.id if e == gone.id else e for e in joined)))
        self._index.remove_event(gone.id)
        self._index.changed(keep.id)

    def refine(self, source: Source, events: Iterable[str] | None = None) -> dict[str, list[str]]:
        """Split events whose reports fall into two clearly separate groups (see :mod:`concord.link.refine`).

        ``source(article_id)`` gives back an added article and its analysis: member vectors
        are recomputed with the current IDF rather than kept. Each part is checked again, so
        an event can split more than once. The part holding the event's founder keeps its id;
        a split-off part takes one derived from its earliest member. ``events`` limits the
        pass to those events (a batch's touched ones). Returns split event id -> the ids of
        the events split off it.
        """
        cfg = self.config
        index = self._index
        todo = index.event_ids() if events is None else [e for e in dict.fromkeys(events) if index.event(e) is not None]
        queue = deque(todo)
        origin: dict[str, str] = {}
        split: dict[str, list[str]] = {}
        while queue:
            event = self._event(queue.popleft())
            if event.closed or not cfg.split_min_members <= len(event.members) <= cfg.split_max_members:
                continue
            parts = self._bisect(event, [self._member(aid, source) for aid in event.members])
            if parts is None:
                continue
            kept, new = parts
            self._replace(event, kept, new)
            root = origin.get(event.id, event.id)
            origin[new.id] = root
            split.setdefault(root, []).append(new.id)
            queue.extend((event.id, new.id))
        return split

    def _member(self, article_id: str, source: Source) -> tuple[ArticleFeatures, _Vectors]:
        """An added article's features and vectors under the current IDF."""
        try:
            article, analysis = source(article_id)
        except (KeyError, NotFoundError) as exc:
            raise ConcordError(f"refine: no article {article_id!r} to recompute its vectors from") from exc
        feats = extract_features(article, analysis)
        return feats, self._vectors(feats)

    def _similarities(self, vecs: list[_Vectors]) -> tuple[np.ndarray, np.ndarray]:
        """Pairwise report similarities: the channel mix of cosines (over the channels both reports have), and the body cosines."""
        cfg = self.config
        body = cosine_matrix([v.body for v in vecs])
        total = cfg.w_body * body
        weight = np.full(total.shape, cfg.w_body)
        for w, channel in ((cfg.w_entities, [v.entities for v in vecs]), (cfg.w_title, [v.title for v in vecs])):
            present = np.array([bool(c) for c in channel], dtype=float)
            both = np.outer(present, present)
            total += w * cosine_matrix(channel) * both
            weight += w * both
        return np.divide(total, weight, out=np.zeros_like(total), where=weight > 0), body

    def _bisect(self, event: _Event, members: list[tuple[ArticleFeatures, _Vectors]]) -> tuple[_Event, _Event] | None:
        """The event rebuilt as two parts (founder's part first) when its best bisection is clearly apart, else None.

        Clearly apart: the between-group average link is at most ``split_ratio`` times the
        weaker within-group one, both in the channel mix and in the body text alone, and the
        two parts' event similarity stays below ``split_link`` and ``merge_threshold`` (so
        :meth:`consolidate` will not merge them again).
        """
        cfg = self.config
        mix, body = self._similarities([v for _, v in members])
        cut = bisect(mix, cfg.split_min_group)
        if cut is None or max(separation(mix, *cut), separation(body, *cut)) > cfg.split_ratio:
            return None
        kept, new = _Event(id=event.id), _Event(id="")
        for part, rows in zip((kept, new), cut):
            for row in rows:
                self._grow(part, *members[row])
        if self._pair_score(kept, new) >= min(cfg.split_link, cfg.merge_threshold):
            return None
        return kept, new

    def _replace(self, event: _Event, kept: _Event, new: _Event) -> None:
        """Put a split event's two parts in its place: the postings, the events and the memberships."""
        index = self._index
        index.unpost(event.id, event.keys, event.buckets)
        new.id = self._new_event(new.members[0]).id
        index.replace_event(event.id, kept)
        index.replace_event(new.id, new)
        for part in (kept, new):
            self._post(part, part.keys, part.buckets)
        for aid in new.members:
            joined = index.memberships(aid) or []
            index.set_memberships(aid, list(dict.fromkeys(new.id if e == event.id else e for e in joined)))

    # -- updates ----------------------------------------------------------------------

    def _new_event(self, founder_id: str) -> _Event:
        index = 0
        while self._index.event(event_id(founder_id, index)) is not None:
            index += 1
        event = _Event(id=event_id(founder_id, index))
        self._index.add_event(event.id, event)
        return event

    def _join(self, event: _Event, feats: ArticleFeatures, vecs: _Vectors) -> None:
        new_keys, old_buckets = vecs.keys - event.keys, set(event.buckets)
        self._grow(event, feats, vecs)
        self._post(event, new_keys, event.buckets)
        self._post(event, event.keys, event.buckets - old_buckets)
        self._index.changed(event.id)

    def _grow(self, event: _Event, feats: ArticleFeatures, vecs: _Vectors) -> None:
        """Add a report to an event's members, centroids, dates, signatures, keys and buckets (not to the index)."""
        cap = self.config.centroid_terms
        event.members.append(feats.id)
        event.body.add(vecs.body, cap)
        event.entities.add(vecs.entities, cap)
        event.title.add(vecs.title, cap)
        if feats.day is not None:
            event.first_day = feats.day if event.first_day is None else min(event.first_day, feats.day)
            event.last_day = feats.day if event.last_day is None else max(event.last_day, feats.day)
        event.signatures.update(_signature_keys(feats))
        event.event_days.update(feats.event_days)
        event.buckets |= self._event_buckets(event)
        event.keys |= vecs.keys

    def _advance(self, day: int | None) -> None:
        """Track the newest day seen (where undated articles look for candidates)."""
        if day is not None and (self._index.max_day is None or day > self._index.max_day):
            self._index.max_day = day

    # -- persistence ------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        """Plain JSON-ready data holding the whole index (config, IDF, events, memberships)."""
        return {
            "version": STATE_VERSION,
            "config": dataclasses.asdict(self.config),
            "idf": self._index.idf_state(),
            "events": [e.row() for e in self._all_events()],
            "articles": [[aid, eids] for aid, eids in self._index.all_memberships()],
            "max_day": self._index.max_day,
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> EventClusterer:
        """Rebuild a clusterer from :meth:`state`; it then behaves exactly as the original."""
        try:
            if state.get("version") not in _READABLE_VERSIONS:
                raise ConcordError(f"unsupported clusterer state version {state.get('version')!r}")
            index: MemoryIndex[_Event] = MemoryIndex(OnlineIdf.from_state(state["idf"]))
            clusterer = cls(ClusterConfig.from_dict(state["config"]), index)
            for row in state["events"]:
                event = _Event.from_row(row)
                index.add_event(event.id, event)
                if state["version"] == 1 and event.keys:
                    event.buckets = clusterer._event_buckets(event)
                clusterer._post(event, sorted(event.keys), event.buckets)
            for aid, eids in state["articles"]:
                index.set_memberships(aid, list(eids))
            index.max_day = state["max_day"]
        except (KeyError, TypeError, ValueError) as exc:
            raise ConcordError(f"bad clusterer state: {exc!r}") from exc
        return clusterer


def _core_days(event_days: Counter[int]) -> list[int]:
    """The lead event days backed by at least half as many members as the most reported day.

    A report that joined despite leading with another day (a follow-up, a misread weekday)
    stays an outlier, so the event keeps its own day instead of matching anything near it.
    """
    top = max(event_days.values())
    return sorted(d for d, n in event_days.items() if 2 * n >= top)


def _lead_day_gap(article_days: set[int], event_days: Counter[int]) -> int | None:
    """Days from an article's lead event day to an event's nearest core day (None if either has none)."""
    if not article_days or not event_days:
        return None
    return min(abs(a - b) for a in article_days for b in _core_days(event_days))


def _range_gap(first: int | None, last: int | None, other_first: int | None, other_last: int | None) -> int | None:
    """Days between two day ranges (0 when they overlap; None when either is undated)."""
    if first is None or last is None or other_first is None or other_last is None:
        return None
    return max(0, other_first - last, first - other_last)


def _signature_keys(feats: ArticleFeatures) -> set[str]:
    return {f"{etype}|{dyad}" for etype, dyad in feats.signatures}


def cluster_articles(
    items: Iterable[tuple[Article, Analysis | None]],
    config: ClusterConfig | None = None,
) -> dict[str, list[str]]:
    """Cluster a batch in one go: stream order by date, near-duplicates first, then events."""
    config = config or ClusterConfig()
    ordered = stream_order(list(items), lambda item: article_day(item[0]))
    dedup = DuplicateIndex(DedupConfig(threshold=config.dedup_threshold)) if config.dedup else None
    clusterer = EventClusterer(config)
    for article, analysis in ordered:
        original = dedup.add(article) if dedup is not None else None
        clusterer.add(article, analysis, duplicate_of=original)
    if config.refine:
        by_id = {article.id: (article, analysis) for article, analysis in ordered}
        clusterer.refine(by_id.__getitem__)
    if config.consolidate:
        clusterer.consolidate()
    return clusterer.clusters()

