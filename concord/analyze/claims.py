"""Split an article into claims and record what comparing reports needs, so comparison never parses again.

A claim is a sentence, or a clause of it when the sentence joins statements that have their own
subject and verb (on ";" or a coordinating conjunction). The dateline is cut off the first claim;
offsets point into the article's text. Each claim keeps its content lemmas, name keys, figures
(:mod:`.figures`), dates, event types, negated verbs and speaker; its unit sentence embedding is added
by :func:`embed_claims` when the article is first compared (most reports are never compared with another).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..encoders import pack
from ..model import ClaimParts, EventMention, Fact, Sentence, TimeExpression
from .aliases import fold, spelling_groups
from .figures import extract_quantities
from .sentences import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["MIN_TERMS", "embed_claims", "extract_claims", "name_key"]

#: A claim needs this many content words to say anything (drops "(ANI)", credit lines) ...
MIN_TERMS = 3
#: ... or this many when it gives a figure ("At least 40 people died" states a toll).
MIN_FIGURE_TERMS = 2
#: A clause needs this many tokens to stand alone.
MIN_CLAUSE_TOKENS = 4
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "LAW", "EVENT", "PRODUCT"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})
_DENIALS = frozenset({"deny", "reject", "dismiss"})
_SPEECH = frozenset({"say", "tell", "add", "state", "note", "claim", "report", "announce", "insist", "write"})
_QUOTES = frozenset('"“”')


def extract_claims(
    doc: Doc, sentences: Sequence[Sentence], cut: int, times: Sequence[TimeExpression],
    facts: Sequence[Fact], events: Sequence[EventMention],
) -> list[ClaimParts]:
    """The article's claims in reading order with their parts; text before ``cut`` (the dateline) is left out."""
    text = doc_text(doc)
    ents = list(doc.ents)  # Span.ents walks every entity of the document: read them once, not per claim
    claims: list[ClaimParts] = []
    for sentence in sentences:
        types = [e.type for e in events if e.citation.sentence == sentence.index]
        for start, end in _clauses(doc, sentence):
            start = max(start, cut) if sentence.start < cut else start
            start, end = _trim(text, start, end)
            span = doc.char_span(start, end, alignment_mode="expand") if end > start else None
            if span is not None:
                claim = _parts(span, _within(ents, span), text, sentence.index, (start, end), times, facts, types)
                if len(claim.terms) >= (MIN_FIGURE_TERMS if claim.quantities else MIN_TERMS):
                    claims.append(claim)
    return claims


def embed_claims(text: str, claims: Sequence[ClaimParts]) -> bool:
    """Give an article's claims (``text``: the article's) their unit sentence embeddings unless all have
    one; True when any was added. All of them go through the encoder together, so a vector depends on
    its article alone, never on when or with what it was embedded."""
    if all(c.vector for c in claims):
        return False
    from ..encoders.minilm import load_sentence_encoder

    vectors = load_sentence_encoder().encode([text[c.start:c.end] for c in claims])
    for claim, vector in zip(claims, vectors):
        claim.vector = pack(vector)
    return True


def _within(ents: Sequence[Span], span: Span) -> list[Span]:
    """The entities that lie wholly inside ``span`` (what ``span.ents`` gives), from the document's list."""
    return [e for e in ents if e.start >= span.start and e.end <= span.end]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span past surrounding white space and list punctuation."""
    while start < end and (text[start].isspace() or text[start] in ",;:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


def _clauses(doc: Doc, sentence: Sentence) -> list[tuple[int, int]]:
    """Character spans of the sentence's independent clauses (the whole sentence when it has one)."""
    span = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
    if span is None:
        return [(sentence.start, sentence.end)]
    cuts = sorted(
        {t.i + 1 for t in span if t.text == ";"}
        | {t.left_edge.i for t in span if _own_clause(t) and t.left_edge.i > span.start}
    )
    pieces: list[tuple[int, int]] = []
    begin = span.start
    for cut in [*cuts, span.end]:
        if cut <= begin:
            continue
        if cut < span.end and not (_is_clause(doc[begin:cut]) and _is_clause(doc[cut:span.end])):
            continue
        pieces.append((begin, cut))
        begin = cut
    if len(pieces) == 1:
        return [(sentence.start, sentence.end)]
    return [(max(doc[a].idx, sentence.start), _piece_end(doc, a, b, sentence)) for a, b in pieces]


def _own_clause(token: Token) -> bool:
    """A verb coordinated with another verb that has a subject of its own ("X met Y and Z said ...")."""
    return (
        token.dep_ == "conj"
        and token.pos_ in ("VERB", "AUX")
        and token.head.pos_ in ("VERB", "AUX")
        and any(child.dep_ in _SUBJECTS for child in token.children)
    )


def _is_clause(span: Span) -> bool:
    """A stretch of tokens that can stand as a claim: long enough, with a verb that has a subject."""
    words = [t for t in span if not (t.is_punct or t.is_space)]
    return len(words) >= MIN_CLAUSE_TOKENS and any(
        t.dep_ in _SUBJECTS and t.head.pos_ in ("VERB", "AUX") and t.head in span for t in span
    )


def _piece_end(doc: Doc, start: int, end: int, sentence: Sentence) -> int:
    """End of a clause, without the conjunction and punctuation that join it to the next one."""
    j = end
    while j - 1 > start and (doc[j - 1].dep_ == "cc" or doc[j - 1].is_punct or doc[j - 1].is_space):
        if doc[j - 1].text in _QUOTES or doc[j - 1].text in ".!?":
            break
        j -= 1
    last = doc[j - 1]
    return min(last.idx + len(last.text), sentence.end)


def _parts(
    span: Span, ents: list[Span], text: str, sentence: int, where: tuple[int, int], times: Sequence[TimeExpression],
    facts: Sequence[Fact], types: list[str],
) -> ClaimParts:
    """One claim's parts: lemmas, names, figures, dates, negation, speaker (no embedding yet)."""
    start, end = where
    inside = [t for t in times if start <= t.citation.start < end]
    date_spans = [(t.citation.start, t.citation.end) for t in inside]
    groups = spelling_groups()
    terms = []
    for token in span:
        if token.is_punct or token.is_space or token.is_stop or token.like_num or not any(c.isalpha() for c in token.text):
            continue
        if any(a <= token.idx < b for a, b in date_spans):
            continue
        lemma = token.lemma_.lower() if token.pos_ != "PROPN" else token.lower_
        terms.append(groups[lemma][0] if lemma in groups else lemma)
    names = sorted({key for e in ents if e.label_ in _NAME_LABELS and (key := name_key(e.text))})
    names += sorted({f.acronym.lower() if f.acronym else name_key(f.name) for f in facts if start <= f.citation.start < end})
    negated = _negated(span)
    text = text[start:end]
    return ClaimParts(
        sentence, start, end, terms, list(dict.fromkeys(names)), extract_quantities(span, date_spans),
        sorted({t.value if t.end_value is None else f"{t.value}/{t.end_value}" for t in inside}), types,
        negated, sum(1 for t in span if t.dep_ == "neg"), _stative(span, text), _speaker(span, ents),
        any(q in text for q in _QUOTES),
    )


def _stative(span: Span, text: str) -> bool:
    """True for a present-tense statement outside quotes (how background is written)."""
    if any(q in text for q in _QUOTES):
        return False
    roots = [t for t in span if t.dep_ == "ROOT"]
    return bool(roots) and all(t.tag_ in ("VBZ", "VBP") and t.lemma_.lower() not in _SPEECH for t in roots)


def _negated(span: Span) -> list[str]:
    """The lemmas of the claim's main verbs that it negates ("will not change" -> change) or denies
    ("denied attacking" -> attack); a reported statement's main verb is the reported one."""
    roots = [t for t in span if t.dep_ == "ROOT" or (t.dep_ == "conj" and t.head.dep_ == "ROOT")]
    reported = [c for t in roots if t.lemma_.lower() in _SPEECH for c in t.children if c.dep_ == "ccomp"]
    found = []
    for verb in roots + reported:
        if any(c.dep_ == "neg" for c in verb.children):
            found.append(verb.lemma_.lower())
        elif verb.lemma_.lower() in _DENIALS:
            found += [c.lemma_.lower() for c in verb.children if c.pos_ == "VERB"]
    return found


def _speaker(span: Span, ents: list[Span]) -> str | None:
    """Who the claim is attributed to: the person named as the subject of its verb of saying."""
    for token in span:
        if token.lemma_.lower() not in _SPEECH or token.pos_ != "VERB":
            continue
        for child in token.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                people = [e for e in ents if e.label_ == "PERSON" and child.left_edge.i <= e.start <= child.right_edge.i]
                if people:
                    return name_key(people[-1].text)
    return None


def name_key(text: str) -> str:
    """A name's comparison key: folded spelling, no dots, quotes or leading article ("the U.S." -> "us")."""
    key = fold(text.replace(".", "")).strip(" '\"‘’“”-")
    return key.removeprefix("the ").strip(" '\"‘’“”-")
