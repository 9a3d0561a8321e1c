"""`concord actors` and `concord actor` with --json, and the API methods and setting behind them."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from concord.api import Concord
from concord.cli import app

runner = CliRunner()


def _run(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", str(tmp_path / "c.db"), *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def test_actors_lists_matches_as_json(tmp_path: Path) -> None:
    code, out, _ = _run(tmp_path, "actors", "hegseth", "--json")
    found = json.loads(out)
    assert code == 0 and found[0]["id"] == "pete-hegseth"
    assert set(found[0]) == {"id", "name", "kind", "country", "code", "sectors", "aliases", "roles"}
    code, out, _ = _run(tmp_path, "actors", "--json", "--limit", "3")
    assert code == 0 and len(json.loads(out)) == 3


def test_actor_shows_dated_roles(tmp_path: Path) -> None:
    code, out, _ = _run(tmp_path, "actor", "rajnath-singh", "--json")
    singh = json.loads(out)
    assert code == 0 and singh["country"] == "IND" and singh["events"] == 0 and singh["code"] == "INDGOVMIL"
    assert {"code": "INDGOVMIL", "country": "IND", "sectors": ["GOV", "MIL"], "start": "2019-05-31", "end": None} \
        in singh["known"]["roles"]
    code, out, _ = _run(tmp_path, "actor", "rajnath-singh")
    assert "INDGOVAGR" in out and "2003-07-01" in out and "events: none stored" in out


def test_unknown_actor_is_a_one_line_error(tmp_path: Path) -> None:
    code, out, err = _run(tmp_path, "actor", "no-such-actor")
    assert code == 1 and err.strip() == (
        "error: no actor 'no-such-actor': the knowledge base does not list it and no stored event names it")


def test_actor_files_setting_reaches_the_knowledge_base(tmp_path: Path) -> None:
    mine = tmp_path / "mine.tsv"
    mine.write_text("zed-quill\tZed Quill\tperson\tNZL\tNZLGOV\tGOV\tQuill\tNZLGOVMIL@2024-03-01..\n", encoding="utf-8")
    with Concord(tmp_path / "c.db", actor_files=(str(mine),)) as c:
        assert c.actor("zed-quill").roles[0].code == "NZLGOVMIL"
        assert [a.id for a in c.actors("zed quill")] == ["zed-quill"]
    code, out, _ = _run(tmp_path, "actor", "zed-quill", "--json", env={"CONCORD_ACTOR_FILES": str(mine)})
    assert code == 0 and json.loads(out)["name"] == "Zed Quill" and json.loads(out)["code"] == "NZLGOVMIL"
    bad = tmp_path / "bad.tsv"
    bad.write_text("x\tX\tperson\tUSA\t\t\t\tUSAGOV@later..\n", encoding="utf-8")
    code, _, err = _run(tmp_path, "actors", "x", env={"CONCORD_ACTOR_FILES": str(bad)})
    assert code == 1 and err.startswith(f"error: {bad}:1: role 'USAGOV@later..'")
