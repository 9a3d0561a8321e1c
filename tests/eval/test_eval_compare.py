"""Comparison scoring: quote mapping and pair counting on invented records, gold reading, and the dev-set gate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from concord.compare.records import Claim, ClaimGroup, Comparison
from concord.errors import MalformedRecordError
from concord.eval.compare import GoldFact, GoldStory, PreparedStory, load_compare_gold, score_story, summarise
from concord.model import Article, Citation

#: Floors a little under what the shipped thresholds reach on the dev gold (see README, Measured figures).
FLOORS = {"shared_recall": 0.52, "conflict_recall": 0.66}
MAX_FALSE_CONFLICTS = 0.45


def _claim(article: str, text: str) -> Claim:
    return Claim(f"{article}:{text[:5]}", article, article, 0, 0, len(text), text,
                 [Citation(article, 0, 0, len(text), "test", text)])


def _comparison(groups: list[tuple[str, list[Claim]]]) -> Comparison:
    return Comparison("ev", None, "X", groups=[ClaimGroup(f"g{i}", label, claims, [c.outlet for c in claims])
                                                for i, (label, claims) in enumerate(groups)])


STORY = GoldStory(
    "s1",
    shared=[GoldFact("tolls", {"A": "the storm flooded forty homes", "B": "storm flooded 40 homes in town"}),
            GoldFact("roads", {"A": "the coast road was closed", "B": "officials shut the coast road"})],
    conflicts=[GoldFact("homes", {"A": "the storm flooded forty homes", "B": "storm flooded 40 homes in town"})],
)
PREPARED = PreparedStory("s1", None, [Article("a", "x"), Article("b", "y")], {}, {"A": "a", "B": "b"})


def test_pairs_are_found_only_in_one_non_unique_group() -> None:
    comparison = _comparison([
        ("conflicting", [_claim("a", "The storm flooded forty homes on Monday."), _claim("b", "The storm flooded 40 homes in town.")]),
        ("unique", [_claim("a", "The coast road was closed all day.")]),
        ("unique", [_claim("b", "Officials shut the coast road at noon.")]),
        ("conflicting", [_claim("a", "Bakers sold bread."), _claim("b", "Bakers sold cakes.")]),
    ])
    score = score_story(STORY, PREPARED, comparison)
    assert (score.shared_found, score.shared_pairs) == (1, 2)
    assert (score.conflict_found, score.conflict_pairs) == (1, 1)
    assert score.false_conflicts == 1 and score.unique_groups == 2 and score.groups == 4
    figures = summarise([score])
    assert figures["shared_recall"] == 0.5 and figures["conflict_recall"] == 1.0
    assert figures["false_conflicts_per_story"] == 1.0 and figures["unique_share"] == 0.5


def test_a_quote_sharing_under_half_its_words_is_unmatched() -> None:
    comparison = _comparison([("shared", [_claim("a", "Nothing alike here at all."), _claim("b", "Storm flooded 40 homes in town.")])])
    score = score_story(STORY, PREPARED, comparison)
    assert score.unmatched_quotes >= 2 and score.shared_found == 0


def test_no_comparison_finds_nothing() -> None:
    score = score_story(STORY, PREPARED, None)
    assert score.shared_found == 0 and score.shared_pairs == 2 and score.unmatched_quotes == 6


def test_bad_gold_lines(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps({"cluster": "c", "shared": [{"fact": "f", "quotes": {"a": "x"}}]}) + "\n")
    with pytest.raises(MalformedRecordError, match="two articles"):
        load_compare_gold(path)
    path.write_text("{not json\n")
    with pytest.raises(MalformedRecordError, match=":1"):
        load_compare_gold(path)


def test_dev_gold_gate(shared: Path) -> None:
    """`concord eval compare` on the 20 hand-annotated Multi-News stories stays above a pinned floor."""
    gold, articles = shared / "compare" / "compare_dev.jsonl", shared / "clusters" / "multinews_sample.jsonl"
    if not (gold.is_file() and articles.is_file()):
        pytest.skip(f"compare dev gold not found under {shared}")
    from typer.testing import CliRunner

    from concord.cli import app

    out = CliRunner().invoke(app, ["eval", "compare", str(gold), str(articles), "--json"])
    assert out.exit_code == 0, out.output
    figures = json.loads(out.output)
    assert figures["stories"] == 20 and len(figures["per_story"]) == 20
    for name, floor in FLOORS.items():
        assert figures[name] >= floor, (name, figures[name])
    assert figures["false_conflicts_per_story"] <= MAX_FALSE_CONFLICTS, figures
