"""The optional semantic backend: a clear error without the extra, and alignment with it."""

from __future__ import annotations

import sys

import pytest

from concord.compare import compare_event, load_embedder
from concord.errors import ModelNotFoundError
from concord.settings import Settings


def test_without_the_extra_the_error_names_the_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    with pytest.raises(ModelNotFoundError, match=r"concord\[semantic\]"):
        load_embedder(Settings().semantic_model)


def test_semantic_alignment(river_event) -> None:
    pytest.importorskip("sentence_transformers")
    embedder = load_embedder(Settings().semantic_model)
    vectors = embedder.embed(["The accord was signed.", "Farmers welcomed the deal."])
    assert len(vectors) == 2 and len(vectors[0]) == 384
    event, articles, analyses = river_event
    comparison = compare_event(event, articles, analyses, semantic=embedder)
    assert comparison.backend == "lexical+semantic:all-MiniLM-L6-v2"
    labels = {
        g.label for g in comparison.groups if any("signed an accord" in c.text for c in g.claims)
    }
    assert labels == {"shared"}
    assert any(g.label == "conflicting" and "figures differ" in g.reason for g in comparison.groups)
