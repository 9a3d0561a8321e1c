"""Pure layout of a period-count chart: stacked bars per period, markers, an optional value line.

Reusable for any count over time (a relationship by PLOVER quad class, an actor's events by
type): :func:`period_chart` takes one :class:`Column` per period and returns coordinates the
``_chart.html`` macro draws. Each series is one SVG path holding all its bars, each period one
link with one hit area, so the number of shapes depends on the number of periods (at most
:data:`~concord.compare.periods.MAX_PERIODS`), never on the number of events. Colours live in
the style sheet (the CSP forbids inline styles): marks only carry class names.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = [
    "MAX_SHAPES",
    "QUADS",
    "QUAD_NAMES",
    "Column",
    "Hit",
    "PeriodChart",
    "Tick",
    "period_chart",
    "quad_class",
    "quad_counts",
]

#: PLOVER event types by quad class (CONCEDE and RETREAT are the two halves of YIELD), as in
#: the quad column of ``plover_scores.tsv``.
QUADS: dict[str, tuple[str, ...]] = {
    "verbal-coop": ("AGREE", "CONSULT", "SUPPORT", "CONCEDE"),
    "material-coop": ("COOPERATE", "AID", "RETREAT"),
    "verbal-conflict": ("REQUEST", "ACCUSE", "REJECT", "THREATEN"),
    "material-conflict": ("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"),
}
#: Each quad class (and "other") in words.
QUAD_NAMES = {
    "verbal-coop": "verbal cooperation",
    "material-coop": "material cooperation",
    "verbal-conflict": "verbal conflict",
    "material-conflict": "material conflict",
    "other": "other",
}
_QUAD_OF = {kind: quad for quad, kinds in QUADS.items() for kind in kinds}

#: Most SVG shapes a chart may hold (the issue's readability goal).
MAX_SHAPES = 300
WIDTH = 1000
_LEFT, _RIGHT, _TOP = 44, 12, 12
_BARS = 190  # height of the count band
_MARKERS = 22  # the row of fact markers under the bars
_LINE = 84  # height of the value band, when drawn
_MOST_TICKS = 12


def quad_class(event_type: str | None) -> str:
    """The quad class of a PLOVER type ("verbal-coop" ...), or "other" for an unknown or missing one."""
    return _QUAD_OF.get((event_type or "").upper(), "other")


def quad_counts(counts: dict[str, int]) -> dict[str, int]:
    """Counts per PLOVER type summed per quad class, in the order of :data:`QUAD_NAMES`."""
    sums = dict.fromkeys(QUAD_NAMES, 0)
    for kind, n in counts.items():
        sums[quad_class(kind)] += n
    return sums


@dataclass(frozen=True)
class Column:
    """One period as the chart takes it: labels, link, counts per series, marker titles, line value."""

    key: str
    label: str
    short: str
    href: str
    counts: dict[str, int]
    markers: tuple[str, ...] = ()
    value: float | None = None
    selected: bool = False
    #: A period the axis prefers to label (a January, a decade's first year).
    major: bool = False


@dataclass(frozen=True)
class Hit:
    """The link area of one period (the whole column), with its tooltip and fact marker, if any."""

    key: str
    x: float
    width: float
    href: str
    title: str
    selected: bool
    marker: str | None


@dataclass(frozen=True)
class Tick:
    """A label on an axis at ``at`` (x for periods, y for counts and values)."""

    at: float
    label: str


@dataclass(frozen=True)
class PeriodChart:
    """What the SVG draws: one path per series, one hit area per period, axes, an optional line."""

    width: int
    height: int
    left: float
    right: float
    top: float
    baseline: float
    marker_y: float
    label_y: float
    series: list[tuple[str, str]]
    hits: list[Hit]
    ticks: list[Tick]
    grid: list[Tick]
    line: str = ""
    line_grid: list[Tick] = field(default_factory=list)

    def shapes(self) -> int:
        """How many SVG shapes (rects, paths, lines) the ``_chart.html`` macro draws."""
        markers = sum(1 for h in self.hits if h.marker)
        line = 1 + len(self.line_grid) if self.line else 0
        return len(self.series) + len(self.hits) + markers + len(self.grid) + line


def _nice(top: int) -> int:
    """The smallest of 1, 2, 5 × 10^k at least ``top`` (the count axis's maximum)."""
    if top <= 1:
        return 1
    power = 10 ** math.floor(math.log10(top))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= top)


def _labelled(columns: Sequence[Column]) -> list[int]:
    """Which columns the axis labels: the major ones if there are 4 to 12, else evenly spaced ones."""
    majors = [i for i, c in enumerate(columns) if c.major]
    if 4 <= len(majors) <= _MOST_TICKS:
        return majors
    every = max(1, math.ceil(len(columns) / _MOST_TICKS))
    return list(range(0, len(columns), every))


def _title(column: Column, names: dict[str, str]) -> str:
    total = sum(column.counts.values())
    parts = [f"{n} {names.get(s, s)}" for s, n in column.counts.items() if n]
    text = f"{column.label}: {total} {'event' if total == 1 else 'events'}"
    text += f" ({', '.join(parts)})" if parts else ""
    if column.value is not None:
        text += f"; mean intensity {column.value:+.1f}"
    if column.markers:
        text += "; " + "; ".join(column.markers)
    return text


def _bars(columns: Sequence[Column], series: Sequence[str], step: float, scale: float, baseline: float) -> list[tuple[str, str]]:
    """One path per series: a rectangle per period, stacked in ``series`` order from the baseline."""
    paths: dict[str, list[str]] = {s: [] for s in series}
    width = max(1.0, round(step * 0.78, 1))
    for i, column in enumerate(columns):
        x = round(_LEFT + i * step + (step - width) / 2, 1)
        y = baseline
        for name in series:
            height = column.counts.get(name, 0) * scale
            if height > 0:
                paths[name].append(f"M{x} {round(y - height, 1)}h{width}v{round(height, 1)}h{-width}Z")
                y -= height
    return [(name, "".join(parts)) for name, parts in paths.items() if parts]


def _value_line(columns: Sequence[Column], step: float, top: float, limit: float) -> tuple[str, list[Tick]]:
    """The value band: one path through the periods that have a value (a dot where one stands
    alone), and its grid at -limit, 0 and +limit."""
    half = _LINE / 2 - 6
    zero = top + _LINE / 2

    def y(value: float) -> float:
        return round(zero - max(-limit, min(limit, value)) / limit * half, 1)

    parts, previous = [], False
    for i, column in enumerate(columns):
        if column.value is None:
            previous = False
            continue
        x = round(_LEFT + (i + 0.5) * step, 1)
        parts.append(f"{'L' if previous else 'M'}{x} {y(column.value)}" + ("" if previous else "l0 0"))
        previous = True
    grid = [Tick(y(limit), f"+{limit:g}"), Tick(zero, "0"), Tick(y(-limit), f"−{limit:g}")]
    return "".join(parts), grid


def period_chart(
    columns: Sequence[Column],
    series: Sequence[str],
    names: dict[str, str] | None = None,
    line_limit: float | None = None,
) -> PeriodChart:
    """Lay out ``columns`` as stacked bars of ``series`` (bottom first), a marker under each period
    that has markers and, with ``line_limit``, a band below plotting each period's value from
    -line_limit to +line_limit. ``names`` words the series in tooltips."""
    names = names or {}
    step = (WIDTH - _LEFT - _RIGHT) / max(1, len(columns))
    most = _nice(max((sum(c.counts.values()) for c in columns), default=0))
    baseline = _TOP + _BARS
    scale = _BARS / most

    hits = [
        Hit(c.key, round(_LEFT + i * step, 1), round(step, 1), c.href, _title(c, names), c.selected,
            f"{len(c.markers)} standing {'fact' if len(c.markers) == 1 else 'facts'}" if c.markers else None)
        for i, c in enumerate(columns)
    ]
    ticks = [Tick(round(_LEFT + (i + 0.5) * step, 1), columns[i].short) for i in _labelled(columns)]
    grid = [Tick(round(baseline - n * scale, 1), str(n)) for n in sorted({0, most // 2, most})]
    label_y = baseline + _MARKERS + 14
    chart = PeriodChart(WIDTH, int(label_y + 8), _LEFT, WIDTH - _RIGHT, _TOP, baseline, baseline + _MARKERS / 2 + 2, label_y,
                        _bars(columns, series, step, scale, baseline), hits, ticks, grid)
    if line_limit is None or all(c.value is None for c in columns):
        return chart
    line, line_grid = _value_line(columns, step, label_y + 12, line_limit)
    return dataclasses.replace(chart, height=int(label_y + 20 + _LINE), line=line, line_grid=line_grid)
