"""One PLOVER coding decision for an actor–recipient pair: rules on the parse, plus the learned model.

The rule coder (:mod:`plover_rules`) always runs: it finds the trigger, mode, negation and modality.
When a learned model is installed (:mod:`plover_model`) its class probabilities decide the type and the
rules supply the details; with no model the rules decide alone. The explanation says which fired.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..settings import EVENT_CODERS, check_choice
from .nlp import load_nlp
from .plover_features import mark, parse_marked, rule_features, spans_in
from .plover_model import LABELS, LearnedCoder, load_model
from .plover_rules import COOPERATIVE, Candidate, RuleResult, code_spans

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["Coding", "PairRequest", "code_pair", "code_pairs", "code_text", "code_texts", "frame_consult", "learned_coder"]

#: Type used when neither the rules nor a model say anything (rules-only mode, no trigger word).
_FALLBACK = "CONSULT"
_PHONE = re.compile(r"\b(phone|telephone|telephonic|call|video|virtual|videoconference|online)\b", re.I)
_MULTILATERAL = re.compile(r"\b(summit|G-?7|G-?20|NATO|ASEAN|UN General Assembly|conference)\b", re.I)


@dataclass
class Coding:
    """A coded event: type (one of the 16), mode, trigger token, negation, modality and why."""

    type: str
    mode: str | None
    trigger: Token | None
    confidence: float
    explanation: str
    negated: bool = False
    auxiliary: str | None = None
    coder: str = "rules"


def _best_of(candidates: Sequence[Candidate], types: Sequence[str]) -> Candidate | None:
    return next((c for c in candidates if c.trigger.type in types), None)


def _split_yield(rule: RuleResult | None) -> str:
    """PLV's YIELD back to PLOVER: CONCEDE (verbal, promised) or RETREAT (material, done)."""
    if rule is None:
        return "CONCEDE"
    if rule.type in ("CONCEDE", "RETREAT"):
        return rule.type
    best = _best_of(rule.candidates, ("CONCEDE", "RETREAT"))
    if best is None or rule.auxiliary in ("future", "hypothetical"):
        return "CONCEDE"
    return best.trigger.type


def _consult_mode(sent: Span, mode: str | None, trigger: Token | None = None) -> str | None:
    """The CONSULT mode: the trigger's own, else from the words around the trigger, else the sentence's."""
    if mode is not None:
        return mode
    for text in ([] if trigger is None else [" ".join(t.text for t in trigger.subtree)]) + [sent.text]:
        if _PHONE.search(text):
            return "phone"
        if _MULTILATERAL.search(text):
            return "multilateral"
    return None


def _from_rules(sent: Span, rule: RuleResult | None) -> Coding:
    if rule is None:
        return Coding(_FALLBACK, None, None, 0.05, "no trigger word matched; default type")
    mode = _consult_mode(sent, rule.mode, rule.trigger) if rule.type == "CONSULT" else rule.mode
    return Coding(rule.type, mode, rule.trigger, rule.confidence, f"rules: {rule.explanation}",
                  rule.negated, rule.auxiliary)  # fmt: skip


#: Below this top probability the learned model defers to a type the trigger rules found.
UNSURE = 0.2
#: ... and, while its top class is weak (below LOW), when the rules read an intention over a cooperative act
#: (the manual's AGREE) or, on whole report sentences, when it leads the runner-up by less than MARGIN.
MARGIN = 0.05
LOW = 0.35


def _from_model(sent: Span, rule: RuleResult | None, probs: np.ndarray, name: str, *, whole: bool = False) -> Coding:
    """The model's type, with the rules' details; ``whole`` marks an unmarked report sentence.

    The near-tie (MARGIN) deferral applies to whole report sentences only: on the marked sentences the
    model was trained on, out-of-fold probabilities show it costs more rows than it fixes.
    """
    order = np.argsort(-probs)
    label = LABELS[int(order[0])]
    etype = _split_yield(rule) if label == "YIELD" else label
    runner_up = f"{LABELS[int(order[1])]} {probs[order[1]]:.2f}"
    explanation = f"model {name}: {label} p={probs[order[0]]:.2f} (next {runner_up})"
    top, gap = float(probs[order[0]]), float(probs[order[0]] - probs[order[1]])
    if rule is not None and rule.type != etype and (top < UNSURE or whole and top < LOW and gap < MARGIN):
        # The model is nearly guessing or torn between two types (it was trained on marked sentences,
        # not whole reports): an explicit trigger word found on the parse is the better evidence.
        why = f"below {UNSURE:.2f}" if top < UNSURE else f"lead {gap:.2f} < {MARGIN:.2f}"
        explanation += f"; {why}, the rules' {rule.type} wins"
        etype = rule.type
    if rule is not None and rule.intent and etype in COOPERATIVE and top < LOW:
        explanation += f"; intended {etype} → AGREE"
        etype = "AGREE"  # the manual: intended or future cooperation is AGREE, whatever act it names
    if rule is not None and rule.type == "CONSULT" != etype and _held_for(rule, etype):
        explanation += f"; the main clause holds a {rule.trigger.text}: {etype} is only its purpose"
        etype = "CONSULT"
    if etype == "AGREE" and rule is not None and rule.type == "CONCEDE" and rule.auxiliary == "future":
        etype = "CONCEDE"  # the manual: a future RETREAT or CONCEDE is not reduced to AGREE
        explanation += "; future concession stays CONCEDE"
    mode: str | None = None
    trigger: Token | None = None
    negated, auxiliary = False, None
    if rule is not None:
        agrees = rule.type == etype
        cand = None if agrees else _best_of(rule.candidates, (etype,))
        if agrees:
            mode, trigger = rule.mode, rule.trigger
        elif cand is not None:
            mode, trigger = cand.trigger.mode, cand.token
        else:
            trigger = rule.trigger
        negated, auxiliary = rule.negated, rule.auxiliary
        explanation += f"; rules {'agree' if agrees else 'said ' + rule.type}: {rule.explanation}"
    if etype == "CONSULT":
        mode = _consult_mode(sent, mode, trigger)
    return Coding(etype, mode, trigger, round(float(probs[order[0]]), 3), explanation, negated, auxiliary, name)


def _held_for(rule: RuleResult, etype: str) -> bool:
    """Whether the sentence's main act is a meeting or call that was held ("X and Y held a call to
    reaffirm ..."), and ``etype`` is found only in the clause that gives its purpose, or nowhere."""
    noun = rule.trigger
    verb = noun.head
    if noun.pos_ != "NOUN" or noun.dep_ != "dobj" or verb.dep_ != "ROOT":
        return False
    other = _best_of(rule.candidates, (etype,))
    if other is None:
        return True
    purposes = [c for c in verb.children if c.dep_ in ("advcl", "xcomp") and any(
        g.dep_ == "aux" and g.lower_ == "to" for g in c.children)]
    return any(other.token in p.subtree for p in purposes)


#: Prepositions that make a meeting or call noun the occasion of the main act ("said during the call").
_FRAME_PREPS = frozenset("in during at on over after following".split())


def frame_consult(sent: Span, rule: RuleResult | None, main: Coding) -> Coding | None:
    """The CONSULT a sentence reports as the occasion of its main act, when the main act is not that CONSULT.

    "X congratulated Y in their first telephonic conversation" reports the call as well as the praise:
    a CONSULT trigger noun in a frame phrase ("in/during/after the call") yields a second coding.
    """
    if rule is None or main.type == "CONSULT":
        return None
    for cand in rule.candidates:
        tok = cand.token
        framed = tok.dep_ == "pobj" and tok.head.lower_ in _FRAME_PREPS and tok.head.dep_ == "prep"
        if cand.trigger.type != "CONSULT" or tok.pos_ != "NOUN" or not framed or tok == main.trigger:
            continue
        mode = _consult_mode(sent, cand.trigger.mode, tok)
        why = (f"rules: frame {tok.head.text} {tok.text!r} ({cand.trigger.source}: {cand.trigger.lemma} → CONSULT)"
               f" reports the occasion of the main {main.type}")
        return Coding("CONSULT", mode, tok, round(min(cand.score, 1.0), 3), why, False, None)
    return None


def _relative(span: Span, sent: Span) -> tuple[int, int]:
    return span.start_char - sent.start_char, span.end_char - sent.start_char


@dataclass(frozen=True)
class PairRequest:
    """One actor–recipient pair to code in ``sent``: its spans (may be empty), the rule coder's result for
    exactly these spans, and whether the learned model may decide the type."""

    sent: Span
    actors: Sequence[Span]
    recipients: Sequence[Span]
    rule: RuleResult | None
    use_model: bool = True


def code_pair(
    sent: Span,
    actors: Sequence[Span],
    recipients: Sequence[Span],
    *,
    use_model: bool = True,
) -> Coding:
    """Code the event between ``actors[0]`` and ``recipients[0]`` in ``sent`` (spans may be empty)."""
    return code_pairs([PairRequest(sent, actors, recipients, code_spans(sent, actors, recipients), use_model)])[0]


def learned_coder(coder: str) -> LearnedCoder | None:
    """The learned model behind an ``event_coder`` setting (see :data:`concord.settings.EVENT_CODERS`):
    the MiniLM blend for "model", the feature head alone for "features", none for "rules"."""
    check_choice("event_coder", coder, EVENT_CODERS)
    return None if coder == "rules" else load_model(with_encoder=coder == "model")


def code_pairs(requests: Sequence[PairRequest], coder: str = "model") -> list[Coding]:
    """Code many pairs, in order, with one batched call of the learned ``coder`` for those that may use it."""
    model = learned_coder(coder) if any(r.use_model for r in requests) else None
    if model is None:
        return [_refusal(_from_rules(r.sent, r.rule)) for r in requests]
    learned = [r for r in requests if r.use_model]
    rows = model.proba([_marked(r) for r in learned], [rule_features(r.sent, r.rule, r.actors, r.recipients)
                                                       for r in learned])  # fmt: skip
    probs = iter(rows)
    return [_from_model(r.sent, r.rule, next(probs), model.name, whole=True) if r.use_model
            else _refusal(_from_rules(r.sent, r.rule)) for r in requests]  # fmt: skip


#: Cooperative acts whose negation is a refusal: "will not lift the ban", "did not accept refugees".
_REFUSABLE = frozenset({"AGREE", "CONCEDE", "RETREAT", "SUPPORT", "COOPERATE", "AID"})


def _refusal(coding: Coding) -> Coding:
    """A negated cooperative act is a rejection (the manual's REJECT: refusing to cooperate, concede or
    help); other negated acts stay the act that did not happen, flagged negated."""
    if not coding.negated or coding.type not in _REFUSABLE:
        return coding
    why = f"{coding.explanation}; a refused {coding.type} is REJECT"
    return dataclasses.replace(coding, type="REJECT", mode=None, negated=False, explanation=why)


def _marked(request: PairRequest) -> str:
    """The request's sentence with its first actor and first recipient marked."""
    sent = request.sent
    text = sent.text.replace("<", "‹").replace(">", "›")  # a report may quote markers itself; same offsets
    return mark(text, *(_relative(s[0], sent) if s else None for s in (request.actors, request.recipients)))


def _locate(text: str, needle: str | None) -> tuple[int, int] | None:
    if not needle:
        return None
    at = text.lower().find(needle.lower())
    return (at, at + len(needle)) if at >= 0 else None


def code_text(text: str, source: str | None = None, target: str | None = None, *, coder: str = "model") -> Coding:
    """Code one sentence marked with ``<s>``/``<t>`` (or with ``source``/``target`` strings found in it)."""
    parsed = parse_marked(text)
    actor = parsed.actor or _locate(parsed.text, source)
    recipient = parsed.recipient or _locate(parsed.text, target)
    return code_texts([mark(parsed.text, actor, recipient)], coder=coder)[0]


def code_texts(marked: Sequence[str], *, coder: str = "model") -> list[Coding]:
    """Code many marked sentences at once (one spaCy pass, one batched call of the learned ``coder``)."""
    model = learned_coder(coder)
    parsed = [parse_marked(m) for m in marked]
    docs = list(load_nlp().pipe(p.text for p in parsed))
    spans = [(spans_in(d, [p.actor]), spans_in(d, [p.recipient])) for d, p in zip(docs, parsed)]
    rules = [code_spans(d[:], a, r) for d, (a, r) in zip(docs, spans)]
    if model is None:
        return [_from_rules(d[:], rule) for d, rule in zip(docs, rules)]
    feats = [rule_features(d[:], rule, a, r) for d, rule, (a, r) in zip(docs, rules, spans)]
    texts = [mark(p.text, p.actor, p.recipient) for p in parsed]
    probs = model.proba(texts, feats)
    return [_from_model(d[:], rule, row, model.name) for d, rule, row in zip(docs, rules, probs)]
