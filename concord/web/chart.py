"""Pure layout of the relations timeline as an SVG time axis: where each mark goes and its colour class.

The template draws what :func:`timeline_chart` returns; colours live in the style sheet (the
CSP forbids inline styles), so each mark only carries a class named for its PLOVER quad class.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..errors import ConcordError

__all__ = ["QUADS", "Chart", "Entry", "Mark", "Tick", "date_position", "quad_class", "timeline_chart"]

#: PLOVER event types by quad class (CONCEDE and RETREAT are the two halves of YIELD).
QUADS: dict[str, tuple[str, ...]] = {
    "verbal-coop": ("AGREE", "CONSULT", "SUPPORT", "CONCEDE"),
    "material-coop": ("COOPERATE", "AID", "RETREAT"),
    "verbal-conflict": ("REQUEST", "ACCUSE", "REJECT", "THREATEN"),
    "material-conflict": ("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"),
}
_QUAD_OF = {kind: quad for quad, kinds in QUADS.items() for kind in kinds}

WIDTH = 1000
MARGIN = 30
LANE = 26
RADIUS = 11
_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


@dataclass(frozen=True)
class Mark:
    """One numbered mark on the axis: centre, colour class, link and tooltip."""

    number: int
    x: float
    y: float
    css: str
    href: str
    title: str
    #: Where a dated range ("2025-2035") ends on the axis, drawn as a bar from ``x``.
    end_x: float | None = None


@dataclass(frozen=True)
class Tick:
    """A labelled year on the axis."""

    x: float
    label: str


@dataclass(frozen=True)
class Chart:
    """Everything the SVG needs: its size, the axis line, year ticks and the marks."""

    width: int
    height: int
    axis_y: float
    ticks: list[Tick]
    marks: list[Mark]


def quad_class(event_type: str | None) -> str:
    """The quad class of a PLOVER type ("verbal-coop" ...), or "other" for an unknown or missing one."""
    return _QUAD_OF.get((event_type or "").upper(), "other")


def date_position(value: str) -> float:
    """A date of any precision ("2016", "2023-11", "2025-02-06") as a fractional year at its start."""
    match = _DATE.fullmatch(value.strip())
    if not match:
        raise ConcordError(f"not a date: {value!r} (expected YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = int(match[1]), int(match[2] or 1), int(match[3] or 1)
    start = dt.date(year, month, day)
    return year + (start - dt.date(year, 1, 1)).days / 366


Entry = tuple[str | None, str | None, str, str, str]


def timeline_chart(entries: list[Entry]) -> Chart:
    """Lay out ``(date, end date, css class, href, title)`` entries on a year axis; undated ones are left out.

    Marks that would overlap move to the next lane up (events) or down (facts, class "fact"),
    so a busy month stays readable; numbers follow the order of ``entries``.
    """
    dated = [
        (i, date_position(d), date_position(end) if end else None, css, href, title)
        for i, (d, end, css, href, title) in enumerate(entries, 1)
        if d
    ]
    if not dated:
        return Chart(WIDTH, 2 * LANE, LANE, [], [])
    first = int(min(pos for _, pos, *_ in dated))
    last = int(max(max(pos, end or pos) for _, pos, end, *_ in dated)) + 1
    scale = (WIDTH - 2 * MARGIN) / (last - first)

    def x_of(pos: float) -> float:
        return round(MARGIN + (pos - first) * scale, 1)

    lanes: dict[tuple[bool, int], float] = {}
    placed: list[tuple[int, float, float | None, int, bool, str, str, str]] = []
    for number, pos, end, css, href, title in dated:
        below = css == "fact"
        x, end_x = x_of(pos), (x_of(end) if end else None)
        lane = 1
        while x - lanes.get((below, lane), -1e9) < 2 * RADIUS + 2:
            lane += 1
        lanes[(below, lane)] = max(x, end_x or x)
        placed.append((number, x, end_x, lane, below, css, href, title))
    above = max((lane for (below, lane) in lanes if not below), default=0)
    under = max((lane for (below, lane) in lanes if below), default=0)
    axis_y = (above + 1) * LANE
    marks = [
        Mark(number, x, axis_y + (lane if below else -lane) * LANE, css, href, title, end_x)
        for number, x, end_x, lane, below, css, href, title in placed
    ]
    step = 1 if last - first <= 12 else 5
    ticks = [Tick(x_of(year), str(year)) for year in range(first, last + 1) if year % step == 0]
    return Chart(WIDTH, int(axis_y + (under + 1) * LANE + 20), axis_y, ticks, marks)
