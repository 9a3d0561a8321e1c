"""Pure conversions from merged events (and their reports) to export rows, one builder per format.

Rows hold typed Python values (``datetime.date``, ``int``, ``float``, lists); the writers in
:mod:`concord.export.writers` decide how each file format spells them.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping, Sequence
from typing import Any

from ..model import Actor, Analysis, Article, Citation, Event, EventMention, event_summary, to_dict

__all__ = [
    "EVENT_COLUMNS",
    "EVENT_SCHEMA",
    "GDELT_COLUMNS",
    "MENTION_COLUMNS",
    "event_row",
    "gdelt_rows",
    "mention_rows",
    "plover_record",
    "quad_class",
]

#: Columns of the one-row-per-event table (CSV and Parquet) with their Parquet kinds, in order.
EVENT_SCHEMA: tuple[tuple[str, str], ...] = (
    ("id", "string"), ("date", "date"), ("date_text", "string"), ("event", "string"),
    ("mode", "string"), ("context", "list"),
    ("actor_ids", "list"), ("actor_names", "list"), ("actor_codes", "list"), ("actor_countries", "list"),
    ("actor_sectors", "list"), ("actor_roles", "list"),
    ("recipient_ids", "list"), ("recipient_names", "list"), ("recipient_codes", "list"),
    ("recipient_countries", "list"), ("recipient_sectors", "list"), ("recipient_roles", "list"), ("event_loc", "string"), ("event_text", "string"), ("cameo", "string"),
    ("quad_class", "int"), ("intensity", "float"), ("n_articles", "int"), ("n_sources", "int"),
    ("first_seen", "timestamp"), ("last_seen", "timestamp"), ("source_ids", "list"),
    ("source_names", "list"), ("source_urls", "list"), ("conflict_fields", "list"),
)  # fmt: skip
EVENT_COLUMNS = tuple(name for name, _ in EVENT_SCHEMA)

#: Columns of the GDELT-style event table, in order (see the package docstring).
GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "DateText",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1Type1Code", "Actor1Type2Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2Type1Code", "Actor2Type2Code",
    "EventRootCode", "PloverType", "PloverMode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "ActionGeo_FullName", "SOURCEURL",
)  # fmt: skip

#: Columns of the GDELT Mentions-style table, in order (see the package docstring).
MENTION_COLUMNS = (
    "GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionSourceName", "MentionIdentifier",
    "ArticleID", "IsDuplicate", "SentenceID", "Actor1CharOffset", "Actor2CharOffset",
    "ActionCharOffset", "Confidence",
)  # fmt: skip


def quad_class(cameo: str | None) -> int | None:
    """GDELT's quad class of a CAMEO root: 1 verbal and 2 material cooperation, 3 verbal and
    4 material conflict (roots 01-05, 06-08, 09-13, 14-20); None when the root is unknown."""
    if not cameo or not cameo[:2].isdigit():
        return None
    root = int(cameo[:2])
    for quad, last in ((1, 5), (2, 8), (3, 13), (4, 20)):
        if 1 <= root <= last:
            return quad
    return None


def full_day(date: str | None) -> dt.date | None:
    """The event date as a calendar day when it is one (``YYYY-MM-DD``), else None."""
    if not date or len(date) != 10:
        return None
    try:
        return dt.date.fromisoformat(date)
    except ValueError:
        return None


def plover_record(event: Event) -> dict[str, Any]:
    """One event as a PLOVER JSON record (PLOVER field names) plus concord's provenance fields:
    the event's summary with its quad class, sources, citations and conflicting values."""
    record = {k: v for k, v in event_summary(event).items() if k != "conflicting_fields"}
    return record | {
        "quad_code": quad_class(event.cameo),
        "sources": to_dict(event.sources),
        "citations": to_dict(event.citations),
        "conflicts": to_dict(event.conflicts),
    }


def _actor_columns(prefix: str, actors: Sequence[Actor]) -> dict[str, list[str]]:
    """Parallel lists, one item per actor; an actor's several sectors are joined by ``+``."""
    return {
        f"{prefix}_ids": [a.id or "" for a in actors],
        f"{prefix}_names": [a.name for a in actors],
        f"{prefix}_codes": [a.code or "" for a in actors],
        f"{prefix}_countries": [a.country or "" for a in actors],
        f"{prefix}_sectors": ["+".join(a.sector) for a in actors],
        f"{prefix}_roles": [a.role or "" for a in actors],
    }


def event_row(event: Event) -> dict[str, Any]:
    """One event as one flat, typed row: actors as parallel lists, date as a day or None plus
    the date text as given (a month or a year when that is all that is known)."""
    return {
        "id": event.id,
        "date": full_day(event.date),
        "date_text": event.date,
        "event": event.event,
        "mode": event.mode,
        "context": list(event.context),
        **_actor_columns("actor", event.actor),
        **_actor_columns("recipient", event.recipient),
        "event_loc": event.event_loc,
        "event_text": event.event_text,
        "cameo": event.cameo,
        "quad_class": quad_class(event.cameo),
        "intensity": event.intensity,
        "n_articles": event.n_articles,
        "n_sources": event.n_sources,
        "first_seen": event.first_seen,
        "last_seen": event.last_seen,
        "source_ids": [s["article_id"] for s in event.sources],
        "source_names": [s.get("source") or "" for s in event.sources],
        "source_urls": [s.get("url") or "" for s in event.sources],
        "conflict_fields": [c.field for c in event.conflicts],
    }


def _pairs(event: Event) -> list[tuple[Actor | None, Actor | None]]:
    """Actor pairs of an event: each actor with each recipient; with no recipient, each unordered
    pair of actors; a lone actor pairs with nobody, and an event with no actor still gives a row."""
    if event.actor and event.recipient:
        return list(itertools.product(event.actor, event.recipient))
    if len(event.actor) > 1:
        return list(itertools.combinations(event.actor, 2))
    if event.actor:
        return [(event.actor[0], None)]
    return [(None, a) for a in event.recipient] or [(None, None)]


def _actor_fields(number: int, actor: Actor | None) -> dict[str, Any]:
    """GDELT's actor columns: the CAMEO code, the name, the country and the first two sector codes."""
    sectors = list(actor.sector) if actor else []
    return {
        f"Actor{number}Code": actor.code if actor else None,
        f"Actor{number}Name": actor.name if actor else None,
        f"Actor{number}CountryCode": actor.country if actor else None,
        f"Actor{number}Type1Code": sectors[0] if sectors else None,
        f"Actor{number}Type2Code": sectors[1] if len(sectors) > 1 else None,
    }


def gdelt_rows(event: Event) -> list[dict[str, Any]]:
    """GDELT-style rows of one event, one per actor pair; every row carries the event's id."""
    day = full_day(event.date)
    year = int(event.date[:4]) if event.date and event.date[:4].isdigit() else None
    month = event.date[5:7] if event.date and len(event.date) >= 7 and event.date[5:7].isdigit() else None
    first_url = next((s["url"] for s in event.sources if s.get("url")), None)
    common = {
        "GLOBALEVENTID": event.id,
        "SQLDATE": day.strftime("%Y%m%d") if day else None,
        "MonthYear": f"{year:04d}{month}" if year is not None and month else None,
        "Year": year,
        "DateText": event.date,
        "EventRootCode": event.cameo,
        "PloverType": event.event,
        "PloverMode": event.mode,
        "QuadClass": quad_class(event.cameo),
        "GoldsteinScale": event.intensity,
        "NumMentions": len(event.sources),
        "NumSources": event.n_sources,
        "NumArticles": event.n_articles,
        "ActionGeo_FullName": event.event_loc,
        "SOURCEURL": first_url or (event.sources[0]["article_id"] if event.sources else None),
    }
    return [
        {**common, **_actor_fields(1, first), **_actor_fields(2, second)} for first, second in _pairs(event)
    ]


def _stamp(value: dt.date | dt.datetime | None) -> str | None:
    """GDELT's YYYYMMDDHHMMSS in UTC; a plain day gets midnight."""
    if value is None:
        return None
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    elif value.tzinfo is not None:
        value = value.astimezone(dt.UTC)
    return value.strftime("%Y%m%d%H%M%S")


def _first_start(citations: Sequence[Citation]) -> int | None:
    return min((c.start for c in citations), default=None)


def _mention_of(event: Event, cite: Citation | None, analysis: Analysis | None) -> EventMention | None:
    """The analysed mention behind an event citation: same sentence and the event's type."""
    if cite is None or analysis is None:
        return None
    return next(
        (m for m in analysis.events if m.citation.sentence == cite.sentence and m.type == event.event), None
    )


def _mention_time(source: Mapping[str, Any], article: Article | None) -> str | None:
    """When the report appeared: its reference date, else when it was ingested."""
    if source.get("date"):
        return _stamp(dt.date.fromisoformat(source["date"]))
    return _stamp(article.ingested_at) if article is not None else None


def _outlet(article: Article) -> str | None:
    """The outlet as the linker names it (its agency or URL host when no source is given)."""
    from ..link.merge import source_name  # lazy: the link package loads scikit-learn

    return source_name(article)


def mention_rows(
    event: Event,
    articles: Mapping[str, Article] | None = None,
    analyses: Mapping[str, Analysis | None] | None = None,
) -> list[dict[str, Any]]:
    """GDELT Mentions-style rows: one per report of the event, with the sentence and character
    offsets of its actor, recipient and action taken from the event's citations of that report."""
    articles = articles or {}
    analyses = analyses or {}
    day = full_day(event.date)
    rows = []
    for source in event.sources:
        aid = source["article_id"]
        article = articles.get(aid)
        own = {name: [c for c in cites if c.article_id == aid] for name, cites in event.citations.items()}
        action = min(own.get("event", []), key=lambda c: (c.sentence, c.start), default=None)
        mention = _mention_of(event, action, analyses.get(aid))
        anchor = (mention.trigger if mention is not None else None) or action
        outlet = source.get("source") or (_outlet(article) if article else None)
        rows.append(
            {
                "GLOBALEVENTID": event.id,
                "EventTimeDate": _stamp(day),
                "MentionTimeDate": _mention_time(source, article),
                "MentionSourceName": outlet,
                "MentionIdentifier": source.get("url") or aid,
                "ArticleID": aid,
                "IsDuplicate": 1 if source.get("duplicate_of") else 0,
                "SentenceID": action.sentence + 1 if action is not None else None,
                "Actor1CharOffset": _first_start(own.get("actor", [])),
                "Actor2CharOffset": _first_start(own.get("recipient", [])),
                "ActionCharOffset": anchor.start if anchor is not None else None,
                "Confidence": round(mention.confidence * 100) if mention is not None else None,
            }
        )
    return rows
