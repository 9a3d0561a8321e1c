"""The claims of one report, read from its stored analysis (the compare stage never parses text).

The analysis stage splits each article into claims and records their parts
(:class:`concord.model.ClaimParts`); here each becomes a cited :class:`Claim` plus the bag of
terms alignment weighs: content lemmas, names (``n:``), figures (``#:``), dates (``d:``, the
year) and event types (``e:``). An analysis made before claims were stored falls back to one
claim per stored sentence with its plain words (no figures, names or embedding).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..model import Analysis, Article, Citation, ClaimParts
from .records import Claim

__all__ = ["ParsedClaim", "dates_compatible", "name_key", "outlet_label", "plain_key", "split_claims"]

PRODUCER = "concord.compare.claims"
_WORD = re.compile(r"[\w+'’.-]+")
#: British and American spellings folded to one key (defence/defense, centre/center, organise/organize).
_SPELLINGS = ((re.compile(r"ence\b"), "ense"), (re.compile(r"(?<=\w)our\b"), "or"), (re.compile(r"is(e|ed|es|ing|ation)\b"), r"iz\1"),
              (re.compile(r"(?<=\w)tre\b"), "ter"))


@dataclass
class ParsedClaim:
    """A claim with the parts alignment and labelling use (not part of the output record)."""

    claim: Claim
    parts: ClaimParts
    terms: Counter[str] = field(default_factory=Counter)
    #: Index of the claim in its report (0 = lead) and the report's claim count.
    position: int = 0
    of: int = 1


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


def split_claims(article: Article, analysis: Analysis | None, outlet: str) -> list[ParsedClaim]:
    """The claims of one report in reading order, cited, with their term bags."""
    stored = analysis.claims if analysis is not None else None
    parts = stored if stored is not None else _sentence_claims(analysis)
    parsed = []
    for i, part in enumerate(parts):
        text = article.text[part.start:part.end]
        citation = Citation(article.id, part.sentence, part.start, part.end, PRODUCER, text)
        claim = Claim(
            f"{article.id}:{part.sentence}.{part.start}", article.id, outlet, part.sentence, part.start, part.end,
            text, [citation], list(dict.fromkeys(q.form for q in part.quantities)), list(part.dates),
            list(part.names), bool(part.negated),
        )
        parsed.append(ParsedClaim(claim, part, _terms(part), i, len(parts)))
    return parsed


def _sentence_claims(analysis: Analysis | None) -> list[ClaimParts]:
    """One claim per stored sentence, its words as terms: for analyses made before claims were stored."""
    if analysis is None:
        return []
    return [ClaimParts(s.index, s.start, s.end, plain_key(s.text).split()) for s in analysis.sentences]


def _terms(part: ClaimParts) -> Counter[str]:
    """The claim's bag of terms: lemmas, then names, figures, date years and event types by kind."""
    terms = Counter(part.terms)
    terms.update(f"n:{n}" for n in part.names)
    terms.update(f"#:{q.form}" for q in part.quantities)
    terms.update(f"d:{d[:4]}" for d in part.dates)
    terms.update(f"e:{e}" for e in part.events)
    return terms


def plain_key(text: str) -> str:
    """Lower-case words separated by single spaces (how a report's text is searched for a name)."""
    return " ".join(_WORD.findall(text.lower()))


def name_key(text: str) -> str:
    """A name's comparison key: lower case, one spelling, no dots, quotes or leading article ("the U.S." -> "us")."""
    key = plain_key(text.replace(".", ""))
    for pattern, replacement in _SPELLINGS:
        key = pattern.sub(replacement, key)
    return key.strip(" '\"‘’“”-").removeprefix("the ").strip(" '\"‘’“”-")


def dates_compatible(a: str | None, b: str | None) -> bool:
    """Dates that can mean the same time: one unknown, or one a prefix of the other ("2018", "2018-07-30")."""
    return a is None or b is None or a.startswith(b) or b.startswith(a)
