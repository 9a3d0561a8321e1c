"""End to end: ingest the two seed reports into a fresh store, export every format, load each back."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from concord import Concord
from concord.export import FORMATS, export_store


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, seeds: list[Path]) -> dict[str, tuple[int, Path]]:
    folder = tmp_path_factory.mktemp("export-seeds")
    with Concord(folder / "seeds.db") as concord:
        concord.ingest([str(p) for p in seeds], now=dt.datetime(2026, 11, 23, tzinfo=dt.UTC))
        paths = {name: folder / f"out.{name}" for name in FORMATS}
        return {name: (export_store(concord.store, name, path), path) for name, path in paths.items()}


def _tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _call(records: list[dict]) -> dict:
    calls = [r for r in records if r["event"] == "CONSULT" and r["mode"] == "phone"]
    assert len(calls) == 1
    return calls[0]


def test_plover_jsonl_has_the_phone_call(exported: dict[str, tuple[int, Path]]) -> None:
    count, path = exported["plover-jsonl"]
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert count == len(records) >= 1
    call = _call(records)
    assert (call["date"], call["n_articles"], call["n_sources"], call["quad_code"]) == ("2025-02-06", 2, 2, 1)
    assert {a["country"] for a in call["actor"] + call["recipient"]} >= {"IND", "USA"}
    assert len({s["article_id"] for s in call["sources"]}) == 2
    assert call["citations"]["event"] and "date" not in {c["field"] for c in call["conflicts"]}


def test_parquet_and_csv_load_back(exported: dict[str, tuple[int, Path]]) -> None:
    count, path = exported["parquet"]
    table = pq.read_table(path)
    assert table.num_rows == count == exported["csv"][0]
    assert table.schema.field("date").type == pa.date32()
    call = _call(table.to_pylist())
    assert call["date"] == dt.date(2025, 2, 6) and call["n_sources"] == 2
    with exported["csv"][1].open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["id"] for r in rows] == table.column("id").to_pylist()
    call_row = _call(rows)
    countries = call_row["actor_countries"].split(";") + call_row["recipient_countries"].split(";")
    assert {"IND", "USA"} <= set(countries)


def test_gdelt_and_mentions_load_back(exported: dict[str, tuple[int, Path]]) -> None:
    call_id = _call([json.loads(x) for x in exported["plover-jsonl"][1].read_text(encoding="utf-8").splitlines()])["id"]
    count, path = exported["gdelt-tsv"]
    rows = _tsv(path)
    assert len(rows) == count
    pairs = [r for r in rows if r["GLOBALEVENTID"] == call_id]
    assert pairs and all(r["SQLDATE"] == "20250206" and r["EventRootCode"] == "04" for r in pairs)
    assert {"IND", "USA"} <= {c for r in pairs for c in (r["Actor1CountryCode"], r["Actor2CountryCode"])}
    assert all((r["NumSources"], r["NumArticles"]) == ("2", "2") for r in pairs)
    count, path = exported["mentions-tsv"]
    mentions = [r for r in _tsv(path) if r["GLOBALEVENTID"] == call_id]
    assert len(mentions) == 2 and count >= 2
    for row in mentions:
        assert row["MentionTimeDate"][:8] in {"20250206", "20250207"}
        assert int(row["SentenceID"]) >= 1 and int(row["ActionCharOffset"]) >= 0
