"""analyze_many: same results in one process and in a pool, in input order."""

from __future__ import annotations

import datetime as dt

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
