"""Write the cited brief of an event from its comparison: a salience-ranked digest read in a minute.

At most :data:`BRIEF_ITEMS` items by default: what happened (the most salient news group, and a
second fact several outlets share), up to five facts several outlets share, up to three details
each outlet adds, every contested detail with both sides cited (figures updated over time shown
as updates), and the background the reports repeat collapsed into one line. When the items do not
fit, contested details go before what one outlet adds. Salience: how many outlets state it, how early the reports put it, and whether it carries
a figure, date or name. Every sentence is extractive and carries ``[n]`` markers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Union

from ..model import Citation, Conflict
from .records import Brief, BriefItem, ClaimGroup, Comparison

__all__ = ["BRIEF_ITEMS", "SECTIONS", "salience", "write_brief"]

SECTIONS = ("lead", "shared", "only", "conflict", "background")
#: Items of a brief by default (a minute's reading).
BRIEF_ITEMS = 15
#: Facts several outlets share, and details per outlet, that a brief lists at most.
SHARED_ITEMS = 5
ONLY_ITEMS = 3
_CONTESTED = ("conflicting", "updated")
#: What one brief line is made from: a claim group or a field conflict of the merged event.
_Source = Union[ClaimGroup, Conflict]


class _Markers:
    """Numbers citations in order of first use; the same span always gets the same number."""

    def __init__(self) -> None:
        self.citations: list[Citation] = []
        self._index: dict[tuple[str, int, int, int], int] = {}

    def mark(self, citations: Iterable[Citation]) -> list[int]:
        numbers: list[int] = []
        for c in citations:
            key = (c.article_id, c.sentence, c.start, c.end)
            if key not in self._index:
                self.citations.append(c)
                self._index[key] = len(self.citations)
            if self._index[key] not in numbers:
                numbers.append(self._index[key])
        return numbers


def _tag(numbers: list[int]) -> str:
    return "".join(f"[{n}]" for n in numbers)


def salience(group: ClaimGroup, rank: float) -> float:
    """How much a reader needs a group: outlets stating it, how early it comes (``rank`` in [0, 1],
    0 = first), and whether it carries a figure, date or name; background counts little."""
    detail = any(c.numbers or c.dates or c.names for c in group.claims)
    score = len(group.outlets) + (1.0 - rank) * 1.5 + 0.3 * detail
    return score - 2.0 if group.background else score


def _lead_text(group: ClaimGroup) -> str:
    return next((c.text for c in group.claims if c.id == group.lead_claim), group.claims[0].text)


def _group_item(section: str, group: ClaimGroup, markers: _Markers) -> BriefItem:
    """One sentence for a group: its most detailed claim, cited to every report that makes it."""
    numbers = markers.mark(c for claim in group.claims for c in claim.citations)
    text = f"{_lead_text(group).rstrip()} {_tag(numbers)}"
    if group.label == "elaborated" and group.reason:
        text += f" ({group.reason})"
    outlet = group.outlets[0] if section == "only" else None
    return BriefItem(section, text, numbers, outlet)


def _conflict_item(group: ClaimGroup, markers: _Markers) -> BriefItem:
    """The disagreeing (or updated) claims side by side, each cited to its report."""
    parts, numbers = [], []
    for claim in group.claims:
        marks = markers.mark(claim.citations)
        numbers += marks
        parts.append(f"{claim.outlet}: “{claim.text.rstrip()}” {_tag(marks)}")
    head = "Figure updated" if group.label == "updated" else "Reports differ"
    return BriefItem("conflict", f"{head} ({group.reason}). " + " — ".join(parts), numbers)


def _field_item(conflict: Conflict, markers: _Markers) -> BriefItem:
    """A field conflict of the merged event (date, figures, ...), each value cited."""
    parts, numbers = [], []
    for value in conflict.values:
        marks = markers.mark(value.citations)
        numbers += marks
        parts.append(f"{value.value} {_tag(marks)}".rstrip())
    return BriefItem("conflict", f"Reports differ on {conflict.field}: " + " vs ".join(parts) + ".", numbers)


def _background_item(groups: Sequence[ClaimGroup], markers: _Markers) -> BriefItem:
    """The background collapsed into one line: the history most outlets repeat, and how much more there is."""
    top = groups[0]
    item = _group_item("background", top, markers)
    if len(groups) > 1:
        item.text += f" (and {len(groups) - 1} more background claims in the full comparison)"
    return item


def _ranked(comparison: Comparison) -> list[ClaimGroup]:
    """Groups most salient first (ties: reading order)."""
    n = max(len(comparison.groups) - 1, 1)
    scored = [(salience(g, i / n), -i, g) for i, g in enumerate(comparison.groups)]
    return [g for *_, g in sorted(scored, key=lambda t: (t[0], t[1]), reverse=True)]


def write_brief(comparison: Comparison, limit: int | None = None) -> Brief:
    """The brief of an event, at most ``limit`` items (default :data:`BRIEF_ITEMS`; 0: no limit)."""
    cap = BRIEF_ITEMS if limit is None else (limit or 10**9)
    ranked = _ranked(comparison)
    news = [g for g in ranked if not g.background and g.label not in _CONTESTED]
    several = [g for g in news if len(g.outlets) > 1]
    lead = _leads(news, several)
    shared = [g for g in several if g not in lead][:SHARED_ITEMS]
    contested = [g for g in ranked if g.label in _CONTESTED]
    background = [g for g in ranked if g.background and len(g.outlets) > 1 and g.label not in _CONTESTED]
    plan: list[tuple[str, _Source]] = [("lead", g) for g in lead] + [("shared", g) for g in shared]
    plan += [("conflict", g) for g in contested] + [("conflict", c) for c in comparison.conflicts]
    reserve = 1 if background else 0
    plan = plan[: max(cap - reserve, 1)]
    plan += _only(comparison, news, cap - reserve - len(plan))
    markers = _Markers()
    items = [_item(kind, value, markers) for kind, value in plan]
    if background and len(items) < cap:
        items.append(_background_item(background, markers))
    order = {s: k for k, s in enumerate(SECTIONS)}
    items.sort(key=lambda item: order[item.section])
    outlets = ", ".join(r.outlet for r in comparison.reports)
    title = f"{comparison.event or 'Event'} on {comparison.date or 'an unknown date'}, reported by {outlets}"
    return Brief(comparison.event_id, title, items, markers.citations)


def _leads(news: Sequence[ClaimGroup], several: Sequence[ClaimGroup]) -> list[ClaimGroup]:
    """What happened: the most salient news group, then the next one several outlets share if it is also early."""
    if not news:
        return []
    first = news[0]
    second = next((g for g in several if g is not first), None)
    return [first, second] if second is not None and len(second.outlets) >= len(first.outlets) else [first]


def _only(comparison: Comparison, news: Sequence[ClaimGroup], room: int) -> list[tuple[str, _Source]]:
    """Up to :data:`ONLY_ITEMS` details per outlet, most salient first, taken in turns while there is room."""
    queues = [[g for g in news if g.label == "unique" and g.outlets == [r.outlet]][:ONLY_ITEMS] for r in comparison.reports]
    picked: list[tuple[str, _Source]] = []
    for turn in range(ONLY_ITEMS):
        for queue in queues:
            if len(picked) < room and turn < len(queue):
                picked.append(("only", queue[turn]))
    return picked


def _item(kind: str, value: _Source, markers: _Markers) -> BriefItem:
    if isinstance(value, Conflict):
        return _field_item(value, markers)
    if kind == "conflict":
        return _conflict_item(value, markers)
    return _group_item(kind, value, markers)
