"""Split reports into claims and describe each claim by what alignment compares.

A claim is a sentence, or a clause of it when the sentence joins several statements that have
their own subject and verb (on ";" or a coordinating conjunction, from the spaCy parse). The
dateline is cut off the first claim; offsets always point into the article's text. Each claim
carries its content terms, names, numbers and dates (from the analysis' time expressions).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..analyze.aliases import fold, spelling_groups
from ..analyze.sentences import dateline_span, doc_sentences
from ..model import Analysis, Article, Citation, Sentence
from .records import Claim

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["ParsedClaim", "dates_compatible", "name_key", "ordinal", "outlet_label", "split_claims"]

PRODUCER = "concord.compare.claims"
#: A claim needs this many content terms to say anything (drops "(ANI)", credit lines).
MIN_TERMS = 3
#: A clause needs this many tokens to stand alone.
MIN_CLAUSE_TOKENS = 4
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "LAW", "EVENT", "PRODUCT"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})
_NUMBER_WORDS = {
    w: str(i)
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_ORDINAL_WORDS = {
    w: i
    for i, w in enumerate(
        "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split()
    )
}
_DIGITS = re.compile(r"^\d[\d,]*(?:\.\d+)?$")
_ORDINAL_DIGITS = re.compile(r"^(\d+)(?:st|nd|rd|th)$", re.IGNORECASE)
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
_DENIALS = frozenset({"deny", "reject", "dismiss"})
_SPEECH = frozenset({"say", "tell", "add", "state", "note", "claim", "report", "announce"})
_QUOTES = frozenset('"“”')


@dataclass
class ParsedClaim:
    """A claim with the features alignment uses (not part of the output record)."""

    claim: Claim
    terms: Counter[str] = field(default_factory=Counter)
    #: Present-tense statement outside quotes: how history and standing facts are written.
    stative: bool = False
    #: Index of the claim in its report (0 = lead) and the report's claim count.
    position: int = 0
    of: int = 1
    date_values: list[tuple[str, str | None]] = field(default_factory=list)
    #: Main verbs the claim negates, and how many negations it has anywhere.
    negated_verbs: list[str] = field(default_factory=list)
    negations: int = 0


def outlet_label(article: Article) -> str:
    """How a brief names a report: its outlet, else its agency or host, else its dateline place."""
    if article.source:
        return article.source.strip()
    if article.dateline and article.dateline.agency:
        return article.dateline.agency.strip()
    if article.url:
        host = re.sub(r"^https?://(?:www\.)?", "", article.url).split("/")[0]
        if host:
            return host
    if article.dateline and article.dateline.place:
        return f"{article.dateline.place} report"
    return f"report {article.id[:8]}"


def split_claims(article: Article, analysis: Analysis | None, doc: Doc, outlet: str) -> list[ParsedClaim]:
    """The claims of one report in reading order, with their features and citations.

    ``doc`` must be the spaCy parse of ``article.text``; sentence indices follow the analysis
    when there is one (so claim citations agree with every other citation of the article).
    """
    sentences = analysis.sentences if analysis and analysis.sentences else doc_sentences(doc)
    dateline = dateline_span(article.text)
    cut = dateline[1] if dateline else 0
    times = analysis.times if analysis else []
    facts = analysis.facts if analysis else []
    events = analysis.events if analysis else []
    parsed: list[ParsedClaim] = []
    for sentence in sentences:
        for start, end in _clauses(doc, sentence):
            start = max(start, cut) if sentence.start < cut else start
            start, end = _trim(article.text, start, end)
            if end <= start:
                continue
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            text = article.text[start:end]
            claim_id = f"{article.id}:{sentence.index}.{start - sentence.start}"
            citation = Citation(article.id, sentence.index, start, end, PRODUCER, text)
            claim = Claim(claim_id, article.id, outlet, sentence.index, start, end, text, [citation])
            item = ParsedClaim(claim, stative=_stative(span, text))
            _describe(item, span, times, facts, [e.type for e in events if e.citation.sentence == sentence.index])
            if sum(1 for t in item.terms if ":" not in t) >= MIN_TERMS:
                parsed.append(item)
    for i, item in enumerate(parsed):
        item.position, item.of = i, len(parsed)
    return parsed


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
    return [(_piece_start(doc, a, sentence), _piece_end(doc, a, b, sentence)) for a, b in pieces]


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


def _piece_start(doc: Doc, i: int, sentence: Sentence) -> int:
    return max(doc[i].idx, sentence.start)


def _piece_end(doc: Doc, start: int, end: int, sentence: Sentence) -> int:
    """End of a clause, without the conjunction and punctuation that join it to the next one."""
    j = end
    while j - 1 > start and (doc[j - 1].dep_ == "cc" or doc[j - 1].is_punct or doc[j - 1].is_space):
        if doc[j - 1].text in _QUOTES or doc[j - 1].text in ".!?":
            break
        j -= 1
    last = doc[j - 1]
    return min(last.idx + len(last.text), sentence.end)


def _stative(span: Span, text: str) -> bool:
    """True for a present-tense statement outside quotes (how background is written)."""
    if any(q in text for q in _QUOTES):
        return False
    roots = [t for t in span if t.dep_ == "ROOT"]
    return bool(roots) and all(
        t.tag_ in ("VBZ", "VBP") and t.lemma_.lower() not in _SPEECH for t in roots
    )


def _describe(item: ParsedClaim, span: Span, times: Sequence, facts: Sequence, event_types: list[str]) -> None:
    """Fill the claim's terms, names, numbers, dates and negation from its tokens and the analysis."""
    claim = item.claim
    inside = [t for t in times if claim.start <= t.citation.start < claim.end]
    time_spans = [(t.citation.start, t.citation.end) for t in inside]
    groups = spelling_groups()
    terms: Counter[str] = Counter()
    numbers: list[str] = []
    item.negated_verbs = _negated(span)
    item.negations = sum(1 for t in span if t.dep_ == "neg")
    claim.negated = bool(item.negated_verbs)
    for token in span:
        if token.is_punct or token.is_space or any(a <= token.idx < b for a, b in time_spans):
            continue
        number = _number(token)
        if number is not None:
            numbers.append(number)
            terms[f"#:{number}"] += 1
            continue
        if token.is_stop or not any(c.isalpha() for c in token.text):
            continue
        lemma = token.lemma_.lower() if token.pos_ != "PROPN" else token.lower_
        terms[groups[lemma][0] if lemma in groups else lemma] += 1
    for time in inside:
        value = time.value
        item.date_values.append((value, time.end_value))
        terms[f"d:{value[:4]}"] += 1
    names = sorted({key for e in span.ents if e.label_ in _NAME_LABELS and (key := name_key(e.text))})
    names += sorted({_fact_key(f.name, f.acronym) for f in facts if claim.start <= f.citation.start < claim.end})
    for name in names:
        terms[f"n:{name}"] += 1
    for etype in event_types:
        terms[f"e:{etype}"] += 1
    claim.numbers = sorted(set(numbers))
    claim.dates = sorted({v if end is None else f"{v}/{end}" for v, end in item.date_values})
    claim.names = sorted(set(names))
    item.terms = terms


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


def _number(token: Token) -> str | None:
    """The normalised value of a number token ("ten" -> "10", "fifth" -> "5th"), else None.

    Digits glued into names ("2+2", "Tier-1", "F-35") and bare years are not figures.
    """
    text = token.text.lower()
    doc = token.doc
    glued = (token.i > 0 and not doc[token.i - 1].whitespace_ and doc[token.i - 1].text in "+-/") or (
        not token.whitespace_ and token.i + 1 < len(doc) and doc[token.i + 1].text in "+-/"
    )
    if text in _ORDINAL_WORDS:
        return ordinal(_ORDINAL_WORDS[text])
    if text in _NUMBER_WORDS:
        return _NUMBER_WORDS[text]
    if glued or _YEAR.match(text):
        return None
    if m := _ORDINAL_DIGITS.match(text):
        return ordinal(int(m.group(1)))
    if _DIGITS.match(text):
        return text.replace(",", "")
    return None


def dates_compatible(a: str | None, b: str | None) -> bool:
    """Dates that can mean the same time: one unknown, or one a prefix of the other ("2018", "2018-07-30")."""
    return a is None or b is None or a.startswith(b) or b.startswith(a)


def ordinal(n: int) -> str:
    """1 -> "1st", 2 -> "2nd", 5 -> "5th"."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def name_key(text: str) -> str:
    """A name's comparison key: folded spelling, no dots, quotes or leading article ("the U.S." -> "us")."""
    key = fold(text.replace(".", "")).strip(" '\"‘’“”-")
    return key.removeprefix("the ").strip(" '\"‘’“”-")


def _fact_key(name: str, acronym: str | None) -> str:
    """A standing fact's comparison key: its acronym, else its folded name."""
    return acronym.lower() if acronym else name_key(name)
