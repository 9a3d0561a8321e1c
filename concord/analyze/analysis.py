"""The pure analysis stage: one article in, one :class:`Analysis` out (no database, no network).

Sentences, actors, time expressions, PLOVER event mentions and standing facts, every value
cited to a character span of the article's own text (spaCy parses ``article.text`` itself).
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING

from ..errors import TooLargeError
from ..kb import KnowledgeBase, country_of, knowledge_base
from ..model import Analysis, Article, Dateline
from ..settings import Settings
from .actor_lexicons import actor_lexicons
from .actors import extract_actors
from .canonical import canonical
from .claims import extract_claims
from .events import SentenceInput, extract_article_events
from .facts import extract_facts, fact_names
from .nlp import load_nlp
from .sentences import dateline_span, doc_sentences, doc_text
from .time import extract_times, reference_date

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["analyze", "analyze_doc", "analyze_many", "available_cores", "warm_up"]

#: Articles handed to one worker at a time, and the nlp.pipe batch size.
BATCH = 32


def analyze(article: Article, settings: Settings | None = None) -> Analysis:
    """Analyse one article: sentences, actors, times, events and facts, every value cited."""
    return next(analyze_many([article], settings))


def available_cores() -> int:
    """The CPU cores this process may run on (its affinity mask where the platform has one)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def analyze_many(articles: Iterable[Article], settings: Settings | None = None,
                 workers: int = 1) -> Iterator[Analysis]:
    """Analyse articles in order with nlp.pipe batching; ``workers`` > 1 uses a process pool.

    ``workers`` = 0 (the setting's default) means one process per available core, but only for more
    than one batch of articles: a pool's start-up (each worker loads spaCy and the models
    once) costs more than it saves on a few articles. Non-English articles get an empty analysis.
    """
    settings = settings or Settings()
    items = list(articles)
    if workers == 0:
        workers = available_cores() if len(items) > BATCH else 1
    if workers <= 1:
        for batch in _batches(items, BATCH):
            yield from _analyze_batch(batch, settings)
        return
    # Two batches per worker at least, so that no worker idles while another has a long batch.
    size = max(1, min(BATCH, -(-len(items) // (2 * workers))))
    with ProcessPoolExecutor(max_workers=workers, initializer=warm_up, initargs=(settings,)) as pool:
        window: list[Future[list[Analysis]]] = []
        for batch in _batches(items, size):
            window.append(pool.submit(_analyze_batch, batch, settings))
            if len(window) >= 2 * workers:
                yield from window.pop(0).result()
        for future in window:
            yield from future.result()


def _batches(articles: list[Article], size: int) -> Iterator[list[Article]]:
    for start in range(0, len(articles), size):
        yield articles[start:start + size]


def warm_up(settings: Settings) -> None:
    """Load the pipeline, lexicons and knowledge base once per worker process (a pool initializer,
    a Ray actor)."""
    load_nlp(settings.spacy_models)
    actor_lexicons()
    _ = knowledge_base(settings.actor_files).actor_table


def _analyze_batch(articles: list[Article], settings: Settings) -> list[Analysis]:
    nlp = load_nlp(settings.spacy_models)
    producer = _producer(nlp, settings.event_coder)
    kb = knowledge_base(settings.actor_files)
    english = [a for a in articles if a.language == "en"]
    for article in english:
        if len(article.text) > nlp.max_length:
            raise TooLargeError(article.id, f"{len(article.text)} characters is over the analysis limit "
                                            f"of {nlp.max_length}")
    docs = dict(zip((a.id for a in english), nlp.pipe((a.text for a in english), batch_size=BATCH)))
    results = []
    for article in articles:
        if article.language != "en":
            results.append(Analysis(article.id, producer=f"{producer}; not analysed: language {article.language}"))
        else:
            results.append(analyze_doc(article, docs[article.id], producer, settings.event_coder, kb))
    return results


def _producer(nlp: Language, coder: str) -> str:
    return f"concord.analyze/{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')} (event coder: {coder})"


def analyze_doc(article: Article, doc: Doc, producer: str = "concord.analyze", coder: str = "model",
                kb: KnowledgeBase | None = None) -> Analysis:
    """Extract everything from an already parsed article (``doc`` must be the parse of ``article.text``);
    ``coder`` is the ``event_coder`` setting, ``kb`` the knowledge base (default: the shipped one)."""
    known = functools.partial(canonical, day=reference_date(article), kb=kb or knowledge_base())
    sentences = doc_sentences(doc)
    text = doc_text(doc)
    dateline = dateline_span(text)
    country = _article_country(article, text, dateline)
    skip = [dateline] if dateline else []
    names = fact_names(doc, sentences)
    skip += [(n.start, n.end) for sentence_names in names.values() for n in sentence_names]
    actors = extract_actors(doc, sentences, article.id, country, skip, known)
    times = extract_times(doc, sentences, article.id, reference_date(article))
    facts = extract_facts(doc, sentences, article.id, times, actors.principal_countries, names,
                          actors.by_sentence, article.date_method != "ingest")
    # The dateline's date is when the report was filed, not when its events happened.
    items: list[SentenceInput] = []
    for sentence in sentences:
        span = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
        if span is None:
            continue
        mentions = actors.by_sentence.get(sentence.index, [])
        sent_times = [t for t in times if t.citation.sentence == sentence.index
                      and not (dateline and dateline[0] <= t.citation.start < dateline[1])]
        items.append(SentenceInput(span, sentence.index, mentions, sent_times))
    events = extract_article_events(article, items, coder, skip, known)
    claims = extract_claims(doc, sentences, dateline[1] if dateline else 0, times, facts, events)
    return Analysis(article.id, sentences, actors.actors, times, events, facts, producer, claims)


def _article_country(article: Article, text: str, span: tuple[int, int] | None) -> str | None:
    """The country the report is filed from: the dateline's, else a country named in the dateline."""
    dateline: Dateline | None = article.dateline
    if dateline is not None and dateline.country:
        return dateline.country
    lex = actor_lexicons()
    raw = dateline.raw if dateline is not None and dateline.raw else text[span[0]:span[1]] if span else ""
    bracket = raw[raw.find("[") + 1: raw.find("]")] if "[" in raw and "]" in raw else ""
    for candidate in (bracket, raw):
        for m in lex.country_re.finditer(candidate):
            country = lex.country(m.group(0))
            if country is not None:
                return country.iso3
    # An upper-case wire place ("WASHINGTON, Feb. 13 -") that the case-sensitive aliases miss.
    place = re.match(r"\s*([^,\[(:]+)", raw)
    return country_of(place.group(1)) if place else None
