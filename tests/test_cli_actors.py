"""``concord events --actor-id``, ``concord actors --stored`` and ``concord actor`` with stored
events, in process, over events written straight to a store; and the same through :class:`Concord`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from concord.api import Concord
from concord.cli import app
from concord.errors import NotFoundError, UsageError
from concord.model import Actor, Event
from concord.store.sqlite import SQLiteStore

runner = CliRunner()
SINGH = Actor("Rajnath Singh", "person", "IND", ["GOV", "MIL"], id="rajnath-singh", code="INDGOVMIL")
AUSTIN = Actor("Lloyd Austin", "person", "USA", ["GOV", "MIL"], id="x:lloyd-austin-usa", code="USAGOVMIL")
INDIA = Actor("India", "state", "IND", id="IND", code="IND")


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    """A store of three events of Singh, two with Austin."""
    path = tmp_path / "a.db"
    with SQLiteStore(path) as store:
        store.save_links([(e, []) for e in (
            Event(id="ev-1", date="2024-03-05", event="CONSULT", actor=[SINGH], recipient=[AUSTIN]),
            Event(id="ev-2", date="2024-06-20", event="AGREE", actor=[SINGH, AUSTIN], recipient=[INDIA]),
            Event(id="ev-3", date="2025-01-02", event="ACCUSE", actor=[INDIA], recipient=[SINGH]),
        )], [], {})
    return path


def _run(db: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", str(db), *args])
    return result.exit_code, result.output


def test_events_by_actor_id(db: Path) -> None:
    code, out = _run(db, "events", "--actor-id", "x:lloyd-austin-usa", "--json")
    assert code == 0 and [e["id"] for e in json.loads(out)] == ["ev-1", "ev-2"]
    code, out = _run(db, "events", "--actor-id", "rajnath-singh", "--actor-id", "IND", "--newest-first", "--json")
    assert [e["id"] for e in json.loads(out)] == ["ev-3", "ev-2"]
    code, out = _run(db, "events", "--actor-id", "bad id")
    assert code == 2 and "is not an actor id" in out
    code, out = _run(db, "timeline", "--actor", "USA", "--actor-id", "rajnath-singh", "--json")
    assert code == 0 and [i["event_id"] for i in json.loads(out)["items"]] == ["ev-1", "ev-2"]


def test_actors_in_stored_events(db: Path) -> None:
    code, out = _run(db, "actors", "--stored", "--json")
    index = json.loads(out)
    assert code == 0 and [(a["id"], a["events"]) for a in index["items"]] == [
        ("rajnath-singh", 3), ("IND", 2), ("x:lloyd-austin-usa", 2)]
    code, out = _run(db, "actors", "austin", "--stored")
    assert code == 0 and "Lloyd Austin" in out and "Rajnath" not in out


def test_actor_with_and_without_a_knowledge_base_entry(db: Path) -> None:
    code, out = _run(db, "actor", "rajnath-singh")
    assert code == 0 and "INDGOVAGR" in out  # the knowledge base's dated roles
    assert "events: 3 (2 as actor, 1 as recipient): ACCUSE 1, AGREE 1, CONSULT 1" in out
    assert "with: India (IND) 2, Lloyd Austin (x:lloyd-austin-usa) 2" in out
    code, out = _run(db, "actor", "x:lloyd-austin-usa", "--json")
    austin = json.loads(out)
    assert code == 0 and austin["known"] is None and austin["code"] == "USAGOVMIL" and austin["as_recipient"] == 1
    assert [n["name"] for n in austin["names"]] == ["Lloyd Austin"]


def test_the_python_api_mirrors_it(db: Path) -> None:
    with Concord(db) as c:
        assert [e.id for e in c.events(actor_ids=["IND"], newest_first=True)] == ["ev-3", "ev-2"]
        assert c.event_type_counts(actor_ids=["x:lloyd-austin-usa"]) == {"AGREE": 1, "CONSULT": 1}
        assert c.actor_profile("IND").partners[0].id == "rajnath-singh"
        assert c.actor_name("x:lloyd-austin-usa") == "Lloyd Austin" and c.actor_name("USA") == "United States"
        assert c.relation([], actor_ids=["rajnath-singh"]).total == 3
        with pytest.raises(NotFoundError):
            c.actor_profile("x:nobody")
        with pytest.raises(UsageError):
            c.events(actor_ids=["no/slash"])
        with pytest.raises(UsageError):
            c.actor_index(offset=-1)
