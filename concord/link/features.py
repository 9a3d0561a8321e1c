"""Per-article linking features and the online IDF that weighs them.

An article becomes three sparse term bags (body, named tokens, title), a reference day and,
when analysis ran, the event signatures (PLOVER type plus actor-country dyad) and the
resolved event day of its lead: the first sentences say what happened and when, later ones
add background (an earlier attack, an inauguration) whose dates are not the event's.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from wordfreq import word_frequency

from ..model import Analysis, Article, EventMention
from .text import content_terms, named_tokens, terms_are_boilerplate

__all__ = ["LEAD_SENTENCES", "ArticleFeatures", "OnlineIdf", "article_day", "extract_features", "lead_day"]

#: A year written out: a time whose text states one does not depend on the report's own date.
_STATED_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")

#: Sentences 0 .. LEAD_SENTENCES-1 make an article's lead (the dateline sentence and the two after it).
LEAD_SENTENCES = 3


@dataclass
class ArticleFeatures:
    """What the clusterer knows about one article."""

    id: str
    body: Counter[str]
    entities: Counter[str]
    title: Counter[str]
    day: int | None
    signatures: set[tuple[str, str]] = field(default_factory=set)
    event_days: set[int] = field(default_factory=set)
    boilerplate: bool = False


def _parse_day(value: str | None) -> int | None:
    """Day ordinal of an ISO date string with day precision (year or month precision: None)."""
    if not value or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return None


def article_day(article: Article) -> int | None:
    """The article's reference day (date, else published, else dateline date) as an ordinal."""
    for value in (article.date, article.published, article.dateline.date if article.dateline else None):
        if value is not None:
            return value.toordinal()
    return None


def _undated(article: Article) -> bool:
    """Whether nothing in the report dates it: its reference date is only the day it was ingested
    (no metadata date, no dateline date)."""
    return (article.date_method == "ingest" and article.ingested_at is not None
            and article.date == article.ingested_at.date()
            and (article.dateline is None or article.dateline.date is None))


def _stated_dates(analysis: Analysis) -> frozenset[str]:
    """The resolved values of the times whose text states their year ("May 4, 2012", not "Friday")."""
    return frozenset(t.value for t in analysis.times if _STATED_YEAR.search(t.text))


def _dyad(countries: list[str | None]) -> str:
    return "-".join(sorted({c for c in countries if c}))


def lead_day(mentions: list[EventMention], stated: frozenset[str] | None = None) -> int | None:
    """The event day of an article's lead: the day-precision date of its earliest dated lead mention.

    Negated mentions and mentions past the lead are ignored, so a background date ("the
    April 22 attack" in paragraph five) never becomes the day of the reported event. With
    ``stated``, only those dates count (a report of unknown date: "on Friday" resolved against
    the day it was read is no day at all).
    """
    dated = [
        (m.citation.sentence, day)
        for m in mentions
        if not m.negated
        and m.citation.sentence < LEAD_SENTENCES
        and m.date_precision in (None, "day")
        and (stated is None or m.date in stated)
        and (day := _parse_day(m.date)) is not None
    ]
    return min(dated)[1] if dated else None


def extract_features(article: Article, analysis: Analysis | None) -> ArticleFeatures:
    """Turn an article (and its analysis, if any) into linking features.

    The time feature prefers the event day of the article's lead (see :func:`lead_day`)
    over the article's own reference date, so a report datelined the day after the event
    still sits on the event's day. Signatures come from the lead's mentions only.
    """
    entities = named_tokens(article.text)
    if article.title:
        entities.update(named_tokens(" " + article.title))
    signatures: set[tuple[str, str]] = set()
    event_day: int | None = None
    if analysis is not None:
        for actor in analysis.actors:
            if actor.country:
                entities[actor.country.casefold()] += 1
        for mention in analysis.events:
            if not mention.negated and mention.citation.sentence < LEAD_SENTENCES:
                countries = [a.country for a in mention.actors + mention.recipients]
                signatures.add((mention.type, _dyad(countries)))
        event_day = lead_day(analysis.events, _stated_dates(analysis) if _undated(article) else None)
    body = content_terms(article.text)
    title = content_terms(article.title) if article.title else Counter()
    return ArticleFeatures(
        id=article.id,
        body=body,
        entities=entities,
        title=title,
        day=event_day if event_day is not None else None if _undated(article) else article_day(article),
        signatures=signatures,
        event_days={event_day} if event_day is not None else set(),
        boilerplate=terms_are_boilerplate(body + title),
    )


class OnlineIdf:
    """Inverse document frequencies updated as articles arrive, smoothed by a background prior.

    The prior (word frequencies of general English from ``wordfreq``, read as if they came
    from ``prior_docs`` documents of ``doc_words`` words) gives sensible weights from the very
    first article; the observed document frequencies take over as the stream grows.
    """

    def __init__(self, prior_docs: float = 2000.0, doc_words: float = 400.0) -> None:
        self.prior_docs = prior_docs
        self.doc_words = doc_words
        self.n_docs = 0
        self.df: Counter[str] = Counter()
        self._prior: dict[str, float] = {}

    def add(self, terms: set[str] | Counter[str]) -> None:
        """Count one document's distinct terms."""
        self.n_docs += 1
        self.df.update(set(terms))

    def _prior_df(self, term: str) -> float:
        cached = self._prior.get(term)
        if cached is None:
            freq = word_frequency(term, "en")
            cached = self.prior_docs * -math.expm1(-self.doc_words * freq)
            self._prior[term] = cached
        return cached

    def idf(self, term: str) -> float:
        """log((N + N0 + 1) / (df + df0 + 1)) + 1, with N0, df0 from the background prior."""
        return math.log((self.n_docs + self.prior_docs + 1.0) / (self.df[term] + self._prior_df(term) + 1.0)) + 1.0

    def weigh(self, counts: Counter[str]) -> dict[str, float]:
        """Unit-length sub-linear TF-IDF vector of a term bag."""
        vec = {t: (1.0 + math.log(n)) * self.idf(t) for t, n in counts.items() if n > 0}
        norm = math.sqrt(sum(v * v for v in vec.values()))
        return {t: v / norm for t, v in vec.items()} if norm else {}

    def state(self) -> dict[str, Any]:
        """Plain data: document count and document frequencies (sorted for stable output)."""
        return {
            "prior_docs": self.prior_docs,
            "doc_words": self.doc_words,
            "n_docs": self.n_docs,
            "df": sorted(self.df.items()),
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> OnlineIdf:
        """Inverse of :meth:`state`."""
        idf = cls(state["prior_docs"], state["doc_words"])
        idf.n_docs = state["n_docs"]
        idf.df = Counter(dict((t, n) for t, n in state["df"]))
        return idf
