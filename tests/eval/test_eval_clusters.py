"""Clustering evaluation: metric arithmetic, gold-file reading, and the dev-set gate."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from concord.errors import ConcordError, MalformedRecordError
from concord.eval.clusters import bcubed_scores, evaluate_clusters, load_gold, pairwise_scores

GOLD = {"a": "x", "b": "x", "c": "x", "d": "y", "e": "y"}
PRED = {"a": "1", "b": "1", "c": "2", "d": "2", "e": "2"}


def test_pairwise_scores_by_hand() -> None:
    # predicted pairs: ab, cd, ce, de -> 4; true among them: ab, de -> 2; gold pairs: ab ac bc de -> 4
    scores = pairwise_scores(GOLD, PRED)
    assert scores["precision"] == pytest.approx(0.5)
    assert scores["recall"] == pytest.approx(0.5)
    assert scores["f1"] == pytest.approx(0.5)


def test_bcubed_scores_by_hand() -> None:
    scores = bcubed_scores(GOLD, PRED)
    # precision per item: a,b 1; c 1/3; d,e 2/3 -> (2 + 1/3 + 4/3) / 5
    assert scores["precision"] == pytest.approx((2 + 1 / 3 + 4 / 3) / 5)
    # recall per item: a,b 2/3; c 1/3; d,e 1 -> (4/3 + 1/3 + 2) / 5
    assert scores["recall"] == pytest.approx((4 / 3 + 1 / 3 + 2) / 5)


def test_perfect_and_mismatched_labellings() -> None:
    assert pairwise_scores(GOLD, GOLD)["f1"] == 1.0
    assert bcubed_scores(GOLD, GOLD)["f1"] == 1.0
    with pytest.raises(ConcordError):
        pairwise_scores(GOLD, {"a": "1"})


def _write(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


ROWS = [
    {"cluster": "fire", "id": "f1", "date": "2024-05-02", "source": "daily-a",
     "text": "Firefighters in Lyon fought a large blaze at a textile warehouse on Thursday night. "
             "The Lyon fire brigade said 80 firefighters and 20 engines were deployed and no one was hurt."},
    {"cluster": "vote", "id": "v1", "date": "2024-05-03", "source": "daily-b",
     "text": "Lawmakers in Estonia approved a bill raising the defence budget to 3 percent of output. "
             "The Riigikogu passed the measure by 62 votes to 19 after a long debate in Tallinn."},
    {"cluster": "fire", "id": "f2", "date": "2024-05-02", "source": "daily-c",
     "text": "A textile warehouse in Lyon burned overnight on Thursday as 80 firefighters with 20 "
             "engines battled the flames, the Lyon fire brigade said, adding that nobody was injured."},
    {"cluster": "vote", "id": "v2", "date": "2024-05-03", "source": "daily-d",
     "text": "Estonia's Riigikogu voted 62 to 19 in Tallinn to lift defence spending to 3 percent of "
             "economic output, approving the bill after hours of debate among lawmakers."},
    {"cluster": "vote", "id": "j", "date": "2024-05-03", "junk": True,
     "text": "Sorry, this page is not available. Please enable cookies in your browser and log in."},
]


def test_evaluate_clusters_on_a_tiny_file(tmp_path: Path) -> None:
    result = evaluate_clusters(_write(tmp_path / "gold.jsonl", ROWS))
    assert result["n"] == 5 and result["n_gold_clusters"] == 2
    assert result["junk"] == {"n": 1, "isolated": 1, "without_junk": result["junk"]["without_junk"]}
    assert result["junk"]["without_junk"]["pairwise"]["f1"] == 1.0
    assert result["pairwise"]["precision"] == 1.0
    assert result["pairwise"]["recall"] == pytest.approx(2 / 4)


def test_load_gold_reports_bad_lines(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"cluster": "a", "id": "1", "text": "x"}\n{not json\n', encoding="utf-8")
    with pytest.raises(MalformedRecordError) as info:
        load_gold(bad)
    assert info.value.line == 2
    missing = _write(tmp_path / "missing.jsonl", [{"id": "1", "text": "x"}])
    with pytest.raises(MalformedRecordError, match="cluster"):
        load_gold(missing)
    dup = _write(tmp_path / "dup.jsonl", [ROWS[0], ROWS[0]])
    with pytest.raises(MalformedRecordError, match="duplicate"):
        load_gold(dup)
    with pytest.raises(ConcordError):
        load_gold(tmp_path / "absent.jsonl")


def _shared() -> Path:
    env = os.environ.get("CONCORD_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[2] / ".." / "shared"


#: Floors a little under the measured figures (see the README); a regression trips them.
GATES = {"ecbplus.jsonl": 0.88, "multinews_sample.jsonl": 0.74}


@pytest.mark.parametrize("name", sorted(GATES))
def test_dev_set_gate(name: str) -> None:
    path = _shared() / "clusters" / name
    if not path.is_file():
        pytest.skip(f"dev set not found at {path} (set CONCORD_SHARED)")
    result = evaluate_clusters(path)
    assert result["pairwise"]["f1"] >= GATES[name], result["pairwise"]
    assert result["junk"]["isolated"] == result["junk"]["n"]
