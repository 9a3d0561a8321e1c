"""Standing facts: agreements, designations, dialogues, frameworks and plans, with their dates and parties.

Each sentence gives candidates (:mod:`.fact_mentions`); the sentence ties a date, a round, a
place, a status and parties to each (:mod:`.fact_context`). A candidate is kept by rule when it
is a known fact (``concord/kb/data/treaties.tsv``), an entity-ruler name, or a name with a date
or round ("Industrial Security Agreement (2019)"); it is dropped by rule when its words say it
is domestic law, sport or business (``fact_not.tsv``) or the statistical NER alone calls it a
law or event; the rest — common noun phrases and undated names — is decided by a small fitted
model (:mod:`.fact_filter`). The mentions of one fact in a report ("the Iran nuclear deal", "the
JCPOA") become one :class:`Fact` with a canonical ``key``; its date is the fact's own (never the
report's), its parties the countries of its own clauses, else the known fact's, else the
report's two principal countries.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..kb.treaties import KnownFact
from ..model import Actor, Analysis, Citation, Fact, Sentence, TimeExpression
from .actor_lexicons import actor_lexicons
from .aliases import fold
from .fact_context import (Context, FactTimes, fact_date, in_bracket, parties_of, place_of, related_parties,
                           round_of, sentence_states, status_of)
from .fact_filter import FactFilter, fact_filter
from .fact_mentions import (FACT_KINDS, Mention, entities, fact_lexicons, fact_names, sentence_mentions, tier,
                            tier_free, trimmed)
from .sentences import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["FACT_KINDS", "Candidate", "analysis_candidates", "decide_facts", "extract_facts", "fact_candidates",
           "fact_names"]

_MANY_STATES = re.compile(r"\b(?:\d+|dozens of|all|nearly \d+|more than \d+)\s+(?:countries|nations|states)\b|"
                          r"\bworld leaders\b|\bnations\b|\bcountries\b", re.IGNORECASE)
_DEFINITE = re.compile(r"\b(?:the|this|that|its|their|his|her|our)\s+$", re.IGNORECASE)
#: Producers decided by rule as facts; "facts:ner" (a statistical LAW/EVENT span) is never one.
_KNOWN = ("facts:known", "facts:forum", "facts:entity")
#: Words that make an unnamed dialogue a mechanism, not a one-off meeting ("the annual dialogue").
_RECURRING = re.compile(r"\b(?:annual|yearly|biannual|biennial|regular|periodic|institutional)\b", re.IGNORECASE)
#: International bodies that are parties of their own summits and treaties.
_BODIES = frozenset({"EUU", "UNO", "NAT"})
#: Words that do not tell one fact's name from another's.
_GENERIC = frozenset("a an the of for on and in to between new fresh current next comprehensive ten-year "
                     "10-year bilateral planned proposed draft".split())


@dataclass
class Candidate:
    """A candidate mention with what its sentence says about it, the rule's verdict (None: the
    model decides) and the model's features."""

    mention: Mention
    kind: str
    producer: str
    times: FactTimes
    round: int | None
    place: tuple[str, tuple[int, int]] | None
    parties: list[str]
    status: str
    citation: Citation
    rule: bool | None
    label: str
    features: dict[str, float] = field(default_factory=dict)

    @property
    def date(self) -> str | None:
        """The fact's own date ("2015", "2023-11", "2025/2035")."""
        t = self.times.time
        return None if t is None else f"{t.value}/{t.end_value}" if t.end_value else t.value


def extract_facts(doc: Doc, sentences: Sequence[Sentence], article_id: str, times: Sequence[TimeExpression],
                  principal_countries: Sequence[str] = (), names: dict[int, list[Mention]] | None = None,
                  actors: dict[int, list[tuple[Actor, Citation]]] | None = None,
                  dated_report: bool = True) -> list[Fact]:
    """Every standing fact of a parsed article, one per fact and date, each cited to the sentence that states it.

    ``names`` is :func:`fact_names` output when the caller already has it; ``actors`` the article's
    actor mentions by sentence; ``dated_report`` whether the report's own date is known (else a
    time without a stated year is not used).
    """
    candidates = fact_candidates(doc, sentences, article_id, times, names, actors, dated_report)
    return decide_facts(candidates, principal_countries, fact_filter())


def decide_facts(candidates: list[Candidate], principal_countries: Sequence[str], model: FactFilter) -> list[Fact]:
    """The facts the rules and ``model`` keep among an article's candidates, one per fact and date."""
    accepted = [c.rule if c.rule is not None else model.accepts(c.features) for c in candidates]
    return _merge(candidates, accepted, principal_countries)


def fact_candidates(doc: Doc, sentences: Sequence[Sentence], article_id: str, times: Sequence[TimeExpression],
                    names: dict[int, list[Mention]] | None = None,
                    actors: dict[int, list[tuple[Actor, Citation]]] | None = None,
                    dated_report: bool = True) -> list[Candidate]:
    """Every candidate of the article with its date, parties, status, rule verdict and features."""
    names_by_sentence = fact_names(doc, sentences) if names is None else names
    ents, text = entities(doc), doc_text(doc)
    seen: list[Mention] = []
    acronyms: dict[str, Mention] = {}
    out: list[Candidate] = []
    for sentence in sentences:
        ctx = Context(text, sentence, [t for t in times if t.citation.sentence == sentence.index],
                      (actors or {}).get(sentence.index, []),
                      [e for e in ents if sentence.start <= e[0] < sentence.end and e[2] in ("GPE", "LOC", "FAC")],
                      dated_report)
        sentence_names = names_by_sentence.get(sentence.index, [])
        mentions = sentence_mentions(text, sentence, sentence_names, seen, acronyms)
        found = _sentence_candidates(doc, ctx, article_id, mentions)
        acronyms.update((c.times.acronym, c.mention) for c in found
                        if c.times.acronym and c.mention.producer in ("facts:named", "facts:entity"))
        out += found
        seen.extend(sentence_names)
    return out


def analysis_candidates(analysis: Analysis, doc: Doc, dated_report: bool) -> list[Candidate]:
    """The candidates of an analysed article, from its sentences, times and actors (to fit the filter)."""
    by_sentence: dict[int, list[tuple[Actor, Citation]]] = {}
    for actor in analysis.actors:
        for citation in actor.citations:
            by_sentence.setdefault(citation.sentence, []).append((actor, citation))
    return fact_candidates(doc, analysis.sentences, analysis.article_id, analysis.times, None, by_sentence,
                           dated_report)


def _sentence_candidates(doc: Doc, ctx: Context, article_id: str, mentions: list[Mention]) -> list[Candidate]:
    """The sentence's candidates with their date (each time claimed once, names before phrases), round,
    place, parties, status, rule verdict and features; those the rules rule out are dropped."""
    claimed: set[int] = set()
    out: list[Candidate] = []
    mentions = [t for m in mentions if (t := trimmed(doc, m) if m.producer == "facts:generic" else m)]
    ctx.names = [(m.start, m.end) for m in mentions if m.producer != "facts:generic"]
    ordered = sorted(mentions, key=lambda n: (n.producer == "facts:generic", n.start))
    for mention in ordered:
        found = fact_date(ctx, mention, [n for n in mentions if n.name != mention.name], claimed)
        kind = _kind(mention, found)
        rnd = round_of(ctx.text, ctx.sentence, mention)
        parties = parties_of(doc, ctx, mention)
        sentence = ctx.text[ctx.sentence.start:ctx.sentence.end]
        international = (len(sentence_states(ctx, mention)) >= 2 or _MANY_STATES.search(sentence) is not None
                         or bool(related_parties(doc, ctx, mention)))
        rule = _rule(mention, found, rnd, parties, sentence, international)
        if rule is False:
            continue
        if found.time is not None:
            claimed.add(id(found.time))
        place = place_of(ctx, mention, found.time)
        candidate = Candidate(mention, kind, _producer(mention, found), found, rnd[0] if rnd else None, place,
                              parties, status_of(mention, found.cue, ctx.text),
                              _citation(ctx, article_id, mention, found, rnd, place), rule,
                              _label(ctx, mention, kind))
        candidate.features = _features(doc, ctx, candidate)
        out.append(candidate)
    return out


def _kind(mention: Mention, found: FactTimes) -> str:
    """The head word's kind, unless a cue says otherwise: a known fact keeps its own, and an agreement
    under negotiation stays an agreement (its status says so), while a framework to be drafted is a plan."""
    cue = found.cue
    if mention.known is not None or cue is None or cue.kind == "*" or (cue.kind == "plan" and mention.kind == "agreement"):
        return mention.kind
    return cue.kind if found.via_cue or cue.before else mention.kind


def _label(ctx: Context, mention: Mention, kind: str) -> str:
    """The name as written; a designation takes the sentence's tier grade ("... Authorization Tier-1")."""
    grade = tier(ctx.text, ctx.sentence.start, ctx.sentence.end)
    if kind == "designation" and grade and not tier(mention.name, 0, len(mention.name)):
        return f"{mention.name} {grade.group(0)}"
    return mention.name


def _producer(mention: Mention, found: FactTimes) -> str:
    """The citation's producer: the candidate's source and the cue that dated it."""
    return f"{mention.producer}+cue:{found.cue.text}" if found.via_cue and found.cue else f"{mention.producer}+attached"


def _rule(mention: Mention, found: FactTimes, rnd: tuple[int, tuple[int, int]] | None,
          parties: list[str], sentence: str, international: bool) -> bool | None:
    """True: a fact by rule; False: never one; None: the model decides. A common noun phrase is one by
    rule when a cue ties a date to it and its clause names a party ("India and the US agreed to
    draft a framework ... for 2025-2035") or, a dialogue, when it recurs between two parties ("Japan
    and Australia have held the annual dialogue"); else only an agreement may be one ("a summit" or
    "talks" unnamed are a meeting, an undated "plan" no programme). One the model would decide is
    none when its clause names no party and the sentence no states, or the sentence is about rebels,
    sport or business (``fact_not.tsv``, scope sentence); an unnamed one is none unless its sentence is
    international (two states or bodies, "195 countries", or a party its grammar relates: "a treaty with
    Russia"): "a bad deal" in a campaign statement or a nondisclosure agreement between citizens relates
    no states."""
    if mention.producer in _KNOWN:
        return True
    if mention.producer == "facts:acronym":
        return found.time is not None or rnd is not None
    lex = fact_lexicons()
    if mention.producer == "facts:ner" or lex.not_name_re.search(f"{mention.modifier} {mention.name}"):
        return False
    if mention.producer == "facts:anaphora":
        return found.time is not None
    stateless = not parties and not _MANY_STATES.search(sentence)
    if mention.producer == "facts:generic" and (stateless or not international):
        return False
    if found.time is None and rnd is None and (lex.not_sentence_re.search(sentence) or stateless):
        return False
    if mention.producer == "facts:generic":
        if found.via_cue and parties:
            return True
        if mention.kind == "dialogue" and _RECURRING.search(mention.modifier) and len(parties) >= 2:
            return True
        return None if mention.kind == "agreement" else False
    return True if found.time is not None or rnd is not None else None


def _citation(ctx: Context, article_id: str, mention: Mention, found: FactTimes,
              rnd: tuple[int, tuple[int, int]] | None, place: tuple[str, tuple[int, int]] | None) -> Citation:
    """The span from the name to its date, bracket, round and place."""
    time, paren = found.time, found.paren
    spans = [(mention.start, mention.end)] + ([(time.citation.start, time.citation.end)] if time else [])
    spans += [(paren.start(), paren.end())] if paren and (found.acronym or (time and in_bracket([time], paren))) else []
    spans += [rnd[1]] if rnd else []
    spans += [place[1]] if place else []
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    producer = _producer(mention, found)
    return Citation(article_id, ctx.sentence.index, start, end, producer, ctx.text[start:end])


def _features(doc: Doc, ctx: Context, c: Candidate) -> dict[str, float]:
    """The model's features of one candidate (see :data:`concord.analyze.fact_filter.FEATURES`)."""
    m = c.mention
    return {
        "definite": float(_DEFINITE.search(ctx.text, max(0, m.start - 8), m.start) is not None),
        "modified": float(m.head > m.start),
        "related": float(bool(related_parties(doc, ctx, m))),
        "cue": float(c.times.cue is not None and c.times.cue.status == "concluded"),
    }


@dataclass
class _Group:
    """The mentions of one fact in a report."""

    known: str | None
    acronym: str | None
    words: frozenset[str]
    members: list[Candidate] = field(default_factory=list)
    accepted: bool = False

    @property
    def key(self) -> str:
        """The canonical key: the known fact's id, else ``~`` and its name words (else its acronym)."""
        return self.known or "~" + ("-".join(sorted(self.words)) or (self.acronym or "").lower())


def _merge(candidates: list[Candidate], accepted: list[bool], principal: Sequence[str]) -> list[Fact]:
    """One fact per fact and date: a report's mentions of one fact (same known key, acronym, or name
    words one within the other) joined, an undated mention joining the first dated one; a fact
    needs one accepted mention, and its other mentions add their parties. An accepted common noun
    phrase that names no party of its own ("a deal to save the world from climate change" in a
    report on the Paris Agreement) is a mention of the nearest named fact of its kind before it; a
    bare acronym defined earlier ("CEPA was signed in 2011") is one of the fact it was defined for."""
    groups: list[_Group] = []
    phrases: list[Candidate] = []
    for c, ok in zip(candidates, accepted):
        if c.mention.producer == "facts:generic":
            phrases += [c] if ok else []
        else:
            _join(groups, c, ok)
    for c in phrases:
        host = _host(groups, c)
        if host is not None:
            host.members.append(c)
        else:
            _join(groups, c, True)
    facts = [fact for g in groups if g.accepted for fact in _group_facts(g, principal)]
    return sorted(facts, key=lambda f: f.citation.start)


def _join(groups: list[_Group], c: Candidate, ok: bool) -> None:
    """Add a mention to the group of its fact, or start one."""
    known = c.mention.known.key if c.mention.known else None
    acronym = (c.times.acronym or (c.mention.known.acronym if c.mention.known else None)
               or fact_lexicons().acronyms.get(fold(tier_free(c.mention.name))))
    words = name_words(c.mention.name)
    group = next((g for g in groups if _same(g, known, acronym, words)), None)
    if group is None:
        group = _Group(known, acronym, words)
        groups.append(group)
    group.members.append(c)
    group.accepted |= ok
    group.acronym = group.acronym or acronym
    group.words = max(group.words, words, key=len)


def _host(groups: list[_Group], c: Candidate) -> _Group | None:
    """The accepted named fact of the phrase's kind nearest before it (else first after it), when the
    phrase names no party that fact lacks."""
    if c.features.get("related"):
        return None
    fitting = [g for g in groups if g.accepted and g.members[0].kind == c.kind]
    before = [g for g in fitting if g.members[0].mention.start < c.mention.start]
    if before:
        return max(before, key=lambda g: max(m.mention.start for m in g.members if m.mention.start < c.mention.start))
    return fitting[0] if fitting else None


def _same(group: _Group, known: str | None, acronym: str | None, words: frozenset[str]) -> bool:
    """Whether a mention names the group's fact."""
    if group.known or known:
        return group.known == known or bool(acronym and acronym == group.acronym)
    if acronym and group.acronym:
        return acronym == group.acronym
    small, large = sorted((group.words, words), key=len)
    return bool(small) and (small == large or (len(small) >= 2 and small <= large))


def name_words(name: str) -> frozenset[str]:
    """The words that tell a fact's name from others: no tier grade, generic words or country names."""
    lex = actor_lexicons()
    bare = lex.country_re.sub(" ", tier_free(name))
    return frozenset(w for w in re.split(r"[\s/-]+", fold(bare.replace(".", ""))) if w and w not in _GENERIC)


def _group_facts(group: _Group, principal: Sequence[str]) -> list[Fact]:
    """A fact per date among a group's mentions (a fact and its later round are two); undated ones join the first."""
    by_date: dict[str | None, list[Candidate]] = {}
    for c in group.members:
        by_date.setdefault(c.date, []).append(c)
    undated = by_date.pop(None, [])
    if by_date:
        first = next(iter(by_date))
        by_date[first] += undated
    else:
        by_date[None] = undated
    return [_fact(group.key, members, principal) for members in by_date.values()]


def _fact(key: str, members: list[Candidate], principal: Sequence[str]) -> Fact:
    """One fact from the mentions that state it: the dated (else first) mention is cited."""
    best = next((c for c in members if c.date), members[0])
    known = next((c.mention.known for c in members if c.mention.known), None)
    parties = _parties(members, best, known, principal)
    acronym = next((c.times.acronym for c in members if c.times.acronym), None)
    return Fact(
        kind=best.kind,
        name=best.label,
        citation=best.citation,
        acronym=acronym or (known.acronym if known else None) or _acronym(tier_free(best.mention.name), best.kind),
        parties=parties,
        date=best.date,
        round=max((c.round for c in members if c.round), default=None),
        place=next((c.place[0] for c in members if c.place), None),
        status=best.status,
        key=key,
    )


def _parties(members: list[Candidate], best: Candidate, known: KnownFact | None, principal: Sequence[str]) -> list[str]:
    """The parties the fact's own clauses name (and an international body the known fact binds: NATO
    at a NATO summit); none named: the known fact's parties, else the report's principal countries."""
    found = {p for c in members if c.mention.producer != "facts:anaphora" for p in c.parties} or set(best.parties)
    bodies = {p for p in known.parties if p in _BODIES} if known else set()
    if found:
        return sorted(found | bodies)
    return sorted(known.parties) if known and known.parties else sorted(principal)


def _acronym(name: str, kind: str) -> str | None:
    """A known acronym (entities.tsv) or, for agreements and designations, the initials of the name."""
    known = fact_lexicons().acronyms.get(fold(name))
    if known or kind not in ("agreement", "designation"):
        return known
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z][\w-]*", name) if w[0].isupper())
    return initials if len(initials) >= 2 else None
