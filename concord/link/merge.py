"""Merge the reports of one event cluster into a cited PLOVER event record, with conflicts.

Each article votes once per field (its own majority value among its mentions of the event's
type), so a long report that repeats a detail does not outvote a short one. Where articles
vote for different values the event keeps the majority value and lists a conflict with the
citations behind each value. The event date comes only from resolved event-date mentions:
a dateline day that differs from the event day is the date of the report, not a conflict.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any
from urllib.parse import urlparse

from ..errors import ConcordError
from ..model import Actor, Analysis, Article, Citation, Conflict, ConflictValue, Event, EventMention

__all__ = ["merge_event", "source_name"]


def source_name(article: Article) -> str | None:
    """The outlet of a report: its source, else its dateline agency, else its URL host."""
    if article.source:
        return article.source.strip().casefold()
    if article.dateline and article.dateline.agency:
        return article.dateline.agency.strip().casefold()
    if article.url:
        host = urlparse(article.url).hostname
        return host.removeprefix("www.") if host else None
    return None


def _seen(article: Article) -> dt.datetime | None:
    if article.ingested_at is not None:
        return article.ingested_at
    day = article.published or article.date
    return dt.datetime.combine(day, dt.time()) if day else None


def _majority(counts: Counter[Any]) -> Any:
    """Most common value; ties go to the smallest value by its string form (deterministic)."""
    return min(counts, key=lambda v: (-counts[v], str(v)))


def _vote(
    mentions_by_article: Mapping[str, list[EventMention]],
    value_of: Callable[[EventMention], Hashable | None],
) -> tuple[Any, dict[Any, list[Citation]]]:
    """One vote per article for its majority value; returns the winner and citations per value."""
    votes: Counter[Any] = Counter()
    cites: dict[Any, list[Citation]] = defaultdict(list)
    for mentions in mentions_by_article.values():
        local: Counter[Any] = Counter()
        for mention in mentions:
            value = value_of(mention)
            if value is not None and value != "" and value != ():
                local[value] += 1
                cites[value].append(mention.citation)
        if local:
            votes[_majority(local)] += 1
    return (_majority(votes) if votes else None), dict(cites)


def _conflict(field: str, cites: dict[Any, list[Citation]]) -> Conflict | None:
    """A conflict when reports back more than one value for ``field``."""
    articles_per_value = {v: {c.article_id for c in cs} for v, cs in cites.items()}
    if len(articles_per_value) < 2:
        return None
    ordered = sorted(cites, key=lambda v: (-len(articles_per_value[v]), str(v)))
    return Conflict(field, [ConflictValue(_plain(v), cites[v]) for v in ordered])


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _merge_actors(mentions: list[EventMention], attr: str) -> tuple[list[Actor], list[Citation]]:
    """Union of the actors (or recipients) of the mentions, one per country (or name)."""
    merged: dict[str, Actor] = {}
    names: dict[str, Counter[str]] = defaultdict(Counter)
    cites: list[Citation] = []
    for mention in mentions:
        for actor in getattr(mention, attr):
            key = actor.country or actor.name.casefold()
            names[key][actor.name] += 1
            cites.extend(actor.citations or [mention.citation])
            if key not in merged:
                merged[key] = Actor(actor.name, actor.kind, actor.country, list(actor.sector), actor.role)
            else:
                merged[key].sector = sorted(set(merged[key].sector) | set(actor.sector))
    for key, actor in merged.items():
        actor.name = _majority(names[key])
    return [merged[k] for k in sorted(merged)], cites


def _actor_sets(mention: EventMention, attr: str) -> tuple[str, ...] | None:
    countries = tuple(sorted({a.country for a in getattr(mention, attr) if a.country}))
    return countries or None


def merge_event(
    event_id: str,
    articles: Sequence[Article],
    analyses: Mapping[str, Analysis | None] | None = None,
) -> Event:
    """Build the merged, cited :class:`Event` for one cluster's articles (and their analyses)."""
    if not articles:
        raise ConcordError(f"event {event_id}: cannot merge an empty cluster")
    analyses = analyses or {}
    by_article: dict[str, list[EventMention]] = {}
    for article in sorted(articles, key=lambda a: a.id):
        analysis = analyses.get(article.id)
        mentions = [m for m in (analysis.events if analysis else []) if not m.negated]
        if mentions:
            by_article[article.id] = mentions
    etype, type_cites = _vote(by_article, lambda m: m.type)
    core = {aid: [m for m in ms if m.type == etype] for aid, ms in by_article.items()}
    core = {aid: ms for aid, ms in core.items() if ms}
    flat = [m for ms in core.values() for m in ms]

    fields: dict[str, tuple[Any, dict[Any, list[Citation]]]] = {
        "date": _vote(core, lambda m: m.date if m.date_precision in (None, "day") else None),
        "mode": _vote(core, lambda m: m.mode),
        "event_loc": _vote(core, lambda m: m.location),
        "cameo": _vote(core, lambda m: m.cameo),
        "actor_countries": _vote(core, lambda m: _actor_sets(m, "actors")),
        "recipient_countries": _vote(core, lambda m: _actor_sets(m, "recipients")),
    }
    date = fields["date"][0]
    if date is None:
        days = sorted(a.date for a in articles if a.date is not None)
        date = days[0].isoformat() if days else None
    actors, actor_cites = _merge_actors(flat, "actors")
    recipients, recipient_cites = _merge_actors(flat, "recipients")
    intensities = [m.intensity for m in flat if m.intensity is not None]
    best = max(flat, key=lambda m: (m.confidence, -m.citation.sentence, m.citation.article_id), default=None)

    citations: dict[str, list[Citation]] = {
        "event": type_cites.get(etype, []),
        "actor": actor_cites,
        "recipient": recipient_cites,
        "context": [m.citation for m in flat if m.context],
        "intensity": [m.citation for m in flat if m.intensity is not None],
    }
    for name in ("date", "mode", "event_loc", "cameo"):
        winner, cites = fields[name]
        citations[name] = cites.get(winner, [])
    citations = {k: v for k, v in citations.items() if v}

    conflicts = [
        c
        for c in (
            _conflict("event", type_cites),
            *(
                _conflict(name.removesuffix("_countries"), cites)
                for name, (_, cites) in fields.items()
            ),
        )
        if c is not None
    ]
    seen = sorted(s for s in (_seen(a) for a in articles) if s is not None)
    ordered = sorted(articles, key=lambda a: (a.date or dt.date.max, a.id))
    # A report whose outlet is unknown still counts as one source of its own.
    outlets = {source_name(a) or f"article:{a.id}" for a in articles}
    return Event(
        id=event_id,
        date=date,
        event=etype or "",
        mode=fields["mode"][0],
        context=sorted({c for m in flat for c in m.context}),
        actor=actors,
        recipient=recipients,
        event_loc=fields["event_loc"][0],
        event_text=best.citation.text if best else "",
        cameo=fields["cameo"][0],
        intensity=round(sum(intensities) / len(intensities), 3) if intensities else None,
        n_articles=len({a.id for a in articles}),
        n_sources=len(outlets),
        first_seen=seen[0] if seen else None,
        last_seen=seen[-1] if seen else None,
        sources=[
            {
                "article_id": a.id,
                "source": a.source,
                "url": a.url,
                "date": a.date.isoformat() if a.date else None,
                "duplicate_of": a.duplicate_of,
            }
            for a in ordered
        ],
        citations=citations,
        conflicts=conflicts,
    )
