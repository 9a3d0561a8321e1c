"""The relation views behind ``/timeline`` and ``/dyads``: their query string, the chart columns
made from a :class:`~concord.compare.periods.Relation`, and per-generation caches of both."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import HTTPException, Query

from ..api import Concord
from ..errors import ConcordError
from ..store.base import DyadCount
from .chart import QUAD_NAMES, Column, PeriodChart, period_chart, quad_counts
from .queries import BlankIsNone, _listing, _split_page

if TYPE_CHECKING:
    from ..compare.periods import Period, Relation

__all__ = [
    "DyadList",
    "RelationCache",
    "RelationQuery",
    "relation_chart",
    "relation_events",
    "relation_json",
    "relation_query",
    "selected_range",
]

#: Most events listed under the chart at once (the rest: next page).
PAGE = 50
#: The intensity scale's bound: PLOVER scores run from -10 (conflict) to +10 (cooperation).
INTENSITY = 10.0


@dataclass(frozen=True)
class RelationQuery:
    """The state a relation page's URL holds: the range asked for, the period chosen, the page."""

    since: dt.date | None = None
    until: dt.date | None = None
    period: Period | None = None
    after: str | None = None

    @property
    def range(self) -> tuple[str | None, str | None]:
        """``since`` and ``until`` as the store takes them."""
        return (self.since.isoformat() if self.since else None, self.until.isoformat() if self.until else None)


def relation_query(
    since: Annotated[dt.date | None, Query(description="First day shown (YYYY-MM-DD)."), BlankIsNone] = None,
    until: Annotated[dt.date | None, Query(description="Last day shown (YYYY-MM-DD)."), BlankIsNone] = None,
    period: Annotated[
        str | None,
        Query(max_length=20, description="The period whose events are listed: YYYY-MM-DD, YYYY-Www, YYYY-MM, YYYY or YYYY/YYYY."),
        BlankIsNone,
    ] = None,
    after: Annotated[str | None, Query(max_length=80, description="Cursor: continue after this event id."), BlankIsNone] = None,
) -> RelationQuery:
    """Parse a relation page's query string (422 on a bad date or period)."""
    from ..compare.periods import parse_period

    if since and until and until < since:
        raise HTTPException(422, "until: must not be before since")
    try:
        chosen = parse_period(period) if period else None
    except ConcordError as exc:
        raise HTTPException(422, f"period: {exc}") from exc
    return RelationQuery(since, until, chosen, after)


def selected_range(query: RelationQuery) -> tuple[str | None, str | None]:
    """The dates whose events the list under the chart shows: the chosen period within the range
    asked for, or the whole range."""
    since, until = query.range
    if query.period is None:
        return since, until
    first = max(query.period.since, since) if since else query.period.since
    last = min(query.period.until, until) if until else query.period.until
    return first, last


def relation_chart(relation: Relation, href: Callable[[str], str], chosen: str | None, intensity: bool) -> PeriodChart:
    """The chart of a relation: its periods' events stacked by quad class, its facts as markers,
    and (``intensity``) the mean intensity per period; ``href`` links a period key."""
    columns = [
        Column(
            b.period.key, b.period.label, b.period.short, href(b.period.key), quad_counts(b.counts),
            tuple(f"{f.kind}: {f.title} ({f.date}{'–' + f.end_date if f.end_date else ''})" for f in b.facts),
            b.intensity if intensity else None, b.period.key == chosen, _major(b.period),
        )
        for b in relation.periods
    ]
    return period_chart(columns, tuple(QUAD_NAMES), QUAD_NAMES, INTENSITY if intensity else None)


def _major(period: Period) -> bool:
    """Whether the axis should rather label this period: a week that holds a month's first day,
    a January, a year (or run of years) that starts a half-decade; days are labelled evenly."""
    if period.grain == "week":
        return period.since[8:] > period.until[8:] or period.since.endswith("-01")
    if period.grain == "month":
        return period.key.endswith("-01")
    return period.grain != "day" and int(period.since[:4]) % 5 == 0


class RelationCache:
    """Relations by (countries, range), kept until the store's events change: the facts of a
    relation come from every analysis that names its countries, too slow to redo per view."""

    def __init__(self, concord: Concord, size: int = 128) -> None:
        self._concord = concord
        self._relation = functools.lru_cache(maxsize=size)(self._fresh)

    def __call__(self, actors: tuple[str, ...], since: str | None, until: str | None,
                 actor_ids: tuple[str, ...] = ()) -> Relation:
        """The relation of the countries ``actors`` and the canonical actors ``actor_ids`` from
        ``since`` to ``until`` (see :meth:`Concord.relation`)."""
        return self._relation(self._concord.store.generation(), actors, since, until, actor_ids)

    def _fresh(self, generation: int, actors: tuple[str, ...], since: str | None, until: str | None,
               actor_ids: tuple[str, ...]) -> Relation:
        return self._concord.relation(actors, actor_ids=actor_ids, since=since, until=until)


class DyadList:
    """The pairs of countries that share the most events (the dyad picker), kept until the
    store's events change (the pairs come from a self-join over every event's countries)."""

    def __init__(self, concord: Concord, size: int = 64) -> None:
        self._concord = concord
        self._dyads = functools.lru_cache(maxsize=size)(self._fresh)

    def __call__(self, actors: tuple[str, ...], limit: int) -> list[DyadCount]:
        """The ``limit`` pairs that share the most events (those holding one of ``actors``), most first."""
        return list(self._dyads(self._concord.store.generation(), actors, limit))

    def _fresh(self, generation: int, actors: tuple[str, ...], limit: int) -> tuple[DyadCount, ...]:
        return tuple(self._concord.dyads(actors=actors, limit=limit))


def relation_events(concord: Concord, actors: tuple[str, ...], query: RelationQuery, actor_ids: tuple[str, ...] = (),
                    newest_first: bool = False) -> tuple[list[dict[str, Any]], str | None]:
    """The page of event summaries listed under a relation's chart (those of the chosen period,
    or of the whole range; the newest first if asked) and the cursor of the next page; a bad
    cursor is a 400."""
    since, until = selected_range(query)
    items = _listing(lambda: concord.event_summaries(
        actors=actors, actor_ids=actor_ids, since=since, until=until, after=query.after, limit=PAGE + 1,
        newest_first=newest_first,
    ))
    return _split_page(items, PAGE, lambda e: str(e["id"]))


def relation_json(relation: Relation, events: list[dict[str, Any]], next_url: str | None) -> dict[str, Any]:
    """A relation and the page of events listed with it, as the REST API answers."""
    from ..model import to_dict

    return {**to_dict(relation), "events": {"items": events, "next": next_url}}
