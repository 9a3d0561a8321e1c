"""WARC and ARC archives written with warcio's own writer: HTML responses become reports, every
other record is counted as skipped, and a broken record is quarantined while the good ones stay."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from concord.api import Concord
from concord.errors import InputError, MalformedRecordError
from concord.ingest import RawRecord, iter_records
from concord.ingest.record import Skipped
from concord.settings import Settings

SETTINGS = Settings(analyze=False)
BODY = ("The ministers of {place} and their neighbours met again today and agreed that the talks on the "
        "fishing quotas would go on next month, report number {n}. ") * 3


def page(n: int, place: str = "Norway") -> bytes:
    """An HTML news page with a unique report number."""
    return (f"<html><head><title>Quota talks {n}</title></head><body><article><p>"
            f"{BODY.format(place=place, n=n)}</p></article></body></html>").encode()


def archive(gz: bool = True, pages: range = range(1, 4), extras: bool = True) -> bytes:
    """A WARC holding a warcinfo, one response per page and, with ``extras``, a request, a
    metadata record, a revisit, an image response and a 404."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "concord tests"}))
    for n in pages:
        writer.write_record(_response(writer, f"https://news.example/{n}", page(n), "text/html; charset=utf-8"))
    if extras:
        request = StatusAndHeaders("GET /1 HTTP/1.1", [("Host", "news.example")], is_http_request=True)
        writer.write_record(writer.create_warc_record("https://news.example/1", "request",
                                                      payload=io.BytesIO(b""), http_headers=request))
        writer.write_record(writer.create_warc_record("https://news.example/1", "metadata",
                                                      payload=io.BytesIO(b"outlinks: none"),
                                                      warc_content_type="text/plain"))
        writer.write_record(writer.create_revisit_record("https://news.example/1", "sha1:AAAA",
                                                         "https://news.example/1", "2025-05-02T10:00:00Z"))
        writer.write_record(_response(writer, "https://news.example/logo.png", b"\x89PNG" + bytes(40), "image/png"))
        writer.write_record(_response(writer, "https://news.example/gone", page(99), "text/html", "404 Not Found"))
    return buf.getvalue()


def _response(writer: WARCWriter, url: str, body: bytes, content_type: str, status: str = "200 OK") -> object:
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    return writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers,
                                     warc_headers_dict={"WARC-Date": "2025-05-02T09:30:00Z"})


def read(path: Path, settings: Settings = SETTINGS) -> list[RawRecord | InputError | Skipped]:
    return list(iter_records([str(path)], settings))


def test_html_responses_become_records_with_url_and_warc_date(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(archive())
    items = read(path)
    records = [r for r in items if isinstance(r, RawRecord)]
    assert [r.url for r in records] == [f"https://news.example/{n}" for n in (1, 2, 3)]
    assert {r.published for r in records} == {"2025-05-02T09:30:00Z"}
    assert all("report number" in (r.html or "") for r in records)
    assert records[0].origin == f"{path}#2"  # the warcinfo record is #1


def test_other_records_are_skipped_and_counted_not_dropped(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    path.write_bytes(archive(gz=False))
    skipped = sorted(s.why for s in read(path) if isinstance(s, Skipped))
    assert skipped == ["metadata", "non-HTML response", "request", "response not 2xx", "revisit", "warcinfo"]


def test_ingest_stores_the_reports_and_reports_the_skips(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(archive())
    with Concord(tmp_path / "c.db", settings=SETTINGS) as concord:
        report = concord.ingest(str(path))
        articles = concord.articles()
    assert report.ok and len(report.ingested) == 3
    assert report.to_json()["skipped"] == {"metadata": 1, "non-HTML response": 1, "request": 1,
                                           "response not 2xx": 1, "revisit": 1, "warcinfo": 1}
    assert sorted(a.url for a in articles) == [f"https://news.example/{n}" for n in (1, 2, 3)]
    assert {str(a.published) for a in articles} == {"2025-05-02"}
    assert {a.source for a in articles} == {"news.example"}
    assert all(a.title and a.title.startswith("Quota talks") for a in articles)


def test_multi_member_and_whole_file_gzip_are_read_whole(tmp_path: Path) -> None:
    joined = tmp_path / "joined.warc.gz"  # two archives concatenated: `cat a.warc.gz b.warc.gz`
    joined.write_bytes(archive(pages=range(1, 3), extras=False) + archive(pages=range(3, 6), extras=False))
    whole = tmp_path / "whole.warc.gz"  # one gzip member around the whole archive
    whole.write_bytes(gzip.compress(archive(gz=False, pages=range(1, 5), extras=False)))
    for path, count in ((joined, 5), (whole, 4)):
        items = read(path)
        assert not [e for e in items if isinstance(e, InputError)], path
        assert len([r for r in items if isinstance(r, RawRecord)]) == count


@pytest.mark.parametrize("gz", [True, False])
def test_a_truncated_file_keeps_its_good_records_and_quarantines_the_broken_one(tmp_path: Path, gz: bool) -> None:
    data = archive(gz=gz, pages=range(1, 5), extras=False)
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    path.write_bytes(data[: len(data) - 150])
    items = read(path)
    records = [r for r in items if isinstance(r, RawRecord)]
    errors = [e for e in items if isinstance(e, InputError)]
    assert len(records) == 3 and len(errors) == 1
    assert errors[0].source == f"{path}#5" and "truncated" in errors[0].reason


def test_a_broken_record_in_the_middle_is_quarantined_with_its_reason(tmp_path: Path) -> None:
    first = archive(gz=False, pages=range(1, 3), extras=False)
    path = tmp_path / "junk.warc"
    path.write_bytes(first + b"this is no record\r\n\r\n" + archive(gz=False, pages=range(3, 4), extras=False))
    items = read(path)
    assert len([r for r in items if isinstance(r, RawRecord)]) == 2
    (error,) = [e for e in items if isinstance(e, InputError)]
    assert isinstance(error, MalformedRecordError) and error.source == f"{path}#4"


def test_arc_files_are_read(tmp_path: Path) -> None:
    body = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" + page(7)
    header = b"filedesc://test.arc 0.0.0.0 20250502093000 text/plain 76\n"
    desc = b"1 0 concord\nURL IP-address Archive-date Content-type Archive-length\n\n"
    header = header.replace(b" 76\n", f" {len(desc)}\n".encode())
    record = f"https://news.example/7 10.0.0.1 20250502093000 text/html {len(body)}\n".encode() + body + b"\n"
    path = tmp_path / "old.arc"
    path.write_bytes(header + desc + b"\n" + record)
    records = [r for r in read(path) if isinstance(r, RawRecord)]
    assert [r.url for r in records] == ["https://news.example/7"]
    assert records[0].published and records[0].published.startswith("2025-05-02")


def test_an_archive_is_recognised_by_its_content_and_on_standard_input(tmp_path: Path) -> None:
    path = tmp_path / "crawl.bin"
    path.write_bytes(archive(extras=False))
    assert len([r for r in read(path) if isinstance(r, RawRecord)]) == 3
    stdin = list(iter_records(["-"], SETTINGS, io.BytesIO(archive(gz=False, extras=False))))
    assert [r.origin for r in stdin if isinstance(r, RawRecord)] == ["-#2", "-#3", "-#4"]


def test_cli_ingest_reports_skips_in_json_and_in_words(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from concord.cli import app

    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(archive())
    db = str(tmp_path / "c.db")
    done = CliRunner().invoke(app, ["--db", db, "ingest", "--no-analyze", "--json", str(path)])
    out = json.loads(done.stdout)
    assert done.exit_code == 0 and out["ingested"] == 3 and sum(out["skipped"].values()) == 6
    again = CliRunner().invoke(app, ["--db", db, "ingest", "--no-analyze", str(path)])
    assert "3 already stored" in again.stdout and "1 skipped (request)" in again.stdout


def test_an_empty_archive_and_a_file_only_named_like_one_are_quarantined(tmp_path: Path) -> None:
    empty = tmp_path / "empty.warc"
    empty.write_bytes(b"")
    fake = tmp_path / "fake.warc.gz"
    fake.write_bytes(gzip.compress(b"just some text, no archive\n"))
    (nothing,) = read(empty)
    (refused,) = read(fake)
    assert isinstance(nothing, InputError) and "empty" in nothing.reason
    assert isinstance(refused, InputError) and refused.source == str(fake) and "does not begin like" in refused.reason
