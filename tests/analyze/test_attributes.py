"""The quicker attribute ruler: the same tags, parts of speech, morphology and lemmas as spaCy's own."""

from __future__ import annotations

import spacy
from spacy.pipeline import AttributeRuler

from concord.analyze.attributes import QuickAttributes, use_quick_attributes

_TEXTS = [
    "We're gonna sign it, y'all, said the envoy; let's c'm on and ain't that so?",
    "There is a deal. It was signed by us and them, and she herself did it.\n\n  Those who had left came back.",
    "Did the ministers do what they had promised? Nobody does that, but everyone knows it.",
]


def _reading(nlp, texts: list[str]) -> list[list[tuple[str, ...]]]:  # type: ignore[no-untyped-def]
    return [[(t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc] for doc in nlp.pipe(texts)]


def test_quick_ruler_reads_as_spacy_does(nlp) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(nlp.get_pipe("attribute_ruler"), QuickAttributes)
    plain = spacy.load(f"{nlp.meta['lang']}_{nlp.meta['name']}")
    quick = spacy.load(f"{nlp.meta['lang']}_{nlp.meta['name']}")
    assert use_quick_attributes(quick)
    assert _reading(quick, _TEXTS) == _reading(plain, _TEXTS)


def test_ruler_kept_when_a_pattern_is_beyond_the_quick_matcher() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "talks", "OP": "+"}]], {"POS": "NOUN"})
    assert not use_quick_attributes(nlp)
    assert isinstance(nlp.get_pipe("attribute_ruler"), AttributeRuler)
