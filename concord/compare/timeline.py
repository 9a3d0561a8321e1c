"""The timeline of a relationship: its events and the standing facts its reports repeat, in date order.

Facts are deduplicated across every article that states them by their canonical key (the
analysis gives one: a known treaty's id, so "the Iran nuclear deal", "the JCPOA" and "the 2015
nuclear agreement" are one fact; else the words of the name without generic words and country
names): two known keys are one fact when equal; otherwise the same kind (a plan may be the
framework it plans), the same acronym or name words (one set may extend the other) and compatible
dates ("2018" and "2018-07-30" are one fact; "2018" and "2019" are two). Each item counts its
reports and names the first one. Ranges and plans sit at their start with an end date; a date
known only to the year or month sorts after the days of that period; undated facts come last.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..errors import ConcordError
from ..link.merge import source_name
from ..model import Article, Event, Fact, ordinal
from .claims import dates_compatible, name_key
from .records import Timeline, TimelineItem

__all__ = ["build_timeline", "fact_key_words", "merge_facts"]

#: Words that do not tell one standing fact from another.
_GENERIC = frozenset(
    "a an the of for on and in to between new fresh current next comprehensive ten-year 10-year "
    "bilateral planned proposed draft".split()
)
#: Kinds that can name the same thing (a planned framework is a framework).
_FAMILY = {"plan": "framework"}


@dataclass
class _Fact:
    kind: str
    known: str | None
    words: frozenset[str]
    acronym: str | None
    start: str | None
    end: str | None
    facts: list[tuple[Fact, Article]] = field(default_factory=list)


def fact_key_words(fact: Fact) -> frozenset[str]:
    """The words that identify a fact's name: those of its key when the analysis made one from the name
    (``~words``), else its name's words without generic words."""
    if fact.key and fact.key.startswith("~"):
        return frozenset(w for w in fact.key[1:].split("-") if w)
    words = re.split(r"[\s\-/]+", name_key(fact.name))
    return frozenset(w for w in words if w and w not in _GENERIC)


def _known_key(fact: Fact) -> str | None:
    """The key of a known fact (a treaty, forum or designation of the knowledge base)."""
    return fact.key if fact.key and not fact.key.startswith("~") else None


def _split_date(value: str | None) -> tuple[str | None, str | None]:
    """A fact date "2025/2035" is a range: its start and its end."""
    if not value:
        return None, None
    start, _, end = value.partition("/")
    return start or None, end or None


def _same(entry: _Fact, fact: Fact, words: frozenset[str], acronym: str | None,
          dates: tuple[str | None, str | None]) -> bool:
    """One fact: the same known key; or same kind family, compatible dates, and the same acronym or
    name words (one set may extend the other); two plans over the same range need only share a word."""
    start, end = dates
    known = _known_key(fact)
    if known or entry.known:
        return known == entry.known and dates_compatible(entry.start, start)
    if _FAMILY.get(entry.kind, entry.kind) != _FAMILY.get(fact.kind, fact.kind):
        return False
    if not dates_compatible(entry.start, start):
        return False
    if acronym and entry.acronym:
        return acronym == entry.acronym
    if end and entry.end == end and entry.start and start and entry.start[:4] == start[:4]:
        return bool(entry.words & words)
    small, large = sorted((entry.words, words), key=len)
    return bool(small) and (small == large or (len(small) >= 2 and small <= large))


def _first(pairs: Sequence[tuple[Fact, Article]]) -> tuple[Fact, Article]:
    return min(pairs, key=lambda p: (p[1].date or dt.date.max, p[1].id, p[0].citation.start))


def _independent(articles: Sequence[Article]) -> int:
    """Outlets among the articles, a wire copy of another of them not counted."""
    ids = {a.id for a in articles}
    originals = [a for a in articles if not (a.duplicate_of and a.duplicate_of in ids)]
    return len({source_name(a) or a.id for a in originals})


def _fact_item(entry: _Fact) -> TimelineItem:
    pairs = entry.facts
    best = max((f for f, _ in pairs), key=lambda f: (len(f.date or ""), f.round or 0, len(f.name)))
    fact, article = _first(pairs)
    starts = [s for f, _ in pairs if (s := _split_date(f.date)[0])]
    ends = [e for f, _ in pairs if (e := _split_date(f.date)[1])]
    rounds = [f.round for f, _ in pairs if f.round]
    places = [f.place for f, _ in pairs if f.place]
    title = best.name + (f" ({best.acronym})" if best.acronym and best.acronym not in best.name else "")
    if rounds:
        title = f"{ordinal(max(rounds))} {title}"
    if places:
        title += f", {places[0]}"
    articles = list({a.id: a for _, a in pairs}.values())
    return TimelineItem(
        kind=best.kind,
        date=max(starts, key=len) if starts else None,
        end_date=max(ends) if ends else None,
        title=title,
        text=fact.citation.text,
        count=len(articles),
        n_sources=_independent(articles),
        first_report=article.id,
        first_date=article.date.isoformat() if article.date else None,
        citations=[f.citation for f, _ in pairs],
    )


def _event_item(event: Event) -> TimelineItem:
    names = ", ".join(dict.fromkeys(a.name for a in (*event.actor, *event.recipient)))
    sources = sorted(event.sources, key=lambda s: (s.get("date") or "9999", s.get("article_id") or ""))
    first = sources[0] if sources else {}
    what = event.event + (f" ({event.mode})" if event.mode else "")
    return TimelineItem(
        kind="event",
        date=event.date,
        title=f"{what}: {names}" if names else what,
        text=event.event_text,
        count=event.n_articles,
        n_sources=event.n_sources,
        first_report=first.get("article_id"),
        first_date=first.get("date"),
        event_id=event.id,
        citations=list(event.citations.get("event", [])),
        event_type=event.event,
    )


def _sort_key(item: TimelineItem) -> tuple[str, int, str]:
    """Date order; a year or month sorts after the days inside it; events before facts on a day."""
    date = item.date or "~"
    return (date if len(date) >= 10 else f"{date}~", 0 if item.kind == "event" else 1, item.title)


def build_timeline(events: Sequence[Event], facts: Sequence[tuple[Fact, Article]], actors: Sequence[str]) -> Timeline:
    """Events in which all ``actors`` take part and the facts whose parties include them all,
    deduplicated and in date order."""
    wanted = sorted({a.strip().upper() for a in actors if a.strip()})
    if not wanted:
        raise ConcordError("a timeline needs at least one actor (ISO 3166 alpha-3 code)")
    keep = set(wanted)
    items = [
        _event_item(e)
        for e in events
        if keep <= {a.country for a in (*e.actor, *e.recipient) if a.country}
    ]
    items += merge_facts([(f, a) for f, a in facts if keep <= set(f.parties)])
    return Timeline(wanted, sorted(items, key=_sort_key))


def merge_facts(facts: Sequence[tuple[Fact, Article]]) -> list[TimelineItem]:
    """Each standing fact once, however many reports state it and by whatever name, with every
    citation, the count of reports and the first one, in date order; a statement without a date
    joins the earliest dated entry of its fact."""
    entries: list[_Fact] = []
    # Dated statements first, so that an undated mention joins the earliest dated entry of its fact.
    for fact, article in sorted(facts, key=lambda p: (not p[0].date, p[1].date or dt.date.max, p[1].id,
                                                      p[0].citation.start)):
        words = fact_key_words(fact)
        acronym = fact.acronym.upper() if fact.acronym else None
        start, end = _split_date(fact.date)
        fitting = [e for e in entries if _same(e, fact, words, acronym, (start, end))]
        entry = min(fitting, key=lambda e: e.start or "~") if fitting else None
        if entry is None:
            entry = _Fact(fact.kind, _known_key(fact), words, acronym, start, end)
            entries.append(entry)
        entry.facts.append((fact, article))
        entry.words = max(entry.words, words, key=len)
        entry.acronym = entry.acronym or acronym
        if start and (entry.start is None or len(start) > len(entry.start)):
            entry.start = start
        entry.end = entry.end or end
    return sorted((_fact_item(e) for e in entries), key=_sort_key)
