"""Standing facts: agreements, designations, dialogues, frameworks and plans with their dates.

A fact is a *name* (a capitalised phrase with a head word from ``fact_heads.tsv``, an
entity-ruler LAW/EVENT span, a common noun phrase such as "a comprehensive framework on
defence cooperation", or "the most recent dialogue" pointing back to a named one) plus a date
that the sentence ties to it: a year in brackets right after it ("Industrial Security Agreement
(2019)"), or a time expression in a sentence that has a cue from ``fact_cues.tsv`` ("signed",
"designated", "renewed", "took place", "for the period"). Ordinals give rounds ("the fifth 2+2
Ministerial Dialogue"), "in <place>" gives the place, "(MDP)" the acronym.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Citation, Fact, Sentence, TimeExpression
from .actor_lexicons import actor_lexicons
from .aliases import fold, regex_check
from .lexicon import load_table
from .nlp import entity_rows
from .sentences import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["FACT_KINDS", "extract_facts", "fact_names"]

FACT_KINDS = ("agreement", "designation", "dialogue", "framework", "plan")
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
             "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
             "eighteenth", "nineteenth", "twentieth")
_ORDINAL = r"(?P<ordinal>" + "|".join(_ORDINALS) + r"|\d{1,3}(?:st|nd|rd|th))"
_ROUND_BEFORE = re.compile(rf"\b{_ORDINAL}\s+(?:(?:round|edition|meeting|session)\s+of\s+(?:the\s+)?)?$",
                           re.IGNORECASE)
_WORD = r"(?:[A-Z][\w’'&.+-]*|\d+\+\d+[\w-]*)"
_CONNECTOR = r"(?:of|for|and|on|the|in|to|between|de)"
_PHRASE = re.compile(rf"(?<![\w’'+&-]){_WORD}(?:\s+(?:{_CONNECTOR}\s+)*{_WORD})*|(?<=[a-z]){_WORD}"
                     rf"(?:\s+(?:{_CONNECTOR}\s+)*{_WORD})*")
_LEADING = re.compile(r"^(?:(?:The|A|An|This|That|These|Its|Their|In|On|At|By|Key|Important)\s+)+")
_GLUE = re.compile(r"(?<=[a-z]{2})(?=[A-Z][a-z])|(?<=\d)(?=[A-Z][a-z])")
_PAREN = re.compile(r"\s*\(\s*(?P<inner>[^()\n]{1,40}?)\s*\)")
_ACRONYM = re.compile(r"^[A-Z][A-Za-z&-]*[A-Z]$")
_TIER = re.compile(r"\bTier[- ]?(?:\d+|[IVX]+|One|Two|Three)\b")
_OF_TIME = re.compile(r",?\s+(?:of|from|dated)\s+")
_AFTER_CUE = re.compile(r"\s+(?:as\s+)?(?:(?:a|an|the)\s+)?")
_PLACE_BEFORE = re.compile(r"\b(?:in|at)\s+(?:the\s+)?$")
#: A cue with near == "before" must end at most this many characters before the name.
NEAR_CHARS = 60


def _kind_check(value: str) -> str | None:
    return None if value in FACT_KINDS else f"must be one of {', '.join(FACT_KINDS)}"


def _cue_kind_check(value: str) -> str | None:
    return None if value == "*" else _kind_check(value)


def _near_check(value: str) -> str | None:
    return None if value in ("any", "before") else "must be any or before"


@dataclass(frozen=True)
class _Cue:
    text: str
    pattern: re.Pattern[str]
    kind: str
    before: bool


@dataclass
class _Name:
    """A candidate fact name in one sentence."""

    start: int
    end: int
    name: str
    kind: str
    producer: str


class _FactLexicons:
    def __init__(self) -> None:
        heads = load_table("fact_heads.tsv", ("head", "kind"), {"kind": _kind_check})
        self.heads = {row["head"].lower(): row["kind"] for row in heads}
        alternation = "|".join(sorted(map(re.escape, self.heads), key=len, reverse=True))
        self.head_re = re.compile(rf"\b(?:{alternation})\b", re.IGNORECASE)
        cues = load_table("fact_cues.tsv", ("pattern", "kind", "near"),
                          {"pattern": regex_check, "kind": _cue_kind_check, "near": _near_check})
        self.cues = [_Cue(row["pattern"], re.compile(rf"\b(?:{row['pattern']})\b"), row["kind"], row["near"] == "before")
                     for row in cues]
        self.generic_re = re.compile(
            rf"\b(?i:a|an|the|this|that)\s+(?P<mod>(?:most\s+recent|latest|last|previous|{_ORDINAL})\s+)?"
            rf"(?P<name>(?:[a-z][\w-]*\s+){{0,3}}?(?P<head>{alternation.lower()})"
            rf"(?:\s+(?:on|for|of)\s+(?!the\b)[a-z][\w-]*(?:\s+[a-z][\w-]*)?)?)\b")
        self.acronyms = {fold(row["pattern"]): row["acronym"] for row in entity_rows() if row.get("acronym")}


@functools.cache
def _lexicons() -> _FactLexicons:
    return _FactLexicons()


def fact_names(doc: Doc, sentences: Sequence[Sentence]) -> dict[int, list[_Name]]:
    """The candidate fact names of each sentence (agreements, designations ...); they hold no actors."""
    lex = _lexicons()
    ents, text = _entities(doc), doc_text(doc)
    return {s.index: _names(text, s, ents, lex) for s in sentences}


_Ent = tuple[int, int, str, str]


def _entities(doc: Doc) -> list[_Ent]:
    """The doc's entities as (start, end, label, text), read once (``doc.ents`` rebuilds spans per call)."""
    return [(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents]


def extract_facts(doc: Doc, sentences: Sequence[Sentence], article_id: str, times: Sequence[TimeExpression],
                  principal_countries: Sequence[str] = (),
                  names: dict[int, list[_Name]] | None = None) -> list[Fact]:
    """Every standing fact of a parsed article, each cited to the sentence that states it.

    ``names`` is :func:`fact_names` output when the caller already has it.
    """
    names_by_sentence = fact_names(doc, sentences) if names is None else names
    ents, text = _entities(doc), doc_text(doc)
    facts: list[Fact] = []
    seen_names: list[_Name] = []
    keys: set[tuple[str, str, str | None]] = set()
    for sentence in sentences:
        sent_times = [t for t in times if t.citation.sentence == sentence.index]
        sentence_names = names_by_sentence.get(sentence.index, [])
        places = [e for e in ents if sentence.start <= e[0] < sentence.end and e[2] in ("GPE", "LOC", "FAC")]
        for fact in _sentence_facts(text, sentence, article_id, sentence_names, sent_times, seen_names,
                                    principal_countries, places):
            key = (fact.kind, fold(fact.name), fact.date)
            if key not in keys:
                keys.add(key)
                facts.append(fact)
        seen_names.extend(sentence_names)
    return facts


def _names(text: str, sentence: Sentence, ents: list[_Ent], lex: _FactLexicons) -> list[_Name]:
    """Capitalised names with a head word, plus entity-ruler LAW/EVENT spans not already covered."""
    names: list[_Name] = []
    for m in _PHRASE.finditer(text, sentence.start, sentence.end):
        for start, end in _segments(text, m.start(), m.end(), lex):
            head = lex.head_re.search(text[start:end])
            if head is not None and head.group(0)[0].isupper():
                names.append(_Name(start, end, _clean_name(text[start:end]), lex.heads[head.group(0).lower()],
                                   "facts:named"))
    for start, end, label, ent_text in ents:
        if (label in ("LAW", "EVENT") and sentence.start <= start < sentence.end
                and not any(n.start < end and start < n.end for n in names)):
            kind = "agreement" if label == "LAW" else "dialogue"
            names.append(_Name(start, end, _clean_name(ent_text), kind, "facts:entity"))
    return sorted(names, key=lambda n: n.start)


def _segments(text: str, start: int, end: int, lex: _FactLexicons) -> list[tuple[int, int]]:
    """Split a capitalised run into names: after a possessive, and at "and" between two headed parts."""
    phrase = text[start:end]
    cut = max(phrase.rfind("’s "), phrase.rfind("'s "))
    if cut >= 0:
        start, phrase = start + cut + 3, phrase[cut + 3:]
    lead = _LEADING.match(phrase)
    if lead:
        start, phrase = start + lead.end(), phrase[lead.end():]
    for joint in re.finditer(r"\s+and\s+", phrase):
        left, right = phrase[: joint.start()], phrase[joint.end():]
        if lex.head_re.search(left) and lex.head_re.search(right):
            return [(start, start + joint.start()), *_segments(text, start + joint.end(), end, lex)]
    return [(start, start + len(phrase))] if phrase else []


def _clean_name(text: str) -> str:
    """Normalise a name: glued words split ("DefenceCooperation"), quotes and spaces tidied."""
    return " ".join(_GLUE.sub(" ", text).strip(" ‘’'\"“”,").split())


def _sentence_facts(text: str, sentence: Sentence, article_id: str, names: list[_Name],
                    times: list[TimeExpression], seen: list[_Name], principal: Sequence[str],
                    places: list[_Ent]) -> list[Fact]:
    lex = _lexicons()
    claimed: set[int] = set()
    facts: list[Fact] = []
    parties = _parties(text[sentence.start:sentence.end], principal)
    candidates = list(names)
    for m in lex.generic_re.finditer(text, sentence.start, sentence.end):
        if any(n.start < m.end() and m.start() < n.end for n in names):
            continue
        kind = lex.heads[m.group("head").lower()]
        if m.group("mod") and m.group("name") == m.group("head"):
            referent = next((n for n in reversed(seen + names) if n.kind == kind and n.start < m.start()), None)
            if referent is not None:
                candidates.append(_Name(m.start("name"), m.end(), referent.name, kind, "facts:anaphora"))
        else:
            candidates.append(_Name(m.start("name"), m.end(), m.group("name"), kind, "facts:generic"))
    candidates += _designated(text, sentence, candidates, lex)
    cues = _cue_matches(text, sentence) if candidates else []
    candidates.sort(key=lambda n: (n.producer == "facts:generic", n.start))
    for name in candidates:
        others = [n for n in candidates if n is not name]
        paren = _PAREN.match(text, name.end, sentence.end)
        acronym = paren.group("inner") if paren and _ACRONYM.match(paren.group("inner")) else None
        time = _bracketed_time(times, paren, claimed) or _following_time(
            text, times, paren.end() if paren and acronym else name.end, claimed)
        producer, kind = name.producer + "+attached", name.kind
        cue = _cue(cues, name)
        if time is None and cue is not None:
            time = _nearest_time(times, name, others, claimed)
            kind = kind if cue.kind == "*" else cue.kind
            producer = f"{name.producer}+cue:{cue.text}"
        elif cue is not None and cue.kind != "*" and cue.before:
            kind = cue.kind
        rnd = _round(text, sentence, name)
        if name.producer == "facts:generic" and (time is None or cue is None):
            continue
        if time is None and rnd is None:
            continue
        if time is not None:
            claimed.add(id(time))
        label = name.name
        if kind == "designation" and not _TIER.search(label) and (tier := _TIER.search(text, sentence.start, sentence.end)):
            label = f"{label} {tier.group(0)}"
        place = _place(text, places, name, time)
        spans = [(name.start, name.end)] + ([(time.citation.start, time.citation.end)] if time else [])
        spans += [(paren.start(), paren.end())] if paren and (acronym or time in _in(times, paren)) else []
        spans += [rnd[1]] if rnd else []
        spans += [place[1]] if place else []
        start, end = min(s for s, _ in spans), max(e for _, e in spans)
        facts.append(Fact(
            kind=kind,
            name=label,
            citation=Citation(article_id, sentence.index, start, end, producer, text[start:end]),
            acronym=acronym or _acronym(_TIER.sub("", name.name).strip(), kind, lex),
            parties=parties,
            date=_date(time),
            round=rnd[0] if rnd else None,
            place=place[0] if place else None,
        ))
    return facts


def _designated(text: str, sentence: Sentence, taken: list[_Name], lex: _FactLexicons) -> list[_Name]:
    """Capitalised phrases right after a designation cue ("designated as a Major Non-NATO Ally")."""
    found: list[_Name] = []
    for cue in lex.cues:
        if cue.kind != "designation":
            continue
        for m in cue.pattern.finditer(text, sentence.start, sentence.end):
            gap = _AFTER_CUE.match(text, m.end(), sentence.end)
            phrase = _PHRASE.match(text, gap.end(), sentence.end) if gap else None
            if phrase is None or _TIER.fullmatch(phrase.group(0)):
                continue
            if not any(n.start < phrase.end() and phrase.start() < n.end for n in [*taken, *found]):
                found.append(_Name(phrase.start(), phrase.end(), _clean_name(phrase.group(0)), "designation",
                                   "facts:designated"))
    return found


def _following_time(text: str, times: list[TimeExpression], end: int, claimed: set[int]) -> TimeExpression | None:
    """A time introduced by "of"/"from" right after the name ("the Transit Agreement of 2011")."""
    return next((t for t in times if id(t) not in claimed and t.citation.start >= end
                 and _OF_TIME.fullmatch(text, end, t.citation.start)), None)


def _bracketed_time(times: list[TimeExpression], paren: re.Match[str] | None,
                    claimed: set[int]) -> TimeExpression | None:
    return next((t for t in _in(times, paren) if id(t) not in claimed), None)


def _in(times: list[TimeExpression], paren: re.Match[str] | None) -> list[TimeExpression]:
    """The times inside a bracket."""
    if paren is None:
        return []
    return [t for t in times if paren.start("inner") <= t.citation.start < paren.end("inner")]


def _cue_matches(text: str, sentence: Sentence) -> list[tuple[int, int, _Cue]]:
    """Every cue of the sentence as (start, end, cue)."""
    return [(m.start(), m.end(), cue) for cue in _lexicons().cues
            for m in cue.pattern.finditer(text, sentence.start, sentence.end)]


def _cue(cues: list[tuple[int, int, _Cue]], name: _Name) -> _Cue | None:
    """The cue closest to the name, outside it (a "before" cue only shortly before it)."""
    usable = [(abs(start - name.start), cue) for start, end, cue in cues
              if not (name.start <= start < name.end)
              and (not cue.before or 0 <= name.start - end <= NEAR_CHARS)]
    return min(usable, key=lambda pair: pair[0])[1] if usable else None


def _nearest_time(times: list[TimeExpression], name: _Name, others: list[_Name],
                  claimed: set[int]) -> TimeExpression | None:
    """The closest unclaimed time that is not closer to another name of the sentence."""
    def distance(n: _Name, t: TimeExpression) -> int:
        return 0 if n.start <= t.citation.start < n.end else min(abs(t.citation.start - n.end),
                                                                  abs(n.start - t.citation.end))

    free = [t for t in times if id(t) not in claimed and t.precision != "relative"
            and not (name.start <= t.citation.start < name.end)
            and all(distance(name, t) <= distance(o, t) for o in others)]
    return min(free, key=lambda t: distance(name, t), default=None)


def _round(text: str, sentence: Sentence, name: _Name) -> tuple[int, tuple[int, int]] | None:
    """The round an ordinal right before the name gives ("the fifth", "the 3rd round of the"), and its span."""
    m = _ROUND_BEFORE.search(text, max(sentence.start, name.start - 40), name.start)
    if m is None:
        return None
    ordinal = m.group("ordinal").lower()
    number = _ORDINALS.index(ordinal) + 1 if ordinal in _ORDINALS else int(ordinal[:-2])
    return number, (m.start(), m.end())


def _place(text: str, places: list[_Ent], name: _Name,
           time: TimeExpression | None) -> tuple[str, tuple[int, int]] | None:
    """A place the sentence puts a dialogue in ("took place in November 2023 in New Delhi")."""
    if name.kind != "dialogue":
        return None
    for start, end, _, place in places:
        if start < name.end or time is not None and time.citation.start <= start < time.citation.end:
            continue
        if _PLACE_BEFORE.search(text, max(0, start - 10), start):
            return place, (start, end)
    return None


def _parties(sentence_text: str, principal: Sequence[str]) -> list[str]:
    """Countries the sentence names (capitals are venues, not parties); none named: the article's principal ones."""
    lex = actor_lexicons()
    found: set[str] = set()
    for m in lex.country_re.finditer(sentence_text):
        country = lex.country(m.group(0))
        if country is not None and country.type != "capital":
            found.add(country.iso3)
    return sorted(found or principal)


def _acronym(name: str, kind: str, lex: _FactLexicons) -> str | None:
    """A known acronym (entities.tsv) or, for agreements and designations, the initials of the name."""
    known = lex.acronyms.get(fold(name))
    if known or kind not in ("agreement", "designation"):
        return known
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z][\w-]*", name) if w[0].isupper())
    return initials if len(initials) >= 2 else None


def _date(time: TimeExpression | None) -> str | None:
    if time is None:
        return None
    return f"{time.value}/{time.end_value}" if time.end_value else time.value
