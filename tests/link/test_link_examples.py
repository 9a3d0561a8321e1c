"""The example corpus end to end: every report lands in its gold event, in any ingest order.

Ground truth is ``examples/expected.json`` (which report belongs to which event, the wire copy,
the distractors). The two seed reports of the 6 Feb 2025 call join event A when ../shared exists.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import Counter
from pathlib import Path

import pytest

from concord import Concord
from concord.eval.clusters import pairwise_scores
from concord.link.secondary import is_secondary
from concord.model import Article, Event
from concord.settings import Settings

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
CORPUS = EXAMPLES / "corpus"
SHARED = Path(os.environ.get("CONCORD_SHARED", REPO / ".." / "shared")).resolve()
NOW = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)
CALL = "A"


def _seed_files() -> list[Path]:
    files = sorted((SHARED / "seeds").glob("*.txt")) if SHARED.is_dir() else []
    return files if len(files) == 2 else []


def _norm(title: str | None) -> str:
    return " ".join((title or "").split()).casefold()


@pytest.fixture(scope="module")
def expected() -> list[dict]:
    return json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))


def _open(path: Path) -> Concord:
    return Concord(path, settings=Settings(db=str(path)))


def _gold(concord: Concord, expected: list[dict]) -> tuple[dict[str, str], dict[str, Article]]:
    """Article id -> gold event label, and gold file name -> article (reports matched by title)."""
    by_title = {_norm(e["title"]): e for e in expected}
    gold: dict[str, str] = {}
    files: dict[str, Article] = {}
    seeds = {str(p.resolve()) for p in _seed_files()}
    for article in concord.articles(limit=1000):
        entry = by_title.get(_norm(article.title))
        if entry is not None:
            gold[article.id] = entry["event"]
            files[entry["file"] if entry["entry"] is None else f"{entry['file']}#{entry['entry']}"] = article
        elif article.origin in seeds:
            gold[article.id] = CALL
        else:
            raise AssertionError(f"article {article.id} ({article.origin}) is not in expected.json")
    assert len(gold) == len(expected) + len(seeds), "some expected reports were not ingested"
    return gold, files


def _labels(concord: Concord, ids: list[str]) -> dict[str, str]:
    """Article id -> the story (primary event) it was placed in (every article is in exactly one
    story here; it may also report secondary events of that story)."""
    labels = {}
    for aid in ids:
        events = [e for e in concord.store.events_of_article(aid) if not is_secondary(concord.event(e))]
        assert len(events) == 1, f"article {aid} is in {len(events)} events"
        labels[aid] = events[0]
    return labels


@pytest.fixture(scope="module")
def forward(tmp_path_factory: pytest.TempPathFactory, expected: list[dict]):
    """The corpus folder (and both seeds) ingested in one call, analysis on."""
    concord = _open(tmp_path_factory.mktemp("forward") / "ex.db")
    report = concord.ingest([str(CORPUS), *(str(p) for p in _seed_files())], now=NOW)
    assert report.ok, report.quarantined
    gold, files = _gold(concord, expected)
    yield concord, gold, files, _labels(concord, list(gold))
    concord.close()


def _partition(labels: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for aid, eid in labels.items():
        groups.setdefault(eid, set()).add(aid)
    return {frozenset(g) for g in groups.values()}


def _scores(gold: dict[str, str], labels: dict[str, str]) -> str:
    s = pairwise_scores(gold, labels)
    return f"pairwise P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f}"


def _event_of(concord: Concord, labels: dict[str, str], article: Article) -> Event:
    return concord.event(labels[article.id])


def test_each_gold_event_is_one_event(forward) -> None:
    _, gold, _, labels = forward
    split = {
        g: sorted({labels[a] for a in gold if gold[a] == g})
        for g in sorted(set(gold.values()))
        if len({labels[a] for a in gold if gold[a] == g}) > 1
    }
    assert not split, f"gold events split over several events: {split}; {_scores(gold, labels)}"


def test_distinct_gold_events_never_share_an_event(forward) -> None:
    _, gold, _, labels = forward
    shared = {
        eid: sorted({gold[a] for a in labels if labels[a] == eid})
        for eid in set(labels.values())
        if len({gold[a] for a in labels if labels[a] == eid}) > 1
    }
    assert not shared, f"events mixing gold events: {shared}; {_scores(gold, labels)}"


def test_distractors_stay_alone(forward) -> None:
    _, gold, _, labels = forward
    sizes = Counter(labels.values())
    for aid, label in gold.items():
        if label.startswith("distractor"):
            assert sizes[labels[aid]] == 1, f"{label} shares its event; {_scores(gold, labels)}"


def test_wire_copy_is_linked_to_its_original(forward) -> None:
    concord, _, files, labels = forward
    original = files["a1_singh_hegseth_call_newdelhi.txt"]
    copy = files["a4_singh_hegseth_call_wirecopy.txt"]
    pair = {concord.article(original.id).duplicate_of, concord.article(copy.id).duplicate_of}
    assert pair in ({None, original.id}, {None, copy.id}), "the wire copy is not linked to a1"
    marked = [a.id for a in concord.articles(limit=1000) if a.duplicate_of]
    assert len(marked) == 1, f"only the wire copy is a near-duplicate, got {marked}"
    assert labels[original.id] == labels[copy.id]


def test_wire_copy_is_the_duplicate_not_the_original(forward) -> None:
    concord, _, files, _ = forward
    copy = concord.article(files["a4_singh_hegseth_call_wirecopy.txt"].id)
    assert copy.duplicate_of == files["a1_singh_hegseth_call_newdelhi.txt"].id


def test_the_call_is_one_consult_phone_event_on_the_sixth(forward) -> None:
    concord, gold, files, labels = forward
    call = _event_of(concord, labels, files["a1_singh_hegseth_call_newdelhi.txt"])
    assert (call.event, call.mode, call.date) == ("CONSULT", "phone", "2025-02-06")
    assert "date" not in {c.field for c in call.conflicts}, call.conflicts
    assert {a.country for a in call.actor + call.recipient} >= {"USA", "IND"}
    members = [a for a, g in gold.items() if g == CALL]
    assert call.n_articles == len(members)
    # The wire copy is the same report, so it adds no independent source.
    assert call.n_sources == len(members) - 1
    others = concord.events(actors=["IND", "USA"], type="CONSULT", include_uncoded=True)
    assert [e for e in others if e.date == "2025-02-06"] == [call]


def test_events_carry_only_real_disagreements(forward) -> None:
    """A lone report cannot conflict with itself; conflicting values come from different reports."""
    concord, _, _, labels = forward
    for eid in set(labels.values()):
        event = concord.event(eid)
        if event.n_articles == 1:
            assert event.conflicts == [], (eid, event.conflicts)
        for conflict in event.conflicts:
            backers = [frozenset(c.article_id for c in v.citations) for v in conflict.values]
            assert len(set().union(*backers)) > 1, (eid, conflict)


def _secondaries(concord: Concord) -> set[tuple[frozenset[str], str, frozenset[str]]]:
    """Each secondary event as (its story's reports, its type, its reports): ids depend on which report
    founded the story, so stories are compared by their reports."""
    events = {e.id: e for e in concord.events(limit=1000, include_uncoded=True)}
    found = set()
    for event in events.values():
        if is_secondary(event):
            primary = events[event.related[0]]
            members = frozenset(s["article_id"] for s in event.sources)
            found.add((frozenset(s["article_id"] for s in primary.sources), event.event, members))
    return found


def test_secondary_events_belong_to_their_story(forward) -> None:
    concord, gold, files, labels = forward
    events = {e.id: e for e in concord.events(limit=1000, include_uncoded=True)}
    for event in events.values():
        if not is_secondary(event):
            assert all(is_secondary(events[r]) and events[r].related == [event.id] for r in event.related)
            continue
        primary = events[event.related[0]]
        assert event.id in primary.related and event.event not in ("", primary.event)
        assert {s["article_id"] for s in event.sources} <= {s["article_id"] for s in primary.sources}
        assert event.date == primary.date
    call = _event_of(concord, labels, files["a1_singh_hegseth_call_newdelhi.txt"])
    (agreed,) = [events[r] for r in call.related if events[r].event == "AGREE"]
    origins = {str(p.resolve()) for p in _seed_files()}
    seeds = {a for a, g in gold.items() if g == CALL and concord.article(a).origin in origins}
    assert seeds <= {s["article_id"] for s in agreed.sources}


def test_reverse_order_one_file_at_a_time_gives_the_same_events(
    forward, tmp_path_factory: pytest.TempPathFactory, expected: list[dict]
) -> None:
    _, gold_fwd, _, labels_fwd = forward
    concord = _open(tmp_path_factory.mktemp("reverse") / "ex.db")
    try:
        inputs = [*reversed(_seed_files()), *sorted(CORPUS.iterdir(), reverse=True)]
        for path in inputs:
            assert concord.ingest([str(path)], now=NOW).ok
        gold, _ = _gold(concord, expected)
        assert gold == gold_fwd
        labels = _labels(concord, list(gold))
        assert _partition(labels) == _partition(labels_fwd), _scores(gold, labels)
        assert _secondaries(concord) == _secondaries(forward[0])
    finally:
        concord.close()
