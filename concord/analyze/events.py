"""PLOVER event mentions from one parsed sentence: type, mode, context, actors, recipients, date, citation.

The actor/recipient roles come from the dependency parse around the trigger word; the type comes from
:func:`concord.analyze.plover_coder.code_pairs` (trigger patterns, plus the shipped learned model when it
is installed, run once over all the trigger sentences of an article). Negated events are kept and flagged,
never dropped.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from ..model import Actor, Article, Citation, EventMention, TimeExpression
from .plover_coder import Coding, PairRequest, code_pairs, frame_consult
from .parties import Party, parties
from .plover_lexicon import cameo_code, context_cues, intensity, is_verbal
from .plover_rules import RuleResult, code_spans, cue_words, game_result, in_sport, natural_agent
from .roles import REPORTING_VERBS, RoleSlots, clause_depth, demand_slots, governing_verbs, role_slots

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["SentenceInput", "extract_article_events", "extract_events"]

PRODUCER = "concord.analyze.events"
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


def _unique(actors: Sequence[Actor]) -> list[Actor]:
    """Each actor once (same id, else same name and country), first mention order."""
    seen: set[tuple[str, str | None]] = set()
    out: list[Actor] = []
    for actor in actors:
        key = (actor.id, None) if actor.id else (actor.name, actor.country)
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
    who: tuple[list[Actor], list[Actor], bool], times: Sequence[TimeExpression], spans: Sequence[Span],
) -> EventMention:  # fmt: skip
    """The finished mention; ``who`` is (actors, recipients, whether they act together)."""
    actors, recipients, reciprocal = who
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
        reciprocal=reciprocal,
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


def extract_article_events(article: Article, sentences: Sequence[SentenceInput], coder: str = "model",
                           skip: Sequence[tuple[int, int]] = (),
                           known: Callable[[Actor], Actor] | None = None) -> list[EventMention]:
    """:func:`extract_events` for many sentences of ``article``, in order, with one call of the learned
    ``coder`` (an ``event_coder`` setting).

    Three phases: the trigger rules and the actor/recipient roles per sentence; one
    :func:`~concord.analyze.plover_coder.code_pairs` call over every sentence with an event trigger; the
    mentions finished per sentence. The result equals coding the sentences one by one, except that a
    sports report (:func:`_sports_report`) codes nothing.
    """
    if _sports_report(sentences):
        return []
    lead = _lead_index(sentences)
    pending = [p for item in sentences if (p := _probe(item, article, item.index == lead, skip)) is not None]
    codings = code_pairs([p.request for p in pending], coder)
    return [m for p, coding in zip(pending, codings) for m in _finish(p, coding, article, known)]


def _sports_report(sentences: Sequence[SentenceInput]) -> bool:
    """A report that leads with a game result is about sport: its other sentences (an innings, a "spin
    attack", a player "given a start") describe the game, not political events."""
    lead = min(sentences, key=lambda s: s.index, default=None)
    return lead is not None and game_result(lead.sent)


def _lead_index(sentences: Sequence[SentenceInput]) -> int | None:
    """The lead: the first of the first two sentences that names an actor (what the report is about)."""
    return next((s.index for s in sorted(sentences, key=lambda s: s.index)[:2] if s.mentions), None)


#: A lead sentence with no trigger word still reports an act when the learned coder is at least this
#: sure of its type (an a-priori floor, not fitted: the shipped coder was trained on PLV_dev, so its
#: confidence on those rows cannot be used to choose it).
LEAD_FLOOR = 0.5


def _lead_verb(sent: Span) -> Token | None:
    """The main verb of a lead sentence with no trigger word (:func:`_main_verb`), offered to the learned
    coder; None when it is done by a natural hazard or the sentence is about sport (the rules left those
    out on purpose)."""
    root = _main_verb(sent)
    if root.pos_ not in ("VERB", "AUX") or natural_agent(root) or in_sport(sent):
        return None
    return root


def _main_verb(sent: Span) -> Token:
    """The verb of the act a sentence reports: its root, or under a verb of saying the verb of what was
    said ("X opened ties with Y, the ministry said")."""
    root = sent.root
    if root.lemma_.lower() in REPORTING_VERBS:
        return next((c for c in root.children if c.dep_ in ("ccomp", "parataxis") and c.pos_ in ("VERB", "AUX")),
                    root)
    return root


@dataclass(frozen=True)
class _Pending:
    """A sentence with an event trigger (or a lead sentence), its parties found, waiting for its coding."""

    sentence: SentenceInput
    probe: RuleResult | None
    trigger: Token
    sides: _Sides
    pairs: list[tuple[Actor, Span]]
    skip: Sequence[tuple[int, int]]
    request: PairRequest


def _probe(item: SentenceInput, article: Article, lead: bool, skip: Sequence[tuple[int, int]]) -> _Pending | None:
    """Phase one: the trigger rules, then the parties around the trigger. None when the sentence has no
    event language at all, unless it is the report's lead (then its main verb is offered to the coder)."""
    pairs = _spans(item.sent, item.mentions)
    first, second = [s for _, s in pairs[:1]], [s for _, s in pairs[1:2]]
    probe = code_spans(item.sent, first, second)
    trigger = probe.trigger if probe is not None else _lead_verb(item.sent) if lead else None
    if trigger is None:
        return None
    sides = _sides(trigger, pairs, article.id, item.index, skip)
    # the coder sees the first phrase of each side marked, as its training data was
    marks = [p.phrase for p in sides.actors[:1]], [p.phrase for p in sides.recipients[:1]]
    if marks[0] and marks[1] and _overlap(marks[0][0], marks[1][0]):
        marks = marks[0], [s for _, s in sides.recipients[0].actors[:1] if not _overlap(s, marks[0][0])]
    # A negated act is coded as the act that did not happen, flagged negated (PLOVER's negation mode),
    # so its type comes from its trigger rather than from the learned model.
    same = _same(marks[0], first) and _same(marks[1], second)  # then the probe already coded these very spans
    rule = probe if same or probe is None else code_spans(item.sent, *marks)
    request = PairRequest(item.sent, *marks, rule, use_model=probe is None or not probe.negated)
    return _Pending(item, probe, trigger, sides, pairs, skip, request)


def _sides(trigger: Token, pairs: list[tuple[Actor, Span]], article_id: str, index: int,
           skip: Sequence[tuple[int, int]]) -> _Sides:
    """The actor and recipient parties of the act ``trigger`` names, and whether the actors are only
    whoever said it. With no recipient, the later of coordinated actors are the other side ("Jordan
    and Britain agreed": Britain is Jordan's counterpart)."""
    slots = role_slots(trigger)
    actors = parties(slots.actors, pairs, article_id, index, skip)
    if not any(p.actors for p in actors):  # "a judge approved the extradition of X to face charges"
        actors = _governing_side(trigger, lambda s: s.actors, set(), pairs, article_id, index, skip) or actors
    spoken = not any(p.actors for p in actors) and bool(slots.speakers)
    if spoken:
        actors = parties(slots.speakers, pairs, article_id, index, skip)
    recipients = parties(slots.recipients, pairs, article_id, index, skip)
    if not any(p.actors for p in recipients):
        doers = {id(a) for p in actors for a, _ in p.actors}
        recipients = _governing_side(trigger, lambda s: s.recipients, doers, pairs, article_id, index,
                                     skip) or recipients
    if not any(p.actors for p in recipients):
        if len(actors) > 1:
            return _Sides(actors[:1], actors[1:], spoken, True)
        if actors and len(actors[0].actors) > 1:  # "the two ministers": one phrase, both sides
            first, *others = actors[0].actors
            return _Sides([Party(first[1], (first,))], [Party(span, ((actor, span),)) for actor, span in others],
                          spoken, True)
        for heads in (slots.places, slots.reach):  # "sought refuge in X", "gave $5m to promote trade with X"
            found = parties(heads, pairs, article_id, index, skip)
            if any(p.actors for p in found):
                return _Sides(actors, found[:1], spoken, False)
        recipients = parties(slots.places, pairs, article_id, index, skip) or recipients
    return _Sides(actors, recipients, spoken, False)


def _governing_side(trigger: Token, side: Callable[[RoleSlots], tuple[Token, ...]], others: set[int],
                    pairs: list[tuple[Actor, Span]], article_id: str, index: int,
                    skip: Sequence[tuple[int, int]]) -> list[Party]:
    """One side (actors or recipients) of the nearest verb above ``trigger`` whose side names someone not
    in ``others``, for a trigger whose own clause names nobody there ("sent experts to Saudi Arabia to
    investigate the attacks", "a judge approved the extradition of X to face charges"); never past a
    verb of saying (what is said is another act than the saying)."""
    for verb in governing_verbs(trigger):
        found = parties(side(role_slots(verb)), pairs, article_id, index, skip)
        if any(id(a) not in others for p in found for a, _ in p.actors):
            return found
    return []


class _Sides(NamedTuple):
    """The parties of one act: who acts, who is acted on, whether the actors only said it (the speaker
    of the clause), and whether the two sides act together (coordinated subjects, nobody acted on)."""

    actors: list[Party]
    recipients: list[Party]
    spoken: bool
    reciprocal: bool


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _same(a: Sequence[Span], b: Sequence[Span]) -> bool:
    """The same token spans in the same order."""
    return [(s.start, s.end) for s in a] == [(s.start, s.end) for s in b]


def _in_name(token: Token) -> bool:
    """A capitalised word inside a sentence that belongs to a proper name ("Israel Flying Aid")."""
    return token.is_title and token.i > token.sent.start and (
        token.pos_ == "PROPN" or any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in token.children))


def _lead_word(pending: _Pending, coding: Coding, article: Article) -> Token | None:
    """The coded type's trigger word that reports the sentence's act: of the words that trigger that type,
    one outside a name ("Israel Flying Aid"), then the one whose parties the parse fills on more sides,
    then the one fewest subordinate clauses down (an act a relative or adverbial clause adds is background
    to the one the sentence reports), then the coder's own choice. A word the coder overruled as an aside
    (:func:`_aside`) gives way to the sentence's main verb when that fills as many sides."""
    word, rule = coding.trigger, pending.request.rule
    if word is None or rule is None:
        return word
    if _aside(word, coding, rule):
        main = _main_verb(pending.sentence.sent)
        return main if _filled(pending, main, article) >= _filled(pending, word, article) else word
    others = [c.token for c in rule.candidates if c.trigger.type == coding.type and c.token.i != word.i]
    if not others:
        return word

    def rank(pair: tuple[int, Token]) -> tuple[bool, int, int, int]:
        order, token = pair
        named = any(span.start <= token.i < span.end for _, span in pending.pairs) or _in_name(token)
        return named, -_filled(pending, token, article), clause_depth(token), order

    return min(enumerate([word, *others]), key=rank)[1]


def _filled(pending: _Pending, word: Token, article: Article) -> int:
    """On how many sides (actor, recipient) the parse names someone for the act ``word`` names."""
    sides = _sides(word, pending.pairs, article.id, pending.sentence.index, pending.skip)
    return any(p.actors for p in sides.actors) + any(p.actors for p in sides.recipients)


def _aside(word: Token, coding: Coding, rule: RuleResult) -> bool:
    """A trigger word of another type than the coded one (the learned coder overruled it) that is a noun or
    sits in a subordinate clause: an aside of the sentence, not what it reports."""
    own = any(c.token.i == word.i and _family(c.trigger.type) == _family(coding.type) for c in rule.candidates)
    return not own and (word.pos_ in ("NOUN", "PROPN") or clause_depth(word) > 0)


def _family(etype: str) -> str:
    """A type with the two kinds of yielding (a promise, an act) taken as one, as PLV codes them."""
    return "YIELD" if etype in ("CONCEDE", "RETREAT") else etype


def _stance_verb(coding: Coding) -> Token | None:
    """The word whose parties are the act's: the coded trigger, or for an agreement or a refusal coded
    on the act it governs ("allowed the WFP to deliver", "refused to release") the verb that agrees or
    refuses, whose subject is the one who agrees."""
    word = coding.trigger
    if (word is not None and coding.type in ("AGREE", "REJECT") and word.dep_ in ("xcomp", "ccomp")
            and word.head.pos_ == "VERB" and word.head.lemma_.lower() not in REPORTING_VERBS):
        return word.head
    return word


def _named(found: Sequence[Party], known: Callable[[Actor], Actor] | None, outlets: bool = False) -> list[Actor]:
    """The parties' actors, each once, news outlets only with ``outlets``; an actor made from a phrase is
    made canonical with ``known``."""
    actors = [actor for party in found for actor, _ in party.actors]
    actors = [known(a) if known is not None and a.id is None else a for a in actors]
    return _unique([a for a in actors if outlets or not _outlet(a)])


def _outlet(actor: Actor) -> bool:
    """A news outlet or agency (an organisation of the media sector): who reports, never who acts (it
    can be acted on: "filed a lawsuit against The New York Times")."""
    return actor.kind == "organisation" and "MED" in actor.sector


#: Acts two sides do with each other: two coordinated subjects are each other's counterparts, whatever the
#: act is about ("Trump and Putin agreed to share information on North Korea": Trump with Putin).
_TOGETHER = frozenset({"AGREE", "CONSULT", "COOPERATE"})


def _finish(pending: _Pending, coding: Coding, article: Article,
            known: Callable[[Actor], Actor] | None) -> list[EventMention]:
    """Phase three: the main mention and, when the main act happened in a call or meeting, its CONSULT."""
    sent, index, _, times = pending.sentence
    if pending.probe is None and coding.confidence < LEAD_FLOOR:
        return []
    sides = pending.sides
    lead = _lead_word(pending, coding, article)
    if lead is not coding.trigger:
        coding = dataclasses.replace(coding, trigger=lead)
    word = _stance_verb(coding)
    if word is not None and word.i != pending.trigger.i:  # the coder chose another word
        sides = _sides(word, pending.pairs, article.id, index, pending.skip)
    if coding.type == "REQUEST" and word is not None and (demand := demand_slots(word)) is not None:
        sides = _Sides(parties(demand.actors, pending.pairs, article.id, index, pending.skip),
                       parties(demand.recipients, pending.pairs, article.id, index, pending.skip), False, False)
    if coding.type in _TOGETHER and len(sides.actors) == 2 and not sides.spoken:
        sides = _Sides(sides.actors[:1], sides.actors[1:], False, True)  # "Jordan and Britain agreed to ..."
    actors = [] if sides.spoken and not is_verbal(coding.type) else _named(sides.actors, known)
    recipients = _named(sides.recipients, known, outlets=True)
    found = []
    # Nobody is the recipient of their own act; a state acted on by its own people is ("Merkel backed Germany's
    # bid", "Philippine troops moved into Manila"): event data codes domestic acts too.
    doers = {a.id or a.name for a in actors}
    recipients = [r for r in recipients if (r.id or r.name) not in doers]
    consult = frame_consult(sent, pending.probe, coding) if pending.probe is not None else None
    spans = [s for _, s in pending.pairs]
    return [_mention(sent, index, article, each, (actors, recipients, sides.reciprocal), times, spans)
            for each in [coding, *filter(None, [consult])]]
