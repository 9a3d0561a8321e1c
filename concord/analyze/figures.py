"""The figures a claim states, read as ranges: value, hedge, unit and the thing counted.

"at least 241 people" allows 241 and more; "about 90 kilometers" 81 to 99 km; "80 to 100 homes"
80 to 100; "nearly 120 degrees" up to 120; a round "300,000" stands for anything that rounds to it.
Years, clock times, date parts and digits inside names ("Channel 4", "F-35", "2+2") are not figures.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..model import Quantity, ordinal
from .lexicon import load_table

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["extract_quantities"]

_WORDS = {
    w: i for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12}
_ORDINALS = {
    w: i for i, w in enumerate(
        "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split()
    )
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 10**12}
#: Vague plurals: "dozens of" at least 24, "hundreds of" at least 200 ...
_PLURALS = {"dozens": 24, "hundreds": 200, "thousands": 2_000, "millions": 2_000_000}
_DIGITS = re.compile(r"^\d[\d,]*(?:\.\d+)?$")
_ORDINAL_DIGITS = re.compile(r"^(\d+)(?:st|nd|rd|th)$", re.IGNORECASE)
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
#: A unit glued to its figure in one token: "magnitude-6.2".
_UNIT_FIGURE = re.compile(r"^([a-z]+)-(\d+(?:\.\d+)?)$")
#: Hedges, longest first, and how each bounds the figure N: (low factor, high factor); None: unbounded.
_HEDGES: Sequence[tuple[str, tuple[float | None, float | None]]] = (
    ("more than", (1.000001, None)), ("greater than", (1.000001, None)), ("in excess of", (1.000001, None)),
    ("upwards of", (1.0, None)), ("at least", (1.0, None)), ("a minimum of", (1.0, None)),
    ("just over", (1.000001, None)), ("over", (1.000001, None)), ("above", (1.000001, None)),
    ("as many as", (None, 1.0)), ("up to", (None, 1.0)), ("at most", (None, 1.0)),
    ("no more than", (None, 1.0)), ("a maximum of", (None, 1.0)),
    ("less than", (None, 0.999999)), ("fewer than", (None, 0.999999)), ("under", (None, 0.999999)),
    ("below", (None, 0.999999)), ("just under", (0.9, 0.999999)),
    ("nearly", (0.85, 1.0)), ("almost", (0.85, 1.0)), ("close to", (0.85, 1.0)),
    ("about", (0.9, 1.1)), ("around", (0.9, 1.1)), ("approximately", (0.9, 1.1)), ("roughly", (0.9, 1.1)),
    ("some", (0.9, 1.1)), ("an estimated", (0.9, 1.1)), ("estimated", (0.9, 1.1)), ("circa", (0.9, 1.1)),
)
#: Unit words and their canonical names (converted between, where they can be, by the compare stage).
_UNITS = {
    "km": "km", "kilometer": "km", "kilometre": "km", "kilometers": "km", "kilometres": "km",
    "mile": "mile", "miles": "mile", "mi": "mile", "meter": "m", "metre": "m", "meters": "m", "metres": "m",
    "foot": "foot", "feet": "foot", "ft": "foot", "degree": "degree", "degrees": "degree",
    "percent": "percent", "per cent": "percent", "%": "percent", "dollar": "usd", "dollars": "usd",
    "$": "usd", "euro": "eur", "euros": "eur", "€": "eur", "pound": "gbp", "pounds": "gbp", "£": "gbp",
    "magnitude": "magnitude", "mph": "mph", "kph": "kph",
}
#: How far (tokens) around a figure its measure word may be.
MEASURE_WINDOW = 5
_NAME_LABELS = frozenset({"PERSON", "ORG", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "GPE", "NORP", "LOC"})


def extract_quantities(span: Span, skip: Sequence[tuple[int, int]] = ()) -> list[Quantity]:
    """The figures of a claim in text order; tokens starting inside a ``skip`` span (dates) are left out."""
    doc = span.doc
    found: list[Quantity] = []
    i = span.start
    while i < span.end:
        token = doc[i]
        glued = _UNIT_FIGURE.match(token.lower_)
        if glued and glued.group(1) in _UNITS:
            value = float(glued.group(2))
            end_char = token.idx + len(token.text)
            found.append(Quantity(_form(value), value, end_char - len(glued.group(2)), end_char, value, value,
                                  None, _UNITS[glued.group(1)], _counted(token)))
            i += 1
            continue
        if any(a <= token.idx < b for a, b in skip) or not _is_number(token):
            i += 1
            continue
        value, last = _read_number(doc, i, span.end)
        if value is None:
            i += 1
            continue
        quantity, last = _quantity(doc, i, last, value, span.end)
        if quantity is not None:
            found.append(quantity)
        i = last + 1
    return found


def _is_number(token: Token) -> bool:
    """A token that starts a figure: digits, a number or ordinal word, or a vague plural ("dozens")."""
    text = token.lower_
    if _ORDINAL_DIGITS.match(text) or text in _ORDINALS or text in _PLURALS:
        return not _in_name(token)
    if _DIGITS.match(text):
        return not (_glued(token) or _YEAR.match(text) or _in_name(token) or _clock(token))
    return text in _WORDS and (token.pos_ == "NUM" or text == "dozen") and not (text == "one" and _next_is(token, "of"))


def _next_is(token: Token, word: str) -> bool:
    return token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == word


def _glued(token: Token) -> bool:
    """Digits glued into a name by "+", "-" or "/" ("2+2", "F-35", "24/7")."""
    doc = token.doc
    before = token.i > 0 and not doc[token.i - 1].whitespace_ and doc[token.i - 1].text in "+/" or (
        token.i > 1 and doc[token.i - 1].text == "-" and not doc[token.i - 2].whitespace_
        and doc[token.i - 2].text[-1:].isalpha() and doc[token.i - 2].lower_ not in _UNITS
    )
    after = not token.whitespace_ and token.i + 1 < len(doc) and doc[token.i + 1].text in "+/"
    return bool(before or after)


def _in_name(token: Token) -> bool:
    """Digits that are part of a name: inside a named entity, or right after a capitalised name word."""
    if token.ent_type_ in _NAME_LABELS:
        return True
    if token.i == 0:
        return False
    previous = token.doc[token.i - 1]
    return previous.pos_ == "PROPN" and previous.is_title and previous.lower_ not in _UNITS and previous.ent_type_ not in ("DATE", "TIME")


def _clock(token: Token) -> bool:
    """Digits of a clock time ("3:36", "10 a.m.")."""
    doc = token.doc
    nxt = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
    return nxt in (":", "a.m.", "p.m.", "am", "pm", "gmt", "utc", "et", "o'clock") or token.ent_type_ == "TIME"


def _read_number(tokens: Doc, i: int, end: int) -> tuple[float | None, int]:
    """The value of the number starting at token ``i`` and the index of its last token."""
    text = tokens[i].lower_
    if m := _ORDINAL_DIGITS.match(text):
        return float(m.group(1)), i
    if text in _ORDINALS:
        return float(_ORDINALS[text]), i
    if text in _PLURALS:
        return float(_PLURALS[text]), i
    value = float(text.replace(",", "")) if _DIGITS.match(text) else float(_WORDS[text])
    if text == "dozen" and i > 0 and tokens[i - 1].lower_ in ("half", "half-"):
        value = 6.0
    j = i
    while j + 1 < end and tokens[j + 1].lower_ in _SCALES:
        value *= _SCALES[tokens[j + 1].lower_]
        j += 1
    return value, j


def _quantity(tokens: Doc, i: int, last: int, value: float, end: int) -> tuple[Quantity | None, int]:
    """The figure of tokens ``i``..``last``: its range (hedge or "80 to 100"), unit and counted noun."""
    first = tokens[i]
    word = first.lower_
    is_ordinal = bool(_ORDINAL_DIGITS.match(word)) or word in _ORDINALS
    low, high, hedge = _bounds(tokens, i, value, word)
    top, last = _range_end(tokens, last, end)
    if top is not None and not is_ordinal:
        low, high = min(value, top), max(value, top)
    unit = _unit(tokens, i, last, end)
    start, stop = first.idx, tokens[last].idx + len(tokens[last].text)
    form = ordinal(int(value)) if is_ordinal else _form(value) + (f"-{_form(top)}" if top is not None else "")
    counted = _counted(tokens[last])
    measure = None if unit or is_ordinal else _measure(tokens, i, last, counted)
    return Quantity(form, value, start, stop, low, high, hedge, unit, counted, is_ordinal, measure), last


def _bounds(tokens: Doc, i: int, value: float, word: str) -> tuple[float | None, float | None, str | None]:
    """The range a hedge before token ``i`` allows; a round figure covers what rounds to it."""
    if word in _PLURALS:
        return value, None, word
    before = " ".join(t.lower_ for t in tokens[max(0, i - 3):i])
    before = before.removesuffix(" $").removesuffix(" a")
    for hedge, (lo, hi) in _HEDGES:
        if before == hedge or before.endswith(" " + hedge):
            return (value * lo if lo is not None else None), (value * hi if hi is not None else None), hedge
    step = _rounding_step(tokens[i].lower_, value)
    return value - step / 2, value + step / 2, None


def _rounding_step(text: str, value: float) -> float:
    """How far a figure written as ``text`` may be from the truth: a "300,000" or "1.5 million" is rounded."""
    digits = text.replace(",", "")
    if "." in digits or not digits.isdigit():
        return 0.0 if value < 1_000 else 10 ** (len(str(int(value))) - 2)
    zeros = len(digits) - len(digits.rstrip("0"))
    return 10**zeros / 2 if zeros >= 2 else 0.0


def _range_end(seq: Doc, last: int, end: int) -> tuple[float | None, int]:
    """The upper figure of "80 to 100", "130-170" or "between 10 and 12", and its last token."""
    if last + 2 < end and seq[last + 1].lower_ in ("to", "-", "–", "and") and _DIGITS.match(seq[last + 2].lower_):
        if seq[last + 1].lower_ != "and" or seq[max(0, last - 1)].lower_ == "between":
            top, stop = _read_number(seq, last + 2, end)
            return top, stop
    return None, last


def _unit(seq: Doc, i: int, last: int, end: int) -> str | None:
    """The unit written right before or after the figure ("$", "magnitude 6", "6.0-magnitude", "90 kilometers")."""
    after = [seq[k].lower_ for k in range(last + 1, min(end, last + 4)) if seq[k].lower_ not in ("-", "of")]
    if after and after[0] in _UNITS:
        return _UNITS[after[0]]
    if after[:2] == ["per", "cent"]:
        return "percent"
    before = [seq[k].lower_ for k in range(max(0, i - 2), i) if seq[k].lower_ != "-"]
    if before and before[-1] in ("$", "€", "£", "magnitude"):
        return _UNITS[before[-1]]
    return None


def _counted(token: Token) -> str | None:
    """The lemma of the noun a figure counts ("24 bank robberies" -> robbery, "thousands of emails" ->
    email); people and persons are one."""
    head = token.head if token.dep_ in ("nummod", "quantmod", "compound") else None
    if head is None and token.lower_ in _PLURALS:
        head = next((c for p in token.children if p.lower_ == "of" for c in p.children if c.dep_ == "pobj"), None)
        return _lemma(head) if head is not None and head.pos_ in ("NOUN", "PROPN") else None
    while head is not None and head.dep_ == "compound" and head.head is not head and head.head.pos_ in ("NOUN", "PROPN"):
        head = head.head
    if head is None or head.pos_ not in ("NOUN", "PROPN") or head.i <= token.i:
        return None
    return _lemma(head)


def _lemma(token: Token) -> str:
    lemma = token.lemma_.lower()
    return "people" if lemma in ("person", "persons") else lemma


@functools.cache
def _measure_words() -> dict[str, str]:
    return {row["word"]: row["measure"] for row in load_table("measures.tsv", ("word", "measure"))}


def _measure(tokens: Doc, i: int, last: int, counted: str | None) -> str | None:
    """What a figure measures: its counted noun, the words that govern it, or the nearest word
    around it found in ``measures.tsv``; a figure set beside a person's name is an age; else None."""
    words = _measure_words()
    token = tokens[last]
    if token.dep_ == "appos" and token.head.ent_type_ == "PERSON":
        return "age"
    chain, head = [], token
    for _ in range(3):
        if head.head is head:
            break
        head = head.head
        chain.append(head.lemma_.lower())
        chain += [c.lemma_.lower() for c in head.children if c.dep_ in ("acomp", "oprd", "xcomp", "attr")]
    near = sorted(range(max(0, i - MEASURE_WINDOW), min(len(tokens), last + MEASURE_WINDOW + 1)),
                  key=lambda k: min(abs(k - i), abs(k - last)))
    candidates = [counted or "", *chain, *(tokens[k].lemma_.lower() for k in near)]
    return next((words[w] for w in candidates if w in words), None)


def _form(value: float | None) -> str:
    """A figure as compared and shown: "24", "6.2", "18000"."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
