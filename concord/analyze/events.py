"""PLOVER event mentions from one parsed sentence: type, mode, context, actors, recipients, date, citation.

The actor/recipient roles come from the dependency parse around the trigger word; the type comes from
:func:`concord.analyze.plover_coder.code_pairs` (trigger patterns, plus the shipped learned model when it
is installed, run once over all the trigger sentences of an article). Negated events are kept and flagged,
never dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from ..model import Actor, Article, Citation, EventMention, TimeExpression
from .plover_coder import Coding, PairRequest, code_pairs, frame_consult
from .plover_lexicon import cameo_code, context_cues, intensity
from .plover_rules import RuleResult, code_spans, cue_words, game_result

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["SentenceInput", "extract_article_events", "extract_events"]

PRODUCER = "concord.analyze.events"
#: CONSULT modes in which one side visits and the other hosts; all other consultations are reciprocal.
_DIRECTED_CONSULT = ("visit",)
_MODE_CONTEXTS = {"cyber": "cyber", "misinformation": "misinformation", "unconventional": "cbrn"}


def _attribution(span: Span) -> bool:
    """The mention is the source a report cites ("according to the ministry"), not a party to the event."""
    head = span.root.head
    return span.root.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according"


def _spans(sent: Span, mentions: Sequence[tuple[Actor, Citation]]) -> list[tuple[Actor, Span]]:
    """Token spans of the actor mentions that fall inside this sentence, sources of attribution left out."""
    found: list[tuple[Actor, Span]] = []
    for actor, cite in mentions:
        span = sent.doc.char_span(cite.start, cite.end, alignment_mode="expand")
        if span is not None and sent.start <= span.start and span.end <= sent.end and not _attribution(span):
            found.append((actor, span))
    return found


def _is_recipient(span: Span, trigger: Token) -> bool:
    """A mention is on the recipient side when it sits in the trigger's scope after the trigger."""
    root = span.root
    if root.dep_.startswith("nsubj") and root.head.i == trigger.i:
        return False
    in_scope = trigger.i in {a.i for a in root.ancestors}
    return in_scope and span.start > trigger.i


#: Links inside one noun phrase: a mention joined by these is as near the trigger as the word it hangs on.
_SAME_PHRASE = frozenset({"conj", "appos", "compound", "amod", "poss", "nmod", "flat", "case"})


#: Prepositions that name where an act happens ("at the State Department"), not whom it is done to.
_VENUE_PREPS = frozenset({"in", "at", "inside"})


def _distance(span: Span, trigger: Token) -> tuple[bool, int]:
    """How far a mention is from the trigger: whether it is only the venue, then how many phrase
    boundaries (objects, prepositions, clauses) lie between them."""
    root = span.root
    venue = root.dep_ == "pobj" and root.head.lower_ in _VENUE_PREPS
    depth, node = 0, root
    while node.i != trigger.i and node.head.i != node.i:
        depth += node.dep_ not in _SAME_PHRASE
        node = node.head
    return venue, depth


def _roles(
    pairs: Sequence[tuple[Actor, Span]], trigger: Token | None
) -> tuple[list[tuple[Actor, Span]], list[tuple[Actor, Span]]]:
    """Split the sentence's mentions into actors and recipients around the trigger.

    The recipients are the nearest mentions in the trigger's scope ("urged the US to press Russia": the
    US); mentions nested deeper ("a truce in its war with Russia") are background, neither side.
    """
    if trigger is None:
        return list(pairs[:1]), list(pairs[1:2])
    actors = [p for p in pairs if not _is_recipient(p[1], trigger)]
    doers = [p for p in actors if not _is_source(p[1], trigger)]
    actors = doers or actors  # "..., officials said": who tells of the act is not its actor, unless nobody else is
    recipients = [p for p in pairs if _is_recipient(p[1], trigger)]
    if recipients:
        nearest = min(_distance(span, trigger) for _, span in recipients)
        recipients = [p for p in recipients if _distance(p[1], trigger) == nearest]
    if not actors and recipients:
        actors = [recipients.pop(0)]
    return actors, recipients


#: Verbs that attribute a report ("officials said", "told reporters") rather than act in it.
_REPORTING = frozenset("say tell add report state note confirm write quote".split())


def _is_source(span: Span, trigger: Token) -> bool:
    """Whether a mention only attributes the sentence: the subject of a reporting verb the trigger's clause
    hangs from ("they agreed ..., officials said"), or "according to" it."""
    root = span.root
    if root.dep_ == "pobj" and root.head.lower_ == "to" and root.head.head.lower_ == "according":
        return True
    verb = root.head
    if root.dep_ != "nsubj" or verb.lemma_.lower() not in _REPORTING or verb == trigger:
        return False
    node = trigger  # the trigger must sit in what is reported (a clausal complement), not be a verb joined to it
    while node != verb and node.head != node:
        if node.dep_ in ("ccomp", "parataxis") and node.head == verb:
            return True
        node = node.head
    return False


def _unique(actors: Sequence[Actor]) -> list[Actor]:
    """Each resolved actor once (same name and country), first mention order."""
    seen: set[tuple[str, str | None]] = set()
    out: list[Actor] = []
    for actor in actors:
        key = (actor.name, actor.country)
        if key not in seen:
            seen.add(key)
            out.append(actor)
    return out


def _contexts(sent: Span, mode: str | None) -> list[str]:
    """PLOVER contexts suggested by cue words in the sentence (and by the mode for cyber/CBRN modes)."""
    cues = context_cues()
    found: list[str] = []
    for word in cue_words(sent):
        ctx = cues.get(word)
        if ctx and ctx not in found:
            found.append(ctx)
    if mode in _MODE_CONTEXTS and _MODE_CONTEXTS[mode] not in found:
        found.append(_MODE_CONTEXTS[mode])
    return found


def _date(sent: Span, article: Article, times: Sequence[TimeExpression]) -> tuple[str | None, str | None, str]:
    """The event's date and precision from the sentence's own time expressions, and a note on where from.

    With none, a lead sentence that carries the dateline and reports a past act (the wire convention
    "CITY, DATE: X did Y") takes the dateline's day; any other sentence stays undated.
    """
    if times:
        return times[0].value, times[0].precision, ""
    line = article.dateline
    if line is None or line.date is None or not line.raw or line.raw.strip() not in sent.text:
        return None, None, ""
    if sent.root.tag_ != "VBD":
        return None, None, ""
    return line.date.isoformat(), "day", "; date from the dateline (lead sentence, past act, no date of its own)"


#: Agent nouns that make a clause's subject someone acting ("the leaders discussed cooperation").
_AGENT_NOUNS = frozenset(
    "leader minister official side government country nation delegation president premier counterpart"
    " envoy diplomat ambassador secretary chief".split()
)
_AGENT_ENTS = ("PERSON", "ORG", "GPE", "NORP")


def _acting(token: Token, spans: Sequence[Span]) -> bool:
    """A subject that is someone: a resolved actor mention, a pronoun, a named agent or an agent noun."""
    return (any(s.start <= token.i < s.end for s in spans) or token.pos_ == "PRON"
            or token.ent_type_ in _AGENT_ENTS or token.lemma_.lower() in _AGENT_NOUNS)  # fmt: skip


def _background(trigger: Token | None, spans: Sequence[Span]) -> bool:
    """A nominal trigger no actor performs: no possessor and no verb of doing with an acting subject above it.

    "X-Y defence cooperation is multi-faceted" describes a standing relationship, not a new event.
    """
    if trigger is None or trigger.pos_ not in ("NOUN", "PROPN"):
        return False
    if any(c.dep_ == "poss" and _acting(c, spans) for c in trigger.children):
        return False
    for verb in trigger.ancestors:
        if verb.pos_ != "VERB" or verb.lemma_ == "be":
            continue
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "agent")]
        subjects += [g for c in subjects if c.dep_ == "agent" for g in c.children]
        if any(_acting(c, spans) for c in subjects if c.i != trigger.i):
            return False
    return True


def _historical(value: str | None, article: Article) -> bool:
    """An event dated in a year before last (relative to the article's date) is background history."""
    ref = article.date or article.published
    if value is None or ref is None or not value[:4].isdigit():
        return False
    return int(value[:4]) < ref.year - 1


def _mention(
    sent: Span, index: int, article: Article, coding: Coding,
    actors: list[Actor], recipients: list[Actor], times: Sequence[TimeExpression], spans: Sequence[Span],
) -> EventMention:  # fmt: skip
    citation = Citation(article.id, index, sent.start_char, sent.end_char, PRODUCER, sent.text)
    trigger = None
    if coding.trigger is not None:
        tok = coding.trigger
        trigger = Citation(article.id, index, tok.idx, tok.idx + len(tok.text), PRODUCER, tok.text)
    date, precision, note = _date(sent, article, times)
    auxiliary, explanation = coding.auxiliary, coding.explanation + note
    if auxiliary is None and _historical(date, article):
        auxiliary = "historical"
    elif auxiliary is None and _background(coding.trigger, spans):
        # Background, not news: kept for the record but flagged so clustering and briefs can set it aside.
        auxiliary = "historical"
        explanation += "; background: nominal trigger with no acting subject"
    return EventMention(
        type=coding.type,
        citation=citation,
        mode=coding.mode,
        context=_contexts(sent, coding.mode),
        actors=actors,
        recipients=recipients,
        trigger=trigger,
        date=date,
        date_precision=precision,
        negated=coding.negated,
        auxiliary=auxiliary,
        confidence=coding.confidence,
        explanation=explanation,
        cameo=cameo_code(coding.type, coding.mode),
        intensity=intensity(coding.type, coding.mode),
    )


class SentenceInput(NamedTuple):
    """One parsed sentence of an article with its resolved actor mentions and time expressions."""

    sent: Span
    index: int
    mentions: list[tuple[Actor, Citation]]
    times: list[TimeExpression]


def extract_events(
    sent: Span,
    index: int,
    article: Article,
    mentions: list[tuple[Actor, Citation]],
    times: list[TimeExpression],
) -> list[EventMention]:
    """Code the PLOVER events a sentence reports, if any, with actors, recipients, date and citation.

    ``sent.doc`` is the parsed ``article.text``; ``mentions`` are the resolved actor mentions in the
    sentence and ``times`` its resolved time expressions (dateline excluded). Returns [] when no event
    trigger is found; a second, CONSULT, mention when the main act happened in a call or meeting.
    """
    return extract_article_events(article, [SentenceInput(sent, index, mentions, times)])


def extract_article_events(article: Article, sentences: Sequence[SentenceInput],
                           coder: str = "model") -> list[EventMention]:
    """:func:`extract_events` for many sentences of ``article``, in order, with one call of the learned
    ``coder`` (an ``event_coder`` setting).

    Three phases: the trigger rules and the actor/recipient roles per sentence; one
    :func:`~concord.analyze.plover_coder.code_pairs` call over every sentence with an event trigger; the
    mentions finished per sentence. The result equals coding the sentences one by one, except that a
    sports report (:func:`_sports_report`) codes nothing.
    """
    if _sports_report(sentences):
        return []
    pending = [p for p in map(_probe, sentences) if p is not None]
    codings = code_pairs([p.request for p in pending], coder)
    return [m for p, coding in zip(pending, codings) for m in _finish(p, coding, article)]


def _sports_report(sentences: Sequence[SentenceInput]) -> bool:
    """A report that leads with a game result is about sport: its other sentences (an innings, a "spin
    attack", a player "given a start") describe the game, not political events."""
    lead = min(sentences, key=lambda s: s.index, default=None)
    return lead is not None and game_result(lead.sent)


@dataclass(frozen=True)
class _Pending:
    """A sentence with an event trigger, its roles split, waiting for its coding."""

    sentence: SentenceInput
    probe: RuleResult
    actor_pairs: list[tuple[Actor, Span]]
    recipient_pairs: list[tuple[Actor, Span]]
    spans: list[Span]
    request: PairRequest


def _probe(item: SentenceInput) -> _Pending | None:
    """Phase one: the trigger rules on the sentence's first two mentions and the roles around the trigger;
    None when the sentence has no event language at all (no event, whatever a model would say)."""
    pairs = _spans(item.sent, item.mentions)
    first, second = [s for _, s in pairs[:1]], [s for _, s in pairs[1:2]]
    probe = code_spans(item.sent, first, second)
    if probe is None:
        return None
    actor_pairs, recipient_pairs = _roles(pairs, probe.trigger)
    actors, recipients = [s for _, s in actor_pairs[:1]], [s for _, s in recipient_pairs[:1]]
    # A negated act is coded as the act that did not happen, flagged negated (PLOVER's negation mode),
    # so its type comes from its trigger rather than from the learned model.
    same = _same(actors, first) and _same(recipients, second)  # then the probe already coded these very spans
    rule = probe if same else code_spans(item.sent, actors, recipients)
    request = PairRequest(item.sent, actors, recipients, rule, use_model=not probe.negated)
    return _Pending(item, probe, actor_pairs, recipient_pairs, [s for _, s in pairs], request)


def _same(a: Sequence[Span], b: Sequence[Span]) -> bool:
    """The same token spans in the same order."""
    return [(s.start, s.end) for s in a] == [(s.start, s.end) for s in b]


def _finish(pending: _Pending, coding: Coding, article: Article) -> list[EventMention]:
    """Phase three: the main mention and, when the main act happened in a call or meeting, its CONSULT."""
    sent, index, _, times = pending.sentence
    actors = _unique([a for a, _ in pending.actor_pairs])
    recipients = _unique([a for a, _ in pending.recipient_pairs])
    found = []
    # Nobody is the recipient of their own act, nor a state of its own government's ("the Kremlin ... Moscow").
    own = {a.country for a in actors if a.country}
    doers = {(a.name, a.country) for a in actors}
    recipients = [r for r in recipients if (r.name, r.country) not in doers and not (r.kind == "state" and r.country in own)]
    for each in [coding, *filter(None, [frame_consult(sent, pending.probe, coding)])]:
        who, whom = actors, recipients
        if each.type == "CONSULT" and each.mode not in _DIRECTED_CONSULT:
            who, whom = _unique(actors + recipients), []
        found.append(_mention(sent, index, article, each, who, whom, times, pending.spans))
    return found
