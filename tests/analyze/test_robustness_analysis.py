"""Inputs that must analyse without error: nothing, punctuation, no entities, one huge sentence."""

from __future__ import annotations

import pickle

import pytest

from concord.analyze import analyze
from concord.model import Analysis, Article, from_dict, to_dict


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n  ", "?!... ;;; --- (((", "the cat sat on the mat and then it slept", "2+2 We We 2+2"],
)
def test_odd_texts(analyse, text: str) -> None:  # type: ignore[no-untyped-def]
    analysis = analyse(text)
    assert analysis.actors == [] and analysis.facts == []
    assert analysis.times == []
    assert from_dict(Analysis, to_dict(analysis)) == analysis


def test_five_thousand_word_sentence(analyse) -> None:  # type: ignore[no-untyped-def]
    words = ("the Indian minister said in 2016 that France and the talks of the council went on and on " * 300).split()
    text = " ".join(words[:5000])
    analysis = analyse(text)
    assert sum(len(s.text.split()) for s in analysis.sentences) == 5000
    assert {a.country for a in analysis.actors} >= {"FRA"}
    assert analysis.times and all(t.value == "2016" for t in analysis.times)


def test_non_english_article_is_not_analysed() -> None:
    article = Article(id="fr1", text="Le ministre indien a rencontré son homologue à Paris.", language="fr")
    analysis = analyze(article)
    assert (analysis.article_id, analysis.actors, analysis.events, analysis.facts) == ("fr1", [], [], [])
    assert "language fr" in analysis.producer


def test_analysis_pickles(analyse) -> None:  # type: ignore[no-untyped-def]
    analysis = analyse("Kenyan President William Ruto met Ugandan officials in Kampala on Monday.")
    assert pickle.loads(pickle.dumps(analysis)) == analysis
