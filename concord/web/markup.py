"""Pure text-to-HTML marking: escape a text and wrap character spans of it in ``<mark>`` elements.

Used for the extracted spans on the article page and the search highlights. The text is
escaped piece by piece, never as a whole after tags are inserted, so no input can open a tag.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from ..errors import ConcordError
from ..model import Analysis, Citation

__all__ = ["Span", "analysis_spans", "cite_links", "highlight", "mark_spans"]


@dataclass(frozen=True)
class Span:
    """A character range ``[start, end)`` of a text to mark, with its CSS class and a tooltip."""

    start: int
    end: int
    kind: str
    title: str = ""


def mark_spans(text: str, spans: Iterable[Span], anchors: Mapping[int, str] | None = None) -> Markup:
    """Escaped ``text`` with each span wrapped in ``<mark class=kind title=...>`` (focusable when titled).

    Overlapping spans nest properly: where one ends inside another, the inner marks are closed
    and reopened, so the HTML stays well formed; identical spans are marked once. A span outside the text, or an empty or
    reversed one, raises :class:`ConcordError` (spans come from our own analysis; a bad one is
    a bug to see, not to hide). ``anchors`` maps offsets to element ids placed there (link targets).
    """
    anchors = {at: name for at, name in (anchors or {}).items() if 0 <= at < len(text)}
    ordered = sorted(set(spans), key=lambda s: (s.start, -s.end, s.kind, s.title))
    for span in ordered:
        if not 0 <= span.start < span.end <= len(text):
            raise ConcordError(f"span {span.start}-{span.end} is empty or outside a text of {len(text)} characters")
    cuts = sorted({0, len(text), *anchors, *(s.start for s in ordered), *(s.end for s in ordered)})
    out: list[str] = []
    stack: list[Span] = []
    pending = iter(ordered)
    upcoming = next(pending, None)
    for here, following in zip(cuts, cuts[1:] + [len(text)]):
        reopen = _close_ending(stack, here, out)
        if here in anchors:
            out.append(f'<span class="anchor" id="{html.escape(anchors[here], quote=True)}"></span>')
        for span in reopen:
            _open(span, stack, out)
        while upcoming is not None and upcoming.start == here:
            _open(upcoming, stack, out)
            upcoming = next(pending, None)
        out.append(html.escape(text[here:following], quote=False))
    out.extend("</mark>" for _ in stack)
    return Markup("".join(out))


def _close_ending(stack: list[Span], here: int, out: list[str]) -> list[Span]:
    """Close the open spans that end at ``here``; return the others closed on the way, to reopen."""
    if not any(s.end == here for s in stack):
        return []
    deepest = min(i for i, s in enumerate(stack) if s.end == here)
    closed = stack[deepest:]
    del stack[deepest:]
    out.extend("</mark>" for _ in closed)
    return [s for s in closed if s.end != here]


def _open(span: Span, stack: list[Span], out: list[str]) -> None:
    # a titled mark takes the focus, so touch and keyboard users can read its title too (see the CSS)
    title = f' title="{html.escape(span.title, quote=True)}" tabindex="0"' if span.title else ""
    out.append(f'<mark class="{html.escape(span.kind, quote=True)}"{title}>')
    stack.append(span)


def analysis_spans(text: str, analysis: Analysis) -> tuple[list[Span], list[Citation]]:
    """The spans to mark for an analysis (actors, dates, event triggers, facts) and the citations
    that do not fit ``text`` (out of range, or their quoted text differs), so a page can say so.
    """
    candidates: list[tuple[Citation, str, str]] = []
    for actor in analysis.actors:
        sectors = "+".join(actor.sector)
        where = ", ".join(v for v in (actor.country, actor.kind, sectors, actor.role) if v)
        candidates.extend((c, "actor", f"actor: {actor.name} ({where})") for c in actor.citations)
    for time in analysis.times:
        until = f" to {time.end_value}" if time.end_value else ""
        candidates.append((time.citation, "date", f"date: {time.value}{until} ({time.precision})"))
    for event in analysis.events:
        code = "/".join(v for v in (event.type, event.mode) if v)
        extra = f", CAMEO {event.cameo}" if event.cameo else ""
        negated = ", negated" if event.negated else ""
        candidates.append((event.trigger or event.citation, "event", f"event: {code}{extra}{negated}"))
    for fact in analysis.facts:
        when = f" ({fact.date})" if fact.date else ""
        candidates.append((fact.citation, "fact", f"{fact.kind}: {fact.name}{when}"))
    spans: list[Span] = []
    misfits: list[Citation] = []
    for citation, kind, label in candidates:
        if _fits(text, citation):
            spans.append(Span(citation.start, citation.end, kind, f"{label} · by {citation.producer}"))
        else:
            misfits.append(citation)
    return spans, misfits


def _fits(text: str, citation: Citation) -> bool:
    inside = 0 <= citation.start < citation.end <= len(text)
    return inside and (not citation.text or text[citation.start : citation.end] == citation.text)


def highlight(text: str, ranges: Sequence[tuple[int, int]], kind: str = "hit") -> Markup:
    """Escaped ``text`` with the given ``(start, end)`` ranges marked, e.g. search-term highlights."""
    return mark_spans(text, (Span(start, end, kind) for start, end in ranges))


_MARKER = re.compile(r"\[(\d+)\]")


def cite_links(text: str, citations: Sequence[Citation], href: Callable[[Citation], str]) -> Markup:
    """Escaped ``text`` with each ``[n]`` marker turned into a link to ``href(citations[n - 1])``.

    A marker with no such citation stays plain text (it is the writer's bug, not the reader's link).
    """
    out: list[str] = []
    last = 0
    for match in _MARKER.finditer(text):
        out.append(html.escape(text[last : match.start()], quote=False))
        number = int(match[1])
        if 1 <= number <= len(citations):
            cited = citations[number - 1]
            tip = f"{cited.article_id}, sentence {cited.sentence + 1}"
            out.append(
                f'<a class="cite" href="{html.escape(href(cited), quote=True)}" '
                f'title="{html.escape(tip, quote=True)}">[{number}]</a>'
            )
        else:
            out.append(html.escape(match[0], quote=False))
        last = match.end()
    out.append(html.escape(text[last:], quote=False))
    return Markup("".join(out))
