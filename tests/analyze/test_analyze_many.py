"""analyze_many: same results in one process and in a pool, in input order."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import pytest

from concord.analyze import analyze, analyze_many
from concord.model import Article, article_id

TEXTS = [
    "Seoul, May 2: South Korean President Lee Jae-myung called Japanese Prime Minister Shigeru Ishiba on Friday.",
    "Ghana and Togo signed the Coastal Fisheries Agreement in 2014, officials said.",
    "La ministre a parlé avec son homologue.",
]


def _articles() -> list[Article]:
    return [Article(id=article_id(t), text=t, date=dt.date(2025, 5, 2), language="fr" if "ministre" in t else "en")
            for t in TEXTS]


def test_pool_matches_single_process() -> None:
    single = list(analyze_many(_articles()))
    pooled = list(analyze_many(_articles(), workers=2))
    assert [a.article_id for a in single] == [a.id for a in _articles()]
    assert pooled == single
    assert single[1] == analyze(_articles()[1])
    assert single[1].facts[0].date == "2014"


def test_event_coder_setting_chooses_who_codes_the_type() -> None:
    from concord.settings import Settings

    article = _articles()[0]
    by = {coder: analyze(article, Settings(event_coder=coder)) for coder in ("model", "features", "rules")}
    for coder, analysis in by.items():
        assert f"(event coder: {coder})" in analysis.producer
        assert analysis.events
    assert by["model"].events[0].type == by["features"].events[0].type == "CONSULT"
    explained = {coder: analysis.events[0].explanation for coder, analysis in by.items()}
    assert explained["model"].startswith("model minilm+lr")
    assert explained["features"].startswith("model lr")
    assert explained["rules"].startswith("rules:")


def _corpus() -> list[Article]:
    """The example corpus's plain-text reports, built as ingest builds them."""
    from concord.api import EXAMPLES_DIR
    from concord.ingest.build import build_article
    from concord.ingest.record import RawRecord
    from concord.settings import Settings

    now = dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
    paths = sorted(EXAMPLES_DIR.glob("*.txt"))
    assert len(paths) >= 8
    return [build_article(RawRecord(origin=p.name, text=p.read_text(encoding="utf-8")), Settings(), now) for p in paths]


def test_two_workers_give_the_same_analyses_as_one(monkeypatch: pytest.MonkeyPatch) -> None:
    from concord.analyze import analysis as analysis_module

    articles = _corpus()
    monkeypatch.setattr(analysis_module, "BATCH", 3)  # several batches, so both workers get some
    single = list(analyze_many(articles, workers=1))
    pooled = list(analyze_many(articles, workers=2))
    assert [a.article_id for a in pooled] == [a.id for a in articles]
    assert pooled == single
    assert sum(len(a.events) for a in single) > 0 and sum(len(a.claims) for a in single) > 0


class _CountingPool(ProcessPoolExecutor):
    """A real process pool that records how many workers it was asked for."""

    sizes: list[int] = []

    def __init__(self, max_workers: int, **kwargs: Any) -> None:
        _CountingPool.sizes.append(max_workers)
        super().__init__(max_workers=max_workers, **kwargs)


def test_default_workers_use_every_core_only_past_one_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    from concord.analyze import analysis as analysis_module
    from concord.errors import SettingsError
    from concord.settings import Settings

    assert Settings().workers == 0
    with pytest.raises(SettingsError, match="workers"):
        Settings(workers=-1)
    monkeypatch.setattr(analysis_module, "ProcessPoolExecutor", _CountingPool)
    monkeypatch.setattr(analysis_module, "available_cores", lambda: 2)
    articles = _articles()[:2]
    assert list(analyze_many(articles, workers=0)) == list(analyze_many(articles, workers=1))
    assert _CountingPool.sizes == []  # one batch: analysed in process
    monkeypatch.setattr(analysis_module, "BATCH", 1)
    assert list(analyze_many(articles, workers=0)) == list(analyze_many(articles, workers=1))
    assert _CountingPool.sizes == [2]
