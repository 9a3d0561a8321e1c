"""Write the cited brief of an event from its comparison: extractive, every sentence with [n] markers.

Order: the lead claim, the other claims several reports share (in reading order), what only one
outlet reports, the conflicts (claim-level and the merged event's field conflicts), and the
background the reports repeat.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Citation, Conflict
from .records import Brief, BriefItem, ClaimGroup, Comparison

__all__ = ["write_brief"]

SECTIONS = ("lead", "shared", "only", "conflict", "background")


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
    """The disagreeing claims side by side, each cited to its report."""
    parts, numbers = [], []
    for claim in group.claims:
        marks = markers.mark(claim.citations)
        numbers += marks
        parts.append(f"{claim.outlet}: “{claim.text.rstrip()}” {_tag(marks)}")
    return BriefItem("conflict", f"Reports differ ({group.reason}). " + " — ".join(parts), numbers)


def _field_item(conflict: Conflict, markers: _Markers) -> BriefItem:
    """A field conflict of the merged event (date, figures, ...), each value cited."""
    parts, numbers = [], []
    for value in conflict.values:
        marks = markers.mark(value.citations)
        numbers += marks
        parts.append(f"{value.value} {_tag(marks)}".rstrip())
    return BriefItem("conflict", f"Reports differ on {conflict.field}: " + " vs ".join(parts) + ".", numbers)


def _lead(comparison: Comparison, news: list[ClaimGroup]) -> ClaimGroup | None:
    """The group that best says what happened: one holding a report's opening claim, told by the
    most reports (then the earliest in reading order); else the news group most reports tell."""
    opening: dict[str, tuple[int, int]] = {}
    for group in comparison.groups:
        for claim in group.claims:
            here = (claim.sentence, claim.start)
            opening[claim.article_id] = min(opening.get(claim.article_id, here), here)
    candidates = news or comparison.groups
    if not candidates:
        return None

    def rank(pair: tuple[int, ClaimGroup]) -> tuple[bool, int, int]:
        i, group = pair
        opens = any(opening[c.article_id] == (c.sentence, c.start) for c in group.claims)
        return (opens, len(group.claims), -i)

    return max(enumerate(candidates), key=rank)[1]


def write_brief(comparison: Comparison) -> Brief:
    """The brief of an event: lead claim, shared claims in order, "only in <outlet>", conflicts, background."""
    news = [g for g in comparison.groups if not g.background]
    several = [g for g in news if len(g.claims) > 1 and g.label != "conflicting"]
    lead = _lead(comparison, news)
    markers = _Markers()
    items: list[BriefItem] = []
    if lead is not None:
        items.append(_group_item("lead", lead, markers))
    items += [_group_item("shared", g, markers) for g in several if g is not lead]
    for report in comparison.reports:
        items += [
            _group_item("only", g, markers)
            for g in news
            if g.label == "unique" and g.outlets == [report.outlet] and g is not lead
        ]
    items += [_conflict_item(g, markers) for g in comparison.groups if g.label == "conflicting"]
    items += [_field_item(c, markers) for c in comparison.conflicts]
    items += [
        _group_item("background", g, markers)
        for g in comparison.groups
        if g.background and len(g.claims) > 1 and g.label != "conflicting"
    ]
    outlets = ", ".join(r.outlet for r in comparison.reports)
    title = f"{comparison.event or 'Event'} on {comparison.date or 'an unknown date'}, reported by {outlets}"
    return Brief(comparison.event_id, title, items, markers.citations)
