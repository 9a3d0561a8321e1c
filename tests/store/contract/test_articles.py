"""The Store contract, articles side: idempotent writes, lookups, pages, transactions, the
quarantine, analyses, search and reports, on every backend."""

from __future__ import annotations

import datetime as dt

import pytest

from concord.errors import NotFoundError
from concord.model import Analysis, Article, Citation, Dateline, Fact, Sentence, article_id
from concord.store import ArticleFilter, Store



def make_article(text: str, day: int = 1, source: str = "Example Wire") -> Article:
    return Article(
        id=article_id(text),
        text=text,
        title=text.split(".")[0],
        source=source,
        date=dt.date(2025, 2, day),
        dateline=Dateline(raw="NEW DELHI -", place="New Delhi", country="IND"),
        ingested_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )


def test_is_a_store(store: Store) -> None:
    assert isinstance(store, Store)


def test_add_is_idempotent_and_round_trips(store: Store) -> None:
    article = make_article("The ministers spoke by phone on Thursday.")
    assert store.add_article(article) is True
    assert store.add_article(article) is False
    assert store.stats()["articles"] == 1
    back = store.get_article(article.id)
    assert back == article
    assert back.dateline and back.dateline.country == "IND"


def test_get_by_prefix_and_missing(store: Store) -> None:
    article = make_article("A short report about a summit.")
    store.add_article(article)
    assert store.get_article(article.id[:6]).id == article.id
    with pytest.raises(NotFoundError):
        store.get_article("ffffffffffffffff0")


def test_listing_is_ordered_filtered_and_paginated(store: Store) -> None:
    for day in (3, 1, 2):
        store.add_article(make_article(f"Report number {day} on the talks.", day, f"Outlet {day % 2}"))
    dates = [a.date.day for a in store.articles()]
    assert dates == [1, 2, 3]
    first = store.articles(ArticleFilter(limit=2))
    rest = store.articles(ArticleFilter(after=first[-1].id))
    assert [a.date.day for a in first + rest] == [1, 2, 3]
    assert [a.date.day for a in store.articles(ArticleFilter(since="2025-02-02"))] == [2, 3]
    assert {a.source for a in store.articles(ArticleFilter(source="Outlet 1"))} == {"Outlet 1"}
    assert [a.date.day for a in store.iter_articles()] == [1, 2, 3]


def test_transaction_rolls_back_everything(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.add_article(make_article("First of two writes."))
        store.add_article(make_article("Second of two writes."))
        raise RuntimeError("crash in the middle")
    assert store.stats()["articles"] == 0


def test_quarantine_records_once_and_counts_attempts(store: Store) -> None:
    store.quarantine("bad.bin", "unsupported", "binary file")
    store.quarantine("bad.bin", "unsupported", "binary file")
    store.quarantine("empty.txt", "empty", "no text")
    entries = store.quarantined()
    assert [(e.source, e.attempts) for e in entries] == [("bad.bin", 2), ("empty.txt", 1)]


def test_analysis_round_trip_and_pending(store: Store) -> None:
    article = make_article("Talks were held. Both sides agreed.")
    store.add_article(article)
    assert [a.id for a in store.unanalysed()] == [article.id]
    analysis = Analysis(article.id, sentences=[Sentence(0, 0, 16, "Talks were held.")], producer="t")
    store.save_analysis(analysis)
    assert store.get_analysis(article.id) == analysis
    assert store.unanalysed() == []


def test_search_highlights_stemmed_words(store: Store) -> None:
    store.add_article(make_article("The defence ministers discussed logistics and exercises."))
    store.add_article(make_article("A football club won the cup final."))
    hits = store.search("minister logistics")
    assert len(hits) == 1
    words = [hits[0].snippet[s:e] for s, e in hits[0].highlights]
    assert words == ["ministers", "logistics"]
    assert store.search('"; DROP TABLE articles; --') == []
    assert store.stats()["articles"] == 2


def test_iter_analyses_streams_in_article_order(store: Store) -> None:
    ids = []
    for day in range(1, 29):
        for n in range(10):
            article = make_article(f"Report {n} of day {day}.", day)
            store.add_article(article)
            store.save_analysis(Analysis(article.id, producer="t"))
            ids.append(article.id)
    streamed = [a.article_id for a in store.iter_analyses()]
    assert len(streamed) == 280
    assert streamed == [a.id for a in store.iter_articles()]


def _with_facts(store: Store, text: str, day: int, *parties: tuple[str, ...]) -> str:
    article = make_article(text, day)
    store.add_article(article)
    cite = Citation(article.id, 0, 0, 5, "t", text[:5])
    facts = [Fact("agreement", f"Pact {i}", cite, parties=list(p)) for i, p in enumerate(parties)]
    store.save_analysis(Analysis(article.id, facts=facts, producer="t"))
    return article.id


def test_analyses_are_found_by_the_countries_of_their_facts(store: Store) -> None:
    both = _with_facts(store, "India and the United States signed a pact.", 1, ("IND", "USA"))
    split = _with_facts(store, "Two pacts: one with Japan, one with America.", 2, ("IND", "JPN"), ("USA",))
    none = _with_facts(store, "No agreement was reached.", 3)
    assert [a.article_id for a in store.iter_analyses()] == [both, split, none]
    assert [a.article_id for a in store.iter_analyses(("ind", "USA"))] == [both, split]  # a prefilter
    assert [a.article_id for a in store.iter_analyses(("JPN",))] == [split]
    store.save_analysis(Analysis(split, producer="t"))  # re-analysed without facts
    assert [a.article_id for a in store.iter_analyses(("JPN",))] == []


def test_search_scores_higher_for_better_matches(store: Store) -> None:
    store.add_article(make_article("Sanctions were discussed once in passing at the trade fair.", 1))
    store.add_article(make_article("Sanctions, sanctions and more sanctions: the sanctions debate on sanctions.", 2))
    hits = store.search("sanctions")
    assert len(hits) == 2 and hits[0].score > hits[1].score
    assert "more sanctions" in hits[0].snippet


def test_id_prefixes_are_unique_or_refused(store: Store) -> None:
    first, second = make_article("Alpha report on the summit.", 1), make_article("Beta report on the summit.", 2)
    for article in (first, second):
        store.add_article(article)
    common = 0
    while first.id[common] == second.id[common]:
        common += 1
    assert store.get_article(first.id[: common + 1]).id == first.id
    with pytest.raises(NotFoundError, match="ambiguous" if common else "no article"):
        store.get_article(first.id[:common] if common else "zz")
    with pytest.raises(NotFoundError):
        store.articles(ArticleFilter(after="no-such-id"))


def test_unlinked_takes_analysed_articles_by_date_then_arrival(store: Store) -> None:
    late, early, same_day = (make_article(t, d) for t, d in (
        ("A report of the fourth.", 4), ("A report of the second.", 2), ("Another report of the fourth.", 4)))
    for article in (late, early, same_day):
        store.add_article(article)
    assert store.unlinked() == []  # nothing analysed yet: another process may still be analysing them
    for article in (same_day, early, late):
        store.save_analysis(Analysis(article.id, producer="t"))
    assert [a.id for a in store.unlinked()] == [early.id, late.id, same_day.id]
    store.save_links([], [early.id], {})
    assert [a.id for a in store.unlinked()] == [late.id, same_day.id]


def test_a_held_article_waits_until_released_or_dropped(store: Store) -> None:
    kept, held = make_article("Kept report.", 1), make_article("Held report.", 2)
    for article in (kept, held):
        store.add_article(article)
    store.quarantine("held.txt", "analysis", "too long", article_id=held.id)
    assert [a.id for a in store.unanalysed()] == [kept.id]
    assert [(e.source, e.article_id) for e in store.quarantined()] == [("held.txt", held.id)]
    store.forget_quarantined("held.txt", "too long")
    assert [a.id for a in store.unanalysed()] == [kept.id, held.id]
    store.quarantine("held.txt", "analysis", "too long", article_id=held.id)
    store.delete_article(held.id)
    assert not store.has_article(held.id) and store.quarantined() == []

