"""build_article on the two seed reports (read by path from ../shared; skipped when absent)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from concord.ingest import RawRecord, build_article, iter_records
from concord.model import Article
from concord.settings import Settings

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.timezone.utc)


def ingest(path: Path) -> Article:
    (record,) = iter_records([str(path)], Settings())
    assert isinstance(record, RawRecord)
    return build_article(record, Settings(), NOW)


def test_seed_001_new_delhi(seed_001: Path) -> None:
    article = ingest(seed_001)
    assert article.date == dt.date(2025, 2, 6) and article.date_method == "metadata"
    assert article.published == dt.date(2025, 2, 6)
    assert article.dateline is not None
    assert (article.dateline.place, article.dateline.country, article.dateline.agency) == ("New Delhi", "IND", "ANI")
    assert article.dateline.date == dt.date(2025, 2, 6)
    assert article.text.startswith(article.dateline.raw)
    assert not article.text.startswith("date")
    for fixed in ("Defence Cooperation", "Affairs and", "This dialogue", "2+2 Ministerial",
                  "interaction and cooperation", "and Memorandum", "Hegseth", "Secreatry"):  # fmt: skip
        assert fixed in article.text
    assert article.language == "en" and not article.language_flagged


def test_seed_000_washington(seed_000: Path) -> None:
    article = ingest(seed_000)
    assert article.date == dt.date(2025, 2, 7) and article.date_method == "weekday"
    assert article.published is None
    assert article.dateline is not None
    assert (article.dateline.place, article.dateline.country) == ("Washington DC", "USA")
    assert article.dateline.date == dt.date(2025, 2, 7) and article.dateline.year_inferred
    assert "Hegseth" in article.text and "'New Framework for India-US Defence Cooperation,'" in article.text


def test_seeds_ingest_as_two_distinct_articles(seeds: Path) -> None:
    articles = [build_article(r, Settings(), NOW) for r in iter_records([str(seeds)], Settings())]  # type: ignore[arg-type]
    assert len(articles) == 2 and len({a.id for a in articles}) == 2
