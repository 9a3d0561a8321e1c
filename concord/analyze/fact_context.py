"""What a fact's own sentence says about it: its date, round, place, status and parties.

A date belongs to a fact when the sentence ties it there: in brackets after the name
("Industrial Security Agreement (2019)"), after "of"/"from" ("the Transit Agreement of 2011"),
before its head ("the 2015 nuclear deal"), or as the time nearest the name in a sentence with a
cue ("signed", "took place") or after "since". A time whose year the text does not state ("in
July", "last year") counts only when the report's own date is known, never against the ingest
date. Parties are the countries and the countries' actors of the fact's own clause and name;
capitals are parties ("between Beijing and Washington") unless they are where something happens
("signed in Paris"), but a dialogue's venue is its host.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import Actor, Citation, Sentence, TimeExpression
from .actor_lexicons import actor_lexicons
from .fact_mentions import ORDINAL, ORDINALS, Cue, Mention, fact_lexicons

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["Context", "FactTimes", "fact_date", "parties_of", "related_parties", "place_of", "round_of",
           "sentence_states", "status_of"]

#: A cue with near == "before" must end at most this many characters before the name.
NEAR_CHARS = 60
_ROUND_BEFORE = re.compile(rf"\b{ORDINAL}\s+(?:(?:round|edition|meeting|session)\s+of\s+(?:the\s+)?)?$",
                           re.IGNORECASE)
_PAREN = re.compile(r"\s*\(\s*(?P<inner>[^()\n]{1,40}?)\s*\)")
_ACRONYM = re.compile(r"^[A-Z][A-Za-z&-]*[A-Z]$")
_OF_TIME = re.compile(r",?\s+(?:of|from|dated)\s+")
#: A meeting's own time may follow its name bare or after "in"/"on" ("the Copenhagen summit in 2009").
_MEETING_TIME = re.compile(r",?\s+(?:(?:in|on|of|from|dated)\s+)?")
_SINCE = re.compile(r"\b(?:since|from)\s+$", re.IGNORECASE)
_PLACE_BEFORE = re.compile(r"\b(?:in|at)\s+(?:the\s+)?$")
_VENUE_BEFORE = re.compile(r"\b(?:in|at|from|to|near|outside|inside|of|via)\s+(?:the\s+)?$")
_STATED_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
#: Dependency labels of a token that heads its own clause.
_CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "advcl", "relcl", "conj", "parataxis", "xcomp", "acl", "pcomp", "csubj"})
#: A region word that makes a demonym a continent's ("South American", "Latin American").
_REGION_BEFORE = re.compile(r"\b(?:South|North|Latin|Central|Pan)[\s-]$")
#: The international bodies that take part as such, with the codes the gold uses (EUU, UNO, NAT).
_BODIES = re.compile(r"(?<![\w-])(?:(?P<eu>European Union|EU)|(?P<un>United Nations|U\.N\.|UN)|(?P<nato>NATO|Nato))(?!\w)")
#: Prepositions that relate an agreement to its parties.
_RELATING = frozenset({"between", "with", "among", "amongst"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "expl", "agent"})
#: Actor sectors that act for a state (a company or a newspaper of a country is not a party).
_STATE_SECTORS = frozenset({"GOV", "MIL", "ELI", "LEG", "SPY", "IGO"})


@dataclass
class Context:
    """What the fact builder knows about one sentence."""

    text: str
    sentence: Sentence
    times: list[TimeExpression]
    actors: list[tuple[Actor, Citation]]
    places: list[tuple[int, int, str, str]]
    dated_report: bool
    #: The spans of the sentence's fact names (a capital inside one is never a party: "the Rome Statute").
    names: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class FactTimes:
    """The time a mention gets, its bracket (for an acronym) and the cue that tied it."""

    time: TimeExpression | None
    paren: re.Match[str] | None
    acronym: str | None
    cue: Cue | None
    via_cue: bool = False


def usable(time: TimeExpression, dated_report: bool) -> bool:
    """A time the fact may take: its year stated, or the report's date known (not relative)."""
    if time.precision == "relative":
        return False
    return dated_report or bool(_STATED_YEAR.search(time.text))


def fact_date(ctx: Context, mention: Mention, others: Sequence[Mention], claimed: set[int]) -> FactTimes:
    """The time the sentence ties to ``mention``: bracketed, "of 2011", "the 2015 deal", or the nearest
    time when a cue or "since" ties it."""
    times = [t for t in ctx.times if usable(t, ctx.dated_report)]
    paren = _PAREN.match(ctx.text, mention.end, ctx.sentence.end)
    acronym = paren.group("inner") if paren and _ACRONYM.match(paren.group("inner")) else None
    time = (_bracketed_time(times, paren, claimed)
            or _following_time(ctx.text, times, paren.end() if paren and acronym else mention.end, claimed,
                               _MEETING_TIME if mention.kind == "dialogue" else _OF_TIME)
            or _year_before_head(ctx.text, times, mention, claimed))
    cue = cue_of(ctx.text, ctx.sentence, mention)
    via_cue = False
    if time is None and cue is not None:
        time = _nearest_time(times, mention, others, claimed)
        via_cue = time is not None
    if time is None:
        time = _since_time(ctx.text, times, mention, others, claimed)
    return FactTimes(time, paren, acronym, cue, via_cue)


def _following_time(text: str, times: list[TimeExpression], end: int, claimed: set[int],
                    gap: re.Pattern[str]) -> TimeExpression | None:
    """A time right after the name, introduced as ``gap`` allows ("the Transit Agreement of 2011")."""
    return next((t for t in times if id(t) not in claimed and t.citation.start >= end
                 and gap.fullmatch(text, end, t.citation.start)), None)


def _bracketed_time(times: list[TimeExpression], paren: re.Match[str] | None,
                    claimed: set[int]) -> TimeExpression | None:
    return next((t for t in in_bracket(times, paren) if id(t) not in claimed), None)


def in_bracket(times: list[TimeExpression], paren: re.Match[str] | None) -> list[TimeExpression]:
    """The times inside a bracket."""
    if paren is None:
        return []
    return [t for t in times if paren.start("inner") <= t.citation.start < paren.end("inner")]


def _year_before_head(text: str, times: list[TimeExpression], mention: Mention,
                      claimed: set[int]) -> TimeExpression | None:
    """A year written right before a name or inside a noun phrase before its head ("the 2015 nuclear
    deal", "the 2015 Iran nuclear deal")."""
    def before(t: TimeExpression) -> bool:
        inside = mention.producer == "facts:generic" and mention.start <= t.citation.start < mention.head
        return inside or (t.citation.end <= mention.start and not text[t.citation.end:mention.start].strip())

    return next((t for t in times if id(t) not in claimed and t.precision == "year" and before(t)), None)


def _since_time(text: str, times: list[TimeExpression], mention: Mention, others: Sequence[Mention],
                claimed: set[int]) -> TimeExpression | None:
    """A year after "since" nearest the name: when the fact began ("in force since 1994")."""
    since = [t for t in times if _SINCE.search(text, max(0, t.citation.start - 8), t.citation.start)]
    return _nearest_time(since, mention, others, claimed)


def cue_of(text: str, sentence: Sentence, mention: Mention) -> Cue | None:
    """The cue closest to the name, outside it (a "before" cue only shortly before it)."""
    usable_cues = []
    for cue in fact_lexicons().cues:
        for m in cue.pattern.finditer(text, sentence.start, sentence.end):
            if mention.start <= m.start() < mention.end:
                continue
            if cue.before and not 0 <= mention.start - m.end() <= NEAR_CHARS:
                continue
            usable_cues.append((abs(m.start() - mention.start), cue))
    return min(usable_cues, key=lambda pair: pair[0])[1] if usable_cues else None


def _nearest_time(times: list[TimeExpression], mention: Mention, others: Sequence[Mention],
                  claimed: set[int]) -> TimeExpression | None:
    """The closest unclaimed time that is not closer to another name of the sentence."""
    def distance(n: Mention, t: TimeExpression) -> int:
        return 0 if n.start <= t.citation.start < n.end else min(abs(t.citation.start - n.end),
                                                                  abs(n.start - t.citation.end))

    free = [t for t in times if id(t) not in claimed
            and not (mention.start <= t.citation.start < mention.end)
            and all(distance(mention, t) <= distance(o, t) for o in others)]
    return min(free, key=lambda t: distance(mention, t), default=None)


def round_of(text: str, sentence: Sentence, mention: Mention) -> tuple[int, tuple[int, int]] | None:
    """The round an ordinal right before the name gives ("the fifth", "the 3rd round of the"), and its span."""
    m = _ROUND_BEFORE.search(text, max(sentence.start, mention.start - 40), mention.start)
    if m is None:
        return None
    ordinal = m.group("ordinal").lower()
    number = ORDINALS.index(ordinal) + 1 if ordinal in ORDINALS else int(ordinal[:-2])
    return number, (m.start(), m.end())


def place_of(ctx: Context, mention: Mention, time: TimeExpression | None) -> tuple[str, tuple[int, int]] | None:
    """A place the sentence puts a dialogue in ("took place in November 2023 in New Delhi")."""
    if mention.kind != "dialogue":
        return None
    for start, end, _, place in ctx.places:
        if start < mention.end or time is not None and time.citation.start <= start < time.citation.end:
            continue
        if _PLACE_BEFORE.search(ctx.text, max(0, start - 10), start):
            return place, (start, end)
    return None


def status_of(mention: Mention, cue: Cue | None, text: str) -> str:
    """Concluded, or proposed / negotiating when a cue or the phrase's own words say so; a known fact
    with a year is concluded."""
    if mention.known is not None and mention.known.year:
        return "concluded"
    words = f"{mention.modifier} {text[max(0, mention.start - 30):mention.start]}".lower()
    if re.search(r"\b(?:proposed|planned|draft|potential|possible|prospective|future)\b", words):
        return "proposed"
    return cue.status if cue is not None else "concluded"


def parties_of(doc: Doc, ctx: Context, mention: Mention) -> list[str]:
    """The countries of the fact's name and clause, and of the state actors there; a dialogue's
    whole sentence (its venue is its host)."""
    if mention.kind == "dialogue":
        return _countries_in(ctx, [(ctx.sentence.start, ctx.sentence.end)], mention, host=True)
    regions = _clause_regions(doc, mention) or [(ctx.sentence.start, ctx.sentence.end)]
    return _countries_in(ctx, [*regions, (mention.start, mention.end)], mention, host=False)


def sentence_states(ctx: Context, mention: Mention) -> list[str]:
    """Every state and international body the sentence names or has an actor act for (venues too):
    an unnamed agreement is a relation among states only where the sentence holds two of them."""
    return _countries_in(ctx, [(ctx.sentence.start, ctx.sentence.end)], mention, host=True)


def related_parties(doc: Doc, ctx: Context, mention: Mention) -> list[str]:
    """The parties the phrase relates by its own grammar: "between X and Y", "with X" (also after a
    participle: "a deal struck between ..."), a possessor ("China's deal"), a country modifier ("the
    US-China deal")."""
    span = doc.char_span(mention.head, min(mention.head + 1, mention.end), alignment_mode="expand")
    if span is None or not len(span):
        return []
    head = span[0]
    holders = [head, *(c for c in head.children if c.dep_ in ("acl", "relcl"))]
    parts = [p for h in holders for p in h.children if p.dep_ == "prep" and p.lower_ in _RELATING]
    parts += [c for c in head.children if c.dep_ in ("poss", "compound", "amod", "nmod")]
    regions = [_span(p) for p in parts]
    return _countries_in(ctx, regions, mention, host=False) if regions else []


def _countries_in(ctx: Context, regions: list[tuple[int, int]], mention: Mention, host: bool) -> list[str]:
    """Countries named in the regions (a capital in the name or after "in"/"at" is a venue, a party
    only as a dialogue's host) and the countries of the state actors mentioned there."""
    found: set[str] = set()
    lex = actor_lexicons()
    for start, end in regions:
        for m in lex.country_re.finditer(ctx.text, start, end):
            country = lex.country(m.group(0))
            if country is None or _REGION_BEFORE.search(ctx.text, max(0, m.start() - 9), m.start()):
                continue
            inside_name = any(s <= m.start() < e for s, e in [*ctx.names, (mention.start, mention.end)])
            venue = _VENUE_BEFORE.search(ctx.text, max(0, m.start() - 12), m.start()) is not None
            if country.type == "capital" and (inside_name or (venue and not host)):
                continue
            found.add(country.iso3)
        for actor, citation in ctx.actors:
            if (start <= citation.start < end and actor.country and _acts_for_state(actor)
                    and not _REGION_BEFORE.search(ctx.text, max(0, citation.start - 9), citation.start)):
                found.add(actor.country)
        found.update(code for m in _BODIES.finditer(ctx.text, start, end) for code in _body_code(m))
    return sorted(found)


def _body_code(m: re.Match[str]) -> list[str]:
    return [code for code, group in (("EUU", "eu"), ("UNO", "un"), ("NAT", "nato")) if m.group(group)]


def _acts_for_state(actor: Actor) -> bool:
    return actor.kind in ("state", "person") or bool(_STATE_SECTORS & set(actor.sector))


def _clause_regions(doc: Doc, mention: Mention) -> list[tuple[int, int]]:
    """The character spans of the mention's clause: the subtree of its nearest clause head with a
    subject (a clause without one, "to pass a treaty with Russia", is read with the clause it
    depends on), nested clauses that do not hold the mention left out."""
    span = doc.char_span(mention.head, min(mention.head + 1, mention.end), alignment_mode="expand")
    if span is None or not len(span):
        return []
    token = span[0]
    heads = [a for a in token.ancestors if a.dep_ in _CLAUSE_DEPS and a.pos_ in ("VERB", "AUX")]
    clause = next((a for a in heads if any(c.dep_ in _SUBJECTS for c in a.children)), token.sent.root)
    regions = [_span(clause)]
    for inner in clause.subtree:
        if (inner is not clause and inner.dep_ in ("ccomp", "advcl", "conj", "parataxis", "relcl")
                and inner.pos_ in ("VERB", "AUX") and not _holds(inner, token) and _holds(clause, inner)):
            regions = _cut(regions, _span(inner))
    return regions


def _span(token: Token) -> tuple[int, int]:
    return token.left_edge.idx, token.right_edge.idx + len(token.right_edge)


def _holds(root: Token, token: Token) -> bool:
    return root.left_edge.i <= token.i <= root.right_edge.i


def _cut(regions: list[tuple[int, int]], hole: tuple[int, int]) -> list[tuple[int, int]]:
    """Remove ``hole`` from every region."""
    out = []
    for start, end in regions:
        if hole[1] <= start or end <= hole[0]:
            out.append((start, end))
            continue
        out += [r for r in ((start, hole[0]), (hole[1], end)) if r[0] < r[1]]
    return out
