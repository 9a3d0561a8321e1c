"""Plain-text and Markdown renderings of comparisons, briefs and timelines (JSON: concord.model.to_dict)."""

from __future__ import annotations

from collections.abc import Callable

from ..model import Citation
from .records import Brief, Comparison, Timeline, TimelineItem

__all__ = [
    "brief_to_markdown",
    "brief_to_text",
    "comparison_to_markdown",
    "comparison_to_text",
    "timeline_to_markdown",
    "timeline_to_text",
]

_HEADINGS = {
    "lead": "What happened",
    "shared": "Reported by several sources",
    "only": "Only in one source",
    "conflict": "Where the sources differ",
    "background": "Background the reports repeat",
}


def _cite(n: int, c: Citation) -> str:
    return f"[{n}] {c.article_id} sentence {c.sentence}, chars {c.start}-{c.end}"


def _brief(brief: Brief, heading: Callable[[str], str], bullet: str) -> str:
    lines = [heading(brief.title), ""]
    section = None
    for item in brief.items:
        if item.section != section:
            section = item.section
            lines += ["", heading(_HEADINGS.get(section, section))] if len(lines) > 2 else [heading(_HEADINGS.get(section, section))]
        prefix = f"only in {item.outlet}: " if item.section == "only" and item.outlet else ""
        lines.append(f"{bullet}{prefix}{item.text}")
    lines += ["", heading("Sources")]
    lines += [f"{bullet}{_cite(n, c)}" for n, c in enumerate(brief.citations, 1)]
    return "\n".join(lines) + "\n"


def brief_to_text(brief: Brief) -> str:
    """The brief as plain text, one cited sentence a line, then the numbered citations."""
    return _brief(brief, lambda h: f"{h}\n{'-' * len(h)}", "  ")


def brief_to_markdown(brief: Brief) -> str:
    """The brief as Markdown: a heading per section, a bullet per sentence, the citations last."""
    first = True

    def heading(text: str) -> str:
        nonlocal first
        level, first = ("#" if first else "##"), False
        return f"{level} {text}"

    return _brief(brief, heading, "- ")


def _groups(comparison: Comparison, row: Callable[[str, str, str, str], str]) -> list[str]:
    lines = []
    for group in comparison.groups:
        flag = " background" if group.background else ""
        lines.append(row(group.id, group.label + flag, group.reason, ""))
        for claim in group.claims:
            copies = f" (+{len(claim.citations) - 1} copy)" if len(claim.citations) > 1 else ""
            lines.append(row("", claim.outlet + copies, f"s{claim.sentence}", claim.text))
    return lines


def comparison_to_text(comparison: Comparison) -> str:
    """Every claim group with its label, reason and claims, as plain text."""
    counts = ", ".join(f"{n} {label}" for label, n in comparison.counts.items())
    head = f"{comparison.event} {comparison.date} [{comparison.event_id}]: {counts}"
    body = _groups(comparison, lambda g, a, b, c: f"{g:<4} {a}: {b}" if g else f"       {a} {b}: {c}")
    return "\n".join([head, *body]) + "\n"


def comparison_to_markdown(comparison: Comparison) -> str:
    """Every claim group as Markdown: a table row per claim under the group's label."""
    counts = ", ".join(f"{n} {label}" for label, n in comparison.counts.items())
    lines = [f"# Claims of {comparison.event} on {comparison.date}", "", counts, "",
             "| group | label / outlet | reason / sentence | claim |", "|---|---|---|---|"]
    lines += _groups(comparison, lambda g, a, b, c: f"| {g} | {a} | {b} | {_cell(c)} |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _when(item: TimelineItem) -> str:
    return f"{item.date or '?'}–{item.end_date}" if item.end_date else (item.date or "undated")


def _reported(item: TimelineItem) -> str:
    first = f", first {item.first_report} ({item.first_date})" if item.first_report else ""
    return f"{item.count} reports, {item.n_sources} outlets{first}"


def timeline_to_text(timeline: Timeline) -> str:
    """The timeline as plain text: date, kind, title, how many reports say it."""
    lines = [f"Timeline of {' – '.join(timeline.actors)}: {len(timeline.items)} items"]
    for item in timeline.items:
        lines.append(f"{_when(item):<22} {item.kind:<11} {item.title}  ({_reported(item)})")
    return "\n".join(lines) + "\n"


def timeline_to_markdown(timeline: Timeline) -> str:
    """The timeline as a Markdown table with the citations of each item."""
    lines = [f"# Timeline of {' – '.join(timeline.actors)}", "",
             "| date | kind | what | reports | cited |", "|---|---|---|---|---|"]
    for item in timeline.items:
        cites = "; ".join(f"{c.article_id}#s{c.sentence}" for c in item.citations)
        lines.append(f"| {_when(item)} | {item.kind} | {_cell(item.title)} | {_reported(item)} | {cites} |")
    return "\n".join(lines) + "\n"
