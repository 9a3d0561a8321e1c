"""A relationship over time as counts: events per period and type, mean intensity, standing facts.

A period is a day, an ISO week, a month, a year or a run of years; the grain is the finest
that splits the span into at most :data:`MAX_PERIODS` periods, so a view has a fixed number of
columns however many events the store holds. Counts come from the store's grouped query
(:class:`~concord.store.base.PeriodCount`); nothing here loads an event.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..errors import ConcordError
from ..store.base import PeriodCount
from .records import TimelineItem

__all__ = [
    "MAX_PERIODS",
    "Period",
    "PeriodBin",
    "Relation",
    "Span",
    "build_relation",
    "check_range",
    "choose_grain",
    "parse_period",
    "period_at",
    "relation_span",
]

#: Most periods (chart columns) one view holds.
MAX_PERIODS = 60
#: Widths of a run of years, tried in order when single years are too many.
_YEAR_RUNS = (2, 5, 10, 20, 50, 100)
_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_KEY = re.compile(
    r"(?P<years>(?P<y1>\d{4})/(?P<y2>\d{4}))|(?P<week>(?P<wy>\d{4})-W(?P<w>\d{2}))"
    r"|(?P<date>(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?)"
)


@dataclass(frozen=True)
class Period:
    """One column of the view: its key (as URLs carry it), grain, first and last day, and label.

    ``since`` is the shortest date that starts the period ("2025-02" for February), so an event
    filter from ``since`` to ``until`` also takes the events dated only to that month or year.
    """

    key: str
    grain: str
    since: str
    until: str
    label: str
    short: str

    @property
    def first_day(self) -> str:
        """The period's first day, ``YYYY-MM-DD``."""
        return _first_day(self.since).isoformat()


@dataclass
class PeriodBin:
    """The events of one period by PLOVER type, their mean intensity, and the facts dated in it."""

    period: Period
    counts: dict[str, int] = field(default_factory=dict)
    total: int = 0
    #: Mean conflict-cooperation score (-10..+10) of the period's events that have one.
    intensity: float | None = None
    scored: int = 0
    facts: list[TimelineItem] = field(default_factory=list)


@dataclass(frozen=True)
class Span:
    """The days a view covers and the grain it is cut into (``years`` wide for the "years" grain)."""

    first: dt.date
    last: dt.date
    grain: str
    years: int = 1


@dataclass
class Relation:
    """A set of countries over time: a fixed number of periods with counts, intensity and facts.

    ``off_axis`` counts the events that no column holds (undated, or dated less precisely than
    the grain); ``off_axis_facts`` are the facts that none holds (undated, or outside the view);
    ``events_since``/``events_until`` span the events alone, ``history_since``/``history_until``
    the events and the facts (a report may recall a treaty decades old).
    """

    actors: list[str]
    grain: str
    since: str | None
    until: str | None
    periods: list[PeriodBin] = field(default_factory=list)
    #: How many years one period holds in the "years" grain (1 otherwise).
    years: int = 1
    #: The first and last day shown (None when nothing is dated).
    first: str | None = None
    last: str | None = None
    total: int = 0
    off_axis: int = 0
    off_axis_facts: list[TimelineItem] = field(default_factory=list)
    events_since: str | None = None
    events_until: str | None = None
    history_since: str | None = None
    history_until: str | None = None


@functools.lru_cache(maxsize=8192)
def _first_day(value: str) -> dt.date:
    """The first day of a date of any precision ("2016", "2025-02", "2025-02-06")."""
    match = _KEY.fullmatch(value.strip())
    if not match or not match["date"]:
        raise ConcordError(f"not a date: {value!r} (expected YYYY, YYYY-MM or YYYY-MM-DD)")
    try:
        return dt.date(int(match["y"]), int(match["m"] or 1), int(match["d"] or 1))
    except ValueError as exc:
        raise ConcordError(f"not a date: {value!r} ({exc})") from None


def _last_day(value: str) -> dt.date:
    """The last day of a date of any precision ("2016" ends on 31 December)."""
    first = _first_day(value)
    if len(value) == 4:
        return dt.date(first.year, 12, 31)
    if len(value) == 7:
        return dt.date(first.year, first.month, calendar.monthrange(first.year, first.month)[1])
    return first


def _day(day: dt.date) -> Period:
    key = day.isoformat()
    return Period(key, "day", key, key, f"{day.day} {_MONTHS[day.month - 1]} {day.year}",
                  f"{day.day} {_MONTHS[day.month - 1]}")


def _week(day: dt.date) -> Period:
    monday = day - dt.timedelta(days=day.weekday())
    year, week, _ = monday.isocalendar()
    sunday = monday + dt.timedelta(days=6)
    return Period(f"{year}-W{week:02d}", "week", monday.isoformat(), sunday.isoformat(),
                  f"week {week} of {year} ({monday.day} {_MONTHS[monday.month - 1]})",
                  f"{monday.day} {_MONTHS[monday.month - 1]}")


def _month(year: int, month: int) -> Period:
    last = calendar.monthrange(year, month)[1]
    key = f"{year}-{month:02d}"
    return Period(key, "month", key, f"{key}-{last:02d}", f"{_MONTHS[month - 1]} {year}",
                  _MONTHS[month - 1] if month != 1 else str(year))


def _years(first: int, width: int) -> Period:
    if width == 1:
        return Period(str(first), "year", str(first), f"{first}-12-31", str(first), str(first))
    last = first + width - 1
    return Period(f"{first}/{last}", "years", str(first), f"{last}-12-31", f"{first}–{last}", str(first))


def parse_period(key: str) -> Period:
    """The period a key names: ``2025-02-06``, ``2025-W06``, ``2025-02``, ``2025`` or ``2010/2014``."""
    match = _KEY.fullmatch(key.strip())
    if not match:
        raise ConcordError(f"not a period: {key!r} (expected YYYY-MM-DD, YYYY-Www, YYYY-MM, YYYY or YYYY/YYYY)")
    try:
        if match["years"]:
            first, last = int(match["y1"]), int(match["y2"])
            if last < first:
                raise ValueError("the run of years ends before it starts")
            return _years(first, last - first + 1)
        if match["week"]:
            return _week(dt.date.fromisocalendar(int(match["wy"]), int(match["w"]), 1))
        day = _first_day(key)
    except ValueError as exc:
        raise ConcordError(f"not a period: {key!r} ({exc})") from None
    if match["d"]:
        return _day(day)
    return _month(day.year, day.month) if match["m"] else _years(day.year, 1)


@functools.lru_cache(maxsize=8192)
def period_at(value: str, grain: str, years: int = 1) -> Period | None:
    """The period of ``grain`` that holds a date, or None when the date is less precise than the
    grain (a month in a week view); a run of years starts at a multiple of its width."""
    day = _first_day(value)
    precision = {4: "year", 7: "month"}.get(len(value.strip()), "day")
    if (grain in ("day", "week") and precision != "day") or (grain == "month" and precision == "year"):
        return None
    if grain == "day":
        return _day(day)
    if grain == "week":
        return _week(day)
    if grain == "month":
        return _month(day.year, day.month)
    return _years(day.year - day.year % years, years)


def _count(first: dt.date, last: dt.date, grain: str, years: int = 1) -> int:
    """How many periods of ``grain`` the days from ``first`` to ``last`` touch."""
    if grain == "day":
        return (last - first).days + 1
    if grain == "week":
        return ((last - dt.timedelta(days=last.weekday())) - (first - dt.timedelta(days=first.weekday()))).days // 7 + 1
    if grain == "month":
        return (last.year - first.year) * 12 + last.month - first.month + 1
    return last.year // years - first.year // years + 1


def choose_grain(first: dt.date, last: dt.date, most: int = MAX_PERIODS) -> Span:
    """The finest grain that cuts ``first``..``last`` into at most ``most`` periods."""
    for grain in ("day", "week", "month", "year"):
        if _count(first, last, grain) <= most:
            return Span(first, last, grain)
    width = next((w for w in _YEAR_RUNS if _count(first, last, "years", w) <= most), _YEAR_RUNS[-1])
    return Span(first, last, "years", width)


def _dated(value: str | None) -> str | None:
    """A date the view can place, or None for a missing or malformed one."""
    try:
        return value if value and _first_day(value) else None
    except ConcordError:
        return None


def _extent(dates: Sequence[str | None]) -> tuple[dt.date, dt.date] | None:
    """The first and last day the placeable ``dates`` cover, or None when none is."""
    placed = [d for d in dates if _dated(d)]
    if not placed:
        return None
    return min(_first_day(d) for d in placed), max(_last_day(d) for d in placed)


def check_range(since: str | None, until: str | None) -> None:
    """ConcordError unless ``since`` and ``until`` are dates (YYYY, YYYY-MM or YYYY-MM-DD) in order."""
    first = _first_day(since) if since else None
    last = _last_day(until) if until else None
    if first and last and last < first:
        raise ConcordError(f"the range ends ({until}) before it starts ({since})")


def relation_span(
    counts: Sequence[PeriodCount], facts: Sequence[TimelineItem], since: str | None, until: str | None
) -> Span | None:
    """The days a view covers: from ``since`` to ``until``, an open end taken from the events
    (from the facts when no event is dated: old treaties would otherwise stretch every view over
    decades), cut into its grain; None when nothing is dated."""
    extent = _extent([c.period for c in counts]) or _extent([f.date for f in facts])
    if since and until:
        first, last = _first_day(since), _last_day(until)
    elif extent is None:
        return None
    else:
        first = _first_day(since) if since else extent[0]
        last = _last_day(until) if until else extent[1]
    return choose_grain(first, max(first, last))


def _columns(span: Span) -> list[PeriodBin]:
    """An empty bin for every period of the span, in order."""
    bins: dict[str, PeriodBin] = {}
    day = span.first
    while day <= span.last:
        period = period_at(day.isoformat(), span.grain, span.years)
        assert period is not None  # a full date has a period of every grain
        bins.setdefault(period.key, PeriodBin(period))
        day = _last_day(period.until) + dt.timedelta(days=1)
    return list(bins.values())


def build_relation(
    actors: Sequence[str],
    span: Span,
    counts: Sequence[PeriodCount],
    facts: Sequence[TimelineItem],
    asked: tuple[str | None, str | None] = (None, None),
) -> Relation:
    """The view of ``span``: ``counts`` (grouped by the span's grain, or by month for a year
    grain) summed into its periods, and the facts placed at their start date; ``asked`` is the
    range the reader asked for (since, until)."""
    bins = _columns(span)
    index = {b.period.key: b for b in bins}
    relation = Relation(list(actors), span.grain, *asked, periods=bins, years=span.years, first=span.first.isoformat(),
                        last=span.last.isoformat())
    sums: dict[str, float] = {}
    for row in counts:
        period = period_at(row.period, span.grain, span.years) if _dated(row.period) else None
        relation.total += row.count
        target = index.get(period.key) if period else None
        if target is None:
            relation.off_axis += row.count
            continue
        target.counts[row.type] = target.counts.get(row.type, 0) + row.count
        target.total += row.count
        if row.intensity is not None:
            sums[target.period.key] = sums.get(target.period.key, 0.0) + row.intensity * row.scored
            target.scored += row.scored
    for b in bins:
        b.counts = dict(sorted(b.counts.items(), key=lambda kv: (-kv[1], kv[0])))
        b.intensity = round(sums[b.period.key] / b.scored, 2) if b.scored else None
    _place_facts(relation, index, span, facts)
    months = [row.period[:7] if row.period else None for row in counts]  # a week's key is its Monday
    events = _extent(months)
    history = _extent([*months, *(f.date for f in facts)])
    if events:
        relation.events_since, relation.events_until = (d.isoformat() for d in events)
    if history:
        relation.history_since, relation.history_until = (d.isoformat() for d in history)
    return relation


def _place_facts(relation: Relation, index: dict[str, PeriodBin], span: Span, facts: Sequence[TimelineItem]) -> None:
    """Put each fact in the period of its start date (a year fact in a month view: its January,
    or the view's first period if the year began before it); undated facts and facts outside
    the span go to ``off_axis_facts``."""
    for fact in facts:
        period = None
        if fact.date and _dated(fact.date):
            start, end = _first_day(fact.date), _last_day(fact.date)
            if start <= span.last and end >= span.first:
                period = period_at(max(start, span.first).isoformat(), span.grain, span.years)
        if period is not None and period.key in index:
            index[period.key].facts.append(fact)
        else:
            relation.off_axis_facts.append(fact)
