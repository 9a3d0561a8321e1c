"""Candidate mentions of standing facts in one sentence, before any is accepted.

Five sources: a known fact's alias (``concord/kb/data/treaties.tsv``: "the Iran nuclear deal",
"the JCPOA", or a forum's bare name after "at the": "protesters at the G20"); a capitalised name
with a head word from ``fact_heads.tsv`` ("Basic Exchange and Cooperation Agreement"); an
entity-ruler LAW/EVENT span; a capitalised phrase after a designation cue ("designated as a Major
Non-NATO Ally"); and a common noun phrase with a head word ("a landmark arms control treaty",
"the most recent dialogue", which points back to a named one).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..kb.treaties import KnownFact, known_facts
from ..model import Sentence
from .aliases import fold, regex_check
from .lexicon import load_table
from .nlp import entity_rows
from .sentences import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["FACT_KINDS", "ORDINALS", "Mention", "fact_lexicons", "fact_names", "sentence_mentions", "trimmed"]

FACT_KINDS = ("agreement", "designation", "dialogue", "framework", "plan")
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
            "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
            "eighteenth", "nineteenth", "twentieth")
ORDINAL = r"(?P<ordinal>" + "|".join(ORDINALS) + r"|\d{1,3}(?:st|nd|rd|th))"
_WORD = r"(?:[A-Z][\w’'&.+-]*|\d+\+\d+[\w-]*)"
_CONNECTOR = r"(?:of|for|and|on|the|in|to|between|de)"
_PHRASE = re.compile(rf"(?<![\w’'+&-]){_WORD}(?:\s+(?:{_CONNECTOR}\s+)*{_WORD})*|(?<=[a-z]){_WORD}"
                     rf"(?:\s+(?:{_CONNECTOR}\s+)*{_WORD})*")
_LEADING = re.compile(r"^(?:(?:The|A|An|This|That|These|Its|Their|In|On|At|By|Key|Important)\s+)+")
_GLUE = re.compile(r"(?<=[a-z]{2})(?=[A-Z][a-z])|(?<=\d)(?=[A-Z][a-z])")
_TIER = re.compile(r"\bTier[- ]?(?:\d+|[IVX]+|One|Two|Three)\b")
#: Words that may follow a name's head ("Treaty of Rome", "Agreement on Trade", "Dialogue between ...").
_AFTER_HEAD = frozenset({"of", "on", "for", "between", "to", "and", "in", "with", "among", "concerning", "Tier-1",
                         "Tier"})
_AFTER_CUE = re.compile(r"\s+(?:as\s+)?(?:(?:a|an|the)\s+)?")
#: Words after which a forum's bare name is the meeting ("at the G20", "to attend the G-20").
_FORUM_BEFORE = (r"(?:\bat|\bto|\bfor|\battend(?:s|ed|ing)?|\bhost(?:s|ed|ing)?|\bskip(?:s|ped|ping)?|\bahead\s+of|"
                 r"\bbefore|\bafter|\bduring|\bsidelines\s+of|\bleave|\bleft|\barrive[sd]?\s+(?:at|in))\s+the\s+")
#: Words after a forum's bare name that make it the group, not the meeting ("the G20 countries").
_FORUM_GROUP = re.compile(r"[\s-]+(?:countries|nations|members?|leaders|states|economies|group|finance|"
                          r"ministers?|governments?|partners)\b|['’]s\b", re.IGNORECASE)


def _kind_check(value: str) -> str | None:
    return None if value in FACT_KINDS else f"must be one of {', '.join(FACT_KINDS)}"


def _cue_kind_check(value: str) -> str | None:
    return None if value == "*" else _kind_check(value)


def _near_check(value: str) -> str | None:
    return None if value in ("any", "before") else "must be any or before"


def _status_check(value: str) -> str | None:
    return None if value in ("concluded", "proposed", "negotiating") else "must be concluded, proposed or negotiating"


def _yes_no(value: str) -> str | None:
    return None if value in ("yes", "no") else "must be yes or no"


def _scope_check(value: str) -> str | None:
    return None if value in ("name", "sentence") else "must be name or sentence"


def _words_re(words: list[str]) -> re.Pattern[str]:
    """One case-insensitive pattern matching any of ``words`` on word boundaries (never, when empty)."""
    alternation = "|".join(sorted(map(re.escape, words), key=len, reverse=True)) or r"(?!x)x"
    return re.compile(rf"\b(?:{alternation})\b", re.IGNORECASE)


@dataclass(frozen=True)
class Cue:
    """A phrase that ties a date to a fact and may set its kind or status."""

    text: str
    pattern: re.Pattern[str]
    kind: str
    before: bool
    status: str


@dataclass
class Mention:
    """A candidate fact name in one sentence: its span, name, kind, source and head word."""

    start: int
    end: int
    name: str
    kind: str
    producer: str
    head: int
    known: KnownFact | None = None
    modifier: str = ""


class FactLexicons:
    """Head words, cues, the common-noun pattern, known acronyms and the words that rule a name out."""

    def __init__(self) -> None:
        heads = load_table("fact_heads.tsv", ("head", "kind", "generic"), {"kind": _kind_check, "generic": _yes_no})
        self.heads = {row["head"].lower(): row["kind"] for row in heads}
        alternation = "|".join(sorted(map(re.escape, self.heads), key=len, reverse=True))
        self.head_re = re.compile(rf"\b(?:{alternation})\b", re.IGNORECASE)
        common = "|".join(sorted((re.escape(r["head"].lower()) for r in heads if r["generic"] == "yes"),
                                 key=len, reverse=True))
        cues = load_table("fact_cues.tsv", ("pattern", "kind", "near"),
                          {"pattern": regex_check, "kind": _cue_kind_check, "near": _near_check,
                           "status": _status_check})
        self.cues = [Cue(row["pattern"], re.compile(rf"\b(?:{row['pattern']})\b"), row["kind"],
                         row["near"] == "before", row.get("status") or "concluded") for row in cues]
        self.generic_re = re.compile(
            rf"(?:\b(?i:a|an|the|this|that|its|their|his|her|our)|(?<![\w.-])[A-Z][\w.-]*['’]s)\s+"
            rf"(?P<mod>(?:most\s+recent|latest|last|previous|{ORDINAL})\s+)?"
            rf"(?P<name>(?P<pre>(?:(?:[a-z][\w-]*|(?:19|20)\d\d)\s+){{0,4}}?)(?P<head>{common})"
            rf"(?:\s+(?:on|for|of)\s+(?!the\b)[a-z][\w-]*(?:\s+[a-z][\w-]*)?)?)\b")
        self.acronyms = {fold(row["pattern"]): row["acronym"] for row in entity_rows() if row.get("acronym")}
        self.ruler = {ruler_key(row["pattern"]) for row in entity_rows() if row["label"] in ("LAW", "EVENT")}
        excluded = load_table("fact_not.tsv", ("word", "scope"), {"scope": _scope_check})
        self.not_name_re = _words_re([r["word"] for r in excluded if r["scope"] == "name"])
        self.not_sentence_re = _words_re([r["word"] for r in excluded if r["scope"] == "sentence"])
        forums = [(name, fact) for fact in known_facts().facts.values() for name in fact.forum]
        self.forums = {name.lower(): fact for name, fact in forums}
        names = "|".join(sorted((re.escape(n) for n, _ in forums), key=len, reverse=True))
        self.forum_re = re.compile(rf"{_FORUM_BEFORE}(?P<name>{names})(?![\w-])") if forums else None


@functools.cache
def fact_lexicons() -> FactLexicons:
    """The fact lexicons, loaded once per process."""
    return FactLexicons()


_Ent = tuple[int, int, str, str]


def fact_names(doc: Doc, sentences: Sequence[Sentence]) -> dict[int, list[Mention]]:
    """The capitalised fact names and LAW/EVENT spans of each sentence (actors are not sought inside them)."""
    lex = fact_lexicons()
    ents, text = entities(doc), doc_text(doc)
    return {s.index: _names(text, s, ents, lex) for s in sentences}


def entities(doc: Doc) -> list[_Ent]:
    """The doc's entities as (start, end, label, text), read once (``doc.ents`` rebuilds spans per call)."""
    return [(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents]


def _names(text: str, sentence: Sentence, ents: list[_Ent], lex: FactLexicons) -> list[Mention]:
    """Capitalised names with a head word, plus LAW/EVENT entity spans not already covered."""
    names: list[Mention] = []
    for m in _PHRASE.finditer(text, sentence.start, sentence.end):
        for start, end in _segments(text, m.start(), m.end(), lex):
            # sliced: a name glued to "and" still has a boundary; the last head word decides the kind
            head = next((h for h in reversed(list(lex.head_re.finditer(text[start:end]))) if h.group(0)[0].isupper()),
                        None)
            if head is not None and _headed(text[start:end], head):
                names.append(Mention(start, end, clean_name(text[start:end]), lex.heads[head.group(0).lower()],
                                     "facts:named", start + head.start()))
    for start, end, label, ent_text in ents:
        if (label in ("LAW", "EVENT") and sentence.start <= start < sentence.end
                and not any(n.start < end and start < n.end for n in names)):
            kind = "agreement" if label == "LAW" else "dialogue"
            producer = "facts:entity" if ruler_key(clean_name(ent_text)) in lex.ruler else "facts:ner"
            names.append(Mention(start, end, clean_name(ent_text), kind, producer, start))
    return sorted(names, key=lambda n: n.start)


def _headed(name: str, head: re.Match[str]) -> bool:
    """A fact's name ends with its head or goes on with "of", "on", "for" ... ("Treaty of Rome"), and
    has a word besides the head ("Summit Entertainment" is a company, a bare "Summit" no name)."""
    after = name[head.end():].split()
    return bool(name[:head.start()].strip() or after) and (not after or after[0] in _AFTER_HEAD)


def _segments(text: str, start: int, end: int, lex: FactLexicons) -> list[tuple[int, int]]:
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


def ruler_key(name: str) -> str:
    """An entity-ruler name's key: folded spelling, but a word in capitals kept as written (the ruler
    matches in any case; "New Start for Culture" is not New START)."""
    return " ".join(w if w.isupper() and len(w) > 1 else fold(w) for w in name.split())


def clean_name(text: str) -> str:
    """Normalise a name: glued words split ("DefenceCooperation"), quotes and spaces tidied."""
    return " ".join(_GLUE.sub(" ", text).strip(" ‘’'\"“”,.").split())


def sentence_mentions(text: str, sentence: Sentence, names: list[Mention], seen: list[Mention],
                      acronyms: dict[str, Mention] | None = None) -> list[Mention]:
    """Every candidate of a sentence: known facts first, then names, acronyms defined before,
    designations and noun phrases.

    ``names`` are the sentence's :func:`fact_names`; ``seen`` the names of earlier sentences (for
    "the most recent dialogue"); ``acronyms`` the names that earlier sentences defined an acronym
    for ("... Partnership Agreement (CEPA)", then "CEPA was signed in 2019"). A candidate never
    overlaps one found before it.
    """
    lex = fact_lexicons()
    found = _known(text, sentence, lex)
    found += [n for n in names if not _overlaps(found, n.start, n.end)]
    found += [a for a in _acronyms(text, sentence, acronyms or {}) if not _overlaps(found, a.start, a.end)]
    found += [d for d in _designated(text, sentence, lex) if not _overlaps(found, d.start, d.end)]
    for m in lex.generic_re.finditer(text, sentence.start, sentence.end):
        if _overlaps(found, m.start("name"), m.end()):
            continue
        kind = lex.heads[m.group("head").lower()]
        if m.group("mod") and m.group("name") == m.group("head"):
            referent = next((n for n in reversed(seen + names) if n.kind == kind and n.start < m.start()), None)
            if referent is not None:
                found.append(Mention(m.start("name"), m.end(), referent.name, kind, "facts:anaphora",
                                     m.start("head"), referent.known))
        else:
            found.append(Mention(m.start("name"), m.end(), m.group("name"), kind, "facts:generic",
                                 m.start("head"), modifier=m.group("pre").strip()))
    return sorted(found, key=lambda n: n.start)


def _acronyms(text: str, sentence: Sentence, acronyms: dict[str, Mention]) -> list[Mention]:
    """Bare mentions of acronyms defined earlier, each standing for its name."""
    if not acronyms:
        return []
    alternation = "|".join(sorted(map(re.escape, acronyms), key=len, reverse=True))
    return [Mention(m.start(), m.end(), acronyms[m.group(0)].name, acronyms[m.group(0)].kind, "facts:acronym",
                    m.start(), acronyms[m.group(0)].known)
            for m in re.finditer(rf"(?<![\w-])(?:{alternation})(?![\w-])", text[:sentence.end])
            if m.start() >= sentence.start]


def _overlaps(found: list[Mention], start: int, end: int) -> bool:
    return any(n.start < end and start < n.end for n in found)


def _known(text: str, sentence: Sentence, lex: FactLexicons) -> list[Mention]:
    """Aliases of known facts, and forums named bare where the meeting is meant."""
    found = [Mention(k.start, k.end, clean_name(text[k.start:k.end]), k.fact.kind, "facts:known", k.start, k.fact)
             for k in known_facts().find(text, sentence.start, sentence.end)]
    for m in lex.forum_re.finditer(text, sentence.start, sentence.end) if lex.forum_re else ():
        if not _FORUM_GROUP.match(text, m.end(), sentence.end) and not _overlaps(found, m.start("name"), m.end()):
            found.append(Mention(m.start("name"), m.end(), m.group("name"), "dialogue", "facts:forum",
                                 m.start("name"), lex.forums[m.group("name").lower()]))
    return found


def _designated(text: str, sentence: Sentence, lex: FactLexicons) -> list[Mention]:
    """Capitalised phrases with a head word right after a designation cue ("designated as a Major
    Defence Partner"): a place after "moved to" is not a designation."""
    found: list[Mention] = []
    for cue in lex.cues:
        if cue.kind != "designation":
            continue
        for m in cue.pattern.finditer(text, sentence.start, sentence.end):
            gap = _AFTER_CUE.match(text, m.end(), sentence.end)
            phrase = _PHRASE.match(text, gap.end(), sentence.end) if gap else None
            if phrase is None or _TIER.fullmatch(phrase.group(0)):
                continue
            head = lex.head_re.search(phrase.group(0))
            if head is not None and not _overlaps(found, phrase.start(), phrase.end()):
                found.append(Mention(phrase.start(), phrase.end(), clean_name(phrase.group(0)), "designation",
                                     "facts:designated", phrase.start() + head.start()))
    return found


def trimmed(doc: Doc, mention: Mention) -> Mention | None:
    """A common noun phrase cut to the words its head governs, without leading determiners ("shape this
    partnership" is "partnership", "a deal on tariffs last year" is "deal on tariffs"); None when the
    parse has no token there."""
    head = doc.char_span(mention.head, mention.head + 1, alignment_mode="expand")
    if head is None or not len(head):
        return None
    if head[0].pos_ not in ("NOUN", "PROPN"):  # a mis-tagged head after a determiner: keep the words as matched
        return mention
    tokens = [t for t in head[0].lefts if t.idx >= mention.start and t.left_edge.idx >= mention.start]
    while tokens and tokens[0].pos_ in ("DET", "PRON", "ADP", "CCONJ", "PUNCT", "AUX", "VERB"):
        tokens.pop(0)
    start = tokens[0].left_edge.idx if tokens else mention.head
    governed = head[0].right_edge
    end = min(mention.end, governed.idx + len(governed))
    last = doc.char_span(mention.head, end, alignment_mode="contract")
    while last is not None and len(last) > 1 and last[-1].pos_ in ("ADP", "DET", "CCONJ", "PART", "PUNCT"):
        last = last[:-1]
        end = last.end_char
    if (start, end) == (mention.start, mention.end):
        return mention
    name = " ".join(doc.text[start:end].split())
    modifier = " ".join(w for w in mention.modifier.split() if w in name.split()[:-1])
    return Mention(start, end, name, mention.kind, mention.producer, mention.head, mention.known, modifier)


def tier(text: str, start: int, end: int) -> re.Match[str] | None:
    """A "Tier-1"-style grade in ``text[start:end]``."""
    return _TIER.search(text, start, end)


def tier_free(name: str) -> str:
    """A name without its tier grade."""
    return _TIER.sub("", name).strip()
