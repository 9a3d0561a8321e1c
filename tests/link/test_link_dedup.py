"""Near-duplicate index: wire copies link to the earliest original; other reports do not."""

from __future__ import annotations

from types import SimpleNamespace

import json

import pytest

from concord.errors import ConcordError
from concord.link.dedup import DedupConfig, DuplicateIndex


def _copy(text: str) -> str:
    """A wire copy: the same story with a trailing line added."""
    return text + " More details to follow."


def test_wire_copy_is_a_duplicate_of_the_original(texts: SimpleNamespace) -> None:
    index = DuplicateIndex()
    assert index.add(texts.article("orig", texts.quake_a1)) is None
    assert index.add(texts.article("copy", _copy(texts.quake_a1))) == "orig"
    assert index.duplicate_of("copy") == "orig"


def test_independent_report_of_the_same_event_is_not_a_duplicate(texts: SimpleNamespace) -> None:
    index = DuplicateIndex()
    index.add(texts.article("a1", texts.quake_a1))
    assert index.add(texts.article("a2", texts.quake_a2)) is None
    assert index.add(texts.article("t1", texts.trade_1)) is None


def test_copy_of_a_copy_points_to_the_earliest(texts: SimpleNamespace) -> None:
    index = DuplicateIndex()
    index.add(texts.article("orig", texts.quake_a1))
    index.add(texts.article("copy", _copy(texts.quake_a1)))
    recopy = _copy(texts.quake_a1).replace("three people", "3 people")
    assert index.add(texts.article("recopy", recopy)) == "orig"


def test_readd_and_empty_text(texts: SimpleNamespace) -> None:
    index = DuplicateIndex()
    index.add(texts.article("orig", texts.quake_a1))
    index.add(texts.article("copy", _copy(texts.quake_a1)))
    assert index.add(texts.article("copy", _copy(texts.quake_a1))) == "orig"
    assert index.add(texts.article("blank", "   ")) is None
    assert len(index) == 3 and "blank" in index


def test_state_round_trip(texts: SimpleNamespace) -> None:
    index = DuplicateIndex()
    index.add(texts.article("orig", texts.quake_a1))
    index.add(texts.article("other", texts.trade_1))
    restored = DuplicateIndex.from_state(json.loads(json.dumps(index.state())))
    assert restored.state() == index.state()
    assert restored.add(texts.article("copy", _copy(texts.quake_a1))) == "orig"


def test_bad_config_and_state() -> None:
    with pytest.raises(ConcordError):
        DedupConfig(threshold=1.5)
    with pytest.raises(ConcordError):
        DuplicateIndex.from_state({"articles": []})


def test_a_copy_with_swapped_words_and_a_credit_line_is_still_a_duplicate(texts: SimpleNamespace) -> None:
    """Syndicated copies change a word or two and add a credit line (true 3-gram Jaccard about 0.81,
    which a 128-permutation estimate can put under 0.8); that must not hide them."""
    original = texts.quake_a1 + "\n\n" + texts.quake_b1
    copy = (
        original.replace("shook", "rocked").replace("hurt", "injured")
        + "\n\n(Republished from a partner agency feed without edits by our staff.)"
    )
    index = DuplicateIndex()
    index.add(texts.article("orig", original))
    assert index.add(texts.article("copy", copy)) == "orig"
    assert index.add(texts.article("other", texts.quake_a2)) is None
