"""Fixtures for the analysis tests: the spaCy pipeline loaded once per session, and a text analyser."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from concord.analyze.analysis import analyze_doc
from concord.analyze.nlp import load_nlp
from concord.model import Analysis, Article, article_id


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    """The pipeline with concord's components, loaded once for the whole session."""
    return load_nlp()


@pytest.fixture(scope="session")
def analyse(nlp) -> Callable[..., Analysis]:  # type: ignore[no-untyped-def]
    """Analyse a text written for a test, as an English article dated ``date``."""

    def run(text: str, date: dt.date | None = dt.date(2025, 2, 7)) -> Analysis:
        article = Article(id=article_id(text or "-"), text=text, date=date)
        return analyze_doc(article, nlp(text))

    return run
