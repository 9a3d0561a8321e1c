"""Rule-based PLOVER coding on the dependency parse: trigger words between an actor and a recipient.

Given one parsed sentence and the token spans of its actor(s) and recipient(s), every token whose lemma
is a trigger in ``plover_triggers.tsv`` is a candidate; candidates are scored by the lexicon weight and by
how the parse ties them to the actor (its governing verb) and the recipient (in the trigger's subtree).
The winner is adjusted by the manual's rules: an intent verb over a cooperative act is AGREE, a
refusal over an act is REJECT (mode from the act), a future or announced RETREAT is CONCEDE, and so on.
Negation and modality (future, hypothetical) are read from the trigger's dependents.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .plover_lexicon import PLOVER_TYPES, Trigger, hazard_cues, sense_cues, sport_cues, triggers

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["COOPERATIVE", "Candidate", "RuleResult", "candidates", "code_spans", "cue_words", "game_result", "natural_agent",
           "in_sport", "type_evidence"]

#: Types of cooperation that an intention or a future tense turns into AGREE.
COOPERATIVE = ("CONSULT", "SUPPORT", "COOPERATE", "AID")
#: Verbs that turn the act they govern into an intention (AGREE, or CONCEDE for retreats).
_INTENT = frozenset(
    "agree pledge promise vow offer commit undertake decide plan intend prepare resolve consent".split()
)
#: Nouns of intent whose infinitive clause is a promised act ("his eagerness to conclude a framework").
_INTENT_NOUNS = frozenset("eagerness willingness readiness desire intention commitment determination resolve".split())
#: Verbs and nouns of stopping: the use of force they govern ends ("stop fighting", "a halt to the shelling").
_CEASE = frozenset("stop cease halt end suspend pause".split())
#: Types of the use or show of force whose end is a ceasefire.
_FORCE = ("ASSAULT", "MOBILIZE")
#: Wrapper types: when a trigger of this type governs another trigger, the mode comes from the inner act.
_WRAPPERS = ("REJECT", "REQUEST", "THREATEN")
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
_HYPOTHETICAL_AUX = frozenset({"would", "could", "might", "may", "should", "'d"})
_POS_OK = {"VERB": ("VERB", "AUX"), "NOUN": ("NOUN", "PROPN"), "ADJ": ("ADJ",),
           "ANY": ("VERB", "AUX", "NOUN", "PROPN")}  # fmt: skip
_CLAUSAL = ("xcomp", "ccomp", "advcl", "conj", "relcl", "acl", "pcomp")


@dataclass(frozen=True)
class Candidate:
    """A trigger token with its lexicon row and its structural score against the actor and recipient."""

    token: Token
    trigger: Trigger
    score: float
    why: str


@dataclass
class RuleResult:
    """The rule coder's decision for one actor–recipient pair in one sentence."""

    type: str
    mode: str | None
    trigger: Token
    confidence: float
    explanation: str
    negated: bool = False
    auxiliary: str | None = None
    candidates: list[Candidate] = field(default_factory=list)
    #: True when the type comes from an intention or future tense over a cooperative act (→ AGREE).
    intent: bool = False


def _dependent_lemmas(token: Token) -> set[str]:
    """Lemmas of a token's dependents, looking through prepositions to their objects; a preposition that
    only dates the act ("called him on Monday") is not a dependent that selects a sense."""
    found: set[str] = set()
    for child in token.children:
        if child.dep_ == "prep" and any(g.dep_ == "pobj" and g.ent_type_ in ("DATE", "TIME") for g in child.children):
            continue
        found.add(child.lemma_.lower())
        if child.dep_ in ("prep", "agent", "prt", "dobj", "pobj", "compound", "amod", "nmod"):
            found.update(g.lemma_.lower() for g in child.children if g.dep_ in ("pobj", "compound", "dobj"))
    return found


def cue_words(span: Span) -> list[str]:
    """The lemmas of a span and its two-lemma phrases, in order: what cue lexicons are matched against."""
    lemmas = [t.lemma_.lower() for t in span]
    return lemmas + [f"{a} {b}" for a, b in zip(lemmas, lemmas[1:])]


def _sense_counts(span: Span) -> Counter[str]:
    """How many cue words of each word sense (``plover_senses.tsv``) a span holds."""
    counts: Counter[str] = Counter()
    for word in cue_words(span):
        counts.update(sense for sense, cues in sense_cues().items() if word in cues)
    return counts


class _Senses:
    """The word senses a sentence shows, else its whole report shows (one sense per discourse); lazy."""

    def __init__(self, sent: Span) -> None:
        self.sent = sent
        self._counts: list[Counter[str]] = []

    def pick(self, wanted: Sequence[str]) -> str | None:
        """Of the ``wanted`` senses, the one with most cues in the sentence, else in the report (ties: first)."""
        for level, span in enumerate((self.sent, self.sent.doc[:])):
            if len(self._counts) <= level:
                self._counts.append(_sense_counts(span))
            counts = self._counts[level]
            best = max(wanted, key=lambda s: counts[s])
            if counts[best]:
                return best
        return None


def _match(token: Token, senses: _Senses) -> Trigger | None:
    """The most specific lexicon row that matches ``token`` (lemma, part of speech, dependent, word sense)."""
    lemma = token.lemma_.lower()
    rows = triggers().get(lemma) or triggers().get(token.lower_) or ()
    deps: set[str] | None = None
    fitting = []
    for row in rows:
        if token.pos_ not in _POS_OK[row.pos] or (row.pos == "VERB" and _naming(token)):
            continue
        if row.with_ is not None:
            deps = _dependent_lemmas(token) if deps is None else deps
            if row.with_ not in deps:
                continue
        fitting.append(row)
    sensed = [row for row in fitting if row.with_ is None and row.sense is not None]
    if fitting and fitting[0].with_ is None and sensed:
        sense = senses.pick([row.sense for row in sensed if row.sense is not None])
        return next((row for row in sensed if row.sense == sense), None) or next(
            (row for row in fitting if row.sense is None), None)
    return fitting[0] if fitting else None


def _naming(token: Token) -> bool:
    """A verb in its naming sense ("officials call it X", "called the report a fabrication"): an object
    predicate, or two objects, make it a description rather than the act the verb names."""
    objects = [c for c in token.children if c.dep_ in ("dobj", "oprd")]
    return any(c.dep_ == "oprd" for c in objects) or len(objects) > 1


def _ancestors_to(token: Token, target: Token) -> int | None:
    """Tree distance between two tokens of one sentence (None if unconnected)."""
    up: dict[int, int] = {}
    node, depth = token, 0
    while True:
        up[node.i] = depth
        if node.head.i == node.i:
            break
        node, depth = node.head, depth + 1
    node, depth = target, 0
    while True:
        if node.i in up:
            return up[node.i] + depth
        if node.head.i == node.i:
            return None
        node, depth = node.head, depth + 1


def _roots(spans: Sequence[Span]) -> list[Token]:
    return [span.root for span in spans]


def _inside(token: Token, spans: Sequence[Span]) -> bool:
    return any(span.start <= token.i < span.end for span in spans)


def _structure(token: Token, actors: Sequence[Span], recipients: Sequence[Span]) -> tuple[float, str]:
    """How well the parse ties a trigger to the actor and recipient: a factor in (0, 1.5] and a reason."""
    factor, reasons = 1.0, []
    if _inside(token, actors) or _inside(token, recipients):
        factor *= 0.35
        reasons.append("inside a marked span")
    for name, spans in (("actor", actors), ("recipient", recipients)):
        dists = [d for d in (_ancestors_to(token, r) for r in _roots(spans)) if d is not None]
        if not dists:
            continue
        dist = min(dists)
        factor *= 1.0 / (1.0 + 0.18 * max(dist - 1, 0))
        if name == "actor" and any(r.head.i == token.i and r.dep_.startswith("nsubj") for r in _roots(spans)):
            factor *= 1.3
            reasons.append("actor is its subject")
        if name == "recipient" and any(token.i in {a.i for a in r.ancestors} for r in _roots(spans)):
            factor *= 1.15
            reasons.append("recipient in its scope")
    if actors and recipients:
        a_end = min(s.end for s in actors)
        r_start = min(s.start for s in recipients)
        lo, hi = sorted((a_end, r_start))
        if lo <= token.i < hi:
            factor *= 1.15
            reasons.append("between actor and recipient")
    if token.pos_ in ("VERB", "AUX"):
        factor *= 1.1
    return min(factor, 1.5), ", ".join(reasons) or "in the sentence"


#: Links from a verb to the verb whose subject it shares ("struck …, killing 12": killing → struck).
_SHARED_SUBJECT = frozenset(("advcl", "xcomp", "conj", "acl"))


def natural_agent(token: Token) -> bool:
    """True when the one doing the act of ``token`` is a natural hazard (``plover_hazards.tsv``): its
    subject, the subject of the verb it hangs from, or the agent of a passive ("killed by/in floods")."""
    hazards = hazard_cues()
    verb = token
    while not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) and verb.dep_ in _SHARED_SUBJECT \
            and verb.head is not verb:
        verb = verb.head
    for child in verb.children:
        nouns = [child] if child.dep_ == "nsubj" else []
        if nouns and verb.dep_ == "relcl" and child.lower_ in ("that", "which"):
            nouns = [verb.head]  # "a cyclone that hit the coast"
        if child.dep_ == "agent" or child.dep_ == "prep" and child.lower_ in ("in", "by"):
            nouns = [g for g in child.children if g.dep_ == "pobj"]
        for noun in nouns:
            compound = " ".join(t.lemma_.lower() for t in noun.children if t.dep_ == "compound" and t.i == noun.i - 1)
            if noun.lemma_.lower() in hazards or f"{compound} {noun.lemma_.lower()}" in hazards:
                return True
    return False


def in_sport(sent: Span) -> bool:
    """True when a sports cue (``plover_sport_cues.tsv``: final, wicket, trophy …) occurs in the sentence."""
    return not sport_cues()[1].isdisjoint(cue_words(sent))


def game_result(sent: Span) -> bool:
    """True when the sentence reports a game: a contest verb (beat, defeat …) with a sports cue beside it."""
    contest = sport_cues()[0]
    return any(t.lemma_.lower() in contest for t in sent) and in_sport(sent)


def candidates(sent: Span, actors: Sequence[Span] = (), recipients: Sequence[Span] = ()) -> list[Candidate]:
    """Every trigger token in ``sent``, scored against the actor and recipient spans, best first.

    A contest verb (beat, defeat …) in a sentence with a sports cue reports a game, not an event: skipped.
    """
    found: list[Candidate] = []
    sport: bool | None = None
    senses = _Senses(sent)
    index = triggers()
    for token in sent:
        if token.lemma_.lower() not in index and token.lower_ not in index:
            continue  # most words are no trigger: skip the full match
        row = _match(token, senses)
        if row is None:
            continue
        if token.lemma_.lower() in sport_cues()[0]:
            sport = in_sport(sent) if sport is None else sport
            if sport:
                continue
        if natural_agent(token):
            continue
        factor, why = _structure(token, actors, recipients)
        found.append(Candidate(token, row, row.weight * factor, why))
    return sorted(found, key=lambda c: -c.score)


def type_evidence(found: Sequence[Candidate]) -> dict[str, float]:
    """Best candidate score per PLOVER type (0 for types with no trigger): features for a learner."""
    evidence = dict.fromkeys(PLOVER_TYPES, 0.0)
    for cand in found:
        evidence[cand.trigger.type] = max(evidence[cand.trigger.type], cand.score)
    return evidence


def _negated(token: Token) -> bool:
    """A ``not``/``never``/``no`` on the trigger or on the verb it hangs from."""
    chain = [token, *([token.head] if token.dep_ in ("xcomp", "dobj", "pobj", "attr") else [])]
    return any(c.dep_ == "neg" or c.lower_ in ("never", "no") and c.dep_ == "det"
               for t in chain for c in t.children)  # fmt: skip


def _auxiliary(token: Token) -> str | None:
    """``future`` or ``hypothetical`` from auxiliaries and intent verbs governing the trigger."""
    node: Token | None = token
    for _ in range(3):
        if node is None:
            break
        for child in node.children:
            if child.dep_ in ("aux", "auxpass"):
                word = child.lower_
                if word in _FUTURE_AUX:
                    return "future"
                if word in _HYPOTHETICAL_AUX:
                    return "hypothetical"
                if word == "going" or (word == "to" and node.head.lemma_ in _INTENT | {"be"}):
                    if node.head.lemma_ in _INTENT or node.head.lower_ == "going":
                        return "future"
        if any(c.dep_ == "mark" and c.lower_ == "if" for c in node.children):
            return "hypothetical"
        node = node.head if node.dep_ in ("xcomp", "ccomp") and node.head.i != node.i else None
    return None


def _inner(token: Token, found: Sequence[Candidate]) -> Candidate | None:
    """The best trigger in a clause that ``token`` governs (the act an intent or refusal is about)."""
    by_index = {c.token.i: c for c in found}
    for child in token.children:
        if child.dep_ in ("xcomp", "ccomp", "dobj", "pobj", "prep", "pcomp"):
            for tok in child.subtree:
                if tok.i in by_index and tok.i != token.i:
                    return by_index[tok.i]
    return None


#: How a note ends when an intention or a future tense made a cooperative act AGREE (sets RuleResult.intent).
_TO_AGREE = "→ AGREE"
_REQUEST_MODE = {"CONSULT": "meet", "AID": "assist", "COOPERATE": "assist", "SUPPORT": "assist",
                 "RETREAT": "yield", "CONCEDE": "yield"}  # fmt: skip
_THREAT_MODE = {("COERCE", "arrest"): "arrest", ("COERCE", "restrict"): "restrict",
                ("SANCTION", "expel"): "expel", ("COERCE", "deport"): "expel"}  # fmt: skip


def _intended(token: Token) -> bool:
    """The act is the object of an intention: an infinitive under an intent verb or noun (or a conjunct of one)."""
    node = token
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
    head = node.head.lemma_.lower()
    return (node.dep_ == "xcomp" and head in _INTENT) or (node.dep_ == "acl" and head in _INTENT_NOUNS)


def _ceased(token: Token) -> bool:
    """The act is what a verb or noun of stopping governs ("stop fighting", "a halt to the shelling")."""
    node = token
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
    if node.dep_ == "pobj":
        node = node.head
    return node.dep_ in ("dobj", "xcomp", "prep", "pcomp") and node.head.lemma_.lower() in _CEASE


def _ends_force(act: Candidate, found: Sequence[Candidate]) -> bool:
    """The act is the end of force: a use of force that is stopped, or a stopping trigger (halt …) over one."""
    if act.token.lemma_.lower() in _CEASE:
        inner = _inner(act.token, found)
        return inner is not None and inner.trigger.type in _FORCE
    return act.trigger.type in _FORCE and _ceased(act.token)


def _means(found: Sequence[Candidate]) -> Candidate | None:
    """The best ASSAULT trigger that names a means (air strike, shelling …): the mode of a bare attack."""
    return next((c for c in found if c.trigger.type == "ASSAULT" and c.trigger.mode), None)


def _refine(best: Candidate, found: Sequence[Candidate], aux: str | None) -> tuple[str, str | None, str]:
    """Apply the manual's composition rules to the winning trigger; returns type, mode and a note."""
    etype, mode = best.trigger.type, best.trigger.mode
    inner = _inner(best.token, found)
    if best.token.lemma_ in _INTENT or _intended(best.token):
        act = inner if best.token.lemma_ in _INTENT else best
        if act is not None and _ends_force(act, found):
            return "AGREE", None, f"intent to end force (a ceasefire) {_TO_AGREE}"
        if act is not None and act.trigger.type in ("RETREAT", "CONCEDE"):
            return "CONCEDE", None, f"intent over {act.trigger.type.lower()} → CONCEDE"
        if act is not None and act.trigger.type in ("ASSAULT", "COERCE", "SANCTION"):
            return "THREATEN", "violence" if act.trigger.type == "ASSAULT" else None, "vow of force → THREATEN"
        if act is None or act.trigger.type in (*COOPERATIVE, "AGREE"):
            return "AGREE", None, f"intent to cooperate {_TO_AGREE}"
    if etype in _WRAPPERS and inner is not None:
        if etype == "THREATEN":
            key = (inner.trigger.type, inner.trigger.mode)
            violent = inner.trigger.type in ("ASSAULT", "MOBILIZE")
            return etype, _THREAT_MODE.get(key, "violence" if violent else mode), f"threat of {inner.token.lemma_}"
        return etype, _REQUEST_MODE.get(inner.trigger.type, "change"), f"{etype.lower()} of {inner.token.lemma_}"
    if aux == "future" and etype in COOPERATIVE:
        return "AGREE", None, f"future {etype} {_TO_AGREE}"
    if _ends_force(best, found):
        etype, mode, note = "RETREAT", "ceasefire", "end of force → RETREAT"
        return ("CONCEDE", None, note + "; future → CONCEDE") if aux == "future" else (etype, mode, note)
    if aux == "future" and etype == "RETREAT":
        return "CONCEDE", None, "future RETREAT → CONCEDE"
    means = _means(found) if etype == "ASSAULT" and mode is None else None
    if means is not None:
        return etype, means.trigger.mode, f"means from {means.token.lemma_!r}"
    return etype, mode, ""


def code_spans(sent: Span, actors: Sequence[Span] = (), recipients: Sequence[Span] = ()) -> RuleResult | None:
    """Code one sentence for the given actor/recipient spans; None when no trigger word is present."""
    found = candidates(sent, actors, recipients)
    if not found:
        return None
    best = found[0]
    aux = _auxiliary(best.token)
    etype, mode, note = _refine(best, found, aux)
    trig = best.trigger
    expl = f"trigger {best.token.text!r} ({trig.source}: {trig.lemma}{' + ' + trig.with_ if trig.with_ else ''}"
    expl += f" → {trig.type}{'/' + trig.mode if trig.mode else ''}); {best.why}"
    if note:
        expl += f"; {note}"
    negated = _negated(best.token)
    intent = etype == "AGREE" and note.endswith(_TO_AGREE)
    return RuleResult(etype, mode, best.token, round(min(best.score, 1.0), 3), expl, negated, aux, found, intent)
