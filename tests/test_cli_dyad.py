"""``concord dyad`` and ``concord dyads`` in process, over events written straight to a store."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from concord.cli import app
from concord.model import Actor, Event
from concord.store.sqlite import SQLiteStore

runner = CliRunner()


def _store(db: Path) -> None:
    def event(event_id: str, date: str, kind: str, intensity: float, *countries: str) -> Event:
        return Event(id=event_id, date=date, event=kind, intensity=intensity,
                     actor=[Actor(f"Minister of {c}", "person", c) for c in countries])

    with SQLiteStore(db) as store:
        store.save_links([(e, []) for e in (
            event("ev-1", "2024-03-05", "CONSULT", 2.0, "IND", "USA"),
            event("ev-2", "2024-03-20", "AGREE", 3.0, "IND", "USA"),
            event("ev-3", "2025-06-01", "ACCUSE", -3.0, "IND", "USA"),
            event("ev-4", "2025-06-02", "ASSAULT", -9.0, "IND", "PAK"),
        )], [], {})


def test_dyad_json_text_and_errors(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    _store(db)
    result = runner.invoke(app, ["--db", str(db), "dyad", "ind", "usa", "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["actors"] == ["IND", "USA"] and body["grain"] == "month" and body["total"] == 3
    march = next(p for p in body["periods"] if p["period"]["key"] == "2024-03")
    assert march["counts"] == {"AGREE": 1, "CONSULT": 1} and march["intensity"] == 2.5
    narrowed = json.loads(runner.invoke(app, ["--db", str(db), "dyad", "IND", "USA", "--since", "2025-01-01", "--json"]).stdout)
    assert narrowed["total"] == 1 and narrowed["grain"] == "week"  # January to the end of June
    text = runner.invoke(app, ["--db", str(db), "dyad", "IND", "USA"]).stdout
    assert "IND – USA: 3 events by month" in text and "Mar 2024" in text and "+2.5" in text
    for bad in (["dyad", "IND", "IND"], ["dyad", "IND", "USA", "--since", "soon"]):
        failed = runner.invoke(app, ["--db", str(db), *bad])
        assert failed.exit_code == 1 and "error:" in failed.output, bad


def test_dyads_lists_pairs_most_first(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    _store(db)
    pairs = json.loads(runner.invoke(app, ["--db", str(db), "dyads", "--json"]).stdout)
    assert pairs == [{"a": "IND", "b": "USA", "count": 3}, {"a": "IND", "b": "PAK", "count": 1}]
    assert "IND – PAK" in runner.invoke(app, ["--db", str(db), "dyads", "--actor", "pak"]).stdout
