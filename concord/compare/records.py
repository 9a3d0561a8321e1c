"""The plain records the compare stage produces: claims, aligned groups, the brief and the timeline.

Like :mod:`concord.model`, every record is a dataclass of JSON values and :class:`Citation`s,
so it round-trips through :func:`concord.model.to_dict` / :func:`concord.model.from_dict`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Citation, Conflict

__all__ = [
    "LABELS",
    "Brief",
    "BriefItem",
    "Claim",
    "ClaimGroup",
    "Comparison",
    "Report",
    "Timeline",
    "TimelineItem",
]

#: Group labels, in the order a reader wants them.
LABELS = ("shared", "elaborated", "updated", "conflicting", "unique")


@dataclass
class Claim:
    """One statement of one report: a sentence, or a clause of a sentence that carries several.

    ``start``/``end`` are offsets into the article's text (a dateline is cut off the first claim);
    ``citations`` holds the report's own citation first, then those of wire copies repeating it.
    """

    id: str
    article_id: str
    outlet: str
    sentence: int
    start: int
    end: int
    text: str
    citations: list[Citation] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    negated: bool = False
    background: bool = False


@dataclass
class ClaimGroup:
    """Claims of different reports that say the same thing (or one claim nobody else makes), labelled.

    ``label`` is one of :data:`LABELS`; ``reason`` says why (what a report adds, which values
    differ); ``background`` marks history that reports repeat (not news of the event).
    """

    id: str
    label: str
    claims: list[Claim]
    outlets: list[str]
    reason: str = ""
    background: bool = False
    similarity: float = 0.0
    #: Id of the claim that carries the most detail (the one a brief quotes).
    lead_claim: str = ""


@dataclass
class Report:
    """One independent report of the event, with the wire copies folded into it."""

    article_id: str
    outlet: str
    date: str | None = None
    title: str | None = None
    copies: list[str] = field(default_factory=list)


@dataclass
class Comparison:
    """The reports of one event side by side: labelled claim groups in reading order, and conflicts."""

    event_id: str
    date: str | None
    event: str
    reports: list[Report] = field(default_factory=list)
    groups: list[ClaimGroup] = field(default_factory=list)
    #: Field conflicts of the merged event (date, figures, ...), as the link stage found them.
    conflicts: list[Conflict] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    backend: str = "lexical"


@dataclass
class BriefItem:
    """One sentence of the brief, its ``[n]`` markers already in ``text`` and listed in ``markers``."""

    section: str
    text: str
    markers: list[int] = field(default_factory=list)
    outlet: str | None = None


@dataclass
class Brief:
    """An extractive, cited summary of one event; marker ``[n]`` is ``citations[n - 1]``."""

    event_id: str
    title: str
    items: list[BriefItem] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)


@dataclass
class TimelineItem:
    """An event or a standing fact of a relationship, placed at its (start) date."""

    kind: str
    date: str | None
    title: str
    text: str = ""
    end_date: str | None = None
    #: Reports that state it, and the independent outlets among them.
    count: int = 0
    n_sources: int = 0
    first_report: str | None = None
    first_date: str | None = None
    event_id: str | None = None
    citations: list[Citation] = field(default_factory=list)
    #: The PLOVER type of an event item (None for a fact).
    event_type: str | None = None


@dataclass
class Timeline:
    """The events and standing facts of a set of countries in date order."""

    actors: list[str]
    items: list[TimelineItem] = field(default_factory=list)
