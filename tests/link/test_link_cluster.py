"""Same-event clustering: grouping, hard negatives, time, analysis, determinism, persistence."""

from __future__ import annotations

from types import SimpleNamespace

import dataclasses
import datetime as dt
import json
import random
from collections import Counter

import pytest

from concord.errors import ConcordError
from concord.link.cluster import (
    ClusterConfig,
    EventClusterer,
    _core_days,
    _lead_day_gap,
    cluster_articles,
    event_id,
)
from concord.link.features import extract_features
from concord.model import Actor, Analysis, Article, Citation, EventMention


def _groups(clusters: dict[str, list[str]]) -> set[frozenset[str]]:
    return {frozenset(m) for m in clusters.values()}


EXPECTED = {
    frozenset({"a1", "a2"}),
    frozenset({"b1", "b2"}),
    frozenset({"t1", "t2"}),
    frozenset({"j1"}),
    frozenset({"j2"}),
}


def test_groups_reports_and_keeps_same_kind_events_apart(stream: list[Article]) -> None:
    clusters = cluster_articles((a, None) for a in stream)
    assert _groups(clusters) == EXPECTED


def test_works_without_dates_titles_or_sources(stream: list[Article]) -> None:
    bare = [Article(id=a.id, text=a.text) for a in stream]
    assert _groups(cluster_articles((a, None) for a in bare)) == EXPECTED


@pytest.mark.parametrize("seed", [None, 1, 2, 3])
def test_undated_grouping_does_not_depend_on_arrival_order(stream: list[Article], seed: int | None) -> None:
    """Undated reports keep their file order as the stream, so reversed or shuffled files must group alike."""
    bare = [Article(id=a.id, text=a.text) for a in stream]
    if seed is None:
        bare.reverse()
    else:
        random.Random(seed).shuffle(bare)
    assert _groups(cluster_articles((a, None) for a in bare)) == EXPECTED


def test_event_ids_derive_from_the_founding_article(stream: list[Article]) -> None:
    clusters = cluster_articles((a, None) for a in stream)
    by_members = {frozenset(m): eid for eid, m in clusters.items()}
    # a2 and a1 share a date; a1 comes first in the file, so it founds the event.
    assert by_members[frozenset({"a1", "a2"})] == event_id("a1")
    assert event_id("a1") != event_id("a1", 1)


def test_deterministic_across_runs(stream: list[Article]) -> None:
    first = cluster_articles((a, None) for a in stream)
    second = cluster_articles((a, None) for a in stream)
    assert first == second


def test_boilerplate_pages_stay_isolated(stream: list[Article]) -> None:
    clusterer = EventClusterer()
    for article in stream:
        clusterer.add(article)
    assert sorted(clusterer.unclusterable()) == ["j1", "j2"]
    assert clusterer.events_of("j1") != clusterer.events_of("j2")


def test_same_text_far_apart_in_time_is_a_new_event(texts: SimpleNamespace) -> None:
    clusterer = EventClusterer()
    first = clusterer.add(texts.article("x1", texts.quake_a1, dt.date(2024, 3, 4)))
    near = clusterer.add(texts.article("x2", texts.quake_a2, dt.date(2024, 3, 5)))
    far = clusterer.add(texts.article("x3", texts.quake_a2 + " A later tremor.", dt.date(2024, 6, 30)))
    assert near == first
    assert far != first


def test_duplicate_follows_its_original(texts: SimpleNamespace) -> None:
    clusterer = EventClusterer()
    original = clusterer.add(texts.article("o", texts.quake_a1))
    assert clusterer.add(texts.article("c", texts.trade_1), duplicate_of="o") == original


def test_readding_an_article_is_a_no_op(texts: SimpleNamespace) -> None:
    clusterer = EventClusterer()
    first = clusterer.add(texts.article("o", texts.quake_a1))
    assert clusterer.add(texts.article("o", texts.quake_a1)) == first
    assert clusterer.clusters() == {first[0]: ["o"]}


def _analysis(aid: str, etype: str, day: str, countries: tuple[str, str]) -> Analysis:
    cite = Citation(aid, 0, 0, 10, "test")
    mention = EventMention(
        type=etype,
        citation=cite,
        actors=[Actor(name=countries[0], kind="state", country=countries[0])],
        recipients=[Actor(name=countries[1], kind="state", country=countries[1])],
        date=day,
        date_precision="day",
    )
    return Analysis(article_id=aid, events=[mention])


HALF_A = "Officials from both governments held a long telephone call about border security."
HALF_B = "Ministers spoke by phone for an hour about security along their shared border."


def test_event_agreement_joins_and_event_date_conflict_splits(texts: SimpleNamespace) -> None:
    # One-sentence texts: leave excerpt scaling out so the test weighs the event analysis alone.
    cfg = ClusterConfig(threshold=0.5, w_event_match=0.6, w_event_date=1.0, dedup=False, short_terms=0)
    a = texts.article("p1", HALF_A, dt.date(2025, 2, 6))
    b = texts.article("p2", HALF_B, dt.date(2025, 2, 7))
    plain = cluster_articles([(a, None), (b, None)], cfg)
    assert len(plain) == 2
    agree = cluster_articles(
        [(a, _analysis("p1", "CONSULT", "2025-02-06", ("USA", "IND"))),
         (b, _analysis("p2", "CONSULT", "2025-02-06", ("IND", "USA")))],
        cfg,
    )
    assert len(agree) == 1
    clash = cluster_articles(
        [(a, _analysis("p1", "CONSULT", "2025-02-06", ("USA", "IND"))),
         (b, _analysis("p2", "CONSULT", "2025-03-20", ("IND", "USA")))],
        cfg,
    )
    assert len(clash) == 2


def test_lead_day_penalty_grows_with_the_gap_and_is_capped(texts: SimpleNamespace) -> None:
    """Lead days a day apart cost nothing; each further day costs w_event_date, up to the cap."""
    cfg = ClusterConfig(w_time=0.0, w_size=0.0, w_event_match=0.0, w_event_date=0.1, event_date_cap_days=3)
    clusterer = EventClusterer(cfg)
    founder = texts.article("p1", HALF_A, dt.date(2025, 2, 6))
    [eid] = clusterer.add(founder, _analysis("p1", "CONSULT", "2025-02-06", ("USA", "IND")))
    event = clusterer._index.event(eid)

    def score(day: str) -> float:
        article = texts.article("q", HALF_B, dt.date(2025, 2, 6))
        feats = extract_features(article, _analysis("q", "CONSULT", day, ("USA", "IND")))
        return clusterer._score(feats, clusterer._vectors(feats), event)

    base = score("2025-02-07")
    assert score("2025-02-06") == pytest.approx(base)
    assert score("2025-02-08") == pytest.approx(base - 0.1)
    assert score("2025-02-09") == pytest.approx(base - 0.2)
    assert score("2025-02-20") == pytest.approx(base - 0.3)


def test_an_outlier_member_does_not_move_the_events_day() -> None:
    """Core days are those most members lead with; a lone follow-up day does not become one."""
    assert _core_days(Counter({10: 3, 7: 1})) == [10]
    assert _core_days(Counter({10: 2, 7: 1})) == [7, 10]
    assert _lead_day_gap({7}, Counter({10: 3, 7: 1})) == 3
    assert _lead_day_gap(set(), Counter({10: 1})) is None


def test_a_different_lead_day_founds_its_own_event_in_either_order(texts: SimpleNamespace) -> None:
    """Two close-worded reports leading with days three apart stay apart whichever arrives first."""
    dyad = ("IND", "PAK")
    strike = (texts.article("s", HALF_A, dt.date(2025, 5, 7)), _analysis("s", "ASSAULT", "2025-05-07", dyad))
    truce = (texts.article("t", HALF_B, dt.date(2025, 5, 10)), _analysis("t", "ASSAULT", "2025-05-10", dyad))
    same_day = (truce[0], _analysis("t", "ASSAULT", "2025-05-07", dyad))
    # One-sentence texts: leave excerpt scaling out so the test weighs the lead days alone.
    cfg = ClusterConfig(threshold=0.2, w_event_match=0.3, dedup=False, short_terms=0)

    def n_events(pair: list[tuple[Article, Analysis]]) -> int:
        clusterer = EventClusterer(cfg)
        for article, analysis in pair:
            clusterer.add(article, analysis)
        return len(clusterer.clusters())

    assert n_events([strike, same_day]) == 1
    assert n_events([strike, truce]) == n_events([truce, strike]) == 2


def test_empty_analysis_and_empty_text_do_not_fail(texts: SimpleNamespace) -> None:
    clusterer = EventClusterer()
    assert len(clusterer.add(texts.article("e1", texts.quake_a1), Analysis(article_id="e1"))) == 1
    assert len(clusterer.add(texts.article("e2", "..."))) == 1


def _whole_and_first_four(stream: list[Article]) -> tuple[EventClusterer, EventClusterer]:
    """A clusterer fed the whole stream, and one fed only its first four articles."""
    whole, part = EventClusterer(), EventClusterer()
    for article in stream:
        whole.add(article)
    for article in stream[:4]:
        part.add(article)
    return whole, part


def test_state_round_trip_continues_identically(stream: list[Article]) -> None:
    whole, part = _whole_and_first_four(stream)
    restored = EventClusterer.from_state(json.loads(json.dumps(part.state())))
    assert restored.state() == part.state()
    for article in stream[4:]:
        restored.add(article)
    assert restored.clusters() == whole.clusters()
    assert restored.state() == whole.state()


def test_bad_inputs_raise_concord_errors() -> None:
    with pytest.raises(ConcordError):
        ClusterConfig(threshold=0.3, w_body=-1.0)
    with pytest.raises(ConcordError):
        ClusterConfig(event_date_cap_days=0)
    with pytest.raises(ConcordError):
        ClusterConfig.from_dict({"no_such_knob": 1})
    with pytest.raises(ConcordError):
        ClusterConfig(short_floor=0.0)
    with pytest.raises(ConcordError):
        ClusterConfig(short_terms=-1)
    with pytest.raises(ConcordError):
        EventClusterer.from_state({"version": 99})
    with pytest.raises(ConcordError):
        EventClusterer.from_state({"version": 1, "config": {}})
    with pytest.raises(ConcordError):
        EventClusterer().add("not an article")  # type: ignore[arg-type]
    with pytest.raises(ConcordError):
        EventClusterer().events_of("missing")


def test_config_round_trips_through_a_dict() -> None:
    cfg = ClusterConfig(threshold=0.4, window_days=3)
    assert ClusterConfig.from_dict(dataclasses.asdict(cfg)) == cfg


def test_a_late_report_of_an_old_event_still_finds_it(texts: SimpleNamespace) -> None:
    """Reports arrive in any order: months of newer news in between do not hide an old event."""
    clusterer = EventClusterer()
    old = clusterer.add(texts.article("q1", texts.quake_a1, dt.date(2024, 3, 4)))
    for week in range(12):
        clusterer.add(texts.article(f"n{week}", f"{texts.trade_1} Week {week}.", dt.date(2024, 4, 1) + dt.timedelta(weeks=week)))
    assert clusterer.add(texts.article("q2", texts.quake_a2, dt.date(2024, 3, 5))) == old
    restored = EventClusterer.from_state(json.loads(json.dumps(clusterer.state())))
    assert restored.add(texts.article("q3", texts.quake_a2 + " Aftershocks followed.", dt.date(2024, 3, 5))) == old


def _split_stream(texts: SimpleNamespace) -> EventClusterer:
    """A clusterer too strict to join anything: each report founds its own event."""
    clusterer = EventClusterer(ClusterConfig(threshold=0.95))
    day = dt.date(2024, 3, 4)
    for aid, text in (("a1", texts.quake_a1), ("b1", texts.quake_b1), ("a2", texts.quake_a2), ("t1", texts.trade_1)):
        clusterer.add(texts.article(aid, text, day))
    clusterer.add(texts.article("j1", texts.junk, day))
    return clusterer


def test_consolidate_merges_an_event_founded_twice_into_the_older(texts: SimpleNamespace) -> None:
    clusterer = _split_stream(texts)
    assert len(clusterer.clusters()) == 5
    merged = clusterer.consolidate()
    assert merged == {event_id("a2"): event_id("a1")}
    assert _groups(clusterer.clusters()) == {
        frozenset({"a1", "a2"}), frozenset({"b1"}), frozenset({"t1"}), frozenset({"j1"}),
    }
    assert clusterer.events_of("a2") == [event_id("a1")]
    assert clusterer.consolidate() == {}
    # The absorbed event is gone from the index too, also after a state round trip.
    restored = EventClusterer.from_state(json.loads(json.dumps(clusterer.state())))
    assert restored.state() == clusterer.state()
    for index in (clusterer, restored):
        assert not any(event_id("a2") in posted for posted in index._index.postings.values())
        feats = extract_features(texts.article("a3", texts.quake_a2, dt.date(2024, 3, 5)), None)
        assert index._candidates(feats, index._vectors(feats))[0].id == event_id("a1")


def test_consolidate_keeps_events_apart_in_time_and_leaves_junk_alone(texts: SimpleNamespace) -> None:
    clusterer = EventClusterer(ClusterConfig(threshold=0.95, merge_threshold=0.01))
    clusterer.add(texts.article("a1", texts.quake_a1, dt.date(2024, 3, 4)))
    clusterer.add(texts.article("a2", texts.quake_a2, dt.date(2024, 6, 30)))
    clusterer.add(texts.article("j1", texts.junk, dt.date(2024, 3, 4)))
    clusterer.add(texts.article("j2", texts.junk, dt.date(2024, 3, 4)))
    assert clusterer.consolidate() == {}
    assert len(clusterer.clusters()) == 4


def test_cluster_articles_consolidates_unless_told_not_to(texts: SimpleNamespace) -> None:
    day = dt.date(2024, 3, 4)
    batch = [(texts.article(aid, text, day), None) for aid, text in
             (("a1", texts.quake_a1), ("b1", texts.quake_b1), ("a2", texts.quake_a2))]
    strict = ClusterConfig(threshold=0.95)
    assert _groups(cluster_articles(batch, strict)) == {frozenset({"a1", "a2"}), frozenset({"b1"})}
    plain = dataclasses.replace(strict, consolidate=False)
    assert len(cluster_articles(batch, plain)) == 3


EXCERPT = "Three people hurt as quake hits Valparaiso, Chile."


def test_a_short_excerpt_is_scored_as_a_full_report_would_be(texts: SimpleNamespace) -> None:
    """Excerpt cosines run low; scaling by sqrt(share of short_terms) lets one join its event, not another."""
    def place(short_terms: int) -> tuple[list[str], list[str], list[str]]:
        clusterer = EventClusterer(ClusterConfig(threshold=0.5, short_terms=short_terms))
        day = dt.date(2024, 3, 4)
        chile = clusterer.add(texts.article("a1", texts.quake_a1, day))
        turkey = clusterer.add(texts.article("b1", texts.quake_b1, day))
        return chile, turkey, clusterer.add(texts.article("x", EXCERPT, day))

    chile, turkey, excerpt = place(40)
    assert excerpt == chile != turkey
    chile, turkey, excerpt = place(0)
    assert excerpt not in (chile, turkey)


def test_excerpt_scale_only_touches_short_articles(texts: SimpleNamespace) -> None:
    def score(text: str, short_terms: int) -> float:
        clusterer = EventClusterer(ClusterConfig(short_terms=short_terms, w_entities=0.0, w_title=0.0))
        [eid] = clusterer.add(texts.article("a1", texts.quake_a1))
        feats = extract_features(texts.article("x", text), None)
        return clusterer._score(feats, clusterer._vectors(feats), clusterer._index.event(eid))

    # six content words: sqrt(6/40) < 0.5, so the floor doubles the similarity
    assert score(EXCERPT, 40) == pytest.approx(2 * score(EXCERPT, 0))
    assert score(EXCERPT, 24) == pytest.approx(score(EXCERPT, 0) / 0.5)
    assert score(EXCERPT, 12) == pytest.approx(score(EXCERPT, 0) / (6 / 12) ** 0.5)
    assert score(texts.quake_a2, 20) == pytest.approx(score(texts.quake_a2, 0))


def test_a_version_2_state_without_centroid_counts_still_loads(stream: list[Article]) -> None:
    whole, part = _whole_and_first_four(stream)
    old = json.loads(json.dumps(part.state()))
    old["version"] = 2
    for row in old["events"]:
        for channel in ("body", "entities", "title"):
            del row[channel]["count"]
    restored = EventClusterer.from_state(old)
    for article in stream[4:]:
        restored.add(article)
    assert restored.clusters() == whole.clusters()
