"""The CLI end to end, in process: ingest, listings, quarantine, exit codes, JSON shapes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from concord.cli import app

runner = CliRunner()


def run(db: Path, *args: str, input: bytes | None = None) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", str(db), *args], input=input)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "title: Ministers meet in Geneva\ndate: 2024-05-02\nsource: Example Wire\n\n"
        "GENEVA (Example Wire) - The foreign ministers of two neighbouring states met in Geneva on "
        "Thursday and agreed to reopen their border crossings within a month.\n"
    )
    (folder / "b.jsonl").write_text(
        json.dumps({"title": "Port deal signed", "text": "The port authority signed a supply deal "
                    "with a shipping firm on Monday, officials said.", "date": "2024-06-03",
                    "source": "Harbour Daily"}) + "\n{not json\n"
    )
    (folder / "empty.txt").write_text("   \n\n")
    (folder / "blob.bin").write_bytes(bytes(range(256)) * 8)
    return folder


def test_ingest_reports_quarantines_and_is_idempotent(tmp_path: Path, corpus: Path) -> None:
    db = tmp_path / "c.db"
    code, out = run(db, "ingest", "--json", "--no-analyze", str(corpus))
    report = json.loads(out)
    assert code == 1
    assert report["ingested"] == 2 and report["duplicates"] == 0
    reasons = {Path(q["source"].split(":")[0]).name: q["reason"] for q in report["quarantined"]}
    assert set(reasons) == {"b.jsonl", "empty.txt", "blob.bin"}
    code, out = run(db, "ingest", "--json", "--no-analyze", str(corpus / "a.txt"), str(corpus / "b.jsonl"))
    again = json.loads(out)
    assert again["ingested"] == 0 and again["duplicates"] == 2
    code, out = run(db, "articles", "--json")
    listed = json.loads(out)
    assert [a["title"] for a in listed] == ["Ministers meet in Geneva", "Port deal signed"]
    code, out = run(db, "quarantine", "--json")
    entries = json.loads(out)
    assert len(entries) == 3 and all(e["reason"] for e in entries)
    assert max(e["attempts"] for e in entries) == 2  # the bad JSON line was tried twice, kept once


def test_all_good_inputs_exit_zero_and_article_shows(tmp_path: Path, corpus: Path) -> None:
    db = tmp_path / "c.db"
    code, out = run(db, "ingest", "--json", "--no-analyze", str(corpus / "a.txt"))
    assert code == 0
    (article_id,) = json.loads(out)["articles"]
    code, out = run(db, "article", article_id[:8], "--json")
    assert code == 0 and json.loads(out)["dateline"]["place"] == "Geneva"
    code, out = run(db, "article", article_id[:8])
    assert "Ministers meet in Geneva" in out and "from metadata" in out
    code, _ = run(db, "article", "0000000000")
    assert code == 1


def test_stdin_and_search_and_stats(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    text = b"KABUL - Aid convoys reached three provinces after the ceasefire held for a week."
    code, out = run(db, "ingest", "--json", "--no-analyze", "-", input=text)
    assert code == 0 and json.loads(out)["ingested"] == 1
    code, out = run(db, "search", "--json", "convoy")
    assert [h["snippet"][s:e] for h in json.loads(out) for s, e in h["highlights"]] == ["convoys"]
    code, out = run(db, "stats", "--json")
    assert json.loads(out)["articles"] == 1


def test_usage_errors_exit_two(tmp_path: Path) -> None:
    assert run(tmp_path / "c.db", "articles", "--limit", "zero")[0] == 2
    assert runner.invoke(app, ["no-such-command"]).exit_code == 2


def test_help_is_fast_and_needs_no_database(tmp_path: Path) -> None:
    exe = shutil.which("concord") or str(Path(sys.executable).with_name("concord"))
    done = subprocess.run([exe, "--help"], capture_output=True, text=True, cwd=tmp_path, timeout=30)
    assert done.returncode == 0 and "ingest" in done.stdout
    assert not (tmp_path / "concord.db").exists()
