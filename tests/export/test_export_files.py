"""The writers: every format written to a file and read back with pyarrow, csv and json."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from concord.errors import ConcordError
from concord.export import EVENT_COLUMNS, FORMATS, GDELT_COLUMNS, MENTION_COLUMNS, export_events
from concord.model import Analysis, Article, Event


def _read_delimited(path: Path, delimiter: str) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def test_parquet_round_trip_keeps_types_and_values(tmp_path: Path, talks: Event, sanction: Event) -> None:
    out = tmp_path / "events.parquet"
    assert export_events("parquet", [talks, sanction], out) == 2
    table = pq.read_table(out)
    assert table.column_names == list(EVENT_COLUMNS)
    schema = table.schema
    assert schema.field("date").type == pa.date32()
    assert schema.field("n_articles").type == pa.int64() and schema.field("quad_class").type == pa.int64()
    assert schema.field("intensity").type == pa.float64()
    assert schema.field("actor_countries").type == pa.list_(pa.string())
    assert schema.field("first_seen").type == pa.timestamp("us", tz="UTC")
    talks_row, sanction_row = table.to_pylist()
    assert talks_row["date"] == dt.date(2024, 6, 11) and sanction_row["date"] is None
    assert sanction_row["date_text"] == "2023-09"
    assert talks_row["actor_sectors"] == ["GOV", "GOV+BUS"]
    assert talks_row["first_seen"] == dt.datetime(2024, 6, 11, 9, 30, tzinfo=dt.UTC)
    assert (talks_row["intensity"], sanction_row["intensity"]) == (4.0, -5.5)
    assert sanction_row["mode"] is None and sanction_row["source_ids"] == []


def test_csv_round_trip_one_row_per_event(tmp_path: Path, talks: Event, sanction: Event) -> None:
    out = tmp_path / "events.csv"
    assert export_events("csv", [talks, sanction], out) == 2
    rows = _read_delimited(out, ",")
    assert list(rows[0]) == list(EVENT_COLUMNS)
    first, second = rows
    assert first["actor_names"].split(";") == ["Japan", "Rebecca Miano"]
    assert first["actor_countries"] == "JPN;KEN" and first["actor_sectors"] == "GOV;GOV+BUS"
    assert (first["date"], int(first["n_sources"]), float(first["intensity"])) == ("2024-06-11", 2, 4.0)
    assert dt.datetime.fromisoformat(first["last_seen"]) == dt.datetime(2024, 6, 12, 8, tzinfo=dt.UTC)
    # A comma inside a value is quoted, not split.
    assert first["event_text"] == talks.event_text
    assert (second["date"], second["date_text"], second["mode"]) == ("", "2023-09", "")
    assert second["recipient_names"] == "Belarus;Minsk Refinery"


def test_plover_jsonl_is_one_record_per_line(tmp_path: Path, talks: Event, sanction: Event) -> None:
    out = tmp_path / "events.jsonl"
    assert export_events("plover-jsonl", [talks, sanction], out) == 2
    lines = out.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["id"] for r in records] == ["ev-talks", "ev-sanction"]
    assert records[1]["recipient"][0]["country"] == "BLR"


def test_gdelt_and_mentions_tsv(
    tmp_path: Path,
    talks: Event,
    sanction: Event,
    talks_reports: tuple[dict[str, Article], dict[str, Analysis | None]],
) -> None:
    events = tmp_path / "events.tsv"
    assert export_events("gdelt-tsv", [talks, sanction], events) == 3
    rows = _read_delimited(events, "\t")
    assert list(rows[0]) == list(GDELT_COLUMNS)
    assert [(r["GLOBALEVENTID"], r["Actor1CountryCode"], r["Actor2CountryCode"]) for r in rows] == [
        ("ev-talks", "JPN", "KEN"), ("ev-sanction", "EUR", "BLR"), ("ev-sanction", "EUR", ""),
    ]  # fmt: skip
    assert (rows[0]["SQLDATE"], rows[0]["EventRootCode"], rows[0]["QuadClass"]) == ("20240611", "04", "1")
    mentions = tmp_path / "mentions.tsv"
    articles, analyses = talks_reports
    assert export_events("mentions-tsv", [talks, sanction], mentions, articles, analyses) == 3
    mrows = _read_delimited(mentions, "\t")
    assert list(mrows[0]) == list(MENTION_COLUMNS)
    assert [(r["ArticleID"], r["SentenceID"], r["ActionCharOffset"], r["Confidence"]) for r in mrows] == [
        ("art-a", "1", "16", "87"), ("art-b", "2", "58", ""), ("art-c", "", "", ""),
    ]  # fmt: skip


def test_no_events_still_writes_a_readable_file(tmp_path: Path) -> None:
    for name in FORMATS:
        out = tmp_path / f"empty.{name}"
        assert export_events(name, [], out) == 0
        assert out.exists()
    assert pq.read_table(tmp_path / "empty.parquet").num_rows == 0
    assert _read_delimited(tmp_path / "empty.csv", ",") == []


def test_unknown_format_lists_the_formats(tmp_path: Path, talks: Event) -> None:
    with pytest.raises(ConcordError, match="plover-jsonl, csv, parquet, gdelt-tsv, mentions-tsv"):
        export_events("xlsx", [talks], tmp_path / "out.xlsx")
    assert not (tmp_path / "out.xlsx").exists()


def test_missing_directory_is_a_clear_error(tmp_path: Path, talks: Event) -> None:
    with pytest.raises(ConcordError, match="does not exist"):
        export_events("csv", [talks], tmp_path / "nowhere" / "out.csv")
    with pytest.raises(ConcordError, match="is a directory"):
        export_events("csv", [talks], tmp_path)


def test_missing_pyarrow_names_the_install_command(
    tmp_path: Path, talks: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(ConcordError, match="pip install pyarrow"):
        export_events("parquet", [talks], tmp_path / "out.parquet")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_keeps_the_old_file(tmp_path: Path, talks: Event) -> None:
    out = tmp_path / "events.csv"
    out.write_text("previous export\n", encoding="utf-8")
    broken = Event(id="bad", date="2024-01-01", event="AID", sources=[{"no_article_id": 1}])
    with pytest.raises(KeyError):
        export_events("csv", [talks, broken], out)
    assert out.read_text(encoding="utf-8") == "previous export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["events.csv"]
