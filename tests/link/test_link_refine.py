"""Splitting grown events again: the bisection itself and EventClusterer.refine on invented reports."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from types import SimpleNamespace

import numpy as np
import pytest

from concord.errors import ConcordError
from concord.link.cluster import ClusterConfig, EventClusterer, cluster_articles, event_id
from concord.link.features import extract_features
from concord.link.refine import bisect, cosine_matrix, separation
from concord.model import Analysis, Article

# Two more reports of the Valparaiso quake and one of the Malatya quake, written for this test.
QUAKE_A3 = (
    "Chile's Senapred said on Monday that a 6.1 magnitude earthquake off Valparaiso injured three "
    "people and left about 40,000 homes in Valparaiso and Vina del Mar without power for hours."
)
QUAKE_A4 = (
    "Power was restored to most of the 40,000 homes in Valparaiso and Vina del Mar that lost it when "
    "Monday's 6.1 magnitude quake struck off central Chile, Senapred said, adding three were hurt."
)

QUAKE_B2 = (
    "Two people were hurt in Yesilyurt when a 5.2 magnitude earthquake struck Malatya province in "
    "eastern Turkey on Wednesday night, AFAD said, and older houses across Malatya were damaged."
)

BLOCKS = np.array([
    [1.0, 0.8, 0.1, 0.2, 0.7],
    [0.8, 1.0, 0.1, 0.1, 0.6],
    [0.1, 0.1, 1.0, 0.9, 0.2],
    [0.2, 0.1, 0.9, 1.0, 0.1],
    [0.7, 0.6, 0.2, 0.1, 1.0],
])


def test_bisect_finds_the_blocks_and_measures_how_far_apart_they_lie() -> None:
    cut = bisect(BLOCKS)
    assert cut == ([0, 1, 4], [2, 3])
    between = (0.1 + 0.2 + 0.1 + 0.1 + 0.2 + 0.1) / 6
    assert separation(BLOCKS, *cut) == pytest.approx(between / 0.7)


def test_bisect_does_not_depend_on_row_order() -> None:
    order = [3, 0, 4, 2, 1]
    cut = bisect(BLOCKS[np.ix_(order, order)])
    assert cut is not None
    assert {frozenset(order[i] for i in part) for part in cut} == {frozenset({0, 1, 4}), frozenset({2, 3})}


def test_bisect_gives_up_on_small_or_uniform_matrices_and_rejects_bad_input() -> None:
    assert bisect(BLOCKS[:3, :3]) is None  # two rows per side need four rows
    assert bisect(np.ones((6, 6))) is None  # nothing to separate
    assert bisect(BLOCKS, min_group=3) is None
    with pytest.raises(ConcordError):
        bisect(np.ones((2, 3)))
    with pytest.raises(ConcordError):
        bisect(BLOCKS, min_group=0)


def test_cosine_matrix_of_sparse_unit_vectors() -> None:
    sims = cosine_matrix([{"a": 1.0}, {"a": 0.6, "b": 0.8}, {"b": 1.0}, {}])
    assert sims == pytest.approx(np.array([
        [1.0, 0.6, 0.0, 0.0], [0.6, 1.0, 0.8, 0.0], [0.0, 0.8, 1.0, 0.0], [0.0, 0.0, 0.0, 0.0],
    ]))


def _forced(texts: SimpleNamespace, reports: list[tuple[str, str]]) -> tuple[EventClusterer, dict[str, Article]]:
    """A clusterer holding ``reports`` in one event: every report after the first is passed as its copy."""
    clusterer = EventClusterer()
    day = dt.date(2024, 3, 4)
    articles = {aid: texts.article(aid, text, day) for aid, text in reports}
    first = reports[0][0]
    for aid, article in articles.items():
        clusterer.add(article, None, duplicate_of=None if aid == first else first)
    assert len(clusterer.clusters()) == 1
    return clusterer, articles


def _source(articles: dict[str, Article]):  # type: ignore[no-untyped-def]
    return lambda aid: (articles[aid], None)


def test_refine_splits_two_events_forced_together(texts: SimpleNamespace) -> None:
    clusterer, articles = _forced(texts, [("a1", texts.quake_a1), ("b1", texts.quake_b1),
                                          ("a2", texts.quake_a2), ("b2", QUAKE_B2)])
    assert clusterer.refine(_source(articles)) == {event_id("a1"): [event_id("b1")]}
    assert clusterer.clusters() == {event_id("a1"): ["a1", "a2"], event_id("b1"): ["b1", "b2"]}
    assert clusterer.events_of("b2") == [event_id("b1")]
    assert clusterer.refine(_source(articles)) == {}
    # The index follows the split, also after a state round trip.
    restored = EventClusterer.from_state(json.loads(json.dumps(clusterer.state())))
    for index in (clusterer, restored):
        feats = extract_features(texts.article("b3", QUAKE_B2, dt.date(2024, 3, 4)), None)
        assert index._best_event(feats, index._vectors(feats)).id == event_id("b1")
        assert not any(event_id("a1") in posted for (_, key), posted in index._index.postings.items() if key == "b:malatya")


def test_refine_keeps_one_event_whole_and_only_looks_where_told(texts: SimpleNamespace) -> None:
    clusterer, articles = _forced(texts, [("a1", texts.quake_a1), ("a2", texts.quake_a2),
                                          ("a3", QUAKE_A3), ("a4", QUAKE_A4)])
    assert clusterer.refine(_source(articles)) == {}
    assert clusterer.clusters() == {event_id("a1"): ["a1", "a2", "a3", "a4"]}
    mixed, more = _forced(texts, [("a1", texts.quake_a1), ("b1", texts.quake_b1),
                                  ("a2", texts.quake_a2), ("b2", QUAKE_B2)])
    assert mixed.refine(_source(more), events=["ev-unknown"]) == {}
    small = dataclasses.replace(ClusterConfig(), split_min_members=5)
    mixed.config = small
    assert mixed.refine(_source(more)) == {}


def test_refine_needs_the_reports_back(texts: SimpleNamespace) -> None:
    clusterer, articles = _forced(texts, [("a1", texts.quake_a1), ("b1", texts.quake_b1),
                                          ("a2", texts.quake_a2), ("b2", QUAKE_B2)])
    del articles["b2"]
    with pytest.raises(ConcordError, match="b2"):
        clusterer.refine(_source(articles))


def test_cluster_articles_refines_unless_told_not_to(texts: SimpleNamespace) -> None:
    day = dt.date(2024, 3, 4)
    batch = [(texts.article(aid, text, day), None) for aid, text in
             (("a1", texts.quake_a1), ("b1", texts.quake_b1), ("a2", texts.quake_a2), ("b2", QUAKE_B2))]
    greedy = ClusterConfig(threshold=-5.0)  # every report joins the best candidate it finds
    assert sorted(sorted(m) for m in cluster_articles(batch, greedy).values()) == [["a1", "a2"], ["b1", "b2"]]
    assert len(cluster_articles(batch, dataclasses.replace(greedy, refine=False))) == 1


@pytest.mark.parametrize("bad", [
    {"split_ratio": -0.1}, {"split_min_group": 0}, {"split_min_members": 3}, {"split_max_members": 2},
])
def test_bad_split_limits_are_rejected(bad: dict[str, float]) -> None:
    with pytest.raises(ConcordError):
        ClusterConfig(**bad)


class _Greedy(EventClusterer):
    """A clusterer whose reports join the best candidate they find, however weak."""

    GREEDY = ClusterConfig(threshold=-5.0)

    def __init__(self, config: ClusterConfig | None = None, index=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(config or self.GREEDY, index)

    @classmethod
    def stored(cls, rows, config: ClusterConfig | None = None) -> EventClusterer:  # type: ignore[no-untyped-def]
        return super().stored(rows, config or cls.GREEDY)


def test_the_pipeline_stores_the_split_off_event_and_shrinks_the_kept_one(texts: SimpleNamespace, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from concord.link.dedup import DuplicateIndex
    from concord.link.secondary import merge_story
    from concord.pipeline import _link
    from concord.store.sqlite import SQLiteStore

    store = SQLiteStore(tmp_path / "s.db")
    day = dt.date(2024, 3, 4)

    def link(*reports: tuple[str, str]) -> list[str]:
        for aid, text in reports:
            store.add_article(texts.article(aid, text, day))
            store.save_analysis(Analysis(aid))  # the linker takes analysed articles only
        return _link(store, store.unlinked(), _Greedy, DuplicateIndex, merge_story)

    def sources(event: str) -> list[str]:
        return sorted(s["article_id"] for s in store.get_event(event).sources)

    assert link(("a1", texts.quake_a1), ("b1", texts.quake_b1), ("a2", texts.quake_a2)) == [event_id("a1")]
    assert sources(event_id("a1")) == ["a1", "a2", "b1"]  # three reports: too few to split
    assert sorted(link(("b2", QUAKE_B2))) == sorted([event_id("a1"), event_id("b1")])
    assert sources(event_id("a1")) == ["a1", "a2"]
    assert sources(event_id("b1")) == ["b1", "b2"]
