"""Generic groups of people acted on, on sentences written for these tests (not from any corpus)."""

from __future__ import annotations

import datetime as dt

import pytest

from concord.analyze.analysis import analyze_doc
from concord.link.secondary import merge_story
from concord.model import Article, article_id


@pytest.mark.parametrize(("text", "name"), [
    ("Guards beat the prisoners at a remote camp last week.", "Prisoners"),
    ("Detectives arrested two suspects after the warehouse robbery.", "Suspects"),
    ("Riot police fired tear gas at protesters outside the stadium.", "Protesters"),
])
def test_a_group_of_people_of_no_country_is_kept_when_acted_on(nlp, text: str, name: str) -> None:  # type: ignore[no-untyped-def]
    article = Article(id=article_id(text), text=text, date=dt.date(2025, 2, 7))
    analysis = analyze_doc(article, nlp(text))
    event = merge_story("ev-t", [article], {article.id: analysis})[0]
    assert name in [r.name for r in event.recipient]
