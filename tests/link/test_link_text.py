"""Text features: content terms, named tokens, shingles and the boilerplate test."""

from __future__ import annotations

from types import SimpleNamespace


from concord.link.text import content_terms, is_boilerplate, named_tokens, shingles


def test_content_terms_drop_stop_words_and_possessives() -> None:
    terms = content_terms("The minister's plan was said to be new, Minister Ruto said.")
    assert terms["minister"] == 2 and "the" not in terms and "said" not in terms


def test_named_tokens_skip_sentence_openers_and_keep_numbers() -> None:
    names = named_tokens("Officials met in Nairobi. Talks lasted 3 hours with Japan.")
    assert names["nairobi"] == 1 and names["japan"] == 1 and names["3"] == 1
    assert "officials" not in names and "talks" not in names


def test_shingles() -> None:
    assert shingles("one two three four") == {"one two three", "two three four"}
    assert shingles("just two") == {"just two"}
    assert shingles("") == set()


def test_boilerplate(texts: SimpleNamespace) -> None:
    assert is_boilerplate(texts.junk)
    assert is_boilerplate("Notice.")
    assert not is_boilerplate(texts.quake_a1)
