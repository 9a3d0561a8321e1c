"""The example corpus is what the README promises, and every report in it ingests cleanly."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest

from concord.ingest import build_article, iter_records
from concord.ingest.record import RawRecord
from concord.settings import Settings

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
GOLD = json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))


def test_corpus_shape() -> None:
    events = Counter(entry["event"] for entry in GOLD)
    real = {name: n for name, n in events.items() if not name.startswith("distractor")}
    assert len(GOLD) >= 16
    assert len(real) >= 5 and all(2 <= n <= 4 for n in real.values())
    assert sum(1 for name in events if name.startswith("distractor")) >= 2
    assert sum(1 for entry in GOLD if entry["duplicate_of"]) == 1
    assert {"txt", "html", "jsonl", "rss"} <= {e["file"].rsplit(".", 1)[1] for e in GOLD}
    calls = [e for e in GOLD if e["date"] == "2025-02-06" and set(e["actors"]) == {"USA", "IND"}]
    assert len(calls) >= 2


def test_every_report_ingests_with_its_title_and_a_date() -> None:
    records = list(iter_records([str(EXAMPLES / "corpus")], Settings()))
    errors = [r for r in records if not isinstance(r, RawRecord)]
    assert errors == []
    now = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)
    articles = [build_article(r, Settings(), now) for r in records]
    assert sorted(a.title for a in articles) == sorted(e["title"] for e in GOLD)
    assert all(a.date is not None and a.date_method in ("metadata", "dateline") for a in articles)
    assert len({a.id for a in articles}) == len(GOLD)


@pytest.mark.parametrize("entry", [e for e in GOLD if e["entry"] is None], ids=lambda e: e["file"])
def test_reports_are_short_news_pieces(entry: dict) -> None:
    path = EXAMPLES / "corpus" / entry["file"]
    words = len(path.read_text(encoding="utf-8").split())
    assert 100 <= words <= 1500, f"{path.name}: {words} words"
