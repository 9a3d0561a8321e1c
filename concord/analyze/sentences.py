"""Sentence boundaries that survive wire copy: datelines, paragraph breaks, "X." at a paragraph end.

The ``concord_sentences`` component runs before the parser and pre-sets ``is_sent_start``,
which the parser respects: a dateline ("New Delhi [India], February 6 (ANI):") starts a line and
a sentence and never stands alone (a headline or standfirst above it stays a sentence of its
own), and a blank line always ends a sentence.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..model import Sentence

__all__ = ["SENTENCE_COMPONENT", "dateline_span", "doc_sentences", "doc_text"]

SENTENCE_COMPONENT = "concord_sentences"

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
#: Place [Country], Month Day[, Year] (Agency): — the place and at least one of the other parts.
_DATELINE = re.compile(
    rf"(?P<place>[A-Z][A-Za-z.'-]*(?:[ ][A-Z][A-Za-z.'-]*){{0,3}})"
    rf"(?:\s*\[(?P<country>[^\]\n]{{1,30}})\])?,?\s*"
    rf"(?P<date>{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{_MONTH}(?:,?\s+\d{{4}})?)?\s*"
    rf"(?:\((?P<agency>[A-Za-z][A-Za-z .&-]{{1,24}})\))?\s*(?::|—|–|--|-)\s+"
)
#: What may precede a dateline's place on its line: nothing, or a city before its region
#: ("JEDDAH, Saudi Arabia, March 11 -").
_LINE_PREFIX = re.compile(r"^\s*(?:[A-Z][A-Za-z.'-]*(?: [A-Z][A-Za-z.'-]*){0,3},\s*)?$")
#: How far into the text a dateline may start.
_DATELINE_WINDOW = 200
_TERMINAL = frozenset('.!?"”’)')


def dateline_span(text: str) -> tuple[int, int] | None:
    """Character span of the dateline near the top of ``text`` (None when it has none).

    A dateline starts a line: the text's first, or one after a headline or standfirst line.
    """
    for m in _DATELINE.finditer(text, 0, min(len(text), _DATELINE_WINDOW + 120)):
        if m.start() > _DATELINE_WINDOW:
            break
        line = text.rfind("\n", 0, m.start()) + 1
        if _LINE_PREFIX.match(text[line:m.start()]) and (m.group("country") or m.group("date") or m.group("agency")):
            return line + len(text[line:m.start()]) - len(text[line:m.start()].lstrip()), m.end()
    return None


@Language.component(SENTENCE_COMPONENT)
def fix_sentence_starts(doc: Doc) -> Doc:
    """Pre-set sentence starts: one at a dateline, none inside or right after it; always after a blank line."""
    span = dateline_span(doc.text)
    tokens = list(doc)  # one Token object each: indexing the doc builds a new one per access
    for previous, token in zip(tokens, tokens[1:]):
        gap = previous.whitespace_ + (previous.text if previous.is_space else "")
        if token.is_space:
            continue
        if span and token.idx == span[0]:
            token.is_sent_start = True
        elif span and span[0] < token.idx < span[1] + 1:
            token.is_sent_start = False
        elif "\n\n" in gap or "\n" in gap and _ends_sentence(doc, previous):
            token.is_sent_start = True
    return doc


def _ends_sentence(doc: Doc, token: object) -> bool:
    """True when the last non-space token up to ``token`` closes a sentence."""
    i = token.i  # type: ignore[attr-defined]
    while i > 0 and doc[i].is_space:
        i -= 1
    return doc[i].text[-1:] in _TERMINAL


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per doc (spaCy rebuilds the string from its tokens on every access)."""
    text = doc.user_data.get("concord_text")
    if text is None:
        text = doc.user_data["concord_text"] = doc.text
    return text


def doc_sentences(doc: Doc) -> list[Sentence]:
    """The doc's sentences as article-offset :class:`Sentence` records (trailing white space trimmed)."""
    sentences: list[Sentence] = []
    for sent in doc.sents:
        text = sent.text.strip()
        if not text:
            continue
        start = sent.start_char + len(sent.text) - len(sent.text.lstrip())
        sentences.append(Sentence(len(sentences), start, start + len(text), text))
    return sentences
