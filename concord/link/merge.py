"""Merge the reports of one event cluster into a cited PLOVER event record, with conflicts.

The event's type is the one most reports lead with (a report's first event mention says what
happened; later ones add background or outcomes). Each report then says one thing per field
about THIS event: the value of its leading mention of that type (mentions in the lead
sentences first). Reports vote once per field, a wire copy does not vote, and a field is in
conflict only when different reports give different values: date (day precision only, so a
dateline day after the event is no conflict), mode, casualty figures, who acted on whom, and
whether it happened at all. Actors are the real actors of the event's own mentions, never
the background actors a report also names.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Mapping, Sequence, Set
from typing import Any
from urllib.parse import urlparse

from ..errors import ConcordError
from ..model import Actor, Analysis, Article, Citation, Conflict, ConflictValue, Event, EventMention
from .features import LEAD_SENTENCES
from .figures import casualty_figures

__all__ = ["is_background", "mention_day", "merge_event", "merge_mentions", "party_countries", "same_parties", "source_name"]


def source_name(article: Article) -> str | None:
    """The outlet of a report: its source, else its dateline agency, else its URL host."""
    if article.source:
        return article.source.strip().casefold()
    if article.dateline and article.dateline.agency:
        return article.dateline.agency.strip().casefold()
    if article.url:
        host = urlparse(article.url).hostname
        return host.removeprefix("www.") if host else None
    return None


def _seen(article: Article) -> dt.datetime | None:
    if article.ingested_at is not None:
        return article.ingested_at
    day = article.published or article.date
    return dt.datetime.combine(day, dt.time()) if day else None


def _majority(counts: Counter[Any]) -> Any:
    """Most common value; ties go to the smallest value by its string form (deterministic)."""
    return min(counts, key=lambda v: (-counts[v], str(v)))


def _position_weight(mention: EventMention) -> float:
    """How much a mention speaks for its report: the lead counts most, background least."""
    return 1.0 / (1.0 + mention.citation.sentence)


def _event_type(reports: Mapping[str, list[EventMention]]) -> str | None:
    """The type most reports lead with; ties go to the type with more position-weighted mentions."""
    leads: Counter[str] = Counter()
    weights: Counter[str] = Counter()
    for mentions in reports.values():
        affirmed = [m for m in mentions if not m.negated]
        if affirmed:
            leads[min(affirmed, key=lambda m: m.citation.sentence).type] += 1
        for mention in affirmed:
            weights[mention.type] += _position_weight(mention)
    if not leads:
        return None
    return min(leads, key=lambda t: (-leads[t], -weights[t], t))


def _own_mentions(mentions: list[EventMention], etype: str) -> list[EventMention]:
    """A report's mentions of the event itself: its affirmed mentions of the type in the lead
    sentences, else its first mention of the type; ordered by position. A lead mention whose parties
    cannot be the first one's (:func:`same_parties`) is another act of that type (another meeting)."""
    typed = sorted((m for m in mentions if m.type == etype and not m.negated), key=lambda m: m.citation.sentence)
    lead = [m for m in typed if m.citation.sentence < LEAD_SENTENCES]
    if not lead:
        return typed[:1]
    first = party_countries(lead[0])
    return [m for m in lead if same_parties(first, party_countries(m))]


def party_countries(mention: EventMention) -> frozenset[str]:
    """The countries of a mention's actors and recipients."""
    return frozenset(a.country for a in (*mention.actors, *mention.recipients) if a.country)


def same_parties(one: Set[str], two: Set[str]) -> bool:
    """Whether two acts' countries can be one act's: one names none or a subset of the other's, or they
    share two countries. France–Germany and Germany–Poland are two meetings; India–USA and India are one."""
    return not one or not two or one <= two or two <= one or len(one & two) >= 2


def mention_day(mention: EventMention) -> str | None:
    """The day a mention is dated to (ISO), or None when it has no date of day precision."""
    if mention.date and mention.date_precision in (None, "day") and len(mention.date) >= 10:
        return mention.date[:10]
    return None


def is_background(mention: EventMention, date: str | None) -> bool:
    """Background to an event of day ``date``: past the lead and dated to another day (the notion
    :func:`concord.link.features.lead_day` uses: later sentences recall earlier events)."""
    return mention.citation.sentence >= LEAD_SENTENCES and mention_day(mention) not in (None, date)


Says = dict[str, tuple[Hashable, list[Citation]]]


def _says(
    own: Mapping[str, list[EventMention]], value_of: Callable[[EventMention], Hashable | None]
) -> tuple[Hashable | None, Says]:
    """The agreed value of a field and what each report says about it.

    A report says the value of its leading own mention that has one. The agreed value is
    the one most reports say (ties: the one said in earlier sentences, then the smallest).
    A report that also gives the agreed value in another of its own mentions does not
    disagree, so it is counted with the agreed value.
    """
    given: dict[str, list[tuple[Hashable, EventMention]]] = {}
    for aid, mentions in own.items():
        values = [(v, m) for m in mentions if (v := value_of(m)) not in (None, "", ())]
        if values:
            given[aid] = values
    votes: Counter[Hashable] = Counter(values[0][0] for values in given.values())
    weights: Counter[Hashable] = Counter()
    for values in given.values():
        weights[values[0][0]] += _position_weight(values[0][1])
    if not votes:
        return None, {}
    agreed = min(votes, key=lambda v: (-votes[v], -weights[v], str(v)))
    said: Says = {}
    for aid, values in given.items():
        value, mention = next(((v, m) for v, m in values if v == agreed), values[0])
        said[aid] = (value, [mention.citation])
    return agreed, said


def _conflict(field: str, said: Says) -> Conflict | None:
    """A conflict when different reports give different values, each value with its citations."""
    by_value: dict[Hashable, list[Citation]] = defaultdict(list)
    for value, cites in said.values():
        by_value[value].extend(cites)
    if len(by_value) < 2:
        return None
    ordered = sorted(by_value, key=lambda v: (-len({c.article_id for c in by_value[v]}), str(v)))
    return Conflict(field, [ConflictValue(_plain(v), by_value[v]) for v in ordered])


def _plain(value: Any) -> Any:
    if isinstance(value, tuple) and value and all(isinstance(v, tuple) for v in value):
        return {k: list(v) for k, v in value}
    return list(value) if isinstance(value, tuple) else value


def _is_real(actor: Actor, corroborated: set[str], acted_on: bool = False) -> bool:
    """A real actor: resolved to a country, known to the knowledge base, a named person, or an
    organisation (a lone acronym the knowledge base lacks, "NCB", too: on PLV_dev keeping them raised
    both recall and precision); a generic group of no country ("police" of nowhere) is extraction
    noise, unless several reports name it or the knowledge base gives it sectors and the event is
    done to it ("fired on protesters")."""
    known = actor.id is not None and not actor.id.startswith("x:")
    if actor.country or known or actor.kind in ("person", "state"):
        return True
    if acted_on and actor.kind == "group" and actor.sector:
        return True
    if actor.kind == "organisation":
        return True
    return actor.name.casefold() in corroborated


def _corroborated_names(own: Mapping[str, list[EventMention]]) -> set[str]:
    """Actor names that more than one report gives for the event."""
    counts: Counter[str] = Counter()
    for mentions in own.values():
        counts.update({a.name.casefold() for m in mentions for a in m.actors + m.recipients})
    return {name for name, n in counts.items() if n > 1}


#: Types whose actors are people speaking or meeting: a country is named by its person there
#: ("Pete Hegseth", not "Department of Defense"); for acts of force or material help, by its most
#: given name (a spokesman who reports a strike is not its actor).
SPOKEN_TYPES = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "REQUEST", "ACCUSE", "REJECT", "THREATEN"})


def _merge_actors(
    mentions: list[EventMention], attr: str, corroborated: set[str], countries: Mapping[str, str], etype: str
) -> tuple[list[Actor], list[Citation]]:
    """The real actors (or recipients) of the event's own mentions, one per country (else per name),
    each named by its most named person when the type is spoken (:data:`SPOKEN_TYPES`), else by its
    most given name.

    An unresolved name that another mention resolves (``countries``) joins that country.
    """
    seen: dict[tuple[str | None, str], list[Actor]] = defaultdict(list)
    cites: list[Citation] = []
    for mention in mentions:
        for actor in getattr(mention, attr):
            if not _is_real(actor, corroborated, attr == "recipients"):
                continue
            country = actor.country or countries.get(actor.name.casefold())
            seen[(country, "") if country else (None, actor.name.casefold())].append(actor)
            cites.extend(actor.citations or [mention.citation])
    merged = []
    for key in sorted(seen, key=lambda k: k[0] or k[1]):
        given, country = seen[key], key[0]
        counts = Counter(a.name for a in given)
        first = {name: i for i, name in reversed(list(enumerate(a.name for a in given)))}
        spoken = etype in SPOKEN_TYPES
        best = max(given, key=lambda a: (spoken and a.kind == "person", counts[a.name], -first[a.name]))
        sectors = sorted({sector for a in given for sector in a.sector})
        cited = list(dict.fromkeys(c for a in given for c in a.citations))
        code = best.code if best.country == country else None
        merged.append(Actor(best.name, best.kind, country, sectors, best.role, cited, best.id, code or country))
    return merged, cites


#: CONSULT modes in which one side visits and the other hosts; every other consultation is reciprocal:
#: which side a report names first is no disagreement, and the event keeps one orientation.
DIRECTED_CONSULT = frozenset({"visit"})


def _side(actors: Sequence[Actor]) -> set[str]:
    return {a.country or a.name.casefold() for a in actors}


def _oriented(mentions: list[EventMention]) -> list[EventMention]:
    """A reciprocal act's mentions turned to face one way: the first mention's actors act in all of
    them ("Singh spoke with Hegseth" and "Hegseth spoke with Singh" are one call)."""
    anchor = next((_side(m.actors) for m in mentions if m.actors), set())
    turned = []
    for mention in mentions:
        if not _side(mention.actors) & anchor and _side(mention.recipients) & anchor:
            mention = dataclasses.replace(mention, actors=mention.recipients, recipients=mention.actors)
        turned.append(mention)
    return turned


def _roles(mentions: list[EventMention]) -> tuple[tuple[str, tuple[str, ...]], ...] | None:
    """Which countries a report has acting and which on the receiving end (a country in both is left out)."""
    actors = {a.country for m in mentions for a in m.actors if a.country}
    recipients = {a.country for m in mentions for a in m.recipients if a.country}
    actors, recipients = actors - recipients, recipients - actors
    if not actors or not recipients:
        return None
    return (("actor", tuple(sorted(actors))), ("recipient", tuple(sorted(recipients))))


def _role_conflict(own: Mapping[str, list[EventMention]]) -> Conflict | None:
    """A conflict when one report has a country acting where another has it on the receiving end."""
    said: Says = {}
    for aid, mentions in own.items():
        roles = _roles(mentions)
        if roles is not None:
            said[aid] = (roles, [m.citation for m in mentions])
    flips = [
        (a, b)
        for a, (ra, _) in said.items()
        for b, (rb, _) in said.items()
        if set(dict(ra)["actor"]) & set(dict(rb)["recipient"])
    ]
    if not flips:
        return None
    involved = {aid for pair in flips for aid in pair}
    return _conflict("actor", {aid: said[aid] for aid in involved})


def _figure_conflicts(reports: Mapping[str, list[EventMention]], etype: str, date: str | None) -> list[Conflict]:
    """Conflicts on casualty figures given in the sentences of a report's mentions of this event
    (past the lead, mentions dated to another day are background and are skipped)."""
    said: dict[str, Says] = defaultdict(dict)
    for aid, mentions in reports.items():
        typed = sorted(
            (
                m
                for m in mentions
                if m.type == etype
                and not m.negated
                and not is_background(m, date)
            ),
            key=lambda m: m.citation.sentence,
        )
        for mention in typed:
            for category, count in casualty_figures(mention.citation.text):
                said[category].setdefault(aid, (count, [mention.citation]))
    conflicts = (_conflict(f"figures.{category}", said[category]) for category in sorted(said))
    return [c for c in conflicts if c is not None]


def _negation_conflict(reports: Mapping[str, list[EventMention]], etype: str) -> Conflict | None:
    """A conflict when one report denies in its lead what other reports affirm."""
    said: Says = {}
    for aid, mentions in reports.items():
        typed = sorted((m for m in mentions if m.type == etype), key=lambda m: m.citation.sentence)
        lead = [m for m in typed if m.citation.sentence < LEAD_SENTENCES]
        affirmed = [m for m in typed if not m.negated]
        if lead and all(m.negated for m in lead):
            said[aid] = (True, [m.citation for m in lead])
        elif affirmed:
            said[aid] = (False, [affirmed[0].citation])
    return _conflict("negated", said)


def _type_conflict(reports: Mapping[str, list[EventMention]], etype: str) -> Conflict | None:
    """A conflict when a report never mentions the event's type at all: it says something else happened."""
    said: Says = {}
    for aid, mentions in reports.items():
        affirmed = sorted((m for m in mentions if not m.negated), key=lambda m: m.citation.sentence)
        own = [m for m in affirmed if m.type == etype]
        if own:
            said[aid] = (etype, [own[0].citation])
        elif affirmed:
            said[aid] = (affirmed[0].type, [affirmed[0].citation])
    return _conflict("event", said)


def _name_countries(analyses: list[Analysis]) -> dict[str, str]:
    """Actor name -> the country the reports most often resolve it to."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for analysis in analyses:
        for mention in analysis.events:
            for actor in (*analysis.actors, *mention.actors, *mention.recipients):
                if actor.country:
                    votes[actor.name.casefold()][actor.country] += 1
    return {name: _majority(c) for name, c in votes.items()}


def merge_event(
    event_id: str,
    articles: Sequence[Article],
    analyses: Mapping[str, Analysis | None] | None = None,
) -> Event:
    """Build the merged, cited :class:`Event` for one cluster's articles (and their analyses)."""
    originals, found = _voters(event_id, articles, analyses or {})
    reports = {x.article_id: x.events for x in found if x.events}
    return _merged(event_id, articles, originals, found, reports, _event_type(reports), None)


def merge_mentions(
    event_id: str,
    articles: Sequence[Article],
    mentions: Mapping[str, list[EventMention]],
    analyses: Mapping[str, Analysis | None],
    etype: str,
    default_date: str | None,
) -> Event:
    """Merge chosen mentions of one type (report id -> mentions) into an event of that type, with the
    same votes, citations and conflicts as :func:`merge_event`; undated, it takes ``default_date``
    (a secondary event of a story takes its primary's day)."""
    originals, found = _voters(event_id, articles, analyses)
    reports = {x.article_id: list(mentions[x.article_id]) for x in found if mentions.get(x.article_id)}
    return _merged(event_id, articles, originals, found, reports, etype, default_date)


def _voters(
    event_id: str, articles: Sequence[Article], analyses: Mapping[str, Analysis | None]
) -> tuple[list[Article], list[Analysis]]:
    """The reports that vote (a wire copy repeats its original: it is cited as a source but neither
    votes nor adds an outlet) and their analyses, by id."""
    if not articles:
        raise ConcordError(f"event {event_id}: cannot merge an empty cluster")
    ids = {a.id for a in articles}
    originals = [a for a in articles if not (a.duplicate_of and a.duplicate_of in ids)]
    found = [x for x in (analyses.get(a.id) for a in sorted(originals, key=lambda a: a.id)) if x is not None]
    return originals, found


def _merged(
    event_id: str,
    articles: Sequence[Article],
    originals: list[Article],
    found: list[Analysis],
    reports: Mapping[str, list[EventMention]],
    etype: str | None,
    default_date: str | None,
) -> Event:
    own = {aid: ms for aid, ms in ((aid, _own_mentions(ms, etype or "")) for aid, ms in reports.items()) if ms}
    flat = [m for ms in own.values() for m in ms]

    fields = {
        "date": _says(own, mention_day),
        "mode": _says(own, lambda m: m.mode),
        "event_loc": _says(own, lambda m: m.location),
        "cameo": _says(own, lambda m: m.cameo),
    }
    winners = {name: agreed for name, (agreed, _) in fields.items()}
    said = {name: values for name, (_, values) in fields.items()}
    date = winners["date"]
    if date is None:
        days = sorted(a.date for a in articles if a.date is not None)
        date = default_date or (days[0].isoformat() if days else None)
    reciprocal = etype == "CONSULT" and winners["mode"] not in DIRECTED_CONSULT or any(m.reciprocal for m in flat)
    if reciprocal:
        flat = _oriented(flat)
    corroborated = _corroborated_names(own)
    countries = _name_countries(found)
    actors, actor_cites = _merge_actors(flat, "actors", corroborated, countries, etype or "")
    recipients, recipient_cites = _merge_actors(flat, "recipients", corroborated, countries, etype or "")
    if reciprocal:  # acting together: a side named on both sides by different reports is an actor
        recipients = [r for r in recipients if _side([r]).isdisjoint(_side(actors))]
    intensities = [m.intensity for m in flat if m.intensity is not None]
    best = max(flat, key=lambda m: (m.confidence, -m.citation.sentence, m.citation.article_id), default=None)

    citations: dict[str, list[Citation]] = {
        "event": [ms[0].citation for ms in own.values()],
        "actor": actor_cites,
        "recipient": recipient_cites,
        "context": [m.citation for m in flat if m.context],
        "intensity": [m.citation for m in flat if m.intensity is not None],
    }
    for name, values in said.items():
        citations[name] = [c for value, cites in values.values() if value == winners[name] for c in cites]
    citations = {k: v for k, v in citations.items() if v}

    candidates = [
        _type_conflict(reports, etype) if etype else None,
        _conflict("date", said["date"]),
        _conflict("mode", said["mode"]),
        None if reciprocal else _role_conflict(own),
        _negation_conflict(reports, etype) if etype else None,
    ]
    conflicts = [c for c in candidates if c is not None]
    if etype:
        conflicts += _figure_conflicts(reports, etype, date)
    seen = sorted(s for s in (_seen(a) for a in articles) if s is not None)
    ordered = sorted(articles, key=lambda a: (a.date or dt.date.max, a.id))
    # A report whose outlet is unknown still counts as one source of its own.
    outlets = {source_name(a) or f"article:{a.id}" for a in originals}
    return Event(
        id=event_id,
        date=date,
        event=etype or "",
        mode=winners["mode"],
        context=sorted({c for m in flat for c in m.context}),
        actor=actors,
        recipient=recipients,
        event_loc=winners["event_loc"],
        event_text=best.citation.text if best else "",
        cameo=winners["cameo"],
        intensity=round(sum(intensities) / len(intensities), 3) if intensities else None,
        n_articles=len({a.id for a in articles}),
        n_sources=len(outlets),
        first_seen=seen[0] if seen else None,
        last_seen=seen[-1] if seen else None,
        sources=[
            {
                "article_id": a.id,
                "source": a.source,
                "url": a.url,
                "date": a.date.isoformat() if a.date else None,
                "duplicate_of": a.duplicate_of,
            }
            for a in ordered
        ],
        citations=citations,
        conflicts=conflicts,
    )
