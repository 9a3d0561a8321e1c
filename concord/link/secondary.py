"""Secondary events: the other real events a story's reports give besides the one they lead with.

A report of a phone call often says what the two sides agreed in it. The story (one cluster of
reports) is merged into its primary event of type T (see :func:`concord.link.merge.merge_event`);
every report's mentions of other types that are real and current (not negated, not historical or
hypothetical; a future act only when its type already codes an intention, as PLOVER codes future
cooperation AGREE), that fit the primary's day (so are not background), and whose coder confidence
reaches :data:`SECONDARY_FLOOR`, are grouped by type into one secondary event per (story, type),
merged with the same machinery as the primary. The primary and its secondaries list each other in
``Event.related``; a secondary's id derives from its primary's id (itself derived from the story's
founding report) and its type, so it is stable across re-runs and as reports arrive, and it is how
a secondary is told from a primary (:func:`is_secondary`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

from ..model import Analysis, Article, Event, EventMention
from .merge import mention_day, merge_event, merge_mentions

__all__ = [
    "INTENT_TYPES",
    "SECONDARY_FLOOR",
    "is_current",
    "is_secondary",
    "merge_story",
    "secondary_event_id",
    "secondary_mentions",
]

#: The lowest coder confidence (the learned model's top-class probability, or the rule score) a
#: mention needs to make or join a secondary event. Measured on the seeds and the example corpus
#: (mentions that pass every other test): under the coder's own LOW of 0.35 they are mostly the
#: topics of the primary event ("reviewed the defence cooperation" in a call) or miscodings (a
#: cricket "attack"); the two between 0.35 and 0.4 were miscodings too ("gave no immediate
#: response" as REJECT, a demand as AID); from 0.4 up they were real acts (agreements, praise,
#: accusations, a rejection). Precision over recall: a weakly coded act stays in the primary's reports.
SECONDARY_FLOOR = 0.4

#: Types that already code an intention or a promise: a future-tense mention of one is a statement
#: made now (PLOVER: intended or future cooperation is AGREE; a vow of force is THREATEN; a promised
#: concession stays CONCEDE), so it is a current event; any other future act has not happened yet.
INTENT_TYPES = frozenset({"AGREE", "THREATEN", "CONCEDE"})


def secondary_event_id(story_id: str, etype: str) -> str:
    """Stable id of the ``etype`` secondary event of the story whose primary event is ``story_id``."""
    digest = hashlib.sha256(f"{story_id}|{etype}".encode()).hexdigest()[:16]
    return f"ev-{digest}"


def is_secondary(event: Event) -> bool:
    """True for a secondary event: it relates to its primary alone, and its id derives from that
    primary and its own type (a primary's id derives from its founding report instead)."""
    return len(event.related) == 1 and event.id == secondary_event_id(event.related[0], event.event)


def is_current(mention: EventMention) -> bool:
    """A real event as the report tells it: affirmed, and neither history nor a hypothesis; a future
    act only when its type codes the intention itself (:data:`INTENT_TYPES`)."""
    if mention.negated:
        return False
    return mention.auxiliary is None or (mention.auxiliary == "future" and mention.type in INTENT_TYPES)


def _fits_date(mention: EventMention, date: str | None) -> bool:
    """Dated to the primary's day, or undated at day precision. This is stricter than the background
    notion of :func:`concord.link.merge.is_background` (past the lead and dated to another day): in
    the lead too, another day is another event. A coarser date (a year, a month, the start of a
    range) must not lie wholly before the primary's day (that would be history), while a later one
    is the goal of an intention ("a framework for 2025-2035"), not the day of the act."""
    day = mention_day(mention)
    if day is not None:
        return day == date
    return not mention.date or date is None or mention.date >= date[: len(mention.date)]


def secondary_mentions(
    primary: Event, analyses: Mapping[str, Analysis | None]
) -> dict[str, dict[str, list[EventMention]]]:
    """The mentions that make the story's secondary events: type -> report id -> its qualifying
    mentions (in sentence order), for every type other than the primary's."""
    found: dict[str, dict[str, list[EventMention]]] = {}
    if not primary.event:
        return found
    for aid, analysis in sorted(analyses.items()):
        for mention in sorted(analysis.events if analysis else [], key=lambda m: m.citation.sentence):
            if (
                mention.type != primary.event
                and mention.confidence >= SECONDARY_FLOOR
                and is_current(mention)
                and _fits_date(mention, primary.date)
            ):
                found.setdefault(mention.type, {}).setdefault(aid, []).append(mention)
    return dict(sorted(found.items()))


def merge_story(
    story_id: str,
    articles: Sequence[Article],
    analyses: Mapping[str, Analysis | None] | None = None,
) -> list[Event]:
    """Merge one story: its primary event first, then one secondary event per other type its reports
    give (see the module docstring), each linked to the primary and the primary to each of them."""
    analyses = analyses or {}
    primary = merge_event(story_id, articles, analyses)
    secondaries = []
    for etype, reports in secondary_mentions(primary, analyses).items():
        members = [a for a in articles if a.id in reports]
        event = merge_mentions(secondary_event_id(story_id, etype), members, reports, analyses, etype, primary.date)
        if "date" not in event.citations and event.date == primary.date:
            # Undated in its reports: dated by what the same reports say of the story's day.
            dated = [c for c in primary.citations.get("date", []) if c.article_id in reports]
            if dated:
                event.citations["date"] = dated
        event.related = [story_id]
        secondaries.append(event)
    primary.related = [e.id for e in secondaries]
    return [primary, *secondaries]
