"""What the learned PLOVER coders see: the marked sentence text and parse features of the rule coder.

Shared by training (``scripts/train_event_coder.py``) and inference so both build identical inputs.
A marked sentence carries the actor as ``<s>…</s>`` and the recipient as ``<t>…</t>``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import InputError
from .plover_rules import RuleResult, type_evidence

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

__all__ = ["Marked", "mark", "parse_marked", "rule_features", "spans_in"]

_MARK = re.compile(r"</?[st]>")


@dataclass(frozen=True)
class Marked:
    """A marked sentence split into its plain text and the character spans of actor and recipient."""

    text: str
    actor: tuple[int, int] | None
    recipient: tuple[int, int] | None


def parse_marked(marked: str) -> Marked:
    """Strip ``<s>``/``<t>`` markers, keeping where they were; raises InputError on unbalanced marks."""
    plain: list[str] = []
    opened: dict[str, int] = {}
    spans: dict[str, tuple[int, int]] = {}
    pos = 0
    length = 0
    for match in _MARK.finditer(marked):
        piece = marked[pos : match.start()]
        plain.append(piece)
        length += len(piece)
        tag = match.group()
        name = tag.strip("</>")
        if tag.startswith("</"):
            if name not in opened:
                raise InputError("marked sentence", f"closing {tag} without opening tag")
            spans[name] = (opened.pop(name), length)
        else:
            opened[name] = length
        pos = match.end()
    plain.append(marked[pos:])
    if opened:
        raise InputError("marked sentence", f"unclosed <{next(iter(opened))}> marker")
    text = "".join(plain)
    return Marked(text, _strip(text, spans.get("s")), _strip(text, spans.get("t")))


def _strip(text: str, span: tuple[int, int] | None) -> tuple[int, int] | None:
    if span is None:
        return None
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def mark(text: str, actor: tuple[int, int] | None, recipient: tuple[int, int] | None) -> str:
    """Insert ``<s>``/``<t>`` markers around the given character spans of ``text`` (the inverse of parse)."""
    inserts: list[tuple[int, int, str]] = []
    for span, name in ((actor, "s"), (recipient, "t")):
        if span is not None:
            inserts += [(span[0], 1, f"<{name}>"), (span[1], 0, f"</{name}>")]
    out, pos = [], 0
    for at, _, tag in sorted(inserts):
        out += [text[pos:at], tag]
        pos = at
    out.append(text[pos:])
    return "".join(out)


def spans_in(doc: Doc | Span, spans: Sequence[tuple[int, int] | None]) -> list[Span]:
    """Token spans for character spans (relative to ``doc``'s text), expanded to whole tokens."""
    base = doc if hasattr(doc, "char_span") else doc.doc
    offset = 0 if base is doc else doc.start_char
    found = []
    for span in spans:
        if span is not None:
            tok_span = base.char_span(span[0] + offset, span[1] + offset, alignment_mode="expand")
            if tok_span is not None:
                found.append(tok_span)
    return found


def rule_features(
    sent: Span, result: RuleResult | None, actors: Sequence[Span], recipients: Sequence[Span] = ()
) -> dict[str, float]:
    """Sparse features from the parse: rule decision, per-type evidence, trigger, governing verbs, words
    between actor and recipient."""
    feats: dict[str, float] = {}
    if result is None:
        feats["rule=NONE"] = 1.0
    else:
        feats[f"rule={result.type}"] = 1.0
        feats[f"rulemode={result.type}/{result.mode}"] = 1.0
        feats[f"trig={result.trigger.lemma_.lower()}"] = 1.0
        feats[f"trigtype={result.candidates[0].trigger.type}"] = 1.0
        if result.negated:
            feats["negated"] = 1.0
        if result.auxiliary:
            feats[f"aux={result.auxiliary}"] = 1.0
        for etype, score in type_evidence(result.candidates).items():
            if score:
                feats[f"ev={etype}"] = score
    for span in actors[:1]:
        head = span.root.head
        feats[f"ahead={head.lemma_.lower()}"] = 1.0
        if head.dep_ in ("xcomp", "ccomp", "conj"):
            feats[f"ahead2={head.head.lemma_.lower()}"] = 1.0
        for child in head.children:
            if child.dep_ == "xcomp":
                feats[f"axcomp={child.lemma_.lower()}"] = 1.0
    for span in recipients[:1]:
        feats[f"rdep={span.root.dep_}"] = 1.0
        feats[f"rhead={span.root.head.lemma_.lower()}"] = 1.0
    if actors and recipients:
        lo, hi = sorted((actors[0].end, recipients[0].start))
        for tok in sent.doc[lo:hi]:
            if tok.is_alpha and not tok.is_stop:
                feats[f"mid={tok.lemma_.lower()}"] = 1.0
    return feats
