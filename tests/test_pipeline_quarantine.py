"""An article the analysis cannot take is quarantined and held, the rest of the batch goes on, and
``quarantine retry`` / ``drop`` (API and CLI) release or remove it (issue 12, F1)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import concord.analyze.analysis as analysis_module
from concord.api import Concord
from concord.cli import app
from concord.errors import ModelNotFoundError, NotFoundError, UsageError
from concord.model import Analysis, Article, article_id
from concord.settings import Settings

NOW = dt.datetime(2025, 5, 2, tzinfo=dt.UTC)
SHORT = "PARIS, May 1 - France and Spain held talks on fishing rights in the Bay of Biscay."
OTHER = "MADRID, May 1 - Spain and Portugal signed a water-sharing accord for the Tagus river."


def _stored(concord: Concord, text: str, origin: str) -> str:
    """Store an article as an older concord did (no length check), unanalysed."""
    aid = article_id(text)
    concord.store.add_article(Article(id=aid, text=text, origin=origin, date=NOW.date(), ingested_at=NOW))
    return aid


@pytest.fixture()
def concord(tmp_path: Path) -> Iterator[Concord]:
    with Concord(tmp_path / "q.db", settings=Settings(workers=1)) as c:
        yield c


@pytest.fixture()
def boom(monkeypatch: pytest.MonkeyPatch) -> None:
    """An analysis with no spaCy that fails inside for any article whose text says BOOM."""

    def fake_many(articles: object, settings: object = None, workers: int = 1) -> Iterator[Analysis]:
        for article in articles:  # type: ignore[attr-defined]
            if "BOOM" in article.text:
                raise IndexError("list index out of range")
            yield Analysis(article.id, producer="fake")

    monkeypatch.setattr(analysis_module, "analyze_many", fake_many)


def test_an_over_long_stored_article_no_longer_blocks_analysis(concord: Concord, tmp_path: Path) -> None:
    """The repro of F1: an article stored over the analysis limit used to fail every later run."""
    long_id = _stored(concord, "LONDON, April 10 - " + "the minister said talks would continue. " * 30000, "long.txt")
    (tmp_path / "s.txt").write_text(SHORT)
    report = concord.ingest([str(tmp_path / "s.txt")], now=NOW)
    assert report.analysed == 1 and not report.ok
    (entry,) = concord.quarantine()
    assert entry.article_id == long_id and entry.kind == "too-large" and entry.source == "long.txt"
    assert "over the analysis limit" in entry.reason
    assert concord.store.unanalysed() == [] and concord.analyse() == 0  # nothing blocked any more
    again = concord.retry_quarantined(entry.id)  # the limit has not changed: the same failure
    assert not again.ok and concord.quarantine()[0].attempts == 2
    dropped = concord.drop_quarantined(entry.id[:6])
    assert dropped.article_id == long_id and concord.quarantine() == []
    with pytest.raises(NotFoundError):
        concord.article(long_id)


def test_one_failing_article_is_held_and_the_batch_goes_on(concord: Concord, boom: None) -> None:
    ids = [_stored(concord, f"{SHORT} Item {n}.", f"in/{n}.txt") for n in range(40)]
    bad = _stored(concord, "BOOM - the parser trips on this report.", "in/bad.txt")
    report = concord.ingest([], now=NOW)
    assert report.analysed == 40
    (held,) = report.quarantined
    assert held["source"] == "in/bad.txt"
    assert held["reason"] == f"article {bad} held: analysis failed: IndexError: list index out of range"
    assert {a for a in ids if concord.store.get_analysis(a) is not None} == set(ids)
    assert concord.store.unanalysed() == [] and concord.store.unlinked() == []


def test_retry_releases_a_held_article_once_its_failure_is_gone(
    concord: Concord, boom: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = _stored(concord, "BOOM - the parser trips on this report.", "in/bad.txt")
    concord.analyse()
    (entry,) = concord.quarantine()
    monkeypatch.undo()  # the analysis is fixed
    monkeypatch.setattr(analysis_module, "analyze_many",
                        lambda articles, settings=None, workers=1: (Analysis(a.id) for a in articles))
    report = concord.retry_quarantined(entry.id)
    assert report.ok and report.analysed == 1 and report.events
    assert concord.quarantine() == [] and concord.store.get_analysis(bad) is not None


def test_a_fault_that_is_not_one_articles_still_stops_the_run(
    concord: Concord, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing(articles: object, settings: object = None, workers: int = 1) -> Iterator[Analysis]:
        raise ModelNotFoundError("spaCy model en_core_web_sm is not installed")
        yield  # a generator, as the real one

    monkeypatch.setattr(analysis_module, "analyze_many", missing)
    _stored(concord, SHORT, "a.txt")
    with pytest.raises(ModelNotFoundError):
        concord.analyse()
    assert concord.quarantine() == []


def test_retry_reads_a_file_again_and_forgets_the_entry_once_it_reads(concord: Concord, tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    path.write_text(json.dumps({"text": SHORT}) + "\n{broken\n")
    settings_off = concord.settings.replace(analyze=False)
    concord.settings = settings_off
    concord.ingest([str(path)], now=NOW)
    (entry,) = concord.quarantine()
    assert entry.source == f"{path}:2"
    assert not concord.retry_quarantined(entry.id).ok  # still broken: one more attempt
    assert [e.attempts for e in concord.quarantine()] == [2]
    path.write_text(json.dumps({"text": SHORT}) + "\n" + json.dumps({"text": OTHER}) + "\n")
    report = concord.retry_quarantined(entry.id)
    assert report.ok and len(report.ingested) == 1 and len(report.duplicates) == 1
    assert concord.quarantine() == []


def test_standard_input_and_unknown_ids_cannot_be_retried(concord: Concord) -> None:
    concord.ingest(["-"], stdin=__import__("io").BytesIO(b"\x00\x01binary"), now=NOW)
    (entry,) = concord.quarantine()
    with pytest.raises(UsageError, match="standard input"):
        concord.retry_quarantined(entry.id)
    with pytest.raises(NotFoundError):
        concord.drop_quarantined("q-zzzz")


def test_cli_lists_retries_and_drops_by_id(tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "cli.db")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    assert runner.invoke(app, ["--db", db, "ingest", "--no-analyze", str(broken)]).exit_code == 1
    listed = json.loads(runner.invoke(app, ["--db", db, "quarantine", "--json"]).stdout)
    entry_id = listed[0]["id"]
    assert entry_id.startswith("q-") and listed[0]["article_id"] is None
    retried = runner.invoke(app, ["--db", db, "quarantine", "retry", entry_id, "--json"])
    assert retried.exit_code == 1 and json.loads(retried.stdout)["quarantined"]
    dropped = runner.invoke(app, ["--db", db, "quarantine", "drop", entry_id, "--json"])
    assert dropped.exit_code == 0 and json.loads(dropped.stdout)["id"] == entry_id
    assert json.loads(runner.invoke(app, ["--db", db, "quarantine", "--json"]).stdout) == []
    missing = runner.invoke(app, ["--db", db, "quarantine", "drop", "q-0000"])
    assert missing.exit_code == 1 and "no quarantine entry" in missing.stderr


def test_cli_analyse_reports_what_it_held(tmp_path: Path, boom: None) -> None:
    db = tmp_path / "a.db"
    with Concord(db) as c:
        _stored(c, "BOOM - the parser trips on this report.", "in/bad.txt")
        _stored(c, SHORT, "in/good.txt")
    done = CliRunner().invoke(app, ["--db", str(db), "analyse", "--json"])
    result = json.loads(done.stdout)
    assert done.exit_code == 1 and result["analysed"] == 1
    assert [q["source"] for q in result["quarantined"]] == ["in/bad.txt"]
