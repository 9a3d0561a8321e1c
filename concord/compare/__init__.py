"""Compare the reports of an event, write its cited brief, and draw a relationship's timeline.

Pure functions over plain data (:mod:`concord.model` records in, :mod:`.records` out);
render them with :mod:`.render` or :func:`concord.model.to_dict`.
"""

from __future__ import annotations

from .align import AlignConfig, compare_event
from .brief import write_brief
from .records import LABELS, Brief, BriefItem, Claim, ClaimGroup, Comparison, Report, Timeline, TimelineItem
from .render import brief_to_markdown, brief_to_text, comparison_to_markdown, comparison_to_text, timeline_to_markdown, timeline_to_text
from .timeline import build_timeline

__all__ = [
    "LABELS",
    "AlignConfig",
    "Brief",
    "BriefItem",
    "Claim",
    "ClaimGroup",
    "Comparison",
    "Report",
    "Timeline",
    "TimelineItem",
    "brief_to_markdown",
    "brief_to_text",
    "build_timeline",
    "compare_event",
    "comparison_to_markdown",
    "comparison_to_text",
    "timeline_to_markdown",
    "timeline_to_text",
    "write_brief",
]
