"""Parquet files as input: each row a report under the usual column names, read a row group at a
time; a row without a text and a file that is no Parquet are quarantined with their reason."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from concord.api import Concord
from concord.settings import Settings

SETTINGS = Settings(analyze=False)


def test_rows_become_articles_and_a_row_without_text_is_quarantined(tmp_path: Path) -> None:
    path = tmp_path / "shard.parquet"
    table = pa.table({
        "text": ["OSLO, May 2 - Norway and Sweden met on quotas.", None, "ROME, May 3 - Italy hosted talks."],
        "title": ["Quota talks", "Nothing", "Rome talks"],
        "date": ["2025-05-02", "2025-05-02", "2025-05-03"],
        "crawled": [dt.datetime(2025, 5, 4, 10, 0)] * 3,
    })
    pq.write_table(table, path, row_group_size=2)
    with Concord(tmp_path / "c.db", settings=SETTINGS) as concord:
        report = concord.ingest(str(path))
        articles = concord.articles()
    assert len(report.ingested) == 2
    assert report.quarantined == [{"source": f"{path}:2", "reason": "no text field (expected one of text, body, "
                                   "content, maintext, article, full_text)"}]
    assert sorted(a.title or "" for a in articles) == ["Quota talks", "Rome talks"]
    assert {str(a.meta["crawled"]) for a in articles} == {"2025-05-04 10:00:00"}


def test_a_file_that_only_claims_to_be_parquet_is_quarantined(tmp_path: Path) -> None:
    path = tmp_path / "fake.parquet"
    path.write_bytes(b"PAR1 not really")
    with Concord(tmp_path / "c.db", settings=SETTINGS) as concord:
        report = concord.ingest(str(path))
    assert [q["source"] for q in report.quarantined] == [str(path)]
    assert "unreadable Parquet file" in report.quarantined[0]["reason"]
