"""Label aligned claims: shared, elaborated (one adds a detail), updated (a figure changed over time),
conflicting (figures, dates, speakers or denial disagree) or unique.

Figures are compared as ranges (:class:`concord.model.Quantity`): two figures of the same kind
(convertible units, or no unit and the same or an unstated thing counted) conflict only when their
ranges cannot meet, so rounding and hedges ("about", "more than", "at least", "nearly") are no
conflict while "as many as 300,000" against "more than 300,000" is. A disagreement that is only
about figures between reports of different dates, where the later report gives the higher count,
is an update (a rising toll), shown with both reports' dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from ..model import Quantity
from .claims import ParsedClaim, dates_compatible, name_key

__all__ = ["ReportValues", "contested", "label_group"]

#: Units that convert into one another, as (dimension, factor to the dimension's base unit).
_UNITS = {"km": ("length", 1.0), "m": ("length", 0.001), "mile": ("length", 1.609344), "foot": ("length", 0.0003048),
          "mph": ("speed", 1.609344), "kph": ("speed", 1.0)}
#: Units one story rarely uses for two things: figures in them are compared across claims worded apart.
_SPECIFIC_UNITS = frozenset({"magnitude"})
#: Converted figures are rounded by the writer: ranges of different units may miss each other by this share.
_CONVERSION_SLACK = 0.05
#: Two running counts given as lower bounds differ beyond rounding past this share of the larger.
_ROUNDING = 0.1


@dataclass
class ReportValues:
    """Everything a report states anywhere: a detail is only new if the other report never gives it."""

    numbers: set[str]
    dates: set[str]
    names: set[str]
    #: The report's whole text as a name key, so a name counts as given even where NER missed it.
    text: str
    date: dt.date | None = None


def label_group(
    items: Sequence[ParsedClaim], whole: Mapping[str, ReportValues], close: Collection[frozenset[str]] = (),
    twins: Collection[frozenset[str]] = (),
) -> tuple[str, str, str]:
    """The label of aligned claims, why, and the id of the most detailed claim (what a brief quotes).

    Conflicting beats updated beats elaborated beats shared; a single claim is unique. Only claims
    that are ``close`` (pairs of claim ids similar enough on their own) can disagree: a group joined
    through a third claim is no evidence that its two ends speak of the same thing; dates, which
    reports give for many things, only between ``twins`` (near-identical claims).
    """
    if len({p.claim.article_id for p in items}) == 1:
        return "unique", f"only in {items[0].claim.outlet}", items[0].claim.id
    added = {p.claim.id: _added(p, [whole[o.claim.article_id] for o in items if o is not p]) for p in items}
    lead = max(items, key=lambda p: (len(added[p.claim.id]), sum(p.terms.values()), -p.position)).claim.id
    pairs = [(a, b) for x, a in enumerate(items) for b in items[x + 1:] if frozenset((a.claim.id, b.claim.id)) in close]
    found = [(a, b, kind, text) for a, b in pairs
             for kind, text in _disagreements(a, b, frozenset((a.claim.id, b.claim.id)) in twins)]
    if found:
        update = _update(found, whole)
        if update:
            return "updated", update, lead
        return "conflicting", "; ".join(dict.fromkeys(text for *_, text in found)), lead
    details = [f"{p.claim.outlet} adds {', '.join(added[p.claim.id])}" for p in items if added[p.claim.id]]
    if details:
        return "elaborated", "; ".join(details), lead
    return "shared", f"in {', '.join(p.claim.outlet for p in items)}", lead


def _disagreements(a: ParsedClaim, b: ParsedClaim, dated: bool = True) -> list[tuple[str, str]]:
    """What two aligned claims disagree on, as (kind, reason): figures, speakers, and only when
    ``dated`` (the claims are near-identical, so they must speak of one thing) dates and denial."""
    found = []
    if dated and (_denies(a, b) or _denies(b, a)):
        found.append(("denial", "one report denies what the other states"))
    figures = _figure_clash(a, b)
    if figures:
        found.append(("figure", f"figures differ: {figures}"))
    dates = _date_clash(a.parts.dates, b.parts.dates) if dated else ""
    if dates:
        found.append(("date", f"dates differ: {dates}"))
    sa, sb = a.parts.speaker, b.parts.speaker
    if sa and sb and a.parts.quoted and b.parts.quoted and sa.split()[-1] != sb.split()[-1]:
        found.append(("speaker", f"attributed to {sa} vs {sb}"))
    return found


def _denies(a: ParsedClaim, b: ParsedClaim) -> bool:
    """``a`` negates a verb that ``b`` affirms (``b`` uses it and negates nothing)."""
    return b.parts.negations == 0 and not b.parts.negated and any(v in b.terms for v in a.parts.negated)


def _figure_clash(a: ParsedClaim, b: ParsedClaim) -> str:
    """"9 vs 7" when each claim has a figure that no comparable figure of the other can match."""
    qa, qb = a.parts.quantities, b.parts.quantities
    lone_a = [x for x in qa if _lonely(x, qb, b)]
    lone_b = [y for y in qb if _lonely(y, qa, a)]
    if not (lone_a and lone_b):
        return ""
    return f"{', '.join(dict.fromkeys(x.form for x in lone_a))} vs {', '.join(dict.fromkeys(y.form for y in lone_b))}"


def _lonely(x: Quantity, others: Sequence[Quantity], other: ParsedClaim) -> bool:
    """``x`` has comparable figures among ``others`` and fits none of them."""
    kin = [y for y in others if _comparable(x, y, other)]
    return bool(kin) and not any(_fits(x, y) for y in kin)


def _comparable(x: Quantity, y: Quantity, other: ParsedClaim) -> bool:
    """Two figures of one kind: ordinal or not alike, convertible units, one named measure, else the
    same thing counted (or nothing counted by either, or what one counts named by the other claim)."""
    if x.ordinal != y.ordinal or _dimension(x.unit) != _dimension(y.unit):
        return False
    if x.measure and y.measure:
        return x.measure == y.measure
    if x.counted is None and y.counted is None:
        return True
    return x.counted == y.counted or x.counted in other.terms


def contested(a: ParsedClaim, b: ParsedClaim) -> bool:
    """The two claims give figures of one named measure or unit (deaths, robberies, km ...) and no
    figure of one fits any of the other's: a contested detail even where the sentences differ."""
    keys_a = {_key(q) for q in a.parts.quantities} - {None}
    shared = keys_a & ({_key(q) for q in b.parts.quantities} - {None})
    return any(
        not any(_fits(x, y) for x in a.parts.quantities if _key(x) == key for y in b.parts.quantities if _key(y) == key)
        for key in shared
    )


def _key(q: Quantity) -> str | None:
    """What a figure is compared by across differently worded claims: its named measure, or a unit
    that one story measures one thing in (a quake's magnitude); lengths and sums are too varied."""
    if q.ordinal:
        return None
    return q.unit if q.unit in _SPECIFIC_UNITS else q.measure


def _dimension(unit: str | None) -> str | None:
    return _UNITS[unit][0] if unit in _UNITS else unit


def _fits(x: Quantity, y: Quantity) -> bool:
    """The two figures' ranges meet (in a common unit, with slack for converted units); two running
    counts of one measure given as lower bounds ("at least 73 dead", "at least 241 dead") fit only
    when their stated figures are within rounding of each other."""
    if x.measure and x.measure == y.measure and x.high is None and y.high is None and x.low is not None and y.low is not None:
        return abs(x.value - y.value) <= _ROUNDING * max(abs(x.value), abs(y.value))
    (xl, xh), (yl, yh) = _range(x), _range(y)
    slack = _CONVERSION_SLACK if x.unit != y.unit else 0.0
    low = max(xl, yl)
    high = min(xh, yh)
    return low <= high * (1 + slack) + 1e-9


def _range(q: Quantity) -> tuple[float, float]:
    factor = _UNITS[q.unit][1] if q.unit in _UNITS else 1.0
    low = q.low if q.low is not None else -float("inf")
    high = q.high if q.high is not None else float("inf")
    return low * factor, high * factor


def _date_clash(da: Sequence[str], db: Sequence[str]) -> str:
    """The one date of each claim, of one precision, that cannot be the same ("2018" vs "2019")."""
    xa = {v.split("/")[0] for v in da}
    xb = {v.split("/")[0] for v in db}
    if len(xa) != 1 or len(xb) != 1:
        return ""
    only_a = {x for x in xa if not any(dates_compatible(x, y) for y in xb)}
    only_b = {y for y in xb if not any(dates_compatible(x, y) for x in xa)}
    clash = {(x, y) for x in only_a for y in only_b if len(x) == len(y)}
    if not clash:
        return ""
    return f"{', '.join(sorted({x for x, _ in clash}))} vs {', '.join(sorted({y for _, y in clash}))}"


def _update(found: Sequence[tuple[ParsedClaim, ParsedClaim, str, str]], whole: Mapping[str, ReportValues]) -> str:
    """"updated: 120 (A, 2025-01-02) then 241 (B, 2025-01-03)" when every disagreement is a figure that
    grew from an earlier report to a later one; else ""."""
    steps = []
    for a, b, kind, _ in found:
        da, db = whole[a.claim.article_id].date, whole[b.claim.article_id].date
        if kind != "figure" or da is None or db is None or da == db:
            return ""
        early, late = (a, b) if da < db else (b, a)
        low, high = _largest(early), _largest(late)
        if low is None or high is None or high < low:
            return ""
        steps.append(f"{_form(early)} ({early.claim.outlet}, {whole[early.claim.article_id].date}) then "
                     f"{_form(late)} ({late.claim.outlet}, {whole[late.claim.article_id].date})")
    return "updated: " + "; ".join(dict.fromkeys(steps))


def _largest(item: ParsedClaim) -> float | None:
    values = [q.value for q in item.parts.quantities if not q.ordinal]
    return max(values) if values else None


def _form(item: ParsedClaim) -> str:
    return ", ".join(q.form for q in item.parts.quantities if not q.ordinal)


def _added(item: ParsedClaim, others: Sequence[ReportValues]) -> list[str]:
    """Details of a claim that another report of the group never gives: figures, (finer) dates, names.

    A figure or date counts when some other report of the group lacks it everywhere in its text.
    """
    added = [n for n in item.claim.numbers if any(n not in o.numbers for o in others)]
    added += [v.split("/")[0] for v in item.parts.dates if any(v.split("/")[0] not in o.dates for o in others)]
    # Names are noisier than figures: one counts only when no other report gives it at all.
    added += [n for n in item.claim.names if not any(_name_known(n, o) for o in others)]
    return list(dict.fromkeys(added))


def _name_known(name: str, values: ReportValues) -> bool:
    """A name the other report gives: in its text, or as part of a longer or shorter name."""
    return f" {name_key(name)} " in values.text or any(name in n or n in name for n in values.names)
