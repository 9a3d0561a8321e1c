"""Sentence splitting that survives datelines, paragraph breaks and "X." at a paragraph end."""

from __future__ import annotations

from concord.analyze.sentences import dateline_span, doc_sentences


def _texts(nlp, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [s.text for s in doc_sentences(nlp(text))]


def test_dateline_is_not_a_sentence_of_its_own(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Nairobi [Kenya], March 4 (AFP): Kenyan Foreign Minister Musalia Mudavadi arrived today. He met envoys."
    assert _texts(nlp, text)[0].startswith("Nairobi [Kenya], March 4 (AFP): Kenyan Foreign Minister")
    assert dateline_span(text) == (0, text.index("Kenyan"))


def test_paragraph_break_always_ends_a_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Ministers met in the U.S.\n\nThey agreed on a plan\n\nThe next round is in May."
    assert _texts(nlp, text) == ["Ministers met in the U.S.", "They agreed on a plan", "The next round is in May."]


def test_sentence_offsets_are_article_offsets(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "  First point here.\n\n  Second point follows.  "
    for sentence in doc_sentences(nlp(text)):
        assert text[sentence.start:sentence.end] == sentence.text


def test_no_dateline_in_plain_prose() -> None:
    assert dateline_span("The ministers met on Monday: they talked - at length - about trade.") is None


def test_standfirst_line_before_a_dateline_is_its_own_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Both sides hope to settle the fishing dispute before the monsoon\n\n"
            "COLOMBO, March 4 - Sri Lankan and Indian officials met on Tuesday to discuss trawlers.")
    sentences = _texts(nlp, text)
    assert sentences[0] == "Both sides hope to settle the fishing dispute before the monsoon"
    assert sentences[1].startswith("COLOMBO, March 4 - Sri Lankan and Indian officials met on Tuesday")
    assert dateline_span(text) == (text.index("COLOMBO"), text.index("Sri Lankan"))


def test_dateline_may_name_a_city_and_its_region() -> None:
    text = "ERBIL, Iraq, May 2 (Tigris Wire) - Kurdish leaders met."
    assert dateline_span(text) == (0, text.index("Kurdish"))


def test_dateline_does_not_start_mid_line() -> None:
    assert dateline_span("Talks ended badly, said Oslo, May 2 (Nordic Wire) - and nobody left.") is None
